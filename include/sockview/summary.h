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
};

/* Parse the text of /proc/net/sockstat, sockstat6 or snmp into *s (fields
 * not present are left as they are). Returns 0, or -EINVAL with a message
 * naming the line when the text is not of that kind. */
int sv_summary_parse_sockstat(const char *text, size_t len, struct sv_summary *s,
			      char *err, size_t errlen);
int sv_summary_parse_snmp(const char *text, size_t len, struct sv_summary *s,
			  char *err, size_t errlen);

/* Read all three from procroot ("/proc"). Returns 0 or a negative errno
 * with a message in err. */
int sv_summary_read(const char *procroot, struct sv_summary *s, char *err,
		    size_t errlen);

/* Print as ss -s does. Returns 0, -EPIPE or -EIO. */
int sv_summary_print(FILE *out, const struct sv_summary *s);

#endif
