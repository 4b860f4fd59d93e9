/* output.c - where a listing's rows go: every formatter behind the one
 * interface of struct sv_output. */
#include <errno.h>

#include "sockview/output.h"

static int table_row(void *ctx, const struct sv_sock *s) { return sv_format_table_row(ctx, s); }
static int table_finish(void *ctx) { return sv_format_table_finish(ctx); }
static void table_close(void *ctx) { sv_format_table_free(ctx); }
static int ss_row(void *ctx, const struct sv_sock *s) { return sv_format_ss_row(ctx, s); }
static int ss_finish(void *ctx) { return sv_format_ss_finish(ctx); }
static void ss_close(void *ctx) { sv_format_ss_free(ctx); }
static int json_row(void *ctx, const struct sv_sock *s) { return sv_format_json_row(ctx, s); }
static int json_finish(void *ctx) { return sv_format_json_finish(ctx); }
static void json_close(void *ctx) { sv_format_json_free(ctx); }
static int none_row(void *ctx, const struct sv_sock *s) { return 0; }
static int none_finish(void *ctx) { return 0; }
static void none_close(void *ctx) { }

/* See output.h. */
int sv_output_open(enum sv_output_kind kind, FILE *f, const struct sv_fmt_opts *fo,
		   const struct sv_json_opts *jo, struct sv_output *out)
{
	int ret = 0;

	switch (kind) {
	case SV_OUTPUT_TABLE:
		*out = (struct sv_output){ table_row, table_finish, table_close, NULL };
		ret = sv_format_table_new(f, fo, (struct sv_table_fmt **)&out->ctx);
		break;
	case SV_OUTPUT_SS:
		*out = (struct sv_output){ ss_row, ss_finish, ss_close, NULL };
		ret = sv_format_ss_new(f, fo, (struct sv_ss_fmt **)&out->ctx);
		break;
	case SV_OUTPUT_JSON:
		*out = (struct sv_output){ json_row, json_finish, json_close, NULL };
		ret = sv_format_json_new(f, jo, (struct sv_json_fmt **)&out->ctx);
		break;
	default:
		*out = (struct sv_output){ none_row, none_finish, none_close, NULL };
	}
	if (ret < 0)
		out->close = none_close;
	return ret;
}

/* See output.h. */
void sv_output_close(struct sv_output *out)
{
	if (out->close)
		out->close(out->ctx);
	out->close = NULL;
	out->ctx = NULL;
}
