/* kill.h - -K: the action that closes each socket that passed the filter
 * and lets through to the output only those the kernel closed (as ss -K),
 * counting those it could not close and why. */
#ifndef SOCKVIEW_KILL_H
#define SOCKVIEW_KILL_H

#include <stddef.h>

#include "sockview/action.h"
#include "sockview/sock.h"

/* What -K did, and how it closes a socket. */
struct sv_kill {
	/* Close s: 0, or a negative errno (the kernel's answer: -ENOENT gone
	 * already, -EPERM not allowed, -EOPNOTSUPP cannot). The live one is
	 * sv_nl_diag_destroy on a sock_diag socket of its own. */
	int (*close)(void *ctx, const struct sv_sock *s);
	void *ctx;
	size_t closed;      /* out: closed (and shown) */
	size_t gone;        /* out: closed by someone else meanwhile (ENOENT):
			       neither shown nor a failure, as ss */
	size_t denied;      /* out: refused for want of CAP_NET_ADMIN (EPERM,
			       EACCES) */
	size_t unsupported; /* out: this kernel cannot close them (EOPNOTSUPP:
			       no CONFIG_INET_DIAG_DESTROY, or a table the
			       kernel does not close) */
	size_t failed;      /* out: any other answer */
	int failed_err;     /* out: the first of those (a negative errno) */
};

/* The action of k for a listing (listing.h: act). Its run never fails:
 * every answer is counted in k. */
struct sv_action sv_kill_action(struct sv_kill *k);

/* How many sockets k could not close (denied, unsupported, failed). */
size_t sv_kill_not_closed(const struct sv_kill *k);

#endif
