/* destroy.c - pure: the SOCK_DESTROY request for one record (-K) and the
 * reading of the kernel's answer; nl_diag.c moves the bytes. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "sockview/destroy.h"
#include "sockview/tables.h"

/* See destroy.h. */
int sv_destroy_request(void *buf, size_t len, const struct sv_sock *s, uint32_t seq)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *nlh;

	if (!d || !d->closable || d->kind != SV_KIND_INET || (s->have & SV_FROM_PROCNET) ||
	    (s->family != AF_INET && s->family != AF_INET6))
		return -EOPNOTSUPP;
	if (len < SV_DESTROY_REQ_LEN)
		return -E2BIG;
	memset(buf, 0, SV_DESTROY_REQ_LEN);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DESTROY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = s->family;
	req->sdiag_protocol = (uint8_t)d->ipproto;
	/* raw_diag reads the socket's protocol from the pad byte (struct
	 * inet_diag_req_raw's sdiag_raw_protocol); a raw record's "port" is
	 * that protocol */
	if (d->ipproto == IPPROTO_RAW)
		req->pad = (uint8_t)s->lport;
	req->id.idiag_sport = htons(s->lport);
	req->id.idiag_dport = htons(s->rport);
	memcpy(req->id.idiag_src, s->laddr, sizeof(req->id.idiag_src));
	memcpy(req->id.idiag_dst, s->raddr, sizeof(req->id.idiag_dst));
	req->id.idiag_if = s->ifindex;
	req->id.idiag_cookie[0] = (uint32_t)s->cookie;
	req->id.idiag_cookie[1] = (uint32_t)(s->cookie >> 32);
	return (int)nlh->nlmsg_len;
}

/* The errno of an NLMSG_ERROR (0: an acknowledgement), or -EBADMSG. */
static int answer_of(const struct nlmsghdr *nlh)
{
	struct nlmsgerr e;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(e.error))
		return -EBADMSG;
	memcpy(&e.error, mnl_nlmsg_get_payload(nlh), sizeof(e.error));
	if (e.error > 0 || e.error < -4095)
		return -EBADMSG;
	return e.error;
}

/* See destroy.h. */
int sv_destroy_parse_answer(const void *buf, size_t len, uint32_t seq)
{
	const struct nlmsghdr *nlh = buf;
	int rem = len > (size_t)INT32_MAX ? INT32_MAX : (int)len;

	/* mnl_nlmsg_ok compares (int)nlmsg_len: check the unsigned one too */
	while (mnl_nlmsg_ok(nlh, rem) && nlh->nlmsg_len <= (uint32_t)rem) {
		if (nlh->nlmsg_seq == seq && nlh->nlmsg_type == NLMSG_ERROR)
			return answer_of(nlh);
		nlh = mnl_nlmsg_next(nlh, &rem);
	}
	return rem > 0 ? -EBADMSG : SV_DESTROY_MORE;
}
