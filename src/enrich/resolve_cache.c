/* resolve_cache.c - -r's answers, one entry per distinct address, in an
 * open-addressing hash table; and which addresses ss looks up. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/resolve_cache.h"

/* See resolve_cache.h. */
bool sv_resolve_cache_key(int family, const uint8_t *addr, uint8_t *kfamily,
			  uint8_t kaddr[16])
{
	static const uint8_t any6[16];
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

	memset(kaddr, 0, 16);
	if (family == AF_INET) {
		*kfamily = AF_INET;
		memcpy(kaddr, addr, 4);
		return true;
	}
	if (family != AF_INET6 || memcmp(addr, any6, 16) == 0)
		return false;
	if (memcmp(addr, mapped, sizeof(mapped)) == 0) {
		*kfamily = AF_INET;
		memcpy(kaddr, addr + 12, 4);
		return true;
	}
	*kfamily = AF_INET6;
	memcpy(kaddr, addr, 16);
	return true;
}

/* FNV-1a over the family and the 16 bytes. */
static size_t hash(uint8_t family, const uint8_t *addr)
{
	uint64_t h = 1469598103934665603ull ^ family;

	h *= 1099511628211ull;
	for (int i = 0; i < 16; i++) {
		h ^= addr[i];
		h *= 1099511628211ull;
	}
	return (size_t)(h ^ (h >> 29));
}

/* The slot of (family, addr) in c, or the empty slot where it would go. */
static struct sv_resolve_entry *probe(const struct sv_resolve_cache *c, uint8_t family,
				      const uint8_t *addr)
{
	size_t mask = c->cap - 1, i = hash(family, addr) & mask;

	for (;; i = (i + 1) & mask) {
		struct sv_resolve_entry *e = &c->slot[i];

		if (!e->used || (e->family == family && memcmp(e->addr, addr, 16) == 0))
			return e;
	}
}

/* See resolve_cache.h. */
struct sv_resolve_entry *sv_resolve_cache_find(const struct sv_resolve_cache *c,
					       uint8_t family, const uint8_t *addr)
{
	struct sv_resolve_entry *e;

	if (!c->cap)
		return NULL;
	e = probe(c, family, addr);
	return e->used ? e : NULL;
}

/* Double the table (or make its first 64 slots); -ENOMEM leaves it. */
static int grow(struct sv_resolve_cache *c)
{
	struct sv_resolve_cache n = { .cap = c->cap ? c->cap * 2 : 64 };

	if (n.cap < c->cap)
		return -ENOMEM;
	n.slot = calloc(n.cap, sizeof(*n.slot));
	if (!n.slot)
		return -ENOMEM;
	for (size_t i = 0; i < c->cap; i++)
		if (c->slot[i].used)
			*probe(&n, c->slot[i].family, c->slot[i].addr) = c->slot[i];
	n.count = c->count;
	free(c->slot);
	*c = n;
	return 0;
}

/* See resolve_cache.h. */
struct sv_resolve_entry *sv_resolve_cache_add(struct sv_resolve_cache *c,
					      uint8_t family, const uint8_t *addr,
					      bool *added)
{
	struct sv_resolve_entry *e = sv_resolve_cache_find(c, family, addr);

	*added = false;
	if (e)
		return e;
	if ((c->count + 1) * 2 > c->cap && grow(c) < 0) { /* load at most 1/2 */
		errno = ENOMEM;
		return NULL;
	}
	e = probe(c, family, addr);
	memset(e, 0, sizeof(*e));
	e->used = 1;
	e->family = family;
	e->state = SV_RESOLVE_PENDING;
	memcpy(e->addr, addr, 16);
	c->count++;
	*added = true;
	return e;
}

/* See resolve_cache.h. */
int sv_resolve_cache_answer(struct sv_resolve_entry *e, const char *name)
{
	free(e->name);
	e->name = NULL;
	e->state = SV_RESOLVE_NONAME;
	if (!name || !name[0])
		return 0;
	e->name = strdup(name);
	if (!e->name)
		return -ENOMEM;
	e->state = SV_RESOLVE_NAMED;
	return 0;
}

/* See resolve_cache.h. */
void sv_resolve_cache_free(struct sv_resolve_cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->slot[i].name);
	free(c->slot);
	memset(c, 0, sizeof(*c));
}
