/* fcgroup.h - test helper: a fake cgroup2 mount (a temporary directory with
 * app.slice in it) for the filter tests' cgroup conditions. */
#ifndef SOCKVIEW_TEST_FCGROUP_H
#define SOCKVIEW_TEST_FCGROUP_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char cg_root[64];   /* the fake mount */
static uint64_t cg_app_id; /* inode of cg_root/app.slice: its cgroup id */

/* Make the mount from a mkdtemp(3) template; 0, or -1. */
static inline int cg_make(const char *tmpl)
{
	char path[128];
	struct stat st;

	snprintf(cg_root, sizeof(cg_root), "%s", tmpl);
	if (mkdtemp(cg_root) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/app.slice", cg_root);
	if (mkdir(path, 0700) < 0 || stat(path, &st) < 0)
		return -1;
	cg_app_id = st.st_ino;
	return 0;
}

/* Remove it. */
static inline void cg_remove(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/app.slice", cg_root);
	rmdir(path);
	rmdir(cg_root);
}

#endif
