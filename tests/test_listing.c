/* test_listing.c - cmocka suite for sv_listing_run with a fake source:
 * what it asks for (listeners, autobound connections, rows; in which
 * order), how roles come out of it, a refused filter program, an output
 * that fails, and the fallback to a source of records (the /proc/net
 * stand-in) for a table the kernel refuses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include "support/nlbuild.h"
#include "sockview/filter.h"
#include "sockview/listing.h"
#include "sockview/tables.h"

/* The fake kernel: sockets, and a log of the requests. */
struct fake {
	struct nlb_sock socks[16];
	bool autob[16];
	size_t n;
	struct sv_dump_req log[32];
	size_t nlog;
	bool refuse_bytecode; /* answer EPERM to a request with bytecode */
	uint32_t refuse_tables; /* answer refuse_err to these tables' requests */
	int refuse_err;
	struct nlb out;
	bool sent;
};

static bool serving(const struct nlb_sock *s, enum sv_table t)
{
	return s->state == (t == SV_TABLE_TCP ? SV_STATE_LISTEN : SV_STATE_CLOSE);
}

static int f_request(void *ctx, const struct sv_dump_req *req)
{
	struct fake *f = ctx;
	const struct sv_dump_req *r = req;

	assert_true(f->nlog < 32);
	f->log[f->nlog++] = *req;
	nlb_init(&f->out);
	f->sent = false;
	if (f->refuse_bytecode && req->bclen && req->kind == SV_DUMP_ROWS) {
		nlb_error(&f->out, -EPERM);
		return 0;
	}
	if (f->refuse_tables & (1u << req->table)) {
		nlb_error(&f->out, f->refuse_err);
		return 0;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct nlb_sock *s = &f->socks[i];
		bool tcp = s->cookie >= 100; /* cookies 100+: TCP, else UDP */

		if (tcp != (r->table == SV_TABLE_TCP) || (s->family ? s->family : AF_INET) != r->family)
			continue;
		if (r->kind == SV_DUMP_LISTENERS && !serving(s, r->table))
			continue;
		if (r->kind == SV_DUMP_AUTOBOUND && !f->autob[i])
			continue;
		if (!(r->states & (1u << s->state)))
			continue;
		nlb_sock(&f->out, s);
	}
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

/* What the output saw. */
struct seen {
	struct sv_sock s[16];
	size_t log_at[16]; /* requests made when the row came out */
	size_t n;
	int fail; /* row() returns this when set */
	const size_t *log;
};

static int o_row(void *ctx, const struct sv_sock *s)
{
	struct seen *v = ctx;

	if (v->fail)
		return v->fail;
	assert_true(v->n < 16);
	v->log_at[v->n] = v->log ? *v->log : 0;
	v->s[v->n++] = *s;
	return 0;
}

static int o_finish(void *ctx)
{
	return 0;
}

static void add(struct fake *f, enum sv_state st, uint16_t sp, uint16_t dp,
		uint64_t cookie, bool autob)
{
	f->socks[f->n] = (struct nlb_sock){ .state = st, .sport = sp, .dport = dp,
					    .src = "127.0.0.1", .dst = "127.0.0.1",
					    .cookie = cookie };
	f->autob[f->n++] = autob;
}

static int run(struct fake *f, struct sv_opts *o, struct seen *v, bool roles,
	       const struct sv_filter *flt, struct sv_listing *out)
{
	struct sv_source src = { .request = f_request, .recv = f_recv, .ctx = f,
				 .kernel = true,
				 .host = true };
	struct sv_classify *c = malloc(sizeof(*c));
	struct sv_listing l = { .opts = o, .src = &src, .cls = c, .roles = roles,
				.filter = flt, .out = { .row = o_row, .finish = o_finish, .ctx = v } };
	char err[256] = "";
	int ret;

	sv_classify_init(c, 32768, 60999);
	ret = sv_listing_run(&l, err, sizeof(err));
	sv_classify_release(c);
	free(c);
	if (out)
		*out = l;
	return ret;
}

static struct sv_opts opts(uint32_t tables, uint32_t states)
{
	return (struct sv_opts){ .tables = tables, .states = states,
				 .families = SV_AF_INET_BOTH };
}

#define TCP (1u << SV_TABLE_TCP)
#define UDP (1u << SV_TABLE_UDP)
#define EST (1u << SV_STATE_ESTABLISHED)

/* Listeners are learnt first (a listener not listed still makes its
 * connections "in"); then the rows, UDP before TCP, IPv4 before IPv6; a row
 * whose role hangs on the bind flag (two ephemeral ports, no listener) and
 * the rows after it in its dump wait for a kernel-filtered dump of the
 * autobound connections of that table and family, asked for right after
 * the rows; the rows before it went out at once. */
static void test_requests_and_roles(void **state)
{
	struct fake f = { 0 };
	struct seen v = { .log = &f.nlog };
	struct sv_opts o = opts(TCP | UDP, EST);

	add(&f, SV_STATE_LISTEN, 8082, 0, 100, false);
	add(&f, SV_STATE_ESTABLISHED, 8082, 44321, 101, false);  /* in: rule 1 */
	add(&f, SV_STATE_ESTABLISHED, 40000, 41000, 102, true);  /* out: rule 2 */
	add(&f, SV_STATE_ESTABLISHED, 40001, 41001, 103, false); /* unknown */
	add(&f, SV_STATE_ESTABLISHED, 40002, 22, 104, false);    /* out: rule 3 */
	assert_int_equal(run(&f, &o, &v, true, NULL, NULL), 0);
	assert_int_equal(v.n, 4);
	assert_int_equal(v.s[0].role, SV_ROLE_IN);
	assert_int_equal(v.s[1].role, SV_ROLE_OUT);
	assert_int_equal(v.s[2].role, SV_ROLE_UNKNOWN);
	assert_int_equal(v.s[3].role, SV_ROLE_OUT);
	/* listeners (udp, tcp x 2 families), rows udp x 2, rows tcp4, its
	 * autobound connections, rows tcp6 */
	assert_int_equal(f.nlog, 9);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(f.log[i].kind, SV_DUMP_LISTENERS);
	assert_int_equal(f.log[0].table, SV_TABLE_UDP);
	assert_int_equal(f.log[1].family, AF_INET6);
	assert_int_equal(f.log[2].table, SV_TABLE_TCP);
	assert_int_equal(f.log[2].states, 1u << SV_STATE_LISTEN);
	for (size_t i = 4; i < 7; i++)
		assert_int_equal(f.log[i].kind, SV_DUMP_ROWS);
	assert_int_equal(f.log[6].table, SV_TABLE_TCP);
	assert_int_equal(f.log[7].kind, SV_DUMP_AUTOBOUND);
	assert_int_equal(f.log[7].family, AF_INET);
	assert_true(f.log[7].bclen > 0);
	assert_int_equal(f.log[7].states, EST);
	assert_int_equal(f.log[8].kind, SV_DUMP_ROWS);
	assert_int_equal(f.log[8].family, AF_INET6);
	/* the first row went out during its dump, the others after the
	 * autobound dump */
	assert_int_equal(v.log_at[0], 7);
	assert_int_equal(v.log_at[1], 8);
	assert_int_equal(v.log_at[3], 8);
}

/* A filtered listing asks the kernel for the autobound connections that
 * can pass the filter only: its program and the filter's, joined. */
static void test_autobound_filtered(void **state)
{
	struct fake f = { 0 };
	struct seen v = { .log = &f.nlog };
	struct sv_opts o = opts(TCP, EST);
	struct sv_filter *flt = NULL;
	char *words[] = { "dport", "=", "41000" }, err[128];

	assert_int_equal(sv_filter_parse_argv(3, words, &flt, err, sizeof(err)), 0);
	add(&f, SV_STATE_ESTABLISHED, 40000, 41000, 102, true);
	add(&f, SV_STATE_ESTABLISHED, 40001, 41001, 103, false);
	assert_int_equal(run(&f, &o, &v, true, flt, NULL), 0);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.s[0].role, SV_ROLE_OUT);
	for (size_t i = 0; i < f.nlog; i++)
		if (f.log[i].kind == SV_DUMP_AUTOBOUND)
			assert_true(f.log[i].bclen > f.log[i - 1].bclen); /* both programs */
	sv_filter_free(flt);
}

/* Without roles (--ss), nothing but the rows is asked for; with -D (TCP
 * first) TCP comes before UDP; -4 asks for IPv4 only. */
static void test_roles_off_tcp_first_family(void **state)
{
	struct fake f = { 0 };
	struct seen v = { 0 };
	struct sv_opts o = opts(TCP | UDP, EST);
	struct sv_source src = { .request = f_request, .recv = f_recv, .ctx = &f,
				 .kernel = true,
				 .host = true };
	struct sv_classify *c = malloc(sizeof(*c));
	struct sv_listing l = { .opts = &o, .src = &src, .cls = c, .tcp_first = true,
				.out = { .row = o_row, .finish = o_finish, .ctx = &v } };
	char err[256];

	add(&f, SV_STATE_ESTABLISHED, 40000, 22, 101, false);
	o.families &= ~SV_AF(AF_INET6);
	sv_classify_init(c, 32768, 60999);
	assert_int_equal(sv_listing_run(&l, err, sizeof(err)), 0);
	assert_int_equal(f.nlog, 2);
	assert_int_equal(f.log[0].table, SV_TABLE_TCP);
	assert_int_equal(f.log[1].table, SV_TABLE_UDP);
	assert_int_equal(f.log[0].family, AF_INET);
	assert_int_equal(f.log[0].kind, SV_DUMP_ROWS);
	assert_int_equal(v.n, 1);
	sv_classify_release(c);
	free(c);
}

/* A kernel that refuses the filter program (EPERM: a mark condition
 * without CAP_NET_ADMIN) is asked again without it; the filter runs in
 * user space. */
static void test_refused_program(void **state)
{
	struct fake f = { .refuse_bytecode = true };
	struct seen v = { 0 };
	struct sv_opts o = opts(TCP, EST);
	struct sv_filter *flt = NULL;
	struct sv_listing l;
	char *words[] = { "dport", "=", "22" }, err[128];

	assert_int_equal(sv_filter_parse_argv(3, words, &flt, err, sizeof(err)), 0);
	add(&f, SV_STATE_ESTABLISHED, 40000, 22, 101, false);
	add(&f, SV_STATE_ESTABLISHED, 40001, 23, 102, false);
	assert_int_equal(run(&f, &o, &v, false, flt, &l), 0);
	assert_int_equal(l.kernel_refused, EPERM);
	assert_false(l.kernel_filtered);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.s[0].rport, 22);
	sv_filter_free(flt);
}

/* An output that cannot be written stops the listing with its own error,
 * which the caller names (err stays empty). */
static void test_output_error(void **state)
{
	struct fake f = { 0 };
	struct seen v = { .fail = -ENOSPC };
	struct sv_opts o = opts(TCP | UDP, EST);
	struct sv_listing l;

	add(&f, SV_STATE_ESTABLISHED, 40000, 22, 101, false);
	add(&f, SV_STATE_ESTABLISHED, 40001, 22, 102, false);
	assert_int_equal(run(&f, &o, &v, true, NULL, &l), -ENOSPC);
	assert_int_equal(l.out_err, -ENOSPC);
	assert_int_equal(l.matched, 0);
	/* it stopped at the first table that had a row: no IPv6 TCP request */
	assert_int_equal(f.log[f.nlog - 1].family, AF_INET);
}

/* The /proc/net stand-in: a source of records (rows()), not messages,
 * that logs its requests and cannot name the autobound connections. */
static int p_rows(void *ctx, const struct sv_dump_req *req, sv_diag_cb cb, void *data,
		  char *err, size_t errlen)
{
	struct fake *f = ctx;

	assert_true(f->nlog < 32);
	f->log[f->nlog++] = *req;
	if (req->kind == SV_DUMP_AUTOBOUND) {
		snprintf(err, errlen, "no bind flag in /proc/net");
		return -EOPNOTSUPP;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct nlb_sock *n = &f->socks[i];
		struct sv_sock s = { .table = n->cookie >= 100 ? SV_TABLE_TCP : SV_TABLE_UDP,
				     .family = AF_INET, .state = n->state,
				     .lport = n->sport, .rport = n->dport,
				     .cookie = n->cookie, .have = SV_FROM_PROCNET,
				     .laddr = { 127, 0, 0, 1 }, .raddr = { 127, 0, 0, 1 } };
		int ret;

		if (s.table != req->table || req->family != AF_INET ||
		    !(req->states & (1u << s.state)))
			continue;
		ret = cb(&s, data);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int run_fb(struct fake *k, struct fake *p, struct sv_opts *o, struct seen *v,
		  bool roles, const struct sv_filter *flt, struct sv_listing *l)
{
	struct sv_source src = { .request = f_request, .recv = f_recv, .ctx = k,
				 .kernel = true,
				 .host = true };
	struct sv_source proc = { .rows = p_rows, .ctx = p };
	struct sv_classify *c = malloc(sizeof(*c));
	char err[256] = "";
	int ret;

	l->opts = o;
	l->src = &src;
	l->fallback = &proc;
	l->cls = c;
	l->roles = roles;
	l->filter = flt;
	l->out = (struct sv_output){ .row = o_row, .finish = o_finish, .ctx = v };
	sv_classify_init(c, 32768, 60999);
	ret = sv_listing_run(l, err, sizeof(err));
	sv_classify_release(c);
	free(c);
	l->src = l->fallback = NULL;
	return ret;
}

/* sock_diag has no TCP handler (ENOENT): TCP falls back to /proc/net at its
 * first request, for the rest of the run (the row rules: the same rows);
 * UDP stays with the kernel. Said in fell_back and fallback_errno, not as a
 * refused filter program. */
static void test_fallback(void **state)
{
	struct fake k = { .refuse_tables = TCP, .refuse_err = -ENOENT }, p = { 0 };
	struct seen v = { 0 };
	struct sv_opts o = opts(TCP | UDP, EST | (1u << SV_STATE_LISTEN));
	struct sv_listing l = { 0 };

	add(&k, SV_STATE_ESTABLISHED, 40000, 53, 1, false);   /* udp, kernel */
	add(&p, SV_STATE_LISTEN, 22, 0, 100, false);          /* tcp, /proc */
	add(&p, SV_STATE_ESTABLISHED, 22, 40001, 101, false);
	add(&p, SV_STATE_TIME_WAIT, 22, 40002, 102, false);   /* not asked */
	assert_int_equal(run_fb(&k, &p, &o, &v, true, NULL, &l), 0);
	assert_int_equal(v.n, 3);
	assert_int_equal(v.s[0].table, SV_TABLE_UDP);
	assert_false(v.s[0].have & SV_FROM_PROCNET);
	assert_int_equal(v.s[1].state, SV_STATE_LISTEN);
	assert_true(v.s[1].have & SV_FROM_PROCNET);
	assert_int_equal(v.s[2].role, SV_ROLE_IN); /* the listener was learnt */
	assert_int_equal(l.fell_back, TCP);
	assert_int_equal(l.via_fallback, TCP);
	assert_int_equal(l.fallback_errno, ENOENT);
	assert_int_equal(l.kernel_refused, 0);
	/* the kernel was asked once for TCP (the IPv4 listeners), never again */
	for (size_t i = 0, tcp = 0; i < k.nlog; i++)
		if (k.log[i].table == SV_TABLE_TCP)
			assert_int_equal(++tcp, 1);
	/* /proc: the IPv4 listeners again, then the rest */
	assert_int_equal(p.log[0].table, SV_TABLE_TCP);
	assert_int_equal(p.log[0].kind, SV_DUMP_LISTENERS);
	assert_int_equal(p.log[0].family, AF_INET);
	assert_int_equal(p.log[p.nlog - 1].kind, SV_DUMP_ROWS);
}

/* Every refusal errno of a missing or forbidden sock_diag moves the table;
 * a bad request (EINVAL) or another error does not, and is the listing's
 * error. Tables named up front (PROC_ROOT) never go to the kernel. */
static void test_fallback_errnos(void **state)
{
	static const struct {
		int err;
		bool moves;
	} cases[] = {
		{ -ENOENT, true }, { -EPROTONOSUPPORT, true }, { -EOPNOTSUPP, true },
		{ -EAFNOSUPPORT, true }, { -EPERM, true }, { -EACCES, true },
		{ -EINVAL, false }, { -ENOBUFS, false }, { -EIO, false },
	};
	/* the namespace's socket counts: UDP has 2 (the kernel answering EINVAL
	 * has no such dump, so they are counted as unlistable) */
	char protocols[] = "/tmp/sv-test-protocols-XXXXXX";
	static const char text[] = "protocol  size sockets  memory press maxhdr  slab module\n"
				   "UDPv6     1216      1       1   NI       0   yes  kernel\n"
				   "UDP       1024      1       1   NI       0   yes  kernel\n";
	int fd = mkstemp(protocols);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	close(fd);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake k = { .refuse_tables = UDP, .refuse_err = cases[i].err }, p = { 0 };
		struct seen v = { 0 };
		struct sv_opts o = opts(UDP, EST);
		struct sv_listing l = { .protocols = protocols };
		int ret;

		add(&p, SV_STATE_ESTABLISHED, 40000, 53, 1, false);
		ret = run_fb(&k, &p, &o, &v, false, NULL, &l);
		if (cases[i].moves) {
			assert_int_equal(ret, 0);
			assert_int_equal(v.n, 1);
			assert_int_equal(l.fallback_errno, -cases[i].err);
		} else if (cases[i].err == -EINVAL) {
			/* no dump of this kind: counted, not an error */
			assert_int_equal(ret, 0);
			assert_int_equal(v.n, 0);
			assert_int_equal(l.fell_back, 0);
			assert_int_equal(p.nlog, 0);
			assert_int_equal(l.unlisted, UDP);
			assert_int_equal(l.unlisted_sockets, 2);
			assert_int_equal(l.unlisted_why, -EINVAL);
		} else {
			assert_true(ret < 0);
			assert_int_equal(v.n, 0);
			assert_int_equal(l.fell_back, 0);
			assert_int_equal(p.nlog, 0);
		}
	}
	unlink(protocols);
	{
		struct fake k = { 0 }, p = { 0 };
		struct seen v = { 0 };
		struct sv_opts o = opts(TCP | UDP, EST);
		struct sv_listing l = { .via_fallback = TCP };

		add(&p, SV_STATE_ESTABLISHED, 40000, 22, 100, false);
		add(&k, SV_STATE_ESTABLISHED, 40000, 22, 101, false);
		assert_int_equal(run_fb(&k, &p, &o, &v, true, NULL, &l), 0);
		assert_int_equal(v.n, 1);
		assert_int_equal(v.s[0].cookie, 100);
		assert_int_equal(l.fell_back, 0);
		for (size_t i = 0; i < k.nlog; i++)
			assert_int_equal(k.log[i].table, SV_TABLE_UDP);
	}
}

/* A filtered -l: the first TCP request carries the program; refused
 * outright (ENOENT), it is asked again without, refused again, and the
 * table falls back; /proc/net gets no program, the filter runs in user
 * space, and that is no "refused filter program". A refused program alone
 * (EPERM with bytecode only) keeps the table with the kernel. */
static void test_fallback_with_filter(void **state)
{
	struct fake k = { .refuse_tables = TCP, .refuse_err = -ENOENT }, p = { 0 };
	struct seen v = { 0 };
	struct sv_opts o = opts(TCP, 1u << SV_STATE_LISTEN);
	struct sv_filter *flt = NULL;
	struct sv_listing l = { 0 };
	char *words[] = { "sport", "=", "22" }, err[128];

	assert_int_equal(sv_filter_parse_argv(3, words, &flt, err, sizeof(err)), 0);
	add(&p, SV_STATE_LISTEN, 22, 0, 100, false);
	add(&p, SV_STATE_LISTEN, 23, 0, 101, false);
	assert_int_equal(run_fb(&k, &p, &o, &v, false, flt, &l), 0);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.s[0].lport, 22);
	assert_int_equal(l.fell_back, TCP);
	assert_int_equal(l.kernel_refused, 0);
	assert_false(l.kernel_filtered);
	assert_int_equal(k.nlog, 2);
	assert_true(k.log[0].bclen > 0);
	assert_int_equal(k.log[1].bclen, 0);
	for (size_t i = 0; i < p.nlog; i++)
		assert_null(p.log[i].bytecode);

	{
		struct fake k2 = { .refuse_bytecode = true }, p2 = { 0 };
		struct seen v2 = { 0 };
		struct sv_listing l2 = { 0 };

		add(&k2, SV_STATE_LISTEN, 22, 0, 100, false);
		assert_int_equal(run_fb(&k2, &p2, &o, &v2, false, flt, &l2), 0);
		assert_int_equal(v2.n, 1);
		assert_int_equal(l2.fell_back, 0);
		assert_int_equal(l2.kernel_refused, EPERM);
		assert_int_equal(p2.nlog, 0);
	}
	sv_filter_free(flt);
}

/* Rows whose role hangs on the bind flag wait for the autobound dump, which
 * /proc/net cannot answer: they come out, in order, with role unknown. */
static void test_fallback_autobound(void **state)
{
	struct fake k = { .refuse_tables = TCP, .refuse_err = -EPERM }, p = { 0 };
	struct seen v = { 0 };
	struct sv_opts o = opts(TCP, EST);
	struct sv_listing l = { 0 };

	add(&p, SV_STATE_ESTABLISHED, 40000, 41000, 100, false);
	add(&p, SV_STATE_ESTABLISHED, 40002, 22, 101, false);
	assert_int_equal(run_fb(&k, &p, &o, &v, true, NULL, &l), 0);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.s[0].role, SV_ROLE_UNKNOWN);
	assert_int_equal(v.s[1].role, SV_ROLE_OUT);
	/* listeners x 2 families, rows, its autobound connections, IPv6 rows */
	assert_int_equal(p.nlog, 5);
	assert_int_equal(p.log[3].kind, SV_DUMP_AUTOBOUND);
	assert_int_equal(p.log[3].family, AF_INET);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requests_and_roles),
		cmocka_unit_test(test_autobound_filtered),
		cmocka_unit_test(test_roles_off_tcp_first_family),
		cmocka_unit_test(test_refused_program),
		cmocka_unit_test(test_output_error),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_fallback_errnos),
		cmocka_unit_test(test_fallback_with_filter),
		cmocka_unit_test(test_fallback_autobound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
