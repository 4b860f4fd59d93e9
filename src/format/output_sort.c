/* output_sort.c - --sort: rows kept (their blocks copied out of their
 * messages), sorted by the chosen fields, then handed on (output_sort.h). */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/grow.h"
#include "sockview/output_sort.h"
#include "sockview/sockkeep.h"

/* A row's place in the order: its encoded keys (in the sorter's keyb)
 * and its place in the listing, which breaks ties. */
struct order {
	size_t off, len;
	size_t seq;
};

/* One key of the order: a field and its direction. */
struct key {
	const struct sv_field *f;
	bool desc;
};

/* The keys of a list: its fields, local and peer as every member of
 * their object in the registry's order (address, then port...). */
#define KEYS_MAX (SV_COLSPEC_MAX * 8)

struct sorter {
	struct sv_output inner;
	struct key keys[KEYS_MAX];
	size_t nkeys;
	const struct sv_field_ctx *ctx;
	struct sv_sock *rows; /* in the listing's order, blocks kept */
	size_t n, cap;
	struct order *ord;
	size_t ord_cap;
	uint8_t *keyb;        /* every row's encoded keys */
	size_t keyb_len, keyb_cap;
};

/* Each row's keys are encoded once into bytes whose memcmp order is the
 * order asked for: per key a presence byte (1 has it, 2 lacks it: last in
 * either direction), then the value (inverted for '-'): numbers big-endian,
 * addresses as family rank and 16 bytes, text with each NUL escaped and a
 * terminator, holders by the first one's name and pid. */
#define ENC_MAX 4096 /* the longest key kept whole */

struct enc {
	uint8_t *p;
	size_t len, cap;
};

static void put(struct enc *e, const void *p, size_t n)
{
	if (e->len + n > e->cap)
		n = e->cap - e->len; /* a longer key is cut: ties decide the rest */
	memcpy(e->p + e->len, p, n);
	e->len += n;
}

static void put_u64(struct enc *e, uint64_t v)
{
	uint8_t b[8];

	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
	put(e, b, 8);
}

/* Bytes, each NUL as 0 1, then 0 0: no key is a prefix of another. */
static void put_text(struct enc *e, const char *p, size_t n)
{
	static const uint8_t nul[2] = { 0, 1 }, end[2] = { 0, 0 };

	for (size_t i = 0; i < n; i++) {
		if (p[i])
			put(e, p + i, 1);
		else
			put(e, nul, 2);
	}
	put(e, end, 2);
}

static void put_value(struct enc *e, const struct sv_value *v, const struct sv_sock *s)
{
	uint8_t b;

	switch (v->type) {
	case SV_FT_UINT: case SV_FT_HEX64: case SV_FT_DEC64: case SV_FT_Q8:
		put_u64(e, v->u);
		break;
	case SV_FT_INT: put_u64(e, (uint64_t)v->i ^ (1ull << 63)); break;
	case SV_FT_BOOL: b = v->b; put(e, &b, 1); break;
	case SV_FT_ADDR: {
		uint8_t a[17] = { v->addr.family == AF_INET ? 0 : v->addr.family == AF_INET6 ? 1 : 2 };

		memcpy(a + 1, v->addr.a, v->addr.family == AF_INET ? 4 : 16);
		put(e, a, sizeof(a));
		break;
	}
	case SV_FT_USERS:
		b = s->nprocs ? 1 : 0; /* none first */
		put(e, &b, 1);
		if (s->nprocs) {
			const char *c = s->procs[0].comm ? s->procs[0].comm : "";

			put_text(e, c, strlen(c));
			put_u64(e, s->procs[0].pid);
		}
		break;
	case SV_FT_GROUPS:
		if (!v->s.p) {
			put_u64(e, v->s.len);
			break;
		}
		/* fall through */
	case SV_FT_WORD: case SV_FT_TEXT: case SV_FT_BPF:
		put_text(e, v->s.p, v->s.len);
		break;
	case SV_FT_NULL: break;
	}
}

/* The encoded keys of s into e. */
static void encode(const struct key *k, size_t nk, const struct sv_field_ctx *ctx,
		   const struct sv_sock *s, struct enc *e)
{
	e->len = 0;
	for (size_t i = 0; i < nk; i++) {
		struct sv_value v;
		uint8_t has = sv_fields_applies(k[i].f, s) && k[i].f->get(s, ctx, &v) &&
			      v.type != SV_FT_NULL ? 1 : 2;
		size_t from;

		put(e, &has, 1);
		if (has != 1)
			continue;
		from = e->len;
		put_value(e, &v, s);
		for (size_t j = from; k[i].desc && j < e->len; j++)
			e->p[j] = (uint8_t)~e->p[j];
	}
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	return r ? r : cmp_u64(alen, blen);
}

/* The keys of by into k (at most KEYS_MAX); returns their number. */
static size_t make_keys(const struct sv_colspec *by, struct key *k)
{
	const struct sv_field *all;
	size_t n, nk = 0;

	all = sv_fields_all(&n);
	for (size_t i = 0; i < by->n; i++) {
		const struct sv_col *it = &by->col[i];

		if (it->field && nk < KEYS_MAX) {
			k[nk++] = (struct key){ it->field, it->desc };
			continue;
		}
		for (size_t j = 0; j < n && nk < KEYS_MAX; j++)
			if ((all[j].flags & SV_FIELD_JSON) && sv_colspec_item_has(it, &all[j]))
				k[nk++] = (struct key){ &all[j], it->desc };
	}
	return nk;
}

/* See output_sort.h. */
int sv_output_sort_cmp(const struct sv_colspec *by, const struct sv_field_ctx *ctx,
		       const struct sv_sock *a, const struct sv_sock *b)
{
	struct key k[KEYS_MAX];
	uint8_t ba[ENC_MAX], bb[ENC_MAX];
	struct enc ea = { ba, 0, sizeof(ba) }, eb = { bb, 0, sizeof(bb) };
	size_t nk = make_keys(by, k);

	encode(k, nk, ctx, a, &ea);
	encode(k, nk, ctx, b, &eb);
	return cmp_bytes(ea.p, ea.len, eb.p, eb.len);
}

/* The order of two rows: their keys, then their place in the listing. */
static int sort_cmp(const void *pa, const void *pb, void *data)
{
	const struct sorter *st = data;
	const struct order *a = pa, *b = pb;
	int r = cmp_bytes(st->keyb + a->off, a->len, st->keyb + b->off, b->len);

	return r ? r : cmp_u64(a->seq, b->seq);
}

static int sort_row(void *data, const struct sv_sock *s)
{
	struct sorter *st = data;
	uint8_t buf[ENC_MAX];
	struct enc e = { buf, 0, sizeof(buf) };

	encode(st->keys, st->nkeys, st->ctx, s, &e);
	if (sv_grow((void **)&st->rows, &st->cap, st->n + 1, sizeof(*st->rows), 1024) < 0 ||
	    sv_grow((void **)&st->ord, &st->ord_cap, st->n + 1, sizeof(*st->ord), 1024) < 0 ||
	    sv_grow((void **)&st->keyb, &st->keyb_cap, st->keyb_len + e.len, 1, 65536) < 0)
		return -ENOMEM;
	st->rows[st->n] = *s;
	if (sv_sockkeep_copy(&st->rows[st->n]) < 0)
		return -ENOMEM;
	st->ord[st->n] = (struct order){ .off = st->keyb_len, .len = e.len, .seq = st->n };
	memcpy(st->keyb + st->keyb_len, e.p, e.len);
	st->keyb_len += e.len;
	st->n++;
	return 0;
}

static void drop_rows(struct sorter *st)
{
	for (size_t i = 0; i < st->n; i++)
		sv_sockkeep_free(&st->rows[i]);
	st->n = 0;
	st->keyb_len = 0;
}

static int sort_finish(void *data)
{
	struct sorter *st = data;
	int ret = 0;

	if (st->n)
		qsort_r(st->ord, st->n, sizeof(*st->ord), sort_cmp, st);
	for (size_t i = 0; i < st->n && ret == 0; i++)
		ret = st->inner.row(st->inner.ctx, &st->rows[st->ord[i].seq]);
	drop_rows(st);
	return ret < 0 ? ret : st->inner.finish(st->inner.ctx);
}

static void sort_close(void *data)
{
	struct sorter *st = data;

	drop_rows(st);
	free(st->rows);
	free(st->ord);
	free(st->keyb);
	sv_output_close(&st->inner);
	free(st);
}

/* See output_sort.h. */
int sv_output_sort_wrap(struct sv_output *out, const struct sv_colspec *by,
			const struct sv_field_ctx *ctx)
{
	struct sorter *st = calloc(1, sizeof(*st));

	if (!st)
		return -ENOMEM;
	st->inner = *out;
	st->nkeys = make_keys(by, st->keys);
	st->ctx = ctx;
	*out = (struct sv_output){ .row = sort_row, .finish = sort_finish,
				   .close = sort_close, .ctx = st };
	return 0;
}
