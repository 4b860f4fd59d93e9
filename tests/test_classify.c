/* test_classify.c - cmocka suite for roles, ephemeral ports, port classes
 * and service names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/classify.h"
#include "sockview/services.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define EPH_LO 32768
#define EPH_HI 60999

static struct sv_sock mk(enum sv_table t, enum sv_state st, uint16_t lport,
			 uint16_t rport)
{
	struct sv_sock s;

	memset(&s, 0, sizeof(s));
	s.family = AF_INET;
	s.table = (uint8_t)t;
	s.state = (uint8_t)st;
	s.lport = lport;
	s.rport = rport;
	s.cookie = lport; /* names the socket in the autobound set */
	return s;
}

/* The host: TCP listeners on 22, 8080 and 33000 (inside the ephemeral
 * range), UDP servers on 53 and 5353; sockets that serve nothing. */
static int setup(void **state)
{
	struct sv_classify *c = malloc(sizeof(*c));
	static const struct {
		enum sv_table t;
		enum sv_state st;
		uint16_t port;
	} hosts[] = {
		{ SV_TABLE_TCP, SV_STATE_LISTEN, 22 },
		{ SV_TABLE_TCP, SV_STATE_LISTEN, 8080 },
		{ SV_TABLE_TCP, SV_STATE_LISTEN, 33000 },
		{ SV_TABLE_UDP, SV_STATE_CLOSE, 53 },
		{ SV_TABLE_UDP, SV_STATE_CLOSE, 5353 },
		/* not serving: */
		{ SV_TABLE_TCP, SV_STATE_CLOSE, 5555 },       /* bound, no listen() */
		{ SV_TABLE_TCP, SV_STATE_ESTABLISHED, 6666 },
		{ SV_TABLE_UDP, SV_STATE_ESTABLISHED, 7777 }, /* connected UDP */
		{ SV_TABLE_UDP, SV_STATE_CLOSE, 0 },          /* unbound UDP */
		{ SV_TABLE_TCP, SV_STATE_LISTEN, 0 },
		{ SV_TABLE_TCP, SV_STATE_SYN_RECV, 9999 },
	};

	if (!c)
		return -1;
	memset(c, 0xff, sizeof(*c)); /* init must clear everything */
	sv_classify_init(c, EPH_LO, EPH_HI);
	for (size_t i = 0; i < ARRAY_LEN(hosts); i++) {
		struct sv_sock s = mk(hosts[i].t, hosts[i].st, hosts[i].port, 0);

		sv_classify_note(c, &s);
	}
	{ /* the kernel bound 40010 automatically */
		struct sv_sock a = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, 40010, 41000);

		assert_int_equal(sv_classify_note_autobound(c, &a), 0);
	}
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	sv_classify_release(*state);
	free(*state);
	return 0;
}

static void test_init_and_range(void **state)
{
	struct sv_classify *c = *state;

	assert_int_equal(c->eph_lo, EPH_LO);
	assert_int_equal(c->eph_hi, EPH_HI);
	/* edges: lo-1, lo, hi, hi+1 */
	assert_false(sv_classify_in_range(c, EPH_LO - 1));
	assert_true(sv_classify_in_range(c, EPH_LO));
	assert_true(sv_classify_in_range(c, EPH_HI));
	assert_false(sv_classify_in_range(c, EPH_HI + 1));
	assert_false(sv_classify_in_range(c, 0));
	assert_false(sv_classify_in_range(c, 65535));
}

static void test_range_one_port_and_full(void **state)
{
	struct sv_classify *c = malloc(sizeof(*c));

	(void)state;
	assert_non_null(c);
	sv_classify_init(c, 40000, 40000);
	assert_false(sv_classify_in_range(c, 39999));
	assert_true(sv_classify_in_range(c, 40000));
	assert_false(sv_classify_in_range(c, 40001));
	sv_classify_init(c, 1, 65535);
	assert_false(sv_classify_in_range(c, 0));
	assert_true(sv_classify_in_range(c, 1));
	assert_true(sv_classify_in_range(c, 65535));
	free(c);
}

static void test_served(void **state)
{
	struct sv_classify *c = *state;
	static const struct {
		enum sv_table t;
		uint16_t port;
		bool served;
	} cases[] = {
		{ SV_TABLE_TCP, 22, true },
		{ SV_TABLE_TCP, 8080, true },
		{ SV_TABLE_TCP, 33000, true },
		{ SV_TABLE_UDP, 53, true },
		{ SV_TABLE_UDP, 5353, true },
		/* per table */
		{ SV_TABLE_UDP, 22, false },
		{ SV_TABLE_TCP, 53, false },
		/* neighbours share the bitmap byte */
		{ SV_TABLE_TCP, 21, false },
		{ SV_TABLE_TCP, 23, false },
		{ SV_TABLE_TCP, 33001, false },
		/* not serving sockets */
		{ SV_TABLE_TCP, 5555, false },
		{ SV_TABLE_TCP, 6666, false },
		{ SV_TABLE_UDP, 7777, false },
		{ SV_TABLE_UDP, 0, false },
		{ SV_TABLE_TCP, 0, false },
		{ SV_TABLE_TCP, 9999, false },
		{ SV_TABLE_TCP, 65535, false },
		/* not a table */
		{ SV_TABLE_MAX, 22, false },
		{ (enum sv_table)200, 22, false },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		if (sv_classify_served(c, cases[i].t, cases[i].port) != cases[i].served)
			fail_msg("table %d port %u: served %d, want %d", cases[i].t,
				 cases[i].port, !cases[i].served, cases[i].served);
}

/* A note from a record with a bad table is ignored; init forgets all. */
static void test_note_bad_table_and_reset(void **state)
{
	struct sv_classify *c = malloc(sizeof(*c));
	struct sv_sock s = mk(SV_TABLE_TCP, SV_STATE_LISTEN, 443, 0);

	(void)state;
	assert_non_null(c);
	sv_classify_init(c, EPH_LO, EPH_HI);
	s.table = SV_TABLE_MAX;
	sv_classify_note(c, &s);
	s.table = 255;
	sv_classify_note(c, &s);
	for (int t = 0; t < SV_TABLE_MAX; t++)
		assert_false(sv_classify_served(c, (enum sv_table)t, 443));
	s.table = SV_TABLE_TCP;
	s.lport = 65535;
	sv_classify_note(c, &s);
	assert_true(sv_classify_served(c, SV_TABLE_TCP, 65535));
	sv_classify_init(c, 1000, 2000);
	assert_false(sv_classify_served(c, SV_TABLE_TCP, 65535));
	free(c);
}

struct sock_case {
	const char *what;
	enum sv_table t;
	enum sv_state st;
	uint16_t lport, rport;
	enum sv_role role;
	enum sv_port_class cls;
	bool ephemeral;
	const char *service; /* NULL: none */
};

static const struct sock_case sock_cases[] = {
	/* listeners */
	{ "tcp listener", SV_TABLE_TCP, SV_STATE_LISTEN, 22, 0,
	  SV_ROLE_LISTEN, SV_CLASS_WELL_KNOWN, false, "ssh" },
	{ "tcp listener in the ephemeral range", SV_TABLE_TCP, SV_STATE_LISTEN,
	  33000, 0, SV_ROLE_LISTEN, SV_CLASS_REGISTERED, false, "wg-endpt-comms" },
	{ "tcp listener, port without a name", SV_TABLE_TCP, SV_STATE_LISTEN,
	  1023, 0, SV_ROLE_LISTEN, SV_CLASS_WELL_KNOWN, false, NULL },
	{ "udp unconnected bound = listen", SV_TABLE_UDP, SV_STATE_CLOSE, 53, 0,
	  SV_ROLE_LISTEN, SV_CLASS_WELL_KNOWN, false, "domain" },
	{ "udp unconnected bound, in range", SV_TABLE_UDP, SV_STATE_CLOSE, 40000,
	  0, SV_ROLE_LISTEN, SV_CLASS_REGISTERED, false, "safetynetp" },
	/* not listeners */
	{ "udp unconnected unbound (port 0)", SV_TABLE_UDP, SV_STATE_CLOSE, 0, 0,
	  SV_ROLE_UNKNOWN, SV_CLASS_WELL_KNOWN, false, NULL },
	{ "tcp bound, not listening", SV_TABLE_TCP, SV_STATE_CLOSE, 5555, 0,
	  SV_ROLE_UNKNOWN, SV_CLASS_REGISTERED, false, NULL },
	/* inbound: the local port is served */
	{ "tcp in on a served port", SV_TABLE_TCP, SV_STATE_ESTABLISHED, 22,
	  50312, SV_ROLE_IN, SV_CLASS_WELL_KNOWN, false, "ssh" },
	{ "tcp in, time-wait", SV_TABLE_TCP, SV_STATE_TIME_WAIT, 8080, 40001,
	  SV_ROLE_IN, SV_CLASS_REGISTERED, false, "http-alt" },
	{ "tcp in, served port inside the range", SV_TABLE_TCP,
	  SV_STATE_ESTABLISHED, 33000, 40000, SV_ROLE_IN, SV_CLASS_REGISTERED,
	  false, "wg-endpt-comms" },
	{ "tcp syn-recv = in (port not noted)", SV_TABLE_TCP, SV_STATE_SYN_RECV,
	  12345, 40000, SV_ROLE_IN, SV_CLASS_REGISTERED, false, "italk" },
	{ "udp in on a served port", SV_TABLE_UDP, SV_STATE_ESTABLISHED, 53, 5353,
	  SV_ROLE_IN, SV_CLASS_WELL_KNOWN, false, "domain" },
	/* outbound */
	{ "tcp out, ephemeral", SV_TABLE_TCP, SV_STATE_ESTABLISHED, 36266, 22,
	  SV_ROLE_OUT, SV_CLASS_REGISTERED, true, "ssh" },
	{ "tcp out, named local port in range is still ephemeral", SV_TABLE_TCP,
	  SV_STATE_ESTABLISHED, 33434, 80, SV_ROLE_OUT, SV_CLASS_REGISTERED, true,
	  "http" },
	{ "tcp out, 32768 is not filenet-tms", SV_TABLE_TCP, SV_STATE_SYN_SENT,
	  32768, 443, SV_ROLE_OUT, SV_CLASS_REGISTERED, true, "https" },
	{ "tcp out, peer port without a name", SV_TABLE_TCP,
	  SV_STATE_ESTABLISHED, 45000, 61000, SV_ROLE_OUT, SV_CLASS_REGISTERED,
	  true, NULL },
	/* rule 3: exactly one side in the ephemeral range is the client */
	{ "tcp in, no listener, peer port in range", SV_TABLE_TCP,
	  SV_STATE_ESTABLISHED, 8082, 44321, SV_ROLE_IN, SV_CLASS_REGISTERED, false,
	  "us-cli" },
	{ "tcp in, no listener, time-wait", SV_TABLE_TCP, SV_STATE_TIME_WAIT, 8082,
	  44321, SV_ROLE_IN, SV_CLASS_REGISTERED, false, "us-cli" },
	{ "tcp, port served only in udp: the peer is the client", SV_TABLE_TCP,
	  SV_STATE_ESTABLISHED, 53, 44444, SV_ROLE_IN, SV_CLASS_WELL_KNOWN, false,
	  "domain" },
	/* rule 4: nothing decides */
	{ "neither port in range", SV_TABLE_TCP, SV_STATE_ESTABLISHED, 61000, 3306,
	  SV_ROLE_UNKNOWN, SV_CLASS_DYNAMIC, false, NULL },
	{ "privileged local port", SV_TABLE_TCP, SV_STATE_ESTABLISHED, 1022, 22,
	  SV_ROLE_UNKNOWN, SV_CLASS_WELL_KNOWN, false, NULL },
	{ "both ports in range, not autobound", SV_TABLE_TCP, SV_STATE_ESTABLISHED,
	  40000, 41000, SV_ROLE_UNKNOWN, SV_CLASS_REGISTERED, false, NULL },
	{ "both in range, time-wait (no bind flag)", SV_TABLE_TCP,
	  SV_STATE_TIME_WAIT, 40010, 41000, SV_ROLE_UNKNOWN, SV_CLASS_REGISTERED,
	  false, NULL },
	/* rule 2: the kernel bound it (cookie 40010 is noted in setup) */
	{ "both in range, autobound", SV_TABLE_TCP, SV_STATE_ESTABLISHED, 40010,
	  41000, SV_ROLE_OUT, SV_CLASS_REGISTERED, true, NULL },
	{ "udp both in range, autobound", SV_TABLE_UDP, SV_STATE_ESTABLISHED, 40010,
	  41000, SV_ROLE_OUT, SV_CLASS_REGISTERED, true, NULL },
	{ "tcp out, fin-wait-2", SV_TABLE_TCP, SV_STATE_FIN_WAIT2, 50000, 443,
	  SV_ROLE_OUT, SV_CLASS_DYNAMIC, true, "https" },
	{ "tcp out, time-wait", SV_TABLE_TCP, SV_STATE_TIME_WAIT, 40002, 80,
	  SV_ROLE_OUT, SV_CLASS_REGISTERED, true, "http" },
	{ "udp out, connected", SV_TABLE_UDP, SV_STATE_ESTABLISHED, 40001, 53,
	  SV_ROLE_OUT, SV_CLASS_REGISTERED, true, "domain" },
	{ "udp, peer port 0", SV_TABLE_UDP, SV_STATE_ESTABLISHED, 40003, 0,
	  SV_ROLE_UNKNOWN, SV_CLASS_REGISTERED, false, NULL },
	/* port classes at the edges (local port) */
	{ "class 0", SV_TABLE_TCP, SV_STATE_ESTABLISHED, 0, 80, SV_ROLE_UNKNOWN,
	  SV_CLASS_WELL_KNOWN, false, NULL },
	{ "class 1023", SV_TABLE_TCP, SV_STATE_ESTABLISHED, 1023, 80,
	  SV_ROLE_UNKNOWN, SV_CLASS_WELL_KNOWN, false, NULL },
	{ "class 1024", SV_TABLE_TCP, SV_STATE_ESTABLISHED, 1024, 80,
	  SV_ROLE_UNKNOWN, SV_CLASS_REGISTERED, false, NULL },
	{ "class 49151", SV_TABLE_TCP, SV_STATE_ESTABLISHED, 49151, 80,
	  SV_ROLE_OUT, SV_CLASS_REGISTERED, true, "http" },
	{ "class 49152", SV_TABLE_TCP, SV_STATE_ESTABLISHED, 49152, 80,
	  SV_ROLE_OUT, SV_CLASS_DYNAMIC, true, "http" },
	{ "class 65535", SV_TABLE_TCP, SV_STATE_ESTABLISHED, 65535, 80,
	  SV_ROLE_UNKNOWN, SV_CLASS_DYNAMIC, false, NULL },
	/* ephemeral edges: lo-1, lo, hi, hi+1 */
	{ "eph lo-1", SV_TABLE_TCP, SV_STATE_ESTABLISHED, EPH_LO - 1, 80,
	  SV_ROLE_UNKNOWN, SV_CLASS_REGISTERED, false, NULL },
	{ "eph lo", SV_TABLE_TCP, SV_STATE_ESTABLISHED, EPH_LO, 80, SV_ROLE_OUT,
	  SV_CLASS_REGISTERED, true, "http" },
	{ "eph hi", SV_TABLE_TCP, SV_STATE_ESTABLISHED, EPH_HI, 80, SV_ROLE_OUT,
	  SV_CLASS_DYNAMIC, true, "http" },
	{ "eph hi+1", SV_TABLE_TCP, SV_STATE_ESTABLISHED, EPH_HI + 1, 80,
	  SV_ROLE_UNKNOWN, SV_CLASS_DYNAMIC, false, NULL },
	/* rule 0: the state decides */
	{ "syn-sent, both in range", SV_TABLE_TCP, SV_STATE_SYN_SENT, 40000, 41000,
	  SV_ROLE_OUT, SV_CLASS_REGISTERED, true, NULL },
	{ "syn-recv, no listener noted", SV_TABLE_TCP, SV_STATE_SYN_RECV, 61000,
	  3306, SV_ROLE_IN, SV_CLASS_DYNAMIC, false, NULL },
};

static void test_classify_sock(void **state)
{
	struct sv_classify *c = *state;

	for (size_t i = 0; i < ARRAY_LEN(sock_cases); i++) {
		const struct sock_case *k = &sock_cases[i];
		struct sv_sock s = mk(k->t, k->st, k->lport, k->rport);
		struct sv_sock before;

		s.role = 99; /* overwritten */
		s.service = "stale";
		s.ephemeral = !k->ephemeral;
		before = s;
		sv_classify_sock(c, &s);
		if (s.role != k->role)
			fail_msg("%s: role %s, want %s", k->what,
				 sv_classify_role_name((enum sv_role)s.role),
				 sv_classify_role_name(k->role));
		if (s.port_class != k->cls)
			fail_msg("%s: class %d, want %d", k->what, s.port_class, k->cls);
		if (s.ephemeral != k->ephemeral)
			fail_msg("%s: ephemeral %d, want %d", k->what, s.ephemeral,
				 k->ephemeral);
		if (k->service == NULL && s.service != NULL)
			fail_msg("%s: service '%s', want none", k->what, s.service);
		if (k->service && (!s.service || strcmp(s.service, k->service)))
			fail_msg("%s: service '%s', want '%s'", k->what,
				 s.service ? s.service : "(null)", k->service);
		/* nothing else is touched */
		assert_int_equal(s.lport, before.lport);
		assert_int_equal(s.rport, before.rport);
		assert_int_equal(s.state, before.state);
		assert_int_equal(s.table, before.table);
	}
}

/* The service comes from the table's protocol (45000/udp is asmp-mon,
 * 45000/tcp is asmp). */
static void test_service_per_protocol(void **state)
{
	struct sv_classify *c = *state;
	struct sv_sock t = mk(SV_TABLE_TCP, SV_STATE_LISTEN, 45000, 0);
	struct sv_sock u = mk(SV_TABLE_UDP, SV_STATE_CLOSE, 45000, 0);

	sv_classify_sock(c, &t);
	sv_classify_sock(c, &u);
	assert_string_equal(t.service, "asmp");
	assert_string_equal(u.service, "asmp-mon");
}

/* Without any listener noted, a connection between two ports of the
 * ephemeral range is undecided, and the same socket becomes inbound once
 * the listener is known: learning listeners first matters. */
static void test_order_matters(void **state)
{
	struct sv_classify *c = malloc(sizeof(*c));
	struct sv_sock s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, 40500, 50000);
	struct sv_sock l = mk(SV_TABLE_TCP, SV_STATE_LISTEN, 40500, 0);

	(void)state;
	assert_non_null(c);
	sv_classify_init(c, EPH_LO, EPH_HI);
	sv_classify_sock(c, &s);
	assert_int_equal(s.role, SV_ROLE_UNKNOWN);
	assert_false(s.ephemeral);
	sv_classify_note(c, &l);
	sv_classify_sock(c, &s);
	assert_int_equal(s.role, SV_ROLE_IN);
	assert_false(s.ephemeral);
	free(c);
}

/* The autobound set: grows past its first size, keeps every cookie, ignores
 * cookie 0, and is released. */
static void test_autobound_set(void **state)
{
	struct sv_classify *c = malloc(sizeof(*c));
	struct sv_sock s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, 40000, 41000);

	(void)state;
	assert_non_null(c);
	sv_classify_init(c, EPH_LO, EPH_HI);
	for (uint64_t k = 1; k <= 5000; k++) {
		s.cookie = k * 977;
		assert_int_equal(sv_classify_note_autobound(c, &s), 0);
	}
	s.cookie = 977; /* twice: counted once */
	assert_int_equal(sv_classify_note_autobound(c, &s), 0);
	assert_int_equal(c->nautob, 5000);
	s.cookie = 0;
	assert_int_equal(sv_classify_note_autobound(c, &s), 0);
	assert_int_equal(c->nautob, 5000);
	for (uint64_t k = 1; k <= 5000; k++) {
		s.cookie = k * 977;
		sv_classify_sock(c, &s);
		assert_int_equal(s.role, SV_ROLE_OUT);
	}
	s.cookie = 978;
	sv_classify_sock(c, &s);
	assert_int_equal(s.role, SV_ROLE_UNKNOWN);
	sv_classify_release(c);
	assert_null(c->autob);
	free(c);
}

/* A record with a table out of range, or of a table without ports, gets
 * no port rule (nothing is read out of the bitmaps or the union). */
static void test_bad_table(void **state)
{
	struct sv_classify *c = *state;
	struct sv_sock s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, 22, 50000);

	s.table = SV_TABLE_MAX + 3;
	sv_classify_sock(c, &s);
	assert_int_equal(s.role, SV_ROLE_NONE);
	assert_null(s.service);
	s = mk(SV_TABLE_TCP, SV_STATE_LISTEN, 22, 0);
	s.table = SV_TABLE_NETLINK;
	sv_classify_note(c, &s);
	sv_classify_sock(c, &s);
	assert_int_equal(s.role, SV_ROLE_NONE);
	assert_false(sv_classify_served(c, SV_TABLE_NETLINK, 22));
}

static void test_role_names(void **state)
{
	(void)state;
	assert_string_equal(sv_classify_role_name(SV_ROLE_LISTEN), "listen");
	assert_string_equal(sv_classify_role_name(SV_ROLE_IN), "in");
	assert_string_equal(sv_classify_role_name(SV_ROLE_OUT), "out");
	assert_string_equal(sv_classify_role_name(SV_ROLE_UNKNOWN), "unknown");
	assert_string_equal(sv_classify_role_name(SV_ROLE_NONE), "-");
	assert_string_equal(sv_classify_role_name((enum sv_role)42), "-");
}

static struct sv_sock at(enum sv_state st, int family, const char *addr,
			 uint16_t port)
{
	struct sv_sock s = mk(SV_TABLE_TCP, st, port, 0);

	s.family = (uint8_t)family;
	assert_int_equal(inet_pton(family, addr, s.laddr), 1);
	return s;
}

/* A listener serves its own address or, bound to the wildcard, every
 * address of its family (IPv4 peers of a dual-stack listener are v4-mapped
 * IPv6): a connection on another address with the same port came out. */
static void test_serves_by_address(void **state)
{
	struct sv_classify *c = malloc(sizeof(*c));
	struct sv_sock l1 = at(SV_STATE_LISTEN, AF_INET, "127.0.0.5", 10001);
	struct sv_sock l2 = at(SV_STATE_LISTEN, AF_INET6, "::", 8080);
	struct sv_sock l3 = at(SV_STATE_LISTEN, AF_INET, "0.0.0.0", 22);
	struct sv_sock s;

	(void)state;
	assert_non_null(c);
	sv_classify_init(c, EPH_LO, EPH_HI);
	sv_classify_note(c, &l1);
	sv_classify_note(c, &l2);
	sv_classify_note(c, &l3);
	s = at(SV_STATE_ESTABLISHED, AF_INET, "127.0.0.5", 10001);
	assert_true(sv_classify_serves_sock(c, &s));
	s = at(SV_STATE_TIME_WAIT, AF_INET, "127.0.0.100", 10001);
	assert_false(sv_classify_serves_sock(c, &s));
	s.rport = 22;
	sv_classify_sock(c, &s);
	assert_int_equal(s.role, SV_ROLE_UNKNOWN); /* not served: rule 3, 4 */
	s = at(SV_STATE_ESTABLISHED, AF_INET6, "::ffff:10.0.0.1", 8080);
	assert_true(sv_classify_serves_sock(c, &s));
	s = at(SV_STATE_ESTABLISHED, AF_INET, "10.0.0.1", 8080); /* other family */
	assert_false(sv_classify_serves_sock(c, &s));
	s = at(SV_STATE_ESTABLISHED, AF_INET, "192.0.2.7", 22);
	assert_true(sv_classify_serves_sock(c, &s));
	sv_classify_sock(c, &s);
	assert_int_equal(s.role, SV_ROLE_IN);
	free(c);
}

/* A connection whose peer is a listener of this host is its client: the
 * listener bound to that address, or a wildcard one when the address is
 * this host's (loopback, or in the local set); an IPv4 peer also reaches a
 * dual-stack IPv6 wildcard, not a v6only one. All ports here lie in the
 * ephemeral range, so nothing else could decide. */
static void test_peer_is_listener(void **state)
{
	struct sv_classify *c = malloc(sizeof(*c));
	struct sv_localaddrs local = { 0 };
	static const struct {
		int family;
		const char *addr;
		uint16_t port;
		bool v6only;
	} lst[] = {
		{ AF_INET, "0.0.0.0", 45000, false }, { AF_INET6, "::", 46000, false },
		{ AF_INET6, "::", 47000, true }, { AF_INET, "10.0.0.5", 48000, false },
	};
	static const struct {
		int family;
		const char *raddr;
		uint16_t rport;
		enum sv_role role;
	} cases[] = {
		{ AF_INET, "127.0.0.1", 45000, SV_ROLE_OUT },
		{ AF_INET, "192.0.2.7", 45000, SV_ROLE_UNKNOWN }, /* another host */
		{ AF_INET, "10.0.0.9", 45000, SV_ROLE_OUT },      /* in the local set */
		{ AF_INET, "127.0.0.1", 46000, SV_ROLE_OUT },     /* dual-stack */
		{ AF_INET, "127.0.0.1", 47000, SV_ROLE_UNKNOWN }, /* v6only */
		{ AF_INET6, "::1", 47000, SV_ROLE_OUT },
		{ AF_INET6, "::ffff:127.0.0.1", 45000, SV_ROLE_OUT },
		{ AF_INET6, "2001:db8::9", 46000, SV_ROLE_UNKNOWN },
		{ AF_INET, "10.0.0.5", 48000, SV_ROLE_OUT },      /* the bound address */
		{ AF_INET, "10.0.0.6", 48000, SV_ROLE_UNKNOWN },
	};
	uint8_t a[16];

	(void)state;
	assert_non_null(c);
	sv_classify_init(c, EPH_LO, EPH_HI);
	assert_int_equal(inet_pton(AF_INET, "10.0.0.9", a), 1);
	assert_int_equal(sv_localaddr_add(&local, AF_INET, a), 0);
	c->local = &local;
	for (size_t i = 0; i < ARRAY_LEN(lst); i++) {
		struct sv_sock l = at(SV_STATE_LISTEN, lst[i].family, lst[i].addr, lst[i].port);

		l.v6only = lst[i].v6only;
		sv_classify_note(c, &l);
	}
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct sv_sock s = at(SV_STATE_ESTABLISHED, cases[i].family,
				      cases[i].family == AF_INET ? "127.0.0.1" : "::1", 40000);

		s.rport = cases[i].rport;
		assert_int_equal(inet_pton(cases[i].family, cases[i].raddr, s.raddr), 1);
		sv_classify_sock(c, &s);
		if (s.role != cases[i].role)
			fail_msg("peer %s:%u: role %s, want %s", cases[i].raddr, cases[i].rport,
				 sv_classify_role_name((enum sv_role)s.role),
				 sv_classify_role_name(cases[i].role));
	}
	sv_localaddr_free(&local);
	sv_classify_release(c);
	free(c);
}

/* Past SV_CLASSIFY_SLOTS / 2 listeners, ports alone decide (bounded). */
static void test_many_listeners(void **state)
{
	struct sv_classify *c = malloc(sizeof(*c));
	struct sv_sock s;

	(void)state;
	assert_non_null(c);
	sv_classify_init(c, EPH_LO, EPH_HI);
	for (unsigned int i = 0; i < SV_CLASSIFY_SLOTS; i++) {
		s = at(SV_STATE_LISTEN, AF_INET, "127.0.0.1", (uint16_t)(1000 + i));
		sv_classify_note(c, &s);
	}
	assert_true(c->overflow);
	s = at(SV_STATE_ESTABLISHED, AF_INET, "127.0.0.9", 1000);
	assert_true(sv_classify_serves_sock(c, &s)); /* by port */
	s = at(SV_STATE_ESTABLISHED, AF_INET, "127.0.0.9", 999);
	assert_false(sv_classify_serves_sock(c, &s));
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serves_by_address),
		cmocka_unit_test(test_many_listeners),
		cmocka_unit_test(test_peer_is_listener),
		cmocka_unit_test_setup_teardown(test_init_and_range, setup, teardown),
		cmocka_unit_test(test_range_one_port_and_full),
		cmocka_unit_test_setup_teardown(test_served, setup, teardown),
		cmocka_unit_test(test_note_bad_table_and_reset),
		cmocka_unit_test_setup_teardown(test_classify_sock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_service_per_protocol, setup,
						teardown),
		cmocka_unit_test(test_order_matters),
		cmocka_unit_test(test_autobound_set),
		cmocka_unit_test_setup_teardown(test_bad_table, setup, teardown),
		cmocka_unit_test(test_role_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
