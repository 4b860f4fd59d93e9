/* epcount.c - counts per endpoint: an open-addressing hash map of fixed
 * 24-byte keys (epcount.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/epcount.h"
#include "sockview/grow.h"

_Static_assert(sizeof(struct sv_epcount_key) == 24, "sv_epcount_key has no padding");

/* FNV-1a over the key's bytes. */
static uint64_t hash(const struct sv_epcount_key *k)
{
	const unsigned char *p = (const unsigned char *)k;
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < sizeof(*k); i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h ^ (h >> 29);
}

/* The slot of key: its entry's, or the empty one where it would go. */
static size_t find(const struct sv_epcount *m, const struct sv_epcount_key *k)
{
	size_t mask = m->nslots - 1, i = (size_t)hash(k) & mask;

	while (m->slot[i] && memcmp(&m->e[m->slot[i] - 1].key, k, sizeof(*k)) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Twice the slots, every entry placed again. */
static int rehash(struct sv_epcount *m)
{
	size_t n = m->nslots ? m->nslots * 2 : 64;
	uint32_t *old = m->slot;

	if (n > UINT32_MAX || !(m->slot = calloc(n, sizeof(*m->slot)))) {
		m->slot = old;
		return -ENOMEM;
	}
	m->nslots = n;
	for (size_t i = 0; i < m->n; i++)
		m->slot[find(m, &m->e[i].key)] = (uint32_t)(i + 1);
	free(old);
	return 0;
}

/* See epcount.h. */
long sv_epcount_add(struct sv_epcount *m, const struct sv_epcount_key *key)
{
	size_t i;

	if ((m->n + 1) * 2 > m->nslots && rehash(m) < 0)
		return -ENOMEM;
	i = find(m, key);
	if (!m->slot[i]) {
		if (sv_grow((void **)&m->e, &m->cap, m->n + 1, sizeof(*m->e), 64) < 0)
			return -ENOMEM;
		m->e[m->n] = (struct sv_epcount_entry){ .key = *key };
		m->slot[i] = (uint32_t)++m->n;
	}
	m->e[m->slot[i] - 1].n++;
	return (long)m->slot[i] - 1;
}

/* See epcount.h. */
void sv_epcount_free(struct sv_epcount *m)
{
	free(m->e);
	free(m->slot);
	memset(m, 0, sizeof(*m));
}
