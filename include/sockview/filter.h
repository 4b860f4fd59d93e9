/* filter.h - ss-style filter expressions: parse, match in user space, and
 * compile to inet_diag bytecode for the kernel. */
#ifndef SOCKVIEW_FILTER_H
#define SOCKVIEW_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/sock.h"

struct sv_filter; /* opaque expression tree */

/* Parse the filter words that follow the options on the command line (as
 * ss does: words may carry attached parentheses, "(dport", "22)").
 * On success returns 0 and sets *out (NULL when there are no words).
 * On a syntax error returns -EINVAL and writes into err a message that names
 * the offending word and its position, e.g.
 * "expected a port after 'dport =' at word 3". */
int sv_filter_parse_argv(int argc, char *const argv[], struct sv_filter **out,
			 char *err, size_t errlen);

/* Same for the text of a filter file (-F): '#' starts a comment to the end of
 * the line; newlines are white space. */
int sv_filter_parse_text(const char *text, struct sv_filter **out, char *err,
			 size_t errlen);

/* Does the socket match? s must be enriched (role, class, service) when the
 * expression uses sockview's own keywords (see sv_filter_needs_enrich). */
bool sv_filter_match(const struct sv_filter *f, const struct sv_sock *s);

/* True if the expression uses class/service/role. */
bool sv_filter_needs_enrich(const struct sv_filter *f);

/* Compile to INET_DIAG_REQ_BYTECODE for the given table. Writes at most
 * *len bytes to buf and sets *len to the program length. Returns 0,
 * -EOPNOTSUPP if some node cannot run in the kernel (the caller then filters
 * in user space only), or -ENOSPC if buf is too small. */
int sv_filter_bytecode(const struct sv_filter *f, enum sv_table table,
		       void *buf, size_t *len);

/* Free a filter (NULL is fine). */
void sv_filter_free(struct sv_filter *f);

#endif
