/* sockkeep.c - a record's optional blocks copied out of its message, so
 * that a kept record stays valid (sockkeep.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/sockkeep.h"

/* Bytes of the block at *p, copied to mem at *off (when mem is set); the
 * block is repointed there. */
static void take(const void **p, size_t len, char *mem, size_t *off)
{
	if (!*p || !len)
		return;
	if (mem) {
		memcpy(mem + *off, *p, len);
		*p = mem + *off;
	}
	*off += (len + 7) & ~(size_t)7; /* keep each copy 8-byte aligned */
}

/* Every block of s through take(). */
static size_t take_all(struct sv_sock *s, char *mem)
{
	size_t off = 0;
	const void *cong = s->cong, *skmem = s->skmem;

	take(&s->tcp_info, s->tcp_info_len, mem, &off);
	take(&skmem, (size_t)s->skmem_len * 4, mem, &off);
	take(&cong, s->cong_len, mem, &off);
	take(&s->ca_info, s->ca_info_len, mem, &off);
	s->skmem = skmem;
	s->cong = cong;
	return off;
}

/* See sockkeep.h. */
int sv_sockkeep_copy(struct sv_sock *s)
{
	struct sv_sock probe = *s;
	size_t need = take_all(&probe, NULL);
	char *mem;

	s->kept = NULL;
	if (need == 0)
		return 0;
	mem = malloc(need);
	if (!mem)
		return -ENOMEM;
	take_all(s, mem);
	s->kept = mem;
	return 0;
}

/* See sockkeep.h. */
void sv_sockkeep_free(struct sv_sock *s)
{
	free(s->kept);
	s->kept = NULL;
	s->tcp_info = NULL;
	s->tcp_info_len = 0;
	s->skmem = NULL;
	s->skmem_len = 0;
	s->cong = NULL;
	s->cong_len = 0;
	s->ca_info = NULL;
	s->ca_info_len = 0;
}
