/* fileio.h - read a whole file (or stdin) into memory. */
#ifndef SOCKVIEW_FILEIO_H
#define SOCKVIEW_FILEIO_H

#include <stddef.h>

/* Largest file sockview reads whole (a recorded dump of ~10M sockets). */
#define SV_FILEIO_MAX ((size_t)1 << 31)

/* Read path ("-" for standard input) into a malloc'd buffer with a NUL
 * after the last byte. Returns 0 and sets *buf and *len, or a negative
 * errno (-EFBIG beyond SV_FILEIO_MAX, -EISDIR for a directory). */
int sv_fileio_read_all(const char *path, char **buf, size_t *len);

#endif
