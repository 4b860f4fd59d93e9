/* test_follow.c - cmocka suite for -E's loop with a fake source: which
 * groups it joins, events through the listing's row path (families, the
 * filter, the time stamp), the output flushed after each message, events
 * lost (ENOBUFS) counted and told while the loop goes on, messages it does
 * not want, a join refused, an output that goes away, a malformed event. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/filter.h"
#include "sockview/follow.h"
#include "sockview/tables.h"
#include "support/nlbuild.h"

/* One answer of recv(): a negative errno, or the messages of b. */
struct step {
	int err;
	const struct nlb *b;
};

struct fake {
	struct sv_dump_req joined[8];
	size_t njoined;
	int refuse;          /* request() answers this when set */
	const struct step *steps;
	size_t nsteps, at;   /* past the last step, recv() says stop (0) */
	uint64_t drops[4];   /* what drops() says, call by call */
	size_t ndrops;
	uint64_t told[4];    /* what on_loss heard */
	size_t ntold;
};

static int f_request(void *ctx, const struct sv_dump_req *req)
{
	struct fake *f = ctx;

	if (f->refuse)
		return f->refuse;
	assert_true(f->njoined < 8);
	f->joined[f->njoined++] = *req;
	return 0;
}

static ssize_t f_recv(void *ctx, void *buf, size_t len)
{
	struct fake *f = ctx;
	const struct step *s;

	if (f->at == f->nsteps)
		return 0;
	s = &f->steps[f->at++];
	if (s->err)
		return s->err;
	assert_true(s->b->len <= len);
	memcpy(buf, s->b->buf, s->b->len);
	return (ssize_t)s->b->len;
}

static int f_drops(void *ctx, uint64_t *n)
{
	struct fake *f = ctx;

	assert_true(f->ndrops < 4);
	*n = f->drops[f->ndrops++];
	return 0;
}

static void f_loss(void *ctx, uint64_t n)
{
	struct fake *f = ctx;

	assert_true(f->ntold < 4);
	f->told[f->ntold++] = n;
}

/* What the output saw. */
struct seen {
	struct sv_sock s[8];
	char when[8][32];
	size_t n, flushes;
	int flush_err; /* flush() answers this when set */
};

static int o_row(void *ctx, const struct sv_sock *s)
{
	struct seen *v = ctx;

	assert_true(v->n < 8);
	v->s[v->n] = *s;
	snprintf(v->when[v->n], sizeof(v->when[0]), "%s", s->event_time ? s->event_time : "");
	v->s[v->n++].event_time = NULL; /* it pointed into the loop's frame */
	return 0;
}

static int o_finish(void *ctx)
{
	return 0;
}

static int o_flush(void *ctx)
{
	struct seen *v = ctx;

	v->flushes++;
	return v->flush_err;
}

static uint64_t clock_1s(void)
{
	return 1000002;
}

static void event(struct nlb *b, uint8_t family, uint16_t sport, int proto)
{
	struct nlmsghdr *nlh = nlb_sock_begin(b, &(struct nlb_sock){
		.family = family, .state = SV_STATE_CLOSE, .sport = sport, .dport = 40000,
		.src = family == AF_INET6 ? "::1" : "127.0.0.1",
		.dst = family == AF_INET6 ? "::1" : "127.0.0.1", .cookie = sport });

	nlh->nlmsg_flags = 0;
	nlh->nlmsg_seq = 0;
	mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, (uint8_t)proto);
	nlb_end(b, nlh);
}

#define TB(t) (1u << SV_TABLE_##t)

/* Run the loop over f with the options o (and a filter, when given). */
static int run(struct fake *f, struct sv_opts *o, const struct sv_filter *flt,
	       struct seen *v, struct sv_follow *out, char *err, size_t errlen)
{
	struct sv_source src = { .request = f_request, .recv = f_recv, .ctx = f,
				 .kernel = true, .host = true };
	struct sv_classify *c = malloc(sizeof(*c));
	struct sv_listing l = { .opts = o, .src = &src, .cls = c, .filter = flt,
				.out = { .row = o_row, .finish = o_finish, .flush = o_flush,
					 .ctx = v } };
	struct sv_follow fl = { .l = &l, .src = &src, .clock_us = clock_1s, .drops = f_drops,
				.on_loss = f_loss, .ctx = f };
	int ret;

	assert_non_null(c);
	sv_classify_init(c, 32768, 60999);
	ret = sv_follow_run(&fl, err, errlen);
	sv_classify_release(c);
	free(c);
	fl.l = NULL;
	if (out)
		*out = fl;
	assert_true(l.out_err == 0 || l.out_err == ret);
	return ret;
}

static struct sv_opts opts(uint32_t tables, uint64_t families)
{
	return (struct sv_opts){ .tables = tables, .states = SV_STATES_ALL,
				 .families = families };
}

/* The groups of tcp and udp (not u_str's: it has none), IPv4 first; each
 * event shown, stamped; a loss counted and told; the loop goes on. */
static void test_stream(void **state)
{
	struct nlb one, two;
	const struct step steps[] = { { 0, &one }, { -ENOBUFS, NULL }, { 0, &two } };
	struct fake f = { .steps = steps, .nsteps = 3, .drops = { 10, 13 } };
	struct sv_opts o = opts(TB(TCP) | TB(UDP) | TB(UNIX_STREAM), SV_AF_INET_BOTH);
	struct seen v = { .n = 0 };
	struct sv_follow fl;
	struct nlmsghdr *noop;
	char err[256] = "";

	nlb_init(&one);
	event(&one, AF_INET, 5555, IPPROTO_TCP);
	nlb_init(&two);
	noop = nlb_begin(&two, NLMSG_NOOP, 0);
	nlb_end(&two, noop);
	event(&two, AF_INET, 7, IPPROTO_SCTP); /* no table of events */
	event(&two, AF_INET6, 53, IPPROTO_UDP);
	assert_int_equal(run(&f, &o, NULL, &v, &fl, err, sizeof(err)), 0);
	assert_int_equal(f.njoined, 4);
	assert_int_equal(f.joined[0].table, SV_TABLE_UDP);
	assert_int_equal(f.joined[0].family, AF_INET);
	assert_int_equal(f.joined[1].table, SV_TABLE_UDP);
	assert_int_equal(f.joined[1].family, AF_INET6);
	assert_int_equal(f.joined[2].table, SV_TABLE_TCP);
	assert_int_equal(f.joined[3].family, AF_INET6);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.s[0].table, SV_TABLE_TCP);
	assert_int_equal(v.s[0].lport, 5555);
	assert_true(v.s[0].have & SV_FROM_EVENT);
	assert_string_equal(v.when[0], "1970-01-01T00:00:01.000002Z");
	assert_int_equal(v.s[1].table, SV_TABLE_UDP);
	assert_int_equal(v.s[1].family, AF_INET6);
	assert_string_equal(v.when[1], "1970-01-01T00:00:01.000002Z");
	assert_int_equal(v.flushes, 2); /* after each message received */
	assert_int_equal(fl.events, 2);
	assert_int_equal(fl.skipped, 2);
	assert_int_equal(fl.losses, 1);
	assert_int_equal(fl.lost, 3);
	assert_int_equal(f.ntold, 1);
	assert_int_equal(f.told[0], 3);
	assert_string_equal(err, "");
}

/* -4 joins the IPv4 groups only; the filter is applied in user space; a
 * loss whose size the source cannot say is told as 0. */
static void test_filter_family(void **state)
{
	struct nlb b;
	const struct step steps[] = { { 0, &b }, { -ENOBUFS, NULL } };
	struct fake f = { .steps = steps, .nsteps = 2 };
	struct sv_opts o = opts(TB(TCP), SV_AF(AF_INET));
	struct seen v = { .n = 0 };
	struct sv_filter *flt = NULL;
	struct sv_follow fl;
	char err[256];

	assert_int_equal(sv_filter_parse_text("sport = :5555", &flt, err, sizeof(err)), 0);
	nlb_init(&b);
	event(&b, AF_INET, 5555, IPPROTO_TCP);
	event(&b, AF_INET, 6666, IPPROTO_TCP);
	event(&b, AF_INET6, 5555, IPPROTO_TCP); /* not a wanted family */
	event(&b, AF_INET, 5555, IPPROTO_UDP);  /* not a wanted table */
	/* no drops() this time: the loss is of unknown size */
	{
		struct sv_source src = { .request = f_request, .recv = f_recv, .ctx = &f };
		struct sv_classify *c = malloc(sizeof(*c));
		struct sv_listing l = { .opts = &o, .src = &src, .cls = c, .filter = flt,
					.out = { .row = o_row, .finish = o_finish, .ctx = &v } };

		fl = (struct sv_follow){ .l = &l, .src = &src, .on_loss = f_loss, .ctx = &f };
		sv_classify_init(c, 32768, 60999);
		assert_int_equal(sv_follow_run(&fl, err, sizeof(err)), 0);
		sv_classify_release(c);
		free(c);
	}
	sv_filter_free(flt);
	assert_int_equal(f.njoined, 1);
	assert_int_equal(f.joined[0].family, AF_INET);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.s[0].lport, 5555);
	assert_int_equal(v.s[0].family, AF_INET);
	assert_int_equal(fl.events, 4);
	assert_int_equal(fl.losses, 1);
	assert_int_equal(fl.lost, 0);
	assert_int_equal(f.told[0], 0);
}

static void test_join_refused(void **state)
{
	struct fake f = { .refuse = -EPERM };
	struct sv_opts o = opts(TB(TCP), SV_AF_INET_BOTH);
	struct seen v = { .n = 0 };
	char err[256];

	assert_int_equal(run(&f, &o, NULL, &v, NULL, err, sizeof(err)), -EPERM);
	assert_string_equal(err, "cannot join the destroy events of tcp IPv4: "
				 "Operation not permitted");
	assert_int_equal(f.at, 0); /* nothing received */
}

static void test_no_table(void **state)
{
	struct fake f = { .nsteps = 0 };
	struct sv_opts o = opts(TB(UNIX_STREAM) | TB(RAW), SV_AF_INET_BOTH | SV_AF(AF_UNIX));
	struct seen v = { .n = 0 };
	char err[256];

	assert_int_equal(run(&f, &o, NULL, &v, NULL, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "none of the tables asked for has destroy events"));
	assert_int_equal(f.njoined, 0);
}

/* The output's reader went away: seen by the flush, or by the source
 * (which watches the output): -EPIPE, and nothing more is received. */
static void test_output_gone(void **state)
{
	struct nlb b;
	const struct step steps[] = { { 0, &b }, { 0, &b } };
	const struct step gone[] = { { -EPIPE, NULL }, { 0, &b } };
	struct fake f = { .steps = steps, .nsteps = 2 };
	struct sv_opts o = opts(TB(UDP), SV_AF_INET_BOTH);
	struct seen v = { .flush_err = -EPIPE };
	char err[256];

	nlb_init(&b);
	event(&b, AF_INET, 53, IPPROTO_UDP);
	assert_int_equal(run(&f, &o, NULL, &v, NULL, err, sizeof(err)), -EPIPE);
	assert_int_equal(f.at, 1);
	assert_int_equal(v.n, 1);
	f = (struct fake){ .steps = gone, .nsteps = 2 };
	v = (struct seen){ .n = 0 };
	assert_int_equal(run(&f, &o, NULL, &v, NULL, err, sizeof(err)), -EPIPE);
	assert_int_equal(f.at, 1);
	assert_int_equal(v.n, 0);
}

static void test_bad_input(void **state)
{
	struct nlb b;
	const struct step steps[] = { { 0, &b } };
	const struct step broken[] = { { -EIO, NULL } };
	struct fake f = { .steps = steps, .nsteps = 1 };
	struct sv_opts o = opts(TB(UDP), SV_AF_INET_BOTH);
	struct seen v = { .n = 0 };
	char err[256];

	nlb_init(&b);
	event(&b, AF_INET, 53, IPPROTO_UDP);
	b.len -= 4; /* cut */
	assert_int_equal(run(&f, &o, NULL, &v, NULL, err, sizeof(err)), -EBADMSG);
	assert_string_equal(err, "truncated destroy event at byte 0");
	f = (struct fake){ .steps = broken, .nsteps = 1 };
	assert_int_equal(run(&f, &o, NULL, &v, NULL, err, sizeof(err)), -EIO);
	assert_string_equal(err, "receiving destroy events: Input/output error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_filter_family),
		cmocka_unit_test(test_join_refused),
		cmocka_unit_test(test_no_table),
		cmocka_unit_test(test_output_gone),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
