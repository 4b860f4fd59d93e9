/* filter.h - ss-style filter expressions: parse, match in user space, and
 * compile to inet_diag bytecode for the kernel.
 *
 * Language (ss(8) syntax plus sockview's own keywords):
 *   dport|sport [OP] PORT   OP: = == eq != ne > gt < lt >= ge <= le;
 *                           PORT: 22 :22 ssh :ssh * :*
 *   dst|src [= == eq != ne] HOST
 *                           HOST: 10.0.0.0/8  10.0.0.1:22  [::1]:22
 *                           [fe80::]/10  fe80::1  *  *:443  host.name[:PORT]
 *   dev [= == eq != ne] NAME|INDEX        fwmark [=|!=] VALUE[/MASK]
 *   cgroup [=|!=] PATH (relative to the cgroup2 mount)       autobound
 *   class well-known|registered|dynamic|ephemeral   (user space only)
 *   service NAME   role listen|in|out               (user space only)
 *   ! not, and & &&, or | ||, adjacent conditions are and-ed, ( ).
 * Precedence is not > and > or. Port names are looked up in the services
 * table for each table's protocol, falling back to the other protocol.
 *
 * Three-valued matching and the kernel-only keyword. The kernel decides
 * some conditions from data user space never sees: `autobound` (the
 * kernel's SOCK_BINDPORT_LOCK), and `fwmark`/`cgroup` for records without
 * has_mark/has_cgroup (no CAP_NET_ADMIN, TIME-WAIT sockets). For those
 * the user-space matcher knows "unknown", and evaluates the expression in
 * Kleene's three-valued logic (false and unknown = false, true or unknown
 * = true, not unknown = unknown). Treating `autobound` as "true" would be
 * wrong under negation (`not autobound`), so it is never done. An unknown
 * result is resolved by the caller's knowledge:
 *   - sv_filter_match() and sv_filter_match_with(kernel_applied = false):
 *     unknown -> no match (only what user space can prove is shown);
 *   - sv_filter_match_with(kernel_applied = true), for records the kernel
 *     returned after running the exact program of sv_filter_bytecode()
 *     (return 0): the kernel evaluated the same expression exactly and
 *     accepted the socket, so unknown -> match.
 * Hence `autobound` works when the kernel runs the bytecode and matches
 * nothing in user space (proc fallback, recorded dumps): callers should test
 * sv_filter_needs_kernel() and tell the user. Because class/service/role
 * can only be decided in user space, an expression that mixes them with
 * `autobound` could never be decided by anyone: the parser rejects it. */
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
 * the line; newlines are white space. Positions in messages are word numbers
 * followed by the line, e.g. "unexpected ')' at word 5 (line 2)". */
int sv_filter_parse_text(const char *text, struct sv_filter **out, char *err,
			 size_t errlen);

/* An address a host name resolves to (network byte order; IPv4 in the
 * first 4 bytes). */
struct sv_filter_addr {
	uint8_t family; /* AF_INET or AF_INET6 */
	uint8_t addr[16];
};

/* Host-name resolver: store up to max addresses of name in addrs and
 * return how many there are (more than max is an error to the parser);
 * 0 or a negative value if it cannot be resolved, with *why set to a
 * static reason or NULL. */
typedef int sv_filter_resolve_fn(void *ctx, const char *name,
				 struct sv_filter_addr *addrs, size_t max,
				 const char **why);

/* Where the parser reaches outside itself. Zero-initialise; every field
 * has a default. */
struct sv_filter_parse_opts {
	const char *cgroup_root;       /* cgroup2 mount; NULL: /sys/fs/cgroup */
	uint16_t eph_lo, eph_hi;       /* ip_local_port_range for `autobound`;
					  0, 0: Linux's default 32768-60999 */
	sv_filter_resolve_fn *resolve; /* NULL: getaddrinfo(3) */
	void *resolve_ctx;
};

/* sv_filter_parse_argv / sv_filter_parse_text with options (opts may be
 * NULL). Tests and fuzzers use them to avoid DNS and the real cgroup tree. */
int sv_filter_parse_argv_with(int argc, char *const argv[],
			      const struct sv_filter_parse_opts *opts,
			      struct sv_filter **out, char *err, size_t errlen);
int sv_filter_parse_text_with(const char *text,
			      const struct sv_filter_parse_opts *opts,
			      struct sv_filter **out, char *err, size_t errlen);

/* Does the socket match? s must be enriched (role, class, service) when the
 * expression uses sockview's own keywords (see sv_filter_needs_enrich). */
bool sv_filter_match(const struct sv_filter *f, const struct sv_sock *s);

/* True if the expression uses class/service/role. */
bool sv_filter_needs_enrich(const struct sv_filter *f);

/* How sv_filter_match_with resolves conditions user space cannot decide
 * (see the top of this file). Zero-initialise. */
struct sv_filter_match_opts {
	/* The kernel ran this filter's exact sv_filter_bytecode() program and
	 * returned the socket. Never set it after sv_filter_prefilter(). */
	bool kernel_applied;
};

/* sv_filter_match with options; opts NULL is all defaults, and
 * sv_filter_match(f, s) is sv_filter_match_with(f, s, NULL). A NULL f
 * matches everything. */
bool sv_filter_match_with(const struct sv_filter *f, const struct sv_sock *s,
			  const struct sv_filter_match_opts *opts);

/* True if the expression uses `autobound`, which only the kernel's bytecode
 * can decide: in user space alone it matches nothing. */
bool sv_filter_needs_kernel(const struct sv_filter *f);

/* Compile to INET_DIAG_REQ_BYTECODE for the given table. Writes at most
 * *len bytes to buf and sets *len to the program length. Returns 0,
 * -EOPNOTSUPP if some node cannot run in the kernel (the caller then filters
 * in user space only), or -ENOSPC if buf is too small (*len is then set to
 * the size needed).
 * Also: -E2BIG if the program would exceed SV_FILTER_BYTECODE_MAX (the
 * kernel's attribute and jump-offset limits; filter in user space instead),
 * -ENOMEM, -EINVAL for a NULL f or len.
 * The program accepts exactly the sockets the expression matches (an
 * expression that is always true gives a one-op NOP program). It contains
 * INET_DIAG_BC_MARK_COND when the expression uses fwmark: the kernel then
 * wants CAP_NET_ADMIN and answers EPERM otherwise. */
int sv_filter_bytecode(const struct sv_filter *f, enum sv_table table,
		       void *buf, size_t *len);

/* Largest program the kernel can take: the payload of a netlink attribute
 * (u16 length, 4-byte header) rounded down to the 4-byte op size. With it
 * every "no" offset fits the op's u16 field; "yes" offsets are always the
 * length of the op itself (at most 28 bytes), so they fit its u8. */
#define SV_FILTER_BYTECODE_MAX 65528u

/* Like sv_filter_bytecode, but for an expression that also uses
 * class/service/role, compile a necessary precondition instead of failing:
 * each user-space-only condition is replaced by "true" where it occurs under
 * an even number of negations and by "false" under an odd number. The
 * expression is monotone in each occurrence, so it can only grow: every
 * socket the expression matches passes the program (the kernel drops only
 * sockets that cannot match). The caller must still run the expression on
 * every record, with kernel_applied = false. For an expression without such
 * conditions the program is the exact one. Same returns, minus -EOPNOTSUPP.
 */
int sv_filter_prefilter(const struct sv_filter *f, enum sv_table table,
			void *buf, size_t *len);

/* Free a filter (NULL is fine). */
void sv_filter_free(struct sv_filter *f);

#endif
