/* protocols.h - how many sockets of a protocol a network namespace holds,
 * from /proc/net/protocols: what tells an empty table from one that this
 * kernel cannot list. */
#ifndef SOCKVIEW_PROTOCOLS_H
#define SOCKVIEW_PROTOCOLS_H

#include <stddef.h>
#include <stdint.h>

/* The most names one count adds up. */
#define SV_PROTOCOLS_NAMES 8

/* Add up the "sockets" column of the rows named names[0..n) in text, the
 * contents of /proc/net/protocols (len bytes; need not be terminated).
 * A name that has no row counts 0 (the kernel lacks the protocol). Pure.
 * Returns 0, *count and, when rows is not NULL, *rows: how many rows had
 * one of the names (0: the kernel has none of those protocols); -EBADMSG
 * for text that is not that file (no header, a row without a number in
 * its third column), with *line the 1-based number of the offending
 * line. */
int sv_protocols_count(const char *text, size_t len, const char *const *names,
		       size_t n, uint64_t *count, size_t *rows, size_t *line);

#endif
