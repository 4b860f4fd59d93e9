/* replay.h - recorded sock_diag dumps (the file format of `ss -D` and
 * `sockview -D`, dumpfile.h) checked whole, then read back as a source,
 * through the same collector and parser as a live dump. */
#ifndef SOCKVIEW_REPLAY_H
#define SOCKVIEW_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/collect.h"
#include "sockview/dumpfile.h"
#include "sockview/localaddr.h"

struct sv_replay; /* opaque: an indexed, checked dump (borrows the buffer) */

/* What a dump file says about itself. */
struct sv_replay_info {
	bool sockview;           /* written by sockview: tagged, with an end marker */
	uint16_t eph_lo, eph_hi; /* the recording's ip_local_port_range
				    (sockview files; 0, 0 otherwise) */
	size_t parts;            /* parts in the file */
	const struct sv_localaddrs *local; /* the recording's addresses (empty
					      for an ss file); valid as long
					      as the replay */
};

/* Index and check a whole recorded dump: every message whole, every part
 * ended by NLMSG_DONE, every socket message well formed, no error message,
 * no interrupted part, and, in a file sockview wrote, an end marker that
 * counts the parts and bytes before it (else the recording was cut short).
 * Returns 0 and sets *out, -ENOMEM, or -EBADMSG with a message in err that
 * names the byte offset in the file. buf must outlive *out. */
int sv_replay_open(const void *buf, size_t len, struct sv_replay **out,
		   char *err, size_t errlen);

/* What the file says about itself. */
void sv_replay_info(const struct sv_replay *r, struct sv_replay_info *info);

/* A source that answers each request from the file: the parts of the
 * request's kind, table and family, in file order, as one dump (states and
 * bytecode are not applied: the caller filters). A request for listeners
 * that the file holds no part of gets the rows instead (ss files, which
 * hold listeners among the rows); one for autobound connections gets an
 * empty dump. */
struct sv_source sv_replay_source(struct sv_replay *r);

/* Free (NULL is fine). */
void sv_replay_free(struct sv_replay *r);

#endif
