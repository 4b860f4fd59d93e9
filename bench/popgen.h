/* popgen.h - popgen's private declarations: the address plan, the listeners, the helpers. */
#ifndef POPGEN_H
#define POPGEN_H

#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>

#define PROG "popgen"             /* the name in messages */
#define PORT_LO 10000u            /* first explicit client port */
#define NPORTS (65536u - PORT_LO) /* client ports per source address */
#define MAIN_BASE 2000            /* main service ports 2000..2007 */
#define NMAIN 8
#define HOT_PORT 3000 /* carries exactly H pairs */
#define TW_PORT 3001  /* TIME-WAIT connections go here */
#define SOLO_PORT 4999 /* the one client with this source port */
#define NDST 4        /* destination addresses per family */
#define BATCH 2048    /* connects before an accept round */
#define FD_RESERVE 64 /* fds kept free in each holder */
#define BACKLOG 65535

/* IPv4 last octets (all in 127.0.0.0/8, routed to lo) and IPv6 groups
 * (fd00::G:n, added to lo). */
enum {
	V4_DST = 1,      /* 127.0.0.1-4: destinations */
	V4_EXTRA = 5,    /* extra listeners */
	V4_SOLO = 9,     /* the solo client */
	V4_CLIENT = 10,  /* ..99: established clients */
	V4_TW_A = 100,   /* ..139: TIME-WAIT clients, set A */
	V4_TW_B = 140,   /* ..179: set B */
	V4_UDP_SRV = 180, /* ..209: unconnected UDP */
	V4_UDP_CLI = 210, /* ..249: connected UDP */
	V4_MAX = 254,
};
enum {
	G6_DST = 0x1, G6_EXTRA = 0x5, G6_CLIENT = 0x10, G6_TW_A = 0x20,
	G6_TW_B = 0x21, G6_UDP_SRV = 0x30, G6_UDP_CLI = 0x31,
};

struct plan {
	long pairs, hot, listen, tw, udp, unx;
	long udp_srv, udp_cli; /* split of udp */
	long udp_srv4, udp_srv6;
	/* fd00::G:n addresses each IPv6 group needs (set by plan_population) */
	long v6_client, v6_tw, v6_udp_srv, v6_udp_cli;
	int procs;
};

/* Listener fds, created by the parent before any fork. */
struct listeners {
	int main4[NMAIN], main6[NMAIN];
	int hot4, hot6, tw4, tw6;
	int *extra;
	long nextra;
};

/* popgen_util.c: messages and the clock */
__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void note(const char *fmt, ...);
double now(void);

/* popgen_net.c: addresses, the namespace's setup, socket helpers */
struct sockaddr_in v4(int octet, unsigned port);
struct sockaddr_in6 v6(int group, int n, unsigned port);
bool in_initial_netns(void);
void netns_setup(const struct plan *p);
int tcp_listener(int family, const void *addr, socklen_t alen);
int wild_listener(int family, unsigned port);
int tcp_client(const struct sockaddr *src, const struct sockaddr *dst, socklen_t alen);
void accept_n(const int *lfd, int nl, long want, int *keep);

/* popgen_build.c: the population */
void plan_population(struct plan *p);
void open_listeners(struct listeners *ls, long nextra);
void build_solo(const struct listeners *ls);
void build_pairs(const struct plan *p, const struct listeners *ls, long from, long to);
void build_udp(const struct plan *p, long srv_from, long srv_to, long cli_from, long cli_to);
void build_unix(long npairs);
__attribute__((noreturn)) void tw_keeper(const struct listeners *ls, long t, int report_fd);

#endif
