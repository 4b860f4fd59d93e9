/* textbuf.h - a growable text buffer for building one row's text: make
 * room once for the most a piece can take, then append without checks. */
#ifndef SOCKVIEW_TEXTBUF_H
#define SOCKVIEW_TEXTBUF_H

#include <stddef.h>
#include <string.h>

struct sv_textbuf {
	char *p;
	size_t len, cap;
};

/* Room for n more bytes and a NUL. Returns 0 or -ENOMEM (b unchanged). */
int sv_textbuf_room(struct sv_textbuf *b, size_t n);

/* Free the buffer (the struct itself is the caller's). */
void sv_textbuf_free(struct sv_textbuf *b);

/* Append n bytes; the room was made before. */
static inline void sv_textbuf_put(struct sv_textbuf *b, const char *s, size_t n)
{
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* Append a string literal; the room was made before. */
#define SV_TEXTBUF_LIT(b, lit) sv_textbuf_put((b), (lit), sizeof(lit) - 1)

#endif
