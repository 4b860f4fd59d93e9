/* test_state.c - cmocka suite for socket state names: what ss prints and
 * what its `state`/`exclude` words accept. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "sockview/state.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(s) (1u << (s))

static const struct {
	unsigned int state;
	const char *name;
} names[] = {
	{ SV_STATE_UNKNOWN, "UNKNOWN" },
	{ SV_STATE_ESTABLISHED, "ESTAB" },
	{ SV_STATE_SYN_SENT, "SYN-SENT" },
	{ SV_STATE_SYN_RECV, "SYN-RECV" },
	{ SV_STATE_FIN_WAIT1, "FIN-WAIT-1" },
	{ SV_STATE_FIN_WAIT2, "FIN-WAIT-2" },
	{ SV_STATE_TIME_WAIT, "TIME-WAIT" },
	{ SV_STATE_CLOSE, "UNCONN" },
	{ SV_STATE_CLOSE_WAIT, "CLOSE-WAIT" },
	{ SV_STATE_LAST_ACK, "LAST-ACK" },
	{ SV_STATE_LISTEN, "LISTEN" },
	{ SV_STATE_CLOSING, "CLOSING" },
	/* ss 7.x's: the kernel never reports them */
	{ SV_STATE_NEW_SYN_RECV, "UNDEF" },
	{ SV_STATE_BOUND_INACTIVE, "UNDEF" },
	/* out of range */
	{ SV_STATE_MAX, "UNKNOWN" },
	{ 14, "UNKNOWN" },
	{ 255, "UNKNOWN" },
	{ 0xffffffffu, "UNKNOWN" },
};

static void test_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		const char *got = sv_state_name(names[i].state);

		assert_non_null(got);
		if (strcmp(got, names[i].name) != 0)
			fail_msg("state %u: '%s', want '%s'", names[i].state, got,
				 names[i].name);
	}
}

/* Every state the kernel reports has its own name. */
static void test_names_distinct(void **state)
{
	(void)state;
	for (unsigned int a = 0; a < SV_STATE_NEW_SYN_RECV; a++)
		for (unsigned int b = a + 1; b < SV_STATE_NEW_SYN_RECV; b++)
			assert_string_not_equal(sv_state_name(a), sv_state_name(b));
}

struct parse_case {
	const char *word;
	uint32_t mask;
};

/* ss(8): the names, and the groups as ss's scan_state() defines them. */
static const struct parse_case words[] = {
	{ "established", BIT(SV_STATE_ESTABLISHED) },
	{ "syn-sent", BIT(SV_STATE_SYN_SENT) },
	{ "syn-recv", BIT(SV_STATE_SYN_RECV) },
	{ "fin-wait-1", BIT(SV_STATE_FIN_WAIT1) },
	{ "fin-wait-2", BIT(SV_STATE_FIN_WAIT2) },
	{ "time-wait", BIT(SV_STATE_TIME_WAIT) },
	{ "closed", BIT(SV_STATE_CLOSE) },
	{ "unconnected", BIT(SV_STATE_CLOSE) },
	{ "close-wait", BIT(SV_STATE_CLOSE_WAIT) },
	{ "last-ack", BIT(SV_STATE_LAST_ACK) },
	{ "listening", BIT(SV_STATE_LISTEN) },
	{ "listen", BIT(SV_STATE_LISTEN) }, /* sockview's alias */
	{ "closing", BIT(SV_STATE_CLOSING) },
	{ "bound-inactive", BIT(SV_STATE_BOUND_INACTIVE) }, /* ss 7.x */
	{ "all", SV_STATES_ALL },
	{ "bucket", BIT(SV_STATE_SYN_RECV) | BIT(SV_STATE_TIME_WAIT) },
	{ "big", SV_STATES_ALL & ~(BIT(SV_STATE_SYN_RECV) | BIT(SV_STATE_TIME_WAIT)) },
};

static void test_parse_words(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		uint32_t mask = 0xdeadbeef;

		if (sv_state_parse(words[i].word, &mask) != 0)
			fail_msg("'%s' rejected", words[i].word);
		if (mask != words[i].mask)
			fail_msg("'%s': mask %#x, want %#x", words[i].word, mask,
				 words[i].mask);
	}
}

/* Every single state name round-trips: parse gives exactly one bit, and
 * "all" is the twelve states and the kernel's NEW-SYN-RECV (never asked:
 * tables.h), not bound-inactive (ss 7.x's 0x3fff has it: asking makes the
 * kernel walk its bind table). */
static void test_parse_masks(void **state)
{
	uint32_t mask;

	(void)state;
	assert_int_equal(SV_STATES_ALL, 0x1fff);
	assert_int_equal(sv_state_parse("all", &mask), 0);
	assert_int_equal(mask, 0x1fff);
	assert_int_equal(sv_state_parse("big", &mask), 0);
	assert_int_equal(mask & BIT(SV_STATE_BOUND_INACTIVE), 0);
	for (size_t i = 0; i < 14; i++) {
		assert_int_equal(sv_state_parse(words[i].word, &mask), 0);
		assert_int_equal(mask & (mask - 1), 0);
	}
}

static void test_parse_unknown(void **state)
{
	static const char *const bad[] = {
		"new-syn-recv", "undef", /* ss 7.x refuses them too */
		"bogus", "", " established", "established ", "estab",
		"listening2", "synsent", "time_wait", "-", "all,listen",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		uint32_t mask = 0x1234;

		if (sv_state_parse(bad[i], &mask) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(mask, 0x1234); /* untouched */
	}
}

/* ss's groups as its scan_state() defines them (ss(8): "connected - all
 * the states except for listening and closed"):
 *   connected    = all & ~(LISTEN | CLOSE)
 *   synchronized = all & ~(LISTEN | CLOSE | SYN-SENT)
 * Not SV_STATES_CONN, ss's default TCP filter, which also drops TIME-WAIT
 * and SYN-RECV (regression: fixed in c1eef42). */
static void test_parse_groups_as_ss(void **state)
{
	/* and not bound-inactive: the kernel reports those sockets as CLOSE
	 * (ss 7.x's group has the bit because its mask is "all but") */
	const uint32_t connected =
		0x1fff & ~(BIT(SV_STATE_LISTEN) | BIT(SV_STATE_CLOSE));
	uint32_t mask = 0;

	(void)state;
	assert_int_equal(sv_state_parse("connected", &mask), 0);
	if (mask != connected)
		fail_msg("'connected' is %#x, ss has %#x (TIME-WAIT "
			 "and SYN-RECV are connected states)", mask, connected);
	assert_int_equal(sv_state_parse("synchronized", &mask), 0);
	if (mask != (connected & ~BIT(SV_STATE_SYN_SENT)))
		fail_msg("'synchronized' is %#x, ss has %#x", mask,
			 connected & ~BIT(SV_STATE_SYN_SENT));
}

/* ss's scan_state() compares with strcasecmp() and also takes "close" and
 * "syn-rcv", so `ss state ESTABLISHED` scripts must work (regression: fixed
 * in c1eef42). */
static void test_parse_ss_spellings(void **state)
{
	static const struct parse_case ss_words[] = {
		{ "ESTABLISHED", BIT(SV_STATE_ESTABLISHED) },
		{ "Listening", BIT(SV_STATE_LISTEN) },
		{ "TIME-WAIT", BIT(SV_STATE_TIME_WAIT) },
		{ "All", SV_STATES_ALL },
		{ "close", BIT(SV_STATE_CLOSE) },
		{ "syn-rcv", BIT(SV_STATE_SYN_RECV) },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(ss_words); i++) {
		uint32_t mask = 0;
		int ret = sv_state_parse(ss_words[i].word, &mask);

		if (ret != 0 || mask != ss_words[i].mask)
			fail_msg("'%s' (accepted by ss) gave %d/%#x, "
				 "want 0/%#x", ss_words[i].word, ret, mask,
				 ss_words[i].mask);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_names_distinct),
		cmocka_unit_test(test_parse_words),
		cmocka_unit_test(test_parse_masks),
		cmocka_unit_test(test_parse_unknown),
		cmocka_unit_test(test_parse_groups_as_ss),
		cmocka_unit_test(test_parse_ss_spellings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
