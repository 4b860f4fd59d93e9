/* test_diag_parse.c - cmocka suite for the pure sock_diag parser: a recorded
 * dump (tests/data/ss1.dump) and hand-built messages, valid and malformed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sockview/diag_parse.h"
#include "support/nlbuild.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SS1_PATH SV_TEST_DATA "/ss1.dump"
#define SS1_LEN 720
#define SS1_PART1 404 /* bytes up to and including the first NLMSG_DONE */
#define MSG_LEN (NLMSG_HDRLEN + sizeof(struct inet_diag_msg)) /* 88 */

/* What the callback saw. */
struct seen {
	struct sv_sock s[32];
	size_t n;
	size_t calls;
	int fail_at; /* 1-based call that returns fail_ret; 0: never */
	int fail_ret;
};

static int collect_cb(const struct sv_sock *s, void *data)
{
	struct seen *v = data;

	v->calls++;
	if (v->fail_at && (int)v->calls == v->fail_at)
		return v->fail_ret;
	if (v->n < ARRAY_LEN(v->s))
		v->s[v->n++] = *s;
	return 0;
}

/* Parse a buffer copied to an exact-size heap block, so that ASan sees any
 * read past its end. */
static int parse(const void *buf, size_t len, enum sv_table t, struct seen *v,
		 size_t *used, bool *intr, char *err, size_t errlen)
{
	void *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	*used = (size_t)-1;
	ret = sv_diag_parse_inet(copy, len, t, collect_cb, v, used, intr, err,
				 errlen);
	free(copy);
	return ret;
}

static void *load_ss1(size_t *len)
{
	void *buf = nlb_load_file(SS1_PATH, len);

	if (!buf)
		fail_msg("cannot read %s", SS1_PATH);
	assert_int_equal(*len, SS1_LEN);
	return buf;
}

/* Run parse() in a child process with a time limit, for inputs that make
 * the parser crash or loop: the suite goes on and the test fails with a
 * clear message. */
struct isolated {
	int ret;
	size_t calls;
	bool has_mark;
	bool died;  /* crashed, was killed, or hung */
	int signal; /* the signal, 0 if it exited abnormally */
};

static void parse_isolated(const void *buf, size_t len, struct isolated *r)
{
	int fd[2], st = 0;
	pid_t pid;
	ssize_t n;

	memset(r, 0, sizeof(*r));
	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct seen v = { 0 };
		struct isolated out = { 0 };
		size_t used;
		bool intr = false;

		close(fd[0]);
		alarm(5);
		out.ret = parse(buf, len, SV_TABLE_TCP, &v, &used, &intr, NULL, 0);
		out.calls = v.calls;
		out.has_mark = v.n ? (v.s[0].have & SV_HAVE_MARK) != 0 : false;
		if (write(fd[1], &out, sizeof(out)) != (ssize_t)sizeof(out))
			_exit(3);
		_exit(0);
	}
	close(fd[1]);
	n = read(fd[0], r, sizeof(*r));
	close(fd[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st)) {
		r->died = true;
		r->signal = WTERMSIG(st);
	} else if (WEXITSTATUS(st) != 0 || n != (ssize_t)sizeof(*r)) {
		r->died = true;
	}
}

static void assert_isolated(const struct isolated *r, int want_ret,
			    size_t want_calls, const char *what)
{
	if (r->died && r->signal == SIGALRM)
		fail_msg("%s: the parser did not return within 5 s (endless loop)",
			 what);
	if (r->died)
		fail_msg("%s: the parser crashed (signal %d; see the sanitizer "
			 "report above)", what, r->signal);
	if (r->ret != want_ret || r->calls != want_calls)
		fail_msg("%s: returned %d after %zu callbacks, want %d after %zu",
			 what, r->ret, r->calls, want_ret, want_calls);
}

static void assert_addr(const uint8_t got[16], uint8_t family, const char *text)
{
	uint8_t want[16];

	nlb_addr16(family, text, want);
	assert_memory_equal(got, want, 16);
}

struct want_sock {
	uint8_t family, state, timer;
	uint16_t lport, rport;
	const char *laddr, *raddr;
	uint32_t rqueue, wqueue, uid, inode, expires;
	uint64_t cookie;
	bool v6only;
};

static void check_sock(const struct sv_sock *s, const struct want_sock *w,
		       enum sv_table t)
{
	assert_int_equal(s->family, w->family);
	assert_int_equal(s->table, t);
	assert_int_equal(s->state, w->state);
	assert_int_equal(s->timer, w->timer);
	assert_int_equal(s->retrans, 0);
	assert_int_equal(s->lport, w->lport);
	assert_int_equal(s->rport, w->rport);
	assert_addr(s->laddr, w->family, w->laddr);
	assert_addr(s->raddr, w->family, w->raddr);
	assert_int_equal(s->ifindex, 0);
	assert_int_equal(s->rqueue, w->rqueue);
	assert_int_equal(s->wqueue, w->wqueue);
	assert_int_equal(s->uid, w->uid);
	assert_int_equal(s->inode, w->inode);
	assert_int_equal(s->expires, w->expires);
	assert_int_equal(s->cookie, w->cookie);
	assert_int_equal(s->v6only, w->v6only);
	assert_false(s->have & SV_HAVE_MARK);
	assert_false(s->have & SV_HAVE_CGROUP);
	/* enrichment is not the parser's job */
	assert_int_equal(s->role, SV_ROLE_NONE);
	assert_null(s->service);
}

static const struct want_sock ss1_v4[] = {
	{ .family = AF_INET, .state = SV_STATE_LISTEN, .lport = 22, .rport = 0,
	  .laddr = "0.0.0.0", .raddr = "0.0.0.0", .rqueue = 0, .wqueue = 128,
	  .uid = 0, .inode = 411, .cookie = 3 },
	{ .family = AF_INET, .state = SV_STATE_ESTABLISHED, .timer = 2,
	  .lport = 22, .rport = 36266, .laddr = "10.0.0.1", .raddr = "10.0.0.1",
	  .uid = 0, .inode = 15840, .expires = 7180950, .cookie = 6 },
	{ .family = AF_INET, .state = SV_STATE_ESTABLISHED, .timer = 2,
	  .lport = 36266, .rport = 22, .laddr = "10.0.0.1", .raddr = "10.0.0.1",
	  .uid = 1000, .inode = 15057, .expires = 7180937, .cookie = 7 },
	{ .family = AF_INET, .state = SV_STATE_ESTABLISHED, .timer = 2,
	  .lport = 22, .rport = 50312, .laddr = "10.0.0.1", .raddr = "10.0.0.2",
	  .uid = 0, .inode = 15834, .expires = 7153358, .cookie = 5 },
};

static const struct want_sock ss1_v6[] = {
	{ .family = AF_INET6, .state = SV_STATE_LISTEN, .lport = 22, .rport = 0,
	  .laddr = "::", .raddr = "::", .wqueue = 128, .inode = 413,
	  .cookie = 4, .v6only = true },
	{ .family = AF_INET6, .state = SV_STATE_ESTABLISHED, .timer = 2,
	  .lport = 40520, .rport = 22, .laddr = "fec0:42::24",
	  .raddr = "fec0:42::1", .uid = 1000, .inode = 1647,
	  .expires = 6577864, .cookie = 1 },
	{ .family = AF_INET6, .state = SV_STATE_ESTABLISHED, .timer = 2,
	  .lport = 22, .rport = 44248, .laddr = "fec0:42::24",
	  .raddr = "fec0:42::1", .inode = 14185, .expires = 6576980,
	  .cookie = 2 },
};

/* ---- the recorded dump ------------------------------------------------ */

static void test_ss1_first_part(void **state)
{
	size_t len, used;
	void *buf = load_ss1(&len);
	struct seen v = { 0 };
	bool intr = false;
	char err[128] = "";
	int ret;

	(void)state;
	ret = parse(buf, len, SV_TABLE_TCP, &v, &used, &intr, err, sizeof(err));
	assert_int_equal(ret, SV_DIAG_DONE);
	assert_int_equal(used, SS1_PART1);
	assert_false(intr);
	assert_string_equal(err, "");
	assert_int_equal(v.n, ARRAY_LEN(ss1_v4));
	for (size_t i = 0; i < ARRAY_LEN(ss1_v4); i++)
		check_sock(&v.s[i], &ss1_v4[i], SV_TABLE_TCP);
	free(buf);
}

static void test_ss1_second_part(void **state)
{
	size_t len, used;
	char *buf = load_ss1(&len);
	struct seen v = { 0 };
	bool intr = false;
	int ret;

	(void)state;
	ret = parse(buf + SS1_PART1, len - SS1_PART1, SV_TABLE_TCP, &v, &used,
		    &intr, NULL, 0);
	assert_int_equal(ret, SV_DIAG_DONE);
	assert_int_equal(used, len - SS1_PART1);
	assert_false(intr);
	assert_int_equal(v.n, ARRAY_LEN(ss1_v6));
	for (size_t i = 0; i < ARRAY_LEN(ss1_v6); i++)
		check_sock(&v.s[i], &ss1_v6[i], SV_TABLE_TCP);
	free(buf);
}

/* The table is the caller's: the same bytes as UDP give UDP records. */
static void test_ss1_table_is_callers(void **state)
{
	size_t len, used;
	void *buf = load_ss1(&len);
	struct seen v = { 0 };
	bool intr = false;

	(void)state;
	assert_int_equal(parse(buf, len, SV_TABLE_UDP, &v, &used, &intr, NULL, 0),
			 SV_DIAG_DONE);
	assert_int_equal(v.n, 4);
	for (size_t i = 0; i < v.n; i++)
		assert_int_equal(v.s[i].table, SV_TABLE_UDP);
	free(buf);
}

/* The dump cut at every byte offset: never a crash, never a socket read
 * from a partial message, and either an error or a clean result. */
static void test_ss1_cut_everywhere(void **state)
{
	static const size_t boundaries[] = { 0, 96, 192, 288, 384 };
	size_t len;
	void *buf = load_ss1(&len);

	(void)state;
	for (size_t k = 0; k <= len; k++) {
		struct seen v = { 0 };
		bool intr = false, boundary = false;
		char err[128] = "";
		size_t used;
		int ret = parse(buf, k, SV_TABLE_TCP, &v, &used, &intr, err,
				sizeof(err));

		for (size_t i = 0; i < ARRAY_LEN(boundaries); i++)
			boundary |= k == boundaries[i];
		assert_false(intr);
		if (k >= SS1_PART1) {
			assert_int_equal(ret, SV_DIAG_DONE);
			assert_int_equal(used, SS1_PART1);
			assert_int_equal(v.n, 4);
		} else if (boundary) {
			if (ret != SV_DIAG_MORE)
				fail_msg("cut at %zu: %d, want SV_DIAG_MORE", k, ret);
			assert_int_equal(used, k);
			assert_int_equal(v.n, k / 96);
		} else {
			if (ret != -EBADMSG)
				fail_msg("cut at %zu: %d, want -EBADMSG", k, ret);
			assert_true(used <= k);
			assert_int_equal(v.n, k / 96);
			assert_non_null(strstr(err, "truncated message at byte"));
		}
		/* the second part cut anywhere */
		if (k >= SS1_PART1) {
			memset(&v, 0, sizeof(v));
			ret = parse((char *)buf + SS1_PART1, k - SS1_PART1,
				    SV_TABLE_TCP, &v, &used, &intr, NULL, 0);
			assert_true(ret == -EBADMSG || ret == SV_DIAG_MORE ||
				    ret == SV_DIAG_DONE);
			if (ret == SV_DIAG_DONE)
				assert_int_equal(k, len);
			if (ret >= 0)
				assert_true(used <= k - SS1_PART1);
		}
	}
	free(buf);
}

/* ---- hand-built messages ---------------------------------------------- */

static void test_empty_buffer(void **state)
{
	struct seen v = { 0 };
	size_t used;
	bool intr = false;

	(void)state;
	assert_int_equal(parse("", 0, SV_TABLE_TCP, &v, &used, &intr, NULL, 0),
			 SV_DIAG_MORE);
	assert_int_equal(used, 0);
	assert_int_equal(v.calls, 0);
}

static void test_minimal_message(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;

	(void)state;
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_ESTABLISHED,
					 .sport = 1, .dport = 65535,
					 .src = "192.0.2.1", .dst = "198.51.100.255",
					 .ifindex = 3, .rqueue = 7, .wqueue = 9,
					 .uid = 4242, .inode = 99, .timer = 1,
					 .retrans = 4, .expires = 1234,
					 .cookie = UINT64_C(0x1122334455667788) });
	assert_int_equal(b.len, MSG_LEN);
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_MORE);
	assert_int_equal(used, b.len);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.s[0].family, AF_INET);
	assert_int_equal(v.s[0].state, SV_STATE_ESTABLISHED);
	assert_int_equal(v.s[0].lport, 1);
	assert_int_equal(v.s[0].rport, 65535);
	assert_addr(v.s[0].laddr, AF_INET, "192.0.2.1");
	assert_addr(v.s[0].raddr, AF_INET, "198.51.100.255");
	assert_int_equal(v.s[0].ifindex, 3);
	assert_int_equal(v.s[0].rqueue, 7);
	assert_int_equal(v.s[0].wqueue, 9);
	assert_int_equal(v.s[0].uid, 4242);
	assert_int_equal(v.s[0].inode, 99);
	assert_int_equal(v.s[0].timer, 1);
	assert_int_equal(v.s[0].retrans, 4);
	assert_int_equal(v.s[0].expires, 1234);
	assert_true(v.s[0].cookie == UINT64_C(0x1122334455667788));
	assert_false(v.s[0].v6only);
	assert_false(intr);
}

/* Records do not leak attributes into the next one. */
static void test_fields_reset_between_messages(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;

	(void)state;
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6,
						     .state = SV_STATE_LISTEN });
	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
	mnl_attr_put_u32(nlh, INET_DIAG_MARK, 5);
	mnl_attr_put_u64(nlh, INET_DIAG_CGROUP_ID, 6);
	nlb_end(&b, nlh);
	nlb_sock(&b, &(struct nlb_sock){ .family = AF_INET6,
					 .state = SV_STATE_LISTEN });
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_MORE);
	assert_int_equal(v.n, 2);
	assert_true(v.s[0].v6only && (v.s[0].have & SV_HAVE_MARK) && (v.s[0].have & SV_HAVE_CGROUP));
	assert_false(v.s[1].v6only || (v.s[1].have & (SV_HAVE_MARK | SV_HAVE_CGROUP)));
	assert_int_equal(v.s[1].mark, 0);
	assert_int_equal(v.s[1].cgroup_id, 0);
}

static void test_ipv6_and_mapped_addresses(void **state)
{
	static const struct {
		const char *src, *dst;
	} cases[] = {
		{ "::1", "::1" },
		{ "::ffff:10.0.0.1", "::ffff:10.0.0.2" },
		{ "fe80::1", "2001:db8::ffff:0:1" },
		{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct nlb b;
		struct seen v = { 0 };
		size_t used;
		bool intr = false;

		nlb_init(&b);
		nlb_sock(&b, &(struct nlb_sock){ .family = AF_INET6,
						 .state = SV_STATE_ESTABLISHED,
						 .sport = 443, .dport = 50000,
						 .src = cases[i].src,
						 .dst = cases[i].dst });
		nlb_done(&b);
		assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used,
				       &intr, NULL, 0), SV_DIAG_DONE);
		assert_int_equal(used, b.len);
		assert_int_equal(v.n, 1);
		assert_int_equal(v.s[0].family, AF_INET6);
		assert_addr(v.s[0].laddr, AF_INET6, cases[i].src);
		assert_addr(v.s[0].raddr, AF_INET6, cases[i].dst);
		assert_int_equal(v.s[0].lport, 443);
		assert_int_equal(v.s[0].rport, 50000);
	}
}

/* An IPv4 record keeps only its 4 address bytes; the rest is zero. */
static void test_ipv4_address_layout(void **state)
{
	static const uint8_t want[16] = { 127, 0, 0, 53 };
	struct nlb b;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;

	(void)state;
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .src = "127.0.0.53", .sport = 53 });
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_UDP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_MORE);
	assert_memory_equal(v.s[0].laddr, want, 16);
}

struct attr_case {
	const char *name;
	uint16_t type;
	const void *payload;
	uint16_t plen;
	int want_ret; /* 0: parsed */
	bool v6only, has_mark, has_cgroup;
	uint32_t mark;
	uint64_t cgroup;
};

static const uint8_t one = 1, zero = 0, two = 2;
static const uint32_t mark_val = 0xdeadbeef;
static const uint64_t cg_val = UINT64_C(0x0102030405060708);
static const uint8_t junk[32] = { 0xff, 0xfe, 0xfd };

static const struct attr_case attr_cases[] = {
	{ .name = "SKV6ONLY=1", .type = INET_DIAG_SKV6ONLY, .payload = &one,
	  .plen = 1, .v6only = true },
	{ .name = "SKV6ONLY=0", .type = INET_DIAG_SKV6ONLY, .payload = &zero,
	  .plen = 1 },
	{ .name = "SKV6ONLY=2", .type = INET_DIAG_SKV6ONLY, .payload = &two,
	  .plen = 1, .v6only = true },
	{ .name = "SKV6ONLY empty", .type = INET_DIAG_SKV6ONLY, .plen = 0,
	  .want_ret = -EBADMSG },
	{ .name = "MARK", .type = INET_DIAG_MARK, .payload = &mark_val, .plen = 4,
	  .has_mark = true, .mark = 0xdeadbeef },
	{ .name = "MARK short", .type = INET_DIAG_MARK, .payload = &mark_val,
	  .plen = 2, .want_ret = -EBADMSG },
	{ .name = "CGROUP_ID", .type = INET_DIAG_CGROUP_ID, .payload = &cg_val,
	  .plen = 8, .has_cgroup = true, .cgroup = UINT64_C(0x0102030405060708) },
	{ .name = "CGROUP_ID short", .type = INET_DIAG_CGROUP_ID,
	  .payload = &cg_val, .plen = 4, .want_ret = -EBADMSG },
	{ .name = "unknown type 200", .type = 200, .payload = junk, .plen = 7 },
	{ .name = "unknown type 200, empty", .type = 200, .plen = 0 },
	{ .name = "SHUTDOWN (not needed)", .type = INET_DIAG_SHUTDOWN,
	  .payload = &zero, .plen = 1 },
	{ .name = "INFO (not needed)", .type = INET_DIAG_INFO, .payload = junk,
	  .plen = 32 },
};

static void test_attributes(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(attr_cases); i++) {
		const struct attr_case *c = &attr_cases[i];
		struct nlb b;
		struct nlmsghdr *nlh;
		struct seen v = { 0 };
		size_t used;
		bool intr = false;
		char err[128] = "";
		int ret;

		nlb_init(&b);
		nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6,
							     .state = SV_STATE_LISTEN,
							     .sport = 22 });
		mnl_attr_put(nlh, c->type, c->plen, c->payload);
		nlb_end(&b, nlh);
		nlb_done(&b);
		ret = parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr, err,
			    sizeof(err));
		if (c->want_ret) {
			if (ret != c->want_ret)
				fail_msg("%s: %d, want %d", c->name, ret, c->want_ret);
			assert_int_equal(v.calls, 0);
			assert_string_equal(err, "malformed socket message at byte 0");
			continue;
		}
		if (ret != SV_DIAG_DONE)
			fail_msg("%s: %d (%s)", c->name, ret, err);
		assert_int_equal(v.n, 1);
		assert_int_equal(v.s[0].v6only, c->v6only);
		assert_int_equal((v.s[0].have & SV_HAVE_MARK) != 0, c->has_mark);
		assert_int_equal(v.s[0].mark, c->mark);
		assert_int_equal((v.s[0].have & SV_HAVE_CGROUP) != 0, c->has_cgroup);
		assert_true(v.s[0].cgroup_id == c->cgroup);
	}
}

/* An unknown attribute is skipped and the ones after it still count. */
static void test_unknown_attribute_then_known(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;

	(void)state;
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6 });
	mnl_attr_put(nlh, 200, 5, junk);
	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
	mnl_attr_put_u32(nlh, INET_DIAG_MARK, 77);
	nlb_end(&b, nlh);
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_MORE);
	assert_int_equal(v.n, 1);
	assert_true(v.s[0].v6only);
	assert_true(v.s[0].have & SV_HAVE_MARK);
	assert_int_equal(v.s[0].mark, 77);
}

/* An attribute whose nla_len runs past the end of its message, or is
 * smaller than an attribute header: -EBADMSG, not the silent end of the
 * list. */
static void test_truncated_attribute(void **state)
{
	static const uint16_t bad_len[] = { 9, 12, 200, 0xffff, 0, 2, 3 };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad_len); i++) {
		struct nlb b;
		struct nlmsghdr *nlh;
		struct nlattr *a;
		struct seen v = { 0 };
		size_t used;
		bool intr = false;
		char err[128] = "";
		int ret;

		nlb_init(&b);
		nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6 });
		a = mnl_nlmsg_get_payload_tail(nlh);
		mnl_attr_put_u32(nlh, INET_DIAG_MARK, 1); /* 8 bytes */
		a->nla_len = bad_len[i];
		nlb_end(&b, nlh);
		nlb_done(&b);
		ret = parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr, err,
			    sizeof(err));
		if (ret != -EBADMSG)
			fail_msg("nla_len %u: %d, want -EBADMSG", bad_len[i], ret);
		assert_int_equal(v.calls, 0);
		assert_string_equal(err, "malformed socket message at byte 0");
	}
}

/* After the attributes, fewer bytes than an attribute header are tolerated
 * (the `rem >= sizeof(struct nlattr)` rule of parse_attrs); a full attribute
 * header that does not fit is not.
 *
 * BUG (src/diag_parse.c:66, parse_attrs): the attribute area ends at
 * mnl_nlmsg_get_payload_tail(), which is nlmsg_len rounded UP to 4. The
 * padding byte after 3 stray bytes is then read as the 4th byte of an
 * attribute header, so the tolerance never applies (and the walk can read
 * past the buffer: see test_attribute_past_unpadded_end). Fix: end the
 * attribute area at (const char *)nlh + nlh->nlmsg_len. */
static void test_trailing_bytes_in_message(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;
	char *tail;
	int ret;

	(void)state;
	/* a whole attribute header (4 bytes) that claims 8: error */
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6 });
	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
	tail = mnl_nlmsg_get_payload_tail(nlh);
	memcpy(tail, &(struct nlattr){ .nla_len = 8, .nla_type = INET_DIAG_MARK }, 4);
	nlh->nlmsg_len += 4;
	nlb_end(&b, nlh);
	nlb_done(&b);
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), -EBADMSG);
	assert_int_equal(v.calls, 0);

	/* 3 stray bytes after the last attribute: tolerated */
	memset(&v, 0, sizeof(v));
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6 });
	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
	tail = mnl_nlmsg_get_payload_tail(nlh);
	memcpy(tail, "\x04\x00\x0b", 3); /* + padding 0: a 4-byte "header" */
	nlh->nlmsg_len += 3;
	nlb_end(&b, nlh);
	nlb_done(&b);
	ret = parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr, NULL, 0);
	if (ret != SV_DIAG_DONE)
		fail_msg("BUG diag_parse.c parse_attrs: 3 trailing bytes in a "
			 "message gave %d, want SV_DIAG_DONE (padding byte read "
			 "as part of an attribute header)", ret);
	assert_int_equal(v.n, 1);
	assert_true(v.s[0].v6only);
}

/* BUG (src/diag_parse.c:66, parse_attrs): the last message of a buffer may
 * lack its padding (the parser accepts that), but its attributes are walked
 * up to the ALIGNED end: an attribute that runs past nlmsg_len (and past the
 * buffer) is read. Here nlmsg_len = len = 93 and a MARK attribute claims 8
 * bytes from offset 88: 3 of its payload bytes lie beyond the buffer. Want
 * -EBADMSG; the parser returns the socket with has_mark set from bytes it
 * does not own (ASan: heap-buffer-overflow READ of 4). */
static void test_attribute_past_unpadded_end(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct isolated r;

	(void)state;
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6 });
	mnl_attr_put_u32(nlh, INET_DIAG_MARK, 0x01010101);
	nlh->nlmsg_len = MSG_LEN + 5; /* header + 1 byte of the payload */
	parse_isolated(b.buf, nlh->nlmsg_len, &r);
	if (!r.died && r.ret != -EBADMSG)
		fail_msg("BUG diag_parse.c parse_attrs: attribute past the end of "
			 "an unpadded last message gave %d (has_mark %d), want "
			 "-EBADMSG", r.ret, r.has_mark);
	assert_isolated(&r, -EBADMSG, 0, "BUG diag_parse.c parse_attrs: "
			"attribute past an unpadded end");
}

/* Bytes after the last whole message in the buffer. */
static void test_trailing_bytes_in_buffer(void **state)
{
	static const size_t extra[] = { 1, 3, 4, 15 };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(extra); i++) {
		struct nlb b;
		struct seen v = { 0 };
		size_t used;
		bool intr = false;
		char err[128] = "", want[128];

		nlb_init(&b);
		nlb_sock(&b, &(struct nlb_sock){ .sport = 1 });
		nlb_raw(&b, junk, extra[i]);
		assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used,
				       &intr, err, sizeof(err)), -EBADMSG);
		assert_int_equal(v.n, 1); /* the whole message before still counts */
		assert_int_equal(used, MSG_LEN);
		snprintf(want, sizeof(want), "truncated message at byte %zu",
			 (size_t)MSG_LEN);
		assert_string_equal(err, want);
	}
}

/* A full extra header whose message does not fit: -EBADMSG. */
static void test_trailing_full_header(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;
	struct nlmsghdr h = { .nlmsg_len = MSG_LEN, .nlmsg_type = SOCK_DIAG_BY_FAMILY };

	(void)state;
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .sport = 1 });
	nlb_raw(&b, &h, sizeof(h));
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), -EBADMSG);
	assert_int_equal(v.n, 1);
	assert_int_equal(used, MSG_LEN);
}

/* The last message's padding may be missing from the buffer (a file
 * written without it): the message is whole, so it is not an error. */
static void test_last_message_unpadded(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;

	(void)state;
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6 });
	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
	nlh->nlmsg_len -= 3; /* 93: the attribute's padding is not counted */
	nlb_end(&b, nlh);
	assert_int_equal(parse(b.buf, nlh->nlmsg_len, SV_TABLE_TCP, &v, &used,
			       &intr, NULL, 0), SV_DIAG_MORE);
	assert_int_equal(used, nlh->nlmsg_len);
	assert_int_equal(v.n, 1);
	assert_true(v.s[0].v6only);
}

static void test_payload_shorter_than_diag_msg(void **state)
{
	static const size_t plen[] = { 0, 1, 40, sizeof(struct inet_diag_msg) - 1 };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(plen); i++) {
		struct nlb b;
		struct nlmsghdr *nlh;
		struct seen v = { 0 };
		size_t used;
		bool intr = false;
		char err[128] = "";
		uint8_t *p;

		nlb_init(&b);
		nlb_sock(&b, &(struct nlb_sock){ .sport = 1 }); /* a good one first */
		nlh = nlb_begin(&b, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
		p = mnl_nlmsg_put_extra_header(nlh, plen[i]);
		if (plen[i])
			p[0] = AF_INET;
		nlh->nlmsg_len = (uint32_t)(NLMSG_HDRLEN + plen[i]); /* unaligned */
		nlb_end(&b, nlh);
		nlb_done(&b);
		if (parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr, err,
			  sizeof(err)) != -EBADMSG)
			fail_msg("payload %zu: not -EBADMSG", plen[i]);
		assert_int_equal(v.n, 1);
		assert_string_equal(err, "malformed socket message at byte 88");
	}
}

static void test_nlmsg_len_past_buffer(void **state)
{
	static const uint32_t delta[] = { 1, 4, 100, 65536, 0x7fffff00 };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(delta); i++) {
		struct nlb b;
		struct nlmsghdr *nlh;
		struct seen v = { 0 };
		size_t used;
		bool intr = false;
		char err[128] = "";

		nlb_init(&b);
		nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .sport = 1 });
		nlb_end(&b, nlh);
		nlh->nlmsg_len += delta[i];
		assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used,
				       &intr, err, sizeof(err)), -EBADMSG);
		assert_int_equal(v.calls, 0);
		assert_int_equal(used, 0);
		assert_string_equal(err, "truncated message at byte 0");
	}
}

/* Regression (fixed in f08c7ef): mnl_nlmsg_ok() compares
 * (int)nlh->nlmsg_len <= len, so an nlmsg_len of 2^31 or more is negative
 * and passes as "fits". Without the unsigned check the parser read the
 * 72-byte inet_diag_msg of a 16-byte buffer, delivered a socket from a
 * message that claims 2 GiB, and looped forever when NLMSG_ALIGN(nlmsg_len)
 * wrapped to 0 (mnl_nlmsg_next() returning the same message). Run in a
 * child process so a regression fails this test, not the whole suite. */
static void test_nlmsg_len_huge(void **state)
{
	static const struct {
		const char *what;
		uint16_t type;
		bool full; /* a whole inet_diag_msg, or a bare header */
		uint32_t nlmsg_len;
	} cases[] = {
		{ "socket msg, nlmsg_len 0x80000058", SOCK_DIAG_BY_FAMILY, true, 0x80000058u },
		{ "bare header, nlmsg_len 0x80000000", SOCK_DIAG_BY_FAMILY, false, 0x80000000u },
		{ "bare NLMSG_ERROR, nlmsg_len 0x80000000", NLMSG_ERROR, false, 0x80000000u },
		{ "socket msg, nlmsg_len 0xffffffff", SOCK_DIAG_BY_FAMILY, true, 0xffffffffu },
		{ "NOOP, nlmsg_len 0xfffffffd", NLMSG_NOOP, false, 0xfffffffdu },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct nlb b;
		struct nlmsghdr *nlh;
		struct isolated r;
		char what[160];

		nlb_init(&b);
		if (cases[i].full) {
			nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .sport = 1 });
		} else {
			nlh = nlb_begin(&b, cases[i].type, 0);
		}
		nlb_end(&b, nlh);
		nlh->nlmsg_len = cases[i].nlmsg_len;
		parse_isolated(b.buf, b.len, &r);
		snprintf(what, sizeof(what), "nlmsg_len >= 2^31 (%s)",
			 cases[i].what);
		assert_isolated(&r, -EBADMSG, 0, what);
	}
}

/* nlmsg_len smaller than a header: malformed, no endless loop. */
static void test_nlmsg_len_below_header(void **state)
{
	static const uint32_t lens[] = { 0, 1, 8, 15 };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(lens); i++) {
		struct nlb b;
		struct nlmsghdr *nlh;
		struct seen v = { 0 };
		size_t used;
		bool intr = false;
		char err[128] = "";

		nlb_init(&b);
		nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .sport = 1 });
		nlb_end(&b, nlh);
		nlh->nlmsg_len = lens[i];
		assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used,
				       &intr, err, sizeof(err)), -EBADMSG);
		assert_string_equal(err, "truncated message at byte 0");
	}
}

static void test_nlmsg_error_eperm(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;

	(void)state;
	nlb_init(&b);
	nlb_error(&b, -EPERM);
	nlb_sock(&b, &(struct nlb_sock){ .sport = 1 }); /* never reached */
	nlb_done(&b);
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), -EPERM);
	assert_int_equal(v.calls, 0);
}

/* The kernel sends a negative errno: a positive value is a malformed
 * message, named with its offset (not "Unknown error 258"). */
static void test_nlmsg_error_positive(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;
	char err[128] = "";

	(void)state;
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .sport = 1, .cookie = 1 });
	nlb_error(&b, 258);
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       err, sizeof(err)), -EBADMSG);
	assert_string_equal(err, "malformed error message at byte 88");
	assert_int_equal(used, 88);
}

static void test_nlmsg_error_ack_is_not_error(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;

	(void)state;
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .sport = 1, .cookie = 1 });
	nlb_error(&b, 0);
	nlb_sock(&b, &(struct nlb_sock){ .sport = 2, .cookie = 2 });
	nlb_done(&b);
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_DONE);
	assert_int_equal(used, b.len);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.s[1].lport, 2);
}

static void test_nlmsg_error_truncated(void **state)
{
	static const size_t plen[] = { 0, 3, 4, sizeof(struct nlmsgerr) - 1 };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(plen); i++) {
		struct nlb b;
		struct nlmsghdr *nlh;
		struct seen v = { 0 };
		size_t used;
		bool intr = false;
		char err[128] = "";
		int *e;

		nlb_init(&b);
		nlh = nlb_begin(&b, NLMSG_ERROR, 0);
		e = mnl_nlmsg_put_extra_header(nlh, plen[i]);
		if (plen[i] >= sizeof(int))
			*e = -EPERM;
		nlh->nlmsg_len = (uint32_t)(NLMSG_HDRLEN + plen[i]); /* unaligned */
		nlb_end(&b, nlh);
		assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used,
				       &intr, err, sizeof(err)), -EBADMSG);
		assert_string_equal(err, "malformed error message at byte 0");
	}
}

/* BUG (src/diag_parse.c:121, parse_error): an NLMSG_ERROR whose error is
 * INT_MIN is returned as INT_MIN, which is not a -errno (collect.c then
 * computes strerror(-INT_MIN): signed overflow). Expected: -EBADMSG for an
 * error code outside 1..4095. */
static void test_nlmsg_error_out_of_range(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;
	int ret;

	(void)state;
	nlb_init(&b);
	nlb_error(&b, INT_MIN);
	ret = parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr, NULL, 0);
	assert_true(ret < 0);
	if (ret != -EBADMSG)
		fail_msg("BUG diag_parse.c parse_error: NLMSG_ERROR with error "
			 "INT_MIN gave %d, want -EBADMSG (not a -errno)", ret);
}

static void test_dump_intr(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;

	(void)state;
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .sport = 1, .cookie = 1 });
	nlb_sock(&b, &(struct nlb_sock){ .sport = 2, .cookie = 2,
					 .flags = NLM_F_DUMP_INTR });
	nlb_sock(&b, &(struct nlb_sock){ .sport = 3, .cookie = 3 });
	nlb_done(&b);
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_DONE);
	assert_true(intr);
	assert_int_equal(v.n, 3); /* parsing went on */
	assert_int_equal(used, b.len);

	/* only the DONE carries the flag */
	memset(&v, 0, sizeof(v));
	intr = false;
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .sport = 1 });
	nlb_done_flags(&b, NLM_F_DUMP_INTR);
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_DONE);
	assert_true(intr);

	/* the parser never clears it: the caller accumulates over chunks */
	memset(&v, 0, sizeof(v));
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .sport = 1 });
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_MORE);
	assert_true(intr);
}

static void test_unknown_family(void **state)
{
	static const uint8_t families[] = { AF_UNSPEC, AF_UNIX, AF_PACKET, 255 };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(families); i++) {
		struct nlb b;
		struct nlmsghdr *nlh;
		struct seen v = { 0 };
		size_t used;
		bool intr = false;

		nlb_init(&b);
		nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .sport = 1 });
		((struct inet_diag_msg *)mnl_nlmsg_get_payload(nlh))->idiag_family =
			families[i];
		nlb_end(&b, nlh);
		nlb_done(&b);
		if (parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr, NULL, 0) !=
		    -EBADMSG)
			fail_msg("family %u accepted", families[i]);
		assert_int_equal(v.calls, 0);
	}
}

static void test_state_out_of_range_is_unknown(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;

	(void)state;
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_MAX });
	nlb_sock(&b, &(struct nlb_sock){ .state = 255 });
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_CLOSING });
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_MORE);
	assert_int_equal(v.n, 3);
	assert_int_equal(v.s[0].state, SV_STATE_UNKNOWN);
	assert_int_equal(v.s[1].state, SV_STATE_UNKNOWN);
	assert_int_equal(v.s[2].state, SV_STATE_CLOSING);
}

/* NLMSG_NOOP, NLMSG_OVERRUN and foreign types are skipped. */
static void test_other_types_skipped(void **state)
{
	static const uint16_t types[] = { NLMSG_NOOP, NLMSG_OVERRUN, 0x99, 0xffff };
	struct nlb b;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;

	(void)state;
	nlb_init(&b);
	for (size_t i = 0; i < ARRAY_LEN(types); i++) {
		struct nlmsghdr *nlh = nlb_begin(&b, types[i], 0);

		mnl_nlmsg_put_extra_header(nlh, 4 * i);
		nlb_end(&b, nlh);
		nlb_sock(&b, &(struct nlb_sock){ .sport = (uint16_t)(i + 1) });
	}
	nlb_done(&b);
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_DONE);
	assert_int_equal(v.n, ARRAY_LEN(types));
	assert_int_equal(v.s[3].lport, 4);
}

/* Whatever follows NLMSG_DONE is left for the caller. */
static void test_done_stops_and_reports_used(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	size_t used, done_end;
	bool intr = false;

	(void)state;
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .sport = 1 });
	nlb_done(&b);
	done_end = b.len;
	nlb_sock(&b, &(struct nlb_sock){ .sport = 2 });
	nlb_raw(&b, junk, 3); /* would be an error if it were parsed */
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_DONE);
	assert_int_equal(used, done_end);
	assert_int_equal(v.n, 1);

	/* a DONE without its int payload is still the end */
	memset(&v, 0, sizeof(v));
	nlb_init(&b);
	nlb_end(&b, nlb_begin(&b, NLMSG_DONE, NLM_F_MULTI));
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), SV_DIAG_DONE);
	assert_int_equal(used, NLMSG_HDRLEN);
}

/* BUG (src/diag_parse.c:143, case NLMSG_DONE): the kernel ends a dump that
 * failed part-way with an NLMSG_DONE whose int payload is the negative errno
 * (netlink_dump: dump_done_errno); ss (libnetlink rtnl_dump_done) reports it.
 * The parser ignores the payload, so an incomplete dump passes as complete.
 * Want that errno; fix: if the payload holds an int < 0, return it (with a
 * message) instead of SV_DIAG_DONE. */
static void test_done_with_error(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;
	int ret;

	(void)state;
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .sport = 1 });
	nlh = nlb_begin(&b, NLMSG_DONE, NLM_F_MULTI);
	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = -ENOMEM;
	nlb_end(&b, nlh);
	ret = parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr, NULL, 0);
	if (ret != -ENOMEM)
		fail_msg("BUG diag_parse.c NLMSG_DONE: a DONE carrying -ENOMEM "
			 "gave %d, want -ENOMEM (the dump is incomplete)", ret);
}

static void test_callback_error_stops(void **state)
{
	static const int rets[] = { -ECANCELED, -EPIPE, -ENOMEM, -1 };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(rets); i++) {
		struct nlb b;
		struct seen v = { .fail_at = 2, .fail_ret = rets[i] };
		size_t used;
		bool intr = false;

		nlb_init(&b);
		for (uint16_t p = 1; p <= 4; p++)
			nlb_sock(&b, &(struct nlb_sock){ .sport = p });
		nlb_done(&b);
		assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used,
				       &intr, NULL, 0), rets[i]);
		assert_int_equal(v.calls, 2);
		assert_int_equal(v.n, 1);
	}
}

/* A callback returning a positive value is not an error. */
static int positive_cb(const struct sv_sock *s, void *data)
{
	(void)s;
	++*(int *)data;
	return 1;
}

static void test_callback_positive_goes_on(void **state)
{
	struct nlb b;
	size_t used;
	bool intr = false;
	int calls = 0;

	(void)state;
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .sport = 1 });
	nlb_sock(&b, &(struct nlb_sock){ .sport = 2 });
	nlb_done(&b);
	assert_int_equal(sv_diag_parse_inet(b.buf, b.len, SV_TABLE_TCP,
					    positive_cb, &calls, &used, &intr,
					    NULL, 0), SV_DIAG_DONE);
	assert_int_equal(calls, 2);
}

/* err may be NULL, and a tiny buffer is truncated, never overrun. */
static void test_err_buffer(void **state)
{
	struct nlb b;
	struct seen v = { 0 };
	size_t used;
	bool intr = false;
	char err[8];

	(void)state;
	nlb_init(&b);
	nlb_raw(&b, junk, 5);
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       NULL, 0), -EBADMSG);
	memset(err, 'x', sizeof(err));
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       err, 4), -EBADMSG);
	assert_string_equal(err, "tru");
	assert_int_equal(err[4], 'x');
	memset(err, 'x', sizeof(err));
	assert_int_equal(parse(b.buf, b.len, SV_TABLE_TCP, &v, &used, &intr,
			       err, 0), -EBADMSG);
	assert_int_equal(err[0], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ss1_first_part),
		cmocka_unit_test(test_ss1_second_part),
		cmocka_unit_test(test_ss1_table_is_callers),
		cmocka_unit_test(test_ss1_cut_everywhere),
		cmocka_unit_test(test_empty_buffer),
		cmocka_unit_test(test_minimal_message),
		cmocka_unit_test(test_fields_reset_between_messages),
		cmocka_unit_test(test_ipv6_and_mapped_addresses),
		cmocka_unit_test(test_ipv4_address_layout),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_unknown_attribute_then_known),
		cmocka_unit_test(test_truncated_attribute),
		cmocka_unit_test(test_trailing_bytes_in_message),
		cmocka_unit_test(test_attribute_past_unpadded_end),
		cmocka_unit_test(test_trailing_bytes_in_buffer),
		cmocka_unit_test(test_trailing_full_header),
		cmocka_unit_test(test_last_message_unpadded),
		cmocka_unit_test(test_payload_shorter_than_diag_msg),
		cmocka_unit_test(test_nlmsg_len_past_buffer),
		cmocka_unit_test(test_nlmsg_len_huge),
		cmocka_unit_test(test_nlmsg_len_below_header),
		cmocka_unit_test(test_nlmsg_error_eperm),
		cmocka_unit_test(test_nlmsg_error_positive),
		cmocka_unit_test(test_nlmsg_error_ack_is_not_error),
		cmocka_unit_test(test_nlmsg_error_truncated),
		cmocka_unit_test(test_nlmsg_error_out_of_range),
		cmocka_unit_test(test_dump_intr),
		cmocka_unit_test(test_unknown_family),
		cmocka_unit_test(test_state_out_of_range_is_unknown),
		cmocka_unit_test(test_other_types_skipped),
		cmocka_unit_test(test_done_stops_and_reports_used),
		cmocka_unit_test(test_done_with_error),
		cmocka_unit_test(test_callback_error_stops),
		cmocka_unit_test(test_callback_positive_goes_on),
		cmocka_unit_test(test_err_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
