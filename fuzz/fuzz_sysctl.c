/* fuzz_sysctl.c - libFuzzer target: arbitrary text as
 * net.ipv4.ip_local_port_range. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/sysctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exact size, no NUL: the parser must obey len */
	char *copy = malloc(size ? size : 1);
	uint16_t lo = 7, hi = 3;
	int ret;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	ret = sv_sysctl_parse_port_range(copy, size, &lo, &hi);
	if (ret == 0 && lo > hi)
		abort();
	if (ret != 0 && (ret != -22 /* EINVAL */ || lo != 7 || hi != 3))
		abort(); /* outputs untouched on error */
	if (ret == 0) {
		/* a valid range round-trips through the kernel's text */
		char text[32];
		uint16_t lo2 = 0, hi2 = 0;
		int n = snprintf(text, sizeof(text), "%u\t%u\n", lo, hi);

		if (sv_sysctl_parse_port_range(text, (size_t)n, &lo2, &hi2) != 0 ||
		    lo2 != lo || hi2 != hi)
			abort();
	}
	free(copy);
	return 0;
}
