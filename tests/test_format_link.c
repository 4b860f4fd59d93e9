/* test_format_link.c - cmocka suite for packet and netlink sockets in the
 * outputs: ss's cells (protocol names, interfaces, port ids and their
 * processes, escaped), the -b text, sockview's Class and Service, JSON
 * members, and whole listings against ss 6.1's own output. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <linux/filter.h>

#include "sockview/classify.h"
#include "sockview/fields.h"
#include "sockview/format.h"
#include "sockview/format_json.h"
#include "sockview/pidnames.h"
#include "sockview/tables.h"

static const struct sock_filter prog[2] = { { 0x28, 0, 0, 12 }, { 0x06, 0, 0, 65535 } };

static struct sv_sock packet(enum sv_table t, uint16_t proto, uint32_t ifindex)
{
	struct sv_sock s;

	memset(&s, 0, sizeof(s));
	s.table = (uint8_t)t;
	s.family = AF_PACKET;
	s.state = SV_STATE_CLOSE;
	s.pk.protocol = proto;
	s.pk.ifindex = ifindex;
	return s;
}

static struct sv_sock netlink(uint8_t proto, uint32_t portid)
{
	struct sv_sock s;

	memset(&s, 0, sizeof(s));
	s.table = SV_TABLE_NETLINK;
	s.family = AF_NETLINK;
	s.state = SV_STATE_CLOSE;
	s.nl.protocol = proto;
	s.nl.portid = portid;
	return s;
}

/* The four address cells of s, joined by '|'. */
static const char *cells(const struct sv_fmt_opts *o, const struct sv_sock *s)
{
	static char buf[4 * SV_CELL_LEN + 8];
	struct sv_cells c;

	sv_format_cells(o, s, &c);
	for (int i = SV_CELL_LADDR; i <= SV_CELL_RPORT; i++)
		assert_int_equal(c.len[i], strlen(c.text[i]));
	snprintf(buf, sizeof(buf), "%s|%s|%s|%s", c.text[SV_CELL_LADDR],
		 c.text[SV_CELL_LPORT], c.text[SV_CELL_RADDR], c.text[SV_CELL_RPORT]);
	return buf;
}

static void test_packet_cells(void **state)
{
	struct sv_ifnames ifn;
	struct sv_fmt_opts o = { .ifnames = &ifn };
	struct sv_sock s;

	(void)state;
	sv_ifnames_init(&ifn);
	sv_ifnames_put(&ifn, 3, "d0");
	sv_ifnames_put(&ifn, 4, "a b\x1b");
	s = packet(SV_TABLE_PACKET_RAW, 3, 0);
	assert_string_equal(cells(&o, &s), "*:|*|*|");
	s.pk.protocol = 0x800;
	s.pk.ifindex = 3;
	assert_string_equal(cells(&o, &s), "ip:|d0|*|");
	s.pk.protocol = 0x88cc;
	assert_string_equal(cells(&o, &s), "LLDP:|d0|*|");
	s.pk.protocol = 0x8100;
	assert_string_equal(cells(&o, &s), "802.1Q:|d0|*|");
	s.pk.protocol = 0x1234;
	s.pk.ifindex = 4; /* a hostile device name */
	assert_string_equal(cells(&o, &s), "[4660]:|a\\x20b\\x1b|*|");
	s.pk.protocol = 0;
	s.pk.ifindex = 0;
	assert_string_equal(cells(&o, &s), "[0]:|*|*|");
	/* -n: numbers, but "*" stays, and interfaces keep their names */
	o.numeric = true;
	s.pk.protocol = 0x800;
	s.pk.ifindex = 3;
	assert_string_equal(cells(&o, &s), "[2048]:|d0|*|");
	s.pk.protocol = 3;
	assert_string_equal(cells(&o, &s), "*:|d0|*|");
	o.ifnames = NULL;
	assert_string_equal(cells(&o, &s), "*:|3|*|");
}

static void test_netlink_cells(void **state)
{
	char root[] = "/tmp/sv-fmtlink-XXXXXX", path[128];
	struct sv_fmt_opts o = { 0 };
	struct sv_pidnames *pn;
	struct sv_sock s;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/42", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/42/stat", root);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("42 (py thon\n) S 1 42", f);
	fclose(f);
	assert_int_equal(sv_pidnames_new(root, &pn), 0);
	o.pidnames = pn;

	s = netlink(0, 0);
	assert_string_equal(cells(&o, &s), "rtnl:|kernel|*|");
	s = netlink(16, 42);
	assert_string_equal(cells(&o, &s), "genl:|py\\x20thon\\x0a/42|*|");
	s = netlink(4, 43); /* no such process */
	assert_string_equal(cells(&o, &s), "tcpdiag:|43|*|");
	s = netlink(22, 0xfffffffe); /* signed, as ss */
	assert_string_equal(cells(&o, &s), "22:|-2|*|");
	s = netlink(15, 0xffffffff);
	assert_string_equal(cells(&o, &s), "uevent:|*|*|");
	s = netlink(0, 2252263897u);
	s.nl.connected = true;
	s.nl.dst_group = 5;
	s.nl.dst_portid = 0xfffffffe;
	assert_string_equal(cells(&o, &s), "rtnl:|-2042703399|5:|-2");
	/* -n: numbers everywhere but "*" */
	o.numeric = true;
	s = netlink(16, 42);
	assert_string_equal(cells(&o, &s), "16:|42|*|");
	s = netlink(0, 0);
	assert_string_equal(cells(&o, &s), "0:|0|*|");
	s = netlink(0, 0xffffffff);
	assert_string_equal(cells(&o, &s), "0:|*|*|");
	sv_pidnames_free(pn);
	snprintf(path, sizeof(path), "rm -rf '%s'", root);
	assert_int_equal(system(path), 0);
}

static void test_bpf_text(void **state)
{
	char buf[256];
	struct sv_sock s = packet(SV_TABLE_PACKET_RAW, 3, 0);

	(void)state;
	assert_int_equal(sv_format_bpf_text(buf, sizeof(buf), &s, false), 0);
	assert_string_equal(buf, "");
	s.have |= SV_HAVE_BPF; /* hidden: no instruction */
	assert_int_equal(sv_format_bpf_text(buf, sizeof(buf), &s, false), 18);
	assert_string_equal(buf, "\n\tbpf filter (0): ");
	s.pk.filter = prog;
	s.pk.filter_len = 2;
	sv_format_bpf_text(buf, sizeof(buf), &s, false);
	assert_string_equal(buf, "\n\tbpf filter (2):  0x28 0 0 12, 0x06 0 0 65535,");
	sv_format_bpf_text(buf, sizeof(buf), &s, true);
	assert_string_equal(buf, " bpf filter (2):  0x28 0 0 12, 0x06 0 0 65535,");
	/* cut to the buffer, NUL-terminated */
	assert_int_equal(sv_format_bpf_text(buf, 20, &s, true), 19);
	assert_int_equal(strlen(buf), 19);
	assert_int_equal(sv_format_bpf_text(buf, 0, &s, true), 0);
}

/* sockview's columns: no role; the class of the protocol number or of the
 * port id; the EtherType's or the netlink family's name. */
static void test_classify(void **state)
{
	static const struct {
		uint16_t proto;
		const char *cls, *svc;
	} pk[] = {
		{ 3, "all", NULL }, { 0, "none", NULL }, { 0x800, "ethertype", "ipv4" },
		{ 0x888e, "ethertype", "eapol" }, { 0x88f7, "ethertype", "ptp" },
		{ 0x1234, "ethertype", NULL }, { 4, "linux", NULL }, { 0x5ff, "linux", NULL },
		{ 0x600, "ethertype", NULL },
	};
	struct sv_classify *c = calloc(1, sizeof(*c));
	const struct sv_field *cls = sv_fields_find("class"), *role = sv_fields_find("role");
	struct sv_value v;
	struct sv_sock s;

	(void)state;
	assert_non_null(c);
	sv_classify_init(c, 32768, 60999);
	for (size_t i = 0; i < sizeof(pk) / sizeof(pk[0]); i++) {
		s = packet(SV_TABLE_PACKET_DGRAM, pk[i].proto, 0);
		sv_classify_sock(c, &s);
		assert_int_equal(s.role, SV_ROLE_NONE);
		assert_true(cls->get(&s, NULL, &v));
		assert_string_equal(v.s.p, pk[i].cls);
		if (pk[i].svc)
			assert_string_equal(s.service, pk[i].svc);
		else
			assert_null(s.service);
		assert_true(role->get(&s, NULL, &v));
		assert_int_equal(v.type, SV_FT_NULL);
	}
	s = netlink(0, 0);
	sv_classify_sock(c, &s);
	assert_true(cls->get(&s, NULL, &v));
	assert_string_equal(v.s.p, "kernel");
	assert_string_equal(s.service, "route");
	s = netlink(15, 77);
	sv_classify_sock(c, &s);
	assert_true(cls->get(&s, NULL, &v));
	assert_string_equal(v.s.p, "user");
	assert_string_equal(s.service, "kobject_uevent");
	s = netlink(17, 77); /* no such family */
	sv_classify_sock(c, &s);
	assert_null(s.service);
	/* a netlink socket has no owner the kernel reports: no uid */
	assert_false(sv_fields_applies(sv_fields_find("uid"), &s));
	sv_classify_release(c);
	free(c);
}

static void test_json(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct sv_ifnames ifn;
	struct sv_json_opts jo = { .lines = true, .ifnames = &ifn };
	struct sv_json_fmt *f;
	unsigned long groups[2] = { 0x5, 0x1 };
	struct sv_sock s;
	char want[2048];

	(void)state;
	assert_non_null(out);
	sv_ifnames_init(&ifn);
	sv_ifnames_put(&ifn, 3, "d\"0");
	assert_int_equal(sv_format_json_new(out, &jo, &f), 0);
	s = packet(SV_TABLE_PACKET_RAW, 3, 3);
	s.have = SV_HAVE_BPF;
	s.pk.filter = prog;
	s.pk.filter_len = 2;
	s.class_name = "all";
	s.inode = 9;
	s.cookie = 0x1c;
	assert_int_equal(sv_format_json_row(f, &s), 0);
	s = packet(SV_TABLE_PACKET_DGRAM, 0x800, 0);
	s.have = SV_HAVE_BPF; /* hidden filters: null */
	s.service = "ipv4";
	s.uid = 1000;
	assert_int_equal(sv_format_json_row(f, &s), 0);
	s = netlink(16, 0xfffffffe);
	s.rqueue = 832;
	s.nl.groups = groups;
	s.nl.groups_len = sizeof(groups);
	s.service = "generic";
	assert_int_equal(sv_format_json_row(f, &s), 0);
	s = netlink(0, 7);
	s.nl.connected = true;
	s.nl.dst_group = 2;
	s.nl.groups32 = 0x80000001u; /* from /proc: groups 1-32 */
	assert_int_equal(sv_format_json_row(f, &s), 0);
	assert_int_equal(sv_format_json_finish(f), 0);
	sv_format_json_free(f);
	fclose(out);
	snprintf(want, sizeof(want),
		"{\"netid\":\"p_raw\",\"state\":\"UNCONN\",\"recv_q\":0,\"send_q\":0,"
		"\"packet\":{\"protocol\":3,\"ifindex\":3,\"interface\":\"d\\\"0\","
		"\"filter\":[[40,0,0,12],[6,0,0,65535]]},\"role\":null,\"service\":null,"
		"\"uid\":0,\"inode\":9,\"cookie\":\"1c\"}\n"
		"{\"netid\":\"p_dgr\",\"state\":\"UNCONN\",\"recv_q\":0,\"send_q\":0,"
		"\"packet\":{\"protocol\":2048,\"ifindex\":0,\"filter\":null},\"role\":null,"
		"\"service\":\"ipv4\",\"uid\":1000,\"inode\":0,\"cookie\":\"0\"}\n"
		"{\"netid\":\"nl\",\"state\":\"UNCONN\",\"recv_q\":832,\"send_q\":0,"
		"\"netlink\":{\"protocol\":16,\"portid\":4294967294,\"groups\":[1,3,%zu]},"
		"\"role\":null,\"service\":\"generic\",\"inode\":0,\"cookie\":\"0\"}\n"
		"{\"netid\":\"nl\",\"state\":\"UNCONN\",\"recv_q\":0,\"send_q\":0,"
		"\"netlink\":{\"protocol\":0,\"portid\":7,\"groups\":[1,32],\"peer_portid\":0,"
		"\"peer_group\":2},\"role\":null,\"service\":null,\"inode\":0,\"cookie\":\"0\"}\n",
		sizeof(unsigned long) * 8 + 1);
	assert_string_equal(text, want);
	free(text);
}

/* The six packet sockets of the integration test's namespace, as ss 6.1
 * printed them piped with -f link -b (captured from ss: the filter's text
 * sits in the Process column, whose width it sets). */
static const char ss_link_b[] =
	"Netid Recv-Q Send-Q Local Address:Port Peer Address:PortProcess                                        \n"
	"p_raw 0      0                  *:*                *    \n"
	"\tbpf filter (2):  0x28 0 0 12, 0x06 0 0 65535,\n"
	"p_dgr 0      0                 ip:*                *                                                   \n"
	"p_raw 0      0                 ip:d0               *                                                   \n"
	"p_raw 0      0               LLDP:*                *                                                   \n"
	"p_dgr 0      0                [0]:*                *                                                   \n"
	"p_raw 0      0             [4660]:*                *                                                   \n";

static void six(struct sv_sock s[6])
{
	s[0] = packet(SV_TABLE_PACKET_RAW, 3, 0);
	s[0].have = SV_HAVE_BPF;
	s[0].pk.filter = prog;
	s[0].pk.filter_len = 2;
	s[1] = packet(SV_TABLE_PACKET_DGRAM, 0x800, 0);
	s[2] = packet(SV_TABLE_PACKET_RAW, 0x800, 3);
	s[3] = packet(SV_TABLE_PACKET_RAW, 0x88cc, 0);
	s[4] = packet(SV_TABLE_PACKET_DGRAM, 0, 0);
	s[5] = packet(SV_TABLE_PACKET_RAW, 0x1234, 0);
}

static void test_ss_layout(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct sv_ifnames ifn;
	struct sv_fmt_opts o = { .netid = true, .header = true, .screen_width = -1,
				 .ifnames = &ifn, .bpf = true };
	struct sv_ss_fmt *f;
	struct sv_sock s[6];

	(void)state;
	assert_non_null(out);
	sv_ifnames_init(&ifn);
	sv_ifnames_put(&ifn, 3, "d0");
	six(s);
	assert_int_equal(sv_format_ss_new(out, &o, &f), 0);
	for (int i = 0; i < 6; i++)
		assert_int_equal(sv_format_ss_row(f, &s[i]), 0);
	assert_int_equal(sv_format_ss_finish(f), 0);
	sv_format_ss_free(f);
	fclose(out);
	assert_string_equal(text, ss_link_b);
	free(text);
}

/* sockview's layout: the filter on a line of its own after the row, the
 * columns' fields unchanged; without -b nothing. */
static void test_table_layout(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	struct sv_ifnames ifn;
	struct sv_fmt_opts o = { .netid = true, .header = false, .ifnames = &ifn, .bpf = true };
	struct sv_table_fmt *f;
	struct sv_sock s[6];

	(void)state;
	sv_ifnames_init(&ifn);
	sv_ifnames_put(&ifn, 3, "d0");
	six(s);
	s[0].class_name = "all";
	s[2].class_name = "ethertype";
	s[2].service = "ipv4";
	for (int aligned = 0; aligned < 2; aligned++) {
		o.aligned = aligned;
		out = open_memstream(&text, &len);
		assert_int_equal(sv_format_table_new(out, &o, &f), 0);
		assert_int_equal(sv_format_table_row(f, &s[0]), 0);
		assert_int_equal(sv_format_table_row(f, &s[2]), 0);
		assert_int_equal(sv_format_table_finish(f), 0);
		sv_format_table_free(f);
		fclose(out);
		if (!aligned)
			assert_string_equal(text,
				"p_raw 0      0      *:* * - all -\n"
				"\tbpf filter (2):  0x28 0 0 12, 0x06 0 0 65535,\n"
				"p_raw 0      0      ip:d0 * - ethertype ipv4\n");
		else
			assert_string_equal(text,
				"p_raw 0      0                  *:*                *     -    all       -\n"
				"\tbpf filter (2):  0x28 0 0 12, 0x06 0 0 65535,\n"
				"p_raw 0      0                 ip:d0               *     -    ethertype ipv4\n");
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packet_cells),
		cmocka_unit_test(test_netlink_cells),
		cmocka_unit_test(test_bpf_text),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_ss_layout),
		cmocka_unit_test(test_table_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
