/* format_cells_misc.h - ss's address cells, Netid and state names of the
 * tables beyond tcp, udp, unix, packet and netlink: raw, sctp, vsock,
 * tipc, xdp (a table's cells, netid and state_name functions, tables.h). */
#ifndef SOCKVIEW_FORMAT_CELLS_MISC_H
#define SOCKVIEW_FORMAT_CELLS_MISC_H

#include "sockview/format.h"

/* raw: the inet cells, with the IP protocol as the "port", named as ss
 * names it (the protocols database, else "ipproto-N"; a number with -n;
 * "*" for 0). */
void sv_format_cells_raw(const struct sv_fmt_opts *o, const struct sv_sock *s,
			 struct sv_cells *c);

/* A port cell holding an IP protocol, as ss prints raw sockets' "ports":
 * "*" for 0, the protocols database's name, else "ipproto-N" (a number
 * with -n). */
void sv_format_cells_ipproto(const struct sv_fmt_opts *o, struct sv_cells *c,
			     enum sv_cell i, uint16_t proto);

/* How ss names the ports of dccp, sctp and mptcp when it lists tables
 * (1 << SV_TABLE_*) in one run (format.h, enum sv_fmt_borrow). */
enum sv_fmt_borrow sv_format_cells_borrow(uint32_t tables);

/* sctp: the inet cells; an association's State is "`-" and its SCTP
 * state ("`-ESTAB") and its Netid is the table's, so that no field is
 * empty or split; with o->ss_text, ss's own "`- ESTAB" with an empty
 * Netid. */
void sv_format_cells_sctp(const struct sv_fmt_opts *o, const struct sv_sock *s,
			  struct sv_cells *c);

/* The state name of an sctp record: an association's SCTP state as ss
 * names it ("COOKIE_WAIT", "ESTAB", ... "ACK_SENT"; "UNKNOWN" past them),
 * else ss's usual names. */
const char *sv_format_cells_sctp_state(const struct sv_sock *s);

/* vsock: "CID:" and the port, "*" for VMADDR_CID_ANY / VMADDR_PORT_ANY. */
void sv_format_cells_vsock(const struct sv_fmt_opts *o, const struct sv_sock *s,
			   struct sv_cells *c);

/* tipc: "NODE:" and the reference; the peer's, or "-" and an empty port
 * when it has none (as ss). */
void sv_format_cells_tipc(const struct sv_fmt_opts *o, const struct sv_sock *s,
			  struct sv_cells *c);

/* The Netid of a tipc record, by its type: ti_st, ti_dg, ti_rd, ti_sq
 * ("???" for another, as ss). */
const char *sv_format_cells_tipc_netid(const struct sv_sock *s);

/* xdp: the interface (escaped) and "q" with the queue when bound,
 * else "*" and an empty port; the peer is "*". */
void sv_format_cells_xdp(const struct sv_fmt_opts *o, const struct sv_sock *s,
			 struct sv_cells *c);

#endif
