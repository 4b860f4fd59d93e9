/* test_cgpath.c - cmocka suite for cgroup ids to paths: a directory tree
 * made for the test stands for the cgroup2 mount (a cgroup v2 id is the
 * inode number of its directory). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/cgpath.h"

static char root[PATH_MAX];

static uint64_t ino_of(const char *rel)
{
	char path[PATH_MAX * 2];
	struct stat st;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	assert_int_equal(lstat(path, &st), 0);
	return (uint64_t)st.st_ino;
}

static void mk(const char *rel)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s%s", root, rel);
	assert_int_equal(mkdir(path, 0700), 0);
}

static int setup(void **state)
{
	char path[PATH_MAX * 2];
	int fd;

	(void)state;
	snprintf(root, sizeof(root), "%s/sv-cgpath.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root))
		return -1;
	mk("/system.slice");
	mk("/system.slice/ssh.service");
	mk("/a b");
	mk("/new\nline");
	snprintf(path, sizeof(path), "%s/file", root);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	if (fd < 0)
		return -1;
	close(fd);
	snprintf(path, sizeof(path), "%s/link", root);
	return symlink("system.slice", path);
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 32];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void want_path(struct sv_cgpath *c, uint64_t id, const char *want)
{
	size_t len = 99;
	const char *p = sv_cgpath_get(c, id, &len);

	if (!want) {
		assert_null(p);
		return;
	}
	assert_non_null(p);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(p, want, len);
}

static void test_tree(void **state)
{
	struct sv_cgpath *c = NULL;

	(void)state;
	assert_int_equal(sv_cgpath_new(root, &c), 0);
	want_path(c, ino_of(""), "/");
	want_path(c, ino_of("/system.slice/ssh.service"), "/system.slice/ssh.service");
	want_path(c, ino_of("/system.slice"), "/system.slice");
	want_path(c, ino_of("/a b"), "/a b");
	want_path(c, ino_of("/new\nline"), "/new\nline"); /* raw: the caller escapes */
	want_path(c, ino_of("/file"), NULL);  /* not a directory */
	want_path(c, ino_of("/link"), NULL);  /* a link is not followed */
	want_path(c, 0, NULL);
	want_path(c, 0xfffffffffffffff0ull, NULL);
	want_path(c, 0xfffffffffffffff0ull, NULL); /* the answer is kept */
	sv_cgpath_free(c);
}

/* The tree is read on the first lookup: a directory made before it is
 * found; one made after only by file handle, as ss finds it, where the
 * privileges (CAP_DAC_READ_SEARCH) and the file system allow: then with
 * its path. */
static void test_walk_once(void **state)
{
	struct sv_cgpath *c = NULL;
	const char *p;
	size_t len = 0;

	(void)state;
	assert_int_equal(sv_cgpath_new(root, &c), 0);
	mk("/before");
	want_path(c, ino_of("/before"), "/before");
	mk("/after");
	p = sv_cgpath_get(c, ino_of("/after"), &len);
	if (p) {
		assert_int_equal(len, 6);
		assert_memory_equal(p, "/after", 6);
	}
	sv_cgpath_free(c);
}

/* Many ids: the table grows. */
static void test_many(void **state)
{
	struct sv_cgpath *c = NULL;
	char rel[64];

	(void)state;
	for (int i = 0; i < 600; i++) {
		snprintf(rel, sizeof(rel), "/a b/%d", i);
		mk(rel);
	}
	assert_int_equal(sv_cgpath_new(root, &c), 0);
	for (int i = 0; i < 600; i += 7) {
		snprintf(rel, sizeof(rel), "/a b/%d", i);
		want_path(c, ino_of(rel), rel);
	}
	for (uint64_t id = 1; id < 2000; id += 3)
		(void)sv_cgpath_get(c, id << 40, &(size_t){ 0 });
	want_path(c, ino_of("/a b/599"), "/a b/599");
	sv_cgpath_free(c);
}

/* No such mount: every id is unknown. The system's own mount, when it has
 * one: its root is "/". */
static void test_mounts(void **state)
{
	struct sv_cgpath *c = NULL;
	struct stat st;
	FILE *f = fopen("/proc/self/mounts", "r");
	char line[4096], dir[4096] = "";

	(void)state;
	assert_int_equal(sv_cgpath_new("/nonexistent/cgroup", &c), 0);
	want_path(c, 1, NULL);
	sv_cgpath_free(c);
	sv_cgpath_free(NULL);
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %4095s cgroup2", dir) == 1 && strstr(line, " cgroup2 "))
			break;
		else
			dir[0] = '\0';
	if (f)
		fclose(f);
	if (!dir[0] || stat(dir, &st) != 0)
		skip();
	assert_int_equal(sv_cgpath_new(NULL, &c), 0);
	want_path(c, (uint64_t)st.st_ino, "/");
	sv_cgpath_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_walk_once),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_mounts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
