/* test_procmap_ctx.c - cmocka suite for -Z and -z: SELinux contexts read
 * by the process scan (a fake /proc tree: attr/current files, and socket
 * fds whose links lead to files carrying a security.selinux attribute),
 * their parser, the Process text as ss prints it and the JSON members, and
 * libselinux's rule for "enabled". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "sockview/format.h"
#include "sockview/format_json.h"
#include "sockview/procmap.h"
#include "sockview/selinux.h"

static void put(const char *root, const char *rel, const char *data, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void dir(const char *root, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static void link_at(const char *root, const char *rel, const char *target)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(symlink(target, path), 0);
}

static int setup(void **state)
{
	char *root = strdup("/tmp/test_procmap_ctx.XXXXXX");

	if (!root || !mkdtemp(root))
		return -1;
	*state = root;
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	free(*state);
	return system(cmd) == 0 ? 0 : -1;
}

#define CTX_SSHD "system_u:system_r:sshd_t:s0-s0:c0.c1023"
#define CTX_SOCK "system_u:system_r:sshd_t:s0"

/* Process 10 has a context and its socket fd 3 one too (the fd's link
 * "socket:[555]" leads, relative to fd/, to a file of that name carrying
 * the attribute: the scan skips it, its name is not a number); process 20
 * has neither: both "unavailable", as ss prints them. Returns false when
 * this file system takes no security.selinux attribute. */
static bool mk_tree(const char *root)
{
	char path[512];

	dir(root, "10");
	dir(root, "10/fd");
	dir(root, "10/attr");
	put(root, "10/stat", "10 (sshd) S 1", 13);
	put(root, "10/attr/current", CTX_SSHD "\0", sizeof(CTX_SSHD));
	put(root, "10/fd/socket:[555]", "", 0);
	link_at(root, "10/fd/3", "socket:[555]");
	snprintf(path, sizeof(path), "%s/10/fd/socket:[555]", root);
	if (setxattr(path, "security.selinux", CTX_SOCK, sizeof(CTX_SOCK), 0) != 0)
		return false;
	dir(root, "20");
	dir(root, "20/fd");
	put(root, "20/stat", "20 (client) S 1", 15);
	link_at(root, "20/fd/4", "socket:[555]"); /* dangling: no attribute */
	link_at(root, "20/fd/5", "socket:[777]");
	return true;
}

static const struct sv_proc_ref *of_pid(const struct sv_proc_ref *r, uint16_t n,
					uint32_t pid)
{
	for (uint16_t i = 0; i < n; i++)
		if (r[i].pid == pid)
			return &r[i];
	fail_msg("no holder with pid %u", pid);
	return NULL;
}

static void test_scan_contexts(void **state)
{
	const char *root = *state;
	const struct sv_proc_ref *r, *p;
	struct sv_procmap *m = NULL;
	uint16_t n;

	if (!mk_tree(root)) {
		print_message("skipped: no security.* attributes on %s\n", root);
		skip();
	}
	/* without flags: no contexts */
	assert_int_equal(sv_procmap_build(root, NULL, 0, &m, NULL), 0);
	r = sv_procmap_find(m, 555, &n);
	assert_int_equal(n, 2);
	assert_null(r[0].proc_ctx);
	assert_null(r[0].sock_ctx);
	sv_procmap_free(m);
	/* -Z */
	assert_int_equal(sv_procmap_build_with(root, NULL, 0, SV_PROCMAP_PROC_CTX, &m, NULL), 0);
	r = sv_procmap_find(m, 555, &n);
	p = of_pid(r, n, 10);
	assert_string_equal(p->proc_ctx, CTX_SSHD);
	assert_null(p->sock_ctx);
	assert_string_equal(of_pid(r, n, 20)->proc_ctx, "unavailable");
	sv_procmap_free(m);
	/* -z */
	assert_int_equal(sv_procmap_build_with(root, NULL, 0,
					       SV_PROCMAP_PROC_CTX | SV_PROCMAP_SOCK_CTX,
					       &m, NULL), 0);
	r = sv_procmap_find(m, 555, &n);
	p = of_pid(r, n, 10);
	assert_string_equal(p->proc_ctx, CTX_SSHD);
	assert_string_equal(p->sock_ctx, CTX_SOCK);
	assert_string_equal(p->comm, "sshd");
	p = of_pid(r, n, 20);
	assert_string_equal(p->proc_ctx, "unavailable");
	assert_string_equal(p->sock_ctx, "unavailable");
	r = sv_procmap_find(m, 777, &n);
	assert_int_equal(n, 1);
	assert_string_equal(r->sock_ctx, "unavailable");
	sv_procmap_free(m);
}

/* The context parser: up to the first NUL, as libselinux; empty is none. */
static void test_parse_context(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(sv_procmap_parse_context("abc\0def", 7, out, sizeof(out)), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(sv_procmap_parse_context("abc", 3, out, sizeof(out)), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(sv_procmap_parse_context("", 0, out, sizeof(out)), -EINVAL);
	assert_string_equal(out, "");
	assert_int_equal(sv_procmap_parse_context("\0abc", 4, out, sizeof(out)), -EINVAL);
	assert_int_equal(sv_procmap_parse_context("0123456789abcdefXYZ", 19, out, sizeof(out)), 15);
	assert_string_equal(out, "0123456789abcde");
	assert_int_equal(sv_procmap_parse_context("abc", 3, out, 0), -EINVAL);
	assert_int_equal(sv_procmap_parse_context("abc\n", 4, out, sizeof(out)), 4);
}

/* ss's text: ("comm",pid=N,proc_ctx=C,fd=N) with -Z, then ,sock_ctx=C
 * with -z; a context is escaped. JSON gets proc_ctx and sock_ctx. */
static void test_users_text(void **state)
{
	struct sv_proc_ref refs[2] = {
		{ .pid = 10, .fd = 3, .comm = "sshd", .proc_ctx = CTX_SSHD, .sock_ctx = CTX_SOCK },
		{ .pid = 20, .fd = 4, .comm = "c", .proc_ctx = "x\x1b[1m", .sock_ctx = NULL },
	};
	struct sv_sock s = { .table = SV_TABLE_TCP, .family = 2, .procs = refs, .nprocs = 1 };
	struct sv_json_opts jo = { .lines = true, .processes = true };
	struct sv_json_fmt *jf;
	char out[1024], *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	sv_format_cells_users(out, sizeof(out), &s);
	assert_string_equal(out, "users:((\"sshd\",pid=10,proc_ctx=" CTX_SSHD ",fd=3,sock_ctx="
				 CTX_SOCK "))");
	s.procs = &refs[1];
	sv_format_cells_users(out, sizeof(out), &s);
	assert_string_equal(out, "users:((\"c\",pid=20,proc_ctx=x\\x1b[1m,fd=4))");
	refs[0].proc_ctx = refs[0].sock_ctx = NULL;
	s.procs = refs;
	sv_format_cells_users(out, sizeof(out), &s);
	assert_string_equal(out, "users:((\"sshd\",pid=10,fd=3))");

	refs[0].proc_ctx = CTX_SSHD;
	refs[0].sock_ctx = CTX_SOCK;
	f = open_memstream(&buf, &len);
	assert_int_equal(sv_format_json_new(f, &jo, &jf), 0);
	assert_int_equal(sv_format_json_row(jf, &s), 0);
	assert_int_equal(sv_format_json_finish(jf), 0);
	sv_format_json_free(jf);
	fclose(f);
	assert_non_null(strstr(buf, "\"users\":[{\"name\":\"sshd\",\"pid\":10,\"fd\":3,\"uid\":0,"
				    "\"proc_ctx\":\"" CTX_SSHD "\",\"sock_ctx\":\"" CTX_SOCK "\"}]"));
	free(buf);
}

/* libselinux's rule; and this test tree is no selinuxfs. */
static void test_enabled_rule(void **state)
{
	const char *root = *state;
	char cfg[512];

	assert_true(sv_selinux_decide(true, false, true));
	assert_false(sv_selinux_decide(true, true, true)); /* read-only: containers */
	assert_false(sv_selinux_decide(true, false, false)); /* no config */
	assert_false(sv_selinux_decide(false, false, true));
	snprintf(cfg, sizeof(cfg), "%s/config", root);
	put(root, "config", "SELINUX=enforcing\n", 18);
	assert_false(sv_selinux_enabled(root, cfg)); /* a directory, not selinuxfs */
	assert_false(sv_selinux_enabled("/nonexistent/selinux", cfg));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scan_contexts, setup, teardown),
		cmocka_unit_test(test_parse_context),
		cmocka_unit_test(test_users_text),
		cmocka_unit_test_setup_teardown(test_enabled_rule, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
