/* resolve.c - -r's reverse lookups with c-ares: every query in flight at
 * once on one channel, answers cached per address, one deadline for all. */
#include <ares.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "sockview/resolve.h"
#include "sockview/resolve_cache.h"

struct sv_resolve {
	ares_channel ch;
	struct sv_resolve_cache cache;
	uint64_t budget_ns;
	uint64_t deadline_ns; /* set by the first lookup */
	bool started, expired;
	size_t pending; /* lookups without an answer */
	size_t lookups;
};

/* A lookup in flight: the callback finds its entry by the key (entries
 * move when the cache grows). */
struct query {
	struct sv_resolve *r;
	uint8_t family;
	uint8_t addr[16];
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* c-ares's answer (or its cancellation) for one query. */
static void answered(void *arg, int status, int timeouts, struct hostent *h)
{
	struct query *q = arg;
	struct sv_resolve *r = q->r;
	struct sv_resolve_entry *e = sv_resolve_cache_find(&r->cache, q->family, q->addr);

	if (e && e->state == SV_RESOLVE_PENDING) {
		if (status == ARES_ECANCELLED || status == ARES_EDESTRUCTION)
			e->state = SV_RESOLVE_LATE;
		else
			sv_resolve_cache_answer(e, status == ARES_SUCCESS && h ? h->h_name : NULL);
		r->pending--;
	}
	free(q);
}

/* See resolve.h. */
int sv_resolve_new(const struct sv_resolve_opts *o, struct sv_resolve **out,
		   char *err, size_t errlen)
{
	struct sv_resolve *r = calloc(1, sizeof(*r));
	struct ares_options ao = { 0 };
	int st;

	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	st = ares_library_init(ARES_LIB_INIT_ALL);
	if (st == ARES_SUCCESS) {
		st = ares_init_options(&r->ch, &ao, 0);
		if (st != ARES_SUCCESS)
			ares_library_cleanup();
	}
	if (st == ARES_SUCCESS && o->servers &&
	    (st = ares_set_servers_ports_csv(r->ch, o->servers)) != ARES_SUCCESS) {
		ares_destroy(r->ch);
		ares_library_cleanup();
	}
	if (st != ARES_SUCCESS) {
		snprintf(err, errlen, "cannot start the resolver (c-ares): %s",
			 ares_strerror(st));
		free(r);
		return st == ARES_ENOMEM ? -ENOMEM : -EINVAL;
	}
	r->budget_ns = (uint64_t)o->budget_ms * 1000000ull;
	*out = r;
	return 0;
}

/* Start the lookup of the key (kfamily, kaddr); 1 started, 0 not needed. */
static int start(struct sv_resolve *r, uint8_t kfamily, const uint8_t *kaddr)
{
	struct sv_resolve_entry *e;
	struct query *q;
	bool added;

	if (r->expired || r->budget_ns == 0)
		return 0;
	e = sv_resolve_cache_add(&r->cache, kfamily, kaddr, &added);
	if (!e)
		return -ENOMEM;
	if (!added)
		return 0;
	q = malloc(sizeof(*q));
	if (!q) {
		e->state = SV_RESOLVE_NONAME;
		return -ENOMEM;
	}
	if (!r->started) {
		r->started = true;
		r->deadline_ns = now_ns() + r->budget_ns;
	}
	q->r = r;
	q->family = kfamily;
	memcpy(q->addr, kaddr, 16);
	r->pending++;
	r->lookups++;
	/* may answer at once (the hosts file): answered() runs before it returns */
	ares_gethostbyaddr(r->ch, kaddr, kfamily == AF_INET ? 4 : 16, kfamily, answered, q);
	return 1;
}

/* See resolve.h. */
int sv_resolve_submit(struct sv_resolve *r, int family, const uint8_t *addr)
{
	uint8_t kfamily, kaddr[16];

	if (!sv_resolve_cache_key(family, addr, &kfamily, kaddr))
		return 0;
	return start(r, kfamily, kaddr);
}

/* Wait at most timeout_ms for c-ares's sockets, then let it read what
 * came and run its own timers. */
static void pump(struct sv_resolve *r, int timeout_ms)
{
	ares_socket_t socks[ARES_GETSOCK_MAXNUM];
	struct pollfd p[ARES_GETSOCK_MAXNUM];
	int bits = ares_getsock(r->ch, socks, ARES_GETSOCK_MAXNUM), n = 0;

	/* c-ares's ARES_GETSOCK_WRITABLE shifts a signed 1 by up to 31 (UB):
	 * read the bits unsigned */
	for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
		unsigned int b = (unsigned int)bits;
		short ev = (short)((((b >> i) & 1u) ? POLLIN : 0) |
				   (((b >> (i + ARES_GETSOCK_MAXNUM)) & 1u) ? POLLOUT : 0));

		if (ev)
			p[n++] = (struct pollfd){ .fd = socks[i], .events = ev };
	}
	if (poll(p, (nfds_t)n, timeout_ms) < 0)
		n = 0; /* EINTR: the caller's loop comes back */
	for (int i = 0; i < n; i++) {
		if (!p[i].revents)
			continue;
		ares_process_fd(r->ch,
				(p[i].revents & (POLLIN | POLLERR | POLLHUP)) ? p[i].fd : ARES_SOCKET_BAD,
				(p[i].revents & POLLOUT) ? p[i].fd : ARES_SOCKET_BAD);
	}
	ares_process_fd(r->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD); /* timers */
}

/* See resolve.h. */
void sv_resolve_poll(struct sv_resolve *r)
{
	if (r && r->pending)
		pump(r, 0);
}

/* See resolve.h. */
void sv_resolve_wait(struct sv_resolve *r)
{
	while (r && r->pending) {
		uint64_t now = now_ns();
		uint64_t left = r->deadline_ns > now ? r->deadline_ns - now : 0;
		struct timeval most = { .tv_sec = (time_t)(left / 1000000000ull),
					.tv_usec = (suseconds_t)(left % 1000000000ull / 1000) };
		struct timeval tv, *t;

		if (left == 0) {
			r->expired = true;
			ares_cancel(r->ch); /* answered() marks them late */
			return;
		}
		t = ares_timeout(r->ch, &most, &tv);
		pump(r, (int)(t->tv_sec * 1000 + (t->tv_usec + 999) / 1000));
	}
}

/* See resolve.h. */
const char *sv_resolve_name(struct sv_resolve *r, int family, const uint8_t *addr)
{
	uint8_t kfamily, kaddr[16];
	struct sv_resolve_entry *e;

	if (!r || !sv_resolve_cache_key(family, addr, &kfamily, kaddr))
		return NULL;
	e = sv_resolve_cache_find(&r->cache, kfamily, kaddr);
	if (!e || e->state == SV_RESOLVE_PENDING) {
		if (!e && start(r, kfamily, kaddr) <= 0)
			return NULL;
		sv_resolve_wait(r);
		e = sv_resolve_cache_find(&r->cache, kfamily, kaddr);
	}
	return e && e->state == SV_RESOLVE_NAMED ? e->name : NULL;
}

/* See resolve.h. */
void sv_resolve_get_stats(const struct sv_resolve *r, struct sv_resolve_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (!r)
		return;
	st->lookups = r->lookups;
	st->expired = r->expired;
	for (size_t i = 0; i < r->cache.cap; i++) {
		const struct sv_resolve_entry *e = &r->cache.slot[i];

		if (!e->used)
			continue;
		st->named += e->state == SV_RESOLVE_NAMED;
		st->noname += e->state == SV_RESOLVE_NONAME;
		st->late += e->state == SV_RESOLVE_LATE;
		st->pending += e->state == SV_RESOLVE_PENDING;
	}
}

/* See resolve.h. */
void sv_resolve_free(struct sv_resolve *r)
{
	if (!r)
		return;
	ares_destroy(r->ch); /* answered() frees the queries still in flight */
	ares_library_cleanup();
	sv_resolve_cache_free(&r->cache);
	free(r);
}
