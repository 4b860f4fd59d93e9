/* procmap_recs.c - the process map from the records of the in-kernel pass
 * (bpf/procmap_rec.h), recorded as they are read from the iterator into
 * the same table the /proc walk builds, each holder's uid the owner of
 * procroot/PID as there. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "procmap_build.h"

#define READ_BUF (64 * 1024) /* a multiple of the record's size */

/* The process whose records are being read: its first record (pid,
 * comm), and whether there is one. */
struct rd_proc {
	struct sv_procmap_rec first;
	bool open;
};

/* Record the process whose sockets are pending: its owner from
 * procroot/PID (gone: skipped), its comm from the record. */
static int commit_record(struct pm_scan *sc, int procfd, const struct sv_procmap_rec *r)
{
	char name[16], comm[SV_PROCMAP_COMM_LEN + 1];
	struct stat sb;
	int pidfd, ret;

	snprintf(name, sizeof(name), "%u", r->pid);
	pidfd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pidfd < 0)
		return sv_procmap_build_skip(sc, errno);
	if (fstat(pidfd, &sb) != 0) {
		ret = errno;
		close(pidfd);
		return sv_procmap_build_skip(sc, ret);
	}
	memcpy(comm, r->comm, SV_PROCMAP_COMM_LEN);
	comm[SV_PROCMAP_COMM_LEN] = '\0';
	ret = sv_procmap_build_commit((struct sc_proc_in){ r->pid, 0, (uint32_t)sb.st_uid,
							  comm, pidfd }, sc);
	close(pidfd);
	return ret;
}

/* End the current process: record it if it holds a wanted socket. */
static int close_proc(struct pm_scan *sc, int procfd, struct rd_proc *cur)
{
	int ret = 0;

	if (cur->open && sc->npend)
		ret = commit_record(sc, procfd, &cur->first);
	cur->open = false;
	sc->npend = 0;
	return ret;
}

/* Take n whole records: a process's fds are pending until a record of
 * another process shows that it has ended. Only the leader's file table
 * counts (a task that is not the leader has one of its own, which
 * /proc/PID/fd does not show). */
static int take(struct pm_scan *sc, int procfd, struct rd_proc *cur,
		const struct sv_procmap_rec *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct pm_pending *p;
		int ret;

		if (!cur->open || r[i].pid != cur->first.pid) {
			ret = close_proc(sc, procfd, cur);
			if (ret < 0)
				return ret;
			cur->first = r[i];
			cur->open = true;
			sc->st->processes++;
		}
		if (r[i].tid != r[i].pid || r[i].fd < 0)
			continue;
		sc->st->fds++;
		if (sc->filter && !sv_procmap_table_find(&sc->wanted, r[i].inode))
			continue;
		p = sv_procmap_build_grow(sc->pend, &sc->cpend, sc->npend + 1, sizeof(*p));
		if (!p)
			return -ENOMEM;
		sc->pend = p;
		sc->pend[sc->npend++] = (struct pm_pending){ r[i].fd, r[i].inode };
	}
	return 0;
}

/* Read every record from rd into the scan, as it comes. */
static int read_all(struct pm_scan *sc, int procfd, ssize_t (*rd)(void *, void *, size_t),
		    void *ctx)
{
	const size_t rs = sizeof(struct sv_procmap_rec);
	struct rd_proc cur = { .open = false };
	size_t part = 0; /* bytes of a record cut by a read */
	char *buf = malloc(READ_BUF + rs);
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	while (ret == 0) {
		ssize_t got = rd(ctx, buf + part, READ_BUF);
		struct sv_procmap_rec *r;
		size_t whole;

		if (got == -EAGAIN || got == -EINTR)
			continue; /* one read visits at most 1M objects: go on */
		if (got <= 0) {
			ret = got < 0 ? (int)got : part ? -EBADMSG : 0;
			break;
		}
		part += (size_t)got;
		whole = part / rs;
		if (!whole)
			continue;
		/* the buffer is malloc'ed: aligned for the records */
		r = (struct sv_procmap_rec *)(void *)buf;
		ret = take(sc, procfd, &cur, r, whole);
		part -= whole * rs;
		memmove(buf, buf + whole * rs, part);
	}
	if (ret == 0)
		ret = close_proc(sc, procfd, &cur);
	free(buf);
	return ret;
}

/* See procmap.h. */
int sv_procmap_recs_read(const struct sv_procmap_req *req,
			 ssize_t (*rd)(void *ctx, void *buf, size_t len), void *ctx,
			 struct sv_procmap **out, struct sv_procmap_stats *stats)
{
	struct pm_scan sc = { 0 };
	int procfd, r;

	if (!req || !req->procroot || !rd || !out)
		return -EINVAL;
	*out = NULL;
	r = sv_procmap_build_begin(&sc, req->procroot, req->flags, req->wanted, req->nwanted,
				   stats, &procfd);
	if (r < 0)
		return r;
	r = read_all(&sc, procfd, rd, ctx);
	return sv_procmap_build_end(&sc, procfd, r, out);
}
