/* record.c - -D: the kernel's dumps into a dump file, complete parts only,
 * rows first, then listeners and autobound connections, then the end
 * marker (dumpfile.h). */
#include <errno.h>
#include <linux/netlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/grow.h"
#include "sockview/record.h"

/* Bytes in memory. */
struct mem {
	char *p;
	size_t n, cap;
};

struct sv_record {
	int fd;
	bool seekable;
	off_t base;          /* fd's offset when recording began */
	int err;             /* first error, sticky */
	const struct sv_source *inner;
	uint64_t committed;  /* bytes of complete row parts on fd */
	uint32_t parts;      /* complete parts, in the file or held */
	/* the attempt under way */
	bool active;
	enum sv_dump_kind kind;
	uint64_t written;    /* bytes of it already on fd (rows) */
	struct mem held;     /* rows: its last chunk; others: all of it */
	struct mem later;    /* complete listener/autobound parts */
	uint32_t nlater;
};

static int mem_add(struct mem *m, const void *p, size_t n)
{
	if (sv_grow((void **)&m->p, &m->cap, m->n + n, 1, 32768) < 0)
		return -ENOMEM;
	memcpy(m->p + m->n, p, n);
	m->n += n;
	return 0;
}

static int write_all(struct sv_record *r, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(r->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void set_err(struct sv_record *r, int err)
{
	if (err < 0 && r->err == 0)
		r->err = err;
}

/* See record.h. */
int sv_record_new(int fd, struct sv_record **out)
{
	struct sv_record *r = calloc(1, sizeof(*r));
	struct stat st;

	if (!r)
		return -ENOMEM;
	r->fd = fd;
	r->base = lseek(fd, 0, SEEK_CUR);
	r->seekable = r->base >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	*out = r;
	return 0;
}

/* Write the held chunk of a rows attempt. */
static void flush_held(struct sv_record *r)
{
	if (r->held.n && r->err == 0)
		set_err(r, write_all(r, r->held.p, r->held.n));
	r->written += r->held.n;
	r->held.n = 0;
}

/* Take back what a failed attempt wrote. */
static void drop_attempt(struct sv_record *r)
{
	off_t keep = r->base + (off_t)r->committed;

	r->held.n = 0;
	if (r->written == 0 || r->err)
		return;
	if (!r->seekable)
		set_err(r, -ESPIPE);
	else if (ftruncate(r->fd, keep) < 0 || lseek(r->fd, keep, SEEK_SET) < 0)
		set_err(r, -errno);
}

static void rec_end(void *ctx, int status)
{
	struct sv_record *r = ctx;

	if (r->inner->end)
		r->inner->end(r->inner->ctx, status);
	if (!r->active)
		return;
	r->active = false;
	if (status < 0) {
		drop_attempt(r);
	} else if (r->kind == SV_DUMP_ROWS) {
		flush_held(r);
		r->committed += r->written;
		r->parts++;
	} else {
		set_err(r, mem_add(&r->later, r->held.p, r->held.n));
		r->held.n = 0;
		r->nlater++;
	}
	r->written = 0;
}

static int rec_request(void *ctx, const struct sv_dump_req *req)
{
	struct sv_record *r = ctx;

	if (r->active) /* the last attempt never ended: it did not complete */
		rec_end(r, -EINTR);
	if (r->err)
		return r->err;
	r->active = true;
	r->kind = req->kind;
	r->written = 0;
	r->held.n = 0;
	return r->inner->request(r->inner->ctx, req);
}

static ssize_t rec_recv(void *ctx, void *buf, size_t len)
{
	struct sv_record *r = ctx;
	ssize_t n = r->inner->recv(r->inner->ctx, buf, len);

	if (n <= 0 || !r->active)
		return n;
	if (r->kind == SV_DUMP_ROWS)
		flush_held(r);
	set_err(r, mem_add(&r->held, buf, (size_t)n));
	return r->err ? r->err : n;
}

/* See record.h. */
struct sv_source sv_record_source(struct sv_record *r, const struct sv_source *inner)
{
	r->inner = inner;
	return (struct sv_source){
		.request = rec_request,
		.recv = rec_recv,
		.end = rec_end,
		.ctx = r,
		.kernel = inner->kernel,
		.host = inner->host,
	};
}

/* The end marker: its header, the fixed part, the addresses. */
static int write_end(struct sv_record *r, uint16_t eph_lo, uint16_t eph_hi,
		     const struct sv_localaddrs *local)
{
	size_t n = local ? local->n : 0;
	struct nlmsghdr h = { .nlmsg_type = SV_DUMPFILE_END_TYPE };
	struct sv_dumpfile_end e = { .version = SV_DUMPFILE_VERSION };
	struct mem m = { 0 };
	int ret = 0;

	if (n > SV_DUMPFILE_MAX_ADDRS)
		n = SV_DUMPFILE_MAX_ADDRS;
	h.nlmsg_len = (uint32_t)(sizeof(h) + sizeof(e) + n * sizeof(struct sv_dumpfile_addr));
	memcpy(e.magic, "sockview", 8);
	e.parts = r->parts + r->nlater;
	e.bytes = r->committed + r->later.n;
	e.eph_lo = eph_lo;
	e.eph_hi = eph_hi;
	e.naddrs = (uint32_t)n;
	ret = mem_add(&m, &h, sizeof(h));
	if (ret == 0)
		ret = mem_add(&m, &e, sizeof(e));
	for (size_t i = 0; i < n && ret == 0; i++) {
		struct sv_dumpfile_addr a = { .family = local->v[i].family };

		memcpy(a.addr, local->v[i].addr, 16);
		ret = mem_add(&m, &a, sizeof(a));
	}
	if (ret == 0)
		ret = write_all(r, m.p, m.n);
	free(m.p);
	return ret;
}

/* See record.h. */
int sv_record_finish(struct sv_record *r, uint16_t eph_lo, uint16_t eph_hi,
		     const struct sv_localaddrs *local)
{
	if (r->active)
		rec_end(r, -EINTR);
	if (r->err)
		return r->err;
	set_err(r, write_all(r, r->later.p ? r->later.p : "", r->later.n));
	if (r->err == 0)
		set_err(r, write_end(r, eph_lo, eph_hi, local));
	return r->err;
}

/* See record.h. */
int sv_record_error(const struct sv_record *r)
{
	return r->err;
}

/* See record.h. */
void sv_record_free(struct sv_record *r)
{
	if (!r)
		return;
	free(r->held.p);
	free(r->later.p);
	free(r);
}
