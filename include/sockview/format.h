/* format.h - the table outputs: sockview's own layout (ss's columns, then
 * Role, Class and Service) and ss's exact layout (--ss), built on the same
 * cells: the texts ss prints for a socket. */
#ifndef SOCKVIEW_FORMAT_H
#define SOCKVIEW_FORMAT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sockview/details.h"
#include "sockview/ifnames.h"
#include "sockview/resolve.h"
#include "sockview/pidnames.h"
#include "sockview/sock.h"
#include "sockview/sysservices.h"

struct sv_sysprotocols;
struct sv_colspec;

/* ss names the ports of dccp, sctp and mptcp after the last of raw, udp
 * and tcp it listed in the same run (its dg_proto): tcp's or udp's
 * services, raw's IP protocol names ("ipproto-N"), or, when it listed
 * none of them, the first service of the port whatever its protocol. */
enum sv_fmt_borrow {
	SV_FMT_BORROW_ANY = 0,
	SV_FMT_BORROW_RAW,
	SV_FMT_BORROW_UDP,
	SV_FMT_BORROW_TCP,
};

/* How the table looks. */
struct sv_fmt_opts {
	bool netid;     /* Netid column (more than one table listed) */
	bool state;     /* State column (more than one state possible) */
	bool header;    /* header line */
	bool numeric;   /* ports as numbers */
	const struct sv_sysservices *services; /* names of ports, as ss has them
						  (the system database); NULL:
						  numbers */
	bool processes; /* Process column (-p) */
	bool netns;     /* Netns column (--all-netns) */
	bool no_queues; /* -Q: no Recv-Q and Send-Q columns */
	uint16_t eph_lo, eph_hi; /* ports in this range never get names, as ss */
	bool aligned;   /* sockview layout on a terminal: buffer all rows, align
			   columns; else stream rows in compact form */
	int screen_width; /* ss layout: the terminal's width (or $COLUMNS), over
			     which ss spreads its columns; -1: none */
	struct sv_ifnames *ifnames; /* index -> name for "%dev" */
	struct sv_details_opts det; /* the socket details asked for (-o -e -m
				       -i...) and how they are written */
	struct sv_resolve *resolve; /* -r: host names; NULL: addresses */
	const struct sv_sysprotocols *protocols; /* raw sockets' "ports": the
						    protocols' names as ss has
						    them; NULL: numbers */
	uint8_t borrow; /* enum sv_fmt_borrow: how the ports of the tables that
			   borrow their names (dccp, sctp, mptcp) are named */
	bool ss_text;   /* ss's own texts even where they leave a cell empty
			   or hold a space (an SCTP association's Netid and
			   State): set by the --ss layout */
	struct sv_pidnames *pidnames; /* pid -> name for a netlink port id
					 ("comm/pid", as ss); NULL: numbers */
	bool bpf;       /* -b: packet sockets' BPF filters after their rows */
	bool event_time; /* --timestamp: the Time column (when a destroy event
			    came, -E) */
	const struct sv_colspec *columns; /* --columns: the columns chosen or
					     changed; NULL: the default ones */
	bool color;     /* --color: states, classes, roles and listeners in
			   colour (sockview's layout only) */
};

/* The cells ss prints for a socket, in its column order. */
enum sv_cell {
	SV_CELL_NETID, SV_CELL_STATE, SV_CELL_RECVQ, SV_CELL_SENDQ,
	SV_CELL_LADDR, SV_CELL_LPORT, SV_CELL_RADDR, SV_CELL_RPORT,
	SV_CELL_MAX
};

/* A cell holds the longest text ss prints in one: a unix socket's name of
 * 109 bytes (unixname.h), each byte escaped to 4 ("\\xHH"), its
 * delimiter and the NUL (a host name of -r, 253 bytes, its brackets and
 * a %dev, fit too). */
#define SV_CELL_LEN 440

/* Each cell's text, NUL-terminated, and its length. Queues are plain
 * numbers (the layouts pad them); an address cell ends with its ':'. */
struct sv_cells {
	char text[SV_CELL_MAX][SV_CELL_LEN];
	uint16_t len[SV_CELL_MAX];
};

/* Fill c with what ss prints for s: "tcp", "ESTAB", "0", "0",
 * "127.0.0.53%lo:", "53" or "domain", "[::1]:", "*". Port names come from
 * the system services database as ss's getservbyport() gives them, never
 * for a port inside the ephemeral range. Device and port names are
 * escaped (untrusted). */
void sv_format_cells(const struct sv_fmt_opts *o, const struct sv_sock *s,
		     struct sv_cells *c);

/* The address cells of an inet socket: "addr:" or "[v6]:" or "addr%dev:",
 * and the port (or its service name, or "*"). A table's cells function
 * (tables.h). */
void sv_format_cells_inet(const struct sv_fmt_opts *o, const struct sv_sock *s,
			  struct sv_cells *c);

/* The address cells of a packet socket (format_packet.c), as ss: the
 * protocol ("*" for every one, ss's name, "[N]"; "[N]" with -n), the
 * interface ("*" for every one), and "*" for the peer. */
void sv_format_packet_cells(const struct sv_fmt_opts *o, const struct sv_sock *s,
			    struct sv_cells *c);

/* The address cells of a netlink socket (format_netlink.c), as ss: the
 * protocol (ss's name, or its number; the number with -n), the port id
 * ("kernel" for 0, "comm/pid" for a process's id without -n, else the id
 * as a signed number), and for a connected socket "group:" and the peer's
 * id, else "*". */
void sv_format_netlink_cells(const struct sv_fmt_opts *o, const struct sv_sock *s,
			     struct sv_cells *c);

/* -b: a packet socket's classic BPF filter as ss prints it after the row:
 * "\n\tbpf filter (N):  0x28 0 0 12, 0x06 0 0 65535," (with oneline, a
 * space in place of "\n\t"); "bpf filter (0): " when the kernel hid the
 * filters (no CAP_NET_ADMIN). Empty when s has none (SV_HAVE_BPF). At most
 * cap bytes with the NUL (a longer text is cut); returns the length. */
size_t sv_format_bpf_text(char *out, size_t cap, const struct sv_sock *s, bool oneline);

/* The longest -b text: 4096 instructions (the kernel's BPF_MAXINSNS) of at
 * most 29 bytes each, and its head. */
#define SV_FORMAT_BPF_MAX (4096 * 29 + 64)

/* The address cells of a unix socket, as ss prints them from unix_diag:
 * its name ("/run/x", "@abstract" with each NUL of it as '@', "*" when it
 * has none) escaped, then ' '; its inode; "*" and ' '; the peer's inode
 * (0 when it has none). A table's cells function (tables.h). */
void sv_format_cells_unix(const struct sv_fmt_opts *o, const struct sv_sock *s,
			  struct sv_cells *c);

/* ss's process text, users:(("comm",pid=N,fd=N),...), names escaped; a
 * socket held by very many processes is cut with "...". Writes at most cap
 * bytes with the NUL and returns the length; 0 (empty) when s has none. */
size_t sv_format_cells_users(char *out, size_t cap, const struct sv_sock *s);

struct sv_table_fmt; /* opaque: sockview's layout */

/* Start a table on out. Returns 0 and sets *f, or -ENOMEM. */
int sv_format_table_new(FILE *out, const struct sv_fmt_opts *o,
			struct sv_table_fmt **f);

/* Add one (classified) socket. In compact mode the row is written at once.
 * Returns 0, or a negative errno when out cannot be written (-EPIPE when
 * the reader went away), -ENOMEM. */
int sv_format_table_row(struct sv_table_fmt *f, const struct sv_sock *s);

/* Write what is buffered (aligned mode) and flush. Returns 0 or -errno. */
int sv_format_table_finish(struct sv_table_fmt *f);

/* A stream's flush, after each event (-E): in compact mode the header if
 * it is not out yet, then out's buffer; aligned rows stay held. Returns 0
 * or -errno. */
int sv_format_table_flush(struct sv_table_fmt *f);

/* Free (NULL is fine); does not close out. */
void sv_format_table_free(struct sv_table_fmt *f);

struct sv_ss_fmt; /* opaque: ss's layout */

/* Start ss's exact output on out (--ss): ss 6.x's columns, headers and
 * spacing, byte for byte, untrusted strings escaped. Returns 0 and sets
 * *f, or -ENOMEM. */
int sv_format_ss_new(FILE *out, const struct sv_fmt_opts *o, struct sv_ss_fmt **f);

/* Add one socket. Rows are buffered (ss aligns each batch of about 5 MiB
 * of cells); returns 0, a negative errno on a write error, -ENOMEM. */
int sv_format_ss_row(struct sv_ss_fmt *f, const struct sv_sock *s);

/* Write what is buffered and flush. Returns 0 or -errno. */
int sv_format_ss_finish(struct sv_ss_fmt *f);

/* Free (NULL is fine). */
void sv_format_ss_free(struct sv_ss_fmt *f);

#endif
