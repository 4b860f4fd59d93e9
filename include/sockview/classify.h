/* classify.h - port classes, ephemeral ports and connection roles. */
#ifndef SOCKVIEW_CLASSIFY_H
#define SOCKVIEW_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "sockview/sock.h"

/* Listener slots: up to half of them are used (open addressing); past
 * that, a port's listeners are told apart by port only. */
#define SV_CLASSIFY_SLOTS 4096

/* One listener: its table, port and address (wild: 0.0.0.0 or ::). */
struct sv_listener {
	uint16_t port;
	uint8_t table;
	uint8_t family; /* 0: empty slot */
	bool wild;
	uint8_t addr[16];
};

/* What classification knows of this host: the kernel's ephemeral port range
 * and its listeners (TCP LISTEN, or an unconnected bound UDP socket), per
 * table: a bitmap of ports for the quick answer, and their addresses, so
 * that a connection on 10.0.0.5:8080 is not taken as served by a listener
 * on 127.0.0.1:8080. */
struct sv_classify {
	uint16_t eph_lo, eph_hi; /* net.ipv4.ip_local_port_range, inclusive */
	uint8_t served[SV_TABLE_MAX][65536 / 8];
	struct sv_listener lst[SV_CLASSIFY_SLOTS];
	uint32_t nlst;
	bool overflow;           /* too many listeners: match by port only */
};

/* Reset: no listeners, the given ephemeral range. */
void sv_classify_init(struct sv_classify *c, uint16_t eph_lo, uint16_t eph_hi);

/* Record a socket that serves its local port, if it is one (a TCP
 * listener or an unconnected UDP socket with a port); others are ignored. */
void sv_classify_note(struct sv_classify *c, const struct sv_sock *s);

/* Is port served by a listener in table (on any address)? */
bool sv_classify_served(const struct sv_classify *c, enum sv_table t,
			uint16_t port);

/* Is the socket's local address and port served by a listener: one on
 * the same port and table, bound to the same address or to the wildcard of
 * the same family (an IPv4 peer of a dual-stack listener has an IPv6,
 * v4-mapped, local address)? */
bool sv_classify_serves_sock(const struct sv_classify *c,
			     const struct sv_sock *s);

/* Is port inside the kernel's ephemeral range? */
bool sv_classify_in_range(const struct sv_classify *c, uint16_t port);

/* Fill s->role, s->port_class, s->ephemeral and s->service. */
void sv_classify_sock(const struct sv_classify *c, struct sv_sock *s);

/* Name of a role: "listen", "in", "out" ("-" when not computed). */
const char *sv_classify_role_name(enum sv_role role);

#endif
