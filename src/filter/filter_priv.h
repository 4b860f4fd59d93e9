/* filter_priv.h - the filter's tokens and expression tree, shared by the
 * lexer, parser, matcher and bytecode compiler. Not installed. */
#ifndef SOCKVIEW_FILTER_PRIV_H
#define SOCKVIEW_FILTER_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/fields.h"
#include "sockview/filter.h"
#include "sockview/sock.h"

/* Deepest parenthesis nesting the parser accepts. The tree's depth, and so
 * the recursion of the matcher and the compiler, is bounded by a small
 * multiple of it: and/or chains are n-ary nodes and "not not" folds. */
#define SV_FILTER_MAX_DEPTH 256

/* Most addresses a host name may resolve to. */
#define SV_FILTER_MAX_ADDRS 64

/* ---- tokens (filter_lex.c) ---- */

/* Operators may be spelled as symbols or words; tok.text keeps the
 * spelling for messages. Every other word is SV_TOK_WORD. */
enum sv_ftok_kind {
	SV_TOK_WORD = 0,
	SV_TOK_LPAREN, /* ( */
	SV_TOK_RPAREN, /* ) */
	SV_TOK_EQ,     /* = == eq */
	SV_TOK_NE,     /* != ne neq */
	SV_TOK_GT,     /* > gt */
	SV_TOK_LT,     /* < lt */
	SV_TOK_GE,     /* >= ge geq */
	SV_TOK_LE,     /* <= le leq */
	SV_TOK_NOT,    /* ! not */
	SV_TOK_AND,    /* & && and */
	SV_TOK_OR,     /* | || or */
};

struct sv_ftok {
	uint8_t kind;     /* enum sv_ftok_kind */
	const char *text; /* NUL-terminated spelling, as typed */
	uint32_t line;    /* 1-based line in the input */
};

struct sv_ftoks {
	struct sv_ftok *v;
	size_t n;
	char *strings; /* owns every tok.text */
};

/* Split text[0..len) into tokens (a NUL byte is white space: callers refuse
 * it first). With comments, '#' starts a comment to the end of the line.
 * Returns 0 or -ENOMEM. */
int sv_filter_lex(const char *text, size_t len, bool comments, struct sv_ftoks *out);
void sv_filter_lex_free(struct sv_ftoks *t);

/* The operator a lower-case word spells (SV_TOK_WORD if none). */
uint8_t sv_filter_lex_word(const char *w, size_t len);

/* ---- expression tree ---- */

enum sv_fnode_kind {
	SV_FN_TRUE = 0,
	SV_FN_FALSE,
	SV_FN_AND,     /* n-ary: kids */
	SV_FN_OR,      /* n-ary: kids */
	SV_FN_NOT,     /* one kid */
	SV_FN_PORT,    /* sport/dport compared with a port */
	SV_FN_HOST,    /* src/dst: one address/prefix and optional port */
	SV_FN_DEV,     /* bound interface index */
	SV_FN_MARK,    /* (mark & mask) == value */
	SV_FN_CGROUP,  /* cgroup v2 id */
	SV_FN_AUTO,    /* autobound: kernel only */
	SV_FN_FIELD,   /* a registry field's word (class, role): user space */
	SV_FN_SERVICE, /* service name of either port: user space only */
	SV_FN_LINK,    /* src/dst link:.. netlink:..: a packet or netlink
			  socket's protocol and port (filter_link.c); false
			  for other sockets */
	SV_FN_UNIX,    /* src/dst unix:PATTERN: a unix socket's name (filter_unix.c) */
	SV_FN_UID,     /* user: the socket's owner (filter_holder.c) */
	SV_FN_PID,     /* pid: a holder's pid (the process map) */
	SV_FN_COMM,    /* comm PATTERN: a holder's name, in f->strings */
	SV_FN_CONTAINER, /* container ID|POD: what the cgroup names, in f->strings */
	SV_FN_UNIT,    /* unit PATTERN: a systemd service or scope, in f->strings */
};

enum sv_fside { SV_SIDE_SRC = 0, SV_SIDE_DST }; /* local, remote */

enum sv_fcmp { SV_CMP_EQ = 0, SV_CMP_NE, SV_CMP_LT, SV_CMP_LE, SV_CMP_GT, SV_CMP_GE };

#define SV_FNONE UINT32_MAX /* no node */

struct sv_fnode {
	uint8_t kind; /* enum sv_fnode_kind */
	uint8_t side; /* PORT, HOST, LINK: enum sv_fside */
	bool inet_only; /* a part of an inet condition only (autobound's port
			   range): true for sockets without ports */
	uint32_t kid;  /* AND, OR, NOT: first child, or SV_FNONE */
	uint32_t next; /* next sibling, or SV_FNONE */
	union {
		struct { /* PORT: port per protocol (a name may differ by one) */
			uint8_t cmp; /* enum sv_fcmp */
			bool auto_range; /* a bound of `autobound`'s ephemeral
					    range: true where a socket has
					    no port (unix) */
			uint16_t port[SV_PROTO_MAX];
		} port;
		struct { /* HOST, with the kernel's inet_diag_hostcond meaning */
			uint8_t family; /* AF_UNSPEC (any), AF_INET, AF_INET6 */
			uint8_t plen;   /* prefix length in bits */
			bool any_port;
			uint16_t port[SV_PROTO_MAX];
			uint8_t addr[16];
		} host;
		uint32_t ifindex;   /* DEV */
		struct {            /* MARK; value is stored already masked */
			uint32_t value, mask;
		} mark;
		uint64_t cgroup_id; /* CGROUP */
		struct {            /* FIELD: the field's value is this word */
			const struct sv_field *field;
			const char *word; /* static: the field's own spelling */
		} fw;
		struct {            /* SERVICE */
			char name[32];              /* as typed */
			const char *canon[SV_PROTO_MAX]; /* primary name, or NULL */
		} svc;
		struct {            /* LINK: ss's view of these sockets */
			uint8_t family; /* AF_PACKET or AF_NETLINK */
			uint8_t cmp;    /* enum sv_fcmp, of the port */
			bool any_proto, any_port;
			uint16_t proto; /* ETH_P_* or NETLINK_* */
			int64_t port;   /* interface index, or port id as signed */
		} link;
		struct {            /* UNIX, COMM, CONTAINER, UNIT: the pattern,
				       in f->strings */
			uint32_t off, len;
		} unx;
		struct {            /* UID, PID */
			uint8_t cmp; /* enum sv_fcmp */
			uint32_t v;
		} num;
	} u;
};

struct sv_filter {
	struct sv_fnode *nodes; /* arena: freed at once, never recursively */
	size_t nnodes, cap;
	uint32_t root;
	bool needs_enrich; /* uses class/service/role */
	bool needs_kernel; /* uses autobound */
	bool needs_procs;  /* uses pid or comm: the process map */
	bool needs_containers; /* uses container or unit: the cgroups' names */
	char *note;        /* sv_filter_note(), or NULL */
	uint16_t eph_lo, eph_hi; /* ip_local_port_range at parse time */
	char *strings;     /* the UNIX nodes' patterns, each NUL-terminated */
	size_t nstrings, strings_cap;
};

/* ---- values of words (filter_lex.c) ---- */

/* Why a word was refused: the message is "<pre> '<what>'<post>", where what
 * is the word or the part of it that is wrong. */
struct sv_fwhy {
	const char *pre;
	const char *what;
	const char *post;
};

/* A keyword's value reader: fill n (kind and data) from the word w, or
 * return false and say why. */
typedef bool sv_filter_word_reader(const struct sv_filter_parse_opts *o,
			     const char *w, struct sv_fnode *n,
			     struct sv_fwhy *why);

/* Refuse a word: fill why, return false. */
bool sv_filter_word_no(struct sv_fwhy *why, const char *pre, const char *what,
		 const char *post);

/* Is w[0..len) all decimal digits (and not empty)? */
bool sv_filter_word_digits(const char *w, size_t len);

/* PORT: ":22", "22", ":ssh", "ssh" -> SV_FN_PORT (cmp left EQ, side for the
 * caller); "*", ":*" -> SV_FN_TRUE. A name is looked up in the system
 * database (o->services) first, then in IANA's table; either way a table
 * takes its own protocol's entry, else the other protocol's. o may be
 * NULL (IANA's table only). */
sv_filter_word_reader sv_filter_word_port;

/* The system database's port of name for each table (its own protocol's,
 * else the other one's); false if it knows the name for neither. */
bool sv_filter_word_sysport(const struct sv_filter_parse_opts *o, const char *name,
		      uint16_t port[SV_PROTO_MAX]);
sv_filter_word_reader sv_filter_word_dev;     /* NAME or INDEX -> SV_FN_DEV */
sv_filter_word_reader sv_filter_word_mark;    /* VALUE[/MASK], hex or decimal */
sv_filter_word_reader sv_filter_word_cgroup;  /* path under o->cgroup_root */
sv_filter_word_reader sv_filter_word_class;   /* well-known|registered|dynamic|ephemeral,
						 path|abstract|autobound|unnamed */
sv_filter_word_reader sv_filter_word_role;    /* listen|in|out */
sv_filter_word_reader sv_filter_word_service; /* a service name known to tcp or udp */

/* A src/dst operand split into its parts. */
struct sv_fhostword {
	struct sv_fnode node; /* SV_FN_HOST: family, prefix, port, address */
	bool is_name;         /* name is a host name still to resolve */
	uint8_t only;         /* "inet:"/"inet6:": AF_INET/AF_INET6, else AF_UNSPEC */
	bool has_dev;         /* "%DEV": the socket is bound to ifindex */
	uint32_t ifindex;
	char name[256];
};

/* HOST: "*", "*:443", ":443", "10.0.0.0/8", "10/8", "10.0.0.1:22",
 * "[::1]", "[fe80::]/10", "[::1]:22", "fe80::1", "fe80::/10", "name",
 * "name:22", each with an optional family prefix ("inet:", "inet6:") and
 * an optional "%DEV" after the address ("127.0.0.53%lo:53",
 * "[fe80::1]%eth0:22"), as sockview and ss print them. */
bool sv_filter_host_word(const struct sv_filter_parse_opts *o, const char *w,
		   struct sv_fhostword *out, struct sv_fwhy *why);

/* Resolve a name with getaddrinfo(3): the default sv_filter_resolve_fn. */
int sv_filter_host_resolve(void *ctx, const char *name, struct sv_filter_addr *addrs,
		     size_t max, const char **why);

/* ---- parser state (filter_parse.c) ---- */

/* How an operand of an and/or chain is joined to the one before it. */
enum sv_fjoin { SV_JOIN_NONE = 0, SV_JOIN_AND, SV_JOIN_IMPLICIT, SV_JOIN_OR };

/* One operand of a nesting level: its tokens [start, end). An explicit
 * operator is the token just before start. */
struct sv_fitem {
	uint32_t start, end;
	uint8_t join; /* enum sv_fjoin */
};

/* The operands of one nesting level, for the precedence note. */
struct sv_flevel {
	struct sv_fitem *v;
	size_t n, cap;
	uint8_t pending; /* join of the next operand */
};

struct sv_fparser {
	const struct sv_ftoks *toks;
	size_t pos; /* next token */
	struct sv_filter *f;
	const struct sv_filter_parse_opts *opts;
	bool text_mode; /* positions also name the line */
	int depth;      /* open parentheses */
	char *err;
	size_t errlen;
	size_t auto_at; /* first `autobound`, SIZE_MAX if none */
	size_t user_at; /* first class/service/role, SIZE_MAX if none */
	struct sv_flevel *lvl; /* the level being parsed */
	char *note;            /* precedence note, or NULL */
	size_t note_at;        /* first token of the note's level */
};

/* Is the node decided only in user space (class/service/role)? */
/* have CMP want, for a node's comparison ("!=" is a NOT over "=", never
 * stored). */
static inline bool sv_filter_compare(int64_t have, uint8_t cmp, int64_t want)
{
	switch (cmp) {
	case SV_CMP_LT: return have < want;
	case SV_CMP_LE: return have <= want;
	case SV_CMP_GT: return have > want;
	case SV_CMP_GE: return have >= want;
	default: return have == want;
	}
}

static inline bool sv_fnode_user_only(const struct sv_fnode *n)
{
	return n->kind == SV_FN_FIELD || n->kind == SV_FN_SERVICE || n->kind == SV_FN_UID ||
	       n->kind == SV_FN_PID || n->kind == SV_FN_COMM || n->kind == SV_FN_CONTAINER ||
	       n->kind == SV_FN_UNIT;
}

/* filter_holder.c: user, pid, comm; container, unit. */

/* USER|UID, PID or PATTERN w after `user`, `pid` or `comm` (kind: SV_FN_UID,
 * SV_FN_PID, SV_FN_COMM) into a node compared with cmp (!= is the caller's
 * not). A user name is looked up in the system's database. Returns 0 or a
 * negative errno with the message in p. */
int sv_filter_holder_build(struct sv_fparser *p, uint8_t kind, uint8_t cmp,
			   const char *w, uint32_t *out);

/* Does s match the holder condition n: its owner's uid; any of its
 * holders' pid or name (shell wildcards, as fnmatch(3)); none when no
 * process holds it; what its cgroup names (s->ct): a container whose id
 * starts with the word (4 hex digits at least) or whose pod uid it is, a
 * service or scope whose unit name matches the pattern? */
bool sv_filter_holder_leaf(const struct sv_filter *f, const struct sv_fnode *n,
			   const struct sv_sock *s);


/* filter_tree.c: the parser's shared tools. */

/* Room for a word echoed in a message: escaped, at most 64 bytes. */
#define SV_FSHOW 65

/* w escaped with sv_escape_text (no byte of it reaches a terminal raw),
 * cut cleanly to fit buf; returns buf. */
const char *sv_filter_tree_show(char buf[static SV_FSHOW], const char *w);

/* Write "<message> at word N[ (line L)]" for token index at (which may be
 * one past the last token), then hint if not NULL. Returns -EINVAL. Words
 * in the message must already be escaped (sv_filter_tree_show). sv_filter_tree_err
 * is the same without a hint. */
__attribute__((format(printf, 4, 5)))
int sv_filter_tree_err_hint(struct sv_fparser *p, size_t at, const char *hint,
		       const char *fmt, ...);
#define sv_filter_tree_err(p, at, ...) sv_filter_tree_err_hint(p, at, NULL, __VA_ARGS__)
int sv_filter_tree_nomem(char *err, size_t errlen);
int sv_filter_tree_node(struct sv_fparser *p, uint8_t kind, uint32_t *out);
int sv_filter_tree_wrap(struct sv_fparser *p, uint8_t kind, uint32_t kid, uint32_t *out);
int sv_filter_tree_copy(struct sv_fparser *p, const struct sv_fnode *n, uint32_t *out);
/* One node of kind over kids[0..n) (n >= 1), or kids[0] alone when n is 1. */
int sv_filter_tree_list(struct sv_fparser *p, uint8_t kind, const uint32_t *kids,
		   size_t n, uint32_t *out);
/* The message of a refused word, at token at. */
int sv_filter_tree_why(struct sv_fparser *p, size_t at, const struct sv_fwhy *why);
const struct sv_ftok *sv_filter_tree_peek(const struct sv_fparser *p);
bool sv_filter_tree_is(const struct sv_ftok *t, uint8_t k);

/* filter_cond.c: one condition at the parser's position. */
int sv_filter_cond_parse(struct sv_fparser *p, uint32_t *out);

/* filter_host.c: a src/dst condition from its value word w (the token
 * before the parser's position): one HOST node, an OR of them for a host
 * name, and-ed with the family and device the word requires. */
int sv_filter_host_build(struct sv_fparser *p, uint8_t side, const char *w, uint32_t *out);

/* filter_link.c: packet and netlink sockets, as ss's filter sees them. */

/* The family of a src/dst/sport/dport word that is ss's link or netlink
 * form: its prefix ("link:", "netlink:", any case; *w moves past it), or,
 * without any family prefix, the parse's preferred family when that is
 * AF_PACKET or AF_NETLINK. 0 for any other word. */
int sv_filter_link_family(const struct sv_filter_parse_opts *o, const char **w);

/* The LINK node of the word w (its family's prefix removed) of family:
 * "PROTO[:PORT]" for src/dst, "[:]PORT" for sport/dport (is_port), with
 * the comparison cmp. Errors name the word at token at. */
int sv_filter_link_build(struct sv_fparser *p, uint8_t side, int family, const char *w,
			 bool is_port, uint8_t cmp, size_t at, uint32_t *out);

/* A leaf on a packet or netlink socket, as ss's run_ssfilter decides it
 * (ss's Port of these sockets is the interface index, or the port id; its
 * address the protocol): 1 or 0; -1 when the generic matcher decides it
 * (constants, class/role words) or s is of another kind (where a LINK
 * node is 0). */
int sv_filter_link_leaf(const struct sv_fnode *n, const struct sv_sock *s);

/* Is w a service name a packet or netlink socket may have (the Service
 * column's names of EtherTypes and netlink families)? */
bool sv_filter_link_service(const char *w);

/* filter_unix.c: unix sockets. */
/* Is w a unix name for src/dst: "unix:PATTERN", a word starting with '/'
 * or '@' (no host does), or any word when the options say the listing is
 * of unix sockets only (as ss reads them after -x)? */
bool sv_filter_unix_word(const struct sv_filter_parse_opts *o, const char *w);
/* The node of a unix name word w (the token before the parser's
 * position). */
int sv_filter_unix_build(struct sv_fparser *p, uint8_t side, const char *w, uint32_t *out);
/* A condition on a record of a unix table, as ss decides it: 1 or 0. */
bool sv_filter_unix_leaf(const struct sv_filter *f, const struct sv_fnode *n,
			 const struct sv_sock *s);

/* filter_note.c: the precedence note. */
/* Add an operand starting at the parser's position to the current level;
 * returns its index, or -ENOMEM. */
int sv_filter_note_push(struct sv_fparser *p);
/* The level is parsed: if it mixes and/or where ss reads it otherwise, make
 * it the note (unless a level further left already is). 0 or -ENOMEM. */
int sv_filter_note_level(struct sv_fparser *p);

#endif
