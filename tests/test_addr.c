/* test_addr.c - cmocka suite for addresses and numbers as ss writes them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/addr.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void test_utoa(void **state)
{
	static const struct {
		uint32_t v;
		const char *text;
	} cases[] = {
		{ 0, "0" },
		{ 7, "7" },
		{ 10, "10" },
		{ 128, "128" },
		{ 65535, "65535" },
		{ 1000000, "1000000" },
		{ 4294967295u, "4294967295" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char buf[16];

		memset(buf, 'x', sizeof(buf));
		assert_int_equal(sv_addr_utoa(buf, cases[i].v), strlen(cases[i].text));
		assert_string_equal(buf, cases[i].text);
	}
}

/* The largest number fills exactly the documented 11 bytes. */
static void test_utoa_exact_buffer(void **state)
{
	char buf[12];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(sv_addr_utoa(buf, 4294967295u), 10);
	assert_int_equal(buf[10], '\0');
	assert_int_equal(buf[11], 'x');
}

struct fmt_case {
	int family;
	const char *addr; /* inet_pton text */
	bool v6only;
	const char *text;
};

static const struct fmt_case fmt_cases[] = {
	{ AF_INET, "0.0.0.0", false, "0.0.0.0" },
	{ AF_INET, "0.0.0.0", true, "0.0.0.0" }, /* v6only means nothing here */
	{ AF_INET, "10.0.0.1", false, "10.0.0.1" },
	{ AF_INET, "127.0.0.53", false, "127.0.0.53" },
	{ AF_INET, "255.255.255.255", false, "255.255.255.255" },
	{ AF_INET, "1.20.100.200", false, "1.20.100.200" },
	/* the IPv6 wildcard: "*" for a dual-stack socket, [::] when v6only */
	{ AF_INET6, "::", false, "*" },
	{ AF_INET6, "::", true, "[::]" },
	{ AF_INET6, "::1", false, "[::1]" },
	{ AF_INET6, "::1", true, "[::1]" },
	{ AF_INET6, "::ffff:10.0.0.1", false, "[::ffff:10.0.0.1]" },
	{ AF_INET6, "::ffff:255.255.255.255", false, "[::ffff:255.255.255.255]" },
	{ AF_INET6, "::ffff:0.0.0.0", false, "[::ffff:0.0.0.0]" },
	{ AF_INET6, "fe80::1", false, "[fe80::1]" },
	{ AF_INET6, "2001:db8::", false, "[2001:db8::]" },
	{ AF_INET6, "fec0:42::24", false, "[fec0:42::24]" },
	{ AF_INET6, "1234:5678:9abc:def0:1234:5678:9abc:def0", false,
	  "[1234:5678:9abc:def0:1234:5678:9abc:def0]" },
	{ AF_INET6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true,
	  "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]" },
};

static void test_format(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(fmt_cases); i++) {
		const struct fmt_case *c = &fmt_cases[i];
		uint8_t addr[16] = { 0 };
		char buf[SV_ADDR_MAX + 8];
		size_t n;

		assert_int_equal(inet_pton(c->family, c->addr, addr), 1);
		memset(buf, 'x', sizeof(buf));
		n = sv_addr_format(buf, SV_ADDR_MAX, c->family, addr, c->v6only);
		if (strcmp(buf, c->text) != 0)
			fail_msg("%s (v6only %d): \"%s\", want \"%s\"", c->addr,
				 c->v6only, buf, c->text);
		assert_int_equal(n, strlen(c->text));
		/* nothing written past SV_ADDR_MAX */
		for (size_t k = SV_ADDR_MAX; k < sizeof(buf); k++)
			assert_int_equal(buf[k], 'x');
	}
}

/* An IPv4 record reads 4 bytes only; the rest of the 16 does not matter. */
static void test_format_v4_ignores_tail(void **state)
{
	uint8_t addr[16];
	char buf[SV_ADDR_MAX];

	(void)state;
	memset(addr, 0xee, sizeof(addr));
	addr[0] = 192, addr[1] = 0, addr[2] = 2, addr[3] = 1;
	assert_int_equal(sv_addr_format(buf, sizeof(buf), AF_INET, addr, false), 9);
	assert_string_equal(buf, "192.0.2.1");
}

/* The hand-written IPv6 formatter writes exactly what inet_ntop writes
 * (ss's form): every pattern of zero groups, embedded IPv4 forms, and
 * random addresses. */
static void test_v6_same_as_inet_ntop(void **state)
{
	uint32_t seed = 12345;

	(void)state;
	for (int k = 0; k < 200000; k++) {
		uint8_t a[16];
		char want[INET6_ADDRSTRLEN + 2], got[SV_ADDR_MAX];
		int zeros = k & 0xff; /* which groups are zero */

		for (int i = 0; i < 16; i++) {
			seed = seed * 1103515245u + 12345u;
			a[i] = (uint8_t)(seed >> 16);
			if (k % 3 == 0)
				a[i] &= 0x0f; /* short groups: 0x1, 0xa0 ... */
		}
		for (int g = 0; g < 8; g++)
			if (zeros & (1 << g))
				a[2 * g] = a[2 * g + 1] = 0;
		if (k % 7 == 0) { /* ::ffff:a.b.c.d and ::a.b.c.d shapes */
			memset(a, 0, 10);
			a[10] = a[11] = (k % 14 == 0) ? 0xff : 0;
		}
		snprintf(want, sizeof(want), "[");
		assert_non_null(inet_ntop(AF_INET6, a, want + 1, INET6_ADDRSTRLEN));
		strcat(want, "]");
		if (strcmp(want, "[::]") == 0)
			continue; /* the wildcard prints as "*" unless v6only */
		sv_addr_format(got, sizeof(got), AF_INET6, a, true);
		if (strcmp(got, want) != 0)
			fail_msg("got %s, want %s", got, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utoa),
		cmocka_unit_test(test_utoa_exact_buffer),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_v4_ignores_tail),
		cmocka_unit_test(test_v6_same_as_inet_ntop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
