/* fuzz_diag_parse.c - libFuzzer target: arbitrary bytes as one recv() of
 * sock_diag messages, parsed for both tables, then the rest after each
 * NLMSG_DONE (as a recorded file is read).
 *
 * Two oracles besides the sanitizers: the invariants of the return values,
 * and a differential one for reads past the end of the buffer. libmnl is
 * not instrumented, so ASan misses an attribute read that runs past len
 * inside mnl_attr_get_u32(); the input is therefore also parsed from two
 * buffers whose bytes after len differ (0x00 / 0xff), and every result and
 * every field of every record must be the same. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/diag_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAD 256

/* Everything a parse produced, folded into a digest. */
struct digest {
	uint64_t h;
	size_t records;
};

static void mix(struct digest *d, uint64_t v)
{
	d->h = (d->h ^ v) * UINT64_C(0x100000001b3);
}

/* Read every field, check the invariants of a record. */
static int touch(const struct sv_sock *s, void *data)
{
	struct digest *d = data;

	if (s->family != 2 && s->family != 10) /* AF_INET, AF_INET6 */
		abort();
	if (s->table >= SV_TABLE_MAX || s->state >= SV_STATE_MAX)
		abort();
	mix(d, s->family);
	mix(d, s->table);
	mix(d, s->state);
	mix(d, s->timer);
	mix(d, s->retrans);
	mix(d, (uint64_t)s->v6only << 32 | s->have);
	mix(d, s->lport);
	mix(d, s->rport);
	for (size_t i = 0; i < 16; i++) {
		mix(d, s->laddr[i]);
		mix(d, s->raddr[i]);
	}
	mix(d, s->ifindex);
	mix(d, s->expires);
	mix(d, s->rqueue);
	mix(d, s->wqueue);
	mix(d, s->uid);
	mix(d, s->inode);
	mix(d, s->mark);
	mix(d, s->cookie);
	mix(d, s->cgroup_id);
	mix(d, (uint64_t)s->role + s->port_class + s->ephemeral + (s->service != NULL));
	d->records++;
	/* a callback error must come back unchanged: stop on some records */
	return (s->inode & 0xff) == 0x5a ? -1234 : 0;
}

static void parse_all(const uint8_t *buf, size_t size, enum sv_table t,
		      struct digest *d)
{
	size_t off = 0;

	while (off < size) {
		char err[128] = "";
		size_t used = (size_t)-1;
		bool intr = false;
		int ret = sv_diag_parse_inet(buf + off, size - off, t, touch, d,
					     &used, &intr, err, sizeof(err));

		mix(d, (uint64_t)(int64_t)ret);
		mix(d, intr);
		if (ret < 0) {
			if (ret == -74 /* EBADMSG */ && err[0] == '\0')
				abort(); /* a malformed buffer always says where */
			return;
		}
		if (used > size - off)
			abort();
		if (ret == SV_DIAG_MORE) {
			if (used != size - off)
				abort(); /* MORE means every byte was consumed */
			return;
		}
		if (ret != SV_DIAG_DONE || used == 0)
			abort();
		off += used;
		mix(d, off);
		if (off % 4) /* parts start 4-byte aligned, as in a file */
			return;
	}
}

static void run(const uint8_t *buf, size_t size, struct digest d[2])
{
	memset(d, 0, 2 * sizeof(*d));
	parse_all(buf, size, SV_TABLE_TCP, &d[0]);
	parse_all(buf, size, SV_TABLE_UDP, &d[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy (ASan), 4-byte aligned as a receive buffer is */
	uint8_t *exact = malloc(size ? size : 1);
	uint8_t *lo = malloc(size + PAD), *hi = malloc(size + PAD);
	struct digest de[2], dl[2], dh[2];

	if (!exact || !lo || !hi)
		abort();
	memcpy(exact, data, size);
	memcpy(lo, data, size);
	memcpy(hi, data, size);
	memset(lo + size, 0x00, PAD);
	memset(hi + size, 0xff, PAD);
	run(exact, size, de);
	run(lo, size, dl);
	run(hi, size, dh);
	if (memcmp(dl, dh, sizeof(dl)) != 0 || memcmp(de, dl, sizeof(de)) != 0) {
		fprintf(stderr, "fuzz_diag_parse: the result depends on the bytes "
				"after the end of the buffer (read past len)\n");
		abort();
	}
	free(exact);
	free(lo);
	free(hi);
	return 0;
}
