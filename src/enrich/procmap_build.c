/* procmap_build.c - the process map as a scan fills it: one reference a
 * socket fd, in scan order (with its process, contexts, container), then
 * the table from inode to its references (procmap_build.h); and the
 * finished map's lookups. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <fcntl.h>
#include <unistd.h>

#include "sockview/bigmem.h"

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

#define BLOCK_SIZE (64 * 1024)

/* A copy of the len bytes at s and a NUL in the map's strings (they never
 * move), or NULL when out of memory. */
static const char *keep(struct sv_procmap *m, const char *s, size_t len)
{
	struct pm_block *b = m->strings;
	char *p;

	if (!b || b->cap - b->used < len + 1) {
		size_t cap = len + 1 > BLOCK_SIZE ? len + 1 : BLOCK_SIZE;

		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->next = m->strings;
		b->used = 0;
		b->cap = cap;
		m->strings = b;
	}
	p = b->data + b->used;
	memcpy(p, s, len);
	p[len] = '\0';
	b->used += len + 1;
	return p;
}

/* Keep a context (or "unavailable", as ss, when len < 0 or it is empty);
 * *out gets it. Returns 0 or -ENOMEM. */
static int add_context(struct pm_scan *sc, const char *buf, ssize_t len, const char **out)
{
	char ctx[CTX_BUF];
	int n = len < 0 ? -EINVAL : sv_procmap_parse_context(buf, (size_t)len, ctx, sizeof(ctx));
	const char *s = n > 0 ? ctx : "unavailable";

	*out = keep(sc->m, s, strlen(s));
	return *out ? 0 : -ENOMEM;
}

/* -Z: the process's context, from attr/current (getpidcon()). */
static int read_proc_ctx(struct pm_scan *sc, int pidfd, const char **out)
{
	char buf[CTX_BUF];
	ssize_t n = -1;
	int fd = openat(pidfd, "attr/current", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf));
		close(fd);
	}
	return add_context(sc, buf, n, out);
}

/* -z: a socket fd's context, its security.selinux attribute through the
 * fd's link (getfilecon() on /proc/PID/fd/FD). */
static int read_sock_ctx(struct pm_scan *sc, uint32_t pid, int32_t fd, const char **out)
{
	char path[4096], buf[CTX_BUF];
	ssize_t n = -1;

	if ((size_t)snprintf(path, sizeof(path), "%s/%u/fd/%d", sc->root, pid, fd) <
	    sizeof(path))
		n = getxattr(path, "security.selinux", buf, sizeof(buf));
	return add_context(sc, buf, n, out);
}

/* What the cgroup of an open /proc/PID (or task/TID) names: *ct gets it
 * (kept in m->cts), or stays NULL (unreadable, a v1-only host, the root,
 * a slice). Returns 0 or -ENOMEM. */
static int read_cgroup(struct sv_procmap *m, int dirfd, const struct sv_container **ct)
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
	if (sv_procmap_build_grow_ptrs(&m->cts, &m->ccts, m->ncts + 1) < 0 ||
	    !(p = malloc(sizeof(*p))))
		return -ENOMEM;
	*p = c;
	m->cts[m->ncts++] = p;
	*ct = p;
	return 0;
}

/* Room for n more references and their inodes. */
static int room(struct pm_scan *sc, size_t n)
{
	if (sv_bigmem_grow((void **)&sc->refs, &sc->crefs, sc->nrefs + n, sizeof(*sc->refs),
			   64) < 0 ||
	    sv_bigmem_grow((void **)&sc->inodes, &sc->cinodes, sc->nrefs + n,
			   sizeof(*sc->inodes), 64) < 0)
		return -ENOMEM;
	return 0;
}

/* Record a process (pid, uid, comm, and with -Z its context from pidfd when
 * pidfd >= 0) and its pending sockets (sc->pend): one reference each, in
 * scan order. */
int sv_procmap_build_commit(struct sc_proc_in in, struct pm_scan *sc)
{
	struct sv_proc_ref r = { .pid = in.pid, .tid = in.tid, .uid = in.uid };

	if (room(sc, sc->npend) < 0 || !(r.comm = keep(sc->m, in.comm, strlen(in.comm))))
		return -ENOMEM;
	if ((sc->flags & SV_PROCMAP_PROC_CTX) && in.pidfd >= 0 &&
	    read_proc_ctx(sc, in.pidfd, &r.proc_ctx) < 0)
		return -ENOMEM;
	if ((sc->flags & SV_PROCMAP_CGROUP) && in.pidfd >= 0 &&
	    read_cgroup(sc->m, in.pidfd, &r.ct) < 0)
		return -ENOMEM;
	for (size_t k = 0; k < sc->npend; k++) {
		r.fd = sc->pend[k].fd;
		r.sock_ctx = NULL;
		if ((sc->flags & SV_PROCMAP_SOCK_CTX) &&
		    read_sock_ctx(sc, in.pid, r.fd, &r.sock_ctx) < 0)
			return -ENOMEM;
		sc->refs[sc->nrefs] = r;
		sc->inodes[sc->nrefs++] = sc->pend[k].inode;
	}
	sc->st->sockets += sc->npend;
	return 0;
}

/* Gather the references of each inode that has several (in scan order)
 * after the others: chain[i] is the previous reference of refs[i]'s
 * inode, index + 1 (0 ends), the slot's first its last one's. */
static int gather(struct pm_scan *sc, const uint32_t *chain, size_t multi)
{
	struct sv_procmap *m = sc->m;
	size_t nslots = (size_t)1 << m->tab.bits, off = sc->nrefs;

	if (multi == 0)
		return 0;
	if (room(sc, multi) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < nslots; i++) {
		struct pm_slot *s = &m->tab.slots[i];
		uint32_t e = s->first + 1;

		if (s->count < 2)
			continue;
		for (size_t k = s->count; k-- > 0; e = chain[e - 1])
			sc->refs[off + k] = sc->refs[e - 1];
		s->first = (uint32_t)off;
		off += s->count;
	}
	return 0;
}

/* The table, now that the references are all known: a slot's first is the
 * offset of its inode's references, contiguous; an inode with one holder
 * (most) points at its reference where the scan put it. */
static int finish(struct sv_procmap *m, struct pm_scan *sc)
{
	size_t n = sc->nrefs, multi = 0;
	uint32_t *chain;
	int ret;

	chain = sv_bigmem_alloc(n * sizeof(*chain));
	if (!chain || sv_procmap_table_init(&m->tab, sv_procmap_table_bits(n)) != 0) {
		sv_bigmem_free(chain, n * sizeof(*chain));
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct pm_slot *s = sv_procmap_table_insert(&m->tab, sc->inodes[i]);

		if (!s) { /* never: the table has room for them all */
			sv_bigmem_free(chain, n * sizeof(*chain));
			return -ENOMEM;
		}
		chain[i] = s->count ? s->first + 1 : 0;
		multi += s->count == 1 ? 2 : s->count > 1; /* the copies made */
		s->first = (uint32_t)i;
		s->count++;
	}
	ret = gather(sc, chain, multi);
	sv_bigmem_free(chain, n * sizeof(*chain));
	if (ret < 0)
		return ret;
	m->refs = sc->refs;
	m->crefs = sc->crefs;
	sc->refs = NULL;
	return 0;
}

/* Allocate the map, the buffers and the set of wanted inodes. */
static int init(struct pm_scan *sc, const uint32_t *wanted,
		     size_t nwanted)
{
	sc->m = calloc(1, sizeof(*sc->m));
	sc->pidbuf = malloc(DENTS_BUF);
	sc->fdbuf = malloc(DENTS_BUF);
	sc->taskbuf = malloc(DENTS_BUF);
	if (!sc->m || !sc->pidbuf || !sc->fdbuf || !sc->taskbuf)
		return -ENOMEM;
	sc->filter = wanted != NULL;
	if (!sc->filter)
		return 0;
	if (sv_procmap_table_init(&sc->wanted, sv_procmap_table_bits(nwanted)) != 0)
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
	sv_procmap_table_release(&sc->wanted);
	sv_bigmem_free(sc->refs, sc->crefs * sizeof(*sc->refs));
	sv_bigmem_free(sc->inodes, sc->cinodes * sizeof(*sc->inodes));
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
		r = finish(sc->m, sc);
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
	sv_procmap_table_release(&m->tab);
	sv_bigmem_free(m->refs, m->crefs * sizeof(*m->refs));
	while (m->strings) {
		struct pm_block *b = m->strings;

		m->strings = b->next;
		free(b);
	}
	free(m);
}
