/* test_resolve_cache.c - cmocka suite for -r's cache: which addresses ss
 * looks up, one entry per distinct address, answers kept. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/resolve_cache.h"

static void addr_of(int family, const char *text, uint8_t out[16])
{
	memset(out, 0, 16);
	assert_int_equal(inet_pton(family, text, out), 1);
}

/* ss's rule: IPv4 as is; IPv4-mapped IPv6 as IPv4; the IPv6 wildcard never
 * (ss prints "*" for a dual-stack one; glibc refuses "::"); IPv6 as is. */
static void test_key(void **state)
{
	static const struct {
		int family;
		const char *addr;
		bool looked_up;
		int kfamily;
		const char *key;
	} cases[] = {
		{ AF_INET, "127.0.0.1", true, AF_INET, "127.0.0.1" },
		{ AF_INET, "0.0.0.0", true, AF_INET, "0.0.0.0" }, /* ss does */
		{ AF_INET6, "::1", true, AF_INET6, "::1" },
		{ AF_INET6, "fe80::1", true, AF_INET6, "fe80::1" },
		{ AF_INET6, "::ffff:10.1.2.3", true, AF_INET, "10.1.2.3" },
		{ AF_INET6, "::", false, 0, NULL },
		{ AF_INET6, "::10.1.2.3", true, AF_INET6, "::10.1.2.3" }, /* compatible, not mapped */
		{ AF_INET6, "::fffe:10.1.2.3", true, AF_INET6, "::fffe:10.1.2.3" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t a[16], k[16], want[16];
		uint8_t kf = 0;
		bool got;

		addr_of(cases[i].family, cases[i].addr, a);
		got = sv_resolve_cache_key(cases[i].family, a, &kf, k);
		if (got != cases[i].looked_up)
			fail_msg("%s: looked up %d, want %d", cases[i].addr, got,
				 cases[i].looked_up);
		if (!got)
			continue;
		assert_int_equal(kf, cases[i].kfamily);
		addr_of(cases[i].kfamily, cases[i].key, want);
		assert_memory_equal(k, want, 16);
	}
}

/* A family that is not inet is never looked up (a unix row's union holds
 * no address). */
static void test_key_other_family(void **state)
{
	uint8_t a[16] = { 1, 2, 3, 4 }, k[16], kf = 0;

	(void)state;
	assert_false(sv_resolve_cache_key(AF_UNIX, a, &kf, k));
	assert_false(sv_resolve_cache_key(AF_PACKET, a, &kf, k));
	assert_false(sv_resolve_cache_key(0, a, &kf, k));
}

/* The same address twice is one entry; the same bytes in another family
 * are another; answers stick to their entry. */
static void test_one_entry_per_address(void **state)
{
	struct sv_resolve_cache c = { 0 };
	uint8_t a[16] = { 10, 0, 0, 1 }, b[16] = { 10, 0, 0, 1 };
	struct sv_resolve_entry *e;
	bool added;

	(void)state;
	assert_null(sv_resolve_cache_find(&c, AF_INET, a));
	e = sv_resolve_cache_add(&c, AF_INET, a, &added);
	assert_non_null(e);
	assert_true(added);
	assert_int_equal(e->state, SV_RESOLVE_PENDING);
	e = sv_resolve_cache_add(&c, AF_INET, b, &added);
	assert_false(added);
	assert_int_equal(c.count, 1);
	assert_int_equal(sv_resolve_cache_answer(e, "host.example"), 0);
	e = sv_resolve_cache_add(&c, AF_INET6, a, &added);
	assert_true(added);
	assert_int_equal(c.count, 2);
	assert_int_equal(sv_resolve_cache_answer(e, NULL), 0);
	e = sv_resolve_cache_find(&c, AF_INET, a);
	assert_int_equal(e->state, SV_RESOLVE_NAMED);
	assert_string_equal(e->name, "host.example");
	e = sv_resolve_cache_find(&c, AF_INET6, a);
	assert_int_equal(e->state, SV_RESOLVE_NONAME);
	assert_null(e->name);
	sv_resolve_cache_free(&c);
	assert_int_equal(c.count, 0);
	assert_null(sv_resolve_cache_find(&c, AF_INET, a));
}

/* An empty name is no name; a second answer replaces the first. */
static void test_answer(void **state)
{
	struct sv_resolve_cache c = { 0 };
	uint8_t a[16] = { 192, 0, 2, 1 };
	struct sv_resolve_entry *e;
	bool added;

	(void)state;
	e = sv_resolve_cache_add(&c, AF_INET, a, &added);
	assert_int_equal(sv_resolve_cache_answer(e, ""), 0);
	assert_int_equal(e->state, SV_RESOLVE_NONAME);
	assert_int_equal(sv_resolve_cache_answer(e, "a.example"), 0);
	assert_int_equal(sv_resolve_cache_answer(e, "b.example"), 0);
	assert_string_equal(e->name, "b.example");
	sv_resolve_cache_free(&c);
}

/* Many addresses: the table grows and every entry is found with its own
 * answer afterwards. */
static void test_growth(void **state)
{
	struct sv_resolve_cache c = { 0 };
	enum { N = 20000 };
	char name[32];

	(void)state;
	for (uint32_t i = 0; i < N; i++) {
		uint8_t a[16] = { 0 };
		struct sv_resolve_entry *e;
		bool added;

		memcpy(a, &i, sizeof(i));
		e = sv_resolve_cache_add(&c, i % 2 ? AF_INET : AF_INET6, a, &added);
		assert_non_null(e);
		assert_true(added);
		snprintf(name, sizeof(name), "h%u", i);
		assert_int_equal(sv_resolve_cache_answer(e, name), 0);
	}
	assert_int_equal(c.count, N);
	assert_true(c.cap >= 2 * N);
	for (uint32_t i = 0; i < N; i++) {
		uint8_t a[16] = { 0 };
		struct sv_resolve_entry *e;

		memcpy(a, &i, sizeof(i));
		e = sv_resolve_cache_find(&c, i % 2 ? AF_INET : AF_INET6, a);
		assert_non_null(e);
		snprintf(name, sizeof(name), "h%u", i);
		assert_string_equal(e->name, name);
		assert_null(sv_resolve_cache_find(&c, i % 2 ? AF_INET6 : AF_INET, a));
	}
	sv_resolve_cache_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_key_other_family),
		cmocka_unit_test(test_one_entry_per_address),
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_growth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
