/* fuzz_proc_packet.c - libFuzzer target: arbitrary bytes as one line of
 * /proc/net/packet. The parser reads exactly len bytes (an exact-size
 * copy: ASan sees a read past it); a line it takes gives a packet record,
 * and the same line parses the same way twice. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/proc_link.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size ? size : 1);
	struct sv_sock a, b;
	int ra, rb;

	if (!line)
		abort();
	memcpy(line, data, size);
	ra = sv_proc_packet_line(line, size, &a);
	rb = sv_proc_packet_line(line, size, &b);
	if (ra != rb || (ra != 1 && ra != 0 && ra != -74 /* EBADMSG */))
		abort();
	if (ra == 1 && (memcmp(&a, &b, sizeof(a)) != 0 || a.family != AF_PACKET ||
			(a.table != SV_TABLE_PACKET_RAW && a.table != SV_TABLE_PACKET_DGRAM) ||
			a.pk.ifindex > INT32_MAX))
		abort();
	free(line);
	return 0;
}
