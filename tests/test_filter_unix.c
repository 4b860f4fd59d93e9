/* test_filter_unix.c - cmocka suite for the filter on unix sockets, as ss
 * decides it: src/dst name patterns (unix:, '/', '@', or any word after
 * -x), port conditions on inodes, autobound from the name, the class and
 * role words, and that unix conditions never match an inet socket (in
 * user space and in the kernel's program). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/classify.h"
#include "sockview/filter.h"
#include "sockview/tables.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

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

/* The sockets: each a bit of the masks below. */
static struct sv_sock socks[8];
enum { S_LST, S_ACC, S_CLI, S_ABS, S_AUTO, S_DGR, S_TCP, S_SEQ };
#define B(x) (1u << (x))

static void setup_socks(void)
{
	struct sv_classify *c = malloc(sizeof(*c));

	assert_non_null(c);
	sv_classify_init(c, 32768, 60999);
	socks[S_LST] = STR(SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, 1000, "/run/Docker.sock", 0);
	socks[S_ACC] = STR(SV_TABLE_UNIX_STREAM, SV_STATE_ESTABLISHED, 1001, "/run/Docker.sock", 70000);
	socks[S_CLI] = STR(SV_TABLE_UNIX_STREAM, SV_STATE_ESTABLISHED, 70000, "", 1001);
	socks[S_ABS] = STR(SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, 22, "\0dbus\0x", 0);
	socks[S_AUTO] = STR(SV_TABLE_UNIX_DGRAM, SV_STATE_ESTABLISHED, 2000, "\0" "0a1b2", 3000);
	socks[S_DGR] = STR(SV_TABLE_UNIX_DGRAM, SV_STATE_CLOSE, 3000, "/dev/log", 0);
	memset(&socks[S_TCP], 0, sizeof(socks[S_TCP]));
	socks[S_TCP].table = SV_TABLE_TCP;
	socks[S_TCP].family = AF_INET;
	socks[S_TCP].state = SV_STATE_ESTABLISHED;
	socks[S_TCP].lport = 22;
	socks[S_TCP].rport = 1000;
	socks[S_TCP].inode = 1000;
	inet_pton(AF_INET, "10.0.0.1", socks[S_TCP].laddr);
	socks[S_SEQ] = STR(SV_TABLE_UNIX_SEQPACKET, SV_STATE_ESTABLISHED, 65535, "@lit", 0);
	{ /* the listener first, as the listing does */
		struct sv_sock l = socks[S_LST];

		assert_int_equal(sv_classify_note(c, &l), 0);
	}
	for (size_t i = 0; i < N(socks); i++)
		sv_classify_sock(c, &socks[i]);
	sv_classify_release(c);
	free(c);
}

static unsigned int match_mask(const char *text, bool unix_words)
{
	struct sv_filter_parse_opts o = { .unix_words = unix_words };
	struct sv_filter *f = NULL;
	char err[256] = "";
	unsigned int m = 0;

	if (sv_filter_parse_text_with(text, &o, &f, err, sizeof(err)) != 0)
		fail_msg("'%s': %s", text, err);
	for (size_t i = 0; i < N(socks); i++)
		if (sv_filter_match(f, &socks[i]))
			m |= B(i);
	sv_filter_free(f);
	return m;
}

struct mcase {
	const char *text;
	unsigned int want;
};

static void run_cases(const struct mcase *c, size_t n, bool unix_words)
{
	for (size_t i = 0; i < n; i++) {
		unsigned int got = match_mask(c[i].text, unix_words);

		if (got != c[i].want)
			fail_msg("'%s': matched 0x%x, want 0x%x", c[i].text, got, c[i].want);
	}
}

static void test_names(void **state)
{
	static const struct mcase c[] = {
		{ "src unix:/run/docker.sock", B(S_LST) | B(S_ACC) }, /* case folded, as ss */
		{ "src unix:/run/*", B(S_LST) | B(S_ACC) },
		{ "src /run/*", B(S_LST) | B(S_ACC) },
		{ "src /run/[dD]ocker.sock", B(S_LST) | B(S_ACC) },
		{ "src /run/?ocker.soc[^x]", B(S_LST) | B(S_ACC) },
		{ "src unix:*", B(S_LST) | B(S_ACC) | B(S_CLI) | B(S_ABS) | B(S_AUTO) |
				B(S_DGR) | B(S_SEQ) },
		{ "src unix:", B(S_CLI) },                /* no name: "" */
		{ "src @dbus@x", B(S_ABS) },              /* abstract: '@', NULs as '@' */
		{ "src @dbus*", B(S_ABS) },
		{ "src unix:@lit", B(S_SEQ) },            /* a path named "@lit" reads the same */
		{ "src UNIX:/dev/log", B(S_DGR) },
		{ "src != unix:/run/*", B(S_CLI) | B(S_ABS) | B(S_AUTO) | B(S_DGR) | B(S_TCP) |
					B(S_SEQ) },
		{ "dst unix:*", B(S_LST) | B(S_ACC) | B(S_CLI) | B(S_ABS) | B(S_AUTO) |
				B(S_DGR) | B(S_SEQ) },    /* the peer's name is never known */
		{ "dst /dev/log", 0 },
		{ "src /run/* and dport = :65535", 0 },
		{ "src /run/* and role in", B(S_ACC) },
	};

	(void)state;
	run_cases(c, N(c), false);
}

/* After -x every src/dst word is a pattern (ss's preferred family). */
static void test_unix_words(void **state)
{
	static const struct mcase c[] = {
		{ "src *Docker*", B(S_LST) | B(S_ACC) },
		{ "src 10.0.0.1", 0 },
		{ "dst *", B(S_LST) | B(S_ACC) | B(S_CLI) | B(S_ABS) | B(S_AUTO) |
			   B(S_DGR) | B(S_SEQ) },
	};

	(void)state;
	run_cases(c, N(c), true);
}

/* Port conditions read the Port columns: inode, peer's inode (as ss). */
static void test_ports_and_hosts(void **state)
{
	static const struct mcase c[] = {
		{ "sport = :1000", B(S_LST) },
		{ "sport = :22", B(S_ABS) | B(S_TCP) },
		{ "dport = :1000", B(S_TCP) },
		{ "dport = :1001", B(S_CLI) },
		{ "dport = :0", B(S_LST) | B(S_ABS) | B(S_DGR) | B(S_SEQ) },
		{ "sport >= :3000", B(S_CLI) | B(S_DGR) | B(S_SEQ) },
		{ "sport < :1001", B(S_LST) | B(S_ABS) | B(S_TCP) },
		{ "src *", B(S_LST) | B(S_ACC) | B(S_CLI) | B(S_ABS) | B(S_AUTO) | B(S_DGR) |
			   B(S_TCP) | B(S_SEQ) },
		{ "src *:1000", B(S_LST) },
		{ "dst *:3000", B(S_AUTO) },
		{ "src 10.0.0.1", B(S_TCP) },            /* an address: inet only */
		{ "src 0.0.0.0/0", B(S_TCP) },
		{ "dev = 1", 0 },
		{ "fwmark 0", B(S_LST) | B(S_ACC) | B(S_CLI) | B(S_ABS) | B(S_AUTO) |
			      B(S_DGR) | B(S_SEQ) },     /* unix sockets: mark 0, as ss */
		{ "fwmark 0x10", 0 },
		{ "service ssh", B(S_TCP) },             /* never a unix socket */
	};

	(void)state;
	run_cases(c, N(c), false);
}

static void test_autobound_class_role(void **state)
{
	struct sv_filter_parse_opts o = { 0 };
	static const struct mcase c[] = {
		{ "class path", B(S_LST) | B(S_ACC) | B(S_DGR) | B(S_SEQ) },
		{ "class abstract", B(S_ABS) },
		{ "class autobound", B(S_AUTO) },
		{ "class unnamed", B(S_CLI) },
		{ "class Unnamed", B(S_CLI) },
		{ "role listen", B(S_LST) | B(S_ABS) | B(S_DGR) },
		{ "role in", B(S_ACC) },
		{ "role out", B(S_AUTO) },
		{ "role unknown", B(S_CLI) | B(S_SEQ) | B(S_TCP) },
	};
	struct sv_filter *f = NULL;
	char err[256];

	(void)state;
	run_cases(c, N(c), false);
	/* autobound: decided in user space for unix sockets (ss's rule: no
	 * name, or the kernel's) whatever their inode; for the inet one, its
	 * port is outside the ephemeral range */
	assert_int_equal(sv_filter_parse_text_with("autobound", &o, &f, err, sizeof(err)), 0);
	for (size_t i = 0; i < N(socks); i++) {
		enum sv_filter_verdict want = i == S_CLI || i == S_AUTO ? SV_FILTER_YES
								       : SV_FILTER_NO;

		if (sv_filter_decide(f, &socks[i], NULL, NULL) != want)
			fail_msg("autobound on socket %zu", i);
	}
	sv_filter_free(f);
}

/* A unix condition in an inet table's program is the constant false: the
 * kernel drops every socket for it, as user space does. */
static void test_bytecode(void **state)
{
	struct sv_filter *f = NULL, *g = NULL;
	unsigned char bc[256], bc2[256];
	size_t len = sizeof(bc), len2 = sizeof(bc2);
	char err[256];

	(void)state;
	assert_int_equal(sv_filter_parse_text_with("src unix:/x or sport = :22", NULL, &f, err,
						   sizeof(err)), 0);
	assert_int_equal(sv_filter_parse_text_with("sport = :22", NULL, &g, err, sizeof(err)), 0);
	assert_int_equal(sv_filter_bytecode(f, SV_TABLE_TCP, bc, &len), 0);
	assert_int_equal(sv_filter_bytecode(g, SV_TABLE_TCP, bc2, &len2), 0);
	assert_int_equal(len, len2);
	assert_memory_equal(bc, bc2, len);
	sv_filter_free(f);
	sv_filter_free(g);
}

static void test_errors(void **state)
{
	struct sv_filter *f = NULL;
	char err[256] = "";

	(void)state;
	/* a pattern is one word; ordering operators do not apply */
	assert_int_equal(sv_filter_parse_text_with("src > unix:/x", NULL, &f, err, sizeof(err)),
			 -22);
	assert_non_null(strstr(err, "operator '>' cannot follow 'src'"));
	assert_int_equal(sv_filter_parse_text_with("src", NULL, &f, err, sizeof(err)), -22);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_unix_words),
		cmocka_unit_test(test_ports_and_hosts),
		cmocka_unit_test(test_autobound_class_role),
		cmocka_unit_test(test_bytecode),
		cmocka_unit_test(test_errors),
	};

	setup_socks();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
