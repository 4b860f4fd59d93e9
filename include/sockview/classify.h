/* classify.h - port classes, ephemeral ports and connection roles. */
#ifndef SOCKVIEW_CLASSIFY_H
#define SOCKVIEW_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "sockview/localaddr.h"
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
	bool v6only;    /* an IPv6 wildcard that takes no IPv4 */
	uint8_t addr[16];
};

/* What classification knows of this host: the kernel's ephemeral port range
 * and its listeners (TCP LISTEN, or an unconnected bound UDP socket), per
 * table: a bitmap of ports for the quick answer, and their addresses, so
 * that a connection on 10.0.0.5:8080 is not taken as served by a listener
 * on 127.0.0.1:8080; and the cookies of the connections the kernel bound
 * automatically whose two ports both lie in the ephemeral range (the only
 * ones for which that fact decides the role). */
struct sv_classify {
	uint16_t eph_lo, eph_hi; /* net.ipv4.ip_local_port_range, inclusive */
	uint8_t served[SV_TABLE_MAX][65536 / 8];
	struct sv_listener lst[SV_CLASSIFY_SLOTS];
	uint32_t nlst;
	bool overflow;           /* too many listeners: match by port only */
	uint64_t *autob;         /* open-addressing set of cookies (0: empty) */
	size_t nautob, autob_cap;
	bool autob_known[SV_TABLE_MAX][2]; /* the set is complete for a table
					      and family (IPv4, IPv6) */
	const struct sv_localaddrs *local; /* this host's addresses (the
					      caller's; NULL: loopback only) */
	struct sv_classify_unix *unx;      /* what the unix tables' notes
					      learnt (classify_unix.c) */
};

/* Reset: no listeners, no autobound connections, the given ephemeral
 * range. Call sv_classify_release() when done. */
void sv_classify_init(struct sv_classify *c, uint16_t eph_lo, uint16_t eph_hi);

/* Free what init and the notes allocated (c itself is the caller's). */
void sv_classify_release(struct sv_classify *c);

/* Remember that the kernel bound s's local port automatically, by connect()
 * (the `autobound` condition, decided by the kernel's bytecode). Returns 0
 * or -ENOMEM. */
int sv_classify_note_autobound(struct sv_classify *c, const struct sv_sock *s);

/* Say that every autobound connection of table and family that can matter
 * has been noted (until then, sv_classify_needs_autobound can be true);
 * family AF_UNSPEC: of both. */
void sv_classify_autobound_known(struct sv_classify *c, enum sv_table t, int family);

/* Does s's role hang on the autobound bit (rule 2 of sv_classify_sock), and
 * has it not been learnt yet for s's table and family? Then classifying s
 * now would call it unknown where it may be out. */
bool sv_classify_needs_autobound(const struct sv_classify *c, const struct sv_sock *s);

/* Record a socket of the dump of its table's serving states, before the
 * rows are classified: its table's note function (tables.h) keeps what
 * its classify function needs (a socket that serves none is ignored).
 * Returns 0 or -ENOMEM. */
int sv_classify_note(struct sv_classify *c, const struct sv_sock *s);

/* The inet tables' note function: a socket that serves its local port (a
 * TCP listener or an unconnected UDP socket with a port). Returns 0. */
int sv_classify_note_inet(struct sv_classify *c, const struct sv_sock *s);

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

/* The inet tables' classify function (tables.h): fill s->role,
 * s->port_class, s->ephemeral and s->service. The role, by
 * the first rule that decides it:
 *   0. a listener (TCP LISTEN, unconnected bound UDP): listen; SYN-RECV: in
 *      (only a listener makes one); SYN-SENT: out (only connect() does);
 *   1. a listener serves the local address and port: in; a listener's
 *      address and port are the peer's: out (a wildcard listener's only
 *      for a peer address of this host: c->local, or loopback);
 *   2. the kernel bound the local port automatically (autobound; TIME-WAIT
 *      entries carry no such bit): out;
 *   3. exactly one side's port lies in the ephemeral range: that side is
 *      the client (local: out, peer: in);
 *   4. otherwise unknown: never a confident wrong answer.
 * ephemeral: the role is out and the local port lies in the range. The
 * service is the IANA name of the server side: the local port for listen
 * and in, the peer's for out, none for unknown. */
void sv_classify_sock_inet(const struct sv_classify *c, struct sv_sock *s);

/* The packet tables' classify function (classify_link.c): no role (a
 * packet socket has no connection); the class of its protocol number:
 * "all" (ETH_P_ALL: every frame), "none" (0: it receives no frame, it
 * sends), "ethertype" (0x0600 and above: an IEEE EtherType), "linux" (the
 * kernel's own numbers below 0x0600: 802_2, 802_3, can...); the service:
 * the EtherType's name ("ipv4", "arp", "eapol", "lldp"...) or none. */
void sv_classify_link_packet(const struct sv_classify *c, struct sv_sock *s);

/* The netlink table's classify function (classify_link.c): no role; the
 * class "kernel" for the kernel's own socket of a protocol (port id 0),
 * "user" for a process's; the service: the protocol family as the kernel
 * names it ("route", "sock_diag", "generic", "kobject_uevent"...). */
void sv_classify_link_netlink(const struct sv_classify *c, struct sv_sock *s);

/* The stream and seqpacket tables' note function (classify_unix.c): a
 * listener's name and the inodes of the sockets in its accept queue.
 * Returns 0 or -ENOMEM. */
int sv_classify_unix_note(struct sv_classify *c, const struct sv_sock *s);

/* The unix tables' classify function: s->class_name is the kind of its
 * name ("path", "abstract", "autobound": an abstract name the kernel
 * chose, "unnamed"); it has no service. The role, by the first rule that
 * decides it:
 *   stream and seqpacket:
 *   0. LISTEN: listen;
 *   1. its name is a listener's of its table: in (an accepted socket
 *      carries its listener's name);
 *   2. it waits in a listener's accept queue: out;
 *   3. a connected socket whose name the kernel chose (autobind): out
 *      (a socket that connects without binding gets one with SO_PASSCRED;
 *      a listener names itself);
 *   4. otherwise unknown: a connected socket without a name is a client
 *      or one end of a socketpair, and nothing the kernel says about it
 *      tells which.
 *   datagram:
 *   0. bound and connected to no peer: listen (it takes datagrams sent to
 *      its name, whatever its state: since Linux 5.15 a bound socket is
 *      ESTABLISHED once another connects to it);
 *   1. connected and named by the kernel (autobind): out;
 *   2. otherwise unknown (a connected socket may be a client or one end of
 *      a socketpair).
 * Rules 1 and 2 of stream sockets need the notes of the listeners (the
 * listing takes them first); without them those sockets are unknown. */
void sv_classify_unix_sock(const struct sv_classify *c, struct sv_sock *s);

/* Free what the unix notes kept (sv_classify_release calls it). */
void sv_classify_unix_release(struct sv_classify *c);

/* Role, class and service of any record: its table's classify function
 * (tables.h; for the inet tables sv_classify_sock_inet above), after
 * clearing them (role SV_ROLE_NONE, no service) for a table without one. */
void sv_classify_sock(const struct sv_classify *c, struct sv_sock *s);

/* Name of a role: "listen", "in", "out", "unknown" ("-" when not
 * computed). */
const char *sv_classify_role_name(enum sv_role role);

#endif
