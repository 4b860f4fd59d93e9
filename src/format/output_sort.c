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

/* A kept row and its place in the listing (which breaks ties). */
struct kept {
	struct sv_sock s;
	size_t seq;
};

struct sorter {
	struct sv_output inner;
	const struct sv_colspec *by;
	const struct sv_field_ctx *ctx;
	struct kept *rows;
	size_t n, cap;
};

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	return r ? r : cmp_u64(alen, blen);
}

/* IPv4 before IPv6; then the bytes, in network order. */
static int cmp_addr(const struct sv_value *a, const struct sv_value *b)
{
	size_t n = a->addr.family == AF_INET ? 4 : 16;

	if (a->addr.family != b->addr.family)
		return a->addr.family == AF_INET ? -1 : b->addr.family == AF_INET ? 1 :
		       cmp_u64(a->addr.family, b->addr.family);
	return memcmp(a->addr.a, b->addr.a, n);
}

/* Holders: by the first one's name, then its pid; none first. */
static int cmp_users(const struct sv_sock *a, const struct sv_sock *b)
{
	const char *an, *bn;
	int r;

	if (!a->nprocs || !b->nprocs)
		return cmp_u64(a->nprocs != 0, b->nprocs != 0);
	an = a->procs[0].comm ? a->procs[0].comm : "";
	bn = b->procs[0].comm ? b->procs[0].comm : "";
	r = strcmp(an, bn);
	return r ? r : cmp_u64(a->procs[0].pid, b->procs[0].pid);
}

static int cmp_values(const struct sv_value *a, const struct sv_value *b,
		      const struct sv_sock *sa, const struct sv_sock *sb)
{
	switch (a->type) {
	case SV_FT_UINT: case SV_FT_HEX64: case SV_FT_DEC64: case SV_FT_Q8:
		return cmp_u64(a->u, b->u);
	case SV_FT_INT: return a->i < b->i ? -1 : a->i > b->i;
	case SV_FT_BOOL: return cmp_u64(a->b, b->b);
	case SV_FT_ADDR: return cmp_addr(a, b);
	case SV_FT_USERS: return cmp_users(sa, sb);
	case SV_FT_WORD: case SV_FT_TEXT: case SV_FT_BPF: case SV_FT_GROUPS:
		return a->s.p && b->s.p ? cmp_bytes(a->s.p, a->s.len, b->s.p, b->s.len)
					: cmp_u64(a->s.len, b->s.len);
	case SV_FT_NULL: return 0;
	}
	return 0;
}

/* One field: what a row lacks (or has as null) goes last, whatever the
 * direction; *absent says a tie was two rows lacking it. */
static int cmp_field(const struct sv_field *f, const struct sv_field_ctx *ctx,
		     const struct sv_sock *a, const struct sv_sock *b, bool desc)
{
	struct sv_value va, vb;
	bool ha = sv_fields_applies(f, a) && f->get(a, ctx, &va) && va.type != SV_FT_NULL;
	bool hb = sv_fields_applies(f, b) && f->get(b, ctx, &vb) && vb.type != SV_FT_NULL;
	int r;

	if (!ha || !hb)
		return ha == hb ? 0 : ha ? -1 : 1;
	r = va.type == vb.type ? cmp_values(&va, &vb, a, b) : cmp_u64(va.type, vb.type);
	return desc ? -r : r;
}

/* See output_sort.h. local and peer compare every member of their object
 * in the registry's order (address, then port...). */
int sv_output_sort_cmp(const struct sv_colspec *by, const struct sv_field_ctx *ctx,
		       const struct sv_sock *a, const struct sv_sock *b)
{
	const struct sv_field *all;
	size_t n;
	int r = 0;

	all = sv_fields_all(&n);
	for (size_t i = 0; i < by->n && !r; i++) {
		const struct sv_col *it = &by->col[i];

		if (it->field) {
			r = cmp_field(it->field, ctx, a, b, it->desc);
			continue;
		}
		for (size_t j = 0; j < n && !r; j++)
			if ((all[j].flags & SV_FIELD_JSON) && sv_colspec_item_has(it, &all[j]))
				r = cmp_field(&all[j], ctx, a, b, it->desc);
	}
	return r;
}

static int sort_cmp(const void *pa, const void *pb, void *data)
{
	const struct sorter *st = data;
	const struct kept *a = pa, *b = pb;
	int r = sv_output_sort_cmp(st->by, st->ctx, &a->s, &b->s);

	return r ? r : cmp_u64(a->seq, b->seq); /* ties: the listing's order */
}

static int sort_row(void *data, const struct sv_sock *s)
{
	struct sorter *st = data;

	if (sv_grow((void **)&st->rows, &st->cap, st->n + 1, sizeof(*st->rows), 1024) < 0)
		return -ENOMEM;
	st->rows[st->n].s = *s;
	st->rows[st->n].seq = st->n;
	if (sv_sockkeep_copy(&st->rows[st->n].s) < 0)
		return -ENOMEM;
	st->n++;
	return 0;
}

static void drop_rows(struct sorter *st)
{
	for (size_t i = 0; i < st->n; i++)
		sv_sockkeep_free(&st->rows[i].s);
	st->n = 0;
}

static int sort_finish(void *data)
{
	struct sorter *st = data;
	int ret = 0;

	qsort_r(st->rows, st->n, sizeof(*st->rows), sort_cmp, st);
	for (size_t i = 0; i < st->n && ret == 0; i++)
		ret = st->inner.row(st->inner.ctx, &st->rows[i].s);
	drop_rows(st);
	return ret < 0 ? ret : st->inner.finish(st->inner.ctx);
}

static void sort_close(void *data)
{
	struct sorter *st = data;

	drop_rows(st);
	free(st->rows);
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
	st->by = by;
	st->ctx = ctx;
	*out = (struct sv_output){ .row = sort_row, .finish = sort_finish,
				   .close = sort_close, .ctx = st };
	return 0;
}
