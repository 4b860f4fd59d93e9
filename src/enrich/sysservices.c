/* sysservices.c - the system's services database (/etc/services through NSS)
 * in two sorted arrays per protocol, for ss's port names in O(log n). */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/sysservices.h"

/* One name (primary or alias) of a protocol, or one port of it. */
struct sys_key {
	const char *name;
	uint32_t order; /* index of its entry in the database */
	uint16_t port;
};

struct sv_sysservices {
	struct sys_key *byname[SV_PROTO_MAX]; /* by name, then order; unique */
	struct sys_key *byport[SV_PROTO_MAX]; /* by port, then order; unique */
	size_t nname[SV_PROTO_MAX], nport[SV_PROTO_MAX];
	char *pool; /* every string */
};

static int sys_cmp_name(const void *a, const void *b)
{
	const struct sys_key *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->order > y->order) - (x->order < y->order);
}

static int sys_cmp_port(const void *a, const void *b)
{
	const struct sys_key *x = a, *y = b;

	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

/* Sort v[0..*n) with cmp and keep the first of each run of keys that cmp
 * (ignoring order) calls equal: the database's first entry wins. */
static void sys_sort_unique(struct sys_key *v, size_t *n, bool by_name)
{
	size_t k = 0;

	if (*n == 0)
		return;
	qsort(v, *n, sizeof(*v), by_name ? sys_cmp_name : sys_cmp_port);
	for (size_t i = 1; i < *n; i++) {
		bool same = by_name ? strcmp(v[i].name, v[k].name) == 0
				    : v[i].port == v[k].port;

		if (!same)
			v[++k] = v[i];
	}
	*n = k + 1;
}

static bool sys_valid(const struct sv_sysservices_entry *e)
{
	return e->name != NULL && (unsigned int)e->proto < SV_PROTO_MAX;
}

/* Copy s into the pool at *at. */
static const char *sys_copy(char **at, const char *s)
{
	size_t len = strlen(s) + 1;
	char *d = memcpy(*at, s, len);

	*at += len;
	return d;
}

/* Count keys per protocol and the pool's size; allocate the arrays. */
static int sys_alloc(struct sv_sysservices *s, const struct sv_sysservices_entry *e,
		     size_t n)
{
	size_t pool = 1;

	for (size_t i = 0; i < n; i++) {
		if (!sys_valid(&e[i]))
			continue;
		s->nport[e[i].proto]++;
		s->nname[e[i].proto]++;
		pool += strlen(e[i].name) + 1;
		for (size_t a = 0; e[i].aliases && e[i].aliases[a]; a++) {
			s->nname[e[i].proto]++;
			pool += strlen(e[i].aliases[a]) + 1;
		}
	}
	s->pool = malloc(pool);
	for (int t = 0; t < SV_PROTO_MAX; t++) {
		s->byname[t] = malloc((s->nname[t] + 1) * sizeof(struct sys_key));
		s->byport[t] = malloc((s->nport[t] + 1) * sizeof(struct sys_key));
		if (s->byname[t] == NULL || s->byport[t] == NULL)
			return -ENOMEM;
		s->nname[t] = s->nport[t] = 0;
	}
	return s->pool ? 0 : -ENOMEM;
}

/* See sysservices.h. */
int sv_sysservices_new(const struct sv_sysservices_entry *e, size_t n,
		       struct sv_sysservices **out)
{
	struct sv_sysservices *s = calloc(1, sizeof(*s));
	char *at;

	*out = NULL;
	if (s == NULL || sys_alloc(s, e, n) < 0) {
		sv_sysservices_free(s);
		return -ENOMEM;
	}
	at = s->pool;
	for (size_t i = 0; i < n; i++) {
		int t = (int)e[i].proto;
		struct sys_key k = { .order = (uint32_t)i, .port = e[i].port };

		if (!sys_valid(&e[i]))
			continue;
		k.name = sys_copy(&at, e[i].name);
		s->byport[t][s->nport[t]++] = k;
		s->byname[t][s->nname[t]++] = k;
		for (size_t a = 0; e[i].aliases && e[i].aliases[a]; a++) {
			k.name = sys_copy(&at, e[i].aliases[a]);
			s->byname[t][s->nname[t]++] = k;
		}
	}
	for (int t = 0; t < SV_PROTO_MAX; t++) {
		sys_sort_unique(s->byname[t], &s->nname[t], true);
		sys_sort_unique(s->byport[t], &s->nport[t], false);
	}
	*out = s;
	return 0;
}

/* The enum sv_proto of a servent's protocol, or -1. */
static int sys_proto(const char *proto)
{
	if (proto != NULL && strcmp(proto, "tcp") == 0)
		return SV_PROTO_TCP;
	if (proto != NULL && strcmp(proto, "udp") == 0)
		return SV_PROTO_UDP;
	return -1;
}

/* A servent's strings copied into one block: the alias array, then the
 * strings. The entry points into it. */
static void *sys_dup(const struct servent *se, int t, struct sv_sysservices_entry *e)
{
	size_t na = 0, len = strlen(se->s_name) + 1;
	const char **al;
	char *at;

	for (; se->s_aliases && se->s_aliases[na]; na++)
		len += strlen(se->s_aliases[na]) + 1;
	al = malloc((na + 1) * sizeof(*al) + len);
	if (al == NULL)
		return NULL;
	at = (char *)(al + na + 1);
	for (size_t a = 0; a < na; a++)
		al[a] = sys_copy(&at, se->s_aliases[a]);
	al[na] = NULL;
	*e = (struct sv_sysservices_entry){ .name = sys_copy(&at, se->s_name),
					    .aliases = al, .proto = (enum sv_proto)t,
					    .port = ntohs((uint16_t)se->s_port) };
	return al;
}

/* See sysservices.h. getservent's result is overwritten by the next call,
 * so each entry is copied before the table is built from them all. */
int sv_sysservices_load(struct sv_sysservices **out)
{
	struct sv_sysservices_entry *v = NULL;
	size_t n = 0, cap = 0;
	const struct servent *se;
	int ret = 0;

	setservent(0);
	while (ret == 0 && (se = getservent()) != NULL) {
		int t = sys_proto(se->s_proto);

		if (t < 0 || se->s_name == NULL)
			continue;
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 256;
			void *nv = realloc(v, ncap * sizeof(*v));

			if (nv == NULL) {
				ret = -ENOMEM;
				break;
			}
			v = nv;
			cap = ncap;
		}
		if (sys_dup(se, t, &v[n]) == NULL)
			ret = -ENOMEM;
		else
			n++;
	}
	endservent();
	if (ret == 0)
		ret = sv_sysservices_new(v, n, out);
	for (size_t i = 0; i < n; i++)
		free((void *)v[i].aliases);
	free(v);
	return ret;
}

/* See sysservices.h. */
/* The entry of port for protocol t (the first in the database), or NULL. */
static const struct sys_key *by_port(const struct sv_sysservices *s, uint16_t port,
				     enum sv_proto t)
{
	size_t lo = 0, hi;

	if (s == NULL || (unsigned int)t >= SV_PROTO_MAX)
		return NULL;
	hi = s->nport[t];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sys_key *k = &s->byport[t][mid];

		if (k->port == port)
			return k;
		if (k->port < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* See sysservices.h. */
const char *sv_sysservices_name(const struct sv_sysservices *s, uint16_t port,
				enum sv_proto t)
{
	const struct sys_key *k = by_port(s, port, t);

	return k ? k->name : NULL;
}

/* See sysservices.h. */
const char *sv_sysservices_name_any(const struct sv_sysservices *s, uint16_t port)
{
	const struct sys_key *u = by_port(s, port, SV_PROTO_UDP);
	const struct sys_key *t = by_port(s, port, SV_PROTO_TCP);

	if (u && t)
		return u->order < t->order ? u->name : t->name;
	return u ? u->name : t ? t->name : NULL;
}

/* See sysservices.h. */
int sv_sysservices_port(const struct sv_sysservices *s, const char *name,
			enum sv_proto t, uint16_t *port)
{
	size_t lo = 0, hi;

	if (name == NULL || port == NULL)
		return -EINVAL;
	if (s == NULL || (unsigned int)t >= SV_PROTO_MAX)
		return -ENOENT;
	hi = s->nname[t];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sys_key *k = &s->byname[t][mid];
		int c = strcmp(name, k->name);

		if (c == 0) {
			*port = k->port;
			return 0;
		}
		if (c > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

/* See sysservices.h. */
void sv_sysservices_free(struct sv_sysservices *s)
{
	if (s == NULL)
		return;
	for (int t = 0; t < SV_PROTO_MAX; t++) {
		free(s->byname[t]);
		free(s->byport[t]);
	}
	free(s->pool);
	free(s);
}
