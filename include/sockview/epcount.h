/* epcount.h - counts per endpoint (table, family, address, port, device):
 * a hash map whose memory grows with the distinct endpoints counted, never
 * with the sockets (the fullest destination of --format=prom and -s, why's
 * ephemeral rule, the listeners of --prom-ports). */
#ifndef SOCKVIEW_EPCOUNT_H
#define SOCKVIEW_EPCOUNT_H

#include <stddef.h>
#include <stdint.h>

/* An endpoint; every member is part of the key (zero what does not
 * matter). 24 bytes, no padding: keys compare with memcmp. */
struct sv_epcount_key {
	uint8_t table;    /* enum sv_table */
	uint8_t family;   /* AF_INET, AF_INET6 */
	uint16_t port;
	uint32_t ifindex; /* the device it is bound to, or 0 */
	uint8_t addr[16]; /* network order; IPv4 in the first 4 bytes, the
			     rest zero */
};

struct sv_epcount_entry {
	struct sv_epcount_key key;
	uint64_t n; /* how many times it was added */
};

/* The map; zero it to start (no allocation until the first add). */
struct sv_epcount {
	struct sv_epcount_entry *e; /* the entries, in the order first added */
	size_t n, cap;
	uint32_t *slot;             /* open addressing: entry index + 1, 0 empty */
	size_t nslots;              /* a power of two, at least twice n */
};

/* Count key once more. Returns the index of its entry in m->e (an entry
 * keeps its index; the array may move), or -ENOMEM (m unchanged). */
long sv_epcount_add(struct sv_epcount *m, const struct sv_epcount_key *key);

/* Free what m holds and zero it. */
void sv_epcount_free(struct sv_epcount *m);

#endif
