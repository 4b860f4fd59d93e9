/* events_parse.c - pure parser of the kernel's destroy events (-E): each
 * message's table from its INET_DIAG_PROTOCOL attribute, then that table's
 * payload parser, the one that reads dumps. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "sockview/diag_attr.h"
#include "sockview/events.h"
#include "sockview/tables.h"

/* The IP protocol an event names (INET_DIAG_PROTOCOL), -1 when it names
 * none, or -EBADMSG for a short message or attributes that run past it. */
static int event_protocol(const struct nlmsghdr *nlh)
{
	static const struct sv_diag_attr pol[] = { { INET_DIAG_PROTOCOL, 1, NULL } };
	const size_t head = NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct inet_diag_msg));
	const struct nlattr *tb[INET_DIAG_PROTOCOL + 1];

	if (nlh->nlmsg_len < head)
		return -EBADMSG;
	if (sv_diag_attr_index((const char *)nlh + head, nlh->nlmsg_len - head, pol, 1, tb,
			       INET_DIAG_PROTOCOL + 1) < 0)
		return -EBADMSG;
	return tb[INET_DIAG_PROTOCOL] ?
	       *(const uint8_t *)mnl_attr_get_payload(tb[INET_DIAG_PROTOCOL]) : -1;
}

/* One SOCK_DIAG_BY_FAMILY message: 1 when it is skipped, 0 or what cb
 * returned, or -EBADMSG. */
static int parse_event(const struct nlmsghdr *nlh, sv_diag_cb cb, void *data)
{
	const struct sv_table_desc *d;
	struct sv_sock s;
	int proto = event_protocol(nlh), t;

	if (proto == -EBADMSG)
		return -EBADMSG;
	t = proto < 0 ? -1 : sv_tables_of_ipproto((uint16_t)proto);
	d = t < 0 ? NULL : sv_tables_get((enum sv_table)t);
	if (!d || !d->parse || !d->event_groups[0])
		return 1;
	if (d->parse(nlh, (enum sv_table)t, &s) < 0)
		return -EBADMSG;
	s.have |= SV_FROM_EVENT;
	return cb(&s, data);
}

/* See events.h. */
int sv_events_parse(const void *buf, size_t len, sv_diag_cb cb, void *data,
		    size_t *skipped, char *err, size_t errlen)
{
	const struct nlmsghdr *nlh = buf;
	int rem = len > (size_t)INT32_MAX ? INT32_MAX : (int)len;

	if (err && errlen)
		err[0] = '\0';
	/* mnl_nlmsg_ok compares (int)nlmsg_len: check the unsigned one too */
	while (mnl_nlmsg_ok(nlh, rem) && nlh->nlmsg_len <= (uint32_t)rem) {
		size_t off = (size_t)((const char *)nlh - (const char *)buf);
		int ret = 1;

		if (nlh->nlmsg_type == SOCK_DIAG_BY_FAMILY)
			ret = parse_event(nlh, cb, data);
		if (ret == -EBADMSG && err && errlen)
			snprintf(err, errlen, "malformed destroy event at byte %zu", off);
		if (ret < 0)
			return ret;
		if (ret == 1 && skipped)
			(*skipped)++;
		nlh = mnl_nlmsg_next(nlh, &rem);
	}
	if (rem > 0) {
		if (err && errlen)
			snprintf(err, errlen, "truncated destroy event at byte %zu", len - (size_t)rem);
		return -EBADMSG;
	}
	return 0;
}
