/* filter.h - ss-style filter expressions: parse, match in user space, and
 * compile to inet_diag bytecode for the kernel.
 *
 * Language (ss(8) syntax plus sockview's own keywords):
 *   dport|sport [OP] PORT   OP: = == eq != ne neq > gt < lt >= ge geq
 *                           <= le leq; PORT: 22 :22 ssh :ssh * :*
 *   dst|src [= == eq != ne neq] HOST
 *                           HOST: 10.0.0.0/8  10.0.0.1:22  [::1]:22
 *                           [fe80::]/10  fe80::1  *  *:443  host.name[:PORT]
 *                           with an optional family prefix (inet: inet6:)
 *                           and %DEV after the address, as addresses are
 *                           printed: 127.0.0.53%lo:53  [fe80::1]%eth0:22
 *   dst|src [= == eq != ne neq] unix:PATTERN
 *                           a unix socket's name as ss prints it ("@" and
 *                           '@' for NULs for an abstract name, "" when it
 *                           has none; the peer's is always ""), matched
 *                           as ss does with fnmatch(3), case folded; a
 *                           word starting with '/' or '@' needs no
 *                           "unix:", nor any word with parse option
 *                           unix_words. Never true of other sockets.
 *   dev [= == eq != ne neq] NAME|INDEX   fwmark [=|!=] VALUE[/MASK]
 *   cgroup [=|!=] PATH (relative to the cgroup2 mount)       autobound
 *   class well-known|registered|dynamic|ephemeral   (user space only)
 *         or, of unix sockets, path|abstract|autobound|unnamed
 *   service NAME   role listen|in|out|unknown       (user space only)
 *   ! not, and & &&, or | ||, adjacent conditions are and-ed, ( ).
 * Keywords and operator words are lower-case only, as in ss; values are
 * read in any case (class Ephemeral, role OUT, service HTTPS, :SSH) except
 * what has a case of its own (device names, cgroup paths, and port names
 * of the system database, which the C library compares exactly).
 * Precedence is not > and > or (ss reads and/or left to right: see
 * sv_filter_note). A port name is what the system services database
 * (parse option `services`, /etc/services as ss reads it) gives for each
 * table's protocol, else the other protocol's; a name it does not know is
 * looked up in IANA's table the same way (a name IANA gives several ports
 * matches any of them with `=`). `service NAME` names IANA's services, as
 * the Service column shows them. A family prefix requires the socket's
 * family (ss also narrows the whole listing to it); %DEV requires the
 * socket to be bound to DEV (like an added `dev DEV`).
 *
 * On unix sockets, as ss: sport/dport and a host's port compare the
 * inode and the peer's inode (the Port columns); a host address of
 * inet/inet6 never matches; dev, fwmark and cgroup see no device, mark 0
 * and no cgroup (unix_diag sends none); `autobound` is a socket without a
 * name or with a name the kernel chose ("@" and five hex digits), decided
 * in user space; `service` never matches (they have no service).
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
 *   - sv_filter_decide() says SV_FILTER_UNDECIDED and why, so that a
 *     listing can count such rows instead of dropping them silently;
 *   - sv_filter_match() and sv_filter_match_with(kernel_applied = false):
 *     unknown -> no match (only what user space can prove is shown);
 *   - with kernel_applied = true, for records the kernel
 *     returned after running the exact program of sv_filter_bytecode()
 *     (return 0): the kernel evaluated the same expression exactly and
 *     accepted the socket, so unknown -> match.
 * Hence `autobound` works when the kernel runs the bytecode and matches
 * nothing in user space (proc fallback, recorded dumps): callers should test
 * sv_filter_needs_kernel() and tell the user. Because class/service/role
 * can only be decided in user space, an expression that mixes them with
 * `autobound` could never be decided by anyone: the parser rejects it.
 *
 * Messages. Parse errors and the note echo the user's words escaped with
 * sv_escape_text (escape.h): they are safe to print on a terminal. */
#ifndef SOCKVIEW_FILTER_H
#define SOCKVIEW_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/sock.h"

struct sv_filter; /* opaque expression tree */
struct sv_sysservices;

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
	/* The system services database (sysservices.h) for port names, as
	 * ss has them; NULL: IANA's table only. Only read while parsing. */
	const struct sv_sysservices *services;
	/* ss's preferred family (the last of -0, -f, -4, -6...; AF_UNSPEC:
	 * none): after -0 or -f link (AF_PACKET), -f netlink (AF_NETLINK),
	 * src/dst/sport/dport words without a family prefix are of that
	 * family's form, as in ss. */
	int family;
	/* The listing is of unix sockets only (-x): every src/dst word is a
	 * unix name pattern, as ss reads it after -x. */
	bool unix_words;
};

/* sv_filter_parse_argv / sv_filter_parse_text with options (opts may be
 * NULL). Tests and fuzzers use them to avoid DNS and the real cgroup tree. */
int sv_filter_parse_argv_with(int argc, char *const argv[],
			      const struct sv_filter_parse_opts *opts,
			      struct sv_filter **out, char *err, size_t errlen);
int sv_filter_parse_text_with(const char *text,
			      const struct sv_filter_parse_opts *opts,
			      struct sv_filter **out, char *err, size_t errlen);

/* sv_filter_parse_text_with over text[0..len), which need not end with a
 * NUL: the contents of a -F file. A NUL byte in it is an error that names
 * its offset from the start (counting from 0) and its line, "NUL byte at
 * byte 17 (line 2)", not a silent end of the text. */
int sv_filter_parse_buf_with(const char *text, size_t len,
			     const struct sv_filter_parse_opts *opts,
			     struct sv_filter **out, char *err, size_t errlen);

/* A one-line note about the parsed expression, or NULL when there is none
 * (and for a NULL f). Today: where one nesting level mixes `and` (explicit
 * or implicit) after `or` without parentheses, which sockview (not > and >
 * or) and ss (left to right) read differently, the note gives both
 * readings, fully parenthesised from the user's words (escaped), e.g.
 * "'a or b and c' mixes and/or: sockview reads it as 'a or (b and c)', ss
 * left to right as '(a or b) and c'; add parentheses to choose". With
 * several such levels it names the one that starts first. The string
 * lives as long as f. */
const char *sv_filter_note(const struct sv_filter *f);

/* Does the socket match? s must be enriched (role, class, service) when the
 * expression uses sockview's own keywords (see sv_filter_needs_enrich). */
bool sv_filter_match(const struct sv_filter *f, const struct sv_sock *s);

/* True if the expression uses class/service/role. */
bool sv_filter_needs_enrich(const struct sv_filter *f);

/* Does the expression ask who holds a socket (pid, comm)? Then the listing
 * must map processes, -p or not. */
bool sv_filter_needs_procs(const struct sv_filter *f);

/* Does the expression ask what a socket's cgroup names (container, unit)?
 * Then the listing reads it (sv_sock.ct). */
bool sv_filter_needs_containers(const struct sv_filter *f);

/* How sv_filter_match_with resolves conditions user space cannot decide
 * (see the top of this file). Zero-initialise. */
struct sv_filter_match_opts {
	/* The kernel ran this filter's exact sv_filter_bytecode() program and
	 * returned the socket. Never set it after sv_filter_prefilter(). */
	bool kernel_applied;
};

/* sv_filter_match with options; opts NULL is all defaults, and
 * sv_filter_match(f, s) is sv_filter_match_with(f, s, NULL). A NULL f
 * matches everything. sv_filter_decide() == SV_FILTER_YES. */
bool sv_filter_match_with(const struct sv_filter *f, const struct sv_sock *s,
			  const struct sv_filter_match_opts *opts);

/* The answer of sv_filter_decide. */
enum sv_filter_verdict { SV_FILTER_NO = 0, SV_FILTER_YES, SV_FILTER_UNDECIDED };

/* Kinds of missing data that left a row undecided (bits of *why). */
#define SV_FILTER_WHY_MARK   (1u << 0) /* fwmark, but no mark was sent (no
					  CAP_NET_ADMIN, or a TIME-WAIT socket) */
#define SV_FILTER_WHY_CGROUP (1u << 1) /* cgroup, but no cgroup id was sent */
#define SV_FILTER_WHY_KERNEL (1u << 2) /* autobound: only the kernel's
					  bytecode decides it */

/* Does the socket match, in three values: YES, NO, or UNDECIDED when the
 * answer depends on data user space does not have (see the top of this
 * file). With opts->kernel_applied the kernel's acceptance resolves an
 * unknown to YES. *why (why may be NULL) is set to 0, or for UNDECIDED
 * to a bit per kind of missing data the answer depends on. A NULL f is
 * YES. */
enum sv_filter_verdict sv_filter_decide(const struct sv_filter *f,
					const struct sv_sock *s,
					const struct sv_filter_match_opts *opts,
					unsigned int *why);

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

/* The program "a and b" from two programs sv_filter_bytecode() or
 * sv_filter_prefilter() made: a's rejections become rejections of the
 * whole, falling off a's end goes on into b. Writes at most *outlen bytes
 * to out and sets *outlen. Returns 0; -ENOSPC (out too small), -E2BIG
 * (beyond SV_FILTER_BYTECODE_MAX or a jump's range), -EINVAL (a is not such
 * a program). */
int sv_filter_bytecode_and(const void *a, size_t alen, const void *b, size_t blen,
			   void *out, size_t *outlen);

/* Free a filter (NULL is fine). */
void sv_filter_free(struct sv_filter *f);

#endif
