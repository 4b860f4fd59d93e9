/* test_replay.c - recorded dumps: ss -D files, sockview's seq-tagged parts,
 * truncated and foreign files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "support/nlbuild.h"
#include "sockview/replay.h"

struct seen {
	int n;
	struct sv_sock socks[16];
};

static int collect_cb(const struct sv_sock *s, void *data)
{
	struct seen *v = data;

	if (v->n < 16)
		v->socks[v->n] = *s;
	v->n++;
	return 0;
}

static void *load_ss1(size_t *len)
{
	void *buf = nlb_load_file(SV_TEST_DATA "/ss1.dump", len);

	assert_non_null(buf);
	assert_int_equal(*len, 720);
	return buf;
}

/* ss1.dump from iproute2's tests: both parts are read, as TCP. */
static void test_ss_dump_both_parts(void **state)
{
	struct seen v = { 0 };
	char err[256] = "";
	size_t len;
	void *buf = load_ss1(&len);

	assert_int_equal(sv_replay_parse(buf, len, collect_cb, &v, err, sizeof(err)), 0);
	assert_int_equal(v.n, 7);
	assert_int_equal(v.socks[0].table, SV_TABLE_TCP);
	assert_int_equal(v.socks[0].state, SV_STATE_LISTEN);
	assert_int_equal(v.socks[0].lport, 22);
	assert_int_equal(v.socks[0].wqueue, 128);
	assert_int_equal(v.socks[3].rport, 50312);
	assert_int_equal(v.socks[4].family, AF_INET6);
	free(buf);
}

/* Cutting the file at any byte gives an error, never a crash, except the
 * one cut right after the first part's NLMSG_DONE: that is a whole dump of
 * the IPv4 part. */
static void test_cut_everywhere(void **state)
{
	size_t len;
	char *buf = load_ss1(&len);
	int clean = 0;

	for (size_t cut = 0; cut < len; cut++) {
		struct seen v = { 0 };
		char err[256] = "";
		char *copy = malloc(cut ? cut : 1);
		int ret;

		memcpy(copy, buf, cut);
		ret = sv_replay_parse(copy, cut, collect_cb, &v, err, sizeof(err));
		free(copy);
		if (ret == 0) {
			assert_int_equal(v.n, 4);
			clean++;
			continue;
		}
		assert_int_equal(ret, -EBADMSG);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(clean, 1);
	free(buf);
}

static void test_empty_and_foreign(void **state)
{
	static const char text[] = "root:x:0:0:root:/root:/bin/bash\n";
	struct seen v = { 0 };
	char err[256] = "";

	assert_int_equal(sv_replay_parse("", 0, collect_cb, &v, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "empty"));
	assert_int_equal(sv_replay_parse(text, sizeof(text) - 1, collect_cb, &v, err,
					 sizeof(err)), -EBADMSG);
	assert_int_equal(v.n, 0);
}

/* A bad message length in a header (smaller than a header) is named. */
static void test_bad_length(void **state)
{
	struct nlmsghdr h = { .nlmsg_len = 4, .nlmsg_type = NLMSG_DONE };
	struct seen v = { 0 };
	char err[256] = "";

	assert_int_equal(sv_replay_parse(&h, sizeof(h), collect_cb, &v, err, sizeof(err)),
			 -EBADMSG);
	assert_non_null(strstr(err, "bad message length 4"));
}

static void set_seq(struct nlb *b, size_t from, uint32_t seq)
{
	for (size_t off = from; off < b->len;) {
		struct nlmsghdr *h = (struct nlmsghdr *)(b->buf + off);

		h->nlmsg_seq = seq;
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
}

/* sockview's own files tag each part with its table in nlmsg_seq. */
static void test_tagged_parts(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	char err[256] = "";
	size_t mid;

	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_CLOSE, .sport = 53, .src = "127.0.0.53" });
	nlb_done(&b);
	set_seq(&b, 0, sv_replay_seq(SV_TABLE_UDP, AF_INET));
	mid = b.len;
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 22 });
	nlb_done(&b);
	set_seq(&b, mid, sv_replay_seq(SV_TABLE_TCP, AF_INET));
	assert_int_equal(sv_replay_parse(b.buf, b.len, collect_cb, &v, err, sizeof(err)), 0);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.socks[0].table, SV_TABLE_UDP);
	assert_int_equal(v.socks[1].table, SV_TABLE_TCP);
	assert_int_equal(sv_replay_table_of(123456), SV_TABLE_TCP); /* ss -D */
	assert_int_equal(sv_replay_table_of(sv_replay_seq(SV_TABLE_UDP, AF_INET6)), SV_TABLE_UDP);
}

/* A recorded NLMSG_ERROR is reported; a part without NLMSG_DONE is not a
 * whole dump. */
static void test_recorded_error_and_missing_done(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	char err[256] = "";

	nlb_init(&b);
	nlb_error(&b, -EPERM);
	assert_int_equal(sv_replay_parse(b.buf, b.len, collect_cb, &v, err, sizeof(err)), -EPERM);
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 22 });
	assert_int_equal(sv_replay_parse(b.buf, b.len, collect_cb, &v, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "no NLMSG_DONE"));
}

static int stop_cb(const struct sv_sock *s, void *data)
{
	return -EPIPE;
}

/* A callback's error stops the replay and comes back unchanged. */
static void test_callback_stops(void **state)
{
	char err[256] = "";
	size_t len;
	void *buf = load_ss1(&len);

	assert_int_equal(sv_replay_parse(buf, len, stop_cb, NULL, err, sizeof(err)), -EPIPE);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ss_dump_both_parts),
		cmocka_unit_test(test_cut_everywhere),
		cmocka_unit_test(test_empty_and_foreign),
		cmocka_unit_test(test_bad_length),
		cmocka_unit_test(test_tagged_parts),
		cmocka_unit_test(test_recorded_error_and_missing_done),
		cmocka_unit_test(test_callback_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
