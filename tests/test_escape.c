/* test_escape.c - cmocka suite for escaping untrusted strings for text and
 * JSON output. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "sockview/escape.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define S(lit) lit, sizeof(lit) - 1 /* a literal with its length */

struct esc_case {
	const char *in;
	size_t inlen;
	const char *text; /* sv_escape_text */
	const char *json; /* sv_escape_json */
};

static const struct esc_case cases[] = {
	{ S(""), "", "" },
	{ S("plain"), "plain", "plain" },
	{ S("sshd: root@pts/0"), "sshd:\\x20root@pts/0", "sshd: root@pts/0" },
	{ S("a\tb"), "a\\x09b", "a\\tb" },
	{ S("a\nb"), "a\\x0ab", "a\\nb" },
	{ S("\b\f\r"), "\\x08\\x0c\\x0d", "\\b\\f\\r" },
	{ S("\x01"), "\\x01", "\\u0001" },
	{ S("\x1b[31mred"), "\\x1b[31mred", "\\u001b[31mred" },
	{ S("say \"hi\""), "say\\x20\\\"hi\\\"", "say \\\"hi\\\"" },
	{ S("C:\\dir"), "C:\\\\dir", "C:\\\\dir" },
	{ S("del\x7f"), "del\\x7f", "del\\u007f" },
	{ S("a\0b"), "a\\x00b", "a\\u0000b" },
	{ S("caf\xc3\xa9"), "caf\\xc3\\xa9", "caf\xc3\xa9" },
	{ S("\xe2\x82\xac"), "\\xe2\\x82\\xac", "\xe2\x82\xac" },
	{ S("\xf0\x9f\x98\x80!"), "\\xf0\\x9f\\x98\\x80!", "\xf0\x9f\x98\x80!" },
	{ S("\xff"), "\\xff", "\\u00ff" },
	/* not UTF-8: overlong '/', a surrogate, above U+10FFFF, cut short,
	 * a lone continuation byte */
	{ S("\xc0\xaf"), "\\xc0\\xaf", "\\u00c0\\u00af" },
	{ S("\xed\xa0\x80"), "\\xed\\xa0\\x80", "\\u00ed\\u00a0\\u0080" },
	{ S("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80",
	  "\\u00f4\\u0090\\u0080\\u0080" },
	{ S("x\xe2\x82"), "x\\xe2\\x82", "x\\u00e2\\u0082" },
	{ S("\xa9z"), "\\xa9z", "\\u00a9z" },
	/* a valid character right after an invalid byte is kept */
	{ S("\xff\xc3\xa9"), "\\xff\\xc3\\xa9", "\\u00ff\xc3\xa9" },
};

typedef size_t (*esc_fn)(char *, size_t, const char *, size_t);

/* Every buffer size from 0 to one past the need: the return is always the
 * full length, the output a NUL-terminated prefix of the full result that
 * never cuts an escape, and nothing past len is written. */
static void check_all_sizes(esc_fn fn, const struct esc_case *c,
			    const char *want)
{
	size_t need = strlen(want);

	for (size_t len = 0; len <= need + 1; len++) {
		char buf[128];
		size_t got;

		assert_true(need + 2 <= sizeof(buf));
		memset(buf, '#', sizeof(buf));
		got = fn(len ? buf : NULL, len, c->in, c->inlen);
		assert_int_equal(got, need);
		assert_int_equal(buf[len], '#');
		if (len == 0)
			continue;
		assert_true(strlen(buf) < len);
		assert_memory_equal(buf, want, strlen(buf));
		if (len > need)
			assert_string_equal(buf, want);
	}
}

static void test_text_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char buf[128];

		assert_int_equal(sv_escape_text(buf, sizeof(buf), cases[i].in,
						cases[i].inlen),
				 strlen(cases[i].text));
		assert_string_equal(buf, cases[i].text);
		check_all_sizes(sv_escape_text, &cases[i], cases[i].text);
	}
}

static void test_json_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char buf[128];

		assert_int_equal(sv_escape_json(buf, sizeof(buf), cases[i].in,
						cases[i].inlen),
				 strlen(cases[i].json));
		assert_string_equal(buf, cases[i].json);
		check_all_sizes(sv_escape_json, &cases[i], cases[i].json);
	}
}

/* Truncation keeps escapes and characters whole. */
static void test_truncation_whole_units(void **state)
{
	char buf[8];

	(void)state;
	/* "a\x0ab" needs 6: with 4 bytes, "\x0a" does not fit after "a" */
	assert_int_equal(sv_escape_text(buf, 4, S("a\nb")), 6);
	assert_string_equal(buf, "a");
	/* nor is anything after a unit that did not fit written */
	assert_int_equal(sv_escape_text(buf, 3, S("a\"b")), 4);
	assert_string_equal(buf, "a");
	/* "é" is two bytes, never one */
	assert_int_equal(sv_escape_json(buf, 3, S("a\xc3\xa9")), 3);
	assert_string_equal(buf, "a");
	assert_int_equal(sv_escape_json(buf, 6, S("\x1b")), 6);
	assert_string_equal(buf, "");
	assert_int_equal(sv_escape_json(buf, 7, S("\x1b")), 6);
	assert_string_equal(buf, "\\u001b");
	/* plain runs are cut anywhere, like snprintf */
	assert_int_equal(sv_escape_text(buf, 3, S("abcdef")), 6);
	assert_string_equal(buf, "ab");
	assert_int_equal(sv_escape_json(NULL, 0, S("abcdef")), 6);
}

/* A long plain name comes out unchanged (the one-memcpy path). */
static void test_long_plain(void **state)
{
	char in[300], out[301];

	(void)state;
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (char)('a' + i % 26);
	assert_int_equal(sv_escape_text(out, sizeof(out), in, sizeof(in)),
			 sizeof(in));
	assert_memory_equal(out, in, sizeof(in));
	assert_int_equal(out[sizeof(in)], '\0');
	assert_int_equal(sv_escape_json(out, sizeof(out), in, sizeof(in)),
			 sizeof(in));
	assert_memory_equal(out, in, sizeof(in));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_table),
		cmocka_unit_test(test_json_table),
		cmocka_unit_test(test_truncation_whole_units),
		cmocka_unit_test(test_long_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
