/* diag_xdp.c - xdp_diag: the dump request and the payload of its messages
 * (struct xdp_diag_msg and its attributes) into a record. Pure: no I/O. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/xdp_diag.h>

#include "sockview/collect.h"
#include "sockview/diag_attr.h"
#include "sockview/diag_misc.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif

/* See diag_misc.h: what ss asks for. */
int sv_diag_xdp_request(void *buf, size_t len, const struct sv_dump_req *rq,
			uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct xdp_diag_req *req;

	req = sv_diag_request_start(buf, len, sizeof(*req), seq, &nlh);
	if (!req)
		return -E2BIG;
	req->sdiag_family = AF_XDP;
	req->xdiag_show = XDP_SHOW_INFO | XDP_SHOW_RING_CFG | XDP_SHOW_UMEM |
			  XDP_SHOW_MEMINFO | XDP_SHOW_STATS;
	return (int)nlh->nlmsg_len;
}

static void store_info(struct sv_sock *s, const void *p, uint16_t len)
{
	struct xdp_diag_info info;

	memcpy(&info, p, sizeof(info));
	s->xd.ifindex = info.ifindex;
	s->xd.queue_id = info.queue_id;
	s->have |= SV_HAVE_XDP_INFO;
}

static void store_uid(struct sv_sock *s, const void *p, uint16_t len)
{
	memcpy(&s->uid, p, sizeof(s->uid));
}

static void store_rx(struct sv_sock *s, const void *p, uint16_t len)
{
	s->xd.rx_ring = p;
}

static void store_tx(struct sv_sock *s, const void *p, uint16_t len)
{
	s->xd.tx_ring = p;
}

static void store_umem(struct sv_sock *s, const void *p, uint16_t len)
{
	s->xd.umem = p;
}

static void store_fill(struct sv_sock *s, const void *p, uint16_t len)
{
	s->xd.fill_ring = p;
}

static void store_compl(struct sv_sock *s, const void *p, uint16_t len)
{
	s->xd.compl_ring = p;
}

/* The socket's memory: its first word (SK_MEMINFO_RMEM_ALLOC) is what ss
 * shows as Recv-Q. */
static void store_meminfo(struct sv_sock *s, const void *p, uint16_t len)
{
	memcpy(&s->rqueue, p, sizeof(s->rqueue));
	s->skmem = p;
	s->skmem_len = (uint16_t)(len / 4);
	s->have |= SV_HAVE_SKMEM;
}

static void store_stats(struct sv_sock *s, const void *p, uint16_t len)
{
	s->xd.stats = p;
}

/* Every attribute with the size of its struct: a shorter one is malformed
 * (the kernel has always sent these sizes). */
static const struct sv_diag_attr xdp_policy[] = {
	{ XDP_DIAG_INFO, sizeof(struct xdp_diag_info), store_info },
	{ XDP_DIAG_UID, sizeof(uint32_t), store_uid },
	{ XDP_DIAG_RX_RING, sizeof(struct xdp_diag_ring), store_rx },
	{ XDP_DIAG_TX_RING, sizeof(struct xdp_diag_ring), store_tx },
	{ XDP_DIAG_UMEM, sizeof(struct xdp_diag_umem), store_umem },
	{ XDP_DIAG_UMEM_FILL_RING, sizeof(struct xdp_diag_ring), store_fill },
	{ XDP_DIAG_UMEM_COMPLETION_RING, sizeof(struct xdp_diag_ring), store_compl },
	{ XDP_DIAG_MEMINFO, sizeof(uint32_t), store_meminfo },
	{ XDP_DIAG_STATS, sizeof(struct xdp_diag_stats), store_stats },
};

/* See diag_misc.h. */
int sv_diag_xdp_parse(const struct nlmsghdr *nlh, enum sv_table table,
		      struct sv_sock *s)
{
	const struct xdp_diag_msg *m;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return -EBADMSG;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->xdiag_family != AF_XDP)
		return -EBADMSG;
	memset(s, 0, sizeof(*s));
	s->table = SV_TABLE_XDP;
	s->family = AF_XDP;
	s->state = SV_STATE_CLOSE;
	s->inode = m->xdiag_ino;
	s->cookie = (uint64_t)m->xdiag_cookie[0] | ((uint64_t)m->xdiag_cookie[1] << 32);
	return sv_diag_attr_walk(nlh, sizeof(*m), xdp_policy,
				 sizeof(xdp_policy) / sizeof(xdp_policy[0]), s);
}
