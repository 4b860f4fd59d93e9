/* dumpfile.h - the recorded dump file (-D, --replay): ss -D's format,
 * parts of raw sock_diag replies, plus what sockview adds after them. */
#ifndef SOCKVIEW_DUMPFILE_H
#define SOCKVIEW_DUMPFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "sockview/sock.h"

/*
 * A file is a sequence of parts, each the kernel's reply to one dump
 * request exactly as it arrived (netlink messages ending with NLMSG_DONE),
 * in host byte order. `ss -D` writes its TCP parts that way and reads the
 * first part back (TCPDIAG_FILE); sockview writes its TCP rows first, so ss
 * reads a file sockview recorded for -t as its own.
 *
 * sockview's requests carry a tag in nlmsg_seq, which the kernel copies into
 * every reply message: 'S' in bits 24-31, the kind of part in bits 16-23,
 * the table in bits 8-15 (the IP protocol of tcp, udp and dccp; 0x80 | the
 * table's number, enum sv_table, for the others) and the request's family
 * in bits 0-7 (AF_INET or AF_INET6 for the inet tables, the sock_diag
 * family of the others: AF_UNIX for the one unix dump). Parts
 * without the tag (ss writes seq 123456) are TCP rows of the family their
 * messages carry.
 *
 * After its parts a sockview file ends with one message of type
 * SV_DUMPFILE_END_TYPE whose payload is struct sv_dumpfile_end. It proves
 * the file complete: a file with a tagged part but no end marker, or one
 * whose marker does not count the parts and bytes before it, was cut short
 * and is refused.
 */

#define SV_DUMPFILE_TAG 0x53000000u
#define SV_DUMPFILE_TAG_MASK 0xff000000u

/* What a part holds (the byte in bits 16-23 of its seq). */
enum sv_dump_kind {
	SV_DUMP_ROWS = 'V',      /* the sockets of the listing */
	SV_DUMP_LISTENERS = 'L', /* serving sockets, for classification */
	SV_DUMP_AUTOBOUND = 'A', /* connections the kernel bound automatically
				    with both ports in the ephemeral range */
};

/* nlmsg_type of the end marker ("SV"): no netlink control type and no
 * sock_diag type, so a reader of sock_diag messages skips it. */
#define SV_DUMPFILE_END_TYPE 0x5356u
#define SV_DUMPFILE_VERSION 1u

/* The end marker's payload (host byte order), followed by naddrs
 * struct sv_dumpfile_addr: the recording namespace's own addresses, which
 * tell a connection to one of its listeners from one to another host. */
struct sv_dumpfile_end {
	char magic[8];    /* "sockview" */
	uint32_t version; /* SV_DUMPFILE_VERSION */
	uint32_t parts;   /* parts before the marker */
	uint64_t bytes;   /* bytes before the marker (its own offset) */
	uint16_t eph_lo;  /* the recording namespace's ip_local_port_range */
	uint16_t eph_hi;
	uint32_t naddrs;  /* addresses after this struct */
};

struct sv_dumpfile_addr {
	uint8_t family;   /* AF_INET or AF_INET6 */
	uint8_t pad[3];
	uint8_t addr[16];
};

/* The most addresses an end marker holds (it must fit a receive buffer);
 * a recording keeps the first ones. */
#define SV_DUMPFILE_MAX_ADDRS 1600

/* The seq of a request of kind for (table, family). */
uint32_t sv_dumpfile_seq(enum sv_dump_kind kind, enum sv_table table, int family);

/* Decode a seq: true and the kind, table and family for a tagged seq;
 * false for a foreign one (then a TCP rows part, as ss assumes). */
bool sv_dumpfile_seq_parse(uint32_t seq, enum sv_dump_kind *kind,
			   enum sv_table *table, int *family);

#endif
