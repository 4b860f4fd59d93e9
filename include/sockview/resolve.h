/* resolve.h - host names for -r: reverse lookups of the listed addresses,
 * run concurrently (c-ares: the hosts file, then DNS, in the order the
 * system's nsswitch.conf gives), cached (one lookup per distinct address)
 * and all under one time budget, after which addresses stay numeric. */
#ifndef SOCKVIEW_RESOLVE_H
#define SOCKVIEW_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sv_resolve; /* opaque */

struct sv_resolve_opts {
	uint32_t budget_ms;  /* the time every lookup of the run shares, from
				the first one started; 0: none is started */
	const char *servers; /* NULL: the system's (/etc/resolv.conf); else
				"IP:PORT,..." (tests) */
};

/* What the lookups came to. */
struct sv_resolve_stats {
	size_t lookups; /* distinct addresses looked up */
	size_t named;   /* ... that got a name */
	size_t noname;  /* ... that have none (not found, or an error) */
	size_t late;    /* ... unanswered when the budget ran out */
	size_t pending; /* ... still waiting (before sv_resolve_wait) */
	bool expired;   /* the budget ran out */
};

/* A resolver with the system's configuration (or o->servers). Returns 0
 * and sets *out; a negative errno with a message in err when c-ares cannot
 * start (its configuration unreadable, no memory). */
int sv_resolve_new(const struct sv_resolve_opts *o, struct sv_resolve **out,
		   char *err, size_t errlen);

/* Start looking up the address a socket shows (family AF_INET or
 * AF_INET6; 4 or 16 bytes), unless it is known already, is one ss never
 * looks up (resolve_cache.h), or the budget is spent. Does not wait: the
 * query is sent and answers are read by sv_resolve_poll, sv_resolve_wait
 * and sv_resolve_name. Returns 1 when a lookup started, 0 when none was
 * needed, -ENOMEM. */
int sv_resolve_submit(struct sv_resolve *r, int family, const uint8_t *addr);

/* Read the answers that have arrived, without waiting. */
void sv_resolve_poll(struct sv_resolve *r);

/* Wait for every lookup started, at most until the budget runs out; then
 * the unanswered ones are given up (their addresses stay numeric). */
void sv_resolve_wait(struct sv_resolve *r);

/* The name to print for the address (as sv_resolve_submit takes it), or
 * NULL: print it numerically. An address not looked up yet is looked up
 * and waited for within what is left of the budget. The name is as the
 * hosts file or DNS gave it: untrusted, escape it. Valid until
 * sv_resolve_free. r may be NULL (always NULL then). */
const char *sv_resolve_name(struct sv_resolve *r, int family, const uint8_t *addr);

/* What the lookups came to so far. */
void sv_resolve_get_stats(const struct sv_resolve *r, struct sv_resolve_stats *st);

/* Stop every lookup and free (NULL is fine). */
void sv_resolve_free(struct sv_resolve *r);

#endif
