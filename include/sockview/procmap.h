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

/* Scan procroot ("/proc", or a test tree laid out the same way): every
 * numeric directory's fd/ links, one readlinkat per fd. /proc/PID/fd covers
 * all threads of a process, so task/ is not walked.
 *
 * When wanted is not NULL, only sockets whose inode is in wanted[0..nwanted)
 * are recorded (nwanted == 0: nothing is, and nothing is scanned). The
 * filter saves memory and the stat reads of processes holding none of them,
 * but NOT the walk: a socket can be held by several processes (after fork,
 * or passed over a unix socket) and nothing in /proc says how many, so the
 * last holder can only be known after the last fd was read. The scan is
 * always complete, as ss's is, and every holder is found.
 *
 * For each process holding a recorded socket: comm from /proc/PID/stat
 * (empty when unreadable) and uid, the owner of /proc/PID: the effective
 * uid, or 0 for a process that made itself non-dumpable (setuid programs,
 * ssh-agent...).
 *
 * Races and rights: a process or fd that vanishes mid-scan is skipped and
 * counted in stats->vanished; a process whose fd directory cannot be read
 * (EACCES/EPERM) is skipped and counted in stats->denied. stats may be NULL.
 * Returns 0 and sets *out; -EINVAL for a NULL argument; -errno when procroot
 * itself cannot be read; -ENOMEM, -EMFILE or -ENFILE when the scan ran out of
 * memory or descriptors (nothing is returned then). */
int sv_procmap_build(const char *procroot, const uint32_t *wanted,
		     size_t nwanted, struct sv_procmap **out,
		     struct sv_procmap_stats *stats);

/* What sv_procmap_build_with records besides pid, fd, uid and comm. */
enum {
	SV_PROCMAP_PROC_CTX = 1u << 0, /* each holder's SELinux context, from
					  /proc/PID/attr/current (-Z) */
	SV_PROCMAP_SOCK_CTX = 1u << 1, /* each socket fd's, from the
					  security.selinux attribute of
					  /proc/PID/fd/FD (-z) */
};

/* sv_procmap_build, recording what flags (SV_PROCMAP_*) ask for as well,
 * as ss -Z and -z read it with libselinux's getpidcon() and getfilecon()
 * (raw contexts: no MCS translation); "unavailable", as ss, for a
 * context that cannot be read. */
int sv_procmap_build_with(const char *procroot, const uint32_t *wanted,
			  size_t nwanted, unsigned int flags,
			  struct sv_procmap **out, struct sv_procmap_stats *stats);

/* The processes holding the socket with this inode (in scan order), or NULL
 * with *count = 0. The array is contiguous; more than 65535 holders are cut
 * to the first 65535. Valid until sv_procmap_free. */
const struct sv_proc_ref *sv_procmap_find(const struct sv_procmap *m,
					  uint32_t inode, uint16_t *count);

/* Free (NULL is fine). */
void sv_procmap_free(struct sv_procmap *m);

/* Pure parsers, exposed for tests and fuzzers. */

/* From the text of /proc/PID/stat, the command name: the bytes between the
 * first '(' and the LAST ')' (a name may itself contain ") " and newlines),
 * at most 64 bytes: a longer name is truncated to 64, and to commlen - 1
 * when comm is smaller. Returns the length stored, or -EINVAL (no '(' with
 * a ')' after it, or commlen == 0). comm gets a NUL. */
int sv_procmap_parse_stat(const char *text, size_t len, char *comm,
			  size_t commlen);

/* A context as read from attr/current or from the security.selinux
 * attribute (len bytes): the bytes before the first NUL, as libselinux
 * takes them, cut to cap - 1, into out with a NUL. Returns the length, or
 * -EINVAL when it is empty (libselinux's error) or cap == 0. */
int sv_procmap_parse_context(const char *buf, size_t len, char *out, size_t cap);

/* From an fd link's target ("socket:[12345]"), the inode. Returns 0, or
 * -ENOENT when the link is not a socket, -EINVAL when it is malformed. */
int sv_procmap_parse_fdlink(const char *link, size_t len, uint32_t *inode);

#endif
