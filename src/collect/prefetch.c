/* prefetch.c - one dump received by a thread of its own into a bounded
 * queue of chunks, handed out later as a source (prefetch.h). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "sockview/prefetch.h"

/* One recv()'s answer: bytes, or a negative errno (n). */
struct chunk {
	struct chunk *next;
	ssize_t n;
	char data[];
};

struct sv_prefetch {
	struct sv_source side;
	struct sv_dump_req req;
	void *bytecode;         /* req's, copied */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;      /* the queue or the flags changed */
	struct chunk *head, *tail;
	size_t queued, max;     /* bytes in the queue, and its bound */
	bool done;              /* the thread has ended */
	bool stop;              /* the consumer asks it to end */
	bool handed;            /* the first request was answered */
	bool joined;
};

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
	}
	pthread_mutex_unlock(&p->mu);
	if (!ok)
		free(c);
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

/* A chunk holding only an errno. */
static bool push_error(struct sv_prefetch *p, int err)
{
	struct chunk *c = malloc(sizeof(*c));

	if (!c)
		return false;
	c->n = err;
	return push(p, c);
}

static void *run(void *arg)
{
	struct sv_prefetch *p = arg;
	int ret = p->side.request(p->side.ctx, &p->req);

	if (ret < 0)
		push_error(p, ret);
	while (ret >= 0 && room(p)) {
		struct chunk *c = malloc(sizeof(*c) + SV_COLLECT_BUFSIZE);

		if (!c) {
			push_error(p, -ENOMEM);
			break;
		}
		c->n = p->side.recv(p->side.ctx, c->data, SV_COLLECT_BUFSIZE);
		if (c->n <= 0 && c->n != -ENOBUFS) {
			push(p, c);
			break;
		}
		if (c->n > 0 && ends_dump(c->data, (size_t)c->n)) {
			push(p, c);
			break;
		}
		if (!push(p, c))
			break;
	}
	pthread_mutex_lock(&p->mu);
	p->done = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* See prefetch.h. */
int sv_prefetch_start(const struct sv_source *side, const struct sv_dump_req *req,
		      size_t max_bytes, struct sv_prefetch **out)
{
	struct sv_prefetch *p = calloc(1, sizeof(*p));
	int ret;

	if (!p)
		return -ENOMEM;
	p->side = *side;
	p->req = *req;
	p->max = max_bytes ? max_bytes : SV_COLLECT_BUFSIZE;
	if (req->bytecode && req->bclen) {
		p->bytecode = malloc(req->bclen);
		if (!p->bytecode) {
			free(p);
			return -ENOMEM;
		}
		memcpy(p->bytecode, req->bytecode, req->bclen);
		p->req.bytecode = p->bytecode;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	ret = -pthread_create(&p->thread, NULL, run, p);
	if (ret < 0) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		free(p->bytecode);
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

	if (!p || p->handed)
		return false;
	a = &p->req;
	return a->table == req->table && a->family == req->family &&
	       a->states == req->states && a->kind == req->kind && a->ext == req->ext &&
	       a->details == req->details && a->bpf == req->bpf &&
	       a->bclen == (req->bytecode ? req->bclen : 0) &&
	       (!a->bclen || memcmp(a->bytecode, req->bytecode, a->bclen) == 0);
}

/* End the thread (asking it to stop when stop is set) and wait for it. */
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
}

/* The first request was sent by the thread; a later one (a retry) is the
 * side's own, once the thread is gone and its chunks are dropped. */
static int source_request(void *ctx, const struct sv_dump_req *req)
{
	struct sv_prefetch *p = ctx;

	if (!p->handed) {
		p->handed = true;
		return 0;
	}
	join(p, true);
	while (p->head) {
		struct chunk *c = p->head;

		p->head = c->next;
		free(c);
	}
	p->tail = NULL;
	p->queued = 0;
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
	pthread_mutex_unlock(&p->mu);
	if (!c) /* the thread ended without a last answer: out of memory */
		return -ENOMEM;
	n = c->n;
	if (n > 0) {
		if ((size_t)n > len)
			n = (ssize_t)len; /* never: both are SV_COLLECT_BUFSIZE */
		memcpy(buf, c->data, (size_t)n);
	}
	free(c);
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
	while (p->head) {
		struct chunk *c = p->head;

		p->head = c->next;
		free(c);
	}
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p->bytecode);
	free(p);
}
