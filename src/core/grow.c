/* grow.c - growable arrays: capacity that doubles, overflow checked. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "sockview/grow.h"

/* See grow.h. */
int sv_grow(void **v, size_t *cap, size_t want, size_t size, size_t first)
{
	size_t ncap = *cap ? *cap : first;
	void *n;

	if (want <= *cap)
		return 0;
	while (ncap < want) {
		if (ncap > SIZE_MAX / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	if (size && ncap > SIZE_MAX / size)
		return -ENOMEM;
	n = realloc(*v, ncap * size);
	if (!n)
		return -ENOMEM;
	*v = n;
	*cap = ncap;
	return 0;
}
