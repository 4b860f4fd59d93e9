/* procmap_table.h - private: the flat hash from socket inode to its
 * holders that procmap.c builds (open addressing, power-of-two size). */
#ifndef SOCKVIEW_PROCMAP_TABLE_H
#define SOCKVIEW_PROCMAP_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define TAB_MIN_BITS 10

/* A hash slot, empty when count == 0. first: while building, the newest
 * entry of the inode's chain (index + 1); once built, its offset in refs. */
struct pm_slot {
	uint32_t inode, first, count;
};

/* Open addressing, linear probing, power-of-two size, load <= 0.75 (a
 * lookup of an inode that is there probes 2.5 slots on average, mostly in
 * the same cache line; the table is a third of the memory of load 0.5). */
struct pm_table {
	struct pm_slot *slots;
	unsigned bits; /* 2^bits slots */
	size_t used;
};

/* An empty table of 2^bits slots (bigmem.h: huge pages for a big one).
 * Returns 0 or -ENOMEM. */
int sv_procmap_table_init(struct pm_table *t, unsigned bits);

/* Free the slots (none is fine); the table is empty again. */
void sv_procmap_table_release(struct pm_table *t);

/* The size (bits) a table of n inodes needs: no growth on the way. */
unsigned sv_procmap_table_bits(size_t n);

/* The slot of inode, or NULL. */
struct pm_slot *sv_procmap_table_find(const struct pm_table *t, uint32_t inode);

/* The slot of inode, added with count 0 when new (the caller must set
 * count before the next insertion); grows the table to keep load <= 0.75.
 * NULL when out of memory. */
struct pm_slot *sv_procmap_table_insert(struct pm_table *t, uint32_t inode);

#endif
