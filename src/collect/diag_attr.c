/* diag_attr.c - a sock_diag message's attributes against a policy table. */
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
