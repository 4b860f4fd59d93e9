/* procmap.h - which processes hold which sockets: a scan of /proc/PID/fd
 * into a flat hash from socket inode to (pid, fd, comm, uid). */
#ifndef SOCKVIEW_PROCMAP_H
#define SOCKVIEW_PROCMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sockview/procmap_rec.h"
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
	bool bpf;           /* the in-kernel pass made the map (not /proc) */
};

/* Where -p's map comes from (--process-source). */
enum sv_procsrc {
	SV_PROCSRC_AUTO, /* the in-kernel pass where it can run, else /proc */
	SV_PROCSRC_BPF,  /* the in-kernel pass or an error */
	SV_PROCSRC_PROC, /* the /proc walk */
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
	SV_PROCMAP_THREADS = 1u << 2,  /* -T: every thread of a process too,
					  from /proc/PID/task/TID (its own
					  comm, its tid); as ss -T */
	SV_PROCMAP_CGROUP = 1u << 3,   /* what each holder's cgroup names
					  (/proc/PID/cgroup, container.h):
					  sv_proc_ref.ct */
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

/* What a map is built from and what it records (sv_procmap_build_src). */
struct sv_procmap_req {
	enum sv_procsrc src;
	const char *procroot;     /* "/proc", or a test tree laid out the same */
	unsigned int flags;       /* SV_PROCMAP_* */
	uint64_t families;        /* the pass writes only sockets of these
				     (bit 1 << AF_*); 0: every family */
	const uint32_t *wanted;   /* only these inodes are recorded (and the
				     pass writes only them, and a few that
				     share their bits); NULL: every socket */
	size_t nwanted;
};

/* The map from the in-kernel pass's records (procmap_rec.h), read from rd
 * (the iterator's read: bytes, 0 at the end, or a negative errno) and
 * recorded as they come, in the order the kernel wrote them (by pid, then
 * fd, as the /proc walk goes): the same map sv_procmap_build_with makes
 * from req->procroot (req->flags, req->wanted; src and families are not
 * read). -EAGAIN and -EINTR are read again (one read of an iterator visits
 * at most a million objects); a record cut by a read is joined with the
 * next read's bytes. Only a process's leader's file table counts (as
 * /proc/PID/fd shows it); each holder's uid is the owner of procroot/PID
 * (a process gone meanwhile is skipped and counted as vanished).
 * Returns 0 and sets *out; -EBADMSG when the stream ends inside a record;
 * rd's error; or another negative errno. */
int sv_procmap_recs_read(const struct sv_procmap_req *req,
			 ssize_t (*rd)(void *ctx, void *buf, size_t len), void *ctx,
			 struct sv_procmap **out, struct sv_procmap_stats *stats);

/* Does this build have the in-kernel pass (libbpf)? */
bool sv_procmap_bpf_built(void);

/* The in-kernel pass, ready to be read. */
struct sv_procmap_pass;

/* Load the in-kernel pass (an iter/task_file BPF program: needs CAP_BPF
 * and CAP_PERFMON, or CAP_SYS_ADMIN, a kernel of 5.11 or later with BTF)
 * and create its iterator over every open socket file on the host.
 * families: only sockets of these address families (bit 1 << AF_*) are
 * written; 0: every socket. wanted (NULL: every socket): only these
 * inodes, and the few others that share their bits in the program's
 * filter (procmap_rec.h). Returns 0 and sets *out; -EOPNOTSUPP in a
 * build without libbpf; or why the program could not load (-EPERM,
 * -ENOENT without BTF...). */
int sv_procmap_bpf_open(uint64_t families, const uint32_t *wanted, size_t nwanted,
			struct sv_procmap_pass **out);

/* Read the pass's records (pass: a struct sv_procmap_pass *; a reader for
 * sv_procmap_recs_read). Returns the bytes read, 0 at the end, or a
 * negative errno. */
ssize_t sv_procmap_bpf_read(void *pass, void *buf, size_t len);

/* Unload the pass (NULL is fine). */
void sv_procmap_bpf_close(struct sv_procmap_pass *p);

/* Below this many open files on the host (/proc/sys/fs/file-nr), the
 * /proc walk (a readlinkat a file) is as quick as the in-kernel pass
 * (whose start, with the light skeleton, is ~1.3 ms; at 564 files both
 * took 30 ms here): auto takes /proc there. */
#define SV_PROCMAP_BPF_MIN_FILES 1000

/* The allocated file handles, the first number of /proc/sys/fs/file-nr
 * ("1234\t0\t9223372036854775807"). Returns 0, or -EINVAL when the text
 * does not start with a number followed by a tab, a space, a newline or
 * its end. */
int sv_procmap_parse_filenr(const char *text, size_t len, uint64_t *files);

/* The map, from req->src: the in-kernel pass when src allows it (auto:
 * only with SV_PROCMAP_BPF_MIN_FILES open files or more), procroot is
 * "/proc" and sockview sees the initial pid namespace (the pass's pids are
 * the host's); otherwise, or when the pass cannot run and src is AUTO, the
 * /proc walk (sv_procmap_build_with), quietly. stats->bpf says which made
 * it; *bpf_err is why the pass was not used (0 when it was, or was not
 * tried). Both record only req->wanted when it is set; the pass records
 * only sockets of req->families (the walk records every socket: it reads
 * every fd in any case). Returns 0 or a negative errno (with
 * SV_PROCSRC_BPF, the pass's). */
int sv_procmap_build_src(const struct sv_procmap_req *req, struct sv_procmap **out,
			 struct sv_procmap_stats *stats, int *bpf_err);

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

/* In the text of /proc/PID/cgroup (len bytes), the cgroup v2 line's path
 * ("0::/system.slice/docker-ID.scope"): *off and *plen, from its '/' to the
 * line's end. Returns 0, or -ENOENT when there is no such line (a v1-only
 * host, a path that is not absolute, a NUL in it). */
int sv_procmap_parse_cgroup(const char *text, size_t len, size_t *off, size_t *plen);

/* From an fd link's target ("socket:[12345]"), the inode. Returns 0, or
 * -ENOENT when the link is not a socket, -EINVAL when it is malformed. */
int sv_procmap_parse_fdlink(const char *link, size_t len, uint32_t *inode);

#endif
