/* cgpath.h - cgroup v2 ids to paths, as ss prints them for -e and
 * --cgroup ("/", "/system.slice/ssh.service"): the tree under the cgroup2
 * mount is walked once, on the first lookup (a cgroup v2 id is the inode
 * number of its directory); an id found nowhere is looked up once by file
 * handle, as ss does, and the answer kept either way. */
#ifndef SOCKVIEW_CGPATH_H
#define SOCKVIEW_CGPATH_H

#include <stddef.h>
#include <stdint.h>

#include "sockview/container.h"
#include "sockview/podnames.h"

struct sv_cgpath; /* opaque */

/* A map over the cgroup2 mount at root (NULL: the first cgroup2 mount in
 * /proc/self/mounts, as ss finds it; none: every id is unknown). Nothing
 * is read yet. Returns 0 and sets *c, or -ENOMEM. */
int sv_cgpath_new(const char *root, struct sv_cgpath **c);

/* The path of cgroup id relative to the mount ("/" for its root), its
 * length in *len: raw bytes from the file system (escape them before
 * printing); NULL when no cgroup has that id (ss: "unreachable:ID"). */
const char *sv_cgpath_get(struct sv_cgpath *c, uint64_t id, size_t *len);

/* The container or unit the path of cgroup id names (container.h), read
 * once per cgroup; NULL when no cgroup has that id or its path names
 * nothing. Valid until sv_cgpath_free. */
const struct sv_container *sv_cgpath_container(struct sv_cgpath *c, uint64_t id);

/* A Kubernetes pod's namespace and name by its uid (podnames.h), from the
 * kubelet's log directories, read on the first lookup; NULL when unknown. */
const struct sv_podname *sv_cgpath_pod(struct sv_cgpath *c, const char *uid);

/* Where sv_cgpath_pod looks (tests); the default is SV_PODNAMES_DIR.
 * Returns 0 or -ENOMEM. */
int sv_cgpath_set_pods_dir(struct sv_cgpath *c, const char *dir);

/* A Docker or Podman container's name (ctnames.h), from the runtime's
 * state on disk, read on the first lookup of that id (Docker) or of any
 * Podman container; NULL for other kinds, or when unknown. Valid until
 * sv_cgpath_free. */
const char *sv_cgpath_ctname(struct sv_cgpath *c, const struct sv_container *ct);

/* The directory sv_cgpath_ctname reads the runtimes' state under (tests);
 * the default is the live system's (/var/lib/docker...). Returns 0 or
 * -ENOMEM. */
int sv_cgpath_set_ctnames_root(struct sv_cgpath *c, const char *root);

/* Free (NULL is fine). */
void sv_cgpath_free(struct sv_cgpath *c);

#endif
