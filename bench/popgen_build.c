/* popgen_build.c - popgen's population: listeners, established pairs, UDP, unix, TIME-WAIT. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "popgen.h"

/* ---- the plan and the listeners ---------------------------------------- */

static long v4_pairs(long n) { return n - n / 4; }
static long v6_pairs(long n) { return n / 4; }

/* Splits the UDP sockets and counts the source addresses each group needs
 * (each holds NPORTS explicit ports); dies if they do not fit. */
void plan_population(struct plan *p)
{
	long v4cli = (v4_pairs(p->pairs) + NPORTS - 1) / NPORTS;
	long tw4 = ((p->tw - p->tw / 4) + NPORTS - 1) / NPORTS;

	p->v6_client = (v6_pairs(p->pairs) + NPORTS - 1) / NPORTS;
	p->v6_tw = (p->tw / 4 + NPORTS - 1) / NPORTS;
	p->udp_srv = p->udp - p->udp / 2;
	p->udp_cli = p->udp / 2;
	p->udp_srv4 = p->udp_srv - p->udp_srv / 4;
	p->udp_srv6 = p->udp_srv / 4;
	long us4 = (p->udp_srv4 + NPORTS - 1) / NPORTS;
	long uc4 = ((p->udp_cli - p->udp_cli / 4) + NPORTS - 1) / NPORTS;

	p->v6_udp_srv = (p->udp_srv6 + NPORTS - 1) / NPORTS;
	p->v6_udp_cli = (p->udp_cli / 4 + NPORTS - 1) / NPORTS;
	if (V4_CLIENT + v4cli > V4_TW_A || V4_TW_A + tw4 > V4_TW_B ||
	    V4_TW_B + tw4 > V4_UDP_SRV || V4_UDP_SRV + us4 > V4_UDP_CLI ||
	    V4_UDP_CLI + uc4 > V4_MAX || p->listen > 2 * (long)NPORTS)
		die("population too large for the address plan");
}

/* The wildcard listeners on the main, hot and TIME-WAIT ports, and the
 * `nextra` extra ones on 127.0.0.5 / fd00::5:1. */
void open_listeners(struct listeners *ls, long nextra)
{
	for (int i = 0; i < NMAIN; i++) {
		ls->main4[i] = wild_listener(AF_INET, MAIN_BASE + (unsigned)i);
		ls->main6[i] = wild_listener(AF_INET6, MAIN_BASE + (unsigned)i);
	}
	ls->hot4 = wild_listener(AF_INET, HOT_PORT);
	ls->hot6 = wild_listener(AF_INET6, HOT_PORT);
	ls->tw4 = wild_listener(AF_INET, TW_PORT);
	ls->tw6 = wild_listener(AF_INET6, TW_PORT);
	ls->nextra = nextra;
	ls->extra = calloc((size_t)nextra + 1, sizeof(int));
	if (!ls->extra)
		die("out of memory");
	for (long i = 0; i < nextra; i++) {
		unsigned port = PORT_LO + (unsigned)(i / 2);

		if (i % 2 == 0) {
			struct sockaddr_in a = v4(V4_EXTRA, port);

			ls->extra[i] = tcp_listener(AF_INET, &a, sizeof(a));
		} else {
			struct sockaddr_in6 a = v6(G6_EXTRA, 1, port);

			ls->extra[i] = tcp_listener(AF_INET6, &a, sizeof(a));
		}
	}
}

/* The solo pair: the only socket with source port SOLO_PORT. */
void build_solo(const struct listeners *ls)
{
	struct sockaddr_in s = v4(V4_SOLO, SOLO_PORT), d = v4(V4_DST, MAIN_BASE);
	int lfd[1] = { ls->main4[0] };

	tcp_client((struct sockaddr *)&s, (struct sockaddr *)&d, sizeof(s));
	accept_n(lfd, 1, 1, NULL);
}

/* ---- the established pairs --------------------------------------------- */

/* Global pair index -> family and index within the family: one in four
 * pairs is IPv6. */
static bool pair_is_v6(long i) { return i % 4 == 3; }
static long pair_v4_index(long i) { return (i / 4) * 3 + i % 4; }
static long pair_v6_index(long i) { return i / 4; }

/* Pair i is one of the H hot pairs when floor((i+1)H/N) > floor(iH/N):
 * exactly H of them, spread evenly. */
static bool pair_is_hot(const struct plan *p, long i)
{
	return (i + 1) * p->hot / p->pairs > i * p->hot / p->pairs;
}

static int pair_listener_slot(const struct plan *p, long i)
{
	return pair_is_hot(p, i) ? NMAIN : (int)(i % NMAIN);
}

static void connect_pair(const struct plan *p, long i)
{
	int slot = pair_listener_slot(p, i);
	unsigned port = slot == NMAIN ? HOT_PORT : MAIN_BASE + (unsigned)slot;
	int dsti = (int)((i / NMAIN) % NDST);

	if (!pair_is_v6(i)) {
		long k = pair_v4_index(i);
		struct sockaddr_in src = v4(V4_CLIENT + (int)(k / NPORTS), PORT_LO + (unsigned)(k % NPORTS));
		struct sockaddr_in dst = v4(V4_DST + dsti, port);

		tcp_client((struct sockaddr *)&src, (struct sockaddr *)&dst, sizeof(src));
	} else {
		long k = pair_v6_index(i);
		struct sockaddr_in6 src = v6(G6_CLIENT, 1 + (int)(k / NPORTS), PORT_LO + (unsigned)(k % NPORTS));
		/* destinations: ::1, fd00::1:1, fd00::1:2, fd00::1:3 */
		struct sockaddr_in6 dst = dsti == 0 ? v6(0, 0, port) : v6(G6_DST, dsti, port);

		tcp_client((struct sockaddr *)&src, (struct sockaddr *)&dst, sizeof(src));
	}
}

/* Pairs from..to-1: connects in batches, each accepted before the next. */
void build_pairs(const struct plan *p, const struct listeners *ls, long from, long to)
{
	int lfd[2 * (NMAIN + 1)];
	int nl = 0;

	for (int i = 0; i < NMAIN; i++) {
		lfd[nl++] = ls->main4[i];
		lfd[nl++] = ls->main6[i];
	}
	lfd[nl++] = ls->hot4;
	lfd[nl++] = ls->hot6;
	for (long b = from; b < to; b += BATCH) {
		long e = b + BATCH < to ? b + BATCH : to;

		for (long i = b; i < e; i++)
			connect_pair(p, i);
		accept_n(lfd, nl, e - b, NULL);
	}
}

/* ---- UDP and unix ------------------------------------------------------ */

/* UDP: servers 0..udp_srv-1 (one in four IPv6), clients 0..udp_cli-1 (one
 * in four IPv6), each client connected to a server of its family. */
static void udp_server_addr(long j, struct sockaddr_storage *ss, socklen_t *len)
{
	if (j % 4 != 3) {
		long k = (j / 4) * 3 + j % 4;
		struct sockaddr_in a = v4(V4_UDP_SRV + (int)(k / NPORTS), PORT_LO + (unsigned)(k % NPORTS));

		memcpy(ss, &a, sizeof(a));
		*len = sizeof(a);
	} else {
		long k = j / 4;
		struct sockaddr_in6 a = v6(G6_UDP_SRV, 1 + (int)(k / NPORTS), PORT_LO + (unsigned)(k % NPORTS));

		memcpy(ss, &a, sizeof(a));
		*len = sizeof(a);
	}
}

/* UDP client j's own address (a), and the server it connects to (d). */
static void udp_client_addrs(const struct plan *p, long j, struct sockaddr_storage *a,
			     socklen_t *alen, struct sockaddr_storage *d, socklen_t *dlen)
{
	if (j % 4 != 3) {
		long k = (j / 4) * 3 + j % 4;
		struct sockaddr_in s = v4(V4_UDP_CLI + (int)(k / NPORTS), PORT_LO + (unsigned)(k % NPORTS));

		memcpy(a, &s, sizeof(s));
		*alen = sizeof(s);
		/* a server of the same family: server index with j%4 != 3 */
		long srv4 = p->udp_srv4 ? k % p->udp_srv4 : 0;
		long sj = (srv4 / 3) * 4 + srv4 % 3;

		udp_server_addr(sj, d, dlen);
	} else {
		long k = j / 4;
		struct sockaddr_in6 s = v6(G6_UDP_CLI, 1 + (int)(k / NPORTS), PORT_LO + (unsigned)(k % NPORTS));

		memcpy(a, &s, sizeof(s));
		*alen = sizeof(s);
		long srv6 = p->udp_srv6 ? k % p->udp_srv6 : 0;

		udp_server_addr(srv6 * 4 + 3, d, dlen);
	}
}

void build_udp(const struct plan *p, long srv_from, long srv_to, long cli_from, long cli_to)
{
	struct sockaddr_storage a, d;
	socklen_t alen, dlen;

	for (long j = srv_from; j < srv_to; j++) {
		int fd;

		udp_server_addr(j, &a, &alen);
		fd = socket(a.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0 || bind(fd, (struct sockaddr *)&a, alen) < 0)
			die("udp server %ld:", j);
	}
	for (long j = cli_from; j < cli_to; j++) {
		int fd;

		udp_client_addrs(p, j, &a, &alen, &d, &dlen);
		fd = socket(a.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0 || bind(fd, (struct sockaddr *)&a, alen) < 0 ||
		    connect(fd, (struct sockaddr *)&d, dlen) < 0)
			die("udp client %ld:", j);
	}
}

/* A named unix connection: an abstract listener, a client and the
 * accepted socket (three sockets, as a service and its client). */
static void unix_named(long i)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	socklen_t alen;
	int l, c;

	alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			   (size_t)snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1,
					    "popgen-%d-%ld", (int)getpid(), i));
	l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0 || c < 0 || bind(l, (struct sockaddr *)&a, alen) < 0 || listen(l, 1) < 0 ||
	    connect(c, (struct sockaddr *)&a, alen) < 0 || accept4(l, NULL, NULL, SOCK_CLOEXEC) < 0)
		die("unix listener %ld:", i);
}

/* npairs unix "pairs": of each 8, one named connection (3 sockets), one
 * datagram socketpair and six stream socketpairs. */
void build_unix(long npairs)
{
	for (long i = 0; i < npairs; i++) {
		int sv[2];

		if (i % 8 == 0) {
			unix_named(i);
			continue;
		}
		if (socketpair(AF_UNIX, (i % 8 == 1 ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC,
			       0, sv) < 0)
			die("socketpair:");
	}
}

/* ---- TIME-WAIT keeper -------------------------------------------------- */

/* TIME-WAIT client i of set A or B, connecting to TW_PORT. */
static int tw_client(long i, bool set_b)
{
	if (i % 4 != 3) {
		long k = (i / 4) * 3 + i % 4;
		struct sockaddr_in s = v4((set_b ? V4_TW_B : V4_TW_A) + (int)(k / NPORTS),
					  PORT_LO + (unsigned)(k % NPORTS));
		struct sockaddr_in d = v4(V4_DST + (int)(i % NDST), TW_PORT);

		return tcp_client((struct sockaddr *)&s, (struct sockaddr *)&d, sizeof(s));
	}
	long k = i / 4;
	struct sockaddr_in6 s = v6(set_b ? G6_TW_B : G6_TW_A, 1 + (int)(k / NPORTS),
				   PORT_LO + (unsigned)(k % NPORTS));
	struct sockaddr_in6 d = v6(0, 0, TW_PORT);

	return tcp_client((struct sockaddr *)&s, (struct sockaddr *)&d, sizeof(s));
}

/* Builds T TIME-WAIT sockets with clients from set A or B. Clients close
 * first, so they end in TIME-WAIT; the accepted ends close right after and
 * vanish. */
static void build_tw(const struct listeners *ls, long t, bool set_b)
{
	int lfd[2] = { ls->tw4, ls->tw6 };
	int *srv = malloc(sizeof(int) * BATCH);
	int *cli = malloc(sizeof(int) * BATCH);

	if (!srv || !cli)
		die("out of memory");
	for (long b = 0; b < t; b += BATCH) {
		long e = b + BATCH < t ? b + BATCH : t;
		long n = 0;

		for (long i = b; i < e; i++, n++)
			cli[n] = tw_client(i, set_b);
		accept_n(lfd, 2, n, srv);
		/* A client whose handshake has not completed would not close into
		 * TIME-WAIT: wait for all of them to be connected. */
		for (long i = 0; i < n; i++) {
			struct pollfd pf = { .fd = cli[i], .events = POLLOUT };
			int err = 0;
			socklen_t el = sizeof(err);

			if (poll(&pf, 1, 3000) != 1 ||
			    getsockopt(cli[i], SOL_SOCKET, SO_ERROR, &err, &el) < 0 || err)
				die("time-wait client %ld did not connect", b + i);
		}
		for (long i = 0; i < n; i++)
			close(cli[i]);
		for (long i = 0; i < n; i++)
			close(srv[i]);
	}
	free(srv);
	free(cli);
}

/* True while the first TIME-WAIT socket of the set still exists: its
 * address and port cannot be bound. */
static bool tw_alive(bool set_b)
{
	struct sockaddr_in s = v4(set_b ? V4_TW_B : V4_TW_A, PORT_LO);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool alive;

	if (fd < 0)
		return true;
	alive = bind(fd, (struct sockaddr *)&s, sizeof(s)) < 0 && errno == EADDRINUSE;
	close(fd);
	return alive;
}

/* Builds the T TIME-WAIT sockets, reports on report_fd, then rebuilds them
 * from the other address set whenever the oldest has expired. Never returns. */
void tw_keeper(const struct listeners *ls, long t, int report_fd)
{
	bool set_b = false;
	double built;

	build_tw(ls, t, set_b);
	built = now();
	if (write(report_fd, "k", 1) != 1)
		die("report:");
	close(report_fd);
	for (;;) {
		/* Linux keeps a TIME-WAIT socket for 60 s; the timer wheel can
		 * fire a few seconds late. Poll from 59.9 s on. */
		double wait = built + 59.9 - now();

		if (wait > 0)
			usleep((useconds_t)(wait * 1e6));
		while (tw_alive(set_b))
			usleep(20000);
		/* The previous set's ports are free again only after its own
		 * TIME-WAIT: alternate between two sets of source addresses. */
		set_b = !set_b;
		if (tw_alive(set_b)) /* cannot happen after 60 s; be safe */
			continue;
		build_tw(ls, t, set_b);
		built = now();
	}
}
