/* format_table.c - sockview's table: ss's columns in ss's order (Process
 * included), then Role, Class and Service, or the columns --columns
 * chose; then the socket's details (-o -e -m -i...) in ss's text; compact
 * rows streamed when piped, aligned columns on a terminal, coloured on
 * request. No field is ever empty. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/colspec.h"
#include "sockview/fields.h"
#include "sockview/format.h"
#include "sockview/format_details.h"
#include "sockview/format_value.h"
#include "sockview/grow.h"

#include "format_table_priv.h"

/* The Process column lists every holder; a socket shared by very many
 * processes is cut at this length with "...". */
#define PROC_MAX 8192

/* Header text and alignment of ss's cells, as ss has them. Port columns
 * follow their address with no space (the address carries the ':'). */
static const struct sv_tcol cell_cols[SV_CELL_MAX] = {
	[SV_CELL_NETID] = { .title = "Netid", .kind = SV_TCOL_CELL, .cell = SV_CELL_NETID },
	[SV_CELL_STATE] = { .title = "State", .kind = SV_TCOL_CELL, .cell = SV_CELL_STATE,
			    .paint = SV_PAINT_STATE },
	[SV_CELL_RECVQ] = { .title = "Recv-Q", .kind = SV_TCOL_CELL, .cell = SV_CELL_RECVQ,
			    .queue = true },
	[SV_CELL_SENDQ] = { .title = "Send-Q", .kind = SV_TCOL_CELL, .cell = SV_CELL_SENDQ,
			    .queue = true },
	[SV_CELL_LADDR] = { .title = "Local Address:", .kind = SV_TCOL_CELL,
			    .cell = SV_CELL_LADDR, .right = true, .paint = SV_PAINT_LISTENER },
	[SV_CELL_LPORT] = { .title = "Port", .kind = SV_TCOL_CELL, .cell = SV_CELL_LPORT,
			    .glued = true, .paint = SV_PAINT_LISTENER },
	[SV_CELL_RADDR] = { .title = "Peer Address:", .kind = SV_TCOL_CELL,
			    .cell = SV_CELL_RADDR, .right = true },
	[SV_CELL_RPORT] = { .title = "Port", .kind = SV_TCOL_CELL, .cell = SV_CELL_RPORT,
			    .glued = true },
};
static const struct sv_tcol process_col = { .title = "Process", .kind = SV_TCOL_PROCESS };

/* One row as texts, each with its colour. */
struct row {
	struct sv_cells c;
	const char *text[SV_TCOL_MAX];
	uint16_t len[SV_TCOL_MAX];
	uint8_t color[SV_TCOL_MAX];
};

static void add_col(struct sv_table_fmt *f, const struct sv_tcol *c)
{
	if (f->ncols < SV_TCOL_MAX)
		f->cols[f->ncols++] = *c;
}

static void add_field_col(struct sv_table_fmt *f, const struct sv_field *fl)
{
	struct sv_tcol c = { .title = fl->title, .kind = SV_TCOL_FIELD, .field = fl };

	if (strcmp(fl->name, "role") == 0)
		c.paint = SV_PAINT_ROLE;
	else if (strcmp(fl->name, "class") == 0 || strcmp(fl->name, "port_class") == 0)
		c.paint = SV_PAINT_CLASS;
	else if (strcmp(fl->name, "state") == 0)
		c.paint = SV_PAINT_STATE;
	add_col(f, &c);
}

/* The columns of one --columns item (local and peer are two cells). */
static void add_item(struct sv_table_fmt *f, const struct sv_col *it)
{
	switch (it->kind) {
	case SV_COL_NETID: add_col(f, &cell_cols[SV_CELL_NETID]); break;
	case SV_COL_STATE: add_col(f, &cell_cols[SV_CELL_STATE]); break;
	case SV_COL_RECVQ: add_col(f, &cell_cols[SV_CELL_RECVQ]); break;
	case SV_COL_SENDQ: add_col(f, &cell_cols[SV_CELL_SENDQ]); break;
	case SV_COL_LOCAL:
		add_col(f, &cell_cols[SV_CELL_LADDR]);
		add_col(f, &cell_cols[SV_CELL_LPORT]);
		break;
	case SV_COL_PEER:
		add_col(f, &cell_cols[SV_CELL_RADDR]);
		add_col(f, &cell_cols[SV_CELL_RPORT]);
		break;
	case SV_COL_PROCESS: add_col(f, &process_col); break;
	default: add_field_col(f, it->field); break;
	}
}

/* Does column c come from item it (so that -NAME takes it out)? */
static bool col_of(const struct sv_tcol *c, const struct sv_col *it)
{
	switch (it->kind) {
	case SV_COL_FIELD: return c->kind == SV_TCOL_FIELD && c->field == it->field;
	case SV_COL_PROCESS: return c->kind == SV_TCOL_PROCESS;
	case SV_COL_LOCAL:
		return c->kind == SV_TCOL_CELL &&
		       (c->cell == SV_CELL_LADDR || c->cell == SV_CELL_LPORT);
	case SV_COL_PEER:
		return c->kind == SV_TCOL_CELL &&
		       (c->cell == SV_CELL_RADDR || c->cell == SV_CELL_RPORT);
	default:
		return (c->kind == SV_TCOL_CELL && c->cell == it->kind - SV_COL_NETID) ||
		       (c->kind == SV_TCOL_FIELD && c->field == it->field);
	}
}

/* sockview's default columns: ss's cells (those the options show), the
 * Process column with -p, then the registry's column fields (Netns with
 * --all-netns only, Time with --timestamp only). */
static void default_cols(struct sv_table_fmt *f, const struct sv_fmt_opts *o)
{
	const struct sv_field *all;
	size_t n;

	for (int c = 0; c < SV_CELL_MAX; c++) {
		if ((c == SV_CELL_NETID && !o->netid) || (c == SV_CELL_STATE && !o->state) ||
		    ((c == SV_CELL_RECVQ || c == SV_CELL_SENDQ) && o->no_queues))
			continue;
		add_col(f, &cell_cols[c]);
	}
	if (o->processes)
		add_col(f, &process_col);
	all = sv_fields_all(&n);
	for (size_t i = 0; i < n; i++)
		if ((all[i].flags & SV_FIELD_COLUMN) &&
		    (!(all[i].needs & SV_NEED_NETNS) || o->netns) &&
		    (!(all[i].needs & SV_NEED_EVENT) || o->event_time))
			add_field_col(f, &all[i]);
}

/* The columns: the default ones, those --columns names, or the default
 * ones changed by its +NAME and -NAME items. */
static void choose_cols(struct sv_table_fmt *f, const struct sv_fmt_opts *o)
{
	const struct sv_colspec *cs = o->columns;

	if (!cs || cs->relative)
		default_cols(f, o);
	for (size_t i = 0; cs && i < cs->n; i++) {
		const struct sv_col *it = &cs->col[i];
		int kept = 0;
		bool have = false;

		for (int c = 0; c < f->ncols; c++)
			have = have || col_of(&f->cols[c], it);
		if (it->op != SV_COL_DROP) {
			if (!have || it->op == SV_COL_SET)
				add_item(f, it);
			continue;
		}
		for (int c = 0; c < f->ncols; c++)
			if (!col_of(&f->cols[c], it))
				f->cols[kept++] = f->cols[c];
		f->ncols = kept;
	}
	for (int c = 0; c < f->ncols; c++) {
		f->width[c] = strlen(f->cols[c].title);
		f->need_cells |= f->cols[c].kind == SV_TCOL_CELL;
		f->need_proc |= f->cols[c].kind == SV_TCOL_PROCESS;
	}
}

/* Every field column's text for s, one after another in f->ftext. */
static int field_texts(struct sv_table_fmt *f, const struct sv_sock *s, size_t off[])
{
	f->ftext.len = 0;
	for (int c = 0; c < f->ncols; c++) {
		off[c] = f->ftext.len;
		if (f->cols[c].kind == SV_TCOL_FIELD &&
		    sv_format_value_field(&f->ftext, f->cols[c].field, &f->ctx, s) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int make_row(struct sv_table_fmt *f, const struct sv_sock *s, struct row *r)
{
	size_t off[SV_TCOL_MAX], plen = 0;

	if (f->need_cells)
		sv_format_cells(&f->o, s, &r->c);
	if (f->need_proc) {
		plen = sv_format_cells_users(f->proc, PROC_MAX, s);
		if (plen == 0) /* never an empty field: awk's field numbers stay */
			memcpy(f->proc, "-", 2), plen = 1;
	}
	if (field_texts(f, s, off) < 0)
		return -ENOMEM;
	for (int c = 0; c < f->ncols; c++) {
		const struct sv_tcol *col = &f->cols[c];

		if (col->kind == SV_TCOL_CELL) {
			r->text[c] = r->c.text[col->cell];
			r->len[c] = r->c.len[col->cell];
		} else if (col->kind == SV_TCOL_PROCESS) {
			r->text[c] = f->proc;
			r->len[c] = (uint16_t)plen;
		} else {
			size_t end = c + 1 < f->ncols ? off[c + 1] : f->ftext.len;

			r->text[c] = f->ftext.p + off[c];
			r->len[c] = (uint16_t)(end - off[c] < UINT16_MAX ? end - off[c] : UINT16_MAX);
		}
		r->color[c] = f->o.color ? sv_table_paint(col->paint, s, r->text[c], r->len[c]) : 0;
	}
	return 0;
}

static int emit_header(struct sv_table_fmt *f)
{
	const char *cell[SV_TCOL_MAX];
	uint16_t len[SV_TCOL_MAX];
	uint8_t color[SV_TCOL_MAX];

	f->header_done = true;
	if (!f->o.header)
		return 0;
	for (int c = 0; c < f->ncols; c++) {
		cell[c] = f->cols[c].title;
		len[c] = (uint16_t)strlen(cell[c]);
		color[c] = f->o.color ? SV_COLOR_HEADER : 0;
	}
	/* compact header: the queue titles are exactly 6 wide already */
	return sv_table_emit(f, cell, len, color, NULL, 0, f->o.aligned);
}

/* See format.h. */
int sv_format_table_new(FILE *out, const struct sv_fmt_opts *o,
			struct sv_table_fmt **fp)
{
	struct sv_table_fmt *f = calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->proc = malloc(PROC_MAX);
	if (!f->proc) {
		free(f);
		return -ENOMEM;
	}
	f->out = out;
	f->o = *o;
	f->ctx.ifnames = o->ifnames;
	f->ctx.cgroups = o->det.cgroups;
	f->ctx.resolve = o->resolve;
	choose_cols(f, o);
	*fp = f;
	return 0;
}

/* Keep a row (aligned mode): each cell as its colour (a letter) and its
 * text, NUL-terminated, then the details. */
static int arena_add(struct sv_table_fmt *f, const struct row *r)
{
	size_t need = f->det.len + 1;

	for (int c = 0; c < f->ncols; c++)
		need += r->len[c] + 2u;
	if (sv_grow((void **)&f->arena, &f->cap, f->used + need, 1, 65536) < 0)
		return -ENOMEM;
	for (int c = 0; c < f->ncols; c++) {
		f->arena[f->used++] = (char)('A' + r->color[c]);
		memcpy(f->arena + f->used, r->text[c], r->len[c]);
		f->arena[f->used + r->len[c]] = '\0';
		f->used += r->len[c] + 1u;
		if (r->len[c] > f->width[c])
			f->width[c] = r->len[c];
	}
	if (f->det.len)
		memcpy(f->arena + f->used, f->det.p, f->det.len);
	f->arena[f->used + f->det.len] = '\0';
	f->used += f->det.len + 1;
	return 0;
}

/* See format.h. */
int sv_format_table_row(struct sv_table_fmt *f, const struct sv_sock *s)
{
	struct row r;
	int ret;

	if (make_row(f, s, &r) < 0)
		return -ENOMEM;
	f->det.len = 0;
	if (sv_format_details(&f->det, &f->o.det, s) < 0)
		return -ENOMEM;
	if (f->o.bpf) { /* -b: the filter, on lines of its own ("\n\t...") */
		if (sv_textbuf_room(&f->det, SV_FORMAT_BPF_MAX) < 0)
			return -ENOMEM;
		f->det.len += sv_format_bpf_text(f->det.p + f->det.len, SV_FORMAT_BPF_MAX,
						 s, false);
	}
	if (f->o.aligned)
		return arena_add(f, &r);
	if (!f->header_done && (ret = emit_header(f)) < 0)
		return ret;
	return sv_table_emit(f, r.text, r.len, r.color, f->det.p, f->det.len, false);
}

/* See format.h. */
int sv_format_table_flush(struct sv_table_fmt *f)
{
	int ret;

	if (!f->o.aligned && !f->header_done && (ret = emit_header(f)) < 0)
		return ret;
	if (fflush(f->out) != 0 || ferror(f->out))
		return errno ? -errno : -EIO;
	return 0;
}

/* See format.h. */
int sv_format_table_finish(struct sv_table_fmt *f)
{
	const char *cell[SV_TCOL_MAX];
	uint16_t len[SV_TCOL_MAX];
	uint8_t color[SV_TCOL_MAX];
	size_t off = 0;
	int ret;

	if (!f->header_done && (ret = emit_header(f)) < 0)
		return ret;
	while (off < f->used) {
		const char *det;
		size_t dlen;

		for (int c = 0; c < f->ncols; c++) {
			color[c] = (uint8_t)(f->arena[off++] - 'A');
			cell[c] = f->arena + off;
			len[c] = (uint16_t)strlen(cell[c]);
			off += len[c] + 1u;
		}
		det = f->arena + off;
		dlen = strlen(det);
		off += dlen + 1;
		if ((ret = sv_table_emit(f, cell, len, color, det, dlen, true)) < 0)
			return ret;
	}
	if (fflush(f->out) != 0 || ferror(f->out))
		return errno ? -errno : -EIO;
	return 0;
}

/* See format.h. */
void sv_format_table_free(struct sv_table_fmt *f)
{
	if (!f)
		return;
	free(f->arena);
	free(f->proc);
	sv_textbuf_free(&f->det);
	sv_textbuf_free(&f->ftext);
	sv_textbuf_free(&f->line);
	free(f);
}
