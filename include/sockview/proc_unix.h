/* proc_unix.h - one line of /proc/net/unix into a record. Pure: the /proc
 * source reads the file and splits its lines. */
#ifndef SOCKVIEW_PROC_UNIX_H
#define SOCKVIEW_PROC_UNIX_H

#include <stddef.h>

#include "sockview/sock.h"

/* What a line was. */
enum sv_proc_unix_line {
	SV_PROC_UNIX_HEADER = 0, /* the title line ("Num RefCount ...") */
	SV_PROC_UNIX_SOCKET = 1, /* a socket: *s is filled */
};

/* Parse one line of /proc/net/unix (len bytes, with or without its
 * '\n'): "Num: RefCount Protocol Flags Type St Inode[ Name]" as the
 * kernel prints it (unix_seq_show). Fills *s as ss reads the file: the
 * table from Type (1 u_str, 5 u_seq, anything else u_dgr), the state LISTEN
 * when Flags has __SO_ACCEPTCON, else from St (SS_UNCONNECTED: UNCONN,
 * SS_CONNECTING: SYN-SENT, SS_CONNECTED: ESTAB, SS_DISCONNECTING:
 * CLOSING), the inode, and the name: the rest of the line after one space
 * (it may hold spaces), "@..." an abstract name (its NULs are '@' there),
 * else a path; s->un.path points into line. The file has no queues, peer,
 * uid or cookie: they are 0. Returns SV_PROC_UNIX_SOCKET,
 * SV_PROC_UNIX_HEADER, or -EBADMSG for anything else (a field that is not
 * hex or decimal or out of range, a missing field, a NUL byte, a name
 * longer than sun_path). A path with a newline in it ends its line early in
 * the file: the rest comes as a line of its own, which is refused (or, if
 * crafted to look like one, read as a socket: ss reads it the same way;
 * sock_diag has no such limit). */
int sv_proc_unix_parse_line(const char *line, size_t len, struct sv_sock *s);

#endif
