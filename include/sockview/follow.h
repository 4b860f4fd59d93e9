/* follow.h - -E: the sockets the kernel destroys, as it announces them,
 * through the listing's row path (states, families, filter, output) until
 * the source says stop. */
#ifndef SOCKVIEW_FOLLOW_H
#define SOCKVIEW_FOLLOW_H

#include <stddef.h>
#include <stdint.h>

#include "sockview/collect.h"
#include "sockview/listing.h"

/* One run of -E: what it uses, and what it saw. */
struct sv_follow {
	struct sv_listing *l;        /* the row path: its options (tables,
					families), filter, classifier, output */
	const struct sv_source *src; /* request(): join the events of a table
					and family; recv(): the next messages,
					0 to stop, -ENOBUFS when some were lost
					(events.h) */
	uint64_t (*clock_us)(void);  /* the time stamped on each event, in
					microseconds since the epoch; NULL:
					CLOCK_REALTIME */
	/* How many events the source has lost in all (events.h:
	 * sv_events_drops); NULL: it cannot say. */
	int (*drops)(void *ctx, uint64_t *n);
	/* Told of each loss as it is seen (main says so on stderr): n events
	 * lost, 0 when how many is not known. NULL: not told. */
	void (*on_loss)(void *ctx, uint64_t n);
	void *ctx;                   /* for drops and on_loss */
	uint64_t events;             /* out: events received, shown or not */
	uint64_t skipped;            /* out: messages that were no event of a
					table sockview reads */
	uint64_t losses;             /* out: times the source lost events */
	uint64_t lost;               /* out: events lost, as far as drops told */
};

/* Join the events of every table of the listing's options that has them
 * (tables.h: event_groups), for each of its families (IPv4 first), then
 * receive until the source says stop: each event parsed (events.h),
 * stamped (sv_sock.event_time), sent through sv_listing_row, the output
 * flushed after each message. A loss (-ENOBUFS) is counted, told, and
 * receiving goes on. Returns 0 when the source said stop; the output's
 * error (-EPIPE when its reader went away; also in l->out_err) or the
 * action's; -ENOENT when no wanted table and family has events; or another
 * negative errno with a message in err (joining refused, the source
 * failed, a malformed event). */
int sv_follow_run(struct sv_follow *f, char *err, size_t errlen);

#endif
