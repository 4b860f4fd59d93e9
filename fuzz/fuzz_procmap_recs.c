/* fuzz_procmap_recs.c - libFuzzer target: arbitrary bytes as the stream the
 * process map's in-kernel pass writes (records cut by reads of sizes the
 * input chooses, EAGAIN between them), the map built from the records as
 * they are read, over a root with no pid directories (every holder gone);
 * and the same bytes as /proc/sys/fs/file-nr's text. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/procmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input: its first byte sets the read sizes (1..256, and every fourth
 * read EAGAIN when its low bit is set); the rest is the stream. */
struct stream {
	const uint8_t *p;
	size_t len, off;
	unsigned step;
	bool again;
	unsigned calls;
};

static ssize_t rd(void *ctx, void *buf, size_t len)
{
	struct stream *s = ctx;
	size_t n = s->step;

	if (s->again && ++s->calls % 4 == 0)
		return -EAGAIN;
	if (n > len)
		n = len;
	if (n > s->len - s->off)
		n = s->len - s->off;
	memcpy(buf, s->p + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s = { 0 };
	struct sv_procmap_req req = { .procroot = "/" };
	struct sv_procmap *m = NULL;
	struct sv_procmap_stats st;
	size_t whole;
	int ret;

	uint64_t files = 0;

	if (sv_procmap_parse_filenr((const char *)data, size, &files) == 0 &&
	    (size == 0 || data[0] < '0' || data[0] > '9'))
		abort(); /* a number first, always */
	if (size < 1)
		return 0;
	s.step = (unsigned)(data[0] >> 1) + 1;
	s.again = data[0] & 1;
	s.p = data + 1;
	s.len = size - 1;
	whole = s.len / sizeof(struct sv_procmap_rec);
	ret = sv_procmap_recs_read(&req, rd, &s, &m, &st);
	if (ret == 0 && s.len % sizeof(struct sv_procmap_rec) != 0)
		abort(); /* a record cut short at the end is an error */
	if (ret != 0 && (ret != -EBADMSG || s.len % sizeof(struct sv_procmap_rec) == 0 || m))
		abort();
	if (ret == 0) {
		/* no holder is in "/": nothing is mapped */
		if (st.sockets != 0 || st.fds > whole)
			abort();
		for (size_t i = 0; i < whole; i++) {
			struct sv_procmap_rec r;
			uint16_t c = 1;

			memcpy(&r, s.p + i * sizeof(r), sizeof(r));
			if (sv_procmap_find(m, r.inode, &c) || c != 0)
				abort();
		}
	}
	sv_procmap_free(m);
	return 0;
}
