/* filter_tree.c - the parser's shared tools: the node arena, the token
 * cursor and error messages that name the (escaped) word and its position. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter_priv.h"
#include "sockview/escape.h"

/* See filter_priv.h. */
const char *sv_filter_tree_show(char buf[static SV_FSHOW], const char *w)
{
	sv_escape_text(buf, SV_FSHOW, w, strlen(w));
	return buf;
}

/* See filter_priv.h: the message, its position and the hint into p->err. */
__attribute__((format(printf, 4, 5)))
int sv_filter_tree_err_hint(struct sv_fparser *p, size_t at, const char *hint,
		       const char *fmt, ...)
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
		snprintf(p->err + used, p->errlen - used, " at word %zu (line %u)%s",
			 at + 1, (unsigned int)line, hint ? hint : "");
	else
		snprintf(p->err + used, p->errlen - used, " at word %zu%s", at + 1,
			 hint ? hint : "");
	return -EINVAL;
}

/* See filter_priv.h. */
int sv_filter_tree_why(struct sv_fparser *p, size_t at, const struct sv_fwhy *why)
{
	char b[SV_FSHOW];

	return sv_filter_tree_err(p, at, "%s '%s'%s", why->pre, sv_filter_tree_show(b, why->what),
			     why->post);
}

/* "out of memory" into err; returns -ENOMEM. */
int sv_filter_tree_nomem(char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "out of memory");
	return -ENOMEM;
}

/* Add a node of kind to the arena; *out is its index. */
int sv_filter_tree_node(struct sv_fparser *p, uint8_t kind, uint32_t *out)
{
	struct sv_filter *f = p->f;
	struct sv_fnode *n;

	if (f->nnodes == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 16;
		struct sv_fnode *v;

		if (cap >= SV_FNONE)
			return sv_filter_tree_nomem(p->err, p->errlen);
		v = realloc(f->nodes, cap * sizeof(*v));
		if (v == NULL)
			return sv_filter_tree_nomem(p->err, p->errlen);
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
int sv_filter_tree_wrap(struct sv_fparser *p, uint8_t kind, uint32_t kid, uint32_t *out)
{
	int ret = sv_filter_tree_node(p, kind, out);

	if (ret == 0)
		p->f->nodes[*out].kid = kid;
	return ret;
}

/* The token at the parser's position, or NULL at the end. */
const struct sv_ftok *sv_filter_tree_peek(const struct sv_fparser *p)
{
	return p->pos < p->toks->n ? &p->toks->v[p->pos] : NULL;
}

/* Is t a token of kind k? */
bool sv_filter_tree_is(const struct sv_ftok *t, uint8_t k)
{
	return t != NULL && t->kind == k;
}

/* Add a copy of n (kind, side and data) to the tree. */
int sv_filter_tree_copy(struct sv_fparser *p, const struct sv_fnode *n, uint32_t *out)
{
	int ret = sv_filter_tree_node(p, n->kind, out);

	if (ret == 0) {
		p->f->nodes[*out].side = n->side;
		p->f->nodes[*out].u = n->u;
	}
	return ret;
}

/* See filter_priv.h. */
int sv_filter_tree_list(struct sv_fparser *p, uint8_t kind, const uint32_t *kids,
		   size_t n, uint32_t *out)
{
	int ret;

	if (n == 1) {
		*out = kids[0];
		return 0;
	}
	ret = sv_filter_tree_wrap(p, kind, kids[0], out);
	for (size_t i = 1; ret == 0 && i < n; i++)
		p->f->nodes[kids[i - 1]].next = kids[i];
	return ret;
}

