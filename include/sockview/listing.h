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

#include "sockview/procmap.h"

struct sv_filter;

/* Where rows go: a formatter behind two calls. */
struct sv_output {
	int (*row)(void *ctx, const struct sv_sock *s); /* 0, -EPIPE, -EIO */
	int (*finish)(void *ctx);
	void *ctx;
};

/* What one listing needs; all owned by the caller. */
struct sv_listing {
	const struct sv_opts *opts;
	const struct sv_source *src;
	struct sv_classify *cls;   /* ephemeral range set by the caller */
	struct sv_output out;
	const char *procroot;      /* -p: map processes from this /proc; NULL: no */
	struct sv_procmap_stats pstats; /* out: what the process scan saw */
	const struct sv_filter *filter; /* NULL: everything matches */
	FILE *record;              /* -D: the main dumps' raw bytes go here */
	const void *replay;        /* --replay: a recorded dump instead of src */
	size_t replay_len;
	size_t matched;            /* out: rows written */
	bool kernel_filtered;      /* out: the kernel ran the filter bytecode */
	int kernel_refused;        /* out: errno when the kernel refused it */
	bool exact_now;            /* the current dump ran the exact program */
	struct sv_procmap *procs;  /* -p: the map, during the run */
};

/* Run the listing: from the kernel through src, or from a recorded dump.
 * Rows stream to out as they arrive; with procroot (-p), /proc is scanned
 * once first and each row carries its processes.
 * The state mask, families, tables and filter are always applied in user
 * space too, so a recorded dump or a kernel that refused the bytecode gives
 * the same rows. Returns 0, -EPIPE when the reader went away, or another
 * negative errno with a message in err (the rows already written stand). */
int sv_listing_run(struct sv_listing *l, char *err, size_t errlen);

#endif
