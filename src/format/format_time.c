/* format_time.c - RFC 3339 text in UTC with microseconds (-E's event_time). */
#include <stdio.h>
#include <time.h>

#include "sockview/format_time.h"

/* See format_time.h. */
size_t sv_format_time_utc(char *buf, size_t len, uint64_t us)
{
	time_t secs = (time_t)(us / 1000000);
	struct tm tm;
	int n;

	if (len > 0)
		buf[0] = '\0';
	if (len < SV_FORMAT_TIME_LEN + 1 || !gmtime_r(&secs, &tm) || tm.tm_year + 1900 > 9999)
		return 0;
	n = snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ", tm.tm_year + 1900,
		     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		     (unsigned int)(us % 1000000));
	if (n != SV_FORMAT_TIME_LEN) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}
