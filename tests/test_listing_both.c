/* test_listing_both.c - cmocka suite for TCP's two families in one dump:
 * the legacy request the kernel answers for AF_UNSPEC (layout, bytecode,
 * the protocols it knows), its answers' message type, when a listing asks
 * for it (the order is free and the source can) and how it goes back to
 * one dump per family when the source refuses it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>

#include "support/nlbuild.h"
#include "sockview/collect.h"
#include "sockview/diag_parse.h"
#include "sockview/listing.h"
#include "sockview/tables.h"

/* --- the request and its answers --- */

static void test_request(void **state)
{
	char buf[512];
	const unsigned char bc[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct sv_dump_req rq = { .table = SV_TABLE_TCP, .family = AF_UNSPEC,
				  .states = 0xffe, .bytecode = bc, .bclen = sizeof(bc),
				  .ext = 1u << (INET_DIAG_INFO - 1) };
	const struct nlmsghdr *nlh = (const void *)buf;
	const struct inet_diag_req *r = (const void *)(buf + NLMSG_HDRLEN);
	const struct nlattr *a = (const void *)(buf + NLMSG_HDRLEN + MNL_ALIGN(sizeof(*r)));
	int n;

	(void)state;
	n = sv_diag_inet_request(buf, sizeof(buf), &rq, 9);
	assert_int_equal(n, NLMSG_HDRLEN + MNL_ALIGN(sizeof(*r)) + MNL_ATTR_HDRLEN + sizeof(bc));
	assert_int_equal(nlh->nlmsg_type, TCPDIAG_GETSOCK);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(nlh->nlmsg_seq, 9);
	assert_int_equal(r->idiag_family, AF_UNSPEC);
	assert_int_equal(r->idiag_states, 0xffe);
	assert_int_equal(r->idiag_ext, 1u << (INET_DIAG_INFO - 1));
	assert_int_equal(mnl_attr_get_type(a), INET_DIAG_REQ_BYTECODE);
	assert_int_equal(mnl_attr_get_payload_len(a), sizeof(bc));
	assert_memory_equal(mnl_attr_get_payload(a), bc, sizeof(bc));
	/* one byte short */
	assert_int_equal(sv_diag_inet_request(buf, (size_t)n - 1, &rq, 9), -E2BIG);
	/* only TCP has it: UDP, MPTCP and raw are refused, not mis-sent */
	rq.table = SV_TABLE_UDP;
	assert_int_equal(sv_diag_inet_request(buf, sizeof(buf), &rq, 9), -EAFNOSUPPORT);
	rq.table = SV_TABLE_MPTCP;
	assert_int_equal(sv_diag_inet_request(buf, sizeof(buf), &rq, 9), -EAFNOSUPPORT);
	rq.table = SV_TABLE_RAW;
	assert_int_equal(sv_diag_inet_request(buf, sizeof(buf), &rq, 9), -EAFNOSUPPORT);
	/* one family still goes as sock_diag's own request */
	rq.table = SV_TABLE_TCP;
	rq.family = AF_INET6;
	rq.bytecode = NULL;
	rq.bclen = 0;
	assert_int_equal(sv_diag_inet_request(buf, sizeof(buf), &rq, 9),
			 NLMSG_HDRLEN + sizeof(struct inet_diag_req_v2));
	assert_int_equal(nlh->nlmsg_type, SOCK_DIAG_BY_FAMILY);
}

static int keep_family(const struct sv_sock *s, void *data)
{
	int *fams = data;

	fams[s->family == AF_INET6]++;
	return 0;
}

/* The answers to the legacy request carry its type: sockets all the same,
 * of either family; an unknown type is still skipped. */
static void test_answers(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	int fams[2] = { 0, 0 };
	char err[128] = "";
	size_t used;
	bool intr = false;
	void *copy;

	(void)state;
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .state = 1, .sport = 80, .src = "10.0.0.1" });
	nlh->nlmsg_type = TCPDIAG_GETSOCK;
	nlb_end(&b, nlh);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6, .state = 1,
						       .sport = 81, .src = "::1" });
	nlh->nlmsg_type = TCPDIAG_GETSOCK;
	nlb_end(&b, nlh);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .state = 1, .sport = 82 });
	nlh->nlmsg_type = 0x77; /* foreign */
	nlb_end(&b, nlh);
	nlb_done(&b);
	copy = malloc(b.len);
	assert_non_null(copy);
	memcpy(copy, b.buf, b.len);
	assert_int_equal(sv_diag_parse_inet(copy, b.len, SV_TABLE_TCP, keep_family, fams, &used,
					    &intr, err, sizeof(err)),
			 SV_DIAG_DONE);
	assert_int_equal(fams[0], 1);
	assert_int_equal(fams[1], 1);
	/* a truncated one of them is malformed, and said where */
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .state = 1 });
	nlh->nlmsg_type = TCPDIAG_GETSOCK;
	nlh->nlmsg_len = NLMSG_HDRLEN + 8;
	b.len += NLMSG_HDRLEN + 8;
	memcpy(copy, b.buf, b.len);
	assert_int_equal(sv_diag_parse_inet(copy, b.len, SV_TABLE_TCP, keep_family, fams, &used,
					    &intr, err, sizeof(err)),
			 -EBADMSG);
	assert_non_null(strstr(err, "malformed socket message"));
	free(copy);
}

/* --- the listing --- */

/* A fake kernel: TCP and UDP sockets of both families; a log of the
 * requests' (table, family); AF_UNSPEC answered for TCP, or refused. */
struct fake {
	struct nlb_sock socks[8];
	bool udp[8];
	size_t n;
	struct { enum sv_table table; int family; enum sv_dump_kind kind; } log[16];
	size_t nlog;
	bool refuse_both; /* EINVAL to a request of both families */
	struct nlb out;
	bool sent;
};

static int f_request(void *ctx, const struct sv_dump_req *req)
{
	struct fake *f = ctx;

	assert_true(f->nlog < 16);
	f->log[f->nlog].table = req->table;
	f->log[f->nlog].family = req->family;
	f->log[f->nlog++].kind = req->kind;
	nlb_init(&f->out);
	f->sent = false;
	if (req->family == AF_UNSPEC && (f->refuse_both || req->table != SV_TABLE_TCP)) {
		nlb_error(&f->out, -EINVAL);
		return 0;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct nlb_sock *s = &f->socks[i];
		struct nlmsghdr *nlh;

		if (f->udp[i] != (req->table == SV_TABLE_UDP) ||
		    (req->family != AF_UNSPEC && s->family != req->family) ||
		    !(req->states & (1u << s->state)))
			continue;
		nlh = nlb_sock_begin(&f->out, s);
		if (req->family == AF_UNSPEC)
			nlh->nlmsg_type = TCPDIAG_GETSOCK;
		nlb_end(&f->out, nlh);
	}
	nlb_done(&f->out);
	return 0;
}

static ssize_t f_recv(void *ctx, void *buf, size_t len)
{
	struct fake *f = ctx;

	(void)len;
	if (f->sent)
		return -ETIMEDOUT;
	f->sent = true;
	memcpy(buf, f->out.buf, f->out.len);
	return (ssize_t)f->out.len;
}

struct rows {
	int fams[2];
	size_t n;
};

static int o_row(void *ctx, const struct sv_sock *s)
{
	struct rows *v = ctx;

	v->fams[s->family == AF_INET6]++;
	v->n++;
	return 0;
}

static int o_finish(void *ctx)
{
	(void)ctx;
	return 0;
}

static void populate(struct fake *f)
{
	static const struct nlb_sock s[] = {
		{ .family = AF_INET, .state = SV_STATE_LISTEN, .sport = 80, .src = "127.0.0.1" },
		{ .family = AF_INET, .state = SV_STATE_ESTABLISHED, .sport = 80, .dport = 40000,
		  .src = "127.0.0.1", .dst = "127.0.0.1", .cookie = 2 },
		{ .family = AF_INET6, .state = SV_STATE_LISTEN, .sport = 443, .src = "::1",
		  .cookie = 3 },
		{ .family = AF_INET6, .state = SV_STATE_ESTABLISHED, .sport = 443, .dport = 40001,
		  .src = "::1", .dst = "::1", .cookie = 4 },
		{ .family = AF_INET6, .state = SV_STATE_TIME_WAIT, .sport = 443, .dport = 40002,
		  .src = "::1", .dst = "::1", .cookie = 5 },
		{ .family = AF_INET, .state = SV_STATE_CLOSE, .sport = 53, .src = "127.0.0.1",
		  .cookie = 6 },
		{ .family = AF_INET6, .state = SV_STATE_CLOSE, .sport = 53, .src = "::1",
		  .cookie = 7 },
	};

	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		f->socks[f->n] = s[i];
		f->udp[f->n++] = s[i].sport == 53;
	}
}

static int list(struct fake *f, bool any_order, bool both, bool roles, struct rows *v,
		struct sv_listing *out)
{
	struct sv_source src = { .request = f_request, .recv = f_recv, .ctx = f,
				 .kernel = true, .host = true, .both_families = both };
	struct sv_opts o = { .tables = (1u << SV_TABLE_TCP) | (1u << SV_TABLE_UDP),
			     .states = ~0u & ~(1u << SV_STATE_MAX), .families = SV_AF_INET_BOTH };
	struct sv_classify *c = malloc(sizeof(*c));
	struct sv_listing l = { .opts = &o, .src = &src, .cls = c, .roles = roles,
				.any_order = any_order,
				.out = { .row = o_row, .finish = o_finish, .ctx = v } };
	char err[256] = "";
	int ret;

	assert_non_null(c);
	memset(v, 0, sizeof(*v));
	sv_classify_init(c, 32768, 60999);
	ret = sv_listing_run(&l, err, sizeof(err));
	sv_classify_release(c);
	free(c);
	*out = l;
	return ret;
}

static size_t requests_of(const struct fake *f, enum sv_table t, int family)
{
	size_t n = 0;

	for (size_t i = 0; i < f->nlog; i++)
		n += f->log[i].table == t && f->log[i].family == family;
	return n;
}

/* The order free and a source that can: TCP's rows (and its listeners)
 * in one dump each, UDP still per family; every row of both families. */
static void test_one_dump(void **state)
{
	struct fake f;
	struct rows v;
	struct sv_listing l;

	(void)state;
	populate(&f);
	assert_int_equal(list(&f, true, true, true, &v, &l), 0);
	assert_int_equal(requests_of(&f, SV_TABLE_TCP, AF_INET), 0);
	assert_int_equal(requests_of(&f, SV_TABLE_TCP, AF_INET6), 0);
	assert_int_equal(requests_of(&f, SV_TABLE_TCP, AF_UNSPEC), 2); /* listeners, rows */
	assert_int_equal(requests_of(&f, SV_TABLE_UDP, AF_INET), 2);
	assert_int_equal(requests_of(&f, SV_TABLE_UDP, AF_UNSPEC), 0);
	assert_int_equal(v.n, 7);
	assert_int_equal(v.fams[0], 3);
	assert_int_equal(v.fams[1], 4);
	assert_false(l.both_refused);
}

/* ss's order (the default), or a source that cannot (a recording): one
 * dump per family, IPv4 first. */
static void test_per_family(void **state)
{
	struct fake f;
	struct rows v;
	struct sv_listing l;

	(void)state;
	for (int k = 0; k < 2; k++) {
		populate(&f);
		assert_int_equal(list(&f, k == 0 ? false : true, k == 0, false, &v, &l), 0);
		assert_int_equal(requests_of(&f, SV_TABLE_TCP, AF_UNSPEC), 0);
		assert_int_equal(requests_of(&f, SV_TABLE_TCP, AF_INET), 1);
		assert_int_equal(requests_of(&f, SV_TABLE_TCP, AF_INET6), 1);
		assert_int_equal(v.n, 7);
	}
}

/* A source that refuses the dump of both: asked once, then per family for
 * the rest of the run, and no row is lost or doubled. */
static void test_refused(void **state)
{
	struct fake f;
	struct rows v;
	struct sv_listing l;

	(void)state;
	populate(&f);
	f.refuse_both = true;
	assert_int_equal(list(&f, true, true, true, &v, &l), 0);
	assert_true(l.both_refused);
	assert_int_equal(requests_of(&f, SV_TABLE_TCP, AF_UNSPEC), 1);
	for (size_t i = 0; i < f.nlog; i++) /* the first TCP request was it */
		if (f.log[i].table == SV_TABLE_TCP) {
			assert_int_equal(f.log[i].family, AF_UNSPEC);
			break;
		}
	assert_int_equal(requests_of(&f, SV_TABLE_TCP, AF_INET), 2);
	assert_int_equal(requests_of(&f, SV_TABLE_TCP, AF_INET6), 2);
	assert_int_equal(v.n, 7);
	assert_int_equal(v.fams[0], 3);
	assert_int_equal(v.fams[1], 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_one_dump),
		cmocka_unit_test(test_per_family),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
