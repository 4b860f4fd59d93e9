/* bigmem.c - big arrays in memory the kernel may back with transparent
 * huge pages (bigmem.h). */
#define _GNU_SOURCE /* mremap */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "sockview/bigmem.h"

/* bytes rounded up to whole 2 MiB, the size of a mapping. */
static size_t mapped(size_t bytes)
{
	return (bytes + SV_BIGMEM_HUGE - 1) & ~(SV_BIGMEM_HUGE - 1);
}

/* See bigmem.h. A mapping 2 MiB bigger than asked, trimmed to a 2 MiB
 * boundary at both ends: a huge page needs an aligned 2 MiB. */
void *sv_bigmem_alloc(size_t bytes)
{
	size_t len, head;
	char *p;

	if (bytes < SV_BIGMEM_HUGE)
		return calloc(1, bytes ? bytes : 1);
	len = mapped(bytes);
	if (len < bytes || len + SV_BIGMEM_HUGE < len) {
		errno = ENOMEM;
		return NULL;
	}
	p = mmap(NULL, len + SV_BIGMEM_HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	head = (SV_BIGMEM_HUGE - (uintptr_t)p % SV_BIGMEM_HUGE) % SV_BIGMEM_HUGE;
	if (head)
		munmap(p, head);
	munmap(p + head + len, SV_BIGMEM_HUGE - head);
	(void)madvise(p + head, len, MADV_HUGEPAGE); /* a hint: EINVAL without THP */
	return p + head;
}

/* See bigmem.h. */
void sv_bigmem_free(void *p, size_t bytes)
{
	if (!p)
		return;
	if (bytes < SV_BIGMEM_HUGE)
		free(p);
	else
		munmap(p, mapped(bytes));
}

/* See bigmem.h. A mapping grows in place when the pages after it are free
 * (mremap without moving); otherwise into a new one. */
int sv_bigmem_grow(void **v, size_t *cap, size_t want, size_t size, size_t first)
{
	size_t n = *cap ? *cap : first ? first : 1, old = *cap * size, bytes;
	void *p;

	if (want <= *cap)
		return 0;
	while (n < want) {
		if (n > SIZE_MAX / 2 / size)
			return -ENOMEM;
		n *= 2;
	}
	bytes = n * size;
	if (*v && old >= SV_BIGMEM_HUGE &&
	    mremap(*v, mapped(old), mapped(bytes), 0) != MAP_FAILED) {
		*cap = n;
		return 0;
	}
	p = sv_bigmem_alloc(bytes);
	if (!p)
		return -ENOMEM;
	if (*v)
		memcpy(p, *v, old);
	sv_bigmem_free(*v, old);
	*v = p;
	*cap = n;
	return 0;
}
