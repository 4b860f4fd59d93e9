/* fields.c - the field registry: every printable fact of a socket, its
 * name, title, tables, needs, type and accessor (fields.h). */
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "sockview/classify.h"
#include "sockview/diag_netlink.h"
#include "sockview/fields.h"
#include "sockview/services.h"
#include "sockview/state.h"
#include "sockview/tables.h"

#include "fields_details.h"
#include "fields_priv.h"

/* The kind of s's record (which part of the union it fills). */
static enum sv_kind kind_of(const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	return d ? d->kind : SV_KIND_INET;
}


static bool get_netid(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_word(v, sv_tables_netid(s));
}

static bool get_state(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_word(v, sv_tables_state_name(s));
}

/* Does s's table have ports (classes and the ephemeral range apply)? */
static bool has_ports(const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	return d && d->ports;
}

static bool get_recv_q(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_num(v, s->rqueue);
}

/* Read from /proc/net text (sock.h): what the text lacks is unknown. */
static bool procnet(const struct sv_sock *s)
{
	return (s->have & SV_FROM_PROCNET) != 0;
}

/* A listener's Send-Q is its backlog, which /proc/net does not show. */
static bool get_send_q(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return !(procnet(s) && s->state == SV_STATE_LISTEN) && fv_num(v, s->wqueue);
}

static bool get_laddr(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_addr(v, s, s->laddr);
}

static bool get_lport(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_num(v, kind_of(s) == SV_KIND_VSOCK ? s->vs.src_port : s->lport);
}

/* The device the socket is bound to (an XDP socket: the one it reads),
 * by name (untrusted text); absent when it is bound to none. */
static bool get_iface(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	uint32_t idx = kind_of(s) == SV_KIND_XDP ? s->xd.ifindex : s->ifindex;
	const char *name;

	if (!idx || !c || !c->ifnames)
		return false;
	name = sv_ifnames_get(c->ifnames, idx);
	v->type = SV_FT_TEXT;
	v->s.p = name;
	v->s.len = strlen(name);
	return true;
}

static bool get_raddr(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_addr(v, s, s->raddr);
}

/* -r: the address's host name (untrusted text); absent without one. */
static bool host(struct sv_value *v, const struct sv_sock *s, const struct sv_field_ctx *c,
		 const uint8_t *a)
{
	const char *name = c ? sv_resolve_name(c->resolve, s->family, a) : NULL;

	if (!name)
		return false;
	v->type = SV_FT_TEXT;
	v->s.p = name;
	v->s.len = strlen(name);
	return true;
}

static bool get_lhost(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return host(v, s, c, s->laddr);
}

static bool get_rhost(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return host(v, s, c, s->raddr);
}

static bool get_rport(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_num(v, kind_of(s) == SV_KIND_VSOCK ? s->vs.dst_port : s->rport);
}

static bool get_lcid(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_num(v, s->vs.src_cid);
}

static bool get_rcid(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_num(v, s->vs.dst_cid);
}

static bool get_lnode(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_num(v, s->tp.node);
}

static bool get_lref(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_num(v, s->tp.ref);
}

/* A TIPC socket's peer: only a connected one has one. */
static bool get_rnode(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return (s->have & SV_HAVE_TIPC_PEER) && fv_num(v, s->tp.peer_node);
}

static bool get_rref(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return (s->have & SV_HAVE_TIPC_PEER) && fv_num(v, s->tp.peer_ref);
}

/* The queue an XDP socket is bound to (with its interface). */
static bool get_queue(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return (s->have & SV_HAVE_XDP_INFO) && s->xd.ifindex && fv_num(v, s->xd.queue_id);
}

/* A raw socket's IP protocol (the kernel's "port" of it). */
static bool get_protocol(const struct sv_sock *s, const struct sv_field_ctx *c,
			 struct sv_value *v)
{
	return fv_num(v, s->lport);
}

static bool get_assoc(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_flag(v, s->assoc);
}

static bool get_family(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	if (s->family == AF_UNIX)
		return fv_word(v, "unix");
	return fv_word(v, s->family == AF_INET6 ? "inet6" : "inet");
}

static bool get_v6only(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return s->family == AF_INET6 && !procnet(s) && fv_flag(v, s->v6only);
}

/* An IPv6 wildcard that takes IPv4 too (ss prints "*"). */
static bool get_dual(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	static const uint8_t any6[16];
	bool any = s->family == AF_INET6 && memcmp(s->laddr, any6, sizeof(any6)) == 0;

	return !(any && procnet(s)) && fv_flag(v, any && !s->v6only);
}

static bool get_role(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return fv_word(v, s->role == SV_ROLE_NONE ? NULL :
		       sv_classify_role_name((enum sv_role)s->role));
}

static bool get_port_class(const struct sv_sock *s, const struct sv_field_ctx *c,
			   struct sv_value *v)
{
	const char *cls = sv_services_class_name((enum sv_port_class)s->port_class);

	if (!has_ports(s))
		return false;
	/* not a class (never classified): it only depends on the port */
	return fv_word(v, cls ? cls : sv_services_class_name(sv_services_class(s->lport)));
}

static bool get_ephemeral(const struct sv_sock *s, const struct sv_field_ctx *c,
			  struct sv_value *v)
{
	return has_ports(s) && fv_flag(v, s->ephemeral);
}

/* The Class column: the word the table's classifier chose (a unix
 * socket's kind of name); "ephemeral" for a port the kernel picked for a
 * client, else the IANA class of its number; none for a record without a
 * port that was not classified. */
static bool get_class(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	if (s->class_name) /* a socket without ports: its table's class */
		return fv_word(v, s->class_name);
	if (!has_ports(s))
		return false;
	return s->ephemeral ? fv_word(v, "ephemeral") : get_port_class(s, c, v);
}

static bool get_service(const struct sv_sock *s, const struct sv_field_ctx *c,
			struct sv_value *v)
{
	return fv_word(v, s->service);
}

/* A destroy event (-E): the kernel sends no owner, inode, mark nor cgroup. */
static bool event(const struct sv_sock *s)
{
	return (s->have & SV_FROM_EVENT) != 0;
}

static bool get_uid(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	/* /proc/net/unix has no owner column */
	return !(procnet(s) && kind_of(s) == SV_KIND_UNIX) && !event(s) && fv_num(v, s->uid);
}

static bool get_inode(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return !event(s) && fv_num(v, s->inode);
}

static bool get_cookie(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	v->type = SV_FT_HEX64;
	v->u = s->cookie;
	return !procnet(s);
}

static bool get_mark(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return (s->have & SV_HAVE_MARK) && fv_num(v, s->mark);
}

static bool get_cgroup(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	v->type = SV_FT_DEC64;
	v->u = s->cgroup_id;
	return (s->have & SV_HAVE_CGROUP) != 0;
}

/* Where the row came from, when it is not sock_diag: "proc". */
static bool get_source(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return procnet(s) && fv_word(v, "proc");
}

/* -E: when the destroy event was received (RFC 3339, UTC). */
static bool get_event_time(const struct sv_sock *s, const struct sv_field_ctx *c,
			   struct sv_value *v)
{
	return s->event_time && fv_word(v, s->event_time);
}

static bool get_users(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	v->type = SV_FT_USERS;
	return true;
}

#define J SV_FIELD_JSON
#define C SV_FIELD_COLUMN

static const struct sv_field fields[] = {
	{ "netid", NULL, "Netid", 0, 0, J, SV_FT_WORD, get_netid },
	{ "state", NULL, "State", 0, 0, J, SV_FT_WORD, get_state },
	{ "recv_q", "recvq", "Recv-Q", 0, 0, J, SV_FT_UINT, get_recv_q },
	{ "send_q", "sendq", "Send-Q", 0, 0, J, SV_FT_UINT, get_send_q },
	{ "local.address", "laddr", "Local Address", INET, 0, J, SV_FT_ADDR, get_laddr },
	{ "local.cid", NULL, "Local CID", VSOCK, 0, J, SV_FT_UINT, get_lcid },
	{ "local.node", NULL, "Local Node", TB(TIPC), 0, J, SV_FT_UINT, get_lnode },
	{ "local.port", "lport", "Local Port", IPPORTS | VSOCK, 0, J, SV_FT_UINT, get_lport },
	{ "local.ref", NULL, "Local Ref", TB(TIPC), 0, J, SV_FT_UINT, get_lref },
	{ "local.interface", "dev", "Interface", INET | TB(XDP), 0, J, SV_FT_TEXT, get_iface },
	{ "local.queue", NULL, "Queue", TB(XDP), 0, J, SV_FT_UINT, get_queue },
	{ "local.path", "path", "Path", UNIX, 0, J, SV_FT_TEXT, sv_fields_unix_path },
	{ "local.abstract", "abstract", "Abstract Name", UNIX, 0, J, SV_FT_TEXT,
	  sv_fields_unix_abstract },
	{ "local.inode", NULL, "Local Inode", UNIX, 0, J, SV_FT_UINT, get_inode },
	{ "local.host", "lhost", "Local Host", INET, SV_NEED_RESOLVE, J, SV_FT_TEXT, get_lhost },
	{ "peer.address", "paddr", "Peer Address", INET, 0, J, SV_FT_ADDR, get_raddr },
	{ "peer.cid", NULL, "Peer CID", VSOCK, 0, J, SV_FT_UINT, get_rcid },
	{ "peer.node", NULL, "Peer Node", TB(TIPC), 0, J, SV_FT_UINT, get_rnode },
	{ "peer.port", "pport", "Peer Port", IPPORTS | VSOCK, 0, J, SV_FT_UINT, get_rport },
	{ "peer.ref", NULL, "Peer Ref", TB(TIPC), 0, J, SV_FT_UINT, get_rref },
	{ "peer.inode", "pinode", "Peer Inode", UNIX, 0, J, SV_FT_UINT, sv_fields_peer_inode },
	{ "peer.host", "phost", "Peer Host", INET, SV_NEED_RESOLVE, J, SV_FT_TEXT, get_rhost },
	{ "protocol", NULL, "Protocol", TB(RAW), 0, J, SV_FT_UINT, get_protocol },
	{ "family", NULL, "Family", INET | UNIX, 0, J, SV_FT_WORD, get_family },
	{ "v6only", NULL, "V6only", INET, 0, J, SV_FT_BOOL, get_v6only },
	{ "dual_stack", NULL, "Dual", INET, 0, J, SV_FT_BOOL, get_dual },
	{ "association", NULL, "Association", TB(SCTP), 0, J, SV_FT_BOOL, get_assoc },
	{ "packet.protocol", NULL, "Protocol", PACKET, 0, J, SV_FT_UINT, sv_fields_pk_protocol },
	{ "packet.ifindex", NULL, "Ifindex", PACKET, 0, J, SV_FT_UINT, sv_fields_pk_ifindex },
	{ "packet.interface", NULL, "Interface", PACKET, 0, J, SV_FT_TEXT, sv_fields_pk_iface },
	{ "packet.filter", "bpf", "BPF Filter", PACKET, 0, J, SV_FT_BPF, sv_fields_pk_filter },
	{ "netlink.protocol", NULL, "Protocol", NETLINK, 0, J, SV_FT_UINT, sv_fields_nl_protocol },
	{ "netlink.portid", NULL, "Port ID", NETLINK, 0, J, SV_FT_UINT, sv_fields_nl_portid },
	{ "netlink.groups", NULL, "Groups", NETLINK, 0, J, SV_FT_GROUPS, sv_fields_nl_groups },
	{ "netlink.peer_portid", NULL, "Peer Port ID", NETLINK, 0, J, SV_FT_UINT,
	  sv_fields_nl_peer_portid },
	{ "netlink.peer_group", NULL, "Peer Group", NETLINK, 0, J, SV_FT_UINT,
	  sv_fields_nl_peer_group },
	{ "role", NULL, "Role", 0, 0, J | C, SV_FT_WORD, get_role },
	{ "port_class", NULL, "Port Class", IPPORTS, 0, J, SV_FT_WORD, get_port_class },
	{ "ephemeral", NULL, "Ephemeral", IPPORTS, 0, J, SV_FT_BOOL, get_ephemeral },
	{ "name_class", NULL, "Name Class", UNIX, 0, J, SV_FT_WORD, sv_fields_name_class },
	{ "class", NULL, "Class", 0, 0, C, SV_FT_WORD, get_class },
	{ "service", NULL, "Service", 0, 0, J | C, SV_FT_WORD, get_service },
	{ "uid", NULL, "UID", OWNED, 0, J, SV_FT_UINT, get_uid },
	{ "inode", "ino", "Inode", 0, 0, J, SV_FT_UINT, get_inode },
	{ "cookie", "sk", "Cookie", 0, 0, J, SV_FT_HEX64, get_cookie },
	{ "mark", "fwmark", "Mark", INET, 0, J, SV_FT_UINT, get_mark },
	{ "cgroup_id", NULL, "Cgroup ID", 0, 0, J, SV_FT_DEC64, get_cgroup },
	{ "source", NULL, "Source", 0, 0, J, SV_FT_WORD, get_source },
	{ "netns", NULL, "Netns", 0, SV_NEED_NETNS, C, SV_FT_TEXT, sv_fields_netns },
	{ "netns.inode", NULL, "Netns Inode", 0, SV_NEED_NETNS, J, SV_FT_UINT, sv_fields_netns_inode },
	{ "netns.name", NULL, "Netns Name", 0, SV_NEED_NETNS, J, SV_FT_TEXT, sv_fields_netns_name },
	{ "netns.container", NULL, "Netns Container", 0, SV_NEED_NETNS, J, SV_FT_TEXT,
	  sv_fields_netns_owner },
	{ "event_time", "time", "Time", 0, SV_NEED_EVENT, J | C, SV_FT_WORD, get_event_time },
	{ "users", "process", "Process", 0, SV_NEED_PROCS, J, SV_FT_USERS, get_users },
	SV_FIELDS_DETAILS
};

/* See fields.h. */
const struct sv_field *sv_fields_all(size_t *n)
{
	*n = sizeof(fields) / sizeof(fields[0]);
	return fields;
}

/* See fields.h. */
const struct sv_field *sv_fields_find(const char *name)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcasecmp(fields[i].name, name) == 0 ||
		    (fields[i].alias && strcasecmp(fields[i].alias, name) == 0))
			return &fields[i];
	return NULL;
}

/* See fields.h. */
bool sv_fields_applies(const struct sv_field *f, const struct sv_sock *s)
{
	return f->tables == 0 || (f->tables >> s->table) & 1;
}

/* See fields.h. The kernel's bitmap (s.p, s.len bytes), or the groups
 * 1-32 as bits of s.len. */
bool sv_fields_next_group(const struct sv_value *v, size_t *g)
{
	size_t max = v->s.p ? v->s.len * 8 : 32;

	for (; *g <= max; ++*g)
		if (v->s.p ? sv_diag_netlink_in_group(v->s.p, v->s.len, (unsigned int)*g)
			   : (v->s.len >> (*g - 1)) & 1)
			return true;
	return false;
}
