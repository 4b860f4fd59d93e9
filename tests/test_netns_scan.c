/* test_netns_scan.c - cmocka suite for --all-netns's scan: a fabricated
 * /proc and namespace directories whose entries are links to this
 * process's own namespace files (no privileges needed), stale names,
 * namespaces of another type, owners from cgroups, the labels. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/netns_scan.h"

#define ID "3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"

struct tree {
	char root[64];
};

static void put(const struct tree *t, const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void dir(const struct tree *t, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static void link_to(const struct tree *t, const char *rel, const char *target)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	assert_int_equal(symlink(target, path), 0);
}

/* procroot: thread-self and pids 100 (this namespace, a docker cgroup),
 * 200 (this namespace), 300 (a uts namespace link: not a network one);
 * named: a and b (this namespace), stale (a plain file), uts (another
 * type); unnamed: x (this namespace). */
static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	snprintf(t->root, sizeof(t->root), "/tmp/sv-nsscan-XXXXXX");
	assert_non_null(mkdtemp(t->root));
	dir(t, "proc");
	dir(t, "proc/thread-self");
	dir(t, "proc/thread-self/ns");
	link_to(t, "proc/thread-self/ns/net", "/proc/self/ns/net");
	dir(t, "proc/100");
	dir(t, "proc/100/ns");
	link_to(t, "proc/100/ns/net", "/proc/self/ns/net");
	put(t, "proc/100/cgroup", "0::/system.slice/docker-" ID ".scope\n");
	dir(t, "proc/200");
	dir(t, "proc/200/ns");
	link_to(t, "proc/200/ns/net", "/proc/self/ns/net");
	dir(t, "proc/300");
	dir(t, "proc/300/ns");
	link_to(t, "proc/300/ns/net", "/proc/self/ns/uts");
	dir(t, "proc/self"); /* not a pid: skipped */
	dir(t, "named");
	link_to(t, "named/b", "/proc/self/ns/net");
	link_to(t, "named/a", "/proc/self/ns/net");
	put(t, "named/stale", "");
	link_to(t, "named/uts", "/proc/self/ns/uts");
	dir(t, "unnamed");
	link_to(t, "unnamed/x", "/proc/self/ns/net");
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

static struct sv_netns_scan_opts opts_of(const struct tree *t, char paths[3][256],
					 const char *named[2], const char *unnamed[2])
{
	struct sv_netns_scan_opts o;

	snprintf(paths[0], 256, "%s/proc", t->root);
	snprintf(paths[1], 256, "%s/named", t->root);
	snprintf(paths[2], 256, "%s/unnamed", t->root);
	named[0] = paths[1];
	named[1] = NULL;
	unnamed[0] = paths[2];
	unnamed[1] = NULL;
	o.procroot = paths[0];
	o.named = named;
	o.unnamed = unnamed;
	return o;
}

/* This namespace once (sockview's own, first, named "a": the smallest of
 * its names), then the stale and the uts names, to be reported. */
static void test_scan(void **state)
{
	const struct tree *t = *state;
	char paths[3][256];
	const char *named[2], *unnamed[2];
	struct sv_netns_scan_opts o = opts_of(t, paths, named, unnamed);
	struct sv_netns_set set = { 0 };
	struct stat st;

	assert_int_equal(sv_netns_scan(&o, &set), 0);
	assert_int_equal(stat("/proc/self/ns/net", &st), 0);
	assert_int_equal(set.n, 3);
	assert_true(set.ns[0].self);
	assert_int_equal(set.ns[0].label.inode, st.st_ino);
	assert_string_equal(set.ns[0].label.name, "a");
	assert_string_equal(set.ns[0].label.owner, "docker:3f2a1b4c5d6e");
	assert_string_equal(set.ns[0].label.text, "a");
	assert_true(set.ns[0].fd >= 0);
	assert_int_equal(set.ns[0].pid, getpid()); /* found first as itself */
	/* the named that cannot be entered, by name */
	assert_string_equal(set.ns[1].label.name, "stale");
	assert_true(set.ns[1].not_ns);
	assert_int_equal(set.ns[1].fd, -1);
	assert_int_equal(set.ns[1].label.inode, 0);
	assert_int_equal(sv_netns_set_enter(&set.ns[1]), -EINVAL);
	assert_string_equal(set.ns[2].label.name, "uts");
	assert_true(set.ns[2].not_ns);
	assert_int_equal(set.hidden, 0);
	sv_netns_set_free(&set);
	assert_int_equal(set.n, 0);
	assert_null(set.ns);
}

/* No named directories: this namespace alone, labelled by its owner; a
 * procroot that does not exist is an error, and finds nothing. */
static void test_unnamed_and_missing(void **state)
{
	const struct tree *t = *state;
	char paths[3][256];
	const char *named[2], *unnamed[2], *none[1] = { NULL };
	struct sv_netns_scan_opts o = opts_of(t, paths, named, unnamed);
	struct sv_netns_set set = { 0 };

	o.named = none;
	assert_int_equal(sv_netns_scan(&o, &set), 0);
	assert_int_equal(set.n, 1);
	assert_string_equal(set.ns[0].label.name, "");
	assert_string_equal(set.ns[0].label.text, "docker:3f2a1b4c5d6e");
	sv_netns_set_free(&set);

	o.procroot = "/nonexistent-sv-proc";
	o.unnamed = none;
	assert_int_equal(sv_netns_scan(&o, &set), -ENOENT);
	assert_int_equal(set.n, 0);
	sv_netns_set_free(&set);
}

/* The label's text: the name, else the owner, else the inode. */
static void test_label(void **state)
{
	struct sv_netns_label l = { .inode = 4026531840ull };

	(void)state;
	sv_netns_label_finish(&l);
	assert_string_equal(l.text, "4026531840");
	assert_int_equal(l.text_len, 10);
	snprintf(l.owner, sizeof(l.owner), "podman:0123456789ab");
	sv_netns_label_finish(&l);
	assert_string_equal(l.text, "podman:0123456789ab");
	memset(l.name, 'n', sizeof(l.name) - 1); /* the longest name: cut, ended */
	l.name[sizeof(l.name) - 1] = '\0';
	sv_netns_label_finish(&l);
	assert_int_equal(l.text_len, sizeof(l.text) - 1);
	assert_int_equal(strlen(l.text), l.text_len);
}

/* A held descriptor that is gone: its error, not a crash. */
static void test_enter_errors(void **state)
{
	struct sv_netns_ns n = { .fd = -1, .open_err = -EACCES };

	(void)state;
	assert_int_equal(sv_netns_set_enter(&n), -EACCES);
	n.open_err = 0;
	assert_int_equal(sv_netns_set_enter(&n), -EBADF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unnamed_and_missing, setup, teardown),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_enter_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
