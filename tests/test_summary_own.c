/* test_summary_own.c - cmocka suite for -s's own totals and -s -j
 * (summary.h): ss's derived numbers, the text after ss's, and the JSON
 * object, parsed back with jansson and compared member by member. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "support/fsock.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/sockstats.h"
#include "sockview/summary.h"

static const struct sv_summary sum = {
	.sockets_used = 120, .tcp_inuse = 10, .tcp_orphan = 1, .tcp_tw = 4, .tcp_alloc = 14,
	.udp_inuse = 3, .raw_inuse = 1, .tcp6_inuse = 2, .udp6_inuse = 1, .tcp_estab = 6,
};

static struct sv_sock mk(enum sv_table t, enum sv_state st, const char *laddr, uint16_t lport,
			 const char *raddr, uint16_t rport, enum sv_role role)
{
	return fsock_inet(t, st, laddr, lport, raddr, rport, role, 40000, 40099);
}

/* A listener on 22, two clients of it from the range (IPv6), a DNS
 * server and one query from the range. */
static void fill(struct sv_sockstats *st)
{
	struct sv_sockstats_opts o = { .eph_lo = 40000, .eph_hi = 40099,
				       .by_port = 1u << SV_TABLE_TCP | 1u << SV_TABLE_UDP };
	struct sv_sock rows[] = {
		mk(SV_TABLE_TCP, SV_STATE_LISTEN, "::", 22, "::", 0, SV_ROLE_LISTEN),
		mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "::1", 22, "::1", 40001, SV_ROLE_IN),
		mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "::1", 40001, "::1", 22, SV_ROLE_OUT),
		mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "::1", 22, "::1", 40002, SV_ROLE_IN),
		mk(SV_TABLE_TCP, SV_STATE_TIME_WAIT, "::1", 40002, "::1", 22, SV_ROLE_OUT),
		mk(SV_TABLE_UDP, SV_STATE_CLOSE, "127.0.0.1", 53, "0.0.0.0", 0, SV_ROLE_LISTEN),
		mk(SV_TABLE_UDP, SV_STATE_ESTABLISHED, "127.0.0.1", 40050, "127.0.0.1", 53,
		   SV_ROLE_OUT),
	};

	assert_int_equal(sv_sockstats_init(st, &o), 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(sv_sockstats_add(st, &rows[i]), 0);
}

static char *printed(int (*print)(FILE *, const struct sv_summary *, const struct sv_sockstats *),
		     const struct sv_sockstats *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(print(f, &sum, st), 0);
	fclose(f);
	return buf;
}

static int own_text(FILE *f, const struct sv_summary *s, const struct sv_sockstats *st)
{
	(void)s;
	return sv_summary_print_own(f, st);
}

static void test_derive(void **state)
{
	struct sv_summary_ss d;

	sv_summary_derive(&sum, &d);
	assert_int_equal(d.total, 120);
	assert_int_equal(d.tcp_total, 18);
	assert_int_equal(d.tcp_closed, 14 - (12 - 4));
	assert_int_equal(d.transport[SV_SUMMARY_INET][0], 1 + 3 + 10 + 1 + 2);
	assert_int_equal(d.transport[SV_SUMMARY_TCP][2], 2);
	assert_int_equal(d.transport[SV_SUMMARY_FRAG][0], 0);
}

static void test_own_text(void **state)
{
	struct sv_sockstats st;
	char *text;

	fill(&st);
	text = printed(own_text, &st);
	assert_string_equal(text,
		"Port class  Total     TCP       UDP       Listening\n"
		"well-known  4         3         1         2\n"
		"registered  0         0         0         0\n"
		"dynamic     0         0         0         0\n"
		"ephemeral   3         2         1         0\n"
		"\n"
		"Busiest local ports: 22/tcp (ssh) 3, 53/udp (domain) 1, 40050/udp 1, 40001/tcp 1, "
		"40002/tcp 1\n"
		"Ephemeral ports 40000-40099, 100 not reserved; in use: tcp 2 (2.0%), udp 1 (1.0%)\n"
		"Fullest destination (tcp): [::1]:22, 2 connections (2.0% of the range)\n"
		"Fullest destination (udp): 127.0.0.1:53, 1 connection (1.0% of the range)\n"
		"\n");
	free(text);
	sv_sockstats_free(&st);
}

static json_int_t num(json_t *root, const char *path)
{
	json_t *v = root;
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save)) {
		v = json_object_get(v, k);
		assert_non_null(v);
	}
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static void test_json(void **state)
{
	struct sv_sockstats st;
	json_error_t jerr;
	json_t *root, *top, *dest;
	char *text;

	fill(&st);
	text = printed(sv_summary_print_json, &st);
	assert_int_equal(text[strlen(text) - 1], '\n');
	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	assert_non_null(root);
	assert_int_equal(num(root, "ss.total"), 120);
	assert_int_equal(num(root, "ss.tcp.closed"), 6);
	assert_int_equal(num(root, "ss.transport.inet.ipv6"), 3);
	assert_int_equal(num(root, "sockview.classes.tcp.well-known.sockets"), 3);
	assert_int_equal(num(root, "sockview.classes.tcp.well-known.listeners"), 1);
	assert_int_equal(num(root, "sockview.classes.udp.ephemeral.sockets"), 1);
	assert_int_equal(num(root, "sockview.classes.udp.dynamic.sockets"), 0);
	assert_int_equal(num(root, "sockview.ephemeral.ports"), 100);
	assert_int_equal(num(root, "sockview.ephemeral.in_use.tcp"), 2);
	top = json_object_get(json_object_get(root, "sockview"), "busiest_local_ports");
	assert_int_equal(json_array_size(top), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(top, 0), "service")),
			    "ssh");
	assert_true(json_is_null(json_object_get(json_array_get(top, 2), "service")));
	dest = json_object_get(json_object_get(json_object_get(json_object_get(root,
		"sockview"), "ephemeral"), "fullest_destination"), "tcp");
	assert_string_equal(json_string_value(json_object_get(dest, "address")), "::1");
	assert_int_equal(json_integer_value(json_object_get(dest, "connections")), 2);
	assert_true(json_real_value(json_object_get(dest, "ratio")) == 0.02);
	json_decref(root);
	free(text);
	/* --ss: ss's numbers alone */
	text = printed(sv_summary_print_json, NULL);
	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	assert_non_null(root);
	assert_int_equal(json_object_size(root), 1);
	assert_int_equal(num(root, "ss.tcp.timewait"), 4);
	json_decref(root);
	free(text);
	sv_sockstats_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_derive),
		cmocka_unit_test(test_own_text),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
