/* test_filter_link.c - cmocka suite for filter conditions on packet and
 * netlink sockets, as ss reads and decides them: link:/netlink: words,
 * plain words after -0/-f link/-f netlink (the preferred family), the
 * other conditions on these sockets, errors, and what the kernel's
 * bytecode makes of them on inet tables. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/classify.h"
#include "sockview/filter.h"
#include "sockview/tables.h"

/* The sockets of these tests, one bit each. */
enum {
	P_ALL,    /* p_raw, every protocol, every interface */
	P_IP,     /* p_dgr, ip, every interface */
	P_IP_1,   /* p_raw, ip, interface 1 */
	P_LLDP_2, /* p_raw, 0x88cc, interface 2 */
	P_NONE,   /* p_dgr, protocol 0 (ss's autobound packet socket) */
	N_KERNEL, /* nl, rtnl, the kernel's */
	N_USER,   /* nl, rtnl, port id 4242 */
	N_AUTO,   /* nl, genl, port id -5 (the kernel picked it) */
	N_CONN,   /* nl, rtnl, port id -7, connected to the kernel */
	T_SSH,    /* tcp 10.0.0.1:22 <- 10.0.0.2:40000, device 1 */
	NSOCKS
};
#define B(x) (1u << (x))
#define PACKETS (B(P_ALL) | B(P_IP) | B(P_IP_1) | B(P_LLDP_2) | B(P_NONE))
#define NETLINKS (B(N_KERNEL) | B(N_USER) | B(N_AUTO) | B(N_CONN))
#define ALL ((1u << NSOCKS) - 1)

static struct sv_sock socks[NSOCKS];

static int setup(void **state)
{
	struct sv_classify *c = calloc(1, sizeof(*c));
	struct sv_sock *s = socks;

	(void)state;
	if (!c)
		return -1;
	sv_classify_init(c, 32768, 60999);
	memset(socks, 0, sizeof(socks));
	for (int i = 0; i < NSOCKS; i++) {
		s[i].state = SV_STATE_CLOSE;
		s[i].family = i <= P_NONE ? AF_PACKET : AF_NETLINK;
		s[i].table = i <= P_NONE ? SV_TABLE_PACKET_RAW : SV_TABLE_NETLINK;
	}
	s[P_ALL].pk.protocol = 3;
	s[P_IP].table = SV_TABLE_PACKET_DGRAM;
	s[P_IP].pk.protocol = 0x800;
	s[P_IP_1].pk.protocol = 0x800;
	s[P_IP_1].pk.ifindex = 1;
	s[P_LLDP_2].pk.protocol = 0x88cc;
	s[P_LLDP_2].pk.ifindex = 2;
	s[P_NONE].table = SV_TABLE_PACKET_DGRAM;
	s[N_USER].nl.portid = 4242;
	s[N_AUTO].nl.protocol = 16;
	s[N_AUTO].nl.portid = (uint32_t)-5;
	s[N_CONN].nl.portid = (uint32_t)-7;
	s[N_CONN].nl.connected = true;
	s[T_SSH].table = SV_TABLE_TCP;
	s[T_SSH].family = AF_INET;
	s[T_SSH].state = SV_STATE_ESTABLISHED;
	s[T_SSH].lport = 22;
	s[T_SSH].rport = 40000;
	s[T_SSH].ifindex = 1;
	memcpy(s[T_SSH].laddr, "\x0a\0\0\x01", 4);
	memcpy(s[T_SSH].raddr, "\x0a\0\0\x02", 4);
	for (int i = 0; i < NSOCKS; i++)
		sv_classify_sock(c, &s[i]);
	sv_classify_release(c);
	free(c);
	return 0;
}

/* Parse words (split at spaces) with the preferred family. */
static struct sv_filter *parse(const char *text, int family, char *err, size_t errlen,
			       int *ret)
{
	char buf[256], *argv[32];
	int argc = 0;
	struct sv_filter_parse_opts o = { .family = family };
	struct sv_filter *f = NULL;

	snprintf(buf, sizeof(buf), "%s", text);
	for (char *w = strtok(buf, " "); w && argc < 32; w = strtok(NULL, " "))
		argv[argc++] = w;
	*ret = sv_filter_parse_argv_with(argc, argv, &o, &f, err, errlen);
	return f;
}

struct mcase {
	const char *in;
	uint32_t want;
	int family; /* the preferred family: 0, AF_PACKET, AF_NETLINK */
};

static void run(const struct mcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char err[256] = "";
		int ret;
		struct sv_filter *f = parse(c[i].in, c[i].family, err, sizeof(err), &ret);
		uint32_t got = 0;

		if (ret != 0)
			fail_msg("'%s': %s", c[i].in, err);
		for (int k = 0; k < NSOCKS; k++)
			if (sv_filter_decide(f, &socks[k], NULL, NULL) == SV_FILTER_YES)
				got |= B(k);
		if (got != c[i].want)
			fail_msg("'%s' (family %d): matched 0x%x, want 0x%x", c[i].in,
				 c[i].family, got, c[i].want);
		sv_filter_free(f);
	}
}

static void test_link_words(void **state)
{
	static const struct mcase c[] = {
		{ "src link:ip", B(P_IP) | B(P_IP_1), 0 },
		{ "src link:IPv4", B(P_IP) | B(P_IP_1), 0 },
		{ "src link:2048", B(P_IP) | B(P_IP_1), 0 },
		{ "src link:0x800", B(P_IP) | B(P_IP_1), 0 },
		{ "src link:[2048]", B(P_IP) | B(P_IP_1), 0 },
		{ "src link:all", B(P_ALL), 0 },
		{ "src link:lldp", B(P_LLDP_2), 0 },
		{ "src link:*", PACKETS, 0 },
		{ "src link:", PACKETS, 0 },
		{ "src link:*:*", PACKETS, 0 },
		{ "src link:*:1", B(P_IP_1), 0 },
		{ "src link:ip:1", B(P_IP_1), 0 },
		{ "src link:ip:0", B(P_IP), 0 },
		{ "src link:lldp:1", 0, 0 },
		{ "src LINK:ip", B(P_IP) | B(P_IP_1), 0 },
		{ "src != link:ip", ALL & ~(B(P_IP) | B(P_IP_1)), 0 },
		/* ss's peer of a packet socket: protocol 0, port 0 */
		{ "dst link:ip", 0, 0 },
		{ "dst link:*:0", PACKETS, 0 },
		{ "dst link:0", PACKETS, 0 },
		/* a family prefix narrows its condition only */
		{ "src link:* or sport = :22", PACKETS | B(T_SSH), 0 },
	};

	(void)state;
	run(c, sizeof(c) / sizeof(c[0]));
}

static void test_netlink_words(void **state)
{
	static const struct mcase c[] = {
		{ "src netlink:rtnl", B(N_KERNEL) | B(N_USER) | B(N_CONN), 0 },
		{ "src netlink:0", B(N_KERNEL) | B(N_USER) | B(N_CONN), 0 },
		{ "src netlink:genl", B(N_AUTO), 0 },
		{ "src netlink:16:-5", B(N_AUTO), 0 },
		{ "src netlink:*:kernel", B(N_KERNEL), 0 },
		{ "src netlink:rtnl:4242", B(N_USER), 0 },
		{ "src netlink:rtnl:0x1092", B(N_USER), 0 },
		{ "src netlink:rtnl:python3/4242", B(N_USER), 0 },
		{ "src netlink:*", NETLINKS, 0 },
		/* ss's peer port of a netlink socket is -1, connected or not */
		{ "dst netlink:*:-1", NETLINKS, 0 },
		{ "dst netlink:*:0", 0, 0 },
	};

	(void)state;
	run(c, sizeof(c) / sizeof(c[0]));
}

/* After -0 / -f link / -f netlink, plain words are of that family, as ss's
 * preferred family makes them; inet: still reads an inet word. */
static void test_preferred_family(void **state)
{
	static const struct mcase c[] = {
		{ "src ip", B(P_IP) | B(P_IP_1), AF_PACKET },
		{ "src *:2", B(P_LLDP_2), AF_PACKET },
		{ "sport = :1", B(P_IP_1), AF_PACKET },
		{ "sport > :0", B(P_IP_1) | B(P_LLDP_2), AF_PACKET },
		{ "sport != :0", ALL & ~(B(P_ALL) | B(P_IP) | B(P_NONE)), AF_PACKET },
		{ "src inet:10.0.0.1", B(T_SSH), AF_PACKET },
		{ "src netlink:genl", B(N_AUTO), AF_PACKET },
		{ "src rtnl:kernel", B(N_KERNEL), AF_NETLINK },
		{ "src :kernel", B(N_KERNEL), AF_NETLINK },
		{ "sport = :kernel", B(N_KERNEL), AF_NETLINK },
		{ "sport < :0", B(N_AUTO) | B(N_CONN), AF_NETLINK },
		{ "dport = :-1", NETLINKS, AF_NETLINK },
	};

	(void)state;
	run(c, sizeof(c) / sizeof(c[0]));
}

/* The other conditions on these sockets, as ss decides them: a packet
 * socket's port is its interface index, a netlink socket's its port id; an
 * address of any length but 0 is none of theirs; dev is a packet socket's
 * interface; fwmark and cgroup read 0; autobound is ss's own rule; class
 * and service are sockview's columns. */
static void test_other_conditions(void **state)
{
	static const struct mcase c[] = {
		{ "sport = :1", B(P_IP_1), 0 },
		{ "sport = :4242", B(N_USER), 0 },
		{ "sport >= :1", B(P_IP_1) | B(P_LLDP_2) | B(N_USER) | B(T_SSH), 0 },
		{ "dport = :0", PACKETS, 0 },
		{ "dport = :40000", B(T_SSH), 0 },
		{ "src *", ALL, 0 },
		{ "src *:2", B(P_LLDP_2), 0 },
		{ "src 0.0.0.0/0", PACKETS | NETLINKS | B(T_SSH), 0 },
		{ "src 10.0.0.1", B(T_SSH), 0 },
		{ "dev 1", B(P_IP_1) | B(T_SSH), 0 },
		{ "dev 0", ALL & ~(B(P_IP_1) | B(P_LLDP_2) | B(T_SSH)), 0 },
		{ "fwmark 0", PACKETS | NETLINKS, 0 },
		{ "fwmark 1", 0, 0 },
		{ "autobound", B(P_NONE) | B(N_AUTO) | B(N_CONN), 0 },
		{ "not autobound", ALL & ~(B(P_NONE) | B(N_AUTO) | B(N_CONN)), 0 }, /* port 22: not in the range */
		{ "class all", B(P_ALL), 0 },
		{ "class ethertype", B(P_IP) | B(P_IP_1) | B(P_LLDP_2), 0 },
		{ "class none", B(P_NONE), 0 },
		{ "class kernel", B(N_KERNEL), 0 },
		{ "class user", B(N_USER) | B(N_AUTO) | B(N_CONN), 0 },
		{ "service ipv4", B(P_IP) | B(P_IP_1), 0 },
		{ "service LLDP", B(P_LLDP_2), 0 },
		{ "service route", B(N_KERNEL) | B(N_USER) | B(N_CONN), 0 },
		{ "service generic", B(N_AUTO), 0 },
		{ "role listen", 0, 0 },
	};

	(void)state;
	run(c, sizeof(c) / sizeof(c[0]));
}

static void test_errors(void **state)
{
	static const struct {
		const char *in;
		int family;
		const char *msg;
	} c[] = {
		{ "src link:bogus", 0, "unknown link-layer protocol 'bogus' at word 2" },
		{ "src link:0x10000", 0, "unknown link-layer protocol '0x10000' at word 2" },
		{ "src link:[65536]", 0, "unknown link-layer protocol '[65536]' at word 2" },
		{ "src link:ip:nosuchdev0", 0, "unknown interface 'nosuchdev0' at word 2" },
		{ "src netlink:256", 0, "unknown netlink protocol '256' at word 2" },
		{ "src netlink:RTNL", 0, "unknown netlink protocol 'RTNL' at word 2" },
		{ "src netlink:rtnl:who", 0,
		  "'who' is no netlink port id (a number or kernel) at word 2" },
		{ "src netlink:rtnl:99999999999", 0,
		  "'99999999999' is no netlink port id (a number or kernel) at word 2" },
		{ "src netlink:rtnl:x/0", 0,
		  "'x/0' is no netlink port id (a number or kernel) at word 2" },
		{ "src link:\x1b[31m", 0, "unknown link-layer protocol '\\x1b[31m' at word 2" },
		{ "sport > :*", AF_PACKET, "port ':*' cannot be ordered at word 3" },
		{ "sport = :nosuchdev0", AF_PACKET, "unknown interface 'nosuchdev0' at word 3" },
		{ "sport = :user", AF_NETLINK,
		  "'user' is no netlink port id (a number or kernel) at word 3" },
		{ "class bogus", 0, "unknown port class 'bogus' at word 2" },
		{ "service nosuchservice", 0, "unknown service 'nosuchservice' at word 2" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char err[256] = "";
		int ret;
		struct sv_filter *f = parse(c[i].in, c[i].family, err, sizeof(err), &ret);

		assert_null(f);
		if (ret != -EINVAL || strcmp(err, c[i].msg) != 0)
			fail_msg("'%s': %d '%s', want '%s'", c[i].in, ret, err, c[i].msg);
	}
}

/* On an inet table the kernel's program makes a link condition false (no
 * inet socket is a packet or netlink one), exactly as user space does. */
static void test_bytecode(void **state)
{
	char err[128];
	unsigned char bc[256];
	size_t len = sizeof(bc);
	int ret;
	struct sv_filter *f = parse("src link:ip or sport = :22", 0, err, sizeof(err), &ret);

	(void)state;
	assert_int_equal(ret, 0);
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, bc, &len), 0);
	assert_true(len > 0);
	sv_filter_free(f);
	/* no table of these sockets takes bytecode: the listing never asks */
	assert_false(sv_tables_get(SV_TABLE_PACKET_RAW)->bytecode);
	assert_false(sv_tables_get(SV_TABLE_NETLINK)->bytecode);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_words),
		cmocka_unit_test(test_netlink_words),
		cmocka_unit_test(test_preferred_family),
		cmocka_unit_test(test_other_conditions),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bytecode),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
