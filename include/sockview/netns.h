/* netns.h - -N: entering the network namespace to list. */
#ifndef SOCKVIEW_NETNS_H
#define SOCKVIEW_NETNS_H

#include <stddef.h>

/* Where ip netns keeps its named namespaces. */
#define SV_NETNS_RUN_DIR "/run/netns"

/* The file of -N's argument: a NAME (no '/') is SV_NETNS_RUN_DIR/NAME, as
 * ss and ip take it; anything with a '/' is a path (/proc/PID/ns/net, a
 * bind mount). Returns 0, -EINVAL for "", "." or "..", -ENAMETOOLONG when
 * it does not fit in len. */
int sv_netns_path(const char *name, char *path, size_t len);

/* Move this process into the network namespace of the file at path.
 * Returns 0 or a negative errno (-ENOENT: no such namespace; -EPERM:
 * needs CAP_SYS_ADMIN; -EINVAL: not a network namespace). */
int sv_netns_enter(const char *path);

#endif
