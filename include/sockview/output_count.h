/* output_count.h - --count: an output that counts the rows by the values
 * of chosen fields, in one streaming pass whose memory grows with the
 * number of groups only, and writes the groups biggest first. */
#ifndef SOCKVIEW_OUTPUT_COUNT_H
#define SOCKVIEW_OUTPUT_COUNT_H

#include <stdbool.h>
#include <stdio.h>

#include "sockview/colspec.h"
#include "sockview/fields.h"
#include "sockview/format.h"
#include "sockview/output.h"

/* How the groups are written. */
enum sv_count_format {
	SV_COUNT_TABLE,      /* a Count column, then one per field */
	SV_COUNT_JSON,       /* an array of {"FIELD": value, ..., "count": N} */
	SV_COUNT_JSON_LINES, /* the same objects, one per line */
	SV_COUNT_PROM,       /* the Prometheus text format: one gauge,
				sockview_sockets_counted, a sample per group,
				a label per field (dots as '_') */
};

struct sv_count_opts {
	const struct sv_colspec *by; /* the fields (n 0: one total) */
	enum sv_count_format format;
	bool header;                 /* the table's header line */
	const struct sv_fmt_opts *fo; /* how local, peer and process are
					 written (as in the table) */
	struct sv_field_ctx ctx;     /* what the fields' accessors need */
};

/* Open the counter on f. o (and what it points to) must outlive it.
 * Returns 0 and fills *out, or -ENOMEM. */
int sv_output_count_open(FILE *f, const struct sv_count_opts *o, struct sv_output *out);

#endif
