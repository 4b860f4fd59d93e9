/* test_record.c - cmocka suite for the -D recorder: complete parts only,
 * rows first, listeners and autobound connections after them, the end
 * marker; failed attempts taken back from a file, refused on a pipe; write
 * errors kept. The files it writes are read back with sv_replay_open. */
#define _GNU_SOURCE /* O_TMPFILE, F_SETPIPE_SZ */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <unistd.h>

#include "support/nlbuild.h"
#include "sockview/collect.h"
#include "sockview/record.h"
#include "sockview/replay.h"

#define MAX_CHUNKS 4

/* What the inner source answers: per request, a list of chunks. */
struct script {
	struct nlb chunk[8][MAX_CHUNKS];
	size_t nchunks[8];
	int nreq, pos;
};

/* As the kernel does, the replies carry the request's seq (its tag). */
static int s_request(void *ctx, const struct sv_dump_req *req)
{
	struct script *s = ctx;
	uint32_t seq = sv_dumpfile_seq(req->kind, req->table, req->family);

	s->nreq++;
	s->pos = 0;
	for (size_t i = 0; i < s->nchunks[s->nreq - 1]; i++) {
		struct nlb *c = &s->chunk[s->nreq - 1][i];

		for (size_t off = 0; off < c->len;) {
			struct nlmsghdr *h = (struct nlmsghdr *)(c->buf + off);

			h->nlmsg_seq = seq;
			off += NLMSG_ALIGN(h->nlmsg_len);
		}
	}
	return 0;
}

static ssize_t s_recv(void *ctx, void *buf, size_t len)
{
	struct script *s = ctx;
	struct nlb *c;

	if (s->nreq < 1 || (size_t)s->pos >= s->nchunks[s->nreq - 1])
		return -ETIMEDOUT;
	c = &s->chunk[s->nreq - 1][s->pos++];
	assert_true(c->len <= len);
	memcpy(buf, c->buf, c->len);
	return (ssize_t)c->len;
}

/* Request k answers with one socket per chunk (ports base+i), the last
 * chunk ending with NLMSG_DONE (flags on it). */
static void answer(struct script *s, int k, size_t chunks, uint16_t base, uint16_t flags)
{
	s->nchunks[k] = chunks;
	for (size_t i = 0; i < chunks; i++) {
		struct nlb *c = &s->chunk[k][i];

		nlb_init(c);
		nlb_sock(c, &(struct nlb_sock){ .state = SV_STATE_ESTABLISHED,
						.sport = (uint16_t)(base + i), .dport = 22,
						.cookie = base + i });
		if (i + 1 == chunks)
			nlb_done_flags(c, flags);
	}
}

static void answer_error(struct script *s, int k, int error)
{
	s->nchunks[k] = 1;
	nlb_init(&s->chunk[k][0]);
	nlb_error(&s->chunk[k][0], error);
}

static int count_cb(const struct sv_sock *sk, void *data)
{
	(*(int *)data)++;
	return 0;
}

static int dump(const struct sv_source *src, enum sv_dump_kind kind, int *rows)
{
	struct sv_dump_req req = { .table = SV_TABLE_TCP, .family = AF_INET,
				   .states = 2, .kind = kind };
	char err[256];

	return sv_collect_dump(src, &req, count_cb, rows, err, sizeof(err));
}

/* The whole content of fd (from 0). */
static char *slurp(int fd, size_t *len)
{
	off_t end = lseek(fd, 0, SEEK_END);
	char *b = malloc((size_t)end + 1);

	assert_true(end >= 0);
	assert_int_equal(pread(fd, b, (size_t)end, 0), end);
	*len = (size_t)end;
	return b;
}

/* Rows of kind for TCP IPv4 in a recorded file. */
static int rows_in(const char *buf, size_t len, enum sv_dump_kind kind)
{
	struct sv_replay *r = NULL;
	struct sv_source src;
	char err[256] = "";
	int rows = 0;

	if (sv_replay_open(buf, len, &r, err, sizeof(err)) != 0)
		fail_msg("the recording does not replay: %s", err);
	src = sv_replay_source(r);
	assert_int_equal(dump(&src, kind, &rows), 0);
	sv_replay_free(r);
	return rows;
}

/* Rows, listeners, autobound: rows first in the file, the others after,
 * then the end marker that counts them. */
static void test_parts_in_order(void **state)
{
	struct script s = { 0 };
	struct sv_source inner = { .request = s_request, .recv = s_recv, .ctx = &s,
				   .kernel = true };
	struct sv_record *rec;
	struct sv_source src;
	struct sv_replay *r = NULL;
	struct sv_replay_info info;
	char *buf, err[256];
	int fd = open("/tmp", O_TMPFILE | O_RDWR, 0600), rows = 0;
	size_t len;

	assert_true(fd >= 0);
	answer(&s, 0, 1, 8080, 0); /* listeners, learnt first */
	answer(&s, 1, 2, 40000, 0); /* rows */
	answer(&s, 2, 1, 45000, 0); /* autobound */
	assert_int_equal(sv_record_new(fd, &rec), 0);
	src = sv_record_source(rec, &inner);
	assert_int_equal(dump(&src, SV_DUMP_LISTENERS, &rows), 0);
	assert_int_equal(dump(&src, SV_DUMP_ROWS, &rows), 0);
	assert_int_equal(dump(&src, SV_DUMP_AUTOBOUND, &rows), 0);
	assert_int_equal(rows, 4);
	{
		struct sv_localaddrs local = { 0 };
		uint8_t a[16] = { 10, 0, 0, 7 };

		assert_int_equal(sv_localaddr_add(&local, AF_INET, a), 0);
		assert_int_equal(sv_record_finish(rec, 40000, 50000, &local), 0);
		sv_localaddr_free(&local);
	}
	buf = slurp(fd, &len);
	/* the rows part comes first: its first socket's port */
	assert_int_equal(ntohs(((struct inet_diag_msg *)(buf + NLMSG_HDRLEN))->id.idiag_sport),
			 40000);
	assert_int_equal(sv_replay_open(buf, len, &r, err, sizeof(err)), 0);
	sv_replay_info(r, &info);
	assert_true(info.sockview);
	assert_int_equal(info.parts, 3);
	assert_int_equal(info.eph_lo, 40000);
	assert_int_equal(info.local->n, 1);
	assert_true(sv_localaddr_is_local(info.local, AF_INET, (uint8_t[4]){ 10, 0, 0, 7 }));
	assert_false(sv_localaddr_is_local(info.local, AF_INET, (uint8_t[4]){ 10, 0, 0, 8 }));
	sv_replay_free(r);
	assert_int_equal(rows_in(buf, len, SV_DUMP_ROWS), 2);
	assert_int_equal(rows_in(buf, len, SV_DUMP_LISTENERS), 1);
	assert_int_equal(rows_in(buf, len, SV_DUMP_AUTOBOUND), 1);
	free(buf);
	sv_record_free(rec);
	close(fd);
}

/* A refused program (NLMSG_ERROR) and an interrupted dump that wrote two
 * chunks already: both attempts are taken back from the file; only the
 * complete retries are in it. */
static void test_failed_attempts_taken_back(void **state)
{
	struct script s = { 0 };
	struct sv_source inner = { .request = s_request, .recv = s_recv, .ctx = &s,
				   .kernel = true };
	struct sv_record *rec;
	struct sv_source src;
	char *buf;
	int fd = open("/tmp", O_TMPFILE | O_RDWR, 0600), rows = 0;
	size_t len;

	assert_true(fd >= 0);
	answer_error(&s, 0, -EPERM);
	answer(&s, 1, 1, 1000, 0);
	answer(&s, 2, 3, 2000, NLM_F_DUMP_INTR); /* interrupted */
	answer(&s, 3, 3, 2000, 0);               /* the retry */
	assert_int_equal(sv_record_new(fd, &rec), 0);
	src = sv_record_source(rec, &inner);
	assert_int_equal(dump(&src, SV_DUMP_ROWS, &rows), -EPERM);
	assert_int_equal(dump(&src, SV_DUMP_ROWS, &rows), 0);
	assert_int_equal(dump(&src, SV_DUMP_ROWS, &rows), 0);
	assert_int_equal(s.nreq, 4);
	assert_int_equal(sv_record_finish(rec, 1, 2, NULL), 0);
	assert_int_equal(sv_record_error(rec), 0);
	buf = slurp(fd, &len);
	assert_int_equal(rows_in(buf, len, SV_DUMP_ROWS), 4);
	free(buf);
	sv_record_free(rec);
	close(fd);
}

/* On a pipe a refused program costs nothing (its chunk was held back), but
 * an interrupted dump that was partly written cannot be taken back. */
static void test_pipe(void **state)
{
	struct script s = { 0 };
	struct sv_source inner = { .request = s_request, .recv = s_recv, .ctx = &s,
				   .kernel = true };
	struct sv_record *rec;
	struct sv_source src;
	int p[2], rows = 0;

	assert_int_equal(pipe(p), 0);
	assert_int_equal(fcntl(p[1], F_SETPIPE_SZ, 1 << 20) > 0, 1);
	answer_error(&s, 0, -EPERM);
	answer(&s, 1, 1, 1000, 0);
	assert_int_equal(sv_record_new(p[1], &rec), 0);
	src = sv_record_source(rec, &inner);
	assert_int_equal(dump(&src, SV_DUMP_ROWS, &rows), -EPERM);
	assert_int_equal(dump(&src, SV_DUMP_ROWS, &rows), 0);
	assert_int_equal(sv_record_error(rec), 0);
	sv_record_free(rec);

	s = (struct script){ 0 };
	answer(&s, 0, 3, 2000, NLM_F_DUMP_INTR);
	answer(&s, 1, 3, 2000, 0);
	assert_int_equal(sv_record_new(p[1], &rec), 0);
	src = sv_record_source(rec, &inner);
	dump(&src, SV_DUMP_ROWS, &rows);
	assert_int_equal(sv_record_error(rec), -ESPIPE);
	assert_int_equal(sv_record_finish(rec, 1, 2, NULL), -ESPIPE);
	sv_record_free(rec);
	close(p[0]);
	close(p[1]);
}

/* A full device: the write's error is kept and stops the recording. */
static void test_write_error(void **state)
{
	struct script s = { 0 };
	struct sv_source inner = { .request = s_request, .recv = s_recv, .ctx = &s,
				   .kernel = true };
	struct sv_record *rec;
	struct sv_source src;
	int fd = open("/dev/full", O_WRONLY), rows = 0;

	if (fd < 0)
		skip();
	answer(&s, 0, 3, 1000, 0);
	assert_int_equal(sv_record_new(fd, &rec), 0);
	src = sv_record_source(rec, &inner);
	assert_true(dump(&src, SV_DUMP_ROWS, &rows) < 0);
	assert_int_equal(sv_record_error(rec), -ENOSPC);
	assert_int_equal(sv_record_finish(rec, 1, 2, NULL), -ENOSPC);
	sv_record_free(rec);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parts_in_order),
		cmocka_unit_test(test_failed_attempts_taken_back),
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
