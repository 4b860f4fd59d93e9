/* test_localaddr.c - cmocka suite for this host's addresses: the parser of
 * RTM_GETADDR replies (well formed, truncated, malformed, errors), the set,
 * loopback, and a live read. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "support/nlbuild.h"
#include "sockview/localaddr.h"

/* An RTM_NEWADDR message with the given attributes (0: absent). */
static void addr_msg(struct nlb *b, uint8_t family, const char *local,
		     const char *address)
{
	struct nlmsghdr *nlh = nlb_begin(b, RTM_NEWADDR, NLM_F_MULTI);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	uint32_t a[4];
	size_t alen = family == AF_INET ? 4 : 16;

	ifa->ifa_family = family;
	ifa->ifa_index = 1;
	if (address) {
		nlb_addr(family, address, a);
		mnl_attr_put(nlh, IFA_ADDRESS, alen, a);
	}
	if (local) {
		nlb_addr(family, local, a);
		mnl_attr_put(nlh, IFA_LOCAL, alen, a);
	}
	nlb_end(b, nlh);
}

static bool has(const struct sv_localaddrs *s, uint8_t family, const char *text)
{
	uint8_t a[16];

	nlb_addr16(family, text, a);
	return sv_localaddr_is_local(s, family, a);
}

static void test_parse(void **state)
{
	struct sv_localaddrs s = { 0 };
	struct nlb b;
	char err[128] = "";

	nlb_init(&b);
	addr_msg(&b, AF_INET, "10.0.0.7", "10.0.0.255"); /* point-to-point: IFA_LOCAL */
	addr_msg(&b, AF_INET, NULL, "192.0.2.1");
	addr_msg(&b, AF_INET6, NULL, "2001:db8::24");
	addr_msg(&b, AF_INET6, NULL, "2001:db8::24");   /* once */
	addr_msg(&b, AF_PACKET, NULL, NULL);            /* other families: skipped */
	assert_int_equal(sv_localaddr_parse(b.buf, b.len, &s, err, sizeof(err)), 0);
	nlb_init(&b);
	nlb_done(&b);
	assert_int_equal(sv_localaddr_parse(b.buf, b.len, &s, err, sizeof(err)), 1);
	assert_int_equal(s.n, 3);
	assert_true(has(&s, AF_INET, "10.0.0.7"));
	assert_false(has(&s, AF_INET, "10.0.0.255"));
	assert_true(has(&s, AF_INET, "192.0.2.1"));
	assert_true(has(&s, AF_INET6, "2001:db8::24"));
	assert_false(has(&s, AF_INET6, "2001:db8::25"));
	/* loopback is always this host's, with or without a set */
	assert_true(has(&s, AF_INET, "127.3.2.1"));
	assert_true(has(&s, AF_INET6, "::1"));
	assert_true(sv_localaddr_is_local(NULL, AF_INET, (uint8_t[4]){ 127, 0, 0, 1 }));
	assert_false(sv_localaddr_is_local(NULL, AF_INET, (uint8_t[4]){ 10, 0, 0, 7 }));
	sv_localaddr_free(&s);
	assert_null(s.v);
}

static void test_malformed(void **state)
{
	struct sv_localaddrs s = { 0 };
	struct nlb b;
	char err[128] = "";
	struct nlmsghdr *nlh;

	/* an address attribute of the wrong length */
	nlb_init(&b);
	addr_msg(&b, AF_INET, "10.0.0.1", NULL);
	nlh = nlb_begin(&b, RTM_NEWADDR, 0);
	((struct ifaddrmsg *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifaddrmsg)))->ifa_family =
		AF_INET6;
	mnl_attr_put(nlh, IFA_ADDRESS, 4, "abcd");
	nlb_end(&b, nlh);
	assert_int_equal(sv_localaddr_parse(b.buf, b.len, &s, err, sizeof(err)), -EBADMSG);
	assert_string_equal(err, "malformed address message at byte 32");
	/* a message shorter than its header says */
	nlb_init(&b);
	addr_msg(&b, AF_INET, "10.0.0.1", NULL);
	assert_int_equal(sv_localaddr_parse(b.buf, b.len - 4, &s, err, sizeof(err)), -EBADMSG);
	assert_string_equal(err, "truncated message at byte 0");
	/* no room for struct ifaddrmsg */
	nlb_init(&b);
	nlh = nlb_begin(&b, RTM_NEWADDR, 0);
	nlb_end(&b, nlh);
	assert_int_equal(sv_localaddr_parse(b.buf, b.len, &s, err, sizeof(err)), -EBADMSG);
	/* the kernel's error, and one that is not an errno */
	nlb_init(&b);
	nlb_error(&b, -EPERM);
	assert_int_equal(sv_localaddr_parse(b.buf, b.len, &s, err, sizeof(err)), -EPERM);
	nlb_init(&b);
	nlb_error(&b, 7);
	assert_int_equal(sv_localaddr_parse(b.buf, b.len, &s, err, sizeof(err)), -EBADMSG);
	sv_localaddr_free(&s);
}

/* The set stays sorted and whole past its first allocation. */
static void test_many(void **state)
{
	struct sv_localaddrs s = { 0 };
	uint8_t a[16] = { 0 };

	for (int i = 999; i >= 0; i--) {
		a[2] = (uint8_t)(i >> 8);
		a[3] = (uint8_t)i;
		assert_int_equal(sv_localaddr_add(&s, AF_INET, a), 0);
	}
	assert_int_equal(s.n, 1000);
	for (size_t i = 1; i < s.n; i++)
		assert_true(memcmp(s.v[i - 1].addr, s.v[i].addr, 4) < 0);
	a[2] = 3;
	a[3] = 0xe7; /* 999 */
	assert_true(sv_localaddr_is_local(&s, AF_INET, a));
	a[3] = 0xe8;
	assert_false(sv_localaddr_is_local(&s, AF_INET, a));
	sv_localaddr_free(&s);
}

/* This namespace has at least its loopback address. */
static void test_read_live(void **state)
{
	struct sv_localaddrs s = { 0 };
	char err[256] = "";
	uint8_t lo[4] = { 127, 0, 0, 1 };
	size_t i;

	assert_int_equal(sv_localaddr_read(&s, err, sizeof(err)), 0);
	for (i = 0; i < s.n; i++)
		if (s.v[i].family == AF_INET && memcmp(s.v[i].addr, lo, 4) == 0)
			break;
	if (i == s.n)
		print_message("note: no 127.0.0.1 here (lo down?); %zu addresses\n", s.n);
	sv_localaddr_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_read_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
