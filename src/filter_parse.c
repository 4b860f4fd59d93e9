/* filter_parse.c - the filter grammar: tokens -> expression tree, with
 * errors that name the offending word and its position.
 *
 *   expr     := and_expr { ("or" | "|" | "||") and_expr }
 *   and_expr := unary { [ "and" | "&" | "&&" ] unary }   adjacent = and
 *   unary    := { "!" | "not" } primary
 *   primary  := "(" expr ")" | KEYWORD [OP] [VALUE]
 *
 * Precedence is the conventional not > and > or, as ss(8)'s manual
 * documents. Note that ss's own yacc grammar (misc/ssfilter.y) gives "and"
 * and "or" one precedence and reads them left to right, so ss itself takes
 * `a or b and c` as `(a or b) and c`; sockview reads it as `a or (b and c)`,
 * like the manual and every other language. Parentheses make both agree.
 *
 * Limits: parenthesis nesting is bounded (SV_FILTER_MAX_DEPTH) and checked
 * before recursing, so no input can exhaust the stack; "not" chains fold
 * iteratively and and/or chains become one n-ary node, so the tree stays
 * shallow. Work is linear in the number of tokens. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "filter_priv.h"
#include "sockview/services.h"

/* Write "<message> at word N[ (line L)]" for token index at (which may be
 * one past the last token). Returns -EINVAL. */
__attribute__((format(printf, 3, 4)))
static int perr(struct sv_fparser *p, size_t at, const char *fmt, ...)
{
	va_list ap;
	size_t used;
	uint32_t line = 1;

	if (p->err == NULL || p->errlen == 0)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	used = strlen(p->err);
	if (p->toks->n > 0)
		line = p->toks->v[at < p->toks->n ? at : p->toks->n - 1].line;
	if (p->text_mode)
		snprintf(p->err + used, p->errlen - used, " at word %zu (line %u)",
			 at + 1, (unsigned int)line);
	else
		snprintf(p->err + used, p->errlen - used, " at word %zu", at + 1);
	return -EINVAL;
}

static int nomem(char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "out of memory");
	return -ENOMEM;
}

/* Add a node of kind to the arena; *out is its index. */
static int new_node(struct sv_fparser *p, uint8_t kind, uint32_t *out)
{
	struct sv_filter *f = p->f;
	struct sv_fnode *n;

	if (f->nnodes == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 16;
		struct sv_fnode *v;

		if (cap >= SV_FNONE)
			return nomem(p->err, p->errlen);
		v = realloc(f->nodes, cap * sizeof(*v));
		if (v == NULL)
			return nomem(p->err, p->errlen);
		f->nodes = v;
		f->cap = cap;
	}
	n = &f->nodes[f->nnodes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->kid = SV_FNONE;
	n->next = SV_FNONE;
	*out = (uint32_t)f->nnodes++;
	return 0;
}

/* A node of kind whose first child is kid. */
static int wrap(struct sv_fparser *p, uint8_t kind, uint32_t kid, uint32_t *out)
{
	int ret = new_node(p, kind, out);

	if (ret == 0)
		p->f->nodes[*out].kid = kid;
	return ret;
}

static const struct sv_ftok *peek(const struct sv_fparser *p)
{
	return p->pos < p->toks->n ? &p->toks->v[p->pos] : NULL;
}

/* Is t a token of kind k? */
static bool is(const struct sv_ftok *t, uint8_t k)
{
	return t != NULL && t->kind == k;
}

/* ---- conditions ---- */

/* The comparison t spells, or -1. */
static int tok_cmp(const struct sv_ftok *t)
{
	switch (t != NULL ? t->kind : SV_TOK_WORD) {
	case SV_TOK_EQ: return SV_CMP_EQ;
	case SV_TOK_NE: return SV_CMP_NE;
	case SV_TOK_LT: return SV_CMP_LT;
	case SV_TOK_LE: return SV_CMP_LE;
	case SV_TOK_GT: return SV_CMP_GT;
	case SV_TOK_GE: return SV_CMP_GE;
	default: return -1;
	}
}

/* One keyword: what its value is called (NULL: it takes no operator and no
 * value), which operators it takes, and how its value word is read. */
struct cond_kw {
	const char *name;
	const char *what;
	unsigned int ops;  /* bit per enum sv_fcmp */
	bool user_only;    /* class/service/role: decided in user space only */
	sv_fword_reader *read; /* NULL: src/dst, see build_host */
};

#define OPS_EQ ((1u << SV_CMP_EQ) | (1u << SV_CMP_NE))
#define OPS_ALL 0x3fu

static const struct cond_kw keywords[] = {
	{ .name = "dport", .what = "a port", .ops = OPS_ALL, .read = sv_fword_port },
	{ .name = "sport", .what = "a port", .ops = OPS_ALL, .read = sv_fword_port },
	{ .name = "dst", .what = "a host", .ops = OPS_EQ },
	{ .name = "src", .what = "a host", .ops = OPS_EQ },
	{ .name = "dev", .what = "a device", .ops = OPS_EQ, .read = sv_fword_dev },
	{ .name = "fwmark", .what = "a mark", .ops = OPS_EQ, .read = sv_fword_mark },
	{ .name = "cgroup", .what = "a cgroup path", .ops = OPS_EQ,
	  .read = sv_fword_cgroup },
	{ .name = "autobound" },
	{ .name = "class", .what = "a port class", .ops = OPS_EQ, .user_only = true,
	  .read = sv_fword_class },
	{ .name = "service", .what = "a service name", .ops = OPS_EQ,
	  .user_only = true, .read = sv_fword_service },
	{ .name = "role", .what = "a role", .ops = OPS_EQ, .user_only = true,
	  .read = sv_fword_role },
};

static int word_err(struct sv_fparser *p, size_t at, const struct sv_fwhy *why)
{
	return perr(p, at, "%s '%.64s'%s", why->pre, why->what, why->post);
}

/* Add a copy of n (kind and data) to the tree. */
static int add_node(struct sv_fparser *p, const struct sv_fnode *n, uint32_t *out)
{
	int ret = new_node(p, n->kind, out);

	if (ret == 0)
		p->f->nodes[*out].u = n->u;
	return ret;
}

/* src/dst: one HOST node, or for a host name one per address, or-ed. */
static int build_host(struct sv_fparser *p, uint8_t side, const char *w,
		      uint32_t *out)
{
	sv_filter_resolve_fn *fn = p->opts->resolve ? p->opts->resolve : sv_fword_resolve;
	struct sv_filter_addr addrs[SV_FILTER_MAX_ADDRS];
	struct sv_fhostword h;
	struct sv_fwhy why;
	const char *reason = NULL;
	uint32_t id = SV_FNONE, prev = SV_FNONE;
	int n = 1, ret = 0;

	if (!sv_fword_host(w, &h, &why))
		return word_err(p, p->pos - 1, &why);
	h.node.side = side;
	if (h.is_name)
		n = fn(p->opts->resolve_ctx, h.name, addrs, SV_FILTER_MAX_ADDRS, &reason);
	if (n <= 0)
		return perr(p, p->pos - 1, "cannot resolve host '%.64s'%s%s%s", h.name,
			    reason ? " (" : "", reason ? reason : "", reason ? ")" : "");
	if (n > SV_FILTER_MAX_ADDRS)
		return perr(p, p->pos - 1, "host '%.64s' has more than %d addresses",
			    h.name, SV_FILTER_MAX_ADDRS);
	if (n > 1)
		ret = new_node(p, SV_FN_OR, out);
	for (int i = 0; ret == 0 && i < n; i++) {
		if (h.is_name) {
			h.node.u.host.family = addrs[i].family;
			h.node.u.host.plen = addrs[i].family == AF_INET ? 32 : 128;
			memcpy(h.node.u.host.addr, addrs[i].addr, 16);
		}
		ret = add_node(p, &h.node, &id);
		if (ret < 0)
			break;
		p->f->nodes[id].side = side;
		if (n == 1)
			*out = id;
		else if (prev == SV_FNONE)
			p->f->nodes[*out].kid = id;
		else
			p->f->nodes[prev].next = id;
		prev = id;
	}
	return ret;
}

/* Is the port word a number (":22", "22"), not a name? */
static bool is_number(const char *w)
{
	if (*w == ':')
		w++;
	return *w != '\0' && strspn(w, "0123456789") == strlen(w);
}

/* A node that matches sport cmp port on every table. */
static int port_node(struct sv_fparser *p, uint8_t cmp, uint16_t port, uint32_t *out)
{
	int ret = new_node(p, SV_FN_PORT, out);

	if (ret == 0) {
		struct sv_fnode *n = &p->f->nodes[*out];

		n->side = SV_SIDE_SRC;
		n->u.port.cmp = cmp;
		n->u.port.port[SV_TABLE_TCP] = n->u.port.port[SV_TABLE_UDP] = port;
	}
	return ret;
}

/* `autobound`, as ss defines it: the kernel bound the port (no explicit
 * bind: INET_DIAG_BC_AUTO) and it lies in ip_local_port_range. The range
 * keeps out accepted connections, which the kernel also counts as
 * autobound. Kernel-exact: AND(AUTO, sport >= lo, sport <= hi). */
static int build_autobound(struct sv_fparser *p, uint32_t *out)
{
	uint16_t lo = p->opts->eph_lo, hi = p->opts->eph_hi;
	uint32_t a, b, c;
	int ret;

	if (lo == 0 && hi == 0) {
		lo = 32768;
		hi = 60999;
	}
	ret = new_node(p, SV_FN_AUTO, &a);
	if (ret == 0)
		ret = port_node(p, SV_CMP_GE, lo, &b);
	if (ret == 0)
		ret = port_node(p, SV_CMP_LE, hi, &c);
	if (ret == 0)
		ret = wrap(p, SV_FN_AND, a, out);
	if (ret == 0) {
		p->f->nodes[a].next = b;
		p->f->nodes[b].next = c;
	}
	return ret;
}

/* A port given by name that IANA gives several ports (http-alt: 591, 8008,
 * 8080) matches any of them, as the Service column names them all: an OR
 * of one node per port, pairing the tables' lists. n is the single node the
 * word reader made (the first port). */
static int build_port_names(struct sv_fparser *p, const char *w,
			    const struct sv_fnode *n, uint32_t *out)
{
	const char *name = *w == ':' ? w + 1 : w;
	uint16_t ports[SV_TABLE_MAX][16];
	size_t cnt[SV_TABLE_MAX], k = 1;
	uint32_t id, prev = SV_FNONE;
	int ret;

	for (int t = 0; t < SV_TABLE_MAX; t++) {
		cnt[t] = sv_services_ports(name, (enum sv_table)t, ports[t], 16);
		if (cnt[t] == 0 || cnt[t] > 16) { /* unknown here: the reader's port */
			cnt[t] = 1;
			ports[t][0] = n->u.port.port[t];
		}
		k = cnt[t] > k ? cnt[t] : k;
	}
	if (k == 1)
		return add_node(p, n, out);
	ret = new_node(p, SV_FN_OR, out);
	for (size_t i = 0; ret == 0 && i < k; i++) {
		ret = add_node(p, n, &id);
		if (ret < 0)
			break;
		for (int t = 0; t < SV_TABLE_MAX; t++)
			p->f->nodes[id].u.port.port[t] = ports[t][i < cnt[t] ? i : cnt[t] - 1];
		p->f->nodes[id].side = n->side;
		if (prev == SV_FNONE)
			p->f->nodes[*out].kid = id;
		else
			p->f->nodes[prev].next = id;
		prev = id;
	}
	return ret;
}

/* Read the value word w of kw into a node. */
static int build_value(struct sv_fparser *p, const struct cond_kw *kw, int cmp,
		       const char *w, uint32_t *out)
{
	uint8_t side = kw->name[0] == 's' ? SV_SIDE_SRC : SV_SIDE_DST;
	struct sv_fnode n = { 0 };
	struct sv_fwhy why;
	int ret;

	if (kw->read == NULL)
		return build_host(p, side, w, out);
	if (!kw->read(p->opts, w, &n, &why))
		return word_err(p, p->pos - 1, &why);
	if (n.kind == SV_FN_TRUE && cmp != SV_CMP_EQ && cmp != SV_CMP_NE)
		return perr(p, p->pos - 1, "port '%.64s' cannot be ordered", w);
	if (n.kind == SV_FN_PORT && cmp != SV_CMP_NE)
		n.u.port.cmp = (uint8_t)cmp;
	n.side = side;
	if (n.kind == SV_FN_PORT && n.u.port.cmp == SV_CMP_EQ && !is_number(w))
		ret = build_port_names(p, w, &n, out);
	else
		ret = add_node(p, &n, out);
	if (ret == 0)
		p->f->nodes[*out].side = side;
	return ret;
}

/* KEYWORD [OP] VALUE; "!=" becomes a negation of the "=" node. */
static int parse_cond(struct sv_fparser *p, uint32_t *out)
{
	const struct sv_ftok *t = peek(p), *v;
	const struct cond_kw *kw = NULL;
	char ctx[96];
	int cmp, ret;
	uint32_t node = SV_FNONE;

	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(keywords[i].name, t->text) == 0)
			kw = &keywords[i];
	if (kw == NULL)
		return perr(p, p->pos, "unknown keyword '%.64s'", t->text);
	if (kw->user_only && p->user_at == SIZE_MAX)
		p->user_at = p->pos;
	if (kw->what == NULL) {
		p->auto_at = p->auto_at == SIZE_MAX ? p->pos : p->auto_at;
		p->pos++;
		return build_autobound(p, out);
	}
	snprintf(ctx, sizeof(ctx), "%s", kw->name);
	p->pos++;
	cmp = tok_cmp(peek(p));
	if (cmp >= 0 && !(kw->ops & (1u << cmp)))
		return perr(p, p->pos, "operator '%.16s' cannot follow '%s'",
			    peek(p)->text, kw->name);
	if (cmp >= 0)
		snprintf(ctx, sizeof(ctx), "%s %.16s", kw->name, p->toks->v[p->pos++].text);
	else
		cmp = SV_CMP_EQ;
	v = peek(p);
	if (!is(v, SV_TOK_WORD))
		return perr(p, p->pos, "expected %s after '%s'", kw->what, ctx);
	p->pos++;
	ret = build_value(p, kw, cmp, v->text, &node);
	if (ret == 0 && cmp == SV_CMP_NE)
		return wrap(p, SV_FN_NOT, node, out);
	*out = node;
	return ret;
}

/* ---- boolean structure ---- */

/* Can t begin a condition (for the implicit "and")? */
static bool starts_unary(const struct sv_ftok *t)
{
	if (t == NULL)
		return false;
	if (t->kind == SV_TOK_LPAREN || t->kind == SV_TOK_NOT)
		return true;
	return t->kind == SV_TOK_WORD;
}

static int parse_or(struct sv_fparser *p, uint32_t *out);

/* "(" expr ")", with the nesting bound checked before recursing. */
static int parse_group(struct sv_fparser *p, uint32_t *out)
{
	size_t open = p->pos++;
	const struct sv_ftok *t;
	int ret;

	if (p->depth >= SV_FILTER_MAX_DEPTH)
		return perr(p, open, "parentheses nested deeper than %d levels",
			    SV_FILTER_MAX_DEPTH);
	p->depth++;
	ret = parse_or(p, out);
	p->depth--;
	if (ret < 0)
		return ret;
	t = peek(p);
	if (t == NULL)
		return perr(p, open, "missing ')' for '('");
	if (t->kind != SV_TOK_RPAREN)
		return perr(p, p->pos, "unexpected '%.64s'", t->text);
	p->pos++;
	return 0;
}

/* A parenthesised group or one condition. */
static int parse_primary(struct sv_fparser *p, uint32_t *out)
{
	const struct sv_ftok *t = peek(p);

	if (t == NULL)
		return perr(p, p->pos, "expected a condition after '%.64s'",
			    p->toks->v[p->pos - 1].text);
	if (t->kind == SV_TOK_LPAREN)
		return parse_group(p, out);
	if (t->kind != SV_TOK_WORD)
		return perr(p, p->pos, "unexpected '%.64s'", t->text);
	return parse_cond(p, out);
}

/* { not } primary; an even number of negations cancels out. */
static int parse_unary(struct sv_fparser *p, uint32_t *out)
{
	bool neg = false;
	uint32_t kid = SV_FNONE;
	int ret;

	while (is(peek(p), SV_TOK_NOT)) {
		neg = !neg;
		p->pos++;
	}
	ret = parse_primary(p, &kid);
	if (ret < 0 || !neg) {
		*out = kid;
		return ret;
	}
	return wrap(p, SV_FN_NOT, kid, out);
}

/* operand { sep operand } as one n-ary node of kind (just the operand when
 * there is one); implicit: adjacent operands need no separator. */
static int parse_chain(struct sv_fparser *p, uint8_t kind,
		       int (*sub)(struct sv_fparser *, uint32_t *),
		       uint8_t sep, bool implicit, uint32_t *out)
{
	uint32_t first = SV_FNONE, tail, kid = SV_FNONE;
	int ret = sub(p, &first);

	*out = first;
	tail = first;
	while (ret == 0) {
		const struct sv_ftok *t = peek(p);

		if (is(t, sep))
			p->pos++;
		else if (!implicit || !starts_unary(t))
			break;
		ret = sub(p, &kid);
		if (ret == 0 && *out == first)
			ret = wrap(p, kind, first, out);
		if (ret == 0) {
			p->f->nodes[tail].next = kid;
			tail = kid;
		}
	}
	return ret;
}

static int parse_and(struct sv_fparser *p, uint32_t *out)
{
	return parse_chain(p, SV_FN_AND, parse_unary, SV_TOK_AND, true, out);
}

static int parse_or(struct sv_fparser *p, uint32_t *out)
{
	return parse_chain(p, SV_FN_OR, parse_and, SV_TOK_OR, false, out);
}

/* Reject an expression no one could ever decide (see filter.h). */
static int check_mix(struct sv_fparser *p)
{
	size_t a = p->auto_at, u = p->user_at;

	if (a == SIZE_MAX || u == SIZE_MAX)
		return 0;
	return perr(p, a > u ? a : u,
		    "'autobound' (decided by the kernel) cannot be combined "
		    "with '%s' (decided in user space)", p->toks->v[u].text);
}

/* Parse a whole token stream into *out (NULL when there are no tokens). */
static int parse_tokens(const struct sv_ftoks *toks, bool text_mode,
			const struct sv_filter_parse_opts *opts,
			struct sv_filter **out, char *err, size_t errlen)
{
	static const struct sv_filter_parse_opts defaults;
	struct sv_fparser p = {
		.toks = toks, .text_mode = text_mode, .opts = opts ? opts : &defaults,
		.err = err, .errlen = errlen, .auto_at = SIZE_MAX, .user_at = SIZE_MAX,
	};
	const struct sv_ftok *t;
	int ret;

	if (toks->n == 0)
		return 0;
	p.f = calloc(1, sizeof(*p.f));
	if (p.f == NULL)
		return nomem(err, errlen);
	ret = parse_or(&p, &p.f->root);
	t = peek(&p);
	if (ret == 0 && t != NULL)
		ret = perr(&p, p.pos, "unexpected '%.64s'", t->text);
	if (ret == 0)
		ret = check_mix(&p);
	if (ret < 0) {
		sv_filter_free(p.f);
		return ret;
	}
	p.f->needs_enrich = p.user_at != SIZE_MAX;
	p.f->needs_kernel = p.auto_at != SIZE_MAX;
	*out = p.f;
	return 0;
}

/* Lex text and parse it; the common end of both entry points. */
static int parse_string(const char *text, bool text_mode,
			const struct sv_filter_parse_opts *opts,
			struct sv_filter **out, char *err, size_t errlen)
{
	struct sv_ftoks toks;
	int ret = sv_filter_lex(text, text_mode, &toks);

	if (ret < 0)
		return nomem(err, errlen);
	ret = parse_tokens(&toks, text_mode, opts, out, err, errlen);
	sv_filter_lex_free(&toks);
	return ret;
}

/* See filter.h. */
int sv_filter_parse_text_with(const char *text,
			      const struct sv_filter_parse_opts *opts,
			      struct sv_filter **out, char *err, size_t errlen)
{
	if (out == NULL)
		return -EINVAL;
	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	return text ? parse_string(text, true, opts, out, err, errlen) : 0;
}

/* See filter.h. The words are joined with spaces and lexed again, as ss
 * does, so "dport=22" and "(sport" split like "dport = 22" and "( sport". */
int sv_filter_parse_argv_with(int argc, char *const argv[],
			      const struct sv_filter_parse_opts *opts,
			      struct sv_filter **out, char *err, size_t errlen)
{
	size_t len = 1;
	char *text, *q;
	int ret;

	if (out == NULL || argc < 0 || (argc > 0 && argv == NULL))
		return -EINVAL;
	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	text = malloc(len);
	if (text == NULL)
		return nomem(err, errlen);
	q = text;
	for (int i = 0; i < argc; i++) {
		size_t l = strlen(argv[i]);

		memcpy(q, argv[i], l);
		q[l] = ' ';
		q += l + 1;
	}
	*q = '\0';
	ret = parse_string(text, false, opts, out, err, errlen);
	free(text);
	return ret;
}

/* See filter.h. */
int sv_filter_parse_argv(int argc, char *const argv[], struct sv_filter **out,
			 char *err, size_t errlen)
{
	return sv_filter_parse_argv_with(argc, argv, NULL, out, err, errlen);
}

/* See filter.h. */
int sv_filter_parse_text(const char *text, struct sv_filter **out, char *err,
			 size_t errlen)
{
	return sv_filter_parse_text_with(text, NULL, out, err, errlen);
}

/* See filter.h. */
bool sv_filter_needs_enrich(const struct sv_filter *f)
{
	return f != NULL && f->needs_enrich;
}

/* See filter.h. */
bool sv_filter_needs_kernel(const struct sv_filter *f)
{
	return f != NULL && f->needs_kernel;
}

/* See filter.h. The tree lives in one array: freeing needs no recursion. */
void sv_filter_free(struct sv_filter *f)
{
	if (f == NULL)
		return;
	free(f->nodes);
	free(f);
}
