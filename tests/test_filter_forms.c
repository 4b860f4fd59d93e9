/* test_filter_forms.c - the filter forms of issue 7: family prefixes,
 * addresses as printed (%DEV), case and hints, escaped words in messages,
 * port names from the system services database, filter text with NUL
 * bytes, and three-valued decisions with their reasons. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <net/if.h>

#include "sockview/filter.h"
#include "sockview/sysservices.h"
#include "support/fpool.h"

#define V4 (B(S_SSH_IN) | B(S_HTTPS_OUT) | B(S_DNS) | B(S_NOMARK) | B(S_SYSLOG))
#define V6 (ALL & ~V4)

struct ecase {
	const char *in;
	const char *msg;
};

/* Each input fails with exactly its message, and no ESC byte in it. */
static void run_errors(const struct ecase *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char err[256] = "";
		int ret;
		struct sv_filter *f = parse_argv1(c[i].in, err, sizeof(err), &ret);

		assert_null(f);
		if (ret != -EINVAL || strcmp(err, c[i].msg) != 0)
			fail_msg("'%s': %d '%s', want '%s'", c[i].in, ret, err, c[i].msg);
		assert_null(strchr(err, '\033'));
	}
}

/* ---- family prefixes ---- */

static void test_family(void **state)
{
	static const struct mcase c[] = {
		{ "src inet:*", V4 },
		{ "dst inet:*", V4 },
		{ "src inet:", V4 },
		{ "src inet6:*", V6 },
		{ "src INET6:*", V6 },
		{ "not src inet:*", V6 },
		{ "src != inet:*", V6 },
		/* an IPv4 condition alone also takes IPv4-mapped addresses */
		{ "src 10.1.2.3", B(S_MAPPED) },
		{ "src inet:10.1.2.3", 0 },
		{ "src inet:10.0.0.0/8", B(S_SSH_IN) | B(S_NOMARK) | B(S_SYSLOG) },
		{ "src inet:10.0.0.1:22", B(S_SSH_IN) },
		{ "dst inet:*:443", B(S_HTTPS_OUT) },
		{ "src inet6:*:443", B(S_MAPPED) },
		{ "src inet6:[::ffff:10.1.2.3]", B(S_MAPPED) },
		{ "src inet6:[fe80::1]:50001", B(S_V6_OUT) },
		{ "src inet6:fe80::/10", B(S_V6_OUT) },
		{ "src inet6:[::]/0", V6 },
		{ "dst inet:multi.test or dst inet6:multi.test", 0 },
	};

	(void)state;
	run_cases(c, N(c));
}

static void test_family_names(void **state)
{
	struct sv_sock s = { .family = AF_INET, .table = SV_TABLE_TCP };
	struct sv_filter *v4 = parse_ok("dst inet:multi.test");
	struct sv_filter *v6 = parse_ok("dst inet6:multi.test");

	(void)state;
	inet_pton(AF_INET, "10.9.9.2", s.raddr);
	assert_true(sv_filter_match(v4, &s));
	assert_false(sv_filter_match(v6, &s));
	s.family = AF_INET6;
	inet_pton(AF_INET6, "::ffff:10.9.9.1", s.raddr);
	assert_false(sv_filter_match(v4, &s));
	assert_false(sv_filter_match(v6, &s));
	inet_pton(AF_INET6, "2001:db8::99", s.raddr);
	assert_false(sv_filter_match(v4, &s));
	assert_true(sv_filter_match(v6, &s));
	sv_filter_free(v4);
	sv_filter_free(v6);
}

static void test_family_errors(void **state)
{
	static const struct ecase c[] = {
		/* ss's forms: link:PROTO[:IFACE], netlink:PROTO[:PORTID] */
		{ "src link:eth0", "unknown link-layer protocol 'eth0' at word 2" },
		{ "dst netlink:kernel", "unknown netlink protocol 'kernel' at word 2" },
		{ "src vsock:3:22", "address 'vsock:3:22' is for vsock sockets, "
		  "whose addresses sockview does not filter yet at word 2" },
		{ "src inet6:10.0.0.1", "address 'inet6:10.0.0.1' is not of its "
		  "prefix's family at word 2" },
		{ "src inet:[::1]", "address 'inet:[::1]' is not of its prefix's family at word 2" },
		{ "dst inet6:v4.test", "host 'v4.test' has no IPv6 address at word 2" },
		{ "dst inet:nosuch.test", "cannot resolve host 'nosuch.test' "
		  "(no such host (test)) at word 2" },
		{ "dst inet:10.0.0.1:70000", "port '70000' out of range at word 2" },
	};

	(void)state;
	run_errors(c, N(c));
}

/* ---- addresses as printed ---- */

static void test_pasted(void **state)
{
	static const struct mcase c[] = {
		/* %DEV: bound to that device (pool: S_SSH_IN dev 2, S_V6_OUT dev 3) */
		{ "src 10.0.0.1%2:22", B(S_SSH_IN) },
		{ "src 10.0.0.1%2", B(S_SSH_IN) },
		{ "src 10.0.0.1%3:22", 0 },
		{ "src != 10.0.0.1%2:22", ALL & ~B(S_SSH_IN) },
		{ "src [fe80::1]%3", B(S_V6_OUT) },
		{ "src [fe80::1]%3:50001", B(S_V6_OUT) },
		{ "src [fe80::1]%3:50002", 0 },
		{ "src fe80::1%3", B(S_V6_OUT) },
		{ "src [fe80::1]%2", 0 },
		{ "src *%2:22", B(S_SSH_IN) },
		{ "src inet:10.0.0.1%2:22", B(S_SSH_IN) },
		/* the wildcard forms ss prints */
		{ "dst [2001:db8:1::5]:22", B(S_V6_OUT) },
		{ "src *:22", B(S_SSH_IN) },
		{ "src 0.0.0.0:*", B(S_DNS) },
		{ "dst [::]:*", B(S_V6_LISTEN) },
		{ "src [::]:*", 0 },
	};

	(void)state;
	run_cases(c, N(c));
}

/* %DEV by name: the sockets of 127.0.0.53%lo:53, as ss prints them. */
static void test_pasted_name(void **state)
{
	struct sv_sock s = { .family = AF_INET, .table = SV_TABLE_UDP, .lport = 53 };
	struct sv_filter *f = parse_ok("src 127.0.0.53%lo:53");
	struct sv_filter *g = parse_ok("src [::1]%lo");

	(void)state;
	inet_pton(AF_INET, "127.0.0.53", s.laddr);
	s.ifindex = if_nametoindex("lo");
	assert_true(s.ifindex != 0);
	assert_true(sv_filter_match(f, &s));
	s.lport = 54;
	assert_false(sv_filter_match(f, &s));
	s.lport = 53;
	s.ifindex = 0;
	assert_false(sv_filter_match(f, &s));
	s.family = AF_INET6;
	inet_pton(AF_INET6, "::1", s.laddr);
	assert_false(sv_filter_match(g, &s));
	s.ifindex = if_nametoindex("lo");
	assert_true(sv_filter_match(g, &s));
	sv_filter_free(f);
	sv_filter_free(g);
}

static void test_pasted_errors(void **state)
{
	static const struct ecase c[] = {
		{ "src 10.0.0.1%nosuchdev0:22", "unknown device in "
		  "'10.0.0.1%nosuchdev0:22' at word 2" },
		{ "src [fe80::1]%nosuchdev0", "unknown device in '[fe80::1]%nosuchdev0' at word 2" },
		{ "src fe80::1%lo:22", "unknown device in 'fe80::1%lo:22' at word 2" },
		{ "src 10.0.0.1%averyveryverylongdevicename:22", "unknown device in "
		  "'10.0.0.1%averyveryverylongdevicename:22' at word 2" },
		{ "src 10.0.0.1:22%lo", "invalid address '10.0.0.1:22%lo' at word 2" },
		{ "src [fe80::]/64%lo", "invalid address '[fe80::]/64%lo' at word 2" },
		{ "src 10.0.0.1%:22", "invalid address '10.0.0.1%:22' at word 2" },
		{ "src 10.0.0.1%lo:nosuchsvc", "unknown service 'nosuchsvc' at word 2" },
	};

	(void)state;
	run_errors(c, N(c));
}

/* ---- case, hints, escaping ---- */

static void test_case_and_hints(void **state)
{
	static const char lc[] = " (keywords and operators are lower-case: did you mean ";
	char m[16][160];
	const struct ecase c[] = {
		{ "DPORT = 22", strcat(strcpy(m[0], "unknown keyword 'DPORT' at word 1"), lc) },
		{ "Src 10.0.0.1", strcat(strcpy(m[1], "unknown keyword 'Src' at word 1"), lc) },
		{ "dport EQ 22", strcat(strcpy(m[2], "unknown operator 'EQ' at word 2"), lc) },
		{ "dport NEQ 22", strcat(strcpy(m[3], "unknown operator 'NEQ' at word 2"), lc) },
		{ "sport Geq 1", strcat(strcpy(m[4], "unknown operator 'Geq' at word 2"), lc) },
		{ "dport = 22 AND sport 1",
		  strcat(strcpy(m[5], "unknown keyword 'AND' at word 4"), lc) },
		{ "dport 22 OR sport 1", strcat(strcpy(m[6], "unknown keyword 'OR' at word 3"), lc) },
		{ "NOT dport 22", strcat(strcpy(m[7], "unknown keyword 'NOT' at word 1"), lc) },
		{ "established", "unknown keyword 'established' at word 1 "
		  "(did you mean 'state established'?)" },
		{ "listening", "unknown keyword 'listening' at word 1 "
		  "(did you mean 'state listening'?)" },
		{ "time-wait", "unknown keyword 'time-wait' at word 1 "
		  "(did you mean 'state time-wait'?)" },
		{ "dport 22 or Syn-Sent", "unknown keyword 'Syn-Sent' at word 4 "
		  "(did you mean 'state Syn-Sent'?)" },
		{ "dport 22 state established", "unknown keyword 'state' at word 3 "
		  "(state words come before the filter expression)" },
	};
	static const char *const fixes[] = { "dport", "src", "eq", "neq", "geq", "and",
					     "or", "not" };

	(void)state;
	for (size_t i = 0; i < N(fixes); i++) {
		size_t l = strlen(m[i]);

		snprintf(m[i] + l, sizeof(m[i]) - l, "'%s'?)", fixes[i]);
	}
	run_errors(c, N(c));
}

/* Words echoed in messages are escaped: no control byte reaches a
 * terminal raw. */
static void test_escaped(void **state)
{
	static const struct ecase c[] = {
		{ "\033[31mRED", "unknown keyword '\\x1b[31mRED' at word 1" },
		{ "dport = :\033[2J", "unknown service ':\\x1b[2J' at word 3" },
		{ "dport = 22 \a", "unknown keyword '\\x07' at word 4" },
		{ "dev \033", "unknown device '\\x1b' at word 2" },
		{ "src 10.0.0.\033", "cannot resolve host '10.0.0.\\x1b' "
		  "(no such host (test)) at word 2" },
		{ "src 10.0.0.1:\033", "unknown service '\\x1b' at word 2" },
		{ "class \"x\\", "unknown port class '\\\"x\\\\' at word 2" },
		{ "dport 22 )\033", "unexpected ')' at word 3" },
		{ "\033\033\033\033\033\033\033\033\033\033\033\033\033\033\033\033\033",
		  "unknown keyword '\\x1b\\x1b\\x1b\\x1b\\x1b\\x1b\\x1b\\x1b\\x1b\\x1b"
		  "\\x1b\\x1b\\x1b\\x1b\\x1b\\x1b' at word 1" },
	};

	(void)state;
	run_errors(c, N(c));
}

/* ---- the system services database ---- */

static const char *const alt_al[] = { "webcache", NULL };
static const char *const imap_al[] = { "imap", NULL };
static const char *const pg_al[] = { "postgres", NULL };
static const char *const pop_al[] = { "pop-3", NULL };
static const char *const rpc_al[] = { "portmapper", NULL };
static const struct sv_sysservices_entry sysdb[] = {
	{ "ssh", NULL, 22, SV_PROTO_TCP },
	{ "pop3", pop_al, 110, SV_PROTO_TCP },
	{ "sunrpc", rpc_al, 111, SV_PROTO_TCP },
	{ "sunrpc", rpc_al, 111, SV_PROTO_UDP },
	{ "imap2", imap_al, 143, SV_PROTO_TCP },
	{ "syslog", NULL, 514, SV_PROTO_UDP },
	{ "postgresql", pg_al, 5432, SV_PROTO_TCP },
	{ "http-alt", alt_al, 8080, SV_PROTO_TCP },
	{ "myapp", NULL, 10002, SV_PROTO_TCP },
	{ "myapp", NULL, 10003, SV_PROTO_UDP },
};

/* Does expr (with or without the database) match a socket of table t on
 * local port lport and remote port rport? */
static bool sys_match(const char *expr, bool with_db, enum sv_table t, uint16_t lport,
		      uint16_t rport)
{
	struct sv_filter_parse_opts o = popts;
	struct sv_sysservices *db = NULL;
	struct sv_sock s = { .family = AF_INET, .table = (uint8_t)t, .lport = lport,
			     .rport = rport };
	struct sv_filter *f = NULL;
	char err[256];
	bool m;

	assert_int_equal(sv_sysservices_new(sysdb, N(sysdb), &db), 0);
	o.services = with_db ? db : NULL;
	if (sv_filter_parse_text_with(expr, &o, &f, err, sizeof(err)) != 0)
		fail_msg("'%s': %s", expr, err);
	m = sv_filter_match(f, &s);
	sv_filter_free(f);
	sv_sysservices_free(db); /* the filter keeps no pointer into it */
	return m;
}

static void test_system_names(void **state)
{
	const enum sv_table T = SV_TABLE_TCP, U = SV_TABLE_UDP;

	(void)state;
	/* a local name, with a port per protocol */
	assert_true(sys_match("sport = :myapp", true, T, 10002, 0));
	assert_false(sys_match("sport = :myapp", true, T, 10003, 0));
	assert_true(sys_match("sport = :myapp", true, U, 10003, 0));
	assert_false(sys_match("sport = :myapp", true, U, 10002, 0));
	assert_true(sys_match("src 10.0.0.0/8:myapp or src *:myapp", true, U, 10003, 0));
	/* one port, as ss: http-alt is 8080, not also IANA's 591 and 8008 */
	assert_true(sys_match("dport = :http-alt", true, T, 0, 8080));
	assert_false(sys_match("dport = :http-alt", true, T, 0, 591));
	assert_false(sys_match("dport = :http-alt", true, T, 0, 8008));
	assert_true(sys_match("dport = :http-alt", false, T, 0, 591));
	assert_true(sys_match("dport = :http-alt", false, T, 0, 8008));
	assert_true(sys_match("sport > :http-alt", true, T, 8081, 0));
	assert_false(sys_match("sport > :http-alt", true, T, 8080, 0));
	assert_false(sys_match("sport > :http-alt", true, T, 600, 0));
	assert_true(sys_match("sport > :http-alt", false, T, 600, 0));
	/* Debian's aliases */
	assert_true(sys_match("dport = :webcache", true, T, 0, 8080));
	assert_true(sys_match("dport = :imap2", true, T, 0, 143));
	assert_true(sys_match("dport = :imap", true, T, 0, 143));
	assert_true(sys_match("dport = :postgres", true, T, 0, 5432));
	assert_true(sys_match("dport = :pop-3", true, T, 0, 110));
	assert_true(sys_match("dport = :portmapper", true, U, 0, 111));
	/* a udp-only name applies to tcp too (ss: when it lists both) */
	assert_true(sys_match("dport = :syslog", true, T, 0, 514));
	/* names the database does not have in that case fall back to IANA */
	assert_true(sys_match("dport = :SSH", true, T, 0, 22));
}

static void test_system_errors(void **state)
{
	struct sv_filter_parse_opts o = popts;
	struct sv_sysservices *db = NULL;
	static const struct ecase c[] = {
		/* the C library compares names exactly; IANA has no myapp */
		{ "dport = :MYAPP", "unknown service ':MYAPP' at word 3" },
		/* `service` names IANA's services, as the Service column */
		{ "service myapp", "unknown service 'myapp' at word 2" },
		{ "dport = :imap2x", "unknown service ':imap2x' at word 3" },
	};

	(void)state;
	assert_int_equal(sv_sysservices_new(sysdb, N(sysdb), &db), 0);
	o.services = db;
	for (size_t i = 0; i < N(c); i++) {
		struct sv_filter *f = NULL;
		char err[256];

		assert_int_equal(sv_filter_parse_text_with(c[i].in, &o, &f, err, sizeof(err)),
				 -EINVAL);
		if (strstr(err, c[i].msg) != err)
			fail_msg("'%s': '%s', want '%s'", c[i].in, err, c[i].msg);
	}
	/* without the database, Debian's aliases are unknown (IANA lists
	 * imap2 with no port) */
	run_errors((const struct ecase[]){
		{ "dport = :postgres", "unknown service ':postgres' at word 3" },
		{ "dport = :imap2", "unknown service ':imap2' at word 3" } }, 2);
	sv_sysservices_free(db);
}

/* ---- filter text with a length ---- */

static void test_parse_buf(void **state)
{
	static const char nul0[] = "\0dport 22";
	static const char nul2[] = "dport = 22\nor\0sport 1";
	static const char com[] = "# c\n\0";
	static const char cut[] = "dport 22XYZ";
	struct sv_filter *f = (struct sv_filter *)1;
	char err[128];

	(void)state;
	assert_int_equal(sv_filter_parse_buf_with(nul0, sizeof(nul0) - 1, &popts, &f, err,
						  sizeof(err)), -EINVAL);
	assert_null(f);
	assert_string_equal(err, "NUL byte at byte 0 (line 1)");
	assert_int_equal(sv_filter_parse_buf_with(nul2, sizeof(nul2) - 1, &popts, &f, err,
						  sizeof(err)), -EINVAL);
	assert_string_equal(err, "NUL byte at byte 13 (line 2)");
	assert_int_equal(sv_filter_parse_buf_with(com, sizeof(com) - 1, &popts, &f, err,
						  sizeof(err)), -EINVAL);
	assert_string_equal(err, "NUL byte at byte 4 (line 2)");
	/* the length ends the text, not a NUL */
	assert_int_equal(sv_filter_parse_buf_with(cut, 8, &popts, &f, err, sizeof(err)), 0);
	assert_int_equal(match_mask(f, false), B(S_V6_OUT));
	sv_filter_free(f);
	assert_int_equal(sv_filter_parse_buf_with(NULL, 0, &popts, &f, err, sizeof(err)), 0);
	assert_null(f);
	assert_int_equal(sv_filter_parse_buf_with(NULL, 1, &popts, &f, err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(sv_filter_parse_buf_with(cut, 5, &popts, NULL, err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(sv_filter_parse_buf_with(nul2, sizeof(nul2) - 1, &popts, &f, NULL, 0),
			 -EINVAL);
}

/* ---- three-valued decisions ---- */

static void test_decide(void **state)
{
	const unsigned int M = SV_FILTER_WHY_MARK, C = SV_FILTER_WHY_CGROUP,
			   K = SV_FILTER_WHY_KERNEL;
	const struct {
		const char *expr;
		int sock;
		enum sv_filter_verdict v;
		unsigned int why;
	} c[] = {
		{ "fwmark = 0", S_NOMARK, SV_FILTER_UNDECIDED, M },
		{ "fwmark = 0", S_SSH_IN, SV_FILTER_NO, 0 },
		{ "fwmark = 0x1234", S_SSH_IN, SV_FILTER_YES, 0 },
		{ "not fwmark = 0", S_NOMARK, SV_FILTER_UNDECIDED, M },
		{ "cgroup = /app.slice", S_NOMARK, SV_FILTER_UNDECIDED, C },
		{ "autobound", S_NOMARK, SV_FILTER_UNDECIDED, K },
		{ "autobound", S_SSH_IN, SV_FILTER_NO, 0 }, /* port 22: not in the range */
		{ "fwmark = 0 or cgroup = /app.slice", S_NOMARK, SV_FILTER_UNDECIDED, M | C },
		{ "fwmark = 0 and cgroup = /app.slice", S_NOMARK, SV_FILTER_UNDECIDED, M | C },
		{ "fwmark = 0 and dport 1", S_NOMARK, SV_FILTER_NO, 0 },
		{ "fwmark = 0 or dport 2013", S_NOMARK, SV_FILTER_YES, 0 },
		/* a decided part brings no reason of its own */
		{ "(fwmark = 0 or dport 1) and (autobound or dport 2013)", S_NOMARK,
		  SV_FILTER_UNDECIDED, M },
		{ "(fwmark = 0 or dport 1) and (autobound or dport 1)", S_NOMARK,
		  SV_FILTER_UNDECIDED, M | K },
	};
	struct sv_sock p[S_COUNT];
	const struct sv_filter_match_opts kopt = { .kernel_applied = true };

	(void)state;
	pool(p);
	for (size_t i = 0; i < N(c); i++) {
		struct sv_filter *f = parse_ok(c[i].expr);
		unsigned int why = 99;
		enum sv_filter_verdict v = sv_filter_decide(f, &p[c[i].sock], NULL, &why);

		if (v != c[i].v || why != c[i].why)
			fail_msg("'%s': verdict %d why %u, want %d %u", c[i].expr, (int)v, why,
				 (int)c[i].v, c[i].why);
		assert_int_equal(sv_filter_match(f, &p[c[i].sock]), v == SV_FILTER_YES);
		/* the kernel's acceptance resolves the unknown */
		v = sv_filter_decide(f, &p[c[i].sock], &kopt, &why);
		assert_int_equal(v, c[i].v == SV_FILTER_NO ? SV_FILTER_NO : SV_FILTER_YES);
		assert_int_equal(why, 0);
		assert_int_equal(sv_filter_match_with(f, &p[c[i].sock], &kopt),
				 v == SV_FILTER_YES);
		assert_int_equal(sv_filter_decide(f, &p[c[i].sock], NULL, NULL), c[i].v);
		sv_filter_free(f);
	}
	assert_int_equal(sv_filter_decide(NULL, &p[0], NULL, NULL), SV_FILTER_YES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family),
		cmocka_unit_test(test_family_names),
		cmocka_unit_test(test_family_errors),
		cmocka_unit_test(test_pasted),
		cmocka_unit_test(test_pasted_name),
		cmocka_unit_test(test_pasted_errors),
		cmocka_unit_test(test_case_and_hints),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_system_names),
		cmocka_unit_test(test_system_errors),
		cmocka_unit_test(test_parse_buf),
		cmocka_unit_test(test_decide),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
