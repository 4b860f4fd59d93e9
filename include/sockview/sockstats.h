/* sockstats.h - a listing's totals, kept by group and never by socket:
 * sockets per table, state and class, listeners and their accept queues,
 * the ephemeral range's use and its fullest destination, sockets per local
 * port. Fed row by row (any listing's rows, classified), read by
 * --format=prom and -s. Memory grows with the groups, the listeners of the
 * asked ports and the distinct destinations, never with the sockets. */
#ifndef SOCKVIEW_SOCKSTATS_H
#define SOCKVIEW_SOCKSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/epcount.h"
#include "sockview/sock.h"

struct sv_field;

/* The longest word of a group (a netid, a state, a class) with its NUL;
 * a longer one is cut. */
#define SV_SOCKSTATS_WORD 24

/* What to keep. */
struct sv_sockstats_opts {
	uint16_t eph_lo, eph_hi;    /* net.ipv4.ip_local_port_range */
	const uint8_t *reserved;    /* net.ipv4.ip_local_reserved_ports, 65536
				       bits (bit p % 8 of byte p / 8), or NULL:
				       none */
	const uint8_t *queue_ports; /* listeners on these ports (the same form)
				       get a group of their own, by address,
				       port and device; NULL: none do */
	uint32_t by_port;           /* tables (1 << SV_TABLE_*) whose sockets
				       are counted per local port (the busiest
				       ports); 0: none */
};

/* The sockets of one netid, state and class (the field registry's words:
 * "tcp", "ESTAB", "ephemeral"; cls "" for a socket without a class). */
struct sv_sockstats_group {
	char netid[SV_SOCKSTATS_WORD];
	char state[SV_SOCKSTATS_WORD];
	char cls[SV_SOCKSTATS_WORD];
	uint64_t sockets;
	uint64_t listeners; /* those whose role is listen */
};

/* A table's sockets in LISTEN: their accept queues (Recv-Q) against their
 * backlogs (Send-Q). */
struct sv_sockstats_queues {
	uint64_t listeners;
	uint64_t full;          /* whose queue holds its backlog or more */
	uint32_t max_rq, max_wq; /* the fullest one's queue and backlog (by
				    Recv-Q over Send-Q, a backlog of 0 taken
				    as 1) */
};

/* The listeners (LISTEN) of one address, port and device of the asked
 * ports; several with SO_REUSEPORT. Index i matches listeners.e[i]. */
struct sv_sockstats_listener {
	uint64_t queued;         /* the sum of their Recv-Q */
	uint64_t backlog;        /* the sum of their Send-Q */
	uint32_t max_rq, max_wq; /* the fullest one's */
};

/* A table's sockets on one local port. */
struct sv_sockstats_port {
	uint8_t table;
	uint16_t port;
	uint32_t sockets;
};

struct sv_sockstats {
	struct sv_sockstats_opts o;
	uint32_t range_size;     /* ports in the range, less the reserved */
	struct sv_sockstats_group *g; /* in the order first seen */
	size_t ng;
	struct sv_sockstats_queues q[SV_TABLE_MAX];
	struct sv_epcount listeners; /* the asked ports' listeners (key: table,
					family, address, port, device) */
	struct sv_sockstats_listener *lq; /* their queues, by index */
	uint32_t eph_used[SV_TABLE_MAX]; /* ports of the range (not reserved)
					    some socket of the table is bound
					    to */
	struct sv_epcount dests; /* connections from a port of the range that
				    this host opened (their role neither listen
				    nor in), per destination (key: table,
				    family, peer address, peer port) */
	long dest_max[SV_TABLE_MAX]; /* the index in dests of each table's
					fullest destination, or -1 */
	uint64_t rows;           /* sockets added */
	/* private */
	size_t gcap, lqcap;
	uint32_t *gslot;         /* the groups' hash: index + 1, 0 empty */
	size_t ngslots;
	size_t last;             /* the group of the last row */
	uint8_t *eph_bits[SV_TABLE_MAX]; /* ports in use, per table */
	uint32_t *port_count[SV_TABLE_MAX]; /* by_port tables: per port */
	const struct sv_field *fnetid, *fstate, *fclass; /* the registry's */
};

/* The ports of lo-hi that are not reserved (reserved: as in the options). */
uint32_t sv_sockstats_range_size(uint16_t lo, uint16_t hi, const uint8_t *reserved);

/* Start st with o (copied; the bitmaps are the caller's and must outlive
 * st). Returns 0 or -ENOMEM. */
int sv_sockstats_init(struct sv_sockstats *st, const struct sv_sockstats_opts *o);

/* Count one classified socket. Returns 0 or -ENOMEM. */
int sv_sockstats_add(struct sv_sockstats *st, const struct sv_sock *s);

/* The busiest local ports of the by_port tables: up to n of them into out,
 * most sockets first (then by table and port). Returns how many. */
size_t sv_sockstats_busiest(const struct sv_sockstats *st, struct sv_sockstats_port *out,
			    size_t n);

/* Free what st holds (init's st; a zeroed one is fine too). */
void sv_sockstats_free(struct sv_sockstats *st);

#endif
