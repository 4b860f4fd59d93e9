/* test_sysctl.c - cmocka suite for net.ipv4.ip_local_port_range: the text
 * parser and the reader with a temporary directory as procroot. */
#define _GNU_SOURCE /* setresuid */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/wait.h>
#include <unistd.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/sysctl.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define REL "sys/net/ipv4/ip_local_port_range"

struct range_case {
	const char *text;
	int ret;
	uint16_t lo, hi;
};

static const struct range_case cases[] = {
	/* as the kernel writes it */
	{ "32768\t60999\n", 0, 32768, 60999 },
	{ "32768\t60999", 0, 32768, 60999 },
	/* spaces */
	{ "32768 60999\n", 0, 32768, 60999 },
	{ "  1024   65535  \n", 0, 1024, 65535 },
	{ "\t1024\t \t2048\t\n\n", 0, 1024, 2048 },
	{ "1 1", 0, 1, 1 },
	{ "0 0", 0, 0, 0 },
	{ "65535 65535", 0, 65535, 65535 },
	{ "0032768 060999", 0, 32768, 60999 },
	/* missing second number */
	{ "32768", -EINVAL, 0, 0 },
	{ "32768\t", -EINVAL, 0, 0 },
	{ "32768\n", -EINVAL, 0, 0 },
	{ "32768\n60999\n", -EINVAL, 0, 0 },
	/* lo > hi */
	{ "60999 32768", -EINVAL, 0, 0 },
	{ "2 1", -EINVAL, 0, 0 },
	/* out of range */
	{ "70000 80000", -EINVAL, 0, 0 },
	{ "1024 70000", -EINVAL, 0, 0 },
	{ "65536 65536", -EINVAL, 0, 0 },
	{ "99999999999999999999 1", -EINVAL, 0, 0 },
	/* trailing junk */
	{ "32768 60999 x", -EINVAL, 0, 0 },
	{ "32768 60999 1", -EINVAL, 0, 0 },
	{ "32768 60999x", -EINVAL, 0, 0 },
	{ "32768x 60999", -EINVAL, 0, 0 },
	{ "32768 60999\n#", -EINVAL, 0, 0 },
	{ "32768,60999", -EINVAL, 0, 0 },
	/* not numbers */
	{ "-1 5", -EINVAL, 0, 0 },
	{ "+1 5", -EINVAL, 0, 0 },
	{ "0x10 0x20", -EINVAL, 0, 0 },
	{ "abc def", -EINVAL, 0, 0 },
	/* empty */
	{ "", -EINVAL, 0, 0 },
	{ "\n", -EINVAL, 0, 0 },
	{ "   ", -EINVAL, 0, 0 },
};

/* The text in an exact-size heap block (no NUL): ASan sees any read past
 * len. */
static int parse_exact(const char *text, size_t len, uint16_t *lo, uint16_t *hi)
{
	char *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, text, len);
	ret = sv_sysctl_parse_port_range(copy, len, lo, hi);
	free(copy);
	return ret;
}

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct range_case *c = &cases[i];
		uint16_t lo = 7, hi = 9;
		int ret = parse_exact(c->text, strlen(c->text), &lo, &hi);

		if (ret != c->ret)
			fail_msg("\"%s\": %d, want %d", c->text, ret, c->ret);
		if (ret == 0 && (lo != c->lo || hi != c->hi))
			fail_msg("\"%s\": %u-%u, want %u-%u", c->text, lo, hi, c->lo,
				 c->hi);
		if (ret != 0 && (lo != 7 || hi != 9))
			fail_msg("\"%s\": outputs changed on error", c->text);
	}
}

/* len is obeyed: a NUL is not needed and bytes after len are not read. */
static void test_parse_len(void **state)
{
	uint16_t lo = 0, hi = 0;

	(void)state;
	assert_int_equal(parse_exact("1 60999", 4, &lo, &hi), 0);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 60);
	assert_int_equal(parse_exact("32768 60999 junk", 11, &lo, &hi), 0);
	assert_int_equal(hi, 60999);
	assert_int_equal(parse_exact("32768 60999", 5, &lo, &hi), -EINVAL);
	assert_int_equal(parse_exact("32768 60999", 0, &lo, &hi), -EINVAL);
	/* an embedded NUL is not white space */
	assert_int_equal(parse_exact("1 2\0", 4, &lo, &hi), -EINVAL);
}

/* ---- reading from a procroot ------------------------------------------ */

struct root {
	char dir[64];
	char file[128];
};

static int setup_root(void **state)
{
	struct root *r = calloc(1, sizeof(*r));
	char p[128];

	if (!r)
		return -1;
	strcpy(r->dir, "/tmp/sv_test_sysctl_XXXXXX");
	if (!mkdtemp(r->dir))
		return -1;
	snprintf(p, sizeof(p), "%s/sys", r->dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sys/net", r->dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sys/net/ipv4", r->dir);
	if (mkdir(p, 0755) != 0)
		return -1;
	snprintf(r->file, sizeof(r->file), "%s/%s", r->dir, REL);
	*state = r;
	return 0;
}

static int teardown_root(void **state)
{
	struct root *r = *state;
	char p[128];

	chmod(r->file, 0644);
	unlink(r->file);
	rmdir(r->file); /* when a test made it a directory */
	snprintf(p, sizeof(p), "%s/sys/net/ipv4", r->dir);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/sys/net", r->dir);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/sys", r->dir);
	rmdir(p);
	rmdir(r->dir);
	free(r);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static void test_read(void **state)
{
	struct root *r = *state;
	uint16_t lo = 0, hi = 0;

	write_file(r->file, "40000\t50000\n");
	assert_int_equal(sv_sysctl_read_port_range(r->dir, &lo, &hi), 0);
	assert_int_equal(lo, 40000);
	assert_int_equal(hi, 50000);
}

static void test_read_missing_file(void **state)
{
	struct root *r = *state;
	uint16_t lo = 1, hi = 2;

	assert_int_equal(sv_sysctl_read_port_range(r->dir, &lo, &hi), -ENOENT);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 2);
	assert_int_equal(sv_sysctl_read_port_range("/nonexistent/sv/proc", &lo,
						   &hi), -ENOENT);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 2);
}

static void test_read_bad_content(void **state)
{
	static const char *const bad[] = { "", "junk\n", "60999\t32768\n",
					   "32768\n", "1 2 3\n" };
	struct root *r = *state;

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		uint16_t lo = 1, hi = 2;

		write_file(r->file, bad[i]);
		assert_int_equal(sv_sysctl_read_port_range(r->dir, &lo, &hi),
				 -EINVAL);
		assert_int_equal(lo, 1);
		assert_int_equal(hi, 2);
	}
}

static void test_read_directory(void **state)
{
	struct root *r = *state;
	uint16_t lo = 1, hi = 2;

	assert_int_equal(mkdir(r->file, 0755), 0);
	assert_int_equal(sv_sysctl_read_port_range(r->dir, &lo, &hi), -EISDIR);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 2);
}

static void test_read_unreadable(void **state)
{
	struct root *r = *state;
	uint16_t lo = 1, hi = 2;

	write_file(r->file, "40000\t50000\n");
	assert_int_equal(chmod(r->file, 0), 0);
	if (geteuid() == 0) {
		/* root reads anything: check as nobody, in a child */
		pid_t pid = fork();
		int status = 0;

		assert_true(pid >= 0);
		if (pid == 0) {
			if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
				_exit(3);
			_exit(sv_sysctl_read_port_range(r->dir, &lo, &hi) == -EACCES &&
			      lo == 1 ? 0 : 1);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
		return;
	}
	assert_int_equal(sv_sysctl_read_port_range(r->dir, &lo, &hi), -EACCES);
	assert_int_equal(lo, 1);
}

/* The real one, when there is one. */
static void test_read_proc(void **state)
{
	uint16_t lo = 0, hi = 0;

	(void)state;
	if (access("/proc/" REL, R_OK) != 0)
		skip();
	assert_int_equal(sv_sysctl_read_port_range("/proc", &lo, &hi), 0);
	assert_true(lo <= hi);
	assert_true(lo > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_len),
		cmocka_unit_test_setup_teardown(test_read, setup_root, teardown_root),
		cmocka_unit_test_setup_teardown(test_read_missing_file, setup_root,
						teardown_root),
		cmocka_unit_test_setup_teardown(test_read_bad_content, setup_root,
						teardown_root),
		cmocka_unit_test_setup_teardown(test_read_directory, setup_root,
						teardown_root),
		cmocka_unit_test_setup_teardown(test_read_unreadable, setup_root,
						teardown_root),
		cmocka_unit_test(test_read_proc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
