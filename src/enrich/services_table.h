/* services_table.h - private layout of the generated IANA services table. */
#ifndef SOCKVIEW_SERVICES_TABLE_H
#define SOCKVIEW_SERVICES_TABLE_H

#include <stdint.h>

#include "sockview/sock.h"

/*
 * Layout, and why. All of it is const data in .rodata, written by
 * tools/gen_services.py into services_table.c. It holds integers and
 * offsets, no pointers, so it needs no relocations, and every process
 * using it shares the same pages.
 *
 * Port -> name is on the hot path (once per printed row, maybe a million
 * rows). It is O(1) and never allocates: a rank/select bitmap.
 *   - bits[t][port / 64] has bit (port % 64) set if the port has a name
 *     for protocol t (65,536 bits = 8 KiB per protocol).
 *   - rank[t][port / 64] is the number of named (table, port) pairs that
 *     come before that 64-bit word. It counts across protocols too, so
 *     both protocols index one dense array.
 *   - port_name[rank + popcount(word & below)] is the port's name id.
 * A lookup reads three arrays: one word, one rank, one id.
 * The other options considered:
 *   - A direct uint16_t index per port: one read instead of three, but
 *     256 KiB of .rodata for about 11,500 names.
 *   - Sorted port arrays with binary search: about the same size as this
 *     layout, but O(log n), around 13 branches that are hard to predict.
 * This layout takes about 43 KiB on the port side (2025 registry:
 * 11,508 named (protocol, port) pairs). A lookup costs 3-6 ns, next to
 * roughly 900 ns per socket for the kernel's dump. The name side is about
 * 109 KiB: 49 KiB of names[] and 60 KiB of strings. Names are shared
 * between tcp and udp.
 *
 * Name -> port (filters such as "dport = :http") is O(log n). The names
 * are in the pool in byte order of their lower-case form. names[] lists
 * them in that order, each with its pool offset and its port for each
 * protocol. Aliases are in names[] too, so one binary search covers primary
 * names and aliases. Port 0 never has a name, so port[t] == 0 means "no
 * such name for protocol t". The generator checks that.
 */

/* Ports per bitmap word, and words per protocol. */
#define SV_SERVICES_TABLE_WORD_BITS 64
#define SV_SERVICES_TABLE_WORDS (65536 / SV_SERVICES_TABLE_WORD_BITS)

/* One service name: where it is in the pool and its port for each
 * protocol (0: not registered for that protocol). 8 bytes, no padding. */
struct sv_services_table_name {
	uint32_t offset;
	uint16_t port[SV_PROTO_MAX];
};

/* Port side: presence bitmap, cumulative ranks, dense name ids. */
extern const uint64_t sv_services_table_bits[SV_PROTO_MAX][SV_SERVICES_TABLE_WORDS];
extern const uint16_t sv_services_table_rank[SV_PROTO_MAX][SV_SERVICES_TABLE_WORDS];
extern const uint16_t sv_services_table_port_name[];

/* Name side: sv_services_table_name_count entries sorted by name. */
extern const struct sv_services_table_name sv_services_table_names[];
extern const uint32_t sv_services_table_name_count;

/* The names, lower-case ASCII, each ended by a NUL. */
extern const char sv_services_table_pool[];

#endif
