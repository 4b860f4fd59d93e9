/* nlbuild.h - test helper: builds sock_diag (inet_diag) netlink buffers with
 * libmnl's builders, as the kernel would send them, plus the malformed ones
 * a live kernel rarely gives. Header-only (static inline) because CMake
 * builds each tests/test_*.c alone.
 *
 * Usage:
 *	struct nlb b;
 *	nlb_init(&b);
 *	nlb_sock(&b, &(struct nlb_sock){ .family = AF_INET, ... });
 *	struct nlmsghdr *nlh = nlb_sock_begin(&b, &spec);
 *	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
 *	nlb_end(&b, nlh);
 *	nlb_done(&b);
 *	parse(b.buf, b.len) ...
 */
#ifndef SOCKVIEW_TEST_NLBUILD_H
#define SOCKVIEW_TEST_NLBUILD_H

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "sockview/fileio.h"

#define NLB_MAX 16384
#define NLB_SEQ 4242u

/* A growing buffer of netlink messages. */
struct nlb {
	union {
		char buf[NLB_MAX];
		struct nlmsghdr align_; /* nlmsghdr alignment for the start */
	};
	size_t len;
};

/* What goes into one inet_diag_msg. Addresses are text ("10.0.0.1",
 * "::ffff:10.0.0.1"); NULL is the wildcard. Ports in host byte order. */
struct nlb_sock {
	uint8_t family; /* AF_INET (default when 0) or AF_INET6 */
	uint8_t state;
	uint8_t timer, retrans;
	uint16_t sport, dport;
	const char *src, *dst;
	uint32_t ifindex;
	uint64_t cookie;
	uint32_t expires, rqueue, wqueue, uid, inode;
	uint16_t flags; /* extra nlmsg_flags (NLM_F_DUMP_INTR) */
};

static inline void nlb_init(struct nlb *b)
{
	memset(b, 0, sizeof(*b));
}

/* Start a message of the given type at the end of the buffer. */
static inline struct nlmsghdr *nlb_begin(struct nlb *b, uint16_t type,
					 uint16_t flags)
{
	struct nlmsghdr *nlh;

	if (b->len + 4096 > NLB_MAX) {
		fprintf(stderr, "nlbuild: buffer full\n");
		abort();
	}
	nlh = mnl_nlmsg_put_header(b->buf + b->len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = NLB_SEQ;
	nlh->nlmsg_pid = 0;
	return nlh;
}

/* Close a message: the buffer grows by its aligned length. */
static inline void nlb_end(struct nlb *b, struct nlmsghdr *nlh)
{
	b->len = (size_t)((char *)nlh - b->buf) + NLMSG_ALIGN(nlh->nlmsg_len);
}

static inline void nlb_addr(uint8_t family, const char *text, uint32_t *out)
{
	memset(out, 0, 16);
	if (text && inet_pton(family, text, out) != 1) {
		fprintf(stderr, "nlbuild: bad address '%s'\n", text);
		abort();
	}
}

/* Fill an inet_diag_msg from a spec. */
static inline void nlb_fill_msg(struct inet_diag_msg *m,
				const struct nlb_sock *s)
{
	uint8_t family = s->family ? s->family : AF_INET;

	memset(m, 0, sizeof(*m));
	m->idiag_family = family;
	m->idiag_state = s->state;
	m->idiag_timer = s->timer;
	m->idiag_retrans = s->retrans;
	m->id.idiag_sport = htons(s->sport);
	m->id.idiag_dport = htons(s->dport);
	nlb_addr(family, s->src, m->id.idiag_src);
	nlb_addr(family, s->dst, m->id.idiag_dst);
	m->id.idiag_if = s->ifindex;
	m->id.idiag_cookie[0] = (uint32_t)s->cookie;
	m->id.idiag_cookie[1] = (uint32_t)(s->cookie >> 32);
	m->idiag_expires = s->expires;
	m->idiag_rqueue = s->rqueue;
	m->idiag_wqueue = s->wqueue;
	m->idiag_uid = s->uid;
	m->idiag_inode = s->inode;
}

/* Start a SOCK_DIAG_BY_FAMILY message; add attributes with mnl_attr_put*,
 * then nlb_end(). */
static inline struct nlmsghdr *nlb_sock_begin(struct nlb *b,
					      const struct nlb_sock *s)
{
	struct nlmsghdr *nlh = nlb_begin(b, SOCK_DIAG_BY_FAMILY,
					 (uint16_t)(NLM_F_MULTI | s->flags));
	struct inet_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));

	nlb_fill_msg(m, s);
	return nlh;
}

/* A complete socket message without attributes. */
static inline void nlb_sock(struct nlb *b, const struct nlb_sock *s)
{
	nlb_end(b, nlb_sock_begin(b, s));
}

/* NLMSG_DONE with its int payload (0), as the kernel ends a dump. */
static inline void nlb_done_flags(struct nlb *b, uint16_t flags)
{
	struct nlmsghdr *nlh = nlb_begin(b, NLMSG_DONE,
					 (uint16_t)(NLM_F_MULTI | flags));
	int *v = mnl_nlmsg_put_extra_header(nlh, sizeof(int));

	*v = 0;
	nlb_end(b, nlh);
}

static inline void nlb_done(struct nlb *b)
{
	nlb_done_flags(b, 0);
}

/* NLMSG_ERROR carrying error (negative errno, or 0 for an ACK) and a copy
 * of a request header. */
static inline void nlb_error(struct nlb *b, int error)
{
	struct nlmsghdr *nlh = nlb_begin(b, NLMSG_ERROR, 0);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = error;
	e->msg.nlmsg_len = sizeof(struct nlmsghdr) + sizeof(struct inet_diag_req_v2);
	e->msg.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	e->msg.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	e->msg.nlmsg_seq = NLB_SEQ;
	nlb_end(b, nlh);
}

/* Append raw bytes (garbage, a hand-made header). */
static inline void nlb_raw(struct nlb *b, const void *p, size_t n)
{
	if (b->len + n > NLB_MAX)
		abort();
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

/* Read a whole file (a recorded dump) into a malloc'ed buffer. Returns the
 * buffer (free it) and sets *len, or NULL. */
static inline void *nlb_load_file(const char *path, size_t *len)
{
	char *buf;

	return sv_fileio_read_all(path, &buf, len) == 0 ? buf : NULL;
}

/* An IPv4/IPv6 address as 16 bytes, for comparisons with sv_sock fields. */
static inline void nlb_addr16(uint8_t family, const char *text, uint8_t out[16])
{
	uint32_t a[4];

	nlb_addr(family, text, a);
	memcpy(out, a, 16);
}

#endif
