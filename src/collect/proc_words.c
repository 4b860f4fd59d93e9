/* proc_words.c - the words of a /proc/net line and their numbers. Pure. */
#include <errno.h>
#include <string.h>

#include "proc_words.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* See proc_words.h. */
int sv_proc_words_split(const char *line, size_t len, const char *w[], size_t wl[],
			int max)
{
	int n = 0;

	for (size_t i = 0; i < len;) {
		size_t start;

		while (i < len && blank(line[i]))
			i++;
		if (i == len)
			break;
		if (n == max)
			return -1;
		start = i;
		while (i < len && !blank(line[i]))
			i++;
		w[n] = line + start;
		wl[n++] = i - start;
	}
	return n;
}

/* See proc_words.h. */
bool sv_proc_words_number(const char *w, size_t len, unsigned int base, uint64_t max,
			  uint64_t *v)
{
	*v = 0;
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned int d;
		char c = w[i];

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			return false;
		if (d > max || *v > (max - d) / base)
			return false;
		*v = *v * base + d;
	}
	return true;
}

/* See proc_words.h. */
int sv_proc_words_numbers(const char *line, size_t len, const char *head,
			  const struct sv_proc_field *fields, int n, uint64_t *v)
{
	const char *w[SV_PROC_WORDS_MAX];
	size_t wl[SV_PROC_WORDS_MAX];
	int got = sv_proc_words_split(line, len, w, wl, n);

	if (got > 0 && wl[0] == strlen(head) && memcmp(w[0], head, wl[0]) == 0)
		return 1;
	if (got != n)
		return -EBADMSG;
	for (int i = 0; i < n; i++)
		if (!sv_proc_words_number(w[i], wl[i], fields[i].base, fields[i].max, &v[i]))
			return -EBADMSG;
	return 0;
}
