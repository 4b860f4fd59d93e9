/* localaddr.c - this network namespace's own addresses: an RTM_GETADDR dump
 * over libmnl (I/O), a pure parser of its messages, and the set. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "sockview/grow.h"
#include "sockview/localaddr.h"

static int addr_cmp(const struct sv_localaddr *a, uint8_t family, const uint8_t *addr)
{
	if (a->family != family)
		return a->family < family ? -1 : 1;
	return memcmp(a->addr, addr, family == AF_INET ? 4 : 16);
}

/* The index where (family, addr) is or would go. */
static size_t find(const struct sv_localaddrs *set, uint8_t family, const uint8_t *addr)
{
	size_t lo = 0, hi = set->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr_cmp(&set->v[mid], family, addr) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* See localaddr.h. */
int sv_localaddr_add(struct sv_localaddrs *set, uint8_t family, const uint8_t *addr)
{
	size_t i = find(set, family, addr);

	if (i < set->n && addr_cmp(&set->v[i], family, addr) == 0)
		return 0;
	if (sv_grow((void **)&set->v, &set->cap, set->n + 1, sizeof(*set->v), 16) < 0)
		return -ENOMEM;
	memmove(set->v + i + 1, set->v + i, (set->n - i) * sizeof(*set->v));
	memset(&set->v[i], 0, sizeof(set->v[i]));
	set->v[i].family = family;
	memcpy(set->v[i].addr, addr, family == AF_INET ? 4 : 16);
	set->n++;
	return 0;
}

/* See localaddr.h. */
bool sv_localaddr_is_local(const struct sv_localaddrs *set, uint8_t family,
			   const uint8_t *addr)
{
	static const uint8_t one6[16] = { [15] = 1 };
	size_t i;

	if (family == AF_INET && addr[0] == 127)
		return true;
	if (family == AF_INET6 && memcmp(addr, one6, 16) == 0)
		return true;
	if (!set || (family != AF_INET && family != AF_INET6))
		return false;
	i = find(set, family, addr);
	return i < set->n && addr_cmp(&set->v[i], family, addr) == 0;
}

/* One RTM_NEWADDR message: its IFA_LOCAL, else IFA_ADDRESS. */
static int parse_addr(const struct nlmsghdr *nlh, struct sv_localaddrs *set)
{
	const struct ifaddrmsg *ifa;
	const struct nlattr *a, *local = NULL, *address = NULL;
	size_t want;
	int rem;

	if (mnl_nlmsg_get_payload_len(nlh) < MNL_ALIGN(sizeof(*ifa)))
		return -EBADMSG;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return 0;
	want = ifa->ifa_family == AF_INET ? 4 : 16;
	/* bounded by the message's own length, not its padded one (libmnl's
	 * mnl_attr_for_each): the last message of a buffer may lack padding */
	rem = (int)(nlh->nlmsg_len - MNL_NLMSG_HDRLEN - MNL_ALIGN(sizeof(*ifa)));
	for (a = mnl_nlmsg_get_payload_offset(nlh, sizeof(*ifa)); mnl_attr_ok(a, rem);
	     rem -= MNL_ALIGN(a->nla_len), a = mnl_attr_next(a)) {
		if (mnl_attr_get_type(a) == IFA_LOCAL)
			local = a;
		else if (mnl_attr_get_type(a) == IFA_ADDRESS)
			address = a;
	}
	a = local ? local : address;
	if (!a)
		return 0;
	if (mnl_attr_get_payload_len(a) != want)
		return -EBADMSG;
	return sv_localaddr_add(set, ifa->ifa_family, mnl_attr_get_payload(a));
}

/* See localaddr.h. */
int sv_localaddr_parse(const void *buf, size_t len, struct sv_localaddrs *set,
		       char *err, size_t errlen)
{
	const struct nlmsghdr *nlh = buf;
	int rem = len > (size_t)INT32_MAX ? INT32_MAX : (int)len, ret;

	while (mnl_nlmsg_ok(nlh, rem) && nlh->nlmsg_len <= (uint32_t)rem) {
		size_t off = (size_t)((const char *)nlh - (const char *)buf);

		switch (nlh->nlmsg_type) {
		case NLMSG_DONE:
			return 1;
		case NLMSG_ERROR:
			if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct nlmsgerr)) {
				snprintf(err, errlen, "malformed error message at byte %zu", off);
				return -EBADMSG;
			}
			ret = ((const struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->error;
			if (ret < -4095 || ret > 0) {
				snprintf(err, errlen, "malformed error message at byte %zu", off);
				return -EBADMSG;
			}
			if (ret < 0) {
				snprintf(err, errlen, "the kernel answered with an error at byte "
					 "%zu: %s", off, strerror(-ret));
				return ret;
			}
			break;
		case RTM_NEWADDR:
			ret = parse_addr(nlh, set);
			if (ret == -EBADMSG)
				snprintf(err, errlen, "malformed address message at byte %zu", off);
			if (ret < 0)
				return ret;
			break;
		default:
			break;
		}
		nlh = mnl_nlmsg_next(nlh, &rem);
	}
	if (rem > 0) {
		snprintf(err, errlen, "truncated message at byte %zu", len - (size_t)rem);
		return -EBADMSG;
	}
	return 0;
}

/* Send the dump request and parse the replies until NLMSG_DONE. */
static int dump_addrs(struct mnl_socket *nl, struct sv_localaddrs *set, char *buf,
		      char *err, size_t errlen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	int ret;

	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = (uint32_t)time(NULL);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		snprintf(err, errlen, "cannot ask for this host's addresses: %s", strerror(errno));
		return -errno;
	}
	do {
		ssize_t n = mnl_socket_recvfrom(nl, buf, MNL_SOCKET_BUFFER_SIZE);
		char why[200] = "";

		if (n <= 0) {
			ret = n < 0 ? -errno : -EBADMSG;
			snprintf(err, errlen, "receiving this host's addresses: %s", strerror(-ret));
			return ret;
		}
		ret = sv_localaddr_parse(buf, (size_t)n, set, why, sizeof(why));
		if (ret < 0)
			snprintf(err, errlen, "reading this host's addresses: %s",
				 why[0] ? why : strerror(-ret));
	} while (ret == 0);
	return ret < 0 ? ret : 0;
}

/* See localaddr.h. */
int sv_localaddr_read(struct sv_localaddrs *set, char *err, size_t errlen)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	char *buf = malloc(MNL_SOCKET_BUFFER_SIZE);
	int ret;

	if (!nl || !buf) {
		ret = !buf ? -ENOMEM : -errno;
		snprintf(err, errlen, "cannot open a netlink route socket: %s", strerror(-ret));
		free(buf);
		if (nl)
			mnl_socket_close(nl);
		return ret;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot bind a netlink route socket: %s", strerror(-ret));
	} else {
		ret = dump_addrs(nl, set, buf, err, errlen);
	}
	mnl_socket_close(nl);
	free(buf);
	return ret;
}

/* See localaddr.h. */
void sv_localaddr_free(struct sv_localaddrs *set)
{
	free(set->v);
	set->v = NULL;
	set->n = set->cap = 0;
}
