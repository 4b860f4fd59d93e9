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

#include "sockview/destroy.h"
#include "sockview/nl_diag.h"
#include "sockview/tables.h"
#include "sockview/dumpfile.h"

struct sv_nl {
	struct mnl_socket *sock;
	uint32_t seq; /* the last SOCK_DESTROY request's */
};

/* See nl_diag.h. */
int sv_nl_diag_open(struct sv_nl **out)
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

/* See nl_diag.h. The table's builder makes the message; this sends it. */
int sv_nl_diag_request(struct sv_nl *nl, const struct sv_dump_req *rq)
{
	char buf[NLMSG_HDRLEN + 256 + 65536];
	const struct sv_table_desc *d = sv_tables_get(rq->table);
	/* the kernel copies seq into every reply: it names the part in -D files */
	int n = d && d->request ? d->request(buf, sizeof(buf), rq,
					     sv_dumpfile_seq(rq->kind, rq->table, rq->family))
				: -EPROTONOSUPPORT;

	if (n < 0)
		return n;
	if (mnl_socket_sendto(nl->sock, buf, (size_t)n) < 0)
		return -errno;
	return 0;
}

/* See nl_diag.h. */
ssize_t sv_nl_diag_recv(struct sv_nl *nl, void *buf, size_t len)
{
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, buf, len);

		if (n >= 0)
			return n;
		if (errno != EINTR)
			return -errno;
	}
}

/* See nl_diag.h. The request and its answer are destroy.c's. */
int sv_nl_diag_destroy(struct sv_nl *nl, const struct sv_sock *s)
{
	char buf[8192]; /* the answer echoes the 72-byte request */
	int n, ret = SV_DESTROY_MORE;

	if (++nl->seq == 0)
		nl->seq = 1;
	n = sv_destroy_request(buf, sizeof(buf), s, nl->seq);
	if (n < 0)
		return n;
	if (mnl_socket_sendto(nl->sock, buf, (size_t)n) < 0)
		return -errno;
	while (ret == SV_DESTROY_MORE) {
		ssize_t got = sv_nl_diag_recv(nl, buf, sizeof(buf));

		if (got < 0)
			return (int)got;
		if (got == 0)
			return -ECONNRESET;
		ret = sv_destroy_parse_answer(buf, (size_t)got, nl->seq);
	}
	return ret;
}

static int source_request(void *ctx, const struct sv_dump_req *req)
{
	return sv_nl_diag_request(ctx, req);
}

static ssize_t source_recv(void *ctx, void *buf, size_t len)
{
	return sv_nl_diag_recv(ctx, buf, len);
}

static int source_open_side(void *ctx, struct sv_source *side);
static void source_close_side(struct sv_source *side);

/* See nl_diag.h. */
struct sv_source sv_nl_diag_source(struct sv_nl *nl)
{
	return (struct sv_source){
		.request = source_request,
		.recv = source_recv,
		.ctx = nl,
		.kernel = true,
		.both_families = true,
		.host = true,
		.open_side = source_open_side,
		.close_side = source_close_side,
	};
}

/* A socket of its own, in the network namespace this one was opened in
 * (the caller's: sockview does not switch after opening). */
static int source_open_side(void *ctx, struct sv_source *side)
{
	struct sv_nl *nl = NULL;
	int ret = sv_nl_diag_open(&nl);

	(void)ctx;
	if (ret == 0)
		*side = sv_nl_diag_source(nl);
	return ret;
}

static void source_close_side(struct sv_source *side)
{
	sv_nl_diag_close(side->ctx);
}

/* See nl_diag.h. */
void sv_nl_diag_close(struct sv_nl *nl)
{
	if (!nl)
		return;
	mnl_socket_close(nl->sock);
	free(nl);
}
