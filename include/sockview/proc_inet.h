/* proc_inet.h - pure parser of one line of /proc/net/tcp, tcp6, udp, udp6
 * (and raw, raw6, whose lines have the same columns) into a record. */
#ifndef SOCKVIEW_PROC_INET_H
#define SOCKVIEW_PROC_INET_H

#include "sockview/proc_parse.h"

/* The inet tables' line parser (sv_proc_line_fn, proc_parse.h). The columns
 * are the kernel's (tcp4_seq_show, udp4_format_sock and their IPv6 twins):
 *   sl: local remote st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout
 *   inode ref pointer [more]
 * addresses as the hex of their 32-bit words in host order (8 digits for
 * AF_INET, 32 for AF_INET6), ports as 4 hex digits. Read into the record
 * as ss reads them: tx_queue as Send-Q (for a TCP listener that is no
 * backlog), rx_queue as Recv-Q, the timer, its expiry (ticks into
 * milliseconds, rounded up), retransmits (timeout, the probes, unless the
 * timer is the retransmit one), uid, inode, and the pointer column as the
 * cookie. The columns after pointer (TCP's rto, ato, cwnd...; UDP's drops)
 * are not read. A line with fewer columns, a number that is no number of
 * its width, a state outside 1..11 or an inode above 2^32-1 (socket inodes
 * are 32-bit) is malformed. */
sv_proc_line_fn sv_proc_inet_parse;

#endif
