/* collect.c - run sock_diag dumps through a source into sv_sock records,
 * redoing interrupted dumps without duplicates. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/collect.h"
#include "sockview/grow.h"

#define MAX_ATTEMPTS 3

/* Cookies delivered so far in this dump; consulted only on a retry. They
 * cost 8 bytes a socket, so at most this many are kept: memory stays
 * bounded however big the table is. A dump interrupted after more rows than
 * that were delivered cannot be redone without repeating rows, and is
 * reported as an error instead (the kernel's inet_diag dumps do not mark
 * themselves interrupted today; this is a guard, not a common path). */
#define DEDUP_MAX 65536

struct dump_ctx {
	sv_diag_cb cb;
	void *data;
	uint64_t *seen;   /* cookies delivered in the current attempt */
	size_t nseen, cap;
	size_t delivered; /* rows delivered in the current attempt */
	uint64_t *prev;   /* sorted cookies delivered by earlier attempts */
	size_t nprev;
	int cb_err;       /* what cb returned when it stopped the parse */
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int deliver(const struct sv_sock *s, void *data)
{
	struct dump_ctx *d = data;
	int ret;

	if (d->nprev && bsearch(&s->cookie, d->prev, d->nprev, sizeof(uint64_t), cmp_u64))
		return 0;
	d->delivered++;
	if (d->nseen < DEDUP_MAX) {
		if (sv_grow((void **)&d->seen, &d->cap, d->nseen + 1, sizeof(*d->seen), 1024) < 0)
			return -ENOMEM;
		d->seen[d->nseen++] = s->cookie;
	}
	ret = d->cb(s, d->data);
	if (ret < 0)
		d->cb_err = ret;
	return ret;
}

/* Move this attempt's cookies into the sorted "already delivered" set. */
static int remember(struct dump_ctx *d)
{
	uint64_t *n = realloc(d->prev, (d->nprev + d->nseen + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	if (d->nseen) /* seen is NULL before the first row */
		memcpy(n + d->nprev, d->seen, d->nseen * sizeof(*n));
	d->prev = n;
	d->nprev += d->nseen;
	d->nseen = 0;
	d->delivered = 0;
	qsort(d->prev, d->nprev, sizeof(*n), cmp_u64);
	return 0;
}

/* One attempt: request, then receive and parse until NLMSG_DONE. Returns
 * -EINTR when the kernel marked the dump interrupted, -ENOBUFS when messages
 * were lost; in both cases the dump was read to its end first, so the socket
 * is ready for the next request. */
static int dump_once(const struct sv_source *src, const struct sv_dump_req *req,
		     struct dump_ctx *d, char *buf, char *err, size_t errlen)
{
	int ret = src->request(src->ctx, req);
	bool intr = false, lost = false;

	if (ret < 0) {
		snprintf(err, errlen, "cannot send the dump request: %s", strerror(-ret));
		return ret;
	}
	for (;;) {
		ssize_t n = src->recv(src->ctx, buf, SV_COLLECT_BUFSIZE);
		size_t used;

		if (n == -ENOBUFS) {
			lost = true;
			continue;
		}
		if (n < 0) {
			snprintf(err, errlen, "receiving the dump: %s", strerror((int)-n));
			return (int)n;
		}
		if (n == 0) {
			snprintf(err, errlen, "the dump ended before NLMSG_DONE");
			return -EBADMSG;
		}
		ret = sv_diag_parse_inet(buf, (size_t)n, req->table, deliver, d, &used,
					 &intr, err, errlen);
		if (ret == SV_DIAG_DONE)
			return lost ? -ENOBUFS : intr ? -EINTR : 0;
		if (ret < 0 && d->cb_err) {
			err[0] = '\0'; /* the callback's own error: its caller names it */
			return ret;
		}
		if (ret < 0) {
			if (ret != -EBADMSG && err[0] == '\0')
				snprintf(err, errlen, "the kernel refused the dump: %s", strerror(-ret));
			return ret;
		}
	}
}

/* See collect.h. */
int sv_collect_dump(const struct sv_source *src, const struct sv_dump_req *req,
		    sv_diag_cb cb, void *data, char *err, size_t errlen)
{
	struct dump_ctx d = { .cb = cb, .data = data };
	char *buf;
	int ret = -ENOMEM;

	if (src->rows) {
		err[0] = '\0';
		ret = src->rows(src->ctx, req, cb, data, err, errlen);
		if (src->end)
			src->end(src->ctx, ret);
		return ret;
	}
	buf = malloc(SV_COLLECT_BUFSIZE);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		err[0] = '\0';
		ret = dump_once(src, req, &d, buf, err, errlen);
		if (src->end)
			src->end(src->ctx, ret);
		if (ret != -EINTR && ret != -ENOBUFS)
			break;
		if (d.delivered > d.nseen) {
			snprintf(err, errlen, "the kernel %s the dump after %zu sockets were "
				 "written; it cannot be redone without repeating rows: run again",
				 ret == -EINTR ? "interrupted" : "lost messages of", d.delivered);
			ret = -EAGAIN;
			break;
		}
		if (attempt < MAX_ATTEMPTS && remember(&d) < 0) {
			ret = -ENOMEM;
			snprintf(err, errlen, "out of memory");
			break;
		}
	}
	if (ret == -EINTR)
		snprintf(err, errlen, "the kernel interrupted the dump %d times", MAX_ATTEMPTS);
	else if (ret == -ENOBUFS)
		snprintf(err, errlen, "netlink lost messages (ENOBUFS) %d times", MAX_ATTEMPTS);
	free(d.seen);
	free(d.prev);
	free(buf);
	return ret;
}
