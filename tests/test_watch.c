/* test_watch.c - cmocka suite for --watch's snapshots: keys, and the
 * changes between two listings (new, closed, another state, the same). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/watch.h"

static void add(struct sv_watch_snap *s, uint64_t key, uint8_t state, const char *text)
{
	assert_int_equal(sv_watch_add(s, key, state, text, strlen(text)), 0);
}

static void test_diff(void **state)
{
	struct sv_watch_snap a = { 0 }, b = { 0 };
	enum sv_watch_change *ch;
	size_t *closed, nclosed;

	(void)state;
	add(&a, 30, 1, "estab 30\n");
	add(&a, 10, 10, "listen 10\n");
	add(&a, 20, 1, "estab 20\n");
	add(&b, 10, 10, "listen 10\n");
	add(&b, 20, 8, "close-wait 20\n");
	add(&b, 40, 1, "estab 40\n");
	assert_int_equal(sv_watch_index(&a), 0);
	assert_int_equal(sv_watch_index(&b), 0);
	assert_int_equal(sv_watch_diff(&a, &b, &ch, &closed, &nclosed), 0);
	assert_int_equal(ch[0], SV_WATCH_SAME);
	assert_int_equal(ch[1], SV_WATCH_CHANGED);
	assert_int_equal(ch[2], SV_WATCH_NEW);
	assert_int_equal(nclosed, 1);
	assert_int_equal(closed[0], 0);
	assert_string_equal(a.text + a.v[closed[0]].off, "estab 30\n");
	assert_string_equal(b.text + b.v[2].off, "estab 40\n");
	free(ch);
	free(closed);
	/* against an empty snapshot: all new; and all closed */
	sv_watch_clear(&a);
	assert_int_equal(sv_watch_index(&a), 0);
	assert_int_equal(sv_watch_diff(&a, &b, &ch, &closed, &nclosed), 0);
	assert_int_equal(nclosed, 0);
	for (size_t i = 0; i < b.n; i++)
		assert_int_equal(ch[i], SV_WATCH_NEW);
	free(ch);
	free(closed);
	assert_int_equal(sv_watch_diff(&b, &a, &ch, &closed, &nclosed), 0);
	assert_int_equal(nclosed, 3);
	free(ch);
	free(closed);
	assert_string_equal(sv_watch_change_name(SV_WATCH_CLOSED), "closed");
	sv_watch_free(&a);
	sv_watch_free(&b);
}

/* A socket's key: the same socket in another state keeps it; another port
 * or cookie changes it. */
static void test_key(void **state)
{
	struct sv_sock s = { 0 }, t;

	(void)state;
	s.family = AF_INET;
	s.lport = 80;
	s.rport = 5000;
	s.cookie = 7;
	t = s;
	t.state = 8;
	assert_true(sv_watch_key(&s) == sv_watch_key(&t));
	t.rport = 5001;
	assert_false(sv_watch_key(&s) == sv_watch_key(&t));
	t = s;
	t.cookie = 8;
	assert_false(sv_watch_key(&s) == sv_watch_key(&t));
}

/* Many rows: the index finds each. */
static void test_many(void **state)
{
	struct sv_watch_snap a = { 0 }, b = { 0 };
	enum sv_watch_change *ch;
	size_t *closed, nclosed;

	(void)state;
	for (uint64_t k = 0; k < 5000; k++) {
		add(&a, k * 7919 % 10007, 1, "x\n");
		if (k % 2)
			add(&b, k * 7919 % 10007, 1, "x\n");
	}
	assert_int_equal(sv_watch_index(&a), 0);
	assert_int_equal(sv_watch_index(&b), 0);
	assert_int_equal(sv_watch_diff(&a, &b, &ch, &closed, &nclosed), 0);
	assert_int_equal(nclosed, 2500);
	for (size_t i = 0; i < b.n; i++)
		assert_int_equal(ch[i], SV_WATCH_SAME);
	free(ch);
	free(closed);
	sv_watch_free(&a);
	sv_watch_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
