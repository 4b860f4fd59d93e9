/* proc_netlink.c - pure parser of one line of /proc/net/netlink into a
 * record. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "proc_words.h"
#include "sockview/proc_link.h"

#define FIELDS 10

/* Each field's base and greatest value, as the kernel prints them:
 * "%pK %-3d %-10u %08x %-8d %-8d %-5d %-8d %-8u %-8lu" (Dump was a pointer
 * before Linux 4.x: hex reads both). */
static const struct sv_proc_field fields[FIELDS] = {
	{ 16, UINT64_MAX }, /* sk */
	{ 10, 255 },        /* Eth: the protocol */
	{ 10, UINT32_MAX }, /* Pid: the port id */
	{ 16, UINT32_MAX }, /* Groups: groups 1-32 */
	{ 10, INT32_MAX },  /* Rmem */
	{ 10, INT32_MAX },  /* Wmem */
	{ 16, UINT64_MAX }, /* Dump */
	{ 10, INT32_MAX },  /* Locks */
	{ 10, UINT32_MAX }, /* Drops */
	{ 10, UINT32_MAX }, /* Inode */
};

/* See proc_link.h. */
int sv_proc_netlink_line(const char *line, size_t len, struct sv_sock *s)
{
	uint64_t v[FIELDS];
	/* the header: "sk  Eth Pid  Groups  Rmem  Wmem  Dump  Locks  Drops  Inode" */
	int ret = sv_proc_words_numbers(line, len, "sk", fields, FIELDS, v);

	if (ret != 0)
		return ret == 1 ? 0 : ret;
	memset(s, 0, sizeof(*s));
	s->family = AF_NETLINK;
	s->table = SV_TABLE_NETLINK;
	s->state = SV_STATE_CLOSE;
	s->nl.protocol = (uint8_t)v[1];
	s->nl.portid = (uint32_t)v[2];
	s->nl.groups32 = (uint32_t)v[3];
	s->rqueue = (uint32_t)v[4];
	s->wqueue = (uint32_t)v[5];
	s->inode = (uint32_t)v[9];
	return 1;
}
