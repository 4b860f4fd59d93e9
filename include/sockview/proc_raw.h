/* proc_raw.h - the text of /proc/net/raw and /proc/net/raw6 (the format
 * of /proc/net/udp too) into records: what raw sockets look like on a
 * kernel without raw_diag. Pure: text in, records out. */
#ifndef SOCKVIEW_PROC_RAW_H
#define SOCKVIEW_PROC_RAW_H

#include <stddef.h>

#include "sockview/diag_parse.h"
#include "sockview/sock.h"

/* One data line (not the header; no newline needed): "sl: local rem st
 * tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer
 * drops", addresses as the kernel prints them (the 32-bit words of the
 * address in this host's byte order, in hex; IPv4: one word, IPv6: four)
 * with a hex port. family is AF_INET (raw, udp) or AF_INET6 (raw6, udp6),
 * table the record's. Fills state, queues, addresses, ports, uid, inode
 * (/proc has no cookie, cgroup, mark or bound device). Returns 0, or
 * -EBADMSG for a line that is not one (too few columns, a bad number, an
 * address of the other family's length, a state past 255). */
int sv_proc_raw_line(const char *line, size_t len, int family, enum sv_table table,
		     struct sv_sock *s);

/* A whole file (len bytes, need not be terminated): its header line is
 * checked ("sl" first) and skipped, each data line goes to cb. Empty
 * lines are skipped. Returns 0, what cb returned when negative, or
 * -EBADMSG with *line the 1-based number of the bad line. */
int sv_proc_raw_parse(const char *text, size_t len, int family, enum sv_table table,
		      sv_diag_cb cb, void *data, size_t *line);

#endif
