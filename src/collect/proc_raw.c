/* proc_raw.c - /proc/net/raw and raw6 (udp's format) into records.
 * Pure: text in, records out (proc_raw.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/proc_raw.h"

/* A cursor over one line. */
struct cur {
	const char *p, *end;
};

/* The next whitespace-separated word, or false at the end of the line. */
static bool word(struct cur *c, const char **w, size_t *wl)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
	*w = c->p;
	while (c->p < c->end && *c->p != ' ' && *c->p != '\t')
		c->p++;
	*wl = (size_t)(c->p - *w);
	return *wl > 0;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Exactly n hex digits (n <= 16) into *v. */
static bool hex_n(const char *w, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	for (size_t i = 0; i < n; i++) {
		int d = hexval(w[i]);

		if (d < 0)
			return false;
		x = x << 4 | (uint64_t)d;
	}
	*v = x;
	return true;
}

/* 1 to 16 hex digits. */
static bool hex(const char *w, size_t wl, uint64_t *v)
{
	return wl >= 1 && wl <= 16 && hex_n(w, wl, v);
}

/* A decimal number of at most 10 digits that fits 32 bits. */
static bool dec32(const char *w, size_t wl, uint32_t *v)
{
	uint64_t x = 0;

	if (wl == 0 || wl > 10)
		return false;
	for (size_t i = 0; i < wl; i++) {
		if (w[i] < '0' || w[i] > '9')
			return false;
		x = x * 10 + (uint64_t)(w[i] - '0');
	}
	if (x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

/* "HEX:HEX" with the left part exactly alen digits (or any length when
 * alen is 0) and the right at most rmax digits. */
static bool pair(const char *w, size_t wl, size_t alen, size_t rmax,
		 const char **a, size_t *al, uint64_t *r)
{
	const char *colon = memchr(w, ':', wl);
	size_t rl;

	if (!colon)
		return false;
	*a = w;
	*al = (size_t)(colon - w);
	rl = wl - *al - 1;
	if ((alen && *al != alen) || rl > rmax)
		return false;
	return hex(colon + 1, rl, r);
}

/* An address word: the kernel's 32-bit words, each in this host's byte
 * order, as 8 hex digits; into network-order bytes (as sock_diag sends). */
static bool addr(const char *w, size_t wl, int family, uint8_t out[16], uint16_t *port)
{
	size_t words = family == AF_INET6 ? 4 : 1;
	const char *a;
	size_t al;
	uint64_t p;

	if (!pair(w, wl, words * 8, 4, &a, &al, &p))
		return false;
	memset(out, 0, 16);
	for (size_t i = 0; i < words; i++) {
		uint64_t v;
		uint32_t u;

		if (!hex_n(a + i * 8, 8, &v))
			return false;
		u = (uint32_t)v;
		memcpy(out + i * 4, &u, 4);
	}
	*port = (uint16_t)p;
	return true;
}

/* See proc_raw.h. */
int sv_proc_raw_line(const char *line, size_t len, int family, enum sv_table table,
		     struct sv_sock *s)
{
	struct cur c = { line, line + len };
	const char *w, *a;
	size_t wl, al;
	uint64_t v, st;
	uint32_t u;

	if (family != AF_INET && family != AF_INET6)
		return -EBADMSG;
	memset(s, 0, sizeof(*s));
	s->table = (uint8_t)table;
	s->family = (uint8_t)family;
	/* "sl:" */
	if (!word(&c, &w, &wl) || w[wl - 1] != ':' || !hex(w, wl - 1, &v))
		return -EBADMSG;
	if (!word(&c, &w, &wl) || !addr(w, wl, family, s->laddr, &s->lport))
		return -EBADMSG;
	if (!word(&c, &w, &wl) || !addr(w, wl, family, s->raddr, &s->rport))
		return -EBADMSG;
	if (!word(&c, &w, &wl) || wl > 2 || !hex(w, wl, &st))
		return -EBADMSG;
	s->state = st < SV_STATE_MAX ? (uint8_t)st : SV_STATE_UNKNOWN;
	/* tx_queue:rx_queue */
	if (!word(&c, &w, &wl) || !pair(w, wl, 0, 8, &a, &al, &v) || !hex(a, al, &st) ||
	    al > 8)
		return -EBADMSG;
	s->wqueue = (uint32_t)st;
	s->rqueue = (uint32_t)v;
	/* tr:tm->when, retrnsmt */
	if (!word(&c, &w, &wl) || !pair(w, wl, 0, 8, &a, &al, &v) || !hex(a, al, &st))
		return -EBADMSG;
	if (!word(&c, &w, &wl) || !hex(w, wl, &v))
		return -EBADMSG;
	if (!word(&c, &w, &wl) || !dec32(w, wl, &s->uid))
		return -EBADMSG;
	if (!word(&c, &w, &wl) || !dec32(w, wl, &u)) /* timeout */
		return -EBADMSG;
	if (!word(&c, &w, &wl) || !dec32(w, wl, &s->inode))
		return -EBADMSG;
	return 0; /* ref, pointer, drops: nothing ss shows from them */
}

/* Does the header line start with "sl"? */
static bool header_ok(const char *p, size_t len)
{
	struct cur c = { p, p + len };
	const char *w;
	size_t wl;

	return word(&c, &w, &wl) && wl == 2 && memcmp(w, "sl", 2) == 0;
}

/* See proc_raw.h. */
int sv_proc_raw_parse(const char *text, size_t len, int family, enum sv_table table,
		      sv_diag_cb cb, void *data, size_t *line)
{
	const char *p = text, *end = text + len;

	*line = 0;
	for (size_t ln = 1; p < end; ln++) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((eol ? eol : end) - p);
		struct sv_sock s;
		int ret;

		if (ln == 1 && !header_ok(p, n)) {
			*line = 1;
			return -EBADMSG;
		}
		if (ln > 1 && n > 0) {
			if (sv_proc_raw_line(p, n, family, table, &s) < 0) {
				*line = ln;
				return -EBADMSG;
			}
			ret = cb(&s, data);
			if (ret < 0)
				return ret;
		}
		p += n + 1;
	}
	if (len == 0) {
		*line = 1;
		return -EBADMSG;
	}
	return 0;
}
