/* test_output_shape.c - cmocka suite for the output options' modules: the
 * column lists (colspec), a value as text (format_value), the sorter's
 * order and the counter's groups, on fabricated records. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/colspec.h"
#include "sockview/format_value.h"
#include "sockview/output_count.h"
#include "sockview/output_sort.h"
#include "sockview/tables.h"

static struct sv_sock tcp(const char *laddr, uint16_t lport, const char *raddr, uint16_t rport,
			  enum sv_state st, uint32_t rq)
{
	struct sv_sock s;
	int fam = strchr(laddr, ':') ? AF_INET6 : AF_INET;

	memset(&s, 0, sizeof(s));
	s.table = SV_TABLE_TCP;
	s.family = (uint8_t)fam;
	s.state = (uint8_t)st;
	assert_int_equal(inet_pton(fam, laddr, s.laddr), 1);
	assert_int_equal(inet_pton(fam, raddr, s.raddr), 1);
	s.lport = lport;
	s.rport = rport;
	s.rqueue = rq;
	return s;
}

static void parse_ok(void **state)
{
	struct sv_colspec c;
	char err[256];

	assert_int_equal(sv_colspec_parse("state,LOCAL,lport,process,RTT", SV_COLSPEC_COLUMNS,
					  &c, err, sizeof(err)), 0);
	assert_int_equal(c.n, 5);
	assert_false(c.relative);
	assert_int_equal(c.col[0].kind, SV_COL_STATE);
	assert_string_equal(c.col[0].field->name, "state");
	assert_int_equal(c.col[1].kind, SV_COL_LOCAL);
	assert_null(c.col[1].field);
	assert_string_equal(c.col[2].name, "local.port");
	assert_int_equal(c.col[3].kind, SV_COL_PROCESS);
	assert_true(sv_colspec_needs(&c) & SV_NEED_PROCS);
	assert_true(sv_colspec_needs(&c) & SV_NEED_INFO);

	assert_int_equal(sv_colspec_parse("+uid,-class", SV_COLSPEC_COLUMNS, &c, err,
					  sizeof(err)), 0);
	assert_true(c.relative);
	assert_int_equal(c.col[0].op, SV_COL_ADD);
	assert_int_equal(c.col[1].op, SV_COL_DROP);
	assert_int_equal(sv_colspec_needs(&c), 0);

	assert_int_equal(sv_colspec_parse("-recv_q,local", SV_COLSPEC_SORT, &c, err,
					  sizeof(err)), 0);
	assert_true(c.col[0].desc);
	assert_false(c.col[1].desc);
}

static void parse_bad(void **state)
{
	static const struct { const char *list; enum sv_colspec_use use; const char *msg; } cases[] = {
		{ "", SV_COLSPEC_COLUMNS, "empty item 1" },
		{ "state,", SV_COLSPEC_COLUMNS, "empty item 2" },
		{ ",state", SV_COLSPEC_SORT, "empty item 1" },
		{ "state,nope", SV_COLSPEC_COLUMNS, "unknown field 'nope' (item 2 of --columns)" },
		{ "+state", SV_COLSPEC_SORT, "item 1 of --sort" },
		{ "-state", SV_COLSPEC_COUNT, "unknown field '-state' (item 1 of --count)" },
		{ "+", SV_COLSPEC_COLUMNS, "unknown field '' (item 1" },
		{ "local.", SV_COLSPEC_COLUMNS, "unknown field 'local.'" },
		{ "state,STATE", SV_COLSPEC_COUNT, "names 'STATE' twice" },
		{ "\x1b[2J", SV_COLSPEC_COLUMNS, "unknown field '\\x1b[2J'" },
	};
	struct sv_colspec c;
	char err[256], many[64 * 6 + 16] = "";

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_int_equal(sv_colspec_parse(cases[i].list, cases[i].use, &c, err, sizeof(err)),
				 -EINVAL);
		if (!strstr(err, cases[i].msg))
			fail_msg("'%s': got '%s', want '%s'", cases[i].list, err, cases[i].msg);
	}
	for (int i = 0; i < 65; i++)
		strcat(many, i ? ",uid" : "uid");
	assert_int_equal(sv_colspec_parse(many, SV_COLSPEC_SORT, &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "names 'uid' twice"));
	many[0] = '\0';
	for (int i = 0; i < 65; i++)
		strcat(many, i % 2 ? ",+uid" : (i ? ",-uid" : "-uid"));
	assert_int_equal(sv_colspec_parse(many, SV_COLSPEC_COLUMNS, &c, err, sizeof(err)), -EINVAL);
}

static void json_members(void **state)
{
	struct sv_colspec c;
	char err[256];
	const char *name = NULL;

	assert_int_equal(sv_colspec_parse("local,netns", SV_COLSPEC_COLUMNS, &c, err,
					  sizeof(err)), 0);
	assert_true(sv_colspec_item_has(&c.col[0], sv_fields_find("local.port")));
	assert_true(sv_colspec_item_has(&c.col[0], sv_fields_find("local.address")));
	assert_false(sv_colspec_item_has(&c.col[0], sv_fields_find("peer.port")));
	assert_true(sv_colspec_item_has(&c.col[1], sv_fields_find("netns.inode")));
	assert_false(sv_colspec_json_missing(&c, &name));
	assert_int_equal(sv_colspec_parse("state,class", SV_COLSPEC_COLUMNS, &c, err,
					  sizeof(err)), 0);
	assert_true(sv_colspec_json_missing(&c, &name));
	assert_string_equal(name, "class");
}

static char *value_text(const char *field, const struct sv_sock *s)
{
	struct sv_textbuf b = { 0 };
	struct sv_field_ctx ctx = { 0 };
	char *out;

	assert_int_equal(sv_format_value_field(&b, sv_fields_find(field), &ctx, s), 0);
	out = strndup(b.p, b.len);
	sv_textbuf_free(&b);
	return out;
}

static void values(void **state)
{
	struct sv_sock s = tcp("::1", 22, "::1", 40000, SV_STATE_ESTABLISHED, 7);
	struct sv_sock u;
	static const char hostile[] = "/tmp/\x1b]0;owned\x07\n";
	char *t;

	s.v6only = true;
	s.cookie = 0xabcdef;
	t = value_text("local.address", &s);
	assert_string_equal(t, "::1");
	free(t);
	t = value_text("peer.port", &s);
	assert_string_equal(t, "40000");
	free(t);
	t = value_text("cookie", &s);
	assert_string_equal(t, "abcdef");
	free(t);
	t = value_text("v6only", &s);
	assert_string_equal(t, "yes");
	free(t);
	t = value_text("local.path", &s); /* not a unix socket's field */
	assert_string_equal(t, "-");
	free(t);

	memset(&u, 0, sizeof(u));
	u.table = SV_TABLE_UNIX_STREAM;
	u.family = AF_UNIX;
	u.un.path = hostile;
	u.un.path_len = sizeof(hostile) - 1;
	t = value_text("local.path", &u);
	for (const char *p = t; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	assert_non_null(strstr(t, "\\x1b"));
	free(t);
}

/* Netlink groups: the first 32 as bits, or the kernel's whole bitmap
 * (group n is bit n-1 of its longs, which are native: the bytes here are
 * for a little-endian host's 64-bit longs). */
static void groups(void **state)
{
	struct sv_sock s;
	static const uint8_t bitmap[16] = { 0x11, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 1 };
	char *t;

	memset(&s, 0, sizeof(s));
	s.table = SV_TABLE_NETLINK;
	s.family = AF_NETLINK;
	s.nl.groups32 = 1u << 0 | 1u << 4 | 1u << 31;
	t = value_text("netlink.groups", &s);
	assert_string_equal(t, "1,5,32");
	free(t);
	s.nl.groups32 = 0;
	t = value_text("netlink.groups", &s);
	assert_string_equal(t, "-");
	free(t);
	s.nl.groups = bitmap;
	s.nl.groups_len = sizeof(bitmap);
	t = value_text("netlink.groups", &s);
	assert_string_equal(t, "1,5,64,121");
	free(t);
}

static void sort_order(void **state)
{
	struct sv_sock a = tcp("10.0.0.9", 80, "10.0.0.1", 1, SV_STATE_ESTABLISHED, 5);
	struct sv_sock b = tcp("10.0.0.10", 80, "10.0.0.1", 1, SV_STATE_ESTABLISHED, 50);
	struct sv_sock c = tcp("::1", 80, "::1", 1, SV_STATE_ESTABLISHED, 5);
	struct sv_sock unix_s;
	struct sv_colspec by;
	struct sv_field_ctx ctx = { 0 };
	char err[256];

	/* addresses as addresses: .9 before .10, IPv4 before IPv6 */
	assert_int_equal(sv_colspec_parse("local", SV_COLSPEC_SORT, &by, err, sizeof(err)), 0);
	assert_true(sv_output_sort_cmp(&by, &ctx, &a, &b) < 0);
	assert_true(sv_output_sort_cmp(&by, &ctx, &b, &c) < 0);
	/* numbers as numbers, '-' the other way */
	assert_int_equal(sv_colspec_parse("-recv_q", SV_COLSPEC_SORT, &by, err, sizeof(err)), 0);
	assert_true(sv_output_sort_cmp(&by, &ctx, &b, &a) < 0);
	assert_int_equal(sv_output_sort_cmp(&by, &ctx, &a, &c), 0);
	/* a row without the field goes last, either way */
	memset(&unix_s, 0, sizeof(unix_s));
	unix_s.table = SV_TABLE_UNIX_STREAM;
	unix_s.family = AF_UNIX;
	assert_int_equal(sv_colspec_parse("-local.port", SV_COLSPEC_SORT, &by, err, sizeof(err)), 0);
	assert_true(sv_output_sort_cmp(&by, &ctx, &a, &unix_s) < 0);
	assert_int_equal(sv_colspec_parse("local.port", SV_COLSPEC_SORT, &by, err, sizeof(err)), 0);
	assert_true(sv_output_sort_cmp(&by, &ctx, &a, &unix_s) < 0);
	assert_true(sv_output_sort_cmp(&by, &ctx, &unix_s, &a) > 0);
}

/* The rows a sorter handed on, by their receive queues. */
struct seen {
	uint32_t rq[8];
	int n;
	bool finished;
};

static int seen_row(void *ctx, const struct sv_sock *s)
{
	struct seen *z = ctx;

	z->rq[z->n++] = s->rqueue;
	return 0;
}

static int seen_finish(void *ctx)
{
	((struct seen *)ctx)->finished = true;
	return 0;
}

static void seen_close(void *ctx)
{
}

static void sorter(void **state)
{
	struct seen z = { 0 };
	struct sv_output out = { .row = seen_row, .finish = seen_finish, .close = seen_close,
				 .ctx = &z };
	struct sv_colspec by;
	struct sv_field_ctx ctx = { 0 };
	char err[256];
	static const uint32_t ports[] = { 443, 22, 443, 80, 22 };

	assert_int_equal(sv_colspec_parse("local.port", SV_COLSPEC_SORT, &by, err, sizeof(err)), 0);
	assert_int_equal(sv_output_sort_wrap(&out, &by, &ctx), 0);
	for (uint32_t i = 0; i < 5; i++) {
		struct sv_sock s = tcp("127.0.0.1", (uint16_t)ports[i], "0.0.0.0", 0,
				       SV_STATE_LISTEN, i);
		static const uint8_t info[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
		uint8_t msg[8];

		memcpy(msg, info, sizeof(msg));
		s.tcp_info = msg; /* a block in a message that goes away */
		s.tcp_info_len = sizeof(msg);
		assert_int_equal(out.row(out.ctx, &s), 0);
		memset(msg, 0, sizeof(msg));
	}
	assert_int_equal(z.n, 0); /* nothing before the end */
	assert_int_equal(out.finish(out.ctx), 0);
	assert_true(z.finished);
	/* 22 (rows 1, 4), 80 (3), 443 (0, 2): ties in the order they came */
	assert_int_equal(z.n, 5);
	assert_int_equal(z.rq[0], 1);
	assert_int_equal(z.rq[1], 4);
	assert_int_equal(z.rq[2], 3);
	assert_int_equal(z.rq[3], 0);
	assert_int_equal(z.rq[4], 2);
	sv_output_close(&out);
}

static char *count_text(const char *by_list, enum sv_count_format fmt, const struct sv_sock *s,
			size_t n)
{
	struct sv_colspec by = { 0 };
	struct sv_fmt_opts fo = { .numeric = true };
	struct sv_count_opts o = { .by = &by, .format = fmt, .header = true, .fo = &fo };
	struct sv_output out;
	char err[256], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (by_list)
		assert_int_equal(sv_colspec_parse(by_list, SV_COLSPEC_COUNT, &by, err, sizeof(err)), 0);
	assert_int_equal(sv_output_count_open(f, &o, &out), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(out.row(out.ctx, &s[i]), 0);
	assert_int_equal(out.finish(out.ctx), 0);
	sv_output_close(&out);
	fclose(f);
	return buf;
}

static void counter(void **state)
{
	struct sv_sock s[2100];
	char *t;

	for (int i = 0; i < 2100; i++) /* more groups than the first table */
		s[i] = tcp("10.0.0.1", (uint16_t)(i < 100 ? 80 : 1000 + i),
			   i % 3 ? "10.0.0.2" : "10.0.0.10", 5, i % 2 ? SV_STATE_ESTABLISHED :
			   SV_STATE_TIME_WAIT, 0);
	t = count_text("state", SV_COUNT_TABLE, s, 5);
	assert_string_equal(t, "Count State\n    3 TIME-WAIT\n    2 ESTAB\n");
	free(t);
	t = count_text(NULL, SV_COUNT_TABLE, s, 2100);
	assert_string_equal(t, "Count\n 2100\n");
	free(t);
	t = count_text(NULL, SV_COUNT_JSON, s, 0);
	assert_string_equal(t, "[\n{\"count\":0}\n]\n");
	free(t);
	t = count_text("local.port,peer.address", SV_COUNT_JSON_LINES, s, 6);
	assert_string_equal(t, "{\"local.port\":80,\"peer.address\":\"10.0.0.2\",\"count\":4}\n"
			       "{\"local.port\":80,\"peer.address\":\"10.0.0.10\",\"count\":2}\n");
	free(t);
	/* equal counts: numbers as numbers (80 before 1100) */
	t = count_text("local.port", SV_COUNT_TABLE, s + 98, 4);
	assert_string_equal(t, "Count Local Port\n    2 80\n    1 1100\n    1 1101\n");
	free(t);
	t = count_text("local.port", SV_COUNT_JSON, s, 2100);
	assert_non_null(strstr(t, "{\"local.port\":80,\"count\":100},\n"));
	assert_non_null(strstr(t, "{\"local.port\":3099,\"count\":1}\n]\n"));
	free(t);
	/* local: the table's text */
	t = count_text("local", SV_COUNT_TABLE, s, 3);
	assert_string_equal(t, "Count Local Address:Port\n    3 10.0.0.1:80\n");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_ok),
		cmocka_unit_test(parse_bad),
		cmocka_unit_test(json_members),
		cmocka_unit_test(values),
		cmocka_unit_test(groups),
		cmocka_unit_test(sort_order),
		cmocka_unit_test(sorter),
		cmocka_unit_test(counter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
