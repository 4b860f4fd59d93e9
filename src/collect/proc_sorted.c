/* proc_sorted.c - the records of a /proc/net file ss sorts, kept and handed
 * on in ss's order (by type, then inode). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/grow.h"
#include "sockview/proc_sorted.h"

/* See proc_sorted.h. */
int sv_proc_sorted_keep(const struct sv_sock *s, void *data)
{
	struct sv_proc_sorted *k = data;
	struct sv_sock *r;

	size_t ocap = k->cap;

	if (sv_grow((void **)&k->rows, &k->cap, k->n + 1, sizeof(*k->rows), 256) < 0)
		return -ENOMEM;
	if (k->cap != ocap) {
		size_t *o = realloc(k->offs, k->cap * sizeof(*o));

		if (!o)
			return -ENOMEM;
		k->offs = o;
	}
	r = &k->rows[k->n];
	*r = *s;
	k->offs[k->n] = SIZE_MAX;
	if (s->un.path && s->un.path_len) {
		if (sv_grow((void **)&k->names, &k->ncap, k->nlen + s->un.path_len, 1,
			    4096) < 0)
			return -ENOMEM;
		memcpy(k->names + k->nlen, s->un.path, s->un.path_len);
		k->offs[k->n] = k->nlen; /* the pointer once the names stop moving */
		k->nlen += s->un.path_len;
	}
	r->un.path = NULL;
	k->n++;
	return 0;
}

static int by_type_inode(const void *a, const void *b)
{
	const struct sv_sock *x = a, *y = b;

	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

/* See proc_sorted.h. */
int sv_proc_sorted_flush(struct sv_proc_sorted *k, sv_diag_cb cb, void *data)
{
	for (size_t i = 0; i < k->n; i++)
		if (k->offs[i] != SIZE_MAX)
			k->rows[i].un.path = k->names + k->offs[i];
	if (k->n > 1)
		qsort(k->rows, k->n, sizeof(*k->rows), by_type_inode);
	for (size_t i = 0; i < k->n; i++) {
		int ret = cb(&k->rows[i], data);

		if (ret < 0)
			return ret;
	}
	return 0;
}

/* See proc_sorted.h. */
void sv_proc_sorted_free(struct sv_proc_sorted *k)
{
	free(k->rows);
	free(k->offs);
	free(k->names);
	memset(k, 0, sizeof(*k));
}
