/* test_diag_netlink.c - cmocka suite for the netlink table's payload parser
 * and request builder, and the groups bitmap: hand-built netlink_diag
 * messages, valid and malformed, through the generic walk. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/collect.h"
#include "sockview/diag_netlink.h"
#include "sockview/diag_parse.h"
#include "sockview/tables.h"
#include "support/nlbuild_link.h"

struct got {
	struct sv_sock s[8];
	size_t n;
	void *buf;
	int ret;
	char err[128];
};

static int keep(const struct sv_sock *s, void *data)
{
	struct got *g = data;

	if (g->n < 8)
		g->s[g->n++] = *s;
	return 0;
}

static void walk(struct got *g, const void *buf, size_t len)
{
	size_t used;
	bool intr = false;

	memset(g, 0, sizeof(*g));
	g->buf = malloc(len ? len : 1);
	assert_non_null(g->buf);
	memcpy(g->buf, buf, len);
	g->ret = sv_diag_parse_inet(g->buf, len, SV_TABLE_NETLINK, keep, g, &used,
				    &intr, g->err, sizeof(g->err));
}

static void done(struct got *g)
{
	free(g->buf);
}

/* A bitmap of unsigned longs with the given groups set. */
static void set_group(unsigned long *map, unsigned int g)
{
	const unsigned int w = sizeof(unsigned long) * CHAR_BIT;

	map[(g - 1) / w] |= 1ul << ((g - 1) % w);
}

static void test_full_message(void **state)
{
	unsigned long map[4] = { 0 }; /* 128 or 256 groups */
	struct nlb b;
	struct nlmsghdr *nlh;
	struct got g;

	(void)state;
	set_group(map, 1);
	set_group(map, 3);
	set_group(map, 32);
	set_group(map, 33);
	set_group(map, 100);
	nlb_init(&b);
	nlh = nlb_netlink_begin(&b, &(struct nlb_netlink){
		.protocol = 16, .state = 1, .portid = 0xfffffffe, .dst_portid = 0,
		.dst_group = 5, .ino = 31, .cookie = 0x99 });
	nlb_meminfo(nlh, NETLINK_DIAG_MEMINFO, 832, 4352);
	mnl_attr_put(nlh, NETLINK_DIAG_GROUPS, sizeof(map), map);
	mnl_attr_put_u32(nlh, NETLINK_DIAG_FLAGS, NDIAG_FLAG_CB_RUNNING);
	nlb_end(&b, nlh);
	nlb_done(&b);
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, SV_DIAG_DONE);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.s[0].table, SV_TABLE_NETLINK);
	assert_int_equal(g.s[0].family, AF_NETLINK);
	assert_int_equal(g.s[0].state, SV_STATE_CLOSE);
	assert_int_equal(g.s[0].nl.protocol, 16);
	assert_true(g.s[0].nl.connected);
	assert_int_equal(g.s[0].nl.portid, 0xfffffffe);
	assert_int_equal(g.s[0].nl.dst_group, 5);
	assert_int_equal(g.s[0].nl.nflags, NDIAG_FLAG_CB_RUNNING);
	assert_int_equal(g.s[0].inode, 31);
	assert_int_equal(g.s[0].cookie, 0x99);
	assert_int_equal(g.s[0].rqueue, 832);
	assert_int_equal(g.s[0].wqueue, 4352);
	assert_int_equal(g.s[0].nl.groups32, 1u | 4u | 0x80000000u);
	assert_int_equal(g.s[0].nl.groups_len, sizeof(map));
	for (unsigned int k = 1; k <= 8 * sizeof(map); k++)
		assert_int_equal(sv_diag_netlink_in_group(g.s[0].nl.groups, g.s[0].nl.groups_len, k),
				 k == 1 || k == 3 || k == 32 || k == 33 || k == 100);
	done(&g);
}

/* Unconnected, no groups, no meminfo: zeros; an empty groups attribute
 * leaves no bitmap. */
static void test_minimal(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct got g;

	(void)state;
	nlb_init(&b);
	nlb_end(&b, nlb_netlink_begin(&b, &(struct nlb_netlink){ .portid = 0 }));
	nlh = nlb_netlink_begin(&b, &(struct nlb_netlink){ .portid = 12, .state = 2 });
	mnl_attr_put(nlh, NETLINK_DIAG_GROUPS, 0, NULL);
	nlb_end(&b, nlh);
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, SV_DIAG_MORE);
	assert_int_equal(g.n, 2);
	assert_false(g.s[0].nl.connected);
	assert_false(g.s[1].nl.connected); /* only state 1 is connected */
	assert_null(g.s[1].nl.groups);
	assert_int_equal(g.s[1].nl.groups32, 0);
	assert_int_equal(g.s[0].have, 0);
	done(&g);
}

static void test_malformed(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct got g;
	char zero[16] = { 0 };

	(void)state;
	nlb_init(&b);
	nlh = nlb_begin(&b, SOCK_DIAG_BY_FAMILY, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct netlink_diag_msg) - 4);
	nlb_end(&b, nlh);
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, -EBADMSG);
	assert_string_equal(g.err, "malformed socket message at byte 0");
	done(&g);

	nlb_init(&b);
	nlb_end(&b, nlb_netlink_begin(&b, &(struct nlb_netlink){ .family = AF_PACKET }));
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, -EBADMSG);
	done(&g);

	/* meminfo without the Send-Q word; flags of 3 bytes */
	nlb_init(&b);
	nlh = nlb_netlink_begin(&b, &(struct nlb_netlink){ .portid = 1 });
	mnl_attr_put(nlh, NETLINK_DIAG_MEMINFO, 8, zero);
	nlb_end(&b, nlh);
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, -EBADMSG);
	assert_int_equal(g.n, 0);
	done(&g);
	nlb_init(&b);
	nlh = nlb_netlink_begin(&b, &(struct nlb_netlink){ .portid = 1 });
	mnl_attr_put(nlh, NETLINK_DIAG_FLAGS, 3, zero);
	nlb_end(&b, nlh);
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, -EBADMSG);
	done(&g);
}

/* The bitmap: whole unsigned longs only; group 0 and groups past it are
 * no member. */
static void test_in_group(void **state)
{
	unsigned long map[2] = { 0 };
	const unsigned int w = sizeof(unsigned long) * CHAR_BIT;

	(void)state;
	set_group(map, w + 1);
	set_group(map, 1);
	assert_true(sv_diag_netlink_in_group(map, sizeof(map), 1));
	assert_true(sv_diag_netlink_in_group(map, sizeof(map), w + 1));
	assert_false(sv_diag_netlink_in_group(map, sizeof(map), 0));
	assert_false(sv_diag_netlink_in_group(map, sizeof(map), 2 * w + 1));
	assert_false(sv_diag_netlink_in_group(map, sizeof(map), UINT_MAX));
	/* a partial second word is not read */
	assert_false(sv_diag_netlink_in_group(map, sizeof(map) - 1, w + 1));
	assert_true(sv_diag_netlink_in_group(map, sizeof(map) - 1, 1));
	assert_false(sv_diag_netlink_in_group(map, sizeof(unsigned long) - 1, 1));
	assert_false(sv_diag_netlink_in_group(NULL, 8, 1));
}

static void test_request(void **state)
{
	char buf[256];
	struct sv_dump_req rq = { .table = SV_TABLE_NETLINK, .family = AF_NETLINK, .bpf = true };
	const struct nlmsghdr *nlh = (const void *)buf;
	const struct netlink_diag_req *r;
	int n;

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	n = sv_diag_netlink_request(buf, sizeof(buf), &rq, 9);
	assert_int_equal(n, NLMSG_HDRLEN + sizeof(*r));
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(nlh->nlmsg_seq, 9);
	r = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(r->sdiag_family, AF_NETLINK);
	assert_int_equal(r->sdiag_protocol, NDIAG_PROTO_ALL);
	assert_int_equal(r->ndiag_ino, 0);
	assert_int_equal(r->ndiag_show, NDIAG_SHOW_GROUPS | NDIAG_SHOW_MEMINFO);
	assert_int_equal(sv_diag_netlink_request(buf, 20, &rq, 9), -E2BIG);
	rq.bclen = 4;
	assert_int_equal(sv_diag_netlink_request(buf, sizeof(buf), &rq, 9), -EINVAL);
	assert_ptr_equal(sv_tables_get(SV_TABLE_NETLINK)->parse, sv_diag_netlink_parse);
	assert_true(sv_tables_get(SV_TABLE_NETLINK)->ss_no_users);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_message),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_in_group),
		cmocka_unit_test(test_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
