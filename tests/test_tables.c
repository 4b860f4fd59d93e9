/* test_tables.c - cmocka suite for the table descriptors: every table
 * described once, consistent states, the listing order, lookups. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <netinet/in.h>
#include <string.h>

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
		if (d->ipproto)
			assert_int_equal(sv_tables_of_ipproto(d->ipproto), t);
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

/* The order lists every table once; UDP before TCP, as ss. */
static void test_order(void **state)
{
	size_t n;
	const enum sv_table *o = sv_tables_order(&n);
	int seen[SV_TABLE_MAX] = { 0 }, udp = -1, tcp = -1;

	(void)state;
	assert_int_equal(n, SV_TABLE_MAX);
	for (size_t i = 0; i < n; i++) {
		assert_true((unsigned int)o[i] < SV_TABLE_MAX);
		seen[o[i]]++;
		if (o[i] == SV_TABLE_UDP)
			udp = (int)i;
		if (o[i] == SV_TABLE_TCP)
			tcp = (int)i;
	}
	for (int t = 0; t < SV_TABLE_MAX; t++)
		assert_int_equal(seen[t], 1);
	assert_true(udp < tcp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptors),
		cmocka_unit_test(test_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
