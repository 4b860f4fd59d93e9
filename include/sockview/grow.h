/* grow.h - growable arrays: one way to make room, shared by every module
 * that collects rows, bytes or entries. */
#ifndef SOCKVIEW_GROW_H
#define SOCKVIEW_GROW_H

#include <stddef.h>

/* Make room for want elements of size bytes in *v (capacity *cap elements):
 * the capacity doubles from first until it is enough. Returns 0, or
 * -ENOMEM with *v and *cap unchanged. */
int sv_grow(void **v, size_t *cap, size_t want, size_t size, size_t first);

#endif
