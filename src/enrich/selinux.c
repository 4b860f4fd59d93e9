/* selinux.c - whether SELinux is enabled, as libselinux's
 * is_selinux_enabled() decides it: a read-write selinuxfs at its mount
 * point and a configuration file. */
#include <errno.h>
#include <stdint.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "sockview/selinux.h"

/* selinuxfs's f_type (linux/magic.h: SELINUX_MAGIC). */
#define SELINUXFS_MAGIC 0xf97cff8cu

/* See selinux.h. */
bool sv_selinux_decide(bool selinuxfs, bool read_only, bool config)
{
	return selinuxfs && !read_only && config;
}

/* See selinux.h. */
bool sv_selinux_enabled(const char *mnt, const char *config)
{
	struct statfs fs;
	struct statvfs vfs;
	bool selinuxfs, ro = false;
	int rc;

	do
		rc = statfs(mnt, &fs);
	while (rc < 0 && errno == EINTR);
	selinuxfs = rc == 0 && (uint32_t)fs.f_type == SELINUXFS_MAGIC;
	if (selinuxfs)
		ro = statvfs(mnt, &vfs) != 0 || (vfs.f_flag & ST_RDONLY);
	return sv_selinux_decide(selinuxfs, ro, access(config, F_OK) == 0);
}
