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
 * like the manual and every other language. Parentheses make both agree;
 * where a level mixes them so that the two readings differ, the filter
 * carries a note saying so (filter_note.c).
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

/* parse_or for one nesting level, with its operands recorded for the
 * precedence note. */
static int parse_level(struct sv_fparser *p, uint32_t *out)
{
	struct sv_flevel lvl = { 0 }, *outer = p->lvl;
	int ret;

	p->lvl = &lvl;
	ret = parse_or(p, out);
	if (ret == 0)
		ret = sv_filter_note_level(p);
	p->lvl = outer;
	free(lvl.v);
	return ret;
}

/* "(" expr ")", with the nesting bound checked before recursing. */
static int parse_group(struct sv_fparser *p, uint32_t *out)
{
	size_t open = p->pos++;
	const struct sv_ftok *t;
	char b[SV_FSHOW];
	int ret;

	if (p->depth >= SV_FILTER_MAX_DEPTH)
		return sv_filter_tree_err(p, open, "parentheses nested deeper than %d levels",
			    SV_FILTER_MAX_DEPTH);
	p->depth++;
	ret = parse_level(p, out);
	p->depth--;
	if (ret < 0)
		return ret;
	t = sv_filter_tree_peek(p);
	if (t == NULL)
		return sv_filter_tree_err(p, open, "missing ')' for '('");
	if (t->kind != SV_TOK_RPAREN)
		return sv_filter_tree_err(p, p->pos, "unexpected '%s'", sv_filter_tree_show(b, t->text));
	p->pos++;
	return 0;
}

/* A parenthesised group or one condition. */
static int parse_primary(struct sv_fparser *p, uint32_t *out)
{
	const struct sv_ftok *t = sv_filter_tree_peek(p);
	char b[SV_FSHOW];

	if (t == NULL)
		return sv_filter_tree_err(p, p->pos, "expected a condition after '%s'",
				     sv_filter_tree_show(b, p->toks->v[p->pos - 1].text));
	if (t->kind == SV_TOK_LPAREN)
		return parse_group(p, out);
	if (t->kind != SV_TOK_WORD)
		return sv_filter_tree_err(p, p->pos, "unexpected '%s'", sv_filter_tree_show(b, t->text));
	return sv_filter_cond_parse(p, out);
}

/* { not } primary; an even number of negations cancels out. */
static int parse_unary(struct sv_fparser *p, uint32_t *out)
{
	bool neg = false;
	uint32_t kid = SV_FNONE;
	int ret;

	while (sv_filter_tree_is(sv_filter_tree_peek(p), SV_TOK_NOT)) {
		neg = !neg;
		p->pos++;
	}
	ret = parse_primary(p, &kid);
	if (ret < 0 || !neg) {
		*out = kid;
		return ret;
	}
	return sv_filter_tree_wrap(p, SV_FN_NOT, kid, out);
}

/* One operand of an and chain: { not } primary, recorded in the level. */
static int parse_item(struct sv_fparser *p, uint32_t *out)
{
	size_t i = p->lvl->n;
	int ret;

	if (sv_filter_note_push(p) < 0)
		return sv_filter_tree_nomem(p->err, p->errlen);
	ret = parse_unary(p, out);
	p->lvl->v[i].end = (uint32_t)p->pos;
	return ret;
}

/* operand { sep operand } as one n-ary node of kind (just the operand when
 * there is one); implicit: adjacent operands need no separator. The level
 * learns how the next operand is joined. */
static int parse_chain(struct sv_fparser *p, uint8_t kind,
		       int (*sub)(struct sv_fparser *, uint32_t *),
		       uint8_t sep, bool implicit, uint32_t *out)
{
	uint32_t first = SV_FNONE, tail, kid = SV_FNONE;
	int ret = sub(p, &first);

	*out = first;
	tail = first;
	while (ret == 0) {
		const struct sv_ftok *t = sv_filter_tree_peek(p);

		if (sv_filter_tree_is(t, sep))
			p->pos++;
		else if (!implicit || !starts_unary(t))
			break;
		p->lvl->pending = kind == SV_FN_OR ? SV_JOIN_OR
				  : sv_filter_tree_is(t, sep) ? SV_JOIN_AND : SV_JOIN_IMPLICIT;
		ret = sub(p, &kid);
		if (ret == 0 && *out == first)
			ret = sv_filter_tree_wrap(p, kind, first, out);
		if (ret == 0) {
			p->f->nodes[tail].next = kid;
			tail = kid;
		}
	}
	return ret;
}

static int parse_and(struct sv_fparser *p, uint32_t *out)
{
	return parse_chain(p, SV_FN_AND, parse_item, SV_TOK_AND, true, out);
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
	return sv_filter_tree_err(p, a > u ? a : u,
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
	char b[SV_FSHOW];
	int ret;

	if (toks->n == 0)
		return 0;
	p.f = calloc(1, sizeof(*p.f));
	if (p.f == NULL)
		return sv_filter_tree_nomem(err, errlen);
	ret = parse_level(&p, &p.f->root);
	t = sv_filter_tree_peek(&p);
	if (ret == 0 && t != NULL)
		ret = sv_filter_tree_err(&p, p.pos, "unexpected '%s'", sv_filter_tree_show(b, t->text));
	if (ret == 0)
		ret = check_mix(&p);
	p.f->note = p.note;
	if (ret < 0) {
		sv_filter_free(p.f);
		return ret;
	}
	p.f->needs_enrich = p.user_at != SIZE_MAX;
	p.f->needs_kernel = p.auto_at != SIZE_MAX;
	p.f->eph_lo = p.opts->eph_lo || p.opts->eph_hi ? p.opts->eph_lo : 32768;
	p.f->eph_hi = p.opts->eph_lo || p.opts->eph_hi ? p.opts->eph_hi : 60999;
	*out = p.f;
	return 0;
}

/* Lex text[0..len) and parse it; the common end of the entry points. */
static int parse_string(const char *text, size_t len, bool text_mode,
			const struct sv_filter_parse_opts *opts,
			struct sv_filter **out, char *err, size_t errlen)
{
	struct sv_ftoks toks;
	int ret = sv_filter_lex(text, len, text_mode, &toks);

	if (ret < 0)
		return sv_filter_tree_nomem(err, errlen);
	ret = parse_tokens(&toks, text_mode, opts, out, err, errlen);
	sv_filter_lex_free(&toks);
	return ret;
}

/* See filter.h. */
int sv_filter_parse_buf_with(const char *text, size_t len,
			     const struct sv_filter_parse_opts *opts,
			     struct sv_filter **out, char *err, size_t errlen)
{
	const char *nul;

	if (out == NULL || (text == NULL && len > 0))
		return -EINVAL;
	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	nul = len > 0 ? memchr(text, '\0', len) : NULL;
	if (nul != NULL) {
		size_t off = (size_t)(nul - text), line = 1;

		for (size_t i = 0; i < off; i++)
			line += text[i] == '\n';
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "NUL byte at byte %zu (line %zu)", off, line);
		return -EINVAL;
	}
	return parse_string(text, len, true, opts, out, err, errlen);
}

/* See filter.h. */
int sv_filter_parse_text_with(const char *text,
			      const struct sv_filter_parse_opts *opts,
			      struct sv_filter **out, char *err, size_t errlen)
{
	return sv_filter_parse_buf_with(text, text ? strlen(text) : 0, opts, out, err,
					errlen);
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
		return sv_filter_tree_nomem(err, errlen);
	q = text;
	for (int i = 0; i < argc; i++) {
		size_t l = strlen(argv[i]);

		memcpy(q, argv[i], l);
		q[l] = ' ';
		q += l + 1;
	}
	*q = '\0';
	ret = parse_string(text, len - 1, false, opts, out, err, errlen);
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
bool sv_filter_needs_procs(const struct sv_filter *f)
{
	return f != NULL && f->needs_procs;
}

/* See filter.h. */
bool sv_filter_needs_containers(const struct sv_filter *f)
{
	return f != NULL && f->needs_containers;
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

/* See filter.h. */
const char *sv_filter_note(const struct sv_filter *f)
{
	return f != NULL ? f->note : NULL;
}

/* See filter.h. The tree lives in one array: freeing needs no recursion. */
void sv_filter_free(struct sv_filter *f)
{
	if (f == NULL)
		return;
	free(f->nodes);
	free(f->note);
	free(f->strings);
	free(f);
}
