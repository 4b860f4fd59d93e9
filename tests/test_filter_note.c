/* test_filter_note.c - the precedence note: when it is made (a level that
 * mixes and/or so that sockview and ss read it differently), its exact
 * text rebuilt from the user's words, which level it names, escaping, and
 * its bounded length. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sockview/filter.h"
#include "support/fpool.h"

#define TAIL "; add parentheses to choose"

/* A resolver that knows every name (for host words full of odd bytes). */
static int any_resolve(void *ctx, const char *name, struct sv_filter_addr *a,
		       size_t max, const char **why)
{
	(void)ctx;
	(void)name;
	(void)max;
	(void)why;
	a[0] = (struct sv_filter_addr){ .family = AF_INET, .addr = { 10, 9, 9, 9 } };
	return 1;
}

/* The note of expr, as one argv word; NULL if none. Caller frees. */
static char *note_of(const char *expr)
{
	struct sv_filter_parse_opts o = popts;
	char *const argv[] = { (char *)expr };
	struct sv_filter *f = NULL;
	char err[256];
	char *n;

	o.resolve = any_resolve;
	if (sv_filter_parse_argv_with(1, argv, &o, &f, err, sizeof(err)) != 0)
		fail_msg("'%s': %s", expr, err);
	n = sv_filter_note(f) ? strdup(sv_filter_note(f)) : NULL;
	sv_filter_free(f);
	return n;
}

static void note_is(const char *expr, const char *want)
{
	char *got = note_of(expr);

	if (want == NULL ? got != NULL : (got == NULL || strcmp(got, want) != 0))
		fail_msg("'%s': note\n  '%s'\nwant\n  '%s'", expr, got ? got : "(none)",
			 want ? want : "(none)");
	free(got);
}

static void test_no_note(void **state)
{
	static const char *const c[] = {
		"dport 1", "dport 1 or sport 2 or dst 10.0.0.3",
		"dport 1 and sport 2 and dst 10.0.0.3", "dport 1 sport 2",
		/* and before or: both read it as (a and b) or c */
		"dport 1 and sport 2 or dst 10.0.0.3", "dport 1 sport 2 || dst 10.0.0.3",
		"not dport 1 and sport 2 or not dst 10.0.0.3",
		/* parentheses choose */
		"(dport 1 or sport 2) and dst 10.0.0.3", "dport 1 or (sport 2 and dst 10.0.0.3)",
		"(dport 1 or sport 2) (dst 10.0.0.3 or dport 4)",
	};

	(void)state;
	for (size_t i = 0; i < N(c); i++)
		note_is(c[i], NULL);
	assert_null(sv_filter_note(NULL));
}

static void test_note_text(void **state)
{
	(void)state;
	note_is("sport = :22 or dport = :22 and src 10.0.0.1",
		"'sport = :22 or dport = :22 and src 10.0.0.1' mixes and/or: sockview reads "
		"it as 'sport = :22 or (dport = :22 and src 10.0.0.1)', ss left to right as "
		"'(sport = :22 or dport = :22) and src 10.0.0.1'" TAIL);
	/* implicit and: the words as typed */
	note_is("dport 1 or sport 2 dst 10.0.0.3",
		"'dport 1 or sport 2 dst 10.0.0.3' mixes and/or: sockview reads it as "
		"'dport 1 or (sport 2 dst 10.0.0.3)', ss left to right as "
		"'(dport 1 or sport 2) dst 10.0.0.3'" TAIL);
	note_is("dport 1 || sport 2 && dst 10.0.0.3",
		"'dport 1 || sport 2 && dst 10.0.0.3' mixes and/or: sockview reads it as "
		"'dport 1 || (sport 2 && dst 10.0.0.3)', ss left to right as "
		"'(dport 1 || sport 2) && dst 10.0.0.3'" TAIL);
	note_is("dport 1 or sport 2 and dst 10.0.0.3 or dport 4",
		"'dport 1 or sport 2 and dst 10.0.0.3 or dport 4' mixes and/or: sockview "
		"reads it as 'dport 1 or (sport 2 and dst 10.0.0.3) or dport 4', ss left to "
		"right as '((dport 1 or sport 2) and dst 10.0.0.3) or dport 4'" TAIL);
	note_is("not dport 1 or sport 2 and not (dst 10.0.0.3)",
		"'not dport 1 or sport 2 and not (dst 10.0.0.3)' mixes and/or: sockview "
		"reads it as 'not dport 1 or (sport 2 and not (dst 10.0.0.3))', ss left to "
		"right as '(not dport 1 or sport 2) and not (dst 10.0.0.3)'" TAIL);
	note_is("dport 1 and sport 2 or dst 10.0.0.3 and dport 4 dport 5",
		"'dport 1 and sport 2 or dst 10.0.0.3 and dport 4 dport 5' mixes and/or: "
		"sockview reads it as '(dport 1 and sport 2) or (dst 10.0.0.3 and dport 4 "
		"dport 5)', ss left to right as '((dport 1 and sport 2) or dst 10.0.0.3) "
		"and dport 4 dport 5'" TAIL);
}

/* A level inside parentheses; with several, the one that starts first. */
static void test_note_levels(void **state)
{
	(void)state;
	note_is("not (dport 1 or sport 2 and dst 10.0.0.3)",
		"'dport 1 or sport 2 and dst 10.0.0.3' mixes and/or: sockview reads it as "
		"'dport 1 or (sport 2 and dst 10.0.0.3)', ss left to right as "
		"'(dport 1 or sport 2) and dst 10.0.0.3'" TAIL);
	note_is("(dport 1 or sport 2 and dst 10.0.0.3) or dport 4 and sport 5",
		"'(dport 1 or sport 2 and dst 10.0.0.3) or dport 4 and sport 5' mixes and/or: "
		"sockview reads it as '(dport 1 or sport 2 and dst 10.0.0.3) or (dport 4 and "
		"sport 5)', ss left to right as '((dport 1 or sport 2 and dst 10.0.0.3) or "
		"dport 4) and sport 5'" TAIL);
	note_is("dport 9 (dport 1 or sport 2 and dst 10.0.0.3)",
		"'dport 1 or sport 2 and dst 10.0.0.3' mixes and/or: sockview reads it as "
		"'dport 1 or (sport 2 and dst 10.0.0.3)', ss left to right as "
		"'(dport 1 or sport 2) and dst 10.0.0.3'" TAIL);
	/* attached parentheses come back free-standing, and "=" split off */
	note_is("(dport=1 or sport=2 dst 10.0.0.3)",
		"'dport = 1 or sport = 2 dst 10.0.0.3' mixes and/or: sockview reads it as "
		"'dport = 1 or (sport = 2 dst 10.0.0.3)', ss left to right as "
		"'(dport = 1 or sport = 2) dst 10.0.0.3'" TAIL);
}

/* The note from -F text: one line, the same words. */
static void test_note_text_file(void **state)
{
	struct sv_filter *f = NULL;
	char err[256];

	(void)state;
	assert_int_equal(sv_filter_parse_text_with("# ssh\ndport 1 or\n  sport 2 # x\n"
						   "  and dst 10.0.0.3\n", &popts, &f, err,
						   sizeof(err)), 0);
	assert_non_null(sv_filter_note(f));
	assert_null(strchr(sv_filter_note(f), '\n'));
	assert_string_equal(sv_filter_note(f),
			    "'dport 1 or sport 2 and dst 10.0.0.3' mixes and/or: sockview reads "
			    "it as 'dport 1 or (sport 2 and dst 10.0.0.3)', ss left to right as "
			    "'(dport 1 or sport 2) and dst 10.0.0.3'" TAIL);
	sv_filter_free(f);
}

/* The user's words are escaped; a long level is cut, the note bounded. */
static void test_note_escaped_and_bounded(void **state)
{
	char *n = note_of("dport 1 or dst \033]0;title\a and sport 2");
	char *big = malloc(100000), *q = big;

	(void)state;
	assert_non_null(n);
	assert_null(strchr(n, '\033'));
	assert_null(strchr(n, '\a'));
	assert_non_null(strstr(n, "(dst \\x1b]0;title\\x07 and sport 2)"));
	free(n);
	for (int i = 0; i < 5000; i++)
		q += sprintf(q, "sport %d or ", 1000 + i);
	strcpy(q, "dport 1 and dport 2");
	n = note_of(big);
	assert_non_null(n);
	assert_true(strlen(n) < 800);
	assert_non_null(strstr(n, "...' mixes and/or"));
	free(n);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_note),
		cmocka_unit_test(test_note_text),
		cmocka_unit_test(test_note_levels),
		cmocka_unit_test(test_note_text_file),
		cmocka_unit_test(test_note_escaped_and_bounded),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
