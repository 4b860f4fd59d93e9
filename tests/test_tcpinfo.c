/* test_tcpinfo.c - cmocka suite for the blocks of a connection's details:
 * the inet payload parser keeps them (class_id, sockopt, the congestion
 * controls' blocks, tcp_info of any length), the request asks the kernel
 * only for what the details need, the decoders read only what was sent,
 * and a kept record owns copies of its blocks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "sockview/collect.h"
#include "sockview/details.h"
#include "sockview/diag_parse.h"
#include "sockview/sockkeep.h"
#include "sockview/tcpinfo.h"

#include "support/nlbuild.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A struct tcp_info whose every byte is its offset + 1 (never zero). */
static void pattern(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i + 1);
}

/* The bytes of member m of a decoded tcp_info, compared with the pattern:
 * equal when sent, zero when not. */
#define CHECK_MEMBER(ti, m, len)                                                \
	do {                                                                    \
		size_t off_ = offsetof(struct sv_tcpinfo_raw, m);               \
		size_t sz_ = sizeof((ti).r.m);                                  \
		unsigned char want_[8] = { 0 }, got_[8];                        \
		bool sent_ = off_ + sz_ <= (len);                               \
		if (sent_)                                                      \
			memcpy(want_, full + off_, sz_);                        \
		memcpy(got_, (const char *)&(ti).r + off_, sz_);                 \
		assert_memory_equal(got_, want_, sz_);                          \
		assert_int_equal(SV_TCPINFO_HAS(&(ti), m), sent_);              \
	} while (0)

/* Every length from 0 to beyond the struct: the fields inside it are the
 * bytes sent, the others zero and absent; nothing past len is read (the
 * source buffer ends exactly at len, so ASan would see it). */
static void test_decode_every_length(void **state)
{
	unsigned char full[sizeof(struct sv_tcpinfo_raw) + 64];

	(void)state;
	pattern(full, sizeof(full));
	for (size_t len = 0; len <= sizeof(full); len++) {
		unsigned char *exact = malloc(len ? len : 1);
		struct sv_tcpinfo ti;

		assert_non_null(exact);
		memcpy(exact, full, len);
		memset(&ti, 0xa5, sizeof(ti));
		sv_tcpinfo_decode(&ti, exact, len);
		free(exact);
		assert_true(ti.len <= len && ti.len <= sizeof(ti.r));
		assert_true(len - ti.len < 8 || ti.len == sizeof(ti.r));
		CHECK_MEMBER(ti, state, len);
		CHECK_MEMBER(ti, options, len);
		CHECK_MEMBER(ti, rto, len);
		CHECK_MEMBER(ti, rtt, len);
		CHECK_MEMBER(ti, reordering, len);
		CHECK_MEMBER(ti, pacing_rate, len);
		CHECK_MEMBER(ti, min_rtt, len);
		CHECK_MEMBER(ti, delivery_rate, len);
		CHECK_MEMBER(ti, bytes_sent, len);
		CHECK_MEMBER(ti, snd_wnd, len);
		CHECK_MEMBER(ti, rcv_wnd, len);
		CHECK_MEMBER(ti, rehash, len);
		CHECK_MEMBER(ti, total_rto, len);
		CHECK_MEMBER(ti, total_rto_time, len);
		CHECK_MEMBER(ti, received_ce_bytes, len);
		/* every byte beyond the whole fields sent is zero */
		for (size_t i = ti.len; i < sizeof(ti.r); i++)
			assert_int_equal(((unsigned char *)&ti.r)[i], 0);
	}
}

/* The bit fields, from the bytes as the kernel lays them out. */
static void test_bitfields(void **state)
{
	unsigned char raw[sizeof(struct sv_tcpinfo_raw)] = { 0 };
	struct sv_tcpinfo ti;
	uint32_t ecn = 2u | 3u << 2 | 9u << 4;

	(void)state;
	raw[5] = SV_TCPI_OPT_WSCALE | SV_TCPI_OPT_SACK;
	raw[6] = 7 | 14 << 4; /* snd_wscale 7, rcv_wscale 14 */
	raw[7] = 1 | 2 << 1;  /* app_limited, fastopen_client_fail 2 */
	memcpy(raw + sizeof(raw) - 4, &ecn, 4);
	sv_tcpinfo_decode(&ti, raw, sizeof(raw));
	assert_int_equal(ti.r.snd_wscale, 7);
	assert_int_equal(ti.r.rcv_wscale, 14);
	assert_int_equal(ti.r.delivery_rate_app_limited, 1);
	assert_int_equal(ti.r.fastopen_client_fail, 2);
	assert_int_equal(ti.r.ecn_mode, 2);
	assert_int_equal(ti.r.accecn_opt_seen, 3);
	assert_int_equal(ti.r.accecn_fail_mode, 9);
	sv_tcpinfo_decode(&ti, raw, SV_TCPINFO_END_WSCALE);
	assert_int_equal(ti.r.rcv_wscale, 14);
	assert_int_equal(ti.r.delivery_rate_app_limited, 0);
	sv_tcpinfo_decode(&ti, NULL, 100);
	assert_int_equal(ti.len, 0);
}

/* A record with one congestion control block of type and len bytes. */
static struct sv_sock ca_sock(uint16_t type, const void *p, uint16_t len)
{
	struct sv_sock s;

	memset(&s, 0, sizeof(s));
	s.have = SV_HAVE_CA_INFO;
	s.ca_info = p;
	s.ca_info_len = len;
	s.ca_info_type = type;
	return s;
}

static void test_ca_blocks(void **state)
{
	uint32_t bbr[6] = { 1000, 2, 41, 739, 512, 99 };
	unsigned char dctcp[16], vegas[16];
	struct sv_cainfo ca;
	struct sv_sock s;

	(void)state;
	pattern(dctcp, sizeof(dctcp));
	pattern(vegas, sizeof(vegas));
	for (uint16_t len = 0; len <= sizeof(bbr); len++) {
		s = ca_sock(INET_DIAG_BBRINFO, bbr, len);
		sv_tcpinfo_ca(&ca, &s);
		assert_int_equal(ca.kind, SV_CA_BBR);
		assert_int_equal(ca.len, len < 20 ? len & ~3 : 20);
		assert_int_equal(SV_CAINFO_HAS(&ca, bbr.bw_hi), len >= 8);
		assert_int_equal(SV_CAINFO_HAS(&ca, bbr.min_rtt), len >= 12);
		assert_int_equal(SV_CAINFO_HAS(&ca, bbr.cwnd_gain), len >= 20);
		if (len >= 20)
			assert_int_equal(ca.bbr.cwnd_gain, 512);
	}
	s = ca_sock(INET_DIAG_DCTCPINFO, dctcp, 16);
	sv_tcpinfo_ca(&ca, &s);
	assert_int_equal(ca.kind, SV_CA_DCTCP);
	assert_int_equal(ca.dctcp.enabled, 0x0201);
	assert_true(SV_CAINFO_HAS(&ca, dctcp.ab_tot));
	s = ca_sock(INET_DIAG_VEGASINFO, vegas, 9);
	sv_tcpinfo_ca(&ca, &s);
	assert_int_equal(ca.kind, SV_CA_VEGAS);
	assert_true(SV_CAINFO_HAS(&ca, vegas.rttcnt));
	assert_false(SV_CAINFO_HAS(&ca, vegas.rtt));
	assert_int_equal(ca.vegas.rtt, 0);
	s = ca_sock(INET_DIAG_CONG, vegas, 16); /* not a block */
	sv_tcpinfo_ca(&ca, &s);
	assert_int_equal(ca.kind, SV_CA_NONE);
	s.have = 0;
	s.ca_info_type = INET_DIAG_BBRINFO;
	sv_tcpinfo_ca(&ca, &s);
	assert_int_equal(ca.kind, SV_CA_NONE);
}

static void test_skmem_and_sockopt(void **state)
{
	uint32_t words[9] = { 10, 11, 12, 13, 14, 15, 16, 17, 18 };
	struct sv_sock s;
	uint32_t v;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_false(sv_tcpinfo_skmem(&s, SV_SKMEM_RMEM_ALLOC, &v));
	s.have = SV_HAVE_SKMEM;
	s.skmem = words;
	s.skmem_len = 8;
	assert_true(sv_tcpinfo_skmem(&s, SV_SKMEM_RMEM_ALLOC, &v));
	assert_int_equal(v, 10);
	assert_true(sv_tcpinfo_skmem(&s, SV_SKMEM_BACKLOG, &v));
	assert_int_equal(v, 17);
	assert_false(sv_tcpinfo_skmem(&s, SV_SKMEM_DROPS, &v));
	assert_false(sv_tcpinfo_skmem(&s, SV_SKMEM_MAX, &v));
	/* recverr, mc_loop, bind_address_no_port, defer_connect */
	s.sockopt[0] = 1 | 1 << 4;
	s.sockopt[1] = 1 | 1 << 2;
	assert_true(sv_tcpinfo_sockopt(&s, SV_SOCKOPT_RECVERR));
	assert_false(sv_tcpinfo_sockopt(&s, SV_SOCKOPT_IS_ICSK));
	assert_true(sv_tcpinfo_sockopt(&s, SV_SOCKOPT_MC_LOOP));
	assert_true(sv_tcpinfo_sockopt(&s, SV_SOCKOPT_BIND_ADDRESS_NO_PORT));
	assert_false(sv_tcpinfo_sockopt(&s, SV_SOCKOPT_RECVERR_RFC4884));
	assert_true(sv_tcpinfo_sockopt(&s, SV_SOCKOPT_DEFER_CONNECT));
	assert_false(sv_tcpinfo_sockopt(&s, SV_SOCKOPT_MAX));
}

/* One TCP message with the attributes a detailed dump carries. */
static int parse_one(struct nlb *b, struct sv_sock *s)
{
	return sv_diag_inet_parse((const struct nlmsghdr *)b->buf, SV_TABLE_TCP, s);
}

static void test_parse_detail_attributes(void **state)
{
	unsigned char info[300], bbr[20], so[2] = { 0x12, 0x04 };
	uint32_t skmem[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct nlb b;
	struct nlmsghdr *nlh;
	struct sv_sock s;

	(void)state;
	pattern(info, sizeof(info));
	pattern(bbr, sizeof(bbr));
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6,
						     .state = SV_STATE_ESTABLISHED,
						     .timer = 2, .retrans = 3,
						     .expires = 7199832 });
	mnl_attr_put(nlh, INET_DIAG_INFO, 123, info);
	mnl_attr_put(nlh, INET_DIAG_SKMEMINFO, sizeof(skmem), skmem);
	mnl_attr_put_strz(nlh, INET_DIAG_CONG, "bbr");
	mnl_attr_put(nlh, INET_DIAG_BBRINFO, 16, bbr);
	mnl_attr_put_u8(nlh, INET_DIAG_TOS, 0x10);
	mnl_attr_put_u8(nlh, INET_DIAG_TCLASS, 0x20);
	mnl_attr_put_u32(nlh, INET_DIAG_CLASS_ID, 0x10001);
	mnl_attr_put(nlh, INET_DIAG_SOCKOPT, 2, so);
	mnl_attr_put_u8(nlh, INET_DIAG_SHUTDOWN, 3);
	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 0);
	nlb_end(&b, nlh);
	assert_int_equal(parse_one(&b, &s), 0);
	assert_int_equal(s.timer, 2);
	assert_int_equal(s.retrans, 3);
	assert_int_equal(s.expires, 7199832);
	assert_true(s.have & SV_HAVE_TCP_INFO);
	assert_int_equal(s.tcp_info_len, 123);
	assert_memory_equal(s.tcp_info, info, 123);
	assert_int_equal(s.skmem_len, 9);
	assert_int_equal(s.cong_len, 3);
	assert_memory_equal(s.cong, "bbr", 3);
	assert_true(s.have & SV_HAVE_CA_INFO);
	assert_int_equal(s.ca_info_type, INET_DIAG_BBRINFO);
	assert_int_equal(s.ca_info_len, 16);
	assert_true((s.have & (SV_HAVE_TOS | SV_HAVE_TCLASS | SV_HAVE_CLASS_ID)) ==
		    (SV_HAVE_TOS | SV_HAVE_TCLASS | SV_HAVE_CLASS_ID));
	assert_int_equal(s.tos, 0x10);
	assert_int_equal(s.tclass, 0x20);
	assert_int_equal(s.class_id, 0x10001);
	assert_true(s.have & SV_HAVE_SOCKOPT);
	assert_memory_equal(s.sockopt, so, 2);
	assert_int_equal(s.shutdown, 3);
	assert_true(s.have & SV_HAVE_V6ONLY);
	assert_false(s.v6only);
}

/* An IPv4 socket with only TOS: no traffic class; no SKV6ONLY: not known. */
static void test_parse_tos_without_tclass(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct sv_sock s;

	(void)state;
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN });
	mnl_attr_put_u8(nlh, INET_DIAG_TOS, 0);
	nlb_end(&b, nlh);
	assert_int_equal(parse_one(&b, &s), 0);
	assert_true(s.have & SV_HAVE_TOS);
	assert_false(s.have & (SV_HAVE_TCLASS | SV_HAVE_CLASS_ID | SV_HAVE_V6ONLY |
			       SV_HAVE_SOCKOPT | SV_HAVE_CA_INFO));
}

/* Attributes too short for their type: the message is malformed. */
static void test_parse_short_attributes(void **state)
{
	static const struct {
		uint16_t type, len;
		int want;
	} cases[] = {
		{ INET_DIAG_CLASS_ID, 3, -EBADMSG }, { INET_DIAG_CLASS_ID, 4, 0 },
		{ INET_DIAG_SOCKOPT, 1, -EBADMSG },  { INET_DIAG_SOCKOPT, 2, 0 },
		{ INET_DIAG_SKMEMINFO, 3, -EBADMSG }, { INET_DIAG_TCLASS, 0, -EBADMSG },
		/* blocks of any length are kept; the decoders read what is there */
		{ INET_DIAG_BBRINFO, 0, 0 },  { INET_DIAG_DCTCPINFO, 5, 0 },
		{ INET_DIAG_VEGASINFO, 100, 0 }, { INET_DIAG_INFO, 0, 0 },
	};
	unsigned char junk[100] = { 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct nlb b;
		struct nlmsghdr *nlh;
		struct sv_sock s;

		nlb_init(&b);
		nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN });
		mnl_attr_put(nlh, cases[i].type, cases[i].len, junk);
		nlb_end(&b, nlh);
		if (parse_one(&b, &s) != cases[i].want)
			fail_msg("type %u len %u: want %d", cases[i].type, cases[i].len,
				 cases[i].want);
	}
}

/* The request's extensions: only what the details need. */
static void test_request_extensions(void **state)
{
	static const struct {
		uint32_t details;
		uint8_t ext;
	} cases[] = {
		{ 0, 0 },
		{ SV_DETAIL_TIMER | SV_DETAIL_EXT | SV_DETAIL_CGROUP | SV_DETAIL_SOCKOPT, 0 },
		{ SV_DETAIL_MEM, 1u << (INET_DIAG_SKMEMINFO - 1) },
		{ SV_DETAIL_INFO, (1u << (INET_DIAG_INFO - 1)) |
				  (1u << (INET_DIAG_VEGASINFO - 1)) |
				  (1u << (INET_DIAG_CONG - 1)) },
		{ SV_DETAIL_TOS, (1u << (INET_DIAG_TOS - 1)) | (1u << (INET_DIAG_TCLASS - 1)) },
	};
	char buf[256];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct sv_dump_req rq = { .table = SV_TABLE_TCP, .family = AF_INET,
					  .states = 1, .details = cases[i].details };
		const struct inet_diag_req_v2 *req;
		int n = sv_diag_inet_request(buf, sizeof(buf), &rq, 1);

		assert_true(n > 0);
		req = mnl_nlmsg_get_payload((const struct nlmsghdr *)buf);
		assert_int_equal(req->idiag_ext, cases[i].ext);
	}
}

/* A kept record owns copies of its blocks: the message can go. */
static void test_keep(void **state)
{
	unsigned char *info = malloc(100), *ca = malloc(20);
	uint32_t *skmem = malloc(36);
	char *cong = malloc(5);
	struct sv_sock s;

	(void)state;
	assert_non_null(info && ca && skmem && cong);
	pattern(info, 100);
	pattern(ca, 20);
	memset(skmem, 7, 36);
	memcpy(cong, "cubic", 5);
	memset(&s, 0, sizeof(s));
	s.tcp_info = info;
	s.tcp_info_len = 99;
	s.skmem = skmem;
	s.skmem_len = 9;
	s.cong = cong;
	s.cong_len = 5;
	s.ca_info = ca;
	s.ca_info_len = 17;
	assert_int_equal(sv_sockkeep_copy(&s), 0);
	assert_non_null(s.kept);
	assert_ptr_not_equal(s.tcp_info, info);
	assert_memory_equal(s.tcp_info, info, 99);
	assert_memory_equal(s.skmem, skmem, 36);
	assert_memory_equal(s.cong, "cubic", 5);
	assert_memory_equal(s.ca_info, ca, 17);
	free(info);
	free(ca);
	free(skmem);
	free(cong);
	assert_int_equal(((const unsigned char *)s.tcp_info)[98], 99);
	sv_sockkeep_free(&s);
	assert_null(s.kept);
	assert_null(s.tcp_info);
	memset(&s, 0, sizeof(s)); /* nothing to keep */
	assert_int_equal(sv_sockkeep_copy(&s), 0);
	assert_null(s.kept);
	sv_sockkeep_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_every_length),
		cmocka_unit_test(test_bitfields),
		cmocka_unit_test(test_ca_blocks),
		cmocka_unit_test(test_skmem_and_sockopt),
		cmocka_unit_test(test_parse_detail_attributes),
		cmocka_unit_test(test_parse_tos_without_tclass),
		cmocka_unit_test(test_parse_short_attributes),
		cmocka_unit_test(test_request_extensions),
		cmocka_unit_test(test_keep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
