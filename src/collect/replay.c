/* replay.c - recorded sock_diag dumps: checked and indexed whole, then
 * read back as a source through the live collector and parser. */
#include <errno.h>
#include <stdarg.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/grow.h"
#include "sockview/replay.h"

/* One part: the bytes from start up to its NLMSG_DONE at done, which ends
 * at end. */
struct part {
	size_t start, done, end;
	enum sv_dump_kind kind;
	enum sv_table table;
	int family; /* 0: a foreign part with no socket (matches nothing) */
};

struct sv_replay {
	const char *buf;
	size_t len;
	struct part *parts;
	size_t nparts, cap;
	struct sv_replay_info info;
	struct sv_localaddrs local; /* from the end marker */
	/* the current request */
	enum sv_dump_kind kind;
	enum sv_table table;
	int family;
	size_t cur; /* part being read (nparts: none left) */
	size_t pos; /* next byte of it */
	bool done_sent;
};

/* State of the checking walk. */
struct walk {
	struct sv_replay *r;
	size_t part_start;
	bool in_part, tagged, end_seen;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct walk *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->err, w->errlen, fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

/* The family of a foreign part: that of its first socket message. */
static int first_family(const char *p, size_t len)
{
	size_t off = 0;

	while (len - off >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;

		memcpy(&h, p + off, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len - off)
			break;
		if (h.nlmsg_type == SOCK_DIAG_BY_FAMILY &&
		    h.nlmsg_len >= NLMSG_HDRLEN + sizeof(struct inet_diag_msg))
			return (uint8_t)p[off + NLMSG_HDRLEN];
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
	return 0;
}

/* A part ends at the NLMSG_DONE at off (whose padded end is end). */
static int add_part(struct walk *w, uint32_t seq, size_t off, size_t end)
{
	struct sv_replay *r = w->r;
	struct part *p;

	if (sv_grow((void **)&r->parts, &r->cap, r->nparts + 1, sizeof(*r->parts), 16) < 0)
		return -ENOMEM;
	p = &r->parts[r->nparts++];
	p->start = w->part_start;
	p->done = off;
	p->end = end;
	if (sv_dumpfile_seq_parse(seq, &p->kind, &p->table, &p->family)) {
		w->tagged = true;
		return 0;
	}
	p->kind = SV_DUMP_ROWS;
	p->table = SV_TABLE_TCP;
	p->family = first_family(r->buf + p->start, off - p->start);
	return 0;
}

/* The addresses after the end marker's fixed part. */
static int read_addrs(struct walk *w, const struct sv_dumpfile_end *e, size_t at,
		      size_t off)
{
	struct sv_replay *r = w->r;

	for (uint32_t i = 0; i < e->naddrs; i++) {
		struct sv_dumpfile_addr a;

		memcpy(&a, r->buf + at + i * sizeof(a), sizeof(a));
		if (a.family != AF_INET && a.family != AF_INET6)
			return fail(w, "not a valid sock_diag dump: bad address family %u in "
				    "the end marker at byte %zu", a.family, off);
		if (sv_localaddr_add(&r->local, a.family, a.addr) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* The end marker at off: it must close the file and count what is before. */
static int check_end(struct walk *w, const struct nlmsghdr *h, size_t off)
{
	struct sv_replay *r = w->r;
	struct sv_dumpfile_end e;

	if (w->in_part)
		return fail(w, "not a valid sock_diag dump: the end marker at byte %zu "
			    "cuts the part at byte %zu short", off, w->part_start);
	if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(e))
		return fail(w, "not a valid sock_diag dump: bad end marker at byte %zu "
			    "(%u bytes)", off, h->nlmsg_len);
	memcpy(&e, r->buf + off + NLMSG_HDRLEN, sizeof(e));
	if (memcmp(e.magic, "sockview", 8) != 0 || e.version != SV_DUMPFILE_VERSION)
		return fail(w, "not a valid sock_diag dump: bad end marker at byte %zu "
			    "(not version %u)", off, SV_DUMPFILE_VERSION);
	if (e.naddrs > SV_DUMPFILE_MAX_ADDRS || h->nlmsg_len != NLMSG_HDRLEN + sizeof(e) +
	    (size_t)e.naddrs * sizeof(struct sv_dumpfile_addr))
		return fail(w, "not a valid sock_diag dump: bad end marker at byte %zu "
			    "(%u bytes for %u addresses)", off, h->nlmsg_len, e.naddrs);
	if (e.parts != r->nparts || e.bytes != off)
		return fail(w, "incomplete dump file: the end marker at byte %zu counts "
			    "%u parts and %llu bytes before it, the file has %zu and %zu",
			    off, e.parts, (unsigned long long)e.bytes, r->nparts, off);
	if (e.eph_lo > e.eph_hi)
		return fail(w, "not a valid sock_diag dump: bad port range in the end "
			    "marker at byte %zu", off);
	w->end_seen = true;
	r->info.eph_lo = e.eph_lo;
	r->info.eph_hi = e.eph_hi;
	return read_addrs(w, &e, off + NLMSG_HDRLEN + sizeof(e), off);
}

/* One message at off; *next gets the offset after it. */
static int walk_msg(struct walk *w, size_t off, size_t *next)
{
	struct sv_replay *r = w->r;
	struct nlmsghdr h;
	size_t left = r->len - off;

	if (w->end_seen)
		return fail(w, "not a valid sock_diag dump: %zu bytes after the end "
			    "marker, at byte %zu", left, off);
	if (left < sizeof(h))
		return fail(w, "truncated dump file: %zu stray bytes at byte %zu",
			    left, off);
	memcpy(&h, r->buf + off, sizeof(h)); /* the file gives no alignment */
	if (h.nlmsg_len < sizeof(h))
		return fail(w, "not a sock_diag dump: bad message length %u at byte %zu",
			    h.nlmsg_len, off);
	if (h.nlmsg_len > left)
		return fail(w, "truncated dump file: the message at byte %zu needs %u "
			    "bytes, %zu are left", off, h.nlmsg_len, left);
	if (h.nlmsg_len > SV_COLLECT_BUFSIZE)
		return fail(w, "not a sock_diag dump: the message at byte %zu is %u "
			    "bytes long", off, h.nlmsg_len);
	*next = off + NLMSG_ALIGN(h.nlmsg_len) < r->len ? off + NLMSG_ALIGN(h.nlmsg_len)
							 : r->len;
	if (h.nlmsg_type == SV_DUMPFILE_END_TYPE)
		return check_end(w, &h, off);
	if (h.nlmsg_flags & NLM_F_DUMP_INTR)
		return fail(w, "incomplete dump file: the kernel marked the dump "
			    "interrupted (NLM_F_DUMP_INTR) at byte %zu", off);
	if (!w->in_part) {
		w->in_part = true;
		w->part_start = off;
	}
	if (h.nlmsg_type != NLMSG_DONE)
		return 0;
	w->in_part = false;
	return add_part(w, h.nlmsg_seq, off, *next);
}

static int no_row(const struct sv_sock *s, void *data)
{
	return 0;
}

/* Every part through the parser, so that the listing never meets a bad
 * message, and errors name their offset in the file. */
static int check_parts(struct walk *w)
{
	const struct sv_replay *r = w->r;

	for (size_t i = 0; i < r->nparts; i++) {
		const struct part *p = &r->parts[i];
		char msg[200] = "";
		size_t used = 0;
		bool intr = false;
		int ret = sv_diag_parse_inet_at(r->buf + p->start, p->end - p->start,
						p->start, p->table, no_row, NULL, &used,
						&intr, msg, sizeof(msg));

		if (ret == SV_DIAG_DONE)
			continue;
		if (ret == -EBADMSG || ret >= 0)
			return fail(w, "not a valid sock_diag dump: %s",
				    msg[0] ? msg : "a part ends before its NLMSG_DONE");
		return fail(w, "the recorded dump holds an error at byte %zu: %s",
			    p->start + used, strerror(-ret));
	}
	return 0;
}

static int walk_all(struct walk *w)
{
	struct sv_replay *r = w->r;
	size_t off = 0, next = 0;
	int ret;

	if (r->len == 0)
		return fail(w, "the dump file is empty");
	while (off < r->len) {
		ret = walk_msg(w, off, &next);
		if (ret < 0)
			return ret;
		off = next;
	}
	if (w->in_part)
		return fail(w, "truncated dump file: no NLMSG_DONE after the part at "
			    "byte %zu", w->part_start);
	if (w->tagged && !w->end_seen)
		return fail(w, "incomplete dump file: no end marker after byte %zu (the "
			    "recording was cut short)", r->len);
	r->info.sockview = w->end_seen;
	r->info.parts = r->nparts;
	r->info.local = &r->local;
	return check_parts(w);
}

/* See replay.h. */
int sv_replay_open(const void *buf, size_t len, struct sv_replay **out,
		   char *err, size_t errlen)
{
	struct sv_replay *r = calloc(1, sizeof(*r));
	struct walk w = { .r = r, .err = err, .errlen = errlen };
	int ret;

	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	r->buf = buf;
	r->len = len;
	err[0] = '\0';
	ret = walk_all(&w);
	if (ret == -ENOMEM && !err[0])
		snprintf(err, errlen, "out of memory");
	if (ret < 0) {
		sv_replay_free(r);
		return ret;
	}
	r->cur = r->nparts;
	r->done_sent = true;
	*out = r;
	return 0;
}

/* See replay.h. */
void sv_replay_info(const struct sv_replay *r, struct sv_replay_info *info)
{
	*info = r->info;
}

static bool holds(const struct sv_replay *r, size_t i, enum sv_dump_kind kind)
{
	const struct part *p = &r->parts[i];

	return p->kind == kind && p->table == r->table && p->family == r->family;
}

/* The first part at or after i that the request reads. */
static size_t next_part(const struct sv_replay *r, size_t i)
{
	while (i < r->nparts && !holds(r, i, r->kind))
		i++;
	return i;
}

static int replay_request(void *ctx, const struct sv_dump_req *req)
{
	struct sv_replay *r = ctx;

	r->kind = req->kind;
	r->table = req->table;
	r->family = req->family;
	if (r->kind == SV_DUMP_LISTENERS && next_part(r, 0) == r->nparts)
		r->kind = SV_DUMP_ROWS; /* listeners are among the rows */
	r->cur = next_part(r, 0);
	r->pos = r->cur < r->nparts ? r->parts[r->cur].start : 0;
	r->done_sent = false;
	return 0;
}

/* Whole messages of the current parts, each part without its NLMSG_DONE,
 * then one NLMSG_DONE for all of them. */
static ssize_t replay_recv(void *ctx, void *buf, size_t len)
{
	const struct nlmsghdr done = { .nlmsg_len = NLMSG_HDRLEN + sizeof(int),
				       .nlmsg_type = NLMSG_DONE, .nlmsg_flags = NLM_F_MULTI };
	struct sv_replay *r = ctx;
	size_t n = 0;

	while (r->cur < r->nparts) {
		const struct part *p = &r->parts[r->cur];
		struct nlmsghdr h;
		size_t step;

		if (r->pos >= p->done) {
			r->cur = next_part(r, r->cur + 1);
			r->pos = r->cur < r->nparts ? r->parts[r->cur].start : 0;
			continue;
		}
		memcpy(&h, r->buf + r->pos, sizeof(h));
		step = NLMSG_ALIGN(h.nlmsg_len) < p->done - r->pos ?
		       NLMSG_ALIGN(h.nlmsg_len) : p->done - r->pos;
		if (step > len - n)
			break;
		memcpy((char *)buf + n, r->buf + r->pos, step);
		n += step;
		r->pos += step;
	}
	if (n > 0)
		return (ssize_t)n;
	if (r->done_sent)
		return 0;
	if (len < done.nlmsg_len)
		return -EMSGSIZE;
	memcpy(buf, &done, sizeof(done)); /* and its status, 0: a whole dump */
	memset((char *)buf + NLMSG_HDRLEN, 0, sizeof(int));
	r->done_sent = true;
	return (ssize_t)done.nlmsg_len;
}

/* See replay.h. */
struct sv_source sv_replay_source(struct sv_replay *r)
{
	return (struct sv_source){
		.request = replay_request,
		.recv = replay_recv,
		.ctx = r,
		.kernel = false,
	};
}

/* See replay.h. */
void sv_replay_free(struct sv_replay *r)
{
	if (!r)
		return;
	sv_localaddr_free(&r->local);
	free(r->parts);
	free(r);
}
