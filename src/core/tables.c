/* tables.c - the socket tables sockview lists, one descriptor each, and
 * ss's words for them (-A, -f). */
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/sock_diag.h>

#include "sockview/classify.h"
#include "sockview/classify_misc.h"
#include "sockview/diag_misc.h"
#include "sockview/format.h"
#include "sockview/format_details.h"
#include "sockview/proc_inet.h"
#include "sockview/proc_tables.h"
#include "sockview/format_cells_misc.h"
#include "sockview/state.h"
#include "sockview/tables.h"

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef AF_XDP
#define AF_XDP 44
#endif

#define ST(s) (1u << SV_STATE_##s)
#define TB(t) (1u << SV_TABLE_##t)

/* Connected states: everything but LISTEN, CLOSE, TIME-WAIT and SYN-RECV
 * (ss's SS_CONN; not its "connected" group). */
#define CONN SV_STATES_CONN
/* TIPC's default: ESTABLISHED, LISTEN and CLOSE (ss's TIPC_SS_CONN). */
#define TIPC_CONN (ST(ESTABLISHED) | ST(LISTEN) | ST(CLOSE))

#define UNIX_TABLES (TB(UNIX_STREAM) | TB(UNIX_DGRAM) | TB(UNIX_SEQPACKET))
#define PACKET_TABLES (TB(PACKET_RAW) | TB(PACKET_DGRAM))
#define VSOCK_TABLES (TB(VSOCK_STREAM) | TB(VSOCK_DGRAM))
#define INET_TABLES (TB(UDP) | TB(DCCP) | TB(TCP) | TB(MPTCP) | TB(SCTP) | TB(RAW))

/* An inet table, dumped per family with inet_diag. */
#define INET_BASE(t, nm, proto_, pn, def)                                      \
	.id = SV_TABLE_##t, .name = nm, .kind = SV_KIND_INET,                  \
	.families = SV_AF_INET_BOTH, .ipproto = proto_, .dump = SV_TABLE_##t,  \
	.proto = pn, .default_states = def
/* One with ports, ss's inet cells and the port rules. */
#define INET(t, nm, proto_, pn, def)                                           \
	INET_BASE(t, nm, proto_, pn, def), .ports = true,                      \
	.cells = sv_format_cells_inet, .classify = sv_classify_sock_inet,      \
	.note = sv_classify_note_inet

/* A unix table: one unix_diag dump holds the three (its first, u_str,
 * asks for them); the parser sets each record's table from its type. */
#define UNIX(t, nm, q)                                                         \
	.id = SV_TABLE_##t, .name = nm, .query = q, .kind = SV_KIND_UNIX,      \
	.families = SV_AF(AF_UNIX), .diag_family = AF_UNIX,                    \
	.dump = SV_TABLE_UNIX_STREAM, .parse = sv_diag_unix_parse,             \
	.request = sv_diag_unix_request, .cells = sv_format_cells_unix,        \
	.classify = sv_classify_unix_sock

/* The packet tables: one dump whose parser tells p_raw from p_dgr. */
#define PACKET_FNS                                                             \
	.parse = sv_diag_packet_parse, .request = sv_diag_packet_request,      \
	.cells = sv_format_packet_cells, .classify = sv_classify_link_packet

static const struct sv_table_desc tables[SV_TABLE_MAX] = {
	[SV_TABLE_UDP] = {
		.protocols = { "UDP", "UDPv6" },
		INET(UDP, "udp", IPPROTO_UDP, SV_PROTO_UDP, ST(ESTABLISHED)),
		.listen_states = ST(CLOSE), .serving_states = ST(CLOSE),
		.never_states = ST(NEW_SYN_RECV) | ST(BOUND_INACTIVE),
		.bytecode = true, .parse = sv_diag_inet_parse,
		.request = sv_diag_inet_request, .details = sv_format_details_inet,
		.closable = true,
		.event_groups = { SKNLGRP_INET_UDP_DESTROY, SKNLGRP_INET6_UDP_DESTROY },
		.proc = { .parse = sv_proc_inet_parse, .header = "sl",
			  .files = { { AF_INET, "net/udp", "PROC_NET_UDP" },
				     { AF_INET6, "net/udp6", "PROC_NET_UDP6" } } },
	},
	[SV_TABLE_TCP] = {
		.protocols = { "TCP", "TCPv6" },
		INET(TCP, "tcp", IPPROTO_TCP, SV_PROTO_TCP, CONN),
		.listen_states = ST(LISTEN), .serving_states = ST(LISTEN),
		.never_states = ST(CLOSE) | ST(NEW_SYN_RECV),
		.as_close_states = ST(BOUND_INACTIVE), .bytecode = true,
		.parse = sv_diag_inet_parse, .request = sv_diag_inet_request,
		.details = sv_format_details_inet, .info_line = true,
		.closable = true,
		.event_groups = { SKNLGRP_INET_TCP_DESTROY, SKNLGRP_INET6_TCP_DESTROY },
		.proc = { .parse = sv_proc_inet_parse, .header = "sl",
			  .files = { { AF_INET, "net/tcp", "PROC_NET_TCP" },
				     { AF_INET6, "net/tcp6", "PROC_NET_TCP6" } },
			  .serving_first = true },
	},
	[SV_TABLE_RAW] = {
		.diag_module = "raw_diag",
		/* its "ports" are IP protocols (the kernel's sk_num): no port
		 * rules, no role; the protocol's name in the port cells */
		.protocols = { "RAW", "RAWv6" },
		INET_BASE(RAW, "raw", IPPROTO_RAW, SV_PROTO_UDP, ST(ESTABLISHED)),
		.cells = sv_format_cells_raw,
		.listen_states = ST(CLOSE), .bytecode = true, .closable = true,
		.parse = sv_diag_inet_parse, .request = sv_diag_inet_request,
		.proc = { .parse = sv_proc_tables_raw, .header = "sl",
			  .files = { { AF_INET, "net/raw", "PROC_NET_RAW" },
				     { AF_INET6, "net/raw6", "PROC_NET_RAW6" } },
			  .quiet = true },
	},
	[SV_TABLE_UNIX_STREAM] = {
		.protocols = { "UNIX-STREAM" },
		UNIX(UNIX_STREAM, "u_str", "unix_stream"),
		.default_states = CONN, .listen_states = ST(LISTEN),
		.serving_states = ST(LISTEN), .note = sv_classify_unix_note,
		.proc = { .parse = sv_proc_tables_unix, .header = "Num",
			  .files = { { AF_UNIX, "net/unix", "PROC_NET_UNIX" } },
			  .sorted = true },
	},
	[SV_TABLE_UNIX_DGRAM] = {
		.protocols = { "UNIX" },
		UNIX(UNIX_DGRAM, "u_dgr", "unix_dgram"),
		.default_states = ST(CLOSE), .listen_states = ST(CLOSE),
		.serving_states = ST(CLOSE),
	},
	[SV_TABLE_UNIX_SEQPACKET] = {
		.protocols = { "UNIX" },
		UNIX(UNIX_SEQPACKET, "u_seq", "unix_seqpacket"),
		.default_states = CONN, .listen_states = ST(LISTEN),
		.serving_states = ST(LISTEN), .note = sv_classify_unix_note,
	},
	[SV_TABLE_PACKET_RAW] = {
		.protocols = { "PACKET" },
		.id = SV_TABLE_PACKET_RAW, .name = "p_raw", .query = "packet_raw",
		.kind = SV_KIND_PACKET, .families = SV_AF(AF_PACKET),
		.diag_family = AF_PACKET, .dump = SV_TABLE_PACKET_RAW,
		.default_states = ST(CLOSE), .listen_states = ST(CLOSE),
		PACKET_FNS,
		.proc = { .parse = sv_proc_tables_packet, .header = "sk",
			  .files = { { AF_PACKET, "net/packet", "PROC_NET_PACKET" } } },
	},
	[SV_TABLE_PACKET_DGRAM] = {
		.protocols = { "PACKET" },
		.id = SV_TABLE_PACKET_DGRAM, .name = "p_dgr", .query = "packet_dgram",
		.kind = SV_KIND_PACKET, .families = SV_AF(AF_PACKET),
		.diag_family = AF_PACKET, .dump = SV_TABLE_PACKET_RAW,
		.default_states = ST(CLOSE), .listen_states = ST(CLOSE),
		PACKET_FNS,
	},
	[SV_TABLE_NETLINK] = {
		.protocols = { "NETLINK" },
		.id = SV_TABLE_NETLINK, .name = "nl", .query = "netlink",
		.kind = SV_KIND_NETLINK, .families = SV_AF(AF_NETLINK),
		.diag_family = AF_NETLINK, .dump = SV_TABLE_NETLINK,
		.default_states = ST(CLOSE), .listen_states = ST(CLOSE),
		.parse = sv_diag_netlink_parse, .request = sv_diag_netlink_request,
		.cells = sv_format_netlink_cells, .classify = sv_classify_link_netlink,
		.ss_no_users = true,
		.proc = { .parse = sv_proc_tables_netlink, .header = "sk",
			  .files = { { AF_NETLINK, "net/netlink", "PROC_NET_NETLINK" } } },
	},
	[SV_TABLE_MPTCP] = {
		.diag_module = "mptcp_diag",
		.protocols = { "MPTCP", "MPTCPv6" },
		INET(MPTCP, "mptcp", IPPROTO_MPTCP, SV_PROTO_TCP, CONN),
		.listen_states = ST(LISTEN), .serving_states = ST(LISTEN),
		.bytecode = true, .parse = sv_diag_mptcp_parse,
		.request = sv_diag_inet_request, .ports_borrowed = true,
	},
	[SV_TABLE_SCTP] = {
		.diag_module = "sctp_diag",
		/* sctp_diag runs no bytecode; its associations follow their
		 * endpoint */
		.protocols = { "SCTP", "SCTPv6" },
		INET_BASE(SCTP, "sctp", IPPROTO_SCTP, SV_PROTO_TCP, CONN),
		.ports = true, .classify = sv_classify_sock_inet,
		.listen_states = ST(LISTEN), .serving_states = ST(LISTEN),
		.parse = sv_diag_sctp_parse, .request = sv_diag_inet_request,
		.cells = sv_format_cells_sctp,
		.state_name = sv_format_cells_sctp_state, .assoc_rows = true,
		.ports_borrowed = true,
	},
	[SV_TABLE_DCCP] = {
		.diag_module = "dccp_diag",
		.protocols = { "DCCP", "DCCPv6" },
		INET(DCCP, "dccp", IPPROTO_DCCP, SV_PROTO_TCP, CONN),
		.listen_states = ST(LISTEN), .serving_states = ST(LISTEN),
		.bytecode = true, .parse = sv_diag_inet_parse,
		.request = sv_diag_inet_request, .ports_borrowed = true,
	},
	[SV_TABLE_VSOCK_STREAM] = {
		.diag_module = "vsock_diag",
		.protocols = { "AF_VSOCK" },
		.id = SV_TABLE_VSOCK_STREAM, .name = "v_str", .query = "vsock_stream",
		.kind = SV_KIND_VSOCK, .families = SV_AF(AF_VSOCK),
		.diag_family = AF_VSOCK, .dump = SV_TABLE_VSOCK_STREAM,
		.default_states = CONN, .listen_states = ST(LISTEN),
		.serving_states = ST(LISTEN), .uncounted = true,
		.parse = sv_diag_vsock_parse, .request = sv_diag_vsock_request,
		.cells = sv_format_cells_vsock, .classify = sv_classify_misc_state,
	},
	[SV_TABLE_VSOCK_DGRAM] = {
		.diag_module = "vsock_diag",
		.protocols = { "AF_VSOCK" },
		.id = SV_TABLE_VSOCK_DGRAM, .name = "v_dgr", .query = "vsock_dgram",
		.kind = SV_KIND_VSOCK, .families = SV_AF(AF_VSOCK),
		.diag_family = AF_VSOCK, .dump = SV_TABLE_VSOCK_STREAM,
		.default_states = CONN, .listen_states = ST(CLOSE),
		.uncounted = true, .parse = sv_diag_vsock_parse,
		.request = sv_diag_vsock_request, .cells = sv_format_cells_vsock,
		.classify = sv_classify_misc_state,
	},
	[SV_TABLE_TIPC] = {
		.diag_module = "tipc_diag",
		.protocols = { "TIPC" },
		.id = SV_TABLE_TIPC, .name = "tipc", .kind = SV_KIND_TIPC,
		.families = SV_AF(AF_TIPC), .diag_family = AF_TIPC,
		.dump = SV_TABLE_TIPC, .default_states = TIPC_CONN,
		.listen_states = ST(LISTEN) | ST(CLOSE),
		.serving_states = ST(LISTEN),
		.parse = sv_diag_tipc_parse, .request = sv_diag_tipc_request,
		.cells = sv_format_cells_tipc, .netid = sv_format_cells_tipc_netid,
		.classify = sv_classify_misc_state,
	},
	[SV_TABLE_XDP] = {
		.diag_module = "xsk_diag",
		.protocols = { "XDP" },
		.id = SV_TABLE_XDP, .name = "xdp", .kind = SV_KIND_XDP,
		.families = SV_AF(AF_XDP), .diag_family = AF_XDP,
		.dump = SV_TABLE_XDP, .default_states = ST(CLOSE),
		.listen_states = ST(CLOSE),
		.parse = sv_diag_xdp_parse, .request = sv_diag_xdp_request,
		.cells = sv_format_cells_xdp,
	},
};

/* ss's order of dumps: netlink, packet, unix, raw, udp, tcp, dccp, sctp,
 * vsock, tipc, xdp, mptcp. */
static const enum sv_table order[] = {
	SV_TABLE_NETLINK, SV_TABLE_PACKET_RAW, SV_TABLE_UNIX_STREAM,
	SV_TABLE_RAW, SV_TABLE_UDP, SV_TABLE_TCP, SV_TABLE_DCCP, SV_TABLE_SCTP,
	SV_TABLE_VSOCK_STREAM, SV_TABLE_TIPC, SV_TABLE_XDP, SV_TABLE_MPTCP,
};

/* ss's -A words (ss 6.x/7.x); "all" leaves TIPC out, as ss. */
static const struct {
	const char *word;
	uint32_t tables;
} queries[] = {
	{ "all", (((1u << SV_TABLE_MAX) - 1u) & ~TB(TIPC)) },
	{ "inet", INET_TABLES },
	{ "unix", UNIX_TABLES },
	{ "packet", PACKET_TABLES },
	{ "vsock", VSOCK_TABLES },
};

/* ss's defaults of a family (-f, -4, -6, -x, -0, --vsock, --tipc, --xdp). */
static const struct {
	int af;
	uint32_t tables, states;
} family_defaults[] = {
	{ AF_INET, INET_TABLES, CONN },
	{ AF_INET6, INET_TABLES, CONN },
	{ AF_UNIX, UNIX_TABLES, CONN },
	{ AF_PACKET, PACKET_TABLES, ST(CLOSE) },
	{ AF_NETLINK, TB(NETLINK), ST(CLOSE) },
	{ AF_VSOCK, VSOCK_TABLES, CONN },
	{ AF_TIPC, TB(TIPC), TIPC_CONN },
	{ AF_XDP, TB(XDP), ST(CLOSE) },
};

/* See tables.h. */
const struct sv_table_desc *sv_tables_get(enum sv_table t)
{
	return (unsigned int)t < SV_TABLE_MAX ? &tables[t] : NULL;
}

/* See tables.h. */
int sv_tables_of_ipproto(uint16_t ipproto)
{
	for (size_t i = 0; i < SV_TABLE_MAX; i++)
		if (tables[i].ipproto == ipproto && ipproto != 0 &&
		    tables[i].kind == SV_KIND_INET)
			return (int)i;
	return -1;
}

/* See tables.h. */
uint8_t sv_tables_event_group(enum sv_table t, int family)
{
	if ((unsigned int)t >= SV_TABLE_MAX || (family != AF_INET && family != AF_INET6))
		return 0;
	return tables[t].event_groups[family == AF_INET6];
}

/* See tables.h. */
const enum sv_table *sv_tables_order(size_t *n)
{
	*n = sizeof(order) / sizeof(order[0]);
	return order;
}

/* See tables.h. */
const char *sv_tables_netid(const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	if (!d)
		return "?";
	return d->netid ? d->netid(s) : d->name;
}

/* See tables.h. */
const char *sv_tables_state_name(const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	return d && d->state_name ? d->state_name(s) : sv_state_name(s->state);
}

/* See tables.h. */
enum sv_proto sv_tables_proto(enum sv_table t)
{
	return (unsigned int)t < SV_TABLE_MAX ? tables[t].proto : SV_PROTO_TCP;
}

/* See tables.h. */
uint32_t sv_tables_query(const char *word)
{
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		if (strcmp(word, queries[i].word) == 0)
			return queries[i].tables;
	for (size_t t = 0; t < SV_TABLE_MAX; t++)
		if (strcmp(word, tables[t].name) == 0 ||
		    (tables[t].query && strcmp(word, tables[t].query) == 0))
			return 1u << t;
	return 0;
}

/* See tables.h. */
bool sv_tables_family_defaults(int af, uint32_t *tabs, uint32_t *states)
{
	for (size_t i = 0; i < sizeof(family_defaults) / sizeof(family_defaults[0]); i++) {
		if (family_defaults[i].af == af) {
			*tabs = family_defaults[i].tables;
			*states = family_defaults[i].states;
			return true;
		}
	}
	return false;
}

/* See tables.h. */
uint64_t sv_tables_families(uint32_t mask)
{
	uint64_t f = 0;

	for (size_t t = 0; t < SV_TABLE_MAX; t++)
		if (mask & (1u << t))
			f |= tables[t].families;
	return f;
}
