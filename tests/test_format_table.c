/* test_format_table.c - cmocka suite for the ss-compatible table: exact
 * text through open_memstream(), compact (piped) and aligned (terminal). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockview/classify.h"
#include "sockview/colspec.h"
#include "sockview/format.h"
#include "sockview/ifnames.h"
#include "sockview/netns_scan.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define EPH_LO 32768
#define EPH_HI 60999

/* A socket as the formatter sees it: collected and classified. */
struct spec {
	enum sv_table t;
	enum sv_state st;
	uint8_t family; /* 0: AF_INET */
	const char *laddr, *raddr;
	uint16_t lport, rport;
	uint32_t rq, wq;
	bool v6only;
	uint32_t ifindex;
	enum sv_role role;
	enum sv_port_class cls;
	bool eph;
	const char *service;
};

static struct sv_sock mk(const struct spec *p)
{
	struct sv_sock s;
	uint8_t fam = p->family ? p->family : AF_INET;

	memset(&s, 0, sizeof(s));
	s.family = fam;
	s.table = (uint8_t)p->t;
	s.state = (uint8_t)p->st;
	if (p->laddr)
		assert_int_equal(inet_pton(fam, p->laddr, s.laddr), 1);
	if (p->raddr)
		assert_int_equal(inet_pton(fam, p->raddr, s.raddr), 1);
	s.lport = p->lport;
	s.rport = p->rport;
	s.rqueue = p->rq;
	s.wqueue = p->wq;
	s.v6only = p->v6only;
	s.ifindex = p->ifindex;
	s.role = (uint8_t)p->role;
	s.port_class = (uint8_t)p->cls;
	s.ephemeral = p->eph;
	s.service = p->service;
	return s;
}

/* The sockets of these tests. */
static const struct spec L1 = { /* tcp listener */
	.t = SV_TABLE_TCP, .st = SV_STATE_LISTEN, .laddr = "0.0.0.0",
	.raddr = "0.0.0.0", .lport = 22, .wq = 128, .role = SV_ROLE_LISTEN,
	.cls = SV_CLASS_WELL_KNOWN, .service = "ssh" };
static const struct spec E1 = { /* inbound */
	.t = SV_TABLE_TCP, .st = SV_STATE_ESTABLISHED, .laddr = "10.0.0.1",
	.raddr = "10.0.0.2", .lport = 22, .rport = 50312, .role = SV_ROLE_IN,
	.cls = SV_CLASS_WELL_KNOWN, .service = "ssh" };
static const struct spec E2 = { /* outbound from an ephemeral port */
	.t = SV_TABLE_TCP, .st = SV_STATE_ESTABLISHED, .laddr = "10.0.0.1",
	.raddr = "10.0.0.1", .lport = 36266, .rport = 22, .role = SV_ROLE_OUT,
	.cls = SV_CLASS_REGISTERED, .eph = true, .service = "ssh" };
static const struct spec E3 = { /* 33434 is "traceroute", but ephemeral */
	.t = SV_TABLE_TCP, .st = SV_STATE_ESTABLISHED, .laddr = "192.0.2.1",
	.raddr = "198.51.100.7", .lport = 33434, .rport = 80,
	.role = SV_ROLE_OUT, .cls = SV_CLASS_REGISTERED, .eph = true,
	.service = "http" };
static const struct spec E4 = { /* inbound; the peer's 40000 is in range */
	.t = SV_TABLE_TCP, .st = SV_STATE_ESTABLISHED, .laddr = "10.0.0.1",
	.raddr = "10.0.0.9", .lport = 8080, .rport = 40000, .rq = 5, .wq = 17,
	.role = SV_ROLE_IN, .cls = SV_CLASS_REGISTERED, .service = "http-alt" };
static const struct spec E5 = { /* privileged client port to a named port */
	.t = SV_TABLE_TCP, .st = SV_STATE_SYN_SENT, .laddr = "10.0.0.1",
	.raddr = "10.0.0.2", .lport = 1022, .rport = 12345, .role = SV_ROLE_OUT,
	.cls = SV_CLASS_WELL_KNOWN, .service = "italk" };
static const struct spec E6 = { /* peer port outside the range, no name */
	.t = SV_TABLE_TCP, .st = SV_STATE_TIME_WAIT, .laddr = "10.0.0.1",
	.raddr = "10.0.0.3", .lport = 45000, .rport = 61000,
	.role = SV_ROLE_OUT, .cls = SV_CLASS_REGISTERED, .eph = true };
static const struct spec U1 = { /* dual-stack wildcard */
	.t = SV_TABLE_UDP, .st = SV_STATE_CLOSE, .family = AF_INET6,
	.laddr = "::", .raddr = "::", .lport = 53, .role = SV_ROLE_LISTEN,
	.cls = SV_CLASS_WELL_KNOWN, .service = "domain" };
static const struct spec U2 = { /* v6only wildcard */
	.t = SV_TABLE_UDP, .st = SV_STATE_CLOSE, .family = AF_INET6,
	.laddr = "::", .raddr = "::", .lport = 5353, .v6only = true,
	.role = SV_ROLE_LISTEN, .cls = SV_CLASS_REGISTERED, .service = "mdns" };
static const struct spec M1 = { /* IPv4-mapped */
	.t = SV_TABLE_TCP, .st = SV_STATE_ESTABLISHED, .family = AF_INET6,
	.laddr = "::ffff:10.0.0.1", .raddr = "::ffff:10.0.0.2", .lport = 22,
	.rport = 50000, .role = SV_ROLE_IN, .cls = SV_CLASS_WELL_KNOWN,
	.service = "ssh" };
static const struct spec V6 = { /* plain IPv6 */
	.t = SV_TABLE_TCP, .st = SV_STATE_ESTABLISHED, .family = AF_INET6,
	.laddr = "fec0:42::24", .raddr = "fec0:42::1", .lport = 40520,
	.rport = 22, .role = SV_ROLE_OUT, .cls = SV_CLASS_REGISTERED,
	.eph = true, .service = "ssh" };
static const struct spec D1 = { /* bound to a device */
	.t = SV_TABLE_UDP, .st = SV_STATE_CLOSE, .laddr = "127.0.0.53",
	.raddr = "0.0.0.0", .lport = 53, .ifindex = 7, .role = SV_ROLE_LISTEN,
	.cls = SV_CLASS_WELL_KNOWN, .service = "domain" };
static const struct spec Q1 = { /* queues wider than 6 */
	.t = SV_TABLE_TCP, .st = SV_STATE_CLOSE_WAIT, .laddr = "10.0.0.1",
	.raddr = "10.0.0.2", .lport = 22, .rport = 50000,
	.rq = 4294967295u, .wq = 123456, .role = SV_ROLE_IN,
	.cls = SV_CLASS_WELL_KNOWN, .service = "ssh" };
static const struct spec N1 = { /* not classified */
	.t = SV_TABLE_TCP, .st = SV_STATE_FIN_WAIT1, .laddr = "10.0.0.1",
	.raddr = "10.0.0.2", .lport = 1023, .rport = 1024,
	.cls = SV_CLASS_WELL_KNOWN };

/* The system services database of these tests (as /etc/services would
 * give them), built once by setup(); one hostile name. */
static struct sv_sysservices *services;

static int setup(void **state)
{
	static const struct { const char *name; uint16_t port; } e[] = {
		{ "tcpmux", 1 }, { "ssh", 22 }, { "domain", 53 }, { "http", 80 },
		{ "exp2", 1022 }, { "mysql", 3306 }, { "mdns", 5353 },
		{ "http-alt", 8080 }, { "italk", 12345 }, { "filenet-powsrm", 32767 },
		{ "filenet-tms", 32768 }, { "traceroute", 33434 },
		{ "evil\x1b[31m", 4242 },
	};
	struct sv_sysservices_entry all[2 * sizeof(e) / sizeof(e[0])];

	for (size_t i = 0; i < sizeof(e) / sizeof(e[0]); i++)
		for (int t = 0; t < 2; t++)
			all[2 * i + (size_t)t] = (struct sv_sysservices_entry){
				.name = e[i].name, .port = e[i].port, .proto = (enum sv_proto)t };
	return sv_sysservices_new(all, sizeof(all) / sizeof(all[0]), &services);
}

static int teardown(void **state)
{
	sv_sysservices_free(services);
	return 0;
}

static struct sv_fmt_opts opts(bool netid, bool state, bool header,
			       bool numeric, bool aligned)
{
	return (struct sv_fmt_opts){ .netid = netid, .state = state,
				     .header = header, .numeric = numeric,
				     .services = services,
				     .eph_lo = EPH_LO, .eph_hi = EPH_HI,
				     .aligned = aligned };
}

/* Format rows into a string (free it). */
static char *render(const struct sv_fmt_opts *o, const struct spec *const *rows,
		    size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sv_table_fmt *t = NULL;

	assert_non_null(f);
	assert_int_equal(sv_format_table_new(f, o, &t), 0);
	for (size_t i = 0; i < n; i++) {
		struct sv_sock s = mk(rows[i]);

		assert_int_equal(sv_format_table_row(t, &s), 0);
	}
	assert_int_equal(sv_format_table_finish(t), 0);
	sv_format_table_free(t);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(strlen(buf), len);
	return buf;
}

static void expect(const struct sv_fmt_opts *o, const struct spec *const *rows,
		   size_t n, const char *want)
{
	char *got = render(o, rows, n);
	bool same = strcmp(got, want) == 0;

	if (!same)
		print_error("got:\n%s--\nwant:\n%s--\n", got, want);
	free(got);
	if (!same)
		fail();
}

#define ROWS(...) ((const struct spec *const[]){ __VA_ARGS__ })
#define NROWS(...) (sizeof(ROWS(__VA_ARGS__)) / sizeof(ROWS(__VA_ARGS__)[0]))
#define EXPECT(o, want, ...) expect((o), ROWS(__VA_ARGS__), NROWS(__VA_ARGS__), (want))

#define HDR "Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Role Class Service\n"

/* ---- compact (piped) -------------------------------------------------- */

/* -E --timestamp: a Time column after sockview's own; without the option
 * none. flush() writes the header of a stream before any row. */
static void test_event_time(void **state)
{
	struct sv_fmt_opts o = opts(true, true, true, true, false);
	struct sv_table_fmt *t = NULL;
	struct sv_sock s = mk(&E2);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	s.event_time = "2025-06-01T12:34:56.123456Z";
	o.event_time = true;
	assert_int_equal(sv_format_table_new(f, &o, &t), 0);
	assert_int_equal(sv_format_table_flush(t), 0);
	assert_string_equal(buf, "Netid State Recv-Q Send-Q Local Address:Port Peer "
				 "Address:Port Role Class Service Time\n");
	assert_int_equal(sv_format_table_row(t, &s), 0);
	assert_int_equal(sv_format_table_flush(t), 0);
	assert_non_null(strstr(buf, "\ntcp ESTAB 0      0      10.0.0.1:36266 10.0.0.1:22 out "
				    "ephemeral ssh 2025-06-01T12:34:56.123456Z\n"));
	assert_int_equal(sv_format_table_finish(t), 0);
	sv_format_table_free(t);
	assert_int_equal(fclose(f), 0);
	free(buf);
	/* without --timestamp, no column (the record's time is not shown) */
	o.event_time = false;
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(sv_format_table_new(f, &o, &t), 0);
	assert_int_equal(sv_format_table_row(t, &s), 0);
	assert_int_equal(sv_format_table_finish(t), 0);
	sv_format_table_free(t);
	assert_int_equal(fclose(f), 0);
	assert_null(strstr(buf, "Time"));
	assert_null(strstr(buf, "2025"));
	free(buf);
}

/* One row per socket kind: ss's compact form, then sockview's columns. */
static void test_compact_rows(void **state)
{
	struct sv_fmt_opts o = opts(true, true, false, false, false);
	static const struct {
		const struct spec *s;
		const char *line;
	} cases[] = {
		{ &L1, "tcp LISTEN 0      128    0.0.0.0:ssh 0.0.0.0:* listen well-known ssh\n" },
		{ &E1, "tcp ESTAB 0      0      10.0.0.1:ssh 10.0.0.2:50312 in well-known ssh\n" },
		{ &E2, "tcp ESTAB 0      0      10.0.0.1:36266 10.0.0.1:ssh out ephemeral ssh\n" },
		{ &E3, "tcp ESTAB 0      0      192.0.2.1:33434 198.51.100.7:http out ephemeral http\n" },
		{ &E4, "tcp ESTAB 5      17     10.0.0.1:http-alt 10.0.0.9:40000 in registered http-alt\n" },
		{ &E5, "tcp SYN-SENT 0      0      10.0.0.1:exp2 10.0.0.2:italk out well-known italk\n" },
		{ &E6, "tcp TIME-WAIT 0      0      10.0.0.1:45000 10.0.0.3:61000 out ephemeral -\n" },
		{ &U1, "udp UNCONN 0      0      *:domain *:* listen well-known domain\n" },
		{ &U2, "udp UNCONN 0      0      [::]:mdns [::]:* listen registered mdns\n" },
		{ &M1, "tcp ESTAB 0      0      [::ffff:10.0.0.1]:ssh [::ffff:10.0.0.2]:50000 in well-known ssh\n" },
		{ &V6, "tcp ESTAB 0      0      [fec0:42::24]:40520 [fec0:42::1]:ssh out ephemeral ssh\n" },
		{ &Q1, "tcp CLOSE-WAIT 4294967295 123456 10.0.0.1:ssh 10.0.0.2:50000 in well-known ssh\n" },
		{ &N1, "tcp FIN-WAIT-1 0      0      10.0.0.1:1023 10.0.0.2:1024 - well-known -\n" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct spec *rows[] = { cases[i].s };

		expect(&o, rows, 1, cases[i].line);
	}
}

static void test_compact_numeric(void **state)
{
	struct sv_fmt_opts o = opts(true, true, false, true, false);

	(void)state;
	EXPECT(&o,
	       "tcp LISTEN 0      128    0.0.0.0:22 0.0.0.0:* listen well-known ssh\n"
	       "tcp ESTAB 0      0      10.0.0.1:22 10.0.0.2:50312 in well-known ssh\n"
	       "tcp SYN-SENT 0      0      10.0.0.1:1022 10.0.0.2:12345 out well-known italk\n"
	       "udp UNCONN 0      0      *:53 *:* listen well-known domain\n",
	       &L1, &E1, &E5, &U1);
}

/* The header, then the rows as they come. */
static void test_compact_header(void **state)
{
	struct sv_fmt_opts o = opts(true, true, true, false, false);

	(void)state;
	EXPECT(&o,
	       HDR
	       "tcp LISTEN 0      128    0.0.0.0:ssh 0.0.0.0:* listen well-known ssh\n"
	       "udp UNCONN 0      0      *:domain *:* listen well-known domain\n",
	       &L1, &U1);
}

/* No rows: the header alone (and nothing at all with -H). */
static void test_compact_no_rows(void **state)
{
	struct sv_fmt_opts o = opts(true, true, true, false, false);

	(void)state;
	expect(&o, NULL, 0, HDR);
	o.header = false;
	expect(&o, NULL, 0, "");
	o.aligned = true;
	expect(&o, NULL, 0, "");
}

/* --columns: chosen cells and fields in order; +NAME, -NAME change the
 * default ones. */
static void test_chosen_columns(void **state)
{
	struct sv_fmt_opts o = opts(true, true, true, true, false);
	struct sv_colspec cs;
	char err[256];

	(void)state;
	assert_int_equal(sv_colspec_parse("local,state,peer.port,class", SV_COLSPEC_COLUMNS, &cs,
					  err, sizeof(err)), 0);
	o.columns = &cs;
	EXPECT(&o,
	       "Local Address:Port State Peer Port Class\n"
	       "0.0.0.0:22 LISTEN 0 well-known\n"
	       "10.0.0.1:36266 ESTAB 22 ephemeral\n",
	       &L1, &E2);
	assert_int_equal(sv_colspec_parse("-netid,-recv_q,-send_q,-peer,+local.port,-service",
					  SV_COLSPEC_COLUMNS, &cs, err, sizeof(err)), 0);
	EXPECT(&o,
	       "State Local Address:Port Role Class Local Port\n"
	       "LISTEN 0.0.0.0:22 listen well-known 22\n",
	       &L1);
	/* aligned: the widths of the chosen columns */
	o.aligned = true;
	assert_int_equal(sv_colspec_parse("state,lport", SV_COLSPEC_COLUMNS, &cs, err,
					  sizeof(err)), 0);
	EXPECT(&o,
	       "State  Local Port\n"
	       "LISTEN 22\n"
	       "ESTAB  36266\n",
	       &L1, &E2);
}

/* Drop the SGR sequences of a coloured text (in place). */
static void strip_sgr(char *t)
{
	char *w = t;

	for (const char *r = t; *r;) {
		if (r[0] == '\033' && r[1] == '[') {
			r += 2;
			while (*r && *r != 'm')
				r++;
			r += *r == 'm';
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* --color: SGR around the cells' text only, so the columns line up as
 * without; states, roles, classes and a listener's address coloured. */
static void test_color(void **state)
{
	static const struct spec *const rows[] = { &L1, &E2 };
	struct sv_fmt_opts o = opts(true, true, true, false, true);
	char *plain, *col;

	(void)state;
	plain = render(&o, rows, 2);
	o.color = true;
	col = render(&o, rows, 2);
	assert_non_null(strstr(col, "\033[1;32mLISTEN\033[0m"));
	assert_non_null(strstr(col, "\033[32mESTAB\033[0m"));
	assert_non_null(strstr(col, "\033[1;32mlisten\033[0m"));
	assert_non_null(strstr(col, "\033[34mout\033[0m"));
	assert_non_null(strstr(col, "\033[1mwell-known\033[0m"));
	assert_non_null(strstr(col, "\033[2mephemeral\033[0m"));
	assert_non_null(strstr(col, "\033[1m0.0.0.0:\033[0m"));
	assert_null(strstr(col, "\033[1m10.0.0.1:")); /* not a listener */
	assert_non_null(strstr(col, "\033[1mState\033[0m")); /* the header */
	strip_sgr(col);
	assert_string_equal(col, plain);
	free(plain);
	free(col);
}

/* Netid only with several tables, State only with several states. */
static void test_compact_columns(void **state)
{
	struct sv_fmt_opts o = opts(false, true, true, false, false);

	(void)state;
	EXPECT(&o,
	       "State Recv-Q Send-Q Local Address:Port Peer Address:Port Role Class Service\n"
	       "LISTEN 0      128    0.0.0.0:ssh 0.0.0.0:* listen well-known ssh\n",
	       &L1);
	o = opts(true, false, true, false, false);
	EXPECT(&o,
	       "Netid Recv-Q Send-Q Local Address:Port Peer Address:Port Role Class Service\n"
	       "tcp 0      128    0.0.0.0:ssh 0.0.0.0:* listen well-known ssh\n",
	       &L1);
	o = opts(false, false, true, false, false);
	EXPECT(&o,
	       "Recv-Q Send-Q Local Address:Port Peer Address:Port Role Class Service\n"
	       "0      128    0.0.0.0:ssh 0.0.0.0:* listen well-known ssh\n"
	       "0      0      10.0.0.1:36266 10.0.0.1:ssh out ephemeral ssh\n",
	       &L1, &E2);
}

/* "%dev" from the interface cache. */
static void test_compact_device(void **state)
{
	struct sv_ifnames ifn;
	struct sv_fmt_opts o = opts(false, false, false, false, false);

	(void)state;
	sv_ifnames_init(&ifn);
	sv_ifnames_put(&ifn, 7, "eth9");
	o.ifnames = &ifn;
	EXPECT(&o, "0      0      127.0.0.53%eth9:domain 0.0.0.0:* listen well-known domain\n",
	       &D1);
	o.numeric = true;
	EXPECT(&o, "0      0      127.0.0.53%eth9:53 0.0.0.0:* listen well-known domain\n",
	       &D1);
	/* a long name (15 characters, IFNAMSIZ - 1) */
	{
		struct spec d = D1;

		d.ifindex = 8;
		sv_ifnames_put(&ifn, 8, "veth0123456789a");
		EXPECT(&o, "0      0      127.0.0.53%veth0123456789a:53 0.0.0.0:* listen well-known domain\n",
		       &d);
	}
	/* a device name is untrusted text: escaped like a process name */
	{
		struct spec d = D1;

		d.ifindex = 9;
		sv_ifnames_put(&ifn, 9, "e\x1b[2Jv\xffil");
		EXPECT(&o, "0      0      127.0.0.53%e\\x1b[2Jv\\xffil:53 0.0.0.0:* listen well-known domain\n",
		       &d);
	}
	/* without a cache, no device */
	o.ifnames = NULL;
	EXPECT(&o, "0      0      127.0.0.53:53 0.0.0.0:* listen well-known domain\n",
	       &D1);
}

/* Ports inside the ephemeral range are never named; outside, both sides
 * are (unless -n); 0 is '*'. */
static void test_port_naming(void **state)
{
	static const struct {
		uint16_t lport, rport;
		const char *ports; /* "L R" as printed */
	} cases[] = {
		{ 22, 0, "ssh *" },
		{ 0, 22, "* ssh" },
		{ 0, 0, "* *" },
		{ EPH_LO - 1, 80, "filenet-powsrm http" }, /* 32767 */
		{ EPH_LO, 80, "32768 http" },               /* filenet-tms */
		{ 33434, 33434, "33434 33434" },            /* traceroute */
		{ 40000, 45000, "40000 45000" },
		{ EPH_HI, EPH_HI + 1, "60999 61000" },
		{ 8080, 3306, "http-alt mysql" },
		{ 1023, 1024, "1023 1024" },
		{ 65535, 1, "65535 tcpmux" },
		{ 2024, 4242, "2024 evil\\x1b[31m" }, /* not in this database; escaped */
	};
	struct sv_fmt_opts o = opts(false, false, false, false, false);

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct spec p = E1;
		const struct spec *rows[] = { &p };
		char want[256], lp[32], rp[32];

		p.lport = cases[i].lport;
		p.rport = cases[i].rport;
		sscanf(cases[i].ports, "%31s %31s", lp, rp);
		snprintf(want, sizeof(want),
			 "0      0      10.0.0.1:%s 10.0.0.2:%s in well-known ssh\n",
			 lp, rp);
		expect(&o, rows, 1, want);
	}
}

/* Another range moves the naming boundary. */
static void test_port_naming_other_range(void **state)
{
	struct sv_fmt_opts o = opts(false, false, false, false, false);
	struct spec p = E1;

	(void)state;
	o.eph_lo = 10000;
	o.eph_hi = 20000;
	p.lport = 33434;
	p.rport = 12345; /* italk, inside this range */
	EXPECT(&o, "0      0      10.0.0.1:traceroute 10.0.0.2:12345 in well-known ssh\n",
	       &p);
}

/* Rows stream out at once in compact mode (bounded memory). */
static void test_compact_streams(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sv_fmt_opts o = opts(true, true, true, false, false);
	struct sv_table_fmt *t;
	struct sv_sock s = mk(&L1);

	(void)state;
	assert_int_equal(sv_format_table_new(f, &o, &t), 0);
	assert_int_equal(sv_format_table_row(t, &s), 0);
	fflush(f);
	assert_string_equal(buf, HDR "tcp LISTEN 0      128    0.0.0.0:ssh 0.0.0.0:* listen well-known ssh\n");
	assert_int_equal(sv_format_table_finish(t), 0);
	sv_format_table_free(t);
	fclose(f);
	free(buf);
}

/* ---- aligned (terminal) ----------------------------------------------- */

static void test_aligned(void **state)
{
	struct sv_fmt_opts o = opts(true, true, true, false, true);

	(void)state;
	EXPECT(&o,
	       "Netid State  Recv-Q Send-Q Local Address:Port   Peer Address:Port Role   Class      Service\n"
	       "tcp   LISTEN 0      128          0.0.0.0:ssh         0.0.0.0:*    listen well-known ssh\n"
	       "tcp   ESTAB  0      0           10.0.0.1:36266      10.0.0.1:ssh  out    ephemeral  ssh\n"
	       "udp   UNCONN 0      0                  *:domain            *:*    listen well-known domain\n",
	       &L1, &E2, &U1);
}

/* The widest cell sets the width; addresses are right-aligned; the last
 * column is never padded. */
static void test_aligned_wide(void **state)
{
	struct sv_fmt_opts o = opts(false, false, true, false, true);

	(void)state;
	EXPECT(&o,
	       "Recv-Q     Send-Q     Local Address:Port      Peer Address:Port  Role   Class      Service\n"
	       "0          128              0.0.0.0:ssh            0.0.0.0:*     listen well-known ssh\n"
	       "4294967295 123456          10.0.0.1:ssh           10.0.0.2:50000 in     well-known ssh\n"
	       "0          0      [::ffff:10.0.0.1]:ssh  [::ffff:10.0.0.2]:50000 in     well-known ssh\n"
	       "0          0               10.0.0.1:1023          10.0.0.2:1024  -      well-known -\n",
	       &L1, &Q1, &M1, &N1);
}

/* -H: the same rows without the header line. */
static void test_aligned_no_header(void **state)
{
	struct sv_fmt_opts o = opts(true, true, true, false, true);
	char *with, *without;
	const struct spec *rows[] = { &L1, &E2, &U1, &V6 };

	(void)state;
	with = render(&o, rows, ARRAY_LEN(rows));
	o.header = false;
	without = render(&o, rows, ARRAY_LEN(rows));
	assert_string_equal(without, strchr(with, '\n') + 1);
	free(with);
	free(without);
}

/* Aligned rows are held until finish (column widths need every row). */
static void test_aligned_buffers(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sv_fmt_opts o = opts(true, true, true, false, true);
	struct sv_table_fmt *t;

	(void)state;
	assert_int_equal(sv_format_table_new(f, &o, &t), 0);
	for (int i = 0; i < 1000; i++) {
		struct sv_sock s = mk(&E2);

		s.lport = (uint16_t)(40000 + i);
		assert_int_equal(sv_format_table_row(t, &s), 0);
	}
	fflush(f);
	assert_int_equal(len, 0);
	assert_int_equal(sv_format_table_finish(t), 0);
	fflush(f);
	{
		size_t lines = 0;

		for (size_t i = 0; i < len; i++)
			lines += buf[i] == '\n';
		assert_int_equal(lines, 1001);
	}
	sv_format_table_free(t);
	fclose(f);
	free(buf);
}

/* ---- errors ----------------------------------------------------------- */

/* A full device: the write's own errno, ENOSPC (compact: at the row;
 * aligned: at finish), so the caller can name it. */
static void test_write_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	struct sv_fmt_opts o = opts(true, true, true, false, false);
	struct sv_table_fmt *t;
	struct sv_sock s = mk(&L1);

	(void)state;
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(sv_format_table_new(f, &o, &t), 0);
	assert_int_equal(sv_format_table_row(t, &s), -ENOSPC);
	sv_format_table_free(t);

	o.aligned = true;
	assert_int_equal(sv_format_table_new(f, &o, &t), 0);
	assert_int_equal(sv_format_table_row(t, &s), 0);
	assert_int_equal(sv_format_table_finish(t), -ENOSPC);
	sv_format_table_free(t);

	/* buffered: the error shows at the flush in finish */
	fclose(f);
	f = fopen("/dev/full", "w");
	assert_non_null(f);
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	o.aligned = false;
	assert_int_equal(sv_format_table_new(f, &o, &t), 0);
	assert_int_equal(sv_format_table_row(t, &s), 0);
	assert_int_equal(sv_format_table_finish(t), -ENOSPC);
	sv_format_table_free(t);
	fclose(f);
}

/* A reader that went away: -EPIPE, so main can exit quietly. */
static void test_broken_pipe(void **state)
{
	int fd[2];
	FILE *f;
	struct sv_fmt_opts o = opts(true, true, true, false, false);
	struct sv_table_fmt *t;
	struct sv_sock s = mk(&L1);
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);

	(void)state;
	assert_int_equal(pipe(fd), 0);
	close(fd[0]);
	f = fdopen(fd[1], "w");
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(sv_format_table_new(f, &o, &t), 0);
	assert_int_equal(sv_format_table_row(t, &s), -EPIPE);
	sv_format_table_free(t);

	fclose(f);

	o.aligned = true;
	assert_int_equal(pipe(fd), 0);
	close(fd[0]);
	f = fdopen(fd[1], "w");
	assert_non_null(f);
	assert_int_equal(sv_format_table_new(f, &o, &t), 0);
	assert_int_equal(sv_format_table_row(t, &s), 0);
	assert_int_equal(sv_format_table_finish(t), -EPIPE);
	sv_format_table_free(t);
	fclose(f);
	signal(SIGPIPE, old);
}

/* -p: ss's Process column sits where ss has it, before sockview's own
 * columns, so ss's field numbers hold; a socket with no holder shows "-",
 * so every row has the same number of fields. */
static void test_processes_column(void **state)
{
	struct sv_proc_ref holders[2] = {
		{ .pid = 812, .fd = 3, .comm = "sshd" },
		{ .pid = 900, .fd = 4, .comm = "a b\x1b" },
	};
	struct sv_fmt_opts o = opts(false, true, true, true, false);
	struct sv_table_fmt *t;
	struct sv_sock s1 = mk(&L1), s2 = mk(&E6);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	o.processes = true;
	s1.procs = holders;
	s1.nprocs = 2;
	assert_int_equal(sv_format_table_new(f, &o, &t), 0);
	assert_int_equal(sv_format_table_row(t, &s1), 0);
	assert_int_equal(sv_format_table_row(t, &s2), 0);
	assert_int_equal(sv_format_table_finish(t), 0);
	fclose(f);
	assert_string_equal(buf,
		"State Recv-Q Send-Q Local Address:Port Peer Address:Port Process Role Class Service\n"
		"LISTEN 0      128    0.0.0.0:22 0.0.0.0:* users:((\"sshd\",pid=812,fd=3),"
		"(\"a\\x20b\\x1b\",pid=900,fd=4)) listen well-known ssh\n"
		"TIME-WAIT 0      0      10.0.0.1:45000 10.0.0.3:61000 - out ephemeral -\n");
	sv_format_table_free(t);
	free(buf);
}

/* -Q: no queue columns (ss 7's --no-queues). */
static void test_no_queues(void **state)
{
	struct sv_fmt_opts o = opts(false, true, true, true, false);

	(void)state;
	o.no_queues = true;
	EXPECT(&o,
	       "State Local Address:Port Peer Address:Port Role Class Service\n"
	       "LISTEN 0.0.0.0:22 0.0.0.0:* listen well-known ssh\n",
	       &L1);
	o.aligned = true;
	EXPECT(&o,
	       "State  Local Address:Port Peer Address:Port Role   Class      Service\n"
	       "LISTEN       0.0.0.0:22        0.0.0.0:*    listen well-known ssh\n",
	       &L1);
}

/* --all-netns: the Netns column last, the label escaped; none without. */
static void test_netns_column(void **state)
{
	struct sv_netns_label named = { .inode = 4026532177ull }, bare = { .inode = 7 };
	struct sv_fmt_opts o = opts(false, true, true, true, false);
	struct sv_table_fmt *t;
	struct sv_sock s1 = mk(&L1), s2 = mk(&E6);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	snprintf(named.name, sizeof(named.name), "blue\x1b[31m");
	sv_netns_label_finish(&named);
	sv_netns_label_finish(&bare);
	o.netns = true;
	s1.netns = &named;
	s2.netns = &bare;
	assert_int_equal(sv_format_table_new(f, &o, &t), 0);
	assert_int_equal(sv_format_table_row(t, &s1), 0);
	assert_int_equal(sv_format_table_row(t, &s2), 0);
	assert_int_equal(sv_format_table_finish(t), 0);
	fclose(f);
	assert_string_equal(buf,
		"State Recv-Q Send-Q Local Address:Port Peer Address:Port Role Class Service Netns\n"
		"LISTEN 0      128    0.0.0.0:22 0.0.0.0:* listen well-known ssh blue\\x1b[31m\n"
		"TIME-WAIT 0      0      10.0.0.1:45000 10.0.0.3:61000 out ephemeral - 7\n");
	sv_format_table_free(t);
	free(buf);
	o.netns = false; /* the label is not shown without the option */
	EXPECT(&o, "State Recv-Q Send-Q Local Address:Port Peer Address:Port Role Class Service\n"
		   "LISTEN 0      128    0.0.0.0:22 0.0.0.0:* listen well-known ssh\n", &L1);
}

static void test_free_null(void **state)
{
	(void)state;
	sv_format_table_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compact_rows),
		cmocka_unit_test(test_compact_numeric),
		cmocka_unit_test(test_compact_header),
		cmocka_unit_test(test_compact_no_rows),
		cmocka_unit_test(test_compact_columns),
		cmocka_unit_test(test_chosen_columns),
		cmocka_unit_test(test_color),
		cmocka_unit_test(test_compact_device),
		cmocka_unit_test(test_port_naming),
		cmocka_unit_test(test_port_naming_other_range),
		cmocka_unit_test(test_compact_streams),
		cmocka_unit_test(test_event_time),
		cmocka_unit_test(test_aligned),
		cmocka_unit_test(test_aligned_wide),
		cmocka_unit_test(test_aligned_no_header),
		cmocka_unit_test(test_aligned_buffers),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_broken_pipe),
		cmocka_unit_test(test_processes_column),
		cmocka_unit_test(test_no_queues),
		cmocka_unit_test(test_netns_column),
		cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
