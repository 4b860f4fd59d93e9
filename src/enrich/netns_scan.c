/* netns_scan.c - --all-netns: the host's network namespaces (netns_scan.h),
 * each held open from the moment it is found, so that none changes under
 * its label while it is listed. */
#define _GNU_SOURCE /* setns */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "sockview/container.h"
#include "sockview/grow.h"
#include "sockview/netns_scan.h"
#include "sockview/procmap.h"

#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif

/* How many processes of one namespace are asked for its owner. */
#define OWNER_TRIES 4

static const char *const default_named[] = { "/run/netns", NULL };
static const char *const default_unnamed[] = { "/run/docker/netns", NULL };

/* See netns_scan.h. */
void sv_netns_label_finish(struct sv_netns_label *l)
{
	int n;

	if (l->name[0])
		n = snprintf(l->text, sizeof(l->text), "%s", l->name);
	else if (l->owner[0])
		n = snprintf(l->text, sizeof(l->text), "%s", l->owner);
	else
		n = snprintf(l->text, sizeof(l->text), "%llu", (unsigned long long)l->inode);
	l->text_len = n < 0 ? 0 : (size_t)n < sizeof(l->text) ? (size_t)n : sizeof(l->text) - 1;
}

static size_t hash_of(uint64_t dev, uint64_t ino, size_t nslots)
{
	uint64_t h = (ino ^ (dev << 32)) * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 17) & (nslots - 1);
}

/* The entry of (dev, ino), or NULL. */
static struct sv_netns_ns *find(const struct sv_netns_set *s, uint64_t dev, uint64_t ino)
{
	if (!s->nslots)
		return NULL;
	for (size_t h = hash_of(dev, ino, s->nslots);; h = (h + 1) & (s->nslots - 1)) {
		struct sv_netns_ns *n;

		if (!s->slot[h])
			return NULL;
		n = &s->ns[s->slot[h] - 1];
		if (n->dev == dev && n->label.inode == ino)
			return n;
	}
}

/* Keep the hash at most half full. */
static int rehash(struct sv_netns_set *s)
{
	size_t nslots = s->nslots ? s->nslots * 2 : 64;
	size_t *slot = calloc(nslots, sizeof(*slot));

	if (!slot)
		return -ENOMEM;
	for (size_t i = 0; i < s->n; i++) {
		size_t h = hash_of(s->ns[i].dev, s->ns[i].label.inode, nslots);

		while (slot[h])
			h = (h + 1) & (nslots - 1);
		slot[h] = i + 1;
	}
	free(s->slot);
	s->slot = slot;
	s->nslots = nslots;
	return 0;
}

/* A new entry for (dev, ino) holding fd (taken over, closed on failure). */
static struct sv_netns_ns *add(struct sv_netns_set *s, uint64_t dev, uint64_t ino, int fd)
{
	struct sv_netns_ns *n;
	size_t h;

	if ((s->n + 1) * 2 > s->nslots && rehash(s) < 0)
		goto fail;
	if (sv_grow((void **)&s->ns, &s->cap, s->n + 1, sizeof(*s->ns), 16) < 0)
		goto fail;
	n = &s->ns[s->n];
	memset(n, 0, sizeof(*n));
	n->dev = dev;
	n->label.inode = ino;
	n->fd = fd;
	for (h = hash_of(dev, ino, s->nslots); s->slot[h]; h = (h + 1) & (s->nslots - 1))
		;
	s->slot[h] = ++s->n;
	return n;
fail:
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* Open path as a namespace file: its descriptor and identity. Returns the
 * descriptor, or a negative errno; -EINVAL when it is no namespace of the
 * network (with *ino the file's own, so that it can still be reported). */
static int open_ns(const char *path, struct stat *st)
{
	struct statfs fs;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	int type;

	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0 || fstatfs(fd, &fs) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	type = (int)fs.f_type == (int)NSFS_MAGIC ? ioctl(fd, NS_GET_NSTYPE) : 0;
	if ((int)fs.f_type != (int)NSFS_MAGIC || (type >= 0 && type != CLONE_NEWNET)) {
		close(fd);
		return -EINVAL; /* NS_GET_NSTYPE fails only before Linux 4.11: trust it */
	}
	return fd;
}

/* The files of directory dir: named namespaces (the file's name is the
 * label's), or a runtime's (not a user's name). */
static int scan_dir(struct sv_netns_set *s, const char *dir, bool named)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return 0; /* no such runtime here */
	while ((e = readdir(d))) {
		char path[4096];
		struct sv_netns_ns *n;
		struct stat st;
		int fd;

		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path))
			continue;
		fd = open_ns(path, &st);
		if (fd == -ENOENT)
			continue; /* removed since */
		if (fd < 0 && fd != -EINVAL && !named)
			continue;
		if (fd >= 0 && (n = find(s, st.st_dev, st.st_ino))) {
			close(fd);
			/* the smallest of a namespace's names, whatever the
			 * directory's order */
			if (named && (!n->label.name[0] || strcmp(e->d_name, n->label.name) < 0))
				snprintf(n->label.name, sizeof(n->label.name), "%s", e->d_name);
			continue;
		}
		/* a stale or unreadable name is listed, to be reported */
		n = fd >= 0 ? add(s, st.st_dev, st.st_ino, fd)
			    : add(s, UINT64_MAX, (uint64_t)s->n, -1);
		if (!n) {
			closedir(d);
			return -ENOMEM;
		}
		n->open_err = fd < 0 ? fd : 0;
		n->not_ns = fd == -EINVAL;
		if (fd < 0)
			n->label.inode = 0; /* unknown: only its name is */
		if (named)
			snprintf(n->label.name, sizeof(n->label.name), "%s", e->d_name);
	}
	closedir(d);
	return 0;
}

/* The container process pid belongs to, from its cgroup, into n's owner:
 * only a container, not a unit (a service may well hold a namespace of
 * its own, but the host's processes all live in units). */
static void read_owner(const char *procroot, pid_t pid, struct sv_netns_ns *n)
{
	char path[4096], text[4096];
	struct sv_container ct;
	size_t off, len;
	ssize_t got;
	int fd;

	n->tried++;
	snprintf(path, sizeof(path), "%s/%d/cgroup", procroot, (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	got = read(fd, text, sizeof(text));
	close(fd);
	if (got <= 0 || sv_procmap_parse_cgroup(text, (size_t)got, &off, &len) < 0)
		return;
	switch (sv_container_parse(text + off, len, &ct)) {
	case SV_CT_KUBERNETES:
		ct.id[0] = '\0'; /* the pod's namespace, not its pause container's */
		/* fall through */
	case SV_CT_DOCKER:
	case SV_CT_PODMAN:
		sv_container_text(&ct, n->label.owner, sizeof(n->label.owner));
		break;
	default:
		break;
	}
}

/* One process's namespace: a new one is opened and kept. */
static int scan_pid(struct sv_netns_set *s, const char *procroot, const char *pid)
{
	char path[4096];
	struct sv_netns_ns *n;
	struct stat st, st2;
	int fd;

	snprintf(path, sizeof(path), "%s/%s/ns/net", procroot, pid);
	if (stat(path, &st) < 0) {
		if (errno == EACCES || errno == EPERM)
			s->hidden++;
		return 0; /* ENOENT: gone; a kernel thread's has none */
	}
	n = find(s, st.st_dev, st.st_ino);
	if (!n) {
		fd = open_ns(path, &st2);
		if (fd < 0 || st2.st_ino != st.st_ino || st2.st_dev != st.st_dev) {
			if (fd >= 0)
				close(fd); /* the pid was reused in between */
			else if (fd == -EACCES || fd == -EPERM)
				s->hidden++;
			return 0;
		}
		n = add(s, st.st_dev, st.st_ino, fd);
		if (!n)
			return -ENOMEM;
	}
	if (!n->pid)
		n->pid = (pid_t)atoi(pid);
	if (!n->label.owner[0] && n->tried < OWNER_TRIES)
		read_owner(procroot, (pid_t)atoi(pid), n);
	return 0;
}

static int scan_procs(struct sv_netns_set *s, const char *procroot)
{
	DIR *d = opendir(procroot);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return -errno;
	while (ret == 0 && (e = readdir(d)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			ret = scan_pid(s, procroot, e->d_name);
	closedir(d);
	return ret;
}

/* Sockview's own first, then the named by name, then the rest by inode. */
static int order(const void *a, const void *b)
{
	const struct sv_netns_ns *x = a, *y = b;

	if (x->self != y->self)
		return x->self ? -1 : 1;
	if (!x->label.name[0] != !y->label.name[0])
		return x->label.name[0] ? -1 : 1;
	if (x->label.name[0])
		return strcmp(x->label.name, y->label.name);
	return x->label.inode < y->label.inode ? -1 : x->label.inode > y->label.inode;
}

/* Sockview's own namespace: where it returns to after each other. */
static int scan_self(struct sv_netns_set *s, const char *procroot)
{
	char path[4096];
	struct sv_netns_ns *n;
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/thread-self/ns/net", procroot);
	fd = open_ns(path, &st);
	if (fd < 0) {
		snprintf(path, sizeof(path), "%s/self/ns/net", procroot);
		fd = open_ns(path, &st);
	}
	if (fd < 0)
		return fd;
	n = add(s, st.st_dev, st.st_ino, fd);
	if (!n)
		return -ENOMEM;
	n->self = true;
	n->pid = getpid();
	return 0;
}

/* See netns_scan.h. */
int sv_netns_scan(const struct sv_netns_scan_opts *o, struct sv_netns_set *set)
{
	const char *procroot = o && o->procroot ? o->procroot : "/proc";
	const char *const *named = o && o->named ? o->named : default_named;
	const char *const *unnamed = o && o->unnamed ? o->unnamed : default_unnamed;
	int ret = scan_self(set, procroot), err = 0;

	if (ret == -ENOMEM)
		return ret;
	for (size_t i = 0; named[i] && ret != -ENOMEM; i++)
		ret = scan_dir(set, named[i], true);
	for (size_t i = 0; unnamed[i] && ret != -ENOMEM; i++)
		ret = scan_dir(set, unnamed[i], false);
	if (ret != -ENOMEM)
		err = ret = scan_procs(set, procroot);
	if (ret == -ENOMEM)
		return ret;
	free(set->slot); /* the order below moves the entries */
	set->slot = NULL;
	set->nslots = 0;
	if (set->n)
		qsort(set->ns, set->n, sizeof(*set->ns), order);
	for (size_t i = 0; i < set->n; i++)
		sv_netns_label_finish(&set->ns[i].label);
	return err;
}

/* See netns_scan.h. */
void sv_netns_set_free(struct sv_netns_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->ns[i].fd >= 0)
			close(set->ns[i].fd);
	free(set->ns);
	free(set->slot);
	memset(set, 0, sizeof(*set));
}

/* See netns_scan.h. */
int sv_netns_set_enter(const struct sv_netns_ns *n)
{
	if (n->not_ns)
		return -EINVAL;
	if (n->fd < 0)
		return n->open_err ? n->open_err : -EBADF;
	return setns(n->fd, CLONE_NEWNET) == 0 ? 0 : -errno;
}
