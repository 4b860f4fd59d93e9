/* nlproto.c - names of netlink protocols: ss's (its Local Address column
 * and filter), and the kernel's (sockview's Service column). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sockview/nlproto.h"

/* iproute2's built-in names (lib/rt_names.c), which its nl_protos file
 * repeats; sockview does not read that file. */
static const char *const ss_names[] = {
	[0] = "rtnl", [1] = "unused", [2] = "usersock", [3] = "fw",
	[4] = "tcpdiag", [5] = "nflog", [6] = "xfrm", [7] = "selinux",
	[8] = "iscsi", [9] = "audit", [10] = "fiblookup", [11] = "connector",
	[12] = "nft", [13] = "ip6fw", [14] = "dec-rt", [15] = "uevent",
	[16] = "genl", [18] = "scsi-trans", [19] = "ecryptfs", [20] = "rdma",
	[21] = "crypto",
};

/* include/uapi/linux/netlink.h, NETLINK_* without the prefix. */
static const char *const families[] = {
	[0] = "route", [1] = "unused", [2] = "usersock", [3] = "firewall",
	[4] = "sock_diag", [5] = "nflog", [6] = "xfrm", [7] = "selinux",
	[8] = "iscsi", [9] = "audit", [10] = "fib_lookup", [11] = "connector",
	[12] = "netfilter", [13] = "ip6_fw", [14] = "dnrtmsg",
	[15] = "kobject_uevent", [16] = "generic", [18] = "scsitransport",
	[19] = "ecryptfs", [20] = "rdma", [21] = "crypto", [22] = "smc",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* See nlproto.h. */
const char *sv_nlproto_ss_name(uint8_t proto)
{
	return proto < N(ss_names) ? ss_names[proto] : NULL;
}

/* See nlproto.h. */
const char *sv_nlproto_family(uint8_t proto)
{
	return proto < N(families) ? families[proto] : NULL;
}

/* See nlproto.h. */
bool sv_nlproto_is_family(const char *w)
{
	for (size_t i = 0; i < N(families); i++)
		if (families[i] && strcasecmp(families[i], w) == 0)
			return true;
	return false;
}

/* See nlproto.h. */
bool sv_nlproto_parse(const char *w, uint8_t *proto)
{
	unsigned long v;
	char *end;

	for (size_t i = 0; i < N(ss_names); i++) {
		if (ss_names[i] && strcmp(ss_names[i], w) == 0) {
			*proto = (uint8_t)i;
			return true;
		}
	}
	if (*w < '0' || *w > '9')
		return false;
	errno = 0;
	v = strtoul(w, &end, 0);
	if (errno || *end || v > 255)
		return false;
	*proto = (uint8_t)v;
	return true;
}
