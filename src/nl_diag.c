/* nl_diag.c - live sock_diag over a libmnl netlink socket: requests and
 * receive; no parsing. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "sockview/nl_diag.h"
#include "sockview/tables.h"
#include "sockview/dumpfile.h"

struct sv_nl {
	struct mnl_socket *sock;
};

/* See nl_diag.h. */
int sv_nl_open(struct sv_nl **out)
{
	struct sv_nl *nl = calloc(1, sizeof(*nl));
	int err;

	if (!nl)
		return -ENOMEM;
	nl->sock = mnl_socket_open(NETLINK_SOCK_DIAG);
	if (!nl->sock) {
		err = -errno;
		free(nl);
		return err;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		mnl_socket_close(nl->sock);
		free(nl);
		return err;
	}
	*out = nl;
	return 0;
}

/* See nl_diag.h. */
int sv_nl_request_inet(struct sv_nl *nl, const struct sv_dump_req *rq)
{
	char buf[NLMSG_HDRLEN + sizeof(struct inet_diag_req_v2) + 65536 + 64];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct inet_diag_req_v2 *req;

	if (rq->bclen > 65535 - MNL_ATTR_HDRLEN)
		return -E2BIG;
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	/* the kernel copies seq into every reply: it names the part in -D files */
	nlh->nlmsg_seq = sv_dumpfile_seq(rq->kind, rq->table, rq->family);
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (uint8_t)rq->family;
	req->sdiag_protocol = sv_tables_get(rq->table)->ipproto;
	req->idiag_states = rq->states;
	if (rq->bytecode && rq->bclen)
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, rq->bclen, rq->bytecode);
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return 0;
}

/* See nl_diag.h. */
ssize_t sv_nl_recv(struct sv_nl *nl, void *buf, size_t len)
{
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, buf, len);

		if (n >= 0)
			return n;
		if (errno != EINTR)
			return -errno;
	}
}

static int source_request(void *ctx, const struct sv_dump_req *req)
{
	return sv_nl_request_inet(ctx, req);
}

static ssize_t source_recv(void *ctx, void *buf, size_t len)
{
	return sv_nl_recv(ctx, buf, len);
}

/* See nl_diag.h. */
struct sv_source sv_nl_source(struct sv_nl *nl)
{
	return (struct sv_source){
		.request = source_request,
		.recv = source_recv,
		.ctx = nl,
		.kernel = true,
	};
}

/* See nl_diag.h. */
void sv_nl_close(struct sv_nl *nl)
{
	if (!nl)
		return;
	mnl_socket_close(nl->sock);
	free(nl);
}
