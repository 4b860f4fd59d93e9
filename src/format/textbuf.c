/* textbuf.c - the growable text buffer of one row (textbuf.h). */
#include <errno.h>
#include <stdlib.h>

#include "sockview/grow.h"
#include "sockview/textbuf.h"

/* See textbuf.h. */
int sv_textbuf_room(struct sv_textbuf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return 0;
	return sv_grow((void **)&b->p, &b->cap, b->len + n + 1, 1, 4096);
}

/* See textbuf.h. */
void sv_textbuf_free(struct sv_textbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
