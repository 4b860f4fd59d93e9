/* format_cells.c - the texts ss prints for a socket (netid, state, queues,
 * addresses with ports, processes), shared by sockview's layout and ss's. */
#include <stdio.h>
#include <string.h>

#include "sockview/addr.h"
#include "sockview/escape.h"
#include "sockview/format.h"
#include "sockview/format_cells_misc.h"
#include "sockview/state.h"
#include "sockview/sysservices.h"
#include "sockview/tables.h"

static void cell_set(struct sv_cells *c, enum sv_cell i, const char *s, size_t n)
{
	if (n >= SV_CELL_LEN)
		n = SV_CELL_LEN - 1;
	memcpy(c->text[i], s, n);
	c->text[i][n] = '\0';
	c->len[i] = (uint16_t)n;
}

/* A port as ss writes it: "*" for 0; without -n, the name the system's
 * services database gives it, unless the port lies in the ephemeral range
 * (ss never names those: they are client ports, or a listener's that merely
 * looks like a registered one). */
static void cell_port(const struct sv_fmt_opts *o, struct sv_cells *c,
		      enum sv_cell i, uint16_t port, enum sv_proto t)
{
	const char *name = NULL;

	if (!o->numeric && o->services && port && (port < o->eph_lo || port > o->eph_hi))
		name = sv_sysservices_name(o->services, port, t);
	if (port == 0)
		cell_set(c, i, "*", 1);
	else if (name) { /* a cell too narrow keeps a clean prefix */
		size_t n = sv_escape_text(c->text[i], SV_CELL_LEN, name, strlen(name));

		c->len[i] = (uint16_t)(n < SV_CELL_LEN ? n : strlen(c->text[i]));
	} else
		c->len[i] = (uint16_t)sv_addr_utoa(c->text[i], port);
}

/* -r: the host name of addr as ss prints it (escaped: it comes from the
 * hosts file or DNS; bracketed if it holds a ':'), into p; 0 when it has
 * none, or one too long for the cell: then the address is printed. */
static size_t cell_host(const struct sv_fmt_opts *o, char *p, const struct sv_sock *s,
			const uint8_t *addr)
{
	const char *name = sv_resolve_name(o->resolve, s->family, addr);
	size_t n, room = SV_CELL_LEN - 3 - 4 * IF_NAMESIZE; /* [] : %dev */

	if (!name || !name[0])
		return 0;
	n = sv_escape_text(p + 1, room, name, strlen(name));
	if (n >= room)
		return 0;
	if (!strchr(p + 1, ':')) {
		memmove(p, p + 1, n + 1);
		return n;
	}
	p[0] = '[';
	p[n + 1] = ']';
	p[n + 2] = '\0';
	return n + 2;
}

/* A port of a table that borrows its names (format.h, enum
 * sv_fmt_borrow) named as ss names it: raw's IP protocol names (ss skips
 * the ephemeral range there), udp's services, or any protocol's. */
static void borrowed_port(const struct sv_fmt_opts *o, struct sv_cells *c,
			  enum sv_cell i, uint16_t port)
{
	const char *name = NULL;

	if (o->borrow == SV_FMT_BORROW_RAW) {
		sv_format_cells_ipproto(o, c, i, port);
		return;
	}
	if (o->borrow == SV_FMT_BORROW_UDP) {
		cell_port(o, c, i, port, SV_PROTO_UDP);
		return;
	}
	if (!o->numeric && o->services && port && (port < o->eph_lo || port > o->eph_hi))
		name = sv_sysservices_name_any(o->services, port);
	if (name) {
		size_t n = sv_escape_text(c->text[i], SV_CELL_LEN, name, strlen(name));

		c->len[i] = (uint16_t)(n < SV_CELL_LEN ? n : strlen(c->text[i]));
	} else {
		cell_port(o, c, i, port, SV_PROTO_TCP); /* never named: see above */
	}
}

/* "addr:" or "addr%dev:" (the device name escaped: it may hold any byte
 * but '/', ':' and spaces); with -r, the address's name where it has one. */
static void cell_addr(const struct sv_fmt_opts *o, struct sv_cells *c,
		      enum sv_cell i, const struct sv_sock *s,
		      const uint8_t *addr, uint32_t ifindex)
{
	char *p = c->text[i];
	size_t n = o->resolve ? cell_host(o, p, s, addr) : 0;

	if (!n)
		n = sv_addr_format(p, SV_CELL_LEN, s->family, addr, s->v6only);

	if (ifindex && o->ifnames) {
		const char *raw = sv_ifnames_get(o->ifnames, ifindex);
		char dev[4 * IF_NAMESIZE + 1];
		size_t dl = sv_escape_text(dev, sizeof(dev), raw, strlen(raw));

		if (dl < sizeof(dev) && n + 2 + dl < SV_CELL_LEN) {
			p[n++] = '%';
			memcpy(p + n, dev, dl);
			n += dl;
		}
	}
	p[n++] = ':';
	p[n] = '\0';
	c->len[i] = (uint16_t)n;
}

/* See format.h. */
void sv_format_cells_inet(const struct sv_fmt_opts *o, const struct sv_sock *s,
			  struct sv_cells *c)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);
	enum sv_proto t = sv_tables_proto((enum sv_table)s->table);

	cell_addr(o, c, SV_CELL_LADDR, s, s->laddr, s->ifindex);
	cell_addr(o, c, SV_CELL_RADDR, s, s->raddr, 0);
	if (d && d->ports_borrowed && o->borrow != SV_FMT_BORROW_TCP) {
		borrowed_port(o, c, SV_CELL_LPORT, s->lport);
		borrowed_port(o, c, SV_CELL_RPORT, s->rport);
		return;
	}
	cell_port(o, c, SV_CELL_LPORT, s->lport, t);
	cell_port(o, c, SV_CELL_RPORT, s->rport, t);
}

/* See format.h. The address cells are the table's (tables.h); a table
 * without its own are "*" and "*". */
void sv_format_cells(const struct sv_fmt_opts *o, const struct sv_sock *s,
		     struct sv_cells *c)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);
	const char *v = sv_tables_netid(s);

	cell_set(c, SV_CELL_NETID, v, strlen(v));
	v = sv_tables_state_name(s);
	cell_set(c, SV_CELL_STATE, v, strlen(v));
	c->len[SV_CELL_RECVQ] = (uint16_t)sv_addr_utoa(c->text[SV_CELL_RECVQ], s->rqueue);
	c->len[SV_CELL_SENDQ] = (uint16_t)sv_addr_utoa(c->text[SV_CELL_SENDQ], s->wqueue);
	if (d && d->cells) {
		d->cells(o, s, c);
		return;
	}
	for (int i = SV_CELL_LADDR; i <= SV_CELL_RPORT; i++)
		cell_set(c, (enum sv_cell)i, "*", 1);
}

/* -Z, -z: a context as ss prints it after "proc_ctx=" or "sock_ctx=",
 * escaped (it comes from outside), into buf ("" when not asked). */
static const char *ctx_text(char *buf, size_t cap, const char *label, const char *ctx)
{
	size_t n;

	buf[0] = '\0';
	if (!ctx)
		return buf;
	n = (size_t)snprintf(buf, cap, "%s", label);
	sv_escape_text(buf + n, cap - n, ctx, strlen(ctx));
	return buf;
}

/* One holder as ss writes it, ("comm",pid=N,tid=N,proc_ctx=C,fd=N,sock_ctx=C)
 * (tid with -T, the contexts with -Z and -z), into e (room for the name,
 * both contexts and the numbers); returns its length. Plain copies: this
 * runs for every row of -p. */
static size_t holder(char *e, const struct sv_proc_ref *p, const char *name, size_t nl,
		     const char *pctx, const char *sctx)
{
	size_t n = 0, cl = strlen(pctx), sl = strlen(sctx);

	memcpy(e, "(\"", 2);
	memcpy(e + 2, name, nl);
	n = 2 + nl;
	memcpy(e + n, "\",pid=", 6);
	n += 6;
	n += sv_addr_utoa(e + n, p->pid);
	e[n++] = ',';
	if (p->tid) { /* -T */
		memcpy(e + n, "tid=", 4);
		n += 4;
		n += sv_addr_utoa(e + n, p->tid);
		e[n++] = ',';
	}
	if (cl) {
		memcpy(e + n, pctx, cl);
		n += cl;
		e[n++] = ',';
	}
	memcpy(e + n, "fd=", 3);
	n += 3;
	if (p->fd < 0)
		e[n++] = '-';
	n += sv_addr_utoa(e + n, p->fd < 0 ? (uint32_t)-(int64_t)p->fd : (uint32_t)p->fd);
	memcpy(e + n, sctx, sl);
	n += sl;
	e[n++] = ')';
	return n;
}

/* See format.h. The names are escaped: they are whatever a process chose
 * to call itself. */
size_t sv_format_cells_users(char *out, size_t cap, const struct sv_sock *s)
{
	size_t n = 0;

	if (!s->nprocs || cap < 64) {
		if (cap)
			out[0] = '\0';
		return 0;
	}
	memcpy(out, "users:(", 7);
	n = 7;
	for (uint16_t i = 0; i < s->nprocs; i++) {
		const struct sv_proc_ref *p = &s->procs[i];
		char name[4 * 64 + 1], pctx[512], sctx[512], e[sizeof(name) + 2 * 512 + 64];
		size_t nl = sv_escape_text(name, sizeof(name), p->comm ? p->comm : "",
					   p->comm ? strlen(p->comm) : 0), el;

		if (nl >= sizeof(name))
			nl = sizeof(name) - 1;
		ctx_text(pctx, sizeof(pctx), "proc_ctx=", p->proc_ctx);
		ctx_text(sctx, sizeof(sctx), ",sock_ctx=", p->sock_ctx);
		if (n + sizeof(name) + strlen(pctx) + strlen(sctx) + 48 >= cap) {
			n += (size_t)snprintf(out + n, cap - n, "...");
			break;
		}
		if (i)
			out[n++] = ',';
		el = holder(e, p, name, nl, pctx, sctx);
		if (el > cap - n - 1)
			el = cap - n - 1; /* never: the room was checked */
		memcpy(out + n, e, el);
		n += el;
	}
	if (n + 1 < cap)
		out[n++] = ')';
	out[n < cap ? n : cap - 1] = '\0';
	return n < cap ? n : cap - 1;
}
