/* listing_priv.h - what the listing's files share (listing.c runs the
 * pipeline; listing_order.c, listing_procs.c, listing_source.c and
 * listing_unlisted.c serve it). Not a public interface. */
#ifndef SOCKVIEW_LISTING_PRIV_H
#define SOCKVIEW_LISTING_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/collect.h"
#include "sockview/listing.h"

/* The i-th dump in listing order: ss's (tables.h), or, with tcp_first
 * (-D: ss reads a file's first part as TCP), TCP first. */
enum sv_table sv_listing_order_at(const struct sv_listing *l, size_t i);

/* How many dumps there are in listing order. */
size_t sv_listing_order_count(void);

/* The tables whose rows a dump of table t's returns (t's group). */
uint32_t sv_listing_order_tables(enum sv_table t);

#include "sockview/filter.h"

/* The kernel program of one table, compiled once for both families. */
struct kprog {
	unsigned char bc[SV_FILTER_BYTECODE_MAX];
	size_t len;  /* 0: none (no filter, or the kernel refused it) */
	bool exact;  /* the whole filter, not a precondition */
	unsigned char ab[SV_FILTER_BYTECODE_MAX]; /* the autobound program */
};

/* The program for table t: the exact filter when every condition can run
 * in the kernel, else a precondition that only drops sockets that cannot
 * match (class, service and role are decided here). None for a source
 * that is not the kernel. */
void sv_listing_compile_filter(const struct sv_listing *l, enum sv_table t, struct kprog *k);

/* What the rows' dump of req's table asks (req's table, family, kind and
 * bpf set): the listing's states but those never asked, its details, and
 * k's program. One place, so that a dump received ahead is this one. */
void sv_listing_rows_request(const struct sv_listing *l, struct sv_dump_req *req,
			     const struct kprog *k);

/* The serving states of the wanted tables of dump t whose classify needs
 * notes first (tables.h: note); 0 when none does. */
uint32_t sv_listing_learn_states(const struct sv_opts *o, enum sv_table t);

/* The first rows' dump that has to wait, received ahead while the listing
 * prepares (listing_ahead.c). */
void sv_listing_ahead_first(struct sv_listing *l, struct kprog *k);

/* The families to ask t's dump for, in order (IPv4 before IPv6, as ss),
 * or AF_UNSPEC alone for TCP's two in one dump (any_order); returns how
 * many (0, 1 or 2). */
size_t sv_listing_order_families(const struct sv_listing *l, enum sv_table t, int fam[2]);

/* Where t's sockets come from: the fallback for the tables it took over. */
const struct sv_source *sv_listing_source_of(const struct sv_listing *l, enum sv_table t);

/* Does this answer say that sock_diag is missing or not allowed, rather
 * than that the request was bad? */
bool sv_listing_source_refused(int ret);

/* Does this answer mean "no dump of this kind here" (no diag module...)? */
bool sv_listing_source_absent(int ret);

/* Is there no source for dump t (no request of sockview's and no /proc/net
 * file it moved to, or --source=proc and no file)? */
bool sv_listing_source_none(const struct sv_listing *l, enum sv_table t);

/* One dump, named in err on failure ("tcp IPv4: ..."); a table its source
 * refuses outright moves to the fallback for the rest of the run. A
 * request that is the next one received ahead is answered from its queue. */
int sv_listing_source_dump(struct sv_listing *l, const struct sv_dump_req *req,
			   sv_diag_cb cb, void *data, char *err, size_t errlen);

/* Start receiving the dumps req[0..nreq) of one table ahead, one after
 * the other, on a second socket and a thread of its own (prefetch.h), into
 * a queue of at most max_bytes, when the source can open one; otherwise
 * nothing. */
void sv_listing_source_ahead(struct sv_listing *l, const struct sv_dump_req *req,
			     size_t nreq, size_t max_bytes);

/* End the dumps received ahead, used or not. */
void sv_listing_source_stop_ahead(struct sv_listing *l);

/* Note the wanted tables of dump t that no source can list, with their
 * count (l->unlisted...); an empty table is not noted. why: the kernel's
 * answer, 0 if none was asked. Returns 0 or a negative errno (err says). */
int sv_listing_unlisted_add(struct sv_listing *l, enum sv_table t, int why,
			    char *err, size_t errlen);

/* Does -p's map wait for a dump of the few sockets wanted (the listing
 * wants only listening and unconnected ones, from a live source)? */
bool sv_listing_procs_few(const struct sv_listing *l);

/* -p: build the map (l->procs) from l->procsrc, of the sockets the
 * listing's families hold, or only of the few it wants (their inodes from
 * a dump first: sv_listing_procs_few). Returns 0 (also without -p) or a
 * negative errno with a message in err. */
int sv_listing_procs_map(struct sv_listing *l, char *err, size_t errlen);

#endif
