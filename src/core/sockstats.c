/* sockstats.c - a listing's totals by group (sockstats.h): sockets per
 * netid, state and class, accept queues, the ephemeral range's use and
 * its fullest destination, sockets per local port. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/fields.h"
#include "sockview/grow.h"
#include "sockview/sockstats.h"
#include "sockview/tables.h"

static bool bit(const uint8_t *bits, uint16_t p)
{
	return bits && (bits[p / 8] >> (p % 8) & 1);
}

/* See sockstats.h. */
uint32_t sv_sockstats_range_size(uint16_t lo, uint16_t hi, const uint8_t *reserved)
{
	uint32_t n = 0;

	for (uint32_t p = lo; p <= hi; p++)
		n += !bit(reserved, (uint16_t)p);
	return n;
}

/* See sockstats.h. */
int sv_sockstats_init(struct sv_sockstats *st, const struct sv_sockstats_opts *o)
{
	memset(st, 0, sizeof(*st));
	st->o = *o;
	st->range_size = o->eph_lo <= o->eph_hi ?
			 sv_sockstats_range_size(o->eph_lo, o->eph_hi, o->reserved) : 0;
	st->fnetid = sv_fields_find("netid");
	st->fstate = sv_fields_find("state");
	st->fclass = sv_fields_find("class");
	for (int t = 0; t < SV_TABLE_MAX; t++)
		st->dest_max[t] = -1;
	return st->fnetid && st->fstate && st->fclass ? 0 : -EINVAL;
}

/* The word field f gives for s into w ("" when it gives none). */
static void word(const struct sv_field *f, const struct sv_sock *s, char w[SV_SOCKSTATS_WORD])
{
	struct sv_value v;
	size_t n = 0;

	if (f->get(s, NULL, &v) && (v.type == SV_FT_WORD || v.type == SV_FT_TEXT) && v.s.p)
		n = v.s.len < SV_SOCKSTATS_WORD - 1 ? v.s.len : SV_SOCKSTATS_WORD - 1;
	if (n)
		memcpy(w, v.s.p, n);
	w[n] = '\0';
}

static uint64_t hash_words(const struct sv_sockstats_group *g)
{
	const char *w[3] = { g->netid, g->state, g->cls };
	uint64_t h = 1469598103934665603ull;

	for (int i = 0; i < 3; i++)
		for (const char *p = w[i]; ; p++) {
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
			if (!*p)
				break;
		}
	return h ^ (h >> 29);
}

static bool same_group(const struct sv_sockstats_group *a, const struct sv_sockstats_group *b)
{
	return strcmp(a->netid, b->netid) == 0 && strcmp(a->state, b->state) == 0 &&
	       strcmp(a->cls, b->cls) == 0;
}

/* The slot of k in the groups' hash: its group's, or the empty one. */
static size_t group_slot(const struct sv_sockstats *st, const struct sv_sockstats_group *k)
{
	size_t mask = st->ngslots - 1, i = (size_t)hash_words(k) & mask;

	while (st->gslot[i] && !same_group(&st->g[st->gslot[i] - 1], k))
		i = (i + 1) & mask;
	return i;
}

static int group_rehash(struct sv_sockstats *st)
{
	size_t n = st->ngslots ? st->ngslots * 2 : 64;
	uint32_t *old = st->gslot;

	if (!(st->gslot = calloc(n, sizeof(*st->gslot)))) {
		st->gslot = old;
		return -ENOMEM;
	}
	st->ngslots = n;
	for (size_t i = 0; i < st->ng; i++)
		st->gslot[group_slot(st, &st->g[i])] = (uint32_t)(i + 1);
	free(old);
	return 0;
}

/* The group of k, made when it is new. Returns its index or -ENOMEM. */
static long group_of(struct sv_sockstats *st, const struct sv_sockstats_group *k)
{
	size_t i;

	if (st->ng && same_group(&st->g[st->last], k))
		return (long)st->last;
	if ((st->ng + 1) * 2 > st->ngslots && group_rehash(st) < 0)
		return -ENOMEM;
	i = group_slot(st, k);
	if (!st->gslot[i]) {
		if (sv_grow((void **)&st->g, &st->gcap, st->ng + 1, sizeof(*st->g), 16) < 0)
			return -ENOMEM;
		st->g[st->ng] = *k;
		st->gslot[i] = (uint32_t)++st->ng;
	}
	st->last = st->gslot[i] - 1;
	return (long)st->last;
}

/* Is a's fill (rq over wq, a backlog of 0 as 1) above b's? */
static bool fuller(uint32_t arq, uint32_t awq, uint32_t brq, uint32_t bwq)
{
	return (uint64_t)arq * (bwq ? bwq : 1) > (uint64_t)brq * (awq ? awq : 1);
}

static void queue_note(uint32_t *max_rq, uint32_t *max_wq, const struct sv_sock *s)
{
	if (fuller(s->rqueue, s->wqueue, *max_rq, *max_wq) || (!*max_rq && !*max_wq)) {
		*max_rq = s->rqueue;
		*max_wq = s->wqueue;
	}
}

static struct sv_epcount_key endpoint(const struct sv_sock *s, const uint8_t *addr,
				      uint16_t port, uint32_t ifindex)
{
	struct sv_epcount_key k;

	memset(&k, 0, sizeof(k));
	k.table = s->table;
	k.family = s->family;
	k.port = port;
	k.ifindex = ifindex;
	memcpy(k.addr, addr, s->family == AF_INET6 ? 16 : 4);
	return k;
}

/* A listener (LISTEN): its table's queues, and its own group when its
 * port was asked for. */
static int listener(struct sv_sockstats *st, const struct sv_sock *s, bool ports)
{
	struct sv_sockstats_queues *q = &st->q[s->table];
	struct sv_epcount_key k;
	long i;

	q->listeners++;
	q->full += s->rqueue >= (s->wqueue ? s->wqueue : 1);
	queue_note(&q->max_rq, &q->max_wq, s);
	if (!ports || !bit(st->o.queue_ports, s->lport))
		return 0;
	k = endpoint(s, s->laddr, s->lport, s->ifindex);
	i = sv_epcount_add(&st->listeners, &k);
	if (i < 0 || sv_grow((void **)&st->lq, &st->lqcap, (size_t)i + 1, sizeof(*st->lq), 16) < 0)
		return -ENOMEM;
	if ((size_t)i + 1 == st->listeners.n && st->listeners.e[i].n == 1)
		memset(&st->lq[i], 0, sizeof(st->lq[i]));
	st->lq[i].queued += s->rqueue;
	st->lq[i].backlog += s->wqueue;
	queue_note(&st->lq[i].max_rq, &st->lq[i].max_wq, s);
	return 0;
}

/* A port of the range that is not reserved? */
static bool in_range(const struct sv_sockstats *st, uint16_t p)
{
	return p && p >= st->o.eph_lo && p <= st->o.eph_hi && !bit(st->o.reserved, p);
}

/* A socket with ports: the range's use, its destination, its port's count. */
static int ports_of(struct sv_sockstats *st, const struct sv_sock *s)
{
	uint8_t t = s->table;

	if (in_range(st, s->lport)) {
		if (!st->eph_bits[t] && !(st->eph_bits[t] = calloc(65536 / 8, 1)))
			return -ENOMEM;
		if (!bit(st->eph_bits[t], s->lport)) {
			st->eph_bits[t][s->lport / 8] |= (uint8_t)(1u << (s->lport % 8));
			st->eph_used[t]++;
		}
		/* a connection this host opened: not a listener's nor one it
		 * accepted, whose local port is the server's, not one picked
		 * from the range */
		if (s->rport && s->state != SV_STATE_LISTEN && s->role != SV_ROLE_LISTEN &&
		    s->role != SV_ROLE_IN) {
			struct sv_epcount_key k = endpoint(s, s->raddr, s->rport, 0);
			long i = sv_epcount_add(&st->dests, &k);

			if (i < 0)
				return -ENOMEM;
			if (st->dest_max[t] < 0 || st->dests.e[i].n > st->dests.e[st->dest_max[t]].n)
				st->dest_max[t] = i;
		}
	}
	if ((st->o.by_port >> t) & 1) {
		if (!st->port_count[t] && !(st->port_count[t] = calloc(65536, sizeof(uint32_t))))
			return -ENOMEM;
		st->port_count[t][s->lport]++;
	}
	return 0;
}

/* See sockstats.h. */
int sv_sockstats_add(struct sv_sockstats *st, const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);
	bool ports = d && d->ports && (s->family == AF_INET || s->family == AF_INET6);
	struct sv_sockstats_group k;
	long gi;

	if (s->table >= SV_TABLE_MAX)
		return 0;
	word(st->fnetid, s, k.netid);
	word(st->fstate, s, k.state);
	word(st->fclass, s, k.cls);
	k.sockets = k.listeners = 0;
	gi = group_of(st, &k);
	if (gi < 0)
		return -ENOMEM;
	st->g[gi].sockets++;
	st->g[gi].listeners += s->role == SV_ROLE_LISTEN;
	st->rows++;
	if (s->state == SV_STATE_LISTEN && listener(st, s, ports) < 0)
		return -ENOMEM;
	return ports ? ports_of(st, s) : 0;
}

static int by_sockets(const void *a, const void *b)
{
	const struct sv_sockstats_port *x = a, *y = b;

	if (x->sockets != y->sockets)
		return x->sockets > y->sockets ? -1 : 1;
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return (x->port > y->port) - (x->port < y->port);
}

/* See sockstats.h. A list of n kept sorted: each port that beats its
 * last goes in by insertion (n is small). Port 0 (no port) is left out. */
size_t sv_sockstats_busiest(const struct sv_sockstats *st, struct sv_sockstats_port *out,
			    size_t n)
{
	size_t k = 0;

	for (int t = 0; t < SV_TABLE_MAX && n; t++) {
		for (uint32_t p = 1; st->port_count[t] && p < 65536; p++) {
			struct sv_sockstats_port c = { (uint8_t)t, (uint16_t)p,
						       st->port_count[t][p] };
			size_t i;

			if (!c.sockets || (k == n && by_sockets(&c, &out[n - 1]) >= 0))
				continue;
			i = k < n ? k++ : n - 1;
			while (i > 0 && by_sockets(&c, &out[i - 1]) < 0) {
				out[i] = out[i - 1];
				i--;
			}
			out[i] = c;
		}
	}
	return k;
}

/* See sockstats.h. */
void sv_sockstats_free(struct sv_sockstats *st)
{
	free(st->g);
	free(st->gslot);
	free(st->lq);
	sv_epcount_free(&st->listeners);
	sv_epcount_free(&st->dests);
	for (int t = 0; t < SV_TABLE_MAX; t++) {
		free(st->eph_bits[t]);
		free(st->port_count[t]);
	}
	memset(st, 0, sizeof(*st));
}
