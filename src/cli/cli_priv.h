/* cli_priv.h - what cli.c shares with the parsers of its option values
 * (cli_output.c). Private to cli/. */
#ifndef SOCKVIEW_CLI_PRIV_H
#define SOCKVIEW_CLI_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/cli.h"

/* What the table and family options built, as ss builds its filter:
 * tables and families accumulate, each adding its default states; -A
 * starts the tables afresh; -a, -l and state words replace the states. */
struct sv_cli_build {
	uint32_t tables;
	uint32_t states;      /* the defaults of what was asked for */
	uint32_t flag_states; /* -a, -l: 0 if neither */
	uint64_t families;
	int last_af;          /* the family asked for last (AF_UNSPEC: none) */
	bool saw_query;       /* -A was given */
	bool chosen;          /* some table or family was asked for */
	bool defaulted;       /* none was: every table */
	char bad_query[64];   /* an -A word that names no table (cut to fit) */
	char emptied_by[64];  /* the last '!' word of -A that left no table */
};

/* Read "state X" / "exclude X" words at the front of the non-option words,
 * as ss does. Returns how many words it consumed, or -EINVAL. */
int sv_cli_parse_states(int argc, char **argv, uint32_t *states, bool *saw,
			char *err, size_t errlen);

/* A table's bit mask on or off in b (on: its default states too). */
void sv_cli_table_set(struct sv_cli_build *b, uint32_t mask, bool on);

/* A family asked for (-4, -6, -x, -0...). */
void sv_cli_family_set(struct sv_cli_build *b, int af);

/* -f WORD: ss's family words. Returns false for another word. */
bool sv_cli_family_word(struct sv_cli_build *b, const char *w);

/* -A QUERY[,QUERY...]. Returns false at a word that names no table
 * (b->bad_query holds it). */
bool sv_cli_query_words(struct sv_cli_build *b, const char *arg);

/* The tables, families and states b asks for, into o, as ss resolves
 * them. */
void sv_cli_resolve_build(struct sv_cli_build *b, struct sv_opts *o);

/* The options cli_output.c reads. */
enum sv_cli_out {
	SV_CLI_OUT_COLUMNS, /* --columns=LIST | help */
	SV_CLI_OUT_COUNT,   /* --count[=LIST] */
	SV_CLI_OUT_SORT,    /* --sort=LIST */
	SV_CLI_OUT_COLOR,   /* --color[=auto|always|never] */
	SV_CLI_OUT_FORMAT,  /* --format=table|json|json-lines|ss|prom */
	SV_CLI_OUT_FILE,    /* --output=FILE */
	SV_CLI_OUT_PROM_PORTS, /* --prom-ports=LIST */
};

/* Apply output option which with its argument arg (NULL: left out).
 * Returns 0, or -EINVAL with a message in err. */
int sv_cli_output_option(enum sv_cli_out which, const char *arg, struct sv_opts *o,
			 char *err, size_t errlen);

/* What --format=prom and --prom-ports cannot go with (checked as soon as
 * the options are read). Returns 0 or -EINVAL. */
int sv_cli_output_check_prom(const struct sv_opts *o, char *err, size_t errlen);

/* The usage errors of the output options with the rest: -q with an
 * output, --count with --sort or --columns... Returns 0 or -EINVAL. */
int sv_cli_output_check(const struct sv_opts *o, char *err, size_t errlen);

#endif
