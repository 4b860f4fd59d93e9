/* bigmem.h - big arrays (megabytes) in memory the kernel may back with
 * transparent huge pages: one page fault a 2 MiB rather than 512 of them,
 * which costs 10-20 us each in some virtual machines. */
#ifndef SOCKVIEW_BIGMEM_H
#define SOCKVIEW_BIGMEM_H

#include <stddef.h>

/* From this size on, an array is mapped on its own, 2 MiB-aligned, with
 * huge pages asked for (madvise MADV_HUGEPAGE); below, it is malloc's. */
#define SV_BIGMEM_HUGE ((size_t)2 << 20)

/* bytes of zeroed memory (at least one), or NULL with errno. Free it with
 * sv_bigmem_free and the same bytes. */
void *sv_bigmem_alloc(size_t bytes);

/* Make room for want elements of size bytes in *v (capacity *cap elements,
 * *v from sv_bigmem_alloc or NULL): the capacity doubles from first until
 * it is enough; the new memory past the old elements is zeroed. Returns 0,
 * or -ENOMEM with *v and *cap unchanged. */
int sv_bigmem_grow(void **v, size_t *cap, size_t want, size_t size, size_t first);

/* Free p (NULL is fine), allocated with these bytes. */
void sv_bigmem_free(void *p, size_t bytes);

#endif
