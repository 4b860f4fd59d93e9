/* prefetch.h - dumps received ahead, on a thread of its own, while the
 * caller does something else first (the listeners' dump a listing needs
 * before its rows, -p's map): the kernel fills the next chunks on the
 * second core. */
#ifndef SOCKVIEW_PREFETCH_H
#define SOCKVIEW_PREFETCH_H

#include <stddef.h>

#include "sockview/collect.h"

struct sv_prefetch;

/* The most dumps one thread receives ahead (a table's two families). */
#define SV_PREFETCH_MAX 2

/* Start receiving the dumps req[0..nreq) from side, one after the other
 * (a source of its own, e.g. a second netlink socket: the thread is the
 * only one to touch it until it has ended), into one queue of chunks
 * holding at most max_bytes; the thread waits while the queue is full.
 * The requests' bytecode is copied. Returns 0, -EINVAL for nreq 0 or
 * above SV_PREFETCH_MAX, or a negative errno (nothing started). */
int sv_prefetch_start(const struct sv_source *side, const struct sv_dump_req *req,
		      size_t nreq, size_t max_bytes, struct sv_prefetch **out);

/* A source that answers the started dumps from the queue, the current one
 * (sv_prefetch_matches) first; a later request for the same dump (a
 * retry) goes to side directly, once the thread has ended, and no dump is
 * answered from the queue after that. */
struct sv_source sv_prefetch_source(struct sv_prefetch *p);

/* Is req the current dump of p (table, family, states, details, bytecode),
 * not yet handed out? */
bool sv_prefetch_matches(const struct sv_prefetch *p, const struct sv_dump_req *req);

/* The current dump was read (or given up): the next one is current. What
 * the reader left of it is dropped. Returns false when there is none (the
 * last was read, or a retry went to side): the caller stops p. */
bool sv_prefetch_next(struct sv_prefetch *p);

/* Stop the thread (wherever it is), wait for it, free the queue. side is
 * the caller's to close. NULL is fine. */
void sv_prefetch_stop(struct sv_prefetch *p);

#endif
