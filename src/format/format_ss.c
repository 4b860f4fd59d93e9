/* format_ss.c - ss's exact output (--ss): the columns, headers and spacing
 * of ss 6.x (iproute2 misc/ss.c), byte for byte; only untrusted strings
 * differ (escaped here, raw in ss).
 *
 * ss buffers its cells as tokens in 1 MiB chunks and prints them when five
 * chunks are full and at the end, each batch aligned on the widest cell of
 * each column seen so far. Every column is left-aligned but the addresses;
 * a column is as wide as its widest cell plus its delimiter (one space, none
 * before ports and Process). Piped, that is all (each line padded to the
 * widths, trailing spaces included); on a terminal (or with $COLUMNS) the
 * spare width of the screen is shared out among the columns. This file
 * keeps the same accounts so that the batches, and so the widths, fall
 * where ss's do. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/format.h"
#include "sockview/format_details.h"
#include "sockview/grow.h"
#include "sockview/tables.h"

/* ss's columns: its cells, Process, and an "extended" column that stays
 * empty for the options sockview has. */
enum col { COL_PROC = SV_CELL_MAX, COL_EXT, COL_MAX };

static const struct {
	const char *title;
	const char *ldelim;
	bool right;
} cols[COL_MAX] = {
	[SV_CELL_NETID] = { "Netid", "", false },
	[SV_CELL_STATE] = { "State", " ", false },
	[SV_CELL_RECVQ] = { "Recv-Q", " ", false },
	[SV_CELL_SENDQ] = { "Send-Q", " ", false },
	[SV_CELL_LADDR] = { "Local Address:", " ", true },
	[SV_CELL_LPORT] = { "Port", "", false },
	[SV_CELL_RADDR] = { "Peer Address:", " ", true },
	[SV_CELL_RPORT] = { "Port", "", false },
	[COL_PROC] = { "Process", "", false },
	[COL_EXT] = { "", "", false },
};

/* ss's buffer: chunks of 1 MiB less their header (two pointers), tokens of
 * a 2-byte length and the text padded to an even length. */
#define SS_CHUNK_ROOM (1024 * 1024 - 2 * sizeof(void *))
#define SS_CHUNKS_MAX 5
#define PROC_MAX 8192
/* ss cuts a cell at 65535 bytes (its token length is 16 bits) */
#define CELL_MAX 65535

struct sv_ss_fmt {
	FILE *out;
	struct sv_fmt_opts o;
	bool enabled[COL_MAX];
	bool header_done;
	int max_len[COL_MAX]; /* widest flushed cell so far (never reset, as ss) */
	int width[COL_MAX];
	/* ss's buffer accounts: chunks, bytes used in the last one, where the
	 * current token starts, its length, and its column (-1: none yet) */
	size_t chunks, used, tok_start, tok_len;
	int cur;
	/* the batch: each line's cells, NUL-separated */
	char *batch;
	size_t blen, bcap;
	size_t lines;
	int err;
	struct sv_textbuf proc; /* the Process cell: users and details */
};

/* See format.h. */
int sv_format_ss_new(FILE *out, const struct sv_fmt_opts *o, struct sv_ss_fmt **fp)
{
	struct sv_ss_fmt *f = calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->out = out;
	f->o = *o;
	f->o.ss_text = true;
	f->cur = -1;
	for (int c = 0; c < COL_MAX; c++)
		f->enabled[c] = true;
	f->enabled[SV_CELL_NETID] = o->netid;
	f->enabled[SV_CELL_STATE] = o->state;
	f->enabled[SV_CELL_RECVQ] = f->enabled[SV_CELL_SENDQ] = !o->no_queues;
	*fp = f;
	return 0;
}

static void new_chunk(struct sv_ss_fmt *f)
{
	f->chunks++;
	f->tok_start = 0;
	f->tok_len = 0;
	f->used = 2; /* the token's length */
}

/* ss's out(): len bytes into the current token; a token that does not fit
 * moves whole to a new chunk (unless it is alone in its chunk). */
static void ss_out(struct sv_ss_fmt *f, size_t len)
{
	if (f->chunks == 0)
		new_chunk(f);
	if (!(len < SS_CHUNK_ROOM - f->used) && f->tok_start != 0) {
		size_t moved = f->tok_len;

		new_chunk(f);
		f->tok_len = moved;
		f->used += moved;
	}
	f->tok_len += len;
	f->used += len;
}

/* ss's field_flush(): the current cell counts for its column's width and
 * the next token starts (in a new chunk when its length does not fit). */
static void ss_flush(struct sv_ss_fmt *f, int col)
{
	size_t pad = f->tok_len % 2;

	if (!f->enabled[col])
		return;
	if ((int)f->tok_len > f->max_len[col])
		f->max_len[col] = (int)f->tok_len;
	if (f->chunks == 0)
		new_chunk(f);
	if (SS_CHUNK_ROOM - f->used < pad + 2) {
		new_chunk(f);
		return;
	}
	f->tok_start = f->used + pad;
	f->tok_len = 0;
	f->used = f->tok_start + 2;
}

/* A cell of col: out() and, but for the last one of a line, flush. */
static void cell(struct sv_ss_fmt *f, int col, size_t len, bool flush)
{
	if (!f->enabled[col])
		return;
	if (len)
		ss_out(f, len);
	if (flush)
		ss_flush(f, col);
}

static int keep(struct sv_ss_fmt *f, const char *s, size_t n)
{
	if (sv_grow((void **)&f->batch, &f->bcap, f->blen + n + 1, 1, 65536) < 0)
		return -ENOMEM;
	memcpy(f->batch + f->blen, s, n);
	f->batch[f->blen + n] = '\0';
	f->blen += n + 1;
	return 0;
}

/* One line of cells, kept for the batch; the accounts follow ss: every
 * cell is flushed but the line's Process cell, which the next line flushes
 * (so the last line's never counts for the width, as in ss), and its
 * empty extended cell. */
static int add_line(struct sv_ss_fmt *f, const char *const text[], const size_t len[],
		    int last)
{
	for (int c = 0; c < COL_MAX; c++) {
		if (!f->enabled[c])
			continue;
		if (c <= last)
			cell(f, c, len[c], c < last);
		if (keep(f, text[c] ? text[c] : "", len[c]) < 0)
			return -ENOMEM;
	}
	f->cur = last;
	f->lines++;
	return 0;
}
/* ss's render_calc_width(): widths from the widest cells, then, with a
 * screen width, the spare room shared out line by line of columns. */
static void calc_widths(struct sv_ss_fmt *f)
{
	int screen = f->o.screen_width > 0 ? f->o.screen_width : 0;
	int first = 1, len = 0, linecols = 0, eol = -1;

	for (int c = 0; c < COL_MAX; c++) {
		if (!f->enabled[c])
			continue;
		f->width[c] = !first && f->max_len[c] ?
			      f->max_len[c] + (int)strlen(cols[c].ldelim) : f->max_len[c];
		if (screen && f->width[c] > screen)
			f->width[c] = screen;
		if (f->width[c])
			first = 0;
	}
	if (!screen)
		return;
	for (int c = 0; c < COL_MAX; c++) {
		int last = 1, pad, spacing, rem;

		if (!f->enabled[c] || !f->width[c])
			continue;
		linecols++;
		len += f->width[c];
		for (int t = c + 1; t < COL_MAX; t++)
			if (f->enabled[t] && f->width[t]) {
				last = 0;
				break;
			}
		if (!last && len < screen)
			continue;
		if (len > screen) {
			len -= f->width[c];
			c--;
			linecols--;
		}
		if (len != screen && linecols > 0) {
			pad = screen - len;
			spacing = pad / linecols;
			rem = pad % linecols;
			for (int t = c; t > eol; t--) {
				if (!f->enabled[t] || !f->width[t])
					continue;
				f->width[t] += spacing + (rem > 0);
				rem -= rem > 0;
			}
		}
		eol = c;
		len = 0;
		linecols = 0;
	}
}

static void spaces(struct sv_ss_fmt *f, int n)
{
	static const char blank[64] = "                                "
				      "                                ";

	while (n > 0 && f->err == 0) {
		int k = n < 64 ? n : 64;

		if (fwrite_unlocked(blank, 1, (size_t)k, f->out) != (size_t)k)
			f->err = errno ? -errno : -EIO;
		n -= k;
	}
}

static void put(struct sv_ss_fmt *f, const char *s, size_t n)
{
	if (n && f->err == 0 && fwrite_unlocked(s, 1, n, f->out) != n)
		f->err = errno ? -errno : -EIO;
}

/* ss's render(): every buffered line, each cell padded to its column. */
static int render(struct sv_ss_fmt *f)
{
	size_t off = 0;

	calc_widths(f);
	for (size_t l = 0; l < f->lines && f->err == 0; l++) {
		bool started = false;

		for (int c = 0; c < COL_MAX; c++) {
			const char *t;
			int printed = 0, n;

			if (!f->enabled[c])
				continue;
			t = f->batch + off;
			n = (int)strlen(t);
			off += (size_t)n + 1;
			if (started) {
				printed = (int)strlen(cols[c].ldelim);
				put(f, cols[c].ldelim, (size_t)printed);
			}
			started = true;
			if (f->width[c] && cols[c].right && f->width[c] - n - printed > 0) {
				spaces(f, f->width[c] - n - printed);
				printed = f->width[c] - n;
			}
			put(f, t, (size_t)n);
			printed += n;
			if (f->width[c] && !cols[c].right)
				spaces(f, f->width[c] - printed);
		}
		put(f, "\n", 1);
	}
	f->blen = f->lines = 0;
	f->chunks = f->used = f->tok_start = f->tok_len = 0;
	f->cur = -1;
	return f->err;
}

/* ss prints its header as the first line: every title up to Process
 * flushed, the extended column's token open. */
static int header(struct sv_ss_fmt *f)
{
	const char *text[COL_MAX];
	size_t len[COL_MAX];
	int ret;

	f->header_done = true;
	if (!f->o.header)
		return 0;
	for (int c = 0; c < COL_MAX; c++) {
		text[c] = cols[c].title;
		len[c] = strlen(cols[c].title);
	}
	ret = add_line(f, text, len, COL_EXT);
	return ret;
}

/* The start of a line: ss flushes the last line's Process cell, then, with
 * five chunks full, prints the batch, else flushes the extended cell. */
static int line_start(struct sv_ss_fmt *f)
{
	if (f->cur == COL_PROC) {
		ss_flush(f, COL_PROC);
		f->cur = COL_EXT;
	}
	if (f->cur == COL_EXT && f->chunks >= SS_CHUNKS_MAX)
		return render(f);
	if (f->cur == COL_EXT)
		ss_flush(f, COL_EXT);
	f->cur = -1;
	return 0;
}

/* The Process cell: " users:(...)" with -p, then the socket's details
 * (ss writes them into the same cell), cut as ss cuts a cell (64 KiB). */
static int proc_cell(struct sv_ss_fmt *f, const struct sv_sock *s)
{
	size_t n;

	f->proc.len = 0;
	if (sv_textbuf_room(&f->proc, PROC_MAX) < 0)
		return -ENOMEM;
	f->proc.p[0] = ' '; /* ss writes " users:(...)" (not for every table) */
	n = f->o.processes && !sv_tables_get((enum sv_table)s->table)->ss_no_users ?
	    sv_format_cells_users(f->proc.p + 1, PROC_MAX - 1, s) : 0;
	f->proc.len = n ? n + 1 : 0;
	if (sv_format_details(&f->proc, &f->o.det, s) < 0)
		return -ENOMEM;
	if (f->o.bpf) { /* -b: then, in the same cell, the filter */
		if (sv_textbuf_room(&f->proc, SV_FORMAT_BPF_MAX) < 0)
			return -ENOMEM;
		f->proc.len += sv_format_bpf_text(f->proc.p + f->proc.len,
						  SV_FORMAT_BPF_MAX, s, false);
	}
	if (f->proc.len > CELL_MAX)
		f->proc.len = CELL_MAX;
	f->proc.p[f->proc.len] = '\0';
	return 0;
}

/* See format.h. */
int sv_format_ss_row(struct sv_ss_fmt *f, const struct sv_sock *s)
{
	struct sv_cells c;
	const char *text[COL_MAX];
	size_t len[COL_MAX];
	char q[2][16];
	int ret;

	if (f->err)
		return f->err;
	if (!f->header_done && (ret = header(f)) < 0)
		return ret;
	if ((ret = line_start(f)) < 0)
		return ret;
	sv_format_cells(&f->o, s, &c);
	for (int i = 0; i < SV_CELL_MAX; i++) {
		text[i] = c.text[i];
		len[i] = c.len[i];
	}
	/* ss prints the queues with "%-6d" (a queue above 2^31-1 comes out
	 * negative, as there) */
	len[SV_CELL_RECVQ] = (size_t)snprintf(q[0], sizeof(q[0]), "%-6d", (int)s->rqueue);
	len[SV_CELL_SENDQ] = (size_t)snprintf(q[1], sizeof(q[1]), "%-6d", (int)s->wqueue);
	text[SV_CELL_RECVQ] = q[0];
	text[SV_CELL_SENDQ] = q[1];
	if ((ret = proc_cell(f, s)) < 0)
		return ret;
	text[COL_PROC] = f->proc.p;
	len[COL_PROC] = f->proc.len;
	text[COL_EXT] = "";
	len[COL_EXT] = 0;
	return add_line(f, text, len, COL_PROC);
}

/* See format.h. */
int sv_format_ss_finish(struct sv_ss_fmt *f)
{
	if (f->err)
		return f->err;
	if (!f->header_done && header(f) < 0)
		return -ENOMEM;
	if (render(f) < 0)
		return f->err;
	if (fflush(f->out) != 0 || ferror(f->out))
		return errno ? -errno : -EIO;
	return 0;
}

/* See format.h. */
void sv_format_ss_free(struct sv_ss_fmt *f)
{
	if (!f)
		return;
	free(f->batch);
	sv_textbuf_free(&f->proc);
	free(f);
}
