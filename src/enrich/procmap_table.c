/* procmap_table.c - the flat hash from socket inode to its holders:
 * open addressing with linear probing, Fibonacci hashing, load <= 0.75. */
#include <errno.h>
#include <stdlib.h>

#include "sockview/bigmem.h"

#include "procmap_table.h"

/* Fibonacci hashing: the top bits of inode * 2^32 / phi. */
static size_t pmtab_index(uint32_t inode, unsigned bits)
{
	return (uint32_t)(inode * 0x9E3779B1u) >> (32 - bits);
}

/* See procmap_table.h. */
int sv_procmap_table_init(struct pm_table *t, unsigned bits)
{
	t->slots = sv_bigmem_alloc(((size_t)1 << bits) * sizeof(*t->slots));
	t->bits = bits;
	t->used = 0;
	return t->slots ? 0 : -ENOMEM;
}

/* See procmap_table.h. */
void sv_procmap_table_release(struct pm_table *t)
{
	if (t->slots)
		sv_bigmem_free(t->slots, ((size_t)1 << t->bits) * sizeof(*t->slots));
	t->slots = NULL;
	t->used = 0;
}

/* Is a table of 2^bits slots full with n inodes (load above 0.75)? */
static int pmtab_full(size_t n, unsigned bits)
{
	return n * 4 > ((size_t)1 << bits) * 3;
}

/* See procmap_table.h. */
unsigned sv_procmap_table_bits(size_t n)
{
	unsigned bits = TAB_MIN_BITS;

	while (pmtab_full(n, bits))
		bits++;
	return bits;
}

/* The slot holding inode, or the empty slot where it would go. */
static struct pm_slot *pmtab_probe(const struct pm_table *t, uint32_t inode)
{
	size_t mask = ((size_t)1 << t->bits) - 1;
	size_t i = pmtab_index(inode, t->bits);

	while (t->slots[i].count != 0 && t->slots[i].inode != inode)
		i = (i + 1) & mask;
	return &t->slots[i];
}

/* The slot of inode, or NULL. */
struct pm_slot *sv_procmap_table_find(const struct pm_table *t, uint32_t inode)
{
	struct pm_slot *s = t->slots ? pmtab_probe(t, inode) : NULL;

	return s && s->count != 0 ? s : NULL;
}

/* Double the table and move every slot over. */
static int pmtab_grow(struct pm_table *t)
{
	struct pm_table n;
	size_t old = (size_t)1 << t->bits;

	if (sv_procmap_table_init(&n, t->bits + 1) != 0)
		return -ENOMEM;
	for (size_t i = 0; i < old; i++)
		if (t->slots[i].count != 0)
			*pmtab_probe(&n, t->slots[i].inode) = t->slots[i];
	n.used = t->used;
	sv_procmap_table_release(t);
	*t = n;
	return 0;
}

/* The slot of inode, added with count 0 when new: the caller must set
 * count before the next insertion. NULL when out of memory. */
struct pm_slot *sv_procmap_table_insert(struct pm_table *t, uint32_t inode)
{
	struct pm_slot *s;

	if (pmtab_full(t->used + 1, t->bits) && pmtab_grow(t) != 0)
		return NULL;
	s = pmtab_probe(t, inode);
	if (s->count == 0) {
		s->inode = inode;
		t->used++;
	}
	return s;
}

