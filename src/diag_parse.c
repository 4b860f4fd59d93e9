/* diag_parse.c - pure parser: sock_diag netlink messages into sv_sock records. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "sockview/diag_parse.h"

struct attr_state {
	struct sv_sock *s;
	int bad; /* set when an attribute we read has the wrong length */
};

static void set_err(char *err, size_t errlen, const char *what, size_t off)
{
	if (err && errlen)
		snprintf(err, errlen, "%s at byte %zu", what, off);
}

/* mnl_attr_parse callback: the attributes a listing needs. */
static int attr_cb(const struct nlattr *a, void *data)
{
	struct attr_state *st = data;
	uint16_t plen = mnl_attr_get_payload_len(a);

	switch (mnl_attr_get_type(a)) {
	case INET_DIAG_SKV6ONLY:
		if (plen < 1)
			goto bad;
		st->s->v6only = *(const uint8_t *)mnl_attr_get_payload(a) != 0;
		break;
	case INET_DIAG_MARK:
		if (plen < 4)
			goto bad;
		st->s->mark = mnl_attr_get_u32(a);
		st->s->has_mark = true;
		break;
	case INET_DIAG_CGROUP_ID:
		if (plen < 8)
			goto bad;
		memcpy(&st->s->cgroup_id, mnl_attr_get_payload(a), 8);
		st->s->has_cgroup = true;
		break;
	default: /* unknown or not needed: skipped */
		break;
	}
	return MNL_CB_OK;
bad:
	st->bad = 1;
	return MNL_CB_ERROR;
}

/* Walk the attributes after the fixed header. Unlike mnl_attr_parse, a
 * truncated attribute (length past the end of the message) is an error, not
 * the silent end of the list. */
static int parse_attrs(const struct nlmsghdr *nlh, size_t hdrlen,
		       struct attr_state *st)
{
	const struct nlattr *a = mnl_nlmsg_get_payload_offset(nlh, hdrlen);
	/* the message's own length, not its padded length: the last message of
	 * a buffer may come without padding */
	const char *tail = (const char *)nlh + nlh->nlmsg_len;
	int rem = (int)(tail - (const char *)a);

	while (mnl_attr_ok(a, rem)) {
		if (attr_cb(a, st) != MNL_CB_OK || st->bad)
			return -EBADMSG;
		rem -= MNL_ALIGN(a->nla_len);
		a = mnl_attr_next(a);
	}
	return rem >= (int)sizeof(struct nlattr) ? -EBADMSG : 0;
}

/* Fill *s from one inet_diag_msg and its attributes. */
static int parse_msg(const struct nlmsghdr *nlh, enum sv_table table,
		     struct sv_sock *s)
{
	const struct inet_diag_msg *m;
	struct attr_state st = { .s = s };

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
	return parse_attrs(nlh, sizeof(*m), &st);
}

/* NLMSG_ERROR: the errno it carries (a zero error is an ACK: no error).
 * The kernel sends a negative errno; anything else is no error message. */
static int parse_error(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return -EBADMSG;
	e = mnl_nlmsg_get_payload(nlh);
	if (e->error == 0)
		return 0;
	if (e->error < -4095 || e->error > 0) /* not a negative errno */
		return -EBADMSG;
	return e->error;
}

/* NLMSG_DONE may carry the error that cut the dump short (an int, negative
 * errno); 0 or no payload is a complete dump. */
static int parse_done(const struct nlmsghdr *nlh)
{
	int v;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(v))
		return 0;
	memcpy(&v, mnl_nlmsg_get_payload(nlh), sizeof(v));
	if (v >= 0)
		return 0;
	return v < -4095 ? -EBADMSG : v;
}

/* What one message said: go on, the dump is done, or an error. */
enum { MSG_ON = 0, MSG_DONE = 1 };

/* One message at offset off of the buffer (base: the buffer's own offset,
 * for messages). */
static int parse_one(const struct nlmsghdr *nlh, size_t off, size_t base,
		     enum sv_table table, sv_diag_cb cb, void *data, char *err,
		     size_t errlen)
{
	struct sv_sock s;
	int ret;

	switch (nlh->nlmsg_type) {
	case NLMSG_DONE:
		ret = parse_done(nlh);
		if (ret < 0)
			set_err(err, errlen, ret == -EBADMSG ? "malformed NLMSG_DONE"
				: "the kernel ended the dump with an error", base + off);
		return ret < 0 ? ret : MSG_DONE;
	case NLMSG_ERROR:
		ret = parse_error(nlh);
		if (ret == -EBADMSG)
			set_err(err, errlen, "malformed error message", base + off);
		return ret < 0 ? ret : MSG_ON;
	case SOCK_DIAG_BY_FAMILY:
		if (parse_msg(nlh, table, &s) < 0) {
			set_err(err, errlen, "malformed socket message", base + off);
			return -EBADMSG;
		}
		ret = cb(&s, data);
		return ret < 0 ? ret : MSG_ON;
	default: /* NLMSG_NOOP, NLMSG_OVERRUN or foreign types: skipped */
		return MSG_ON;
	}
}

/* See diag_parse.h. */
int sv_diag_parse_inet_at(const void *buf, size_t len, size_t base,
			  enum sv_table table, sv_diag_cb cb, void *data,
			  size_t *used, bool *interrupted, char *err, size_t errlen)
{
	const struct nlmsghdr *nlh = buf;
	int rem = len > (size_t)INT32_MAX ? INT32_MAX : (int)len;

	*used = 0;
	/* mnl_nlmsg_ok compares (int)nlmsg_len, so a length >= 2^31 would pass
	 * it: check the unsigned length too. */
	while (mnl_nlmsg_ok(nlh, rem) && nlh->nlmsg_len <= (uint32_t)rem) {
		size_t off = (size_t)((const char *)nlh - (const char *)buf);
		int ret;

		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			*interrupted = true;
		ret = parse_one(nlh, off, base, table, cb, data, err, errlen);
		if (ret < 0) {
			*used = off;
			return ret;
		}
		if (ret == MSG_DONE) {
			*used = off + NLMSG_ALIGN(nlh->nlmsg_len);
			if (*used > len)
				*used = len;
			return SV_DIAG_DONE;
		}
		nlh = mnl_nlmsg_next(nlh, &rem);
	}
	if (rem < 0) /* the last message's padding was not in the buffer */
		rem = 0;
	*used = len - (size_t)rem;
	if (rem > 0) {
		set_err(err, errlen, "truncated message", base + *used);
		return -EBADMSG;
	}
	return SV_DIAG_MORE;
}

/* See diag_parse.h. */
int sv_diag_parse_inet(const void *buf, size_t len, enum sv_table table,
		       sv_diag_cb cb, void *data, size_t *used,
		       bool *interrupted, char *err, size_t errlen)
{
	return sv_diag_parse_inet_at(buf, len, 0, table, cb, data, used,
				     interrupted, err, errlen);
}
