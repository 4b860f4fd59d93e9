/* sockkeep.h - a record that outlives its message: its optional blocks
 * (tcp_info, skmem, congestion name and block, protocol info, SCTP
 * addresses) and its table's own (a unix name, packet rings and filter,
 * netlink groups, XDP rings) point into the message it was parsed from, so
 * a stage that keeps records (the listing's held rows, --sort) copies them
 * first. */
#ifndef SOCKVIEW_SOCKKEEP_H
#define SOCKVIEW_SOCKKEEP_H

#include "sockview/sock.h"

/* Copy s's optional blocks into memory of its own (s->kept) and point s at
 * the copies. A record without blocks needs none. Returns 0 or -ENOMEM
 * (s unchanged). */
int sv_sockkeep_copy(struct sv_sock *s);

/* Free what sv_sockkeep_copy took (s->kept; NULL is fine) and forget the
 * optional blocks (the table's own stay pointing at freed memory: the
 * record is done with). */
void sv_sockkeep_free(struct sv_sock *s);

#endif
