/* test_netstat.c - cmocka suite for the kernel's counters' text
 * (/proc/net/netstat, snmp): the counters asked for, malformed pairs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "sockview/netstat.h"

static const char netstat[] =
	"TcpExt: SyncookiesSent SyncookiesRecv ListenOverflows ListenDrops\n"
	"TcpExt: 1 2 30 31\n"
	"IpExt: InNoRoutes InTruncatedPkts\n"
	"IpExt: 0 0\n";
static const char snmp[] =
	"Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens AttemptFails OutRsts\n"
	"Tcp: 1 200 120000 -1 77 5 18446744073709551615";

static struct sv_netstat asking(void)
{
	struct sv_netstat ns = { .n = 4 };

	ns.name[0] = "TcpExt.ListenOverflows";
	ns.name[1] = "Tcp.AttemptFails";
	ns.name[2] = "Tcp.MaxConn";
	ns.name[3] = "TcpExt.Nowhere";
	return ns;
}

static void test_good(void **state)
{
	struct sv_netstat ns = asking();
	uint64_t v;
	char err[128];

	(void)state;
	assert_int_equal(sv_netstat_parse(netstat, strlen(netstat), &ns, err, sizeof(err)), 0);
	assert_int_equal(sv_netstat_parse(snmp, strlen(snmp), &ns, err, sizeof(err)), 0);
	assert_int_equal(sv_netstat_get(&ns, "TcpExt.ListenOverflows", &v), 0);
	assert_int_equal(v, 30);
	assert_int_equal(sv_netstat_get(&ns, "Tcp.AttemptFails", &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(sv_netstat_get(&ns, "Tcp.MaxConn", &v), 0);
	assert_int_equal(v, UINT64_MAX); /* -1, as its two's complement */
	assert_int_equal(sv_netstat_get(&ns, "TcpExt.Nowhere", &v), -ENOENT);
	assert_int_equal(ns.found, 7);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"TcpExt: A B\n",                   /* names without values */
		"TcpExt: A B\nIpExt: 1 2\n",       /* values of another key */
		"TcpExt: A B\nTcpExt: 1\n",        /* fewer values */
		"TcpExt: A\nTcpExt: 1 2\n",        /* more values */
		"TcpExt: A\nTcpExt: x\n",          /* not a number */
		"TcpExt: A\nTcpExt: 18446744073709551616\n", /* too big */
		"no key here\n",
		": A\n: 1\n",
	};
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sv_netstat ns = asking();

		err[0] = '\0';
		if (sv_netstat_parse(bad[i], strlen(bad[i]), &ns, err, sizeof(err)) != -EINVAL)
			fail_msg("case %zu accepted", i);
		assert_non_null(strstr(err, "line") ? err : strstr(err, "empty"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
