/* popgen_net.c - popgen's addresses, loopback and sysctl setup, and socket helpers. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "popgen.h"

/* ---- addresses --------------------------------------------------------- */

struct sockaddr_in v4(int octet, unsigned port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	a.sin_addr.s_addr = htonl(0x7f000000u | (unsigned)octet);
	return a;
}

/* fd00::G:n (n >= 1); group 0 means ::1. */
struct sockaddr_in6 v6(int group, int n, unsigned port)
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

/* ---- the namespace ----------------------------------------------------- */

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

bool in_initial_netns(void)
{
	struct if_nameindex *ifs, *i;
	struct stat self, init;
	bool only_lo = true;

	if (stat("/proc/self/ns/net", &self) == 0 && stat("/proc/1/ns/net", &init) == 0)
		return self.st_ino == init.st_ino && self.st_dev == init.st_dev;
	/* pid 1 is out of reach (a sandbox): a namespace made by unshare -n
	 * has lo and nothing else, a host has more. When unsure, refuse. */
	ifs = if_nameindex();
	if (!ifs)
		return true;
	for (i = ifs; i->if_index; i++)
		only_lo = only_lo && strcmp(i->if_name, "lo") == 0;
	if_freenameindex(ifs);
	return !only_lo;
}

/* Brings lo up, sets the sysctls the population needs and adds the IPv6
 * addresses of the plan to lo. */
void netns_setup(const struct plan *p)
{
	char buf[64];

	lo_up();
	write_sysctl("/proc/sys/net/ipv4/ip_local_port_range", "1024 65535");
	write_sysctl("/proc/sys/net/core/somaxconn", "65535");
	snprintf(buf, sizeof(buf), "%ld", 2 * (p->tw + p->pairs) + 262144);
	write_sysctl("/proc/sys/net/ipv4/tcp_max_tw_buckets", buf);
	write_sysctl("/proc/sys/net/ipv4/tcp_max_syn_backlog", "65535");
	add_v6(G6_DST, NDST - 1);
	add_v6(G6_EXTRA, 1);
	add_v6(G6_CLIENT, (int)p->v6_client);
	add_v6(G6_TW_A, (int)p->v6_tw);
	add_v6(G6_TW_B, (int)p->v6_tw);
	add_v6(G6_UDP_SRV, (int)p->v6_udp_srv);
	add_v6(G6_UDP_CLI, (int)p->v6_udp_cli);
}

/* ---- sockets ----------------------------------------------------------- */

int tcp_listener(int family, const void *addr, socklen_t alen)
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

int wild_listener(int family, unsigned port)
{
	if (family == AF_INET) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

		return tcp_listener(AF_INET, &a, sizeof(a));
	}
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port) };

	return tcp_listener(AF_INET6, &a, sizeof(a));
}

/* A non-blocking client bound to src, connecting to dst. */
int tcp_client(const struct sockaddr *src, const struct sockaddr *dst, socklen_t alen)
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
void accept_n(const int *lfd, int nl, long want, int *keep)
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
