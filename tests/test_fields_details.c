/* test_fields_details.c - cmocka suite for the socket details in JSON:
 * the registry's members appear only for the options that collect them,
 * with their values (raw, as the kernel sends them; null for the "no
 * value" sentinels; bbr's gains as exact decimals), and a tcp_info of any
 * length gives exactly the members it holds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>

#include "sockview/fields.h"
#include "sockview/format_json.h"
#include "sockview/tcpinfo.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* One object of s as JSON lines, with details (malloc'ed: free it). */
static char *json(const struct sv_sock *s, uint32_t details)
{
	struct sv_json_opts o = { .lines = true, .details = details };
	struct sv_json_fmt *f = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(sv_format_json_new(out, &o, &f), 0);
	assert_int_equal(sv_format_json_row(f, s), 0);
	assert_int_equal(sv_format_json_finish(f), 0);
	sv_format_json_free(f);
	fclose(out);
	return buf;
}

/* The part of text from "key": up to the end of its value (an object's
 * closing brace, or the next comma), as a new string. */
static char *member(const char *text, const char *key)
{
	char pat[128];
	const char *p, *end;
	char *r;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(text, pat);
	if (!p)
		return NULL;
	end = p + strlen(pat);
	if (*end == '{')
		end = strchr(end, '}') + 1;
	else
		end += strcspn(end, ",}");
	r = strndup(p, (size_t)(end - p));
	assert_non_null(r);
	return r;
}

static void want_member(const char *text, const char *key, const char *want)
{
	char *m = member(text, key);

	if (!want) {
		if (m)
			fail_msg("%s: unexpected in %s", m, text);
		return;
	}
	if (!m || strcmp(m, want) != 0)
		fail_msg("%s: got %s in %s", want, m ? m : "nothing", text);
	free(m);
}

static struct sv_sock base(void)
{
	struct sv_sock s;

	memset(&s, 0, sizeof(s));
	s.table = SV_TABLE_TCP;
	s.family = AF_INET6;
	s.state = SV_STATE_ESTABLISHED;
	return s;
}

/* Members by option: none without it, each with it. */
static void test_members_by_option(void **state)
{
	static const uint32_t skmem[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct sv_sock s = base();
	char *t;

	(void)state;
	s.timer = 5;
	s.expires = 40;
	s.retrans = 2;
	s.have = SV_HAVE_SHUTDOWN | SV_HAVE_TOS | SV_HAVE_TCLASS | SV_HAVE_CLASS_ID |
		 SV_HAVE_SOCKOPT | SV_HAVE_SKMEM | SV_HAVE_CGROUP;
	s.shutdown = 2;
	s.tos = 0x10;
	s.tclass = 0x20;
	s.class_id = 0x10001;
	s.sockopt[0] = 0x02;
	s.skmem = skmem;
	s.skmem_len = 8;
	s.cgroup_id = 77;
	t = json(&s, 0);
	for (const char *const *k = (const char *const[]){ "timer", "shutdown", "cgroup",
			"tos", "tclass", "class_id", "sockopt", "skmem", NULL }; *k; k++)
		want_member(t, *k, NULL);
	free(t);
	t = json(&s, SV_DETAIL_TIMER);
	want_member(t, "timer", "\"timer\":{\"name\":\"delack\",\"expires_ms\":40,\"retrans\":2}");
	want_member(t, "shutdown", NULL);
	free(t);
	t = json(&s, SV_DETAIL_EXT);
	want_member(t, "shutdown", "\"shutdown\":{\"read\":false,\"write\":true}");
	want_member(t, "cgroup", "\"cgroup\":null"); /* -e names the cgroup */
	free(t);
	t = json(&s, SV_DETAIL_TOS);
	want_member(t, "tos", "\"tos\":16");
	want_member(t, "tclass", "\"tclass\":32");
	want_member(t, "class_id", "\"class_id\":65537");
	free(t);
	t = json(&s, SV_DETAIL_SOCKOPT);
	want_member(t, "sockopt", "\"sockopt\":{\"recverr\":false,\"is_icsk\":true,"
		    "\"freebind\":false,\"hdrincl\":false,\"mc_loop\":false,"
		    "\"transparent\":false,\"mc_all\":false,\"nodefrag\":false,"
		    "\"bind_address_no_port\":false,\"recverr_rfc4884\":false,"
		    "\"defer_connect\":false}");
	free(t);
	t = json(&s, SV_DETAIL_MEM);
	want_member(t, "skmem", "\"skmem\":{\"rmem_alloc\":1,\"rcvbuf\":2,\"wmem_alloc\":3,"
		    "\"sndbuf\":4,\"fwd_alloc\":5,\"wmem_queued\":6,\"optmem\":7,"
		    "\"backlog\":8}");
	free(t);
	/* no timer running, nothing sent: nothing, even when asked */
	s.timer = 0;
	s.have = 0;
	t = json(&s, SV_DETAILS_ALL);
	for (const char *const *k = (const char *const[]){ "timer", "shutdown", "cgroup",
			"tos", "sockopt", "skmem", "congestion", "tcp_info", "bbr", NULL };
	     *k; k++)
		want_member(t, *k, NULL);
	free(t);
}

/* -i: the congestion control, tcp_info's values and sentinels, bbr. */
static void test_info(void **state)
{
	static const uint32_t bbr[5] = { 0x89abcdef, 1, 14, 739, 512 };
	struct sv_tcpinfo_raw r;
	struct sv_sock s = base();
	char *t;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.options = SV_TCPI_OPT_WSCALE | SV_TCPI_OPT_SACK;
	r.snd_wscale = 7;
	r.rcv_wscale = 9;
	r.rtt = 5401;
	r.pacing_rate = ~0ull;
	r.max_pacing_rate = 1ull << 40;
	r.min_rtt = ~0u;
	r.bytes_acked = 18446744073709551615ull;
	r.total_rto = 65535;
	r.ecn_mode = 3;
	s.have = SV_HAVE_TCP_INFO | SV_HAVE_CONG | SV_HAVE_CA_INFO;
	s.tcp_info = &r;
	s.tcp_info_len = sizeof(r);
	s.cong = "b\"br";
	s.cong_len = 4;
	s.ca_info = bbr;
	s.ca_info_len = sizeof(bbr);
	s.ca_info_type = INET_DIAG_BBRINFO;
	t = json(&s, SV_DETAIL_INFO);
	want_member(t, "congestion", "\"congestion\":\"b\\\"br\"");
	want_member(t, "opt_sack", "\"opt_sack\":true");
	want_member(t, "opt_timestamps", "\"opt_timestamps\":false");
	want_member(t, "snd_wscale", "\"snd_wscale\":7");
	want_member(t, "rcv_wscale", "\"rcv_wscale\":9");
	want_member(t, "rtt_us", "\"rtt_us\":5401");
	want_member(t, "pacing_rate_bytes_per_sec", "\"pacing_rate_bytes_per_sec\":null");
	want_member(t, "max_pacing_rate_bytes_per_sec",
		    "\"max_pacing_rate_bytes_per_sec\":1099511627776");
	want_member(t, "min_rtt_us", "\"min_rtt_us\":null");
	want_member(t, "bytes_acked", "\"bytes_acked\":18446744073709551615");
	want_member(t, "total_rto", "\"total_rto\":65535");
	want_member(t, "ecn_mode", "\"ecn_mode\":3");
	want_member(t, "bbr", "\"bbr\":{\"bw_bytes_per_sec\":6604705263,\"min_rtt_us\":14,"
		    "\"pacing_gain\":2.88671875,\"cwnd_gain\":2}");
	free(t);
	/* no window scaling: no scales; a UDP socket: none of it */
	r.options = 0;
	t = json(&s, SV_DETAIL_INFO);
	want_member(t, "snd_wscale", NULL);
	want_member(t, "opt_wscale", "\"opt_wscale\":false");
	free(t);
	s.table = SV_TABLE_UDP;
	t = json(&s, SV_DETAIL_INFO);
	want_member(t, "tcp_info", NULL);
	want_member(t, "congestion", NULL);
	free(t);
}

/* dctcp and vegas; a block cut short keeps its whole fields. */
static void test_other_ca(void **state)
{
	static const uint32_t dctcp[4] = { 1 | 1u << 16, 512, 3, 4 };
	static const uint32_t vegas[4] = { 1, 5, 3000, 2000 };
	struct sv_sock s = base();
	char *t;

	(void)state;
	s.have = SV_HAVE_CA_INFO;
	s.ca_info = dctcp;
	s.ca_info_len = 16;
	s.ca_info_type = INET_DIAG_DCTCPINFO;
	t = json(&s, SV_DETAIL_INFO);
	want_member(t, "dctcp", "\"dctcp\":{\"enabled\":true,\"ce_state\":1,\"alpha\":512,"
		    "\"ab_ecn\":3,\"ab_tot\":4}");
	free(t);
	s.ca_info_len = 7;
	t = json(&s, SV_DETAIL_INFO);
	want_member(t, "dctcp", "\"dctcp\":{\"enabled\":true,\"ce_state\":1}");
	free(t);
	s.ca_info = vegas;
	s.ca_info_len = 16;
	s.ca_info_type = INET_DIAG_VEGASINFO;
	t = json(&s, SV_DETAIL_INFO);
	want_member(t, "vegas", "\"vegas\":{\"enabled\":true,\"rtt_count\":5,\"rtt_us\":3000,"
		    "\"min_rtt_us\":2000}");
	want_member(t, "dctcp", NULL);
	free(t);
}

/* Over every length the members only grow, none is read beyond the bytes
 * sent (each buffer ends at its length: ASan), and the whole struct gives
 * every tcp_info member of the registry. */
static void test_every_length(void **state)
{
	unsigned char raw[sizeof(struct sv_tcpinfo_raw)];
	const struct sv_field *all;
	size_t n, total = 0, before = 0;

	(void)state;
	memset(raw, 0x11, sizeof(raw));
	raw[5] = SV_TCPI_OPT_WSCALE;
	all = sv_fields_all(&n);
	for (size_t i = 0; i < n; i++)
		total += strncmp(all[i].name, "tcp_info.", 9) == 0;
	assert_true(total > 70);
	for (size_t len = 0; len <= sizeof(raw); len++) {
		unsigned char *exact = malloc(len ? len : 1);
		struct sv_field_ctx ctx = { 0 };
		struct sv_sock s = base();
		size_t present = 0;

		assert_non_null(exact);
		memcpy(exact, raw, len);
		s.have = SV_HAVE_TCP_INFO;
		s.tcp_info = exact;
		s.tcp_info_len = (uint16_t)len;
		for (size_t i = 0; i < n; i++) {
			struct sv_value v;

			if (strncmp(all[i].name, "tcp_info.", 9) != 0)
				continue;
			assert_int_equal(all[i].needs, SV_NEED_INFO);
			present += all[i].get(&s, &ctx, &v);
		}
		assert_true(present >= before);
		before = present;
		if (len == 0)
			assert_int_equal(present, 0);
		free(exact);
	}
	assert_int_equal(before, total);
}

/* Member by member: a few lengths and what they hold. */
static void test_lengths(void **state)
{
	static const struct {
		size_t len;
		const char *in, *out;
	} cases[] = {
		{ 1, NULL, "ca_state" }, { 2, "ca_state", "retransmits" },
		{ 6, "opt_wscale", "snd_wscale" }, { 7, "rcv_wscale", "fastopen_client_fail" },
		{ 11, "fastopen_client_fail", "rto_us" }, { 12, "rto_us", "ato_us" },
		{ 111, "total_retrans", "pacing_rate_bytes_per_sec" },
		{ 232, "snd_wnd_bytes", "rcv_wnd_bytes" }, { 279, "received_ce_bytes", "ecn_mode" },
		{ 280, "accecn_fail_mode", NULL },
	};
	unsigned char raw[sizeof(struct sv_tcpinfo_raw)];

	(void)state;
	memset(raw, 1, sizeof(raw));
	raw[5] = SV_TCPI_OPT_WSCALE;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct sv_sock s = base();
		char key[64], *t;

		s.have = SV_HAVE_TCP_INFO;
		s.tcp_info = raw;
		s.tcp_info_len = (uint16_t)cases[i].len;
		t = json(&s, SV_DETAIL_INFO);
		if (cases[i].in) {
			snprintf(key, sizeof(key), "\"%s\":", cases[i].in);
			if (!strstr(t, key))
				fail_msg("length %zu: no %s in %s", cases[i].len, key, t);
		}
		if (cases[i].out) {
			snprintf(key, sizeof(key), "\"%s\":", cases[i].out);
			if (strstr(t, key))
				fail_msg("length %zu: %s in %s", cases[i].len, key, t);
		}
		free(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members_by_option),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_other_ca),
		cmocka_unit_test(test_every_length),
		cmocka_unit_test(test_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
