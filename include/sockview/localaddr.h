/* localaddr.h - this network namespace's own addresses (an RTM_GETADDR
 * dump), so that a connection to a listener of this host can be told from
 * one to another host. */
#ifndef SOCKVIEW_LOCALADDR_H
#define SOCKVIEW_LOCALADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One address: AF_INET (the first 4 bytes) or AF_INET6. */
struct sv_localaddr {
	uint8_t family;
	uint8_t addr[16];
};

/* A set of addresses (kept sorted; a few per interface). */
struct sv_localaddrs {
	struct sv_localaddr *v;
	size_t n, cap;
};

/* Parse len bytes of an RTM_GETADDR dump as one recv() returns them and add
 * each IPv4 and IPv6 address (IFA_LOCAL, else IFA_ADDRESS). Returns 1 when
 * NLMSG_DONE was seen, 0 when more is to come, -ENOMEM, or -EBADMSG for a
 * truncated or malformed message (err says where), or the errno of an
 * NLMSG_ERROR. */
int sv_localaddr_parse(const void *buf, size_t len, struct sv_localaddrs *set,
		       char *err, size_t errlen);

/* Read this network namespace's addresses over a NETLINK_ROUTE socket.
 * Returns 0 or a negative errno (err says what failed). */
int sv_localaddr_read(struct sv_localaddrs *set, char *err, size_t errlen);

/* Add an address (once). Returns 0 or -ENOMEM. */
int sv_localaddr_add(struct sv_localaddrs *set, uint8_t family, const uint8_t *addr);

/* Is addr one of the set, or a loopback address (127.0.0.0/8, ::1), which
 * is always this host's? addr has 4 bytes for AF_INET, 16 for AF_INET6. */
bool sv_localaddr_is_local(const struct sv_localaddrs *set, uint8_t family,
			   const uint8_t *addr);

/* Free the set's memory (the struct is the caller's). */
void sv_localaddr_free(struct sv_localaddrs *set);

#endif
