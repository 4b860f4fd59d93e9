/* classify_misc.h - Role, Class and Service of sockets without IP ports
 * (vsock, tipc): what their state alone tells. */
#ifndef SOCKVIEW_CLASSIFY_MISC_H
#define SOCKVIEW_CLASSIFY_MISC_H

#include "sockview/classify.h"

/* A table's classify function (tables.h) for vsock and tipc: a listener
 * (LISTEN) is "listen"; a connection (any state but LISTEN and CLOSE) is
 * "unknown": nothing in its record says which side opened it (their ports
 * follow no ephemeral range sockview can read), and a confident wrong
 * answer is worse; an unconnected socket (CLOSE) has no role. No class and
 * no service: IANA's port classes and names are for TCP and UDP ports. */
void sv_classify_misc_state(const struct sv_classify *c, struct sv_sock *s);

#endif
