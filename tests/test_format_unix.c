/* test_format_unix.c - cmocka suite for unix sockets in every output:
 * ss's cells (names escaped, a 108-byte path whole, abstract names with
 * NULs), sockview's table and ss's layout, and the JSON members. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/classify.h"
#include "sockview/format.h"
#include "sockview/format_json.h"
#include "sockview/tables.h"

static struct sv_sock mk(enum sv_table t, enum sv_state st, uint32_t ino,
			 const char *name, size_t len, uint32_t peer)
{
	struct sv_sock s;

	memset(&s, 0, sizeof(s));
	s.table = (uint8_t)t;
	s.family = AF_UNIX;
	s.state = (uint8_t)st;
	s.inode = ino;
	s.cookie = 0xabc;
	s.un.peer_ino = peer;
	if (name && name[0] == '\0' && len > 0) {
		s.un.abstract = true;
		s.un.path = name + 1;
		s.un.path_len = (uint16_t)(len - 1);
	} else if (name && len > 0) {
		s.un.path = name;
		s.un.path_len = (uint16_t)len;
	}
	return s;
}

#define STR(t, st, ino, lit, peer) mk(t, st, ino, lit, sizeof(lit) - 1, peer)

static void cells(const struct sv_sock *s, struct sv_cells *c)
{
	struct sv_fmt_opts o = { .netid = true, .state = true };

	sv_format_cells(&o, s, c);
}

static void test_cells(void **state)
{
	struct sv_cells c;
	struct sv_sock s;

	(void)state;
	s = STR(SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, 4242, "/run/x.sock", 0);
	s.rqueue = 1;
	s.wqueue = 128;
	cells(&s, &c);
	assert_string_equal(c.text[SV_CELL_NETID], "u_str");
	assert_string_equal(c.text[SV_CELL_STATE], "LISTEN");
	assert_string_equal(c.text[SV_CELL_RECVQ], "1");
	assert_string_equal(c.text[SV_CELL_SENDQ], "128");
	assert_string_equal(c.text[SV_CELL_LADDR], "/run/x.sock ");
	assert_string_equal(c.text[SV_CELL_LPORT], "4242");
	assert_string_equal(c.text[SV_CELL_RADDR], "* ");
	assert_string_equal(c.text[SV_CELL_RPORT], "0");
	assert_int_equal(c.len[SV_CELL_LADDR], 12);
	s = STR(SV_TABLE_UNIX_DGRAM, SV_STATE_ESTABLISHED, 7, "", 8);
	cells(&s, &c);
	assert_string_equal(c.text[SV_CELL_NETID], "u_dgr");
	assert_string_equal(c.text[SV_CELL_LADDR], "* ");
	assert_string_equal(c.text[SV_CELL_RPORT], "8");
	s = STR(SV_TABLE_UNIX_SEQPACKET, SV_STATE_ESTABLISHED, 4294967295u, "\0a\0b", 4294967294u);
	cells(&s, &c);
	assert_string_equal(c.text[SV_CELL_NETID], "u_seq");
	assert_string_equal(c.text[SV_CELL_LADDR], "@a@b ");
	assert_string_equal(c.text[SV_CELL_LPORT], "4294967295");
	assert_string_equal(c.text[SV_CELL_RPORT], "4294967294");
}

/* Untrusted bytes are escaped; the longest name, every byte escaped, fits
 * its cell whole. */
static void test_cells_escaped(void **state)
{
	char path[109];
	struct sv_cells c;
	struct sv_sock s;

	(void)state;
	s = STR(SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, 1, "/t/a\nb\x1b[31mc d\"\\\xff", 0);
	cells(&s, &c);
	assert_string_equal(c.text[SV_CELL_LADDR], "/t/a\\x0ab\\x1b[31mc\\x20d\\\"\\\\\\xff ");
	memset(path, 0x1b, 108);
	s = mk(SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, 1, path, 108, 0);
	cells(&s, &c);
	assert_int_equal(c.len[SV_CELL_LADDR], 108 * 4 + 1);
	assert_int_equal(strlen(c.text[SV_CELL_LADDR]), 108 * 4 + 1);
	assert_null(memchr(c.text[SV_CELL_LADDR], 0x1b, c.len[SV_CELL_LADDR]));
	assert_memory_equal(c.text[SV_CELL_LADDR] + 107 * 4, "\\x1b ", 6);
	path[0] = '\0'; /* an abstract name of 107 bytes */
	s = mk(SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, 1, path, 108, 0);
	cells(&s, &c);
	assert_int_equal(c.len[SV_CELL_LADDR], 1 + 107 * 4 + 1);
	assert_int_equal(c.text[SV_CELL_LADDR][0], '@');
}

static char *render(bool ss, const struct sv_sock *rows, size_t n, bool classify)
{
	struct sv_fmt_opts o = { .netid = true, .state = true, .header = true,
				 .screen_width = -1 };
	struct sv_classify *cls = malloc(sizeof(*cls));
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(cls);
	assert_non_null(f);
	sv_classify_init(cls, 32768, 60999);
	if (ss) {
		struct sv_ss_fmt *t = NULL;

		assert_int_equal(sv_format_ss_new(f, &o, &t), 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(sv_format_ss_row(t, &rows[i]), 0);
		assert_int_equal(sv_format_ss_finish(t), 0);
		sv_format_ss_free(t);
	} else {
		struct sv_table_fmt *t = NULL;

		assert_int_equal(sv_format_table_new(f, &o, &t), 0);
		for (size_t i = 0; i < n; i++) {
			struct sv_sock s = rows[i];

			if (classify)
				sv_classify_sock(cls, &s);
			assert_int_equal(sv_format_table_row(t, &s), 0);
		}
		assert_int_equal(sv_format_table_finish(t), 0);
		sv_format_table_free(t);
	}
	assert_int_equal(fclose(f), 0);
	sv_classify_release(cls);
	free(cls);
	return buf;
}

/* sockview's rows: ss's cells, then Role, Class and Service, never an
 * empty field; ss's layout: its widths (the port glued to its name). */
static void test_layouts(void **state)
{
	struct sv_sock rows[3];
	char *got;

	(void)state;
	rows[0] = STR(SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, 10, "/run/srv", 0);
	rows[0].wqueue = 5;
	rows[1] = STR(SV_TABLE_UNIX_STREAM, SV_STATE_ESTABLISHED, 12, "", 11);
	rows[2] = STR(SV_TABLE_UNIX_DGRAM, SV_STATE_CLOSE, 13, "\0" "0a1b2", 0);
	got = render(false, rows, 3, true);
	assert_string_equal(got,
		"Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Role Class Service\n"
		"u_str LISTEN 0      5      /run/srv 10 * 0 listen path -\n"
		"u_str ESTAB 0      0      * 12 * 11 unknown unnamed -\n"
		"u_dgr UNCONN 0      0      @0a1b2 13 * 0 listen autobound -\n");
	free(got);
	/* without classification: "-" for each own column */
	got = render(false, rows + 1, 1, false);
	assert_non_null(strstr(got, "u_str ESTAB 0      0      * 12 * 11 - - -\n"));
	free(got);
	got = render(true, rows, 3, false);
	assert_string_equal(got,
		"Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
		"u_str LISTEN 0      5           /run/srv 10              * 0          \n"
		"u_str ESTAB  0      0                  * 12              * 11         \n"
		"u_dgr UNCONN 0      0             @0a1b2 13              * 0          \n");
	free(got);
}

static char *json(const struct sv_sock *s)
{
	struct sv_json_opts o = { .lines = true };
	struct sv_json_fmt *j = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(sv_format_json_new(f, &o, &j), 0);
	assert_int_equal(sv_format_json_row(j, s), 0);
	assert_int_equal(sv_format_json_finish(j), 0);
	sv_format_json_free(j);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_json(void **state)
{
	struct sv_classify *cls = malloc(sizeof(*cls));
	struct sv_sock s;
	char *got;

	(void)state;
	assert_non_null(cls);
	sv_classify_init(cls, 32768, 60999);
	s = STR(SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, 10, "/run/a\"b\n", 0);
	s.wqueue = 5;
	s.uid = 1000;
	sv_classify_sock(cls, &s);
	got = json(&s);
	assert_string_equal(got,
		"{\"netid\":\"u_str\",\"state\":\"LISTEN\",\"recv_q\":0,\"send_q\":5,"
		"\"local\":{\"path\":\"/run/a\\\"b\\n\",\"inode\":10},\"peer\":{\"inode\":0},"
		"\"family\":\"unix\",\"role\":\"listen\",\"name_class\":\"path\","
		"\"service\":null,\"uid\":1000,\"inode\":10,\"cookie\":\"abc\"}\n");
	free(got);
	s = STR(SV_TABLE_UNIX_SEQPACKET, SV_STATE_ESTABLISHED, 11, "\0a\0\xff", 12);
	sv_classify_sock(cls, &s);
	got = json(&s);
	assert_string_equal(got,
		"{\"netid\":\"u_seq\",\"state\":\"ESTAB\",\"recv_q\":0,\"send_q\":0,"
		"\"local\":{\"abstract\":\"a\\u0000\\u00ff\",\"inode\":11},\"peer\":{\"inode\":12},"
		"\"family\":\"unix\",\"role\":\"unknown\",\"name_class\":\"abstract\","
		"\"service\":null,\"uid\":0,\"inode\":11,\"cookie\":\"abc\"}\n");
	free(got);
	s = STR(SV_TABLE_UNIX_DGRAM, SV_STATE_CLOSE, 13, "", 0);
	sv_classify_sock(cls, &s);
	got = json(&s);
	assert_non_null(strstr(got, "\"local\":{\"inode\":13},\"peer\":{\"inode\":0},"
				    "\"family\":\"unix\",\"role\":\"unknown\","
				    "\"name_class\":\"unnamed\""));
	free(got);
	sv_classify_release(cls);
	free(cls);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_cells_escaped),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
