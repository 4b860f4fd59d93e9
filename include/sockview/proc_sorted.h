/* proc_sorted.h - ss's order of a /proc/net file whose sockets it sorts
 * (/proc/net/unix: by type, then inode): the records of a walk are kept,
 * with copies of the names they point to, and handed on sorted. */
#ifndef SOCKVIEW_PROC_SORTED_H
#define SOCKVIEW_PROC_SORTED_H

#include <stddef.h>

#include "sockview/diag_parse.h"
#include "sockview/sock.h"

/* The records kept so far (zero it to start). */
struct sv_proc_sorted {
	struct sv_sock *rows;
	size_t *offs;         /* each row's name in names, SIZE_MAX: none */
	size_t n, cap;
	char *names;          /* the unix names' bytes, one after another */
	size_t nlen, ncap;
};

/* A walk's callback (data: the struct sv_proc_sorted): keep a copy of s.
 * Returns 0 or -ENOMEM. */
int sv_proc_sorted_keep(const struct sv_sock *s, void *data);

/* Sort the kept records by table (u_str, u_dgr, u_seq: the kernel's type
 * numbers' order) and inode, as ss does, and hand each to cb. Returns 0
 * or what cb returned when negative. */
int sv_proc_sorted_flush(struct sv_proc_sorted *k, sv_diag_cb cb, void *data);

/* Free what was kept. */
void sv_proc_sorted_free(struct sv_proc_sorted *k);

#endif
