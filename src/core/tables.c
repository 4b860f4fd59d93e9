/* tables.c - the socket tables sockview lists, one descriptor each. */
#include <netinet/in.h>
#include <stddef.h>

#include "sockview/tables.h"

#define ST(s) (1u << SV_STATE_##s)

/* TCP's connected states: everything but LISTEN, CLOSE, TIME-WAIT and
 * SYN-RECV (ss's default; not its "connected" group). */
#define TCP_DEFAULT SV_STATES_CONN

static const struct sv_table_desc tables[SV_TABLE_MAX] = {
	[SV_TABLE_UDP] = {
		.id = SV_TABLE_UDP, .name = "udp", .ipproto = IPPROTO_UDP,
		.proto = SV_PROTO_UDP, .default_states = ST(ESTABLISHED),
		.listen_states = ST(CLOSE), .serving_states = ST(CLOSE),
		.never_states = ST(NEW_SYN_RECV) | ST(BOUND_INACTIVE),
		.bytecode = true, .parse = sv_diag_inet_parse,
		.request = sv_diag_inet_request,
	},
	[SV_TABLE_TCP] = {
		.id = SV_TABLE_TCP, .name = "tcp", .ipproto = IPPROTO_TCP,
		.proto = SV_PROTO_TCP, .default_states = TCP_DEFAULT,
		.listen_states = ST(LISTEN), .serving_states = ST(LISTEN),
		.never_states = ST(CLOSE) | ST(NEW_SYN_RECV),
		.as_close_states = ST(BOUND_INACTIVE), .bytecode = true,
		.parse = sv_diag_inet_parse, .request = sv_diag_inet_request,
	},
};

/* ss's order: UDP before TCP. */
static const enum sv_table order[] = { SV_TABLE_UDP, SV_TABLE_TCP };

/* See tables.h. */
const struct sv_table_desc *sv_tables_get(enum sv_table t)
{
	return (unsigned int)t < SV_TABLE_MAX ? &tables[t] : NULL;
}

/* See tables.h. */
int sv_tables_of_ipproto(uint8_t ipproto)
{
	for (size_t i = 0; i < SV_TABLE_MAX; i++)
		if (tables[i].ipproto == ipproto && ipproto != 0)
			return (int)i;
	return -1;
}

/* See tables.h. */
const enum sv_table *sv_tables_order(size_t *n)
{
	*n = sizeof(order) / sizeof(order[0]);
	return order;
}

/* See tables.h. */
enum sv_proto sv_tables_proto(enum sv_table t)
{
	return (unsigned int)t < SV_TABLE_MAX ? tables[t].proto : SV_PROTO_TCP;
}
