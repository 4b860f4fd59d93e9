/* procmap.h - which processes hold which sockets: a scan of /proc/PID/fd
 * into a flat hash from socket inode to (pid, fd, comm, uid). */
#ifndef SOCKVIEW_PROCMAP_H
#define SOCKVIEW_PROCMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/sock.h"

struct sv_procmap; /* opaque */

/* What a scan saw, for messages. */
struct sv_procmap_stats {
	size_t processes;   /* PID directories visited */
	size_t fds;         /* fd entries looked at */
	size_t sockets;     /* socket fds recorded */
	size_t denied;      /* processes whose fd directory could not be read
			       (EACCES: another user's, without privileges) */
	size_t vanished;    /* processes or fds that went away mid-scan */
};

/* Scan procroot ("/proc", or a test tree laid out the same way). When
 * wanted is not NULL, only sockets whose inode is in wanted[0..nwanted) are
 * recorded, and the scan stops as soon as all of them were found: a filtered
 * listing needs no full walk. Processes and fds that vanish mid-scan are
 * skipped quietly. Returns 0 and sets *out, or a negative errno when
 * procroot itself cannot be read. */
int sv_procmap_build(const char *procroot, const uint32_t *wanted,
		     size_t nwanted, struct sv_procmap **out,
		     struct sv_procmap_stats *stats);

/* The processes holding the socket with this inode (in scan order), or NULL
 * with *count = 0. Valid until sv_procmap_free. */
const struct sv_proc_ref *sv_procmap_find(const struct sv_procmap *m,
					  uint32_t inode, uint16_t *count);

/* Free (NULL is fine). */
void sv_procmap_free(struct sv_procmap *m);

/* Pure parsers, exposed for tests and fuzzers. */

/* From the text of /proc/PID/stat, the command name: the bytes between the
 * first '(' and the LAST ')' (a name may itself contain ") " and newlines),
 * at most 64 bytes. Returns its length, or -EINVAL. comm gets a NUL. */
int sv_procmap_parse_stat(const char *text, size_t len, char *comm,
			  size_t commlen);

/* From an fd link's target ("socket:[12345]"), the inode. Returns 0, or
 * -ENOENT when the link is not a socket, -EINVAL when it is malformed. */
int sv_procmap_parse_fdlink(const char *link, size_t len, uint32_t *inode);

#endif
