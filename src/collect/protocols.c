/* protocols.c - socket counts per protocol from /proc/net/protocols
 * (protocols.h). */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "sockview/protocols.h"

/* The next whitespace-separated word of [*p, end), or false at the line's
 * end. */
static bool next_word(const char **p, const char *end, const char **w, size_t *wl)
{
	const char *s = *p;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	*w = s;
	while (s < end && *s != ' ' && *s != '\t')
		s++;
	*wl = (size_t)(s - *w);
	*p = s;
	return *wl > 0;
}

static bool word_is(const char *w, size_t wl, const char *name)
{
	return strlen(name) == wl && memcmp(w, name, wl) == 0;
}

/* A decimal number of at most 19 digits. */
static bool word_u64(const char *w, size_t wl, uint64_t *v)
{
	uint64_t x = 0;

	if (wl == 0 || wl > 19)
		return false;
	for (size_t i = 0; i < wl; i++) {
		if (w[i] < '0' || w[i] > '9')
			return false;
		x = x * 10 + (uint64_t)(w[i] - '0');
	}
	*v = x;
	return true;
}

/* Is the row's name one of names? */
static bool wanted(const char *w, size_t wl, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (word_is(w, wl, names[i]))
			return true;
	return false;
}

/* See protocols.h. */
int sv_protocols_count(const char *text, size_t len, const char *const *names,
		       size_t n, uint64_t *count, size_t *rows, size_t *line)
{
	const char *p = text, *end = text + len;
	uint64_t total = 0;
	size_t found = 0;

	*line = 0;
	for (size_t ln = 1; p < end; ln++) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q = p;
		const char *w[3];
		size_t wl[3];
		uint64_t v = 0;
		bool ok = true;

		if (!eol)
			eol = end;
		for (int k = 0; k < 3 && ok; k++)
			ok = next_word(&q, eol, &w[k], &wl[k]);
		if (ln == 1 && (!ok || !word_is(w[0], wl[0], "protocol") ||
				!word_is(w[2], wl[2], "sockets"))) {
			*line = 1;
			return -EBADMSG;
		}
		if (ln > 1 && (!ok || !word_u64(w[2], wl[2], &v))) {
			*line = ln;
			return -EBADMSG;
		}
		if (ln > 1 && wanted(w[0], wl[0], names, n)) {
			total += v;
			found++;
		}
		p = eol + 1;
	}
	if (len == 0) {
		*line = 1;
		return -EBADMSG;
	}
	*count = total;
	if (rows)
		*rows = found;
	return 0;
}
