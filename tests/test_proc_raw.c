/* test_proc_raw.c - cmocka suite for the /proc/net/raw(6) parser: files as
 * this kernel writes them (taken from a namespace with an ICMP socket on
 * 127.0.0.1, a connected IPPROTO_RAW socket, protocol 200 on the wildcard
 * and an ICMPv6 socket), and malformed lines. */
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

#include "sockview/proc_raw.h"

static const char raw4[] =
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
	"   3: 0100007F:00FF 0100007F:0000 01 00000000:00000000 00:00000000 00000000     0        0 8620541 2 00000000e92d75bb 0\n"
	" 210: 00000000:00C8 00000000:0000 07 00000010:00000020 00:00000000 00000000  1000        0 8620542 2 0000000033ba5937 0\n"
	" 213: 0100007F:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 8620539 2 000000002780af81 0\n";

static const char raw6[] =
	"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
	"   66: 00000000000000000000000000000000:003A 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 8620540 2 000000004477b50b 0\n"
	"   58: 000080FE00000000FF0000020100005E:003A 00000000000000000000000001000000:0000 01 00000000:00000000 00:00000000 00000000     0        0 5 2 0000000000000000 0\n";

struct seen {
	struct sv_sock s[8];
	size_t n;
	int stop_at; /* return -1234 at this 1-based row; 0: never */
};

static int keep(const struct sv_sock *s, void *data)
{
	struct seen *v = data;

	if (v->stop_at && (int)v->n + 1 == v->stop_at)
		return -1234;
	if (v->n < 8)
		v->s[v->n++] = *s;
	return 0;
}

static void addr_is(int family, const uint8_t *got, const char *text)
{
	uint8_t want[16] = { 0 };

	assert_int_equal(inet_pton(family, text, want), 1);
	assert_memory_equal(got, want, 16);
}

static void test_raw4(void **state)
{
	struct seen v = { 0 };
	size_t line = 99;

	(void)state;
	assert_int_equal(sv_proc_raw_parse(raw4, strlen(raw4), AF_INET, SV_TABLE_RAW,
					   keep, &v, &line), 0);
	assert_int_equal(v.n, 3);
	assert_int_equal(v.s[0].table, SV_TABLE_RAW);
	assert_int_equal(v.s[0].family, AF_INET);
	assert_int_equal(v.s[0].state, SV_STATE_ESTABLISHED);
	addr_is(AF_INET, v.s[0].laddr, "127.0.0.1");
	addr_is(AF_INET, v.s[0].raddr, "127.0.0.1");
	assert_int_equal(v.s[0].lport, 255);
	assert_int_equal(v.s[0].rport, 0);
	assert_int_equal(v.s[0].inode, 8620541);
	assert_int_equal(v.s[1].state, SV_STATE_CLOSE);
	addr_is(AF_INET, v.s[1].laddr, "0.0.0.0");
	assert_int_equal(v.s[1].lport, 200);
	assert_int_equal(v.s[1].wqueue, 0x10); /* tx_queue: Send-Q */
	assert_int_equal(v.s[1].rqueue, 0x20);
	assert_int_equal(v.s[1].uid, 1000);
	assert_int_equal(v.s[2].lport, 1);
	/* /proc tells no cookie, mark, cgroup or device */
	assert_int_equal(v.s[2].cookie, 0);
	assert_int_equal(v.s[2].have, 0);
	assert_int_equal(v.s[2].ifindex, 0);
}

static void test_raw6(void **state)
{
	struct seen v = { 0 };
	size_t line;

	(void)state;
	assert_int_equal(sv_proc_raw_parse(raw6, strlen(raw6), AF_INET6, SV_TABLE_RAW,
					   keep, &v, &line), 0);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.s[0].family, AF_INET6);
	addr_is(AF_INET6, v.s[0].laddr, "::");
	assert_int_equal(v.s[0].lport, 58);
	/* each word is this host's u32: on little-endian fe80::... reads
	 * 000080FE first */
	if (htonl(1) != 1) {
		addr_is(AF_INET6, v.s[1].laddr, "fe80::200:ff:5e00:1");
		addr_is(AF_INET6, v.s[1].raddr, "::1");
	}
	assert_int_equal(v.s[1].state, SV_STATE_ESTABLISHED);
	assert_int_equal(v.s[1].inode, 5);
}

/* A header alone, an empty line: no rows; no text at all: malformed. */
static void test_empty(void **state)
{
	static const char hdr[] = "  sl  local_address rem_address   st\n";
	struct seen v = { 0 };
	size_t line;

	(void)state;
	assert_int_equal(sv_proc_raw_parse(hdr, strlen(hdr), AF_INET, SV_TABLE_RAW,
					   keep, &v, &line), 0);
	assert_int_equal(v.n, 0);
	assert_int_equal(sv_proc_raw_parse("", 0, AF_INET, SV_TABLE_RAW, keep, &v, &line),
			 -EBADMSG);
	assert_int_equal(line, 1);
	assert_int_equal(sv_proc_raw_parse("x\n", 2, AF_INET, SV_TABLE_RAW, keep, &v, &line),
			 -EBADMSG);
	assert_int_equal(line, 1);
}

/* The callback's error comes back as is. */
static void test_stop(void **state)
{
	struct seen v = { .stop_at = 2 };
	size_t line;

	(void)state;
	assert_int_equal(sv_proc_raw_parse(raw4, strlen(raw4), AF_INET, SV_TABLE_RAW,
					   keep, &v, &line), -1234);
	assert_int_equal(v.n, 1);
}

/* Each malformed line is refused with its number. */
static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"   3 0100007F:00FF 0100007F:0000 01 00000000:00000000 00:00000000 00000000 0 0 1 2 0 0",
		"   3: 0100007:00FF 0100007F:0000 01 00000000:00000000 00:00000000 00000000 0 0 1 2 0 0",
		"   3: 0100007F00FF 0100007F:0000 01 00000000:00000000 00:00000000 00000000 0 0 1 2 0 0",
		"   3: 0100007F:000FF 0100007F:0000 01 00000000:00000000 00:00000000 00000000 0 0 1 2 0 0",
		"   3: 0100007G:00FF 0100007F:0000 01 00000000:00000000 00:00000000 00000000 0 0 1 2 0 0",
		"   3: 00000000000000000000000000000000:003A 0100007F:0000 01 00000000:00000000 00:00000000 00000000 0 0 1",
		"   3: 0100007F:00FF 0100007F:0000 001 00000000:00000000 00:00000000 00000000 0 0 1 2 0 0",
		"   3: 0100007F:00FF 0100007F:0000 01 000000000:00000000 00:00000000 00000000 0 0 1 2 0 0",
		"   3: 0100007F:00FF 0100007F:0000 01 00000000:000000000 00:00000000 00000000 0 0 1 2 0 0",
		"   3: 0100007F:00FF 0100007F:0000 01 00000000-00000000 00:00000000 00000000 0 0 1 2 0 0",
		"   3: 0100007F:00FF 0100007F:0000 01 00000000:00000000 00:00000000 00000000 4294967296 0 1 2 0 0",
		"   3: 0100007F:00FF 0100007F:0000 01 00000000:00000000 00:00000000 00000000 -1 0 1 2 0 0",
		"   3: 0100007F:00FF 0100007F:0000 01 00000000:00000000 00:00000000 00000000 0 0",
		"   3: 0100007F:00FF 0100007F:0000 01 00000000:00000000 00:00000000 00000000 0 0 12a 2 0 0",
		"   3: 0100007F:00FF",
		"   3:",
		"",
	};
	char text[512];
	struct seen v;
	size_t line;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int n = snprintf(text, sizeof(text), "  sl  local\n%s\n", bad[i]);
		int ret;

		memset(&v, 0, sizeof(v));
		ret = sv_proc_raw_parse(text, (size_t)n, AF_INET, SV_TABLE_RAW, keep, &v, &line);
		if (bad[i][0] == '\0') { /* an empty line is no row */
			assert_int_equal(ret, 0);
			continue;
		}
		if (ret != -EBADMSG || line != 2)
			fail_msg("accepted line %zu: '%s' (ret %d, line %zu)", i, bad[i], ret, line);
		assert_int_equal(v.n, 0);
	}
	/* an IPv4 line in raw6, a family that is no IP */
	assert_int_equal(sv_proc_raw_parse(raw4, strlen(raw4), AF_INET6, SV_TABLE_RAW, keep,
					   &v, &line), -EBADMSG);
	assert_int_equal(line, 2);
	assert_int_equal(sv_proc_raw_line("   3: 0100007F:00FF", 19, AF_UNIX, SV_TABLE_RAW,
					  &v.s[0]), -EBADMSG);
}

/* A line need not be terminated, nor the file: no read past len. */
static void test_bounds(void **state)
{
	const char *first = strchr(raw4, '\n') + 1;
	size_t n = (size_t)(strchr(first, '\n') - first);
	struct sv_sock s;

	(void)state;
	for (size_t cut = 0; cut <= n; cut++) {
		char *copy = malloc(cut ? cut : 1);

		assert_non_null(copy);
		memcpy(copy, first, cut);
		/* the inode is the last column read: every shorter cut fails */
		if (sv_proc_raw_line(copy, cut, AF_INET, SV_TABLE_RAW, &s) == 0)
			assert_true(cut >= (size_t)(strstr(first, "8620541") - first) + 1);
		free(copy);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw4),
		cmocka_unit_test(test_raw6),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
