/* watch.c - --watch's snapshots and their changes (watch.h). */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/grow.h"
#include "sockview/watch.h"

/* See watch.h. */
const char *sv_watch_change_name(enum sv_watch_change c)
{
	static const char *const names[] = { "same", "new", "closed", "changed" };

	return c <= SV_WATCH_CHANGED ? names[c] : "?";
}

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull; /* FNV-1a */
	return h;
}

/* See watch.h. */
uint64_t sv_watch_key(const struct sv_sock *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = mix(h, &s->table, sizeof(s->table));
	h = mix(h, &s->family, sizeof(s->family));
	h = mix(h, &s->inode, sizeof(s->inode));
	h = mix(h, &s->cookie, sizeof(s->cookie));
	if (s->family == AF_INET || s->family == AF_INET6) {
		h = mix(h, s->laddr, sizeof(s->laddr));
		h = mix(h, s->raddr, sizeof(s->raddr));
		h = mix(h, &s->lport, sizeof(s->lport));
		h = mix(h, &s->rport, sizeof(s->rport));
	}
	return h;
}

/* See watch.h. */
int sv_watch_add(struct sv_watch_snap *s, uint64_t key, uint8_t state, const char *text,
		 size_t len)
{
	if (sv_grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v), 256) < 0 ||
	    sv_grow((void **)&s->text, &s->tcap, s->tlen + len + 1, 1, 65536) < 0)
		return -ENOMEM;
	memcpy(s->text + s->tlen, text, len);
	s->text[s->tlen + len] = '\0';
	s->v[s->n++] = (struct sv_watch_entry){ .key = key, .state = state, .off = s->tlen,
						.len = len };
	s->tlen += len + 1;
	return 0;
}

static int by_key(const void *a, const void *b, void *ctx)
{
	const struct sv_watch_entry *v = ctx;
	uint64_t x = v[*(const size_t *)a].key, y = v[*(const size_t *)b].key;

	return (x > y) - (x < y);
}

/* See watch.h. */
int sv_watch_index(struct sv_watch_snap *s)
{
	if (sv_grow((void **)&s->by_key, &s->by_cap, s->n + 1, sizeof(*s->by_key), 256) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < s->n; i++)
		s->by_key[i] = i;
	qsort_r(s->by_key, s->n, sizeof(*s->by_key), by_key, s->v);
	return 0;
}

/* The index in s of key, or SIZE_MAX. */
static size_t lookup(const struct sv_watch_snap *s, uint64_t key)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k = s->v[s->by_key[mid]].key;

		if (k == key)
			return s->by_key[mid];
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* See watch.h. */
int sv_watch_diff(const struct sv_watch_snap *old, const struct sv_watch_snap *new,
		  enum sv_watch_change **changes, size_t **closed, size_t *nclosed)
{
	*changes = malloc((new->n + 1) * sizeof(**changes));
	*closed = malloc((old->n + 1) * sizeof(**closed));
	*nclosed = 0;
	if (!*changes || !*closed) {
		free(*changes);
		free(*closed);
		*changes = NULL;
		*closed = NULL;
		return -ENOMEM;
	}
	for (size_t i = 0; i < new->n; i++) {
		size_t j = lookup(old, new->v[i].key);

		(*changes)[i] = j == SIZE_MAX ? SV_WATCH_NEW :
				old->v[j].state != new->v[i].state ? SV_WATCH_CHANGED : SV_WATCH_SAME;
	}
	for (size_t j = 0; j < old->n; j++)
		if (lookup(new, old->v[j].key) == SIZE_MAX)
			(*closed)[(*nclosed)++] = j;
	return 0;
}

/* See watch.h. */
void sv_watch_clear(struct sv_watch_snap *s)
{
	s->n = 0;
	s->tlen = 0;
}

/* See watch.h. */
void sv_watch_free(struct sv_watch_snap *s)
{
	free(s->v);
	free(s->by_key);
	free(s->text);
	memset(s, 0, sizeof(*s));
}
