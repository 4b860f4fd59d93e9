/* test_diag_misc.c - cmocka suite for the payload parsers and request
 * builders of mptcp, sctp, raw, dccp, vsock, xdp and tipc: messages as the
 * kernel sends them, and malformed ones (short, wrong family or type,
 * attributes too short, nests that run past their parent). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <linux/tipc_netlink.h>
#include <linux/tipc_sockets_diag.h>
#include <linux/vm_sockets_diag.h>
#include <linux/xdp_diag.h>

#include "sockview/collect.h"
#include "sockview/diag_misc.h"
#include "sockview/tables.h"
#include "support/nlbuild.h"

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef AF_TIPC
#define AF_TIPC 30
#endif

/* What the walk delivered. */
struct seen {
	struct sv_sock s[8];
	size_t n;
};

static int keep(const struct sv_sock *s, void *data)
{
	struct seen *v = data;

	if (v->n < 8)
		v->s[v->n++] = *s;
	return 0;
}

/* The buffer through the message walk as one dump of table, copied to an
 * exact-size block (ASan sees a read past its end). */
static int walk(const struct nlb *b, enum sv_table t, struct seen *v)
{
	void *copy = malloc(b->len);
	char err[128] = "";
	size_t used;
	bool intr = false;
	int ret;

	assert_non_null(copy);
	memcpy(copy, b->buf, b->len);
	memset(v, 0, sizeof(*v));
	ret = sv_diag_parse_inet(copy, b->len, t, keep, v, &used, &intr, err, sizeof(err));
	if (ret == -EBADMSG)
		assert_true(err[0] != '\0'); /* a malformed buffer says where */
	free(copy);
	return ret;
}

/* One message (then NLMSG_DONE) through the walk: its status. */
static int one(struct nlb *b, struct nlmsghdr *nlh, enum sv_table t, struct seen *v)
{
	nlb_end(b, nlh);
	nlb_done(b);
	return walk(b, t, v);
}

/* --- inet: raw, dccp, mptcp, sctp --- */

static void test_request_protocols(void **state)
{
	char buf[512];
	struct sv_dump_req rq = { .table = SV_TABLE_MPTCP, .family = AF_INET,
				  .states = 0x7ff };
	const struct nlmsghdr *nlh = (const void *)buf;
	const struct inet_diag_req_v2 *r = (const void *)(buf + NLMSG_HDRLEN);
	const struct nlattr *a;
	int n;

	(void)state;
	/* mptcp: the low byte in sdiag_protocol, 262 in INET_DIAG_REQ_PROTOCOL */
	n = sv_diag_inet_request(buf, sizeof(buf), &rq, 7);
	assert_int_equal(n, NLMSG_HDRLEN + sizeof(*r) + 8);
	assert_int_equal(r->sdiag_protocol, 262 & 0xff);
	a = (const void *)(buf + NLMSG_HDRLEN + sizeof(*r));
	assert_int_equal(mnl_attr_get_type(a), INET_DIAG_REQ_PROTOCOL);
	assert_int_equal(mnl_attr_get_u32(a), 262);
	assert_int_equal(nlh->nlmsg_seq, 7);
	/* one byte too few for the attribute */
	assert_int_equal(sv_diag_inet_request(buf, (size_t)n - 1, &rq, 7), -E2BIG);
	/* raw and dccp fit the byte: no attribute */
	rq.table = SV_TABLE_RAW;
	assert_int_equal(sv_diag_inet_request(buf, sizeof(buf), &rq, 7),
			 NLMSG_HDRLEN + sizeof(*r));
	assert_int_equal(r->sdiag_protocol, IPPROTO_RAW);
	rq.table = SV_TABLE_DCCP;
	assert_int_equal(sv_diag_inet_request(buf, sizeof(buf), &rq, 7),
			 NLMSG_HDRLEN + sizeof(*r));
	assert_int_equal(r->sdiag_protocol, IPPROTO_DCCP);
	rq.table = SV_TABLE_SCTP;
	assert_true(sv_diag_inet_request(buf, sizeof(buf), &rq, 7) > 0);
	assert_int_equal(r->sdiag_protocol, IPPROTO_SCTP);
}

static void test_raw(void **state)
{
	struct nlb b;
	struct seen v;
	struct nlmsghdr *nlh;

	(void)state;
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .state = 7, .sport = 1,
						       .src = "127.0.0.1", .inode = 5 });
	mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, 1);
	assert_int_equal(one(&b, nlh, SV_TABLE_RAW, &v), SV_DIAG_DONE);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.s[0].table, SV_TABLE_RAW);
	assert_int_equal(v.s[0].lport, 1); /* the protocol: the kernel's sk_num */
	assert_int_equal(v.s[0].state, SV_STATE_CLOSE);
}

static void test_mptcp_info(void **state)
{
	struct nlb b;
	struct seen v;
	struct nlmsghdr *nlh;
	uint8_t info[20] = { 1, 2, 3 };

	(void)state;
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .state = 1, .sport = 5000,
						       .dport = 40000, .src = "127.0.0.1",
						       .dst = "127.0.0.1", .inode = 9 });
	mnl_attr_put(nlh, INET_DIAG_INFO, sizeof(info), info);
	mnl_attr_put_u8(nlh, INET_DIAG_SHUTDOWN, 3);
	assert_int_equal(one(&b, nlh, SV_TABLE_MPTCP, &v), SV_DIAG_DONE);
	assert_int_equal(v.n, 1);
	/* never a tcp_info: it is struct mptcp_info */
	assert_false(v.s[0].have & SV_HAVE_TCP_INFO);
	assert_null(v.s[0].tcp_info);
	assert_true(v.s[0].have & SV_HAVE_PROTO_INFO);
	assert_int_equal(v.s[0].proto_info_len, sizeof(info));
	assert_true(v.s[0].have & SV_HAVE_SHUTDOWN);
	assert_int_equal(v.s[0].lport, 5000);
	/* a message too short for inet_diag_msg */
	nlb_init(&b);
	nlh = nlb_begin(&b, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct inet_diag_msg) - 1);
	assert_int_equal(one(&b, nlh, SV_TABLE_MPTCP, &v), -EBADMSG);
}

/* A struct sockaddr_storage holding an IPv4 address. */
static void sa4(struct sockaddr_storage *ss, const char *addr)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, addr, &sin->sin_addr);
}

static void test_sctp(void **state)
{
	struct sockaddr_storage sa[3];
	uint8_t piece[sizeof(sa[0]) + 40];
	struct nlb b;
	struct seen v;
	struct nlmsghdr *nlh;
	uint8_t info[64] = { 0 };

	(void)state;
	sa4(&sa[0], "10.0.0.1");
	sa4(&sa[1], "10.0.1.1");
	sa4(&sa[2], "10.0.0.2");
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .state = 3, .sport = 9001,
						       .dport = 40000, .src = "10.0.0.1",
						       .dst = "10.0.0.2", .inode = 601 });
	mnl_attr_put(nlh, INET_DIAG_LOCALS, 2 * sizeof(sa[0]), sa);
	/* a trailing piece of an entry is dropped, whole entries kept */
	memcpy(piece, &sa[2], sizeof(sa[2]));
	mnl_attr_put(nlh, INET_DIAG_PEERS, sizeof(piece), piece);
	mnl_attr_put(nlh, INET_DIAG_INFO, sizeof(info), info);
	assert_int_equal(one(&b, nlh, SV_TABLE_SCTP, &v), SV_DIAG_DONE);
	assert_int_equal(v.n, 1);
	assert_true(v.s[0].have & SV_HAVE_SCTP_ADDRS);
	assert_int_equal(v.s[0].sctp_locals_len, 2 * sizeof(sa[0]));
	assert_int_equal(v.s[0].sctp_peers_len, sizeof(sa[0]));
	assert_true(v.s[0].have & SV_HAVE_PROTO_INFO);
	assert_false(v.s[0].have & SV_HAVE_TCP_INFO);
	assert_false(v.s[0].assoc); /* the listing decides that */
	/* an endpoint without lists */
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .state = 10, .sport = 9000 });
	assert_int_equal(one(&b, nlh, SV_TABLE_SCTP, &v), SV_DIAG_DONE);
	assert_false(v.s[0].have & SV_HAVE_SCTP_ADDRS);
	assert_null(v.s[0].sctp_locals);
	/* an attribute list that runs past the message */
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .state = 10, .sport = 9000 });
	mnl_attr_put(nlh, INET_DIAG_LOCALS, sizeof(sa[0]), sa);
	((struct nlattr *)((char *)nlh + NLMSG_HDRLEN + sizeof(struct inet_diag_msg)))->nla_len += 8;
	assert_int_equal(one(&b, nlh, SV_TABLE_SCTP, &v), -EBADMSG);
}

/* --- vsock --- */

static struct nlmsghdr *vsock_msg(struct nlb *b, uint8_t family, uint8_t type,
				  uint8_t st, uint32_t scid, uint32_t sport)
{
	struct nlmsghdr *nlh = nlb_begin(b, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	struct vsock_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));

	m->vdiag_family = family;
	m->vdiag_type = type;
	m->vdiag_state = st;
	m->vdiag_src_cid = scid;
	m->vdiag_src_port = sport;
	m->vdiag_dst_cid = 2;
	m->vdiag_dst_port = UINT32_MAX;
	m->vdiag_ino = 77;
	m->vdiag_cookie[0] = 1;
	m->vdiag_cookie[1] = 2;
	return nlh;
}

static void test_vsock(void **state)
{
	struct nlb b;
	struct seen v;

	(void)state;
	nlb_init(&b);
	nlb_end(&b, vsock_msg(&b, AF_VSOCK, SOCK_STREAM, 10, UINT32_MAX, 1234));
	nlb_end(&b, vsock_msg(&b, AF_VSOCK, SOCK_DGRAM, 7, 3, 99));
	nlb_done(&b);
	/* the table comes from each message's type */
	assert_int_equal(walk(&b, SV_TABLE_VSOCK_STREAM, &v), SV_DIAG_DONE);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.s[0].table, SV_TABLE_VSOCK_STREAM);
	assert_int_equal(v.s[0].family, AF_VSOCK);
	assert_int_equal(v.s[0].state, SV_STATE_LISTEN);
	assert_int_equal(v.s[0].vs.src_cid, UINT32_MAX);
	assert_int_equal(v.s[0].vs.src_port, 1234);
	assert_int_equal(v.s[0].vs.dst_cid, 2);
	assert_int_equal(v.s[0].vs.dst_port, UINT32_MAX);
	assert_int_equal(v.s[0].inode, 77);
	assert_int_equal(v.s[0].cookie, 0x200000001ull);
	assert_int_equal(v.s[1].table, SV_TABLE_VSOCK_DGRAM);
	assert_int_equal(v.s[1].state, SV_STATE_CLOSE);
	/* a state the kernel adds later */
	nlb_init(&b);
	assert_int_equal(one(&b, vsock_msg(&b, AF_VSOCK, SOCK_STREAM, 200, 3, 1),
			     SV_TABLE_VSOCK_STREAM, &v), SV_DIAG_DONE);
	assert_int_equal(v.s[0].state, SV_STATE_UNKNOWN);
	/* malformed: another family, another type, a short message */
	nlb_init(&b);
	assert_int_equal(one(&b, vsock_msg(&b, AF_INET, SOCK_STREAM, 1, 3, 1),
			     SV_TABLE_VSOCK_STREAM, &v), -EBADMSG);
	nlb_init(&b);
	assert_int_equal(one(&b, vsock_msg(&b, AF_VSOCK, SOCK_SEQPACKET, 1, 3, 1),
			     SV_TABLE_VSOCK_STREAM, &v), -EBADMSG);
	nlb_init(&b);
	{
		struct nlmsghdr *nlh = vsock_msg(&b, AF_VSOCK, SOCK_STREAM, 1, 3, 1);

		nlh->nlmsg_len -= 1;
		assert_int_equal(one(&b, nlh, SV_TABLE_VSOCK_STREAM, &v), -EBADMSG);
	}
	assert_int_equal(v.n, 0);
}

static void test_vsock_request(void **state)
{
	char buf[128];
	struct sv_dump_req rq = { .table = SV_TABLE_VSOCK_STREAM, .family = AF_VSOCK,
				  .states = 1u << SV_STATE_LISTEN };
	const struct vsock_diag_req *r = (const void *)(buf + NLMSG_HDRLEN);
	const struct nlmsghdr *nlh = (const void *)buf;

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(sv_diag_vsock_request(buf, sizeof(buf), &rq, 9),
			 NLMSG_HDRLEN + sizeof(*r));
	assert_int_equal(nlh->nlmsg_type, SOCK_DIAG_BY_FAMILY);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(nlh->nlmsg_seq, 9);
	assert_int_equal(r->sdiag_family, AF_VSOCK);
	assert_int_equal(r->sdiag_protocol, 0);
	assert_int_equal(r->vdiag_states, 1u << SV_STATE_LISTEN);
	assert_int_equal(r->vdiag_ino, 0); /* reserved fields zero */
	assert_int_equal(r->vdiag_show, 0);
	assert_int_equal(sv_diag_vsock_request(buf, NLMSG_HDRLEN + sizeof(*r) - 1, &rq, 9),
			 -E2BIG);
}

/* --- xdp --- */

static struct nlmsghdr *xdp_msg(struct nlb *b, uint8_t family)
{
	struct nlmsghdr *nlh = nlb_begin(b, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	struct xdp_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));

	m->xdiag_family = family;
	m->xdiag_type = SOCK_RAW;
	m->xdiag_ino = 1000;
	m->xdiag_cookie[0] = 0x3e8;
	return nlh;
}

static void test_xdp(void **state)
{
	struct xdp_diag_info info = { .ifindex = 4, .queue_id = 3 };
	struct xdp_diag_ring ring = { .entries = 2048 };
	struct xdp_diag_umem umem = { .size = 1 << 20, .id = 1, .chunk_size = 2048 };
	struct xdp_diag_stats stats = { .n_rx_dropped = 5 };
	uint32_t mem[9] = { 256, 0, 1, 2, 3, 4, 5, 6, 7 };
	struct nlb b;
	struct seen v;
	struct nlmsghdr *nlh;

	(void)state;
	nlb_init(&b);
	nlh = xdp_msg(&b, AF_XDP);
	mnl_attr_put(nlh, XDP_DIAG_INFO, sizeof(info), &info);
	mnl_attr_put_u32(nlh, XDP_DIAG_UID, 1000);
	mnl_attr_put(nlh, XDP_DIAG_RX_RING, sizeof(ring), &ring);
	mnl_attr_put(nlh, XDP_DIAG_UMEM, sizeof(umem), &umem);
	mnl_attr_put(nlh, XDP_DIAG_UMEM_FILL_RING, sizeof(ring), &ring);
	mnl_attr_put(nlh, XDP_DIAG_MEMINFO, sizeof(mem), mem);
	mnl_attr_put(nlh, XDP_DIAG_STATS, sizeof(stats), &stats);
	assert_int_equal(one(&b, nlh, SV_TABLE_XDP, &v), SV_DIAG_DONE);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.s[0].table, SV_TABLE_XDP);
	assert_int_equal(v.s[0].family, AF_XDP);
	assert_int_equal(v.s[0].state, SV_STATE_CLOSE); /* ss: UNCONN */
	assert_true(v.s[0].have & SV_HAVE_XDP_INFO);
	assert_int_equal(v.s[0].xd.ifindex, 4);
	assert_int_equal(v.s[0].xd.queue_id, 3);
	assert_int_equal(v.s[0].uid, 1000);
	assert_int_equal(v.s[0].rqueue, 256); /* the receive memory, as ss */
	assert_int_equal(v.s[0].skmem_len, 9);
	assert_non_null(v.s[0].xd.rx_ring);
	assert_null(v.s[0].xd.tx_ring);
	assert_non_null(v.s[0].xd.umem);
	assert_non_null(v.s[0].xd.fill_ring);
	assert_null(v.s[0].xd.compl_ring);
	assert_non_null(v.s[0].xd.stats);
	assert_int_equal(v.s[0].inode, 1000);
	/* an unbound socket: no info */
	nlb_init(&b);
	assert_int_equal(one(&b, xdp_msg(&b, AF_XDP), SV_TABLE_XDP, &v), SV_DIAG_DONE);
	assert_false(v.s[0].have & SV_HAVE_XDP_INFO);
	/* malformed: a short info, a short umem, another family */
	nlb_init(&b);
	nlh = xdp_msg(&b, AF_XDP);
	mnl_attr_put(nlh, XDP_DIAG_INFO, 4, &info);
	assert_int_equal(one(&b, nlh, SV_TABLE_XDP, &v), -EBADMSG);
	nlb_init(&b);
	nlh = xdp_msg(&b, AF_XDP);
	mnl_attr_put(nlh, XDP_DIAG_UMEM, sizeof(umem) - 4, &umem);
	assert_int_equal(one(&b, nlh, SV_TABLE_XDP, &v), -EBADMSG);
	nlb_init(&b);
	assert_int_equal(one(&b, xdp_msg(&b, AF_PACKET), SV_TABLE_XDP, &v), -EBADMSG);
}

static void test_xdp_request(void **state)
{
	char buf[128];
	struct sv_dump_req rq = { .table = SV_TABLE_XDP, .family = AF_XDP,
				  .states = 1u << SV_STATE_CLOSE };
	const struct xdp_diag_req *r = (const void *)(buf + NLMSG_HDRLEN);

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(sv_diag_xdp_request(buf, sizeof(buf), &rq, 1),
			 NLMSG_HDRLEN + sizeof(*r));
	assert_int_equal(r->sdiag_family, AF_XDP);
	assert_int_equal(r->xdiag_show, XDP_SHOW_INFO | XDP_SHOW_RING_CFG | XDP_SHOW_UMEM |
			 XDP_SHOW_MEMINFO | XDP_SHOW_STATS);
	assert_int_equal(r->xdiag_ino, 0);
	assert_int_equal(sv_diag_xdp_request(buf, 8, &rq, 1), -E2BIG);
}

/* --- tipc --- */

/* What a TIPC socket message holds; fields set to skip leave them out. */
struct tipc_spec {
	bool no_addr, no_sock, short_ref, con, con_no_sock, stat, long_nest;
	uint32_t state, type;
};

static struct nlmsghdr *tipc_msg(struct nlb *b, const struct tipc_spec *t)
{
	struct nlmsghdr *nlh = nlb_begin(b, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	struct nlattr *sock, *nest;

	if (t->no_sock) {
		mnl_attr_put_u32(nlh, TIPC_NLA_BEARER, 1);
		return nlh;
	}
	sock = mnl_attr_nest_start(nlh, TIPC_NLA_SOCK);
	if (!t->no_addr)
		mnl_attr_put_u32(nlh, TIPC_NLA_SOCK_ADDR, 16781313);
	if (t->short_ref)
		mnl_attr_put_u16(nlh, TIPC_NLA_SOCK_REF, 42);
	else
		mnl_attr_put_u32(nlh, TIPC_NLA_SOCK_REF, 42);
	mnl_attr_put_u32(nlh, TIPC_NLA_SOCK_TYPE, t->type ? t->type : SOCK_STREAM);
	mnl_attr_put_u32(nlh, TIPC_NLA_SOCK_TIPC_STATE, t->state);
	mnl_attr_put_u32(nlh, TIPC_NLA_SOCK_INO, 901);
	mnl_attr_put_u32(nlh, TIPC_NLA_SOCK_UID, 1000);
	mnl_attr_put_u64(nlh, TIPC_NLA_SOCK_COOKIE, 0x1122334455667788ull);
	mnl_attr_put(nlh, TIPC_NLA_SOCK_HAS_PUBL, 0, NULL);
	if (t->stat) {
		nest = mnl_attr_nest_start(nlh, TIPC_NLA_SOCK_STAT);
		mnl_attr_put_u32(nlh, TIPC_NLA_SOCK_STAT_RCVQ, 5);
		mnl_attr_put_u32(nlh, TIPC_NLA_SOCK_STAT_SENDQ, 6);
		mnl_attr_put(nlh, TIPC_NLA_SOCK_STAT_LINK_CONG, 0, NULL);
		mnl_attr_put_u32(nlh, TIPC_NLA_SOCK_STAT_DROP, 7);
		mnl_attr_nest_end(nlh, nest);
		if (t->long_nest) /* its length runs past the TIPC_NLA_SOCK nest */
			nest->nla_len += 64;
	}
	if (t->con) {
		nest = mnl_attr_nest_start(nlh, TIPC_NLA_SOCK_CON);
		mnl_attr_put_u32(nlh, TIPC_NLA_CON_NODE, 16781314);
		if (!t->con_no_sock)
			mnl_attr_put_u32(nlh, TIPC_NLA_CON_SOCK, 43);
		mnl_attr_nest_end(nlh, nest);
	}
	mnl_attr_nest_end(nlh, sock);
	return nlh;
}

static int tipc_one(const struct tipc_spec *t, struct seen *v)
{
	struct nlb b;

	nlb_init(&b);
	return one(&b, tipc_msg(&b, t), SV_TABLE_TIPC, v);
}

static void test_tipc(void **state)
{
	struct seen v;

	(void)state;
	assert_int_equal(tipc_one(&(struct tipc_spec){ .state = 1, .con = true,
							.stat = true }, &v), SV_DIAG_DONE);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.s[0].table, SV_TABLE_TIPC);
	assert_int_equal(v.s[0].family, AF_TIPC);
	assert_int_equal(v.s[0].state, SV_STATE_ESTABLISHED);
	assert_int_equal(v.s[0].tp.node, 16781313);
	assert_int_equal(v.s[0].tp.ref, 42);
	assert_int_equal(v.s[0].tp.type, SOCK_STREAM);
	assert_true(v.s[0].have & SV_HAVE_TIPC_PEER);
	assert_int_equal(v.s[0].tp.peer_node, 16781314);
	assert_int_equal(v.s[0].tp.peer_ref, 43);
	assert_int_equal(v.s[0].inode, 901);
	assert_int_equal(v.s[0].uid, 1000);
	assert_int_equal(v.s[0].cookie, 0x1122334455667788ull);
	assert_int_equal(v.s[0].rqueue, 5);
	assert_int_equal(v.s[0].wqueue, 6);
	assert_true(v.s[0].tp.link_cong);
	assert_false(v.s[0].tp.conn_cong);
	assert_int_equal(v.s[0].tp.drops, 7);
	assert_true(v.s[0].tp.published);
	/* unconnected, no stats: no peer, zero queues */
	assert_int_equal(tipc_one(&(struct tipc_spec){ .state = 7, .type = SOCK_RDM }, &v),
			 SV_DIAG_DONE);
	assert_false(v.s[0].have & SV_HAVE_TIPC_PEER);
	assert_int_equal(v.s[0].state, SV_STATE_CLOSE);
	assert_int_equal(v.s[0].rqueue, 0);
	/* a state past the known ones */
	assert_int_equal(tipc_one(&(struct tipc_spec){ .state = 99 }, &v), SV_DIAG_DONE);
	assert_int_equal(v.s[0].state, SV_STATE_UNKNOWN);
	/* malformed: no socket nest, no address, a short u32, a peer without
	 * its socket, a nest longer than its parent */
	assert_int_equal(tipc_one(&(struct tipc_spec){ .no_sock = true }, &v), -EBADMSG);
	assert_int_equal(tipc_one(&(struct tipc_spec){ .no_addr = true }, &v), -EBADMSG);
	assert_int_equal(tipc_one(&(struct tipc_spec){ .short_ref = true }, &v), -EBADMSG);
	assert_int_equal(tipc_one(&(struct tipc_spec){ .con = true, .con_no_sock = true },
				  &v), -EBADMSG);
	assert_int_equal(tipc_one(&(struct tipc_spec){ .stat = true, .long_nest = true },
				  &v), -EBADMSG);
	assert_int_equal(v.n, 0);
}

/* Every cut of a good message is refused, never read past. */
static void test_tipc_cuts(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct sv_sock s;
	uint32_t len;

	(void)state;
	nlb_init(&b);
	nlh = tipc_msg(&b, &(struct tipc_spec){ .state = 1, .con = true, .stat = true });
	len = nlh->nlmsg_len;
	for (uint32_t cut = NLMSG_HDRLEN; cut < len; cut++) {
		struct nlmsghdr *copy = malloc(cut);

		assert_non_null(copy);
		memcpy(copy, nlh, cut);
		copy->nlmsg_len = cut;
		/* a cut inside the outer nest is malformed; a cut that drops
		 * whole inner attributes can only lose optional ones */
		(void)sv_diag_tipc_parse(copy, SV_TABLE_TIPC, &s);
		free(copy);
	}
	assert_int_equal(sv_diag_tipc_parse(nlh, SV_TABLE_TIPC, &s), 0);
	nlh->nlmsg_len = NLMSG_HDRLEN + 6; /* a piece of the nest's header */
	assert_int_equal(sv_diag_tipc_parse(nlh, SV_TABLE_TIPC, &s), -EBADMSG);
}

static void test_tipc_request(void **state)
{
	char buf[64];
	struct sv_dump_req rq = { .table = SV_TABLE_TIPC, .family = AF_TIPC,
				  .states = 0x482 };
	const struct tipc_sock_diag_req *r = (const void *)(buf + NLMSG_HDRLEN);

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(sv_diag_tipc_request(buf, sizeof(buf), &rq, 3),
			 NLMSG_HDRLEN + sizeof(*r));
	assert_int_equal(r->sdiag_family, AF_TIPC);
	assert_int_equal(r->sdiag_protocol, 0);
	assert_int_equal(r->pad, 0);
	assert_int_equal(r->tidiag_states, 0x482);
	assert_int_equal(sv_diag_tipc_request(buf, 4, &rq, 3), -E2BIG);
}

/* The descriptors wire each table to these functions. */
static void test_wired(void **state)
{
	(void)state;
	assert_ptr_equal(sv_tables_get(SV_TABLE_MPTCP)->parse, sv_diag_mptcp_parse);
	assert_ptr_equal(sv_tables_get(SV_TABLE_SCTP)->parse, sv_diag_sctp_parse);
	assert_ptr_equal(sv_tables_get(SV_TABLE_RAW)->parse, sv_diag_inet_parse);
	assert_ptr_equal(sv_tables_get(SV_TABLE_DCCP)->parse, sv_diag_inet_parse);
	assert_ptr_equal(sv_tables_get(SV_TABLE_VSOCK_DGRAM)->request, sv_diag_vsock_request);
	assert_ptr_equal(sv_tables_get(SV_TABLE_TIPC)->request, sv_diag_tipc_request);
	assert_ptr_equal(sv_tables_get(SV_TABLE_XDP)->request, sv_diag_xdp_request);
	assert_true(sv_tables_get(SV_TABLE_VSOCK_STREAM)->uncounted);
	assert_true(sv_tables_get(SV_TABLE_SCTP)->assoc_rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_protocols),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_mptcp_info),
		cmocka_unit_test(test_sctp),
		cmocka_unit_test(test_vsock),
		cmocka_unit_test(test_vsock_request),
		cmocka_unit_test(test_xdp),
		cmocka_unit_test(test_xdp_request),
		cmocka_unit_test(test_tipc),
		cmocka_unit_test(test_tipc_cuts),
		cmocka_unit_test(test_tipc_request),
		cmocka_unit_test(test_wired),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
