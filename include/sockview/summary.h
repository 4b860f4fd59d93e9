/* summary.h - -s: socket totals, as ss -s prints them, from
 * /proc/net/sockstat and /proc/net/sockstat6 (no dump needed). */
#ifndef SOCKVIEW_SUMMARY_H
#define SOCKVIEW_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

/* The counters ss -s shows. */
struct sv_summary {
	long sockets_used;                     /* "sockets: used" */
	long tcp_inuse, tcp_orphan, tcp_tw, tcp_alloc, tcp_mem;
	long udp_inuse, raw_inuse, frag_inuse; /* IPv4 */
	long tcp6_inuse, udp6_inuse, raw6_inuse, frag6_inuse;
	long tcp_estab;                        /* CurrEstab from /proc/net/snmp */
	unsigned int found;                    /* SV_SUMMARY_HAVE_* of the fields
						  the parsers have set */
};

/* One bit of sv_summary.found per counter, set by the parser that read it. */
enum {
	SV_SUMMARY_HAVE_SOCKETS_USED = 1u << 0,
	SV_SUMMARY_HAVE_TCP_INUSE = 1u << 1,
	SV_SUMMARY_HAVE_TCP_ORPHAN = 1u << 2,
	SV_SUMMARY_HAVE_TCP_TW = 1u << 3,
	SV_SUMMARY_HAVE_TCP_ALLOC = 1u << 4,
	SV_SUMMARY_HAVE_TCP_MEM = 1u << 5,
	SV_SUMMARY_HAVE_UDP_INUSE = 1u << 6,
	SV_SUMMARY_HAVE_RAW_INUSE = 1u << 7,
	SV_SUMMARY_HAVE_FRAG_INUSE = 1u << 8,
	SV_SUMMARY_HAVE_TCP6_INUSE = 1u << 9,
	SV_SUMMARY_HAVE_UDP6_INUSE = 1u << 10,
	SV_SUMMARY_HAVE_RAW6_INUSE = 1u << 11,
	SV_SUMMARY_HAVE_FRAG6_INUSE = 1u << 12,
	SV_SUMMARY_HAVE_TCP_ESTAB = 1u << 13,
};

/* Parse the text of /proc/net/sockstat, sockstat6 or snmp into *s (fields
 * not present are left as they are). Returns 0, or -EINVAL with a message
 * naming the line when the text is not of that kind.
 * Exactly len bytes are read (no '\n' or NUL needed at the end). Every line
 * is "KEY: name value ..." (sockstat: the pairs on one line; snmp: a line of
 * names, then a line of values with the same key); values are decimal
 * longs. Unknown keys and names are skipped; each counter found sets its
 * SV_SUMMARY_HAVE_* bit in s->found. On error *s is unchanged and err holds
 * "line N: ..." (or "empty input"); err may be NULL with errlen 0. */
int sv_summary_parse_sockstat(const char *text, size_t len, struct sv_summary *s,
			      char *err, size_t errlen);
int sv_summary_parse_snmp(const char *text, size_t len, struct sv_summary *s,
			  char *err, size_t errlen);

/* Read all three from procroot ("/proc"). Returns 0 or a negative errno
 * with a message in err.
 * The message names the file. A missing sockstat6 (IPv6 disabled) is no
 * error: the IPv6 counts are 0, as ss -s shows them. Errors: the -errno of
 * the read (-ENOENT, -EACCES, -EISDIR, -ENAMETOOLONG...), -EINVAL for text
 * of the wrong kind, -ENODATA when a counter ss -s prints is absent. *s is
 * set only on success. */
int sv_summary_read(const char *procroot, struct sv_summary *s, char *err,
		    size_t errlen);

/* What ss -s prints, derived from the counters with iproute2's arithmetic
 * (misc/ss.c print_summary; wrapping, never undefined, on absurd input). */
struct sv_summary_ss {
	long total;                                  /* "Total:" */
	long tcp_total, tcp_estab, tcp_closed, tcp_orphaned, tcp_timewait;
	long transport[5][3]; /* rows RAW, UDP, TCP, INET, FRAG; columns
				 Total, IP, IPv6 */
};

/* The rows of sv_summary_ss.transport, in ss's order and words. */
enum { SV_SUMMARY_RAW, SV_SUMMARY_UDP, SV_SUMMARY_TCP, SV_SUMMARY_INET, SV_SUMMARY_FRAG };

/* Fill *d from *s. */
void sv_summary_derive(const struct sv_summary *s, struct sv_summary_ss *d);

/* Print as ss -s does. Returns 0, -EPIPE or -EIO.
 * Byte for byte what iproute2 6.1 prints for the same counters; out is
 * flushed, so write errors show here. */
int sv_summary_print(FILE *out, const struct sv_summary *s);

struct sv_sockstats;

/* How many of the busiest local ports -s shows. */
#define SV_SUMMARY_BUSIEST 5

/* sockview's own totals, after ss's text (summary_own.c): sockets and
 * listeners of TCP and UDP per port class, the busiest local ports, the
 * ephemeral range's use and its fullest destination, from st (made by a
 * listing of the TCP and UDP tables with by_port set for both). Returns 0,
 * -EPIPE or -EIO (out is flushed). */
int sv_summary_print_own(FILE *out, const struct sv_sockstats *st);

/* -s -j: one JSON object, {"ss":{...},"sockview":{...}} and a newline, in
 * the schema of doc/json-schema.md ("Summary"); no "sockview" member when
 * own is NULL (--ss). Returns 0, -EPIPE or -EIO (out is flushed). */
int sv_summary_print_json(FILE *out, const struct sv_summary *s,
			  const struct sv_sockstats *own);

#endif
