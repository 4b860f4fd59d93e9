/* format_table_emit.c - the table's lines: compact or aligned, with the
 * colours of --color (SGR sequences around a cell's text, never inside
 * the padding, so alignment counts only what shows). */
#include <errno.h>
#include <string.h>

#include "sockview/state.h"
#include "sockview/tables.h"

#include "format_table_priv.h"

static const char *const sgr[SV_COLOR_MAX] = {
	[SV_COLOR_HEADER] = "\033[1m", [SV_COLOR_GREEN_BOLD] = "\033[1;32m",
	[SV_COLOR_GREEN] = "\033[32m", [SV_COLOR_YELLOW] = "\033[33m",
	[SV_COLOR_RED] = "\033[31m", [SV_COLOR_DIM] = "\033[2m",
	[SV_COLOR_CYAN] = "\033[36m", [SV_COLOR_BLUE] = "\033[34m",
	[SV_COLOR_BOLD] = "\033[1m",
};
#define SGR_RESET "\033[0m"
/* the longest sequence and the reset */
#define SGR_MAX 12

static bool is(const char *text, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(text, word, len) == 0;
}

/* A state by its name (every table's names): listening green, connected
 * green, opening yellow, CLOSE-WAIT (the application has not closed) red,
 * the rest of the closing states dim. */
static uint8_t paint_state(const char *t, size_t n)
{
	if (is(t, n, "LISTEN"))
		return SV_COLOR_GREEN_BOLD;
	if (is(t, n, "ESTAB") || is(t, n, "CONNECTED"))
		return SV_COLOR_GREEN;
	if (is(t, n, "SYN-SENT") || is(t, n, "SYN-RECV") || is(t, n, "CONNECTING"))
		return SV_COLOR_YELLOW;
	if (is(t, n, "CLOSE-WAIT"))
		return SV_COLOR_RED;
	if (is(t, n, "TIME-WAIT") || is(t, n, "FIN-WAIT-1") || is(t, n, "FIN-WAIT-2") ||
	    is(t, n, "LAST-ACK") || is(t, n, "CLOSING") || is(t, n, "CLOSE") ||
	    is(t, n, "DISCONNECTING"))
		return SV_COLOR_DIM;
	return SV_COLOR_NONE;
}

/* See format_table_priv.h. */
uint8_t sv_table_paint(uint8_t paint, const struct sv_sock *s, const char *text, size_t len)
{
	switch (paint) {
	case SV_PAINT_STATE: return paint_state(text, len);
	case SV_PAINT_LISTENER:
		return s->role == SV_ROLE_LISTEN ? SV_COLOR_BOLD : SV_COLOR_NONE;
	case SV_PAINT_ROLE:
		return is(text, len, "listen") ? SV_COLOR_GREEN_BOLD :
		       is(text, len, "in") ? SV_COLOR_CYAN :
		       is(text, len, "out") ? SV_COLOR_BLUE : SV_COLOR_NONE;
	case SV_PAINT_CLASS:
		return is(text, len, "well-known") ? SV_COLOR_BOLD :
		       is(text, len, "ephemeral") || is(text, len, "dynamic") ? SV_COLOR_DIM
									   : SV_COLOR_NONE;
	default: return SV_COLOR_NONE;
	}
}

static int write_out(struct sv_table_fmt *f, const char *p, size_t n)
{
	if (fwrite_unlocked(p, 1, n, f->out) != n)
		return errno ? -errno : -EIO;
	return 0;
}

/* The end of the line in f->line: the details (ss's text, from its
 * leading space or line break) and -b's filter, then the newline. */
static int end_line(struct sv_table_fmt *f, const char *det, size_t dlen)
{
	struct sv_textbuf *b = &f->line;
	int ret;

	if (!dlen) {
		b->p[b->len++] = '\n';
		return write_out(f, b->p, b->len);
	}
	if (det[0] == '\n') /* text on lines of its own: no padding before it */
		while (b->len && b->p[b->len - 1] == ' ')
			b->len--;
	if ((ret = write_out(f, b->p, b->len)) < 0 || (ret = write_out(f, det, dlen)) < 0)
		return ret;
	return write_out(f, "\n", 1);
}

static void put_pad(struct sv_textbuf *b, size_t n)
{
	memset(b->p + b->len, ' ', n);
	b->len += n;
}

/* One cell and its padding (pad spaces; before it when right-aligned). */
static void put_cell(struct sv_textbuf *b, const char *text, size_t len, uint8_t color,
		     size_t pad, bool right)
{
	if (right)
		put_pad(b, pad);
	if (color && color < SV_COLOR_MAX)
		sv_textbuf_put(b, sgr[color], strlen(sgr[color]));
	sv_textbuf_put(b, text, len);
	if (color && color < SV_COLOR_MAX)
		SV_TEXTBUF_LIT(b, SGR_RESET);
	if (!right)
		put_pad(b, pad);
}

/* See format_table_priv.h. Compact: one space between columns, queues as
 * "%-6u", no padding after the last column. Aligned: each column padded
 * to its width, addresses right-aligned, the last column not padded unless
 * details follow it (so that they start at one place). */
int sv_table_emit(struct sv_table_fmt *f, const char *const cell[], const uint16_t len[],
		  const uint8_t color[], const char *det, size_t dlen, bool aligned)
{
	struct sv_textbuf *b = &f->line;
	size_t need = 2;

	for (int c = 0; c < f->ncols; c++)
		need += (f->width[c] > len[c] ? f->width[c] : len[c]) + 8 + SGR_MAX;
	if (sv_textbuf_room(b, need) < 0)
		return -ENOMEM;
	b->len = 0;
	for (int c = 0; c < f->ncols; c++) {
		const struct sv_tcol *col = &f->cols[c];
		size_t pad = 0;

		if (c && !col->glued)
			b->p[b->len++] = ' ';
		if (aligned && (c < f->ncols - 1 || dlen))
			pad = f->width[c] > len[c] ? f->width[c] - len[c] : 0;
		else if (!aligned && col->queue && len[c] < 6)
			pad = 6u - len[c];
		put_cell(b, cell[c], len[c], color[c], pad, aligned && col->right);
	}
	return end_line(f, det, dlen);
}
