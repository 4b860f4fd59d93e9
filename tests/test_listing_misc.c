/* test_listing_misc.c - cmocka suite for sv_listing_run with the tables
 * a kernel may not dump: a scripted source that answers a table's dump
 * with rows or with an error, and a scripted /proc/net/protocols. What is
 * counted and named when the kernel has no diag module (and what is just
 * an empty table), the processes' count for a protocol the kernel does not
 * count, and SCTP's association rows. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include "support/nlbuild.h"
#include "sockview/listing.h"
#include "sockview/tables.h"

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

/* The scripted kernel: per table, an error for its dump (0: answer with
 * the rows of that table in rows). */
struct script {
	int error[SV_TABLE_MAX];
	struct nlb rows;   /* sctp rows, IPv4 */
	struct nlb out;
	bool sent;
	size_t requests;
	bool kernel;
};

static int s_request(void *ctx, const struct sv_dump_req *req)
{
	struct script *s = ctx;

	s->requests++;
	nlb_init(&s->out);
	s->sent = false;
	if (s->error[req->table]) {
		/* as inet_diag does: the error in NLMSG_DONE's payload */
		struct nlmsghdr *nlh = nlb_begin(&s->out, NLMSG_DONE, NLM_F_MULTI);
		int *v = mnl_nlmsg_put_extra_header(nlh, sizeof(int));

		*v = s->error[req->table];
		nlb_end(&s->out, nlh);
		return 0;
	}
	if (req->table == SV_TABLE_SCTP && req->family == AF_INET)
		nlb_raw(&s->out, s->rows.buf, s->rows.len);
	nlb_done(&s->out);
	return 0;
}

static ssize_t s_recv(void *ctx, void *buf, size_t len)
{
	struct script *s = ctx;

	if (s->sent)
		return -ETIMEDOUT;
	s->sent = true;
	memcpy(buf, s->out.buf, s->out.len);
	return (ssize_t)s->out.len;
}

struct seen {
	struct sv_sock s[16];
	size_t n;
};

static int o_row(void *ctx, const struct sv_sock *s)
{
	struct seen *v = ctx;

	assert_true(v->n < 16);
	v->s[v->n++] = *s;
	return 0;
}

static int o_finish(void *ctx)
{
	return 0;
}

/* A /proc/net/protocols with the given rows ("XDP 2\n..."), in a
 * temporary file whose name goes to path. */
static void protocols_file(char path[64], const char *rows)
{
	int fd;
	FILE *f;

	snprintf(path, 64, "/tmp/sv_protocols_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "protocol  size sockets  memory press maxhdr  slab module     cl\n");
	for (const char *p = rows; *p;) {
		const char *nl = strchr(p, '\n');
		char name[32];
		unsigned int n;

		assert_int_equal(sscanf(p, "%31s %u", name, &n), 2);
		fprintf(f, "%-9s 1088 %6u      -1   NI       0   no   kernel      n\n", name, n);
		p = nl ? nl + 1 : p + strlen(p);
	}
	assert_int_equal(fclose(f), 0);
}

static int run(struct script *s, uint32_t tables, uint32_t states, const char *protocols,
	       struct seen *v, struct sv_listing *out, char *err, size_t errlen)
{
	struct sv_source src = { .request = s_request, .recv = s_recv, .ctx = s,
				 .kernel = s->kernel, .host = s->kernel };
	struct sv_opts o = { .tables = tables, .states = states,
			     .families = sv_tables_families(tables) };
	struct sv_classify *c = malloc(sizeof(*c));
	struct sv_listing l = { .opts = &o, .src = &src, .cls = c, .roles = true,
				.protocols = protocols,
				.out = { .row = o_row, .finish = o_finish, .ctx = v } };
	int ret;

	memset(v, 0, sizeof(*v));
	sv_classify_init(c, 32768, 60999);
	ret = sv_listing_run(&l, err, errlen);
	sv_classify_release(c);
	free(c);
	*out = l;
	return ret;
}

#define TB(t) (1u << SV_TABLE_##t)

/* No xsk_diag: with XDP sockets here, they are counted and named; with
 * none, the table is just empty. */
static void test_unlisted_counted(void **state)
{
	struct script s = { .kernel = true };
	struct sv_listing l;
	struct seen v;
	char path[64], err[256] = "";

	(void)state;
	s.error[SV_TABLE_XDP] = -ENOENT;
	protocols_file(path, "XDP 2\nTCP 7\n");
	assert_int_equal(run(&s, TB(XDP), 1u << SV_STATE_CLOSE, path, &v, &l, err,
			     sizeof(err)), 0);
	assert_int_equal(v.n, 0);
	assert_int_equal(l.nunlisted, 1);
	assert_int_equal(l.unlisted_dumps[0].tables, TB(XDP));
	assert_int_equal(l.unlisted_dumps[0].sockets, 2);
	assert_int_equal(l.unlisted_dumps[0].why, -ENOENT);
	assert_false(l.unlisted_dumps[0].by_processes);
	assert_int_equal(l.unlisted, TB(XDP));
	assert_int_equal(l.unlisted_sockets, 2);
	unlink(path);

	protocols_file(path, "XDP 0\n");
	assert_int_equal(run(&s, TB(XDP), 1u << SV_STATE_CLOSE, path, &v, &l, err,
			     sizeof(err)), 0);
	assert_int_equal(l.nunlisted, 0);
	assert_int_equal(l.unlisted, 0);
	unlink(path);
}

/* Both families of raw count once; the other tables still list. */
static void test_unlisted_families(void **state)
{
	struct script s = { .kernel = true };
	struct sv_listing l;
	struct seen v;
	char path[64], err[256] = "";

	(void)state;
	s.error[SV_TABLE_RAW] = -ENOENT;
	s.error[SV_TABLE_DCCP] = -ENOENT;
	protocols_file(path, "RAW 1\nRAWv6 2\nDCCP 0\n");
	assert_int_equal(run(&s, TB(RAW) | TB(DCCP) | TB(SCTP), SV_STATES_ALL, path, &v, &l,
			     err, sizeof(err)), 0);
	assert_int_equal(l.nunlisted, 1);
	assert_int_equal(l.unlisted_dumps[0].tables, TB(RAW));
	assert_int_equal(l.unlisted_dumps[0].sockets, 3);
	unlink(path);
}

/* A kernel without the protocol at all (no row): an empty table, whatever
 * the dump answered; a listener dump refused is no error either (SCTP's
 * listeners are learnt before its rows). */
static void test_absent_protocol(void **state)
{
	struct script s = { .kernel = true };
	struct sv_listing l;
	struct seen v;
	char path[64], err[256] = "";

	(void)state;
	s.error[SV_TABLE_TIPC] = -ENOENT;
	s.error[SV_TABLE_SCTP] = -ENOENT;
	s.error[SV_TABLE_DCCP] = -EINVAL;
	protocols_file(path, "TCP 1\n");
	assert_int_equal(run(&s, TB(TIPC) | TB(SCTP) | TB(DCCP), SV_STATES_ALL, path, &v,
			     &l, err, sizeof(err)), 0);
	assert_int_equal(l.nunlisted, 0);
	assert_string_equal(err, "");
	unlink(path);
}

/* An error that is not "no such dump" stays an error; a source that is not
 * the kernel (a recording) is never counted from this host. */
static void test_other_errors(void **state)
{
	struct script s = { .kernel = true };
	struct sv_listing l;
	struct seen v;
	char path[64], err[256] = "";

	(void)state;
	s.error[SV_TABLE_XDP] = -EACCES;
	protocols_file(path, "XDP 2\n");
	assert_int_equal(run(&s, TB(XDP), 1u << SV_STATE_CLOSE, path, &v, &l, err,
			     sizeof(err)), -EACCES);
	assert_non_null(strstr(err, "xdp"));
	assert_int_equal(l.nunlisted, 0);
	s.kernel = false;
	s.error[SV_TABLE_XDP] = -ENOENT;
	err[0] = '\0';
	assert_int_equal(run(&s, TB(XDP), 1u << SV_STATE_CLOSE, path, &v, &l, err,
			     sizeof(err)), -ENOENT);
	assert_int_equal(l.nunlisted, 0);
	unlink(path);
	/* an unreadable protocols file is an error, named */
	s.kernel = true;
	assert_int_equal(run(&s, TB(XDP), 1u << SV_STATE_CLOSE, "/nonexistent/protocols",
			     &v, &l, err, sizeof(err)), -EIO);
	assert_non_null(strstr(err, "/nonexistent/protocols"));
}

/* vsock: the kernel has its row but counts none of its sockets there;
 * they are counted from the processes (this one holds one). */
static void test_uncounted(void **state)
{
	struct script s = { .kernel = true };
	struct sv_listing l;
	struct seen v;
	char path[64], err[256] = "";
	int fd;

	(void)state;
	s.error[SV_TABLE_VSOCK_STREAM] = -ENOENT;
	/* without the row, no AF_VSOCK here: nothing is scanned or noted */
	protocols_file(path, "TCP 3\n");
	assert_int_equal(run(&s, TB(VSOCK_STREAM) | TB(VSOCK_DGRAM), SV_STATES_ALL, path,
			     &v, &l, err, sizeof(err)), 0);
	assert_int_equal(l.nunlisted, 0);
	unlink(path);
	fd = socket(AF_VSOCK, SOCK_STREAM, 0);
	if (fd < 0) {
		print_message("SKIP: this kernel has no AF_VSOCK (%s)\n", strerror(errno));
		skip();
	}
	protocols_file(path, "AF_VSOCK 0\n");
	assert_int_equal(run(&s, TB(VSOCK_STREAM), SV_STATES_ALL, path, &v, &l, err,
			     sizeof(err)), 0);
	assert_int_equal(l.nunlisted, 1);
	assert_true(l.unlisted_dumps[0].by_processes);
	assert_true(l.unlisted_dumps[0].sockets >= 1);
	assert_int_equal(l.unlisted_dumps[0].tables, TB(VSOCK_STREAM));
	close(fd);
	unlink(path);
}

/* SCTP: a row after one with the same inode is an association; its SCTP
 * state is listed when connections are asked for, whatever TCP state has
 * its number. */
static void test_sctp_assoc(void **state)
{
	struct script s = { .kernel = true };
	struct sv_listing l;
	struct seen v;
	char err[256] = "";

	(void)state;
	nlb_init(&s.rows);
	nlb_sock(&s.rows, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 9000,
					      .inode = 600 });
	nlb_sock(&s.rows, &(struct nlb_sock){ .state = SV_STATE_ESTABLISHED, .sport = 9001,
					      .inode = 601 });
	nlb_sock(&s.rows, &(struct nlb_sock){ .state = 3 /* SCTP ESTABLISHED */,
					      .sport = 9001, .dport = 40000, .inode = 601 });
	nlb_sock(&s.rows, &(struct nlb_sock){ .state = 1 /* COOKIE_WAIT */, .sport = 9001,
					      .dport = 40001, .inode = 601 });
	nlb_sock(&s.rows, &(struct nlb_sock){ .state = SV_STATE_ESTABLISHED, .sport = 9002,
					      .inode = 602 });
	assert_int_equal(run(&s, TB(SCTP), SV_STATES_ALL, NULL, &v, &l, err, sizeof(err)), 0);
	assert_int_equal(v.n, 5);
	assert_false(v.s[0].assoc);
	assert_false(v.s[1].assoc);
	assert_true(v.s[2].assoc);
	assert_true(v.s[3].assoc);
	assert_false(v.s[4].assoc);
	assert_string_equal(sv_tables_state_name(&v.s[2]), "ESTAB");
	assert_string_equal(sv_tables_state_name(&v.s[3]), "COOKIE_WAIT");
	assert_string_equal(sv_tables_state_name(&v.s[1]), "ESTAB");
	/* ss's default (no SYN-RECV, 3): the association in SCTP state 3 too */
	assert_int_equal(run(&s, TB(SCTP), SV_STATES_CONN, NULL, &v, &l, err, sizeof(err)), 0);
	assert_int_equal(v.n, 4);
	assert_true(v.s[1].assoc && v.s[2].assoc);
	/* -l: listeners only, no association */
	assert_int_equal(run(&s, TB(SCTP), 1u << SV_STATE_LISTEN, NULL, &v, &l, err,
			     sizeof(err)), 0);
	assert_int_equal(v.n, 1);
	assert_false(v.s[0].assoc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unlisted_counted),
		cmocka_unit_test(test_unlisted_families),
		cmocka_unit_test(test_absent_protocol),
		cmocka_unit_test(test_other_errors),
		cmocka_unit_test(test_uncounted),
		cmocka_unit_test(test_sctp_assoc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
