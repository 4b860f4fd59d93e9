/* test_proc_tables.c - cmocka suite for the raw, unix, packet and netlink
 * line parsers as the /proc source calls them (proc_tables.c) through the
 * walk over a file (proc_parse.h): the table and fields of each record, a
 * header line inside the file and a malformed line counted and named; and
 * for ss's order of /proc/net/unix (proc_sorted.c): records kept with their
 * names, handed on by table then inode, a callback's error, the free. */
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

#include "sockview/proc_parse.h"
#include "sockview/proc_sorted.h"
#include "sockview/proc_tables.h"
#include "sockview/unixname.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The records a walk delivered, each with a copy of its unix name (the
 * record's pointer is into the walk's buffer, valid in the callback only). */
struct got {
	struct sv_sock s[16];
	char name[16][SV_UNIXNAME_TEXT];
	size_t n;
};

static int collect(const struct sv_sock *s, void *data)
{
	struct got *g = data;

	assert_true(g->n < ARRAY_LEN(g->s));
	assert_true(s->have & SV_FROM_PROCNET);
	g->s[g->n] = *s;
	g->name[g->n][0] = '\0';
	if (s->family == AF_UNIX) { /* the name's copy replaces the pointer */
		sv_unixname_text(g->name[g->n], SV_UNIXNAME_TEXT, s);
		g->s[g->n].un.path = NULL;
	}
	g->n++;
	return 0;
}

static void walk_init(struct sv_proc_walk *w, sv_proc_line_fn *parse, const char *header,
		      enum sv_table table, int family, sv_diag_cb cb, void *data)
{
	memset(w, 0, sizeof(*w));
	w->parse = parse;
	w->header = header;
	w->table = table;
	w->family = family;
	w->states = ~0u;
	w->cb = cb;
	w->data = data;
	sv_proc_parse_init(w);
}

/* Feed text in chunks of at most chunk bytes through a buffer of its own
 * (freed before returning: what a callback kept must not point into it),
 * keeping the unconsumed rest as the /proc source does. The end's status
 * (err filled), or the feed's error. */
static int walk(struct sv_proc_walk *w, const char *text, size_t chunk, char *err,
		size_t errlen)
{
	size_t len = strlen(text), have = 0, off = 0;
	char *buf = malloc(len + 1);
	int ret = 0;

	assert_non_null(buf);
	err[0] = '\0';
	while (off < len) {
		size_t n = len - off < chunk ? len - off : chunk;
		ssize_t used;

		memcpy(buf + have, text + off, n);
		off += n;
		have += n;
		used = sv_proc_parse_feed(w, buf, have);
		if (used < 0) {
			free(buf);
			return (int)used;
		}
		memmove(buf, buf + used, have - (size_t)used);
		have -= (size_t)used;
		if (w->done)
			break;
	}
	ret = sv_proc_parse_end(w, have, "f", err, errlen);
	free(buf);
	return ret;
}

static void addr_is(int family, const uint8_t *got, const char *text)
{
	uint8_t want[16] = { 0 };

	assert_int_equal(inet_pton(family, text, want), 1);
	assert_memory_equal(got, want, 16);
}

/* raw and raw6: two good lines, a header line inside the file, a line with
 * a bad column, one more good line. */
static void test_raw(void **state)
{
	static const char raw4[] =
		"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
		"   1: 0100007F:0001 0100007F:0000 01 00000000:00000000 00:00000000 00000000     0        0 101 2 00000000e92d75bb 0\n"
		" 255: 00000000:00FF 00000000:0000 07 00000010:00000020 00:00000000 00000000  1000        0 102 2 0000000033ba5937 0\n"
		"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
		"   1: 0100007G:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 103 2 0000000000000000 0\n"
		" 200: 00000000:00C8 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 104 2 0000000000000000 0\n";
	static const char raw6[] =
		"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
		"   58: 00000000000000000000000000000000:003A 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 201 2 0000000000000000 0\n"
		/* an IPv4 line in raw6: the address is of the other length */
		"   1: 0100007F:0001 0100007F:0000 01 00000000:00000000 00:00000000 00000000     0        0 202 2 0000000000000000 0\n";
	struct sv_proc_walk w;
	struct got g = { 0 };
	char err[256];

	(void)state;
	walk_init(&w, sv_proc_tables_raw, "sl", SV_TABLE_RAW, AF_INET, collect, &g);
	assert_int_equal(walk(&w, raw4, 1 << 16, err, sizeof(err)), -EBADMSG);
	assert_int_equal(g.n, 3);
	assert_int_equal(w.rows, 3);
	assert_int_equal(w.bad, 2);
	assert_int_equal(w.bad_line, 4);
	assert_string_equal(w.bad_msg, "not a raw socket's line");
	assert_string_equal(err, "f line 4: not a raw socket's line; 2 malformed lines were skipped");
	for (size_t i = 0; i < g.n; i++) {
		assert_int_equal(g.s[i].table, SV_TABLE_RAW);
		assert_int_equal(g.s[i].family, AF_INET);
		assert_true(g.s[i].have & SV_FROM_PROCNET);
	}
	assert_int_equal(g.s[0].inode, 101);
	assert_int_equal(g.s[0].state, SV_STATE_ESTABLISHED);
	assert_int_equal(g.s[0].lport, 1); /* the protocol: ICMP */
	addr_is(AF_INET, g.s[0].laddr, "127.0.0.1");
	addr_is(AF_INET, g.s[0].raddr, "127.0.0.1");
	assert_int_equal(g.s[1].inode, 102);
	assert_int_equal(g.s[1].state, SV_STATE_CLOSE);
	assert_int_equal(g.s[1].lport, 255);
	assert_int_equal(g.s[1].uid, 1000);
	assert_int_equal(g.s[1].wqueue, 0x10);
	assert_int_equal(g.s[1].rqueue, 0x20);
	assert_int_equal(g.s[2].inode, 104);
	assert_int_equal(g.s[2].lport, 200);

	memset(&g, 0, sizeof(g));
	walk_init(&w, sv_proc_tables_raw, "sl", SV_TABLE_RAW, AF_INET6, collect, &g);
	assert_int_equal(walk(&w, raw6, 7, err, sizeof(err)), -EBADMSG);
	assert_int_equal(g.n, 1);
	assert_int_equal(w.bad, 1);
	assert_int_equal(w.bad_line, 3);
	assert_string_equal(err, "f line 3: not a raw socket's line; the line was skipped");
	assert_int_equal(g.s[0].family, AF_INET6);
	assert_int_equal(g.s[0].table, SV_TABLE_RAW);
	assert_int_equal(g.s[0].lport, 58);
	assert_int_equal(g.s[0].inode, 201);
	addr_is(AF_INET6, g.s[0].laddr, "::");
}

#define UNIX_HDR "Num       RefCount Protocol Flags    Type St Inode Path\n"

/* /proc/net/unix: each line's table from its type, whatever the walk's;
 * names kept whole (spaces, abstract), fed in chunks that cut them. */
static void test_unix(void **state)
{
	static const char text[] =
		UNIX_HDR
		"0000000000000000: 00000002 00000000 00010000 0001 01 30 /run/a b.sock\n"
		"0000000000000000: 00000002 00000000 00000000 0002 01 10 @abs@x\n"
		UNIX_HDR
		"0000000000000000: 00000003 00000000 00000000 0005 03 20\n"
		"0000000000000000: 00000002 00000000 00000000 0001 01 x /bad-inode\n"
		"0000000000000000: 00000003 00000000 00000000 0001 03 25\n"
		"0000000000000000: 00000002 00000000 00010000 0005 01 40 /run/seq\n";
	static const struct {
		enum sv_table table;
		enum sv_state st;
		uint32_t inode;
		const char *name;
		bool abstract;
	} want[] = {
		{ SV_TABLE_UNIX_STREAM, SV_STATE_LISTEN, 30, "/run/a b.sock", false },
		{ SV_TABLE_UNIX_DGRAM, SV_STATE_CLOSE, 10, "@abs@x", true },
		{ SV_TABLE_UNIX_SEQPACKET, SV_STATE_ESTABLISHED, 20, "", false },
		{ SV_TABLE_UNIX_STREAM, SV_STATE_ESTABLISHED, 25, "", false },
		{ SV_TABLE_UNIX_SEQPACKET, SV_STATE_LISTEN, 40, "/run/seq", false },
	};
	static const size_t chunks[] = { 1 << 16, 5, 1 };

	(void)state;
	for (size_t c = 0; c < ARRAY_LEN(chunks); c++) {
		struct sv_proc_walk w;
		struct got g = { 0 };
		char err[256];

		walk_init(&w, sv_proc_tables_unix, "Num", SV_TABLE_UNIX_STREAM, AF_UNIX,
			  collect, &g);
		assert_int_equal(walk(&w, text, chunks[c], err, sizeof(err)), -EBADMSG);
		assert_int_equal(w.bad, 2);
		assert_int_equal(w.bad_line, 4);
		assert_string_equal(w.bad_msg, "a header line inside the file");
		assert_string_equal(err, "f line 4: a header line inside the file; "
				    "2 malformed lines were skipped");
		assert_int_equal(g.n, ARRAY_LEN(want));
		for (size_t i = 0; i < ARRAY_LEN(want); i++) {
			assert_int_equal(g.s[i].family, AF_UNIX);
			assert_int_equal(g.s[i].table, want[i].table);
			assert_int_equal(g.s[i].state, want[i].st);
			assert_int_equal(g.s[i].inode, want[i].inode);
			assert_string_equal(g.name[i], want[i].name);
			assert_int_equal(g.s[i].un.abstract, want[i].abstract);
			assert_true(g.s[i].have & SV_FROM_PROCNET);
			assert_int_equal(g.s[i].un.peer_ino, 0); /* /proc has no peer */
		}
	}
}

/* A malformed unix line first after the header: named as not a socket's. */
static void test_unix_malformed(void **state)
{
	static const char text[] = UNIX_HDR "garbage\n"
		"0000000000000000: 00000002 00000000 00000000 0002 01 10\n";
	struct sv_proc_walk w;
	struct got g = { 0 };
	char err[256];

	(void)state;
	walk_init(&w, sv_proc_tables_unix, "Num", SV_TABLE_UNIX_STREAM, AF_UNIX, collect, &g);
	assert_int_equal(walk(&w, text, 1 << 16, err, sizeof(err)), -EBADMSG);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.s[0].table, SV_TABLE_UNIX_DGRAM);
	assert_string_equal(err, "f line 2: not a unix socket's line; the line was skipped");
}

/* /proc/net/packet: p_raw for SOCK_RAW, p_dgr for SOCK_DGRAM. */
static void test_packet(void **state)
{
#define PK_HDR "sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n"
	static const char text[] =
		PK_HDR
		"ffff8e2a4c3b9000 3      3    0003   0     1 0      0      501   \n"
		PK_HDR
		"ffff8e2a4c3b9800 3      2    0800   4     1 2304   1000   502   \n"
		"ffff8e2a4c3b9c00 3      2    0800   4     1 2304   1000\n"
		"0000000000000000 3      2    88cc   7     0 0      0      503   \n";
	struct sv_proc_walk w;
	struct got g = { 0 };
	char err[256];

	(void)state;
	walk_init(&w, sv_proc_tables_packet, "sk", SV_TABLE_PACKET_RAW, AF_PACKET, collect, &g);
	assert_int_equal(walk(&w, text, 13, err, sizeof(err)), -EBADMSG);
	assert_int_equal(w.bad, 2);
	assert_int_equal(w.bad_line, 3);
	assert_string_equal(err, "f line 3: a header line inside the file; "
			    "2 malformed lines were skipped");
	assert_int_equal(g.n, 3);
	assert_int_equal(g.s[0].table, SV_TABLE_PACKET_RAW);
	assert_int_equal(g.s[0].pk.protocol, 3);
	assert_int_equal(g.s[0].pk.ifindex, 0);
	assert_int_equal(g.s[0].inode, 501);
	assert_int_equal(g.s[1].table, SV_TABLE_PACKET_DGRAM);
	assert_int_equal(g.s[1].pk.protocol, 0x0800);
	assert_int_equal(g.s[1].pk.ifindex, 4);
	assert_int_equal(g.s[1].rqueue, 2304);
	assert_int_equal(g.s[1].uid, 1000);
	assert_int_equal(g.s[1].inode, 502);
	assert_int_equal(g.s[2].table, SV_TABLE_PACKET_DGRAM);
	assert_int_equal(g.s[2].pk.protocol, 0x88cc);
	assert_int_equal(g.s[2].inode, 503);
	for (size_t i = 0; i < g.n; i++) {
		assert_int_equal(g.s[i].family, AF_PACKET);
		assert_int_equal(g.s[i].state, SV_STATE_CLOSE);
		assert_true(g.s[i].have & SV_FROM_PROCNET);
	}

	/* a malformed line alone is named as not a packet socket's */
	memset(&g, 0, sizeof(g));
	walk_init(&w, sv_proc_tables_packet, "sk", SV_TABLE_PACKET_RAW, AF_PACKET, collect, &g);
	assert_int_equal(walk(&w, PK_HDR "ffff 3 3 0003 0 1 0 0 5x\n", 1 << 16, err,
			      sizeof(err)), -EBADMSG);
	assert_int_equal(g.n, 0);
	assert_string_equal(err, "f line 2: not a packet socket's line; the line was skipped");
#undef PK_HDR
}

/* /proc/net/netlink: protocol, port id, groups 1-32, inode. */
static void test_netlink(void **state)
{
#define NL_HDR "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode\n"
	static const char text[] =
		NL_HDR
		"ffff8e2a41f0c000 0   4294967295 00000000 0        0        0     2        0        601     \n"
		"ffff8e2a41f0c800 4   1234       00000000 0        0        0     2        0        602     \n"
		NL_HDR
		"ffff8e2a41f0d000 256 1          00000000 0        0        0     2        0        603     \n"
		"ffff8e2a41f0d800 15  77         00000051 2304     0        0     2        0        604     \n";
	struct sv_proc_walk w;
	struct got g = { 0 };
	char err[256];

	(void)state;
	walk_init(&w, sv_proc_tables_netlink, "sk", SV_TABLE_NETLINK, AF_NETLINK, collect, &g);
	assert_int_equal(walk(&w, text, 64, err, sizeof(err)), -EBADMSG);
	assert_int_equal(w.bad, 2);
	assert_int_equal(w.bad_line, 4);
	assert_string_equal(err, "f line 4: a header line inside the file; "
			    "2 malformed lines were skipped");
	assert_int_equal(g.n, 3);
	assert_int_equal(g.s[0].nl.protocol, 0);
	assert_int_equal(g.s[0].nl.portid, 4294967295u);
	assert_int_equal(g.s[0].inode, 601);
	assert_int_equal(g.s[1].nl.protocol, 4);
	assert_int_equal(g.s[1].nl.portid, 1234);
	assert_int_equal(g.s[1].inode, 602);
	assert_int_equal(g.s[2].nl.protocol, 15);
	assert_int_equal(g.s[2].nl.portid, 77);
	assert_int_equal(g.s[2].nl.groups32, 0x51);
	assert_int_equal(g.s[2].rqueue, 2304);
	assert_int_equal(g.s[2].inode, 604);
	for (size_t i = 0; i < g.n; i++) {
		assert_int_equal(g.s[i].table, SV_TABLE_NETLINK);
		assert_int_equal(g.s[i].family, AF_NETLINK);
		assert_int_equal(g.s[i].state, SV_STATE_CLOSE);
		assert_true(g.s[i].have & SV_FROM_PROCNET);
	}
	memset(&g, 0, sizeof(g));
	walk_init(&w, sv_proc_tables_netlink, "sk", SV_TABLE_NETLINK, AF_NETLINK, collect, &g);
	assert_int_equal(walk(&w, NL_HDR "ffff 0 1 00000000 0 0 0 2 0\n", 1 << 16, err,
			      sizeof(err)), -EBADMSG);
	assert_string_equal(err, "f line 2: not a netlink socket's line; the line was skipped");
#undef NL_HDR
}

/* The checks of a sorted flush: order, names by inode, a stop. */
struct order {
	size_t n;
	int last_table;
	uint32_t last_inode;
	size_t stop_at; /* return -EPIPE at this 1-based row; 0: never */
};

/* The name the big file gives the socket of inode i: none for every fifth,
 * an abstract one for every seventh, else a path of 10-99 bytes. */
static size_t name_of(uint32_t i, char *out, size_t cap, bool *abstract)
{
	size_t len;

	*abstract = false;
	if (i % 5 == 0) {
		out[0] = '\0';
		return 0;
	}
	len = (size_t)snprintf(out, cap, "%s/s%u-", i % 7 == 0 ? "@" : "", i);
	while (len < 10 + i % 90 && len + 1 < cap)
		out[len++] = (char)('a' + i % 26);
	out[len] = '\0';
	*abstract = i % 7 == 0;
	return len;
}

static enum sv_table table_of(uint32_t i)
{
	static const enum sv_table t[] = { SV_TABLE_UNIX_SEQPACKET, SV_TABLE_UNIX_STREAM,
					   SV_TABLE_UNIX_DGRAM };

	return t[i % 3];
}

static int in_order(const struct sv_sock *s, void *data)
{
	struct order *o = data;
	char want[SV_UNIXNAME_TEXT], got[SV_UNIXNAME_TEXT];
	bool abstract;

	if (o->stop_at && o->n + 1 == o->stop_at)
		return -EPIPE;
	if (o->n > 0)
		assert_true(s->table > o->last_table ||
			    (s->table == o->last_table && s->inode > o->last_inode));
	assert_int_equal(s->table, table_of(s->inode));
	assert_true(s->have & SV_FROM_PROCNET);
	name_of(s->inode, want, sizeof(want), &abstract);
	sv_unixname_text(got, sizeof(got), s);
	assert_string_equal(got, want);
	assert_int_equal(s->un.abstract, abstract);
	if (!want[0])
		assert_null(s->un.path);
	o->last_table = s->table;
	o->last_inode = s->inode;
	o->n++;
	return 0;
}

/* A file of rows in scrambled order, their inodes a permutation of
 * 1..rows. The caller frees it. */
static char *big_file(uint32_t rows)
{
	static const unsigned int type_of[] = {
		[SV_TABLE_UNIX_STREAM] = 1, [SV_TABLE_UNIX_DGRAM] = 2,
		[SV_TABLE_UNIX_SEQPACKET] = 5,
	};
	size_t cap = 64 + (size_t)rows * 200, len;
	char *text = malloc(cap);

	assert_non_null(text);
	len = (size_t)snprintf(text, cap, UNIX_HDR);
	for (uint32_t k = 0; k < rows; k++) {
		uint32_t i = (uint32_t)(((uint64_t)k * 7919u) % rows) + 1; /* 7919 prime */
		char name[SV_UNIXNAME_TEXT];
		bool abstract;

		name_of(i, name, sizeof(name), &abstract);
		len += (size_t)snprintf(text + len, cap - len,
					"0000000000000000: 00000002 00000000 00000000 %04x 01 %5u%s%s\n",
					type_of[table_of(i)], i, name[0] ? " " : "", name);
		assert_true(len < cap);
	}
	return text;
}

/* Many rows with names: the kept rows and the names' buffer grow several
 * times; each row comes back with its own name, in ss's order, after the
 * text the names were read from is gone. */
static void test_sorted_many(void **state)
{
	const uint32_t rows = 3001; /* not a multiple of 7919 */
	struct sv_proc_sorted k = { 0 };
	struct sv_proc_walk w;
	struct order o = { 0 };
	char err[256];
	char *text = big_file(rows);

	(void)state;
	walk_init(&w, sv_proc_tables_unix, "Num", SV_TABLE_UNIX_STREAM, AF_UNIX,
		  sv_proc_sorted_keep, &k);
	assert_int_equal(walk(&w, text, 4096, err, sizeof(err)), 0);
	free(text);
	assert_int_equal(w.rows, rows);
	assert_int_equal(k.n, rows);
	assert_true(k.cap > 256);   /* grew past its first allocation */
	assert_true(k.nlen > 4096); /* so did the names */
	assert_int_equal(sv_proc_sorted_flush(&k, in_order, &o), 0);
	assert_int_equal(o.n, rows);
	sv_proc_sorted_free(&k);
	assert_null(k.rows);
	assert_null(k.offs);
	assert_null(k.names);
	assert_int_equal(k.n, 0);
	assert_int_equal(k.nlen, 0);
}

/* The callback's error stops the flush there and comes back. */
static void test_sorted_stop(void **state)
{
	struct sv_proc_sorted k = { 0 };
	struct sv_proc_walk w;
	struct order o = { .stop_at = 3 };
	char err[256];
	char *text = big_file(10);

	(void)state;
	walk_init(&w, sv_proc_tables_unix, "Num", SV_TABLE_UNIX_STREAM, AF_UNIX,
		  sv_proc_sorted_keep, &k);
	assert_int_equal(walk(&w, text, 1 << 16, err, sizeof(err)), 0);
	free(text);
	assert_int_equal(k.n, 10);
	assert_int_equal(sv_proc_sorted_flush(&k, in_order, &o), -EPIPE);
	assert_int_equal(o.n, 2);
	sv_proc_sorted_free(&k);
}

/* The same inode in two tables: the table decides first. Nothing kept:
 * nothing flushed; free of an empty set, and reuse after a free. */
static void test_sorted_small(void **state)
{
	struct sv_proc_sorted k = { 0 };
	struct sv_sock s;
	struct got g = { 0 };

	(void)state;
	assert_int_equal(sv_proc_sorted_flush(&k, collect, &g), 0);
	assert_int_equal(g.n, 0);
	sv_proc_sorted_free(&k);
	for (int round = 0; round < 2; round++) {
		memset(&g, 0, sizeof(g));
		memset(&s, 0, sizeof(s));
		s.family = AF_UNIX;
		s.have = SV_FROM_PROCNET;
		s.table = SV_TABLE_UNIX_DGRAM;
		s.inode = 1;
		s.un.path = "/d";
		s.un.path_len = 2;
		assert_int_equal(sv_proc_sorted_keep(&s, &k), 0);
		s.table = SV_TABLE_UNIX_STREAM;
		s.inode = 9;
		s.un.path = NULL;
		s.un.path_len = 0;
		assert_int_equal(sv_proc_sorted_keep(&s, &k), 0);
		s.inode = 2;
		s.un.path = "/s2";
		s.un.path_len = 3;
		assert_int_equal(sv_proc_sorted_keep(&s, &k), 0);
		assert_int_equal(sv_proc_sorted_flush(&k, collect, &g), 0);
		assert_int_equal(g.n, 3);
		assert_int_equal(g.s[0].table, SV_TABLE_UNIX_STREAM);
		assert_int_equal(g.s[0].inode, 2);
		assert_string_equal(g.name[0], "/s2");
		assert_int_equal(g.s[1].inode, 9);
		assert_string_equal(g.name[1], "");
		assert_int_equal(g.s[2].table, SV_TABLE_UNIX_DGRAM);
		assert_int_equal(g.s[2].inode, 1);
		assert_string_equal(g.name[2], "/d");
		sv_proc_sorted_free(&k);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_unix),
		cmocka_unit_test(test_unix_malformed),
		cmocka_unit_test(test_packet),
		cmocka_unit_test(test_netlink),
		cmocka_unit_test(test_sorted_many),
		cmocka_unit_test(test_sorted_stop),
		cmocka_unit_test(test_sorted_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
