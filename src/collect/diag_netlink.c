/* diag_netlink.c - the payload of a netlink_diag message (the nl table)
 * into a record, the request of that dump, and the groups bitmap it
 * carries. Pure: no I/O. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>

#include "sockview/collect.h"
#include "sockview/diag_attr.h"
#include "sockview/diag_parse.h"
#include "sockview/diag_netlink.h"

/* sk_state of a connected netlink socket (net/netlink/af_netlink.h). */
#define NL_CONNECTED 1

static uint32_t u32_at(const void *p, size_t i)
{
	uint32_t v;

	memcpy(&v, (const char *)p + 4 * i, 4);
	return v;
}

/* SK_MEMINFO_RMEM_ALLOC and SK_MEMINFO_WMEM_ALLOC (words 0 and 2): ss's
 * Recv-Q and Send-Q of a netlink socket. */
static void store_meminfo(struct sv_sock *s, const void *p, uint16_t len)
{
	s->rqueue = u32_at(p, 0);
	s->wqueue = u32_at(p, 2);
	s->skmem = p;
	s->skmem_len = (uint16_t)(len / 4);
	s->have |= SV_HAVE_SKMEM;
}

static void store_groups(struct sv_sock *s, const void *p, uint16_t len)
{
	s->nl.groups = len ? p : NULL;
	s->nl.groups_len = len;
	s->nl.groups32 = 0;
	for (unsigned int g = 1; g <= 32; g++)
		if (sv_diag_netlink_in_group(p, len, g))
			s->nl.groups32 |= 1u << (g - 1);
}

static void store_flags(struct sv_sock *s, const void *p, uint16_t len)
{
	s->nl.nflags = u32_at(p, 0);
}

static const struct sv_diag_attr netlink_policy[] = {
	{ NETLINK_DIAG_MEMINFO, 3 * 4, store_meminfo },
	{ NETLINK_DIAG_GROUPS, 0, store_groups },
	{ NETLINK_DIAG_FLAGS, 4, store_flags },
};

/* See diag_netlink.h. The bitmap is the kernel's: unsigned longs in host
 * order, group n at bit n - 1; a trailing partial word is not read. */
bool sv_diag_netlink_in_group(const void *bitmap, size_t len, unsigned int group)
{
	const size_t wbits = sizeof(unsigned long) * CHAR_BIT;
	unsigned long w;
	size_t word;

	if (group == 0 || !bitmap)
		return false;
	word = (group - 1) / wbits;
	if (word >= len / sizeof(w))
		return false;
	memcpy(&w, (const char *)bitmap + word * sizeof(w), sizeof(w));
	return (w >> ((group - 1) % wbits)) & 1;
}

/* See diag_parse.h. Every protocol, with the groups and the memory (the
 * queues), as ss asks. */
int sv_diag_netlink_request(void *buf, size_t len, const struct sv_dump_req *rq,
			    uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct netlink_diag_req *req;

	if (rq->bytecode || rq->bclen)
		return -EINVAL;
	req = sv_diag_request_start(buf, len, sizeof(*req), seq, &nlh);
	if (!req)
		return -E2BIG;
	req->sdiag_family = AF_NETLINK;
	req->sdiag_protocol = NDIAG_PROTO_ALL;
	req->ndiag_show = NDIAG_SHOW_GROUPS | NDIAG_SHOW_MEMINFO;
	return (int)nlh->nlmsg_len;
}

/* See diag_parse.h. */
int sv_diag_netlink_parse(const struct nlmsghdr *nlh, enum sv_table table,
			  struct sv_sock *s)
{
	const struct netlink_diag_msg *m;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return -EBADMSG;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->ndiag_family != AF_NETLINK)
		return -EBADMSG;
	memset(s, 0, sizeof(*s));
	s->family = AF_NETLINK;
	s->table = SV_TABLE_NETLINK;
	s->state = SV_STATE_CLOSE; /* as ss: every netlink socket is UNCONN */
	s->nl.protocol = m->ndiag_protocol;
	s->nl.connected = m->ndiag_state == NL_CONNECTED;
	s->nl.portid = m->ndiag_portid;
	s->nl.dst_portid = m->ndiag_dst_portid;
	s->nl.dst_group = m->ndiag_dst_group;
	s->inode = m->ndiag_ino;
	s->cookie = (uint64_t)m->ndiag_cookie[0] | ((uint64_t)m->ndiag_cookie[1] << 32);
	return sv_diag_attr_walk(nlh, sizeof(*m), netlink_policy,
				 sizeof(netlink_policy) / sizeof(netlink_policy[0]), s);
}
