/* proc_packet.c - pure parser of one line of /proc/net/packet into a
 * record. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "proc_words.h"
#include "sockview/proc_link.h"

#define FIELDS 9

/* Each field's base and greatest value, as the kernel prints them:
 * "%pK %-6d %-4d %04x   %-5d %1d %-6u %-6u %-8lu". */
static const struct sv_proc_field fields[FIELDS] = {
	{ 16, UINT64_MAX }, /* sk (zeros without privileges) */
	{ 10, INT32_MAX },  /* RefCnt */
	{ 10, 255 },        /* Type */
	{ 16, 0xffff },     /* Proto */
	{ 10, INT32_MAX },  /* Iface */
	{ 10, 1 },          /* R: running */
	{ 10, UINT32_MAX }, /* Rmem */
	{ 10, UINT32_MAX }, /* User */
	{ 10, UINT32_MAX }, /* Inode */
};

/* See proc_link.h. */
int sv_proc_packet_line(const char *line, size_t len, struct sv_sock *s)
{
	uint64_t v[FIELDS];
	/* the header: "sk  RefCnt Type Proto  Iface R Rmem   User   Inode" */
	int ret = sv_proc_words_numbers(line, len, "sk", fields, FIELDS, v);

	if (ret != 0)
		return ret == 1 ? 0 : ret;
	memset(s, 0, sizeof(*s));
	s->family = AF_PACKET;
	s->table = v[2] == SOCK_RAW ? SV_TABLE_PACKET_RAW : SV_TABLE_PACKET_DGRAM;
	s->state = SV_STATE_CLOSE;
	s->pk.protocol = (uint16_t)v[3];
	s->pk.ifindex = (uint32_t)v[4];
	s->rqueue = (uint32_t)v[6];
	s->uid = (uint32_t)v[7];
	s->inode = (uint32_t)v[8];
	return 1;
}
