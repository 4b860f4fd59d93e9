/* test_classify_unix.c - cmocka suite for the roles and classes of unix
 * sockets: each rule of classify.h, the listeners' notes (names, accept
 * queues, a table's own namespace), and the names' kinds and texts. */
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
#include "sockview/fields.h"
#include "sockview/tables.h"
#include "sockview/unixname.h"

/* A unix record: name "" for none, a leading '\0' for abstract (len
 * counts the bytes after it). */
static struct sv_sock mk(enum sv_table t, enum sv_state st, uint32_t ino,
			 const char *name, size_t len, uint32_t peer)
{
	struct sv_sock s;

	memset(&s, 0, sizeof(s));
	s.table = (uint8_t)t;
	s.family = AF_UNIX;
	s.state = (uint8_t)st;
	s.inode = ino;
	s.un.peer_ino = peer;
	s.un.has_peer = peer != 0;
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

static const char *role(const struct sv_classify *c, struct sv_sock s)
{
	sv_classify_sock(c, &s);
	return sv_classify_role_name((enum sv_role)s.role);
}

static const char *klass(const struct sv_classify *c, struct sv_sock s)
{
	const struct sv_field *f = sv_fields_find("class");
	struct sv_value v;

	sv_classify_sock(c, &s);
	assert_non_null(f);
	assert_true(f->get(&s, NULL, &v));
	return v.s.p;
}

static struct sv_classify *new_cls(void)
{
	struct sv_classify *c = malloc(sizeof(*c));

	assert_non_null(c);
	sv_classify_init(c, 32768, 60999);
	return c;
}

static void free_cls(struct sv_classify *c)
{
	sv_classify_release(c);
	free(c);
}

/* A listener with two connections waiting in its accept queue. */
static void note_listener(struct sv_classify *c, enum sv_table t, const char *name,
			  size_t len)
{
	static const uint32_t queue[2] = { 501, 502 };
	struct sv_sock l = mk(t, SV_STATE_LISTEN, 100, name, len, 0);

	l.un.icons = queue;
	l.un.nicons = 2;
	assert_int_equal(sv_classify_note(c, &l), 0);
}

static void test_stream_roles(void **state)
{
	struct sv_classify *c = new_cls();
	const enum sv_table T = SV_TABLE_UNIX_STREAM;

	(void)state;
	note_listener(c, T, "/run/srv", 8);
	note_listener(c, SV_TABLE_UNIX_SEQPACKET, "\0seq\0x", 6);
	/* 0: a listener */
	assert_string_equal(role(c, STR(T, SV_STATE_LISTEN, 100, "/run/srv", 0)), "listen");
	assert_string_equal(role(c, STR(T, SV_STATE_LISTEN, 101, "/other", 0)), "listen");
	/* 1: an accepted socket carries its listener's name */
	assert_string_equal(role(c, STR(T, SV_STATE_ESTABLISHED, 200, "/run/srv", 300)), "in");
	assert_string_equal(role(c, STR(SV_TABLE_UNIX_SEQPACKET, SV_STATE_ESTABLISHED, 201,
					"\0seq\0x", 301)), "in");
	/* ... of its own table: a stream socket named like the seqpacket one is not */
	assert_string_equal(role(c, STR(T, SV_STATE_ESTABLISHED, 202, "\0seq\0x", 302)),
			    "unknown");
	/* ... and its own kind of name: a path is not the abstract name */
	assert_string_equal(role(c, STR(SV_TABLE_UNIX_SEQPACKET, SV_STATE_ESTABLISHED, 203,
					"seq", 303)), "unknown");
	/* 2: waiting in the accept queue */
	assert_string_equal(role(c, STR(T, SV_STATE_ESTABLISHED, 501, "", 0)), "out");
	assert_string_equal(role(c, STR(SV_TABLE_UNIX_SEQPACKET, SV_STATE_ESTABLISHED, 502,
					"", 0)), "out");
	/* 3: a connected socket the kernel named */
	assert_string_equal(role(c, STR(T, SV_STATE_ESTABLISHED, 600, "\0" "0a1f2", 0)), "out");
	assert_string_equal(role(c, STR(T, SV_STATE_CLOSE, 601, "\0" "0a1f2", 0)), "unknown");
	/* 4: a client after accept() and a socketpair look alike */
	assert_string_equal(role(c, STR(T, SV_STATE_ESTABLISHED, 700, "", 701)), "unknown");
	assert_string_equal(role(c, STR(T, SV_STATE_ESTABLISHED, 701, "", 700)), "unknown");
	/* a name no listener has (its listener closed, or a client that bound) */
	assert_string_equal(role(c, STR(T, SV_STATE_ESTABLISHED, 800, "/gone", 801)), "unknown");
	/* an unconnected socket */
	assert_string_equal(role(c, STR(T, SV_STATE_CLOSE, 900, "", 0)), "unknown");
	free_cls(c);
}

/* Without notes (nothing learnt), only a row's own data decide. */
static void test_stream_without_notes(void **state)
{
	struct sv_classify *c = new_cls();
	const enum sv_table T = SV_TABLE_UNIX_STREAM;

	(void)state;
	assert_string_equal(role(c, STR(T, SV_STATE_LISTEN, 1, "/s", 0)), "listen");
	assert_string_equal(role(c, STR(T, SV_STATE_ESTABLISHED, 2, "/s", 3)), "unknown");
	assert_string_equal(role(c, STR(T, SV_STATE_ESTABLISHED, 3, "", 2)), "unknown");
	assert_string_equal(role(c, STR(T, SV_STATE_ESTABLISHED, 4, "\0" "abcde", 0)), "out");
	/* notes of other sockets than listeners are ignored */
	{
		struct sv_sock e = STR(T, SV_STATE_ESTABLISHED, 5, "/s", 6);
		struct sv_sock d = STR(SV_TABLE_UNIX_DGRAM, SV_STATE_CLOSE, 7, "/d", 0);

		assert_int_equal(sv_classify_note(c, &e), 0);
		assert_int_equal(sv_classify_note(c, &d), 0);
		assert_null(c->unx);
	}
	free_cls(c);
}

static void test_dgram_roles(void **state)
{
	struct sv_classify *c = new_cls();
	const enum sv_table D = SV_TABLE_UNIX_DGRAM;

	(void)state;
	/* bound, no peer: listen, in any state (Linux 5.15+: ESTABLISHED once
	 * another connects to it) */
	assert_string_equal(role(c, STR(D, SV_STATE_CLOSE, 1, "/dev/log", 0)), "listen");
	assert_string_equal(role(c, STR(D, SV_STATE_ESTABLISHED, 1, "/dev/log", 0)), "listen");
	assert_string_equal(role(c, STR(D, SV_STATE_ESTABLISHED, 2, "\0" "8b5d1", 9)), "out");
	assert_string_equal(role(c, STR(D, SV_STATE_ESTABLISHED, 3, "", 1)), "unknown");
	assert_string_equal(role(c, STR(D, SV_STATE_CLOSE, 4, "", 0)), "unknown");
	assert_string_equal(role(c, STR(D, SV_STATE_ESTABLISHED, 5, "/named", 6)), "unknown");
	free_cls(c);
}

static void test_classes_and_texts(void **state)
{
	struct sv_classify *c = new_cls();
	const enum sv_table T = SV_TABLE_UNIX_STREAM;
	char t[SV_UNIXNAME_TEXT];
	struct sv_sock s;

	(void)state;
	assert_string_equal(klass(c, STR(T, SV_STATE_LISTEN, 1, "/p", 0)), "path");
	assert_string_equal(klass(c, STR(T, SV_STATE_LISTEN, 1, "\0name", 0)), "abstract");
	assert_string_equal(klass(c, STR(T, SV_STATE_LISTEN, 1, "\0" "01234", 0)), "autobound");
	assert_string_equal(klass(c, STR(T, SV_STATE_LISTEN, 1, "\0" "0123", 0)), "abstract");
	assert_string_equal(klass(c, STR(T, SV_STATE_LISTEN, 1, "\0" "0123A", 0)), "abstract");
	assert_string_equal(klass(c, STR(T, SV_STATE_LISTEN, 1, "\0" "0123\0", 0)), "abstract");
	assert_string_equal(klass(c, STR(T, SV_STATE_LISTEN, 1, "01234", 0)), "path");
	assert_string_equal(klass(c, STR(T, SV_STATE_ESTABLISHED, 1, "", 2)), "unnamed");
	s = STR(T, SV_STATE_LISTEN, 1, "\0a\0b", 0);
	assert_int_equal(sv_unixname_text(t, sizeof(t), &s), 4);
	assert_string_equal(t, "@a@b");
	assert_int_equal(sv_unixname_text(t, 3, &s), 2); /* cut, terminated */
	assert_string_equal(t, "@a");
	s = STR(T, SV_STATE_LISTEN, 1, "", 0);
	assert_int_equal(sv_unixname_text(t, sizeof(t), &s), 0);
	assert_string_equal(t, "");
	/* no service, and an inet record keeps its port's class */
	s = STR(T, SV_STATE_LISTEN, 1, "/p", 0);
	sv_classify_sock(c, &s);
	assert_null(s.service);
	free_cls(c);
}

/* Many listeners and long queues: every one is found (the sets grow). */
static void test_many_listeners(void **state)
{
	struct sv_classify *c = new_cls();
	static uint32_t queue[1000];
	char name[32];

	(void)state;
	for (uint32_t i = 0; i < 1000; i++)
		queue[i] = 100000 + i;
	for (int i = 0; i < 3000; i++) {
		struct sv_sock l;
		int n = snprintf(name, sizeof(name), "/run/l%d", i);

		l = mk(SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, (uint32_t)i + 1, name, (size_t)n, 0);
		l.un.icons = queue;
		l.un.nicons = i == 7 ? 1000 : 0;
		assert_int_equal(sv_classify_note(c, &l), 0);
	}
	for (int i = 0; i < 3000; i += 7) {
		int n = snprintf(name, sizeof(name), "/run/l%d", i);

		assert_string_equal(role(c, mk(SV_TABLE_UNIX_STREAM, SV_STATE_ESTABLISHED,
					       5000000, name, (size_t)n, 1)), "in");
	}
	for (uint32_t i = 0; i < 1000; i += 13)
		assert_string_equal(role(c, mk(SV_TABLE_UNIX_STREAM, SV_STATE_ESTABLISHED,
					       100000 + i, "", 0, 0)), "out");
	assert_string_equal(role(c, STR(SV_TABLE_UNIX_STREAM, SV_STATE_ESTABLISHED, 99999,
					"/run/l3000", 1)), "unknown");
	free_cls(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_roles),
		cmocka_unit_test(test_stream_without_notes),
		cmocka_unit_test(test_dgram_roles),
		cmocka_unit_test(test_classes_and_texts),
		cmocka_unit_test(test_many_listeners),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
