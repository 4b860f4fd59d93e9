/* procmap.c - scan /proc/PID/fd into a flat hash from socket inode to the
 * processes holding it (pid, fd, uid, comm). */
#define _GNU_SOURCE /* getdents64, struct dirent64 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "procmap_build.h"

#define LINK_BUF 64   /* "socket:[4294967295]" is 19 bytes */
#define STAT_BUF 1024 /* pid, a comm of at most 64 bytes, then numbers */

/* A directory read with getdents64 into a caller-owned buffer. */
struct pm_dir {
	int fd;
	char *buf;
	size_t len, off;
};

/* Next entry of d: 1 with *name and *type, 0 at the end, or -errno. */
static int dir_next(struct pm_dir *d, const char **name, unsigned char *type)
{
	const struct dirent64 *de;

	if (d->off >= d->len) {
		ssize_t n = getdents64(d->fd, d->buf, DENTS_BUF);

		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		d->len = (size_t)n;
		d->off = 0;
	}
	de = (const struct dirent64 *)(const void *)(d->buf + d->off);
	d->off += de->d_reclen;
	*name = de->d_name;
	*type = de->d_type;
	return 1;
}

/* A decimal name (a pid or an fd number) below 2^31, or -1. */
static int32_t parse_num(const char *s)
{
	int64_t v = *s ? 0 : -1;

	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > INT32_MAX)
			return -1;
	}
	return (int32_t)v;
}

/* Read the links of one fd directory into sc->pend. Returns 0, or the
 * errno that ended the process's scan as a negative number. */
static int scan_fds(struct pm_scan *sc, int fdfd)
{
	struct pm_dir d = { .fd = fdfd, .buf = sc->fdbuf };
	const char *name = "";
	unsigned char type = DT_UNKNOWN;
	char link[LINK_BUF];
	int r;

	while ((r = dir_next(&d, &name, &type)) > 0) {
		struct pm_pending *pend;
		ssize_t n;
		uint32_t inode;
		int32_t fd;

		if (name[0] == '.')
			continue;
		sc->st->fds++;
		n = readlinkat(fdfd, name, link, sizeof(link));
		if (n < 0) {
			if (errno == EACCES || errno == EPERM || errno == ESRCH)
				return -errno;
			if (errno == ENOENT) /* closed meanwhile */
				sc->st->vanished++;
			continue;
		}
		if ((size_t)n >= sizeof(link) ||
		    sv_procmap_parse_fdlink(link, (size_t)n, &inode) != 0)
			continue;
		if (sc->filter && !sv_procmap_table_find(&sc->wanted, inode))
			continue;
		fd = parse_num(name);
		if (fd < 0)
			continue;
		pend = sv_procmap_build_grow(sc->pend, &sc->cpend, sc->npend + 1, sizeof(*pend));
		if (!pend)
			return -ENOMEM;
		sc->pend = pend;
		sc->pend[sc->npend++] = (struct pm_pending){ fd, inode };
	}
	return r;
}

/* The comm of an open /proc/PID directory into comm (NUL-terminated).
 * Returns 0 (an empty name when stat is unreadable or malformed), or
 * -ENOENT / -ESRCH when the process is gone. */
static int read_comm(int pidfd, char *comm)
{
	char text[STAT_BUF];
	ssize_t n;
	int fd = openat(pidfd, "stat", O_RDONLY | O_CLOEXEC);
	int err;

	comm[0] = '\0';
	if (fd < 0)
		return errno == ENOENT || errno == ESRCH ? -errno : 0;
	n = read(fd, text, sizeof(text));
	err = errno;
	close(fd);
	if (n < 0)
		return err == ENOENT || err == ESRCH ? -err : 0;
	if (sv_procmap_parse_stat(text, (size_t)n, comm, COMM_BUF) < 0)
		comm[0] = '\0';
	return 0;
}

/* Record the process or thread of an open /proc/PID (or task/TID)
 * directory (uid: the directory's owner; comm from its stat) and its
 * pending sockets; tid is 0 without -T. */
static int commit_process(struct pm_scan *sc, int dirfd, uint32_t pid, uint32_t tid)
{
	char comm[COMM_BUF];
	struct stat sb;
	int r = read_comm(dirfd, comm);

	if (r == 0 && fstat(dirfd, &sb) != 0)
		r = -errno;
	if (r != 0)
		return sv_procmap_build_skip(sc, -r);
	return sv_procmap_build_commit((struct sc_proc_in){ pid, tid, (uint32_t)sb.st_uid,
							  comm, dirfd }, sc);
}

/* The socket fds of one open process or thread directory, recorded. */
static int scan_fd_dir(struct pm_scan *sc, int dirfd, uint32_t pid, uint32_t tid)
{
	int fdfd = openat(dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	sc->npend = 0;
	r = fdfd < 0 ? -errno : scan_fds(sc, fdfd);
	if (fdfd >= 0)
		close(fdfd);
	if (r < 0)
		return sv_procmap_build_skip(sc, -r);
	return sc->npend > 0 ? commit_process(sc, dirfd, pid, tid) : 0;
}

/* -T: each other thread of the process, from task/TID, as ss -T walks them
 * (a thread sharing the process's files lists the same sockets again). */
static int scan_threads(struct pm_scan *sc, int pidfd, uint32_t pid)
{
	struct pm_dir d = { .fd = openat(pidfd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC),
			    .buf = sc->taskbuf };
	const char *name = "";
	unsigned char type = DT_UNKNOWN;
	int r;

	if (d.fd < 0)
		return sv_procmap_build_skip(sc, errno);
	while ((r = dir_next(&d, &name, &type)) > 0) {
		int32_t tid = parse_num(name);
		int tfd;

		if (tid <= 0 || (uint32_t)tid == pid)
			continue;
		tfd = openat(d.fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		r = tfd < 0 ? sv_procmap_build_skip(sc, errno)
			    : scan_fd_dir(sc, tfd, pid, (uint32_t)tid);
		if (tfd >= 0)
			close(tfd);
		if (r < 0)
			break;
	}
	close(d.fd);
	return r < 0 ? sv_procmap_build_skip(sc, -r) : 0;
}

/* Scan one /proc/PID: its fd links, then, if it holds a recorded socket,
 * its stat and owner; with -T, its other threads the same way. Returns 0
 * (also when it was skipped) or -errno. */
static int scan_process(struct pm_scan *sc, int procfd, const char *name,
			uint32_t pid)
{
	bool threads = sc->flags & SV_PROCMAP_THREADS;
	size_t denied;
	int pidfd, r;

	pidfd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pidfd < 0)
		return sv_procmap_build_skip(sc, errno);
	sc->st->processes++;
	denied = sc->st->denied;
	r = scan_fd_dir(sc, pidfd, pid, threads ? pid : 0);
	if (r == 0 && threads && sc->st->denied == denied) /* theirs are too */
		r = scan_threads(sc, pidfd, pid);
	close(pidfd);
	return r;
}

/* Walk the numeric entries of procroot. */
static int scan_root(struct pm_scan *sc, int procfd)
{
	struct pm_dir d = { .fd = procfd, .buf = sc->pidbuf };
	const char *name = "";
	unsigned char type = DT_UNKNOWN;
	int r;

	while ((r = dir_next(&d, &name, &type)) > 0) {
		int32_t pid = parse_num(name);

		if (pid <= 0 || (type != DT_DIR && type != DT_UNKNOWN))
			continue;
		r = scan_process(sc, procfd, name, (uint32_t)pid);
		if (r < 0)
			return r;
	}
	return r;
}

/* Scan procroot into a new map; see procmap.h for what is recorded and why
 * the scan is always complete. */
int sv_procmap_build(const char *procroot, const uint32_t *wanted,
		     size_t nwanted, struct sv_procmap **out,
		     struct sv_procmap_stats *stats)
{
	return sv_procmap_build_with(procroot, wanted, nwanted, 0, out, stats);
}

/* See procmap.h. */
int sv_procmap_build_with(const char *procroot, const uint32_t *wanted,
			  size_t nwanted, unsigned int flags,
			  struct sv_procmap **out, struct sv_procmap_stats *stats)
{
	struct pm_scan sc = { 0 };
	int procfd, r;

	if (!procroot || !out)
		return -EINVAL;
	*out = NULL;
	r = sv_procmap_build_begin(&sc, procroot, flags, wanted, nwanted, stats, &procfd);
	if (r < 0)
		return r;
	if (!(wanted && nwanted == 0))
		r = scan_root(&sc, procfd);
	return sv_procmap_build_end(&sc, procfd, r, out);
}

