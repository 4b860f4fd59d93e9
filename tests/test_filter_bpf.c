/* test_filter_bpf.c - the inet_diag bytecode compiler, checked against a
 * model of the kernel: an interpreter that follows inet_diag_bc_run() and an
 * auditor that follows inet_diag_bc_audit() (net/ipv4/inet_diag.c), both in
 * tests/support/kbc.h. For thousands of generated expressions and sockets,
 * kernel(bytecode) must equal sv_filter_match. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/filter.h"
#include "sockview/tables.h"
#include "sockview/sysservices.h"
#include "support/fcgroup.h"
#include "support/kbc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- fixtures ---- */

static int fake_resolve(void *ctx, const char *name, struct sv_filter_addr *a,
			size_t max, const char **why)
{
	(void)ctx;
	(void)max;
	if (strcmp(name, "multi.test") != 0) {
		*why = "test";
		return 0;
	}
	a[0] = (struct sv_filter_addr){ .family = AF_INET };
	inet_pton(AF_INET, "10.0.0.2", a[0].addr);
	a[1] = (struct sv_filter_addr){ .family = AF_INET6 };
	inet_pton(AF_INET6, "2001:db8::1", a[1].addr);
	return 2;
}

static struct sv_filter_parse_opts popts = { .resolve = fake_resolve };

static int setup(void **state)
{
	(void)state;
	if (cg_make("/tmp/sv_test_bpf_XXXXXX") < 0)
		return -1;
	popts.cgroup_root = cg_root;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cg_remove();
	return 0;
}

static struct sv_filter *parse_ok(const char *text)
{
	struct sv_filter *f = NULL;
	char err[256];

	if (sv_filter_parse_text_with(text, &popts, &f, err, sizeof(err)) != 0)
		fail_msg("'%.200s': %s", text, err);
	return f;
}

/* A program, compiled and audited. */
struct prog {
	uint8_t code[SV_FILTER_BYTECODE_MAX];
	size_t len;
};

static void compile_ok(const struct sv_filter *f, enum sv_table t, bool pre,
		       struct prog *p, const char *expr)
{
	int ret;

	p->len = sizeof(p->code);
	ret = pre ? sv_filter_prefilter(f, t, p->code, &p->len)
		  : sv_filter_bytecode(f, t, p->code, &p->len);
	if (ret != 0)
		fail_msg("'%.200s': compile %d", expr, ret);
	if (kbc_audit(p->code, (int)p->len) != 0)
		fail_msg("'%.200s': the kernel's audit refuses the program", expr);
}

static int k_match(const struct prog *p, const struct sv_sock *s, uint16_t locks)
{
	return kbc_run_sock(p->code, (int)p->len, s, locks);
}

/* ---- random sockets and expressions ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11) % n;
}

static const char *const v4s[] = {
	"10.0.0.1", "10.0.0.2", "10.0.0.0", "10.255.255.255", "11.0.0.1",
	"127.0.0.1", "192.168.1.5", "0.0.0.0", "9.255.255.255",
};
static const char *const v6s[] = {
	"::1", "::", "2001:db8::1", "2001:db8:1::5", "fe80::1", "2001:db9::1",
	"2001:db8:8000::", "8000::1",
};
static const uint16_t ports[] = {
	0, 1, 21, 22, 23, 53, 80, 442, 443, 444, 514, 1023, 1024, 2007, 2013,
	8080, 32768, 65534, 65535,
};

static void rnd_addr(uint8_t family, bool mapped, uint8_t *a)
{
	memset(a, 0, 16);
	if (family == AF_INET) {
		inet_pton(AF_INET, v4s[rnd(N(v4s))], a);
	} else if (mapped) {
		a[10] = a[11] = 0xff;
		inet_pton(AF_INET, v4s[rnd(N(v4s))], a + 12);
	} else {
		inet_pton(AF_INET6, v6s[rnd(N(v6s))], a);
	}
}

static void rnd_sock(struct sv_sock *s)
{
	static const char *const services[] = { NULL, "ssh", "https", "domain" };
	uint32_t kind = rnd(10);

	memset(s, 0, sizeof(*s));
	s->family = kind < 4 ? AF_INET : AF_INET6;
	do /* the kernel's program is for inet sockets (bytecode) */
		s->table = (uint8_t)rnd(SV_TABLE_MAX);
	while (sv_tables_get((enum sv_table)s->table)->kind != SV_KIND_INET);
	rnd_addr(s->family, kind >= 7, s->laddr);
	rnd_addr(s->family, kind >= 7 && rnd(4) != 0, s->raddr);
	s->lport = rnd(5) ? ports[rnd(N(ports))] : (uint16_t)rnd(65536);
	s->rport = rnd(5) ? ports[rnd(N(ports))] : (uint16_t)rnd(65536);
	s->ifindex = rnd(4);
	s->have |= SV_HAVE_MARK | SV_HAVE_CGROUP;
	s->mark = (uint32_t[]){ 0, 0x10, 0x1234, 0xff00ff00, 0x1f }[rnd(5)];
	s->cgroup_id = (uint64_t[]){ 0, cg_app_id, 12345 }[rnd(3)];
	s->role = (uint8_t)(SV_ROLE_LISTEN + rnd(3));
	s->port_class = (uint8_t)rnd(3);
	s->ephemeral = rnd(2);
	s->service = services[rnd(N(services))];
}

/* Conditions the kernel can run. */
static const char *const katoms[] = {
	"dport = 22", "dport != 22", "dport > 1023", "dport < 1024", "dport >= 443",
	"dport <= 443", "sport eq 0", "sport gt 65534", "sport lt 1", "sport ge 65535",
	"sport le 0", "sport == 65535", "dport = *", "dport != *", "sport = :http",
	"dport = raid-am", "dport syslog", "sport ne 2007", "src 10.0.0.0/8",
	"dst 10.0.0.2", "src [2001:db8::]/32", "dst [::1]", "src 0.0.0.0/0",
	"dst *", "dst *:443", "src 10.0.0.1:22", "src [::ffff:10.0.0.1]",
	"dst ::/0", "src 10.0.0.1/31", "dst 10.0.0.0/7", "src 10.255.255.255/9",
	"dst [2001:db8::]/33", "src [::]/1", "dev 2", "dev != 0", "dev 1",
	"fwmark = 0x10/0xf0", "fwmark 0x1234", "fwmark != 0", "fwmark 0/0",
	"cgroup = /app.slice", "cgroup != app.slice", "dst multi.test",
	"dst multi.test:22", "src != 127.0.0.1", "dst [2001:db8::]/16:22",
	"src :443", "dst 0.0.0.0", "src [::]", "dst 9.0.0.0/8:raid-am",
	"src [8000::]/1", "dst 128.0.0.0/1", "src 11.0.0.1/32:*",
	/* the spellings and forms of issue 7 */
	"dport neq 22", "sport geq 1024", "sport leq 1023", "src inet:10.0.0.0/8",
	"dst inet:*", "src inet6:*", "src inet:*:22", "dst inet6:[2001:db8:1::5]:22",
	"src inet:10.0.0.1", "dst inet:multi.test", "dst inet6:multi.test:22",
	"src 10.0.0.1%2:22", "dst [2001:db8::1]%3", "src inet:10.0.0.1%1",
	"src *%2:443", "src fe80::1%3", "dst 0.0.0.0:*", "src [::]:*",
};
/* Conditions only user space can decide. */
static const char *const uatoms[] = {
	"class ephemeral", "class well-known", "class != dynamic", "role out",
	"role != listen", "service ssh", "service https", "not role in",
};

struct sbuf {
	char *s;
	size_t len, cap;
};

static void put(struct sbuf *b, const char *t)
{
	size_t l = strlen(t);

	if (b->len + l + 1 > b->cap) {
		b->cap = (b->len + l + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->len, t, l + 1);
	b->len += l;
}

/* A random expression of every spelling; user: mix in user-only atoms;
 * autob: allow autobound. */
static void rnd_expr(struct sbuf *b, int depth, bool user, bool autob)
{
	static const char *const ands[] = { " and ", " && ", " & ", " " };
	static const char *const ors[] = { " or ", " || ", " | " };
	uint32_t form = depth > 0 ? rnd(9) : 0;

	switch (form) {
	case 0:
	case 1:
		if (autob && rnd(8) == 0)
			put(b, "autobound");
		else if (user && rnd(3) == 0)
			put(b, uatoms[rnd(N(uatoms))]);
		else
			put(b, katoms[rnd(N(katoms))]);
		return;
	case 2:
		put(b, rnd(2) ? "not " : "!");
		rnd_expr(b, depth - 1, user, autob);
		return;
	case 3:
	case 4:
		put(b, "(");
		rnd_expr(b, depth - 1, user, autob);
		put(b, ")");
		return;
	case 5:
	case 6:
		rnd_expr(b, depth - 1, user, autob);
		put(b, ands[rnd(N(ands))]);
		rnd_expr(b, depth - 1, user, autob);
		return;
	default:
		rnd_expr(b, depth - 1, user, autob);
		put(b, ors[rnd(N(ors))]);
		rnd_expr(b, depth - 1, user, autob);
		return;
	}
}

#define NSOCKS 400
#define NEXPRS 3000

static struct sv_sock socks[NSOCKS];
static struct prog progs[SV_TABLE_MAX];

static void make_socks(void)
{
	for (int i = 0; i < NSOCKS; i++)
		rnd_sock(&socks[i]);
}

/* kernel(program) == sv_filter_match on every socket. */
static void check_equal(const char *expr)
{
	struct sv_filter *f = parse_ok(expr);

	for (int t = 0; t < SV_TABLE_MAX; t++)
		compile_ok(f, (enum sv_table)t, false, &progs[t], expr);
	for (int i = 0; i < NSOCKS; i++) {
		const struct sv_sock *s = &socks[i];
		int k = k_match(&progs[s->table], s, 0);

		if (k != sv_filter_match(f, s))
			fail_msg("'%s' on socket %d: kernel %d, user space %d", expr, i, k, !k);
	}
	sv_filter_free(f);
}

/* ---- tests ---- */

static void test_golden(void **state)
{
	static const struct {
		const char *expr;
		uint8_t code[64];
		size_t len;
	} c[] = {
		/* D_EQ: yes to the next op, no past the end + 4 (reject) */
		{ "dport = 22", { INET_DIAG_BC_D_EQ, 8, 12, 0, 0, 0, 22, 0 }, 8 },
		/* negation: the test's "no" runs off the end (accept), its "yes"
		 * reaches a JMP to the reject exit */
		{ "dport != 22", { INET_DIAG_BC_D_EQ, 8, 12, 0, 0, 0, 22, 0,
				   INET_DIAG_BC_JMP, 4, 8, 0 }, 12 },
		/* ">" is "not <=" */
		{ "sport > 1023", { INET_DIAG_BC_S_LE, 8, 12, 0, 0, 0, 0xff, 3,
				    INET_DIAG_BC_JMP, 4, 8, 0 }, 12 },
		{ "dport >= 1024", { INET_DIAG_BC_D_GE, 8, 12, 0, 0, 0, 0, 4 }, 8 },
		{ "dport geq 1024", { INET_DIAG_BC_D_GE, 8, 12, 0, 0, 0, 0, 4 }, 8 },
		/* "inet:": an IPv4 condition (which would also take IPv4-mapped
		 * addresses) and not an IPv6 socket (an IPv6 /0 condition) */
		{ "dst inet:*", { INET_DIAG_BC_D_COND, 16, 52, 0, AF_INET, 0, 0, 0,
				  0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0,
				  INET_DIAG_BC_D_COND, 28, 32, 0, AF_INET6, 0, 0, 0,
				  0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0,
				  0, 0, 0, 0, 0, 0, 0, 0,
				  INET_DIAG_BC_JMP, 4, 8, 0 }, 48 },
		/* "%DEV" is a device condition after the address */
		{ "src 10.0.0.1%2:22", { INET_DIAG_BC_S_COND, 16, 28, 0, AF_INET, 32, 0, 0,
					 22, 0, 0, 0, 10, 0, 0, 1,
					 INET_DIAG_BC_DEV_COND, 8, 12, 0, 2, 0, 0, 0 }, 24 },
		{ "dst 10.0.0.0/8", { INET_DIAG_BC_D_COND, 16, 20, 0, AF_INET, 8, 0, 0,
				      0xff, 0xff, 0xff, 0xff, 10, 0, 0, 0 }, 16 },
		{ "src *:443", { INET_DIAG_BC_S_COND, 12, 16, 0, AF_UNSPEC, 0, 0, 0,
				 0xbb, 1, 0, 0 }, 12 },
		{ "dev 2", { INET_DIAG_BC_DEV_COND, 8, 12, 0, 2, 0, 0, 0 }, 8 },
		{ "fwmark 0x10/0xf0", { INET_DIAG_BC_MARK_COND, 12, 16, 0, 0x10, 0, 0, 0,
					0xf0, 0, 0, 0 }, 12 },
		/* ss's autobound: AUTO and the local port in the default
		 * ip_local_port_range (32768-60999) */
		{ "autobound", { INET_DIAG_BC_AUTO, 4, 24, 0,
				 INET_DIAG_BC_S_GE, 8, 20, 0, 0, 0, 0x00, 0x80,
				 INET_DIAG_BC_S_LE, 8, 12, 0, 0, 0, 0x47, 0xee }, 20 },
		/* always true: one NOP; always false: one JMP to reject */
		{ "dport = *", { INET_DIAG_BC_NOP, 4, 4, 0 }, 4 },
		{ "dport != *", { INET_DIAG_BC_JMP, 4, 8, 0 }, 4 },
		/* or: the first test jumps to the next alternative on "no"; its
		 * "yes" reaches a JMP to the accept exit (the end) */
		{ "dport 22 or dport 23", { INET_DIAG_BC_D_EQ, 8, 12, 0, 0, 0, 22, 0,
					   INET_DIAG_BC_JMP, 4, 12, 0,
					   INET_DIAG_BC_D_EQ, 8, 12, 0, 0, 0, 23, 0 }, 20 },
	};

	(void)state;
	for (size_t i = 0; i < N(c); i++) {
		struct sv_filter *f = parse_ok(c[i].expr);
		uint8_t buf[128];
		size_t len = sizeof(buf);

		assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, buf, &len), 0);
		if (len != c[i].len || memcmp(buf, c[i].code, len) != 0) {
			fprintf(stderr, "'%s':", c[i].expr);
			for (size_t k = 0; k < len; k++)
				fprintf(stderr, " %u", buf[k]);
			fail_msg("'%s': unexpected program", c[i].expr);
		}
		assert_int_equal(kbc_audit(buf, (int)len), 0);
		sv_filter_free(f);
	}
}

/* Every kernel atom, alone and negated, and hand-picked compositions. */
static void test_atoms_and_negations(void **state)
{
	static const char *const fixed[] = {
		"not (dport 22 or sport 22)",
		"not (src 10/8 and not dport 443)",
		"not not not dst [::1]",
		"!(!(dport 22) || !(sport 22))",
		"(dport 22 or dport 23) and not (sport 1024 or sport 1023)",
		"dport 22 or sport 22 and not dst 10.0.0.2 or dev 1",
		"not (dport = * and sport != *)",
		"(((dport 22))) (((sport 22)))",
	};
	char buf[128];

	(void)state;
	make_socks();
	for (size_t i = 0; i < N(katoms); i++) {
		check_equal(katoms[i]);
		snprintf(buf, sizeof(buf), "not %s", katoms[i]);
		check_equal(buf);
		snprintf(buf, sizeof(buf), "!(%s) or not %s", katoms[i], katoms[N(katoms) - 1 - i]);
		check_equal(buf);
	}
	for (size_t i = 0; i < N(fixed); i++)
		check_equal(fixed[i]);
}

static void test_random_equivalence(void **state)
{
	struct sbuf b = { 0 };

	(void)state;
	make_socks();
	for (int i = 0; i < NEXPRS; i++) {
		b.len = 0;
		put(&b, "");
		rnd_expr(&b, 1 + (int)rnd(6), false, false);
		check_equal(b.s);
	}
	free(b.s);
}

/* sv_filter_bytecode_and: the joined program passes the kernel's audit and
 * accepts exactly what both accept, for random pairs of programs (exact
 * and preconditions) and both values of the bind flag. */
static void test_and(void **state)
{
	struct sbuf a = { 0 }, b = { 0 };
	struct prog *pa = malloc(sizeof(*pa)), *pb = malloc(sizeof(*pb));
	struct prog *pj = malloc(sizeof(*pj));

	(void)state;
	make_socks();
	for (int i = 0; i < NEXPRS / 4; i++) {
		struct sv_filter *fa, *fb;

		a.len = b.len = 0;
		put(&a, "");
		put(&b, "");
		rnd_expr(&a, 1 + (int)rnd(5), false, false);
		rnd_expr(&b, 1 + (int)rnd(5), false, false);
		fa = parse_ok(a.s);
		fb = parse_ok(b.s);
		compile_ok(fa, SV_TABLE_TCP, true, pa, a.s);
		compile_ok(fb, SV_TABLE_TCP, true, pb, b.s);
		pj->len = sizeof(pj->code);
		if (sv_filter_bytecode_and(pa->code, pa->len, pb->code, pb->len, pj->code,
					   &pj->len) != 0)
			fail_msg("'%s' and '%s': not joined", a.s, b.s);
		assert_int_equal(pj->len, pa->len + pb->len);
		if (kbc_audit(pj->code, (int)pj->len) != 0)
			fail_msg("'%s' and '%s': the audit refuses the join", a.s, b.s);
		for (size_t k = 0; k < NSOCKS; k++)
			for (uint16_t locks = 0; locks <= 4; locks += 4)
				if (k_match(pj, &socks[k], locks) !=
				    (k_match(pa, &socks[k], locks) && k_match(pb, &socks[k], locks)))
					fail_msg("'%s' and '%s' differ on socket %zu", a.s, b.s, k);
		sv_filter_free(fa);
		sv_filter_free(fb);
	}
	pj->len = 4;
	assert_int_equal(sv_filter_bytecode_and(pa->code, pa->len, pb->code, pb->len,
						pj->code, &pj->len), -ENOSPC);
	free(a.s);
	free(b.s);
	free(pa);
	free(pb);
	free(pj);
}

/* autobound: the kernel decides it from the socket's SOCK_BINDPORT_LOCK.
 * A definite user-space answer must agree with the kernel whatever that
 * bit is, and kernel_applied must accept whatever the kernel accepted. */
static void test_autobound(void **state)
{
	struct sbuf b = { 0 };
	struct sv_filter_match_opts kopt = { .kernel_applied = true };

	(void)state;
	make_socks();
	for (int i = 0; i < NEXPRS / 2; i++) {
		struct sv_filter *f;

		b.len = 0;
		put(&b, "autobound and ");
		rnd_expr(&b, 1 + (int)rnd(5), false, true);
		if (rnd(2))
			memcpy(b.s, "autobound or  ", 14);
		f = parse_ok(b.s);
		assert_true(sv_filter_needs_kernel(f));
		for (int t = 0; t < SV_TABLE_MAX; t++)
			compile_ok(f, (enum sv_table)t, false, &progs[t], b.s);
		for (int k = 0; k < NSOCKS; k++) {
			const struct sv_sock *s = &socks[k];
			int auto_yes = k_match(&progs[s->table], s, 0);
			int auto_no = k_match(&progs[s->table], s, SOCK_BINDPORT_LOCK);
			bool user = sv_filter_match(f, s);
			bool after = sv_filter_match_with(f, s, &kopt);

			if ((user && !(auto_yes && auto_no)) ||
			    (!after && (auto_yes || auto_no)))
				fail_msg("'%s' on socket %d: kernel %d/%d, user %d/%d", b.s,
					 k, auto_yes, auto_no, user, after);
		}
		sv_filter_free(f);
	}
	free(b.s);
}

/* class/service/role: no exact program; the prefilter is a sound
 * precondition (every match passes it). */
static void test_user_only(void **state)
{
	static const char *const c[] = {
		"class ephemeral", "service ssh", "role out", "not role in",
		"dport 22 and role out", "dport 22 or not (service https and dev 1)",
	};
	struct sbuf b = { 0 };
	uint8_t buf[256];
	size_t len;

	(void)state;
	for (size_t i = 0; i < N(c); i++) {
		struct sv_filter *f = parse_ok(c[i]);

		len = sizeof(buf);
		assert_true(sv_filter_needs_enrich(f));
		assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, buf, &len), -EOPNOTSUPP);
		assert_int_equal(sv_filter_bytecode(f, SV_TABLE_UDP, buf, &len), -EOPNOTSUPP);
		sv_filter_free(f);
	}
	make_socks();
	for (int i = 0; i < NEXPRS; i++) {
		struct sv_filter *f;

		b.len = 0;
		put(&b, "");
		rnd_expr(&b, 1 + (int)rnd(6), true, false);
		f = parse_ok(b.s);
		for (int t = 0; t < SV_TABLE_MAX; t++)
			compile_ok(f, (enum sv_table)t, true, &progs[t], b.s);
		for (int k = 0; k < NSOCKS; k++)
			if (sv_filter_match(f, &socks[k]) &&
			    !k_match(&progs[socks[k].table], &socks[k], 0))
				fail_msg("'%s': prefilter drops matching socket %d", b.s, k);
		sv_filter_free(f);
	}
	free(b.s);
}

/* Without user-only conditions the prefilter is the exact program. */
static void test_prefilter_exact(void **state)
{
	struct sv_filter *f = parse_ok("dport 22 or not (src 10/8 and dev 2)");
	uint8_t a[256], b[256];
	size_t la = sizeof(a), lb = sizeof(b);

	(void)state;
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, a, &la), 0);
	assert_int_equal(sv_filter_prefilter(f, SV_TABLE_TCP, b, &lb), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	sv_filter_free(f);
}

/* Per-table port names: raid-am is tcp 2013, udp 2007. */
static void test_table_ports(void **state)
{
	struct sv_filter *f = parse_ok("dport raid-am");
	uint8_t buf[16];
	size_t len = sizeof(buf);

	(void)state;
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, buf, &len), 0);
	assert_int_equal(buf[6] | buf[7] << 8, 2013);
	len = sizeof(buf);
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_UDP, buf, &len), 0);
	assert_int_equal(buf[6] | buf[7] << 8, 2007);
	sv_filter_free(f);
}

/* Port names of the system database: each table its own protocol's
 * port, one port (http-alt is 8080, not also IANA's 591 and 8008). */
static void test_system_ports(void **state)
{
	static const struct sv_sysservices_entry db[] = {
		{ "myapp", NULL, 10002, SV_PROTO_TCP },
		{ "myapp", NULL, 10003, SV_PROTO_UDP },
		{ "http-alt", NULL, 8080, SV_PROTO_TCP },
	};
	struct sv_filter_parse_opts o = popts;
	struct sv_sysservices *sys = NULL;
	struct sv_filter *f = NULL;
	uint8_t buf[64];
	size_t len = sizeof(buf);
	char err[128];

	(void)state;
	assert_int_equal(sv_sysservices_new(db, N(db), &sys), 0);
	o.services = sys;
	assert_int_equal(sv_filter_parse_text_with("dport myapp", &o, &f, err, sizeof(err)), 0);
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, buf, &len), 0);
	assert_int_equal(len, 8);
	assert_int_equal(buf[6] | buf[7] << 8, 10002);
	len = sizeof(buf);
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_UDP, buf, &len), 0);
	assert_int_equal(buf[6] | buf[7] << 8, 10003);
	sv_filter_free(f);
	assert_int_equal(sv_filter_parse_text_with("dport = :http-alt", &o, &f, err,
						   sizeof(err)), 0);
	len = sizeof(buf);
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, buf, &len), 0);
	assert_int_equal(len, 8); /* one test, not an or of three */
	assert_int_equal(buf[6] | buf[7] << 8, 8080);
	sv_filter_free(f);
	sv_sysservices_free(sys);
}

static void test_buffer(void **state)
{
	struct sv_filter *f = parse_ok("dport 22 or dport 23");
	uint8_t buf[64];
	size_t len = 0;

	(void)state;
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, NULL, &len), -ENOSPC);
	assert_int_equal(len, 20);
	len = 19;
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, buf, &len), -ENOSPC);
	assert_int_equal(len, 20);
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, buf, &len), 0);
	assert_int_equal(sv_filter_bytecode(NULL, SV_TABLE_TCP, buf, &len), -EINVAL);
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_MAX, buf, &len), -EINVAL);
	sv_filter_free(f);
}

/* Programs at the kernel's limits: the largest that fits passes the audit
 * and runs right (its far jumps use most of the u16); one more is E2BIG. */
static void test_limits(void **state)
{
	struct sbuf b = { 0 };
	char term[64];
	struct sv_filter *f;
	size_t len = sizeof(progs[0].code);
	int n = 0;

	(void)state;
	make_socks();
	/* each alternative: a 28-byte IPv6 test and a 4-byte JMP */
	put(&b, "sport 22 and not (");
	for (n = 0; n < 2040; n++) {
		snprintf(term, sizeof(term), "%sdst [2001:db8::%x]", n ? " or " : "", n);
		put(&b, term);
	}
	put(&b, " or dst [::1]) and dport != 22");
	check_equal(b.s);
	f = parse_ok(b.s);
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, progs[0].code, &len), 0);
	assert_true(len > 65000 && len <= SV_FILTER_BYTECODE_MAX);
	sv_filter_free(f);
	b.len = 0;
	put(&b, "");
	for (n = 0; n < 2100; n++) {
		snprintf(term, sizeof(term), "%sdst [2001:db8::%x]", n ? " or " : "", n);
		put(&b, term);
	}
	f = parse_ok(b.s);
	len = sizeof(progs[0].code);
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, progs[0].code, &len), -E2BIG);
	sv_filter_free(f);
	free(b.s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_atoms_and_negations),
		cmocka_unit_test(test_random_equivalence),
		cmocka_unit_test(test_and),
		cmocka_unit_test(test_autobound),
		cmocka_unit_test(test_user_only),
		cmocka_unit_test(test_prefilter_exact),
		cmocka_unit_test(test_table_ports),
		cmocka_unit_test(test_system_ports),
		cmocka_unit_test(test_buffer),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
