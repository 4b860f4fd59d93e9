/* tables.h - one descriptor per socket table, in one array: everything
 * that differs between tables (names, how the kernel dumps it, its states,
 * which of them serve a port, how its ports are named) is here, so that no
 * other file asks "is this tcp or udp". */
#ifndef SOCKVIEW_TABLES_H
#define SOCKVIEW_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include "sockview/diag_parse.h"
#include "sockview/sock.h"

struct sv_table_desc {
	enum sv_table id;
	const char *name;        /* the -A word and the Netid column ("tcp") */
	uint8_t ipproto;         /* IPPROTO_* of its inet_diag requests and of
				    the dump file's tags */
	enum sv_proto proto;     /* whose port names its ports take */
	uint32_t default_states; /* shown without -a or -l (ss's defaults) */
	uint32_t listen_states;  /* shown with -l */
	uint32_t serving_states; /* a socket in these serves its port (role
				    listen; the listeners classification learns) */
	uint32_t never_states;   /* never asked of the kernel: it has no such
				    socket, and asking costs a walk (TCP CLOSE) */
	uint32_t as_close_states; /* asked for, but the kernel reports these
				     sockets in CLOSE (TCP bound-inactive) */
	bool bytecode;           /* the kernel runs INET_DIAG_REQ_BYTECODE */
	sv_diag_payload_fn *parse; /* one socket message into a record */
	sv_diag_request_fn *request; /* its dump request */
};

/* The descriptor of t, or NULL for a value that is no table. */
const struct sv_table_desc *sv_tables_get(enum sv_table t);

/* The table of an inet_diag request's or reply's IP protocol, or -1. */
int sv_tables_of_ipproto(uint8_t ipproto);

/* Tables in ss's listing order, first to last: *n gets the count. */
const enum sv_table *sv_tables_order(size_t *n);

/* The protocol of t's port names (TCP's for a value that is no table). */
enum sv_proto sv_tables_proto(enum sv_table t);

#endif
