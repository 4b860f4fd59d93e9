/* listing_ahead.c - the first rows' dump of a listing received ahead, on a
 * thread of its own, while the listing learns the listeners or maps the
 * processes (prefetch.h). */
#include "sockview/tables.h"

#include "listing_priv.h"

/* The queue of the dumps received ahead (listing_source.c): about 2 MiB
 * while the listeners' dumps run (at ~80 bytes a unix socket, its first
 * 25,000); 16 MiB while -p's map is made (some 140,000 TCP sockets: at
 * 100,000 the whole dump is in when the map is, and peak memory stays
 * below ss -tanp's). */
#define AHEAD_LEARN (64 * SV_COLLECT_BUFSIZE)
#define AHEAD_MAP (512 * SV_COLLECT_BUFSIZE)

/* See listing_priv.h: when -p's map is made, the first table's rows, both
 * its families one after the other; else the first dump whose listeners
 * must be learnt (learn_listeners). The requests are the ones dump_rows
 * will make, built now. */
void sv_listing_ahead_first(struct sv_listing *l, struct kprog *k)
{
	const struct sv_opts *o = l->opts;

	for (size_t i = 0; i < sv_listing_order_count(); i++) {
		struct sv_dump_req req = { .table = sv_listing_order_at(l, i), .kind = SV_DUMP_ROWS,
					   .bpf = o->bpf };
		struct sv_dump_req reqs[2];
		uint32_t learn = l->roles ? sv_listing_learn_states(o, req.table) : 0;
		int fam[2];
		size_t nf;

		if (!(o->tables & sv_listing_order_tables(req.table)) ||
		    sv_listing_source_none(l, req.table))
			continue;
		if (!l->map_here && (!learn || !(o->states & ~learn)))
			continue;
		sv_listing_compile_filter(l, req.table, k);
		sv_listing_rows_request(l, &req, k);
		nf = sv_listing_order_families(l, req.table, fam);
		if (!req.states || nf == 0)
			return;
		reqs[0] = reqs[1] = req;
		reqs[0].family = fam[0];
		reqs[1].family = fam[nf - 1];
		if (l->map_here) /* both families while the map is made */
			sv_listing_source_ahead(l, reqs, nf, AHEAD_MAP);
		else
			sv_listing_source_ahead(l, reqs, 1, AHEAD_LEARN);
		return;
	}
}
