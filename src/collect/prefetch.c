/* prefetch.c - dumps received by a thread of its own, one after the other,
 * into a bounded queue of chunks (carved from slabs, reused once read),
 * handed out later as a source (prefetch.h). */
#include <errno.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "sockview/bigmem.h"
#include "sockview/prefetch.h"

/* One recv()'s answer to dump number `dump`: bytes, or a negative errno
 * (n). */
struct chunk {
	struct chunk *next;
	size_t dump;
	ssize_t n;
	char data[];
};

/* Chunks are carved from slabs and reused once read: the first slab is
 * small (a listing of a few sockets keeps its memory); for a queue of more
 * than 8 MiB the next ones are 2 MiB, in huge pages where the kernel has
 * them (bigmem.h): megabytes queued cost a page fault a slab, not one
 * every 4 KiB. */
#define CHUNK_BYTES ((sizeof(struct chunk) + SV_COLLECT_BUFSIZE + 63) & ~(size_t)63)
#define SLAB_FIRST (8 * CHUNK_BYTES)
#define SLAB_BIG SV_BIGMEM_HUGE

struct slab {
	struct slab *next;
	size_t bytes, used;
	_Alignas(64) char mem[];
};

struct sv_prefetch {
	struct sv_source side;
	struct slab *slabs;     /* newest first; under mu */
	struct chunk *spare;    /* read chunks, for reuse; under mu */
	struct sv_dump_req req[SV_PREFETCH_MAX];
	void *bytecode[SV_PREFETCH_MAX]; /* req's, copied */
	size_t nreq;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;      /* the queue or the flags changed */
	struct chunk *head, *tail;
	size_t queued, max;     /* bytes in the queue, and its bound */
	size_t started;         /* the thread: requests sent so far */
	size_t cur;             /* the consumer: the dump it is at */
	bool done;              /* the thread has ended */
	bool stop;              /* the consumer asks it to end */
	bool handed;            /* dump cur's request was answered */
	bool joined;            /* the thread is gone: the side is the
				   consumer's (a retry), no dump ahead any
				   more */
};

/* A chunk for dump d (its data uninitialised), or NULL when out of
 * memory. */
static struct chunk *chunk_get(struct sv_prefetch *p, size_t d)
{
	struct chunk *c = NULL;
	struct slab *b;

	pthread_mutex_lock(&p->mu);
	if (p->spare) {
		c = p->spare;
		p->spare = c->next;
	} else {
		b = p->slabs;
		if (!b || b->bytes - b->used < CHUNK_BYTES) {
			size_t bytes = p->slabs && p->max > 4 * SLAB_BIG ? SLAB_BIG : SLAB_FIRST;

			b = sv_bigmem_alloc(bytes);
			if (b) {
				b->bytes = bytes - offsetof(struct slab, mem);
				b->used = 0;
				b->next = p->slabs;
				p->slabs = b;
			}
		}
		if (b) {
			c = (struct chunk *)(void *)(b->mem + b->used);
			b->used += CHUNK_BYTES;
		}
	}
	pthread_mutex_unlock(&p->mu);
	if (c)
		c->dump = d;
	return c;
}

/* Give a read chunk back, with p->mu held. */
static void chunk_put_locked(struct sv_prefetch *p, struct chunk *c)
{
	c->next = p->spare;
	p->spare = c;
}

/* Does this chunk end the dump (NLMSG_DONE or NLMSG_ERROR in it)? Bytes
 * that are not whole messages end it too: the parser will say why. */
static bool ends_dump(const char *buf, size_t n)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	int left = (int)n;

	while (mnl_nlmsg_ok(h, left)) {
		if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
			return true;
		h = mnl_nlmsg_next(h, &left);
	}
	return left != 0;
}

/* Append c; false when the consumer asked to stop (c is freed). */
static bool push(struct sv_prefetch *p, struct chunk *c)
{
	bool ok;

	pthread_mutex_lock(&p->mu);
	ok = !p->stop;
	if (ok) {
		c->next = NULL;
		if (p->tail)
			p->tail->next = c;
		else
			p->head = c;
		p->tail = c;
		p->queued += c->n > 0 ? (size_t)c->n : 0;
		pthread_cond_broadcast(&p->cv);
	} else {
		chunk_put_locked(p, c);
	}
	pthread_mutex_unlock(&p->mu);
	return ok;
}

/* Wait for room in the queue; false when the consumer asked to stop. */
static bool room(struct sv_prefetch *p)
{
	bool ok;

	pthread_mutex_lock(&p->mu);
	while (p->queued >= p->max && !p->stop)
		pthread_cond_wait(&p->cv, &p->mu);
	ok = !p->stop;
	pthread_mutex_unlock(&p->mu);
	return ok;
}

/* A chunk of dump d holding only an errno. */
static bool push_error(struct sv_prefetch *p, size_t d, int err)
{
	struct chunk *c = chunk_get(p, d);

	if (!c)
		return false;
	c->n = err;
	return push(p, c);
}

/* Receive dump d into the queue. Returns true when it ended (its last
 * answer is queued), false when the thread must end: stopped, out of
 * memory, or the side failed (no telling where it is). */
static bool receive(struct sv_prefetch *p, size_t d)
{
	while (room(p)) {
		struct chunk *c = chunk_get(p, d);

		if (!c) {
			push_error(p, d, -ENOMEM);
			return false;
		}
		c->n = p->side.recv(p->side.ctx, c->data, SV_COLLECT_BUFSIZE);
		if (c->n <= 0 && c->n != -ENOBUFS) {
			push(p, c);
			return false;
		}
		if (c->n > 0 && ends_dump(c->data, (size_t)c->n))
			return push(p, c);
		if (!push(p, c))
			return false;
	}
	return false;
}

static void *run(void *arg)
{
	struct sv_prefetch *p = arg;

	for (size_t d = 0; d < p->nreq; d++) {
		bool go;
		int ret;

		pthread_mutex_lock(&p->mu);
		go = !p->stop;
		if (go)
			p->started = d + 1;
		pthread_mutex_unlock(&p->mu);
		if (!go)
			break;
		ret = p->side.request(p->side.ctx, &p->req[d]);
		if (ret < 0 ? !push_error(p, d, ret) : !receive(p, d))
			break;
	}
	pthread_mutex_lock(&p->mu);
	p->done = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Free p's copies of the requests' bytecode. */
static void free_bytecode(struct sv_prefetch *p)
{
	for (size_t i = 0; i < SV_PREFETCH_MAX; i++)
		free(p->bytecode[i]);
}

/* Copy the requests (and their bytecode) into p. */
static int copy_requests(struct sv_prefetch *p, const struct sv_dump_req *req, size_t n)
{
	p->nreq = n;
	for (size_t i = 0; i < n; i++) {
		p->req[i] = req[i];
		if (!req[i].bytecode || !req[i].bclen)
			continue;
		p->bytecode[i] = malloc(req[i].bclen);
		if (!p->bytecode[i])
			return -ENOMEM;
		memcpy(p->bytecode[i], req[i].bytecode, req[i].bclen);
		p->req[i].bytecode = p->bytecode[i];
	}
	return 0;
}

/* See prefetch.h. */
int sv_prefetch_start(const struct sv_source *side, const struct sv_dump_req *req,
		      size_t nreq, size_t max_bytes, struct sv_prefetch **out)
{
	struct sv_prefetch *p;
	int ret;

	if (nreq == 0 || nreq > SV_PREFETCH_MAX)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->side = *side;
	p->max = max_bytes ? max_bytes : SV_COLLECT_BUFSIZE;
	ret = copy_requests(p, req, nreq);
	if (ret == 0) {
		pthread_mutex_init(&p->mu, NULL);
		pthread_cond_init(&p->cv, NULL);
		ret = -pthread_create(&p->thread, NULL, run, p);
		if (ret < 0) {
			pthread_cond_destroy(&p->cv);
			pthread_mutex_destroy(&p->mu);
		}
	}
	if (ret < 0) {
		free_bytecode(p);
		free(p);
		return ret;
	}
	*out = p;
	return 0;
}

/* See prefetch.h. */
bool sv_prefetch_matches(const struct sv_prefetch *p, const struct sv_dump_req *req)
{
	const struct sv_dump_req *a;

	if (!p || p->handed || p->joined || p->cur >= p->nreq)
		return false;
	a = &p->req[p->cur];
	return a->table == req->table && a->family == req->family &&
	       a->states == req->states && a->kind == req->kind && a->ext == req->ext &&
	       a->details == req->details && a->bpf == req->bpf &&
	       a->bclen == (req->bytecode ? req->bclen : 0) &&
	       (!a->bclen || memcmp(a->bytecode, req->bytecode, a->bclen) == 0);
}

/* Free the queued chunks of dumps before d (all when d is SIZE_MAX), with
 * p->mu held: the thread may be waiting for that room. */
static void drop_locked(struct sv_prefetch *p, size_t d)
{
	while (p->head && p->head->dump < d) {
		struct chunk *c = p->head;

		p->head = c->next;
		p->queued -= c->n > 0 ? (size_t)c->n : 0;
		chunk_put_locked(p, c);
	}
	if (!p->head)
		p->tail = NULL;
	pthread_cond_broadcast(&p->cv);
}

static void drop_before(struct sv_prefetch *p, size_t d)
{
	pthread_mutex_lock(&p->mu);
	drop_locked(p, d);
	pthread_mutex_unlock(&p->mu);
}

/* End the thread (asking it to stop when stop is set) and wait for it;
 * the side is the consumer's from then on, and the queue is dropped. */
static void join(struct sv_prefetch *p, bool stop)
{
	if (p->joined)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop |= stop;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	p->joined = true;
	drop_before(p, SIZE_MAX);
}

/* See prefetch.h. */
bool sv_prefetch_next(struct sv_prefetch *p)
{
	if (!p || p->joined || p->cur + 1 >= p->nreq)
		return false;
	p->cur++;
	p->handed = false;
	drop_before(p, p->cur); /* what dump cur - 1 left unread */
	return true;
}

/* The first request of dump cur was sent by the thread, unless it ended
 * before (then it is sent here); a later one (a retry) is the side's own,
 * once the thread is gone and its chunks are dropped. */
static int source_request(void *ctx, const struct sv_dump_req *req)
{
	struct sv_prefetch *p = ctx;
	bool sent;

	if (!p->handed && !p->joined) {
		p->handed = true;
		pthread_mutex_lock(&p->mu);
		/* what is left of a dump given up goes as the thread brings it */
		while (drop_locked(p, p->cur), p->started <= p->cur && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		sent = p->started > p->cur;
		pthread_mutex_unlock(&p->mu);
		if (sent)
			return 0;
	}
	join(p, true);
	return p->side.request(p->side.ctx, req);
}

static ssize_t source_recv(void *ctx, void *buf, size_t len)
{
	struct sv_prefetch *p = ctx;
	struct chunk *c;
	ssize_t n;

	if (p->joined)
		return p->side.recv(p->side.ctx, buf, len);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->head && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		c = p->head;
		if (c) {
			p->head = c->next;
			if (!p->head)
				p->tail = NULL;
			p->queued -= c->n > 0 ? (size_t)c->n : 0;
			pthread_cond_broadcast(&p->cv);
		}
		if (!c || c->dump >= p->cur)
			break;
		chunk_put_locked(p, c); /* the rest of a dump left unread */
	}
	pthread_mutex_unlock(&p->mu);
	if (!c) /* the thread ended without a last answer: out of memory */
		return -ENOMEM;
	n = c->n;
	if (n > 0) {
		if ((size_t)n > len)
			n = (ssize_t)len; /* never: both are SV_COLLECT_BUFSIZE */
		memcpy(buf, c->data, (size_t)n);
	}
	pthread_mutex_lock(&p->mu);
	chunk_put_locked(p, c);
	pthread_mutex_unlock(&p->mu);
	return n;
}

/* See prefetch.h. */
struct sv_source sv_prefetch_source(struct sv_prefetch *p)
{
	return (struct sv_source){
		.request = source_request,
		.recv = source_recv,
		.ctx = p,
		.kernel = p->side.kernel,
		.host = p->side.host,
	};
}

/* See prefetch.h. */
void sv_prefetch_stop(struct sv_prefetch *p)
{
	if (!p)
		return;
	join(p, true);
	while (p->slabs) {
		struct slab *b = p->slabs;

		p->slabs = b->next;
		sv_bigmem_free(b, b->bytes + offsetof(struct slab, mem));
	}
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free_bytecode(p);
	free(p);
}
