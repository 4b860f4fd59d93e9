/* test_proc_inet.c - cmocka suite for the line parser of /proc/net/tcp,
 * tcp6, udp and udp6: lines as a 6.18 kernel wrote them (a listener, an
 * established connection, TIME-WAIT, a request socket, UDP, IPv6 and
 * IPv4-mapped addresses) and malformed ones (short, bad hex, bad state,
 * missing columns, wrong address widths, huge numbers). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/proc_inet.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct sv_proc_opts HZ100 = { .hz = 100 };

static int parse(const char *line, int family, struct sv_sock *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	err[0] = '\0';
	return sv_proc_inet_parse(line, strlen(line), family, &HZ100, s, err, errlen);
}

static void addr_is(int family, const uint8_t *a, const char *text)
{
	char buf[INET6_ADDRSTRLEN];

	assert_non_null(inet_ntop(family, a, buf, sizeof(buf)));
	assert_string_equal(buf, text);
}

/* A TCP listener with one connection in its accept queue: tx_queue is no
 * backlog, rx_queue the queue; the columns after pointer are not read. */
static void test_tcp_listener(void **state)
{
	struct sv_sock s;
	char err[160];

	assert_int_equal(parse("   0: 0100007F:1F90 00000000:0000 0A 00000000:00000001 "
			       "00:00000000 00000000     0        0 7603083 2 "
			       "0000000054e7304e 100 0 0 10 0                   ",
			       AF_INET, &s, err, sizeof(err)), 0);
	assert_int_equal(s.family, AF_INET);
	assert_int_equal(s.state, SV_STATE_LISTEN);
	addr_is(AF_INET, s.laddr, "127.0.0.1");
	assert_int_equal(s.lport, 8080);
	addr_is(AF_INET, s.raddr, "0.0.0.0");
	assert_int_equal(s.rport, 0);
	assert_int_equal(s.rqueue, 1);
	assert_int_equal(s.wqueue, 0);
	assert_int_equal(s.inode, 7603083);
	assert_int_equal(s.uid, 0);
	assert_int_equal(s.timer, 0);
	assert_int_equal(s.expires, 0);
	assert_true(s.cookie == 0x54e7304eu);
	assert_int_equal(s.ifindex, 0);
	assert_false(s.v6only);
}

/* Every field in its place, with distinct values: the timer, its expiry in
 * ticks (rounded up to milliseconds as ss does), retransmits (the retransmit
 * timer's own count) and a uid. */
static void test_tcp_fields(void **state)
{
	struct sv_sock s;
	char err[160];

	assert_int_equal(parse("  12: 0A000001:0016 0A000002:C350 01 0000002A:00000007 "
			       "01:0000000F 00000003  1000        5 4242 1 "
			       "ffff8880deadbeef 20 4 0 10 -1",
			       AF_INET, &s, err, sizeof(err)), 0);
	/* the word 0x0A000001 in host order is 1.0.0.10 on a little-endian
	 * host: the kernel printed the network-order word as a number */
	{
		uint32_t w = 0x0A000001u;
		uint8_t want[4];

		memcpy(want, &w, 4);
		assert_memory_equal(s.laddr, want, 4);
	}
	assert_int_equal(s.lport, 22);
	assert_int_equal(s.rport, 50000);
	assert_int_equal(s.state, SV_STATE_ESTABLISHED);
	assert_int_equal(s.wqueue, 42);
	assert_int_equal(s.rqueue, 7);
	assert_int_equal(s.timer, 1);
	assert_int_equal(s.expires, 150); /* 15 ticks of 10 ms */
	assert_int_equal(s.retrans, 3);   /* retransmit timer: retrnsmt */
	assert_int_equal(s.uid, 1000);
	assert_int_equal(s.inode, 4242);
	assert_true(s.cookie == 0xffff8880deadbeefull);
}

/* Keepalive and zero-window probe timers count their probes (timeout), as
 * sock_diag and ss do; odd tick counts round up; hz comes from the opts. */
static void test_tcp_timers(void **state)
{
	struct sv_sock s;
	struct sv_proc_opts hz250 = { .hz = 250 };
	char err[160];
	const char *ka = "   1: 0100007F:0016 0100007F:D000 01 00000000:00000000 "
			 "02:00000001 00000009     0        2 10 1 0 20 4 0 10 -1";

	assert_int_equal(parse(ka, AF_INET, &s, err, sizeof(err)), 0);
	assert_int_equal(s.timer, 2);
	assert_int_equal(s.retrans, 2);
	assert_int_equal(s.expires, 10);
	memset(&s, 0, sizeof(s));
	assert_int_equal(sv_proc_inet_parse(ka, strlen(ka), AF_INET, &hz250, &s, err,
					    sizeof(err)), 0);
	assert_int_equal(s.expires, 4); /* 1 tick of 4 ms */
	memset(&s, 0, sizeof(s)); /* no opts, or hz 0: USER_HZ 100 */
	assert_int_equal(sv_proc_inet_parse(ka, strlen(ka), AF_INET, NULL, &s, err,
					    sizeof(err)), 0);
	assert_int_equal(s.expires, 10);
	assert_int_equal(parse("   1: 0100007F:0016 0100007F:D000 01 00000000:00000000 "
			       "04:FFFFFFFFFFFFFFFF 00000009     0      300 10 1 0",
			       AF_INET, &s, err, sizeof(err)), 0);
	assert_int_equal(s.timer, 4);
	assert_int_equal(s.retrans, 255); /* 300 probes: the byte's most */
	assert_true(s.expires == UINT32_MAX);
}

/* TIME-WAIT lines end at pointer; their state is the substate (FIN-WAIT-2
 * here), timer 3, inode 0; a request socket: SYN-RECV, timer 1, inode 0. */
static void test_tcp_timewait_and_request(void **state)
{
	struct sv_sock s;
	char err[160];

	assert_int_equal(parse("   9: 0100007F:8CBA 0100007F:1F90 05 00000000:00000000 "
			       "03:000016C8 00000000     0        0 0 3 000000006575a8a4"
			       "                                      ",
			       AF_INET, &s, err, sizeof(err)), 0);
	assert_int_equal(s.state, SV_STATE_FIN_WAIT2);
	assert_int_equal(s.timer, 3);
	assert_int_equal(s.expires, 58320); /* 0x16C8 = 5832 ticks */
	assert_int_equal(s.inode, 0);
	assert_int_equal(parse("  11: 0100007F:D442 0100007F:2328 06 00000000:00000000 "
			       "03:00001750 00000000     0        0 0 3 00000000e197c4b5",
			       AF_INET, &s, err, sizeof(err)), 0);
	assert_int_equal(s.state, SV_STATE_TIME_WAIT);
	assert_int_equal(parse("   4: 0100007F:1F90 0100007F:9C40 03 00000000:00000000 "
			       "01:00000064 00000002  1000        0 0 0 0000000000000000",
			       AF_INET, &s, err, sizeof(err)), 0);
	assert_int_equal(s.state, SV_STATE_SYN_RECV);
	assert_int_equal(s.retrans, 2);
	assert_int_equal(s.uid, 1000);
	assert_int_equal(s.expires, 1000);
}

/* IPv6: four words; the wildcard, ::1 and an IPv4-mapped address. */
static void test_tcp6(void **state)
{
	struct sv_sock s;
	char err[160];

	assert_int_equal(parse("   0: 00000000000000000000000000000000:01BB "
			       "00000000000000000000000000000000:0000 0A 00000000:00000000 "
			       "00:00000000 00000000     0        0 7603084 1 "
			       "000000004bcd8d45 100 0 0 10 0", AF_INET6, &s, err,
			       sizeof(err)), 0);
	assert_int_equal(s.family, AF_INET6);
	addr_is(AF_INET6, s.laddr, "::");
	assert_int_equal(s.lport, 443);
	assert_false(s.v6only); /* not in the text: ss prints "*" */
	assert_int_equal(parse("   2: 00000000000000000000000001000000:0016 "
			       "00000000000000000000000001000000:E1BE 01 00000000:00000000 "
			       "00:00000000 00000000     0        0 0 1 000000009925620d "
			       "20 0 0 10 -1", AF_INET6, &s, err, sizeof(err)), 0);
	addr_is(AF_INET6, s.laddr, "::1");
	addr_is(AF_INET6, s.raddr, "::1");
	assert_int_equal(s.rport, 57790);
	assert_int_equal(parse("   3: 0000000000000000FFFF00000100007F:0016 "
			       "0000000000000000ffff00000100007f:AF9E 01 00000000:00000000 "
			       "00:00000000 00000000     0        0 0 1 000000008bd01ced "
			       "20 0 0 10 -1", AF_INET6, &s, err, sizeof(err)), 0);
	addr_is(AF_INET6, s.laddr, "::ffff:127.0.0.1");
	addr_is(AF_INET6, s.raddr, "::ffff:127.0.0.1"); /* lower case too */
	assert_int_equal(s.rport, 44958);
}

/* UDP: a wide slot number, tx_queue (wmem) and rx_queue, the drops column. */
static void test_udp(void **state)
{
	struct sv_sock s;
	char err[160];

	assert_int_equal(parse("15007: 0100007F:0035 00000000:0000 07 00000000:00000340 "
			       "00:00000000 00000000     0        0 7603099 2 "
			       "0000000004ddfc6e 0       ", AF_INET, &s, err, sizeof(err)), 0);
	assert_int_equal(s.state, SV_STATE_CLOSE);
	assert_int_equal(s.lport, 53);
	assert_int_equal(s.rqueue, 832);
	assert_int_equal(s.inode, 7603099);
	assert_int_equal(parse(" 3923: 00000000000000000000000000000000:14E9 "
			       "00000000000000000000000000000000:0000 07 00000000:00000000 "
			       "00:00000000 00000000   991        0 7603100 2 "
			       "00000000f5b72524 0", AF_INET6, &s, err, sizeof(err)), 0);
	assert_int_equal(s.lport, 5353);
	assert_int_equal(s.uid, 991);
	/* a 32-bit kernel's pointer: 8 digits; tabs between columns */
	assert_int_equal(parse("1:\t0100007F:0035\t00000000:0000\t07\t0:0\t0:0\t0\t0\t0"
			       "\t4294967295\t2\tc0ffee00", AF_INET, &s, err, sizeof(err)), 0);
	assert_true(s.inode == UINT32_MAX);
	assert_true(s.cookie == 0xc0ffee00u);
}

struct bad_case {
	const char *line;
	int family;
	const char *msg; /* part of the message */
};

#define V4L "0100007F:0035 00000000:0000"
#define REST "00000000:00000000 00:00000000 00000000     0        0 7 2 0000000004ddfc6e 0"
#define V6L "00000000000000000000000000000000:0035 00000000000000000000000000000000:0000"

static const struct bad_case bad[] = {
	{ "", AF_INET, "0 columns" },
	{ "   ", AF_INET, "0 columns" },
	{ "   0:", AF_INET, "1 column " },
	{ "   0: " V4L " 07", AF_INET, "4 columns" },
	{ "   0: " V4L " 07 00000000:00000000 00:00000000 00000000 0 0 7 2", AF_INET,
	  "11 columns" },
	/* slot */
	{ "   x: " V4L " 07 " REST, AF_INET, "bad slot number 'x:'" },
	{ "   0 " V4L " 07 " REST, AF_INET, "bad slot number '0'" },
	{ "   : " V4L " 07 " REST, AF_INET, "bad slot number ':'" },
	{ "  -1: " V4L " 07 " REST, AF_INET, "bad slot" },
	/* addresses */
	{ "   0: 0100007G:0035 00000000:0000 07 " REST, AF_INET, "bad local IPv4" },
	{ "   0: 100007F:0035 00000000:0000 07 " REST, AF_INET, "bad local IPv4" },
	{ "   0: 0100007F0:0035 00000000:0000 07 " REST, AF_INET, "bad local IPv4" },
	{ "   0: 0100007F:00035 00000000:0000 07 " REST, AF_INET, "bad local IPv4" },
	{ "   0: 0100007F: 00000000:0000 07 " REST, AF_INET, "bad local" },
	{ "   0: 0100007F0035 00000000:0000 07 " REST, AF_INET, "bad local" },
	{ "   0: 0100007F:-035 00000000:0000 07 " REST, AF_INET, "bad local" },
	{ "   0: 0100007F:0035 00000000:00x0 07 " REST, AF_INET, "bad remote IPv4" },
	{ "   0: 0100007F:0035 0000:0000 07 " REST, AF_INET, "bad remote" },
	{ "   0: " V6L " 07 " REST, AF_INET, "bad local IPv4" },   /* v6 in tcp */
	{ "   0: " V4L " 07 " REST, AF_INET6, "bad local IPv6" },  /* v4 in tcp6 */
	{ "   0: 0000000000000000FFFF00000100007:0016 "
	  "00000000000000000000000000000000:0000 07 " REST, AF_INET6, "bad local IPv6" },
	{ "   0: 0000000000000000FFFF00000100007Z:0016 "
	  "00000000000000000000000000000000:0000 07 " REST, AF_INET6, "bad local IPv6" },
	/* state */
	{ "   0: " V4L " 00 " REST, AF_INET, "bad state '00'" },
	{ "   0: " V4L " 0E " REST, AF_INET, "bad state '0E'" },
	{ "   0: " V4L " FF " REST, AF_INET, "bad state 'FF'" },
	{ "   0: " V4L " ZZ " REST, AF_INET, "bad state 'ZZ'" },
	{ "   0: " V4L " 100 " REST, AF_INET, "bad state '100'" },
	{ "   0: " V4L " 7 00000000:00000000 00:00000000 00000000 0 0 7 2 0", AF_INET, NULL },
	/* queues, timer, numbers */
	{ "   0: " V4L " 07 00000000-00000000 00:00000000 00000000 0 0 7 2 0", AF_INET,
	  "bad tx_queue:rx_queue" },
	{ "   0: " V4L " 07 100000000:00000000 00:00000000 00000000 0 0 7 2 0", AF_INET,
	  "bad tx_queue:rx_queue" },
	{ "   0: " V4L " 07 00000000:0000000g 00:00000000 00000000 0 0 7 2 0", AF_INET,
	  "bad tx_queue:rx_queue" },
	{ "   0: " V4L " 07 0:0 000:00000000 00000000 0 0 7 2 0", AF_INET, "bad tr:tm->when" },
	{ "   0: " V4L " 07 0:0 00:00000000000000000 00000000 0 0 7 2 0", AF_INET,
	  "bad tr:tm->when" },
	{ "   0: " V4L " 07 0:0 00 00000000 0 0 7 2 0", AF_INET, "bad tr:tm->when" },
	{ "   0: " V4L " 07 0:0 0:0 0000000x 0 0 7 2 0", AF_INET, "bad retrnsmt" },
	{ "   0: " V4L " 07 0:0 0:0 0 -1 0 7 2 0", AF_INET, "bad uid '-1'" },
	{ "   0: " V4L " 07 0:0 0:0 0 4294967296 0 7 2 0", AF_INET, "bad uid" },
	{ "   0: " V4L " 07 0:0 0:0 0 0 2147483648 7 2 0", AF_INET, "bad timeout" },
	{ "   0: " V4L " 07 0:0 0:0 0 0 1x 7 2 0", AF_INET, "bad timeout" },
	{ "   0: " V4L " 07 0:0 0:0 0 0 - 7 2 0", AF_INET, "bad timeout" },
	/* inode: 64 bits in the text, 32 for a socket */
	{ "   0: " V4L " 07 0:0 0:0 0 0 0 4294967296 2 0", AF_INET, "inode above 2^32-1" },
	{ "   0: " V4L " 07 0:0 0:0 0 0 0 18446744073709551615 2 0", AF_INET,
	  "inode above 2^32-1" },
	{ "   0: " V4L " 07 0:0 0:0 0 0 0 18446744073709551616 2 0", AF_INET,
	  "bad inode" },
	{ "   0: " V4L " 07 0:0 0:0 0 0 0 99999999999999999999999999 2 0", AF_INET,
	  "bad inode '99999999999999999999999999'" },
	{ "   0: " V4L " 07 0:0 0:0 0 0 0 -7 2 0", AF_INET, "bad inode" },
	{ "   0: " V4L " 07 0:0 0:0 0 0 0 7 two 0", AF_INET, "bad ref" },
	{ "   0: " V4L " 07 0:0 0:0 0 0 0 7 2 00000000000000000", AF_INET, "bad pointer" },
	{ "   0: " V4L " 07 0:0 0:0 0 0 0 7 2 0x10", AF_INET, "bad pointer" },
	/* bytes a terminal must not see come back escaped */
	{ "   0: " V4L " \x1b[2J " REST, AF_INET, "bad state '\\x1b[2J'" },
	{ "   0: " V4L " 07 0:0 0:0 0 0 0 7 2 0", AF_UNIX, "no inet family" },
};

static void test_malformed(void **state)
{
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct sv_sock s;
		char err[160];
		int ret = parse(bad[i].line, bad[i].family, &s, err, sizeof(err));

		if (!bad[i].msg) { /* a well-formed line among them */
			assert_int_equal(ret, 0);
			continue;
		}
		if (ret != -EBADMSG || !strstr(err, bad[i].msg))
			fail_msg("case %zu '%s': %d '%s' (want '%s')", i, bad[i].line, ret,
				 err, bad[i].msg);
	}
}

/* An overlong column is quoted cut short; a tiny error buffer is enough. */
static void test_message_bounds(void **state)
{
	char line[600], err[160], tiny[8];
	struct sv_sock s;

	snprintf(line, sizeof(line), "   0: " V4L " %0200d " REST, 7);
	assert_int_equal(parse(line, AF_INET, &s, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "...'"));
	assert_true(strlen(err) < 80);
	assert_int_equal(parse(line, AF_INET, &s, tiny, sizeof(tiny)), -EBADMSG);
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
}

/* The line is read within len only: no terminator needed. */
static void test_length_obeyed(void **state)
{
	const char *full = "   0: " V4L " 07 " REST;
	char buf[256];
	struct sv_sock s;
	char err[160];
	size_t n = strlen(full);

	memcpy(buf, full, n);
	memset(buf + n, '7', sizeof(buf) - n); /* no NUL after the line */
	assert_int_equal(sv_proc_inet_parse(buf, n, AF_INET, &HZ100, &s, err, sizeof(err)), 0);
	assert_int_equal(s.inode, 7);
	/* cut inside the pointer: still a number */
	assert_int_equal(sv_proc_inet_parse(buf, n - 10, AF_INET, &HZ100, &s, err,
					    sizeof(err)), 0);
	/* cut before the pointer column: too few columns */
	assert_int_equal(sv_proc_inet_parse(buf, n - 20, AF_INET, &HZ100, &s, err,
					    sizeof(err)), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_listener),
		cmocka_unit_test(test_tcp_fields),
		cmocka_unit_test(test_tcp_timers),
		cmocka_unit_test(test_tcp_timewait_and_request),
		cmocka_unit_test(test_tcp6),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_message_bounds),
		cmocka_unit_test(test_length_obeyed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
