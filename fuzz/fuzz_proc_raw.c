/* fuzz_proc_raw.c - libFuzzer target: arbitrary text as /proc/net/raw or
 * /proc/net/raw6 (the first byte picks the family), a whole file through
 * sv_proc_raw_parse and its lines one by one through sv_proc_raw_line. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/proc_raw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct count {
	size_t rows;
	int family;
};

static int row(const struct sv_sock *s, void *data)
{
	struct count *c = data;

	if (s->family != c->family || s->table != SV_TABLE_RAW ||
	    s->state >= SV_STATE_MAX)
		abort();
	c->rows++;
	/* a callback's error comes back unchanged */
	return c->rows == 1000 ? -1234 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct count c;
	size_t line = 0;
	char *text;
	int ret;

	if (size < 1)
		return 0;
	c.family = data[0] & 1 ? AF_INET6 : AF_INET;
	c.rows = 0;
	/* exact size, no NUL: the parser must obey len */
	text = malloc(size - 1 ? size - 1 : 1);
	if (!text)
		abort();
	memcpy(text, data + 1, size - 1);
	ret = sv_proc_raw_parse(text, size - 1, c.family, SV_TABLE_RAW, row, &c, &line);
	if (ret != 0 && ret != -74 /* EBADMSG */ && ret != -1234)
		abort();
	if (ret == -74 && line == 0)
		abort(); /* a bad file names its line */
	if (ret == -1234 && c.rows != 1000)
		abort();
	/* each line alone */
	for (size_t off = 0; off < size - 1;) {
		const char *nl = memchr(text + off, '\n', size - 1 - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : size - 1 - off;
		struct sv_sock s;

		memset(&s, 0, sizeof(s));
		ret = sv_proc_raw_line(text + off, n, c.family, SV_TABLE_RAW, &s);
		if (ret != 0 && ret != -74)
			abort();
		if (ret == 0 && (s.family != c.family || s.state >= SV_STATE_MAX))
			abort();
		off += n + 1;
	}
	free(text);
	return 0;
}
