/* diag_packet.c - the payload of a packet_diag message (p_raw, p_dgr: one
 * dump) into a record, and the request of that dump. Pure: no I/O. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/filter.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>

#include "sockview/collect.h"
#include "sockview/diag_attr.h"
#include "sockview/diag_parse.h"
#include "sockview/tables.h"

#ifndef AF_PACKET
#define AF_PACKET 17
#endif

/* What sockview asks of every packet socket, as ss does: the basic
 * information (interface, version, flags), the memory (Recv-Q), the rings
 * and the fanout group (-e); the filters only for -b (ss asks always; the
 * text is the same). */
#define SHOW_DEFAULT (PACKET_SHOW_INFO | PACKET_SHOW_MEMINFO | \
		      PACKET_SHOW_RING_CFG | PACKET_SHOW_FANOUT)

static uint32_t u32_at(const void *p, size_t i)
{
	uint32_t v;

	memcpy(&v, (const char *)p + 4 * i, 4);
	return v;
}

/* struct packet_diag_info: the bound interface (0: all), the ring version,
 * the copy threshold and PDI_* flags. */
static void store_info(struct sv_sock *s, const void *p, uint16_t len)
{
	s->pk.ifindex = u32_at(p, 0);
	s->pk.version = u32_at(p, 1);
	s->pk.copy_thresh = u32_at(p, 3);
	s->pk.pflags = u32_at(p, 5);
	s->have |= SV_HAVE_PKINFO;
}

static void store_rx_ring(struct sv_sock *s, const void *p, uint16_t len)
{
	s->pk.rx_ring = p;
}

static void store_tx_ring(struct sv_sock *s, const void *p, uint16_t len)
{
	s->pk.tx_ring = p;
}

static void store_fanout(struct sv_sock *s, const void *p, uint16_t len)
{
	s->pk.fanout = u32_at(p, 0);
	s->have |= SV_HAVE_FANOUT;
}

static void store_uid(struct sv_sock *s, const void *p, uint16_t len)
{
	s->uid = u32_at(p, 0);
}

/* SK_MEMINFO_*: ss's Recv-Q of a packet socket is its receive memory
 * (SK_MEMINFO_RMEM_ALLOC, the first word); its Send-Q stays 0, as ss. */
static void store_meminfo(struct sv_sock *s, const void *p, uint16_t len)
{
	s->rqueue = u32_at(p, 0);
	s->skmem = p;
	s->skmem_len = (uint16_t)(len / 4);
	s->have |= SV_HAVE_SKMEM;
}

/* struct sock_filter[]: as many whole instructions as the payload holds
 * (ss counts them so too). No instruction at all is what the kernel sends
 * to a caller without CAP_NET_ADMIN, for every socket. */
static void store_filter(struct sv_sock *s, const void *p, uint16_t len)
{
	s->pk.filter = p;
	s->pk.filter_len = (uint16_t)(len / sizeof(struct sock_filter));
	s->have |= SV_HAVE_BPF;
}

/* The attributes of a packet_diag message that sockview reads; payloads
 * may lie at any 4-byte alignment: stores copy. */
static const struct sv_diag_attr packet_policy[] = {
	{ PACKET_DIAG_INFO, sizeof(struct packet_diag_info), store_info },
	{ PACKET_DIAG_RX_RING, sizeof(struct packet_diag_ring), store_rx_ring },
	{ PACKET_DIAG_TX_RING, sizeof(struct packet_diag_ring), store_tx_ring },
	{ PACKET_DIAG_FANOUT, 4, store_fanout },
	{ PACKET_DIAG_UID, 4, store_uid },
	{ PACKET_DIAG_MEMINFO, 4, store_meminfo },
	{ PACKET_DIAG_FILTER, 0, store_filter },
};

/* See diag_parse.h. No bytecode: the kernel runs none for packet sockets. */
int sv_diag_packet_request(void *buf, size_t len, const struct sv_dump_req *rq,
			   uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct packet_diag_req *req;

	if (rq->bytecode || rq->bclen)
		return -EINVAL;
	req = sv_diag_request_start(buf, len, sizeof(*req), seq, &nlh);
	if (!req)
		return -E2BIG;
	req->sdiag_family = AF_PACKET;
	req->sdiag_protocol = 0; /* the kernel refuses any other */
	req->pdiag_show = SHOW_DEFAULT | (rq->bpf ? PACKET_SHOW_FILTER : 0);
	return (int)nlh->nlmsg_len;
}

/* See diag_parse.h. */
int sv_diag_packet_parse(const struct nlmsghdr *nlh, enum sv_table table,
			 struct sv_sock *s)
{
	const struct packet_diag_msg *m;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return -EBADMSG;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->pdiag_family != AF_PACKET)
		return -EBADMSG;
	memset(s, 0, sizeof(*s));
	s->family = AF_PACKET;
	/* ss's Netid: p_raw for SOCK_RAW, p_dgr for any other type */
	s->table = m->pdiag_type == SOCK_RAW ? SV_TABLE_PACKET_RAW : SV_TABLE_PACKET_DGRAM;
	s->state = SV_STATE_CLOSE;
	s->pk.protocol = m->pdiag_num;
	s->inode = m->pdiag_ino;
	s->cookie = (uint64_t)m->pdiag_cookie[0] | ((uint64_t)m->pdiag_cookie[1] << 32);
	return sv_diag_attr_walk(nlh, sizeof(*m), packet_policy,
				 sizeof(packet_policy) / sizeof(packet_policy[0]), s);
}
