/* test_proc_parse.c - cmocka suite for the walk over a /proc/net file's
 * text: the same records whatever the chunks it is fed in, the header
 * check, malformed lines counted and skipped (with file and line in the
 * message), overlong and unterminated lines, an empty file, the state mask,
 * the early stop of a look for listeners, a callback's error; and the
 * column and number readers. */
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

#include "sockview/proc_inet.h"
#include "sockview/proc_parse.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define HDR "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when " \
	    "retrnsmt   uid  timeout inode\n"
#define L(n, port, st, ino)                                                    \
	"  " #n ": 0100007F:" port " 00000000:0000 " st " 00000000:00000000 "  \
	"00:00000000 00000000     0        0 " #ino " 1 0000000000000000 100 0 0 10 0\n"

/* Three listeners, then two connections: the kernel's order. */
static const char FILE1[] = HDR L(0, "0016", "0A", 11) L(1, "0050", "0A", 12)
	L(2, "01BB", "0A", 13) L(3, "0016", "01", 14) L(4, "0050", "06", 0);

struct got {
	uint32_t inode[16];
	uint8_t state[16];
	size_t n;
	int fail_at; /* return -EPIPE at this row (1-based), 0: never */
};

static int cb(const struct sv_sock *s, void *data)
{
	struct got *g = data;

	assert_int_equal(s->table, SV_TABLE_TCP);
	assert_true(s->have & SV_FROM_PROCNET);
	if (g->fail_at && (int)g->n + 1 == g->fail_at)
		return -EPIPE;
	assert_true(g->n < 16);
	g->inode[g->n] = s->inode;
	g->state[g->n++] = s->state;
	return 0;
}

static void walk_init(struct sv_proc_walk *w, struct got *g, uint32_t states)
{
	memset(w, 0, sizeof(*w));
	w->parse = sv_proc_inet_parse;
	w->header = "sl";
	w->table = SV_TABLE_TCP;
	w->family = AF_INET;
	w->states = states;
	w->cb = cb;
	w->data = g;
	sv_proc_parse_init(w);
}

/* Feed text in chunks of at most chunk bytes, keeping the unconsumed rest
 * as a reader does; the end's status, or the feed's error. */
static int walk(struct sv_proc_walk *w, const char *text, size_t len, size_t chunk,
		char *err, size_t errlen)
{
	char *buf = malloc(len + 1);
	size_t have = 0, off = 0;

	assert_non_null(buf);
	while (off < len) {
		size_t n = len - off < chunk ? len - off : chunk;
		ssize_t used;

		memcpy(buf + have, text + off, n);
		off += n;
		have += n;
		used = sv_proc_parse_feed(w, buf, have);
		if (used == -EBADMSG && w->fatal)
			break; /* the end says what is wrong */
		if (used < 0) {
			free(buf);
			return (int)used;
		}
		assert_true((size_t)used <= have);
		if (w->done)
			break;
		have -= (size_t)used;
		assert_true(have <= SV_PROC_LINE_MAX);
		memmove(buf, buf + used, have);
	}
	free(buf);
	return sv_proc_parse_end(w, w->done || w->fatal ? 0 : have, "/proc/net/tcp", err,
				 errlen);
}

/* Every chunk size gives the same five records in file order. */
static void test_chunks(void **state)
{
	for (size_t chunk = 1; chunk <= sizeof(FILE1); chunk++) {
		struct sv_proc_walk w;
		struct got g = { 0 };
		char err[256] = "";

		walk_init(&w, &g, SV_STATES_ALL);
		assert_int_equal(walk(&w, FILE1, sizeof(FILE1) - 1, chunk, err, sizeof(err)), 0);
		assert_int_equal(g.n, 5);
		assert_int_equal(g.inode[0], 11);
		assert_int_equal(g.inode[3], 14);
		assert_int_equal(g.state[4], SV_STATE_TIME_WAIT);
		assert_int_equal(w.line, 6);
		assert_int_equal(w.rows, 5);
	}
}

/* The state mask; a look for listeners stops at the first other line (the
 * rest of the file is not even parsed: the garbage after it is not seen). */
static void test_states_and_stop(void **state)
{
	static const char text[] = HDR L(0, "0016", "0A", 11) L(1, "0050", "01", 12)
		L(2, "01BB", "0A", 13) "garbage\n";
	struct sv_proc_walk w;
	struct got g = { 0 };
	char err[256] = "";

	walk_init(&w, &g, 1u << SV_STATE_ESTABLISHED);
	assert_int_equal(walk(&w, FILE1, sizeof(FILE1) - 1, 7, err, sizeof(err)), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.inode[0], 14);

	memset(&g, 0, sizeof(g));
	walk_init(&w, &g, 1u << SV_STATE_LISTEN);
	w.stop_outside = true;
	assert_int_equal(walk(&w, text, sizeof(text) - 1, 4096, err, sizeof(err)), 0);
	assert_true(w.done);
	assert_int_equal(g.n, 1);
	assert_int_equal(w.bad, 0);

	memset(&g, 0, sizeof(g)); /* without the stop: all listeners, one bad line */
	walk_init(&w, &g, 1u << SV_STATE_LISTEN);
	assert_int_equal(walk(&w, text, sizeof(text) - 1, 4096, err, sizeof(err)), -EBADMSG);
	assert_int_equal(g.n, 2);
	assert_string_equal(err, "/proc/net/tcp line 5: 1 column where the kernel "
				 "writes at least 12; the line was skipped");
}

/* Malformed lines are skipped and counted; the message names the first by
 * its line number; the good rows around them are delivered. */
static void test_malformed_lines(void **state)
{
	static const char text[] = HDR L(0, "0016", "0A", 11)
		"   1: 0100007F:0016 00000000:0000 0Z 00000000:00000000 00:00000000 "
		"00000000 0 0 12 1 0\n"
		L(2, "01BB", "0A", 13) "\n" "   4: a\0b\n" L(5, "01BB", "01", 15);
	struct sv_proc_walk w;
	struct got g = { 0 };
	char err[256] = "";

	walk_init(&w, &g, SV_STATES_ALL);
	assert_int_equal(walk(&w, text, sizeof(text) - 1, 10, err, sizeof(err)), -EBADMSG);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.inode[2], 15);
	assert_int_equal(w.bad, 3);
	assert_string_equal(err, "/proc/net/tcp line 3: bad state '0Z'; 3 malformed lines "
				 "were skipped");
}

/* A line longer than SV_PROC_LINE_MAX is one malformed line, whether it
 * comes in one chunk or many; the header too long: no such file. */
static void test_overlong(void **state)
{
	size_t pad = SV_PROC_LINE_MAX + 100;
	size_t n1 = strlen(HDR), n2 = strlen(L(0, "0016", "0A", 11));
	char *text = malloc(n1 + pad + 1 + n2 + 1);
	size_t chunks[] = { 1, 100, SV_PROC_LINE_MAX, 2 * SV_PROC_LINE_MAX, 8192 };

	assert_non_null(text);
	memcpy(text, HDR, n1);
	memset(text + n1, 'x', pad);
	text[n1 + pad] = '\n';
	memcpy(text + n1 + pad + 1, L(0, "0016", "0A", 11), n2);
	for (size_t i = 0; i < ARRAY_LEN(chunks); i++) {
		struct sv_proc_walk w;
		struct got g = { 0 };
		char err[256] = "";

		walk_init(&w, &g, SV_STATES_ALL);
		assert_int_equal(walk(&w, text, n1 + pad + 1 + n2, chunks[i], err, sizeof(err)),
				 -EBADMSG);
		assert_int_equal(g.n, 1);
		assert_int_equal(w.line, 3);
		assert_string_equal(err, "/proc/net/tcp line 2: a line longer than 1024 "
					 "bytes; the line was skipped");
	}
	for (size_t i = 0; i < ARRAY_LEN(chunks); i++) { /* the header is overlong */
		struct sv_proc_walk w;
		struct got g = { 0 };
		char err[256] = "";

		walk_init(&w, &g, SV_STATES_ALL);
		assert_int_equal(walk(&w, text + n1, pad + 1 + n2, chunks[i], err, sizeof(err)),
				 -EBADMSG);
		assert_int_equal(g.n, 0);
		assert_true(w.fatal);
	}
	free(text);
}

/* The last line cut short (no newline): its rows before stand. */
static void test_unterminated(void **state)
{
	static const char text[] = HDR L(0, "0016", "0A", 11) "   1: 0100007F:0016";
	struct sv_proc_walk w;
	struct got g = { 0 };
	char err[256] = "";

	walk_init(&w, &g, SV_STATES_ALL);
	assert_int_equal(walk(&w, text, sizeof(text) - 1, 5, err, sizeof(err)), -EBADMSG);
	assert_int_equal(g.n, 1);
	assert_string_equal(err, "/proc/net/tcp line 3: the last line has no newline "
				 "(the file was cut short); the line was skipped");
	/* a complete last line without its newline is cut short too */
	memset(&g, 0, sizeof(g));
	walk_init(&w, &g, SV_STATES_ALL);
	assert_int_equal(walk(&w, FILE1, sizeof(FILE1) - 2, 3, err, sizeof(err)), -EBADMSG);
	assert_int_equal(g.n, 4);
}

/* The header: another table's file, an empty file, no file at all. */
static void test_header(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "Num       RefCount Protocol Flags    Type St Inode Path\n"
		  "0000000000000000: 00000002 00000000 00000000 0002 01 1 /x\n",
		  "/proc/net/tcp line 1: the header starts with 'Num', not 'sl' "
		  "(not this table's file?)" },
		{ "\n" L(0, "0016", "0A", 11), "/proc/net/tcp line 1: an empty header line" },
		{ "   \t \n", "/proc/net/tcp line 1: a blank header line" },
		{ "\x1b]0;x\x07 sl\n", "the header starts with '\\x1b]0;x\\x07'" },
		{ "", "/proc/net/tcp is empty: no header line" },
		{ "  sl", "/proc/net/tcp line 1: the last line has no newline" },
		{ L(0, "0016", "0A", 11), "the header starts with '0:'" },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct sv_proc_walk w;
		struct got g = { 0 };
		char err[256] = "";

		walk_init(&w, &g, SV_STATES_ALL);
		assert_int_equal(walk(&w, cases[i].text, strlen(cases[i].text), 16, err,
				      sizeof(err)), -EBADMSG);
		assert_int_equal(g.n, 0);
		if (!strstr(err, cases[i].msg))
			fail_msg("case %zu: '%s'", i, err);
	}
}

/* No header check when the table names none; a header alone is a table
 * without sockets. */
static void test_header_only(void **state)
{
	struct sv_proc_walk w;
	struct got g = { 0 };
	char err[256] = "";

	walk_init(&w, &g, SV_STATES_ALL);
	assert_int_equal(walk(&w, HDR, strlen(HDR), 4096, err, sizeof(err)), 0);
	assert_int_equal(g.n, 0);
	walk_init(&w, &g, SV_STATES_ALL);
	w.header = NULL;
	assert_int_equal(walk(&w, "anything\n", 9, 4096, err, sizeof(err)), 0);
}

/* The callback's error stops the walk at once and comes back as is. */
static void test_callback_error(void **state)
{
	struct sv_proc_walk w;
	struct got g = { .fail_at = 2 };
	char err[256] = "";

	walk_init(&w, &g, SV_STATES_ALL);
	assert_int_equal(walk(&w, FILE1, sizeof(FILE1) - 1, 4096, err, sizeof(err)), -EPIPE);
	assert_int_equal(g.n, 1);
	assert_string_equal(err, "");
}

static void test_cols(void **state)
{
	struct sv_proc_col c[3];

	assert_int_equal(sv_proc_parse_cols("", 0, c, 3), 0);
	assert_int_equal(sv_proc_parse_cols(" \t ", 3, c, 3), 0);
	assert_int_equal(sv_proc_parse_cols("  a bb\tccc  d ", 14, c, 3), 4);
	assert_int_equal(c[0].n, 1);
	assert_memory_equal(c[1].p, "bb", 2);
	assert_int_equal(c[2].n, 3);
	assert_int_equal(sv_proc_parse_cols("a b", 1, c, 3), 1); /* within len */
}

static void test_numbers(void **state)
{
	uint64_t v;
	int32_t i;

	assert_true(sv_proc_parse_hex("ffffFFFFffffFFFF", 16, 16, &v));
	assert_true(v == UINT64_MAX);
	assert_false(sv_proc_parse_hex("10000000000000000", 17, 17, &v));
	assert_false(sv_proc_parse_hex("123", 3, 2, &v));
	assert_false(sv_proc_parse_hex("", 0, 2, &v));
	assert_false(sv_proc_parse_hex("+1", 2, 2, &v));
	assert_true(sv_proc_parse_dec("18446744073709551615", 20, UINT64_MAX, &v));
	assert_true(v == UINT64_MAX);
	assert_false(sv_proc_parse_dec("18446744073709551616", 20, UINT64_MAX, &v));
	assert_true(sv_proc_parse_dec("4294967295", 10, UINT32_MAX, &v));
	assert_false(sv_proc_parse_dec("4294967296", 10, UINT32_MAX, &v));
	assert_false(sv_proc_parse_dec("5", 1, 4, &v));
	assert_true(sv_proc_parse_dec("0", 1, 0, &v));
	assert_false(sv_proc_parse_dec("1", 1, 0, &v));
	assert_false(sv_proc_parse_dec(" 1", 2, 9, &v));
	assert_true(sv_proc_parse_int("-2147483648", 11, &i));
	assert_int_equal(i, INT32_MIN);
	assert_false(sv_proc_parse_int("-2147483649", 11, &i));
	assert_true(sv_proc_parse_int("2147483647", 10, &i));
	assert_false(sv_proc_parse_int("2147483648", 10, &i));
	assert_false(sv_proc_parse_int("-", 1, &i));
	assert_false(sv_proc_parse_int("--1", 3, &i));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_states_and_stop),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_callback_error),
		cmocka_unit_test(test_cols),
		cmocka_unit_test(test_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
