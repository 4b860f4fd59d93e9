/* netns_scan.h - --all-netns: every distinct network namespace on the host,
 * found from the named ones (/run/netns), the container runtimes' files
 * and every process's /proc/PID/ns/net, deduplicated by inode, each with
 * the label its rows carry. */
#ifndef SOCKVIEW_NETNS_SCAN_H
#define SOCKVIEW_NETNS_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What a namespace's rows say about it (sv_sock.netns). */
struct sv_netns_label {
	uint64_t inode;      /* the namespace's inode (ip netns identify, lsns) */
	char name[256];      /* its name under /run/netns, or "" (untrusted:
				escape it) */
	char owner[160];     /* the container a process in it belongs to
				(container.h's text: "docker:3f2a1b4c5d6e"),
				or "" */
	char text[256];      /* the Netns column: the name, else the owner,
				else the inode */
	size_t text_len;
};

/* How a namespace was found, to enter it. */
struct sv_netns_ns {
	uint64_t dev;        /* the nsfs device with inode: the identity */
	int fd;              /* held open from the scan (it cannot go away
				while listed), or -1 when it could not be */
	int open_err;        /* why fd is -1: a negative errno */
	bool self;           /* sockview's own namespace: no setns needed */
	bool not_ns;         /* a file under a namespace directory that is no
				network namespace (a stale ip netns name) */
	pid_t pid;           /* the first process seen in it, or 0 */
	unsigned int tried;  /* processes whose cgroup was read for the owner */
	struct sv_netns_label label;
};

/* The namespaces: sockview's own first, then the named by name, then the
 * rest by inode. */
struct sv_netns_set {
	struct sv_netns_ns *ns;
	size_t n, cap;
	size_t *slot;        /* the inode hash: index + 1, 0 empty */
	size_t nslots;
	size_t hidden;       /* processes whose namespace could not be read
				(another user's, without privileges) */
};

/* Where to look; a NULL member takes the default. */
struct sv_netns_scan_opts {
	const char *procroot;         /* /proc */
	const char *const *named;     /* directories of named namespaces,
					 NULL-terminated: { "/run/netns" } */
	const char *const *unnamed;   /* runtimes' namespace files, whose file
					 names are no user's names:
					 { "/run/docker/netns" } */
};

/* Fill *set (zeroed by the caller) with every network namespace found.
 * Processes and files that vanish or cannot be read are skipped (counted
 * in set->hidden when they could not be read). Returns 0, or -ENOMEM, or
 * the errno of procroot itself not opening (set is then usable, maybe
 * holding only the named ones). Free with sv_netns_set_free. */
int sv_netns_scan(const struct sv_netns_scan_opts *o, struct sv_netns_set *set);

/* Close the held descriptors and free set's arrays. */
void sv_netns_set_free(struct sv_netns_set *set);

/* Fill l->text from the name, the owner and the inode (pure). */
void sv_netns_label_finish(struct sv_netns_label *l);

/* Enter namespace n: its held descriptor, checked to still be the same
 * namespace. Returns 0, or a negative errno (-EPERM: it needs
 * CAP_SYS_ADMIN; -EINVAL: not a network namespace). */
int sv_netns_set_enter(const struct sv_netns_ns *n);

#endif
