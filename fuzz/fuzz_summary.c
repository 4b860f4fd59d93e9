/* fuzz_summary.c - libFuzzer target: arbitrary text as /proc/net/sockstat
 * and /proc/net/snmp, then the ss -s printer on what was parsed. */
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*parse_fn)(const char *, size_t, struct sv_summary *, char *,
			size_t);

/* One parser on an exact-size copy; aborts when a promise is broken. */
static void run(parse_fn parse, const char *text, size_t size,
		struct sv_summary *s)
{
	struct sv_summary before = *s;
	char err[128];
	int ret;

	memset(err, 0x7f, sizeof(err));
	ret = parse(text, size, s, err, sizeof(err));
	if (ret != 0 && ret != -EINVAL)
		abort();
	if (ret == 0)
		return;
	/* an error: a terminated message, *s untouched */
	if (!memchr(err, '\0', sizeof(err)) ||
	    (strncmp(err, "line ", 5) != 0 && strcmp(err, "empty input") != 0))
		abort();
	if (memcmp(&before, s, sizeof(before)) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exact size, no NUL: the parsers must obey len */
	char *copy = malloc(size ? size : 1);
	struct sv_summary s;
	char *out = NULL;
	size_t outlen = 0;
	FILE *f;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	memset(&s, 0, sizeof(s));
	run(sv_summary_parse_sockstat, copy, size, &s);
	run(sv_summary_parse_snmp, copy, size, &s);
	f = open_memstream(&out, &outlen);
	if (f) {
		if (sv_summary_print(f, &s) != 0)
			abort();
		fclose(f);
		if (strncmp(out, "Total: ", 7) != 0)
			abort();
		free(out);
	}
	free(copy);
	return 0;
}
