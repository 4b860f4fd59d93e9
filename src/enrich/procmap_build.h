/* procmap_build.h - private: what a process map build shares between the
 * /proc walk (procmap.c), the BPF records (procmap_recs.c) and the table's
 * assembly (procmap_build.c). */
#ifndef SOCKVIEW_PROCMAP_BUILD_H
#define SOCKVIEW_PROCMAP_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "procmap_table.h"
#include "sockview/container.h"
#include "sockview/procmap.h"

#define DENTS_BUF (32 * 1024)
#define COMM_BUF 65
#define CTX_BUF 4096 /* a context, as libselinux reads it (a page) */
#define CGROUP_BUF 4096 /* /proc/PID/cgroup: its v2 line comes last on a
			   hybrid host, after a dozen v1 lines */

/* Strings that never move once stored (comm names, contexts): the refs
 * point into them while the map is built. */
struct pm_block {
	struct pm_block *next;
	size_t used, cap;
	char data[];
};

/* What commit() records of a process: pidfd is its open /proc/PID, or -1. */
struct sc_proc_in {
	uint32_t pid, tid, uid;
	const char *comm;
	int pidfd;
};

/* A socket fd of the process being scanned, kept until its stat is read. */
struct pm_pending {
	int32_t fd;
	uint32_t inode;
};

struct sv_procmap {
	struct pm_table tab;
	struct sv_proc_ref *refs;  /* crefs of them (bigmem.h) */
	size_t crefs;
	struct pm_block *strings;  /* comm names and contexts */
	struct sv_container **cts; /* what holders' cgroups name */
	size_t ncts, ccts;
};

/* Everything one build needs; freed at the end but for the map. While the
 * scan runs, each socket fd is one reference, appended in scan order with
 * its inode beside it; the table is made at the end, when their number is
 * known (procmap_build.c). */
struct pm_scan {
	struct sv_procmap *m;
	struct pm_table wanted;
	bool filter;
	struct sv_proc_ref *refs;    /* nrefs used of crefs, in scan order */
	uint32_t *inodes;            /* each ref's socket (cinodes of them);
				        both bigmem.h's */
	struct pm_pending *pend;     /* npend used of cpend */
	size_t nrefs, crefs, cinodes, npend, cpend;
	char *pidbuf, *fdbuf, *taskbuf; /* getdents64 buffers */
	struct sv_procmap_stats *st; /* the caller's, or own_st */
	struct sv_procmap_stats own_st;
	const char *root;     /* procroot, for the fd paths of -z */
	unsigned int flags;   /* SV_PROCMAP_* */
};

/* p (of *cap elements of size sz, need > 0) grown to hold at least need
 * elements, or NULL with p and *cap untouched. */
void *sv_procmap_build_grow(void *p, size_t *cap, size_t need, size_t sz);

/* *v (an array of pointers, *cap of them) grown to hold need. Returns 0
 * or -ENOMEM (v untouched). */
int sv_procmap_build_grow_ptrs(struct sv_container ***v, size_t *cap, size_t need);

/* Sort out a failed step on one process or fd (a positive errno): races
 * and missing rights are counted and skipped (0); running out of memory
 * or descriptors stops the scan (-errno). */
int sv_procmap_build_skip(struct pm_scan *sc, int err);

/* Record a process (with -Z its context, read from in.pidfd when >= 0) and
 * its pending sockets (sc->pend) in the table. Returns 0 or -ENOMEM. */
int sv_procmap_build_commit(struct sc_proc_in in, struct pm_scan *sc);

/* Start a build over procroot (stats: NULL for none; zeroed): the map, the
 * buffers and the set of wanted inodes allocated, *procfd the open root.
 * Returns 0, or a negative errno with nothing left to free. */
int sv_procmap_build_begin(struct pm_scan *sc, const char *procroot, unsigned int flags,
			   const uint32_t *wanted, size_t nwanted,
			   struct sv_procmap_stats *stats, int *procfd);

/* End a build whose scan returned r: the references laid out when r is 0,
 * what only the build needed freed, procfd closed; *out gets the map, or
 * it is freed on an error. Returns 0 or the error. */
int sv_procmap_build_end(struct pm_scan *sc, int procfd, int r, struct sv_procmap **out);

#endif
