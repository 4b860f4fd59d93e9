/* cli_output.c - the options that shape the output: --columns, --count,
 * --sort, --color, --format, --output, --prom-ports, and what they and -q
 * cannot go with (cli_priv.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sockview/escape.h"

#include "cli_priv.h"

static int parse_color(const char *arg, struct sv_opts *o, char *err, size_t errlen)
{
	static const char *const names[] = {
		[SV_CLI_COLOR_AUTO] = "auto", [SV_CLI_COLOR_ALWAYS] = "always",
		[SV_CLI_COLOR_NEVER] = "never",
	};
	char word[256];

	if (!arg) { /* --color alone: always, as ls and grep take it */
		o->color = SV_CLI_COLOR_ALWAYS;
		return 0;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(arg, names[i]) == 0) {
			o->color = (enum sv_cli_color)i;
			return 0;
		}
	}
	sv_escape_text(word, sizeof(word), arg, strlen(arg));
	snprintf(err, errlen, "unknown value '%s' for --color (auto, always or never)", word);
	return -EINVAL;
}

/* --format=WORD (each word the same as its option: table is none of
 * them). Returns 0 or -EINVAL. */
static int parse_format(const char *arg, struct sv_opts *o, char *err, size_t errlen)
{
	static const char *const names[] = { "table", "json", "json-lines", "ss", "prom" };
	char word[256];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(arg, names[i]) == 0) {
			o->json = i == 1 || i == 2;
			o->json_lines = i == 2;
			o->ss_layout = i == 3;
			o->prom = i == 4;
			return 0;
		}
	}
	sv_escape_text(word, sizeof(word), arg, strlen(arg));
	snprintf(err, errlen, "unknown format '%s' for --format (table, json, json-lines, ss "
		 "or prom)", word);
	return -EINVAL;
}

/* See cli_priv.h. */
int sv_cli_output_check_prom(const struct sv_opts *o, char *err, size_t errlen)
{
	if (o->prom_ports && !o->prom)
		snprintf(err, errlen, "--prom-ports chooses the listeners of --format=prom: it "
			 "goes with --format=prom only");
	else if (o->prom && (o->json || o->ss_layout))
		snprintf(err, errlen, "--format=prom cannot go with %s", o->ss_layout ? "--ss" :
			 o->json_lines ? "--json-lines" : "-j");
	else if (o->prom && o->summary)
		snprintf(err, errlen, "--format=prom cannot go with -s (-s -j is its machine-"
			 "readable form)");
	else
		return 0;
	return -EINVAL;
}

/* See cli_priv.h. */
int sv_cli_output_option(enum sv_cli_out which, const char *arg, struct sv_opts *o,
			 char *err, size_t errlen)
{
	switch (which) {
	case SV_CLI_OUT_COLUMNS:
		if (strcmp(arg, "help") == 0) {
			o->columns_help = true;
			return 0;
		}
		return sv_colspec_parse(arg, SV_COLSPEC_COLUMNS, &o->columns, err, errlen);
	case SV_CLI_OUT_SORT:
		return sv_colspec_parse(arg, SV_COLSPEC_SORT, &o->sort, err, errlen);
	case SV_CLI_OUT_COUNT:
		o->count = true;
		if (!arg) {
			memset(&o->count_by, 0, sizeof(o->count_by));
			return 0;
		}
		return sv_colspec_parse(arg, SV_COLSPEC_COUNT, &o->count_by, err, errlen);
	case SV_CLI_OUT_COLOR:
		return parse_color(arg, o, err, errlen);
	case SV_CLI_OUT_FORMAT:
		return parse_format(arg, o, err, errlen);
	case SV_CLI_OUT_FILE: /* read by main */
		o->output_file = arg;
		return 0;
	case SV_CLI_OUT_PROM_PORTS: /* read by main, which knows the services */
		o->prom_ports = arg;
		return 0;
	}
	return -EINVAL;
}

/* See cli_priv.h. */
int sv_cli_output_check(const struct sv_opts *o, char *err, size_t errlen)
{
	const struct { bool on; const char *name; } quiet_with[] = {
		{ o->json, o->json_lines ? "--json-lines" : "-j" }, { o->count, "--count" },
		{ o->sort.n > 0, "--sort" }, { o->columns.n > 0, "--columns" },
		{ o->dump_file != NULL, "-D" }, { o->watch_ms > 0, "--watch" },
		{ o->events, "-E" }, { o->kill, "-K" }, { o->summary, "-s" },
		{ o->ss_layout, "--ss" }, { o->prom, "--format=prom" },
	};
	/* what prints other things than the listing's rows; a stream (-E,
	 * --watch) has no end to sort or count at */
	const struct { bool on; bool stream; const char *name; } shaped_with[] = {
		{ o->dump_file != NULL, false, "-D" }, { o->summary, false, "-s" },
		{ o->ss_layout, false, "--ss" }, { o->watch_ms > 0, true, "--watch" },
		{ o->events, true, "-E" }, { o->kill, true, "-K" },
	};
	const char *opt = o->count ? "--count" : o->sort.n ? "--sort" : "--columns";
	const char *name;

	for (size_t i = 0; o->quiet && i < sizeof(quiet_with) / sizeof(quiet_with[0]); i++) {
		if (quiet_with[i].on) {
			snprintf(err, errlen, "-q prints nothing: it cannot go with %s",
				 quiet_with[i].name);
			return -EINVAL;
		}
	}
	if (o->json && !o->count && o->columns.n && sv_colspec_json_missing(&o->columns, &name)) {
		snprintf(err, errlen, "--columns: '%s' has no JSON member ('sockview "
			 "--columns=help' says where each name shows)", name);
		return -EINVAL;
	}
	if (o->prom && !o->count && (o->sort.n || o->columns.n)) {
		snprintf(err, errlen, "--format=prom writes totals, not rows: it cannot go with "
			 "%s (--count=LIST chooses its labels)", o->sort.n ? "--sort" : "--columns");
		return -EINVAL;
	}
	if (o->count && (o->sort.n || o->columns.n)) {
		snprintf(err, errlen, "--count prints counts, biggest first: it cannot go "
			 "with %s", o->sort.n ? "--sort" : "--columns");
		return -EINVAL;
	}
	for (size_t i = 0; i < sizeof(shaped_with) / sizeof(shaped_with[0]); i++) {
		if (shaped_with[i].on &&
		    (o->count || o->sort.n || (o->columns.n && !shaped_with[i].stream))) {
			snprintf(err, errlen, "%s shapes sockview's own listing: it cannot go "
				 "with %s", opt, shaped_with[i].name);
			return -EINVAL;
		}
	}
	return 0;
}
