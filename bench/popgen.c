/* popgen.c - builds a socket population for the benchmark inside a private
 * network namespace, then holds it until SIGTERM.
 *
 *   unshare -n popgen --tcp N --listen L --timewait T --udp U --unix X \
 *                     [--procs P] [--hot H] --ready FILE
 *
 * What it builds (see bench/README.md for the layout in full):
 *   - N established TCP pairs (2N sockets), one in four over IPv6. Clients
 *     are bound explicitly to 127.0.0.10+ (fd00::10:n for IPv6), ports
 *     10000-65535, so 55536 clients fit on each source address; they connect
 *     to wildcard listeners on ports 2000-2007 through destinations
 *     127.0.0.1-4 (::1 and fd00::1:1-3). H of the pairs (default 2% of
 *     them, i.e. 1% of the established sockets) go to the "hot" port 3000
 *     instead, so `dport = :3000` matches exactly H sockets. One more pair
 *     has its client on the unique port 4999 (`sport = :4999` is one row).
 *   - L extra listeners on 127.0.0.5 / fd00::5:1, ports 10000 and up.
 *   - T TIME-WAIT sockets (clients that closed first, to port 3001). A
 *     TIME-WAIT socket lives 60 s in Linux; a keeper process replaces the
 *     whole set as soon as the oldest one has gone, so the count stays at T
 *     (it dips for the fraction of a second a rebuild takes, once a minute).
 *   - U UDP sockets: half bound and unconnected, half bound and connected.
 *   - X unix stream sockets ((X+1)/2 socketpairs).
 * Sockets are spread over P holder processes (at least as many as the
 * per-process fd limit needs), built one holder after another.
 *
 * It writes FILE (key=value lines) once everything is in place, then waits;
 * SIGTERM/SIGINT stop the holders, remove FILE and exit. Holders also die if
 * popgen itself dies (PR_SET_PDEATHSIG).
 *
 * It changes sysctls (port range, somaxconn, tcp_max_tw_buckets), adds
 * addresses to lo and brings lo up, so it refuses to run in the initial
 * network namespace unless --force is given. Only libc and kernel headers. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
	int procs;
};

/* Listener fds, created by the parent before any fork. */
struct listeners {
	int main4[NMAIN], main6[NMAIN];
	int hot4, hot6, tw4, tw6;
	int *extra;
	long nextra;
};

static const char *prog = "popgen";
static volatile sig_atomic_t stop_flag;
static bool quiet;

static void die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	fprintf(stderr, "%s[%d]: ", prog, (int)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (fmt[strlen(fmt) - 1] == ':')
		fprintf(stderr, " %s", strerror(e));
	fputc('\n', stderr);
	exit(1);
}

static void note(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- addresses --------------------------------------------------------- */

static struct sockaddr_in v4(int octet, unsigned port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	a.sin_addr.s_addr = htonl(0x7f000000u | (unsigned)octet);
	return a;
}

/* fd00::G:n (n >= 1); group 0 means ::1. */
static struct sockaddr_in6 v6(int group, int n, unsigned port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port) };

	if (group == 0) {
		a.sin6_addr = in6addr_loopback;
		return a;
	}
	a.sin6_addr.s6_addr[0] = 0xfd;
	a.sin6_addr.s6_addr[12] = (uint8_t)(group >> 8);
	a.sin6_addr.s6_addr[13] = (uint8_t)group;
	a.sin6_addr.s6_addr[14] = (uint8_t)(n >> 8);
	a.sin6_addr.s6_addr[15] = (uint8_t)n;
	return a;
}

/* Layout of struct in6_ifreq from linux/ipv6.h (which clashes with glibc's
 * netinet/in.h). */
struct sv_in6_ifreq {
	struct in6_addr ifr6_addr;
	uint32_t ifr6_prefixlen;
	int ifr6_ifindex;
};

static void lo_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket:");
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		die("SIOCGIFFLAGS lo:");
	if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			die("bringing lo up:");
	}
	close(fd);
}

/* Adds fd00::group:1..count/128 to lo. */
static void add_v6(int group, int count)
{
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int ifindex = (int)if_nametoindex("lo");

	if (fd < 0)
		die("socket(AF_INET6) (is IPv6 disabled?):");
	for (int n = 1; n <= count; n++) {
		struct sv_in6_ifreq r = { .ifr6_prefixlen = 128, .ifr6_ifindex = ifindex };

		r.ifr6_addr = v6(group, n, 0).sin6_addr;
		if (ioctl(fd, SIOCSIFADDR, &r) < 0 && errno != EEXIST)
			die("adding fd00::%x:%x to lo:", group, n);
	}
	/* A new address is tentative until the kernel's duplicate address
	 * detection work has run (immediate on lo, but asynchronous): wait
	 * until each one can be bound. */
	for (int n = 1; n <= count; n++) {
		struct sockaddr_in6 a = v6(group, n, 0);
		int tries = 0;

		while (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
			if (errno != EADDRNOTAVAIL || ++tries > 5000)
				die("fd00::%x:%x never became usable:", group, n);
			usleep(1000);
		}
		close(fd);
		fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			die("socket:");
	}
	close(fd);
}

static void write_sysctl(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, value, strlen(value)) < 0)
		die("writing %s:", path);
	close(fd);
}

static bool in_initial_netns(void)
{
	struct stat self, init;

	if (stat("/proc/self/ns/net", &self) < 0 || stat("/proc/1/ns/net", &init) < 0)
		return false; /* cannot tell (no access to pid 1): assume private */
	return self.st_ino == init.st_ino && self.st_dev == init.st_dev;
}

/* ---- sockets ----------------------------------------------------------- */

static int tcp_listener(int family, const void *addr, socklen_t alen)
{
	int one = 1;
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket:");
	if (family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0)
		die("IPV6_V6ONLY:");
	if (bind(fd, addr, alen) < 0)
		die("bind listener port %u:", ntohs(((const struct sockaddr_in *)addr)->sin_port));
	if (listen(fd, BACKLOG) < 0)
		die("listen:");
	return fd;
}

static int wild_listener(int family, unsigned port)
{
	if (family == AF_INET) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

		return tcp_listener(AF_INET, &a, sizeof(a));
	}
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port) };

	return tcp_listener(AF_INET6, &a, sizeof(a));
}

/* A non-blocking client bound to src, connecting to dst. */
static int tcp_client(const struct sockaddr *src, const struct sockaddr *dst,
		      socklen_t alen)
{
	int fd = socket(src->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket (tcp client; fd limit?):");
	if (bind(fd, src, alen) < 0)
		die("bind tcp client:");
	if (connect(fd, dst, alen) < 0 && errno != EINPROGRESS)
		die("connect:");
	return fd;
}

/* Accepts `want` connections from the given listeners. Accepted fds go to
 * keep[] when it is not NULL. */
static void accept_n(const int *lfd, int nl, long want, int *keep)
{
	long got = 0;
	struct pollfd pfd[2 * NMAIN + 4];

	while (got < want) {
		bool any = false;

		for (int i = 0; i < nl && got < want; i++) {
			for (;;) {
				int c = accept4(lfd[i], NULL, NULL, SOCK_CLOEXEC);

				if (c < 0) {
					if (errno == EAGAIN || errno == EWOULDBLOCK)
						break;
					if (errno == EINTR)
						continue;
					die("accept:");
				}
				if (keep)
					keep[got] = c;
				got++;
				any = true;
				if (got == want)
					break;
			}
		}
		if (any || got == want)
			continue;
		for (int i = 0; i < nl; i++)
			pfd[i] = (struct pollfd){ .fd = lfd[i], .events = POLLIN };
		int r = poll(pfd, (nfds_t)nl, 3000);

		if (r < 0 && errno != EINTR)
			die("poll:");
		if (r == 0)
			die("timed out accepting: %ld of %ld connections arrived", got, want);
	}
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

static long v4_pairs(long n) { return n - n / 4; }
static long v6_pairs(long n) { return n / 4; }

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

static void build_pairs(const struct plan *p, const struct listeners *ls,
			long from, long to)
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

static void build_udp(const struct plan *p, long srv_from, long srv_to,
		      long cli_from, long cli_to)
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
		bool is6 = j % 4 == 3;

		if (!is6) {
			long k = (j / 4) * 3 + j % 4;
			struct sockaddr_in s = v4(V4_UDP_CLI + (int)(k / NPORTS), PORT_LO + (unsigned)(k % NPORTS));

			memcpy(&a, &s, sizeof(s));
			alen = sizeof(s);
			/* a server of the same family: server index with j%4 != 3 */
			long srv4 = p->udp_srv4 ? k % p->udp_srv4 : 0;
			long sj = (srv4 / 3) * 4 + srv4 % 3;

			udp_server_addr(sj, &d, &dlen);
		} else {
			long k = j / 4;
			struct sockaddr_in6 s = v6(G6_UDP_CLI, 1 + (int)(k / NPORTS), PORT_LO + (unsigned)(k % NPORTS));

			memcpy(&a, &s, sizeof(s));
			alen = sizeof(s);
			long srv6 = p->udp_srv6 ? k % p->udp_srv6 : 0;

			udp_server_addr(srv6 * 4 + 3, &d, &dlen);
		}
		fd = socket(a.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0 || bind(fd, (struct sockaddr *)&a, alen) < 0 ||
		    connect(fd, (struct sockaddr *)&d, dlen) < 0)
			die("udp client %ld:", j);
	}
}

static void build_unix(long npairs)
{
	for (long i = 0; i < npairs; i++) {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
			die("socketpair:");
	}
}

/* ---- TIME-WAIT keeper -------------------------------------------------- */

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

		for (long i = b; i < e; i++, n++) {
			if (i % 4 != 3) {
				long k = (i / 4) * 3 + i % 4;
				struct sockaddr_in s = v4((set_b ? V4_TW_B : V4_TW_A) + (int)(k / NPORTS),
							  PORT_LO + (unsigned)(k % NPORTS));
				struct sockaddr_in d = v4(V4_DST + (int)(i % NDST), TW_PORT);

				cli[n] = tcp_client((struct sockaddr *)&s, (struct sockaddr *)&d, sizeof(s));
			} else {
				long k = i / 4;
				struct sockaddr_in6 s = v6(set_b ? G6_TW_B : G6_TW_A, 1 + (int)(k / NPORTS),
							   PORT_LO + (unsigned)(k % NPORTS));
				struct sockaddr_in6 d = v6(0, 0, TW_PORT);

				cli[n] = tcp_client((struct sockaddr *)&s, (struct sockaddr *)&d, sizeof(s));
			}
		}
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

static void tw_keeper(const struct listeners *ls, long t, int report_fd)
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

/* ---- processes --------------------------------------------------------- */

static pid_t *kids;
static int nkids;

static void on_signal(int sig)
{
	stop_flag = sig;
}

static void on_child(int sig)
{
	(void)sig;
}

static void kill_kids(void)
{
	for (int i = 0; i < nkids; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGTERM);
	for (int i = 0; i < nkids; i++)
		if (kids[i] > 0)
			while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
				;
}

/* In a child: die with the parent, and drop the listeners it does not use. */
static void child_setup(pid_t parent, const struct listeners *ls, bool keep_main,
			bool keep_tw)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(1);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	for (long i = 0; i < ls->nextra; i++)
		close(ls->extra[i]);
	if (!keep_main) {
		for (int i = 0; i < NMAIN; i++) {
			close(ls->main4[i]);
			close(ls->main6[i]);
		}
		close(ls->hot4);
		close(ls->hot6);
	}
	if (!keep_tw) {
		close(ls->tw4);
		close(ls->tw6);
	}
}

/* Waits for one byte from a child; fails if it died first. */
static void wait_child(int fd, pid_t pid, const char *what)
{
	char c;
	ssize_t r;

	do
		r = read(fd, &c, 1);
	while (r < 0 && errno == EINTR && !stop_flag);
	if (r != 1) {
		if (stop_flag)
			return;
		die("%s (pid %d) failed while building", what, (int)pid);
	}
}

static long parse_count(const char *s, const char *opt)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0)
		die("bad number '%s' for %s", s, opt);
	return v;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: popgen --tcp N --listen L --timewait T --udp U --unix X\n"
		"              [--procs P] [--hot H] [--quiet] [--force] --ready FILE\n"
		"Run it in a private network namespace (unshare -n). See bench/README.md.\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tcp", required_argument, NULL, 'n' },
		{ "listen", required_argument, NULL, 'l' },
		{ "timewait", required_argument, NULL, 't' },
		{ "udp", required_argument, NULL, 'u' },
		{ "unix", required_argument, NULL, 'x' },
		{ "procs", required_argument, NULL, 'p' },
		{ "hot", required_argument, NULL, 'H' },
		{ "ready", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct plan p = { .hot = -1 };
	struct listeners ls;
	const char *ready = NULL;
	bool force = false;
	struct rlimit rl;
	int c, pipefd[2];
	double t0 = now();
	pid_t self = getpid();

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': p.pairs = parse_count(optarg, "--tcp"); break;
		case 'l': p.listen = parse_count(optarg, "--listen"); break;
		case 't': p.tw = parse_count(optarg, "--timewait"); break;
		case 'u': p.udp = parse_count(optarg, "--udp"); break;
		case 'x': p.unx = parse_count(optarg, "--unix"); break;
		case 'p': p.procs = (int)parse_count(optarg, "--procs"); break;
		case 'H': p.hot = parse_count(optarg, "--hot"); break;
		case 'r': ready = optarg; break;
		case 'q': quiet = true; break;
		case 'f': force = true; break;
		default: usage();
		}
	}
	if (!ready || optind != argc)
		usage();
	if (p.hot < 0)
		p.hot = p.pairs / 50;
	if (p.hot > p.pairs)
		die("--hot %ld is more than --tcp %ld", p.hot, p.pairs);
	if (!force && in_initial_netns())
		die("refusing to change the initial network namespace: run me under `unshare -n` (or --force)");

	/* Address space: each source address holds NPORTS explicit ports. */
	long v4cli = (v4_pairs(p.pairs) + NPORTS - 1) / NPORTS;
	long v6cli = (v6_pairs(p.pairs) + NPORTS - 1) / NPORTS;
	long tw4 = ((p.tw - p.tw / 4) + NPORTS - 1) / NPORTS;
	long tw6 = (p.tw / 4 + NPORTS - 1) / NPORTS;
	p.udp_srv = p.udp - p.udp / 2;
	p.udp_cli = p.udp / 2;
	p.udp_srv4 = p.udp_srv - p.udp_srv / 4;
	p.udp_srv6 = p.udp_srv / 4;
	long us4 = (p.udp_srv4 + NPORTS - 1) / NPORTS, us6 = (p.udp_srv6 + NPORTS - 1) / NPORTS;
	long uc4 = ((p.udp_cli - p.udp_cli / 4) + NPORTS - 1) / NPORTS;
	long uc6 = (p.udp_cli / 4 + NPORTS - 1) / NPORTS;

	if (V4_CLIENT + v4cli > V4_TW_A || V4_TW_A + tw4 > V4_TW_B ||
	    V4_TW_B + tw4 > V4_UDP_SRV || V4_UDP_SRV + us4 > V4_UDP_CLI ||
	    V4_UDP_CLI + uc4 > V4_MAX || p.listen > 2 * (long)NPORTS)
		die("population too large for the address plan");

	/* Limits and the namespace. */
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		die("getrlimit:");
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		die("setrlimit:");
	long budget = (long)rl.rlim_cur - FD_RESERVE - 2 * (NMAIN + 2);
	long total_fds = 2 * p.pairs + p.udp + 2 * ((p.unx + 1) / 2);
	int need = (int)((total_fds + budget - 1) / budget);

	if (need < 1)
		need = 1;
	if (p.procs < need) {
		if (p.procs)
			note("%d holder processes are needed for %ld fds (limit %ld each), not %d",
			     need, total_fds, (long)rl.rlim_cur, p.procs);
		p.procs = need;
	}
	if (p.listen + 2 * (NMAIN + 3) + FD_RESERVE > (long)rl.rlim_cur)
		die("--listen %ld does not fit in one process's fd limit", p.listen);

	lo_up();
	write_sysctl("/proc/sys/net/ipv4/ip_local_port_range", "1024 65535");
	write_sysctl("/proc/sys/net/core/somaxconn", "65535");
	char buf[64];

	snprintf(buf, sizeof(buf), "%ld", 2 * (p.tw + p.pairs) + 262144);
	write_sysctl("/proc/sys/net/ipv4/tcp_max_tw_buckets", buf);
	write_sysctl("/proc/sys/net/ipv4/tcp_max_syn_backlog", "65535");
	add_v6(G6_DST, NDST - 1);
	add_v6(G6_EXTRA, 1);
	add_v6(G6_CLIENT, (int)v6cli);
	add_v6(G6_TW_A, (int)tw6);
	add_v6(G6_TW_B, (int)tw6);
	add_v6(G6_UDP_SRV, (int)us6);
	add_v6(G6_UDP_CLI, (int)uc6);

	/* Listeners, held by this process. */
	for (int i = 0; i < NMAIN; i++) {
		ls.main4[i] = wild_listener(AF_INET, MAIN_BASE + (unsigned)i);
		ls.main6[i] = wild_listener(AF_INET6, MAIN_BASE + (unsigned)i);
	}
	ls.hot4 = wild_listener(AF_INET, HOT_PORT);
	ls.hot6 = wild_listener(AF_INET6, HOT_PORT);
	ls.tw4 = wild_listener(AF_INET, TW_PORT);
	ls.tw6 = wild_listener(AF_INET6, TW_PORT);
	ls.nextra = p.listen;
	ls.extra = calloc((size_t)p.listen + 1, sizeof(int));
	if (!ls.extra)
		die("out of memory");
	for (long i = 0; i < p.listen; i++) {
		unsigned port = PORT_LO + (unsigned)(i / 2);

		if (i % 2 == 0) {
			struct sockaddr_in a = v4(V4_EXTRA, port);

			ls.extra[i] = tcp_listener(AF_INET, &a, sizeof(a));
		} else {
			struct sockaddr_in6 a = v6(G6_EXTRA, 1, port);

			ls.extra[i] = tcp_listener(AF_INET6, &a, sizeof(a));
		}
	}

	/* The solo pair: the only socket with source port SOLO_PORT. */
	{
		struct sockaddr_in s = v4(V4_SOLO, SOLO_PORT), d = v4(V4_DST, MAIN_BASE);
		int lfd[1] = { ls.main4[0] };

		tcp_client((struct sockaddr *)&s, (struct sockaddr *)&d, sizeof(s));
		accept_n(lfd, 1, 1, NULL);
	}

	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	kids = calloc((size_t)p.procs + 1, sizeof(pid_t));
	if (!kids)
		die("out of memory");

	/* Holders, one after another: they share the listeners, so each must
	 * accept exactly the connections it made. */
	for (int h = 0; h < p.procs && !stop_flag; h++) {
		if (pipe2(pipefd, O_CLOEXEC) < 0)
			die("pipe:");
		pid_t pid = fork();

		if (pid < 0)
			die("fork:");
		if (pid == 0) {
			child_setup(self, &ls, true, false);
			close(pipefd[0]);
			long P = p.procs;

			build_pairs(&p, &ls, p.pairs * h / P, p.pairs * (h + 1) / P);
			build_udp(&p, p.udp_srv * h / P, p.udp_srv * (h + 1) / P,
				  p.udp_cli * h / P, p.udp_cli * (h + 1) / P);
			long ux = (p.unx + 1) / 2;

			build_unix(ux * (h + 1) / P - ux * h / P);
			/* The listeners stay with the parent. */
			for (int i = 0; i < NMAIN; i++) {
				close(ls.main4[i]);
				close(ls.main6[i]);
			}
			close(ls.hot4);
			close(ls.hot6);
			if (write(pipefd[1], "h", 1) != 1)
				_exit(1);
			close(pipefd[1]);
			for (;;)
				pause();
		}
		kids[nkids++] = pid;
		close(pipefd[1]);
		wait_child(pipefd[0], pid, "holder");
		close(pipefd[0]);
	}
	if (p.tw > 0 && !stop_flag) {
		if (pipe2(pipefd, O_CLOEXEC) < 0)
			die("pipe:");
		pid_t pid = fork();

		if (pid < 0)
			die("fork:");
		if (pid == 0) {
			child_setup(self, &ls, false, true);
			close(pipefd[0]);
			tw_keeper(&ls, p.tw, pipefd[1]);
			_exit(0);
		}
		kids[nkids++] = pid;
		close(pipefd[1]);
		wait_child(pipefd[0], pid, "time-wait keeper");
		close(pipefd[0]);
	}
	if (stop_flag) {
		kill_kids();
		return 0;
	}

	double secs = now() - t0;
	long tcp_sockets = 2 * p.pairs + 2 + p.tw + p.listen + 2 * (NMAIN + 2);
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", ready);
	f = fopen(tmp, "w");
	if (!f)
		die("%s:", tmp);
	fprintf(f,
		"pid=%d\nprocs=%d\nbuild_seconds=%.3f\n"
		"tcp_pairs=%ld\ntimewait=%ld\nextra_listeners=%ld\nudp=%ld\nunix=%ld\n"
		"tcp_sockets=%ld\nlisteners=%ld\n"
		"main_ports=%d-%d\nhot_port=%d\nhot_sockets=%ld\n"
		"solo_port=%d\ntw_port=%d\n",
		(int)self, p.procs, secs, p.pairs, p.tw, p.listen, p.udp,
		2 * ((p.unx + 1) / 2), tcp_sockets, p.listen + 2 * (NMAIN + 2),
		MAIN_BASE, MAIN_BASE + NMAIN - 1, HOT_PORT, p.hot, SOLO_PORT, TW_PORT);
	if (fclose(f) != 0 || rename(tmp, ready) < 0)
		die("writing %s:", ready);
	note("ready in %.2f s: %ld TCP sockets (%ld pairs, %ld time-wait, %ld listeners), "
	     "%ld UDP, %ld unix, %d holders", secs, tcp_sockets, p.pairs, p.tw,
	     p.listen + 2 * (NMAIN + 2), p.udp, 2 * ((p.unx + 1) / 2), p.procs);

	/* Block the signals, then sleep in sigsuspend with them open: no
	 * wake-up is lost between the check and the sleep. */
	sigset_t block, none;
	struct sigaction sc = { .sa_handler = on_child };
	int status = 0;

	sigemptyset(&sc.sa_mask);
	sigaction(SIGCHLD, &sc, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &none);
	sigdelset(&none, SIGTERM);
	sigdelset(&none, SIGINT);
	sigdelset(&none, SIGHUP);
	sigdelset(&none, SIGCHLD);
	while (!stop_flag) {
		pid_t dead = waitpid(-1, &status, WNOHANG);

		if (dead > 0) {
			for (int i = 0; i < nkids; i++)
				if (kids[i] == dead)
					kids[i] = 0;
			fprintf(stderr, "%s: child %d exited unexpectedly; stopping\n",
				prog, (int)dead);
			status = 1;
			break;
		}
		sigsuspend(&none);
	}
	kill_kids();
	unlink(ready);
	return status ? 1 : 0;
}
