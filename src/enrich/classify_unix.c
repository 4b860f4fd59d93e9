/* classify_unix.c - roles and classes of unix sockets: a socket's own
 * name and peer, and what the listeners noted before the rows tell. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/classify.h"
#include "sockview/grow.h"
#include "sockview/tables.h"
#include "sockview/unixname.h"

/* At most this many listener names and pending inodes are kept: memory stays
 * bounded on any host. Past them a socket that would be found is not,
 * and its role stays unknown (never a wrong one). */
#define NAMES_MAX 65536
#define INODES_MAX (1u << 20)

/* A listener's name: its table, kind and bytes (in the arena). */
struct name_ent {
	uint32_t hash;
	uint32_t off;    /* into names; the entry is empty when len is 0xffff */
	uint16_t len;
	uint8_t table;
	bool abstract;
};

/* An open-addressing set of inodes (0 is never kept: no socket has it). */
struct ino_set {
	uint32_t *v;
	size_t n, cap;
};

struct sv_classify_unix {
	struct name_ent *ents; /* open addressing, cap a power of two */
	size_t nents, cap;
	char *names;           /* the names' bytes */
	size_t used, names_cap;
	bool names_full;       /* a listener's name was not kept */
	struct ino_set pending; /* sockets in a listener's accept queue */
};

#define EMPTY_LEN 0xffffu

static uint32_t hash_name(uint8_t table, bool abstract, const char *p, size_t n)
{
	uint32_t h = 2166136261u;

	h = (h ^ table) * 16777619u;
	h = (h ^ (abstract ? 1u : 0u)) * 16777619u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)p[i]) * 16777619u;
	return h;
}

static size_t ino_slot(uint32_t ino, size_t cap)
{
	return (size_t)((ino * 2654435761u) >> 7) & (cap - 1);
}

static bool ino_has(const struct ino_set *set, uint32_t ino)
{
	if (!set->cap || ino == 0)
		return false;
	for (size_t i = ino_slot(ino, set->cap); set->v[i]; i = (i + 1) & (set->cap - 1))
		if (set->v[i] == ino)
			return true;
	return false;
}

static void ino_put(uint32_t *v, size_t cap, uint32_t ino)
{
	size_t i = ino_slot(ino, cap);

	while (v[i] && v[i] != ino)
		i = (i + 1) & (cap - 1);
	v[i] = ino;
}

/* Add ino (at most half the slots are used). */
static int ino_add(struct ino_set *set, uint32_t ino)
{
	if (ino == 0 || ino_has(set, ino) || set->n >= INODES_MAX)
		return 0;
	if (2 * (set->n + 1) > set->cap) {
		size_t ncap = set->cap ? set->cap * 2 : 64;
		uint32_t *n = calloc(ncap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		for (size_t i = 0; i < set->cap; i++)
			if (set->v[i])
				ino_put(n, ncap, set->v[i]);
		free(set->v);
		set->v = n;
		set->cap = ncap;
	}
	ino_put(set->v, set->cap, ino);
	set->n++;
	return 0;
}

static bool ent_is(const struct sv_classify_unix *u, const struct name_ent *e,
		   uint32_t h, uint8_t table, bool abstract, const char *p, size_t n)
{
	return e->hash == h && e->table == table && e->abstract == abstract &&
	       e->len == n && memcmp(u->names + e->off, p, n) == 0;
}

/* The entry of a name, or NULL. */
static const struct name_ent *name_find(const struct sv_classify_unix *u, uint8_t table,
					bool abstract, const char *p, size_t n)
{
	uint32_t h = hash_name(table, abstract, p, n);

	if (!u->cap)
		return NULL;
	for (size_t i = h & (u->cap - 1); u->ents[i].len != EMPTY_LEN;
	     i = (i + 1) & (u->cap - 1))
		if (ent_is(u, &u->ents[i], h, table, abstract, p, n))
			return &u->ents[i];
	return NULL;
}

static void ent_put(struct name_ent *v, size_t cap, const struct name_ent *e)
{
	size_t i = e->hash & (cap - 1);

	while (v[i].len != EMPTY_LEN)
		i = (i + 1) & (cap - 1);
	v[i] = *e;
}

/* Make room for one more entry (at most half the slots are used). */
static int ents_room(struct sv_classify_unix *u)
{
	size_t ncap = u->cap ? u->cap * 2 : 64;
	struct name_ent *n;

	if (2 * (u->nents + 1) <= u->cap)
		return 0;
	n = malloc(ncap * sizeof(*n));
	if (!n)
		return -ENOMEM;
	for (size_t i = 0; i < ncap; i++)
		n[i].len = EMPTY_LEN;
	for (size_t i = 0; i < u->cap; i++)
		if (u->ents[i].len != EMPTY_LEN)
			ent_put(n, ncap, &u->ents[i]);
	free(u->ents);
	u->ents = n;
	u->cap = ncap;
	return 0;
}

/* Remember a listener's name. */
static int name_add(struct sv_classify_unix *u, const struct sv_sock *s)
{
	struct name_ent e = { .len = s->un.path_len, .table = s->table,
			      .abstract = s->un.abstract };

	if (name_find(u, s->table, s->un.abstract, s->un.path, s->un.path_len))
		return 0;
	if (u->nents >= NAMES_MAX) {
		u->names_full = true;
		return 0;
	}
	if (ents_room(u) < 0 ||
	    sv_grow((void **)&u->names, &u->names_cap, u->used + e.len + 1, 1, 4096) < 0)
		return -ENOMEM;
	e.hash = hash_name(e.table, e.abstract, s->un.path, e.len);
	e.off = (uint32_t)u->used;
	memcpy(u->names + u->used, s->un.path, e.len);
	u->used += e.len;
	ent_put(u->ents, u->cap, &e);
	u->nents++;
	return 0;
}

/* A stream or seqpacket socket: connections, a listener, an accept queue.
 * Datagram sockets have none of those. */
static bool connection_type(const struct sv_sock *s)
{
	return s->table == SV_TABLE_UNIX_STREAM || s->table == SV_TABLE_UNIX_SEQPACKET;
}

/* See classify.h. Only listeners are noted. */
int sv_classify_unix_note(struct sv_classify *c, const struct sv_sock *s)
{
	struct sv_classify_unix *u = c->unx;
	int ret = 0;

	if (!connection_type(s) || s->state != SV_STATE_LISTEN)
		return 0;
	if (!u) {
		u = calloc(1, sizeof(*u));
		if (!u)
			return -ENOMEM;
		c->unx = u;
	}
	if (s->un.path)
		ret = name_add(u, s);
	for (uint16_t i = 0; ret == 0 && i < s->un.nicons; i++) {
		uint32_t ino;

		memcpy(&ino, (const char *)s->un.icons + 4u * i, 4);
		ret = ino_add(&u->pending, ino);
	}
	return ret;
}

/* See classify.h. */
void sv_classify_unix_release(struct sv_classify *c)
{
	struct sv_classify_unix *u = c->unx;

	if (!u)
		return;
	free(u->ents);
	free(u->names);
	free(u->pending.v);
	free(u);
	c->unx = NULL;
}

/* The rules of classify.h for a stream or seqpacket socket. */
static enum sv_role stream_role(const struct sv_classify_unix *u, const struct sv_sock *s,
				enum sv_unixname_class cls)
{
	if (s->state == SV_STATE_LISTEN)
		return SV_ROLE_LISTEN;
	if (u && s->un.path &&
	    name_find(u, s->table, s->un.abstract, s->un.path, s->un.path_len))
		return SV_ROLE_IN;
	if (u && ino_has(&u->pending, s->inode))
		return SV_ROLE_OUT;
	if (cls == SV_UNIXNAME_AUTOBOUND && s->state != SV_STATE_CLOSE &&
	    !(u && u->names_full))
		return SV_ROLE_OUT;
	return SV_ROLE_UNKNOWN;
}

/* The rules of classify.h for a datagram socket. Since Linux 5.15 a bound
 * socket goes ESTABLISHED when another connects to it, with no peer of
 * its own: its state does not tell a server. */
static enum sv_role dgram_role(const struct sv_sock *s, enum sv_unixname_class cls)
{
	if (s->un.path && !s->un.peer_ino)
		return SV_ROLE_LISTEN;
	if (s->un.peer_ino && cls == SV_UNIXNAME_AUTOBOUND)
		return SV_ROLE_OUT;
	return SV_ROLE_UNKNOWN;
}

/* See classify.h. */
void sv_classify_unix_sock(const struct sv_classify *c, struct sv_sock *s)
{
	enum sv_unixname_class cls = sv_unixname_class(s);

	s->class_name = sv_unixname_class_name(cls);
	s->role = (uint8_t)(connection_type(s) ? stream_role(c->unx, s, cls)
					       : dgram_role(s, cls));
}
