/* test_filter.c - filter expressions: parser (spellings, precedence,
 * parentheses, -F text, every error message, nesting limits) and the
 * user-space matcher (addresses, prefixes, ports, dev, fwmark, cgroup,
 * class/service/role, three-valued conditions). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/filter.h"
#include "support/fpool.h"

/* ---- parser ---- */

static void test_port_operators(void **state)
{
	static const struct mcase c[] = {
		{ "dport = 22", B(S_V6_OUT) },
		{ "dport == 22", B(S_V6_OUT) },
		{ "dport eq 22", B(S_V6_OUT) },
		{ "dport 22", B(S_V6_OUT) },
		{ "dport :22", B(S_V6_OUT) },
		{ "dport = :ssh", B(S_V6_OUT) },
		{ "dport ssh", B(S_V6_OUT) },
		{ "dport != 22", ALL & ~B(S_V6_OUT) },
		{ "dport ne 22", ALL & ~B(S_V6_OUT) },
		{ "dport neq 22", ALL & ~B(S_V6_OUT) },
		{ "sport > 50000", B(S_V6_OUT) | B(S_NOMARK) },
		{ "sport gt 50000", B(S_V6_OUT) | B(S_NOMARK) },
		{ "sport >= 50001", B(S_V6_OUT) | B(S_NOMARK) },
		{ "sport ge 50001", B(S_V6_OUT) | B(S_NOMARK) },
		{ "sport geq 50001", B(S_V6_OUT) | B(S_NOMARK) },
		{ "sport < 443", B(S_SSH_IN) | B(S_DNS) },
		{ "sport lt 443", B(S_SSH_IN) | B(S_DNS) },
		{ "sport <= 443", B(S_SSH_IN) | B(S_DNS) | B(S_MAPPED) },
		{ "sport le 443", B(S_SSH_IN) | B(S_DNS) | B(S_MAPPED) },
		{ "sport leq 443", B(S_SSH_IN) | B(S_DNS) | B(S_MAPPED) },
		{ "sport leq :https", B(S_SSH_IN) | B(S_DNS) | B(S_MAPPED) },
		{ "sport > 65535", 0 },
		{ "sport < 0", 0 },
		{ "sport >= 0", ALL },
		{ "sport <= 65535", ALL },
		{ "dport = 0", B(S_V6_LISTEN) | B(S_DNS) },
		{ "dport = *", ALL },
		{ "dport = :*", ALL },
		{ "dport != *", 0 },
		/* per-table names: raid-am is tcp 2013, udp 2007 */
		{ "dport = raid-am", B(S_NOMARK) },
		/* syslog is udp only: tcp falls back to udp's 514 */
		{ "dport = syslog", B(S_SYSLOG) },
		{ "dport = SSH", B(S_V6_OUT) },
	};

	(void)state;
	run_cases(c, N(c));
}

static void test_attached(void **state)
{
	static const char *const argvs[][8] = {
		{ "(dport = 22)" },
		{ "(", "dport", "=", "22", ")" },
		{ "(dport", "=", "22)" },
		{ "dport=22" },
		{ "dport==22" },
		{ "dport=:ssh" },
		{ "((dport=22))" },
		{ "!(dport!=22)" },
		{ "not", "not", "dport", "eq", "22" },
		{ "(dport = 22 or sport = 22)", "sport>=50000" },
		{ "dport", "22", "&&", "!", "sport<50000" },
	};

	(void)state;
	for (size_t i = 0; i < N(argvs); i++) {
		struct sv_filter *f = NULL;
		char err[256] = "";
		int argc = 0;

		while (argvs[i][argc] != NULL)
			argc++;
		if (sv_filter_parse_argv_with(argc, (char *const *)argvs[i], &popts,
					      &f, err, sizeof(err)) != 0)
			fail_msg("argv case %zu: %s", i, err);
		if (match_mask(f, false) != B(S_V6_OUT))
			fail_msg("argv case %zu matched 0x%x", i, match_mask(f, false));
		sv_filter_free(f);
	}
}

static void test_empty(void **state)
{
	struct sv_filter *f = (struct sv_filter *)1;
	char err[64];
	struct sv_sock s = { 0 };

	(void)state;
	assert_int_equal(sv_filter_parse_argv(0, NULL, &f, err, sizeof(err)), 0);
	assert_null(f);
	f = (struct sv_filter *)1;
	assert_int_equal(sv_filter_parse_text(" # nothing\n\t\n", &f, err, sizeof(err)), 0);
	assert_null(f);
	assert_true(sv_filter_match(NULL, &s));
	assert_false(sv_filter_needs_enrich(NULL));
	sv_filter_free(NULL);
}

/* Atoms for the truth tables: a = dport 1, b = sport 2, c = dst 10.0.0.3. */
static void abc_sock(struct sv_sock *s, int bits)
{
	memset(s, 0, sizeof(*s));
	s->family = AF_INET;
	s->table = SV_TABLE_TCP;
	s->rport = (bits & 1) ? 1 : 9;
	s->lport = (bits & 2) ? 2 : 9;
	inet_pton(AF_INET, (bits & 4) ? "10.0.0.3" : "10.0.0.4", s->raddr);
}

static void test_precedence(void **state)
{
	static const struct {
		const char *expr;
		unsigned int truth; /* bit k: value when a=k&1, b=k&2, c=k&4 */
	} c[] = {
		/* a or (b and c) */
		{ "dport 1 or sport 2 and dst 10.0.0.3", 0xea },
		{ "dport 1 or (sport 2 and dst 10.0.0.3)", 0xea },
		{ "dport 1 | sport 2 & dst 10.0.0.3", 0xea },
		{ "dport 1 || sport 2 dst 10.0.0.3", 0xea },
		/* (a or b) and c */
		{ "(dport 1 or sport 2) and dst 10.0.0.3", 0xe0 },
		/* (a and b) or c */
		{ "dport 1 and sport 2 or dst 10.0.0.3", 0xf8 },
		{ "dport 1 sport 2 or dst 10.0.0.3", 0xf8 },
		/* (not a) and b */
		{ "not dport 1 and sport 2", 0x44 },
		{ "! dport 1 sport 2", 0x44 },
		{ "!dport 1 && sport 2", 0x44 },
		/* not (a and b) */
		{ "not (dport 1 and sport 2)", 0x77 },
		/* (not a) or b */
		{ "not dport 1 or sport 2", 0xdd },
		/* a and (b or c) */
		{ "dport 1 and (sport 2 or dst 10.0.0.3)", 0xa8 },
		{ "not not dport 1", 0xaa },
		{ "not not not dport 1", 0x55 },
		{ "dport 1 or sport 2 or dst 10.0.0.3", 0xfe },
		{ "dport 1 and sport 2 and dst 10.0.0.3", 0x80 },
		{ "((dport 1) or ((sport 2)) and (dst 10.0.0.3))", 0xea },
	};

	(void)state;
	for (size_t i = 0; i < N(c); i++) {
		struct sv_filter *f = parse_ok(c[i].expr);
		unsigned int got = 0;

		for (int k = 0; k < 8; k++) {
			struct sv_sock s;

			abc_sock(&s, k);
			if (sv_filter_match(f, &s))
				got |= 1u << k;
		}
		if (got != c[i].truth)
			fail_msg("'%s': truth 0x%02x, want 0x%02x", c[i].expr, got, c[i].truth);
		sv_filter_free(f);
	}
}

static void test_text_comments(void **state)
{
	struct sv_filter *f = NULL;
	char err[256];

	(void)state;
	assert_int_equal(sv_filter_parse_text("# remote ssh\n"
					      "dport = 22 # the port\n"
					      "  or # and the other\n"
					      "\tsport = 22#no space\n", &f, err, sizeof(err)), 0);
	assert_int_equal(match_mask(f, false), B(S_V6_OUT) | B(S_SSH_IN));
	sv_filter_free(f);
}

/* Every message, exactly, as the command line reports it. */
static const struct {
	const char *in;
	const char *msg;
} error_cases[] = {
	{ "dport =", "expected a port after 'dport =' at word 3" },
	{ "dport", "expected a port after 'dport' at word 2" },
	{ "dport eq and sport 1", "expected a port after 'dport eq' at word 3" },
	{ "dport = 22 or )", "unexpected ')' at word 5" },
	{ "dport = 22 )", "unexpected ')' at word 4" },
	{ "()", "unexpected ')' at word 2" },
	{ "dprt 22", "unknown keyword 'dprt' at word 1" },
	{ "dport 22 and eq", "unexpected 'eq' at word 4" },
	{ "dev = lt", "expected a device after 'dev =' at word 3" },
	{ "( dport = 22", "missing ')' for '(' at word 1" },
	{ "((dport = 22) or (sport 1)", "missing ')' for '(' at word 1" },
	{ "dport = 70000", "port '70000' out of range at word 3" },
	{ "sport 99999999999999999999", "port '99999999999999999999' out of range at word 2" },
	{ "dport :", "invalid port ':' at word 2" },
	{ "dport = nosuchsvc", "unknown service 'nosuchsvc' at word 3" },
	{ "dport > *", "port '*' cannot be ordered at word 3" },
	{ "dev > lo", "operator '>' cannot follow 'dev' at word 2" },
	{ "dev geq lo", "operator 'geq' cannot follow 'dev' at word 2" },
	{ "src leq 10.0.0.1", "operator 'leq' cannot follow 'src' at word 2" },
	{ "dst < 10.0.0.1", "operator '<' cannot follow 'dst' at word 2" },
	{ "dport 22 and", "expected a condition after 'and' at word 4" },
	{ "not", "expected a condition after 'not' at word 2" },
	{ "(", "expected a condition after '(' at word 2" },
	{ "and dport 22", "unexpected 'and' at word 1" },
	{ "dport 22 or or sport 1", "unexpected 'or' at word 4" },
	{ "dport 22 = 5", "unexpected '=' at word 3" },
	{ "dst 10.0.0.0/33", "invalid prefix length in '10.0.0.0/33' at word 2" },
	{ "dst [::]/129", "invalid prefix length in '[::]/129' at word 2" },
	{ "dst 10.0.0.300", "invalid address '10.0.0.300' at word 2" },
	{ "dst 10.0.0", "invalid address '10.0.0' at word 2" },
	{ "dst [::1", "invalid address '[::1' at word 2" },
	{ "dst [::1]x", "invalid address '[::1]x' at word 2" },
	{ "dst [10.0.0.1]", "invalid address '[10.0.0.1]' at word 2" },
	{ "dst *:", "invalid port '*:' at word 2" },
	{ "src host.test/8", "invalid address 'host.test/8' at word 2" },
	{ "dst 10.0.0.1:99999", "port '99999' out of range at word 2" },
	{ "dst 10.0.0.1:nosuchsvc", "unknown service 'nosuchsvc' at word 2" },
	{ "dst nosuch.test", "cannot resolve host 'nosuch.test' (no such host (test)) at word 2" },
	{ "dst many.test", "host 'many.test' has more than 64 addresses at word 2" },
	{ "dev nosuchdev0", "unknown device 'nosuchdev0' at word 2" },
	{ "dev 99999999999", "invalid device index '99999999999' at word 2" },
	{ "fwmark = 0xzz", "invalid mark '0xzz' at word 3" },
	{ "fwmark = 1/", "invalid mark '1/' at word 3" },
	{ "fwmark 0x100000000", "invalid mark '0x100000000' at word 2" },
	{ "cgroup = /nope", "unknown cgroup '/nope' at word 3" },
	{ "class = wellknown", "unknown port class 'wellknown' at word 3" },
	{ "role = server", "unknown role 'server' at word 3" },
	{ "service = nosuchsvc", "unknown service 'nosuchsvc' at word 3" },
	{ "dport = and", "expected a port after 'dport =' at word 3" },
	{ "autobound or class dynamic",
	  "'autobound' (decided by the kernel) cannot be combined with "
	  "'class' (decided in user space) at word 3" },
	{ "role out and (not autobound)",
	  "'autobound' (decided by the kernel) cannot be combined with "
	  "'role' (decided in user space) at word 6" },
	{ "autobound = 1", "unexpected '=' at word 2" },
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(error_cases); i++) {
		const char *in = error_cases[i].in, *msg = error_cases[i].msg;
		char err[256] = "";
		int ret;
		struct sv_filter *f = parse_argv1(in, err, sizeof(err), &ret);

		assert_null(f);
		if (ret != -EINVAL || strcmp(err, msg) != 0)
			fail_msg("'%s': %d '%s', want '%s'", in, ret, err, msg);
	}
}

static void test_error_positions(void **state)
{
	char *const argv[] = { "(dport", "=", "22", "or", "sport=)" };
	struct sv_filter *f = NULL;
	char err[256], small[12];
	int ret;

	(void)state;
	/* argv positions count tokens, not argv words */
	assert_int_equal(sv_filter_parse_argv(5, argv, &f, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "expected a port after 'sport =' at word 8");
	/* -F text also names the line */
	f = parse("dport = 22\n\n  or\n)", err, sizeof(err), &ret);
	assert_int_equal(ret, -EINVAL);
	assert_string_equal(err, "unexpected ')' at word 5 (line 4)");
	f = parse("dport = 22 or\n", err, sizeof(err), &ret);
	assert_string_equal(err, "expected a condition after 'or' at word 5 (line 1)");
	/* a short buffer truncates, never overflows; NULL is fine */
	f = parse("dprt", small, sizeof(small), &ret);
	assert_int_equal(ret, -EINVAL);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	f = parse("dprt", NULL, 0, &ret);
	assert_int_equal(ret, -EINVAL);
	assert_null(f);
}

/* Text of depth '(' ... ')' around "dport 22". */
static char *nested(int depth, const char *open, const char *close)
{
	size_t lo = strlen(open), lc = strlen(close);
	char *s = malloc((size_t)depth * (lo + lc) + 16);
	char *q = s;

	for (int i = 0; i < depth; i++, q += lo)
		memcpy(q, open, lo);
	q += sprintf(q, "dport 22");
	for (int i = 0; i < depth; i++, q += lc)
		memcpy(q, close, lc);
	*q = '\0';
	return s;
}

static void test_depth(void **state)
{
	char err[256];
	int ret;
	char *s;
	struct sv_filter *f;

	(void)state;
	s = nested(10000, "(", ")");
	f = parse(s, err, sizeof(err), &ret);
	assert_int_equal(ret, -EINVAL);
	assert_null(f);
	assert_string_equal(err, "parentheses nested deeper than 256 levels at word 257 (line 1)");
	free(s);
	s = nested(10000, "( not ", ")");
	f = parse(s, err, sizeof(err), &ret);
	assert_int_equal(ret, -EINVAL);
	free(s);
	s = nested(256, "(", ")");
	f = parse_ok(s);
	assert_int_equal(match_mask(f, false), B(S_V6_OUT));
	sv_filter_free(f);
	free(s);
	/* negation chains fold, they need no depth */
	s = nested(100001, "not ", "");
	f = parse_ok(s);
	assert_int_equal(match_mask(f, false), ALL & ~B(S_V6_OUT));
	sv_filter_free(f);
	free(s);
}

/* A 100,000-term or chain is one n-ary node: parse and match it without
 * deep recursion. */
static void test_long_chain(void **state)
{
	size_t n = 100000;
	char *s = malloc(n * 16 + 16), *q = s;
	struct sv_filter *f;

	(void)state;
	for (size_t i = 0; i < n; i++) /* no pool socket has these ports */
		q += sprintf(q, "sport %zu or ", 61000 + i % 4000);
	sprintf(q, "dport 2013");
	f = parse_ok(s);
	assert_int_equal(match_mask(f, false), B(S_NOMARK));
	sv_filter_free(f);
	free(s);
}

/* ---- matcher ---- */

static void test_match_hosts(void **state)
{
	static const struct mcase c[] = {
		{ "src 10.0.0.1", B(S_SSH_IN) | B(S_NOMARK) },
		{ "src = 10.0.0.1", B(S_SSH_IN) | B(S_NOMARK) },
		{ "src == 10.0.0.1", B(S_SSH_IN) | B(S_NOMARK) },
		{ "src eq 10.0.0.1", B(S_SSH_IN) | B(S_NOMARK) },
		{ "src != 10.0.0.1", ALL & ~(B(S_SSH_IN) | B(S_NOMARK)) },
		{ "src ne 10.0.0.1", ALL & ~(B(S_SSH_IN) | B(S_NOMARK)) },
		{ "src neq 10.0.0.1", ALL & ~(B(S_SSH_IN) | B(S_NOMARK)) },
		/* IPv4 prefixes also match IPv4-mapped IPv6 sockets */
		{ "src 10.0.0.0/8", B(S_SSH_IN) | B(S_NOMARK) | B(S_MAPPED) | B(S_SYSLOG) },
		{ "src 10/8", B(S_SSH_IN) | B(S_NOMARK) | B(S_MAPPED) | B(S_SYSLOG) },
		{ "src 10.1.2.3", B(S_MAPPED) },
		{ "dst 172.16.0.0/12", B(S_MAPPED) },
		{ "src 10.0.0.6/31", B(S_SYSLOG) },
		{ "src 10.0.0.0/30", B(S_SSH_IN) | B(S_NOMARK) },
		/* /0 of a family: every socket of it, plus mapped ones */
		{ "src 0.0.0.0/0", ALL & ~(B(S_V6_LISTEN) | B(S_V6_OUT)) },
		{ "src [::]/0", B(S_V6_LISTEN) | B(S_MAPPED) | B(S_V6_OUT) },
		{ "src ::/0", B(S_V6_LISTEN) | B(S_MAPPED) | B(S_V6_OUT) },
		/* IPv6 conditions never match IPv4 sockets; mapped form is IPv6 */
		{ "src [::ffff:10.1.2.3]", B(S_MAPPED) },
		{ "src ::ffff:10.0.0.1", 0 },
		{ "src [2001:db8::1]", B(S_V6_LISTEN) },
		{ "src 2001:db8::1", B(S_V6_LISTEN) },
		{ "dst [2001:db8::]/32", B(S_V6_OUT) },
		{ "dst 2001:db8::/47", B(S_V6_OUT) },
		{ "dst 2001:db8::/48", 0 },
		{ "src [fe80::]/10", B(S_V6_OUT) },
		{ "src fe80::/10", B(S_V6_OUT) },
		/* ports with hosts check both */
		{ "src 10.0.0.1:22", B(S_SSH_IN) },
		{ "src 10.0.0.1:ssh", B(S_SSH_IN) },
		{ "src 10.0.0.0/8:22", B(S_SSH_IN) },
		{ "src [::ffff:10.1.2.3]:443", B(S_MAPPED) },
		{ "src 10.1.2.3:443", B(S_MAPPED) },
		{ "src 10.1.2.3:444", 0 },
		{ "dst [2001:db8:1::5]:22", B(S_V6_OUT) },
		{ "dst [2001:db8::]/16:22", B(S_V6_OUT) },
		{ "src *:443", B(S_MAPPED) },
		{ "dst :443", B(S_HTTPS_OUT) },
		{ "src *:*", ALL },
		{ "src *", ALL },
		{ "dst != *", 0 },
		{ "src 0.0.0.0", B(S_DNS) },
		/* host names: every address, or-ed */
		{ "dst multi.test", 0 },
		{ "not dst multi.test:22", ALL },
	};

	(void)state;
	run_cases(c, N(c));
}

static void test_match_resolved(void **state)
{
	struct sv_sock s = { .family = AF_INET, .table = SV_TABLE_TCP, .rport = 22 };
	struct sv_filter *f = parse_ok("dst multi.test:22");

	(void)state;
	inet_pton(AF_INET, "10.9.9.2", s.raddr);
	assert_true(sv_filter_match(f, &s));
	s.rport = 23;
	assert_false(sv_filter_match(f, &s));
	s.rport = 22;
	s.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::99", s.raddr);
	assert_true(sv_filter_match(f, &s));
	inet_pton(AF_INET6, "::ffff:10.9.9.1", s.raddr);
	assert_true(sv_filter_match(f, &s));
	sv_filter_free(f);
}

static void test_match_dev_mark_cgroup(void **state)
{
	static const struct mcase c[] = {
		{ "dev 2", B(S_SSH_IN) },
		{ "dev = 3", B(S_V6_OUT) },
		{ "dev != 2", ALL & ~B(S_SSH_IN) },
		{ "dev 0", ALL & ~(B(S_SSH_IN) | B(S_V6_OUT)) },
		{ "dev lo", 0 },
		{ "fwmark = 0x1234", B(S_SSH_IN) },
		{ "fwmark = 4660", B(S_SSH_IN) },
		{ "fwmark 0x34/0xff", B(S_SSH_IN) },
		{ "fwmark 0x1000/0xf000", B(S_SSH_IN) },
		{ "fwmark 0x10/0x10", B(S_SSH_IN) | B(S_V6_OUT) },
		/* stored masked: 0x11/0x10 means mark & 0x10 == 0x10 */
		{ "fwmark 0x11/0x10", B(S_SSH_IN) | B(S_V6_OUT) },
		/* no mark known (S_NOMARK): unknown, so neither = nor != */
		{ "fwmark = 0", ALL & ~(B(S_SSH_IN) | B(S_V6_OUT) | B(S_NOMARK)) },
		{ "fwmark != 0", B(S_SSH_IN) | B(S_V6_OUT) },
		{ "fwmark != 0 or dport 2013", B(S_SSH_IN) | B(S_V6_OUT) | B(S_NOMARK) },
		{ "cgroup = /app.slice", B(S_SSH_IN) },
		{ "cgroup app.slice", B(S_SSH_IN) },
		{ "cgroup != /app.slice", ALL & ~(B(S_SSH_IN) | B(S_NOMARK)) },
		{ "cgroup = /", 0 }, /* the root's inode is no socket's */
	};

	(void)state;
	run_cases(c, N(c));
}

/* user (the socket's owner), pid and comm (its holders, from the process
 * map: a socket no process holds matches neither). */
static void test_match_holders(void **state)
{
	static const struct mcase c[] = {
		{ "user 0", ALL & ~(B(S_HTTPS_OUT) | B(S_V6_LISTEN)) },
		{ "user root", ALL & ~(B(S_HTTPS_OUT) | B(S_V6_LISTEN)) },
		{ "user = 1000", B(S_HTTPS_OUT) },
		{ "user >= 33", B(S_HTTPS_OUT) | B(S_V6_LISTEN) },
		{ "user < 1000", ALL & ~B(S_HTTPS_OUT) },
		{ "user != 0", B(S_HTTPS_OUT) | B(S_V6_LISTEN) },
		{ "pid 812", B(S_SSH_IN) },
		{ "pid = 2002", B(S_HTTPS_OUT) },       /* any holder */
		{ "pid != 812", ALL & ~B(S_SSH_IN) },   /* no holder is 812 */
		{ "pid >= 900", B(S_HTTPS_OUT) | B(S_V6_LISTEN) },
		{ "pid < 900", B(S_SSH_IN) },
		{ "comm nginx", B(S_V6_LISTEN) },
		{ "comm nginx*", B(S_V6_LISTEN) },
		{ "comm nginx:*", B(S_V6_LISTEN) },
		{ "comm ng?nx", B(S_V6_LISTEN) },
		{ "comm [cs]*", B(S_SSH_IN) | B(S_HTTPS_OUT) },
		{ "comm NGINX", 0 },                    /* names are case-sensitive */
		{ "comm *", B(S_SSH_IN) | B(S_HTTPS_OUT) | B(S_V6_LISTEN) },
		{ "not comm *", ALL & ~(B(S_SSH_IN) | B(S_HTTPS_OUT) | B(S_V6_LISTEN)) },
		{ "comm != sshd", ALL & ~B(S_SSH_IN) },
		{ "comm curl and dport 443", B(S_HTTPS_OUT) },
		{ "user 0 and sport 22 or pid 900", B(S_SSH_IN) | B(S_V6_LISTEN) },
		/* what the cgroup names */
		{ "container 3f2a", B(S_V6_LISTEN) },
		{ "container 3F2A1B4C5D6E", B(S_V6_LISTEN) },
		{ "container 3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708",
		  B(S_V6_LISTEN) },
		{ "container aaaa1b", B(S_DNS) },                 /* a pod's container */
		{ "container 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", B(S_DNS) }, /* the pod */
		{ "container 0f1e2d3c", 0 },                     /* a uid is whole */
		{ "container != 3f2a", ALL & ~B(S_V6_LISTEN) },
		{ "container ffff", 0 },
		{ "container web", B(S_V6_LISTEN) },              /* the runtime's name */
		{ "container Web", 0 },                           /* exactly */
		{ "container we", 0 },                            /* not a prefix */
		{ "container abc", 0 },                           /* a name: none such */
		{ "container 3f2", 0 },                           /* 4 digits or more */
		{ "container != web", ALL & ~B(S_V6_LISTEN) },
		{ "unit ssh.service", B(S_SSH_IN) },
		{ "unit ssh*", B(S_SSH_IN) },
		{ "unit *.service", B(S_SSH_IN) },
		{ "unit 3f2a*", 0 },                             /* a container is no unit */
	};
	static const struct { const char *expr; const char *err; } bad[] = {
		{ "user sv_no_such_user_zz", "unknown user 'sv_no_such_user_zz' (a user "
		  "name or a uid) at word 2 (line 1)" },
		{ "user 4294967296", "unknown user '4294967296' (a user name or a uid) at "
		  "word 2 (line 1)" },
		{ "pid 0", "bad process id '0' (1 to 2147483647) at word 2 (line 1)" },
		{ "pid x", "bad process id 'x' (1 to 2147483647) at word 2 (line 1)" },
		{ "pid 2147483648", "bad process id '2147483648' (1 to 2147483647) at word 2 (line 1)" },
		{ "comm", "expected a process name after 'comm' at word 2 (line 1)" },
		{ "comm > a", "operator '>' cannot follow 'comm' at word 2 (line 1)" },
		{ "container aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "bad container 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' "
		  "(4 to 64 hex digits of its id, a pod uid, or a name) at word 2 (line 1)" },
		/* 256 letters: longer than any name (the message shows 64) */
		{ "unit < a", "operator '<' cannot follow 'unit' at word 2 (line 1)" },
	};
	struct sv_filter *f;

	(void)state;
	run_cases(c, N(c));
	for (size_t i = 0; i < N(bad); i++) {
		char err[256] = "";
		int ret;

		f = parse(bad[i].expr, err, sizeof(err), &ret);
		if (ret != -EINVAL || strcmp(err, bad[i].err) != 0)
			fail_msg("'%s': %d '%s', want '%s'", bad[i].expr, ret, err, bad[i].err);
		sv_filter_free(f);
	}
	f = parse_ok("pid 1");
	assert_true(sv_filter_needs_procs(f));
	assert_false(sv_filter_needs_enrich(f)); /* no role or class to decide */
	sv_filter_free(f);
	f = parse_ok("dport 1 or comm x");
	assert_true(sv_filter_needs_procs(f));
	sv_filter_free(f);
	f = parse_ok("user 0");
	assert_false(sv_filter_needs_procs(f)); /* the owner needs no map */
	assert_false(sv_filter_needs_containers(f));
	sv_filter_free(f);
	f = parse_ok("unit x or container 1234");
	assert_true(sv_filter_needs_containers(f));
	assert_false(sv_filter_needs_procs(f)); /* nor does the cgroup */
	sv_filter_free(f);
}

static void test_match_enriched(void **state)
{
	static const struct mcase c[] = {
		{ "class well-known", B(S_SSH_IN) | B(S_MAPPED) | B(S_DNS) },
		/* as the Class column: an ephemeral port is only "ephemeral" */
		{ "class = registered", B(S_V6_LISTEN) },
		{ "class dynamic", B(S_NOMARK) },
		{ "class ephemeral", B(S_HTTPS_OUT) | B(S_V6_OUT) | B(S_SYSLOG) },
		/* values in any case, as ss takes `state Established` */
		{ "class Ephemeral", B(S_HTTPS_OUT) | B(S_V6_OUT) | B(S_SYSLOG) },
		{ "class WELL-KNOWN", B(S_SSH_IN) | B(S_MAPPED) | B(S_DNS) },
		{ "role OUT", B(S_HTTPS_OUT) | B(S_V6_OUT) | B(S_NOMARK) | B(S_SYSLOG) },
		{ "role Listen", B(S_V6_LISTEN) | B(S_DNS) },
		{ "service HTTPS", B(S_HTTPS_OUT) | B(S_MAPPED) },
		{ "class != ephemeral", ALL & ~(B(S_HTTPS_OUT) | B(S_V6_OUT) | B(S_SYSLOG)) },
		{ "role listen", B(S_V6_LISTEN) | B(S_DNS) },
		{ "role in", B(S_SSH_IN) | B(S_MAPPED) },
		{ "role = out", B(S_HTTPS_OUT) | B(S_V6_OUT) | B(S_NOMARK) | B(S_SYSLOG) },
		{ "role != out", B(S_V6_LISTEN) | B(S_DNS) | B(S_SSH_IN) | B(S_MAPPED) },
		/* service: either port (not a client-side one), or s->service */
		{ "service ssh", B(S_SSH_IN) | B(S_V6_OUT) },
		{ "service SSH", B(S_SSH_IN) | B(S_V6_OUT) },
		{ "service https", B(S_HTTPS_OUT) | B(S_MAPPED) },
		{ "service domain", B(S_DNS) },
		{ "service syslog", B(S_SYSLOG) },
		/* an alias matches the primary name shown */
		{ "service www", 0 },
		{ "service http-alt", B(S_V6_LISTEN) },
		/* 45678 (eba) is S_HTTPS_OUT's ephemeral port: no name */
		{ "service eba", 0 },
		/* 40000 (safetynetp) is S_SSH_IN's client port: no name */
		{ "service = safetynetp", 0 },
		{ "service != ssh", ALL & ~(B(S_SSH_IN) | B(S_V6_OUT)) },
		{ "role out and class ephemeral and dport 443", B(S_HTTPS_OUT) },
	};

	(void)state;
	run_cases(c, N(c));
}

static void test_alias_service(void **state)
{
	struct sv_sock s = { .family = AF_INET, .table = SV_TABLE_TCP, .lport = 80,
			     .role = SV_ROLE_LISTEN };
	struct sv_filter *f = parse_ok("service www");

	(void)state;
	assert_true(sv_filter_needs_enrich(f));
	assert_true(sv_filter_match(f, &s));
	s.lport = 81;
	assert_false(sv_filter_match(f, &s));
	s.service = "WWW";
	assert_true(sv_filter_match(f, &s));
	sv_filter_free(f);
}

/* Pool sockets whose local port lies in the default ephemeral range. */
static unsigned int in_range_mask(void)
{
	struct sv_sock p[S_COUNT];
	unsigned int m = 0;

	pool(p);
	for (int i = 0; i < S_COUNT; i++)
		if (p[i].lport >= 32768 && p[i].lport <= 60999)
			m |= 1u << i;
	return m;
}

/* autobound, as ss defines it, is the kernel's AUTO (unknown in user
 * space) and a local port inside ip_local_port_range (known). */
static void test_autobound(void **state)
{
	const unsigned int r = in_range_mask(), d22 = B(S_V6_OUT);
	const struct {
		const char *expr;
		unsigned int user, kernel; /* match masks without/with kernel_applied */
	} c[] = {
		{ "autobound", 0, r },
		{ "not autobound", ALL & ~r, ALL },
		{ "autobound and dport 22", 0, r & d22 },
		{ "not autobound and dport 22", d22 & ~r, d22 },
		{ "autobound or dport 22", d22, r | d22 },
		{ "autobound and dport 22 or dport 443", B(S_HTTPS_OUT),
		  B(S_HTTPS_OUT) | (r & d22) },
	};

	(void)state;
	assert_true(r != 0 && r != ALL); /* the pool has both kinds */
	for (size_t i = 0; i < N(c); i++) {
		struct sv_filter *f = parse_ok(c[i].expr);

		assert_true(sv_filter_needs_kernel(f));
		assert_false(sv_filter_needs_enrich(f));
		if (match_mask(f, false) != c[i].user || match_mask(f, true) != c[i].kernel)
			fail_msg("'%s': 0x%x/0x%x", c[i].expr, match_mask(f, false),
				 match_mask(f, true));
		sv_filter_free(f);
	}
}

static void test_default_resolver(void **state)
{
	struct sv_filter *f = NULL;
	char err[256];
	struct sv_sock s = { .family = AF_INET, .table = SV_TABLE_TCP };

	(void)state;
	/* localhost comes from /etc/hosts, no DNS */
	assert_int_equal(sv_filter_parse_text("dst localhost", &f, err, sizeof(err)), 0);
	inet_pton(AF_INET, "127.0.0.1", s.raddr);
	assert_true(sv_filter_match(f, &s));
	sv_filter_free(f);
	assert_int_equal(sv_filter_parse_text("dev lo", &f, err, sizeof(err)), 0);
	sv_filter_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_operators),
		cmocka_unit_test(test_attached),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_text_comments),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_positions),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_long_chain),
		cmocka_unit_test(test_match_hosts),
		cmocka_unit_test(test_match_resolved),
		cmocka_unit_test(test_match_dev_mark_cgroup),
		cmocka_unit_test(test_match_holders),
		cmocka_unit_test(test_match_enriched),
		cmocka_unit_test(test_alias_service),
		cmocka_unit_test(test_autobound),
		cmocka_unit_test(test_default_resolver),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
