/* fuzz_pidnames.c - libFuzzer target: arbitrary bytes as the text of
 * /proc/PID/stat, read for a netlink port id's process name as ss reads
 * it. The name is NUL-terminated, as long as the return says, at most the
 * buffer and SV_PIDNAMES_NAME, holds no ')' (ss cuts there), and comes
 * from the text; the exact-size copy lets ASan see a read past it. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/pidnames.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	char name[SV_PIDNAMES_NAME + 1], small[5];
	int n, k;

	if (!text)
		abort();
	memcpy(text, data, size);
	n = sv_pidnames_parse_stat(text, size, name, sizeof(name));
	k = sv_pidnames_parse_stat(text, size, small, sizeof(small));
	if (n == -22 /* EINVAL */) {
		if (k != n)
			abort();
	} else if (n < 1 || n > SV_PIDNAMES_NAME || name[n] != '\0' ||
		   memchr(name, ')', (size_t)n) || !memmem(text, size, name, (size_t)n) ||
		   k != (n < 4 ? n : 4) || memcmp(small, name, (size_t)k) != 0) {
		abort();
	}
	free(text);
	return 0;
}
