/* test_sockstats.c - cmocka suite for a listing's totals by group
 * (sockstats.h) and the endpoint counter under them (epcount.h): groups
 * by netid, state and class, listeners, accept queues, the asked ports'
 * listeners (SO_REUSEPORT, devices), the range's use with reserved ports,
 * the fullest destination, the busiest ports, and memory that stays with
 * the groups on many sockets. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "support/fsock.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/epcount.h"
#include "sockview/sockstats.h"

/* A classified inet socket. */
static struct sv_sock mk(enum sv_table t, enum sv_state st, const char *laddr, uint16_t lport,
			 const char *raddr, uint16_t rport, enum sv_role role)
{
	return fsock_inet(t, st, laddr, lport, raddr, rport, role, 32768, 60999);
}

static struct sv_sock lst(const char *addr, uint16_t port, uint32_t rq, uint32_t wq)
{
	struct sv_sock s = mk(SV_TABLE_TCP, SV_STATE_LISTEN, addr, port,
			      strchr(addr, ':') ? "::" : "0.0.0.0", 0, SV_ROLE_LISTEN);

	s.rqueue = rq;
	s.wqueue = wq;
	return s;
}

static void start(struct sv_sockstats *st, const uint8_t *reserved, const uint8_t *ports,
		  uint32_t by_port)
{
	struct sv_sockstats_opts o = { .eph_lo = 32768, .eph_hi = 60999, .reserved = reserved,
				       .queue_ports = ports, .by_port = by_port };

	assert_int_equal(sv_sockstats_init(st, &o), 0);
}

static void add(struct sv_sockstats *st, const struct sv_sock *s)
{
	assert_int_equal(sv_sockstats_add(st, s), 0);
}

static const struct sv_sockstats_group *group(const struct sv_sockstats *st, const char *netid,
					      const char *state, const char *cls)
{
	for (size_t i = 0; i < st->ng; i++)
		if (strcmp(st->g[i].netid, netid) == 0 && strcmp(st->g[i].state, state) == 0 &&
		    strcmp(st->g[i].cls, cls) == 0)
			return &st->g[i];
	return NULL;
}

static void set(uint8_t *bits, uint16_t p)
{
	bits[p / 8] |= (uint8_t)(1u << (p % 8));
}

static void test_groups(void **state)
{
	struct sv_sockstats st;
	struct sv_sock out = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 40000,
				"10.0.0.2", 80, SV_ROLE_OUT);
	struct sv_sock in = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 22,
			       "10.0.0.9", 50000, SV_ROLE_IN);
	struct sv_sock udp = mk(SV_TABLE_UDP, SV_STATE_CLOSE, "0.0.0.0", 53, "0.0.0.0", 0,
				SV_ROLE_LISTEN);
	struct sv_sock unbound = mk(SV_TABLE_UDP, SV_STATE_CLOSE, "0.0.0.0", 0, "0.0.0.0", 0,
				    SV_ROLE_UNKNOWN);
	struct sv_sock ustr;

	memset(&ustr, 0, sizeof(ustr));
	ustr.table = SV_TABLE_UNIX_STREAM;
	ustr.family = AF_UNIX;
	ustr.state = SV_STATE_LISTEN;
	ustr.role = SV_ROLE_LISTEN;
	ustr.class_name = "path";
	ustr.rqueue = 1;
	ustr.wqueue = 4;
	start(&st, NULL, NULL, 0);
	add(&st, &out);
	add(&st, &out);
	add(&st, &in);
	add(&st, &udp);
	add(&st, &unbound);
	add(&st, &ustr);
	assert_int_equal(st.rows, 6);
	assert_int_equal(st.ng, 4);
	assert_int_equal(group(&st, "tcp", "ESTAB", "ephemeral")->sockets, 2);
	assert_int_equal(group(&st, "tcp", "ESTAB", "well-known")->sockets, 1);
	assert_int_equal(group(&st, "tcp", "ESTAB", "well-known")->listeners, 0);
	assert_int_equal(group(&st, "udp", "UNCONN", "well-known")->sockets, 2);
	assert_int_equal(group(&st, "udp", "UNCONN", "well-known")->listeners, 1);
	assert_int_equal(group(&st, "u_str", "LISTEN", "path")->listeners, 1);
	/* a unix listener has an accept queue too */
	assert_int_equal(st.q[SV_TABLE_UNIX_STREAM].listeners, 1);
	assert_int_equal(st.q[SV_TABLE_UNIX_STREAM].max_rq, 1);
	assert_int_equal(st.q[SV_TABLE_UNIX_STREAM].max_wq, 4);
	sv_sockstats_free(&st);
}

/* The fullest listener by Recv-Q over Send-Q (not by Recv-Q alone), the
 * full ones counted, a backlog of 0 taken as 1. */
static void test_queues(void **state)
{
	struct sv_sockstats st;
	struct sv_sock a = lst("0.0.0.0", 80, 100, 4096), b = lst("0.0.0.0", 81, 3, 4),
		       c = lst("0.0.0.0", 82, 5, 5), d = lst("::", 83, 1, 0),
		       e = lst("0.0.0.0", 84, 0, 128);

	start(&st, NULL, NULL, 0);
	add(&st, &e);
	add(&st, &a);
	add(&st, &b);
	assert_int_equal(st.q[SV_TABLE_TCP].max_rq, 3);
	assert_int_equal(st.q[SV_TABLE_TCP].max_wq, 4);
	assert_int_equal(st.q[SV_TABLE_TCP].full, 0);
	add(&st, &c);
	add(&st, &d);
	assert_int_equal(st.q[SV_TABLE_TCP].listeners, 5);
	assert_int_equal(st.q[SV_TABLE_TCP].full, 2); /* 5 of 5, 1 of 0 */
	/* 1 over 0 (as 1) is as full as 5 over 5: the first stays */
	assert_int_equal(st.q[SV_TABLE_TCP].max_rq, 5);
	assert_int_equal(st.q[SV_TABLE_TCP].max_wq, 5);
	assert_int_equal(st.listeners.n, 0); /* no port asked */
	sv_sockstats_free(&st);
}

/* The asked ports: one group per address, port and device; listeners
 * with SO_REUSEPORT summed, the fullest of them kept. */
static void test_asked_ports(void **state)
{
	static uint8_t ports[65536 / 8];
	struct sv_sockstats st;
	struct sv_sock w1 = lst("0.0.0.0", 8080, 2, 10), w2 = lst("0.0.0.0", 8080, 9, 10),
		       v6 = lst("::1", 8080, 0, 5), dev = lst("0.0.0.0", 8080, 1, 1),
		       other = lst("0.0.0.0", 9090, 7, 7);

	set(ports, 8080);
	dev.ifindex = 3;
	start(&st, NULL, ports, 0);
	add(&st, &w1);
	add(&st, &v6);
	add(&st, &w2);
	add(&st, &dev);
	add(&st, &other);
	assert_int_equal(st.listeners.n, 3);
	assert_int_equal(st.listeners.e[0].key.port, 8080);
	assert_int_equal(st.listeners.e[0].key.family, AF_INET);
	assert_int_equal(st.listeners.e[0].n, 2);
	assert_int_equal(st.lq[0].queued, 11);
	assert_int_equal(st.lq[0].backlog, 20);
	assert_int_equal(st.lq[0].max_rq, 9);
	assert_int_equal(st.listeners.e[1].key.family, AF_INET6);
	assert_int_equal(st.lq[1].backlog, 5);
	assert_int_equal(st.listeners.e[2].key.ifindex, 3);
	assert_int_equal(st.lq[2].queued, 1);
	assert_int_equal(st.q[SV_TABLE_TCP].listeners, 5);
	assert_int_equal(st.q[SV_TABLE_TCP].full, 2);
	sv_sockstats_free(&st);
}

/* Ports of the range in use, counted once each; reserved ports and ports
 * outside the range are not; the destinations of the connections from a
 * port of the range, the fullest kept. */
static void test_range(void **state)
{
	static uint8_t reserved[65536 / 8];
	struct sv_sockstats st;
	struct sv_sock s;

	set(reserved, 40000);
	assert_int_equal(sv_sockstats_range_size(32768, 60999, reserved), 28231);
	assert_int_equal(sv_sockstats_range_size(32768, 60999, NULL), 28232);
	assert_int_equal(sv_sockstats_range_size(1, 1, NULL), 1);
	start(&st, reserved, NULL, 0);
	assert_int_equal(st.range_size, 28231);
	for (uint16_t p = 33000; p < 33010; p++) {
		s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", p, "10.0.0.2", 443,
		       SV_ROLE_OUT);
		add(&st, &s);
		/* the same port toward another destination */
		s = mk(SV_TABLE_TCP, SV_STATE_TIME_WAIT, "10.0.0.1", p, "10.0.0.3", 443,
		       SV_ROLE_OUT);
		add(&st, &s);
	}
	s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "::1", 33000, "::2", 443, SV_ROLE_OUT);
	add(&st, &s);
	s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 40000, "10.0.0.2", 443,
	       SV_ROLE_OUT); /* reserved */
	add(&st, &s);
	s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 5000, "10.0.0.2", 443,
	       SV_ROLE_OUT); /* outside */
	add(&st, &s);
	s = mk(SV_TABLE_TCP, SV_STATE_LISTEN, "0.0.0.0", 50000, "0.0.0.0", 0, SV_ROLE_LISTEN);
	add(&st, &s);
	/* connections that listener accepted: its port, no destination */
	for (uint16_t p = 1; p <= 3; p++) {
		s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 50000, "10.0.0.9", p,
		       SV_ROLE_IN);
		add(&st, &s);
	}
	s = mk(SV_TABLE_UDP, SV_STATE_ESTABLISHED, "10.0.0.1", 33000, "10.0.0.53", 53,
	       SV_ROLE_OUT);
	add(&st, &s);
	s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 33050, "10.0.0.3", 443,
	       SV_ROLE_OUT);
	add(&st, &s);
	assert_int_equal(st.eph_used[SV_TABLE_TCP], 12); /* 33000-33009, 33050, 50000 */
	assert_int_equal(st.eph_used[SV_TABLE_UDP], 1);
	assert_true(st.dest_max[SV_TABLE_TCP] >= 0);
	assert_int_equal(st.dests.e[st.dest_max[SV_TABLE_TCP]].n, 11);
	assert_int_equal(st.dests.e[st.dest_max[SV_TABLE_TCP]].key.addr[3], 3);
	assert_int_equal(st.dests.e[st.dest_max[SV_TABLE_UDP]].n, 1);
	assert_int_equal(st.dest_max[SV_TABLE_MPTCP], -1);
	assert_int_equal(st.dests.n, 4); /* .2, .3, ::2, .53 */
	sv_sockstats_free(&st);
}

static void test_busiest(void **state)
{
	struct sv_sockstats st;
	struct sv_sockstats_port top[3];
	struct sv_sock s;

	start(&st, NULL, NULL, 1u << SV_TABLE_TCP | 1u << SV_TABLE_UDP);
	for (int i = 0; i < 5; i++) {
		s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 443, "10.0.0.2",
		       (uint16_t)(50000 + i), SV_ROLE_IN);
		add(&st, &s);
	}
	for (int i = 0; i < 3; i++) {
		s = mk(SV_TABLE_UDP, SV_STATE_CLOSE, "0.0.0.0", 53, "0.0.0.0", 0, SV_ROLE_LISTEN);
		add(&st, &s);
		s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 22, "10.0.0.2",
		       (uint16_t)(51000 + i), SV_ROLE_IN);
		add(&st, &s);
		s = mk(SV_TABLE_UDP, SV_STATE_CLOSE, "0.0.0.0", 0, "0.0.0.0", 0, SV_ROLE_UNKNOWN);
		add(&st, &s); /* port 0: no port */
	}
	s = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 80, "10.0.0.2", 52000, SV_ROLE_IN);
	add(&st, &s);
	assert_int_equal(sv_sockstats_busiest(&st, top, 3), 3);
	assert_int_equal(top[0].port, 443);
	assert_int_equal(top[0].sockets, 5);
	/* 3 each: tcp before udp (their table numbers: udp is 0)... by table
	 * number, then port */
	assert_int_equal(top[1].table, SV_TABLE_UDP);
	assert_int_equal(top[1].port, 53);
	assert_int_equal(top[2].table, SV_TABLE_TCP);
	assert_int_equal(top[2].port, 22);
	assert_int_equal(sv_sockstats_busiest(&st, top, 0), 0);
	sv_sockstats_free(&st);
}

/* 100,000 sockets of few kinds: the groups stay few. */
static void test_many_sockets(void **state)
{
	struct sv_sockstats st;

	start(&st, NULL, NULL, 0);
	for (uint32_t i = 0; i < 100000; i++) {
		char a[32];
		struct sv_sock s;

		snprintf(a, sizeof(a), "10.%u.%u.%u", i >> 16 & 255, i >> 8 & 255, i & 255);
		s = mk(i % 3 ? SV_TABLE_TCP : SV_TABLE_UDP,
		       i % 7 ? SV_STATE_ESTABLISHED : SV_STATE_TIME_WAIT, a,
		       (uint16_t)(1 + i % 65535), "192.0.2.1", (uint16_t)(i % 1000 + 1),
		       i % 2 ? SV_ROLE_OUT : SV_ROLE_IN);
		add(&st, &s);
	}
	assert_int_equal(st.rows, 100000);
	assert_true(st.ng <= 2 * 2 * 4);
	assert_int_equal(st.listeners.n, 0);
	/* destinations: at most 1000 peer ports x 2 tables */
	assert_true(st.dests.n <= 2000);
	sv_sockstats_free(&st);
}

static void test_epcount(void **state)
{
	struct sv_epcount m = { 0 };
	struct sv_epcount_key k = { .table = 1, .family = AF_INET, .port = 80 };

	for (uint32_t i = 0; i < 20000; i++) {
		memcpy(k.addr, &i, sizeof(i));
		assert_int_equal(sv_epcount_add(&m, &k), (long)i);
	}
	for (uint32_t i = 0; i < 20000; i += 7) {
		memcpy(k.addr, &i, sizeof(i));
		assert_int_equal(sv_epcount_add(&m, &k), (long)i);
		assert_int_equal(m.e[i].n, 2);
	}
	assert_int_equal(m.n, 20000);
	assert_true(m.nslots >= 2 * m.n);
	sv_epcount_free(&m);
	assert_null(m.e);
	assert_int_equal(m.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_queues),
		cmocka_unit_test(test_asked_ports),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_busiest),
		cmocka_unit_test(test_many_sockets),
		cmocka_unit_test(test_epcount),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
