/* sysprotocols.h - the system's protocols database (/etc/protocols through
 * the C library's NSS), as ss reads it for raw sockets: number -> name. */
#ifndef SOCKVIEW_SYSPROTOCOLS_H
#define SOCKVIEW_SYSPROTOCOLS_H

#include <stddef.h>
#include <stdint.h>

struct sv_sysprotocols; /* opaque: a name for each of the 256 IP protocols */

/* Load the database once (setprotoent/getprotoent/endprotoent): the first
 * entry of a number wins, as getprotobynumber returns the first. Returns 0
 * and sets *out (an empty table when the database is missing), or
 * -ENOMEM. */
int sv_sysprotocols_load(struct sv_sysprotocols **out);

/* One entry, for building a table in tests. */
struct sv_sysprotocols_entry {
	const char *name;
	int number; /* entries outside 0-255 are skipped */
};

/* Build from entries in database order (the strings are copied). 0 or
 * -ENOMEM. */
int sv_sysprotocols_new(const struct sv_sysprotocols_entry *e, size_t n,
			struct sv_sysprotocols **out);

/* The name of protocol number proto, or NULL (also for a NULL p). */
const char *sv_sysprotocols_name(const struct sv_sysprotocols *p, uint8_t proto);

/* Free (NULL is fine). */
void sv_sysprotocols_free(struct sv_sysprotocols *p);

#endif
