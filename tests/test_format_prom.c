/* test_format_prom.c - cmocka suite for --format=prom's formatter: the
 * exact text of a small listing, a hostile interface name in a label,
 * counters not read, the bound on series (at most 500 on 100,000 sockets
 * of every kind with the defaults, each series once, each family's
 * HELP and TYPE before its samples), and write errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "support/fsock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/format_prom.h"
#include "sockview/promtext.h"

static struct sv_sock mk(enum sv_table t, enum sv_state st, const char *laddr, uint16_t lport,
			 const char *raddr, uint16_t rport, enum sv_role role)
{
	return fsock_inet(t, st, laddr, lport, raddr, rport, role, 32768, 60999);
}

/* Run the formatter over n rows; the text it wrote (the caller frees). */
static char *run(const struct sv_prom_opts *o, const struct sv_sock *rows, size_t n)
{
	struct sv_output out;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(sv_format_prom_output(f, o, &out), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(out.row(out.ctx, &rows[i]), 0);
	assert_int_equal(out.finish(out.ctx), 0);
	out.close(out.ctx);
	fclose(f);
	return buf;
}

static const char want_small[] =
	"# HELP sockview_sockets Sockets listed, by table (netid), state and class (the "
	"Class column: a port's IANA class or ephemeral, a table's own word for sockets "
	"without ports).\n"
	"# TYPE sockview_sockets gauge\n"
	"sockview_sockets{netid=\"tcp\",state=\"ESTAB\",class=\"ephemeral\"} 2\n"
	"sockview_sockets{netid=\"tcp\",state=\"ESTAB\",class=\"well-known\"} 1\n"
	"sockview_sockets{netid=\"tcp\",state=\"LISTEN\",class=\"well-known\"} 2\n"
	"sockview_sockets{netid=\"udp\",state=\"UNCONN\",class=\"well-known\"} 1\n"
	"# HELP sockview_listeners Listening sockets (role listen: a stream listener, an "
	"unconnected bound datagram socket), by table and class.\n"
	"# TYPE sockview_listeners gauge\n"
	"sockview_listeners{netid=\"tcp\",class=\"well-known\"} 2\n"
	"sockview_listeners{netid=\"udp\",class=\"well-known\"} 1\n"
	"# HELP sockview_accept_queue_full_listeners Listeners (LISTEN) whose accept queue "
	"(Recv-Q) holds its backlog (Send-Q) or more, by table.\n"
	"# TYPE sockview_accept_queue_full_listeners gauge\n"
	"sockview_accept_queue_full_listeners{netid=\"tcp\"} 1\n"
	"# HELP sockview_accept_queue_fullest_fill_ratio The fullest listener's accept queue "
	"over its backlog (Recv-Q over Send-Q, a backlog of 0 as 1; 1 or more: full), by "
	"table.\n"
	"# TYPE sockview_accept_queue_fullest_fill_ratio gauge\n"
	"sockview_accept_queue_fullest_fill_ratio{netid=\"tcp\"} 1.5\n"
	"# HELP sockview_accept_queue_length Connections waiting to be accepted (Recv-Q) by "
	"the listeners of an address, port and device of --prom-ports.\n"
	"# TYPE sockview_accept_queue_length gauge\n"
	"sockview_accept_queue_length{netid=\"tcp\",address=\"0.0.0.0\",port=\"22\"} 32\n"
	"sockview_accept_queue_length{netid=\"tcp\",address=\"::1\",port=\"22\","
	"interface=\"e\\\\x1b[2Jth\\\\xff\\\"\\n\"} 3\n"
	"# HELP sockview_accept_queue_backlog The backlog (Send-Q) of the listeners of an "
	"address, port and device of --prom-ports.\n"
	"# TYPE sockview_accept_queue_backlog gauge\n"
	"sockview_accept_queue_backlog{netid=\"tcp\",address=\"0.0.0.0\",port=\"22\"} 128\n"
	"sockview_accept_queue_backlog{netid=\"tcp\",address=\"::1\",port=\"22\","
	"interface=\"e\\\\x1b[2Jth\\\\xff\\\"\\n\"} 2\n"
	"# HELP sockview_accept_queue_fill_ratio The fullest accept queue over its backlog "
	"among the listeners of an address, port and device of --prom-ports (a backlog of 0 "
	"as 1; 1 or more: full).\n"
	"# TYPE sockview_accept_queue_fill_ratio gauge\n"
	"sockview_accept_queue_fill_ratio{netid=\"tcp\",address=\"0.0.0.0\",port=\"22\"} 0.25\n"
	"sockview_accept_queue_fill_ratio{netid=\"tcp\",address=\"::1\",port=\"22\","
	"interface=\"e\\\\x1b[2Jth\\\\xff\\\"\\n\"} 1.5\n"
	"# HELP sockview_ephemeral_range_ports Ports of net.ipv4.ip_local_port_range that are "
	"not reserved (ip_local_reserved_ports): what connect() picks from.\n"
	"# TYPE sockview_ephemeral_range_ports gauge\n"
	"sockview_ephemeral_range_ports 100\n"
	"# HELP sockview_ephemeral_ports_in_use Ports of the ephemeral range that sockets of "
	"the table are bound to.\n"
	"# TYPE sockview_ephemeral_ports_in_use gauge\n"
	"sockview_ephemeral_ports_in_use{netid=\"udp\"} 0\n"
	"sockview_ephemeral_ports_in_use{netid=\"tcp\"} 2\n"
	"# HELP sockview_ephemeral_fullest_destination_connections Connections this host "
	"opened from a port of the ephemeral range to the one remote address and port that has "
	"the most of them.\n"
	"# TYPE sockview_ephemeral_fullest_destination_connections gauge\n"
	"sockview_ephemeral_fullest_destination_connections{netid=\"udp\"} 0\n"
	"sockview_ephemeral_fullest_destination_connections{netid=\"tcp\"} 2\n"
	"# HELP sockview_ephemeral_fullest_destination_ratio Those connections over the "
	"range's ports: at 1, connect() to that destination fails (EADDRNOTAVAIL).\n"
	"# TYPE sockview_ephemeral_fullest_destination_ratio gauge\n"
	"sockview_ephemeral_fullest_destination_ratio{netid=\"udp\"} 0\n"
	"sockview_ephemeral_fullest_destination_ratio{netid=\"tcp\"} 0.02\n"
	"# HELP sockview_tcp_listen_overflows_total Times a listener's accept queue was full "
	"when a handshake completed (TcpExt ListenOverflows).\n"
	"# TYPE sockview_tcp_listen_overflows_total counter\n"
	"sockview_tcp_listen_overflows_total 5\n"
	"# HELP sockview_tcp_attempt_fails_total Connection attempts that failed (Tcp "
	"AttemptFails).\n"
	"# TYPE sockview_tcp_attempt_fails_total counter\n"
	"sockview_tcp_attempt_fails_total 18446744073709551615\n";

/* A small listing: every family, a listener of --prom-ports on a device
 * whose name is hostile, counters of which two were read. */
static void test_small(void **state)
{
	static uint8_t ports[65536 / 8];
	struct sv_ifnames ifn;
	uint64_t counters[SV_WHY_C_MAX] = { [SV_WHY_C_LISTEN_OVERFLOWS] = 5,
					    [SV_WHY_C_LISTEN_DROPS] = 9,
					    [SV_WHY_C_ATTEMPT_FAILS] = UINT64_MAX };
	struct sv_prom_opts o = {
		.stats = { .eph_lo = 40000, .eph_hi = 40099, .queue_ports = ports },
		.tables = 1u << SV_TABLE_TCP | 1u << SV_TABLE_UDP,
		.counters = counters,
		.counters_found = 1u << SV_WHY_C_LISTEN_OVERFLOWS | 1u << SV_WHY_C_ATTEMPT_FAILS,
		.ifnames = &ifn,
	};
	struct sv_sock rows[6];
	char *text;

	ports[22 / 8] |= 1u << (22 % 8);
	sv_ifnames_init(&ifn);
	sv_ifnames_put(&ifn, 7, "e\x1b[2Jth\xff\"\n");
	rows[0] = mk(SV_TABLE_TCP, SV_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0, SV_ROLE_LISTEN);
	rows[0].rqueue = 32;
	rows[0].wqueue = 128;
	rows[1] = mk(SV_TABLE_TCP, SV_STATE_LISTEN, "::1", 22, "::", 0, SV_ROLE_LISTEN);
	rows[1].rqueue = 3;
	rows[1].wqueue = 2;
	rows[1].ifindex = 7;
	rows[2] = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 22, "10.0.0.2", 40001,
		     SV_ROLE_IN);
	rows[3] = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.2", 40001, "10.0.0.1", 22,
		     SV_ROLE_OUT);
	rows[4] = mk(SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.2", 40002, "10.0.0.1", 22,
		     SV_ROLE_OUT);
	rows[5] = mk(SV_TABLE_UDP, SV_STATE_CLOSE, "0.0.0.0", 53, "0.0.0.0", 0, SV_ROLE_LISTEN);
	text = run(&o, rows, 6);
	assert_string_equal(text, want_small);
	free(text);
}

/* A recorded dump: no counters, no listeners asked, nothing listed. */
static void test_empty(void **state)
{
	struct sv_prom_opts o = { .stats = { .eph_lo = 32768, .eph_hi = 60999 } };
	char *text = run(&o, NULL, 0);

	assert_string_equal(text,
		"# HELP sockview_ephemeral_range_ports Ports of net.ipv4.ip_local_port_range "
		"that are not reserved (ip_local_reserved_ports): what connect() picks from.\n"
		"# TYPE sockview_ephemeral_range_ports gauge\n"
		"sockview_ephemeral_range_ports 28232\n");
	free(text);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The text's samples, checked: each family's HELP then TYPE before its
 * samples, each family once, each series (name and labels) once, every
 * metric name valid. Returns how many samples. */
static size_t check_text(char *text)
{
	char *series[2048], *families[64], *save = NULL;
	size_t ns = 0, nf = 0;
	char typed[128] = "";

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[128];

		if (strncmp(line, "# HELP ", 7) == 0) {
			sscanf(line + 7, "%127s", name);
			assert_true(sv_promtext_metric_name_ok(name));
			for (size_t i = 0; i < nf; i++)
				assert_string_not_equal(families[i], name);
			assert_true(nf < 64);
			families[nf++] = line + 7;
			typed[0] = '\0';
			continue;
		}
		if (strncmp(line, "# TYPE ", 7) == 0) {
			sscanf(line + 7, "%127s", typed);
			continue;
		}
		assert_true(typed[0]);
		assert_int_equal(strncmp(line, typed, strlen(typed)), 0);
		assert_true(line[strlen(typed)] == '{' || line[strlen(typed)] == ' ');
		*strrchr(line, ' ') = '\0'; /* the series, without its value */
		assert_true(ns < 2048);
		series[ns++] = line;
	}
	for (size_t i = 0; i < nf; i++)
		*strchr(families[i], ' ') = '\0';
	qsort(series, ns, sizeof(*series), by_string);
	for (size_t i = 1; i < ns; i++)
		assert_string_not_equal(series[i - 1], series[i]);
	return ns;
}

/* 100,000 sockets of every table, state, class and role, on every port,
 * from and to many addresses, listeners on thousands of ports: at most
 * 500 series with the defaults (no --prom-ports). */
static void test_series_bound(void **state)
{
	static const enum sv_table tables[] = {
		SV_TABLE_TCP, SV_TABLE_UDP, SV_TABLE_MPTCP, SV_TABLE_SCTP, SV_TABLE_DCCP,
		SV_TABLE_RAW, SV_TABLE_UNIX_STREAM, SV_TABLE_UNIX_DGRAM, SV_TABLE_UNIX_SEQPACKET,
		SV_TABLE_PACKET_RAW, SV_TABLE_NETLINK,
	};
	static const char *const unix_classes[] = { "path", "abstract", "autobound", "unnamed" };
	uint64_t counters[SV_WHY_C_MAX] = { 0 };
	struct sv_prom_opts o = {
		.stats = { .eph_lo = 32768, .eph_hi = 60999 },
		.tables = (1u << SV_TABLE_MAX) - 1,
		.counters = counters,
		.counters_found = (1u << SV_WHY_C_MAX) - 1,
	};
	struct sv_sock *rows = calloc(100000, sizeof(*rows));
	char *text;
	size_t n;

	assert_non_null(rows);
	for (uint32_t i = 0; i < 100000; i++) {
		enum sv_table t = tables[i % (sizeof(tables) / sizeof(tables[0]))];
		enum sv_state st = (enum sv_state)(1 + i / 11 % (SV_STATE_CLOSING));
		char a[32], b[32];

		snprintf(a, sizeof(a), "10.%u.%u.%u", i >> 16 & 255, i >> 8 & 255, i & 255);
		snprintf(b, sizeof(b), "172.16.%u.%u", i >> 8 & 255, i & 255);
		rows[i] = mk(t, st, a, (uint16_t)(i * 7919 % 65536), b,
			     (uint16_t)(i * 104729 % 65536),
			     st == SV_STATE_LISTEN ? SV_ROLE_LISTEN :
			     (enum sv_role)(SV_ROLE_IN + i % 3));
		rows[i].rqueue = i % 50;
		rows[i].wqueue = i % 64;
		if (t == SV_TABLE_UNIX_STREAM || t == SV_TABLE_UNIX_DGRAM ||
		    t == SV_TABLE_UNIX_SEQPACKET) {
			rows[i].family = AF_UNIX;
			rows[i].class_name = unix_classes[i % 4];
		} else if (t == SV_TABLE_PACKET_RAW) {
			rows[i].family = AF_PACKET;
			rows[i].class_name = "ethertype";
		} else if (t == SV_TABLE_NETLINK) {
			rows[i].family = AF_NETLINK;
			rows[i].class_name = i % 2 ? "kernel" : "user";
		}
	}
	text = run(&o, rows, 100000);
	n = check_text(text);
	print_message("%zu series for 100000 sockets\n", n);
	assert_true(n > 100); /* every kind made it */
	assert_true(n <= 500);
	free(text);
	free(rows);
}

/* A full device: finish says so, and so does every later call. */
static void test_write_error(void **state)
{
	struct sv_prom_opts o = { .stats = { .eph_lo = 32768, .eph_hi = 60999 } };
	struct sv_prom_fmt *f;
	FILE *full = fopen("/dev/full", "w");

	if (!full)
		skip();
	assert_int_equal(sv_format_prom_new(full, &o, &f), 0);
	assert_int_equal(sv_format_prom_finish(f), -ENOSPC);
	sv_format_prom_free(f);
	fclose(full);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_series_bound),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
