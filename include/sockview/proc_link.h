/* proc_link.h - pure parsers of one line of /proc/net/packet and of
 * /proc/net/netlink into a record (the /proc/net source reads the files
 * and hands them over line by line). */
#ifndef SOCKVIEW_PROC_LINK_H
#define SOCKVIEW_PROC_LINK_H

#include <stddef.h>

#include "sockview/sock.h"

/* One line of /proc/net/packet (net/packet/af_packet.c, packet_seq_show:
 * sk RefCnt Type Proto Iface R Rmem User Inode), len bytes, its newline
 * optional, no NUL needed. Returns 1 and fills *s for a socket's line
 * (table p_raw for SOCK_RAW, else p_dgr, as ss; protocol, interface,
 * Recv-Q from Rmem, uid, inode; state UNCONN), 0 for the header line, or
 * -EBADMSG for any other line (a field missing, extra or out of range). */
int sv_proc_packet_line(const char *line, size_t len, struct sv_sock *s);

/* One line of /proc/net/netlink (net/netlink/af_netlink.c,
 * netlink_seq_show: sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode).
 * Returns 1 and fills *s (protocol, port id, groups 1-32, Recv-Q and
 * Send-Q from Rmem and Wmem, inode; never connected: the file does not
 * say), 0 for the header line, -EBADMSG for any other line. */
int sv_proc_netlink_line(const char *line, size_t len, struct sv_sock *s);

#endif
