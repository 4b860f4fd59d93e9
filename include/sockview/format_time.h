/* format_time.h - a moment as RFC 3339 text in UTC with microseconds
 * ("2025-06-01T12:34:56.123456Z"): -E's event_time. */
#ifndef SOCKVIEW_FORMAT_TIME_H
#define SOCKVIEW_FORMAT_TIME_H

#include <stddef.h>
#include <stdint.h>

/* The text's length, without its NUL. */
#define SV_FORMAT_TIME_LEN 27

/* Write us (microseconds since the epoch) into buf (len bytes, at least
 * SV_FORMAT_TIME_LEN + 1). Returns the length written, or 0 when buf is
 * too small or the year falls outside 0000-9999 (buf is then ""). */
size_t sv_format_time_utc(char *buf, size_t len, uint64_t us);

#endif
