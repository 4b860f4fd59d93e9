/* test_procmap_recs.c - cmocka suite for the process map's in-kernel pass:
 * the map built from records read as they come, over a fake /proc tree
 * (records cut by reads, EAGAIN, EINTR, errors, a stream ending inside a
 * record, the wanted inodes), and, as root in a build with libbpf, the
 * real pass against the /proc walk, and its own filter of wanted inodes. */
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/procmap.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A stream of bytes handed out in the sizes of steps[]; a negative step is
 * an errno returned once, 0 ends the script (then the stream's end). */
struct stream {
	const char *bytes;
	size_t len, off;
	const long *steps;
	size_t nsteps, step;
	int calls;
};

static ssize_t stream_read(void *ctx, void *buf, size_t len)
{
	struct stream *s = ctx;
	long step = s->step < s->nsteps ? s->steps[s->step++] : (long)len;
	size_t n;

	s->calls++;
	if (step < 0)
		return step;
	n = (size_t)step;
	if (n > len)
		n = len;
	if (n > s->len - s->off)
		n = s->len - s->off;
	memcpy(buf, s->bytes + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static void fill(struct sv_procmap_rec *r, size_t n)
{
	memset(r, 0, n * sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		r[i].pid = r[i].tid = (uint32_t)(100 + i / 3);
		r[i].fd = (int32_t)(3 + i % 3);
		r[i].inode = (uint32_t)(5000 + i);
		snprintf(r[i].comm, sizeof(r[i].comm), "p%u", (unsigned)(i / 3) % 1000);
	}
}

static int tree_setup(void **state)
{
	char *root = strdup("/tmp/test_procmap_recs.XXXXXX");

	if (!root || !mkdtemp(root))
		return -1;
	*state = root;
	return 0;
}

static int tree_teardown(void **state)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	free(*state);
	return system(cmd) == 0 ? 0 : -1;
}

/* A fake /proc with the pid directories 100..(100 + n / 3). */
static void make_pids(const char *root, size_t n)
{
	char path[512];

	for (size_t i = 0; i <= n / 3; i++) {
		snprintf(path, sizeof(path), "%s/%u", root, (unsigned)(100 + i));
		assert_int_equal(mkdir(path, 0755), 0);
	}
}

/* The map of records read as they come: cut anywhere by the reads, with
 * EAGAIN (the iterator's "a million objects visited, read again") and
 * EINTR between them, a process's records spread over several reads. */
static void test_read_cut_records(void **state)
{
	struct sv_procmap_rec in[10];
	const long steps[] = { 1, 7, -EAGAIN, 50, -EINTR, 3, 0 + 29, 200, -EAGAIN };
	struct stream s = { (const char *)in, sizeof(in), 0, steps, ARRAY_LEN(steps), 0, 0 };
	struct sv_procmap_req req = { .procroot = *state };
	struct sv_procmap_stats st;
	struct sv_procmap *m = NULL;

	fill(in, ARRAY_LEN(in));
	make_pids(*state, ARRAY_LEN(in));
	assert_int_equal(sv_procmap_recs_read(&req, stream_read, &s, &m, &st), 0);
	assert_int_equal(st.processes, 4);
	assert_int_equal(st.sockets, ARRAY_LEN(in));
	for (size_t i = 0; i < ARRAY_LEN(in); i++) {
		uint16_t n = 0;
		const struct sv_proc_ref *r = sv_procmap_find(m, in[i].inode, &n);

		assert_int_equal(n, 1);
		assert_int_equal(r->pid, in[i].pid);
		assert_int_equal(r->fd, in[i].fd);
		assert_string_equal(r->comm, in[i].comm);
	}
	assert_true(s.calls > (int)ARRAY_LEN(steps));
	sv_procmap_free(m);
}

/* Only the wanted inodes are recorded; a process holding none of them
 * costs no look at its /proc directory (none exists here). */
static void test_read_wanted(void **state)
{
	struct sv_procmap_rec in[9];
	const uint32_t wanted[] = { 5001, 5002, 9999 };
	struct stream s = { (const char *)in, sizeof(in), 0, NULL, 0, 0, 0 };
	struct sv_procmap_req req = { .procroot = *state, .wanted = wanted,
				      .nwanted = ARRAY_LEN(wanted) };
	struct sv_procmap_stats st;
	struct sv_procmap *m = NULL;
	char path[512];
	uint16_t n = 0;

	fill(in, ARRAY_LEN(in));
	snprintf(path, sizeof(path), "%s/100", (char *)*state);
	assert_int_equal(mkdir(path, 0755), 0); /* only the first holder's */
	assert_int_equal(sv_procmap_recs_read(&req, stream_read, &s, &m, &st), 0);
	assert_int_equal(st.processes, 3);
	assert_int_equal(st.fds, ARRAY_LEN(in));
	assert_int_equal(st.sockets, 2);
	assert_int_equal(st.vanished, 0);
	assert_non_null(sv_procmap_find(m, 5001, &n));
	assert_non_null(sv_procmap_find(m, 5002, &n));
	assert_null(sv_procmap_find(m, 5000, &n));
	assert_null(sv_procmap_find(m, 5003, &n));
	sv_procmap_free(m);
	/* nothing wanted: nothing recorded */
	s.off = 0;
	req.nwanted = 0;
	assert_int_equal(sv_procmap_recs_read(&req, stream_read, &s, &m, &st), 0);
	assert_int_equal(st.sockets, 0);
	sv_procmap_free(m);
}

/* An empty stream: an empty map, no error. */
static void test_read_empty(void **state)
{
	struct stream s = { "", 0, 0, NULL, 0, 0, 0 };
	struct sv_procmap_req req = { .procroot = *state };
	struct sv_procmap *m = NULL;
	uint16_t n = 9;

	assert_int_equal(sv_procmap_recs_read(&req, stream_read, &s, &m, NULL), 0);
	assert_non_null(m);
	assert_null(sv_procmap_find(m, 5000, &n));
	assert_int_equal(n, 0);
	sv_procmap_free(m);
}

/* A stream that ends inside a record, and one whose read fails: an error,
 * no map, nothing leaked; bad arguments. */
static void test_read_errors(void **state)
{
	struct sv_procmap_rec in[3];
	const long fail[] = { (long)sizeof(in[0]) + 5, -EIO };
	struct stream cut = { (const char *)in, sizeof(in) - 1, 0, NULL, 0, 0, 0 };
	struct stream bad = { (const char *)in, sizeof(in), 0, fail, ARRAY_LEN(fail), 0, 0 };
	struct sv_procmap_req req = { .procroot = *state };
	struct sv_procmap *m = (void *)&cut;

	fill(in, ARRAY_LEN(in));
	make_pids(*state, ARRAY_LEN(in));
	assert_int_equal(sv_procmap_recs_read(&req, stream_read, &cut, &m, NULL), -EBADMSG);
	assert_null(m);
	assert_int_equal(sv_procmap_recs_read(&req, stream_read, &bad, &m, NULL), -EIO);
	assert_null(m);
	assert_int_equal(sv_procmap_recs_read(NULL, stream_read, &bad, &m, NULL), -EINVAL);
	assert_int_equal(sv_procmap_recs_read(&req, NULL, &bad, &m, NULL), -EINVAL);
	req.procroot = "/nonexistent/proc";
	assert_int_equal(sv_procmap_recs_read(&req, stream_read, &bad, &m, NULL), -ENOENT);
}

/* /proc/sys/fs/file-nr's first number, which auto weighs. */
static void test_parse_filenr(void **state)
{
	static const struct { const char *text; int ret; uint64_t files; } cases[] = {
		{ "1234\t0\t9223372036854775807\n", 0, 1234 },
		{ "0\t0\t100\n", 0, 0 },
		{ "42", 0, 42 },
		{ "18446744073709551615 0 1\n", 0, UINT64_MAX - 0 },
		{ "18446744073709551616 0 1\n", -EINVAL, 0 }, /* past 64 bits */
		{ "", -EINVAL, 0 }, { "\t0\t1\n", -EINVAL, 0 }, { "12x\t0", -EINVAL, 0 },
		{ "-1\t0\t1", -EINVAL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		uint64_t files = 7;
		int ret = sv_procmap_parse_filenr(cases[i].text, strlen(cases[i].text), &files);

		if (ret != cases[i].ret || (ret == 0 && files != cases[i].files))
			fail_msg("'%s': %d %llu", cases[i].text, ret, (unsigned long long)files);
		if (ret != 0 && files != 7)
			fail_msg("'%s': written on failure", cases[i].text);
	}
}

static struct sv_procmap_rec rec(uint32_t pid, uint32_t tid, int32_t fd, uint32_t ino,
				 const char *comm)
{
	struct sv_procmap_rec r;

	memset(&r, 0, sizeof(r));
	r.pid = pid;
	r.tid = tid;
	r.fd = fd;
	r.inode = ino;
	memcpy(r.comm, comm, strnlen(comm, sizeof(r.comm)));
	return r;
}

/* The map from records: holders in the records' order, the uid the owner
 * of procroot/PID, a thread's own file table left out (as /proc/PID/fd), a
 * process gone from procroot skipped, a comm of 16 bytes without a NUL
 * kept whole. */
static void test_build_from_records(void **state)
{
	const char *root = *state;
	struct sv_procmap_rec r[7];
	struct stream s = { (const char *)r, sizeof(r), 0, NULL, 0, 0, 0 };
	struct sv_procmap_req req = { .procroot = root };
	struct sv_procmap *m = NULL;
	struct sv_procmap_stats st;
	const struct sv_proc_ref *ref;
	char path[512];
	struct stat sb;
	uint16_t n = 0;

	for (unsigned pid = 10; pid <= 20; pid += 10) {
		snprintf(path, sizeof(path), "%s/%u", root, pid);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	if (geteuid() == 0) {
		snprintf(path, sizeof(path), "%s/20", root);
		assert_int_equal(chown(path, 1234, 1234), 0);
	}
	r[0] = rec(10, 10, 3, 123, "ten");
	r[1] = rec(10, 11, 9, 999, "thread"); /* a thread with its own files */
	r[2] = rec(20, 20, 7, 123, "a) b");
	r[3] = rec(20, 20, 8, 456, "0123456789abcdef"); /* 16 bytes, no NUL */
	r[4] = rec(30, 30, 1, 789, "gone");   /* no /proc/30 */
	r[5] = rec(40, 41, 2, 555, "orphan"); /* its leader has ended */
	r[6] = rec(50, 50, -1, 556, "bad");   /* no fd number */
	assert_int_equal(sv_procmap_recs_read(&req, stream_read, &s, &m, &st), 0);
	assert_int_equal(st.sockets, 3);
	assert_int_equal(st.vanished, 1);
	assert_false(st.bpf); /* only sv_procmap_build_src says which source */

	ref = sv_procmap_find(m, 123, &n);
	assert_int_equal(n, 2);
	assert_int_equal(ref[0].pid, 10);
	assert_int_equal(ref[0].fd, 3);
	assert_string_equal(ref[0].comm, "ten");
	assert_int_equal(ref[1].pid, 20);
	assert_int_equal(ref[1].fd, 7);
	assert_string_equal(ref[1].comm, "a) b"); /* the first record's */
	snprintf(path, sizeof(path), "%s/20", root);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(ref[1].uid, sb.st_uid);
	ref = sv_procmap_find(m, 456, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ref->fd, 8);
	for (uint32_t ino = 500; ino < 1000; ino++)
		if (ino != 456)
			assert_null(sv_procmap_find(m, ino, &n));
	sv_procmap_free(m);
}

/* A map from src (families, wanted: as sv_procmap_req), or its error. */
static int map_from(enum sv_procsrc src, const char *root, uint64_t families,
		    const uint32_t *wanted, size_t nwanted, struct sv_procmap **m,
		    struct sv_procmap_stats *st)
{
	struct sv_procmap_req req = { .src = src, .procroot = root, .families = families,
				      .wanted = wanted, .nwanted = nwanted };
	int err = 0;

	sv_procmap_free(*m);
	*m = NULL;
	return sv_procmap_build_src(&req, m, st, &err);
}

/* The pass's own filter: asked for one inode, it writes that socket's
 * record and only records whose bit in the filter is the same. */
static void check_pass_filter(uint32_t ino)
{
	struct sv_procmap_pass *pass = NULL;
	struct sv_procmap_rec r[64];
	size_t found = 0, total = 0;
	ssize_t n;

	assert_int_equal(sv_procmap_bpf_open(0, &ino, 1, &pass), 0);
	while ((n = sv_procmap_bpf_read(pass, r, sizeof(r))) != 0) {
		if (n == -EAGAIN || n == -EINTR)
			continue;
		assert_true(n > 0 && n % sizeof(r[0]) == 0);
		for (size_t i = 0; i < (size_t)n / sizeof(r[0]); i++) {
			assert_int_equal(SV_PROCMAP_WANT_BIT(r[i].inode), SV_PROCMAP_WANT_BIT(ino));
			found += r[i].inode == ino;
			total++;
		}
	}
	assert_int_equal(found, 1);
	assert_true(total < 64);
	sv_procmap_bpf_close(pass);
}

/* The real pass (root, a build with libbpf): it finds this process's own
 * socket with the same holder as the /proc walk, all of them or only the
 * wanted ones; PROC_ROOT-like roots and a build without libbpf go to /proc
 * under auto and fail under bpf. */
static void test_real_pass(void **state)
{
	struct sv_procmap *mb = NULL, *mp = NULL;
	struct sv_procmap_stats sb, sp;
	const struct sv_proc_ref *rb, *rp;
	uint16_t nb = 0, np = 0;
	struct stat st, st2;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), fd2 = socket(AF_INET, SOCK_DGRAM, 0);
	uint32_t ino;

	(void)state;
	assert_true(fd >= 0 && fd2 >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(fstat(fd2, &st2), 0);
	ino = (uint32_t)st.st_ino;
	assert_int_equal(map_from(SV_PROCSRC_PROC, "/proc", 0, NULL, 0, &mp, &sp), 0);
	assert_false(sp.bpf);
	rp = sv_procmap_find(mp, ino, &np);
	assert_int_equal(np, 1);
	assert_int_equal(rp->pid, (uint32_t)getpid());
	if (!sv_procmap_bpf_built()) {
		assert_int_equal(map_from(SV_PROCSRC_BPF, "/proc", 0, NULL, 0, &mb, &sb),
				 -EOPNOTSUPP);
		puts("# the in-kernel pass: not in this build (no libbpf)");
		goto out;
	}
	/* a root that is not the host's /proc: not the kernel's pids */
	assert_int_equal(map_from(SV_PROCSRC_BPF, "/tmp", 0, NULL, 0, &mb, &sb), -EXDEV);
	if (geteuid() != 0) {
		if (getenv("CI") && strcmp(getenv("CI"), "true") == 0)
			fail_msg("the in-kernel pass needs root, and CI=true");
		puts("# SKIP the real in-kernel pass: needs root");
		goto out;
	}
	assert_int_equal(map_from(SV_PROCSRC_BPF, "/proc", 0, NULL, 0, &mb, &sb), 0);
	assert_true(sb.bpf);
	rb = sv_procmap_find(mb, ino, &nb);
	assert_int_equal(nb, 1);
	assert_int_equal(rb->pid, rp->pid);
	assert_int_equal(rb->fd, fd);
	assert_int_equal(rb->fd, rp->fd);
	assert_int_equal(rb->uid, rp->uid);
	assert_string_equal(rb->comm, rp->comm);
	/* the families asked for: an IPv4 socket is among AF_INET's, not among
	 * AF_UNIX's */
	assert_int_equal(map_from(SV_PROCSRC_BPF, "/proc", 1ull << AF_INET, NULL, 0, &mb, &sb), 0);
	assert_non_null(sv_procmap_find(mb, ino, &nb));
	assert_int_equal(map_from(SV_PROCSRC_BPF, "/proc", 1ull << AF_UNIX, NULL, 0, &mb, &sb), 0);
	assert_null(sv_procmap_find(mb, ino, &nb));
	/* the wanted inodes: this one, not the other socket, by both sources */
	for (enum sv_procsrc src = SV_PROCSRC_BPF; src <= SV_PROCSRC_PROC; src++) {
		assert_int_equal(map_from(src, "/proc", 0, &ino, 1, &mb, &sb), 0);
		assert_int_equal(sb.bpf, src == SV_PROCSRC_BPF);
		assert_int_equal(sb.sockets, 1);
		rb = sv_procmap_find(mb, ino, &nb);
		assert_int_equal(nb, 1);
		assert_int_equal(rb->fd, fd);
		assert_null(sv_procmap_find(mb, (uint32_t)st2.st_ino, &nb));
	}
	check_pass_filter(ino);
out:
	sv_procmap_free(mb);
	sv_procmap_free(mp);
	close(fd);
	close(fd2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read_cut_records, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_read_wanted, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_read_empty, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_read_errors, tree_setup, tree_teardown),
		cmocka_unit_test(test_parse_filenr),
		cmocka_unit_test_setup_teardown(test_build_from_records, tree_setup,
						tree_teardown),
		cmocka_unit_test(test_real_pass),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
