/* tables.h - one descriptor per socket table, in one array: everything
 * that differs between tables (names, how the kernel dumps it, its states,
 * which of them serve a port, how its ports are named) is here, so that no
 * other file asks "is this tcp or udp". */
#ifndef SOCKVIEW_TABLES_H
#define SOCKVIEW_TABLES_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "sockview/details.h"
#include "sockview/diag_parse.h"
#include "sockview/proc_parse.h"
#include "sockview/sock.h"

/* A mask of address families: 1 << AF_* (AF_XDP is 44). */
#define SV_AF(af) ((uint64_t)1 << (af))
#define SV_AF_INET_BOTH (SV_AF(AF_INET) | SV_AF(AF_INET6))

struct sv_fmt_opts;
struct sv_cells;
struct sv_classify;

/* A table's address cells: Local Address, its Port, Peer Address, its Port
 * (format.h; ss's texts for that kind of socket). */
typedef void sv_table_cells_fn(const struct sv_fmt_opts *o, const struct sv_sock *s,
			       struct sv_cells *c);

/* A table's enrichment: role, class and service of one record (classify.h). */
typedef void sv_table_classify_fn(const struct sv_classify *c, struct sv_sock *s);

/* A name that depends on the record, not only on its table: the Netid of a
 * TIPC socket (its type), the state of an SCTP association. */
typedef const char *sv_table_name_fn(const struct sv_sock *s);
/* What a table's enrichment learns first: one record of the dump of its
 * serving states, kept in c (classify.h). Returns 0 or -ENOMEM. */
typedef int sv_table_note_fn(struct sv_classify *c, const struct sv_sock *s);

struct sv_table_desc {
	enum sv_table id;
	const char *name;        /* the Netid column ("tcp", "u_str") */
	const char *query;       /* ss's long -A word ("unix_stream"), or NULL
				    when name is the only one */
	enum sv_kind kind;       /* which part of struct sv_sock it fills */
	uint64_t families;       /* its address families (SV_AF) */
	uint8_t diag_family;     /* sdiag_family of its sock_diag request;
				    0: one request per family of families */
	uint16_t ipproto;        /* IPPROTO_* of its inet_diag requests
				    (IPPROTO_MPTCP is 262), 0 for others */
	enum sv_table dump;      /* the table whose dump holds this one's rows
				    (unix types share one dump): itself, or
				    the first of its group */
	enum sv_proto proto;     /* whose port names its ports take */
	bool ports;              /* its records have ports (local.port...) */
	uint32_t default_states; /* shown without -a or -l (ss's defaults) */
	uint32_t listen_states;  /* shown with -l */
	uint32_t serving_states; /* a socket in these serves its port (role
				    listen; the listeners classification learns) */
	uint32_t never_states;   /* never asked of the kernel: it has no such
				    socket, and asking costs a walk (TCP CLOSE) */
	uint32_t as_close_states; /* asked for, but the kernel reports these
				     sockets in CLOSE (TCP bound-inactive) */
	bool bytecode;           /* the kernel runs INET_DIAG_REQ_BYTECODE */
	const char *protocols[2]; /* its rows of /proc/net/protocols (the
				     socket counts), NULL-padded */
	sv_diag_payload_fn *parse; /* one socket message into a record */
	sv_diag_request_fn *request; /* its dump request */
	sv_table_cells_fn *cells;   /* its address cells */
	sv_table_classify_fn *classify; /* its Role, Class, Service; NULL: none */
	sv_details_fn *details;  /* its details (-o -e -m -i...) in ss's text
				    (format_details.h), or NULL: none */
	bool info_line;          /* -i gives ss's line of TCP internals (ss:
				    every inet protocol but UDP) */
	struct sv_proc_table proc; /* its /proc/net files and line parser */
	sv_table_name_fn *netid;    /* the Netid of a record; NULL: name */
	sv_table_name_fn *state_name; /* its state's name; NULL: ss's TCP names */
	bool assoc_rows;         /* its dump follows an endpoint with rows of
				    its associations, sharing its inode (SCTP):
				    the listing marks them (s->assoc) */
	const char *diag_module; /* the kernel module that dumps it ("xsk_diag"),
				    for messages; NULL: not named */
	bool ports_borrowed;     /* its port names are the last listed inet
				    table's, as ss names them (format.h,
				    enum sv_fmt_borrow) */
	bool uncounted;          /* the kernel has its /proc/net/protocols row
				    but counts none of its sockets there
				    (AF_VSOCK): they are counted from the
				    processes' open sockets instead */
	bool ss_no_users;        /* ss prints no process for it, even with -p
				    (netlink): --ss leaves the cell empty */
	sv_table_note_fn *note;  /* what classify needs known before rows
				    stream: the listing first dumps the
				    serving states of the tables of a dump
				    that have one; NULL: nothing */
	bool closable;           /* the kernel closes its sockets on a
				    SOCK_DESTROY request (-K: tcp, udp, raw;
				    CONFIG_INET_DIAG_DESTROY) */
	uint8_t event_groups[2]; /* the sock_diag multicast groups that
				    announce its destroyed sockets (-E), for
				    IPv4 and IPv6 (SKNLGRP_*); 0: none */
};

/* The descriptor of t, or NULL for a value that is no table. */
const struct sv_table_desc *sv_tables_get(enum sv_table t);

/* The table of an inet_diag request's or reply's IP protocol, or -1. */
int sv_tables_of_ipproto(uint16_t ipproto);

/* The destroy-event group of table t's sockets of family (AF_INET,
 * AF_INET6), or 0 when the kernel announces none. */
uint8_t sv_tables_event_group(enum sv_table t, int family);

/* The dumps in ss's listing order (netlink, packet, unix, raw, udp, tcp,
 * dccp, sctp, vsock, tipc, xdp, mptcp): each entry is the first table of
 * a dump (tables whose dump is another's are listed with it). *n gets the
 * count. */
const enum sv_table *sv_tables_order(size_t *n);

/* The tables an ss -A word names ("all", "inet", "unix", "u_str",
 * "unix_stream", ... as ss 6.x/7.x). Returns the mask (1 << SV_TABLE_*),
 * or 0 for a word that names none. */
uint32_t sv_tables_query(const char *word);

/* What ss adds when a family is asked for (-f, -4, -6, -x, -0): the tables
 * of that family and their default states. Returns false for a family no
 * table has. */
bool sv_tables_family_defaults(int af, uint32_t *tables, uint32_t *states);

/* The address families of the tables in mask (SV_AF bits). */
uint64_t sv_tables_families(uint32_t mask);

/* The Netid of a record: its table's netid function's, else the table's
 * name ("?" for a record of no table). */
const char *sv_tables_netid(const struct sv_sock *s);

/* The name of a record's state: its table's state_name function's, else
 * ss's ("ESTAB", "UNCONN"...). */
const char *sv_tables_state_name(const struct sv_sock *s);

/* The protocol of t's port names (TCP's for a value that is no table). */
enum sv_proto sv_tables_proto(enum sv_table t);

#endif
