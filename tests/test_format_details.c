/* test_format_details.c - cmocka suite for the socket details in ss's
 * text: each option's text for crafted records (the expected strings are
 * ss 6.1's for the same data, with ss 7.x's additions), the line breaks
 * and -O, and -i over a tcp_info of every length: an item is printed
 * exactly when the fields it needs were sent. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>

#include "sockview/format_details.h"
#include "sockview/tcpinfo.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The details of s as text (a static buffer; NUL-terminated). */
static const char *details(const struct sv_details_opts *o, const struct sv_sock *s)
{
	static struct sv_textbuf b;

	b.len = 0;
	assert_int_equal(sv_format_details(&b, o, s), 0);
	assert_int_equal(sv_textbuf_room(&b, 0), 0);
	b.p[b.len] = '\0';
	return b.p;
}

static struct sv_sock tcp(enum sv_state st)
{
	struct sv_sock s;

	memset(&s, 0, sizeof(s));
	s.table = SV_TABLE_TCP;
	s.family = AF_INET;
	s.state = (uint8_t)st;
	return s;
}

/* The FIN-WAIT-2 client of a live run (ss -tanieom, kernel 6.18, bbr). */
static struct sv_tcpinfo_raw live_info(void)
{
	struct sv_tcpinfo_raw r;

	memset(&r, 0, sizeof(r));
	r.state = 5;
	r.options = SV_TCPI_OPT_TIMESTAMPS | SV_TCPI_OPT_SACK | SV_TCPI_OPT_WSCALE;
	r.snd_wscale = 10;
	r.rcv_wscale = 10;
	r.rto = 208000;
	r.ato = 40000;
	r.snd_mss = 47616;
	r.rcv_mss = 5000;
	r.last_data_sent = 172;
	r.last_data_recv = 172;
	r.last_ack_recv = 128;
	r.pmtu = 65535;
	r.rcv_ssthresh = 107138;
	r.rtt = 5401;
	r.rttvar = 10731;
	r.snd_ssthresh = 0x7fffffff;
	r.snd_cwnd = 14;
	r.advmss = 65483;
	r.reordering = 3;
	r.rcv_space = 65495;
	r.pacing_rate = 25288892839u;
	r.max_pacing_rate = ~0ull;
	r.bytes_acked = 100002;
	r.bytes_received = 5000;
	r.segs_out = 7;
	r.segs_in = 5;
	r.min_rtt = 14;
	r.data_segs_in = 1;
	r.data_segs_out = 3;
	r.delivery_rate = 1109878;
	r.busy_time = 44000;
	r.delivered = 5;
	r.bytes_sent = 100000;
	r.snd_wnd = 95232;
	r.rcv_wnd = 107520;
	return r;
}

static void test_live_connection(void **state)
{
	static const uint32_t skmem[9] = { 5832, 131072, 0, 3939840, 2360, 0, 0, 0, 0 };
	static const uint32_t bbr[5] = { 1147372741u, 0, 14, 739, 739 };
	struct sv_tcpinfo_raw r = live_info();
	struct sv_details_opts o = { .details = SV_DETAILS_ALL & ~(SV_DETAIL_TOS |
				     SV_DETAIL_CGROUP | SV_DETAIL_SOCKOPT),
				     .numeric = true };
	struct sv_sock s = tcp(SV_STATE_FIN_WAIT2);

	(void)state;
	s.timer = 2;
	s.expires = 7199832;
	s.inode = 7341756;
	s.cookie = 0x1327b7;
	s.have = SV_HAVE_TCP_INFO | SV_HAVE_SKMEM | SV_HAVE_CONG | SV_HAVE_SHUTDOWN |
		 SV_HAVE_CA_INFO;
	s.shutdown = 2;
	s.tcp_info = &r;
	s.tcp_info_len = 232; /* ss 6.1's struct: no rcv_wnd */
	s.skmem = skmem;
	s.skmem_len = 9;
	s.cong = "bbr";
	s.cong_len = 3;
	s.ca_info = bbr;
	s.ca_info_len = sizeof(bbr);
	s.ca_info_type = INET_DIAG_BBRINFO;
	assert_string_equal(details(&o, &s),
		" timer:(keepalive,119min,0) ino:7341756 sk:1327b7 <--\n"
		"\t skmem:(r5832,rb131072,t0,tb3939840,f2360,w0,o0,bl0,d0) ts sack bbr"
		" wscale:10,10 rto:208 rtt:5.401/10.731 ato:40 mss:47616 pmtu:65535"
		" rcvmss:5000 advmss:65483 cwnd:14 bytes_sent:100000 bytes_acked:100002"
		" bytes_received:5000 segs_out:7 segs_in:5 data_segs_out:3 data_segs_in:1"
		" bbr:(bw:9178981928bps,mrtt:0.014,pacing_gain:2.88672,cwnd_gain:2.88672)"
		" send 987408258bps lastsnd:172 lastrcv:172 lastack:128"
		" pacing_rate 202311142712bps delivery_rate 8879024bps delivered:5"
		" busy:44ms rcv_space:65495 rcv_ssthresh:107138 minrtt:0.014 snd_wnd:95232");
	/* Linux 6.18's struct: ss 7.x's rcv_wnd; -O: one line; rates with units */
	s.tcp_info_len = sizeof(r);
	o.oneline = true;
	o.numeric = false;
	o.details &= ~(SV_DETAIL_TIMER | SV_DETAIL_EXT | SV_DETAIL_MEM);
	s.have &= ~SV_HAVE_SKMEM;
	assert_string_equal(details(&o, &s),
		" bbr wscale:10,10 rto:208 rtt:5.401/10.731 ato:40 mss:47616 pmtu:65535"
		" rcvmss:5000 advmss:65483 cwnd:14 bytes_sent:100000 bytes_acked:100002"
		" bytes_received:5000 segs_out:7 segs_in:5 data_segs_out:3 data_segs_in:1"
		" bbr:(bw:9.18Gbps,mrtt:0.014,pacing_gain:2.88672,cwnd_gain:2.88672)"
		" send 987Mbps lastsnd:172 lastrcv:172 lastack:128"
		" pacing_rate 202Gbps delivery_rate 8.88Mbps delivered:5"
		" busy:44ms rcv_space:65495 rcv_ssthresh:107138 minrtt:0.014 snd_wnd:95232"
		" rcv_wnd:107520");
}

/* -e, --tos, --cgroup, --inet-sockopt on an IPv6 socket, and on a
 * TIME-WAIT entry, which has none of the attributes. */
static void test_extended_tos_sockopt(void **state)
{
	struct sv_details_opts o = { .details = SV_DETAIL_EXT | SV_DETAIL_TOS |
				     SV_DETAIL_CGROUP | SV_DETAIL_SOCKOPT };
	struct sv_sock s = tcp(SV_STATE_LISTEN);

	(void)state;
	s.family = AF_INET6;
	s.uid = 1000;
	s.inode = 42;
	s.cookie = 0xffffffffffffffffull;
	s.have = SV_HAVE_MARK | SV_HAVE_CGROUP | SV_HAVE_V6ONLY | SV_HAVE_SHUTDOWN |
		 SV_HAVE_TOS | SV_HAVE_TCLASS | SV_HAVE_CLASS_ID | SV_HAVE_SOCKOPT;
	s.mark = 0xdead;
	s.cgroup_id = 0x1234567;
	s.v6only = true;
	s.shutdown = 1;
	s.tos = 0x10;
	s.class_id = 0x10001;
	s.sockopt[0] = 0x12; /* is_icsk, mc_loop */
	s.sockopt[1] = 0x01; /* bind_address_no_port */
	assert_string_equal(details(&o, &s),
		" uid:1000 ino:42 sk:ffffffffffffffff fwmark:0xdead"
		" cgroup:unreachable:1234567 v6only:1 --> tos:0x10 tclass:0"
		" class_id:0x10001 cgroup:unreachable:1234567\n"
		"\tinet-sockopt: ( is_icsk mc_loop bind_addr_no_port)");
	o.oneline = true;
	s.shutdown = 3;
	s.uid = 0;
	s.mark = 0;
	s.family = AF_INET;
	s.have &= ~(SV_HAVE_TCLASS | SV_HAVE_CLASS_ID);
	s.sockopt[0] = s.sockopt[1] = 0;
	o.details &= ~SV_DETAIL_CGROUP;
	assert_string_equal(details(&o, &s),
		" ino:42 sk:ffffffffffffffff cgroup:unreachable:1234567 --- tos:0x10"
		" inet-sockopt: ()");
	s = tcp(SV_STATE_TIME_WAIT);
	s.timer = 3;
	s.expires = 9373;
	s.cookie = 0x2a;
	o.details = SV_DETAILS_ALL;
	o.oneline = false;
	/* ss 6.1's timer text, then ss 7.x's */
	assert_string_equal(details(&o, &s), " timer:(timewait,9.373ms,0) ino:0 sk:2a\n\t");
	o.fixed_timer = true;
	assert_string_equal(details(&o, &s), " timer:(timewait,9.373sec,0) ino:0 sk:2a\n\t");
}

/* Timers by the kernel's number: ss 7.x's names (delack), then unknown. */
static void test_timers(void **state)
{
	static const char *const want[] = {
		"", " timer:(on,200ms,1)", " timer:(keepalive,200ms,1)",
		" timer:(timewait,200ms,1)", " timer:(persist,200ms,1)",
		" timer:(delack,200ms,1)", " timer:(unknown,200ms,1)",
	};
	struct sv_details_opts o = { .details = SV_DETAIL_TIMER };
	struct sv_sock s = tcp(SV_STATE_ESTABLISHED);

	(void)state;
	s.expires = 200;
	s.retrans = 1;
	for (uint8_t t = 0; t < 9; t++) {
		s.timer = t;
		assert_string_equal(details(&o, &s), want[t < 6 ? t : 6]);
	}
}

/* UDP: -i has no line of its own (ss: every inet protocol but UDP), -m has. */
static void test_udp(void **state)
{
	static const uint32_t skmem[7] = { 0, 212992, 0, 212992, 0, 0, 0 };
	struct sv_details_opts o = { .details = SV_DETAIL_INFO };
	struct sv_sock s = tcp(SV_STATE_ESTABLISHED);

	(void)state;
	s.table = SV_TABLE_UDP;
	s.have = SV_HAVE_SKMEM;
	s.skmem = skmem;
	s.skmem_len = 7;
	assert_string_equal(details(&o, &s), "");
	o.details |= SV_DETAIL_MEM;
	assert_string_equal(details(&o, &s), "\n\t skmem:(r0,rb212992,t0,tb212992,f0,w0,o0)");
	o.details = 0; /* no details asked: nothing, whatever the record has */
	assert_string_equal(details(&o, &s), "");
}

/* The congestion controls' blocks. */
static void test_ca(void **state)
{
	static const struct {
		uint16_t type;
		uint32_t w[5];
		uint16_t len;
		const char *want;
	} cases[] = {
		{ INET_DIAG_DCTCPINFO, { 1 | 1u << 16, 1024, 7, 9 }, 16,
		  " cubic dctcp:(ce_state:1,alpha:1024,ab_ecn:7,ab_tot:9)" },
		{ INET_DIAG_DCTCPINFO, { 0, 1024, 7, 9 }, 16, " cubic dctcp:fallback_mode" },
		{ INET_DIAG_DCTCPINFO, { 1, 1024, 7, 9 }, 15, " cubic" },
		{ INET_DIAG_BBRINFO, { 125, 0, 1500, 0, 512 }, 20,
		  " cubic bbr:(bw:1kbps,mrtt:1.5,cwnd_gain:2)" },
		{ INET_DIAG_BBRINFO, { 125, 0, 1500, 256, 512 }, 12,
		  " cubic bbr:(bw:1kbps,mrtt:1.5)" },
		{ INET_DIAG_BBRINFO, { 125, 0, 1500 }, 11, " cubic" },
		/* vegas: only its rtt, for the send rate */
		{ INET_DIAG_VEGASINFO, { 1, 5, 2000, 1000 }, 16,
		  " cubic rtt:1/0.5 mss:1000 cwnd:10 send 40Mbps" },
		{ INET_DIAG_VEGASINFO, { 0, 5, 2000, 1000 }, 16,
		  " cubic rtt:1/0.5 mss:1000 cwnd:10 send 80Mbps" },
		{ INET_DIAG_VEGASINFO, { 1, 5, 0x7fffffff, 1000 }, 16,
		  " cubic rtt:1/0.5 mss:1000 cwnd:10 send 80Mbps" },
	};
	struct sv_details_opts o = { .details = SV_DETAIL_INFO, .oneline = true };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct sv_tcpinfo_raw r;
		struct sv_sock s = tcp(SV_STATE_ESTABLISHED);

		memset(&r, 0, sizeof(r));
		r.reordering = 3;
		if (cases[i].type == INET_DIAG_VEGASINFO) {
			r.rtt = 1000;
			r.rttvar = 500;
			r.snd_mss = 1000;
			r.snd_cwnd = 10;
		}
		s.have = SV_HAVE_TCP_INFO | SV_HAVE_CONG | SV_HAVE_CA_INFO;
		s.tcp_info = &r;
		s.tcp_info_len = sizeof(r);
		s.cong = "cubic";
		s.cong_len = 5;
		s.ca_info = cases[i].w;
		s.ca_info_len = cases[i].len;
		s.ca_info_type = cases[i].type;
		if (strcmp(details(&o, &s), cases[i].want) != 0)
			fail_msg("case %zu: '%s', want '%s'", i, details(&o, &s), cases[i].want);
	}
}

/* What ss treats specially: the initial rto, an unset ssthresh, no rtt
 * sample, unlimited pacing, sacked on a listener, the options only with
 * -o, a congestion name from the kernel escaped and cut at 15 bytes. */
static void test_special_values(void **state)
{
	struct sv_details_opts o = { .details = SV_DETAIL_INFO, .oneline = true,
				     .numeric = true };
	struct sv_tcpinfo_raw r;
	struct sv_sock s = tcp(SV_STATE_LISTEN);

	(void)state;
	memset(&r, 0, sizeof(r));
	r.rto = 3000000;
	r.snd_ssthresh = 0xffff;
	r.min_rtt = ~0u;
	r.pacing_rate = ~0ull;
	r.sacked = 5;
	r.reordering = 3;
	r.snd_cwnd = 10;
	r.options = 0xff;
	r.rwnd_limited = 3000;
	s.have = SV_HAVE_TCP_INFO | SV_HAVE_CONG;
	s.tcp_info = &r;
	s.tcp_info_len = sizeof(r);
	s.cong = "a b\x1b[31mcdefghijklmnopq";
	s.cong_len = (uint16_t)strlen(s.cong);
	assert_string_equal(details(&o, &s), " a\\x20b\\x1b[31mcdefghi wscale:0,0 cwnd:10");
	o.details |= SV_DETAIL_TIMER;
	s.state = SV_STATE_ESTABLISHED;
	r.busy_time = 12000;
	r.pacing_rate = 1000;
	r.max_pacing_rate = 2000;
	r.reordering = 0;
	s.cong_len = 0;
	assert_string_equal(details(&o, &s),
		" ts usec_ts sack ecn ecnseen fastopen wscale:0,0 cwnd:10"
		" pacing_rate 8000bps/16000bps busy:12ms rwnd_limited:3ms(25.0%) sacked:5"
		" reordering:0");
}

/* Each item of -i and the fields it needs: (text, end of the last field). */
static const struct {
	const char *key;
	size_t end;
} items[] = {
	{ " ts", 6 }, { " usec_ts", 6 }, { " sack", 6 }, { " ecnseen", 6 },
	{ " fastopen", 6 }, { " wscale:", 7 }, { " rto:", 12 }, { " backoff:", 5 },
	{ " rtt:", 76 }, { " ato:", 16 }, { " mss:", 20 }, { " pmtu:", 64 },
	{ " rcvmss:", 24 }, { " advmss:", 88 }, { " cwnd:", 84 },
	{ " ssthresh:", 80 }, { " bytes_sent:", 208 }, { " bytes_retrans:", 216 },
	{ " bytes_acked:", 128 }, { " bytes_received:", 136 }, { " segs_out:", 140 },
	{ " segs_in:", 144 }, { " data_segs_out:", 160 }, { " data_segs_in:", 156 },
	{ " send ", 84 }, { " lastsnd:", 48 }, { " lastrcv:", 56 },
	{ " lastack:", 60 }, { " pacing_rate ", 112 }, { "bps/", 120 },
	{ " delivery_rate ", 168 }, { " delivered:", 196 }, { " delivered_ce:", 200 },
	{ " app_limited", 8 }, { " busy:", 176 }, { " rwnd_limited:", 184 },
	{ " sndbuf_limited:", 192 }, { " unacked:", 28 }, { " retrans:", 104 },
	{ " lost:", 36 }, { " sacked:", 32 }, { " dsack_dups:", 220 },
	{ " fackets:", 44 }, { " reordering:", 92 }, { " reord_seen:", 224 },
	{ " rcv_rtt:", 96 }, { " rcv_space:", 100 }, { " rcv_ssthresh:", 68 },
	{ " notsent:", 148 }, { " minrtt:", 152 }, { " rcv_ooopack:", 228 },
	{ " snd_wnd:", 232 }, { " rcv_wnd:", 236 }, { " rehash:", 240 },
};

/* A tcp_info where every item prints. */
static void full_info(struct sv_tcpinfo_raw *r)
{
	memset(r, 0, sizeof(*r));
	r->backoff = 1;
	r->options = 0xff;
	r->snd_wscale = 3;
	r->delivery_rate_app_limited = 1;
	/* every 32-bit field from rto to total_retrans: a value */
	for (size_t off = offsetof(struct sv_tcpinfo_raw, rto);
	     off < offsetof(struct sv_tcpinfo_raw, pacing_rate); off += 4) {
		uint32_t v = (uint32_t)off + 1000;

		memcpy((char *)r + off, &v, 4);
	}
	r->reordering = 7;
	r->snd_ssthresh = 100;
	r->pacing_rate = 5;
	r->max_pacing_rate = 6;
	r->bytes_acked = r->bytes_received = r->bytes_sent = r->bytes_retrans = 9;
	r->segs_out = r->segs_in = r->notsent_bytes = r->min_rtt = 11;
	r->data_segs_in = r->data_segs_out = r->delivered = r->delivered_ce = 12;
	r->delivery_rate = 13;
	r->busy_time = 100000;
	r->rwnd_limited = r->sndbuf_limited = 1000;
	r->dsack_dups = r->reord_seen = r->rcv_ooopack = r->snd_wnd = 14;
	r->rcv_wnd = r->rehash = 15;
}

static void test_every_length(void **state)
{
	struct sv_details_opts o = { .details = SV_DETAIL_INFO | SV_DETAIL_TIMER,
				     .oneline = true, .numeric = true };
	struct sv_tcpinfo_raw r;
	unsigned char raw[sizeof(r)];

	(void)state;
	full_info(&r);
	memcpy(raw, &r, sizeof(r));
	for (size_t len = 0; len <= sizeof(r); len++) {
		unsigned char *exact = malloc(len ? len : 1); /* ASan sees overreads */
		struct sv_sock s = tcp(SV_STATE_ESTABLISHED);
		const char *text;

		assert_non_null(exact);
		memcpy(exact, raw, len);
		s.have = SV_HAVE_TCP_INFO | SV_HAVE_CONG;
		s.tcp_info = exact;
		s.tcp_info_len = (uint16_t)len;
		s.cong = "reno";
		s.cong_len = 4;
		text = details(&o, &s);
		assert_true(strncmp(text, " reno", 5) == 0 || strncmp(text, " ts", 3) == 0);
		for (size_t i = 0; i < ARRAY_LEN(items); i++) {
			bool want = items[i].end <= len, got = strstr(text, items[i].key) != NULL;

			if (want != got)
				fail_msg("length %zu: '%s' %s in '%s'", len, items[i].key,
					 got ? "printed" : "missing", text);
		}
		free(exact);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_connection),
		cmocka_unit_test(test_extended_tos_sockopt),
		cmocka_unit_test(test_timers),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_ca),
		cmocka_unit_test(test_special_values),
		cmocka_unit_test(test_every_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
