/* diag_unix.c - the unix tables' dump request (struct unix_diag_req) and
 * the payload of a unix_diag message (struct unix_diag_msg and its
 * attributes) into a record. Pure: no I/O. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "sockview/collect.h"
#include "sockview/diag_attr.h"
#include "sockview/diag_parse.h"
#include "sockview/tables.h"
#include "sockview/unixname.h"

/* What every unix dump asks for: the name, the bound file, the peer, a
 * listener's pending connections, the queues and the owner. */
#define SHOW_ALWAYS (UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER |     \
		     UDIAG_SHOW_ICONS | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID)

/* See diag_parse.h. States and the request's tag as for every table; the
 * memory block (ss -m) when the request's extensions ask for inet's
 * INET_DIAG_SKMEMINFO. unix_diag runs no filter program: bytecode is not
 * sent (the listing filters in user space). */
int sv_diag_unix_request(void *buf, size_t len, const struct sv_dump_req *rq, uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct unix_diag_req *req;

	req = sv_diag_request_start(buf, len, sizeof(*req), seq, &nlh);
	if (!req)
		return -E2BIG;
	req->sdiag_family = AF_UNIX;
	req->udiag_states = rq->states;
	req->udiag_show = SHOW_ALWAYS;
	if (rq->ext & (1u << (INET_DIAG_SKMEMINFO - 1)))
		req->udiag_show |= UDIAG_SHOW_MEMINFO;
	return (int)nlh->nlmsg_len;
}

/* What store_name leaves for a name longer than sun_path can be: no name
 * and this length, which sv_diag_unix_parse refuses. */
#define NAME_OVERLONG UINT16_MAX

/* UNIX_DIAG_NAME: sun_path as bound. An abstract name starts with a NUL
 * and may hold more; a path ends at its first NUL (the kernel sends the
 * terminating one, after a path of all 108 bytes too). An empty name is
 * no name. */
static void store_name(struct sv_sock *s, const void *p, uint16_t len)
{
	const char *c = p;

	s->un.path = NULL;
	s->un.path_len = 0;
	s->un.abstract = false;
	if (len > SV_UNIXNAME_MAX)
		s->un.path_len = NAME_OVERLONG;
	if (len == 0 || len > SV_UNIXNAME_MAX)
		return;
	if (c[0] == '\0') {
		s->un.abstract = true;
		s->un.path = c + 1;
		s->un.path_len = (uint16_t)(len - 1);
		return;
	}
	s->un.path = c;
	s->un.path_len = (uint16_t)strnlen(c, len);
}

static void store_vfs(struct sv_sock *s, const void *p, uint16_t len)
{
	struct unix_diag_vfs v;

	memcpy(&v, p, sizeof(v));
	s->un.vfs_ino = v.udiag_vfs_ino;
	s->un.vfs_dev = v.udiag_vfs_dev;
	s->un.has_vfs = true;
}

static void store_peer(struct sv_sock *s, const void *p, uint16_t len)
{
	memcpy(&s->un.peer_ino, p, 4);
	s->un.has_peer = true;
}

/* A listener's accept queue: the inodes of the sockets that connected.
 * A length that is no multiple of 4 keeps its whole words, as ss. */
static void store_icons(struct sv_sock *s, const void *p, uint16_t len)
{
	s->un.icons = p;
	s->un.nicons = (uint16_t)(len / 4);
}

/* The queues: for a listener, its accept queue and backlog. */
static void store_rqlen(struct sv_sock *s, const void *p, uint16_t len)
{
	struct unix_diag_rqlen q;

	memcpy(&q, p, sizeof(q));
	s->rqueue = q.udiag_rqueue;
	s->wqueue = q.udiag_wqueue;
}

static void store_meminfo(struct sv_sock *s, const void *p, uint16_t len)
{
	s->skmem = p;
	s->skmem_len = (uint16_t)(len / 4);
	s->have |= SV_HAVE_SKMEM;
}

static void store_shutdown(struct sv_sock *s, const void *p, uint16_t len)
{
	s->shutdown = *(const uint8_t *)p & 3;
	s->have |= SV_HAVE_SHUTDOWN;
}

static void store_uid(struct sv_sock *s, const void *p, uint16_t len)
{
	memcpy(&s->uid, p, 4);
}

/* The attributes of a unix_diag message that sockview reads. */
static const struct sv_diag_attr unix_policy[] = {
	{ UNIX_DIAG_NAME, 0, store_name },
	{ UNIX_DIAG_VFS, sizeof(struct unix_diag_vfs), store_vfs },
	{ UNIX_DIAG_PEER, 4, store_peer },
	{ UNIX_DIAG_ICONS, 0, store_icons },
	{ UNIX_DIAG_RQLEN, sizeof(struct unix_diag_rqlen), store_rqlen },
	{ UNIX_DIAG_MEMINFO, 4, store_meminfo },
	{ UNIX_DIAG_SHUTDOWN, 1, store_shutdown },
	{ UNIX_DIAG_UID, 4, store_uid },
};

/* The table of a socket type, as ss names it: a type it does not know is
 * shown as u_dgr. */
static enum sv_table table_of_type(uint8_t type)
{
	switch (type) {
	case SOCK_STREAM: return SV_TABLE_UNIX_STREAM;
	case SOCK_SEQPACKET: return SV_TABLE_UNIX_SEQPACKET;
	default: return SV_TABLE_UNIX_DGRAM;
	}
}

/* See diag_parse.h. The record's table is the socket's type (one dump
 * holds the three unix tables), whatever table asked. A name longer than
 * sun_path (and the NUL the kernel adds to a path of 108 bytes) is
 * malformed. */
int sv_diag_unix_parse(const struct nlmsghdr *nlh, enum sv_table table,
		       struct sv_sock *s)
{
	const struct unix_diag_msg *m;
	int ret;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return -EBADMSG;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->udiag_family != AF_UNIX)
		return -EBADMSG;
	memset(s, 0, sizeof(*s));
	s->family = AF_UNIX;
	s->table = (uint8_t)table_of_type(m->udiag_type);
	s->state = m->udiag_state < SV_STATE_MAX ? m->udiag_state : SV_STATE_UNKNOWN;
	s->inode = m->udiag_ino;
	s->cookie = (uint64_t)m->udiag_cookie[0] | ((uint64_t)m->udiag_cookie[1] << 32);
	ret = sv_diag_attr_walk(nlh, sizeof(*m), unix_policy,
				sizeof(unix_policy) / sizeof(unix_policy[0]), s);
	if (ret == 0 && !s->un.path && s->un.path_len == NAME_OVERLONG)
		return -EBADMSG;
	return ret;
}
