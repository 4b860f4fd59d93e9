/* test_kill.c - cmocka suite for -K's action: each answer of the kernel
 * sorted (closed and shown, gone, denied, unsupported, other), a table the
 * kernel cannot close never asked; and the listing with the action between
 * filter and output: only the filtered rows are closed, only the closed
 * ones written, the rows the filter drops never reach the action. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/filter.h"
#include "sockview/kill.h"
#include "sockview/listing.h"
#include "sockview/tables.h"
#include "support/nlbuild.h"

/* The fake kernel's answers, by cookie; what it was asked to close. */
struct closer {
	int answer[16];
	uint64_t asked[16];
	size_t nasked;
};

static int fake_close(void *ctx, const struct sv_sock *s)
{
	struct closer *c = ctx;

	assert_true(c->nasked < 16 && s->cookie < 16);
	c->asked[c->nasked++] = s->cookie;
	return c->answer[s->cookie];
}

static struct sv_sock rec(enum sv_table t, uint64_t cookie)
{
	struct sv_sock s;

	memset(&s, 0, sizeof(s));
	s.table = (uint8_t)t;
	s.family = AF_INET;
	s.cookie = cookie;
	return s;
}

static void test_answers(void **state)
{
	struct closer c = { .answer = { 0, 0, -ENOENT, -EPERM, -EACCES, -EOPNOTSUPP, -EIO,
					-EBUSY } };
	struct sv_kill k = { .close = fake_close, .ctx = &c };
	struct sv_action a = sv_kill_action(&k);
	struct sv_sock s;

	for (uint64_t i = 1; i <= 7; i++) {
		s = rec(SV_TABLE_TCP, i);
		assert_int_equal(a.run(a.ctx, &s), i == 1 ? SV_ACTION_SHOW : SV_ACTION_DROP);
	}
	assert_int_equal(k.closed, 1);
	assert_int_equal(k.gone, 1);
	assert_int_equal(k.denied, 2);
	assert_int_equal(k.unsupported, 1);
	assert_int_equal(k.failed, 2);
	assert_int_equal(k.failed_err, -EIO); /* the first */
	assert_int_equal(sv_kill_not_closed(&k), 5);
	/* a table the kernel does not close: counted, never asked */
	s = rec(SV_TABLE_UNIX_STREAM, 1);
	assert_int_equal(a.run(a.ctx, &s), SV_ACTION_DROP);
	s = rec(SV_TABLE_SCTP, 1);
	assert_int_equal(a.run(a.ctx, &s), SV_ACTION_DROP);
	assert_int_equal(k.unsupported, 3);
	assert_int_equal(c.nasked, 7);
}

/* A dump: TCP sockets of cookies 1..n, local port 1000 + cookie. */
struct fake {
	size_t n;
	struct nlb out;
	bool sent;
};

static int f_request(void *ctx, const struct sv_dump_req *req)
{
	struct fake *f = ctx;

	nlb_init(&f->out);
	f->sent = false;
	for (size_t i = 1; i <= f->n && req->table == SV_TABLE_TCP && req->family == AF_INET; i++)
		nlb_sock(&f->out, &(struct nlb_sock){ .state = SV_STATE_ESTABLISHED,
						       .sport = (uint16_t)(1000 + i), .dport = 80,
						       .src = "10.0.0.1", .dst = "10.0.0.2",
						       .cookie = i });
	nlb_done(&f->out);
	return 0;
}

static ssize_t f_recv(void *ctx, void *buf, size_t len)
{
	struct fake *f = ctx;

	if (f->sent)
		return -ETIMEDOUT;
	f->sent = true;
	memcpy(buf, f->out.buf, f->out.len);
	return (ssize_t)f->out.len;
}

struct seen {
	uint64_t cookie[16];
	size_t n;
};

static int o_row(void *ctx, const struct sv_sock *s)
{
	struct seen *v = ctx;

	assert_true(v->n < 16);
	v->cookie[v->n++] = s->cookie;
	return 0;
}

static int o_finish(void *ctx)
{
	return 0;
}

static void test_listing(void **state)
{
	struct fake f = { .n = 6 };
	struct sv_source src = { .request = f_request, .recv = f_recv, .ctx = &f,
				 .kernel = true, .host = true };
	struct closer c = { .answer = { [3] = -EPERM, [5] = -ENOENT } };
	struct sv_kill k = { .close = fake_close, .ctx = &c };
	struct sv_opts o = { .tables = 1u << SV_TABLE_TCP, .states = SV_STATES_CONN,
			     .families = SV_AF(AF_INET) };
	struct sv_classify *cls = malloc(sizeof(*cls));
	struct sv_filter *flt = NULL;
	struct seen v = { .n = 0 };
	char err[256] = "";
	struct sv_listing l = { .opts = &o, .src = &src, .cls = cls,
				.out = { .row = o_row, .finish = o_finish, .ctx = &v } };

	assert_non_null(cls);
	/* the filter keeps cookies 2..5 (ports 1002-1005) */
	assert_int_equal(sv_filter_parse_text("sport >= :1002 and sport <= :1005", &flt, err,
					      sizeof(err)), 0);
	l.filter = flt;
	l.act = sv_kill_action(&k);
	sv_classify_init(cls, 32768, 60999);
	assert_int_equal(sv_listing_run(&l, err, sizeof(err)), 0);
	assert_int_equal(c.nasked, 4);
	assert_int_equal(c.asked[0], 2);
	assert_int_equal(c.asked[3], 5);
	assert_int_equal(v.n, 2); /* 2 and 4: 3 refused, 5 gone */
	assert_int_equal(v.cookie[0], 2);
	assert_int_equal(v.cookie[1], 4);
	assert_int_equal(l.matched, 2);
	assert_int_equal(k.closed, 2);
	assert_int_equal(k.denied, 1);
	assert_int_equal(k.gone, 1);
	sv_filter_free(flt);
	sv_classify_release(cls);
	free(cls);
}

/* An action's error ends the listing: act_err, and no finish. */
static int failing(void *ctx, const struct sv_sock *s)
{
	return -ENOMEM;
}

static void test_action_error(void **state)
{
	struct fake f = { .n = 2 };
	struct sv_source src = { .request = f_request, .recv = f_recv, .ctx = &f,
				 .kernel = true, .host = true };
	struct sv_opts o = { .tables = 1u << SV_TABLE_TCP, .states = SV_STATES_CONN,
			     .families = SV_AF(AF_INET) };
	struct sv_classify *cls = malloc(sizeof(*cls));
	struct seen v = { .n = 0 };
	char err[256] = "";
	struct sv_listing l = { .opts = &o, .src = &src, .cls = cls,
				.out = { .row = o_row, .finish = o_finish, .ctx = &v },
				.act = { .run = failing } };

	assert_non_null(cls);
	sv_classify_init(cls, 32768, 60999);
	assert_int_equal(sv_listing_run(&l, err, sizeof(err)), -ENOMEM);
	assert_int_equal(l.act_err, -ENOMEM);
	assert_int_equal(v.n, 0);
	sv_classify_release(cls);
	free(cls);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_listing),
		cmocka_unit_test(test_action_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
