/* test_procmap.c - cmocka suite for the process map: the stat and fd-link
 * parsers, scans of fake /proc trees and of the real /proc. */
#define _GNU_SOURCE /* setresuid, program_invocation_short_name */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sockview/procmap.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define S(lit) lit, sizeof(lit) - 1 /* a literal with its length */

static void test_parse_stat(void **state)
{
	static const struct {
		const char *text;
		size_t len;
		int ret;
		const char *comm;
	} cases[] = {
		{ S("1234 (bash) S 1 1234 1234 34816 5678 4194560 0"), 4, "bash" },
		{ S("7 (a) b) S 1 7 7 0 -1"), 4, "a) b" },
		{ S("7 (a\nb) R 1"), 3, "a\nb" },
		{ S("7 ()) ) S 1"), 3, ")) " },
		{ S("7 () S 1"), 0, "" },
		{ S("7 (x)"), 1, "x" },
		{ S("7 (bash S 1"), -EINVAL, NULL },
		{ S("7 bash) S 1"), -EINVAL, NULL },
		{ S(") ("), -EINVAL, NULL },
		{ S(""), -EINVAL, NULL },
		/* len is obeyed: the ')' is past it */
		{ "7 (bash) S", 7, -EINVAL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char comm[65];

		memset(comm, '#', sizeof(comm));
		assert_int_equal(sv_procmap_parse_stat(cases[i].text, cases[i].len,
						       comm, sizeof(comm)),
				 cases[i].ret);
		if (cases[i].comm)
			assert_string_equal(comm, cases[i].comm);
	}
}

/* Names longer than 64 bytes are truncated to 64; a smaller buffer gets
 * commlen - 1 bytes; a zero-sized one is an error. */
static void test_parse_stat_truncation(void **state)
{
	char text[128], comm[80], want[65];

	(void)state;
	memset(want, 'n', 64);
	want[64] = '\0';
	snprintf(text, sizeof(text), "9 (%s%s) S 1", want, "0123456789");
	assert_int_equal(sv_procmap_parse_stat(text, strlen(text), comm,
					       sizeof(comm)), 64);
	assert_string_equal(comm, want);

	memset(comm, '#', sizeof(comm));
	assert_int_equal(sv_procmap_parse_stat(S("1 (bash2) S"), comm, 4), 3);
	assert_string_equal(comm, "bas");
	assert_int_equal(comm[4], '#');
	assert_int_equal(sv_procmap_parse_stat(S("1 (bash2) S"), comm, 1), 0);
	assert_string_equal(comm, "");
	assert_int_equal(sv_procmap_parse_stat(S("1 (bash2) S"), comm, 0),
			 -EINVAL);
}

static void test_parse_fdlink(void **state)
{
	static const struct {
		const char *link;
		size_t len;
		int ret;
		uint32_t inode;
	} cases[] = {
		{ S("socket:[12345]"), 0, 12345 },
		{ S("socket:[0]"), 0, 0 },
		{ S("socket:[4294967295]"), 0, 4294967295u },
		{ S("socket:[4294967296]"), -EINVAL, 0 },
		{ S("socket:[99999999999999999999]"), -EINVAL, 0 },
		{ S("socket:[12a]"), -EINVAL, 0 },
		{ S("socket:[-1]"), -EINVAL, 0 },
		{ S("socket:[ 1]"), -EINVAL, 0 },
		{ S("socket:[]"), -EINVAL, 0 },
		{ S("socket:[12"), -EINVAL, 0 },
		{ S("socket:[12]x"), -EINVAL, 0 },
		{ S("socket:["), -EINVAL, 0 },
		{ S("pipe:[1]"), -ENOENT, 0 },
		{ S("anon_inode:[eventpoll]"), -ENOENT, 0 },
		{ S("/dev/null"), -ENOENT, 0 },
		{ S("socket:"), -ENOENT, 0 },
		{ S(""), -ENOENT, 0 },
		/* no NUL: len ends the target */
		{ "socket:[77]GARBAGE", 11, 0, 77 },
		{ "socket:[77]", 10, -EINVAL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		uint32_t inode = 0xdeadbeef;

		assert_int_equal(sv_procmap_parse_fdlink(cases[i].link,
							 cases[i].len, &inode),
				 cases[i].ret);
		assert_int_equal(inode, cases[i].ret == 0 ? cases[i].inode
							   : 0xdeadbeef);
	}
}

/* The cgroup v2 line of /proc/PID/cgroup: last on a hybrid host. */
static void test_parse_cgroup(void **state)
{
	static const struct { const char *text; int ret; const char *path; } cases[] = {
		{ "0::/system.slice/ssh.service\n", 0, "/system.slice/ssh.service" },
		{ "12:pids:/\n1:name=systemd:/init.scope\n0::/init.scope\n", 0, "/init.scope" },
		{ "0::/", 0, "/" },                     /* no newline at the end */
		{ "12:pids:/a\n1:name=systemd:/b\n", -ENOENT, NULL }, /* v1 only */
		{ "0::relative\n", -ENOENT, NULL },
		{ "0::\n", -ENOENT, NULL },
		{ "", -ENOENT, NULL },
		{ "10::/x\n", -ENOENT, NULL },          /* "0::" at the line's start only */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		size_t off = 99, len = 99;
		int ret = sv_procmap_parse_cgroup(cases[i].text, strlen(cases[i].text), &off, &len);

		if (ret != cases[i].ret)
			fail_msg("'%s': %d, want %d", cases[i].text, ret, cases[i].ret);
		if (ret == 0 && (len != strlen(cases[i].path) ||
				 memcmp(cases[i].text + off, cases[i].path, len) != 0))
			fail_msg("'%s': %.*s", cases[i].text, (int)len, cases[i].text + off);
	}
	/* a NUL inside the path: not a path from the kernel */
	assert_int_equal(sv_procmap_parse_cgroup("0::/a\0b\n", 7, &(size_t){ 0 },
						 &(size_t){ 0 }), -ENOENT);
}

/* ---- fake /proc trees ---- */

static void mkdir_at(const char *root, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

/* A process directory with a stat file (when stat is not NULL) and an fd
 * directory (when with_fd). */
static void mk_proc(const char *root, unsigned pid, const char *stat,
		    size_t statlen, int with_fd)
{
	char rel[64], path[512];

	snprintf(rel, sizeof(rel), "%u", pid);
	mkdir_at(root, rel);
	if (stat) {
		int fd;

		snprintf(path, sizeof(path), "%s/%u/stat", root, pid);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, stat, statlen), (ssize_t)statlen);
		close(fd);
	}
	if (with_fd) {
		snprintf(rel, sizeof(rel), "%u/fd", pid);
		mkdir_at(root, rel);
	}
}

static void mk_fd(const char *root, unsigned pid, int fd, const char *target)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%u/fd/%d", root, pid, fd);
	assert_int_equal(symlink(target, path), 0);
}

static int tree_setup(void **state)
{
	char *root = strdup("/tmp/test_procmap.XXXXXX");

	if (!root || !mkdtemp(root))
		return -1;
	chmod(root, 0755); /* a child running as nobody walks it too */
	*state = root;
	return 0;
}

static int tree_teardown(void **state)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s' && rm -rf '%s'",
		 (char *)*state, (char *)*state);
	free(*state);
	return system(cmd) == 0 ? 0 : -1;
}

/* Index of name among the entries of dir, in readdir order: the order a
 * scan visits a fake tree in (the real /proc lists pids in ascending
 * order; tmpfs or ext4 need not). */
static int dir_pos(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int i = 0, found = -1;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, name) == 0)
			found = i;
		i++;
	}
	closedir(d);
	return found;
}

/* The standard fake tree: see the comments for what each entry tests. */
static void mk_standard_tree(const char *root)
{
	char longlink[201];

	mkdir_at(root, "self"); /* not numeric: skipped */
	mkdir_at(root, "sys");
	mkdir_at(root, "12ab");
	mk_proc(root, 10, S("10 (ten) S 1 10 10 0 -1"), 1);
	mk_fd(root, 10, 3, "socket:[123]");
	mk_fd(root, 10, 4, "/dev/null");
	mk_fd(root, 10, 5, "pipe:[9]");
	/* 200 bytes that would read as socket 77 without the length check */
	memset(longlink, '0', sizeof(longlink));
	memcpy(longlink, "socket:[", 8);
	memcpy(longlink + 197, "77]", 4);
	mk_fd(root, 10, 6, longlink);
	mk_proc(root, 20, S("20 (a) b) S 1 20 20 0 -1"), 1);
	mk_fd(root, 20, 7, "socket:[123]"); /* shared with 10, as after fork */
	mk_fd(root, 20, 8, "socket:[456]");
	mk_proc(root, 30, S("30 (nofd) Z 1"), 0); /* fd/ gone: vanished */
	mk_proc(root, 40, NULL, 0, 1); /* stat gone: vanished */
	mk_fd(root, 40, 0, "socket:[789]");
	if (geteuid() == 0) {
		char path[512];

		snprintf(path, sizeof(path), "%s/20", root);
		assert_int_equal(chown(path, 1234, 1234), 0);
	}
}

static void test_build_fake_tree(void **state)
{
	const char *root = *state;
	struct sv_procmap *m = NULL;
	struct sv_procmap_stats st;
	const struct sv_proc_ref *r;
	char path[512];
	struct stat sb;
	uint16_t n = 99;
	int first10;

	mk_standard_tree(root);
	assert_int_equal(sv_procmap_build(root, NULL, 0, &m, &st), 0);
	assert_non_null(m);
	assert_int_equal(st.processes, 4);
	assert_int_equal(st.fds, 4 + 2 + 1);
	assert_int_equal(st.sockets, 3);
	assert_int_equal(st.vanished, 2);
	assert_int_equal(st.denied, 0);

	r = sv_procmap_find(m, 123, &n);
	assert_non_null(r);
	assert_int_equal(n, 2);
	first10 = dir_pos(root, "10") < dir_pos(root, "20");
	assert_int_equal(r[first10 ? 0 : 1].pid, 10);
	assert_int_equal(r[first10 ? 0 : 1].fd, 3);
	assert_string_equal(r[first10 ? 0 : 1].comm, "ten");
	assert_int_equal(r[first10 ? 1 : 0].pid, 20);
	assert_int_equal(r[first10 ? 1 : 0].fd, 7);
	assert_string_equal(r[first10 ? 1 : 0].comm, "a) b");

	r = sv_procmap_find(m, 456, &n);
	assert_non_null(r);
	assert_int_equal(n, 1);
	assert_int_equal(r->pid, 20);
	assert_int_equal(r->fd, 8);
	snprintf(path, sizeof(path), "%s/20", root);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(r->uid, sb.st_uid); /* 1234 when run as root */
	/* missing, unreadable-process and too-long inodes are not there */
	for (uint32_t ino = 0; ino < 1000; ino++)
		if (ino != 123 && ino != 456) {
			n = 99;
			assert_null(sv_procmap_find(m, ino, &n));
			assert_int_equal(n, 0);
		}
	sv_procmap_free(m);
}

/* A file under root, with its text. */
static void mk_file(const char *root, const char *rel, const char *text)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* -T: each thread's fd table from task/TID, with its own comm and tid; the
 * main thread's entry is the process's (task/PID is not walked again); a
 * thread that is gone is skipped. Without the flag, no tid and no thread. */
static void test_build_threads(void **state)
{
	const char *root = *state;
	struct sv_procmap *m = NULL;
	struct sv_procmap_stats st;
	const struct sv_proc_ref *r;
	char path[512];
	uint16_t n = 0;

	mk_proc(root, 60, S("60 (sixty) S 1 60 60 0 -1"), 1);
	mk_fd(root, 60, 3, "socket:[600]");
	mkdir_at(root, "60/task");
	mkdir_at(root, "60/task/60"); /* the main thread: not walked again */
	mkdir_at(root, "60/task/60/fd");
	mk_file(root, "60/task/60/stat", "60 (other) S 1");
	snprintf(path, sizeof(path), "%s/60/task/60/fd/9", root);
	assert_int_equal(symlink("socket:[609]", path), 0);
	mkdir_at(root, "60/task/61");
	mkdir_at(root, "60/task/61/fd");
	mk_file(root, "60/task/61/stat", "61 (t61) S 1");
	snprintf(path, sizeof(path), "%s/60/task/61/fd/3", root);
	assert_int_equal(symlink("socket:[600]", path), 0);
	mkdir_at(root, "60/task/62");
	mkdir_at(root, "60/task/62/fd");
	mk_file(root, "60/task/62/stat", "62 (t 62) S 1");
	snprintf(path, sizeof(path), "%s/60/task/62/fd/4", root);
	assert_int_equal(symlink("socket:[601]", path), 0);
	mkdir_at(root, "60/task/63"); /* gone: no fd/ */

	assert_int_equal(sv_procmap_build_with(root, NULL, 0, SV_PROCMAP_THREADS, &m, &st), 0);
	r = sv_procmap_find(m, 600, &n);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].pid, 60);
	assert_int_equal(r[0].tid, 60);
	assert_string_equal(r[0].comm, "sixty");
	assert_int_equal(r[1].pid, 60);
	assert_int_equal(r[1].tid, 61);
	assert_string_equal(r[1].comm, "t61");
	assert_int_equal(r[1].fd, 3);
	r = sv_procmap_find(m, 601, &n);
	assert_int_equal(n, 1);
	assert_int_equal(r->tid, 62);
	assert_string_equal(r->comm, "t 62");
	assert_null(sv_procmap_find(m, 609, &n));
	assert_int_equal(st.vanished, 1);
	sv_procmap_free(m);

	assert_int_equal(sv_procmap_build_with(root, NULL, 0, 0, &m, &st), 0);
	r = sv_procmap_find(m, 600, &n);
	assert_int_equal(n, 1);
	assert_int_equal(r->tid, 0);
	assert_null(sv_procmap_find(m, 601, &n));
	sv_procmap_free(m);
}

/* Only wanted inodes are recorded, and stat is read only for processes
 * holding one: process 40 (no stat) is not even noticed. */
static void test_build_wanted(void **state)
{
	const char *root = *state;
	const uint32_t wanted[] = { 456, 999, 456 };
	struct sv_procmap *m = NULL;
	struct sv_procmap_stats st;
	uint16_t n;

	mk_standard_tree(root);
	assert_int_equal(sv_procmap_build(root, wanted, ARRAY_LEN(wanted), &m,
					  &st), 0);
	assert_int_equal(st.sockets, 1);
	assert_int_equal(st.vanished, 1); /* 30's fd dir only */
	assert_non_null(sv_procmap_find(m, 456, &n));
	assert_int_equal(n, 1);
	assert_null(sv_procmap_find(m, 123, &n));
	assert_null(sv_procmap_find(m, 999, &n));
	sv_procmap_free(m);

	/* nothing wanted: nothing scanned */
	assert_int_equal(sv_procmap_build(root, wanted, 0, &m, &st), 0);
	assert_int_equal(st.processes, 0);
	assert_null(sv_procmap_find(m, 456, &n));
	sv_procmap_free(m);
}

/* Many sockets and many holders (kept small: symlinks are slow to make on
 * some disks): 589 inodes, most held by several processes, each one's
 * holders gathered whole and in scan order once the table is made. */
static void test_build_many(void **state)
{
	const char *root = *state;
	struct sv_procmap *m = NULL;
	struct sv_procmap_stats st;
	char link[32];
	uint16_t n;

	for (unsigned p = 100; p < 112; p++) {
		mk_proc(root, p, S("1 (many) S"), 1);
		mk_fd(root, p, 0, "socket:[5]");
		for (int fd = 1; fd < 50; fd++) {
			snprintf(link, sizeof(link), "socket:[%u]",
				 p * 1000u + (unsigned)fd);
			mk_fd(root, p, fd, link);
		}
	}
	assert_int_equal(sv_procmap_build(root, NULL, 0, &m, &st), 0);
	assert_int_equal(st.sockets, 12 * 50);
	assert_non_null(sv_procmap_find(m, 5, &n));
	assert_int_equal(n, 12);
	for (unsigned p = 100; p < 112; p++)
		for (int fd = 1; fd < 50; fd++) {
			const struct sv_proc_ref *r =
				sv_procmap_find(m, p * 1000u + (unsigned)fd, &n);

			assert_non_null(r);
			assert_int_equal(n, 1);
			assert_int_equal(r->pid, p);
			assert_int_equal(r->fd, fd);
			assert_string_equal(r->comm, "many");
		}
	sv_procmap_free(m);
}

/* Bad roots and arguments. */
static void test_build_errors(void **state)
{
	const char *root = *state;
	struct sv_procmap *m = (struct sv_procmap *)1;
	char path[512];

	assert_int_equal(sv_procmap_build("/nonexistent/proc", NULL, 0, &m, NULL),
			 -ENOENT);
	assert_null(m);
	assert_int_equal(sv_procmap_build(root, NULL, 0, NULL, NULL), -EINVAL);
	snprintf(path, sizeof(path), "%s/file", root);
	close(open(path, O_WRONLY | O_CREAT, 0644));
	assert_int_equal(sv_procmap_build(path, NULL, 0, &m, NULL), -ENOTDIR);
	sv_procmap_free(NULL);
	assert_null(sv_procmap_find(NULL, 1, NULL));
}

/* The fake tree as an unprivileged user would see it. Returns 0 if the
 * unreadable fd directory was counted and the rest still mapped. */
static int denied_check(const char *root)
{
	struct sv_procmap *m = NULL;
	struct sv_procmap_stats st;
	uint16_t n = 0;
	int ok;

	if (sv_procmap_build(root, NULL, 0, &m, &st) != 0)
		return 1;
	ok = st.denied == 1 && st.processes == 2 &&
	     sv_procmap_find(m, 11, &n) != NULL && n == 1 &&
	     sv_procmap_find(m, 22, &n) == NULL;
	sv_procmap_free(m);
	return ok ? 0 : 2;
}

/* An fd directory that cannot be opened is counted in denied. Root ignores
 * the mode, so the check then runs as nobody in a child. */
static void test_build_denied(void **state)
{
	const char *root = *state;
	char path[512];
	pid_t pid;
	int status = 0;

	mk_proc(root, 1, S("1 (mine) S"), 1);
	mk_fd(root, 1, 3, "socket:[11]");
	mk_proc(root, 2, S("2 (theirs) S"), 1);
	mk_fd(root, 2, 3, "socket:[22]");
	snprintf(path, sizeof(path), "%s/2/fd", root);
	assert_int_equal(chmod(path, 0), 0);
	if (geteuid() != 0) {
		assert_int_equal(denied_check(root), 0);
		return;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(3);
		_exit(denied_check(root));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- the real /proc ---- */

/* Our own socket is found under our pid and fd, with our name, and, after
 * a fork, under the child too: every holder is listed. */
static void test_build_real_proc(void **state)
{
	int sock = socket(AF_INET, SOCK_STREAM, 0), pfd[2];
	struct sv_procmap *m = NULL;
	struct sv_procmap_stats st;
	const struct sv_proc_ref *r;
	char comm[16];
	struct stat sb;
	uint32_t ino;
	uint16_t n = 0;
	pid_t child;
	int self = 0, kid = 0;

	(void)state;
	assert_true(sock >= 0);
	assert_int_equal(fstat(sock, &sb), 0);
	ino = (uint32_t)sb.st_ino;
	{ /* our comm as the kernel has it (under valgrind it is not our name) */
		FILE *f = fopen("/proc/self/comm", "r");

		assert_non_null(f);
		assert_non_null(fgets(comm, sizeof(comm), f));
		fclose(f);
		comm[strcspn(comm, "\n")] = '\0';
	}
	assert_int_equal(pipe(pfd), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) { /* hold the socket until the parent closes the pipe */
		char c;

		close(pfd[1]);
		_exit(read(pfd[0], &c, 1) == 0 ? 0 : 1);
	}
	close(pfd[0]);
	assert_int_equal(sv_procmap_build("/proc", &ino, 1, &m, &st), 0);
	r = sv_procmap_find(m, ino, &n);
	assert_non_null(r);
	assert_int_equal(n, 2);
	for (uint16_t i = 0; i < n; i++) {
		self += r[i].pid == (uint32_t)getpid();
		kid += r[i].pid == (uint32_t)child;
		assert_int_equal(r[i].fd, sock);
		assert_int_equal(r[i].uid, geteuid());
		assert_string_equal(r[i].comm, comm);
	}
	assert_int_equal(self, 1);
	assert_int_equal(kid, 1);
	assert_int_equal(st.sockets, 2);
	sv_procmap_free(m);

	/* unfiltered: the same two, among everything else */
	assert_int_equal(sv_procmap_build("/proc", NULL, 0, &m, &st), 0);
	assert_non_null(sv_procmap_find(m, ino, &n));
	assert_int_equal(n, 2);
	assert_true(st.sockets >= 2 && st.processes >= 2);
	sv_procmap_free(m);
	close(pfd[1]);
	assert_int_equal(waitpid(child, NULL, 0), child);
	close(sock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_stat),
		cmocka_unit_test(test_parse_stat_truncation),
		cmocka_unit_test(test_parse_fdlink),
		cmocka_unit_test_setup_teardown(test_build_fake_tree, tree_setup,
						tree_teardown),
		cmocka_unit_test(test_parse_cgroup),
		cmocka_unit_test_setup_teardown(test_build_threads, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_build_wanted, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_build_many, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_build_errors, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_build_denied, tree_setup,
						tree_teardown),
		cmocka_unit_test(test_build_real_proc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
