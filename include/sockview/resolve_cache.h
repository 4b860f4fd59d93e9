/* resolve_cache.h - the answers of -r's lookups, one entry per distinct
 * address, and which addresses ss looks up at all (pure, no I/O). */
#ifndef SOCKVIEW_RESOLVE_CACHE_H
#define SOCKVIEW_RESOLVE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where an address's lookup stands. */
enum sv_resolve_state {
	SV_RESOLVE_PENDING = 0, /* asked, no answer yet */
	SV_RESOLVE_NAMED,       /* answered with a name */
	SV_RESOLVE_NONAME,      /* answered: no name (or an error): numeric */
	SV_RESOLVE_LATE,        /* still unanswered when the budget ran out */
};

struct sv_resolve_entry {
	uint8_t family;   /* AF_INET or AF_INET6 */
	uint8_t state;    /* enum sv_resolve_state */
	uint8_t used;     /* the slot holds an entry */
	uint8_t addr[16]; /* IPv4 in the first 4 bytes, the rest zero */
	char *name;       /* SV_RESOLVE_NAMED: the name, as received */
};

/* An open-addressing hash table of entries; zero-initialised is empty. */
struct sv_resolve_cache {
	struct sv_resolve_entry *slot;
	size_t cap;   /* a power of two, or 0 */
	size_t count; /* entries */
};

/* The address ss looks up for addr (family AF_INET or AF_INET6, 4 or 16
 * bytes) into *kfamily and kaddr (16 bytes, zero-padded): an IPv4-mapped
 * IPv6 address is looked up as IPv4, as ss does. Returns false for an
 * address ss never looks up: the IPv6 wildcard (printed "*" when the
 * socket takes IPv4 too; glibc's gethostbyaddr refuses "::" anyway), or an
 * unknown family. */
bool sv_resolve_cache_key(int family, const uint8_t *addr, uint8_t *kfamily,
			  uint8_t kaddr[16]);

/* The entry of (family, addr) (addr: 16 bytes as sv_resolve_cache_key
 * gives them), or NULL. */
struct sv_resolve_entry *sv_resolve_cache_find(const struct sv_resolve_cache *c,
					       uint8_t family, const uint8_t *addr);

/* The entry of (family, addr), added in SV_RESOLVE_PENDING when absent
 * (*added tells which). NULL with ENOMEM. Adding may move every entry:
 * a pointer from an earlier call is stale after it. */
struct sv_resolve_entry *sv_resolve_cache_add(struct sv_resolve_cache *c,
					      uint8_t family, const uint8_t *addr,
					      bool *added);

/* Record e's answer: a name (copied; NULL or "" means none) moves it to
 * SV_RESOLVE_NAMED, else to SV_RESOLVE_NONAME. Returns 0 or -ENOMEM (then
 * it is SV_RESOLVE_NONAME). */
int sv_resolve_cache_answer(struct sv_resolve_entry *e, const char *name);

/* Free every entry's name and the table; the cache is empty after. */
void sv_resolve_cache_free(struct sv_resolve_cache *c);

#endif
