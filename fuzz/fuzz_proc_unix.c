/* fuzz_proc_unix.c - libFuzzer target: arbitrary bytes as /proc/net/unix,
 * split into lines as a reader would, each parsed by
 * sv_proc_unix_parse_line and, when it is a socket, given ss's cells.
 * Oracles besides the sanitizers: a record's invariants (a unix table, its
 * name inside its line and no longer than sun_path, no raw control byte
 * in a cell) and the same answer for a line with and without its '\n'. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/format.h"
#include "sockview/proc_unix.h"
#include "sockview/unixname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *line, size_t len, const struct sv_sock *s)
{
	struct sv_fmt_opts o = { .netid = true, .state = true };
	struct sv_cells c;

	if (s->family != AF_UNIX || s->state >= SV_STATE_MAX ||
	    (s->table != SV_TABLE_UNIX_STREAM && s->table != SV_TABLE_UNIX_DGRAM &&
	     s->table != SV_TABLE_UNIX_SEQPACKET))
		abort();
	if (s->un.path && (s->un.path < line || s->un.path + s->un.path_len > line + len ||
			   s->un.path_len > SV_UNIXNAME_MAX))
		abort();
	sv_format_cells(&o, s, &c);
	for (int i = 0; i < SV_CELL_MAX; i++)
		for (size_t k = 0; k < c.len[i]; k++)
			if ((uint8_t)c.text[i][k] < 0x20 || (uint8_t)c.text[i][k] >= 0x7f)
				abort();
}

/* One line, exactly len bytes on the heap (ASan sees a read past it). */
static int one(const uint8_t *p, size_t len, bool nl, struct sv_sock *s)
{
	char *line = malloc(len + 1);
	int ret;

	if (!line)
		abort();
	memcpy(line, p, len);
	if (nl)
		line[len] = '\n';
	ret = sv_proc_unix_parse_line(line, len + nl, s);
	if (ret == SV_PROC_UNIX_SOCKET)
		check(line, len, s);
	else if (ret != SV_PROC_UNIX_HEADER && ret != -74 /* EBADMSG */)
		abort();
	s->un.path = NULL;
	free(line);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0;

	while (off < size) {
		const uint8_t *end = memchr(data + off, '\n', size - off);
		size_t len = end ? (size_t)(end - (data + off)) : size - off;
		struct sv_sock a, b;
		int ra = one(data + off, len, false, &a), rb = one(data + off, len, true, &b);

		if (ra != rb || (ra == SV_PROC_UNIX_SOCKET &&
				 (a.table != b.table || a.state != b.state || a.inode != b.inode ||
				  a.un.path_len != b.un.path_len || a.un.abstract != b.un.abstract)))
			abort();
		off += len + 1;
	}
	return 0;
}
