/* format_cells_misc.c - ss's texts for raw, sctp, vsock, tipc and xdp
 * sockets: their address cells, TIPC's Netid, SCTP's association states. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/addr.h"
#include "sockview/escape.h"
#include "sockview/format_cells_misc.h"
#include "sockview/state.h"
#include "sockview/sysprotocols.h"

static void cell_set(struct sv_cells *c, enum sv_cell i, const char *s)
{
	size_t n = strlen(s);

	if (n >= SV_CELL_LEN)
		n = SV_CELL_LEN - 1;
	memcpy(c->text[i], s, n);
	c->text[i][n] = '\0';
	c->len[i] = (uint16_t)n;
}

static void cell_num(struct sv_cells *c, enum sv_cell i, uint32_t v)
{
	c->len[i] = (uint16_t)sv_addr_utoa(c->text[i], v);
}

/* "N:" */
static void cell_num_colon(struct sv_cells *c, enum sv_cell i, uint32_t v)
{
	size_t n = sv_addr_utoa(c->text[i], v);

	c->text[i][n++] = ':';
	c->text[i][n] = '\0';
	c->len[i] = (uint16_t)n;
}

/* See format_cells_misc.h. */
void sv_format_cells_ipproto(const struct sv_fmt_opts *o, struct sv_cells *c,
			     enum sv_cell i, uint16_t proto)
{
	const char *name = !o->numeric && proto <= 255 ?
			   sv_sysprotocols_name(o->protocols, (uint8_t)proto) : NULL;
	char buf[32];

	if (proto == 0) {
		cell_set(c, i, "*");
	} else if (name) { /* the database's text: escaped, cut clean */
		size_t n = sv_escape_text(c->text[i], SV_CELL_LEN, name, strlen(name));

		c->len[i] = (uint16_t)(n < SV_CELL_LEN ? n : strlen(c->text[i]));
	} else if (o->numeric) {
		cell_num(c, i, proto);
	} else {
		snprintf(buf, sizeof(buf), "ipproto-%u", proto);
		cell_set(c, i, buf);
	}
}

/* See format_cells_misc.h. */
void sv_format_cells_raw(const struct sv_fmt_opts *o, const struct sv_sock *s,
			 struct sv_cells *c)
{
	sv_format_cells_inet(o, s, c);
	sv_format_cells_ipproto(o, c, SV_CELL_LPORT, s->lport);
	sv_format_cells_ipproto(o, c, SV_CELL_RPORT, s->rport);
}

/* SCTP's association states (include/net/sctp/constants.h), as ss names
 * them. */
static const char *const sctp_states[] = {
	"CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED", "ESTAB", "SHUTDOWN_PENDING",
	"SHUTDOWN_SENT", "SHUTDOWN_RECEIVED", "ACK_SENT",
};

/* See format_cells_misc.h. */
const char *sv_format_cells_sctp_state(const struct sv_sock *s)
{
	if (!s->assoc)
		return sv_state_name(s->state);
	return s->state < sizeof(sctp_states) / sizeof(sctp_states[0]) ?
	       sctp_states[s->state] : "UNKNOWN";
}

/* See format_cells_misc.h. */
void sv_format_cells_sctp(const struct sv_fmt_opts *o, const struct sv_sock *s,
			  struct sv_cells *c)
{
	char buf[SV_CELL_LEN];

	sv_format_cells_inet(o, s, c);
	if (!s->assoc)
		return;
	snprintf(buf, sizeof(buf), o->ss_text ? "`- %s" : "`-%s",
		 sv_format_cells_sctp_state(s));
	cell_set(c, SV_CELL_STATE, buf);
	if (o->ss_text)
		cell_set(c, SV_CELL_NETID, "");
}

/* A vsock cid or port: "*" for any (-1U). */
static void cell_vsock(struct sv_cells *c, enum sv_cell i, uint32_t v, bool addr)
{
	if (v == UINT32_MAX)
		cell_set(c, i, addr ? "*:" : "*");
	else if (addr)
		cell_num_colon(c, i, v);
	else
		cell_num(c, i, v);
}

/* See format_cells_misc.h. */
void sv_format_cells_vsock(const struct sv_fmt_opts *o, const struct sv_sock *s,
			   struct sv_cells *c)
{
	cell_vsock(c, SV_CELL_LADDR, s->vs.src_cid, true);
	cell_vsock(c, SV_CELL_LPORT, s->vs.src_port, false);
	cell_vsock(c, SV_CELL_RADDR, s->vs.dst_cid, true);
	cell_vsock(c, SV_CELL_RPORT, s->vs.dst_port, false);
}

/* See format_cells_misc.h. */
void sv_format_cells_tipc(const struct sv_fmt_opts *o, const struct sv_sock *s,
			  struct sv_cells *c)
{
	cell_num_colon(c, SV_CELL_LADDR, s->tp.node);
	cell_num(c, SV_CELL_LPORT, s->tp.ref);
	if (s->have & SV_HAVE_TIPC_PEER) {
		cell_num_colon(c, SV_CELL_RADDR, s->tp.peer_node);
		cell_num(c, SV_CELL_RPORT, s->tp.peer_ref);
	} else {
		cell_set(c, SV_CELL_RADDR, "-");
		cell_set(c, SV_CELL_RPORT, "");
	}
}

/* See format_cells_misc.h. */
const char *sv_format_cells_tipc_netid(const struct sv_sock *s)
{
	switch (s->tp.type) {
	case SOCK_STREAM: return "ti_st";
	case SOCK_DGRAM: return "ti_dg";
	case SOCK_RDM: return "ti_rd";
	case SOCK_SEQPACKET: return "ti_sq";
	default: return "???";
	}
}

/* See format_cells_misc.h. The interface's name is escaped (any byte but
 * '/', ':' and spaces may be in it). */
void sv_format_cells_xdp(const struct sv_fmt_opts *o, const struct sv_sock *s,
			 struct sv_cells *c)
{
	char q[16];

	if ((s->have & SV_HAVE_XDP_INFO) && s->xd.ifindex) {
		char *p = c->text[SV_CELL_LADDR];
		const char *raw = NULL;
		char num[16];
		size_t n;

		if (o->ifnames)
			raw = sv_ifnames_get(o->ifnames, s->xd.ifindex);
		if (!raw) {
			sv_addr_utoa(num, s->xd.ifindex);
			raw = num;
		}
		n = sv_escape_text(p, SV_CELL_LEN - 1, raw, strlen(raw));
		if (n >= SV_CELL_LEN - 1)
			n = strlen(p);
		p[n++] = ':';
		p[n] = '\0';
		c->len[SV_CELL_LADDR] = (uint16_t)n;
		snprintf(q, sizeof(q), "q%u", s->xd.queue_id);
		cell_set(c, SV_CELL_LPORT, q);
	} else {
		cell_set(c, SV_CELL_LADDR, "*");
		cell_set(c, SV_CELL_LPORT, "");
	}
	cell_set(c, SV_CELL_RADDR, "*");
	cell_set(c, SV_CELL_RPORT, "");
}

/* See format_cells_misc.h. ss lists raw, then udp, then tcp: the last of
 * them asked for sets the names. */
enum sv_fmt_borrow sv_format_cells_borrow(uint32_t tables)
{
	if (tables & (1u << SV_TABLE_TCP))
		return SV_FMT_BORROW_TCP;
	if (tables & (1u << SV_TABLE_UDP))
		return SV_FMT_BORROW_UDP;
	if (tables & (1u << SV_TABLE_RAW))
		return SV_FMT_BORROW_RAW;
	return SV_FMT_BORROW_ANY;
}
