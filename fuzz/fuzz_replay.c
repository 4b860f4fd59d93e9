/* fuzz_replay.c - libFuzzer target: arbitrary bytes as a recorded dump file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int touch(const struct sv_sock *s, void *data)
{
	size_t *sum = data;

	*sum += s->lport + s->rport + s->state + s->laddr[15] + s->raddr[0] +
		s->rqueue + s->wqueue + (s->v6only ? 1u : 0u) + s->mark;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a private copy: the file reader gives no alignment guarantee */
	uint8_t *copy = malloc(size ? size : 1);
	char err[256];
	size_t sum = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	sv_replay_parse(copy, size, touch, &sum, err, sizeof(err));
	free(copy);
	return 0;
}
