/* test_replay.c - recorded dumps: ss -D files, sockview's tagged parts and
 * end marker, files cut short, errors named by their offset in the file,
 * and the replay source through the real collector. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "support/nlbuild.h"
#include "sockview/collect.h"
#include "sockview/replay.h"

struct seen {
	int n;
	struct sv_sock socks[16];
};

static int collect_cb(const struct sv_sock *s, void *data)
{
	struct seen *v = data;

	if (v->n < 16)
		v->socks[v->n] = *s;
	v->n++;
	return 0;
}

static void *load_ss1(size_t *len)
{
	void *buf = nlb_load_file(SV_TEST_DATA "/ss1.dump", len);

	assert_non_null(buf);
	assert_int_equal(*len, 720);
	return buf;
}

/* One request to the replay source, through sv_collect_dump. */
static int ask(struct sv_replay *r, enum sv_dump_kind kind, enum sv_table t,
	       int family, struct seen *v)
{
	struct sv_source src = sv_replay_source(r);
	struct sv_dump_req req = { .table = t, .family = family, .states = 1,
				   .kind = kind };
	char err[256] = "";

	memset(v, 0, sizeof(*v));
	return sv_collect_dump(&src, &req, collect_cb, v, err, sizeof(err));
}

/* ss1.dump (iproute2's test file): two untagged parts, TCP IPv4 and IPv6. */
static void test_ss_dump(void **state)
{
	struct sv_replay_info info;
	struct sv_replay *r = NULL;
	struct seen v;
	char err[256] = "";
	size_t len;
	void *buf = load_ss1(&len);

	assert_int_equal(sv_replay_open(buf, len, &r, err, sizeof(err)), 0);
	sv_replay_info(r, &info);
	assert_false(info.sockview);
	assert_int_equal(info.parts, 2);
	assert_int_equal(ask(r, SV_DUMP_ROWS, SV_TABLE_TCP, AF_INET, &v), 0);
	assert_int_equal(v.n, 4);
	assert_int_equal(v.socks[0].state, SV_STATE_LISTEN);
	assert_int_equal(v.socks[0].lport, 22);
	assert_int_equal(v.socks[0].wqueue, 128);
	assert_int_equal(v.socks[3].rport, 50312);
	assert_int_equal(ask(r, SV_DUMP_ROWS, SV_TABLE_TCP, AF_INET6, &v), 0);
	assert_int_equal(v.n, 3);
	assert_int_equal(v.socks[0].family, AF_INET6);
	/* no listener parts: the rows stand in; no autobound part: none */
	assert_int_equal(ask(r, SV_DUMP_LISTENERS, SV_TABLE_TCP, AF_INET, &v), 0);
	assert_int_equal(v.n, 4);
	assert_int_equal(ask(r, SV_DUMP_AUTOBOUND, SV_TABLE_TCP, AF_INET, &v), 0);
	assert_int_equal(v.n, 0);
	assert_int_equal(ask(r, SV_DUMP_ROWS, SV_TABLE_UDP, AF_INET, &v), 0);
	assert_int_equal(v.n, 0);
	sv_replay_free(r);
	free(buf);
}

/* An ss file cut at any byte is refused, except right after its first part
 * (a whole dump of IPv4 as ss writes it: nothing can tell). Every refusal
 * names a byte offset. */
static void test_ss_cut_everywhere(void **state)
{
	size_t len;
	char *buf = load_ss1(&len);
	int clean = 0;

	for (size_t cut = 0; cut < len; cut++) {
		struct sv_replay *r = NULL;
		char err[256] = "";
		int ret = sv_replay_open(buf, cut, &r, err, sizeof(err));

		if (ret == 0) {
			clean++;
			sv_replay_free(r);
			continue;
		}
		assert_int_equal(ret, -EBADMSG);
		if (cut > 0)
			assert_non_null(strstr(err, "byte "));
	}
	assert_int_equal(clean, 1);
	free(buf);
}

/* Tag the messages from offset from on as a part of kind. */
static void tag(struct nlb *b, size_t from, enum sv_dump_kind kind,
		enum sv_table t, int family)
{
	for (size_t off = from; off < b->len;) {
		struct nlmsghdr *h = (struct nlmsghdr *)(b->buf + off);

		h->nlmsg_seq = sv_dumpfile_seq(kind, t, family);
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
}

static void end_marker(struct nlb *b, uint32_t parts, uint64_t bytes)
{
	struct nlmsghdr *nlh = nlb_begin(b, SV_DUMPFILE_END_TYPE, 0);
	struct sv_dumpfile_end e = { .version = SV_DUMPFILE_VERSION, .parts = parts,
				     .bytes = bytes, .eph_lo = 40000, .eph_hi = 50000 };

	memcpy(e.magic, "sockview", 8);
	/* a file gives no alignment: copied, not written through a pointer */
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(e)), &e, sizeof(e));
	nlb_end(b, nlh);
}

/* A file as sockview writes it: TCP rows, UDP rows, a listener part, an
 * autobound part, the end marker. */
static void build_sv_file(struct nlb *b)
{
	size_t at;

	nlb_init(b);
	nlb_sock(b, &(struct nlb_sock){ .state = SV_STATE_ESTABLISHED, .sport = 8080,
					.dport = 45000, .cookie = 7 });
	nlb_done(b);
	tag(b, 0, SV_DUMP_ROWS, SV_TABLE_TCP, AF_INET);
	at = b->len;
	nlb_sock(b, &(struct nlb_sock){ .state = SV_STATE_ESTABLISHED, .sport = 53,
					.dport = 41000 });
	nlb_done(b);
	tag(b, at, SV_DUMP_ROWS, SV_TABLE_UDP, AF_INET);
	at = b->len;
	nlb_sock(b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 8080 });
	nlb_done(b);
	tag(b, at, SV_DUMP_LISTENERS, SV_TABLE_TCP, AF_INET);
	at = b->len;
	nlb_done(b);
	tag(b, at, SV_DUMP_AUTOBOUND, SV_TABLE_TCP, AF_INET);
	end_marker(b, 4, b->len);
}

static void test_sockview_file(void **state)
{
	struct sv_replay_info info;
	struct sv_replay *r = NULL;
	struct seen v;
	struct nlb b;
	char err[256] = "";

	build_sv_file(&b);
	assert_int_equal(sv_replay_open(b.buf, b.len, &r, err, sizeof(err)), 0);
	sv_replay_info(r, &info);
	assert_true(info.sockview);
	assert_int_equal(info.parts, 4);
	assert_int_equal(info.eph_lo, 40000);
	assert_int_equal(info.eph_hi, 50000);
	assert_int_equal(ask(r, SV_DUMP_ROWS, SV_TABLE_TCP, AF_INET, &v), 0);
	assert_int_equal(v.n, 1); /* the listener is not among the rows */
	assert_int_equal(v.socks[0].lport, 8080);
	assert_int_equal(ask(r, SV_DUMP_ROWS, SV_TABLE_UDP, AF_INET, &v), 0);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.socks[0].table, SV_TABLE_UDP);
	assert_int_equal(ask(r, SV_DUMP_LISTENERS, SV_TABLE_TCP, AF_INET, &v), 0);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.socks[0].state, SV_STATE_LISTEN);
	assert_int_equal(ask(r, SV_DUMP_AUTOBOUND, SV_TABLE_TCP, AF_INET, &v), 0);
	assert_int_equal(v.n, 0);
	sv_replay_free(r);
}

/* A sockview file cut anywhere is refused: at a part boundary too (the end
 * marker is missing), and the message names a byte offset. */
static void test_sockview_cut_everywhere(void **state)
{
	struct nlb b;

	build_sv_file(&b);
	for (size_t cut = 1; cut < b.len; cut++) {
		struct sv_replay *r = NULL;
		char err[256] = "";

		assert_int_equal(sv_replay_open(b.buf, cut, &r, err, sizeof(err)), -EBADMSG);
		assert_non_null(strstr(err, "byte "));
	}
}

/* The end marker must count what is before it, end the file, and not cut
 * a part. */
static void test_end_marker_checked(void **state)
{
	struct sv_replay *r = NULL;
	struct nlb b;
	char err[256] = "";
	size_t at;

	build_sv_file(&b);
	at = b.len;
	nlb_done(&b);
	assert_int_equal(sv_replay_open(b.buf, b.len, &r, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "after the end marker"));

	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 22 });
	nlb_done(&b);
	tag(&b, 0, SV_DUMP_ROWS, SV_TABLE_TCP, AF_INET);
	at = b.len;
	end_marker(&b, 2, at); /* says two parts: one was lost */
	assert_int_equal(sv_replay_open(b.buf, b.len, &r, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "incomplete dump file: the end marker at byte 108"));

	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 22 });
	end_marker(&b, 0, 0);
	assert_int_equal(sv_replay_open(b.buf, b.len, &r, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "cuts the part at byte 0 short"));
}

static void test_empty_and_foreign(void **state)
{
	static const char text[] = "root:x:0:0:root:/root:/bin/bash\n";
	struct sv_replay *r = NULL;
	char err[256] = "";

	assert_int_equal(sv_replay_open("", 0, &r, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "empty"));
	assert_int_equal(sv_replay_open(text, sizeof(text) - 1, &r, err, sizeof(err)),
			 -EBADMSG);
	assert_non_null(strstr(err, "at byte 0"));
}

/* Offsets count from the start of the file, not of a part: a malformed
 * socket message in the second part is named at its file offset. */
static void test_offsets_in_file(void **state)
{
	struct sv_replay *r = NULL;
	struct nlb b;
	char err[256] = "", want[64];
	size_t second;

	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 22 });
	nlb_done(&b);
	second = b.len;
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 23 });
	((struct inet_diag_msg *)(b.buf + second + NLMSG_HDRLEN))->idiag_family = 99;
	nlb_done(&b);
	assert_int_equal(sv_replay_open(b.buf, b.len, &r, err, sizeof(err)), -EBADMSG);
	snprintf(want, sizeof(want), "malformed socket message at byte %zu", second);
	assert_non_null(strstr(err, want));
}

/* A recorded NLMSG_ERROR names its offset; a positive one is malformed; an
 * interrupted part is incomplete; a part without NLMSG_DONE is truncated. */
static void test_errors_named(void **state)
{
	struct sv_replay *r = NULL;
	struct nlb b;
	char err[256] = "";

	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 22 });
	nlb_error(&b, -EPERM);
	nlb_done(&b);
	assert_int_equal(sv_replay_open(b.buf, b.len, &r, err, sizeof(err)), -EBADMSG);
	assert_string_equal(err, "the recorded dump holds an error at byte 88: "
				 "Operation not permitted");

	nlb_init(&b);
	nlb_error(&b, 258);
	nlb_done(&b);
	assert_int_equal(sv_replay_open(b.buf, b.len, &r, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "malformed error message at byte 0"));

	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 22 });
	nlb_done_flags(&b, NLM_F_DUMP_INTR);
	assert_int_equal(sv_replay_open(b.buf, b.len, &r, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "interrupted (NLM_F_DUMP_INTR) at byte 88"));

	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 22 });
	assert_int_equal(sv_replay_open(b.buf, b.len, &r, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "no NLMSG_DONE after the part at byte 0"));
}

/* A bad message length in a header (smaller than a header) is named. */
static void test_bad_length(void **state)
{
	struct nlmsghdr h = { .nlmsg_len = 4, .nlmsg_type = NLMSG_DONE };
	struct sv_replay *r = NULL;
	char err[256] = "";

	assert_int_equal(sv_replay_open(&h, sizeof(h), &r, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "bad message length 4 at byte 0"));
}

/* Two untagged parts of one family are one dump: both are read. */
static void test_parts_joined(void **state)
{
	struct sv_replay *r = NULL;
	struct seen v;
	struct nlb b;
	char err[256] = "";

	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 22 });
	nlb_done(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = SV_STATE_LISTEN, .sport = 23 });
	nlb_done(&b);
	assert_int_equal(sv_replay_open(b.buf, b.len, &r, err, sizeof(err)), 0);
	assert_int_equal(ask(r, SV_DUMP_ROWS, SV_TABLE_TCP, AF_INET, &v), 0);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.socks[1].lport, 23);
	sv_replay_free(r);
}

static void test_seq_tags(void **state)
{
	enum sv_dump_kind k;
	enum sv_table t;
	int f;

	assert_false(sv_dumpfile_seq_parse(123456, &k, &t, &f)); /* ss -D */
	assert_true(sv_dumpfile_seq_parse(sv_dumpfile_seq(SV_DUMP_LISTENERS, SV_TABLE_UDP,
							  AF_INET6), &k, &t, &f));
	assert_int_equal(k, SV_DUMP_LISTENERS);
	assert_int_equal(t, SV_TABLE_UDP);
	assert_int_equal(f, AF_INET6);
	/* the tag of files from before the end marker still reads as rows */
	assert_true(sv_dumpfile_seq_parse(0x53560602u, &k, &t, &f));
	assert_int_equal(k, SV_DUMP_ROWS);
	assert_int_equal(t, SV_TABLE_TCP);
	/* a unix part's tag reads back; a family byte past 63 is refused
	 * (found by fuzz_replay: it was a shift past 64 bits) */
	assert_true(sv_dumpfile_seq_parse(sv_dumpfile_seq(SV_DUMP_ROWS, SV_TABLE_UNIX_STREAM,
							  AF_UNIX), &k, &t, &f));
	assert_int_equal(t, SV_TABLE_UNIX_STREAM);
	assert_int_equal(f, AF_UNIX);
	for (uint32_t fam = 64; fam < 256; fam++)
		assert_false(sv_dumpfile_seq_parse((sv_dumpfile_seq(SV_DUMP_ROWS, SV_TABLE_TCP,
								    AF_INET) & ~0xffu) | fam,
						   &k, &t, &f));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ss_dump),
		cmocka_unit_test(test_ss_cut_everywhere),
		cmocka_unit_test(test_sockview_file),
		cmocka_unit_test(test_sockview_cut_everywhere),
		cmocka_unit_test(test_end_marker_checked),
		cmocka_unit_test(test_empty_and_foreign),
		cmocka_unit_test(test_offsets_in_file),
		cmocka_unit_test(test_errors_named),
		cmocka_unit_test(test_bad_length),
		cmocka_unit_test(test_parts_joined),
		cmocka_unit_test(test_seq_tags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
