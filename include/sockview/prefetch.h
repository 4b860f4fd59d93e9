/* prefetch.h - a dump received ahead, on a thread of its own, while the
 * caller does something else first (the listeners' dump a listing needs
 * before its rows): the kernel fills the next chunks on the second core. */
#ifndef SOCKVIEW_PREFETCH_H
#define SOCKVIEW_PREFETCH_H

#include <stddef.h>

#include "sockview/collect.h"

struct sv_prefetch;

/* Start receiving req's dump from side (a source of its own, e.g. a second
 * netlink socket: the thread is the only one to touch it until the dump
 * has ended) into a queue of chunks holding at most max_bytes; the thread
 * waits while the queue is full. req's bytecode is copied. Returns 0 or a
 * negative errno (nothing started). */
int sv_prefetch_start(const struct sv_source *side, const struct sv_dump_req *req,
		      size_t max_bytes, struct sv_prefetch **out);

/* A source that answers the started dump from the queue: its first request
 * must be the started one (sv_prefetch_matches); later requests (a retry)
 * go to side directly, once the thread has ended. */
struct sv_source sv_prefetch_source(struct sv_prefetch *p);

/* Is req the dump p was started with (table, family, states, details,
 * bytecode), and not yet handed out? */
bool sv_prefetch_matches(const struct sv_prefetch *p, const struct sv_dump_req *req);

/* Stop the thread (wherever it is), wait for it, free the queue. side is
 * the caller's to close. NULL is fine. */
void sv_prefetch_stop(struct sv_prefetch *p);

#endif
