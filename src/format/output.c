/* output.c - where a listing's rows go: every formatter behind the one
 * interface of struct sv_output. */
#include <errno.h>

#include "sockview/output.h"

static int table_row(void *ctx, const struct sv_sock *s) { return sv_format_table_row(ctx, s); }
static int table_finish(void *ctx) { return sv_format_table_finish(ctx); }
static int table_flush(void *ctx) { return sv_format_table_flush(ctx); }
static void table_close(void *ctx) { sv_format_table_free(ctx); }
static int ss_row(void *ctx, const struct sv_sock *s) { return sv_format_ss_row(ctx, s); }
static int ss_finish(void *ctx) { return sv_format_ss_finish(ctx); }
static void ss_close(void *ctx) { sv_format_ss_free(ctx); }
static int json_row(void *ctx, const struct sv_sock *s) { return sv_format_json_row(ctx, s); }
static int json_finish(void *ctx) { return sv_format_json_finish(ctx); }
static int json_flush(void *ctx) { return sv_format_json_flush(ctx); }
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
		*out = (struct sv_output){ .row = table_row, .finish = table_finish,
					   .close = table_close, .flush = table_flush };
		ret = sv_format_table_new(f, fo, (struct sv_table_fmt **)&out->ctx);
		break;
	case SV_OUTPUT_SS:
		/* ss renders what it holds after each event: its finish */
		*out = (struct sv_output){ .row = ss_row, .finish = ss_finish,
					   .close = ss_close, .flush = ss_finish };
		ret = sv_format_ss_new(f, fo, (struct sv_ss_fmt **)&out->ctx);
		break;
	case SV_OUTPUT_JSON:
		*out = (struct sv_output){ .row = json_row, .finish = json_finish,
					   .close = json_close, .flush = json_flush };
		ret = sv_format_json_new(f, jo, (struct sv_json_fmt **)&out->ctx);
		break;
	default:
		*out = (struct sv_output){ .row = none_row, .finish = none_finish,
					   .close = none_close };
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
