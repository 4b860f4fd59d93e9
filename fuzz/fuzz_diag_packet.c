/* fuzz_diag_packet.c - libFuzzer target: arbitrary bytes as one recv() of
 * packet_diag messages, through the generic walk and the packet tables'
 * payload parser, each record's pointers into the message then read (the
 * skmem words, the rings, the filter through its -b text, the cells).
 *
 * As in fuzz_diag_parse.c, the input is also parsed from two buffers whose
 * bytes after len differ (0x00 / 0xff): every result must be the same, so
 * a read past the end (which ASan misses inside uninstrumented libmnl)
 * shows as a difference. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/packet_diag.h>

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

static void mix_bytes(struct digest *d, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mix(d, ((const uint8_t *)p)[i]);
}

/* Read every field and every byte a record points to; check invariants. */
static int touch(const struct sv_sock *s, void *data)
{
	static char text[SV_FORMAT_BPF_MAX];
	struct digest *d = data;
	struct sv_fmt_opts o = { .numeric = (s->inode & 1) != 0 };
	struct sv_cells c;

	if (s->family != AF_PACKET || s->state != SV_STATE_CLOSE ||
	    (s->table != SV_TABLE_PACKET_RAW && s->table != SV_TABLE_PACKET_DGRAM))
		abort();
	mix(d, s->table);
	mix(d, s->have);
	mix(d, s->pk.protocol);
	mix(d, s->pk.ifindex);
	mix(d, s->pk.version);
	mix(d, s->pk.copy_thresh);
	mix(d, s->pk.pflags);
	mix(d, s->pk.fanout);
	mix(d, s->uid);
	mix(d, s->inode);
	mix(d, s->cookie);
	mix(d, s->rqueue);
	mix(d, s->wqueue);
	if (s->skmem)
		mix_bytes(d, s->skmem, 4u * s->skmem_len);
	if (s->pk.rx_ring)
		mix_bytes(d, s->pk.rx_ring, sizeof(struct packet_diag_ring));
	if (s->pk.tx_ring)
		mix_bytes(d, s->pk.tx_ring, sizeof(struct packet_diag_ring));
	if ((s->have & SV_HAVE_BPF) == 0 && s->pk.filter_len)
		abort();
	mix(d, sv_format_bpf_text(text, sizeof(text), s, (s->inode & 2) != 0));
	mix_bytes(d, text, strlen(text));
	sv_format_cells(&o, s, &c);
	for (int i = 0; i < SV_CELL_MAX; i++) {
		if (c.len[i] != strlen(c.text[i]))
			abort();
		mix_bytes(d, c.text[i], c.len[i]);
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
	ret = sv_diag_parse_inet(buf, size, SV_TABLE_PACKET_RAW, touch, d, &used, &intr,
				 err, sizeof(err));
	mix(d, (uint64_t)(int64_t)ret);
	mix(d, intr);
	if (ret == -74 /* EBADMSG */ && err[0] == '\0')
		abort(); /* a malformed buffer always says where */
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
		fprintf(stderr, "fuzz_diag_packet: the result depends on the bytes "
				"after the end of the buffer (read past len)\n");
		abort();
	}
	free(exact);
	free(lo);
	free(hi);
	return 0;
}
