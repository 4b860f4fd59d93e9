/* diag_attr.c - a sock_diag message's attributes (and nested ones)
 * against a policy table. */
#include <errno.h>

#include "sockview/diag_attr.h"

/* See diag_attr.h. */
int sv_diag_attr_walk(const struct nlmsghdr *nlh, size_t hdrlen,
		  const struct sv_diag_attr *pol, size_t npol, struct sv_sock *s)
{
	const struct nlattr *a = mnl_nlmsg_get_payload_offset(nlh, hdrlen);
	const char *tail = (const char *)nlh + nlh->nlmsg_len;
	int rem = (int)(tail - (const char *)a);

	while (mnl_attr_ok(a, rem)) {
		uint16_t type = mnl_attr_get_type(a), len = mnl_attr_get_payload_len(a);

		for (size_t i = 0; i < npol; i++) {
			if (pol[i].type != type)
				continue;
			if (len < pol[i].min_len)
				return -EBADMSG;
			pol[i].store(s, mnl_attr_get_payload(a), len);
			break;
		}
		rem -= MNL_ALIGN(a->nla_len);
		a = mnl_attr_next(a);
	}
	return rem >= (int)sizeof(struct nlattr) ? -EBADMSG : 0;
}

/* See diag_attr.h. */
int sv_diag_attr_index(const void *payload, size_t len, const struct sv_diag_attr *pol,
		       size_t npol, const struct nlattr **tb, uint16_t tbmax)
{
	const struct nlattr *a = payload;
	int rem = len > (size_t)INT32_MAX ? INT32_MAX : (int)len;

	for (uint16_t i = 0; i < tbmax; i++)
		tb[i] = NULL;
	while (mnl_attr_ok(a, rem)) {
		uint16_t type = mnl_attr_get_type(a), alen = mnl_attr_get_payload_len(a);

		for (size_t i = 0; i < npol; i++) {
			if (pol[i].type != type)
				continue;
			if (alen < pol[i].min_len)
				return -EBADMSG;
			if (type < tbmax)
				tb[type] = a;
			break;
		}
		rem -= MNL_ALIGN(a->nla_len);
		a = mnl_attr_next(a);
	}
	return rem >= (int)sizeof(struct nlattr) ? -EBADMSG : 0;
}
