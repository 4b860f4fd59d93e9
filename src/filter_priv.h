/* filter_priv.h - the filter's tokens and expression tree, shared by the
 * lexer, parser, matcher and bytecode compiler. Not installed. */
#ifndef SOCKVIEW_FILTER_PRIV_H
#define SOCKVIEW_FILTER_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
	SV_TOK_NE,     /* != ne */
	SV_TOK_GT,     /* > gt */
	SV_TOK_LT,     /* < lt */
	SV_TOK_GE,     /* >= ge */
	SV_TOK_LE,     /* <= le */
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

/* Split text into tokens. With comments, '#' starts a comment to the end of
 * the line. Returns 0 or -ENOMEM. */
int sv_filter_lex(const char *text, bool comments, struct sv_ftoks *out);
void sv_filter_lex_free(struct sv_ftoks *t);

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
	SV_FN_CLASS,   /* local port class: user space only */
	SV_FN_SERVICE, /* service name of either port: user space only */
	SV_FN_ROLE,    /* connection role: user space only */
};

enum sv_fside { SV_SIDE_SRC = 0, SV_SIDE_DST }; /* local, remote */

enum sv_fcmp { SV_CMP_EQ = 0, SV_CMP_NE, SV_CMP_LT, SV_CMP_LE, SV_CMP_GT, SV_CMP_GE };

/* class values: enum sv_port_class, plus this one for `class ephemeral`. */
#define SV_FCLASS_EPHEMERAL 3

#define SV_FNONE UINT32_MAX /* no node */

struct sv_fnode {
	uint8_t kind; /* enum sv_fnode_kind */
	uint8_t side; /* PORT, HOST: enum sv_fside */
	uint32_t kid;  /* AND, OR, NOT: first child, or SV_FNONE */
	uint32_t next; /* next sibling, or SV_FNONE */
	union {
		struct { /* PORT: port per table (a name may differ by protocol) */
			uint8_t cmp; /* enum sv_fcmp */
			uint16_t port[SV_TABLE_MAX];
		} port;
		struct { /* HOST, with the kernel's inet_diag_hostcond meaning */
			uint8_t family; /* AF_UNSPEC (any), AF_INET, AF_INET6 */
			uint8_t plen;   /* prefix length in bits */
			bool any_port;
			uint16_t port[SV_TABLE_MAX];
			uint8_t addr[16];
		} host;
		uint32_t ifindex;   /* DEV */
		struct {            /* MARK; value is stored already masked */
			uint32_t value, mask;
		} mark;
		uint64_t cgroup_id; /* CGROUP */
		uint8_t cls;        /* CLASS */
		uint8_t role;       /* ROLE: enum sv_role */
		struct {            /* SERVICE */
			char name[32];              /* as typed */
			const char *canon[SV_TABLE_MAX]; /* primary name, or NULL */
		} svc;
	} u;
};

struct sv_filter {
	struct sv_fnode *nodes; /* arena: freed at once, never recursively */
	size_t nnodes, cap;
	uint32_t root;
	bool needs_enrich; /* uses class/service/role */
	bool needs_kernel; /* uses autobound */
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
typedef bool sv_fword_reader(const struct sv_filter_parse_opts *o,
			     const char *w, struct sv_fnode *n,
			     struct sv_fwhy *why);

/* PORT: ":22", "22", ":ssh", "ssh" -> SV_FN_PORT (cmp left EQ, side for the
 * caller); "*", ":*" -> SV_FN_TRUE. A name takes each table's protocol's
 * entry, else the other protocol's. */
sv_fword_reader sv_fword_port;
sv_fword_reader sv_fword_dev;     /* NAME or INDEX -> SV_FN_DEV */
sv_fword_reader sv_fword_mark;    /* VALUE[/MASK], hex or decimal */
sv_fword_reader sv_fword_cgroup;  /* path under o->cgroup_root */
sv_fword_reader sv_fword_class;   /* well-known|registered|dynamic|ephemeral */
sv_fword_reader sv_fword_role;    /* listen|in|out */
sv_fword_reader sv_fword_service; /* a service name known to tcp or udp */

/* A src/dst operand split into its parts. */
struct sv_fhostword {
	struct sv_fnode node; /* SV_FN_HOST: family, prefix, port, address */
	bool is_name;         /* name is a host name still to resolve */
	char name[256];
};

/* HOST: "*", "*:443", ":443", "10.0.0.0/8", "10/8", "10.0.0.1:22",
 * "[::1]", "[fe80::]/10", "[::1]:22", "fe80::1", "fe80::/10", "name",
 * "name:22". */
bool sv_fword_host(const char *w, struct sv_fhostword *out, struct sv_fwhy *why);

/* Resolve a name with getaddrinfo(3): the default sv_filter_resolve_fn. */
int sv_fword_resolve(void *ctx, const char *name, struct sv_filter_addr *addrs,
		     size_t max, const char **why);

/* ---- parser state (filter_parse.c) ---- */

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
};

/* Is the node decided only in user space (class/service/role)? */
static inline bool sv_fnode_user_only(const struct sv_fnode *n)
{
	return n->kind == SV_FN_CLASS || n->kind == SV_FN_SERVICE ||
	       n->kind == SV_FN_ROLE;
}


/* filter_tree.c: the parser's shared tools. */
__attribute__((format(printf, 3, 4)))
int sv_fparse_err(struct sv_fparser *p, size_t at, const char *fmt, ...);
int sv_fparse_nomem(char *err, size_t errlen);
int sv_fparse_node(struct sv_fparser *p, uint8_t kind, uint32_t *out);
int sv_fparse_wrap(struct sv_fparser *p, uint8_t kind, uint32_t kid, uint32_t *out);
int sv_fparse_copy(struct sv_fparser *p, const struct sv_fnode *n, uint32_t *out);
const struct sv_ftok *sv_fparse_peek(const struct sv_fparser *p);
bool sv_fparse_is(const struct sv_ftok *t, uint8_t k);

/* filter_cond.c: one condition at the parser's position. */
int sv_fcond_parse(struct sv_fparser *p, uint32_t *out);

#endif
