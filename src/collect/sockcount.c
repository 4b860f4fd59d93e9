/* sockcount.c - sockets of a protocol held by this namespace's processes,
 * from their fds' sockfs names (sockcount.h). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "sockview/grow.h"
#include "sockview/procmap.h"
#include "sockview/sockcount.h"

/* The scan's state: the namespace, the inodes seen (few: a linear set). */
struct scan {
	const char *root;
	const char *name;
	dev_t ns_dev;
	ino_t ns_ino;
	uint32_t *seen;
	size_t nseen, cap;
	struct sv_sockcount *out;
};

/* See sockcount.h. */
bool sv_sockcount_name_is(const char *value, size_t len, const char *name)
{
	size_t n = strlen(name);

	if (len > 0 && value[len - 1] == '\0')
		len--;
	return len == n && memcmp(value, name, n) == 0;
}

/* Note a socket of the protocol; a repeated inode is not counted again. */
static int note(struct scan *sc, uint32_t inode)
{
	for (size_t i = 0; i < sc->nseen; i++)
		if (sc->seen[i] == inode)
			return 0;
	if (sv_grow((void **)&sc->seen, &sc->cap, sc->nseen + 1, sizeof(*sc->seen), 16) < 0)
		return -ENOMEM;
	sc->seen[sc->nseen++] = inode;
	sc->out->sockets++;
	return 0;
}

/* One fd of process pid: a socket of the protocol? */
static int scan_fd(struct scan *sc, const char *pid, int fdfd, const char *fd)
{
	char link[64], path[PATH_MAX], value[64];
	ssize_t n = readlinkat(fdfd, fd, link, sizeof(link));
	uint32_t inode;
	int len;

	if (n < 0 || (size_t)n >= sizeof(link) ||
	    sv_procmap_parse_fdlink(link, (size_t)n, &inode) != 0)
		return 0; /* gone, or not a socket */
	len = snprintf(path, sizeof(path), "%s/%s/fd/%s", sc->root, pid, fd);
	if (len < 0 || (size_t)len >= sizeof(path))
		return 0;
	n = getxattr(path, "system.sockprotoname", value, sizeof(value));
	if (n < 0 || !sv_sockcount_name_is(value, (size_t)n, sc->name))
		return 0;
	return note(sc, inode);
}

/* Is process pid (its open directory) in this network namespace? */
static bool same_netns(const struct scan *sc, int pidfd, bool *denied)
{
	struct stat st;

	if (fstatat(pidfd, "ns/net", &st, 0) < 0) {
		*denied = errno == EACCES || errno == EPERM;
		return false;
	}
	return st.st_dev == sc->ns_dev && st.st_ino == sc->ns_ino;
}

/* One process directory. */
static int scan_pid(struct scan *sc, int procfd, const char *pid)
{
	int pidfd = openat(procfd, pid, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool denied = false;
	struct dirent *e;
	int fdfd, ret = 0;
	DIR *d;

	if (pidfd < 0)
		return 0; /* gone */
	if (!same_netns(sc, pidfd, &denied)) {
		sc->out->denied += denied;
		close(pidfd);
		return 0;
	}
	fdfd = openat(pidfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(pidfd);
	if (fdfd < 0) {
		sc->out->denied += errno == EACCES || errno == EPERM;
		return 0;
	}
	d = fdopendir(fdfd);
	if (!d) {
		close(fdfd);
		return 0;
	}
	while (ret == 0 && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			ret = scan_fd(sc, pid, fdfd, e->d_name);
	closedir(d);
	return ret;
}

/* See sockcount.h. */
int sv_sockcount_scan(const char *procroot, const char *name, struct sv_sockcount *out)
{
	struct scan sc = { .root = procroot, .name = name, .out = out };
	char self[256];
	struct stat st;
	struct dirent *e;
	int procfd, ret = 0;
	DIR *d;

	memset(out, 0, sizeof(*out));
	snprintf(self, sizeof(self), "%s/self/ns/net", procroot);
	if (stat(self, &st) < 0)
		return -errno;
	sc.ns_dev = st.st_dev;
	sc.ns_ino = st.st_ino;
	procfd = open(procroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	d = fdopendir(procfd);
	if (!d) {
		ret = -errno;
		close(procfd);
		return ret;
	}
	while (ret == 0 && (e = readdir(d)) != NULL)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			ret = scan_pid(&sc, procfd, e->d_name);
	closedir(d);
	free(sc.seen);
	return ret;
}
