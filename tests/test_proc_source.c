/* test_proc_source.c - cmocka suite for the /proc/net source, on files in a
 * temporary directory standing for /proc: requests answered through
 * sv_collect_dump, ss's variables naming other files, a missing IPv6 file,
 * files that cannot be opened or read, malformed lines (the good rows still
 * delivered), requests it cannot answer, the early stop of a look for TCP
 * listeners, and which tables ss's variables move to /proc. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/proc_source.h"
#include "sockview/tables.h"

#define HDR "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when " \
	    "retrnsmt   uid  timeout inode\n"
#define L(n, port, st, ino)                                                    \
	"  " #n ": 0100007F:" port " 00000000:0000 " st " 00000000:00000000 "  \
	"00:00000000 00000000     0        0 " #ino " 1 0000000000000000 100 0 0 10 0\n"
#define HDR6 "  sl  local_address                         remote_address    " \
	     "                    st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
#define L6(n, st, ino)                                                         \
	"  " #n ": 00000000000000000000000001000000:0016 "                    \
	"00000000000000000000000000000000:0000 " st " 00000000:00000000 "      \
	"00:00000000 00000000     0        0 " #ino " 1 0000000000000000\n"

/* The variables a test sets. */
struct env {
	const char *names[4];
	const char *values[4];
};

static const char *fake_env(void *ctx, const char *name)
{
	const struct env *e = ctx;

	for (size_t i = 0; i < 4 && e->names[i]; i++)
		if (strcmp(e->names[i], name) == 0)
			return e->values[i];
	return NULL;
}

struct fixture {
	struct env test_env;
	char dir[64];
	char path[128];
	struct sv_proc_source *p;
	struct sv_source src;
};

static void put(struct fixture *f, const char *rel, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", f->dir, rel);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char net[96];

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/sv-procsrc-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(net, sizeof(net), "%s/net", f->dir);
	assert_int_equal(mkdir(net, 0755), 0);
	assert_int_equal(sv_proc_source_new(f->dir, fake_env, &f->test_env, 100, &f->p), 0);
	f->src = sv_proc_source(f->p);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	sv_proc_source_free(f->p);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

struct got {
	uint32_t inode[16];
	size_t n;
	int fail;
};

static int cb(const struct sv_sock *s, void *data)
{
	struct got *g = data;

	if (g->fail)
		return g->fail;
	assert_true(g->n < 16);
	assert_true(s->have & SV_FROM_PROCNET);
	g->inode[g->n++] = s->inode;
	return 0;
}

static int ask(struct fixture *f, enum sv_table t, int family, enum sv_dump_kind kind,
	       uint32_t states, struct got *g, char *err, size_t errlen)
{
	struct sv_dump_req req = { .table = t, .family = family, .states = states,
				   .kind = kind };

	err[0] = '\0';
	return sv_collect_dump(&f->src, &req, cb, g, err, errlen);
}

/* Rows in the file's order, in the states asked; the family's own file. */
static void test_rows(void **state)
{
	struct fixture *f = *state;
	struct got g = { 0 };
	char err[512];

	put(f, "net/tcp", HDR L(0, "0016", "0A", 11) L(1, "0016", "01", 12)
			  L(2, "0050", "01", 13));
	put(f, "net/tcp6", HDR6 L6(0, "0A", 21));
	assert_false(f->src.kernel);
	assert_int_equal(ask(f, SV_TABLE_TCP, AF_INET, SV_DUMP_ROWS,
			     1u << SV_STATE_ESTABLISHED, &g, err, sizeof(err)), 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.inode[0], 12);
	assert_int_equal(g.inode[1], 13);
	g.n = 0;
	assert_int_equal(ask(f, SV_TABLE_TCP, AF_INET6, SV_DUMP_ROWS, SV_STATES_ALL, &g,
			     err, sizeof(err)), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.inode[0], 21);
	/* a family the table has no file for: no sockets */
	g.n = 0;
	assert_int_equal(ask(f, SV_TABLE_TCP, AF_UNIX, SV_DUMP_ROWS, SV_STATES_ALL, &g,
			     err, sizeof(err)), 0);
	assert_int_equal(g.n, 0);
}

/* Listeners of TCP: the kernel lists them first, so the read stops at the
 * first other line (the malformed one after it is never read); UDP's
 * serving sockets are anywhere in its file. */
static void test_listeners(void **state)
{
	struct fixture *f = *state;
	struct got g = { 0 };
	char err[512];

	put(f, "net/tcp", HDR L(0, "0016", "0A", 11) L(1, "0016", "01", 12) "junk\n");
	put(f, "net/udp", HDR L(0, "0035", "01", 31) L(1, "0035", "07", 32) "junk\n");
	assert_int_equal(ask(f, SV_TABLE_TCP, AF_INET, SV_DUMP_LISTENERS,
			     1u << SV_STATE_LISTEN, &g, err, sizeof(err)), 0);
	assert_int_equal(g.n, 1);
	g.n = 0;
	assert_int_equal(ask(f, SV_TABLE_UDP, AF_INET, SV_DUMP_LISTENERS,
			     1u << SV_STATE_CLOSE, &g, err, sizeof(err)), -EBADMSG);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.inode[0], 32);
	assert_non_null(strstr(err, "/net/udp line 4: 1 column"));
	/* rows are read to the end */
	g.n = 0;
	assert_int_equal(ask(f, SV_TABLE_TCP, AF_INET, SV_DUMP_ROWS, 1u << SV_STATE_LISTEN,
			     &g, err, sizeof(err)), -EBADMSG);
	assert_int_equal(g.n, 1);
}

/* ss's variables: PROC_NET_TCP names the file itself; a missing IPv6 file
 * is a kernel without IPv6, unless a variable named it. */
static void test_env_files(void **state)
{
	struct fixture *f = *state;
	struct got g = { 0 };
	char err[512], other[128];

	put(f, "other", HDR L(0, "0016", "01", 41));
	snprintf(other, sizeof(other), "%s/other", f->dir);
	f->test_env = (struct env){ { "PROC_NET_TCP" }, { other } };
	assert_int_equal(sv_proc_source_path(f->p, SV_TABLE_TCP, AF_INET, f->path,
					     sizeof(f->path)), 0);
	assert_string_equal(f->path, other);
	assert_int_equal(ask(f, SV_TABLE_TCP, AF_INET, SV_DUMP_ROWS, SV_STATES_ALL, &g, err,
			     sizeof(err)), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.inode[0], 41);
	/* no net/tcp6 under the root: quietly nothing */
	assert_int_equal(ask(f, SV_TABLE_TCP, AF_INET6, SV_DUMP_ROWS, SV_STATES_ALL, &g,
			     err, sizeof(err)), 0);
	assert_string_equal(err, "");
	/* a variable naming a missing file: an error */
	f->test_env = (struct env){ { "PROC_NET_TCP6" }, { "/nonexistent/tcp6" } };
	assert_int_equal(ask(f, SV_TABLE_TCP, AF_INET6, SV_DUMP_ROWS, SV_STATES_ALL, &g,
			     err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "cannot open /nonexistent/tcp6: No such file or directory");
	/* a missing IPv4 file is an error */
	memset(&f->test_env, 0, sizeof(f->test_env));
	assert_int_equal(ask(f, SV_TABLE_UDP, AF_INET, SV_DUMP_ROWS, SV_STATES_ALL, &g,
			     err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "/net/udp: No such file or directory"));
	assert_int_equal(strncmp(err, "cannot open /tmp/sv-procsrc-", 28), 0);
}

/* What cannot be read, and what cannot be answered. */
static void test_errors(void **state)
{
	struct fixture *f = *state;
	struct got g = { 0 };
	char err[512], dir[128], odd[128];
	char *longname = malloc(5000);

	assert_non_null(longname);
	snprintf(dir, sizeof(dir), "%s/net/tcp", f->dir);
	assert_int_equal(mkdir(dir, 0755), 0); /* read() says EISDIR */
	assert_int_equal(ask(f, SV_TABLE_TCP, AF_INET, SV_DUMP_ROWS, SV_STATES_ALL, &g, err,
			     sizeof(err)), -EISDIR);
	assert_non_null(strstr(err, "/net/tcp after line 0: Is a directory"));
	assert_int_equal(strncmp(err, "reading /tmp/", 13), 0);
	/* a file name a terminal must not see raw */
	snprintf(odd, sizeof(odd), "%s/\x1b[2J", f->dir);
	f->test_env = (struct env){ { "PROC_NET_UDP" }, { odd } };
	assert_int_equal(ask(f, SV_TABLE_UDP, AF_INET, SV_DUMP_ROWS, SV_STATES_ALL, &g, err,
			     sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "/\\x1b[2J: No such file"));
	assert_null(strchr(err, '\x1b'));
	/* a name too long for a path */
	memset(longname, 'a', 4999);
	longname[4999] = '\0';
	f->test_env = (struct env){ { "PROC_NET_UDP" }, { longname } };
	assert_int_equal(ask(f, SV_TABLE_UDP, AF_INET, SV_DUMP_ROWS, SV_STATES_ALL, &g, err,
			     sizeof(err)), -ENAMETOOLONG);
	free(longname);
	/* the autobound connections: only sock_diag's bytecode knows them */
	assert_int_equal(ask(f, SV_TABLE_TCP, AF_INET, SV_DUMP_AUTOBOUND, SV_STATES_ALL, &g,
			     err, sizeof(err)), -EOPNOTSUPP);
	assert_non_null(strstr(err, "bound automatically"));
	/* no such table */
	assert_int_equal(ask(f, SV_TABLE_MAX, AF_INET, SV_DUMP_ROWS, SV_STATES_ALL, &g,
			     err, sizeof(err)), -EOPNOTSUPP);
	assert_int_equal(g.n, 0);
}

/* The callback's error comes back as is, with err empty. */
static void test_callback_error(void **state)
{
	struct fixture *f = *state;
	struct got g = { .fail = -EPIPE };
	char err[512];

	put(f, "net/udp", HDR L(0, "0035", "07", 31));
	assert_int_equal(ask(f, SV_TABLE_UDP, AF_INET, SV_DUMP_ROWS, SV_STATES_ALL, &g, err,
			     sizeof(err)), -EPIPE);
	assert_string_equal(err, "");
}

/* Another table's file under a variable: refused at its header. */
static void test_wrong_file(void **state)
{
	struct fixture *f = *state;
	struct got g = { 0 };
	char err[512];

	put(f, "net/udp", "Num       RefCount Protocol Flags    Type St Inode Path\n"
			  "0000000000000000: 00000002 00000000 00000000 0002 01 1 /x\n");
	assert_int_equal(ask(f, SV_TABLE_UDP, AF_INET, SV_DUMP_ROWS, SV_STATES_ALL, &g, err,
			     sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "/net/udp line 1: the header starts with 'Num', not 'sl'"));
	assert_int_equal(g.n, 0);
}

/* Which tables ss would read from /proc because of its variables. */
static void test_env_tables(void **state)
{
	const uint32_t tcp = 1u << SV_TABLE_TCP, udp = 1u << SV_TABLE_UDP;
	const uint32_t unx = 1u << SV_TABLE_UNIX_STREAM | 1u << SV_TABLE_UNIX_DGRAM |
			     1u << SV_TABLE_UNIX_SEQPACKET;
	const uint32_t all = tcp | udp | unx | 1u << SV_TABLE_RAW |
			     1u << SV_TABLE_PACKET_RAW | 1u << SV_TABLE_PACKET_DGRAM |
			     1u << SV_TABLE_NETLINK;
	struct env packet = { { "PROC_NET_PACKET" }, { "/x" } };
	struct env none = { { NULL }, { NULL } }, root = { { "PROC_ROOT" }, { "/proc" } };
	struct env udp6 = { { "PROC_NET_UDP6" }, { "/x" } };
	struct env two = { { "PROC_NET_TCP", "PROC_NET_UNIX" }, { "/x", "/y" } };

	assert_int_equal(sv_proc_source_env_tables(fake_env, &none), 0);
	assert_int_equal(sv_proc_source_env_tables(NULL, NULL), 0);
	assert_int_equal(sv_proc_source_env_tables(fake_env, &root), all);
	assert_int_equal(sv_proc_source_env_tables(fake_env, &udp6), udp);
	assert_int_equal(sv_proc_source_env_tables(fake_env, &two), tcp | unx);
	assert_int_equal(sv_proc_source_env_tables(fake_env, &packet),
			 1u << SV_TABLE_PACKET_RAW | 1u << SV_TABLE_PACKET_DGRAM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listeners, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_file, setup, teardown),
		cmocka_unit_test(test_env_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
