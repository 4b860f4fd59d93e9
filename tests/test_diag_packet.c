/* test_diag_packet.c - cmocka suite for the packet tables' payload parser
 * and request builder: hand-built packet_diag messages, valid and
 * malformed, through the generic walk. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/filter.h>

#include "sockview/collect.h"
#include "sockview/diag_parse.h"
#include "sockview/tables.h"
#include "support/nlbuild_link.h"

/* What the walk gave: the records (their pointers into buf, which stays
 * allocated until done()). */
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

/* Walk len bytes from an exact-size heap copy (ASan sees reads past it). */
static void walk(struct got *g, const void *buf, size_t len)
{
	size_t used;
	bool intr = false;

	memset(g, 0, sizeof(*g));
	g->buf = malloc(len ? len : 1);
	assert_non_null(g->buf);
	memcpy(g->buf, buf, len);
	g->ret = sv_diag_parse_inet(g->buf, len, SV_TABLE_PACKET_RAW, keep, g, &used,
				    &intr, g->err, sizeof(g->err));
}

static void done(struct got *g)
{
	free(g->buf);
}

/* One packet socket with every attribute, as the kernel sends it. */
static void test_full_message(void **state)
{
	struct sock_filter prog[2] = { { 0x28, 0, 0, 12 }, { 0x06, 0, 0, 0xffff } };
	struct packet_diag_ring ring = { .pdr_block_size = 4096 };
	struct nlb b;
	struct nlmsghdr *nlh;
	struct got g;

	(void)state;
	nlb_init(&b);
	nlh = nlb_packet_begin(&b, &(struct nlb_packet){ .type = SOCK_RAW, .num = 3,
							 .ino = 777, .cookie = 0x1122334455ull });
	nlb_packet_info(nlh, 4, 2, 96, 1);
	mnl_attr_put(nlh, PACKET_DIAG_RX_RING, sizeof(ring), &ring);
	mnl_attr_put_u32(nlh, PACKET_DIAG_FANOUT, 7 | (2u << 16));
	mnl_attr_put_u32(nlh, PACKET_DIAG_UID, 1000);
	nlb_meminfo(nlh, PACKET_DIAG_MEMINFO, 2304, 99);
	mnl_attr_put(nlh, PACKET_DIAG_FILTER, sizeof(prog), prog);
	nlb_end(&b, nlh);
	nlb_done(&b);
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, SV_DIAG_DONE);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.s[0].table, SV_TABLE_PACKET_RAW);
	assert_int_equal(g.s[0].family, AF_PACKET);
	assert_int_equal(g.s[0].state, SV_STATE_CLOSE);
	assert_int_equal(g.s[0].pk.protocol, 3);
	assert_int_equal(g.s[0].pk.ifindex, 4);
	assert_int_equal(g.s[0].pk.version, 2);
	assert_int_equal(g.s[0].pk.copy_thresh, 96);
	assert_int_equal(g.s[0].pk.pflags, 1);
	assert_int_equal(g.s[0].pk.fanout, 7 | (2u << 16));
	assert_non_null(g.s[0].pk.rx_ring);
	assert_null(g.s[0].pk.tx_ring);
	assert_int_equal(g.s[0].uid, 1000);
	assert_int_equal(g.s[0].inode, 777);
	assert_int_equal(g.s[0].cookie, 0x1122334455ull);
	assert_int_equal(g.s[0].rqueue, 2304); /* Recv-Q: the receive memory */
	assert_int_equal(g.s[0].wqueue, 0);    /* Send-Q: 0, as ss */
	assert_true(g.s[0].have & SV_HAVE_SKMEM);
	assert_true(g.s[0].have & SV_HAVE_PKINFO);
	assert_true(g.s[0].have & SV_HAVE_FANOUT);
	assert_true(g.s[0].have & SV_HAVE_BPF);
	assert_int_equal(g.s[0].pk.filter_len, 2);
	assert_memory_equal(g.s[0].pk.filter, prog, sizeof(prog));
	done(&g);
}

/* p_raw for SOCK_RAW, p_dgr for SOCK_DGRAM and any other type (as ss's
 * Netid), whatever table the caller names; no attribute at all is fine. */
static void test_types(void **state)
{
	static const struct { uint8_t type; enum sv_table t; } c[] = {
		{ SOCK_RAW, SV_TABLE_PACKET_RAW }, { SOCK_DGRAM, SV_TABLE_PACKET_DGRAM },
		{ 10 /* SOCK_PACKET */, SV_TABLE_PACKET_DGRAM },
	};
	struct nlb b;
	struct got g;

	(void)state;
	nlb_init(&b);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		nlb_end(&b, nlb_packet_begin(&b, &(struct nlb_packet){ .type = c[i].type,
								       .num = 0x800 }));
	nlb_done(&b);
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, SV_DIAG_DONE);
	assert_int_equal(g.n, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(g.s[i].table, c[i].t);
		assert_int_equal(g.s[i].pk.protocol, 0x800);
		assert_int_equal(g.s[i].have, 0);
		assert_int_equal(g.s[i].pk.ifindex, 0);
	}
	done(&g);
}

/* Filters of 0 instructions (the kernel's answer to a caller without
 * CAP_NET_ADMIN), of a length not a multiple of 8 (whole instructions
 * only, as ss counts them), and of the kernel's most, 4096. */
static void test_filters(void **state)
{
	static char big[NLMSG_HDRLEN + 64 + 4 + 4096 * 8 + 64];
	struct sock_filter *prog = calloc(4096, sizeof(*prog));
	struct nlmsghdr *nlh;
	struct nlb b;
	struct got g;
	size_t len;

	(void)state;
	nlb_init(&b);
	nlh = nlb_packet_begin(&b, &(struct nlb_packet){ .num = 3 });
	mnl_attr_put(nlh, PACKET_DIAG_FILTER, 0, NULL);
	nlb_end(&b, nlh);
	nlh = nlb_packet_begin(&b, &(struct nlb_packet){ .num = 3 });
	mnl_attr_put(nlh, PACKET_DIAG_FILTER, 12, "abcdefghijkl");
	nlb_end(&b, nlh);
	nlb_done(&b);
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, SV_DIAG_DONE);
	assert_int_equal(g.n, 2);
	assert_true(g.s[0].have & SV_HAVE_BPF);
	assert_int_equal(g.s[0].pk.filter_len, 0);
	assert_true(g.s[1].have & SV_HAVE_BPF);
	assert_int_equal(g.s[1].pk.filter_len, 1);
	done(&g);

	/* 4096 instructions, each different */
	assert_non_null(prog);
	for (uint32_t i = 0; i < 4096; i++)
		prog[i] = (struct sock_filter){ (uint16_t)i, (uint8_t)i, (uint8_t)(i >> 8), i * 7 };
	nlh = mnl_nlmsg_put_header(big);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	*(struct packet_diag_msg *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct packet_diag_msg)) =
		(struct packet_diag_msg){ .pdiag_family = AF_PACKET, .pdiag_type = SOCK_RAW };
	mnl_attr_put(nlh, PACKET_DIAG_FILTER, 4096 * sizeof(*prog), prog);
	len = nlh->nlmsg_len;
	walk(&g, big, len);
	assert_int_equal(g.ret, SV_DIAG_MORE);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.s[0].pk.filter_len, 4096);
	assert_memory_equal(g.s[0].pk.filter, prog, 4096 * sizeof(*prog));
	done(&g);
	free(prog);
}

/* Malformed: a payload shorter than packet_diag_msg, another family, an
 * attribute shorter than its policy asks, an attribute list that runs past
 * the message. Each is an error that names the message's offset. */
static void test_malformed(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct got g;
	const struct { uint16_t type; uint16_t len; } shorts[] = {
		{ PACKET_DIAG_INFO, sizeof(struct packet_diag_info) - 1 },
		{ PACKET_DIAG_RX_RING, sizeof(struct packet_diag_ring) - 4 },
		{ PACKET_DIAG_TX_RING, 0 },
		{ PACKET_DIAG_FANOUT, 2 },
		{ PACKET_DIAG_UID, 3 },
		{ PACKET_DIAG_MEMINFO, 0 },
	};
	char zero[64] = { 0 };

	(void)state;
	/* short payload */
	nlb_init(&b);
	nlh = nlb_begin(&b, SOCK_DIAG_BY_FAMILY, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct packet_diag_msg) - 1);
	nlb_end(&b, nlh);
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, -EBADMSG);
	assert_string_equal(g.err, "malformed socket message at byte 0");
	assert_int_equal(g.n, 0);
	done(&g);
	/* another family */
	nlb_init(&b);
	nlb_end(&b, nlb_packet_begin(&b, &(struct nlb_packet){ .num = 3 }));
	nlb_end(&b, nlb_packet_begin(&b, &(struct nlb_packet){ .family = AF_INET }));
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, -EBADMSG);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.err, "malformed socket message at byte 32");
	done(&g);
	/* attributes too short for their policy */
	for (size_t i = 0; i < sizeof(shorts) / sizeof(shorts[0]); i++) {
		nlb_init(&b);
		nlh = nlb_packet_begin(&b, &(struct nlb_packet){ .num = 3 });
		mnl_attr_put(nlh, shorts[i].type, shorts[i].len, zero);
		nlb_end(&b, nlh);
		walk(&g, b.buf, b.len);
		if (g.ret != -EBADMSG || g.n != 0)
			fail_msg("attribute %u of %u bytes: %d, %zu rows", shorts[i].type,
				 shorts[i].len, g.ret, g.n);
		done(&g);
	}
	/* an attribute whose length runs past the message */
	nlb_init(&b);
	nlh = nlb_packet_begin(&b, &(struct nlb_packet){ .num = 3 });
	mnl_attr_put_u32(nlh, PACKET_DIAG_UID, 5);
	((struct nlattr *)((char *)nlh + NLMSG_HDRLEN + sizeof(struct packet_diag_msg)))->nla_len = 64;
	nlb_end(&b, nlh);
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, -EBADMSG);
	done(&g);
}

/* Attributes sockview does not know are skipped; one of a type it knows
 * after them is read. */
static void test_unknown_attributes(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct got g;

	(void)state;
	nlb_init(&b);
	nlh = nlb_packet_begin(&b, &(struct nlb_packet){ .num = 3 });
	mnl_attr_put_u32(nlh, PACKET_DIAG_MCLIST, 1);
	mnl_attr_put_u32(nlh, 200, 1);
	mnl_attr_put_u32(nlh, PACKET_DIAG_UID, 42);
	nlb_end(&b, nlh);
	walk(&g, b.buf, b.len);
	assert_int_equal(g.ret, SV_DIAG_MORE);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.s[0].uid, 42);
	done(&g);
}

/* The request: ss's, with the filters only for -b; no bytecode; a buffer
 * too small is -E2BIG. */
static void test_request(void **state)
{
	char buf[256];
	struct sv_dump_req rq = { .table = SV_TABLE_PACKET_RAW, .family = AF_PACKET };
	const struct packet_diag_req *r;
	const struct nlmsghdr *nlh = (const void *)buf;
	int n;

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	n = sv_diag_packet_request(buf, sizeof(buf), &rq, 77);
	assert_int_equal(n, NLMSG_HDRLEN + sizeof(*r));
	assert_int_equal(nlh->nlmsg_type, SOCK_DIAG_BY_FAMILY);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(nlh->nlmsg_seq, 77);
	r = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(r->sdiag_family, AF_PACKET);
	assert_int_equal(r->sdiag_protocol, 0);
	assert_int_equal(r->pdiag_ino, 0);
	assert_int_equal(r->pdiag_show, PACKET_SHOW_INFO | PACKET_SHOW_MEMINFO |
					PACKET_SHOW_RING_CFG | PACKET_SHOW_FANOUT);
	rq.bpf = true;
	assert_int_equal(sv_diag_packet_request(buf, sizeof(buf), &rq, 77), n);
	assert_int_equal(r->pdiag_show & PACKET_SHOW_FILTER, PACKET_SHOW_FILTER);
	assert_int_equal(sv_diag_packet_request(buf, NLMSG_HDRLEN + sizeof(*r) - 1, &rq, 1),
			 -E2BIG);
	rq.bytecode = buf;
	rq.bclen = 8;
	assert_int_equal(sv_diag_packet_request(buf, sizeof(buf), &rq, 1), -EINVAL);
	/* the descriptors know them */
	assert_ptr_equal(sv_tables_get(SV_TABLE_PACKET_DGRAM)->request, sv_diag_packet_request);
	assert_ptr_equal(sv_tables_get(SV_TABLE_PACKET_RAW)->parse, sv_diag_packet_parse);
	assert_int_equal(sv_tables_get(SV_TABLE_PACKET_DGRAM)->dump, SV_TABLE_PACKET_RAW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_message),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_unknown_attributes),
		cmocka_unit_test(test_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
