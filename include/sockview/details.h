/* details.h - the socket details ss shows after a row (-o -e -m -i --tos
 * --cgroup --inet-sockopt): which ones a listing asks for. The options set
 * these bits (struct sv_opts.details); each table's request builder turns
 * them into what its kernel dump must carry, the formatters into text
 * (format_details.h) and the field registry into JSON members (fields.h:
 * the same bits say what a field needs collected). */
#ifndef SOCKVIEW_DETAILS_H
#define SOCKVIEW_DETAILS_H

#include <stdbool.h>
#include <stdint.h>

/* Bits of struct sv_opts.details (bit 0 is the process map's, in fields.h). */
enum {
	SV_DETAIL_TIMER = 1u << 1,   /* -o: timer:(name,expires,retrans) */
	SV_DETAIL_EXT = 1u << 2,     /* -e: uid, ino, sk, cgroup, v6only, shutdown */
	SV_DETAIL_MEM = 1u << 3,     /* -m: skmem:(...) */
	SV_DETAIL_INFO = 1u << 4,    /* -i: tcp_info, congestion control */
	SV_DETAIL_TOS = 1u << 5,     /* --tos: tos, tclass, class_id */
	SV_DETAIL_CGROUP = 1u << 6,  /* --cgroup: the cgroup's path */
	SV_DETAIL_SOCKOPT = 1u << 7, /* --inet-sockopt */
	SV_DETAIL_CONTAINER = 1u << 9, /* --container: what the cgroup names
					  (bit 8 is the resolver's, fields.h) */
};

#define SV_DETAILS_ALL                                                         \
	(SV_DETAIL_TIMER | SV_DETAIL_EXT | SV_DETAIL_MEM | SV_DETAIL_INFO |    \
	 SV_DETAIL_TOS | SV_DETAIL_CGROUP | SV_DETAIL_SOCKOPT | SV_DETAIL_CONTAINER)

struct sv_sock;
struct sv_textbuf;
struct sv_cgpath;

/* How the details are written. */
struct sv_details_opts {
	uint32_t details;          /* SV_DETAIL_* */
	bool oneline;              /* -O: no line breaks inside a socket's text */
	bool numeric;              /* -n: rates as plain numbers of bits/s */
	bool fixed_timer;          /* ss 7.x's timer text ("1.500sec"), not
				      ss 6.1's ("1.500ms" for 1.5 s) */
	struct sv_cgpath *cgroups; /* cgroup ids to paths (-e, --cgroup) */
};

/* A table's details printer: s's details in ss's text, appended to b: " "
 * before each item, "\n\t" before the lines ss starts (none with oneline).
 * Returns 0 or -ENOMEM. */
typedef int sv_details_fn(struct sv_textbuf *b, const struct sv_details_opts *o,
			  const struct sv_sock *s);

#endif
