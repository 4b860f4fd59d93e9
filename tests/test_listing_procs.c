/* test_listing_procs.c - cmocka suite for -p's map in a listing (a fake
 * kernel, a fake /proc): a listing of listening sockets only (-l) maps
 * only their inodes, learnt from a dump first (a table the kernel cannot
 * dump lists none); any other listing, or a source that cannot be asked
 * twice (a recording), maps every socket; the rows come out with their
 * holders either way. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/nlbuild.h"
#include "sockview/listing.h"
#include "sockview/tables.h"

/* The fake kernel: TCP IPv4 sockets and the number of dumps asked. */
struct fake {
	struct nlb_sock socks[4];
	size_t n, requests;
	struct nlb out;
	bool sent;
	bool udp_absent; /* UDP's dump: ENOENT */
};

static int f_request(void *ctx, const struct sv_dump_req *req)
{
	struct fake *f = ctx;

	f->requests++;
	nlb_init(&f->out);
	f->sent = false;
	if (req->table == SV_TABLE_UDP && f->udp_absent) {
		nlb_error(&f->out, -ENOENT); /* no udp_diag */
		return 0;
	}
	for (size_t i = 0; i < f->n; i++)
		if (req->table == SV_TABLE_TCP && req->family == AF_INET &&
		    (req->states & (1u << f->socks[i].state)))
			nlb_sock(&f->out, &f->socks[i]);
	nlb_done(&f->out);
	return 0;
}

static ssize_t f_recv(void *ctx, void *buf, size_t len)
{
	struct fake *f = ctx;

	if (f->sent)
		return -ETIMEDOUT;
	f->sent = true;
	assert_true(f->out.len <= len);
	memcpy(buf, f->out.buf, f->out.len);
	return (ssize_t)f->out.len;
}

/* A kernel source whose second socket cannot open: no dump ahead. */
static int f_open_side(void *ctx, struct sv_source *side)
{
	(void)ctx;
	(void)side;
	return -EOPNOTSUPP;
}

struct seen {
	uint32_t inode[4];
	uint32_t pid[4];
	uint16_t nprocs[4];
	size_t n;
};

static int o_row(void *ctx, const struct sv_sock *s)
{
	struct seen *v = ctx;

	assert_true(v->n < 4);
	v->inode[v->n] = s->inode;
	v->nprocs[v->n] = s->nprocs;
	v->pid[v->n++] = s->nprocs ? s->procs[0].pid : 0;
	return 0;
}

static int o_finish(void *ctx)
{
	(void)ctx;
	return 0;
}

static void mk(const char *root, const char *rel, const char *text, const char *link)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (link) {
		assert_int_equal(symlink(link, path), 0);
	} else if (text) {
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		assert_true(fd >= 0);
		assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
		close(fd);
	} else {
		assert_int_equal(mkdir(path, 0755), 0);
	}
}

/* Process 100 holds the listener (inode 11) and a connection (12);
 * process 200 holds another connection (13). */
static int tree_setup(void **state)
{
	char *root = strdup("/tmp/test_listing_procs.XXXXXX");

	if (!root || !mkdtemp(root))
		return -1;
	mk(root, "100", NULL, NULL);
	mk(root, "100/stat", "100 (srv) S 1\n", NULL);
	mk(root, "100/fd", NULL, NULL);
	mk(root, "100/fd/3", NULL, "socket:[11]");
	mk(root, "100/fd/4", NULL, "socket:[12]");
	mk(root, "200", NULL, NULL);
	mk(root, "200/stat", "200 (cli) S 1\n", NULL);
	mk(root, "200/fd", NULL, NULL);
	mk(root, "200/fd/5", NULL, "socket:[13]");
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

static void populate(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->socks[0] = (struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 80, .inode = 11,
					 .cookie = 1 };
	f->socks[1] = (struct nlb_sock){ .state = SV_STATE_ESTABLISHED, .sport = 80,
					 .dport = 40000, .src = "127.0.0.1",
					 .dst = "127.0.0.1", .inode = 12, .cookie = 2 };
	f->socks[2] = (struct nlb_sock){ .state = SV_STATE_ESTABLISHED, .sport = 40000,
					 .dport = 80, .src = "127.0.0.1",
					 .dst = "127.0.0.1", .inode = 13, .cookie = 3 };
	f->n = 3;
}

/* /proc/net/protocols with no UDP socket. */
#define PROTOCOLS                                                                   \
	"protocol  size sockets  memory press maxhdr  slab module     cl\n"         \
	"UDP       1088      0      -1   NI       0   no   kernel      n\n"

/* A listing with -p over the fake /proc (the walk: --process-source=proc);
 * side: the source can open a second socket (a live kernel). */
static void run_tables(struct fake *f, uint32_t tables, uint32_t states, bool side,
		       const char *root, struct seen *v, struct sv_listing *out)
{
	struct sv_source src = { .request = f_request, .recv = f_recv, .ctx = f,
				 .kernel = true, .host = true,
				 .open_side = side ? f_open_side : NULL };
	struct sv_opts o = { .tables = tables, .states = states,
			     .families = SV_AF(AF_INET), .processes = true };
	struct sv_classify *c = malloc(sizeof(*c));
	char protocols[64], err[256] = "";
	struct sv_listing l = { .opts = &o, .src = &src, .cls = c, .procroot = root,
				.procsrc = SV_PROCSRC_PROC, .protocols = protocols,
				.out = { .row = o_row, .finish = o_finish, .ctx = v } };
	int fd;

	/* no UDP socket here: a table the kernel cannot dump is just empty */
	snprintf(protocols, sizeof(protocols), "%s/protocols", root);
	fd = open(protocols, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_true(write(fd, PROTOCOLS, strlen(PROTOCOLS)) == (ssize_t)strlen(PROTOCOLS));
	close(fd);
	memset(v, 0, sizeof(*v));
	assert_non_null(c);
	sv_classify_init(c, 32768, 60999);
	assert_int_equal(sv_listing_run(&l, err, sizeof(err)), 0);
	sv_classify_release(c);
	free(c);
	*out = l;
}

static void run(struct fake *f, uint32_t states, bool side, const char *root,
		struct seen *v, struct sv_listing *out)
{
	run_tables(f, 1u << SV_TABLE_TCP, states, side, root, v, out);
}

/* -l: the listeners' inodes first (one more dump), then a map of them
 * alone, then the rows with their holders. */
static void test_listening_maps_few(void **state)
{
	struct fake f;
	struct seen v;
	struct sv_listing l;

	populate(&f);
	run(&f, (1u << SV_STATE_LISTEN) | (1u << SV_STATE_CLOSE), true, *state, &v, &l);
	assert_int_equal(f.requests, 2);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.inode[0], 11);
	assert_int_equal(v.nprocs[0], 1);
	assert_int_equal(v.pid[0], 100);
	assert_int_equal(l.pstats.sockets, 1); /* 12 and 13 not recorded */
	assert_int_equal(l.pstats.fds, 3);     /* the walk still read them */

	/* no listener at all: an empty set, nothing recorded */
	f.socks[0].state = SV_STATE_ESTABLISHED;
	run(&f, 1u << SV_STATE_LISTEN, true, *state, &v, &l);
	assert_int_equal(v.n, 0);
	assert_int_equal(l.pstats.sockets, 0);
}

/* -l over a table the kernel has no dump of (no udp_diag): that table
 * lists nothing, the others' inodes still make the map. */
static void test_listening_absent_table(void **state)
{
	struct fake f;
	struct seen v;
	struct sv_listing l;

	populate(&f);
	f.udp_absent = true;
	run_tables(&f, (1u << SV_TABLE_TCP) | (1u << SV_TABLE_UDP),
		   (1u << SV_STATE_LISTEN) | (1u << SV_STATE_CLOSE), true, *state, &v, &l);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.pid[0], 100);
	assert_int_equal(l.pstats.sockets, 1);
}

/* Any other listing maps every socket, with one dump. */
static void test_others_map_all(void **state)
{
	struct fake f;
	struct seen v;
	struct sv_listing l;

	populate(&f);
	run(&f, SV_STATES_ALL, true, *state, &v, &l);
	assert_int_equal(f.requests, 1);
	assert_int_equal(v.n, 3);
	assert_int_equal(l.pstats.sockets, 3);
	assert_int_equal(v.pid[0], 100);
	assert_int_equal(v.pid[1], 100);
	assert_int_equal(v.pid[2], 200);
}

/* A source that cannot be asked twice (a recording, a recorder: no second
 * socket, no rows of its own) maps every socket, even for -l. */
static void test_recording_maps_all(void **state)
{
	struct fake f;
	struct seen v;
	struct sv_listing l;

	populate(&f);
	run(&f, 1u << SV_STATE_LISTEN, false, *state, &v, &l);
	assert_int_equal(f.requests, 1);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.pid[0], 100);
	assert_int_equal(l.pstats.sockets, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_listening_maps_few, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_listening_absent_table, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_others_map_all, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_recording_maps_all, tree_setup, tree_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
