/* dumpfile.c - the tags sockview puts in the seq of its dump requests, which
 * name each part of a recorded dump file (dumpfile.h). */
#include <netinet/in.h>
#include <sys/socket.h>

#include "sockview/dumpfile.h"
#include "sockview/tables.h"

/* See dumpfile.h. */
uint32_t sv_dumpfile_seq(enum sv_dump_kind kind, enum sv_table table, int family)
{
	const struct sv_table_desc *d = sv_tables_get(table);
	uint32_t proto = d ? d->ipproto : IPPROTO_TCP;

	return SV_DUMPFILE_TAG | (((uint32_t)kind & 0xffu) << 16) | (proto << 8) |
	       ((uint32_t)family & 0xffu);
}

/* See dumpfile.h. */
bool sv_dumpfile_seq_parse(uint32_t seq, enum sv_dump_kind *kind,
			   enum sv_table *table, int *family)
{
	uint32_t k = (seq >> 16) & 0xffu;
	int t = sv_tables_of_ipproto((uint8_t)(seq >> 8)), fam = (int)(seq & 0xffu);

	if ((seq & SV_DUMPFILE_TAG_MASK) != SV_DUMPFILE_TAG)
		return false;
	if (k != SV_DUMP_ROWS && k != SV_DUMP_LISTENERS && k != SV_DUMP_AUTOBOUND)
		return false;
	if (t < 0 || (fam != AF_INET && fam != AF_INET6))
		return false;
	*kind = (enum sv_dump_kind)k;
	*table = (enum sv_table)t;
	*family = fam;
	return true;
}
