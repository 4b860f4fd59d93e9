/* format_prom.h - --format=prom: a listing's totals in the Prometheus text
 * exposition format, for node_exporter's textfile collector: sockets by
 * table, state and class, listeners and their accept queues, the ephemeral
 * range's use, the kernel's TCP counters that `sockview why` reads. One
 * series per group, never one per socket (sockstats.h keeps the groups);
 * the metrics and their labels are listed in sockview(8). */
#ifndef SOCKVIEW_FORMAT_PROM_H
#define SOCKVIEW_FORMAT_PROM_H

#include <stdio.h>

#include "sockview/ifnames.h"
#include "sockview/output.h"
#include "sockview/sockstats.h"
#include "sockview/why.h"

struct sv_prom_opts {
	struct sv_sockstats_opts stats; /* the range, the reserved ports, the
					   listeners with series of their own
					   (--prom-ports) */
	uint32_t tables;                /* the tables listed (1 << SV_TABLE_*):
					   those with ports get the range's
					   series, 0 when none of theirs is in
					   use */
	const uint64_t *counters;       /* SV_WHY_C_MAX values (why.h), or
					   NULL: none read (a recorded dump) */
	uint32_t counters_found;        /* bit k: counters[k] was read */
	struct sv_ifnames *ifnames;     /* a listener's device by name */
};

struct sv_prom_fmt; /* opaque */

/* Start on out. Returns 0 and sets *f, or -ENOMEM. */
int sv_format_prom_new(FILE *out, const struct sv_prom_opts *o, struct sv_prom_fmt **f);

/* Count one classified socket (nothing is written yet). Returns 0 or
 * -ENOMEM. */
int sv_format_prom_row(struct sv_prom_fmt *f, const struct sv_sock *s);

/* Write every family and flush. Returns 0, -EPIPE, -EIO or -ENOMEM. */
int sv_format_prom_finish(struct sv_prom_fmt *f);

/* Free (NULL is fine); does not close out. */
void sv_format_prom_free(struct sv_prom_fmt *f);

/* The formatter behind the output interface (output.h), on out. Returns 0
 * and fills *o, or -ENOMEM. */
int sv_format_prom_output(FILE *out, const struct sv_prom_opts *po, struct sv_output *o);

#endif
