/* proc_tables.h - the line parsers of the raw, unix, packet and netlink
 * /proc/net files in the shape the /proc source calls (sv_proc_line_fn,
 * proc_parse.h): each wraps its table's pure parser (proc_raw.h,
 * proc_unix.h, proc_link.h) and names what is wrong in err. */
#ifndef SOCKVIEW_PROC_TABLES_H
#define SOCKVIEW_PROC_TABLES_H

#include "sockview/proc_parse.h"

/* /proc/net/raw and raw6: the line's family is the file's; the record's
 * table is the walk's (raw). */
sv_proc_line_fn sv_proc_tables_raw;

/* /proc/net/unix: the record's table comes from the line's Type (u_str,
 * u_dgr, u_seq), whatever the walk's. */
sv_proc_line_fn sv_proc_tables_unix;

/* /proc/net/packet: p_raw or p_dgr by the line's Type. */
sv_proc_line_fn sv_proc_tables_packet;

/* /proc/net/netlink. */
sv_proc_line_fn sv_proc_tables_netlink;

#endif
