/* proc_parse.c - the walk over a /proc/net socket file's text: lines fed in
 * chunks, the header checked, each line through its table's parser; and
 * the column and number readers the line parsers share. Pure: no I/O. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sockview/escape.h"
#include "sockview/proc_parse.h"

/* See proc_parse.h. */
void sv_proc_parse_init(struct sv_proc_walk *w)
{
	w->line = w->rows = w->bad = w->bad_line = 0;
	w->bad_msg[0] = '\0';
	w->fatal = w->done = w->skipping = false;
}

/* Count a malformed line; the first one's message is kept. */
static void bad_line(struct sv_proc_walk *w, const char *msg)
{
	if (w->bad++ == 0) {
		w->bad_line = w->line;
		snprintf(w->bad_msg, sizeof(w->bad_msg), "%s", msg);
	}
}

/* Line 1: its first word must be the table's (ss skips it unread; a wrong
 * word means the file is another table's, or no /proc/net file at all). */
static int check_header(struct sv_proc_walk *w, const char *line, size_t len)
{
	struct sv_proc_col c[1];
	char msg[160];

	if (!w->header)
		return 0;
	if (sv_proc_parse_cols(line, len, c, 1) >= 1 && c[0].n == strlen(w->header) &&
	    memcmp(c[0].p, w->header, c[0].n) == 0)
		return 0;
	if (len == 0)
		snprintf(msg, sizeof(msg), "an empty header line (not a /proc/net file?)");
	else if (sv_proc_parse_cols(line, len, c, 1) == 0)
		snprintf(msg, sizeof(msg), "a blank header line (not a /proc/net file?)");
	else {
		char word[48];

		sv_escape_text(word, sizeof(word), c[0].p, c[0].n < 40 ? c[0].n : 40);
		snprintf(msg, sizeof(msg), "the header starts with '%s', not '%s' "
			 "(not this table's file?)", word, w->header);
	}
	bad_line(w, msg);
	w->fatal = true;
	return -EBADMSG;
}

/* One whole line (no newline): a socket, or a counted malformed line. */
static int one_line(struct sv_proc_walk *w, const char *line, size_t len)
{
	struct sv_sock s;
	char msg[160] = "";
	int ret;

	if (++w->line == 1)
		return check_header(w, line, len);
	memset(&s, 0, sizeof(s));
	s.table = (uint8_t)w->table;
	if (w->parse(line, len, w->family, &w->opts, &s, msg, sizeof(msg)) < 0) {
		bad_line(w, msg[0] ? msg : "malformed");
		return 0;
	}
	w->rows++;
	s.have |= SV_FROM_PROCNET;
	if (!(w->states & (1u << s.state))) {
		w->done = w->stop_outside;
		return 0;
	}
	ret = w->cb(&s, w->data);
	return ret < 0 ? ret : 0;
}

/* See proc_parse.h. */
ssize_t sv_proc_parse_feed(struct sv_proc_walk *w, const char *buf, size_t len)
{
	size_t pos = 0;

	while (pos < len && !w->done && !w->fatal) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		int ret;

		if (!nl && (w->skipping || n <= SV_PROC_LINE_MAX))
			return w->skipping ? (ssize_t)len : (ssize_t)pos;
		if (w->skipping) { /* the end of an overlong line */
			w->skipping = false;
			pos += n + 1;
			continue;
		}
		if (n > SV_PROC_LINE_MAX) { /* count it once; drop it to its end */
			char msg[80];

			w->line++;
			snprintf(msg, sizeof(msg), "a line longer than %d bytes",
				 SV_PROC_LINE_MAX);
			bad_line(w, msg);
			if (w->line == 1)
				w->fatal = true;
			if (!nl) {
				w->skipping = true;
				return (ssize_t)len;
			}
			pos += n + 1;
			continue;
		}
		ret = one_line(w, buf + pos, n);
		pos += n + 1;
		if (ret < 0 && !w->fatal)
			return ret; /* the callback's */
	}
	return w->fatal ? -EBADMSG : (ssize_t)pos;
}

/* See proc_parse.h. */
int sv_proc_parse_end(struct sv_proc_walk *w, size_t rest, const char *name,
		      char *err, size_t errlen)
{
	if (rest && !w->done && !w->fatal) { /* the kernel ends every line */
		w->line++;
		bad_line(w, "the last line has no newline (the file was cut short)");
	}
	if (w->line == 0 && !w->done) {
		snprintf(err, errlen, "%s is empty: no header line (not a /proc/net file?)",
			 name);
		return -EBADMSG;
	}
	if (w->fatal) {
		snprintf(err, errlen, "%s line %zu: %s", name, w->bad_line, w->bad_msg);
		return -EBADMSG;
	}
	if (!w->bad)
		return 0;
	if (w->bad == 1)
		snprintf(err, errlen, "%s line %zu: %s; the line was skipped", name,
			 w->bad_line, w->bad_msg);
	else
		snprintf(err, errlen, "%s line %zu: %s; %zu malformed lines were skipped",
			 name, w->bad_line, w->bad_msg, w->bad);
	return -EBADMSG;
}

/* See proc_parse.h. */
size_t sv_proc_parse_cols(const char *line, size_t len, struct sv_proc_col *cols,
			  size_t max)
{
	size_t n = 0, i = 0;

	for (;;) {
		size_t start;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			return n;
		start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		if (n < max)
			cols[n] = (struct sv_proc_col){ line + start, i - start };
		n++;
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* See proc_parse.h. */
bool sv_proc_parse_hex(const char *p, size_t n, size_t maxdigits, uint64_t *v)
{
	uint64_t x = 0;

	if (n == 0 || n > maxdigits || n > 16)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = hexval(p[i]);

		if (d < 0)
			return false;
		x = x << 4 | (uint64_t)d;
	}
	*v = x;
	return true;
}

/* See proc_parse.h. */
bool sv_proc_parse_dec(const char *p, size_t n, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned int d = (unsigned char)p[i] - (unsigned char)'0';

		if (d > 9 || x > max / 10 || (x == max / 10 && d > max % 10))
			return false;
		x = x * 10 + d;
	}
	*v = x;
	return true;
}

/* See proc_parse.h. */
bool sv_proc_parse_int(const char *p, size_t n, int32_t *v)
{
	bool neg = n > 0 && p[0] == '-';
	uint64_t x;

	if (!sv_proc_parse_dec(p + neg, n - neg, neg ? (uint64_t)INT32_MAX + 1 : INT32_MAX, &x))
		return false;
	*v = neg ? (int32_t)(-(int64_t)x) : (int32_t)x;
	return true;
}

/* See proc_parse.h. */
int sv_proc_parse_bad(char *err, size_t errlen, const char *what,
		      const struct sv_proc_col *c)
{
	char word[4 * 40 + 1];

	sv_escape_text(word, sizeof(word), c->p, c->n < 40 ? c->n : 40);
	snprintf(err, errlen, "%s '%s%s'", what, word, c->n > 40 ? "..." : "");
	return -EBADMSG;
}
