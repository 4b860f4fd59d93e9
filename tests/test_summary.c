/* test_summary.c - cmocka suite for -s: the sockstat/snmp parsers, the reader
 * on a procroot, and the ss -s text checked against captured ss -s output. */
#define _GNU_SOURCE /* open_memstream, setresuid */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sockview/summary.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define FIXTURES SV_TEST_DATA "/summary"

/* Populations captured by tests/data/summary/live.sh capture: the three
 * /proc/net files and ss -s, at one moment, in one network namespace. */
static const char *const populations[] = { "empty", "basic", "mixed", "big",
					   "v6only" };

static const char *const files[] = { "sockstat", "sockstat6", "snmp" };

/* ---- helpers ----------------------------------------------------------- */

/* The whole file in a malloc'd, NUL-terminated buffer. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

typedef int (*parse_fn)(const char *, size_t, struct sv_summary *, char *,
			size_t);

/* Parses an exact-size heap copy (no NUL after it): ASan sees any read past
 * len. */
static int parse_exact(parse_fn parse, const char *text, size_t len,
		       struct sv_summary *s, char *err, size_t errlen)
{
	char *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, text, len);
	ret = parse(copy, len, s, err, errlen);
	free(copy);
	return ret;
}

/* sv_summary_print into a string. */
static char *print_str(const struct sv_summary *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(sv_summary_print(f, s), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void assert_text(const char *got, const char *want, const char *what)
{
	if (strcmp(got, want) != 0)
		fail_msg("%s: got\n%s\nwant\n%s", what, got, want);
}

/* ---- fixtures: parse, print, compare with the captured ss -s ---------- */

/* The pure parsers on each captured file, then the printer. */
static void test_fixtures_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(populations); i++) {
		struct sv_summary s = { 0 };
		char path[512], err[256] = "", *want, *got;

		for (size_t j = 0; j < ARRAY_LEN(files); j++) {
			size_t len;
			char *text;
			parse_fn parse = strcmp(files[j], "snmp") == 0 ?
				sv_summary_parse_snmp : sv_summary_parse_sockstat;

			snprintf(path, sizeof(path), "%s/%s/net/%s", FIXTURES,
				 populations[i], files[j]);
			text = slurp(path, &len);
			if (parse_exact(parse, text, len, &s, err, sizeof(err)) != 0)
				fail_msg("%s: %s", path, err);
			free(text);
		}
		assert_int_equal(s.found, (1u << 14) - 1);
		snprintf(path, sizeof(path), "%s/%s/ss-s.txt", FIXTURES,
			 populations[i]);
		want = slurp(path, NULL);
		got = print_str(&s);
		assert_text(got, want, populations[i]);
		free(got);
		free(want);
	}
}

/* sv_summary_read with each fixture directory as procroot. */
static void test_fixtures_read(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(populations); i++) {
		struct sv_summary s;
		char root[512], path[600], err[512] = "", *want, *got;

		snprintf(root, sizeof(root), "%s/%s", FIXTURES, populations[i]);
		if (sv_summary_read(root, &s, err, sizeof(err)) != 0)
			fail_msg("%s: %s", root, err);
		snprintf(path, sizeof(path), "%s/ss-s.txt", root);
		want = slurp(path, NULL);
		got = print_str(&s);
		assert_text(got, want, populations[i]);
		free(got);
		free(want);
	}
}

/* Every field of one population, against its sockstat text. */
static void test_fixture_values(void **state)
{
	struct sv_summary s;
	char err[512];

	(void)state;
	assert_int_equal(sv_summary_read(FIXTURES "/mixed", &s, err, sizeof(err)), 0);
	assert_int_equal(s.sockets_used, 185);
	assert_int_equal(s.tcp_inuse, 99);
	assert_int_equal(s.tcp_orphan, 3);
	assert_int_equal(s.tcp_tw, 42);
	assert_int_equal(s.tcp_alloc, 9677);
	assert_int_equal(s.tcp_mem, 2710);
	assert_int_equal(s.udp_inuse, 17);
	assert_int_equal(s.raw_inuse, 3);
	assert_int_equal(s.frag_inuse, 4);
	assert_int_equal(s.tcp6_inuse, 51);
	assert_int_equal(s.udp6_inuse, 9);
	assert_int_equal(s.raw6_inuse, 2);
	assert_int_equal(s.frag6_inuse, 3);
	assert_int_equal(s.tcp_estab, 138);
}

/* ---- the parsers on hand-made text ------------------------------------ */

struct bad_case {
	const char *text;
	size_t len; /* 0: strlen(text) */
	const char *err;
};

static const struct bad_case bad_sockstat[] = {
	{ "", 0, "empty input" },
	{ "garbage", 0, "line 1: expected \"KEY:\" at the start, got \"garbage\"" },
	{ "\x01\x02\x7f\n", 0, "line 1: expected \"KEY:\" at the start, got \"???\"" },
	/* missing colon */
	{ "sockets: used 3\nTCP inuse 1 orphan 0\n", 0,
	  "line 2: expected \"KEY:\" at the start, got \"TCP\"" },
	{ "TCP:inuse 1\n", 0, "line 1: expected \"KEY:\" at the start, got \"TCP:inuse\"" },
	{ ": inuse 1\n", 0, "line 1: expected \"KEY:\" at the start, got \":\"" },
	/* truncated line */
	{ "sockets: used 14\nTCP: inuse 1 orphan", 0, "line 2: \"orphan\" has no value" },
	{ "sockets: used 14\nTCP: inuse 1 orphan\n", 0, "line 2: \"orphan\" has no value" },
	{ "TCP:\n", 0, "line 1: no counters after \"TCP:\"" },
	/* huge numbers */
	{ "TCP: inuse 99999999999999999999\n", 0,
	  "line 1: \"99999999999999999999\" is out of range" },
	{ "TCP: inuse 9223372036854775808\n", 0,
	  "line 1: \"9223372036854775808\" is out of range" },
	{ "TCP: inuse -9223372036854775809\n", 0,
	  "line 1: \"-9223372036854775809\" is out of range" },
	{ "TCP: inuse 123456789012345678901234567890\n", 0,
	  "line 1: \"123456789012345678901234...\" is out of range" },
	/* not numbers, not names */
	{ "TCP: inuse x\n", 0, "line 1: \"x\" is not a number" },
	{ "TCP: inuse -\n", 0, "line 1: \"-\" is not a number" },
	{ "TCP: inuse +1\n", 0, "line 1: \"+1\" is not a number" },
	{ "TCP: inuse 0x10\n", 0, "line 1: \"0x10\" is not a number" },
	{ "TCP: inuse 1\r\n", 0, "line 1: \"1?\" is not a number" },
	{ "TCP: inuse 1\0 orphan 0\n", 23, "line 1: \"1?\" is not a number" },
	{ "TCP: 5 inuse\n", 0, "line 1: \"5\" is not a counter name" },
	{ "TCP: in\"use 5\n", 0, "line 1: \"in\"use\" is not a counter name" },
	/* blank lines */
	{ "sockets: used 1\n\nTCP: inuse 1\n", 0, "line 2: blank line" },
	{ "\n", 0, "line 1: blank line" },
	{ "sockets: used 1\n  \t \n", 0, "line 2: blank line" },
	/* the other kind of file */
	{ "Ip: Forwarding DefaultTTL\nIp: 1 64\n", 0,
	  "line 1: \"DefaultTTL\" is not a number" },
};

static const struct bad_case bad_snmp[] = {
	{ "", 0, "empty input" },
	{ "garbage\n", 0, "line 1: expected \"KEY:\" at the start, got \"garbage\"" },
	{ "Tcp CurrEstab\nTcp 1\n", 0,
	  "line 1: expected \"KEY:\" at the start, got \"Tcp\"" },
	{ "Tcp: CurrEstab\nTcp 1\n", 0,
	  "line 2: expected \"KEY:\" at the start, got \"Tcp\"" },
	/* truncated: no value line, or a value line cut short */
	{ "Tcp: MaxConn CurrEstab\n", 0, "line 1: \"Tcp:\" has no line of values" },
	{ "Tcp: MaxConn CurrEstab\nTcp: -1", 0, "line 2: no value for \"CurrEstab\"" },
	{ "Ip: A\nIp: 1\nTcp: MaxConn CurrEstab\nTcp: -1 5 7\n", 0,
	  "line 4: more values than names on line 3" },
	{ "Tcp: A\nUdp: 1\n", 0, "line 2: \"Udp:\" after \"Tcp:\" on line 1" },
	{ "Tcp: CurrEstab\nTcp: 99999999999999999999\n", 0,
	  "line 2: \"99999999999999999999\" is out of range" },
	{ "Tcp: CurrEstab\nTcp: x\n", 0, "line 2: \"x\" is not a number" },
	{ "Tcp: 1\nTcp: 1\n", 0, "line 1: \"1\" is not a counter name" },
	{ "Tcp:\nTcp:\n", 0, "line 1: no counters after \"Tcp:\"" },
	{ "Tcp: A\n\n", 0, "line 2: blank line" },
	{ "\n", 0, "line 1: blank line" },
	/* the other kind of file */
	{ "sockets: used 14\nTCP: inuse 1\n", 0,
	  "line 1: \"14\" is not a counter name" },
};

/* Each bad text: -EINVAL, the exact message, *s untouched. */
static void check_bad(parse_fn parse, const struct bad_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct sv_summary s, before;
		size_t len = c[i].len ? c[i].len : strlen(c[i].text);
		char err[256] = "";
		int ret;

		memset(&s, 0x5a, sizeof(s));
		before = s;
		ret = parse_exact(parse, c[i].text, len, &s, err, sizeof(err));
		if (ret != -EINVAL)
			fail_msg("case %zu: %d, want -EINVAL", i, ret);
		if (strcmp(err, c[i].err) != 0)
			fail_msg("case %zu: \"%s\", want \"%s\"", i, err, c[i].err);
		assert_memory_equal(&s, &before, sizeof(s));
		/* no buffer for the message: same answer, no crash */
		assert_int_equal(parse_exact(parse, c[i].text, len, &s, NULL, 0),
				 -EINVAL);
		err[0] = 'x';
		assert_int_equal(parse_exact(parse, c[i].text, len, &s, err, 1),
				 -EINVAL);
		assert_int_equal(err[0], '\0');
	}
}

static void test_sockstat_bad(void **state)
{
	(void)state;
	check_bad(sv_summary_parse_sockstat, bad_sockstat, ARRAY_LEN(bad_sockstat));
}

static void test_snmp_bad(void **state)
{
	(void)state;
	check_bad(sv_summary_parse_snmp, bad_snmp, ARRAY_LEN(bad_snmp));
}

/* Unknown keys and names are skipped; what is absent is left alone. */
static void test_sockstat_good(void **state)
{
	static const char text[] =
		"sockets: used 7\n"
		"TCP: inuse 4 orphan 1 tw 2 alloc 9 mem 3 future 8\n"
		"NEWPROTO: inuse 5 mem 6\n"
		"UDP:\tinuse   -9223372036854775808 mem 0\n"
		"FRAG6: inuse 9223372036854775807 memory 0"; /* no final newline */
	struct sv_summary s;
	char err[128] = "";

	(void)state;
	memset(&s, 0, sizeof(s));
	s.raw_inuse = 77;
	assert_int_equal(parse_exact(sv_summary_parse_sockstat, text,
				     sizeof(text) - 1, &s, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(s.sockets_used, 7);
	assert_int_equal(s.tcp_inuse, 4);
	assert_int_equal(s.tcp_orphan, 1);
	assert_int_equal(s.tcp_tw, 2);
	assert_int_equal(s.tcp_alloc, 9);
	assert_int_equal(s.tcp_mem, 3);
	assert_true(s.udp_inuse == LONG_MIN);
	assert_true(s.frag6_inuse == LONG_MAX);
	assert_int_equal(s.raw_inuse, 77);
	assert_int_equal(s.found, SV_SUMMARY_HAVE_SOCKETS_USED |
			 SV_SUMMARY_HAVE_TCP_INUSE | SV_SUMMARY_HAVE_TCP_ORPHAN |
			 SV_SUMMARY_HAVE_TCP_TW | SV_SUMMARY_HAVE_TCP_ALLOC |
			 SV_SUMMARY_HAVE_TCP_MEM | SV_SUMMARY_HAVE_UDP_INUSE |
			 SV_SUMMARY_HAVE_FRAG6_INUSE);
}

static void test_snmp_good(void **state)
{
	static const char text[] =
		"Ip: Forwarding DefaultTTL\nIp: 2 64\n"
		"IcmpMsg: InType3 OutType3\nIcmpMsg: 1 1\n"
		"Tcp: RtoAlgorithm MaxConn CurrEstab NewThing\n"
		"Tcp: 1 -1 42 0\n"
		"Udp: CurrEstab\nUdp: 5\n"; /* not Tcp's */
	struct sv_summary s = { 0 };
	char err[128] = "";

	(void)state;
	assert_int_equal(parse_exact(sv_summary_parse_snmp, text, sizeof(text) - 1,
				     &s, err, sizeof(err)), 0);
	assert_int_equal(s.tcp_estab, 42);
	assert_int_equal(s.found, SV_SUMMARY_HAVE_TCP_ESTAB);
	/* len is obeyed: the text cut before the Tcp pair has no CurrEstab */
	s.tcp_estab = -7;
	s.found = 0;
	assert_int_equal(parse_exact(sv_summary_parse_snmp, text,
				     (size_t)(strstr(text, "Tcp:") - text), &s,
				     err, sizeof(err)), 0);
	assert_int_equal(s.tcp_estab, -7);
	assert_int_equal(s.found, 0);
}

/* ---- the printer -------------------------------------------------------- */

static void test_print(void **state)
{
	static const char want[] =
		"Total: 1234567890\n"
		"TCP:   1000000002 (estab 5, closed 999999996, orphaned 4, timewait 2)\n"
		"\n"
		"Transport Total     IP        IPv6\n"
		"RAW\t  1         1         0        \n"
		"UDP\t  2000000000 1000000000 1000000000\n"
		"TCP\t  6         3         3        \n"
		"INET\t  2000000007 1000000004 1000000003\n"
		"FRAG\t  -1        0         -1       \n"
		"\n";
	struct sv_summary s = {
		.sockets_used = 1234567890, .tcp_inuse = 3, .tcp_orphan = 4,
		.tcp_tw = 2, .tcp_alloc = 1000000000, .udp_inuse = 1000000000,
		.raw_inuse = 1, .tcp6_inuse = 3, .udp6_inuse = 1000000000,
		.frag6_inuse = -1, .tcp_estab = 5,
	};
	char *got = print_str(&s);

	(void)state;
	assert_text(got, want, "print");
	free(got);
	/* absurd input wraps instead of overflowing (UBSan watches) */
	s.tcp_alloc = LONG_MAX;
	s.tcp_tw = LONG_MAX;
	s.tcp_inuse = LONG_MIN;
	got = print_str(&s);
	assert_non_null(strstr(got, "TCP:   -2 ("));
	free(got);
}

/* Write errors come back as their errno (EBADF: a read-only stream) or
 * -EPIPE. */
static void test_print_errors(void **state)
{
	struct sv_summary s = { 0 };
	void (*old)(int);
	int fds[2];
	FILE *f;

	(void)state;
	f = fopen("/dev/null", "r");
	assert_non_null(f);
	assert_int_equal(sv_summary_print(f, &s), -EBADF);
	fclose(f);

	old = signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	f = fdopen(fds[1], "w");
	assert_non_null(f);
	assert_int_equal(sv_summary_print(f, &s), -EPIPE);
	fclose(f);
	signal(SIGPIPE, old);
}

/* ---- the reader on a temporary procroot -------------------------------- */

struct root {
	char dir[64];
	char net[80];
};

/* A procroot with the "basic" fixture copied into net/. */
static int setup_root(void **state)
{
	struct root *r = calloc(1, sizeof(*r));
	char src[512], dst[160], *text;

	if (!r)
		return -1;
	strcpy(r->dir, "/tmp/sv_test_summary_XXXXXX");
	if (!mkdtemp(r->dir))
		return -1;
	snprintf(r->net, sizeof(r->net), "%s/net", r->dir);
	if (mkdir(r->net, 0755) != 0)
		return -1;
	for (size_t i = 0; i < ARRAY_LEN(files); i++) {
		snprintf(src, sizeof(src), "%s/basic/net/%s", FIXTURES, files[i]);
		snprintf(dst, sizeof(dst), "%s/%s", r->net, files[i]);
		text = slurp(src, NULL);
		write_file(dst, text);
		free(text);
	}
	*state = r;
	return 0;
}

static int teardown_root(void **state)
{
	struct root *r = *state;
	char p[160];

	for (size_t i = 0; i < ARRAY_LEN(files); i++) {
		snprintf(p, sizeof(p), "%s/%s", r->net, files[i]);
		chmod(p, 0644);
		unlink(p);
		rmdir(p); /* when a test made it a directory */
	}
	rmdir(r->net);
	rmdir(r->dir);
	free(r);
	return 0;
}

/* The path of one file of the temporary procroot, in a static-free buffer. */
static const char *root_file(const struct root *r, const char *name, char *buf,
			     size_t size)
{
	snprintf(buf, size, "%s/%s", r->net, name);
	return buf;
}

/* sv_summary_read on r must fail with ret and the message "<net>/<msg>". */
static void expect_read_error(const struct root *r, int ret, const char *msg)
{
	struct sv_summary s, before;
	char err[512] = "", want[512];

	memset(&s, 0x5a, sizeof(s));
	before = s;
	snprintf(want, sizeof(want), "%s/%s", r->net, msg);
	assert_int_equal(sv_summary_read(r->dir, &s, err, sizeof(err)), ret);
	assert_string_equal(err, want);
	assert_memory_equal(&s, &before, sizeof(s));
}

static void test_read_ok(void **state)
{
	struct root *r = *state;
	struct sv_summary s;
	char err[256] = "", *got, *want;

	assert_int_equal(sv_summary_read(r->dir, &s, err, sizeof(err)), 0);
	got = print_str(&s);
	want = slurp(FIXTURES "/basic/ss-s.txt", NULL);
	assert_text(got, want, "read");
	free(got);
	free(want);
}

static void test_read_missing(void **state)
{
	struct root *r = *state;
	char p[160];

	unlink(root_file(r, "snmp", p, sizeof(p)));
	expect_read_error(r, -ENOENT, "snmp: No such file or directory");
	unlink(root_file(r, "sockstat", p, sizeof(p)));
	expect_read_error(r, -ENOENT, "sockstat: No such file or directory");
}

static void test_read_no_root(void **state)
{
	struct sv_summary s;
	char err[256] = "";

	(void)state;
	assert_int_equal(sv_summary_read("/nonexistent/sv/proc", &s, err,
					 sizeof(err)), -ENOENT);
	assert_string_equal(err, "/nonexistent/sv/proc/net/sockstat: "
			    "No such file or directory");
}

/* No sockstat6 (ipv6.disable=1): IPv6 counts 0, as ss -s shows them. */
static void test_read_no_ipv6(void **state)
{
	struct root *r = *state;
	struct sv_summary s;
	char p[160], err[256] = "", *got;

	unlink(root_file(r, "sockstat6", p, sizeof(p)));
	assert_int_equal(sv_summary_read(r->dir, &s, err, sizeof(err)), 0);
	assert_int_equal(s.tcp6_inuse + s.udp6_inuse + s.raw6_inuse +
			 s.frag6_inuse, 0);
	got = print_str(&s);
	assert_non_null(strstr(got, "TCP\t  7         7         0        \n"));
	free(got);
}

static void test_read_directory(void **state)
{
	struct root *r = *state;
	char p[160];

	root_file(r, "sockstat6", p, sizeof(p));
	assert_int_equal(unlink(p), 0);
	assert_int_equal(mkdir(p, 0755), 0);
	expect_read_error(r, -EISDIR, "sockstat6: Is a directory");
}

static void test_read_bad_text(void **state)
{
	struct root *r = *state;
	char p[160];

	write_file(root_file(r, "sockstat", p, sizeof(p)),
		   "sockets: used 1\nTCP: inuse 1 orphan\n");
	expect_read_error(r, -EINVAL, "sockstat: line 2: \"orphan\" has no value");
	write_file(p, "");
	expect_read_error(r, -EINVAL, "sockstat: empty input");
	write_file(p, "sockets: used 1\nTCP: inuse 1 orphan 0 alloc 1\n"
		      "UDP: inuse 0\nRAW: inuse 0\nFRAG: inuse 0\n");
	expect_read_error(r, -ENODATA, "sockstat: no \"TCP: tw\" counter");
	write_file(root_file(r, "sockstat6", p, sizeof(p)), "TCP6: inuse 1\n");
	write_file(root_file(r, "sockstat", p, sizeof(p)),
		   "sockets: used 1\nTCP: inuse 1 orphan 0 tw 0 alloc 1\n"
		   "UDP: inuse 0\nRAW: inuse 0\nFRAG: inuse 0\n");
	expect_read_error(r, -ENODATA, "sockstat6: no \"UDP6: inuse\" counter");
	write_file(root_file(r, "sockstat6", p, sizeof(p)),
		   "TCP6: inuse 1\nUDP6: inuse 0\nRAW6: inuse 0\nFRAG6: inuse 0\n");
	write_file(root_file(r, "snmp", p, sizeof(p)), "Tcp: MaxConn\nTcp: -1\n");
	expect_read_error(r, -ENODATA, "snmp: no \"Tcp: CurrEstab\" counter");
	write_file(p, "Tcp: MaxConn\n");
	expect_read_error(r, -EINVAL, "snmp: line 1: \"Tcp:\" has no line of values");
}

/* A file that cannot be read (as nobody: root reads anything). */
static void test_read_unreadable(void **state)
{
	struct root *r = *state;
	char p[160];
	pid_t pid;
	int status = 0;

	assert_int_equal(chmod(root_file(r, "snmp", p, sizeof(p)), 0), 0);
	if (geteuid() != 0) {
		expect_read_error(r, -EACCES, "snmp: Permission denied");
		return;
	}
	assert_int_equal(chmod(r->dir, 0755), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct sv_summary s;
		char err[256] = "", want[256];

		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(3);
		snprintf(want, sizeof(want), "%s: Permission denied", p);
		_exit(sv_summary_read(r->dir, &s, err, sizeof(err)) == -EACCES &&
		      strcmp(err, want) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_read_long_root(void **state)
{
	char root[PATH_MAX + 16], err[128] = "";
	struct sv_summary s;

	(void)state;
	memset(root, 'a', sizeof(root) - 1);
	root[sizeof(root) - 1] = '\0';
	assert_int_equal(sv_summary_read(root, &s, err, sizeof(err)),
			 -ENAMETOOLONG);
	assert_non_null(strstr(err, "File name too long"));
}

/* The real /proc parses and has every counter ss -s prints. */
static void test_read_proc(void **state)
{
	struct sv_summary s;
	char err[256] = "";

	(void)state;
	if (access("/proc/net/sockstat", R_OK) != 0)
		skip();
	if (sv_summary_read("/proc", &s, err, sizeof(err)) != 0)
		fail_msg("/proc: %s", err);
	assert_true(s.sockets_used >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_parse),
		cmocka_unit_test(test_fixtures_read),
		cmocka_unit_test(test_fixture_values),
		cmocka_unit_test(test_sockstat_bad),
		cmocka_unit_test(test_snmp_bad),
		cmocka_unit_test(test_sockstat_good),
		cmocka_unit_test(test_snmp_good),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_print_errors),
		cmocka_unit_test_setup_teardown(test_read_ok, setup_root, teardown_root),
		cmocka_unit_test_setup_teardown(test_read_missing, setup_root,
						teardown_root),
		cmocka_unit_test(test_read_no_root),
		cmocka_unit_test_setup_teardown(test_read_no_ipv6, setup_root,
						teardown_root),
		cmocka_unit_test_setup_teardown(test_read_directory, setup_root,
						teardown_root),
		cmocka_unit_test_setup_teardown(test_read_bad_text, setup_root,
						teardown_root),
		cmocka_unit_test_setup_teardown(test_read_unreadable, setup_root,
						teardown_root),
		cmocka_unit_test(test_read_long_root),
		cmocka_unit_test(test_read_proc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
