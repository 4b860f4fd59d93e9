/* test_promports.c - cmocka suite for --prom-ports=LIST (promports.h):
 * ports, ranges, service names from the system database and IANA's, and
 * every malformed item refused with its word escaped. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sockview/promports.h"
#include "sockview/sysservices.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static bool has(const uint8_t *bits, unsigned int p)
{
	return bits[p / 8] >> (p % 8) & 1;
}

static size_t count(const uint8_t *bits)
{
	size_t n = 0;

	for (unsigned int p = 0; p < 65536; p++)
		n += has(bits, p);
	return n;
}

static struct sv_sysservices *db(void)
{
	static const struct sv_sysservices_entry e[] = {
		{ .name = "myapp", .port = 7777, .proto = SV_PROTO_TCP },
		{ .name = "ssh", .port = 2222, .proto = SV_PROTO_TCP }, /* the host's own */
		{ .name = "udponly", .port = 5555, .proto = SV_PROTO_UDP },
	};
	struct sv_sysservices *s = NULL;

	assert_int_equal(sv_sysservices_new(e, ARRAY_LEN(e), &s), 0);
	return s;
}

static void test_good(void **state)
{
	static const struct { const char *list; size_t n; unsigned int some[3]; } cases[] = {
		{ "22", 1, { 22, 22, 22 } },
		{ "1,65535", 2, { 1, 65535, 1 } },
		{ "8000-8010", 11, { 8000, 8005, 8010 } },
		{ "80,80,80-80", 1, { 80, 80, 80 } },
		{ "myapp", 1, { 7777, 7777, 7777 } },
		{ "ssh", 1, { 2222, 2222, 2222 } },       /* the system's first */
		{ "https,http", 2, { 443, 80, 443 } },    /* IANA's */
		{ "1-65535", 65535, { 1, 32768, 65535 } },
	};
	struct sv_sysservices *s = db();

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		uint8_t bits[65536 / 8] = { 0 };
		char err[256] = "";

		assert_int_equal(sv_promports_parse(cases[i].list, s, bits, err, sizeof(err)), 0);
		assert_int_equal(count(bits), cases[i].n);
		for (int k = 0; k < 3; k++)
			assert_true(has(bits, cases[i].some[k]));
		assert_false(has(bits, 0));
	}
	sv_sysservices_free(s);
}

static void test_bad(void **state)
{
	static const struct { const char *list, *word; } cases[] = {
		{ "", "" }, { "22,", "" }, { ",22", "" }, { "0", "0" }, { "65536", "65536" },
		{ "123456", "123456" }, { "22x", "22x" }, { "10-5", "10-5" }, { "5-", "5-" },
		{ "-5", "-5" }, { "1-2-3", "1-2-3" }, { "nosuchservice", "nosuchservice" },
		{ "udponly", "udponly" }, { "80,\x1b[31m", "\\x1b[31m" }, { " 80", "\\x2080" },
		{ "1-70000", "1-70000" }, { "22,,23", "" },
	};
	struct sv_sysservices *s = db();

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		uint8_t bits[65536 / 8] = { 0 };
		char err[256] = "", want[128];

		assert_int_equal(sv_promports_parse(cases[i].list, s, bits, err, sizeof(err)),
				 -EINVAL);
		snprintf(want, sizeof(want), "bad --prom-ports item '%s'", cases[i].word);
		assert_non_null(strstr(err, want));
		assert_null(strchr(err, '\x1b'));
	}
	sv_sysservices_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
