/* watch.h - --watch: one listing's rows as a snapshot (a key per socket,
 * its state and its formatted text), and the changes from the previous
 * snapshot: sockets new, closed, or in another state. Pure. */
#ifndef SOCKVIEW_WATCH_H
#define SOCKVIEW_WATCH_H

#include <stddef.h>
#include <stdint.h>

#include "sockview/sock.h"

struct sv_watch_entry {
	uint64_t key;    /* sv_watch_key() of the socket */
	uint8_t state;
	size_t off, len; /* its text in the snapshot's arena */
};

/* The rows of one listing, in listing order, with an index by key. */
struct sv_watch_snap {
	struct sv_watch_entry *v;
	size_t n, cap;
	size_t *by_key;  /* indices of v sorted by key (sv_watch_index) */
	size_t by_cap;
	char *text;
	size_t tlen, tcap;
};

enum sv_watch_change {
	SV_WATCH_SAME,    /* in both, same state */
	SV_WATCH_NEW,     /* only in the new snapshot */
	SV_WATCH_CLOSED,  /* only in the old one */
	SV_WATCH_CHANGED, /* in both, another state */
};

/* The word of a change: "same", "new", "closed", "changed". */
const char *sv_watch_change_name(enum sv_watch_change c);

/* A key that tells one socket from every other one of the listing: its
 * table, addresses, ports, inode and cookie (not its state). */
uint64_t sv_watch_key(const struct sv_sock *s);

/* Append a row. Returns 0 or -ENOMEM. */
int sv_watch_add(struct sv_watch_snap *s, uint64_t key, uint8_t state, const char *text,
		 size_t len);

/* Build the index by key (after the last add). Returns 0 or -ENOMEM. */
int sv_watch_index(struct sv_watch_snap *s);

/* The change of each of new's rows against old (indexed both): *changes
 * gets one per row of new (in its order), and closed gets the indices of
 * old's rows that new lacks, in old's order (*nclosed of them). Arrays
 * are allocated (free them). Returns 0 or -ENOMEM. */
int sv_watch_diff(const struct sv_watch_snap *old, const struct sv_watch_snap *new,
		  enum sv_watch_change **changes, size_t **closed, size_t *nclosed);

/* Empty s, keeping its memory. */
void sv_watch_clear(struct sv_watch_snap *s);

/* Free s's memory. */
void sv_watch_free(struct sv_watch_snap *s);

#endif
