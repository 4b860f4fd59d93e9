/* test_format_num.c - cmocka suite for the numbers of ss's socket details:
 * each writer against the printf format ss uses (the oracle), over every
 * value of the ranges that take the hand-written path and a seeded sample
 * of the rest, and ss's timer texts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sockview/format_num.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A small seeded generator (xorshift64*), so failures repeat. */
static uint64_t rnd(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545f4914f6cdd1dull;
}

static void same(const char *got, size_t n, const char *want, const char *what,
		 unsigned long long v)
{
	if (strcmp(got, want) != 0 || n != strlen(want))
		fail_msg("%s of %llu: '%s' (%zu), want '%s'", what, v, got, n, want);
}

/* u / 256 exactly: printf's %.8f of it, trailing zeros (and a bare
 * point) dropped. */
static void test_q8(void **state)
{
	uint64_t x = 7;
	char got[SV_NUM_MAX], want[SV_NUM_MAX];

	(void)state;
	for (uint64_t i = 0; i < 4096 + 10000; i++) {
		uint64_t u = i < 4096 ? i : rnd(&x) >> (rnd(&x) % 64);
		size_t n = (size_t)snprintf(want, sizeof(want), "%llu.%08u",
					    (unsigned long long)(u >> 8),
					    (unsigned int)(u & 255) * 390625u);

		while (want[n - 1] == '0')
			want[--n] = '\0';
		if (want[n - 1] == '.')
			want[--n] = '\0';
		same(got, sv_format_num_q8(got, u), want, "q8", u);
	}
}

static void test_u64_hex(void **state)
{
	static const uint64_t edges[] = { 0, 1, 9, 10, 99, 100, 65535, 4294967295u,
					  4294967296u, UINT64_MAX };
	uint64_t x = 42;
	char got[SV_NUM_MAX], want[SV_NUM_MAX];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(edges) + 100000; i++) {
		uint64_t v = i < ARRAY_LEN(edges) ? edges[i] : rnd(&x) >> (rnd(&x) % 64);

		snprintf(want, sizeof(want), "%llu", (unsigned long long)v);
		same(got, sv_format_num_u64(got, v), want, "u64", v);
		snprintf(want, sizeof(want), "%llx", (unsigned long long)v);
		same(got, sv_format_num_hex(got, v), want, "hex", v);
		snprintf(want, sizeof(want), "%#x", (unsigned int)v);
		same(got, sv_format_num_althex(got, (uint32_t)v), want, "%#x", (uint32_t)v);
	}
}

/* "%g" of n / 1000: every n of the hand-written path, then a sample. */
static void test_milli(void **state)
{
	uint64_t x = 7;
	char got[SV_NUM_MAX], want[SV_NUM_MAX];

	(void)state;
	for (uint64_t n = 0; n < 1100000; n++) {
		snprintf(want, sizeof(want), "%g", (double)n / 1000);
		same(got, sv_format_num_milli(got, (uint32_t)n), want, "milli", n);
	}
	for (int i = 0; i < 200000; i++) {
		uint32_t n = (uint32_t)rnd(&x);

		snprintf(want, sizeof(want), "%g", (double)n / 1000);
		same(got, sv_format_num_milli(got, n), want, "milli", n);
	}
}

/* Rates: "%.0f" with -n (ties to even), else ss's units. */
static void test_bw(void **state)
{
	static const double edges[] = {
		0, 0.4, 0.5, 1.5, 2.5, 999.5, 1000, 1e3 - 1e-9, 999999.5, 1e6,
		4503599627370495.5, 9007199254740993.0, 1e19, 18446744073709549568.0,
		18446744073709551616.0, 1e26, 123456789012.4,
	};
	static const struct {
		double bps;
		const char *text;
	} units[] = {
		{ 0, "0" }, { 999, "999" }, { 1000, "1k" }, { 1234, "1.23k" },
		{ 9178981928.0, "9.18G" }, { 1e12, "1T" }, { 2.5e15, "2.5e+03T" },
		{ 40, "40" }, { 999999, "1e+03k" },
	};
	uint64_t x = 3;
	char got[SV_NUM_MAX], want[SV_NUM_MAX];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(edges) + 300000; i++) {
		double v;

		if (i < ARRAY_LEN(edges))
			v = edges[i];
		else if (i % 3 == 0) /* products as -i makes them */
			v = (double)(uint32_t)rnd(&x) * (double)(rnd(&x) % 65536) * 8000000. /
			    (double)(1 + rnd(&x) % 10000000);
		else if (i % 3 == 1)
			v = (double)(rnd(&x) >> (rnd(&x) % 64)) * 8.;
		else
			v = (double)(rnd(&x) % 1000000) + 0.5;
		snprintf(want, sizeof(want), "%.0f", v);
		same(got, sv_format_num_bw(got, v, true), want, "%.0f", (unsigned long long)v);
	}
	for (size_t i = 0; i < ARRAY_LEN(units); i++)
		same(got, sv_format_num_bw(got, units[i].bps, false), units[i].text, "bw",
		     (unsigned long long)units[i].bps);
}

/* ss's timers: ss 6.1's text, and ss 7.x's where seconds and
 * milliseconds meet. */
static void test_timer(void **state)
{
	static const struct {
		uint32_t ms;
		const char *ss61, *ss7;
	} cases[] = {
		{ 0, "", "" },
		{ 3, "003ms", "003ms" },
		{ 476, "476ms", "476ms" },
		{ 1000, "1sec", "1sec" },
		{ 1500, "1.500ms", "1.500sec" },
		{ 9373, "9.373ms", "9.373sec" },
		{ 10000, "10sec", "10sec" },
		{ 10500, "10sec", "10sec" },
		{ 59999, "59sec", "59sec" },
		{ 60000, "1min", "1min" },
		{ 61500, "1min1sec", "1min1sec" },
		{ 599999, "9min59sec", "9min59sec" },
		{ 600000, "10min", "10min" },
		{ 7199832, "119min", "119min" },
		{ 4294967295u, "71582min", "71582min" },
	};
	char got[SV_NUM_MAX];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		same(got, sv_format_num_timer(got, cases[i].ms, false), cases[i].ss61,
		     "timer (ss 6.1)", cases[i].ms);
		same(got, sv_format_num_timer(got, cases[i].ms, true), cases[i].ss7,
		     "timer (ss 7.x)", cases[i].ms);
	}
}

static void test_g(void **state)
{
	static const double v[] = { 0, 1, 2.88671875, 0.75, 1234567.0, 1e-5, 3.5e20 };
	char got[SV_NUM_MAX], want[SV_NUM_MAX];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(v); i++) {
		snprintf(want, sizeof(want), "%g", v[i]);
		same(got, sv_format_num_g(got, v[i]), want, "%g", (unsigned long long)v[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64_hex),
		cmocka_unit_test(test_q8),
		cmocka_unit_test(test_milli),
		cmocka_unit_test(test_bw),
		cmocka_unit_test(test_timer),
		cmocka_unit_test(test_g),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
