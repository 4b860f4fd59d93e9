/* format_details.h - a socket's details in ss's exact text (-o -e -m -i
 * --tos --cgroup --inet-sockopt, -O), the text ss prints after a row's
 * Process cell; shared by ss's layout (--ss) and sockview's (after the
 * Service column). Pure: from the record to a text buffer. */
#ifndef SOCKVIEW_FORMAT_DETAILS_H
#define SOCKVIEW_FORMAT_DETAILS_H

#include "sockview/details.h"
#include "sockview/sock.h"
#include "sockview/textbuf.h"

/* s's details, by its table's printer (tables.h; none: nothing). Returns 0
 * or -ENOMEM. */
int sv_format_details(struct sv_textbuf *b, const struct sv_details_opts *o,
		      const struct sv_sock *s);

/* The inet tables' printer (tcp, udp), in ss's order: timer (-o); uid,
 * ino, sk, fwmark, cgroup, v6only, shutdown mark (-e); tos, tclass,
 * class_id (--tos); cgroup (--cgroup); inet-sockopt (its own line); then,
 * on a line of its own, skmem (-m) and the TCP internals (-i). */
sv_details_fn sv_format_details_inet;

/* The TCP internals of -i (ss's tcp_stats_print): from tcp_info of any
 * length (a field not sent is not printed), the congestion control's name
 * and block. The option words (ts, sack, ecn...) only with -o, as in ss.
 * Fields that ss 7.x prints and 6.1 does not (usec_ts, rcv_wnd, rehash)
 * are printed. Returns 0 or -ENOMEM. */
int sv_format_tcpinfo_text(struct sv_textbuf *b, const struct sv_details_opts *o,
			   const struct sv_sock *s);

#endif
