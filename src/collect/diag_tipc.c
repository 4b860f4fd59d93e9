/* diag_tipc.c - tipc_diag over sock_diag (what ss 6.x asks, not the TIPC
 * generic netlink family): the dump request and the payload of its
 * messages, nested attributes with no fixed header, into a record. Pure:
 * no I/O. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/tipc_netlink.h>
#include <linux/tipc_sockets_diag.h>

#include "sockview/collect.h"
#include "sockview/diag_attr.h"
#include "sockview/diag_misc.h"

#ifndef AF_TIPC
#define AF_TIPC 30
#endif

/* See diag_misc.h. */
int sv_diag_tipc_request(void *buf, size_t len, const struct sv_dump_req *rq,
			 uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct tipc_sock_diag_req *req;

	req = sv_diag_request_start(buf, len, sizeof(*req), seq, &nlh);
	if (!req)
		return -E2BIG;
	req->sdiag_family = AF_TIPC;
	req->tidiag_states = rq->states;
	return (int)nlh->nlmsg_len;
}

/* The attributes read, per level (store unused: they are indexed). */
static const struct sv_diag_attr top_policy[] = {
	{ TIPC_NLA_SOCK, 0, NULL },
};

static const struct sv_diag_attr sock_policy[] = {
	{ TIPC_NLA_SOCK_ADDR, 4, NULL },
	{ TIPC_NLA_SOCK_REF, 4, NULL },
	{ TIPC_NLA_SOCK_CON, 0, NULL },
	{ TIPC_NLA_SOCK_HAS_PUBL, 0, NULL },
	{ TIPC_NLA_SOCK_STAT, 0, NULL },
	{ TIPC_NLA_SOCK_TYPE, 4, NULL },
	{ TIPC_NLA_SOCK_INO, 4, NULL },
	{ TIPC_NLA_SOCK_UID, 4, NULL },
	{ TIPC_NLA_SOCK_TIPC_STATE, 4, NULL },
	{ TIPC_NLA_SOCK_COOKIE, 8, NULL },
};

static const struct sv_diag_attr stat_policy[] = {
	{ TIPC_NLA_SOCK_STAT_RCVQ, 4, NULL },
	{ TIPC_NLA_SOCK_STAT_SENDQ, 4, NULL },
	{ TIPC_NLA_SOCK_STAT_LINK_CONG, 0, NULL },
	{ TIPC_NLA_SOCK_STAT_CONN_CONG, 0, NULL },
	{ TIPC_NLA_SOCK_STAT_DROP, 4, NULL },
};

static const struct sv_diag_attr con_policy[] = {
	{ TIPC_NLA_CON_NODE, 4, NULL },
	{ TIPC_NLA_CON_SOCK, 4, NULL },
};

#define NPOL(p) (sizeof(p) / sizeof((p)[0]))

/* A u32 attribute (its payload may lie at any 4-byte alignment). */
static uint32_t u32_of(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, mnl_attr_get_payload(a), sizeof(v));
	return v;
}

/* The STAT nest: queues, congestion, drops. */
static int parse_stat(const struct nlattr *nest, struct sv_sock *s)
{
	const struct nlattr *tb[TIPC_NLA_SOCK_STAT_MAX + 1];
	int ret = sv_diag_attr_index(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest),
				     stat_policy, NPOL(stat_policy), tb, TIPC_NLA_SOCK_STAT_MAX + 1);

	if (ret < 0)
		return ret;
	s->rqueue = tb[TIPC_NLA_SOCK_STAT_RCVQ] ? u32_of(tb[TIPC_NLA_SOCK_STAT_RCVQ]) : 0;
	s->wqueue = tb[TIPC_NLA_SOCK_STAT_SENDQ] ? u32_of(tb[TIPC_NLA_SOCK_STAT_SENDQ]) : 0;
	s->tp.link_cong = tb[TIPC_NLA_SOCK_STAT_LINK_CONG] != NULL;
	s->tp.conn_cong = tb[TIPC_NLA_SOCK_STAT_CONN_CONG] != NULL;
	s->tp.drops = tb[TIPC_NLA_SOCK_STAT_DROP] ? u32_of(tb[TIPC_NLA_SOCK_STAT_DROP]) : 0;
	return 0;
}

/* The CON nest: the peer's node and socket (both, or no peer). */
static int parse_con(const struct nlattr *nest, struct sv_sock *s)
{
	const struct nlattr *tb[TIPC_NLA_CON_MAX + 1];
	int ret = sv_diag_attr_index(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest),
				     con_policy, NPOL(con_policy), tb, TIPC_NLA_CON_MAX + 1);

	if (ret < 0)
		return ret;
	if (!tb[TIPC_NLA_CON_NODE] || !tb[TIPC_NLA_CON_SOCK])
		return -EBADMSG;
	s->tp.peer_node = u32_of(tb[TIPC_NLA_CON_NODE]);
	s->tp.peer_ref = u32_of(tb[TIPC_NLA_CON_SOCK]);
	s->have |= SV_HAVE_TIPC_PEER;
	return 0;
}

/* The TIPC_NLA_SOCK nest. */
static int parse_sock(const struct nlattr *nest, struct sv_sock *s)
{
	const struct nlattr *tb[TIPC_NLA_SOCK_MAX + 1];
	uint32_t state;
	int ret = sv_diag_attr_index(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest),
				     sock_policy, NPOL(sock_policy), tb, TIPC_NLA_SOCK_MAX + 1);

	if (ret < 0)
		return ret;
	if (!tb[TIPC_NLA_SOCK_ADDR] || !tb[TIPC_NLA_SOCK_REF] || !tb[TIPC_NLA_SOCK_TYPE] ||
	    !tb[TIPC_NLA_SOCK_TIPC_STATE] || !tb[TIPC_NLA_SOCK_INO])
		return -EBADMSG;
	s->tp.node = u32_of(tb[TIPC_NLA_SOCK_ADDR]);
	s->tp.ref = u32_of(tb[TIPC_NLA_SOCK_REF]);
	s->tp.type = u32_of(tb[TIPC_NLA_SOCK_TYPE]);
	state = u32_of(tb[TIPC_NLA_SOCK_TIPC_STATE]); /* TIPC's states are TCP's numbers */
	s->state = state < SV_STATE_MAX ? (uint8_t)state : SV_STATE_UNKNOWN;
	s->inode = u32_of(tb[TIPC_NLA_SOCK_INO]);
	s->uid = tb[TIPC_NLA_SOCK_UID] ? u32_of(tb[TIPC_NLA_SOCK_UID]) : 0;
	if (tb[TIPC_NLA_SOCK_COOKIE])
		memcpy(&s->cookie, mnl_attr_get_payload(tb[TIPC_NLA_SOCK_COOKIE]), 8);
	s->tp.published = tb[TIPC_NLA_SOCK_HAS_PUBL] != NULL;
	if (tb[TIPC_NLA_SOCK_STAT] && (ret = parse_stat(tb[TIPC_NLA_SOCK_STAT], s)) < 0)
		return ret;
	if (tb[TIPC_NLA_SOCK_CON] && (ret = parse_con(tb[TIPC_NLA_SOCK_CON], s)) < 0)
		return ret;
	return 0;
}

/* See diag_misc.h. */
int sv_diag_tipc_parse(const struct nlmsghdr *nlh, enum sv_table table,
		       struct sv_sock *s)
{
	const struct nlattr *tb[TIPC_NLA_SOCK + 1];
	const char *payload = mnl_nlmsg_get_payload(nlh);
	size_t len = nlh->nlmsg_len >= NLMSG_HDRLEN ? nlh->nlmsg_len - NLMSG_HDRLEN : 0;
	int ret = sv_diag_attr_index(payload, len, top_policy, NPOL(top_policy), tb,
				     TIPC_NLA_SOCK + 1);

	if (ret < 0)
		return ret;
	if (!tb[TIPC_NLA_SOCK])
		return -EBADMSG;
	memset(s, 0, sizeof(*s));
	s->table = SV_TABLE_TIPC;
	s->family = AF_TIPC;
	return parse_sock(tb[TIPC_NLA_SOCK], s);
}
