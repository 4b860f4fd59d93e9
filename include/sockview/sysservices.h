/* sysservices.h - the system's services database (/etc/services through the
 * C library's NSS), as ss reads it: port <-> name for tcp and udp. */
#ifndef SOCKVIEW_SYSSERVICES_H
#define SOCKVIEW_SYSSERVICES_H

#include <stddef.h>
#include <stdint.h>

#include "sockview/sock.h"

struct sv_sysservices; /* opaque: port<->name for tcp and udp */

/* Load the C library's services database once (setservent/getservent/
 * endservent). Returns 0 and sets *out (an empty table when the database is
 * missing or empty), or -ENOMEM. Entries of protocols other than tcp and
 * udp are skipped. */
int sv_sysservices_load(struct sv_sysservices **out);

/* One entry, for building a table in tests and fuzzers. */
struct sv_sysservices_entry {
	const char *name;
	const char *const *aliases; /* NULL-terminated or NULL */
	uint16_t port;              /* host byte order */
	enum sv_proto proto;        /* its protocol: tcp or udp */
};

/* Build from entries, in database order (the first entry of a port wins, as
 * getservbyport returns the first; so does the first entry of a name).
 * Entries with a NULL name or an invalid protocol are skipped; the strings are
 * copied. 0 or -ENOMEM. */
int sv_sysservices_new(const struct sv_sysservices_entry *e, size_t n,
		       struct sv_sysservices **out);

/* The name getservbyport(port, the protocol) would give, or NULL (also
 * for a NULL s or an invalid protocol). O(log n), no allocation: it is called
 * twice per printed row. The string lives as long as s. */
const char *sv_sysservices_name(const struct sv_sysservices *s, uint16_t port,
				enum sv_proto t);

/* The name getservbyport(port, NULL) would give: the first entry of the
 * port in the database, whatever its protocol (tcp and udp entries only),
 * or NULL. */
const char *sv_sysservices_name_any(const struct sv_sysservices *s, uint16_t port);

/* The port getservbyname(name, the protocol) would give (name or alias,
 * compared exactly, case included, as the C library compares). 0 and
 * *port, or -ENOENT (also for a NULL s or an invalid protocol); -EINVAL for a
 * NULL name or port. O(log n). */
int sv_sysservices_port(const struct sv_sysservices *s, const char *name,
			enum sv_proto t, uint16_t *port);

/* Free a table (NULL is fine). */
void sv_sysservices_free(struct sv_sysservices *s);

#endif
