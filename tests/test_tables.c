/* test_tables.c - cmocka suite for the table descriptors: every table
 * described once, consistent states, the listing order, lookups. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <netinet/in.h>
#include <string.h>

#include "sockview/classify.h"
#include "sockview/tables.h"

static void test_descriptors(void **state)
{
	(void)state;
	for (int t = 0; t < SV_TABLE_MAX; t++) {
		const struct sv_table_desc *d = sv_tables_get((enum sv_table)t);

		assert_non_null(d);
		assert_int_equal(d->id, t);
		assert_non_null(d->name);
		assert_true(d->default_states != 0);
		assert_true((d->serving_states & ~SV_STATES_ALL) == 0);
		assert_true((d->listen_states & d->never_states) == 0);
		assert_true((unsigned int)d->proto < SV_PROTO_MAX);
		if (d->kind == SV_KIND_INET)
			assert_int_equal(sv_tables_of_ipproto(d->ipproto), t);
		assert_true(d->families != 0);
		assert_true(d->kind == SV_KIND_INET ? d->diag_family == 0 :
			    d->diag_family != 0 && !d->ports &&
			    d->families == SV_AF(d->diag_family));
		/* IP ports: every inet table but raw, whose "port" is its
		 * protocol */
		if (d->kind == SV_KIND_INET)
			assert_true(d->ports == (t != SV_TABLE_RAW));
		/* a table that can be asked can be read, and the other way */
		assert_true((d->request == NULL) == (d->parse == NULL));
		/* serving states mean something only with port rules */
		assert_true(d->ports || d->serving_states == 0 ||
			    d->classify != sv_classify_sock_inet);
		for (int u = 0; u < t; u++)
			assert_string_not_equal(sv_tables_get((enum sv_table)u)->name, d->name);
	}
	assert_null(sv_tables_get(SV_TABLE_MAX));
	assert_null(sv_tables_get((enum sv_table)-1));
	assert_int_equal(sv_tables_of_ipproto(IPPROTO_ICMP), -1);
	assert_int_equal(sv_tables_of_ipproto(0), -1);
	assert_int_equal(sv_tables_proto(SV_TABLE_UDP), SV_PROTO_UDP);
	assert_int_equal(sv_tables_proto(SV_TABLE_MAX), SV_PROTO_TCP);
}

/* The order lists every dump once, in ss's order; every table is in
 * exactly one listed dump. */
static void test_order(void **state)
{
	static const char *const ss_order[] = {
		"nl", "p_raw", "u_str", "raw", "udp", "tcp", "dccp", "sctp",
		"v_str", "tipc", "xdp", "mptcp",
	};
	size_t n;
	const enum sv_table *o = sv_tables_order(&n);
	int dumps[SV_TABLE_MAX] = { 0 };

	(void)state;
	assert_int_equal(n, sizeof(ss_order) / sizeof(ss_order[0]));
	for (size_t i = 0; i < n; i++) {
		const struct sv_table_desc *d = sv_tables_get(o[i]);

		assert_non_null(d);
		assert_string_equal(d->name, ss_order[i]);
		assert_int_equal(d->dump, d->id); /* a dump is named by its first table */
		dumps[o[i]]++;
	}
	for (int t = 0; t < SV_TABLE_MAX; t++) {
		const struct sv_table_desc *d = sv_tables_get((enum sv_table)t);

		assert_int_equal(dumps[d->dump], 1);
		/* a table shares its dump's family and kind */
		assert_int_equal(sv_tables_get(d->dump)->diag_family, d->diag_family);
		assert_int_equal(sv_tables_get(d->dump)->kind, d->kind);
	}
}

/* ss's -A words. */
static void test_query(void **state)
{
	const uint32_t all = (1u << SV_TABLE_MAX) - 1u;
	const uint32_t unix_t = (1u << SV_TABLE_UNIX_STREAM) |
				(1u << SV_TABLE_UNIX_DGRAM) | (1u << SV_TABLE_UNIX_SEQPACKET);

	(void)state;
	assert_int_equal(sv_tables_query("all"), all & ~(1u << SV_TABLE_TIPC));
	assert_int_equal(sv_tables_query("unix"), unix_t);
	assert_int_equal(sv_tables_query("u_str"), 1u << SV_TABLE_UNIX_STREAM);
	assert_int_equal(sv_tables_query("unix_stream"), 1u << SV_TABLE_UNIX_STREAM);
	assert_int_equal(sv_tables_query("unix_seqpacket"), 1u << SV_TABLE_UNIX_SEQPACKET);
	assert_int_equal(sv_tables_query("packet"),
			 (1u << SV_TABLE_PACKET_RAW) | (1u << SV_TABLE_PACKET_DGRAM));
	assert_int_equal(sv_tables_query("p_dgr"), 1u << SV_TABLE_PACKET_DGRAM);
	assert_int_equal(sv_tables_query("netlink"), 1u << SV_TABLE_NETLINK);
	assert_int_equal(sv_tables_query("tcp"), 1u << SV_TABLE_TCP);
	assert_int_equal(sv_tables_query("inet") & unix_t, 0);
	assert_true(sv_tables_query("inet") & (1u << SV_TABLE_RAW));
	assert_int_equal(sv_tables_query("vsock_dgram"), 1u << SV_TABLE_VSOCK_DGRAM);
	assert_int_equal(sv_tables_query("tipc"), 1u << SV_TABLE_TIPC);
	assert_int_equal(sv_tables_query("TCP"), 0); /* ss's words are lower case */
	assert_int_equal(sv_tables_query(""), 0);
	assert_int_equal(sv_tables_query("unix,tcp"), 0);
	assert_int_equal(sv_tables_query("nl "), 0);
}

/* ss's per-family defaults, and the families of a set of tables. */
static void test_families(void **state)
{
	uint32_t t, st;

	(void)state;
	assert_true(sv_tables_family_defaults(AF_PACKET, &t, &st));
	assert_int_equal(t, (1u << SV_TABLE_PACKET_RAW) | (1u << SV_TABLE_PACKET_DGRAM));
	assert_int_equal(st, 1u << SV_STATE_CLOSE);
	assert_true(sv_tables_family_defaults(AF_UNIX, &t, &st));
	assert_int_equal(st, SV_STATES_CONN);
	assert_true(sv_tables_family_defaults(AF_INET6, &t, &st));
	assert_true(t & (1u << SV_TABLE_TCP));
	assert_false(sv_tables_family_defaults(AF_BLUETOOTH, &t, &st));
	assert_true(sv_tables_families(1u << SV_TABLE_TCP) == SV_AF_INET_BOTH);
	assert_true(sv_tables_families(1u << SV_TABLE_UNIX_DGRAM) == SV_AF(AF_UNIX));
	assert_true(sv_tables_families(0) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptors),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_families),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
