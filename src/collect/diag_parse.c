/* diag_parse.c - pure parser: the walk over a buffer of sock_diag messages
 * (NLMSG_DONE, NLMSG_ERROR, interrupted dumps), each socket message handed
 * to its table's payload parser (tables.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "sockview/diag_parse.h"
#include "sockview/tables.h"

static void set_err(char *err, size_t errlen, const char *what, size_t off)
{
	if (err && errlen)
		snprintf(err, errlen, "%s at byte %zu", what, off);
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
	const struct sv_table_desc *d = sv_tables_get(table);
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
	case TCPDIAG_GETSOCK: /* the answers to a dump of both families */
		if (!d || !d->parse || d->parse(nlh, table, &s) < 0) {
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

/* See diag_parse.h. */
void *sv_diag_request_start(void *buf, size_t len, size_t size, uint32_t seq,
			    struct nlmsghdr **nlh)
{
	if (len < MNL_ALIGN(NLMSG_HDRLEN + size))
		return NULL;
	*nlh = mnl_nlmsg_put_header(buf);
	(*nlh)->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	(*nlh)->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	(*nlh)->nlmsg_seq = seq;
	return mnl_nlmsg_put_extra_header(*nlh, size);
}
