/* proc_source.h - the /proc/net fallback as a source of records: each dump
 * request is answered from its table's /proc/net file (tables.h), read in
 * chunks through the pure walk of proc_parse.h. */
#ifndef SOCKVIEW_PROC_SOURCE_H
#define SOCKVIEW_PROC_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "sockview/collect.h"

struct sv_proc_source; /* opaque */

/* A variable lookup (getenv's, or a test's; ctx is its own): the value, or
 * NULL when unset. */
typedef const char *sv_proc_env_fn(void *ctx, const char *name);

/* A source reading the files under root ("/proc", or ss's PROC_ROOT), each
 * file replaced by the value of its variable (ss's PROC_NET_TCP...) when
 * env (may be NULL; called with envctx) has it set; hz is USER_HZ
 * (sysconf(_SC_CLK_TCK)). Returns 0 and *out, or -ENOMEM. */
int sv_proc_source_new(const char *root, sv_proc_env_fn *env, void *envctx,
		       unsigned int hz, struct sv_proc_source **out);

/* Free (NULL is fine). */
void sv_proc_source_free(struct sv_proc_source *p);

/* The source for sv_collect_dump (kernel = false). It answers a request for
 * listeners or rows of a (table, family) with the sockets of the family's
 * file in the request's states, in the file's order. A table without a file
 * for the family has no such sockets (0); a missing IPv6 file too (a kernel
 * without IPv6; ss skips it as well). Errors (-errno; err names the file):
 * a file that cannot be opened or read; -EBADMSG: malformed lines, skipped
 * after the others were delivered, or a file that is no such table's;
 * -EOPNOTSUPP: a table without /proc/net files, or a request for the
 * autobound connections (only sock_diag's bytecode knows the bind flag). */
struct sv_source sv_proc_source(struct sv_proc_source *p);

/* The path of table's file for family into buf (the variable's value, else
 * ROOT/path), made for reading, not printing. Returns 0, -ENOENT when the
 * table has no file for family, -ENAMETOOLONG. */
int sv_proc_source_path(const struct sv_proc_source *p, enum sv_table t, int family,
			char *buf, size_t len);

/* The tables ss would read from /proc rather than over netlink because of
 * its variables: every table with files when PROC_ROOT is set, else those
 * with a file variable set (PROC_NET_TCP, PROC_NET_TCP6, ...); a table
 * whose rows are in another's dump goes with it (PROC_NET_UNIX: u_str,
 * u_dgr and u_seq). env may be NULL (none). Bits of enum sv_table. */
uint32_t sv_proc_source_env_tables(sv_proc_env_fn *env, void *envctx);

#endif
