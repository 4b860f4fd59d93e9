/* format_json.h - machine-readable output: a JSON array (-j) or JSON lines
 * (--json-lines), one object per socket, in the schema documented in
 * doc/json-schema.md (schema version 3). */
#ifndef SOCKVIEW_FORMAT_JSON_H
#define SOCKVIEW_FORMAT_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "sockview/ifnames.h"
#include "sockview/resolve.h"
#include "sockview/sock.h"

struct sv_colspec;

struct sv_json_opts {
	bool lines;     /* one object per line (JSON lines), no enclosing array */
	bool processes; /* include "users" (process mapping was done) */
	bool netns;     /* include "netns" (--all-netns) */
	struct sv_ifnames *ifnames; /* index -> name for "interface"; NULL:
				       the formatter keeps its own cache */
	uint32_t details;           /* SV_DETAIL_*: the details' members */
	struct sv_cgpath *cgroups;  /* cgroup ids to paths ("cgroup"), or NULL */
	struct sv_resolve *resolve; /* -r: "host" members; NULL: none */
	bool events;    /* include "event_time" (-E: destroy events) */
	const struct sv_colspec *columns; /* --columns: the members chosen or
					     changed; NULL: the default ones */
};

struct sv_json_fmt; /* opaque */

/* Start on out. Returns 0 and sets *f, or -ENOMEM. */
int sv_format_json_new(FILE *out, const struct sv_json_opts *o,
		       struct sv_json_fmt **f);

/* Write one classified socket (streamed: nothing is buffered beyond stdio).
 * Returns 0, -EPIPE or -EIO; after an error every later call returns it. */
int sv_format_json_row(struct sv_json_fmt *f, const struct sv_sock *s);

/* Close the array (in array mode; "[]" when there were no rows) and flush.
 * Returns 0, -EPIPE or -EIO. */
int sv_format_json_finish(struct sv_json_fmt *f);

/* Flush what the rows so far wrote (a stream, -E: the array stays open
 * until finish). Returns 0, -EPIPE or -EIO. */
int sv_format_json_flush(struct sv_json_fmt *f);

/* Free (NULL is fine); does not close out. */
void sv_format_json_free(struct sv_json_fmt *f);

#endif
