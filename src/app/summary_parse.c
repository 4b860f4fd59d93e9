/* summary_parse.c - pure parsers of /proc/net/sockstat{,6} and snmp text. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "sockview/summary.h"

/* One counter sockview reads: "KEY: ... name value ..." -> a long field. */
struct field {
	const char *key;  /* without the colon */
	const char *name;
	size_t off;       /* offsetof(struct sv_summary, ...) */
	unsigned int have; /* SV_SUMMARY_HAVE_* */
};

#define FIELD(k, n, member, bit)                                               \
	{ .key = k, .name = n, .off = offsetof(struct sv_summary, member),     \
	  .have = bit }

static const struct field sockstat_fields[] = {
	FIELD("sockets", "used", sockets_used, SV_SUMMARY_HAVE_SOCKETS_USED),
	FIELD("TCP", "inuse", tcp_inuse, SV_SUMMARY_HAVE_TCP_INUSE),
	FIELD("TCP", "orphan", tcp_orphan, SV_SUMMARY_HAVE_TCP_ORPHAN),
	FIELD("TCP", "tw", tcp_tw, SV_SUMMARY_HAVE_TCP_TW),
	FIELD("TCP", "alloc", tcp_alloc, SV_SUMMARY_HAVE_TCP_ALLOC),
	FIELD("TCP", "mem", tcp_mem, SV_SUMMARY_HAVE_TCP_MEM),
	FIELD("UDP", "inuse", udp_inuse, SV_SUMMARY_HAVE_UDP_INUSE),
	FIELD("RAW", "inuse", raw_inuse, SV_SUMMARY_HAVE_RAW_INUSE),
	FIELD("FRAG", "inuse", frag_inuse, SV_SUMMARY_HAVE_FRAG_INUSE),
	FIELD("TCP6", "inuse", tcp6_inuse, SV_SUMMARY_HAVE_TCP6_INUSE),
	FIELD("UDP6", "inuse", udp6_inuse, SV_SUMMARY_HAVE_UDP6_INUSE),
	FIELD("RAW6", "inuse", raw6_inuse, SV_SUMMARY_HAVE_RAW6_INUSE),
	FIELD("FRAG6", "inuse", frag6_inuse, SV_SUMMARY_HAVE_FRAG6_INUSE),
};

static const struct field snmp_fields[] = {
	FIELD("Tcp", "CurrEstab", tcp_estab, SV_SUMMARY_HAVE_TCP_ESTAB),
};

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* A piece of the input: a line, a token, or what is left of a line. */
struct span {
	const char *p;
	size_t len;
};

/* The input cut into lines; no counts the line last returned, from 1. */
struct lines {
	const char *p, *end;
	unsigned int no;
};

/* Returns the next line without its '\n' in *line, or false at the end. */
static bool next_line(struct lines *ls, struct span *line)
{
	const char *nl;

	if (ls->p >= ls->end)
		return false;
	nl = memchr(ls->p, '\n', (size_t)(ls->end - ls->p));
	line->p = ls->p;
	line->len = (size_t)((nl ? nl : ls->end) - ls->p);
	ls->p = nl ? nl + 1 : ls->end;
	ls->no++;
	return true;
}

/* Cuts the next blank-separated token off *rest, or returns false. */
static bool next_token(struct span *rest, struct span *tok)
{
	while (rest->len && (*rest->p == ' ' || *rest->p == '\t')) {
		rest->p++;
		rest->len--;
	}
	if (!rest->len)
		return false;
	tok->p = rest->p;
	while (rest->len && *rest->p != ' ' && *rest->p != '\t') {
		rest->p++;
		rest->len--;
	}
	tok->len = (size_t)(rest->p - tok->p);
	return true;
}

/* Quotes a token for a message: at most 24 bytes, unprintables as '?'. */
static const char *quote(struct span t, char *buf, size_t size)
{
	size_t i, n = t.len < 24 ? t.len : 24;

	if (n > size - 4)
		n = size - 4;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t.p[i];

		buf[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	strcpy(buf + i, n < t.len ? "..." : "");
	return buf;
}

/* Writes "line N: <message>" into err and returns -EINVAL. */
__attribute__((format(printf, 4, 5)))
static int fail(char *err, size_t errlen, unsigned int no, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err || !errlen)
		return -EINVAL;
	n = snprintf(err, errlen, "line %u: ", no);
	if (n >= 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* The message for a text of no bytes at all; returns -EINVAL. */
static int empty(char *err, size_t errlen)
{
	if (err && errlen)
		snprintf(err, errlen, "empty input");
	return -EINVAL;
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* A counter name: a letter, then letters, digits, '_', '-' or '.'. */
static bool is_name(struct span t)
{
	size_t i;

	if (!((*t.p >= 'a' && *t.p <= 'z') || (*t.p >= 'A' && *t.p <= 'Z')))
		return false;
	for (i = 1; i < t.len; i++)
		if (!is_word_char(t.p[i]))
			return false;
	return true;
}

/* A key: a name followed by ':' ("TCP:", "sockets:", "IcmpMsg:"). */
static bool is_key(struct span t)
{
	return t.len >= 2 && t.p[t.len - 1] == ':' &&
	       is_name((struct span){ t.p, t.len - 1 });
}

/* Parses [-]digits into *v. Returns 0, -EINVAL or -ERANGE. */
static int parse_long(struct span t, long *v)
{
	bool neg = t.len && *t.p == '-';
	unsigned long acc = 0, lim = neg ? (unsigned long)LONG_MAX + 1 : LONG_MAX;
	size_t i = neg;

	if (i == t.len)
		return -EINVAL;
	for (; i < t.len; i++) {
		unsigned int d = (unsigned int)(unsigned char)t.p[i] - '0';

		if (d > 9)
			return -EINVAL;
		if (acc > (lim - d) / 10)
			return -ERANGE;
		acc = acc * 10 + d;
	}
	*v = neg ? (acc ? -(long)(acc - 1) - 1 : 0) : (long)acc;
	return 0;
}

static bool span_is(struct span t, const char *s)
{
	return strlen(s) == t.len && memcmp(t.p, s, t.len) == 0;
}

/* Stores v into the field named key (with its colon) and name, if known. */
static void store(const struct field *f, size_t nf, struct span key,
		  struct span name, long v, struct sv_summary *s)
{
	struct span k = { key.p, key.len - 1 };
	size_t i;

	for (i = 0; i < nf; i++) {
		if (span_is(k, f[i].key) && span_is(name, f[i].name)) {
			*(long *)(void *)((char *)s + f[i].off) = v;
			s->found |= f[i].have;
		}
	}
}

/* Checks a value token and converts it; messages name line no. */
static int value(struct span t, unsigned int no, long *v, char *err,
		 size_t errlen)
{
	char q[32];
	int ret = parse_long(t, v);

	if (ret == -ERANGE)
		return fail(err, errlen, no, "\"%s\" is out of range",
			    quote(t, q, sizeof(q)));
	if (ret)
		return fail(err, errlen, no, "\"%s\" is not a number",
			    quote(t, q, sizeof(q)));
	return 0;
}

/* Cuts the leading "KEY:" off *rest into *key. */
static int line_key(struct span *rest, unsigned int no, struct span *key,
		    char *err, size_t errlen)
{
	char q[32];

	if (!next_token(rest, key))
		return fail(err, errlen, no, "blank line");
	if (!is_key(*key))
		return fail(err, errlen, no, "expected \"KEY:\" at the start, got \"%s\"",
			    quote(*key, q, sizeof(q)));
	return 0;
}

/* One sockstat line: "KEY: name value name value ...". */
static int sockstat_line(struct span rest, unsigned int no,
			 struct sv_summary *s, char *err, size_t errlen)
{
	struct span key, name, val;
	unsigned int pairs = 0;
	char q[32];
	long v;
	int ret;

	ret = line_key(&rest, no, &key, err, errlen);
	if (ret)
		return ret;
	while (next_token(&rest, &name)) {
		if (!is_name(name))
			return fail(err, errlen, no, "\"%s\" is not a counter name",
				    quote(name, q, sizeof(q)));
		if (!next_token(&rest, &val))
			return fail(err, errlen, no, "\"%s\" has no value",
				    quote(name, q, sizeof(q)));
		ret = value(val, no, &v, err, errlen);
		if (ret)
			return ret;
		store(sockstat_fields, NFIELDS(sockstat_fields), key, name, v, s);
		pairs++;
	}
	if (!pairs)
		return fail(err, errlen, no, "no counters after \"%s\"",
			    quote(key, q, sizeof(q)));
	return 0;
}

/* See summary.h. On error *s is left untouched. */
int sv_summary_parse_sockstat(const char *text, size_t len, struct sv_summary *s,
			      char *err, size_t errlen)
{
	struct lines ls = { text, text + len, 0 };
	struct sv_summary tmp = *s;
	struct span line;
	int ret;

	if (!len)
		return empty(err, errlen);
	while (next_line(&ls, &line)) {
		ret = sockstat_line(line, ls.no, &tmp, err, errlen);
		if (ret)
			return ret;
	}
	*s = tmp;
	return 0;
}

/* The counters of one snmp pair: names on line hno (already checked),
 * values on line vno. */
static int snmp_counters(struct span head, unsigned int hno, struct span vals,
			 unsigned int vno, struct span key, struct sv_summary *s,
			 char *err, size_t errlen)
{
	struct span name = { 0 }, val = { 0 };
	char q[32];
	long v;
	int ret;

	for (;;) {
		bool hn = next_token(&head, &name), vn = next_token(&vals, &val);

		if (!hn && !vn)
			break;
		if (!hn)
			return fail(err, errlen, vno, "more values than names on line %u",
				    hno);
		if (!vn)
			return fail(err, errlen, vno, "no value for \"%s\"",
				    quote(name, q, sizeof(q)));
		ret = value(val, vno, &v, err, errlen);
		if (ret)
			return ret;
		store(snmp_fields, NFIELDS(snmp_fields), key, name, v, s);
	}
	return 0;
}

/* Checks the names of an snmp header line (after its key). */
static int header_names(struct span rest, unsigned int no, struct span key,
			char *err, size_t errlen)
{
	struct span name = { 0 };
	unsigned int n = 0;
	char q[32];

	while (next_token(&rest, &name)) {
		if (!is_name(name))
			return fail(err, errlen, no, "\"%s\" is not a counter name",
				    quote(name, q, sizeof(q)));
		n++;
	}
	if (!n)
		return fail(err, errlen, no, "no counters after \"%s\"",
			    quote(key, q, sizeof(q)));
	return 0;
}

/* One snmp pair: "Key: name ..." on line hno, "Key: value ..." on the next. */
static int snmp_pair(struct span head, unsigned int hno, struct lines *ls,
		     struct sv_summary *s, char *err, size_t errlen)
{
	struct span vals, hkey, vkey;
	char q[32], q2[32];
	int ret;

	ret = line_key(&head, hno, &hkey, err, errlen);
	if (!ret)
		ret = header_names(head, hno, hkey, err, errlen);
	if (ret)
		return ret;
	if (!next_line(ls, &vals))
		return fail(err, errlen, hno, "\"%s\" has no line of values",
			    quote(hkey, q, sizeof(q)));
	ret = line_key(&vals, ls->no, &vkey, err, errlen);
	if (ret)
		return ret;
	if (vkey.len != hkey.len || memcmp(vkey.p, hkey.p, hkey.len) != 0)
		return fail(err, errlen, ls->no, "\"%s\" after \"%s\" on line %u",
			    quote(vkey, q, sizeof(q)), quote(hkey, q2, sizeof(q2)),
			    hno);
	return snmp_counters(head, hno, vals, ls->no, hkey, s, err, errlen);
}

/* See summary.h. On error *s is left untouched. */
int sv_summary_parse_snmp(const char *text, size_t len, struct sv_summary *s,
			  char *err, size_t errlen)
{
	struct lines ls = { text, text + len, 0 };
	struct sv_summary tmp = *s;
	struct span head;
	int ret;

	if (!len)
		return empty(err, errlen);
	while (next_line(&ls, &head)) {
		ret = snmp_pair(head, ls.no, &ls, &tmp, err, errlen);
		if (ret)
			return ret;
	}
	*s = tmp;
	return 0;
}
