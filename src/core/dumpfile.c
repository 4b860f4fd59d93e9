/* dumpfile.c - the tags sockview puts in the seq of its dump requests, which
 * name each part of a recorded dump file (dumpfile.h). */
#include <netinet/in.h>
#include <sys/socket.h>

#include "sockview/dumpfile.h"
#include "sockview/tables.h"

/* The table's byte in a tag: the IP protocol of an inet table whose
 * number fits 7 bits (tcp, udp, dccp: files of sockview 0.x have these),
 * else 0x80 | the table's number. */
static uint32_t table_byte(const struct sv_table_desc *d)
{
	if (d->kind == SV_KIND_INET && d->ipproto < 0x80)
		return d->ipproto;
	return 0x80u | (uint32_t)d->id;
}

/* See dumpfile.h. The family byte is the request's family: an inet
 * table's IP family, another table's sock_diag family. */
uint32_t sv_dumpfile_seq(enum sv_dump_kind kind, enum sv_table table, int family)
{
	const struct sv_table_desc *d = sv_tables_get(table);
	uint32_t tb = d ? table_byte(d) : IPPROTO_TCP;

	return SV_DUMPFILE_TAG | (((uint32_t)kind & 0xffu) << 16) | (tb << 8) |
	       ((uint32_t)family & 0xffu);
}

/* See dumpfile.h. */
bool sv_dumpfile_seq_parse(uint32_t seq, enum sv_dump_kind *kind,
			   enum sv_table *table, int *family)
{
	uint32_t k = (seq >> 16) & 0xffu, tb = (seq >> 8) & 0xffu;
	int t = tb & 0x80u ? (int)(tb & 0x7fu) : sv_tables_of_ipproto((uint16_t)tb);
	int fam = (int)(seq & 0xffu);
	const struct sv_table_desc *d = t >= 0 ? sv_tables_get((enum sv_table)t) : NULL;

	if ((seq & SV_DUMPFILE_TAG_MASK) != SV_DUMPFILE_TAG)
		return false;
	if (k != SV_DUMP_ROWS && k != SV_DUMP_LISTENERS && k != SV_DUMP_AUTOBOUND)
		return false;
	if (!d || table_byte(d) != tb || d->dump != d->id || fam >= 64 ||
	    !(d->families & SV_AF(fam)))
		return false;
	*kind = (enum sv_dump_kind)k;
	*table = (enum sv_table)t;
	*family = fam;
	return true;
}
