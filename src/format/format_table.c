/* format_table.c - sockview's table: ss's columns in ss's order (Process
 * included), then Role, Class and Service, then the socket's details (-o
 * -e -m -i...) in ss's text; compact rows streamed when piped, aligned
 * columns on a terminal. No field is ever empty. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/escape.h"
#include "sockview/fields.h"
#include "sockview/format.h"
#include "sockview/format_details.h"
#include "sockview/grow.h"

/* sockview's columns: ss's cells (enum sv_cell) in ss's order, then the
 * Process column and sockview's own: the field registry's column fields
 * (Role, Class, Service), in its order, at most OWN_MAX of them. */
#define OWN_MAX 8
/* The longest text of one of sockview's own columns. */
#define OWN_LEN 256
enum col {
	COL_PROCESS = SV_CELL_MAX, COL_OWN, COL_MAX = COL_OWN + OWN_MAX
};

/* Header text and alignment of each column, as ss has them. Port columns
 * follow their address with no space (the address carries the ':'). */
static const struct {
	const char *title;
	bool right;
	bool glued; /* no separator before this column */
} cols[COL_OWN] = {
	[SV_CELL_NETID] = { .title = "Netid" },
	[SV_CELL_STATE] = { .title = "State" },
	[SV_CELL_RECVQ] = { .title = "Recv-Q" },
	[SV_CELL_SENDQ] = { .title = "Send-Q" },
	[SV_CELL_LADDR] = { .title = "Local Address:", .right = true },
	[SV_CELL_LPORT] = { .title = "Port", .glued = true },
	[SV_CELL_RADDR] = { .title = "Peer Address:", .right = true },
	[SV_CELL_RPORT] = { .title = "Port", .glued = true },
	[COL_PROCESS] = { .title = "Process" },
};

/* The Process column lists every holder; a socket shared by very many
 * processes is cut at this length with "...". */
#define PROC_MAX 8192
#define LINE_MAX (COL_OWN * (SV_CELL_LEN + 8) + OWN_MAX * (OWN_LEN + 8) + PROC_MAX)

/* One row as texts: the cells, then the Process text (in the formatter)
 * and sockview's own columns. */
struct row {
	struct sv_cells c;
	const char *text[COL_MAX];
	uint16_t len[COL_MAX];
	char own[OWN_MAX][OWN_LEN];
};

struct sv_table_fmt {
	FILE *out;
	struct sv_fmt_opts o;
	int ncols; /* COL_OWN + the number of own columns */
	const struct sv_field *own[OWN_MAX];
	struct sv_field_ctx ctx;
	bool shown[COL_MAX];
	bool header_done;
	/* aligned mode: every row's cells, NUL-separated, in one arena */
	char *arena;
	size_t used, cap;
	size_t width[COL_MAX];
	char proc[PROC_MAX];
	struct sv_textbuf det; /* the row's details (-o -e -m -i...) */
	char line[LINE_MAX];
};

static int write_out(struct sv_table_fmt *f, const char *p, size_t n)
{
	if (fwrite_unlocked(p, 1, n, f->out) != n)
		return errno ? -errno : -EIO;
	return 0;
}

static const char *col_title(int c, const struct sv_table_fmt *f)
{
	return c < COL_OWN ? cols[c].title : f->own[c - COL_OWN]->title;
}

/* One of sockview's own columns: the field's value as text, "-" when the
 * socket has none (never an empty field). */
static void own_cell(struct sv_table_fmt *f, const struct sv_sock *s,
		     struct row *r, int i)
{
	const struct sv_field *fl = f->own[i];
	char *t = r->own[i];
	struct sv_value v;
	size_t n = 0;

	if (sv_fields_applies(fl, s) && fl->get(s, &f->ctx, &v)) {
		switch (v.type) {
		case SV_FT_WORD:
			n = v.s.len < OWN_LEN ? v.s.len : OWN_LEN - 1;
			memcpy(t, v.s.p, n);
			break;
		case SV_FT_TEXT:
			n = sv_escape_text(t, OWN_LEN, v.s.p, v.s.len);
			n = n < OWN_LEN ? n : strlen(t);
			break;
		case SV_FT_UINT:
			n = (size_t)snprintf(t, OWN_LEN, "%llu", (unsigned long long)v.u);
			break;
		default:
			break;
		}
	}
	if (n == 0)
		t[n++] = '-';
	t[n] = '\0';
	r->text[COL_OWN + i] = t;
	r->len[COL_OWN + i] = (uint16_t)n;
}

static void make_row(struct sv_table_fmt *f, const struct sv_sock *s,
		     struct row *r)
{
	size_t n;

	sv_format_cells(&f->o, s, &r->c);
	for (int c = 0; c < SV_CELL_MAX; c++) {
		r->text[c] = r->c.text[c];
		r->len[c] = r->c.len[c];
	}
	n = f->o.processes ? sv_format_cells_users(f->proc, sizeof(f->proc), s) : 0;
	if (n == 0) /* never an empty field: awk's field numbers stay */
		memcpy(f->proc, "-", 2), n = 1;
	r->text[COL_PROCESS] = f->proc;
	r->len[COL_PROCESS] = (uint16_t)n;
	for (int i = 0; i < f->ncols - COL_OWN; i++)
		own_cell(f, s, r, i);
}

/* The end of a line of n bytes in f->line: the details (ss's text, from
 * its leading space or line break) and -b's filter, then the newline. */
static int end_line(struct sv_table_fmt *f, size_t n, const char *det, size_t dlen)
{
	int ret;

	if (!dlen) {
		f->line[n++] = '\n';
		return write_out(f, f->line, n);
	}
	if (det[0] == '\n') /* text on lines of its own: no padding before it */
		while (n && f->line[n - 1] == ' ')
			n--;
	if ((ret = write_out(f, f->line, n)) < 0 || (ret = write_out(f, det, dlen)) < 0)
		return ret;
	return write_out(f, "\n", 1);
}

/* Compact (piped) line: one space between columns, queues as "%-6u", no
 * padding after the last column; the details after it. */
static int emit_compact(struct sv_table_fmt *f, const char *const cell[],
			const uint16_t len[], const char *det, size_t dlen)
{
	char *line = f->line;
	size_t n = 0;
	bool first = true;

	for (int c = 0; c < f->ncols; c++) {
		if (!f->shown[c])
			continue;
		if (!first && (c >= COL_OWN || !cols[c].glued))
			line[n++] = ' ';
		first = false;
		memcpy(line + n, cell[c], len[c]);
		n += len[c];
		if ((c == SV_CELL_RECVQ || c == SV_CELL_SENDQ) && len[c] < 6) {
			memset(line + n, ' ', 6u - len[c]);
			n += 6u - len[c];
		}
	}
	return end_line(f, n, det, dlen);
}

/* Aligned line: each column padded to its width, addresses right-aligned,
 * the last column not padded unless details follow it (so that they start
 * at one place). */
static int emit_aligned(struct sv_table_fmt *f, const char *const cell[],
			const uint16_t len[], const char *det, size_t dlen)
{
	char *line = f->line;
	size_t n = 0;
	int last = f->ncols - 1;
	bool first = true;

	while (last > 0 && !f->shown[last])
		last--;
	for (int c = 0; c < f->ncols; c++) {
		size_t w = f->width[c], pad;
		bool right = c < COL_OWN && cols[c].right;

		if (!f->shown[c])
			continue;
		if (!first && (c >= COL_OWN || !cols[c].glued))
			line[n++] = ' ';
		first = false;
		pad = w > len[c] ? w - len[c] : 0;
		if (c == last && !dlen)
			pad = 0;
		if (right) {
			memset(line + n, ' ', pad);
			n += pad;
		}
		memcpy(line + n, cell[c], len[c]);
		n += len[c];
		if (!right) {
			memset(line + n, ' ', pad);
			n += pad;
		}
	}
	return end_line(f, n, det, dlen);
}

static int emit_header(struct sv_table_fmt *f)
{
	const char *cell[COL_MAX];
	uint16_t len[COL_MAX];

	f->header_done = true;
	if (!f->o.header)
		return 0;
	for (int c = 0; c < f->ncols; c++) {
		cell[c] = col_title(c, f);
		len[c] = (uint16_t)strlen(cell[c]);
	}
	if (f->o.aligned)
		return emit_aligned(f, cell, len, NULL, 0);
	/* compact header: the queue titles are exactly 6 wide already */
	return emit_compact(f, cell, len, NULL, 0);
}

/* See format.h. */
int sv_format_table_new(FILE *out, const struct sv_fmt_opts *o,
			struct sv_table_fmt **fp)
{
	struct sv_table_fmt *f = calloc(1, sizeof(*f));
	const struct sv_field *all;
	size_t n;

	if (!f)
		return -ENOMEM;
	f->out = out;
	f->o = *o;
	f->ctx.ifnames = o->ifnames;
	f->ncols = COL_OWN;
	all = sv_fields_all(&n);
	for (size_t i = 0; i < n && f->ncols < COL_MAX; i++)
		if (all[i].flags & SV_FIELD_COLUMN)
			f->own[f->ncols++ - COL_OWN] = &all[i];
	for (int c = 0; c < f->ncols; c++) {
		uint32_t needs = c < COL_OWN ? 0 : f->own[c - COL_OWN]->needs;

		/* Netns with --all-netns only, Time with --timestamp only */
		f->shown[c] = (!(needs & SV_NEED_NETNS) || o->netns) &&
			      (!(needs & SV_NEED_EVENT) || o->event_time);
		f->width[c] = strlen(col_title(c, f));
	}
	f->shown[SV_CELL_NETID] = o->netid;
	f->shown[SV_CELL_STATE] = o->state;
	f->shown[SV_CELL_RECVQ] = f->shown[SV_CELL_SENDQ] = !o->no_queues;
	f->shown[COL_PROCESS] = o->processes;
	*fp = f;
	return 0;
}

static int arena_add(struct sv_table_fmt *f, const struct row *r)
{
	size_t need = f->det.len + 1;

	for (int c = 0; c < f->ncols; c++)
		need += r->len[c] + 1u;
	if (sv_grow((void **)&f->arena, &f->cap, f->used + need, 1, 65536) < 0)
		return -ENOMEM;
	for (int c = 0; c < f->ncols; c++) {
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

	make_row(f, s, &r);
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
	return emit_compact(f, r.text, r.len, f->det.p, f->det.len);
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
	const char *cell[COL_MAX];
	uint16_t len[COL_MAX];
	size_t off = 0;
	int ret;

	if (!f->header_done && (ret = emit_header(f)) < 0)
		return ret;
	while (off < f->used) {
		const char *det;
		size_t dlen;

		for (int c = 0; c < f->ncols; c++) {
			cell[c] = f->arena + off;
			len[c] = (uint16_t)strlen(cell[c]);
			off += len[c] + 1u;
		}
		det = f->arena + off;
		dlen = strlen(det);
		off += dlen + 1;
		if ((ret = emit_aligned(f, cell, len, det, dlen)) < 0)
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
	sv_textbuf_free(&f->det);
	free(f);
}
