/* fuzz_replay.c - libFuzzer target: arbitrary bytes as a recorded dump file,
 * checked whole, then every kind of request read back through the
 * collector. A refused file must name a byte offset (or be empty); an
 * accepted one must read back without error. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int touch(const struct sv_sock *s, void *data)
{
	size_t *sum = data;

	*sum += s->lport + s->rport + s->state + s->laddr[15] + s->raddr[0] +
		s->rqueue + s->wqueue + (s->v6only ? 1u : 0u) + s->mark;
	return 0;
}

/* Every request the listing can make. */
static void read_back(struct sv_replay *r)
{
	static const enum sv_dump_kind kinds[] = { SV_DUMP_ROWS, SV_DUMP_LISTENERS,
						   SV_DUMP_AUTOBOUND };
	struct sv_source src = sv_replay_source(r);
	size_t sum = 0;

	for (size_t k = 0; k < 3; k++)
		for (int t = 0; t < SV_TABLE_MAX; t++)
			for (int f = 0; f < 2; f++) {
				struct sv_dump_req req = { .table = (enum sv_table)t,
							   .family = f ? AF_INET6 : AF_INET,
							   .kind = kinds[k] };
				char err[256] = "";

				if (sv_collect_dump(&src, &req, touch, &sum, err,
						    sizeof(err)) != 0) {
					fprintf(stderr, "accepted file fails to read: %s\n", err);
					abort();
				}
			}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a private copy: the file reader gives no alignment guarantee */
	uint8_t *copy = malloc(size ? size : 1);
	struct sv_replay *r = NULL;
	char err[256] = "";

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (sv_replay_open(copy, size, &r, err, sizeof(err)) == 0) {
		read_back(r);
		sv_replay_free(r);
	} else if (size > 0 && !strstr(err, "byte ")) {
		fprintf(stderr, "refusal without an offset: %s\n", err);
		abort();
	}
	free(copy);
	return 0;
}
