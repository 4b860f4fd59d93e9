/* netstat.c - the kernel's protocol counters from /proc/net/netstat and
 * /proc/net/snmp (netstat.h): a pure parser of their line pairs, and the
 * read of the two files. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/fileio.h"
#include "sockview/netstat.h"

struct span {
	const char *p;
	size_t len;
};

static bool next_line(const char *text, size_t len, size_t *at, struct span *line)
{
	const char *nl;

	if (*at >= len)
		return false;
	line->p = text + *at;
	nl = memchr(line->p, '\n', len - *at);
	line->len = nl ? (size_t)(nl - line->p) : len - *at;
	*at += line->len + 1;
	return true;
}

static bool next_token(struct span *rest, struct span *tok)
{
	while (rest->len && (*rest->p == ' ' || *rest->p == '\t'))
		rest->p++, rest->len--;
	if (!rest->len)
		return false;
	tok->p = rest->p;
	while (rest->len && *rest->p != ' ' && *rest->p != '\t')
		rest->p++, rest->len--;
	tok->len = (size_t)(rest->p - tok->p);
	return true;
}

static int fail(char *err, size_t errlen, unsigned int no, const char *what)
{
	if (errlen)
		snprintf(err, errlen, "line %u: %s", no, what);
	return -EINVAL;
}

/* "Key:" at the start of line: the key's span (without ':'), and the rest. */
static bool line_key(struct span line, struct span *key, struct span *rest)
{
	const char *colon = memchr(line.p, ':', line.len);

	if (!colon || colon == line.p)
		return false;
	key->p = line.p;
	key->len = (size_t)(colon - line.p);
	for (size_t i = 0; i < key->len; i++)
		if (key->p[i] == ' ' || key->p[i] == '\t' || key->p[i] == '\0')
			return false;
	rest->p = colon + 1;
	rest->len = line.len - key->len - 1;
	return true;
}

/* A decimal counter, or a negative one read as its two's complement. */
static bool parse_value(struct span t, uint64_t *v)
{
	bool neg = t.len && t.p[0] == '-';
	uint64_t x = 0;
	size_t i = neg;

	if (i >= t.len || t.len - i > 20)
		return false;
	for (; i < t.len; i++) {
		unsigned int d = (unsigned char)t.p[i] - '0';

		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*v = neg ? (uint64_t)0 - x : x;
	return true;
}

/* The asked-for name "key.name", if it is one. */
static int wanted(const struct sv_netstat *ns, struct span key, struct span name)
{
	for (size_t i = 0; i < ns->n; i++) {
		const char *w = ns->name[i];

		if (strlen(w) == key.len + 1 + name.len && memcmp(w, key.p, key.len) == 0 &&
		    w[key.len] == '.' && memcmp(w + key.len + 1, name.p, name.len) == 0)
			return (int)i;
	}
	return -1;
}

/* One pair: the names on head, the values on vals (same key, checked). */
static int pair(struct sv_netstat *ns, struct span key, struct span names, struct span vals,
		unsigned int no, char *err, size_t errlen)
{
	struct span n = { NULL, 0 }, v = { NULL, 0 };

	for (;;) {
		bool more_n = next_token(&names, &n), more_v = next_token(&vals, &v);
		uint64_t x;
		int i;

		if (!more_n && !more_v)
			return 0;
		if (more_n != more_v)
			return fail(err, errlen, no, "not as many values as names");
		if (!parse_value(v, &x))
			return fail(err, errlen, no, "a value that is not a number");
		i = wanted(ns, key, n);
		if (i >= 0) {
			ns->value[i] = x;
			ns->found |= 1u << i;
		}
	}
}

/* See netstat.h. */
int sv_netstat_parse(const char *text, size_t len, struct sv_netstat *ns, char *err,
		     size_t errlen)
{
	struct span line, key, names, key2, vals;
	size_t at = 0;
	unsigned int no = 0;

	if (!len)
		return fail(err, errlen, 0, "empty input");
	while (next_line(text, len, &at, &line)) {
		no++;
		if (!line.len)
			continue;
		if (!line_key(line, &key, &names))
			return fail(err, errlen, no, "no \"Key:\" at its start");
		if (!next_line(text, len, &at, &line) || (no++, !line_key(line, &key2, &vals)) ||
		    key2.len != key.len || memcmp(key.p, key2.p, key.len) != 0)
			return fail(err, errlen, no, "a line of names without its values");
		if (pair(ns, key, names, vals, no, err, errlen) < 0)
			return -EINVAL;
	}
	return 0;
}

static int read_one(const char *procroot, const char *file, struct sv_netstat *ns,
		    char *err, size_t errlen)
{
	char path[4096], msg[200];
	char *text = NULL;
	size_t len = 0;
	int ret;

	snprintf(path, sizeof(path), "%s/net/%s", procroot, file);
	ret = sv_fileio_read_all(path, &text, &len);
	if (ret < 0) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-ret));
		return ret;
	}
	ret = sv_netstat_parse(text, len, ns, msg, sizeof(msg));
	free(text);
	if (ret < 0)
		snprintf(err, errlen, "%s: %s", path, msg);
	return ret;
}

/* See netstat.h. */
int sv_netstat_read(const char *procroot, struct sv_netstat *ns, char *err, size_t errlen)
{
	int ret = read_one(procroot, "netstat", ns, err, errlen);

	return ret < 0 ? ret : read_one(procroot, "snmp", ns, err, errlen);
}

/* See netstat.h. */
int sv_netstat_get(const struct sv_netstat *ns, const char *name, uint64_t *value)
{
	for (size_t i = 0; i < ns->n; i++) {
		if (strcmp(ns->name[i], name) == 0 && (ns->found >> i) & 1) {
			*value = ns->value[i];
			return 0;
		}
	}
	return -ENOENT;
}
