/* ifnames.h - interface index to name, cached for the length of one run. */
#ifndef SOCKVIEW_IFNAMES_H
#define SOCKVIEW_IFNAMES_H

#include <net/if.h>
#include <stdint.h>

#define SV_IFNAMES_SLOTS 32

/* A small cache: most hosts bind sockets to few devices. */
struct sv_ifnames {
	uint32_t index[SV_IFNAMES_SLOTS];
	char name[SV_IFNAMES_SLOTS][IF_NAMESIZE];
	unsigned int next; /* slot to replace next */
};

/* Empty the cache. */
void sv_ifnames_init(struct sv_ifnames *c);

/* Name of interface idx (the number as text if it has none, e.g. the device
 * went away). The pointer is valid until the next call. */
const char *sv_ifnames_get(struct sv_ifnames *c, uint32_t idx);

/* Seed the cache (tests, recorded dumps). */
void sv_ifnames_put(struct sv_ifnames *c, uint32_t idx, const char *name);

#endif
