/* filter_lex.c - the filter's tokens: split text into words, parentheses and
 * operators, as ss re-lexes its joined argv ("dport=22", "(sport",
 * "sport>=1024"). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "filter_priv.h"

/* White space; a NUL too (callers refuse it before lexing). */
static bool lex_space(char c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

/* Characters that end a word and start a token of their own. */
static bool lex_punct(char c, bool comments)
{
	return (c != '\0' && strchr("()=!<>&|", c) != NULL) || (comments && c == '#');
}

/* Length and kind of the punctuation token at p (p[0] is punctuation;
 * p[1] exists when more is true). */
static size_t lex_op(const char *p, bool more, uint8_t *kind)
{
	bool twin = more && p[1] == p[0];
	bool eq = more && p[1] == '=';

	switch (p[0]) {
	case '(': *kind = SV_TOK_LPAREN; return 1;
	case ')': *kind = SV_TOK_RPAREN; return 1;
	case '=': *kind = SV_TOK_EQ; return twin ? 2 : 1;
	case '!': *kind = eq ? SV_TOK_NE : SV_TOK_NOT; return eq ? 2 : 1;
	case '>': *kind = eq ? SV_TOK_GE : SV_TOK_GT; return eq ? 2 : 1;
	case '<': *kind = eq ? SV_TOK_LE : SV_TOK_LT; return eq ? 2 : 1;
	case '&': *kind = SV_TOK_AND; return twin ? 2 : 1;
	default: *kind = SV_TOK_OR; return twin ? 2 : 1; /* '|' */
	}
}

/* See filter_priv.h. The spelled-out operators are operators, in lower
 * case only, as ss has them. */
uint8_t sv_filter_lex_word(const char *w, size_t len)
{
	static const struct {
		char word[4];
		uint8_t kind;
	} words[] = {
		{ "and", SV_TOK_AND }, { "or", SV_TOK_OR }, { "not", SV_TOK_NOT },
		{ "eq", SV_TOK_EQ }, { "ne", SV_TOK_NE }, { "neq", SV_TOK_NE },
		{ "gt", SV_TOK_GT }, { "lt", SV_TOK_LT }, { "ge", SV_TOK_GE },
		{ "geq", SV_TOK_GE }, { "le", SV_TOK_LE }, { "leq", SV_TOK_LE },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == len && memcmp(words[i].word, w, len) == 0)
			return words[i].kind;
	return SV_TOK_WORD;
}

/* Append a token whose spelling is p[0..len) to out; the spelling is copied
 * NUL-terminated to *sp, which has room (at most 2 bytes per input byte). */
static void lex_push(struct sv_ftoks *out, char **sp, uint8_t kind,
		     const char *p, size_t len, uint32_t line)
{
	struct sv_ftok *t = &out->v[out->n++];

	memcpy(*sp, p, len);
	(*sp)[len] = '\0';
	t->kind = kind;
	t->text = *sp;
	t->line = line;
	*sp += len + 1;
}

/* See filter_priv.h. Every token takes at least one input byte and its
 * spelling at most that many bytes plus a NUL, so the arrays are sized
 * from len once and the scan is a single linear pass. */
int sv_filter_lex(const char *text, size_t n, bool comments, struct sv_ftoks *out)
{
	const char *p = text, *end = text + n;
	uint32_t line = 1;
	char *sp;

	out->n = 0;
	out->v = calloc(n + 1, sizeof(*out->v));
	out->strings = malloc(2 * n + 1);
	if (out->v == NULL || out->strings == NULL) {
		sv_filter_lex_free(out);
		return -ENOMEM;
	}
	sp = out->strings;
	while (p < end) {
		size_t len = 0;
		uint8_t kind = SV_TOK_WORD;

		if (lex_space(*p)) {
			line += *p++ == '\n';
			continue;
		}
		if (comments && *p == '#') {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		if (lex_punct(*p, comments))
			len = lex_op(p, end - p > 1, &kind);
		else {
			while (p + len < end && !lex_space(p[len]) &&
			       !lex_punct(p[len], comments))
				len++;
			kind = sv_filter_lex_word(p, len);
		}
		lex_push(out, &sp, kind, p, len, line);
		p += len;
	}
	return 0;
}

/* See filter_priv.h. */
void sv_filter_lex_free(struct sv_ftoks *t)
{
	free(t->v);
	free(t->strings);
	t->v = NULL;
	t->strings = NULL;
	t->n = 0;
}

