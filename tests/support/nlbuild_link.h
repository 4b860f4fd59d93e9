/* nlbuild_link.h - test helper: packet_diag and netlink_diag messages as
 * the kernel sends them, on top of nlbuild.h's buffer. Header-only. */
#ifndef SOCKVIEW_TEST_NLBUILD_LINK_H
#define SOCKVIEW_TEST_NLBUILD_LINK_H

#include <linux/netlink_diag.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>

#include "nlbuild.h"

#ifndef AF_PACKET
#define AF_PACKET 17
#endif

/* What goes into one packet_diag_msg. */
struct nlb_packet {
	uint8_t family; /* AF_PACKET when 0 */
	uint8_t type;   /* SOCK_RAW, SOCK_DGRAM... (0: SOCK_RAW) */
	uint16_t num;   /* the protocol, host order */
	uint32_t ino;
	uint64_t cookie;
};

/* Start a packet_diag message; add attributes with mnl_attr_put*, then
 * nlb_end(). */
static inline struct nlmsghdr *nlb_packet_begin(struct nlb *b, const struct nlb_packet *p)
{
	struct nlmsghdr *nlh = nlb_begin(b, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	struct packet_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));

	m->pdiag_family = p->family ? p->family : AF_PACKET;
	m->pdiag_type = p->type ? p->type : SOCK_RAW;
	m->pdiag_num = p->num;
	m->pdiag_ino = p->ino;
	m->pdiag_cookie[0] = (uint32_t)p->cookie;
	m->pdiag_cookie[1] = (uint32_t)(p->cookie >> 32);
	return nlh;
}

/* The kernel's PACKET_DIAG_INFO. */
static inline void nlb_packet_info(struct nlmsghdr *nlh, uint32_t ifindex,
				   uint32_t version, uint32_t thresh, uint32_t flags)
{
	struct packet_diag_info i = { .pdi_index = ifindex, .pdi_version = version,
				      .pdi_copy_thresh = thresh, .pdi_flags = flags };

	mnl_attr_put(nlh, PACKET_DIAG_INFO, sizeof(i), &i);
}

/* SK_MEMINFO_VARS words, the first (RMEM_ALLOC) rmem, the third wmem. */
static inline void nlb_meminfo(struct nlmsghdr *nlh, uint16_t type, uint32_t rmem,
			       uint32_t wmem)
{
	uint32_t mem[SK_MEMINFO_VARS] = { [SK_MEMINFO_RMEM_ALLOC] = rmem,
					  [SK_MEMINFO_WMEM_ALLOC] = wmem };

	mnl_attr_put(nlh, type, sizeof(mem), mem);
}

/* What goes into one netlink_diag_msg. */
struct nlb_netlink {
	uint8_t family; /* AF_NETLINK when 0 */
	uint8_t protocol, state;
	uint32_t portid, dst_portid, dst_group, ino;
	uint64_t cookie;
};

static inline struct nlmsghdr *nlb_netlink_begin(struct nlb *b, const struct nlb_netlink *p)
{
	struct nlmsghdr *nlh = nlb_begin(b, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	struct netlink_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));

	m->ndiag_family = p->family ? p->family : AF_NETLINK;
	m->ndiag_type = SOCK_RAW;
	m->ndiag_protocol = p->protocol;
	m->ndiag_state = p->state;
	m->ndiag_portid = p->portid;
	m->ndiag_dst_portid = p->dst_portid;
	m->ndiag_dst_group = p->dst_group;
	m->ndiag_ino = p->ino;
	m->ndiag_cookie[0] = (uint32_t)p->cookie;
	m->ndiag_cookie[1] = (uint32_t)(p->cookie >> 32);
	return nlh;
}

#endif
