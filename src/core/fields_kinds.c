/* fields_kinds.c - the field registry's accessors of packet, netlink and
 * unix sockets, and of the network namespace a row was listed in
 * (fields_priv.h). */
#include <string.h>
#include <sys/socket.h>

#include "sockview/diag_netlink.h"
#include "sockview/netns_scan.h"
#include "sockview/unixname.h"

#include "fields_priv.h"

/* ---- packet sockets */

bool sv_fields_pk_protocol(const struct sv_sock *s, const struct sv_field_ctx *c,
			    struct sv_value *v)
{
	return fv_num(v, s->pk.protocol);
}

bool sv_fields_pk_ifindex(const struct sv_sock *s, const struct sv_field_ctx *c,
			   struct sv_value *v)
{
	return fv_num(v, s->pk.ifindex);
}

/* The interface it is bound to, by name (untrusted text); absent when it
 * takes every interface. */
bool sv_fields_pk_iface(const struct sv_sock *s, const struct sv_field_ctx *c,
			 struct sv_value *v)
{
	const char *name;

	if (!s->pk.ifindex || !c || !c->ifnames)
		return false;
	name = sv_ifnames_get(c->ifnames, s->pk.ifindex);
	v->type = SV_FT_TEXT;
	v->s.p = name;
	v->s.len = strlen(name);
	return true;
}

/* -b: the filter's instructions; null when the kernel hid them (no
 * CAP_NET_ADMIN: no instruction); absent without -b or without a filter. */
bool sv_fields_pk_filter(const struct sv_sock *s, const struct sv_field_ctx *c,
			  struct sv_value *v)
{
	if (!(s->have & SV_HAVE_BPF))
		return false;
	if (s->pk.filter_len == 0)
		return fv_word(v, NULL);
	v->type = SV_FT_BPF;
	v->s.p = s->pk.filter;
	v->s.len = s->pk.filter_len;
	return true;
}

/* ---- netlink sockets */

bool sv_fields_nl_protocol(const struct sv_sock *s, const struct sv_field_ctx *c,
			    struct sv_value *v)
{
	return fv_num(v, s->nl.protocol);
}

bool sv_fields_nl_portid(const struct sv_sock *s, const struct sv_field_ctx *c,
			  struct sv_value *v)
{
	return fv_num(v, s->nl.portid);
}

bool sv_fields_nl_groups(const struct sv_sock *s, const struct sv_field_ctx *c,
			  struct sv_value *v)
{
	v->type = SV_FT_GROUPS;
	v->s.p = s->nl.groups;
	v->s.len = s->nl.groups ? s->nl.groups_len : s->nl.groups32;
	return true;
}

bool sv_fields_nl_peer_portid(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v)
{
	return s->nl.connected && fv_num(v, s->nl.dst_portid);
}

bool sv_fields_nl_peer_group(const struct sv_sock *s, const struct sv_field_ctx *c,
			      struct sv_value *v)
{
	return s->nl.connected && fv_num(v, s->nl.dst_group);
}

/* --all-netns: the namespace the row was listed in (netns_scan.h). */
bool sv_fields_netns(const struct sv_sock *s, const struct sv_field_ctx *c, struct sv_value *v)
{
	(void)c;
	if (!s->netns || !s->netns->text_len)
		return false;
	v->type = SV_FT_TEXT;
	v->s.p = s->netns->text;
	v->s.len = s->netns->text_len;
	return true;
}

bool sv_fields_netns_inode(const struct sv_sock *s, const struct sv_field_ctx *c,
			    struct sv_value *v)
{
	(void)c;
	return s->netns && s->netns->inode && fv_num(v, s->netns->inode);
}

static bool netns_text(const char *p, struct sv_value *v)
{
	if (!*p)
		return false;
	v->type = SV_FT_TEXT;
	v->s.p = p;
	v->s.len = strlen(p);
	return true;
}

bool sv_fields_netns_name(const struct sv_sock *s, const struct sv_field_ctx *c,
			   struct sv_value *v)
{
	(void)c;
	return s->netns && netns_text(s->netns->name, v);
}

bool sv_fields_netns_owner(const struct sv_sock *s, const struct sv_field_ctx *c,
			    struct sv_value *v)
{
	(void)c;
	return s->netns && netns_text(s->netns->owner, v);
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
bool sv_fields_unix_path(const struct sv_sock *s, const struct sv_field_ctx *c,
			  struct sv_value *v)
{
	return get_unix_bytes(v, s, false);
}

/* local.abstract: an abstract name without its leading NUL (the NULs in
 * it are kept: JSON writes them as \u0000). */
bool sv_fields_unix_abstract(const struct sv_sock *s, const struct sv_field_ctx *c,
			      struct sv_value *v)
{
	return get_unix_bytes(v, s, true);
}

bool sv_fields_peer_inode(const struct sv_sock *s, const struct sv_field_ctx *c,
			   struct sv_value *v)
{
	return fv_num(v, s->un.peer_ino);
}

bool sv_fields_name_class(const struct sv_sock *s, const struct sv_field_ctx *c,
			   struct sv_value *v)
{
	return fv_word(v, sv_unixname_class_name(sv_unixname_class(s)));
}
