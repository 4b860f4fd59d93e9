/* diag_inet.c - the payload of an inet_diag message (tcp, udp, raw, dccp;
 * mptcp and sctp add to it: diag_mptcp.c, diag_sctp.c): struct
 * inet_diag_msg and its attributes into a record. Pure: no I/O. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "sockview/diag_attr.h"
#include "sockview/collect.h"
#include "sockview/details.h"
#include "sockview/diag_parse.h"
#include "sockview/tables.h"

static void store_v6only(struct sv_sock *s, const void *p, uint16_t len)
{
	s->v6only = *(const uint8_t *)p != 0;
	s->have |= SV_HAVE_V6ONLY;
}

static void store_mark(struct sv_sock *s, const void *p, uint16_t len)
{
	memcpy(&s->mark, p, 4);
	s->have |= SV_HAVE_MARK;
}

static void store_cgroup(struct sv_sock *s, const void *p, uint16_t len)
{
	memcpy(&s->cgroup_id, p, 8);
	s->have |= SV_HAVE_CGROUP;
}

/* struct tcp_info of any length: older kernels send shorter ones, newer
 * longer; the formatter reads only the fields that are inside len. */
static void store_info(struct sv_sock *s, const void *p, uint16_t len)
{
	s->tcp_info = p;
	s->tcp_info_len = len;
	s->have |= SV_HAVE_TCP_INFO;
}

static void store_skmem(struct sv_sock *s, const void *p, uint16_t len)
{
	s->skmem = p;
	s->skmem_len = (uint16_t)(len / 4);
	s->have |= SV_HAVE_SKMEM;
}

static void store_cong(struct sv_sock *s, const void *p, uint16_t len)
{
	s->cong = p;
	s->cong_len = (uint16_t)strnlen(p, len);
	s->have |= SV_HAVE_CONG;
}

static void store_tos(struct sv_sock *s, const void *p, uint16_t len)
{
	s->tos = *(const uint8_t *)p;
	s->have |= SV_HAVE_TOS;
}

static void store_tclass(struct sv_sock *s, const void *p, uint16_t len)
{
	s->tclass = *(const uint8_t *)p;
	s->have |= SV_HAVE_TCLASS;
}

static void store_class_id(struct sv_sock *s, const void *p, uint16_t len)
{
	memcpy(&s->class_id, p, 4);
	s->have |= SV_HAVE_CLASS_ID;
}

static void store_sockopt(struct sv_sock *s, const void *p, uint16_t len)
{
	memcpy(s->sockopt, p, sizeof(s->sockopt));
	s->have |= SV_HAVE_SOCKOPT;
}

/* The congestion control's own block (one of bbr, dctcp, vegas), of any
 * length: tcpinfo.h reads only what is inside it. */
static void store_ca(struct sv_sock *s, const void *p, uint16_t len, uint16_t type)
{
	s->ca_info = p;
	s->ca_info_len = len;
	s->ca_info_type = type;
	s->have |= SV_HAVE_CA_INFO;
}

static void store_bbr(struct sv_sock *s, const void *p, uint16_t len)
{
	store_ca(s, p, len, INET_DIAG_BBRINFO);
}

static void store_dctcp(struct sv_sock *s, const void *p, uint16_t len)
{
	store_ca(s, p, len, INET_DIAG_DCTCPINFO);
}

static void store_vegas(struct sv_sock *s, const void *p, uint16_t len)
{
	store_ca(s, p, len, INET_DIAG_VEGASINFO);
}

static void store_shutdown(struct sv_sock *s, const void *p, uint16_t len)
{
	s->shutdown = *(const uint8_t *)p & 3;
	s->have |= SV_HAVE_SHUTDOWN;
}

/* The attributes of an inet_diag message that sockview reads. The payload
 * may lie at any 4-byte alignment: stores copy, never cast wider types. */
static const struct sv_diag_attr inet_policy[] = {
	{ INET_DIAG_SKV6ONLY, 1, store_v6only },
	{ INET_DIAG_MARK, 4, store_mark },
	{ INET_DIAG_CGROUP_ID, 8, store_cgroup },
	{ INET_DIAG_INFO, 0, store_info },
	{ INET_DIAG_SKMEMINFO, 4, store_skmem },
	{ INET_DIAG_CONG, 1, store_cong },
	{ INET_DIAG_TOS, 1, store_tos },
	{ INET_DIAG_TCLASS, 1, store_tclass },
	{ INET_DIAG_SHUTDOWN, 1, store_shutdown },
	{ INET_DIAG_CLASS_ID, 4, store_class_id },
	{ INET_DIAG_SOCKOPT, 2, store_sockopt },
	{ INET_DIAG_BBRINFO, 0, store_bbr },
	{ INET_DIAG_DCTCPINFO, 0, store_dctcp },
	{ INET_DIAG_VEGASINFO, 0, store_vegas },
};

/* The extensions the details ask the kernel for: -m the socket memory, -i
 * tcp_info, the congestion control's name and its own block (which the
 * kernel sends for the VEGASINFO bit, whatever the algorithm), --tos the
 * TOS and traffic class (and with it class_id). The rest comes anyway. */
static uint8_t inet_ext(uint32_t details)
{
	uint8_t ext = 0;

	if (details & SV_DETAIL_MEM)
		ext |= 1u << (INET_DIAG_SKMEMINFO - 1);
	if (details & SV_DETAIL_INFO)
		ext |= (1u << (INET_DIAG_INFO - 1)) | (1u << (INET_DIAG_VEGASINFO - 1)) |
		       (1u << (INET_DIAG_CONG - 1));
	if (details & SV_DETAIL_TOS)
		ext |= (1u << (INET_DIAG_TOS - 1)) | (1u << (INET_DIAG_TCLASS - 1));
	return ext;
}

/* See diag_parse.h. A TCP dump of both families is one walk of the
 * kernel's tables: the legacy TCPDIAG_GETSOCK request, which the kernel
 * answers for AF_UNSPEC (sock_diag's own request names one family, and each
 * is a walk of the whole established table, every namespace's sockets
 * included); the same bytecode attribute, the answers inet_diag_msg. */
int sv_diag_inet_request(void *buf, size_t len, const struct sv_dump_req *rq, uint32_t seq)
{
	struct nlmsghdr *nlh;
	const struct sv_table_desc *d = sv_tables_get(rq->table);
	bool both = rq->family == AF_UNSPEC;
	size_t hdr = both ? sizeof(struct inet_diag_req) : sizeof(struct inet_diag_req_v2);
	size_t need = MNL_ALIGN(NLMSG_HDRLEN + hdr) +
		      (rq->bclen ? MNL_ALIGN(MNL_ATTR_HDRLEN + rq->bclen) : 0) +
		      (d && d->ipproto > 0xff ? MNL_ALIGN(MNL_ATTR_HDRLEN + sizeof(uint32_t)) : 0);
	uint8_t ext = (uint8_t)(rq->ext | inet_ext(rq->details));
	void *req;

	if (d && both && d->ipproto != IPPROTO_TCP)
		return -EAFNOSUPPORT; /* the legacy request knows TCP (and DCCP) */
	if (!d || need > len || rq->bclen > UINT16_MAX - MNL_ATTR_HDRLEN)
		return -E2BIG;
	/* it fits: need counts it */
	req = sv_diag_request_start(buf, len, hdr, seq, &nlh);
	if (both) {
		struct inet_diag_req *r = req;

		nlh->nlmsg_type = TCPDIAG_GETSOCK;
		r->idiag_family = AF_UNSPEC;
		r->idiag_states = rq->states;
		r->idiag_ext = ext;
	} else {
		struct inet_diag_req_v2 *r = req;

		r->sdiag_family = (uint8_t)rq->family;
		/* a protocol past 255 (MPTCP's 262) goes in INET_DIAG_REQ_PROTOCOL,
		 * its low byte in sdiag_protocol, as ss sends it (the kernel wants
		 * a handler there too: 0 is refused) */
		r->sdiag_protocol = (uint8_t)(d->ipproto & 0xff);
		r->idiag_states = rq->states;
		r->idiag_ext = ext;
	}
	if (rq->bytecode && rq->bclen)
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, rq->bclen, rq->bytecode);
	if (d->ipproto > 0xff)
		mnl_attr_put_u32(nlh, INET_DIAG_REQ_PROTOCOL, d->ipproto);
	return (int)nlh->nlmsg_len;
}

/* See diag_parse.h. */
int sv_diag_inet_parse(const struct nlmsghdr *nlh, enum sv_table table,
		       struct sv_sock *s)
{
	const struct inet_diag_msg *m;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return -EBADMSG;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6)
		return -EBADMSG;
	memset(s, 0, sizeof(*s));
	s->family = m->idiag_family;
	s->table = (uint8_t)table;
	s->state = m->idiag_state < SV_STATE_MAX ? m->idiag_state : SV_STATE_UNKNOWN;
	s->timer = m->idiag_timer;
	s->retrans = m->idiag_retrans;
	s->lport = ntohs(m->id.idiag_sport);
	s->rport = ntohs(m->id.idiag_dport);
	memcpy(s->laddr, m->id.idiag_src, 16);
	memcpy(s->raddr, m->id.idiag_dst, 16);
	s->ifindex = m->id.idiag_if;
	s->cookie = (uint64_t)m->id.idiag_cookie[0] |
		    ((uint64_t)m->id.idiag_cookie[1] << 32);
	s->expires = m->idiag_expires;
	s->rqueue = m->idiag_rqueue;
	s->wqueue = m->idiag_wqueue;
	s->uid = m->idiag_uid;
	s->inode = m->idiag_inode;
	return sv_diag_attr_walk(nlh, sizeof(*m), inet_policy,
			     sizeof(inet_policy) / sizeof(inet_policy[0]), s);
}
