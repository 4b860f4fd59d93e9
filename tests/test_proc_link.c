/* test_proc_link.c - cmocka suite for the line parsers of /proc/net/packet
 * and /proc/net/netlink: the kernel's lines (headers, rows of both
 * privilege levels) and malformed ones. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/proc_link.h"

static int packet(const char *line, struct sv_sock *s)
{
	return sv_proc_packet_line(line, strlen(line), s);
}

static int netlink(const char *line, struct sv_sock *s)
{
	return sv_proc_netlink_line(line, strlen(line), s);
}

static void test_packet_lines(void **state)
{
	struct sv_sock s;

	(void)state;
	assert_int_equal(packet("sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n", &s), 0);
	assert_int_equal(packet("sk       RefCnt Type Proto  Iface R Rmem   User   Inode", &s), 0);
	memset(&s, 0x5a, sizeof(s));
	assert_int_equal(packet("ffff8e2a4c3b9000 3      3    0003   0     1 0      0      8289191 \n", &s), 1);
	assert_int_equal(s.table, SV_TABLE_PACKET_RAW);
	assert_int_equal(s.family, AF_PACKET);
	assert_int_equal(s.state, SV_STATE_CLOSE);
	assert_int_equal(s.pk.protocol, 3);
	assert_int_equal(s.pk.ifindex, 0);
	assert_int_equal(s.inode, 8289191);
	assert_int_equal(s.have, 0);
	assert_null(s.pk.filter);
	/* without privileges the address is zeros; a dgram socket on eth 3 */
	assert_int_equal(packet("0000000000000000 3      2    88cc   3     0 2304   1000   77", &s), 1);
	assert_int_equal(s.table, SV_TABLE_PACKET_DGRAM);
	assert_int_equal(s.pk.protocol, 0x88cc);
	assert_int_equal(s.pk.ifindex, 3);
	assert_int_equal(s.rqueue, 2304);
	assert_int_equal(s.uid, 1000);
	assert_int_equal(s.inode, 77);
	/* tabs and no trailing newline are fine */
	assert_int_equal(packet("1\t1\t3\tffff\t2147483647\t1\t4294967295\t4294967295\t4294967295", &s), 1);
	assert_int_equal(s.pk.protocol, 0xffff);
	assert_int_equal(s.pk.ifindex, 2147483647);
}

static void test_packet_malformed(void **state)
{
	static const char *const bad[] = {
		"",                                                      /* empty */
		"\n",
		"ffff 3 3 0003 0 1 0 0",                                 /* 8 fields */
		"ffff 3 3 0003 0 1 0 0 5 6",                             /* 10 */
		"ffffg 3 3 0003 0 1 0 0 5",                              /* sk not hex */
		"ffff -3 3 0003 0 1 0 0 5",                              /* sign */
		"ffff 3 256 0003 0 1 0 0 5",                             /* type > 255 */
		"ffff 3 3 10000 0 1 0 0 5",                              /* proto > 0xffff */
		"ffff 3 3 0x03 0 1 0 0 5",                               /* 0x */
		"ffff 3 3 0003 2147483648 1 0 0 5",                      /* ifindex > int */
		"ffff 3 3 0003 0 2 0 0 5",                               /* R not 0/1 */
		"ffff 3 3 0003 0 1 4294967296 0 5",                      /* rmem > u32 */
		"ffff 3 3 0003 0 1 0 0 4294967296",                      /* inode > u32 */
		"ffff 3 3 0003 0 1 0 0 99999999999999999999999",         /* overflow */
		"ffff 3 3 0003 0 1 0 0 5x",
		"skx RefCnt Type Proto Iface R Rmem User Inode",         /* not the header */
		"ffff 3 3 0003 0 1 0 0 5\n ffff 3 3 0003 0 1 0 0 5",     /* two lines */
	};
	struct sv_sock s;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (packet(bad[i], &s) != -EBADMSG)
			fail_msg("accepted: '%s'", bad[i]);
	/* a NUL inside the line is no separator */
	assert_int_equal(sv_proc_packet_line("ffff 3 3 0003 0 1 0 0 5\0", 24, &s), -EBADMSG);
	assert_int_equal(sv_proc_packet_line("ffff 3 3 0003 0 1 0 0 5\0", 23, &s), 1);
}

static void test_netlink_lines(void **state)
{
	struct sv_sock s;

	(void)state;
	assert_int_equal(netlink("sk               Eth Pid        Groups   Rmem     Wmem     "
				 "Dump  Locks    Drops    Inode\n", &s), 0);
	memset(&s, 0x5a, sizeof(s));
	assert_int_equal(netlink("00000000b06ccfdf 0   0          00000000 0        0        "
				 "0     2        0        4       \n", &s), 1);
	assert_int_equal(s.table, SV_TABLE_NETLINK);
	assert_int_equal(s.family, AF_NETLINK);
	assert_int_equal(s.state, SV_STATE_CLOSE);
	assert_int_equal(s.nl.protocol, 0);
	assert_int_equal(s.nl.portid, 0);
	assert_false(s.nl.connected);
	assert_null(s.nl.groups);
	assert_int_equal(s.inode, 4);
	assert_int_equal(netlink("ffff8e2a4c3b9000 16  4294963201 00000005 832      4352     "
				 "1     2        7        9999", &s), 1);
	assert_int_equal(s.nl.protocol, 16);
	assert_int_equal(s.nl.portid, 4294963201u);
	assert_int_equal(s.nl.groups32, 5);
	assert_int_equal(s.rqueue, 832);
	assert_int_equal(s.wqueue, 4352);
	assert_int_equal(s.inode, 9999);
	/* Dump as the pointer of older kernels */
	assert_int_equal(netlink("ffff 9 1 ffffffff 0 0 ffff8e2a4c3b9000 2 0 5", &s), 1);
	assert_int_equal(s.nl.groups32, 0xffffffff);
}

static void test_netlink_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"ffff 0 0 00000000 0 0 0 2 0",             /* 9 fields */
		"ffff 0 0 00000000 0 0 0 2 0 4 5",         /* 11 */
		"ffff 256 0 00000000 0 0 0 2 0 4",         /* protocol > 255 */
		"ffff 0 4294967296 00000000 0 0 0 2 0 4",  /* port id > u32 */
		"ffff 0 -1 00000000 0 0 0 2 0 4",          /* sign */
		"ffff 0 0 100000000 0 0 0 2 0 4",          /* groups > u32 */
		"ffff 0 0 0000000g 0 0 0 2 0 4",
		"ffff 0 0 00000000 2147483648 0 0 2 0 4",  /* rmem > int */
		"ffff 0 0 00000000 0 0 0 2 0 4294967296",  /* inode > u32 */
		"sk Eth",                                  /* a header? no: "sk" alone... */
	};
	struct sv_sock s;

	(void)state;
	for (size_t i = 0; i + 1 < sizeof(bad) / sizeof(bad[0]); i++)
		if (netlink(bad[i], &s) != -EBADMSG)
			fail_msg("accepted: '%s'", bad[i]);
	/* a line that starts with the word "sk" is the header, whatever follows */
	assert_int_equal(netlink(bad[sizeof(bad) / sizeof(bad[0]) - 1], &s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packet_lines),
		cmocka_unit_test(test_packet_malformed),
		cmocka_unit_test(test_netlink_lines),
		cmocka_unit_test(test_netlink_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
