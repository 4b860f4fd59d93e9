/* format.h - the ss-compatible table output. */
#ifndef SOCKVIEW_FORMAT_H
#define SOCKVIEW_FORMAT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sockview/ifnames.h"
#include "sockview/sock.h"

/* How the table looks. */
struct sv_fmt_opts {
	bool netid;   /* Netid column (more than one table listed) */
	bool state;   /* State column (more than one state possible) */
	bool header;  /* header line */
	bool numeric; /* ports as numbers */
	bool processes; /* Process column (-p) */
	uint16_t eph_lo, eph_hi; /* ports in this range never get names, as ss */
	bool aligned; /* terminal: buffer all rows, align columns; else stream
			 rows in ss's compact piped form */
	struct sv_ifnames *ifnames; /* index -> name for "%dev" */
};

struct sv_table_fmt; /* opaque */

/* Start a table on out. Returns 0 and sets *f, or -ENOMEM. */
int sv_format_table_new(FILE *out, const struct sv_fmt_opts *o,
			struct sv_table_fmt **f);

/* Add one (classified) socket. In compact mode the row is written at once.
 * Returns 0, or -EPIPE / -EIO when out cannot be written, -ENOMEM. */
int sv_format_table_row(struct sv_table_fmt *f, const struct sv_sock *s);

/* Write what is buffered (aligned mode) and flush. Returns 0 or -errno. */
int sv_format_table_finish(struct sv_table_fmt *f);

/* Free (NULL is fine); does not close out. */
void sv_format_table_free(struct sv_table_fmt *f);

#endif
