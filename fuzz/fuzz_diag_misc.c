/* fuzz_diag_misc.c - libFuzzer target: arbitrary bytes as one socket
 * message of the raw, mptcp, sctp, dccp, vsock, tipc or xdp table (the
 * first byte picks the table), through its payload parser and, when it
 * parses, ss's cells of the record.
 *
 * Oracles besides the sanitizers: the invariants of a parsed record, and a
 * differential one for reads past the end of the message (libmnl is not
 * instrumented): the message is parsed from two buffers whose bytes after
 * it differ (0x00 / 0xff), and the result, the record's fields and its
 * cells must be the same. */
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/format.h"
#include "sockview/tables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAD 256

static const enum sv_table tables[] = {
	SV_TABLE_RAW, SV_TABLE_MPTCP, SV_TABLE_SCTP, SV_TABLE_DCCP,
	SV_TABLE_VSOCK_STREAM, SV_TABLE_VSOCK_DGRAM, SV_TABLE_TIPC, SV_TABLE_XDP,
};

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * UINT64_C(0x100000001b3);
	return h;
}

/* Every byte a pointer of the record names lies inside the message. */
static void inside(const void *p, size_t n, const uint8_t *msg, size_t len)
{
	const uint8_t *q = p;

	if (!p)
		return;
	if (q < msg || q + n > msg + len)
		abort();
}

/* Parse msg (len bytes, nlmsg_len set to len) as table t: a digest of the
 * result, the record and its cells. */
static uint64_t run(uint8_t *msg, size_t len, enum sv_table t)
{
	const struct sv_table_desc *d = sv_tables_get(t);
	struct sv_sock s;
	struct sv_fmt_opts o = { .numeric = true, .netid = true, .state = true };
	struct sv_cells c;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	int ret;

	memset(&s, 0, sizeof(s));
	ret = d->parse((const struct nlmsghdr *)msg, t, &s);
	h = mix(h, &ret, sizeof(ret));
	if (ret != 0) {
		if (ret != -74 /* EBADMSG */)
			abort();
		return h;
	}
	if (s.table >= SV_TABLE_MAX || s.state >= SV_STATE_MAX)
		abort();
	inside(s.tcp_info, s.tcp_info_len, msg, len);
	inside(s.proto_info, s.proto_info_len, msg, len);
	inside(s.sctp_locals, s.sctp_locals_len, msg, len);
	inside(s.sctp_peers, s.sctp_peers_len, msg, len);
	inside(s.skmem, (size_t)s.skmem_len * 4, msg, len);
	inside(s.cong, s.cong_len, msg, len);
	if ((s.sctp_locals_len | s.sctp_peers_len) % 128)
		abort(); /* whole sockaddr_storage entries only */
	h = mix(h, &s.table, 1);
	h = mix(h, &s.family, 1);
	h = mix(h, &s.state, 1);
	h = mix(h, &s.have, sizeof(s.have));
	h = mix(h, &s.rqueue, 4);
	h = mix(h, &s.wqueue, 4);
	h = mix(h, &s.uid, 4);
	h = mix(h, &s.inode, 4);
	h = mix(h, &s.cookie, 8);
	if (s.proto_info)
		h = mix(h, s.proto_info, s.proto_info_len);
	if (s.sctp_locals)
		h = mix(h, s.sctp_locals, s.sctp_locals_len);
	if (s.sctp_peers)
		h = mix(h, s.sctp_peers, s.sctp_peers_len);
	sv_format_cells(&o, &s, &c);
	for (int i = 0; i < SV_CELL_MAX; i++) {
		if (c.len[i] >= SV_CELL_LEN || strlen(c.text[i]) != c.len[i])
			abort();
		for (size_t k = 0; k < c.len[i]; k++)
			if ((unsigned char)c.text[i][k] < 0x20 || c.text[i][k] == 0x7f)
				abort(); /* control bytes never reach a terminal */
		h = mix(h, c.text[i], c.len[i]);
	}
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	uint8_t *exact, *lo, *hi;
	uint32_t nl;
	enum sv_table t;
	uint64_t he, hl, hh;

	if (size < 1 + sizeof(struct nlmsghdr))
		return 0;
	t = tables[data[0] % (sizeof(tables) / sizeof(tables[0]))];
	len = size - 1;
	if (len > UINT32_MAX)
		return 0;
	exact = malloc(len);
	lo = malloc(len + PAD);
	hi = malloc(len + PAD);
	if (!exact || !lo || !hi)
		abort();
	/* the generic walk hands a parser a message whose length fits */
	nl = (uint32_t)len;
	memcpy(exact, data + 1, len);
	memcpy(exact, &nl, sizeof(nl));
	memcpy(lo, exact, len);
	memcpy(hi, exact, len);
	memset(lo + len, 0x00, PAD);
	memset(hi + len, 0xff, PAD);
	he = run(exact, len, t);
	hl = run(lo, len, t);
	hh = run(hi, len, t);
	if (he != hl || hl != hh) {
		fprintf(stderr, "fuzz_diag_misc: the result depends on the bytes "
				"after the message (read past its length)\n");
		abort();
	}
	free(exact);
	free(lo);
	free(hi);
	return 0;
}
