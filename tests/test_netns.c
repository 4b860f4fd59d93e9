/* test_netns.c - cmocka suite for -N's argument: a name under /run/netns
 * or a path; and entering a file that is not a network namespace. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "sockview/netns.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void test_path(void **state)
{
	static const struct { const char *arg; int ret; const char *path; } cases[] = {
		{ "blue", 0, "/run/netns/blue" },
		{ "a.b-c_d", 0, "/run/netns/a.b-c_d" },
		{ "/proc/1/ns/net", 0, "/proc/1/ns/net" },
		{ "./here", 0, "./here" },       /* a '/': a path, as given */
		{ "../run/netns/x", 0, "../run/netns/x" },
		{ "", -EINVAL, NULL },
		{ ".", -EINVAL, NULL },
		{ "..", -EINVAL, NULL },         /* not /run/netns/.. */
	};
	char path[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int ret = sv_netns_path(cases[i].arg, path, sizeof(path));

		if (ret != cases[i].ret)
			fail_msg("'%s': %d, want %d", cases[i].arg, ret, cases[i].ret);
		if (ret == 0)
			assert_string_equal(path, cases[i].path);
	}
	assert_int_equal(sv_netns_path(NULL, path, sizeof(path)), -EINVAL);
	/* exactly fits, one byte short */
	assert_int_equal(sv_netns_path("abcdef", path, sizeof("/run/netns/abcdef")), 0);
	assert_int_equal(sv_netns_path("abcdefg", path, sizeof("/run/netns/abcdef")),
			 -ENAMETOOLONG);
}

/* Files that are not network namespaces are refused, and nothing changes. */
static void test_enter_refused(void **state)
{
	(void)state;
	assert_int_equal(sv_netns_enter("/nonexistent/ns/net"), -ENOENT);
	assert_int_equal(sv_netns_enter("/proc/self/ns/uts"), -EINVAL);
	assert_int_equal(sv_netns_enter("/dev/null"), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_enter_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
