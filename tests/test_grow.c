/* test_grow.c - cmocka suite for sv_grow: doubling from the first size,
 * no change when there is room, overflow refused with nothing changed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>

#include "sockview/grow.h"

static void test_doubling(void **state)
{
	int *v = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(sv_grow((void **)&v, &cap, 1, sizeof(*v), 16), 0);
	assert_int_equal(cap, 16);
	v[15] = 7;
	assert_int_equal(sv_grow((void **)&v, &cap, 16, sizeof(*v), 16), 0);
	assert_int_equal(cap, 16); /* room enough: unchanged */
	assert_int_equal(sv_grow((void **)&v, &cap, 100, sizeof(*v), 16), 0);
	assert_int_equal(cap, 128);
	assert_int_equal(v[15], 7); /* kept */
	v[99] = 1;
	free(v);
}

static void test_overflow(void **state)
{
	char *v = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(sv_grow((void **)&v, &cap, 10, 1, 8), 0);
	assert_int_equal(sv_grow((void **)&v, &cap, SIZE_MAX / 2 + 2, 1, 8), -ENOMEM);
	assert_int_equal(sv_grow((void **)&v, &cap, SIZE_MAX / 8, 16, 8), -ENOMEM);
	assert_int_equal(cap, 16);
	assert_non_null(v);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doubling),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
