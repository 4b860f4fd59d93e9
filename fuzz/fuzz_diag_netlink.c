/* fuzz_diag_netlink.c - libFuzzer target: arbitrary bytes as one recv() of
 * netlink_diag messages, through the generic walk and the netlink table's
 * payload parser, each record's pointers into the message then read (the
 * skmem words, every group of the groups bitmap, the cells).
 *
 * As in fuzz_diag_parse.c, the input is also parsed from two buffers whose
 * bytes after len differ (0x00 / 0xff): every result must be the same. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/diag_netlink.h"
#include "sockview/diag_parse.h"
#include "sockview/format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAD 256

struct digest {
	uint64_t h;
	size_t records;
};

static void mix(struct digest *d, uint64_t v)
{
	d->h = (d->h ^ v) * UINT64_C(0x100000001b3);
}

static int touch(const struct sv_sock *s, void *data)
{
	struct digest *d = data;
	struct sv_fmt_opts o = { .numeric = (s->inode & 1) != 0 };
	struct sv_cells c;
	uint32_t low = 0;

	if (s->family != AF_NETLINK || s->table != SV_TABLE_NETLINK ||
	    s->state != SV_STATE_CLOSE)
		abort();
	mix(d, s->have);
	mix(d, s->nl.protocol);
	mix(d, s->nl.connected);
	mix(d, s->nl.portid);
	mix(d, s->nl.dst_portid);
	mix(d, s->nl.dst_group);
	mix(d, s->nl.nflags);
	mix(d, s->nl.groups32);
	mix(d, s->inode);
	mix(d, s->cookie);
	mix(d, s->rqueue);
	mix(d, s->wqueue);
	for (uint16_t i = 0; s->skmem && i < s->skmem_len; i++) {
		uint32_t w;

		memcpy(&w, s->skmem + i, 4);
		mix(d, w);
	}
	if (!s->nl.groups && s->nl.groups_len)
		abort();
	for (size_t g = 1; g <= 8u * s->nl.groups_len + 64; g++) {
		bool in = sv_diag_netlink_in_group(s->nl.groups, s->nl.groups_len,
						   (unsigned int)g);

		mix(d, in);
		if (g <= 32 && in)
			low |= 1u << (g - 1);
	}
	if (low != s->nl.groups32)
		abort(); /* the first 32 groups are the bitmap's */
	sv_format_cells(&o, s, &c);
	for (int i = 0; i < SV_CELL_MAX; i++) {
		if (c.len[i] != strlen(c.text[i]))
			abort();
		for (size_t k = 0; k < c.len[i]; k++)
			mix(d, (uint8_t)c.text[i][k]);
	}
	d->records++;
	return (s->inode & 0xff) == 0x5a ? -1234 : 0;
}

static void run(const uint8_t *buf, size_t size, struct digest *d)
{
	char err[128] = "";
	size_t used = (size_t)-1;
	bool intr = false;
	int ret;

	memset(d, 0, sizeof(*d));
	ret = sv_diag_parse_inet(buf, size, SV_TABLE_NETLINK, touch, d, &used, &intr,
				 err, sizeof(err));
	mix(d, (uint64_t)(int64_t)ret);
	mix(d, intr);
	if (ret == -74 /* EBADMSG */ && err[0] == '\0')
		abort();
	if (ret >= 0 && used > size)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *exact = malloc(size ? size : 1);
	uint8_t *lo = malloc(size + PAD), *hi = malloc(size + PAD);
	struct digest de, dl, dh;

	if (!exact || !lo || !hi)
		abort();
	memcpy(exact, data, size);
	memcpy(lo, data, size);
	memcpy(hi, data, size);
	memset(lo + size, 0x00, PAD);
	memset(hi + size, 0xff, PAD);
	run(exact, size, &de);
	run(lo, size, &dl);
	run(hi, size, &dh);
	if (memcmp(&dl, &dh, sizeof(dl)) != 0 || memcmp(&de, &dl, sizeof(de)) != 0) {
		fprintf(stderr, "fuzz_diag_netlink: the result depends on the bytes "
				"after the end of the buffer (read past len)\n");
		abort();
	}
	free(exact);
	free(lo);
	free(hi);
	return 0;
}
