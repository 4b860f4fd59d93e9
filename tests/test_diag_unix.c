/* test_diag_unix.c - cmocka suite for the unix tables' request builder and
 * payload parser: hand-built unix_diag messages, valid and malformed
 * (truncated, bad attributes, overlong names, abstract names with NULs,
 * accept queues), through the generic walk as a dump arrives. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/unix_diag.h>

#include "sockview/collect.h"
#include "sockview/diag_parse.h"
#include "sockview/tables.h"
#include "sockview/unixname.h"
#include "support/nlbuild.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* What the callback saw; names copied (they point into the buffer). */
struct seen {
	struct sv_sock s[16];
	char text[16][SV_UNIXNAME_TEXT];
	uint32_t icons[16][8];
	size_t n;
};

static int collect_cb(const struct sv_sock *s, void *data)
{
	struct seen *v = data;

	if (v->n >= ARRAY_LEN(v->s))
		return -ENOSPC;
	v->s[v->n] = *s;
	sv_unixname_text(v->text[v->n], SV_UNIXNAME_TEXT, s);
	for (uint16_t i = 0; i < s->un.nicons && i < 8; i++)
		memcpy(&v->icons[v->n][i], (const char *)s->un.icons + 4 * i, 4);
	v->s[v->n].un.path = NULL; /* not valid after the callback */
	v->s[v->n].un.icons = NULL;
	v->n++;
	return 0;
}

/* Parse a buffer copied to an exact-size heap block (ASan sees a read past
 * its end), as the unix dump arrives: asked by u_str. */
static int parse(const struct nlb *b, struct seen *v, char *err, size_t errlen)
{
	void *copy = malloc(b->len ? b->len : 1);
	size_t used;
	bool intr = false;
	int ret;

	assert_non_null(copy);
	memcpy(copy, b->buf, b->len);
	memset(v, 0, sizeof(*v));
	ret = sv_diag_parse_inet(copy, b->len, SV_TABLE_UNIX_STREAM, collect_cb, v,
				 &used, &intr, err, errlen);
	free(copy);
	return ret;
}

/* Start a unix_diag message. */
static struct nlmsghdr *umsg(struct nlb *b, uint8_t family, uint8_t type, uint8_t state,
			     uint32_t ino, uint64_t cookie)
{
	struct nlmsghdr *nlh = nlb_begin(b, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	struct unix_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));

	m->udiag_family = family;
	m->udiag_type = type;
	m->udiag_state = state;
	m->udiag_ino = ino;
	m->udiag_cookie[0] = (uint32_t)cookie;
	m->udiag_cookie[1] = (uint32_t)(cookie >> 32);
	return nlh;
}

/* One message with a name of len bytes and nothing else, then DONE. */
static int parse_named(const void *name, uint16_t len, struct seen *v)
{
	struct nlb b;
	struct nlmsghdr *nlh;

	nlb_init(&b);
	nlh = umsg(&b, AF_UNIX, SOCK_STREAM, SV_STATE_LISTEN, 7, 1);
	mnl_attr_put(nlh, UNIX_DIAG_NAME, len, name);
	nlb_end(&b, nlh);
	nlb_done(&b);
	return parse(&b, v, NULL, 0);
}

static void test_every_attribute(void **state)
{
	static const uint32_t icons[] = { 101, 102, 103 };
	static const uint32_t mem[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct unix_diag_vfs vfs = { .udiag_vfs_ino = 555, .udiag_vfs_dev = 0x803 };
	struct unix_diag_rqlen rq = { .udiag_rqueue = 2, .udiag_wqueue = 128 };
	struct nlb b;
	struct nlmsghdr *nlh;
	struct seen v;

	(void)state;
	nlb_init(&b);
	nlh = umsg(&b, AF_UNIX, SOCK_STREAM, SV_STATE_LISTEN, 4242, 0x100000002ull);
	mnl_attr_put(nlh, UNIX_DIAG_NAME, 9, "/run/x.s");
	mnl_attr_put(nlh, UNIX_DIAG_VFS, sizeof(vfs), &vfs);
	mnl_attr_put(nlh, UNIX_DIAG_ICONS, sizeof(icons), icons);
	mnl_attr_put(nlh, UNIX_DIAG_RQLEN, sizeof(rq), &rq);
	mnl_attr_put(nlh, UNIX_DIAG_MEMINFO, sizeof(mem), mem);
	mnl_attr_put_u8(nlh, UNIX_DIAG_SHUTDOWN, 0xfe);
	mnl_attr_put_u32(nlh, UNIX_DIAG_UID, 1000);
	nlb_end(&b, nlh);
	nlh = umsg(&b, AF_UNIX, SOCK_STREAM, SV_STATE_ESTABLISHED, 4243, 3);
	mnl_attr_put_u32(nlh, UNIX_DIAG_PEER, 101);
	nlb_end(&b, nlh);
	nlb_done(&b);
	assert_int_equal(parse(&b, &v, NULL, 0), SV_DIAG_DONE);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.s[0].family, AF_UNIX);
	assert_int_equal(v.s[0].table, SV_TABLE_UNIX_STREAM);
	assert_int_equal(v.s[0].state, SV_STATE_LISTEN);
	assert_int_equal(v.s[0].inode, 4242);
	assert_true(v.s[0].cookie == 0x100000002ull);
	assert_string_equal(v.text[0], "/run/x.s");
	assert_int_equal(v.s[0].un.path_len, 8); /* the kernel's NUL is not the name's */
	assert_false(v.s[0].un.abstract);
	assert_true(v.s[0].un.has_vfs);
	assert_int_equal(v.s[0].un.vfs_ino, 555);
	assert_int_equal(v.s[0].un.vfs_dev, 0x803);
	assert_int_equal(v.s[0].un.nicons, 3);
	assert_memory_equal(v.icons[0], icons, sizeof(icons));
	assert_int_equal(v.s[0].rqueue, 2);
	assert_int_equal(v.s[0].wqueue, 128);
	assert_true(v.s[0].have & SV_HAVE_SKMEM);
	assert_int_equal(v.s[0].skmem_len, 9);
	assert_true(v.s[0].have & SV_HAVE_SHUTDOWN);
	assert_int_equal(v.s[0].shutdown, 2);
	assert_int_equal(v.s[0].uid, 1000);
	assert_false(v.s[0].un.has_peer);
	assert_int_equal(v.s[0].un.peer_ino, 0);
	/* the second: nothing of the first leaks into it */
	assert_int_equal(v.s[1].inode, 4243);
	assert_true(v.s[1].un.has_peer);
	assert_int_equal(v.s[1].un.peer_ino, 101);
	assert_string_equal(v.text[1], "");
	assert_int_equal(v.s[1].un.nicons, 0);
	assert_false(v.s[1].un.has_vfs);
	assert_int_equal(v.s[1].rqueue, 0);
	assert_int_equal(v.s[1].uid, 0);
	assert_int_equal(v.s[1].have, 0);
}

/* The record's table is the socket's type, whatever table asked; a type
 * ss does not know is u_dgr, as ss shows it. */
static void test_table_from_type(void **state)
{
	static const struct { uint8_t type; enum sv_table t; } c[] = {
		{ SOCK_STREAM, SV_TABLE_UNIX_STREAM }, { SOCK_DGRAM, SV_TABLE_UNIX_DGRAM },
		{ SOCK_SEQPACKET, SV_TABLE_UNIX_SEQPACKET }, { SOCK_RAW, SV_TABLE_UNIX_DGRAM },
		{ 0, SV_TABLE_UNIX_DGRAM }, { 255, SV_TABLE_UNIX_DGRAM },
	};
	struct nlb b;
	struct seen v;

	(void)state;
	nlb_init(&b);
	for (size_t i = 0; i < ARRAY_LEN(c); i++)
		nlb_end(&b, umsg(&b, AF_UNIX, c[i].type, SV_STATE_CLOSE, (uint32_t)i + 1, 0));
	/* a state the kernel may add later */
	nlb_end(&b, umsg(&b, AF_UNIX, SOCK_STREAM, 200, 99, 0));
	nlb_done(&b);
	assert_int_equal(parse(&b, &v, NULL, 0), SV_DIAG_DONE);
	assert_int_equal(v.n, ARRAY_LEN(c) + 1);
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		assert_int_equal(v.s[i].table, c[i].t);
		assert_int_equal(v.s[i].state, SV_STATE_CLOSE);
	}
	assert_int_equal(v.s[ARRAY_LEN(c)].state, SV_STATE_UNKNOWN);
}

/* Abstract names: a leading NUL, NULs inside kept, shown as '@' (ss). */
static void test_abstract_names(void **state)
{
	struct seen v;

	(void)state;
	assert_int_equal(parse_named("\0ab\0c\0", 6, &v), SV_DIAG_DONE);
	assert_true(v.s[0].un.abstract);
	assert_int_equal(v.s[0].un.path_len, 5);
	assert_string_equal(v.text[0], "@ab@c@");
	assert_int_equal(parse_named("\0", 1, &v), SV_DIAG_DONE); /* empty abstract */
	assert_true(v.s[0].un.abstract);
	assert_int_equal(v.s[0].un.path_len, 0);
	assert_string_equal(v.text[0], "@");
	assert_int_equal(parse_named("\0" "1a2b3", 6, &v), SV_DIAG_DONE);
	assert_string_equal(v.text[0], "@1a2b3");
}

/* Paths: up to the first NUL; an empty name is no name. */
static void test_path_names(void **state)
{
	struct seen v;

	(void)state;
	assert_int_equal(parse_named("/a b", 4, &v), SV_DIAG_DONE); /* no NUL sent */
	assert_false(v.s[0].un.abstract);
	assert_string_equal(v.text[0], "/a b");
	assert_int_equal(parse_named("/x\0/y", 5, &v), SV_DIAG_DONE);
	assert_int_equal(v.s[0].un.path_len, 2);
	assert_string_equal(v.text[0], "/x");
	assert_int_equal(parse_named("", 0, &v), SV_DIAG_DONE);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.text[0], "");
	assert_int_equal(v.s[0].un.path_len, 0);
}

/* The longest names: a path of 108 bytes and the kernel's NUL, an
 * abstract name of sun_path's 108; one byte more is malformed. */
static void test_name_lengths(void **state)
{
	char name[SV_UNIXNAME_MAX + 2];
	struct seen v;
	char err[128] = "";

	(void)state;
	memset(name, 'p', sizeof(name));
	name[108] = '\0';
	assert_int_equal(parse_named(name, 109, &v), SV_DIAG_DONE);
	assert_int_equal(v.s[0].un.path_len, 108);
	name[0] = '\0';
	assert_int_equal(parse_named(name, 108, &v), SV_DIAG_DONE);
	assert_true(v.s[0].un.abstract);
	assert_int_equal(v.s[0].un.path_len, 107);
	name[0] = '/';
	assert_int_equal(parse_named(name, 110, &v), -EBADMSG);
	assert_int_equal(v.n, 0);
	name[0] = '\0';
	assert_int_equal(parse_named(name, 110, &v), -EBADMSG);
	{
		struct nlb b;
		struct nlmsghdr *nlh;
		char big[200];

		memset(big, 'p', sizeof(big));
		nlb_init(&b);
		nlb_end(&b, umsg(&b, AF_UNIX, SOCK_STREAM, SV_STATE_CLOSE, 1, 0));
		nlh = umsg(&b, AF_UNIX, SOCK_STREAM, SV_STATE_CLOSE, 2, 0);
		mnl_attr_put(nlh, UNIX_DIAG_NAME, sizeof(big), big);
		nlb_end(&b, nlh);
		nlb_done(&b);
		assert_int_equal(parse(&b, &v, err, sizeof(err)), -EBADMSG);
		assert_int_equal(v.n, 1); /* the first was delivered */
		assert_non_null(strstr(err, "malformed socket message at byte"));
	}
}

/* Each known attribute shorter than its payload, and a list that runs
 * past its message, are malformed. */
static void test_bad_attributes(void **state)
{
	static const struct { uint16_t type, len; } c[] = {
		{ UNIX_DIAG_VFS, 4 }, { UNIX_DIAG_PEER, 2 }, { UNIX_DIAG_RQLEN, 7 },
		{ UNIX_DIAG_MEMINFO, 3 }, { UNIX_DIAG_SHUTDOWN, 0 }, { UNIX_DIAG_UID, 3 },
	};
	static const char zero[16];
	struct seen v;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		struct nlb b;
		struct nlmsghdr *nlh;
		char big[200];

		memset(big, 'p', sizeof(big));
		nlb_init(&b);
		nlh = umsg(&b, AF_UNIX, SOCK_STREAM, SV_STATE_CLOSE, 1, 0);
		mnl_attr_put(nlh, c[i].type, c[i].len, zero);
		nlb_end(&b, nlh);
		nlb_done(&b);
		if (parse(&b, &v, NULL, 0) != -EBADMSG)
			fail_msg("attribute %u of %u bytes was taken", c[i].type, c[i].len);
	}
	{ /* an attribute whose length runs past the message */
		struct nlb b;
		struct nlmsghdr *nlh;
		struct nlattr *a;

		nlb_init(&b);
		nlh = umsg(&b, AF_UNIX, SOCK_STREAM, SV_STATE_CLOSE, 1, 0);
		mnl_attr_put_u32(nlh, UNIX_DIAG_PEER, 5);
		a = (struct nlattr *)((char *)nlh + NLMSG_HDRLEN + sizeof(struct unix_diag_msg));
		a->nla_len = 200;
		nlb_end(&b, nlh);
		nlb_done(&b);
		assert_int_equal(parse(&b, &v, NULL, 0), -EBADMSG);
	}
	{ /* unknown attributes are skipped; icons of a length not a multiple of 4 */
		struct nlb b;
		struct nlmsghdr *nlh;
		uint32_t ic[3] = { 9, 10, 11 };

		nlb_init(&b);
		nlh = umsg(&b, AF_UNIX, SOCK_STREAM, SV_STATE_LISTEN, 1, 0);
		mnl_attr_put(nlh, 77, 3, "abc");
		mnl_attr_put(nlh, UNIX_DIAG_ICONS, 10, ic);
		mnl_attr_put(nlh, UNIX_DIAG_ICONS + 0, 0, ic); /* then an empty queue */
		nlb_end(&b, nlh);
		nlb_done(&b);
		assert_int_equal(parse(&b, &v, NULL, 0), SV_DIAG_DONE);
		assert_int_equal(v.s[0].un.nicons, 0);
		nlb_init(&b);
		nlh = umsg(&b, AF_UNIX, SOCK_STREAM, SV_STATE_LISTEN, 1, 0);
		mnl_attr_put(nlh, UNIX_DIAG_ICONS, 10, ic);
		nlb_end(&b, nlh);
		nlb_done(&b);
		assert_int_equal(parse(&b, &v, NULL, 0), SV_DIAG_DONE);
		assert_int_equal(v.s[0].un.nicons, 2);
		assert_int_equal(v.icons[0][1], 10);
	}
}

/* A fixed part too short, another family: malformed. */
static void test_truncated_and_family(void **state)
{
	struct nlb b;
	struct nlmsghdr *nlh;
	struct seen v;
	char err[128] = "";

	(void)state;
	nlb_init(&b);
	nlh = nlb_begin(&b, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	mnl_nlmsg_put_extra_header(nlh, 12); /* 12 of unix_diag_msg's 16 bytes */
	((uint8_t *)mnl_nlmsg_get_payload(nlh))[0] = AF_UNIX;
	nlb_end(&b, nlh);
	nlb_done(&b);
	assert_int_equal(parse(&b, &v, err, sizeof(err)), -EBADMSG);
	assert_string_equal(err, "malformed socket message at byte 0");
	nlb_init(&b);
	nlb_end(&b, umsg(&b, AF_INET, SOCK_STREAM, SV_STATE_CLOSE, 1, 0));
	nlb_done(&b);
	assert_int_equal(parse(&b, &v, NULL, 0), -EBADMSG);
	assert_int_equal(v.n, 0);
}

/* The request: states, what it shows, the tag, memory only when asked;
 * a buffer too small is refused. */
static void test_request(void **state)
{
	char buf[256];
	struct sv_dump_req rq = { .table = SV_TABLE_UNIX_STREAM, .family = AF_UNIX,
				  .states = 1u << SV_STATE_LISTEN };
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct unix_diag_req *r;
	int n;

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	n = sv_diag_unix_request(buf, sizeof(buf), &rq, 0x53564103u);
	assert_int_equal(n, NLMSG_HDRLEN + sizeof(*r));
	assert_int_equal(nlh->nlmsg_len, (uint32_t)n);
	assert_int_equal(nlh->nlmsg_type, SOCK_DIAG_BY_FAMILY);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(nlh->nlmsg_seq, 0x53564103u);
	r = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(r->sdiag_family, AF_UNIX);
	assert_int_equal(r->sdiag_protocol, 0);
	assert_int_equal(r->udiag_states, 1u << SV_STATE_LISTEN);
	assert_int_equal(r->udiag_ino, 0);
	assert_int_equal(r->udiag_show, UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER |
					UDIAG_SHOW_ICONS | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID);
	rq.ext = 1u << (INET_DIAG_SKMEMINFO - 1);
	rq.bytecode = "ignored"; /* unix_diag runs no program */
	rq.bclen = 8;
	assert_int_equal(sv_diag_unix_request(buf, sizeof(buf), &rq, 1), n);
	assert_true(r->udiag_show & UDIAG_SHOW_MEMINFO);
	assert_int_equal(sv_diag_unix_request(buf, n - 1, &rq, 1), -E2BIG);
	/* every unix table asks through this builder, from u_str's dump */
	for (int t = SV_TABLE_UNIX_STREAM; t <= SV_TABLE_UNIX_SEQPACKET; t++) {
		const struct sv_table_desc *d = sv_tables_get((enum sv_table)t);

		assert_ptr_equal(d->request, sv_diag_unix_request);
		assert_ptr_equal(d->parse, sv_diag_unix_parse);
		assert_int_equal(d->dump, SV_TABLE_UNIX_STREAM);
		assert_false(d->bytecode);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_attribute),
		cmocka_unit_test(test_table_from_type),
		cmocka_unit_test(test_abstract_names),
		cmocka_unit_test(test_path_names),
		cmocka_unit_test(test_name_lengths),
		cmocka_unit_test(test_bad_attributes),
		cmocka_unit_test(test_truncated_and_family),
		cmocka_unit_test(test_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
