/* classify_misc.c - the role of a vsock or tipc socket, from its state. */
#include "sockview/classify_misc.h"

/* See classify_misc.h. */
void sv_classify_misc_state(const struct sv_classify *c, struct sv_sock *s)
{
	if (s->state == SV_STATE_LISTEN)
		s->role = SV_ROLE_LISTEN;
	else if (s->state != SV_STATE_CLOSE)
		s->role = SV_ROLE_UNKNOWN;
}
