/* fields.c - the field registry: every printable fact of a socket, its
 * name, title, tables, needs, type and accessor (fields.h). */
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "sockview/classify.h"
#include "sockview/fields.h"
#include "sockview/services.h"
#include "sockview/state.h"
#include "sockview/tables.h"
#include "sockview/unixname.h"

#define INET ((1u << SV_TABLE_TCP) | (1u << SV_TABLE_UDP))
#define UNIX ((1u << SV_TABLE_UNIX_STREAM) | (1u << SV_TABLE_UNIX_DGRAM) |    \
	      (1u << SV_TABLE_UNIX_SEQPACKET))

static bool word(struct sv_value *v, const char *w)
{
	v->type = w ? SV_FT_WORD : SV_FT_NULL;
	v->s.p = w;
	v->s.len = w ? strlen(w) : 0;
	return true;
}

static bool num(struct sv_value *v, uint64_t u)
{
	v->type = SV_FT_UINT;
	v->u = u;
	return true;
}

static bool flag(struct sv_value *v, bool b)
{
	v->type = SV_FT_BOOL;
	v->b = b;
	return true;
}

static bool addr(struct sv_value *v, const struct sv_sock *s, const uint8_t *a)
{
	v->type = SV_FT_ADDR;
	v->addr.family = s->family;
	v->addr.a = a;
	return true;
}

static bool get_netid(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	return word(v, d ? d->name : "?");
}

static bool get_state(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return word(v, sv_state_name(s->state));
}

static bool get_recv_q(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return num(v, s->rqueue);
}

static bool get_send_q(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return num(v, s->wqueue);
}

static bool get_laddr(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return addr(v, s, s->laddr);
}

static bool get_lport(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return num(v, s->lport);
}

/* The device the socket is bound to, by name (untrusted text); absent
 * when it is bound to none. */
static bool get_iface(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	const char *name;

	if (!s->ifindex || !c || !c->ifnames)
		return false;
	name = sv_ifnames_get(c->ifnames, s->ifindex);
	v->type = SV_FT_TEXT;
	v->s.p = name;
	v->s.len = strlen(name);
	return true;
}

static bool get_raddr(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return addr(v, s, s->raddr);
}

static bool get_rport(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return num(v, s->rport);
}

static bool get_family(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	if (s->family == AF_UNIX)
		return word(v, "unix");
	return word(v, s->family == AF_INET6 ? "inet6" : "inet");
}

static bool get_v6only(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return s->family == AF_INET6 && flag(v, s->v6only);
}

/* An IPv6 wildcard that takes IPv4 too (ss prints "*"). */
static bool get_dual(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	static const uint8_t any6[16];

	return flag(v, s->family == AF_INET6 && !s->v6only &&
		       memcmp(s->laddr, any6, sizeof(any6)) == 0);
}

static bool get_role(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return word(v, s->role == SV_ROLE_NONE ? NULL :
		       sv_classify_role_name((enum sv_role)s->role));
}

static bool get_port_class(const struct sv_sock *s, const struct sv_field_ctx *c,
			   struct sv_value *v)
{
	const char *cls = sv_services_class_name((enum sv_port_class)s->port_class);

	/* not a class (never classified): it only depends on the port */
	return word(v, cls ? cls : sv_services_class_name(sv_services_class(s->lport)));
}

static bool get_ephemeral(const struct sv_sock *s, const struct sv_field_ctx *c,
			  struct sv_value *v)
{
	return flag(v, s->ephemeral);
}

/* The Class column: the word the table's classifier chose (a unix
 * socket's kind of name); "ephemeral" for a port the kernel picked for a
 * client, else the IANA class of its number; none for a record without a
 * port that was not classified. */
static bool get_class(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	if (s->class_name)
		return word(v, s->class_name);
	if (!d || !d->ports) /* no port, and not classified */
		return false;
	return s->ephemeral ? word(v, "ephemeral") : get_port_class(s, c, v);
}

static bool get_service(const struct sv_sock *s, const struct sv_field_ctx *c,
			struct sv_value *v)
{
	return word(v, s->service);
}

static bool get_uid(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return num(v, s->uid);
}

static bool get_inode(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return num(v, s->inode);
}

static bool get_cookie(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	v->type = SV_FT_HEX64;
	v->u = s->cookie;
	return true;
}

static bool get_mark(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	return (s->have & SV_HAVE_MARK) && num(v, s->mark);
}

static bool get_cgroup(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	v->type = SV_FT_DEC64;
	v->u = s->cgroup_id;
	return (s->have & SV_HAVE_CGROUP) != 0;
}

/* A unix socket's name of one kind, as bound. */
static bool get_unix_bytes(struct sv_value *v, const struct sv_sock *s, bool abstract)
{
	if (!s->un.path || s->un.abstract != abstract)
		return false;
	v->type = SV_FT_TEXT;
	v->s.p = s->un.path;
	v->s.len = s->un.path_len;
	return true;
}

/* local.path: a path name, as bound (untrusted bytes). */
static bool get_unix_path(const struct sv_sock *s, const struct sv_field_ctx *c,
			  struct sv_value *v)
{
	return get_unix_bytes(v, s, false);
}

/* local.abstract: an abstract name without its leading NUL (the NULs in
 * it are kept: JSON writes them as \u0000). */
static bool get_unix_abstract(const struct sv_sock *s, const struct sv_field_ctx *c,
			      struct sv_value *v)
{
	return get_unix_bytes(v, s, true);
}

static bool get_peer_inode(const struct sv_sock *s, const struct sv_field_ctx *c,
			   struct sv_value *v)
{
	return num(v, s->un.peer_ino);
}

static bool get_name_class(const struct sv_sock *s, const struct sv_field_ctx *c,
			   struct sv_value *v)
{
	return word(v, sv_unixname_class_name(sv_unixname_class(s)));
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
	{ "local.address", "local", "Local Address", INET, 0, J, SV_FT_ADDR, get_laddr },
	{ "local.port", "lport", "Local Port", INET, 0, J, SV_FT_UINT, get_lport },
	{ "local.interface", "dev", "Interface", INET, 0, J, SV_FT_TEXT, get_iface },
	{ "local.path", "path", "Path", UNIX, 0, J, SV_FT_TEXT, get_unix_path },
	{ "local.abstract", "abstract", "Abstract Name", UNIX, 0, J, SV_FT_TEXT,
	  get_unix_abstract },
	{ "local.inode", NULL, "Local Inode", UNIX, 0, J, SV_FT_UINT, get_inode },
	{ "peer.address", "peer", "Peer Address", INET, 0, J, SV_FT_ADDR, get_raddr },
	{ "peer.port", "pport", "Peer Port", INET, 0, J, SV_FT_UINT, get_rport },
	{ "peer.inode", "pinode", "Peer Inode", UNIX, 0, J, SV_FT_UINT, get_peer_inode },
	{ "family", NULL, "Family", INET | UNIX, 0, J, SV_FT_WORD, get_family },
	{ "v6only", NULL, "V6only", INET, 0, J, SV_FT_BOOL, get_v6only },
	{ "dual_stack", NULL, "Dual", INET, 0, J, SV_FT_BOOL, get_dual },
	{ "role", NULL, "Role", 0, 0, J | C, SV_FT_WORD, get_role },
	{ "port_class", NULL, "Port Class", INET, 0, J, SV_FT_WORD, get_port_class },
	{ "ephemeral", NULL, "Ephemeral", INET, 0, J, SV_FT_BOOL, get_ephemeral },
	{ "name_class", NULL, "Name Class", UNIX, 0, J, SV_FT_WORD, get_name_class },
	{ "class", NULL, "Class", 0, 0, C, SV_FT_WORD, get_class },
	{ "service", NULL, "Service", 0, 0, J | C, SV_FT_WORD, get_service },
	{ "uid", NULL, "UID", 0, 0, J, SV_FT_UINT, get_uid },
	{ "inode", "ino", "Inode", 0, 0, J, SV_FT_UINT, get_inode },
	{ "cookie", "sk", "Cookie", 0, 0, J, SV_FT_HEX64, get_cookie },
	{ "mark", "fwmark", "Mark", INET, 0, J, SV_FT_UINT, get_mark },
	{ "cgroup_id", NULL, "Cgroup ID", 0, 0, J, SV_FT_DEC64, get_cgroup },
	{ "users", "process", "Process", 0, SV_NEED_PROCS, J, SV_FT_USERS, get_users },
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
