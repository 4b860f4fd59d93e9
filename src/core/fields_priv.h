/* fields_priv.h - what the field registry's files share: the table masks
 * its entries name, the value makers of the accessors, and the accessors
 * of the packet, netlink, unix and namespace fields (fields_kinds.c).
 * Private to core. */
#ifndef SOCKVIEW_FIELDS_PRIV_H
#define SOCKVIEW_FIELDS_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sockview/fields.h"
#include "sockview/tables.h"

#define TB(t) (1u << SV_TABLE_##t)
/* inet tables with ports; all inet tables (raw's "port" is its protocol) */
#define IPPORTS (TB(TCP) | TB(UDP) | TB(MPTCP) | TB(SCTP) | TB(DCCP))
#define INET (IPPORTS | TB(RAW))
#define VSOCK (TB(VSOCK_STREAM) | TB(VSOCK_DGRAM))
#define ALL ((1u << SV_TABLE_MAX) - 1u)
#define PACKET ((1u << SV_TABLE_PACKET_RAW) | (1u << SV_TABLE_PACKET_DGRAM))
#define NETLINK (1u << SV_TABLE_NETLINK)
/* the tables whose sockets have an owner the kernel reports (vsock_diag
 * sends none; netlink sockets have no owner) */
#define OWNED (ALL & ~(VSOCK | NETLINK))
#define UNIX ((1u << SV_TABLE_UNIX_STREAM) | (1u << SV_TABLE_UNIX_DGRAM) |    \
	      (1u << SV_TABLE_UNIX_SEQPACKET))

/* The value makers: v set to a word (NULL: null), a number, a flag or
 * s's address a; each returns true (the field has a value). */
static inline bool fv_word(struct sv_value *v, const char *w)
{
	v->type = w ? SV_FT_WORD : SV_FT_NULL;
	v->s.p = w;
	v->s.len = w ? strlen(w) : 0;
	return true;
}

static inline bool fv_num(struct sv_value *v, uint64_t u)
{
	v->type = SV_FT_UINT;
	v->u = u;
	return true;
}

static inline bool fv_flag(struct sv_value *v, bool b)
{
	v->type = SV_FT_BOOL;
	v->b = b;
	return true;
}

static inline bool fv_addr(struct sv_value *v, const struct sv_sock *s, const uint8_t *a)
{
	v->type = SV_FT_ADDR;
	v->addr.family = s->family;
	v->addr.a = a;
	return true;
}

/* fields_kinds.c: the accessors of the packet, netlink, namespace and unix
 * fields (fields.h: sv_field.get). */
bool sv_fields_pk_protocol(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_pk_ifindex(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_pk_iface(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_pk_filter(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_nl_protocol(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_nl_portid(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_nl_groups(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_nl_peer_portid(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_nl_peer_group(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_netns(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_netns_inode(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_netns_name(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_netns_owner(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_unix_path(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_unix_abstract(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_peer_inode(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);
bool sv_fields_name_class(const struct sv_sock *s, const struct sv_field_ctx *c,
			       struct sv_value *v);

#endif
