/* test_events.c - cmocka suite for the pure parser of the kernel's destroy
 * events (-E): the table from INET_DIAG_PROTOCOL, the records the dump
 * parser makes, messages it skips, malformed ones; and the event time's
 * RFC 3339 text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "sockview/events.h"
#include "sockview/format_time.h"
#include "support/nlbuild.h"

struct seen {
	struct sv_sock s[8];
	size_t n;
	int fail; /* returned by the callback when set */
};

static int cb(const struct sv_sock *s, void *data)
{
	struct seen *v = data;

	if (v->fail)
		return v->fail;
	assert_true(v->n < 8);
	v->s[v->n++] = *s;
	return 0;
}

/* A destroy event as the kernel multicasts it: seq 0, no flags, the
 * protocol attribute (none when proto < 0) and, for TCP, a tcp_info. */
static void event(struct nlb *b, const struct nlb_sock *spec, int proto)
{
	struct nlmsghdr *nlh = nlb_sock_begin(b, spec);
	uint8_t info[8] = { 0 };

	nlh->nlmsg_flags = 0;
	nlh->nlmsg_seq = 0;
	if (proto >= 0)
		mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, (uint8_t)proto);
	if (proto == IPPROTO_TCP)
		mnl_attr_put(nlh, INET_DIAG_INFO, sizeof(info), info);
	nlb_end(b, nlh);
}

static void test_tables(void **state)
{
	struct nlb b;
	struct seen v = { .n = 0 };
	size_t skipped = 0;
	char err[128];

	nlb_init(&b);
	event(&b, &(struct nlb_sock){ .state = SV_STATE_CLOSE, .sport = 5555, .dport = 40000,
				      .src = "127.0.0.1", .dst = "127.0.0.1", .cookie = 7 },
	      IPPROTO_TCP);
	event(&b, &(struct nlb_sock){ .family = AF_INET6, .state = SV_STATE_CLOSE, .sport = 53,
				      .src = "::1", .cookie = 8 }, IPPROTO_UDP);
	assert_int_equal(sv_events_parse(b.buf, b.len, cb, &v, &skipped, err, sizeof(err)), 0);
	assert_int_equal(v.n, 2);
	assert_int_equal(skipped, 0);
	assert_int_equal(v.s[0].table, SV_TABLE_TCP);
	assert_int_equal(v.s[0].lport, 5555);
	assert_int_equal(v.s[0].rport, 40000);
	assert_int_equal(v.s[0].cookie, 7);
	assert_true(v.s[0].have & SV_FROM_EVENT);
	assert_true(v.s[0].have & SV_HAVE_TCP_INFO);
	assert_int_equal(v.s[1].table, SV_TABLE_UDP);
	assert_int_equal(v.s[1].family, AF_INET6);
	assert_true(v.s[1].have & SV_FROM_EVENT);
}

/* Not events of a table sockview reads: skipped, counted, the rest read. */
static void test_skipped(void **state)
{
	struct nlb b;
	struct seen v = { .n = 0 };
	size_t skipped = 0;
	const struct nlb_sock one = { .state = SV_STATE_CLOSE, .sport = 1, .cookie = 1 };
	struct nlmsghdr *noop;

	nlb_init(&b);
	event(&b, &one, -1);               /* no protocol */
	event(&b, &one, IPPROTO_SCTP);     /* a table without events */
	event(&b, &one, 200);              /* no table at all */
	noop = nlb_begin(&b, NLMSG_NOOP, 0);
	nlb_end(&b, noop);
	nlb_done(&b);
	nlb_error(&b, -EPERM);
	event(&b, &one, IPPROTO_UDP);
	assert_int_equal(sv_events_parse(b.buf, b.len, cb, &v, &skipped, NULL, 0), 0);
	assert_int_equal(v.n, 1);
	assert_int_equal(skipped, 6);
	assert_int_equal(v.s[0].table, SV_TABLE_UDP);
	/* skipped may be NULL */
	v.n = 0;
	assert_int_equal(sv_events_parse(b.buf, b.len, cb, &v, NULL, NULL, 0), 0);
	assert_int_equal(v.n, 1);
}

static void test_malformed(void **state)
{
	struct nlb b;
	struct seen v = { .n = 0 };
	char err[128];
	struct nlmsghdr *nlh;

	/* cut short */
	nlb_init(&b);
	event(&b, &(struct nlb_sock){ .sport = 1 }, IPPROTO_TCP);
	assert_int_equal(sv_events_parse(b.buf, b.len - 4, cb, &v, NULL, err, sizeof(err)),
			 -EBADMSG);
	assert_string_equal(err, "truncated destroy event at byte 0");
	/* a payload shorter than inet_diag_msg */
	nlb_init(&b);
	event(&b, &(struct nlb_sock){ .sport = 1 }, IPPROTO_TCP);
	nlh = nlb_begin(&b, SOCK_DIAG_BY_FAMILY, 0);
	mnl_nlmsg_put_extra_header(nlh, 8);
	nlb_end(&b, nlh);
	assert_int_equal(sv_events_parse(b.buf, b.len, cb, &v, NULL, err, sizeof(err)), -EBADMSG);
	assert_int_equal(v.n, 1); /* the first was read */
	assert_non_null(strstr(err, "malformed destroy event at byte"));
	/* attributes that run past the message */
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .sport = 1 });
	mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, IPPROTO_TCP);
	nlh->nlmsg_len += 6; /* an attribute header of length 0 */
	nlb_end(&b, nlh);
	assert_int_equal(sv_events_parse(b.buf, b.len, cb, &v, NULL, err, sizeof(err)), -EBADMSG);
	/* a known attribute too short for the dump parser (v6only: 0 bytes) */
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .sport = 1 });
	mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, IPPROTO_TCP);
	mnl_attr_put(nlh, INET_DIAG_SKV6ONLY, 0, NULL);
	nlb_end(&b, nlh);
	assert_int_equal(sv_events_parse(b.buf, b.len, cb, &v, NULL, err, sizeof(err)), -EBADMSG);
	/* another family */
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .sport = 1 });
	((struct inet_diag_msg *)mnl_nlmsg_get_payload(nlh))->idiag_family = AF_UNIX;
	mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, IPPROTO_TCP);
	nlb_end(&b, nlh);
	assert_int_equal(sv_events_parse(b.buf, b.len, cb, &v, NULL, err, sizeof(err)), -EBADMSG);
}

/* What the callback returns ends the parse, as is. */
static void test_callback_error(void **state)
{
	struct nlb b;
	struct seen v = { .fail = -EPIPE };
	char err[64] = "x";

	nlb_init(&b);
	event(&b, &(struct nlb_sock){ .sport = 1 }, IPPROTO_UDP);
	assert_int_equal(sv_events_parse(b.buf, b.len, cb, &v, NULL, err, sizeof(err)), -EPIPE);
	assert_string_equal(err, "");
}

static void test_time(void **state)
{
	char buf[SV_FORMAT_TIME_LEN + 1];

	assert_int_equal(sv_format_time_utc(buf, sizeof(buf), 0), SV_FORMAT_TIME_LEN);
	assert_string_equal(buf, "1970-01-01T00:00:00.000000Z");
	assert_int_equal(sv_format_time_utc(buf, sizeof(buf), 1748781296123456ull),
			 SV_FORMAT_TIME_LEN);
	assert_string_equal(buf, "2025-06-01T12:34:56.123456Z");
	/* too small; past year 9999 */
	assert_int_equal(sv_format_time_utc(buf, SV_FORMAT_TIME_LEN, 0), 0);
	assert_string_equal(buf, "");
	assert_int_equal(sv_format_time_utc(buf, sizeof(buf), 253402300800000000ull), 0);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_skipped),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_callback_error),
		cmocka_unit_test(test_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
