/* test_promtext.c - cmocka suite for the Prometheus exposition writer
 * (promtext.h) and its label escape (escape.h's sv_escape_prom): exact
 * text through open_memstream(), hostile strings (escape sequences,
 * newlines, quotes, backslashes, bytes that are not UTF-8, as a process
 * name, a unix path or an interface name can hold them), names, values,
 * write errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/escape.h"
#include "sockview/promtext.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define S(lit) lit, sizeof(lit) - 1 /* a literal with its length */

struct esc_case {
	const char *in;
	size_t inlen;
	const char *want;
};

static const struct esc_case cases[] = {
	{ S(""), "" },
	{ S("nginx"), "nginx" },
	{ S("sshd: root@pts/0"), "sshd: root@pts/0" }, /* spaces are fine */
	{ S("a\"b"), "a\\\"b" },
	{ S("C:\\dir"), "C:\\\\dir" },
	{ S("two\nlines"), "two\\nlines" },
	{ S("a\tb\r"), "a\\\\x09b\\\\x0d" },
	{ S("\x1b[31mred\x1b[0m"), "\\\\x1b[31mred\\\\x1b[0m" },
	{ S("a\0b"), "a\\\\x00b" },
	{ S("del\x7f"), "del\\\\x7f" },
	{ S("caf\xc3\xa9"), "caf\xc3\xa9" },                 /* valid UTF-8 kept */
	{ S("\xf0\x9f\x98\x80!"), "\xf0\x9f\x98\x80!" },
	{ S("\xff"), "\\\\xff" },                             /* not UTF-8 */
	{ S("\xc0\xaf"), "\\\\xc0\\\\xaf" },                  /* overlong */
	{ S("\xed\xa0\x80"), "\\\\xed\\\\xa0\\\\x80" },       /* a surrogate */
	{ S("x\xe2\x82"), "x\\\\xe2\\\\x82" },                /* cut short */
	{ S("\xff\xc3\xa9"), "\\\\xff\xc3\xa9" },
	/* the four characters \xff: the backslash escaped, as a real one */
	{ S("\\xff"), "\\\\xff" },
	/* a unix path made to break the line and forge a sample */
	{ S("/run/x\"} 1\nsockview_evil{a=\"b"),
	  "/run/x\\\"} 1\\nsockview_evil{a=\\\"b" },
};

/* Is out the escape of some prefix of c's input? */
static bool whole_units(const struct esc_case *c, const char *out)
{
	for (size_t k = 0; k <= c->inlen; k++) {
		char full[256];

		sv_escape_prom(full, sizeof(full), c->in, k);
		if (strcmp(full, out) == 0)
			return true;
	}
	return false;
}

/* The whole table, and every buffer size: the return is the full length,
 * the output a NUL-terminated prefix that never cuts an escape. */
static void test_escape_table(void **state)
{
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct esc_case *c = &cases[i];
		size_t need = strlen(c->want);
		char buf[256];

		assert_int_equal(sv_escape_prom(buf, sizeof(buf), c->in, c->inlen), need);
		assert_string_equal(buf, c->want);
		for (size_t len = 0; len <= need + 1; len++) {
			char small[256];

			memset(small, 'Z', sizeof(small));
			assert_int_equal(sv_escape_prom(small, len, c->in, c->inlen), need);
			if (len == 0) {
				assert_int_equal(small[0], 'Z');
				continue;
			}
			assert_int_equal(strncmp(small, c->want, strlen(small)), 0);
			assert_true(strlen(small) < len);
			assert_int_equal(small[len], 'Z');
			/* never cut inside an escape nor a character: the
			 * escape of some prefix of the input */
			assert_true(whole_units(c, small));
		}
	}
}

/* Every byte alone: the result has no raw control byte and no lone
 * backslash, and is valid UTF-8 (checked by a second escape that keeps
 * it whole). */
static void test_escape_every_byte(void **state)
{
	for (int b = 0; b < 256; b++) {
		char in = (char)b, out[16], again[64];
		size_t n = sv_escape_prom(out, sizeof(out), &in, 1);

		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)out[i];

			assert_true(c >= 0x20 && c != 0x7f);
			if (c == '\\') {
				assert_true(out[i + 1] == '\\' || out[i + 1] == '"' || out[i + 1] == 'n');
				i++;
			}
		}
		/* output that is valid UTF-8 without quotes or backslashes
		 * comes back as it is */
		if (!strchr(out, '\\') && !strchr(out, '"')) {
			assert_int_equal(sv_escape_prom(again, sizeof(again), out, n), n);
			assert_memory_equal(again, out, n);
		}
	}
}

/* What f wrote, as a string the caller frees. */
static char *text_of(FILE *f, char **buf)
{
	assert_int_equal(fclose(f), 0);
	return *buf;
}

static void test_family(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(sv_promtext_family(f, "sockview_sockets", SV_PROMTEXT_GAUGE,
					    "Sockets \"listed\", C:\\ and\na new line."), 0);
	assert_int_equal(sv_promtext_family(f, "sockview_x_total", SV_PROMTEXT_COUNTER,
					    "Bad \xff and \x1b."), 0);
	assert_string_equal(text_of(f, &buf),
			    "# HELP sockview_sockets Sockets \"listed\", C:\\\\ and\\na new line.\n"
			    "# TYPE sockview_sockets gauge\n"
			    "# HELP sockview_x_total Bad \\\\xff and \\\\x1b.\n"
			    "# TYPE sockview_x_total counter\n");
	free(buf);
}

/* Samples whose label values are hostile: a process name with an escape
 * sequence, a unix path with a newline and quotes, an interface name
 * with bytes that are not UTF-8. */
static void test_samples_hostile(void **state)
{
	static const char comm[] = "\x1b]0;pwned\x07nginx";
	static const char path[] = "/tmp/a\"b\nc\\d";
	static const char ifname[] = "eth\xff\xfe";
	struct sv_promtext_label l[3] = {
		{ "process", comm, sizeof(comm) - 1 },
		{ "path", path, sizeof(path) - 1 },
		{ "interface", ifname, sizeof(ifname) - 1 },
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(sv_promtext_sample_u64(f, "sockview_sockets", l, 3, 7), 0);
	assert_int_equal(sv_promtext_sample_u64(f, "sockview_sockets", l + 2, 1, UINT64_MAX), 0);
	assert_string_equal(text_of(f, &buf),
			    "sockview_sockets{process=\"\\\\x1b]0;pwned\\\\x07nginx\","
			    "path=\"/tmp/a\\\"b\\nc\\\\d\",interface=\"eth\\\\xff\\\\xfe\"} 7\n"
			    "sockview_sockets{interface=\"eth\\\\xff\\\\xfe\"} "
			    "18446744073709551615\n");
	free(buf);
}

/* A label value longer than the writer's stack buffer. */
static void test_sample_long_value(void **state)
{
	char value[3000], *buf = NULL, *want;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sv_promtext_label l = { "cgroup", value, sizeof(value) };

	memset(value, '\n', sizeof(value));
	assert_int_equal(sv_promtext_sample_u64(f, "m", &l, 1, 1), 0);
	text_of(f, &buf);
	want = malloc(2 * sizeof(value) + 20);
	assert_non_null(want);
	memcpy(want, "m{cgroup=\"", 11);
	for (size_t i = 0; i < sizeof(value); i++)
		memcpy(want + 10 + 2 * i, "\\n", 3);
	strcat(want, "\"} 1\n");
	assert_string_equal(buf, want);
	free(want);
	free(buf);
}

static void test_values(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	sv_promtext_sample(f, "a_ratio", NULL, 0, 0.5);
	sv_promtext_sample(f, "a_ratio", NULL, 0, 0);
	sv_promtext_sample(f, "a_ratio", NULL, 0, 28232);
	sv_promtext_sample(f, "a_ratio", NULL, 0, 1.0 / 3);
	sv_promtext_sample(f, "a_ratio", NULL, 0, NAN);
	sv_promtext_sample(f, "a_ratio", NULL, 0, INFINITY);
	sv_promtext_sample(f, "a_ratio", NULL, 0, -INFINITY);
	sv_promtext_sample(f, "a_ratio", NULL, 0, 1e20);
	assert_string_equal(text_of(f, &buf),
			    "a_ratio 0.5\na_ratio 0\na_ratio 28232\na_ratio 0.333333333333333\n"
			    "a_ratio NaN\na_ratio +Inf\na_ratio -Inf\na_ratio 1e+20\n");
	free(buf);
}

static void test_names(void **state)
{
	static const struct { const char *in, *out; } labels[] = {
		{ "netid", "netid" }, { "local.port", "local_port" },
		{ "netns.container", "netns_container" }, { "3d", "f3d" },
		{ "__name__", "f__name__" }, { "", "f" }, { "a-b c", "a_b_c" },
	};
	char out[32];

	for (size_t i = 0; i < ARRAY_LEN(labels); i++) {
		assert_int_equal(sv_promtext_label_name(out, sizeof(out), labels[i].in),
				 strlen(labels[i].out));
		assert_string_equal(out, labels[i].out);
		assert_true(sv_promtext_label_name_ok(out));
	}
	assert_int_equal(sv_promtext_label_name(out, 4, "local.port"), 10);
	assert_string_equal(out, "loc");
	assert_true(sv_promtext_metric_name_ok("sockview_sockets"));
	assert_true(sv_promtext_metric_name_ok("a:b_c1"));
	assert_false(sv_promtext_metric_name_ok("1a"));
	assert_false(sv_promtext_metric_name_ok("a-b"));
	assert_false(sv_promtext_metric_name_ok(""));
	assert_false(sv_promtext_label_name_ok("__x"));
	assert_false(sv_promtext_label_name_ok("a:b"));
	assert_false(sv_promtext_label_name_ok("local.port"));
}

/* A full device: the writer says so. */
static void test_write_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	int ret;

	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	ret = sv_promtext_sample_u64(f, "a", NULL, 0, 1);
	assert_true(ret < 0);
	assert_true(sv_promtext_family(f, "a", SV_PROMTEXT_GAUGE, "x") < 0);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_table),
		cmocka_unit_test(test_escape_every_byte),
		cmocka_unit_test(test_family),
		cmocka_unit_test(test_samples_hostile),
		cmocka_unit_test(test_sample_long_value),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
