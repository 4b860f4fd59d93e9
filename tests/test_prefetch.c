/* test_prefetch.c - cmocka suite for prefetch.c: a dump received ahead on a
 * thread, from a scripted side source, handed out in order through
 * sv_collect_dump; the queue's bound, errors, a retry, a stop before
 * the dump was read; two dumps one after the other, one given up midway,
 * and a second one the thread never sent. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockview/collect.h"
#include "sockview/prefetch.h"
#include "support/nlbuild.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define CHUNKS 40

/* The side source: per request, CHUNKS chunks of one socket each (inodes
 * 1..), the last one ending the dump; or an error. The thread and the test
 * both read its counters, under the lock. */
struct side {
	pthread_mutex_t mu;
	int requests;
	int request_ret;        /* < 0: request() fails */
	int lost_at;            /* recv number (1-based) that returns ENOBUFS,
				   once */
	int nchunks;            /* chunks of this dump */
	int received;           /* recv() calls so far */
	int fail_at;            /* recv number that fails with EIO (0: none) */
	uint32_t base;          /* added to the inodes: 1000 a request with
				   numbered */
	uint32_t states;        /* of the last request */
	size_t bclen;
	unsigned char bc[8];
	bool numbered;
};

static int side_request(void *ctx, const struct sv_dump_req *req)
{
	struct side *s = ctx;

	pthread_mutex_lock(&s->mu);
	s->requests++;
	s->received = 0;
	if (s->numbered)
		s->base = 1000u * (uint32_t)s->requests;
	s->states = req->states;
	s->bclen = req->bclen;
	if (req->bclen <= sizeof(s->bc) && req->bytecode)
		memcpy(s->bc, req->bytecode, req->bclen);
	pthread_mutex_unlock(&s->mu);
	return s->request_ret;
}

static ssize_t side_recv(void *ctx, void *buf, size_t len)
{
	struct side *s = ctx;
	struct nlb *b = malloc(sizeof(*b));
	int n;
	ssize_t ret;

	assert_non_null(b);
	pthread_mutex_lock(&s->mu);
	n = ++s->received;
	if (n == s->fail_at) {
		s->fail_at = 0;
		pthread_mutex_unlock(&s->mu);
		free(b);
		return -EIO;
	}
	if (n == s->lost_at) {
		s->lost_at = 0;
		pthread_mutex_unlock(&s->mu);
		free(b);
		return -ENOBUFS;
	}
	pthread_mutex_unlock(&s->mu);
	nlb_init(b);
	nlb_sock(b, &(struct nlb_sock){ .sport = 80, .src = "10.0.0.1", .state = 10,
					.inode = (uint32_t)(n + s->base),
					.cookie = (uint64_t)n });
	if (n >= s->nchunks)
		nlb_done(b);
	assert_true(b->len <= len);
	memcpy(buf, b->buf, b->len);
	ret = (ssize_t)b->len;
	free(b);
	return ret;
}

static struct side *side_new(int nchunks)
{
	struct side *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	pthread_mutex_init(&s->mu, NULL);
	s->nchunks = nchunks;
	return s;
}

static int side_received(struct side *s)
{
	int n;

	pthread_mutex_lock(&s->mu);
	n = s->received;
	pthread_mutex_unlock(&s->mu);
	return n;
}

static int side_requests(struct side *s)
{
	int n;

	pthread_mutex_lock(&s->mu);
	n = s->requests;
	pthread_mutex_unlock(&s->mu);
	return n;
}

static void side_free(struct side *s)
{
	pthread_mutex_destroy(&s->mu);
	free(s);
}

static struct sv_source side_source(struct side *s)
{
	return (struct sv_source){ .request = side_request, .recv = side_recv, .ctx = s,
				   .kernel = true, .host = true };
}

/* The inodes a dump delivered, in order. */
struct seen {
	uint32_t ino[4 * CHUNKS];
	size_t n;
};

static int seen_cb(const struct sv_sock *s, void *data)
{
	struct seen *v = data;

	if (v->n < ARRAY_LEN(v->ino))
		v->ino[v->n++] = s->inode;
	return 0;
}

static const struct sv_dump_req REQ = { .table = SV_TABLE_TCP, .family = AF_INET,
					.states = 0xfff, .kind = SV_DUMP_ROWS };
static const struct sv_dump_req REQ6 = { .table = SV_TABLE_TCP, .family = AF_INET6,
					 .states = 0xfff, .kind = SV_DUMP_ROWS };

/* Every chunk, in order, once; the thread never read more than the queue
 * holds (one chunk's bytes here) plus the one in its hands. */
static void test_in_order_and_bounded(void **state)
{
	struct side *s = side_new(CHUNKS);
	struct sv_source side = side_source(s), src;
	struct sv_prefetch *p = NULL;
	struct seen v = { .n = 0 };
	char err[256] = "";

	(void)state;
	assert_int_equal(sv_prefetch_start(&side, &REQ, 1, 1, &p), 0);
	/* the queue holds one chunk: the thread stops at two reads at most */
	for (int i = 0; i < 200 && side_received(s) < 2; i++)
		usleep(1000);
	usleep(20000);
	assert_true(side_received(s) <= 2);
	assert_true(sv_prefetch_matches(p, &REQ));
	src = sv_prefetch_source(p);
	assert_int_equal(sv_collect_dump(&src, &REQ, seen_cb, &v, err, sizeof(err)), 0);
	assert_false(sv_prefetch_matches(p, &REQ)); /* handed out */
	assert_int_equal(v.n, CHUNKS);
	for (size_t i = 0; i < v.n; i++)
		assert_int_equal(v.ino[i], i + 1);
	assert_int_equal(s->requests, 1);
	sv_prefetch_stop(p);
	side_free(s);
}

/* A request other than the started one does not match. */
static void test_matches(void **state)
{
	static const unsigned char bc[4] = { 1, 2, 3, 4 }, other[4] = { 1, 2, 3, 5 };
	struct side *s = side_new(1);
	struct sv_source side = side_source(s);
	struct sv_prefetch *p = NULL;
	struct sv_dump_req r = REQ, q;

	(void)state;
	r.bytecode = bc;
	r.bclen = sizeof(bc);
	assert_int_equal(sv_prefetch_start(&side, &r, 1, 1 << 20, &p), 0);
	assert_false(sv_prefetch_matches(NULL, &r));
	assert_true(sv_prefetch_matches(p, &r));
	q = r;
	q.bytecode = other;
	assert_false(sv_prefetch_matches(p, &q));
	q = r;
	q.bytecode = NULL;
	q.bclen = 0;
	assert_false(sv_prefetch_matches(p, &q));
	q = r;
	q.family = AF_INET6;
	assert_false(sv_prefetch_matches(p, &q));
	q = r;
	q.states = 0x1;
	assert_false(sv_prefetch_matches(p, &q));
	q = r;
	q.kind = SV_DUMP_LISTENERS;
	assert_false(sv_prefetch_matches(p, &q));
	q = r;
	q.details = 1;
	assert_false(sv_prefetch_matches(p, &q));
	for (int i = 0; i < 2000 && side_requests(s) < 1; i++)
		usleep(1000); /* a stop before its request would not send it */
	sv_prefetch_stop(p);
	/* the bytecode was copied: the side got the same bytes */
	assert_int_equal(s->bclen, sizeof(bc));
	assert_memory_equal(s->bc, bc, sizeof(bc));
	side_free(s);
}

/* Lost messages (ENOBUFS) go through to the collector, which redoes the
 * dump: the retry is the side's own request, after the thread ended. */
static void test_lost_then_retry(void **state)
{
	struct side *s = side_new(6);
	struct sv_source side = side_source(s), src;
	struct sv_prefetch *p = NULL;
	struct seen v = { .n = 0 };
	char err[256] = "";

	(void)state;
	s->lost_at = 3;
	assert_int_equal(sv_prefetch_start(&side, &REQ, 1, 1 << 20, &p), 0);
	src = sv_prefetch_source(p);
	assert_int_equal(sv_collect_dump(&src, &REQ, seen_cb, &v, err, sizeof(err)), 0);
	assert_int_equal(s->requests, 2);
	/* first attempt: sockets 1, 2, (lost), 4, 5, 6 (its chunk 3 is 4:
	 * the side counts receives); the retry adds only 3, by cookie */
	assert_int_equal(v.n, 6);
	assert_int_equal(v.ino[2], 4);
	assert_int_equal(v.ino[5], 3);
	sv_prefetch_stop(p);
	side_free(s);
}

/* A request the side refuses: its errno comes back through recv. */
static void test_request_fails(void **state)
{
	struct side *s = side_new(3);
	struct sv_source side = side_source(s), src;
	struct sv_prefetch *p = NULL;
	struct seen v = { .n = 0 };
	char err[256] = "";

	(void)state;
	s->request_ret = -EPERM;
	assert_int_equal(sv_prefetch_start(&side, &REQ, 1, 1 << 20, &p), 0);
	src = sv_prefetch_source(p);
	assert_int_equal(sv_collect_dump(&src, &REQ, seen_cb, &v, err, sizeof(err)), -EPERM);
	assert_int_equal(v.n, 0);
	assert_int_equal(side_received(s), 0);
	sv_prefetch_stop(p);
	side_free(s);
}

/* Stopped before anything was read (the reader went away, an earlier dump
 * failed): the thread, waiting for room, ends; nothing leaks. */
static void test_stop_unread(void **state)
{
	struct side *s = side_new(CHUNKS);
	struct sv_source side = side_source(s);
	struct sv_prefetch *p = NULL;

	(void)state;
	assert_int_equal(sv_prefetch_start(&side, &REQ, 1, 1, &p), 0);
	for (int i = 0; i < 200 && side_received(s) < 1; i++)
		usleep(1000);
	sv_prefetch_stop(p);
	assert_true(side_received(s) < CHUNKS);
	sv_prefetch_stop(NULL);
	side_free(s);
}

/* Two dumps, one after the other on the side: each handed out in order
 * once its turn has come (sv_prefetch_next), the second request sent by
 * the thread right after the first dump's end; none after the last. */
static void test_two_dumps(void **state)
{
	const struct sv_dump_req reqs[2] = { REQ, REQ6 };
	struct side *s = side_new(5);
	struct sv_source side = side_source(s), src;
	struct sv_prefetch *p = NULL;
	struct seen v = { .n = 0 };
	char err[256] = "";

	(void)state;
	s->numbered = true;
	assert_int_equal(sv_prefetch_start(&side, reqs, 3, 1 << 20, &p), -EINVAL);
	assert_int_equal(sv_prefetch_start(&side, reqs, 0, 1 << 20, &p), -EINVAL);
	assert_int_equal(sv_prefetch_start(&side, reqs, 2, 1 << 20, &p), 0);
	src = sv_prefetch_source(p);
	assert_false(sv_prefetch_matches(p, &REQ6)); /* not its turn */
	assert_true(sv_prefetch_matches(p, &REQ));
	assert_int_equal(sv_collect_dump(&src, &REQ, seen_cb, &v, err, sizeof(err)), 0);
	assert_true(sv_prefetch_next(p));
	assert_false(sv_prefetch_matches(p, &REQ));
	assert_true(sv_prefetch_matches(p, &REQ6));
	assert_int_equal(sv_collect_dump(&src, &REQ6, seen_cb, &v, err, sizeof(err)), 0);
	assert_false(sv_prefetch_next(p));
	assert_int_equal(v.n, 10);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(v.ino[i], 1000 + i + 1);
		assert_int_equal(v.ino[5 + i], 2000 + i + 1);
	}
	assert_int_equal(s->requests, 2);
	sv_prefetch_stop(p);
	side_free(s);
}

static int stop_cb(const struct sv_sock *s, void *data)
{
	struct seen *v = data;

	seen_cb(s, data);
	return v->n >= 2 ? -ECANCELED : 0;
}

/* A reader that gives a dump up midway: the rest of it, queued or still
 * coming, is dropped, and the next dump starts at its own first chunk. */
static void test_next_drops_unread(void **state)
{
	const struct sv_dump_req reqs[2] = { REQ, REQ6 };
	struct side *s = side_new(CHUNKS);
	struct sv_source side = side_source(s), src;
	struct sv_prefetch *p = NULL;
	struct seen v = { .n = 0 }, w = { .n = 0 };
	char err[256] = "";

	(void)state;
	s->numbered = true;
	assert_int_equal(sv_prefetch_start(&side, reqs, 2, 2 * 1024, &p), 0);
	src = sv_prefetch_source(p);
	assert_int_equal(sv_collect_dump(&src, &REQ, stop_cb, &v, err, sizeof(err)),
			 -ECANCELED);
	assert_int_equal(v.n, 2);
	assert_true(sv_prefetch_next(p));
	assert_int_equal(sv_collect_dump(&src, &REQ6, seen_cb, &w, err, sizeof(err)), 0);
	assert_int_equal(w.n, CHUNKS);
	for (size_t i = 0; i < w.n; i++)
		assert_int_equal(w.ino[i], 2000 + i + 1);
	sv_prefetch_stop(p);
	side_free(s);
}

/* The side fails in the first dump: its error is that dump's answer; the
 * thread ends without sending the second request, which the reader then
 * sends on the side itself. */
static void test_second_after_failure(void **state)
{
	const struct sv_dump_req reqs[2] = { REQ, REQ6 };
	struct side *s = side_new(4);
	struct sv_source side = side_source(s), src;
	struct sv_prefetch *p = NULL;
	struct seen v = { .n = 0 }, w = { .n = 0 };
	char err[256] = "";

	(void)state;
	s->numbered = true;
	s->fail_at = 2;
	assert_int_equal(sv_prefetch_start(&side, reqs, 2, 1 << 20, &p), 0);
	src = sv_prefetch_source(p);
	assert_int_equal(sv_collect_dump(&src, &REQ, seen_cb, &v, err, sizeof(err)), -EIO);
	assert_int_equal(v.n, 1);
	assert_true(sv_prefetch_next(p));
	assert_true(sv_prefetch_matches(p, &REQ6));
	assert_int_equal(sv_collect_dump(&src, &REQ6, seen_cb, &w, err, sizeof(err)), 0);
	assert_int_equal(w.n, 4);
	assert_int_equal(w.ino[0], 2001);
	assert_int_equal(s->requests, 2);
	assert_false(sv_prefetch_next(p));
	sv_prefetch_stop(p);
	side_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order_and_bounded),
		cmocka_unit_test(test_matches),
		cmocka_unit_test(test_lost_then_retry),
		cmocka_unit_test(test_request_fails),
		cmocka_unit_test(test_stop_unread),
		cmocka_unit_test(test_two_dumps),
		cmocka_unit_test(test_next_drops_unread),
		cmocka_unit_test(test_second_after_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
