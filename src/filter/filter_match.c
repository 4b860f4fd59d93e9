/* filter_match.c - decide a filter expression on one sv_sock in user space,
 * with the kernel's semantics (net/ipv4/inet_diag.c, inet_diag_bc_run) for
 * every condition the kernel can also run, so that both give one answer.
 *
 * Evaluation is three-valued (Kleene): conditions whose data user space
 * does not have (autobound always; fwmark without SV_HAVE_MARK; cgroup
 * without SV_HAVE_CGROUP) are "unknown", and and/or/not propagate it, with the kinds of
 * missing data it came from. filter.h says how an unknown result is
 * resolved. Recursion depth is bounded by the parser's nesting limit. */
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "filter_priv.h"
#include "sockview/services.h"
#include "sockview/tables.h"

enum tv { TV_FALSE = 0, TV_TRUE = 1, TV_UNKNOWN = 2 };

static enum tv tv_of(bool b)
{
	return b ? TV_TRUE : TV_FALSE;
}

/* The protocol whose port numbers and names apply to s. */
static enum sv_proto proto_of(const struct sv_sock *s)
{
	return sv_tables_proto((enum sv_table)s->table);
}

/* Do the first plen bits of a and b agree (the kernel's bitstring_match)? */
static bool prefix_match(const uint8_t *a, const uint8_t *b, unsigned int plen)
{
	unsigned int bytes = plen / 8, bits = plen % 8;

	if (memcmp(a, b, bytes) != 0)
		return false;
	if (bits == 0)
		return true;
	return ((a[bytes] ^ b[bytes]) & (uint8_t)(0xff << (8 - bits))) == 0;
}

/* ::ffff:a.b.c.d */
static bool is_v4_mapped(const uint8_t *a)
{
	static const uint8_t head[12] = { [10] = 0xff, [11] = 0xff };

	return memcmp(a, head, sizeof(head)) == 0;
}

/* src/dst, as the kernel's S_COND/D_COND: port first (when given), then an
 * IPv4 condition also matches an IPv4-mapped address of an IPv6 socket;
 * other family mismatches fail; prefix 0 matches any address. */
/* Does s have IP addresses and ports (an inet record)? The other kinds'
 * parts hold none: a host or port condition does not match them. */
static bool is_inet(const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	return d && d->kind == SV_KIND_INET;
}

/* The device a record is bound to (an XDP socket: the one it reads), 0
 * for none or a kind without one. */
static uint32_t ifindex_of(const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	if (d && d->kind == SV_KIND_XDP)
		return s->xd.ifindex;
	return is_inet(s) ? s->ifindex : 0;
}

static bool match_host(const struct sv_fnode *n, const struct sv_sock *s)
{
	bool src = n->side == SV_SIDE_SRC;
	const uint8_t *addr = src ? s->laddr : s->raddr;
	uint16_t port = src ? s->lport : s->rport;

	if (!is_inet(s))
		return false;
	if (!n->u.host.any_port && n->u.host.port[proto_of(s)] != port)
		return false;
	if (n->u.host.family == AF_UNSPEC)
		return true;
	if (n->u.host.family != s->family)
		return s->family == AF_INET6 && n->u.host.family == AF_INET &&
		       is_v4_mapped(addr) &&
		       prefix_match(addr + 12, n->u.host.addr, n->u.host.plen);
	return prefix_match(addr, n->u.host.addr, n->u.host.plen);
}

static bool match_port(const struct sv_fnode *n, const struct sv_sock *s)
{
	uint16_t have = n->side == SV_SIDE_SRC ? s->lport : s->rport;
	uint16_t want = n->u.port.port[proto_of(s)];

	if (!is_inet(s))
		return false;
	switch (n->u.port.cmp) {
	case SV_CMP_LT: return have < want;
	case SV_CMP_LE: return have <= want;
	case SV_CMP_GT: return have > want;
	case SV_CMP_GE: return have >= want;
	default: return have == want; /* "!=" is a NOT over "=" */
	}
}

/* Does the registry field's value read the node's word? A field that
 * does not apply to s's table, or that s has no value of, does not. */
static bool match_field(const struct sv_fnode *n, const struct sv_sock *s)
{
	const struct sv_field *fl = n->u.fw.field;
	struct sv_value v;

	return sv_fields_applies(fl, s) && fl->get(s, NULL, &v) &&
	       v.type == SV_FT_WORD && strcmp(v.s.p, n->u.fw.word) == 0;
}

/* Is name (may be NULL) the service the node names, as typed or as the
 * primary name of its port in the socket's protocol? */
static bool is_service(const struct sv_fnode *n, const char *name, enum sv_proto t)
{
	const char *canon = n->u.svc.canon[t];

	return name != NULL && (strcasecmp(name, n->u.svc.name) == 0 ||
				(canon != NULL && strcasecmp(name, canon) == 0));
}

/* service NAME: s->service, or the name of either port - except a port on
 * the client side of a connection: the local port when it is ephemeral,
 * the remote port of an inbound connection, and for a connection of unknown
 * role any port inside the ephemeral range (it may be the client's; the
 * design gives client-side ephemeral ports no IANA name: 32768 is not
 * "filenet-tms"). */
static bool match_service(const struct sv_filter *f, const struct sv_fnode *n,
			  const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);
	enum sv_proto t = proto_of(s);

	if (is_service(n, s->service, t))
		return true;
	if (!d || !d->ports) /* no IP ports (raw's are protocols): no names */
		return false;
	if (s->role == SV_ROLE_UNKNOWN) /* either side may be the client's */
		return (s->lport != 0 && (s->lport < f->eph_lo || s->lport > f->eph_hi) &&
			is_service(n, sv_services_name(s->lport, t), t)) ||
		       (s->rport != 0 && (s->rport < f->eph_lo || s->rport > f->eph_hi) &&
			is_service(n, sv_services_name(s->rport, t), t));
	if (s->lport != 0 && !s->ephemeral &&
	    is_service(n, sv_services_name(s->lport, t), t))
		return true;
	return s->rport != 0 && s->role != SV_ROLE_IN &&
	       is_service(n, sv_services_name(s->rport, t), t);
}

/* One condition; *why gets the kind of missing data of an unknown. A
 * unix socket's conditions are ss's for it (filter_unix.c). */
static enum tv match_leaf(const struct sv_filter *f, const struct sv_fnode *n,
			  const struct sv_sock *s, unsigned int *why)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);
	int link;

	if (n->kind == SV_FN_UID || n->kind == SV_FN_PID || n->kind == SV_FN_COMM ||
	    n->kind == SV_FN_CONTAINER || n->kind == SV_FN_UNIT)
		return tv_of(sv_filter_holder_leaf(f, n, s)); /* every table */
	link = sv_filter_link_leaf(n, s); /* packet, netlink sockets */

	if (link >= 0)
		return tv_of(link);
	if (d && d->kind == SV_KIND_UNIX && n->kind != SV_FN_TRUE &&
	    n->kind != SV_FN_FALSE && n->kind != SV_FN_FIELD)
		return tv_of(sv_filter_unix_leaf(f, n, s));
	switch (n->kind) {
	case SV_FN_TRUE: return TV_TRUE;
	case SV_FN_FALSE: return TV_FALSE;
	case SV_FN_UNIX: return TV_FALSE; /* a unix name: no other socket has one */
	case SV_FN_PORT: return tv_of(match_port(n, s));
	case SV_FN_HOST: return tv_of(match_host(n, s));
	case SV_FN_DEV: return tv_of(ifindex_of(s) == n->u.ifindex);
	case SV_FN_MARK:
		if (!(s->have & SV_HAVE_MARK)) {
			*why |= SV_FILTER_WHY_MARK;
			return TV_UNKNOWN;
		}
		return tv_of((s->mark & n->u.mark.mask) == n->u.mark.value);
	case SV_FN_CGROUP:
		if (!(s->have & SV_HAVE_CGROUP)) {
			*why |= SV_FILTER_WHY_CGROUP;
			return TV_UNKNOWN;
		}
		return tv_of(s->cgroup_id == n->u.cgroup_id);
	case SV_FN_FIELD: return tv_of(match_field(n, s));
	case SV_FN_SERVICE: return tv_of(match_service(f, n, s));
	default: /* SV_FN_AUTO: only the kernel knows */
		*why |= SV_FILTER_WHY_KERNEL;
		return TV_UNKNOWN;
	}
}

static enum tv eval(const struct sv_filter *f, uint32_t i, const struct sv_sock *s,
		    unsigned int *why);

/* and/or over the children: a decisive child (false for and, true for or)
 * ends it; otherwise any unknown child makes the whole unknown, and the
 * reasons of the unknown children are the reasons of the whole. */
static enum tv eval_list(const struct sv_filter *f, const struct sv_fnode *n,
			 const struct sv_sock *s, unsigned int *why)
{
	enum tv stop = n->kind == SV_FN_AND ? TV_FALSE : TV_TRUE;
	enum tv res = n->kind == SV_FN_AND ? TV_TRUE : TV_FALSE;
	unsigned int acc = 0;

	for (uint32_t k = n->kid; k != SV_FNONE; k = f->nodes[k].next) {
		unsigned int w = 0;
		enum tv r = eval(f, k, s, &w);

		if (r == stop)
			return stop;
		if (r == TV_UNKNOWN) {
			res = TV_UNKNOWN;
			acc |= w;
		}
	}
	*why |= acc;
	return res;
}

/* Node i's value; *why collects the reasons when it is unknown. */
static enum tv eval(const struct sv_filter *f, uint32_t i, const struct sv_sock *s,
		    unsigned int *why)
{
	const struct sv_fnode *n = &f->nodes[i];
	enum tv r;

	switch (n->kind) {
	case SV_FN_AND:
	case SV_FN_OR:
		return eval_list(f, n, s, why);
	case SV_FN_NOT:
		r = eval(f, n->kid, s, why);
		return r == TV_UNKNOWN ? TV_UNKNOWN : tv_of(r == TV_FALSE);
	default:
		return match_leaf(f, n, s, why);
	}
}

/* See filter.h. */
enum sv_filter_verdict sv_filter_decide(const struct sv_filter *f,
					const struct sv_sock *s,
					const struct sv_filter_match_opts *opts,
					unsigned int *why)
{
	unsigned int w = 0;
	enum tv r = f != NULL ? eval(f, f->root, s, &w) : TV_TRUE;

	if (r == TV_UNKNOWN && opts != NULL && opts->kernel_applied)
		r = TV_TRUE;
	if (why != NULL)
		*why = r == TV_UNKNOWN ? w : 0;
	if (r == TV_UNKNOWN)
		return SV_FILTER_UNDECIDED;
	return r == TV_TRUE ? SV_FILTER_YES : SV_FILTER_NO;
}

/* See filter.h: UNDECIDED is no match. */
bool sv_filter_match_with(const struct sv_filter *f, const struct sv_sock *s,
			  const struct sv_filter_match_opts *opts)
{
	return sv_filter_decide(f, s, opts, NULL) == SV_FILTER_YES;
}

/* See filter.h. */
bool sv_filter_match(const struct sv_filter *f, const struct sv_sock *s)
{
	return sv_filter_match_with(f, s, NULL);
}
