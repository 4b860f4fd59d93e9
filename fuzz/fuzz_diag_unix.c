/* fuzz_diag_unix.c - libFuzzer target: arbitrary bytes as one recv() of a
 * unix_diag dump, parsed through the generic walk with the unix payload
 * parser, each record formatted (ss's cells, sockview's row, JSON) and
 * classified after the listeners among them were noted.
 *
 * Oracles besides the sanitizers: the invariants of a record (a unix
 * table, a name inside the buffer and no longer than sun_path, no raw
 * control byte in any cell), and a differential one for reads past the
 * end: the input is also parsed from two buffers whose bytes after it
 * differ (0x00 / 0xff), and the digests must agree. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/classify.h"
#include "sockview/diag_parse.h"
#include "sockview/format.h"
#include "sockview/format_json.h"
#include "sockview/unixname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAD 256

struct run {
	const uint8_t *buf;
	size_t size;
	struct sv_classify *cls;
	bool noting; /* first pass: note the listeners */
	uint64_t h;
	size_t records;
};

static void mix(struct run *r, uint64_t v)
{
	r->h = (r->h ^ v) * UINT64_C(0x100000001b3);
}

static void mix_bytes(struct run *r, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mix(r, ((const uint8_t *)p)[i]);
}

/* No cell may hold a byte a terminal would act on. */
static void check_cells(const struct sv_cells *c)
{
	for (int i = 0; i < SV_CELL_MAX; i++) {
		if (strlen(c->text[i]) != c->len[i])
			abort();
		for (size_t k = 0; k < c->len[i]; k++)
			if ((uint8_t)c->text[i][k] < 0x20 || (uint8_t)c->text[i][k] >= 0x7f)
				abort();
	}
}

static int touch(const struct sv_sock *in, void *data)
{
	struct run *r = data;
	struct sv_sock s = *in;
	struct sv_fmt_opts o = { .netid = true, .state = true };
	struct sv_cells c;
	char text[SV_UNIXNAME_TEXT];

	if (s.family != AF_UNIX || s.state >= SV_STATE_MAX ||
	    (s.table != SV_TABLE_UNIX_STREAM && s.table != SV_TABLE_UNIX_DGRAM &&
	     s.table != SV_TABLE_UNIX_SEQPACKET))
		abort();
	if (s.un.path && ((const uint8_t *)s.un.path < r->buf ||
			  (const uint8_t *)s.un.path + s.un.path_len > r->buf + r->size ||
			  s.un.path_len > SV_UNIXNAME_MAX))
		abort();
	if (s.un.nicons && ((const uint8_t *)s.un.icons < r->buf ||
			    (const uint8_t *)s.un.icons + 4u * s.un.nicons > r->buf + r->size))
		abort();
	if (r->noting) {
		if (sv_classify_note(r->cls, &s) < 0)
			abort();
		return 0;
	}
	sv_classify_sock(r->cls, &s);
	sv_format_cells(&o, &s, &c);
	check_cells(&c);
	for (int i = 0; i < SV_CELL_MAX; i++)
		mix_bytes(r, c.text[i], c.len[i]);
	mix(r, sv_unixname_text(text, sizeof(text), &s));
	mix(r, s.role);
	mix_bytes(r, s.class_name, strlen(s.class_name));
	mix(r, s.inode);
	mix(r, s.cookie);
	mix(r, s.un.peer_ino);
	mix(r, (uint64_t)s.un.vfs_ino << 32 | s.un.vfs_dev);
	mix(r, (uint64_t)s.rqueue << 32 | s.wqueue);
	mix(r, s.uid);
	mix(r, s.have);
	mix(r, s.shutdown);
	mix(r, s.skmem_len);
	for (uint16_t i = 0; i < s.skmem_len; i++) {
		uint32_t w;

		memcpy(&w, (const char *)s.skmem + 4u * i, 4);
		mix(r, w);
	}
	r->records++;
	return 0;
}

/* A JSON object per record, to a sink (the escaper and the registry). */
static int to_json(const struct sv_sock *s, void *data)
{
	struct sv_json_fmt *j = data;
	struct sv_sock t = *s;

	t.class_name = NULL;
	return sv_format_json_row(j, &t) < 0 ? -5 : 0;
}

static void run(struct run *r)
{
	size_t used;
	bool intr = false;
	char err[128] = "";
	int ret;

	r->cls = malloc(sizeof(*r->cls));
	if (!r->cls)
		abort();
	sv_classify_init(r->cls, 32768, 60999);
	r->noting = true;
	sv_diag_parse_inet(r->buf, r->size, SV_TABLE_UNIX_STREAM, touch, r, &used, &intr,
			   NULL, 0);
	r->noting = false;
	ret = sv_diag_parse_inet(r->buf, r->size, SV_TABLE_UNIX_STREAM, touch, r, &used,
				 &intr, err, sizeof(err));
	mix(r, (uint64_t)(int64_t)ret);
	if (ret == -74 /* EBADMSG */ && err[0] == '\0')
		abort();
	if (ret >= 0 && used > r->size)
		abort();
	sv_classify_release(r->cls);
	free(r->cls);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *exact = malloc(size ? size : 1);
	uint8_t *lo = malloc(size + PAD), *hi = malloc(size + PAD);
	struct run re = { 0 }, rl = { 0 }, rh = { 0 };
	FILE *sink = fopen("/dev/null", "w");
	struct sv_json_opts jo = { .lines = true };
	struct sv_json_fmt *j = NULL;
	size_t used;
	bool intr = false;

	if (!exact || !lo || !hi || !sink)
		abort();
	memcpy(exact, data, size);
	memcpy(lo, data, size);
	memcpy(hi, data, size);
	memset(lo + size, 0x00, PAD);
	memset(hi + size, 0xff, PAD);
	re = (struct run){ .buf = exact, .size = size };
	rl = (struct run){ .buf = lo, .size = size };
	rh = (struct run){ .buf = hi, .size = size };
	run(&re);
	run(&rl);
	run(&rh);
	if (re.h != rl.h || rl.h != rh.h || re.records != rh.records) {
		fprintf(stderr, "fuzz_diag_unix: the result depends on the bytes after "
				"the end of the buffer (read past len)\n");
		abort();
	}
	if (sv_format_json_new(sink, &jo, &j) == 0) {
		sv_diag_parse_inet(exact, size, SV_TABLE_UNIX_STREAM, to_json, j, &used, &intr,
				   NULL, 0);
		sv_format_json_finish(j);
		sv_format_json_free(j);
	}
	fclose(sink);
	free(exact);
	free(lo);
	free(hi);
	return 0;
}
