/* fuzz_events.c - libFuzzer target: arbitrary bytes as one recv() of the
 * kernel's destroy events (-E, sv_events_parse), and as the answer to a
 * SOCK_DESTROY request (-K, sv_destroy_parse_answer; the sequence number
 * from the first 4 bytes).
 *
 * Besides the sanitizers, the invariants of the return values and a
 * differential oracle for reads past the end of the buffer (libmnl is not
 * instrumented): the input is also parsed from two buffers whose bytes
 * after len differ (0x00 / 0xff), and every result and record must agree. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/destroy.h"
#include "sockview/events.h"

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

/* Read the record, check what an event must be. */
static int touch(const struct sv_sock *s, void *data)
{
	struct digest *d = data;

	if (s->family != 2 && s->family != 10) /* AF_INET, AF_INET6 */
		abort();
	if ((s->table != SV_TABLE_TCP && s->table != SV_TABLE_UDP) || s->state >= SV_STATE_MAX)
		abort();
	if (!(s->have & SV_FROM_EVENT))
		abort();
	mix(d, s->table);
	mix(d, s->state);
	mix(d, s->have);
	mix(d, s->lport);
	mix(d, s->rport);
	for (size_t i = 0; i < 16; i++)
		mix(d, (uint64_t)s->laddr[i] << 8 | s->raddr[i]);
	mix(d, s->ifindex);
	mix(d, s->cookie);
	mix(d, s->rqueue);
	mix(d, s->wqueue);
	mix(d, s->tcp_info_len);
	if (s->tcp_info && s->tcp_info_len)
		mix(d, ((const uint8_t *)s->tcp_info)[s->tcp_info_len - 1]);
	d->records++;
	/* a callback's error comes back unchanged */
	return (s->cookie & 0xff) == 0x5a ? -1234 : 0;
}

static void run(const uint8_t *buf, size_t size, struct digest *d)
{
	char err[128] = "";
	size_t skipped = 0;
	uint32_t seq = 0;
	int ret;

	memset(d, 0, sizeof(*d));
	ret = sv_events_parse(buf, size, touch, d, &skipped, err, sizeof(err));
	if (ret != 0 && ret != -EBADMSG && ret != -1234)
		abort();
	if (ret == -EBADMSG && err[0] == '\0')
		abort(); /* a malformed buffer always says where */
	mix(d, (uint64_t)(int64_t)ret);
	mix(d, skipped);
	if (size >= 4)
		memcpy(&seq, buf, 4);
	ret = sv_destroy_parse_answer(buf, size, seq);
	if (ret > 0 && ret != SV_DESTROY_MORE)
		abort();
	if (ret < -4095)
		abort();
	mix(d, (uint64_t)(int64_t)ret);
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
		fprintf(stderr, "fuzz_events: the result depends on the bytes after the "
				"end of the buffer (read past len)\n");
		abort();
	}
	free(exact);
	free(lo);
	free(hi);
	return 0;
}
