/* cgpath.c - cgroup v2 ids to paths (cgpath.h): one walk of the cgroup2
 * tree on the first lookup, a flat hash of what it found, and ss's lookup
 * by file handle for an id the walk did not see. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/cgpath.h"
#include "sockview/ctnames.h"
#include "sockview/grow.h"
#include "sockview/podnames.h"

/* How deep the walk goes (cgroup trees are a few levels deep). */
#define DEPTH_MAX 64
#define PATH_LEN 4096

/* One id: where its path lies in the text arena (none: no cgroup). */
struct entry {
	uint64_t id;
	uint32_t off, len;
	uint32_t ct;   /* what the path names: index + 1 in cts; 0: not read yet */
	bool used, none;
};

#define CT_NOTHING UINT32_MAX /* read: the path names no container or unit */

struct sv_cgpath {
	char *root;          /* the mount; NULL: not found (yet) */
	bool walked;
	struct entry *tab;   /* open addressing, a power of two */
	size_t cap, count;
	char *text;          /* the paths, back to back */
	size_t tlen, tcap;
	struct sv_container **cts; /* what paths name, each parsed once */
	size_t ncts, ccts;
	char *pods_dir;            /* the kubelet's pod logs; NULL: the default */
	struct sv_podnames *pods;  /* made on the first pod looked up */
	bool pods_failed;
	char *ct_root;             /* the runtimes' state; NULL: the live system's */
	struct sv_ctnames *ctnames; /* made on the first container named */
	bool ctnames_failed;
};

/* See cgpath.h. */
int sv_cgpath_new(const char *root, struct sv_cgpath **cp)
{
	struct sv_cgpath *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	if (root && !(c->root = strdup(root))) {
		free(c);
		return -ENOMEM;
	}
	c->walked = false;
	*cp = c;
	return 0;
}

static size_t slot(const struct sv_cgpath *c, uint64_t id)
{
	uint64_t h = id * 0x9e3779b97f4a7c15ull;
	size_t i = (size_t)(h >> 32) & (c->cap - 1);

	while (c->tab[i].used && c->tab[i].id != id)
		i = (i + 1) & (c->cap - 1);
	return i;
}

/* Room for one more entry: the table stays at most half full. */
static int make_room(struct sv_cgpath *c)
{
	struct entry *old = c->tab;
	size_t oldcap = c->cap;

	if ((c->count + 1) * 2 <= c->cap)
		return 0;
	c->cap = oldcap ? oldcap * 2 : 256;
	c->tab = calloc(c->cap, sizeof(*c->tab));
	if (!c->tab) {
		c->tab = old;
		c->cap = oldcap;
		return -ENOMEM;
	}
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].used)
			c->tab[slot(c, old[i].id)] = old[i];
	free(old);
	return 0;
}

/* Keep id's path (or that it has none: path NULL); the first one stays. */
static int add(struct sv_cgpath *c, uint64_t id, const char *path, size_t len)
{
	struct entry *e;

	if (make_room(c) < 0)
		return -ENOMEM;
	e = &c->tab[slot(c, id)];
	if (e->used)
		return 0;
	if (path && sv_grow((void **)&c->text, &c->tcap, c->tlen + len + 1, 1, 4096) < 0)
		return -ENOMEM;
	*e = (struct entry){ .id = id, .used = true, .none = !path };
	if (path) {
		memcpy(c->text + c->tlen, path, len);
		c->text[c->tlen + len] = '\0';
		e->off = (uint32_t)c->tlen;
		e->len = (uint32_t)len;
		c->tlen += len + 1;
	}
	c->count++;
	return 0;
}

/* The directories under dir (path: its name relative to the mount, len
 * bytes, in a PATH_LEN buffer), on the mount's device only. */
static void walk(struct sv_cgpath *c, int dir, char *path, size_t len, dev_t dev,
		 int depth)
{
	DIR *d = fdopendir(dir);
	struct dirent *de;

	if (!d) {
		close(dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		struct stat st;
		int sub;

		if ((de->d_type != DT_DIR && de->d_type != DT_UNKNOWN) ||
		    strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    len + 1 + n >= PATH_LEN)
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(st.st_mode) || st.st_dev != dev)
			continue;
		path[len] = '/';
		memcpy(path + len + 1, de->d_name, n + 1);
		if (add(c, (uint64_t)st.st_ino, path, len + 1 + n) < 0)
			break;
		if (depth < DEPTH_MAX &&
		    (sub = openat(dirfd(d), de->d_name,
				  O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >= 0)
			walk(c, sub, path, len + 1 + n, dev, depth + 1);
	}
	closedir(d);
}

/* The first cgroup2 mount, as ss finds it (/proc/mounts). */
static char *find_mount(void)
{
	FILE *f = setmntent("/proc/self/mounts", "r");
	struct mntent m, *e;
	char buf[4096], *found = NULL;

	if (!f)
		return NULL;
	while ((e = getmntent_r(f, &m, buf, sizeof(buf))) != NULL)
		if (strcmp(e->mnt_type, "cgroup2") == 0) {
			found = strdup(e->mnt_dir);
			break;
		}
	endmntent(f);
	return found;
}

static void walk_all(struct sv_cgpath *c)
{
	char *path;
	struct stat st;
	int fd;

	c->walked = true;
	if (!c->root)
		c->root = find_mount();
	if (!c->root || (fd = open(c->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	path = malloc(PATH_LEN);
	if (fstat(fd, &st) < 0 || !path || add(c, (uint64_t)st.st_ino, "/", 1) < 0) {
		free(path);
		close(fd);
		return;
	}
	walk(c, fd, path, 0, st.st_dev, 0);
	free(path);
}

/* ss's lookup of an id the walk did not see (a cgroup made since): open
 * it by file handle (CAP_DAC_READ_SEARCH) and read the descriptor's path.
 * Returns its length, 0 when it cannot. */
static size_t by_handle(const struct sv_cgpath *c, uint64_t id, char *out, size_t cap)
{
	union {
		struct file_handle fh;
		/* room for the handle's bytes after the struct */
		/* cppcheck-suppress unusedStructMember */
		char buf[sizeof(struct file_handle) + sizeof(uint64_t)];
	} h;
	char link[64];
	struct stat root, st;
	size_t rl = strlen(c->root);
	ssize_t n;
	int mnt, fd;

	if (!id || (mnt = open(c->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 0;
	memset(h.buf, 0, sizeof(h.buf)); /* the handle and its 8 bytes */
	h.fh.handle_bytes = sizeof(uint64_t);
	h.fh.handle_type = 1; /* FILEID_INO32_GEN, as ss sends it */
	memcpy(h.fh.f_handle, &id, sizeof(id));
	fd = open_by_handle_at(mnt, &h.fh, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && (fstat(mnt, &root) < 0 || fstat(fd, &st) < 0 ||
			!S_ISDIR(st.st_mode) || st.st_dev != root.st_dev)) {
		close(fd); /* a cgroup is a directory of the mount */
		fd = -1;
	}
	close(mnt);
	if (fd < 0)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, out, cap - 1);
	close(fd);
	if (n <= 0 || (size_t)n < rl || memcmp(out, c->root, rl) != 0)
		return 0;
	memmove(out, out + rl, (size_t)n - rl);
	return (size_t)n - rl;
}

/* See cgpath.h. */
const char *sv_cgpath_get(struct sv_cgpath *c, uint64_t id, size_t *len)
{
	const struct entry *e;
	char *found;
	size_t n = 0;

	if (!c->walked)
		walk_all(c);
	if (c->cap) {
		e = &c->tab[slot(c, id)];
		if (e->used) {
			*len = e->len;
			return e->none ? NULL : c->text + e->off;
		}
	}
	found = c->root ? malloc(PATH_LEN) : NULL;
	if (found)
		n = by_handle(c, id, found, PATH_LEN);
	add(c, id, n ? found : NULL, n);
	free(found);
	if (!c->cap)
		return NULL;
	e = &c->tab[slot(c, id)];
	*len = e->len;
	return e->used && !e->none ? c->text + e->off : NULL;
}

/* See cgpath.h. */
const struct sv_container *sv_cgpath_container(struct sv_cgpath *c, uint64_t id)
{
	struct sv_container ct, *p;
	struct entry *e;
	size_t len = 0;
	const char *path = sv_cgpath_get(c, id, &len);

	if (!path || !c->cap)
		return NULL;
	e = &c->tab[slot(c, id)];
	if (e->ct == CT_NOTHING)
		return NULL;
	if (e->ct)
		return c->cts[e->ct - 1];
	if (sv_container_parse(path, len, &ct) == SV_CT_NONE || c->ncts >= CT_NOTHING - 1 ||
	    sv_grow((void **)&c->cts, &c->ccts, c->ncts + 1, sizeof(*c->cts), 16) < 0 ||
	    !(p = malloc(sizeof(*p)))) {
		e->ct = CT_NOTHING; /* out of memory: named nothing, for this run */
		return NULL;
	}
	*p = ct;
	c->cts[c->ncts++] = p;
	e->ct = (uint32_t)c->ncts;
	return p;
}

/* See cgpath.h. */
int sv_cgpath_set_pods_dir(struct sv_cgpath *c, const char *dir)
{
	char *d = strdup(dir);

	if (!d)
		return -ENOMEM;
	free(c->pods_dir);
	c->pods_dir = d;
	return 0;
}

/* See cgpath.h. */
const struct sv_podname *sv_cgpath_pod(struct sv_cgpath *c, const char *uid)
{
	if (!c->pods && !c->pods_failed && sv_podnames_new(c->pods_dir, &c->pods) < 0)
		c->pods_failed = true; /* out of memory: no names, for this run */
	return sv_podnames_find(c->pods, uid);
}

/* See cgpath.h. */
int sv_cgpath_set_ctnames_root(struct sv_cgpath *c, const char *root)
{
	char *d = strdup(root);

	if (!d)
		return -ENOMEM;
	free(c->ct_root);
	c->ct_root = d;
	return 0;
}

/* See cgpath.h. */
const char *sv_cgpath_ctname(struct sv_cgpath *c, const struct sv_container *ct)
{
	if (!c || !ct || (ct->kind != SV_CT_DOCKER && ct->kind != SV_CT_PODMAN))
		return NULL;
	if (!c->ctnames && !c->ctnames_failed && sv_ctnames_new(c->ct_root, &c->ctnames) < 0)
		c->ctnames_failed = true; /* out of memory: no names, for this run */
	return sv_ctnames_find(c->ctnames, ct->kind, ct->id);
}

/* See cgpath.h. */
void sv_cgpath_free(struct sv_cgpath *c)
{
	if (!c)
		return;
	sv_ctnames_free(c->ctnames);
	free(c->ct_root);
	sv_podnames_free(c->pods);
	free(c->pods_dir);
	for (size_t i = 0; i < c->ncts; i++)
		free(c->cts[i]);
	free(c->cts);
	free(c->root);
	free(c->tab);
	free(c->text);
	free(c);
}
