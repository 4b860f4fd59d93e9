/* diag_vsock.c - vsock_diag: the dump request and the payload of its
 * messages (struct vsock_diag_msg) into a record. Pure: no I/O. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/vm_sockets_diag.h>

#include "sockview/collect.h"
#include "sockview/diag_misc.h"

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

/* See diag_misc.h. */
int sv_diag_vsock_request(void *buf, size_t len, const struct sv_dump_req *rq,
			  uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct vsock_diag_req *req;

	req = sv_diag_request_start(buf, len, sizeof(*req), seq, &nlh);
	if (!req)
		return -E2BIG;
	req->sdiag_family = AF_VSOCK;
	req->vdiag_states = rq->states;
	return (int)nlh->nlmsg_len;
}

/* See diag_misc.h. */
int sv_diag_vsock_parse(const struct nlmsghdr *nlh, enum sv_table table,
			struct sv_sock *s)
{
	const struct vsock_diag_msg *m;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return -EBADMSG;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->vdiag_family != AF_VSOCK)
		return -EBADMSG;
	if (m->vdiag_type != SOCK_STREAM && m->vdiag_type != SOCK_DGRAM)
		return -EBADMSG;
	memset(s, 0, sizeof(*s));
	s->table = m->vdiag_type == SOCK_STREAM ? SV_TABLE_VSOCK_STREAM
						: SV_TABLE_VSOCK_DGRAM;
	s->family = AF_VSOCK;
	s->state = m->vdiag_state < SV_STATE_MAX ? m->vdiag_state : SV_STATE_UNKNOWN;
	s->vs.src_cid = m->vdiag_src_cid;
	s->vs.src_port = m->vdiag_src_port;
	s->vs.dst_cid = m->vdiag_dst_cid;
	s->vs.dst_port = m->vdiag_dst_port;
	s->inode = m->vdiag_ino;
	s->cookie = (uint64_t)m->vdiag_cookie[0] | ((uint64_t)m->vdiag_cookie[1] << 32);
	return 0;
}
