/* events.c - the kernel's destroy events (-E) as a source: a sock_diag
 * socket that joins the groups of the wanted tables and families and
 * receives what they announce; no parsing (events_parse.c). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "sockview/events.h"
#include "sockview/tables.h"

struct sv_events {
	struct mnl_socket *sock;
	struct sv_events_opts o;
};

/* A bigger receive queue, so that a burst of closes is not lost: as root
 * past net.core.rmem_max, else up to it. Best effort. */
static void grow_queue(struct mnl_socket *sock, int bytes)
{
	int fd = mnl_socket_get_fd(sock);

	if (bytes <= 0)
		return;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

/* See events.h. */
int sv_events_open(const struct sv_events_opts *o, struct sv_events **out)
{
	struct sv_events *ev = calloc(1, sizeof(*ev));
	int err;

	if (!ev)
		return -ENOMEM;
	ev->o = *o;
	ev->sock = mnl_socket_open(NETLINK_SOCK_DIAG);
	if (!ev->sock) {
		err = -errno;
		free(ev);
		return err;
	}
	if (mnl_socket_bind(ev->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		sv_events_close(ev);
		return err;
	}
	grow_queue(ev->sock, o->rcvbuf);
	*out = ev;
	return 0;
}

/* Join the group of req's table and family. */
static int source_request(void *ctx, const struct sv_dump_req *req)
{
	struct sv_events *ev = ctx;
	int group = sv_tables_event_group(req->table, req->family);

	if (!group)
		return -EOPNOTSUPP;
	if (mnl_socket_setsockopt(ev->sock, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0)
		return -errno;
	return 0;
}

/* Wait for the socket, the stop descriptor or the output's reader: 1 when
 * the socket has messages, 0 to stop, -EPIPE, or a negative errno. */
static int wait_events(const struct sv_events *ev)
{
	struct pollfd p[3] = {
		{ .fd = mnl_socket_get_fd(ev->sock), .events = POLLIN },
		{ .fd = ev->o.stop_fd, .events = POLLIN },
		{ .fd = ev->o.out_fd, .events = 0 }, /* only POLLERR, POLLHUP */
	};

	for (;;) {
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (p[1].revents)
			return 0;
		if (p[2].revents & (POLLERR | POLLHUP))
			return -EPIPE;
		if (p[0].revents)
			return 1;
	}
}

/* The next messages (one event each, as the kernel multicasts them). */
static ssize_t source_recv(void *ctx, void *buf, size_t len)
{
	struct sv_events *ev = ctx;

	for (;;) {
		int ready = wait_events(ev);
		ssize_t n;

		if (ready <= 0)
			return ready;
		n = recv(mnl_socket_get_fd(ev->sock), buf, len, MSG_DONTWAIT);
		if (n >= 0)
			return n;
		/* woken for nothing (EAGAIN) or by a signal: wait again */
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
	}
}

/* See events.h. */
struct sv_source sv_events_source(struct sv_events *ev)
{
	return (struct sv_source){
		.request = source_request,
		.recv = source_recv,
		.ctx = ev,
		.kernel = true,
		.host = true,
	};
}

/* See events.h. */
int sv_events_drops(const struct sv_events *ev, uint64_t *n)
{
	uint32_t mem[SK_MEMINFO_VARS] = { 0 };
	socklen_t len = sizeof(mem);

	if (getsockopt(mnl_socket_get_fd(ev->sock), SOL_SOCKET, SO_MEMINFO, mem, &len) < 0)
		return -errno;
	if (len <= SK_MEMINFO_DROPS * sizeof(mem[0]))
		return -EOPNOTSUPP;
	*n = mem[SK_MEMINFO_DROPS];
	return 0;
}

/* See events.h. */
void sv_events_close(struct sv_events *ev)
{
	if (!ev)
		return;
	if (ev->sock)
		mnl_socket_close(ev->sock);
	free(ev);
}
