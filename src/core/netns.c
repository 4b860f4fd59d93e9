/* netns.c - -N: the network namespace sockview lists, by name (as
 * ip netns names them, under /run/netns) or by path. Only the network
 * namespace changes: /sys is not remounted (unlike ip netns exec), so the
 * cgroup hierarchy stays where it is. */
#define _GNU_SOURCE /* setns */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sockview/netns.h"

/* See netns.h. */
int sv_netns_path(const char *name, char *path, size_t len)
{
	int n;

	if (!name || !*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	if (strchr(name, '/'))
		n = snprintf(path, len, "%s", name);
	else
		n = snprintf(path, len, "%s/%s", SV_NETNS_RUN_DIR, name);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* See netns.h. */
int sv_netns_enter(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET) != 0)
		ret = -errno;
	close(fd);
	return ret;
}
