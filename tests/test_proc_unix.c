/* test_proc_unix.c - cmocka suite for the /proc/net/unix line parser: the
 * kernel's lines (names with spaces, abstract names, listeners, every
 * type and state) and malformed ones. */
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

#include "sockview/proc_unix.h"
#include "sockview/unixname.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Parse a copy of line without its NUL (ASan sees a read past its end). */
static int parse(const char *line, struct sv_sock *s, char text[SV_UNIXNAME_TEXT])
{
	size_t len = strlen(line);
	char *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, line, len);
	ret = sv_proc_unix_parse_line(copy, len, s);
	if (ret == SV_PROC_UNIX_SOCKET) {
		assert_true(!s->un.path || (s->un.path >= copy && s->un.path + s->un.path_len <= copy + len));
		sv_unixname_text(text, SV_UNIXNAME_TEXT, s);
		s->un.path = NULL;
	}
	free(copy);
	return ret;
}

static void test_header(void **state)
{
	struct sv_sock s;
	char t[SV_UNIXNAME_TEXT];

	(void)state;
	assert_int_equal(parse("Num       RefCount Protocol Flags    Type St Inode Path\n", &s, t),
			 SV_PROC_UNIX_HEADER);
	assert_int_equal(parse("Num       RefCount Protocol Flags    Type St Inode Path", &s, t),
			 SV_PROC_UNIX_HEADER);
	assert_int_equal(parse("Num       RefCount Protocol Flags    Type St Inode Pathx", &s, t),
			 -EBADMSG);
}

static void test_lines(void **state)
{
	static const struct {
		const char *line;
		enum sv_table table;
		enum sv_state st;
		uint32_t inode;
		const char *text;
		bool abstract;
	} c[] = {
		{ "0000000000000000: 00000002 00000000 00010000 0001 01 12345 /run/x.sock\n",
		  SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, 12345, "/run/x.sock", false },
		{ "ffff8880061e5400: 00000003 00000000 00000000 0001 03  1531\n",
		  SV_TABLE_UNIX_STREAM, SV_STATE_ESTABLISHED, 1531, "", false },
		{ "0000000000000000: 00000002 00000000 00000000 0002 01 99 @abc@d\n",
		  SV_TABLE_UNIX_DGRAM, SV_STATE_CLOSE, 99, "@abc@d", true },
		{ "0000000000000000: 00000002 00000000 00000000 0005 02 7 /a b  c\n",
		  SV_TABLE_UNIX_SEQPACKET, SV_STATE_SYN_SENT, 7, "/a b  c", false },
		{ "0: 2 0 0 0003 04 4294967295 @", /* short fields, no '\n' */
		  SV_TABLE_UNIX_DGRAM, SV_STATE_CLOSING, 4294967295u, "@", true },
		{ "0000000000000000: 00000002 00000000 00000000 0001 00 5",
		  SV_TABLE_UNIX_STREAM, SV_STATE_UNKNOWN, 5, "", false },
		{ "0000000000000000: 00000002 00000000 00000000 0001 0A 5",
		  SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, 5, "", false },
		{ "0000000000000000: 00000002 00000000 00000000 0001 FF 5 /\x1b[31m",
		  SV_TABLE_UNIX_STREAM, SV_STATE_UNKNOWN, 5, "/\x1b[31m", false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		struct sv_sock s;
		char t[SV_UNIXNAME_TEXT] = "";

		if (parse(c[i].line, &s, t) != SV_PROC_UNIX_SOCKET)
			fail_msg("line %zu not parsed", i);
		assert_int_equal(s.family, AF_UNIX);
		assert_int_equal(s.table, c[i].table);
		assert_int_equal(s.state, c[i].st);
		assert_int_equal(s.inode, c[i].inode);
		assert_string_equal(t, c[i].text);
		assert_int_equal(s.un.abstract, c[i].abstract);
		assert_int_equal(s.rqueue, 0);
		assert_int_equal(s.un.peer_ino, 0);
		assert_int_equal(s.cookie, 0);
	}
}

/* A name of 108 bytes is the longest (sun_path). */
static void test_name_length(void **state)
{
	char line[256], t[SV_UNIXNAME_TEXT];
	struct sv_sock s;
	int n = snprintf(line, sizeof(line), "0: 2 0 0 0001 01 3 ");

	(void)state;
	memset(line + n, 'x', 108);
	line[n + 108] = '\0';
	assert_int_equal(parse(line, &s, t), SV_PROC_UNIX_SOCKET);
	assert_int_equal(strlen(t), 108);
	line[n + 108] = 'y';
	line[n + 109] = '\0';
	assert_int_equal(parse(line, &s, t), -EBADMSG);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"\n",
		"garbage",
		"b[31mc d 9388327            * 0", /* the rest of a path with a newline */
		"0000000000000000 00000002 00000000 00000000 0001 01 5",  /* no ':' */
		"0000000000000000:00000002 00000000 00000000 0001 01 5",  /* no space */
		"00000000000000000: 2 0 0 0001 01 5",                    /* 17 hex digits */
		"0: 000000002 0 0 0001 01 5",                            /* 9 hex digits */
		"0: 2 0 0 00001 01 5",                                   /* Type of 5 */
		"0: 2 0 0 0001 001 5",                                   /* St of 3 */
		"0: 2 0 0 0001 01",                                      /* no inode */
		"0: 2 0 0 0001 01 ",                                     /* empty inode */
		"0: 2 0 0 0001 01 x",                                    /* not decimal */
		"0: 2 0 0 0001 01 4294967296",                           /* above u32 */
		"0: 2 0 0 0001 01 12a /x",                               /* digits then junk */
		"0: 2 0 g 0001 01 5",                                    /* not hex */
		"0: 2 0 0 0001 01 5\t/x",                                /* not one space */
		"-1: 2 0 0 0001 01 5",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct sv_sock s;
		char t[SV_UNIXNAME_TEXT];

		if (parse(bad[i], &s, t) != -EBADMSG)
			fail_msg("malformed line %zu was taken: '%s'", i, bad[i]);
	}
	{ /* a NUL byte in the line */
		static const char nul[] = "0: 2 0 0 0001 01 5 /a\0b";
		struct sv_sock s;

		assert_int_equal(sv_proc_unix_parse_line(nul, sizeof(nul) - 1, &s), -EBADMSG);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_name_length),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
