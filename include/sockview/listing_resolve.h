/* listing_resolve.h - -r's first pass over a listing: every address it
 * will print is looked up, all at once, before the rows are written. */
#ifndef SOCKVIEW_LISTING_RESOLVE_H
#define SOCKVIEW_LISTING_RESOLVE_H

#include <stddef.h>

#include "sockview/listing.h"
#include "sockview/resolve.h"

/* Run the listing l describes (not yet run) without output and without
 * the process scan: each row that would be written hands its local and
 * peer addresses to r as it comes (the queries leave at once), then wait
 * for the answers within r's budget. l itself is left as it was, for the
 * real run, whose addresses are then answered from r's cache (a socket
 * that appeared in between is looked up in what is left of the budget).
 * Returns sv_listing_run's result (the real run will report the same
 * failure). */
int sv_listing_resolve_prepass(const struct sv_listing *l, struct sv_resolve *r,
			       char *err, size_t errlen);

#endif
