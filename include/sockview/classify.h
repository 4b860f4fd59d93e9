/* classify.h - port classes, ephemeral ports and connection roles. */
#ifndef SOCKVIEW_CLASSIFY_H
#define SOCKVIEW_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "sockview/sock.h"

/* What classification knows of this host: the kernel's ephemeral port range
 * and which ports have a listener (TCP LISTEN, or an unconnected bound UDP
 * socket), per table. */
struct sv_classify {
	uint16_t eph_lo, eph_hi; /* net.ipv4.ip_local_port_range, inclusive */
	uint8_t served[SV_TABLE_MAX][65536 / 8];
};

/* Reset: no listeners, the given ephemeral range. */
void sv_classify_init(struct sv_classify *c, uint16_t eph_lo, uint16_t eph_hi);

/* Record a socket that serves its local port, if it is one (a TCP
 * listener or an unconnected UDP socket with a port); others are ignored. */
void sv_classify_note(struct sv_classify *c, const struct sv_sock *s);

/* Is port served by a listener in table? */
bool sv_classify_served(const struct sv_classify *c, enum sv_table t,
			uint16_t port);

/* Is port inside the kernel's ephemeral range? */
bool sv_classify_in_range(const struct sv_classify *c, uint16_t port);

/* Fill s->role, s->port_class, s->ephemeral and s->service. */
void sv_classify_sock(const struct sv_classify *c, struct sv_sock *s);

/* Name of a role: "listen", "in", "out" ("-" when not computed). */
const char *sv_classify_role_name(enum sv_role role);

#endif
