/* test_pidnames.c - cmocka suite for a process's name as ss reads it for a
 * netlink port id: the parser of /proc/PID/stat (ss's fscanf rules) and
 * the cache over a test tree. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/pidnames.h"

static int parse(const char *text, char *name, size_t cap)
{
	return sv_pidnames_parse_stat(text, strlen(text), name, cap);
}

static void test_parse(void **state)
{
	static const struct {
		const char *text, *name;
	} good[] = {
		{ "1234 (python3) S 1 1234 ...", "python3" },
		{ "  +17 (a b)c) R", "a b" },         /* ss stops at the first ')' */
		{ "-5(x)", "x" },
		{ "7 (new\nline) S", "new\nline" },
		{ "7 (\x1b[31m) S", "\x1b[31m" },       /* raw: the formatter escapes */
		{ "7 (no end", "no end" },             /* fscanf reads to the end */
	};
	static const char *const bad[] = {
		"", "(x)", "abc (x)", "7 x (y)", "7 ()", "7 (", "+ (x)", "7",
	};
	char name[SV_PIDNAMES_NAME + 1], small[4];
	char long_text[200];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int n = parse(good[i].text, name, sizeof(name));

		if (n != (int)strlen(good[i].name) || strcmp(name, good[i].name) != 0)
			fail_msg("'%s': %d '%s'", good[i].text, n, n > 0 ? name : "");
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse(bad[i], name, sizeof(name)) != -EINVAL)
			fail_msg("accepted '%s'", bad[i]);
	/* at most SV_PIDNAMES_NAME bytes, and what the caller's buffer holds */
	memset(long_text, 'n', sizeof(long_text));
	memcpy(long_text, "9 (", 3);
	long_text[sizeof(long_text) - 1] = '\0';
	assert_int_equal(parse(long_text, name, sizeof(name)), SV_PIDNAMES_NAME);
	assert_int_equal(strlen(name), SV_PIDNAMES_NAME);
	assert_int_equal(parse("1 (abcdef)", small, sizeof(small)), 3);
	assert_string_equal(small, "abc");
	assert_int_equal(sv_pidnames_parse_stat("1 (a)", 5, small, 0), -EINVAL);
	assert_int_equal(sv_pidnames_parse_stat(NULL, 5, small, 4), -EINVAL);
	/* len bounds the text: no read past it */
	assert_int_equal(sv_pidnames_parse_stat("12 (ab)", 5, small, sizeof(small)), 1);
	assert_string_equal(small, "a");
}

static void put_stat(const char *root, const char *pid, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, pid);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/%s/stat", root, pid);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The cache over a tree: names, a process that is not there, an
 * unreadable stat, pid 0, and pids that share a slot. */
static void test_cache(void **state)
{
	char root[] = "/tmp/sv-pidnames-XXXXXX";
	struct sv_pidnames *p;
	char cmd[600];

	(void)state;
	assert_non_null(mkdtemp(root));
	put_stat(root, "42", "42 (foo) S 1");
	put_stat(root, "106", "106 (bar) S 1"); /* 42 + 64: the same slot */
	put_stat(root, "7", "7 () S 1");
	assert_int_equal(sv_pidnames_new(root, &p), 0);
	assert_string_equal(sv_pidnames_get(p, 42), "foo");
	assert_string_equal(sv_pidnames_get(p, 106), "bar");
	assert_string_equal(sv_pidnames_get(p, 42), "foo");
	assert_null(sv_pidnames_get(p, 43));
	assert_null(sv_pidnames_get(p, 7));
	assert_null(sv_pidnames_get(p, 0));
	sv_pidnames_free(p);
	sv_pidnames_free(NULL);
	memset(cmd, 'x', 300);
	cmd[300] = '\0';
	assert_int_equal(sv_pidnames_new(cmd, &p), -ENAMETOOLONG);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
