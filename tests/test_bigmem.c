/* test_bigmem.c - cmocka suite for bigmem.c: small arrays from malloc,
 * big ones mapped 2 MiB-aligned, both zeroed; growing keeps the elements,
 * zeroes the new room, crosses from one kind to the other, and refuses a
 * size that would overflow. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "sockview/bigmem.h"

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Small and big arrays: zeroed, writable; a big one on a 2 MiB boundary. */
static void test_alloc(void **state)
{
	const size_t sizes[] = { 0, 1, 4096, SV_BIGMEM_HUGE - 1, SV_BIGMEM_HUGE,
				 3 * SV_BIGMEM_HUGE + 5 };

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = sv_bigmem_alloc(sizes[i]);

		assert_non_null(p);
		assert_true(all_zero(p, sizes[i]));
		if (sizes[i] >= SV_BIGMEM_HUGE)
			assert_int_equal((uintptr_t)p % SV_BIGMEM_HUGE, 0);
		memset(p, 0xab, sizes[i]);
		sv_bigmem_free(p, sizes[i]);
	}
	sv_bigmem_free(NULL, 0);
	sv_bigmem_free(NULL, SV_BIGMEM_HUGE);
}

/* Growing from nothing to past 2 MiB: every element written stays, the
 * room past them is zero, the capacity doubles from first. */
static void test_grow(void **state)
{
	uint32_t *v = NULL;
	size_t cap = 0, n = 0;

	(void)state;
	assert_int_equal(sv_bigmem_grow((void **)&v, &cap, 1, sizeof(*v), 64), 0);
	assert_int_equal(cap, 64);
	for (; n < 3 * SV_BIGMEM_HUGE / sizeof(*v); n++) {
		assert_int_equal(sv_bigmem_grow((void **)&v, &cap, n + 1, sizeof(*v), 64), 0);
		assert_true(cap >= n + 1);
		assert_int_equal(v[n], 0);
		v[n] = (uint32_t)n * 2654435761u;
	}
	for (size_t i = 0; i < n; i++)
		assert_int_equal(v[i], (uint32_t)i * 2654435761u);
	assert_true(all_zero((const unsigned char *)(v + n), (cap - n) * sizeof(*v)));
	assert_int_equal(sv_bigmem_grow((void **)&v, &cap, n, sizeof(*v), 64), 0);
	sv_bigmem_free(v, cap * sizeof(*v));
}

/* A size past what fits in memory: -ENOMEM, the array untouched. */
static void test_grow_overflow(void **state)
{
	uint64_t *v = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(sv_bigmem_grow((void **)&v, &cap, 10, sizeof(*v), 16), 0);
	v[3] = 7;
	assert_int_equal(sv_bigmem_grow((void **)&v, &cap, SIZE_MAX / 4, sizeof(*v), 16),
			 -ENOMEM);
	assert_int_equal(cap, 16);
	assert_int_equal(v[3], 7);
	sv_bigmem_free(v, cap * sizeof(*v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_grow_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
