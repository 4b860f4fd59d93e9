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
#include <sys/xattr.h>
#include <unistd.h>

#include "procmap_table.h"
#include "sockview/procmap.h"

#define DENTS_BUF (32 * 1024)
#define LINK_BUF 64   /* "socket:[4294967295]" is 19 bytes */
#define STAT_BUF 1024 /* pid, a comm of at most 64 bytes, then numbers */
#define COMM_BUF 65
#define CTX_BUF 4096 /* a context, as libselinux reads it (a page) */
#define NO_CTX UINT32_MAX

/* One socket fd while building: chained newest-first per inode. */
struct pm_entry {
	int32_t fd;
	uint32_t proc; /* index into procs */
	uint32_t next; /* older entry of the same inode, index + 1; 0 ends */
	uint32_t sctx; /* -z: the socket's context in the arena, or NO_CTX */
};

/* One process holding recorded sockets; comm is an offset in the arena. */
struct pm_proc {
	uint32_t pid, uid;
	size_t comm;
	uint32_t pctx; /* -Z: its context in the arena, or NO_CTX */
};

/* A socket fd of the process being scanned, kept until its stat is read. */
struct pm_pending {
	int32_t fd;
	uint32_t inode;
};

struct sv_procmap {
	struct pm_table tab;
	struct sv_proc_ref *refs;
	char *arena;
};

/* A directory read with getdents64 into a caller-owned buffer. */
struct pm_dir {
	int fd;
	char *buf;
	size_t len, off;
};

/* Everything one build needs; freed at the end but for the map. */
struct pm_scan {
	struct sv_procmap *m;
	struct pm_table wanted;
	bool filter;
	struct pm_entry *ents;       /* nents used of cents */
	struct pm_proc *procs;       /* nprocs used of cprocs */
	char *arena;                 /* comm strings, NUL-terminated */
	struct pm_pending *pend;     /* npend used of cpend */
	size_t nents, cents, nprocs, cprocs, narena, carena, npend, cpend;
	char *pidbuf, *fdbuf; /* getdents64 buffers */
	struct sv_procmap_stats *st;
	const char *root;     /* procroot, for the fd paths of -z */
	unsigned int flags;   /* SV_PROCMAP_* */
};

/* p (of *cap elements of size sz, need > 0) grown to hold at least need
 * elements, or NULL with p and *cap untouched. */
static void *grow(void *p, size_t *cap, size_t need, size_t sz)
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

/* Sort out a failed step on one process or fd: races and missing rights are
 * counted and skipped (0); running out of memory or descriptors stops the
 * scan (-errno). */
static int skip_error(struct pm_scan *sc, int err)
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
		pend = grow(sc->pend, &sc->cpend, sc->npend + 1, sizeof(*pend));
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
	if (!(p = grow(sc->arena, &sc->carena, sc->narena + sl, 1)))
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

/* Record the process (uid, comm) and its pending sockets in the table. */
static int commit_process(struct pm_scan *sc, int pidfd, uint32_t pid)
{
	char comm[COMM_BUF];
	struct stat sb;
	size_t clen, pi = sc->nprocs;
	uint32_t pctx = NO_CTX;
	void *p;
	int r = read_comm(pidfd, comm);

	if (r == 0 && fstat(pidfd, &sb) != 0)
		r = -errno;
	if (r != 0)
		return skip_error(sc, -r);
	clen = strlen(comm) + 1;
	if (!(p = grow(sc->procs, &sc->cprocs, pi + 1, sizeof(*sc->procs))))
		return -ENOMEM;
	sc->procs = p;
	if (!(p = grow(sc->arena, &sc->carena, sc->narena + clen, 1)))
		return -ENOMEM;
	sc->arena = p;
	if (!(p = grow(sc->ents, &sc->cents, sc->nents + sc->npend,
		       sizeof(*sc->ents))))
		return -ENOMEM;
	sc->ents = p;
	sc->procs[pi] = (struct pm_proc){ pid, (uint32_t)sb.st_uid, sc->narena, NO_CTX };
	memcpy(sc->arena + sc->narena, comm, clen);
	sc->narena += clen;
	sc->nprocs++;
	if ((sc->flags & SV_PROCMAP_PROC_CTX) && read_proc_ctx(sc, pidfd, &pctx) < 0)
		return -ENOMEM;
	sc->procs[pi].pctx = pctx;
	for (size_t k = 0; k < sc->npend; k++) {
		struct pm_slot *s = sv_procmap_table_insert(&sc->m->tab, sc->pend[k].inode);
		uint32_t sctx = NO_CTX;

		if (!s)
			return -ENOMEM;
		if ((sc->flags & SV_PROCMAP_SOCK_CTX) &&
		    read_sock_ctx(sc, pid, sc->pend[k].fd, &sctx) < 0)
			return -ENOMEM;
		sc->ents[sc->nents] =
			(struct pm_entry){ sc->pend[k].fd, (uint32_t)pi, s->first, sctx };
		s->first = (uint32_t)++sc->nents;
		s->count++;
	}
	sc->st->sockets += sc->npend;
	return 0;
}

/* Scan one /proc/PID: its fd links, then, if it holds a recorded socket,
 * its stat and owner. Returns 0 (also when it was skipped) or -errno. */
static int scan_process(struct pm_scan *sc, int procfd, const char *name,
			uint32_t pid)
{
	int pidfd, fdfd, r;

	pidfd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pidfd < 0)
		return skip_error(sc, errno);
	sc->st->processes++;
	fdfd = openat(pidfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	sc->npend = 0;
	r = fdfd < 0 ? -errno : scan_fds(sc, fdfd);
	if (fdfd >= 0)
		close(fdfd);
	if (r < 0)
		r = skip_error(sc, -r);
	else if (sc->npend > 0)
		r = commit_process(sc, pidfd, pid);
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
				.pid = p->pid, .fd = en->fd, .uid = p->uid,
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
static int scan_init(struct pm_scan *sc, const uint32_t *wanted,
		     size_t nwanted)
{
	unsigned bits = TAB_MIN_BITS;

	sc->m = calloc(1, sizeof(*sc->m));
	sc->pidbuf = malloc(DENTS_BUF);
	sc->fdbuf = malloc(DENTS_BUF);
	if (!sc->m || !sc->pidbuf || !sc->fdbuf ||
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
static void scan_release(struct pm_scan *sc)
{
	free(sc->wanted.slots);
	free(sc->ents);
	free(sc->procs);
	free(sc->arena);
	free(sc->pend);
	free(sc->pidbuf);
	free(sc->fdbuf);
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
	struct sv_procmap_stats dummy = { 0 };
	struct pm_scan sc = { 0 };
	int procfd, r;

	if (!procroot || !out)
		return -EINVAL;
	*out = NULL;
	sc.st = stats ? stats : &dummy;
	sc.root = procroot;
	sc.flags = flags;
	memset(sc.st, 0, sizeof(*sc.st));
	procfd = open(procroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	r = scan_init(&sc, wanted, nwanted);
	if (r == 0 && !(wanted && nwanted == 0))
		r = scan_root(&sc, procfd);
	if (r == 0)
		r = finish(&sc);
	close(procfd);
	scan_release(&sc);
	if (r != 0) {
		sv_procmap_free(sc.m);
		return r;
	}
	*out = sc.m;
	return 0;
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

/* Free the map, its references and its comm strings. */
void sv_procmap_free(struct sv_procmap *m)
{
	if (!m)
		return;
	free(m->tab.slots);
	free(m->refs);
	free(m->arena);
	free(m);
}
