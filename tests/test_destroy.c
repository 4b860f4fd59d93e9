/* test_destroy.c - cmocka suite for the SOCK_DESTROY request builder (-K):
 * the exact bytes for IPv4 and IPv6 sockets with a cookie, a raw socket,
 * the records it refuses; and the reading of the kernel's answer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "sockview/destroy.h"
#include "support/nlbuild.h"

static struct sv_sock rec(enum sv_table t, int family, const char *src, uint16_t sport,
			  const char *dst, uint16_t dport)
{
	struct sv_sock s;

	memset(&s, 0, sizeof(s));
	s.table = (uint8_t)t;
	s.family = (uint8_t)family;
	s.state = SV_STATE_ESTABLISHED;
	s.lport = sport;
	s.rport = dport;
	inet_pton(family, src, s.laddr);
	inet_pton(family, dst, s.raddr);
	return s;
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The request's header: length 72, type SOCK_DESTROY (21), flags
 * NLM_F_REQUEST | NLM_F_ACK, seq, port id 0. */
#define HEAD(seq) 72, 0, 0, 0, 21, 0, 5, 0, seq, 0, 0, 0, 0, 0, 0, 0
#define Z12 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

static void test_ipv4_tcp(void **state)
{
	static const uint8_t want[SV_DESTROY_REQ_LEN] = {
		HEAD(7),
		2, 6, 0, 0,              /* AF_INET, IPPROTO_TCP, ext, pad */
		0, 0, 0, 0,              /* states */
		0x9c, 0x40, 0x15, 0xb3,  /* sport 40000, dport 5555 (network order) */
		127, 0, 0, 1, Z12,       /* src */
		127, 0, 0, 2, Z12,       /* dst */
		3, 0, 0, 0,              /* interface */
		0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, /* cookie low, high */
	};
	struct sv_sock s = rec(SV_TABLE_TCP, AF_INET, "127.0.0.1", 40000, "127.0.0.2", 5555);
	uint8_t buf[128];

	s.ifindex = 3;
	s.cookie = 0x1122334455667788ull;
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(sv_destroy_request(buf, sizeof(buf), &s, 7), SV_DESTROY_REQ_LEN);
	assert_memory_equal(buf, want, sizeof(want));
}

static void test_ipv6_udp(void **state)
{
	static const uint8_t want[SV_DESTROY_REQ_LEN] = {
		HEAD(9),
		10, 17, 0, 0,            /* AF_INET6, IPPROTO_UDP */
		0, 0, 0, 0,
		0x00, 0x35, 0xc3, 0x50,  /* sport 53, dport 50000 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,             /* ::1 */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, /* 2001:db8::5 */
		0, 0, 0, 0,
		0x02, 0x01, 0, 0, 0x04, 0x03, 0, 0, /* cookie 0x0000030400000102 */
	};
	struct sv_sock s = rec(SV_TABLE_UDP, AF_INET6, "::1", 53, "2001:db8::5", 50000);
	uint8_t buf[SV_DESTROY_REQ_LEN];

	s.cookie = 0x0000030400000102ull;
	assert_int_equal(sv_destroy_request(buf, sizeof(buf), &s, 9), SV_DESTROY_REQ_LEN);
	assert_memory_equal(buf, want, sizeof(want));
}

/* raw_diag finds the socket by its protocol, in the pad byte
 * (sdiag_raw_protocol); the protocol of the request is IPPROTO_RAW. */
static void test_raw(void **state)
{
	static const uint8_t want[SV_DESTROY_REQ_LEN] = {
		HEAD(1),
		2, 255, 0, 1,            /* AF_INET, IPPROTO_RAW, ext, ICMP */
		0, 0, 0, 0,
		0x00, 0x01, 0x00, 0x00,  /* its "port": the protocol */
		0, 0, 0, 0, Z12,
		0, 0, 0, 0, Z12,
		0, 0, 0, 0,
		0x2a, 0, 0, 0, 0, 0, 0, 0,
	};
	struct sv_sock s = rec(SV_TABLE_RAW, AF_INET, "0.0.0.0", 1, "0.0.0.0", 0);
	uint8_t buf[SV_DESTROY_REQ_LEN];

	s.cookie = 42;
	assert_int_equal(sv_destroy_request(buf, sizeof(buf), &s, 1), SV_DESTROY_REQ_LEN);
	assert_memory_equal(buf, want, sizeof(want));
}
#else
static void test_ipv4_tcp(void **state) { skip(); }
static void test_ipv6_udp(void **state) { skip(); }
static void test_raw(void **state) { skip(); }
#endif

/* Whatever the host's byte order: the fields as the kernel reads them. */
static void test_fields(void **state)
{
	struct sv_sock s = rec(SV_TABLE_TCP, AF_INET6, "::ffff:10.0.0.1", 443, "::ffff:10.0.0.2", 1);
	uint8_t buf[SV_DESTROY_REQ_LEN];
	const struct nlmsghdr *nlh = (const void *)buf;
	const struct inet_diag_req_v2 *r = (const void *)(buf + NLMSG_HDRLEN);

	s.cookie = 0xffffffff00000001ull;
	assert_int_equal(sv_destroy_request(buf, sizeof(buf), &s, 3), SV_DESTROY_REQ_LEN);
	assert_int_equal(nlh->nlmsg_type, SOCK_DESTROY);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(r->sdiag_family, AF_INET6);
	assert_int_equal(r->sdiag_protocol, IPPROTO_TCP);
	assert_int_equal(ntohs(r->id.idiag_sport), 443);
	assert_memory_equal(r->id.idiag_src, s.laddr, 16);
	assert_int_equal(r->id.idiag_cookie[0], 1);
	assert_int_equal(r->id.idiag_cookie[1], 0xffffffffu);
}

/* Refused: a table the kernel does not close, a row from /proc/net (its
 * cookie is no cookie), another family, a buffer too small. */
static void test_refused(void **state)
{
	struct sv_sock s = rec(SV_TABLE_SCTP, AF_INET, "10.0.0.1", 1, "10.0.0.2", 2);
	uint8_t buf[SV_DESTROY_REQ_LEN];

	assert_int_equal(sv_destroy_request(buf, sizeof(buf), &s, 1), -EOPNOTSUPP);
	s.table = SV_TABLE_UNIX_STREAM;
	assert_int_equal(sv_destroy_request(buf, sizeof(buf), &s, 1), -EOPNOTSUPP);
	s.table = SV_TABLE_TCP;
	s.have |= SV_FROM_PROCNET;
	assert_int_equal(sv_destroy_request(buf, sizeof(buf), &s, 1), -EOPNOTSUPP);
	s.have = 0;
	s.family = AF_UNIX;
	assert_int_equal(sv_destroy_request(buf, sizeof(buf), &s, 1), -EOPNOTSUPP);
	s.family = AF_INET;
	assert_int_equal(sv_destroy_request(buf, sizeof(buf) - 1, &s, 1), -E2BIG);
	s.table = SV_TABLE_MAX;
	assert_int_equal(sv_destroy_request(buf, sizeof(buf), &s, 1), -EOPNOTSUPP);
}

/* An NLMSG_ERROR with seq, error err. */
static void answer(struct nlb *b, uint32_t seq, int err)
{
	struct nlmsghdr *nlh = nlb_begin(b, NLMSG_ERROR, 0);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	nlh->nlmsg_seq = seq;
	e->error = err;
	nlb_end(b, nlh);
}

static void test_answers(void **state)
{
	struct nlb b;

	nlb_init(&b);
	answer(&b, 5, 0);
	assert_int_equal(sv_destroy_parse_answer(b.buf, b.len, 5), 0);
	nlb_init(&b);
	answer(&b, 5, -EPERM);
	assert_int_equal(sv_destroy_parse_answer(b.buf, b.len, 5), -EPERM);
	/* an answer to an older request is skipped */
	nlb_init(&b);
	answer(&b, 4, -ENOENT);
	assert_int_equal(sv_destroy_parse_answer(b.buf, b.len, 5), SV_DESTROY_MORE);
	answer(&b, 5, -EOPNOTSUPP);
	assert_int_equal(sv_destroy_parse_answer(b.buf, b.len, 5), -EOPNOTSUPP);
	/* nothing, or another message of the same seq */
	assert_int_equal(sv_destroy_parse_answer(b.buf, 0, 5), SV_DESTROY_MORE);
	nlb_init(&b);
	nlb_done(&b);
	b.buf[8] = 5; /* its seq */
	assert_int_equal(sv_destroy_parse_answer(b.buf, b.len, 5), SV_DESTROY_MORE);
}

static void test_bad_answers(void **state)
{
	struct nlb b;

	nlb_init(&b);
	answer(&b, 5, 3); /* a positive error is no errno */
	assert_int_equal(sv_destroy_parse_answer(b.buf, b.len, 5), -EBADMSG);
	nlb_init(&b);
	answer(&b, 5, -5000);
	assert_int_equal(sv_destroy_parse_answer(b.buf, b.len, 5), -EBADMSG);
	nlb_init(&b);
	answer(&b, 5, 0);
	assert_int_equal(sv_destroy_parse_answer(b.buf, b.len - 1, 5), -EBADMSG);
	assert_int_equal(sv_destroy_parse_answer(b.buf, 10, 5), -EBADMSG);
	/* an error message too short for its error */
	nlb_init(&b);
	{
		struct nlmsghdr *nlh = nlb_begin(&b, NLMSG_ERROR, 0);

		nlh->nlmsg_seq = 5;
		nlh->nlmsg_len = NLMSG_HDRLEN + 2;
		nlb_end(&b, nlh);
	}
	assert_int_equal(sv_destroy_parse_answer(b.buf, b.len, 5), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_tcp),
		cmocka_unit_test(test_ipv6_udp),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_bad_answers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
