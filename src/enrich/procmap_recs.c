/* procmap_recs.c - the process map from the records of the in-kernel pass
 * (bpf/procmap_rec.h): read them from the iterator, and build the same
 * table the /proc walk builds, each holder's uid the owner of
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

/* See procmap.h. */
int sv_procmap_recs_drain(ssize_t (*rd)(void *ctx, void *buf, size_t len), void *ctx,
			  struct sv_procmap_rec **recs, size_t *n)
{
	size_t cap = 0, have = 0, part = 0; /* bytes of a record cut by a read */
	struct sv_procmap_rec *v = NULL;
	char *buf = malloc(READ_BUF + sizeof(*v));
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t got = rd(ctx, buf + part, READ_BUF);
		size_t whole;

		if (got < 0 && (got == -EAGAIN || got == -EINTR))
			continue; /* one read visits at most 1M objects: go on */
		if (got < 0) {
			ret = (int)got;
			break;
		}
		if (got == 0) {
			ret = part ? -EBADMSG : 0; /* a record cut short at the end */
			break;
		}
		part += (size_t)got;
		whole = part / sizeof(*v);
		if (whole) {
			void *p = sv_procmap_build_grow(v, &cap, have + whole, sizeof(*v));

			if (!p) {
				ret = -ENOMEM;
				break;
			}
			v = p;
			memcpy(v + have, buf, whole * sizeof(*v));
			have += whole;
			part -= whole * sizeof(*v);
			memmove(buf, buf + whole * sizeof(*v), part);
		}
	}
	free(buf);
	if (ret < 0) {
		free(v);
		return ret;
	}
	*recs = v;
	*n = have;
	return 0;
}

/* The records of one process from i on (the leader's file table: a task
 * that is not the leader has one of its own, which /proc/PID/fd does not
 * show) into sc->pend; returns the index past them. */
static size_t take_process(struct pm_scan *sc, const struct sv_procmap_rec *r, size_t n,
			   size_t i, int *err)
{
	uint32_t pid = r[i].pid;

	sc->npend = 0;
	*err = 0;
	for (; i < n && r[i].pid == pid; i++) {
		struct pm_pending *p;

		if (r[i].tid != pid || r[i].fd < 0)
			continue;
		sc->st->fds++;
		if (sc->filter && !sv_procmap_table_find(&sc->wanted, r[i].inode))
			continue;
		p = sv_procmap_build_grow(sc->pend, &sc->cpend, sc->npend + 1, sizeof(*p));
		if (!p) {
			*err = -ENOMEM;
			return i;
		}
		sc->pend = p;
		sc->pend[sc->npend++] = (struct pm_pending){ r[i].fd, r[i].inode };
	}
	return i;
}

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

/* Room for n sockets from the start: the records say how many there are,
 * so the table is not rehashed as it grows nor the entries moved. */
static int presize(struct pm_scan *sc, size_t n)
{
	unsigned bits = TAB_MIN_BITS;
	void *p;

	while (((size_t)1 << bits) < 2 * n + 2)
		bits++;
	if (bits > TAB_MIN_BITS) {
		free(sc->m->tab.slots);
		sc->m->tab.slots = NULL;
		if (sv_procmap_table_init(&sc->m->tab, bits) != 0)
			return -ENOMEM;
	}
	if (n && !(p = sv_procmap_build_grow(sc->ents, &sc->cents, n, sizeof(*sc->ents))))
		return -ENOMEM;
	if (n)
		sc->ents = p;
	return 0;
}

/* See procmap.h. */
int sv_procmap_recs_build(const char *procroot, const struct sv_procmap_rec *recs,
			  size_t n, unsigned int flags, struct sv_procmap **out,
			  struct sv_procmap_stats *stats)
{
	struct pm_scan sc = { 0 };
	int procfd, r;

	if (!procroot || !out || (n && !recs))
		return -EINVAL;
	*out = NULL;
	r = sv_procmap_build_begin(&sc, procroot, flags, NULL, 0, stats, &procfd);
	if (r < 0)
		return r;
	r = presize(&sc, n);
	for (size_t i = 0, next; r == 0 && i < n; i = next) {
		next = take_process(&sc, recs, n, i, &r);
		sc.st->processes++;
		if (r == 0 && sc.npend)
			r = commit_record(&sc, procfd, &recs[i]);
	}
	return sv_procmap_build_end(&sc, procfd, r, out);
}
