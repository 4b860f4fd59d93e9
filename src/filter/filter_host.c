/* filter_host.c - src/dst conditions: a host word (family prefix, address,
 * prefix length, %DEV, port; host names resolved) into tree nodes. */
#include <arpa/inet.h>
#include <limits.h>
#include <net/if.h>
#include <netdb.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "filter_priv.h"

/* ---- the word ---- */

/* Read an IPv4 address of 1 to 4 dotted decimal parts into addr; fewer
 * than 4 parts ("10/8", "192.168/16") only when a prefix follows. */
static bool host_ipv4(const char *w, size_t len, bool partial, uint8_t *addr)
{
	size_t i = 0;
	int parts = 0;

	memset(addr, 0, 4);
	while (i < len && parts < 4) {
		size_t start = i;
		unsigned int v = 0;

		while (i < len && w[i] >= '0' && w[i] <= '9' && i - start < 3)
			v = v * 10 + (unsigned int)(w[i++] - '0');
		if (i == start || v > 255)
			return false;
		addr[parts++] = (uint8_t)v;
		if (i < len && w[i++] != '.')
			return false;
		if (i == len && w[i - 1] == '.')
			return false;
	}
	return i == len && (parts == 4 || (partial && parts > 0));
}

/* Read the prefix length text pfx (NULL: none, the full max). */
static bool host_prefix(const char *pfx, uint8_t max, uint8_t *plen)
{
	size_t len = pfx ? strlen(pfx) : 0;
	unsigned int v = 0;

	*plen = max;
	if (pfx == NULL)
		return true;
	if (len == 0 || len > 3 || !sv_filter_word_digits(pfx, len))
		return false;
	for (size_t i = 0; i < len; i++)
		v = v * 10 + (unsigned int)(pfx[i] - '0');
	*plen = (uint8_t)v;
	return v <= max;
}

/* Fill the address of out from the text a and prefix text pfx; w is the
 * whole word for messages. */
static bool host_addr(const char *w, const char *a, const char *pfx, bool v6,
		      struct sv_fhostword *out, struct sv_fwhy *why)
{
	struct sv_fnode *n = &out->node;
	size_t len = strlen(a);

	if (!v6 && (len == 0 || strcmp(a, "*") == 0)) {
		n->u.host.family = AF_UNSPEC;
		return !pfx || sv_filter_word_no(why, "invalid address", w, "");
	}
	if (v6 || strspn(a, "0123456789.") == len) {
		bool ok;

		n->u.host.family = v6 ? AF_INET6 : AF_INET;
		ok = v6 ? inet_pton(AF_INET6, a, n->u.host.addr) == 1
			: host_ipv4(a, len, pfx != NULL, n->u.host.addr);
		if (!ok)
			return sv_filter_word_no(why, "invalid address", w, "");
		return host_prefix(pfx, v6 ? 128 : 32, &n->u.host.plen) ||
		       sv_filter_word_no(why, "invalid prefix length in", w, "");
	}
	if (pfx != NULL || len >= sizeof(out->name))
		return sv_filter_word_no(why, "invalid address", w, "");
	out->is_name = true;
	memcpy(out->name, a, len + 1);
	return true;
}

/* Move *w past a family prefix ("inet:", "inet6:", in any case) and set
 * out->only. ss's other prefixes name tables sockview does not list ("link:"
 * and "netlink:" are filter_link.c's). */
static bool host_family(const char **w, struct sv_fhostword *out, struct sv_fwhy *why)
{
	static const struct {
		const char *prefix;
		uint8_t family;
		const char *post;
	} pf[] = {
		{ "inet:", AF_INET, NULL },
		{ "inet6:", AF_INET6, NULL },
		{ "vsock:", 0, " is for vsock sockets, whose addresses sockview does not filter yet" },
	};

	for (size_t i = 0; i < sizeof(pf) / sizeof(pf[0]); i++) {
		size_t len = strlen(pf[i].prefix);

		if (strncasecmp(*w, pf[i].prefix, len) != 0)
			continue;
		if (pf[i].family == 0)
			return sv_filter_word_no(why, "address", *w, pf[i].post);
		out->only = pf[i].family;
		*w += len;
		return true;
	}
	return true;
}

/* Copy w to a (room for sizeof(out->name)) without its "%DEV" (as printed:
 * after the address or ']', before the port), and look the device up. */
static bool host_dev(const char *whole, const char *w, char *a,
		     struct sv_fhostword *out, struct sv_fwhy *why)
{
	const char *pct = strchr(w, '%'), *dev, *end;
	size_t head = pct ? (size_t)(pct - w) : strlen(w), colons = 0;
	char name[IF_NAMESIZE + 1];
	struct sv_fnode n;
	struct sv_fwhy dw;

	if (strlen(w) >= sizeof(out->name))
		return sv_filter_word_no(why, "invalid address", whole, "");
	strcpy(a, w);
	if (pct == NULL)
		return true;
	for (size_t i = 0; i < head; i++)
		colons += w[i] == ':';
	dev = pct + 1;
	end = colons >= 2 && w[0] != '[' ? dev + strlen(dev) : dev + strcspn(dev, ":");
	if (end == dev || (w[0] == '[' && w[head - 1] != ']') || (w[0] != '[' && colons == 1))
		return sv_filter_word_no(why, "invalid address", whole, "");
	/* no ':' in a name: Linux would take "lo:22" for an alias label of lo */
	if ((size_t)(end - dev) >= sizeof(name) || memchr(dev, ':', (size_t)(end - dev)))
		return sv_filter_word_no(why, "unknown device in", whole, "");
	memcpy(name, dev, (size_t)(end - dev));
	name[end - dev] = '\0';
	if (!sv_filter_word_dev(NULL, name, &n, &dw))
		return sv_filter_word_no(why, "unknown device in", whole, "");
	out->has_dev = true;
	out->ifindex = n.u.ifindex;
	strcpy(a + head, end);
	return true;
}

/* The address, prefix and port of w (without family prefix and device);
 * whole is the word as typed, for messages. A port follows ']' or the
 * only ':' (a bare IPv6 address, with two or more ':', takes none). */
static bool host_split(const struct sv_filter_parse_opts *o, const char *whole,
		       const char *w, struct sv_fhostword *out, struct sv_fwhy *why)
{
	char a[sizeof(out->name)];
	const char *start = w, *end, *rest, *colon = strchr(w, ':');
	bool v6 = w[0] == '[' || (colon && strchr(colon + 1, ':'));
	char *slash;

	if (w[0] == '[') {
		end = strchr(++start, ']');
		if (end == NULL)
			return sv_filter_word_no(why, "invalid address", whole, "");
		rest = end + 1;
		colon = strchr(rest, ':');
		if (*rest != '\0' && *rest != '/' && *rest != ':')
			return sv_filter_word_no(why, "invalid address", whole, "");
	} else {
		colon = v6 ? NULL : colon;
		end = colon ? colon : w + strlen(w);
		rest = end;
	}
	memcpy(a, start, (size_t)(end - start));
	a[end - start] = '\0';
	if (*rest == '/') { /* "[addr]/N[:port]": put "/N" back after addr */
		size_t n = colon ? (size_t)(colon - rest) : strlen(rest);

		if (strlen(a) + n >= sizeof(a))
			return sv_filter_word_no(why, "invalid prefix length in", whole, "");
		strncat(a, rest, n);
	}
	slash = strchr(a, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if (colon != NULL) {
		/* the port is the end of the word as typed too: messages point there */
		const char *port_text = whole + strlen(whole) - strlen(colon + 1);
		struct sv_fnode port = { 0 };
		struct sv_fwhy pw;

		if (!sv_filter_word_port(o, port_text, &port, &pw))
			return sv_filter_word_no(why, pw.pre, colon[1] ? pw.what : whole, pw.post);
		out->node.u.host.any_port = port.kind == SV_FN_TRUE;
		memcpy(out->node.u.host.port, port.u.port.port, sizeof(port.u.port.port));
	}
	return host_addr(whole, a, slash, v6, out, why);
}

/* See filter_priv.h. */
bool sv_filter_host_word(const struct sv_filter_parse_opts *o, const char *w,
		   struct sv_fhostword *out, struct sv_fwhy *why)
{
	const char *whole = w;
	char a[sizeof(out->name)];
	uint8_t fam;

	memset(out, 0, sizeof(*out));
	out->node.kind = SV_FN_HOST;
	out->node.u.host.any_port = true;
	if (!host_family(&w, out, why) || !host_dev(whole, w, a, out, why) ||
	    !host_split(o, whole, a, out, why))
		return false;
	fam = out->node.u.host.family;
	if (out->only == AF_UNSPEC || out->is_name || fam == out->only)
		return true;
	if (fam != AF_UNSPEC)
		return sv_filter_word_no(why, "address", whole, " is not of its prefix's family");
	out->node.u.host.family = out->only; /* "inet:*": any address of it */
	out->node.u.host.plen = 0;
	return true;
}

/* ---- host names ---- */

/* Is a already among addrs[0..n)? */
static bool host_seen(const struct sv_filter_addr *addrs, size_t n,
		      const struct sv_filter_addr *a)
{
	for (size_t i = 0; i < n; i++)
		if (addrs[i].family == a->family &&
		    memcmp(addrs[i].addr, a->addr, 16) == 0)
			return true;
	return false;
}

/* See filter_priv.h. Counts on past max, so that the caller can tell that
 * the list would be cut. */
int sv_filter_host_resolve(void *ctx, const char *name, struct sv_filter_addr *addrs,
		     size_t max, const char **why)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	size_t n = 0;
	int ret;

	(void)ctx;
	ret = getaddrinfo(name, NULL, &hints, &res);
	if (ret != 0) {
		*why = gai_strerror(ret);
		return -1;
	}
	for (const struct addrinfo *ai = res; ai != NULL && n <= max; ai = ai->ai_next) {
		struct sv_filter_addr a = { .family = (uint8_t)ai->ai_family };

		if (ai->ai_family == AF_INET)
			memcpy(a.addr, &((const struct sockaddr_in *)ai->ai_addr)->sin_addr, 4);
		else if (ai->ai_family == AF_INET6)
			memcpy(a.addr, &((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, 16);
		else
			continue;
		if (host_seen(addrs, n < max ? n : max, &a))
			continue;
		if (n < max)
			addrs[n] = a;
		n++;
	}
	freeaddrinfo(res);
	return n > INT_MAX ? INT_MAX : (int)n;
}

/* ---- nodes ---- */

/* The address node(s) of h: one, or for a host name one per address (of
 * the prefix's family, if any), or-ed. at is the word's token. */
static int host_addrs(struct sv_fparser *p, struct sv_fhostword *h, size_t at,
		      uint32_t *out)
{
	sv_filter_resolve_fn *fn = p->opts->resolve ? p->opts->resolve : sv_filter_host_resolve;
	struct sv_filter_addr addrs[SV_FILTER_MAX_ADDRS];
	uint32_t ids[SV_FILTER_MAX_ADDRS];
	const char *reason = NULL;
	char b[SV_FSHOW];
	int n, k = 0, ret = 0;

	if (!h->is_name)
		return sv_filter_tree_copy(p, &h->node, out);
	n = fn(p->opts->resolve_ctx, h->name, addrs, SV_FILTER_MAX_ADDRS, &reason);
	if (n <= 0)
		return sv_filter_tree_err(p, at, "cannot resolve host '%s'%s%s%s",
				     sv_filter_tree_show(b, h->name), reason ? " (" : "",
				     reason ? reason : "", reason ? ")" : "");
	if (n > SV_FILTER_MAX_ADDRS)
		return sv_filter_tree_err(p, at, "host '%s' has more than %d addresses",
				     sv_filter_tree_show(b, h->name), SV_FILTER_MAX_ADDRS);
	for (int i = 0; ret == 0 && i < n; i++) {
		if (h->only != AF_UNSPEC && addrs[i].family != h->only)
			continue;
		h->node.u.host.family = addrs[i].family;
		h->node.u.host.plen = addrs[i].family == AF_INET ? 32 : 128;
		memcpy(h->node.u.host.addr, addrs[i].addr, 16);
		ret = sv_filter_tree_copy(p, &h->node, &ids[k++]);
	}
	if (ret == 0 && k == 0)
		return sv_filter_tree_err(p, at, "host '%s' has no %s address",
				     sv_filter_tree_show(b, h->name),
				     h->only == AF_INET ? "IPv4" : "IPv6");
	return ret < 0 ? ret : sv_filter_tree_list(p, SV_FN_OR, ids, (size_t)k, out);
}

/* "not an IPv6 socket": an IPv4 condition of the kernel also matches
 * IPv4-mapped addresses of IPv6 sockets, which "inet:" leaves out. */
static int host_not_v6(struct sv_fparser *p, uint8_t side, uint32_t *out)
{
	struct sv_fnode v6 = { .kind = SV_FN_HOST, .side = side };
	uint32_t id;
	int ret;

	v6.u.host.family = AF_INET6;
	v6.u.host.any_port = true;
	ret = sv_filter_tree_copy(p, &v6, &id);
	return ret < 0 ? ret : sv_filter_tree_wrap(p, SV_FN_NOT, id, out);
}

/* See filter_priv.h. */
int sv_filter_host_build(struct sv_fparser *p, uint8_t side, const char *w, uint32_t *out)
{
	struct sv_fnode dev = { .kind = SV_FN_DEV };
	struct sv_fhostword h;
	struct sv_fwhy why;
	uint32_t kids[3];
	size_t nk = 0, at = p->pos - 1;
	const char *lw = w;
	int ret, fam = sv_filter_link_family(p->opts, &lw);

	if (fam) /* link:, netlink:, or a plain word after -0, -f link/netlink */
		return sv_filter_link_build(p, side, fam, lw, false, SV_CMP_EQ, at, out);
	if (sv_filter_unix_word(p->opts, w))
		return sv_filter_unix_build(p, side, w, out);
	if (!sv_filter_host_word(p->opts, w, &h, &why))
		return sv_filter_tree_why(p, at, &why);
	h.node.side = side;
	ret = host_addrs(p, &h, at, &kids[nk++]);
	if (ret == 0 && h.only == AF_INET)
		ret = host_not_v6(p, side, &kids[nk++]);
	if (ret == 0 && h.has_dev) {
		dev.u.ifindex = h.ifindex;
		ret = sv_filter_tree_copy(p, &dev, &kids[nk++]);
	}
	return ret < 0 ? ret : sv_filter_tree_list(p, SV_FN_AND, kids, nk, out);
}
