/* test_format_json.c - cmocka suite for the JSON formatter: exact text
 * through open_memstream() in array and lines mode, hostile strings, and
 * write errors. */
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

#include "sockview/escape.h"
#include "sockview/format_json.h"
#include "sockview/ifnames.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

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
	uint32_t uid, inode;
	uint64_t cookie;
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
	s.uid = p->uid;
	s.inode = p->inode;
	s.cookie = p->cookie;
	return s;
}

/* The sockets of these tests. */
static const struct spec L4 = { /* IPv4 listener */
	.t = SV_TABLE_TCP, .st = SV_STATE_LISTEN, .laddr = "0.0.0.0",
	.raddr = "0.0.0.0", .lport = 22, .wq = 128, .role = SV_ROLE_LISTEN,
	.cls = SV_CLASS_WELL_KNOWN, .service = "ssh", .inode = 12345,
	.cookie = 0x1f2e };
static const struct spec V6 = { /* IPv6 established, v6only */
	.t = SV_TABLE_TCP, .st = SV_STATE_ESTABLISHED, .family = AF_INET6,
	.laddr = "fec0:42::24", .raddr = "fec0:42::1", .lport = 40520,
	.rport = 22, .rq = 5, .wq = 4294967295u, .v6only = true,
	.role = SV_ROLE_OUT, .cls = SV_CLASS_REGISTERED, .eph = true,
	.service = "ssh", .uid = 1000, .inode = 4294967295u,
	.cookie = UINT64_MAX };
static const struct spec DS = { /* dual-stack wildcard */
	.t = SV_TABLE_UDP, .st = SV_STATE_CLOSE, .family = AF_INET6,
	.laddr = "::", .raddr = "::", .lport = 53, .role = SV_ROLE_LISTEN,
	.cls = SV_CLASS_WELL_KNOWN, .service = "domain", .uid = 101,
	.inode = 7, .cookie = 0 };
static const struct spec W6 = { /* v6only wildcard: not dual-stack */
	.t = SV_TABLE_UDP, .st = SV_STATE_CLOSE, .family = AF_INET6,
	.laddr = "::", .raddr = "::", .lport = 5353, .v6only = true,
	.role = SV_ROLE_LISTEN, .cls = SV_CLASS_REGISTERED, .service = "mdns",
	.inode = 8, .cookie = 9 };
static const struct spec M6 = { /* IPv4-mapped peer */
	.t = SV_TABLE_TCP, .st = SV_STATE_ESTABLISHED, .family = AF_INET6,
	.laddr = "::ffff:10.0.0.1", .raddr = "::ffff:10.0.0.2", .lport = 22,
	.rport = 50000, .role = SV_ROLE_IN, .cls = SV_CLASS_WELL_KNOWN,
	.service = "ssh", .inode = 99, .cookie = 0xabc };
static const struct spec D4 = { /* bound to a device */
	.t = SV_TABLE_UDP, .st = SV_STATE_CLOSE, .laddr = "127.0.0.53",
	.raddr = "0.0.0.0", .lport = 53, .ifindex = 7, .role = SV_ROLE_LISTEN,
	.cls = SV_CLASS_WELL_KNOWN, .service = "domain", .uid = 991,
	.inode = 31, .cookie = 0x10 };
static const struct spec O4 = { /* outbound, dynamic port, no service */
	.t = SV_TABLE_TCP, .st = SV_STATE_TIME_WAIT, .laddr = "10.0.0.1",
	.raddr = "10.0.0.3", .lport = 50000, .rport = 61000,
	.role = SV_ROLE_OUT, .cls = SV_CLASS_DYNAMIC, .eph = true };
static const struct spec N4 = { /* not classified */
	.t = SV_TABLE_TCP, .st = SV_STATE_FIN_WAIT1, .laddr = "10.0.0.1",
	.raddr = "10.0.0.2", .lport = 1023, .rport = 1024,
	.cls = SV_CLASS_WELL_KNOWN };

/* Expected text, one object each. */
#define J_L4 "{\"netid\":\"tcp\",\"state\":\"LISTEN\",\"recv_q\":0,\"send_q\":128," \
	"\"local\":{\"address\":\"0.0.0.0\",\"port\":22}," \
	"\"peer\":{\"address\":\"0.0.0.0\",\"port\":0}," \
	"\"family\":\"inet\",\"dual_stack\":false,\"role\":\"listen\"," \
	"\"port_class\":\"well-known\",\"ephemeral\":false,\"service\":\"ssh\"," \
	"\"uid\":0,\"inode\":12345,\"cookie\":\"1f2e\"}"
#define J_V6 "{\"netid\":\"tcp\",\"state\":\"ESTAB\",\"recv_q\":5,\"send_q\":4294967295," \
	"\"local\":{\"address\":\"fec0:42::24\",\"port\":40520}," \
	"\"peer\":{\"address\":\"fec0:42::1\",\"port\":22}," \
	"\"family\":\"inet6\",\"v6only\":true,\"dual_stack\":false,\"role\":\"out\"," \
	"\"port_class\":\"registered\",\"ephemeral\":true,\"service\":\"ssh\"," \
	"\"uid\":1000,\"inode\":4294967295,\"cookie\":\"ffffffffffffffff\"}"
#define J_DS "{\"netid\":\"udp\",\"state\":\"UNCONN\",\"recv_q\":0,\"send_q\":0," \
	"\"local\":{\"address\":\"::\",\"port\":53}," \
	"\"peer\":{\"address\":\"::\",\"port\":0}," \
	"\"family\":\"inet6\",\"v6only\":false,\"dual_stack\":true,\"role\":\"listen\"," \
	"\"port_class\":\"well-known\",\"ephemeral\":false,\"service\":\"domain\"," \
	"\"uid\":101,\"inode\":7,\"cookie\":\"0\"}"
#define J_W6 "{\"netid\":\"udp\",\"state\":\"UNCONN\",\"recv_q\":0,\"send_q\":0," \
	"\"local\":{\"address\":\"::\",\"port\":5353}," \
	"\"peer\":{\"address\":\"::\",\"port\":0}," \
	"\"family\":\"inet6\",\"v6only\":true,\"dual_stack\":false,\"role\":\"listen\"," \
	"\"port_class\":\"registered\",\"ephemeral\":false,\"service\":\"mdns\"," \
	"\"uid\":0,\"inode\":8,\"cookie\":\"9\"}"
#define J_M6 "{\"netid\":\"tcp\",\"state\":\"ESTAB\",\"recv_q\":0,\"send_q\":0," \
	"\"local\":{\"address\":\"::ffff:10.0.0.1\",\"port\":22}," \
	"\"peer\":{\"address\":\"::ffff:10.0.0.2\",\"port\":50000}," \
	"\"family\":\"inet6\",\"v6only\":false,\"dual_stack\":false,\"role\":\"in\"," \
	"\"port_class\":\"well-known\",\"ephemeral\":false,\"service\":\"ssh\"," \
	"\"uid\":0,\"inode\":99,\"cookie\":\"abc\"}"
#define J_O4 "{\"netid\":\"tcp\",\"state\":\"TIME-WAIT\",\"recv_q\":0,\"send_q\":0," \
	"\"local\":{\"address\":\"10.0.0.1\",\"port\":50000}," \
	"\"peer\":{\"address\":\"10.0.0.3\",\"port\":61000}," \
	"\"family\":\"inet\",\"dual_stack\":false,\"role\":\"out\"," \
	"\"port_class\":\"dynamic\",\"ephemeral\":true,\"service\":null," \
	"\"uid\":0,\"inode\":0,\"cookie\":\"0\"}"
#define J_N4 "{\"netid\":\"tcp\",\"state\":\"FIN-WAIT-1\",\"recv_q\":0,\"send_q\":0," \
	"\"local\":{\"address\":\"10.0.0.1\",\"port\":1023}," \
	"\"peer\":{\"address\":\"10.0.0.2\",\"port\":1024}," \
	"\"family\":\"inet\",\"dual_stack\":false,\"role\":null," \
	"\"port_class\":\"well-known\",\"ephemeral\":false,\"service\":null," \
	"\"uid\":0,\"inode\":0,\"cookie\":\"0\"}"

/* Format records into a string (free it). */
static char *render_socks(const struct sv_json_opts *o,
			  const struct sv_sock *socks, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sv_json_fmt *j = NULL;

	assert_non_null(f);
	assert_int_equal(sv_format_json_new(f, o, &j), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sv_format_json_row(j, &socks[i]), 0);
	assert_int_equal(sv_format_json_finish(j), 0);
	sv_format_json_free(j);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(strlen(buf), len);
	return buf;
}

static void expect_text(const char *got, const char *want)
{
	if (strcmp(got, want) != 0) {
		print_error("got:\n%s--\nwant:\n%s--\n", got, want);
		fail();
	}
}

static void expect_socks(const struct sv_json_opts *o,
			 const struct sv_sock *socks, size_t n, const char *want)
{
	char *got = render_socks(o, socks, n);

	expect_text(got, want);
	free(got);
}

static void expect(const struct sv_json_opts *o, const struct spec *const *rows,
		   size_t n, const char *want)
{
	struct sv_sock socks[16];

	assert_true(n <= ARRAY_LEN(socks));
	for (size_t i = 0; i < n; i++)
		socks[i] = mk(rows[i]);
	expect_socks(o, socks, n, want);
}

#define ROWS(...) ((const struct spec *const[]){ __VA_ARGS__ })
#define NROWS(...) (sizeof(ROWS(__VA_ARGS__)) / sizeof(ROWS(__VA_ARGS__)[0]))
#define EXPECT(o, want, ...) expect((o), ROWS(__VA_ARGS__), NROWS(__VA_ARGS__), (want))

static const struct sv_json_opts LINES = { .lines = true };
static const struct sv_json_opts ARRAY = { .lines = false };

/* ---- one object per kind of socket ------------------------------------ */

static void test_objects(void **state)
{
	static const struct {
		const struct spec *s;
		const char *obj;
	} cases[] = {
		{ &L4, J_L4 }, { &V6, J_V6 }, { &DS, J_DS }, { &W6, J_W6 },
		{ &M6, J_M6 }, { &O4, J_O4 }, { &N4, J_N4 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct spec *rows[] = { cases[i].s };
		char want[1024];

		snprintf(want, sizeof(want), "%s\n", cases[i].obj);
		expect(&LINES, rows, 1, want);
		snprintf(want, sizeof(want), "[\n%s\n]\n", cases[i].obj);
		expect(&ARRAY, rows, 1, want);
	}
}

/* Every state name as ss prints it; out-of-range is "UNKNOWN". */
static void test_states(void **state)
{
	static const struct {
		unsigned int st;
		const char *name;
	} cases[] = {
		{ SV_STATE_SYN_SENT, "SYN-SENT" }, { SV_STATE_SYN_RECV, "SYN-RECV" },
		{ SV_STATE_FIN_WAIT2, "FIN-WAIT-2" }, { SV_STATE_CLOSE_WAIT, "CLOSE-WAIT" },
		{ SV_STATE_LAST_ACK, "LAST-ACK" }, { SV_STATE_CLOSING, "CLOSING" },
		{ 200, "UNKNOWN" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct sv_sock s = mk(&L4);
		char *got, want[64];

		s.state = (uint8_t)cases[i].st;
		got = render_socks(&LINES, &s, 1);
		snprintf(want, sizeof(want), "{\"netid\":\"tcp\",\"state\":\"%s\",",
			 cases[i].name);
		assert_memory_equal(got, want, strlen(want));
		free(got);
	}
}

/* ---- array and lines framing ------------------------------------------ */

static void test_empty(void **state)
{
	(void)state;
	expect(&ARRAY, NULL, 0, "[]\n");
	expect(&LINES, NULL, 0, "");
}

static void test_array(void **state)
{
	(void)state;
	EXPECT(&ARRAY, "[\n" J_L4 ",\n" J_V6 ",\n" J_DS "\n]\n", &L4, &V6, &DS);
}

static void test_lines(void **state)
{
	(void)state;
	EXPECT(&LINES, J_L4 "\n" J_V6 "\n" J_DS "\n", &L4, &V6, &DS);
}

/* Rows go out as they come (bounded memory): the array is open, each row
 * complete, before finish. */
static void test_streams(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct sv_json_fmt *j;
	struct sv_sock s = mk(&L4);

	(void)state;
	assert_int_equal(sv_format_json_new(f, &ARRAY, &j), 0);
	assert_int_equal(sv_format_json_row(j, &s), 0);
	fflush(f);
	assert_string_equal(buf, "[\n" J_L4);
	assert_int_equal(sv_format_json_row(j, &s), 0);
	fflush(f);
	assert_string_equal(buf, "[\n" J_L4 ",\n" J_L4);
	assert_int_equal(sv_format_json_finish(j), 0);
	assert_string_equal(buf, "[\n" J_L4 ",\n" J_L4 "\n]\n");
	sv_format_json_free(j);
	fclose(f);
	free(buf);
}

/* ---- optional fields -------------------------------------------------- */

/* "interface" from the caller's cache, escaped; without a cache the
 * formatter keeps its own (an index with no device is its number). */
static void test_device(void **state)
{
	struct sv_ifnames ifn;
	struct sv_json_opts o = LINES;
	struct spec d = D4;
	const char *head = "{\"netid\":\"udp\",\"state\":\"UNCONN\",\"recv_q\":0,\"send_q\":0,"
			   "\"local\":{\"address\":\"127.0.0.53\",\"port\":53,\"interface\":";
	const char *tail = "},\"peer\":{\"address\":\"0.0.0.0\",\"port\":0},"
			   "\"family\":\"inet\",\"dual_stack\":false,\"role\":\"listen\","
			   "\"port_class\":\"well-known\",\"ephemeral\":false,"
			   "\"service\":\"domain\",\"uid\":991,\"inode\":31,\"cookie\":\"10\"}\n";
	static const struct {
		uint32_t idx;
		const char *name, *json;
	} cases[] = {
		{ 7, "eth9", "\"eth9\"" },
		{ 8, "veth0123456789a", "\"veth0123456789a\"" },
		{ 9, "a\"b\\c", "\"a\\\"b\\\\c\"" },
	};
	char want[1024];

	(void)state;
	sv_ifnames_init(&ifn);
	o.ifnames = &ifn;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		sv_ifnames_put(&ifn, cases[i].idx, cases[i].name);
		d.ifindex = cases[i].idx;
		snprintf(want, sizeof(want), "%s%s%s", head, cases[i].json, tail);
		EXPECT(&o, want, &d);
	}
	o.ifnames = NULL;
	d.ifindex = 3999999999u; /* no such device */
	snprintf(want, sizeof(want), "%s\"3999999999\"%s", head, tail);
	EXPECT(&o, want, &d);
}

/* "mark" and "cgroup_id" only when known; 64-bit values as strings. */
static void test_mark_cgroup(void **state)
{
	static const struct {
		bool has_mark, has_cgroup;
		uint32_t mark;
		uint64_t cg;
		const char *ids;
	} cases[] = {
		{ false, false, 42, 7, "" },
		{ true, false, 42, 7, ",\"mark\":42" },
		{ false, true, 42, 7, ",\"cgroup_id\":\"7\"" },
		{ true, true, 0, 0, ",\"mark\":0,\"cgroup_id\":\"0\"" },
		{ true, true, 4294967295u, UINT64_MAX,
		  ",\"mark\":4294967295,\"cgroup_id\":\"18446744073709551615\"" },
		{ false, true, 0, (UINT64_C(1) << 53) + 1,
		  ",\"cgroup_id\":\"9007199254740993\"" },
	};
	const char *obj = J_L4;
	size_t cut = strlen(obj) - 1; /* before the closing brace */

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct sv_sock s = mk(&L4);
		char want[1024];

		if (cases[i].has_mark)
			s.have |= SV_HAVE_MARK;
		s.mark = cases[i].mark;
		if (cases[i].has_cgroup)
			s.have |= SV_HAVE_CGROUP;
		s.cgroup_id = cases[i].cg;
		snprintf(want, sizeof(want), "%.*s%s}\n", (int)cut, obj, cases[i].ids);
		expect_socks(&LINES, &s, 1, want);
	}
}

/* "users" only with processes; [] when none was found; hostile names are
 * escaped (quote, backslash, newline, ESC, a byte that is not UTF-8), valid
 * UTF-8 is kept. */
static void test_users(void **state)
{
	static const struct sv_proc_ref procs[] = {
		{ .pid = 123, .fd = 3, .uid = 0, .comm = "sshd" },
		{ .pid = 4294967295u, .fd = 2147483647, .uid = 65534,
		  .comm = "a\"b\\c\nd\x1b[31me\xff" },
		{ .pid = 7, .fd = 0, .uid = 1, .comm = "caf\xc3\xa9\t" },
		{ .pid = 8, .fd = 1, .uid = 2, .comm = NULL },
	};
	struct sv_json_opts o = { .lines = true, .processes = true };
	struct sv_sock s = mk(&L4);
	const char *obj = J_L4;
	int cut = (int)strlen(obj) - 1;
	char want[2048];

	(void)state;
	snprintf(want, sizeof(want), "%.*s,\"users\":[]}\n", cut, obj);
	expect_socks(&o, &s, 1, want);

	s.procs = procs;
	s.nprocs = ARRAY_LEN(procs);
	snprintf(want, sizeof(want), "%.*s,\"users\":["
		 "{\"name\":\"sshd\",\"pid\":123,\"fd\":3,\"uid\":0},"
		 "{\"name\":\"a\\\"b\\\\c\\nd\\u001b[31me\\u00ff\",\"pid\":4294967295,"
		 "\"fd\":2147483647,\"uid\":65534},"
		 "{\"name\":\"caf\xc3\xa9\\t\",\"pid\":7,\"fd\":0,\"uid\":1},"
		 "{\"name\":\"\",\"pid\":8,\"fd\":1,\"uid\":2}]}\n", cut, obj);
	expect_socks(&o, &s, 1, want);

	o.processes = false; /* not mapped: no "users" at all */
	snprintf(want, sizeof(want), "%s\n", obj);
	expect_socks(&o, &s, 1, want);
}

/* An object longer than the formatter's buffer (many processes, a long
 * name with multi-byte characters across its pieces) comes out whole and
 * the same as escaping the name in one go. */
static void test_long_object(void **state)
{
	enum { NPROCS = 300, NAMELEN = 5000 };
	static struct sv_proc_ref procs[NPROCS];
	char *name = malloc(NAMELEN + 1), *esc, *want, *got, *p, one[1];
	size_t elen, wcap = 1 << 20;
	struct sv_json_opts o = { .lines = true, .processes = true };
	struct sv_sock s = mk(&L4);
	const char *obj = J_L4;

	(void)state;
	assert_non_null(name);
	/* "é", 0xff, 'x', '"', "€", then stray continuation bytes: 13 bytes, so
	 * the formatter's pieces start inside sequences */
	for (size_t i = 0; i < NAMELEN; i++)
		name[i] = "\xc3\xa9\xff" "x\"\xe2\x82\xac\x80\x80\x80\x80\x80"[i % 13];
	name[NAMELEN] = '\0';
	elen = sv_escape_json(one, sizeof(one), name, NAMELEN);
	esc = malloc(elen + 1);
	assert_non_null(esc);
	assert_int_equal(sv_escape_json(esc, elen + 1, name, NAMELEN), elen);
	want = malloc(wcap);
	assert_non_null(want);
	p = want + sprintf(want, "%.*s,\"users\":[", (int)strlen(obj) - 1, obj);
	for (uint32_t i = 0; i < NPROCS; i++) {
		procs[i] = (struct sv_proc_ref){ .pid = 1000 + i, .fd = (int32_t)i,
						 .uid = i, .comm = i == 150 ? name : "worker" };
		p += sprintf(p, "%s{\"name\":\"%s\",\"pid\":%u,\"fd\":%u,\"uid\":%u}",
			     i ? "," : "", i == 150 ? esc : "worker", 1000 + i, i, i);
	}
	strcpy(p, "]}\n");
	s.procs = procs;
	s.nprocs = NPROCS;
	got = render_socks(&o, &s, 1);
	expect_text(got, want);
	free(got);
	free(want);
	free(esc);
	free(name);
}

/* ---- write errors ----------------------------------------------------- */

/* A pipe nobody reads: -EPIPE (SIGPIPE ignored), from the row when the
 * stream is unbuffered, from finish when stdio buffered the rows; the error
 * sticks. */
static void test_epipe(void **state)
{
	struct sv_sock s = mk(&L4);
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);

	(void)state;
	for (int buffered = 0; buffered < 2; buffered++) {
		int fds[2];
		FILE *f;
		struct sv_json_fmt *j;

		assert_int_equal(pipe(fds), 0);
		close(fds[0]);
		f = fdopen(fds[1], "w");
		assert_non_null(f);
		if (!buffered)
			setvbuf(f, NULL, _IONBF, 0);
		assert_int_equal(sv_format_json_new(f, &ARRAY, &j), 0);
		if (!buffered) {
			assert_int_equal(sv_format_json_row(j, &s), -EPIPE);
			assert_int_equal(sv_format_json_row(j, &s), -EPIPE);
		} else {
			assert_int_equal(sv_format_json_row(j, &s), 0);
		}
		assert_int_equal(sv_format_json_finish(j), -EPIPE);
		assert_int_equal(sv_format_json_finish(j), -EPIPE);
		sv_format_json_free(j);
		fclose(f);
	}
	signal(SIGPIPE, old);
}

/* A full device: the write's errno, ENOSPC. */
static void test_enospc(void **state)
{
	struct sv_sock s = mk(&L4);
	FILE *f = fopen("/dev/full", "w");
	struct sv_json_fmt *j;

	(void)state;
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(sv_format_json_new(f, &LINES, &j), 0);
	assert_int_equal(sv_format_json_row(j, &s), -ENOSPC);
	assert_int_equal(sv_format_json_finish(j), -ENOSPC);
	sv_format_json_free(j);
	fclose(f);
}

/* -E: event_time with the events option, and neither uid nor inode (the
 * kernel's destroy events carry none); flush() writes the rows so far,
 * the array stays open until finish. */
static void test_event(void **state)
{
	static const struct spec ev = { .t = SV_TABLE_TCP, .st = SV_STATE_CLOSE,
					.laddr = "127.0.0.1", .raddr = "127.0.0.1",
					.lport = 5555, .rport = 40000 };
	const struct sv_json_opts events = { .lines = true, .events = true };
	const struct sv_json_opts array = { .events = true };
	struct sv_sock s = mk(&ev);
	struct sv_json_fmt *j = NULL;
	char *buf = NULL, *got;
	size_t len = 0;
	FILE *f;

	(void)state;
	s.have |= SV_FROM_EVENT;
	s.uid = 5;
	s.inode = 9;
	s.cookie = 0x2a;
	s.event_time = "2025-06-01T12:34:56.123456Z";
	got = render_socks(&events, &s, 1);
	assert_non_null(strstr(got, ",\"cookie\":\"2a\",\"event_time\":\"2025-06-01T12:34:56.123456Z\"}\n"));
	assert_null(strstr(got, "\"uid\""));
	assert_null(strstr(got, "\"inode\""));
	free(got);
	got = render_socks(&LINES, &s, 1); /* without the option: not a member */
	assert_null(strstr(got, "event_time"));
	free(got);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(sv_format_json_new(f, &array, &j), 0);
	assert_int_equal(sv_format_json_row(j, &s), 0);
	assert_int_equal(sv_format_json_flush(j), 0);
	assert_true(len > 2 && strncmp(buf, "[\n{", 3) == 0 && buf[len - 1] == '}');
	assert_int_equal(sv_format_json_finish(j), 0);
	assert_int_equal(fflush(f), 0);
	assert_true(len > 3 && strcmp(buf + len - 3, "\n]\n") == 0);
	sv_format_json_free(j);
	assert_int_equal(fclose(f), 0);
	free(buf);
}

static void test_free_null(void **state)
{
	(void)state;
	sv_format_json_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objects),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_array),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_device),
		cmocka_unit_test(test_mark_cgroup),
		cmocka_unit_test(test_users),
		cmocka_unit_test(test_long_object),
		cmocka_unit_test(test_epipe),
		cmocka_unit_test(test_enospc),
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
