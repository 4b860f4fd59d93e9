/* outfile.c - a file written whole or not at all: an unnamed O_TMPFILE
 * in the target's directory, linked under a temporary name and renamed
 * over the target when complete. */
#define _GNU_SOURCE /* O_TMPFILE, O_PATH, AT_EMPTY_PATH */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/outfile.h"

struct sv_outfile {
	int fd;
	int dirfd;   /* -1: written in place */
	char *name;  /* the target's last component */
};

/* Open the unnamed file in path's directory; -1 when it cannot be had. */
static int open_unnamed(struct sv_outfile *f, const char *path)
{
	char *d = strdup(path), *b = strdup(path);
	int ret = -1;

	if (d && b) {
		f->dirfd = open(dirname(d), O_PATH | O_DIRECTORY | O_CLOEXEC);
		f->name = strdup(basename(b));
	}
	if (f->dirfd >= 0 && f->name)
		f->fd = openat(f->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
	if (f->fd >= 0)
		ret = 0;
	free(d);
	free(b);
	return ret;
}

/* See outfile.h. */
int sv_outfile_open(const char *path, struct sv_outfile **out)
{
	struct sv_outfile *f = calloc(1, sizeof(*f));
	struct stat st;
	int ret;

	if (!f)
		return -ENOMEM;
	f->fd = f->dirfd = -1;
	ret = lstat(path, &st);
	if ((ret == 0 && S_ISREG(st.st_mode)) || (ret < 0 && errno == ENOENT)) {
		if (open_unnamed(f, path) == 0) {
			if (ret == 0) /* the new file keeps the old one's mode */
				(void)fchmod(f->fd, st.st_mode & 07777);
			*out = f;
			return 0;
		}
		if (f->dirfd >= 0)
			close(f->dirfd);
		f->dirfd = -1;
	}
	f->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (f->fd < 0) {
		ret = -errno;
		free(f->name);
		free(f);
		return ret;
	}
	*out = f;
	return 0;
}

/* See outfile.h. */
int sv_outfile_fd(const struct sv_outfile *f)
{
	return f->fd;
}

/* Link the unnamed file under a fresh temporary name in the directory. */
static int link_temp(struct sv_outfile *f, char *tmp, size_t len)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", f->fd);
	for (int i = 0; i < 100; i++) {
		snprintf(tmp, len, ".%.200s.sockview-%ld-%d", f->name, (long)getpid(), i);
		if (linkat(f->fd, "", f->dirfd, tmp, AT_EMPTY_PATH) == 0 ||
		    linkat(AT_FDCWD, proc, f->dirfd, tmp, AT_SYMLINK_FOLLOW) == 0)
			return 0;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

/* See outfile.h. */
int sv_outfile_commit(struct sv_outfile *f)
{
	char tmp[300];
	int ret = 0;

	if (f->dirfd >= 0) {
		ret = link_temp(f, tmp, sizeof(tmp));
		if (ret == 0 && renameat(f->dirfd, tmp, f->dirfd, f->name) < 0) {
			ret = -errno;
			unlinkat(f->dirfd, tmp, 0);
		}
	}
	if (close(f->fd) < 0 && ret == 0)
		ret = -errno;
	f->fd = -1;
	sv_outfile_discard(f);
	return ret;
}

/* See outfile.h. */
void sv_outfile_discard(struct sv_outfile *f)
{
	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
	if (f->dirfd >= 0)
		close(f->dirfd);
	free(f->name);
	free(f);
}
