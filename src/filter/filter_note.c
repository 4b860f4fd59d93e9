/* filter_note.c - the precedence note: where one nesting level mixes `and`
 * (explicit or implicit) after `or` without parentheses, say how sockview
 * (not > and > or) and ss (left to right) read it, both rebuilt from the
 * user's words, escaped. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter_priv.h"
#include "sockview/escape.h"

/* Longest rendering of one reading before it is cut with "...". */
#define NOTE_PART_MAX 200

#define NOTE_FMT "'%s' mixes and/or: sockview reads it as '%s', ss left to right " \
		 "as '%s'; add parentheses to choose"

/* See filter_priv.h. */
int sv_filter_note_push(struct sv_fparser *p)
{
	struct sv_flevel *l = p->lvl;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		struct sv_fitem *v = realloc(l->v, cap * sizeof(*v));

		if (v == NULL)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = (struct sv_fitem){ .start = (uint32_t)p->pos,
					  .end = (uint32_t)p->pos, .join = l->pending };
	l->pending = SV_JOIN_NONE;
	return 0;
}

/* A growing string; words past limit are dropped and noted in cut. */
struct note_buf {
	char *s;
	size_t len, cap, limit;
	bool cut, oom;
};

static void note_put(struct note_buf *b, const char *t, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = 2 * (b->len + n + 1);
		char *s = realloc(b->s, cap);

		if (s == NULL) {
			b->oom = true;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->len, t, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Append a word (escaped), with a space before it except after "(" and
 * before ")". */
static void note_word(struct note_buf *b, const char *w)
{
	size_t need = sv_escape_text(NULL, 0, w, strlen(w));
	char small[64], *e = need < sizeof(small) ? small : malloc(need + 1);

	if (b->cut || (b->limit && b->len + need + 1 > b->limit)) {
		b->cut = true;
		if (e != small)
			free(e);
		return;
	}
	if (e == NULL) {
		b->oom = true;
		return;
	}
	sv_escape_text(e, need + 1, w, strlen(w));
	if (b->len > 0 && b->s[b->len - 1] != '(' && strcmp(w, ")") != 0)
		note_put(b, " ", 1);
	note_put(b, e, need);
	if (e != small)
		free(e);
}

/* The tokens [start, end). */
static void note_span(struct note_buf *b, const struct sv_ftoks *t, uint32_t start,
		      uint32_t end)
{
	for (uint32_t i = start; i < end; i++)
		note_word(b, t->v[i].text);
}

/* The operator before item it, unless the join is implicit. */
static void note_join(struct note_buf *b, const struct sv_ftoks *t, const struct sv_fitem *it)
{
	if (it->join == SV_JOIN_AND || it->join == SV_JOIN_OR)
		note_word(b, t->v[it->start - 1].text);
}

/* sockview's reading: each run of and-ed operands in parentheses. */
static void note_sockview(struct note_buf *b, const struct sv_ftoks *t,
			  const struct sv_fitem *v, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		while (j < n && v[j].join != SV_JOIN_OR)
			j++;
		if (i > 0)
			note_join(b, t, &v[i]);
		if (j - i > 1)
			note_word(b, "(");
		note_span(b, t, v[i].start, v[j - 1].end);
		if (j - i > 1)
			note_word(b, ")");
		i = j;
	}
}

/* ss's reading: a left fold, closing a parenthesis where the operator
 * changes. */
static void note_ss(struct note_buf *b, const struct sv_ftoks *t,
		    const struct sv_fitem *v, size_t n)
{
	bool prev_or = false;

	for (size_t i = 2; i < n; i++)
		if ((v[i].join == SV_JOIN_OR) != (v[i - 1].join == SV_JOIN_OR))
			note_word(b, "(");
	note_span(b, t, v[0].start, v[0].end);
	for (size_t i = 1; i < n; i++) {
		bool is_or = v[i].join == SV_JOIN_OR;

		if (i > 1 && is_or != prev_or)
			note_word(b, ")");
		note_join(b, t, &v[i]);
		note_span(b, t, v[i].start, v[i].end);
		prev_or = is_or;
	}
}

/* One reading into a part of its own, cut at NOTE_PART_MAX. */
static char *note_part(const struct sv_ftoks *t, const struct sv_fitem *v, size_t n,
		       int which)
{
	struct note_buf b = { .limit = NOTE_PART_MAX };

	if (which == 0)
		note_span(&b, t, v[0].start, v[n - 1].end);
	else if (which == 1)
		note_sockview(&b, t, v, n);
	else
		note_ss(&b, t, v, n);
	b.limit = 0;
	if (b.cut)
		note_put(&b, "...", 3);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* Does an and follow an or among the items (where the readings differ)? */
static bool note_mixed(const struct sv_fitem *v, size_t n)
{
	bool seen_or = false;

	for (size_t i = 1; i < n; i++) {
		if (v[i].join == SV_JOIN_OR)
			seen_or = true;
		else if (seen_or)
			return true;
	}
	return false;
}

/* See filter_priv.h. */
int sv_filter_note_level(struct sv_fparser *p)
{
	const struct sv_flevel *l = p->lvl;
	char *part[3] = { NULL, NULL, NULL }, *note = NULL;
	size_t len = sizeof(NOTE_FMT);

	if (!note_mixed(l->v, l->n) || (p->note && p->note_at <= l->v[0].start))
		return 0;
	for (int i = 0; i < 3; i++) {
		part[i] = note_part(p->toks, l->v, l->n, i);
		len += part[i] ? strlen(part[i]) : 0;
	}
	if (part[0] && part[1] && part[2])
		note = malloc(len);
	if (note != NULL)
		snprintf(note, len, NOTE_FMT, part[0], part[1], part[2]);
	for (int i = 0; i < 3; i++)
		free(part[i]);
	if (note == NULL)
		return sv_filter_tree_nomem(p->err, p->errlen);
	free(p->note);
	p->note = note;
	p->note_at = l->v[0].start;
	return 0;
}
