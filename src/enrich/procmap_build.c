/* procmap_build.c - the process map's table as a scan fills it: processes,
 * their socket fds, contexts, then the references laid out per inode
 * (procmap_build.h); and the finished map's lookups. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <fcntl.h>
#include <unistd.h>

#include "procmap_build.h"

/* See procmap_build.h. */
int sv_procmap_build_grow_ptrs(struct sv_container ***v, size_t *cap, size_t need)
{
	void *p = sv_procmap_build_grow(*v, cap, need, sizeof(**v));

	if (!p)
		return -ENOMEM;
	*v = p;
	return 0;
}

/* p (of *cap elements of size sz, need > 0) grown to hold at least need
 * elements, or NULL with p and *cap untouched. */
void *sv_procmap_build_grow(void *p, size_t *cap, size_t need, size_t sz)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	q = realloc(p, n * sz);
	if (q)
		*cap = n;
	return q;
}

/* Sort out a failed step on one process or fd: races and missing rights are
 * counted and skipped (0); running out of memory or descriptors stops the
 * scan (-errno). */
int sv_procmap_build_skip(struct pm_scan *sc, int err)
{
	switch (err) {
	case ENOMEM:
	case EMFILE:
	case ENFILE:
		return -err;
	case EACCES:
	case EPERM:
		sc->st->denied++;
		return 0;
	default: /* ENOENT, ESRCH: it exited; anything else: skip it too */
		sc->st->vanished++;
		return 0;
	}
}

/* Append a context (or "unavailable", as ss, when len < 0 or it is
 * empty) to the arena; *off gets its offset. Returns 0 or -ENOMEM. */
static int add_context(struct pm_scan *sc, const char *buf, ssize_t len, uint32_t *off)
{
	char ctx[CTX_BUF];
	int n = len < 0 ? -EINVAL : sv_procmap_parse_context(buf, (size_t)len, ctx, sizeof(ctx));
	const char *s = n > 0 ? ctx : "unavailable";
	size_t sl = strlen(s) + 1;
	void *p;

	if (sc->narena + sl > NO_CTX)
		return -ENOMEM;
	if (!(p = sv_procmap_build_grow(sc->arena, &sc->carena, sc->narena + sl, 1)))
		return -ENOMEM;
	sc->arena = p;
	memcpy(sc->arena + sc->narena, s, sl);
	*off = (uint32_t)sc->narena;
	sc->narena += sl;
	return 0;
}

/* -Z: the process's context, from attr/current (getpidcon()). */
static int read_proc_ctx(struct pm_scan *sc, int pidfd, uint32_t *off)
{
	char buf[CTX_BUF];
	ssize_t n = -1;
	int fd = openat(pidfd, "attr/current", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf));
		close(fd);
	}
	return add_context(sc, buf, n, off);
}

/* -z: a socket fd's context, its security.selinux attribute through the
 * fd's link (getfilecon() on /proc/PID/fd/FD). */
static int read_sock_ctx(struct pm_scan *sc, uint32_t pid, int32_t fd, uint32_t *off)
{
	char path[4096], buf[CTX_BUF];
	ssize_t n = -1;

	if ((size_t)snprintf(path, sizeof(path), "%s/%u/fd/%d", sc->root, pid, fd) <
	    sizeof(path))
		n = getxattr(path, "security.selinux", buf, sizeof(buf));
	return add_context(sc, buf, n, off);
}

/* What the cgroup of an open /proc/PID (or task/TID) names: *ct gets its
 * index + 1 in m->cts, or stays 0 (unreadable, a v1-only host, the root,
 * a slice). Returns 0 or -ENOMEM. */
static int read_cgroup(struct sv_procmap *m, int dirfd, uint32_t *ct)
{
	char text[CGROUP_BUF];
	struct sv_container c, *p;
	size_t off = 0, len = 0;
	ssize_t n = -1;
	int fd = openat(dirfd, "cgroup", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, text, sizeof(text));
		close(fd);
	}
	if (n <= 0 || sv_procmap_parse_cgroup(text, (size_t)n, &off, &len) != 0 ||
	    sv_container_parse(text + off, len, &c) == SV_CT_NONE)
		return 0;
	if (m->ncts >= UINT32_MAX - 1 ||
	    sv_procmap_build_grow_ptrs(&m->cts, &m->ccts, m->ncts + 1) < 0 ||
	    !(p = malloc(sizeof(*p))))
		return -ENOMEM;
	*p = c;
	m->cts[m->ncts++] = p;
	*ct = (uint32_t)m->ncts;
	return 0;
}

/* Record a process (pid, uid, comm, and with -Z its context from pidfd when
 * pidfd >= 0) and its pending sockets (sc->pend) in the table. */
int sv_procmap_build_commit(struct sc_proc_in in, struct pm_scan *sc)
{
	size_t clen = strlen(in.comm) + 1, pi = sc->nprocs;
	uint32_t pctx = NO_CTX;
	void *p;

	if (!(p = sv_procmap_build_grow(sc->procs, &sc->cprocs, pi + 1, sizeof(*sc->procs))))
		return -ENOMEM;
	sc->procs = p;
	if (!(p = sv_procmap_build_grow(sc->arena, &sc->carena, sc->narena + clen, 1)))
		return -ENOMEM;
	sc->arena = p;
	if (!(p = sv_procmap_build_grow(sc->ents, &sc->cents, sc->nents + sc->npend,
		       sizeof(*sc->ents))))
		return -ENOMEM;
	sc->ents = p;
	sc->procs[pi] = (struct pm_proc){ .pid = in.pid, .tid = in.tid, .uid = in.uid,
					  .comm = sc->narena, .pctx = NO_CTX };
	memcpy(sc->arena + sc->narena, in.comm, clen);
	sc->narena += clen;
	sc->nprocs++;
	if ((sc->flags & SV_PROCMAP_PROC_CTX) && in.pidfd >= 0 &&
	    read_proc_ctx(sc, in.pidfd, &pctx) < 0)
		return -ENOMEM;
	sc->procs[pi].pctx = pctx;
	if ((sc->flags & SV_PROCMAP_CGROUP) && in.pidfd >= 0 &&
	    read_cgroup(sc->m, in.pidfd, &sc->procs[pi].ct) < 0)
		return -ENOMEM;
	for (size_t k = 0; k < sc->npend; k++) {
		struct pm_slot *s = sv_procmap_table_insert(&sc->m->tab, sc->pend[k].inode);
		uint32_t sctx = NO_CTX;

		if (!s)
			return -ENOMEM;
		if ((sc->flags & SV_PROCMAP_SOCK_CTX) &&
		    read_sock_ctx(sc, in.pid, sc->pend[k].fd, &sctx) < 0)
			return -ENOMEM;
		sc->ents[sc->nents] =
			(struct pm_entry){ sc->pend[k].fd, (uint32_t)pi, s->first, sctx };
		s->first = (uint32_t)++sc->nents;
		s->count++;
	}
	sc->st->sockets += sc->npend;
	return 0;
}

/* Lay every inode's references out contiguously, in scan order, pointing
 * into the final arena. */
static int finish(struct pm_scan *sc)
{
	struct sv_procmap *m = sc->m;
	size_t nslots = (size_t)1 << m->tab.bits, off = 0;

	m->refs = malloc((sc->nents ? sc->nents : 1) * sizeof(*m->refs));
	if (!m->refs)
		return -ENOMEM;
	m->arena = sc->arena;
	sc->arena = NULL;
	for (size_t i = 0; i < nslots; i++) {
		struct pm_slot *s = &m->tab.slots[i];
		uint32_t e = s->first;

		if (s->count == 0)
			continue;
		/* the chain runs newest first: fill from the back */
		for (size_t k = s->count; k-- > 0; e = sc->ents[e - 1].next) {
			const struct pm_entry *en = &sc->ents[e - 1];
			const struct pm_proc *p = &sc->procs[en->proc];

			m->refs[off + k] = (struct sv_proc_ref){
				.pid = p->pid, .tid = p->tid, .fd = en->fd, .uid = p->uid,
				.ct = p->ct ? m->cts[p->ct - 1] : NULL,
				.comm = m->arena + p->comm,
				.proc_ctx = p->pctx == NO_CTX ? NULL : m->arena + p->pctx,
				.sock_ctx = en->sctx == NO_CTX ? NULL : m->arena + en->sctx };
		}
		s->first = (uint32_t)off;
		off += s->count;
	}
	return 0;
}

/* Allocate the map, the buffers and the set of wanted inodes. */
static int init(struct pm_scan *sc, const uint32_t *wanted,
		     size_t nwanted)
{
	unsigned bits = TAB_MIN_BITS;

	sc->m = calloc(1, sizeof(*sc->m));
	sc->pidbuf = malloc(DENTS_BUF);
	sc->fdbuf = malloc(DENTS_BUF);
	sc->taskbuf = malloc(DENTS_BUF);
	if (!sc->m || !sc->pidbuf || !sc->fdbuf || !sc->taskbuf ||
	    sv_procmap_table_init(&sc->m->tab, TAB_MIN_BITS) != 0)
		return -ENOMEM;
	sc->filter = wanted != NULL;
	if (!sc->filter)
		return 0;
	while (((size_t)1 << bits) < nwanted * 2 + 2)
		bits++;
	if (sv_procmap_table_init(&sc->wanted, bits) != 0)
		return -ENOMEM;
	for (size_t i = 0; i < nwanted; i++) {
		struct pm_slot *s = sv_procmap_table_insert(&sc->wanted, wanted[i]);

		if (!s)
			return -ENOMEM;
		s->count = 1;
	}
	return 0;
}

/* Free what a build needs only while it runs. */
static void release(struct pm_scan *sc)
{
	free(sc->wanted.slots);
	free(sc->ents);
	free(sc->procs);
	free(sc->arena);
	free(sc->pend);
	free(sc->pidbuf);
	free(sc->fdbuf);
	free(sc->taskbuf);
}

/* The references of inode, contiguous and in scan order, or NULL. More
 * than 65535 holders are cut to the first 65535 (count is 16 bits). */
const struct sv_proc_ref *sv_procmap_find(const struct sv_procmap *m,
					  uint32_t inode, uint16_t *count)
{
	const struct pm_slot *s = m ? sv_procmap_table_find(&m->tab, inode) : NULL;

	if (count)
		*count = !s ? 0 : s->count > UINT16_MAX ? UINT16_MAX
							: (uint16_t)s->count;
	return s ? m->refs + s->first : NULL;
}

/* See procmap_build.h. */
int sv_procmap_build_begin(struct pm_scan *sc, const char *procroot, unsigned int flags,
			   const uint32_t *wanted, size_t nwanted,
			   struct sv_procmap_stats *stats, int *procfd)
{
	int r;

	sc->st = stats ? stats : &sc->own_st;
	sc->root = procroot;
	sc->flags = flags;
	memset(sc->st, 0, sizeof(*sc->st));
	*procfd = open(procroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*procfd < 0)
		return -errno;
	r = init(sc, wanted, nwanted);
	if (r < 0) {
		struct sv_procmap *unused;

		sv_procmap_build_end(sc, *procfd, r, &unused);
	}
	return r;
}

/* See procmap_build.h. */
int sv_procmap_build_end(struct pm_scan *sc, int procfd, int r, struct sv_procmap **out)
{
	if (r == 0)
		r = finish(sc);
	close(procfd);
	release(sc);
	if (r != 0) {
		sv_procmap_free(sc->m);
		sc->m = NULL;
		return r;
	}
	*out = sc->m;
	return 0;
}

/* Free the map, its references and its comm strings. */
void sv_procmap_free(struct sv_procmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->ncts; i++)
		free(m->cts[i]);
	free(m->cts);
	free(m->tab.slots);
	free(m->refs);
	free(m->arena);
	free(m);
}
