/* listing.h - the pipeline of a listing: learn listeners, dump the wanted
 * tables, classify, filter and format each socket. */
#ifndef SOCKVIEW_LISTING_H
#define SOCKVIEW_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sockview/classify.h"
#include "sockview/cli.h"
#include "sockview/collect.h"
#include "sockview/format.h"

struct sv_filter;

/* What one listing needs; all owned by the caller. */
struct sv_listing {
	const struct sv_opts *opts;
	const struct sv_source *src;
	struct sv_classify *cls;   /* ephemeral range set by the caller */
	struct sv_table_fmt *fmt;
	const struct sv_filter *filter; /* NULL: everything matches */
	FILE *record;              /* -D: the main dumps' raw bytes go here */
	const void *replay;        /* --replay: a recorded dump instead of src */
	size_t replay_len;
	size_t matched;            /* out: rows written */
	bool kernel_filtered;      /* out: the kernel ran the filter bytecode */
	int kernel_refused;        /* out: errno when the kernel refused it */
	bool exact_now;            /* the current dump ran the exact program */
};

/* Run the listing: from the kernel through src, or from a recorded dump.
 * The state mask, families, tables and filter are always applied in user
 * space too, so a recorded dump or a kernel that refused the bytecode gives
 * the same rows. Returns 0, -EPIPE when the reader went away, or another
 * negative errno with a message in err (the rows already written stand). */
int sv_listing_run(struct sv_listing *l, char *err, size_t errlen);

#endif
