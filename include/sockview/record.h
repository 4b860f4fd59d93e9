/* record.h - -D: record the kernel's dumps into a dump file (dumpfile.h),
 * keeping only complete parts and ending with the marker that proves the
 * file whole. */
#ifndef SOCKVIEW_RECORD_H
#define SOCKVIEW_RECORD_H

#include <stdint.h>

#include "sockview/collect.h"
#include "sockview/localaddr.h"

struct sv_record; /* opaque */

/* Record to fd (not owned; written at its current offset). Returns 0 and
 * sets *out, or -ENOMEM. */
int sv_record_new(int fd, struct sv_record **out);

/* A source that passes requests and chunks through to inner and records
 * each dump that ends complete: rows straight to the file (the last chunk
 * held back until the dump ends), listeners and autobound connections in
 * memory, to follow the rows (ss reads the first part of a file as TCP
 * rows). An attempt that fails (a refused filter program, an interrupted
 * dump) is dropped: on a file by truncating it, on a pipe by never writing
 * it, unless it had already written chunks (then sv_record_error says
 * -ESPIPE). inner and r must outlive the source. */
struct sv_source sv_record_source(struct sv_record *r, const struct sv_source *inner);

/* Write the parts held in memory and the end marker, with the recording's
 * ephemeral port range and addresses (local may be NULL). Returns 0 or the
 * first write error. */
int sv_record_finish(struct sv_record *r, uint16_t eph_lo, uint16_t eph_hi,
		     const struct sv_localaddrs *local);

/* The first error met while writing (a negative errno), or 0. -ESPIPE: a
 * failed attempt could not be taken back from a pipe. */
int sv_record_error(const struct sv_record *r);

/* Free (NULL is fine); does not close the fd. */
void sv_record_free(struct sv_record *r);

#endif
