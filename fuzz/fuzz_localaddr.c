/* fuzz_localaddr.c - libFuzzer target: arbitrary bytes as one recv() of an
 * RTM_GETADDR dump. Besides the sanitizers: every refusal names a byte
 * offset, and the set stays sorted without duplicates. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/localaddr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	struct sv_localaddrs s = { 0 };
	char err[256] = "";
	int ret;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	ret = sv_localaddr_parse(copy, size, &s, err, sizeof(err));
	if (ret < 0 && ret != -ENOMEM && !strstr(err, "at byte "))
		abort();
	for (size_t i = 1; i < s.n; i++) {
		const struct sv_localaddr *a = &s.v[i - 1], *b = &s.v[i];

		if (a->family > b->family ||
		    (a->family == b->family &&
		     memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16) >= 0))
			abort();
	}
	sv_localaddr_free(&s);
	free(copy);
	return 0;
}
