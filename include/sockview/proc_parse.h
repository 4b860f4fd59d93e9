/* proc_parse.h - pure parser: the text of a /proc/net socket file (tcp,
 * udp, raw, unix, packet, netlink...) into struct sv_sock records, line by
 * line, through the table's line parser. No I/O: the /proc source
 * (proc_source.c) reads the files, tests and fuzzers feed buffers. */
#ifndef SOCKVIEW_PROC_PARSE_H
#define SOCKVIEW_PROC_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sockview/diag_parse.h"
#include "sockview/sock.h"

/* The longest line a /proc/net file holds, with room to spare (the kernel
 * writes at most ~180 bytes a socket; a unix path adds up to 108 bytes
 * escaped to 4 each): a longer one is malformed and skipped. */
#define SV_PROC_LINE_MAX 1024

/* What the line parsers need besides the line. */
struct sv_proc_opts {
	unsigned int hz; /* USER_HZ, the files' clock ticks a second
			    (sysconf(_SC_CLK_TCK)); 0 reads as 100 */
};

/* A table's line parser: one line of a file of family (without its newline;
 * not terminated) into *s, which the walk zeroed and set the table of.
 * Returns 0, or -EBADMSG with what is wrong in err (the walk adds the file
 * and line; parts of the line quoted there are escaped). Pure. */
typedef int sv_proc_line_fn(const char *line, size_t len, int family,
			    const struct sv_proc_opts *o, struct sv_sock *s,
			    char *err, size_t errlen);

/* One file of a table: the family of its sockets, its path under the
 * /proc root and the variable that names it instead, as ss has them. */
struct sv_proc_file {
	int family;       /* AF_INET, AF_INET6, AF_UNIX...; 0: no file */
	const char *path; /* "net/tcp" */
	const char *env;  /* "PROC_NET_TCP" */
};

/* How a table reads from /proc/net (a member of its descriptor, tables.h). */
struct sv_proc_table {
	sv_proc_line_fn *parse;   /* NULL: no /proc/net file */
	const char *header;       /* first word of the files' header line */
	struct sv_proc_file files[2];
	bool serving_first;       /* the kernel lists every serving socket
				     before any other (TCP: its listening hash,
				     then its established one), so a look for
				     listeners stops at the first other line */
	bool sorted;              /* ss sorts the file's sockets by type and
				     inode (/proc/net/unix): proc_sorted.h */
	bool quiet;               /* a kernel without its sock_diag module is
				     common (raw_diag): reading the files
				     instead goes unsaid, as in ss */
};

/* The walk over one file, fed in chunks. Set the first group, then call
 * sv_proc_parse_init. */
struct sv_proc_walk {
	sv_proc_line_fn *parse;
	const char *header;   /* NULL: the header line is not checked */
	enum sv_table table;
	int family;
	struct sv_proc_opts opts;
	uint32_t states;      /* only sockets in these states go to cb */
	bool stop_outside;    /* stop at the first socket outside states */
	sv_diag_cb cb;
	void *data;

	size_t line;          /* lines seen (the header is line 1) */
	size_t rows;          /* sockets parsed (delivered or not) */
	size_t bad;           /* malformed lines skipped */
	size_t bad_line;      /* the first one's number */
	char bad_msg[160];    /* what was wrong with it */
	bool fatal;           /* the header is wrong: this is no such file */
	bool done;            /* stop_outside stopped the walk */
	bool skipping;        /* inside an overlong line */
};

/* Reset w's counters (the first group stays). */
void sv_proc_parse_init(struct sv_proc_walk *w);

/* Parse the complete lines at the start of buf. Returns the bytes consumed:
 * the rest is the start of a line the caller keeps and feeds again with
 * what follows (never more than SV_PROC_LINE_MAX bytes: a longer line is
 * consumed as malformed). A malformed line is counted and skipped. Returns
 * what cb returned, when it stopped the walk; -EBADMSG when the header is
 * not the table's (w->fatal, w->bad_msg). After w->done, stop feeding. */
ssize_t sv_proc_parse_feed(struct sv_proc_walk *w, const char *buf, size_t len);

/* The end of the file, with rest bytes of a last line that has no newline
 * (0 when the file ended with one). Returns 0 for a whole file with only
 * well-formed lines; else -EBADMSG, and err says which file (name, already
 * safe to print) and line, and how many lines were skipped. */
int sv_proc_parse_end(struct sv_proc_walk *w, size_t rest, const char *name,
		      char *err, size_t errlen);

/* One column of a line: where it starts and its length. */
struct sv_proc_col {
	const char *p;
	size_t n;
};

/* Split line at runs of spaces and tabs into at most max columns. Returns
 * how many columns the line has (it may be more than max). */
size_t sv_proc_parse_cols(const char *line, size_t len, struct sv_proc_col *cols,
			  size_t max);

/* 1 to maxdigits hexadecimal digits (either case), nothing else, into *v. */
bool sv_proc_parse_hex(const char *p, size_t n, size_t maxdigits, uint64_t *v);

/* Decimal digits, nothing else, at most max, into *v. */
bool sv_proc_parse_dec(const char *p, size_t n, uint64_t max, uint64_t *v);

/* An optional '-' and decimal digits, within [INT32_MIN, INT32_MAX]. */
bool sv_proc_parse_int(const char *p, size_t n, int32_t *v);

/* "what 'column'" into err, the column escaped and cut to 40 bytes; returns
 * -EBADMSG. */
int sv_proc_parse_bad(char *err, size_t errlen, const char *what,
		      const struct sv_proc_col *c);

#endif
