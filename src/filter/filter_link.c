/* filter_link.c - filter conditions on packet and netlink sockets, as ss
 * reads and decides them (misc/ss.c: parse_hostcond, run_ssfilter): their
 * words ("link:PROTO:IFACE", "netlink:PROTO:PORTID", or plain words after
 * -0, -f link, -f netlink) into LINK nodes, and every leaf on such a
 * socket. ss sees a packet socket's protocol as its local address and its
 * interface index as its local port (its peer: nothing, port 0), and a
 * netlink socket's protocol and port id (signed) so (its peer port: -1). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "filter_priv.h"
#include "sockview/ethproto.h"
#include "sockview/nlproto.h"
#include "sockview/tables.h"

/* ---- words */

/* See filter_priv.h. */
int sv_filter_link_family(const struct sv_filter_parse_opts *o, const char **w)
{
	static const char *const others[] = { "inet:", "inet6:", "unix:", "vsock:" };

	if (strncasecmp(*w, "link:", 5) == 0) {
		*w += 5;
		return AF_PACKET;
	}
	if (strncasecmp(*w, "netlink:", 8) == 0) {
		*w += 8;
		return AF_NETLINK;
	}
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (strncasecmp(*w, others[i], strlen(others[i])) == 0)
			return 0;
	if (o && (o->family == AF_PACKET || o->family == AF_NETLINK))
		return o->family;
	return 0;
}

/* An int as ss's get_integer reads it (strtol, base 0, the whole word). */
static bool int_word(const char *w, int64_t *v)
{
	char *end;
	long x;

	if (!*w || ((*w < '0' || *w > '9') && *w != '-' && *w != '+'))
		return false;
	errno = 0;
	x = strtol(w, &end, 0);
	if (errno || *end || x < INT_MIN || x > INT_MAX)
		return false;
	*v = x;
	return true;
}

/* A packet socket's port: a number, or an interface's name. */
static bool packet_port(const char *w, int64_t *port)
{
	struct sv_fnode n;
	struct sv_fwhy why;

	if (int_word(w, port))
		return true;
	if (!sv_filter_word_dev(NULL, w, &n, &why))
		return false;
	*port = n.u.ifindex;
	return true;
}

/* A netlink socket's port: a number, "kernel" (0), or as printed,
 * "comm/PID" (sockview's; ss reads only the first two). */
static bool netlink_port(const char *w, int64_t *port)
{
	const char *slash = strrchr(w, '/');

	if (int_word(w, port))
		return true;
	if (strcmp(w, "kernel") == 0) {
		*port = 0;
		return true;
	}
	return slash && slash != w && slash[1] >= '1' && slash[1] <= '9' &&
	       int_word(slash + 1, port) && *port > 0;
}

/* See filter_priv.h. */
int sv_filter_link_build(struct sv_fparser *p, uint8_t side, int family, const char *w,
			 bool is_port, uint8_t cmp, size_t at, uint32_t *out)
{
	struct sv_fnode n = { .kind = SV_FN_LINK, .side = side };
	bool packet = family == AF_PACKET;
	char proto[64] = "", b[SV_FSHOW];
	const char *port = is_port ? w + (*w == ':') : strchr(w, ':');
	size_t plen = is_port ? 0 : port ? (size_t)(port - w) : strlen(w);

	n.u.link.family = (uint8_t)family;
	n.u.link.cmp = cmp;
	if (!is_port && port)
		port++;
	if (plen >= sizeof(proto))
		return sv_filter_tree_err(p, at, "unknown %s protocol in '%s'",
					  packet ? "link-layer" : "netlink",
					  sv_filter_tree_show(b, w));
	memcpy(proto, w, plen);
	proto[plen] = '\0';
	n.u.link.any_proto = !proto[0] || strcmp(proto, "*") == 0;
	if (!n.u.link.any_proto) {
		uint8_t nlp = 0;
		bool ok = packet ? sv_ethproto_parse(proto, &n.u.link.proto)
				 : sv_nlproto_parse(proto, &nlp);

		if (!packet)
			n.u.link.proto = nlp;
		if (!ok)
			return sv_filter_tree_err(p, at, "unknown %s protocol '%s'",
						  packet ? "link-layer" : "netlink",
						  sv_filter_tree_show(b, proto));
	}
	n.u.link.any_port = !port || !*port || strcmp(port, "*") == 0;
	if (!n.u.link.any_port &&
	    !(packet ? packet_port(port, &n.u.link.port) : netlink_port(port, &n.u.link.port)))
		return sv_filter_tree_err(p, at, packet ? "unknown interface '%s'" :
					  "'%s' is no netlink port id (a number or kernel)",
					  sv_filter_tree_show(b, port));
	if (n.u.link.any_port && cmp != SV_CMP_EQ)
		return sv_filter_tree_err(p, at, "port '%s' cannot be ordered",
					  sv_filter_tree_show(b, w));
	return sv_filter_tree_copy(p, &n, out);
}

/* See filter_priv.h. */
bool sv_filter_link_service(const char *w)
{
	return sv_ethproto_is_service(w) || sv_nlproto_is_family(w);
}

/* ---- matching */

/* ss's view of a packet or netlink socket. */
struct view {
	int family;
	int64_t lport, rport; /* the interface or port id; the peer's */
	uint32_t lproto;      /* the protocol (the peer's is 0) */
	uint32_t iface;
	bool autobound;
};

static bool view_of(const struct sv_sock *s, struct view *v)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	if (d && d->kind == SV_KIND_PACKET) {
		*v = (struct view){ .family = AF_PACKET, .lport = s->pk.ifindex,
				    .lproto = s->pk.protocol, .iface = s->pk.ifindex,
				    .autobound = s->pk.ifindex == 0 && s->pk.protocol == 0 };
		return true;
	}
	if (d && d->kind == SV_KIND_NETLINK) {
		*v = (struct view){ .family = AF_NETLINK, .lport = (int32_t)s->nl.portid,
				    .rport = -1, .lproto = s->nl.protocol,
				    .autobound = (int32_t)s->nl.portid < 0 };
		return true;
	}
	return false;
}


static bool match_link(const struct sv_fnode *n, const struct view *v)
{
	bool src = n->side == SV_SIDE_SRC;

	if (n->u.link.family != v->family)
		return false;
	if (!n->u.link.any_port &&
	    !sv_filter_compare(src ? v->lport : v->rport, n->u.link.cmp, n->u.link.port))
		return false;
	return n->u.link.any_proto || (src ? v->lproto : 0) == n->u.link.proto;
}

/* An inet src/dst: its port, as ss compares it; an address of a prefix
 * longer than 0 bits never matches (ss compares its bytes with the
 * protocol's number: sockview does not go that far). */
static bool match_host(const struct sv_fnode *n, const struct view *v)
{
	int64_t port = n->side == SV_SIDE_SRC ? v->lport : v->rport;

	if (!n->u.host.any_port && port != n->u.host.port[SV_PROTO_TCP])
		return false;
	return n->u.host.family == AF_UNSPEC || n->u.host.plen == 0;
}

/* See filter_priv.h. */
int sv_filter_link_leaf(const struct sv_fnode *n, const struct sv_sock *s)
{
	struct view v;

	if (!view_of(s, &v))
		return n->kind == SV_FN_LINK ? 0 : -1;
	if (n->inet_only)
		return 1;
	switch (n->kind) {
	case SV_FN_LINK: return match_link(n, &v);
	case SV_FN_PORT:
		return sv_filter_compare(n->side == SV_SIDE_SRC ? v.lport : v.rport, n->u.port.cmp,
			       n->u.port.port[SV_PROTO_TCP]);
	case SV_FN_HOST: return match_host(n, &v);
	case SV_FN_DEV: return v.iface == n->u.ifindex;
	case SV_FN_MARK: return n->u.mark.value == 0; /* the kernel sends none: 0 */
	case SV_FN_CGROUP: return n->u.cgroup_id == 0;
	case SV_FN_AUTO: return v.autobound;
	case SV_FN_SERVICE:
		return s->service && strcasecmp(s->service, n->u.svc.name) == 0;
	default: /* constants, class and role: the generic matcher */
		return -1;
	}
}
