/* selinux.h - SELinux for -Z and -z: whether it is enabled, decided as
 * libselinux's is_selinux_enabled() decides it. */
#ifndef SOCKVIEW_SELINUX_H
#define SOCKVIEW_SELINUX_H

#include <stdbool.h>

/* Where libselinux looks: the selinuxfs mount point and the configuration
 * file whose presence it requires. */
#define SV_SELINUX_MNT "/sys/fs/selinux"
#define SV_SELINUX_CONFIG "/etc/selinux/config"

/* libselinux's rule (3.x, not Android): enabled when a selinuxfs is
 * mounted at the mount point and not read-only (a container's read-only
 * selinuxfs counts as disabled), and the configuration file exists. */
bool sv_selinux_decide(bool selinuxfs, bool read_only, bool config);

/* The rule applied to what statfs(mnt), statvfs(mnt) and access(config)
 * say (SV_SELINUX_MNT and SV_SELINUX_CONFIG on a live system). */
bool sv_selinux_enabled(const char *mnt, const char *config);

#endif
