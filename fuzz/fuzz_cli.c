/* fuzz_cli.c - libFuzzer target: the input split on NUL bytes into argv,
 * parsed by sv_cli_parse (getopt_long, state words, filter words); every
 * usage error is printable and names what it refuses. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/cli.h"
#include "sockview/cli_why.h"
#include "sockview/netns.h"
#include "sockview/tables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

/* A successful parse left *o consistent with argv. */
/* -N's argument as a file: a name under /run/netns, or a path as given. */
static void check_netns(const char *name)
{
	char path[64];
	size_t n = strlen(name);
	int ret = sv_netns_path(name, path, sizeof(path));

	if (ret == 0 && (strlen(path) < n || strcmp(path + strlen(path) - n, name) != 0 ||
			 (!strchr(name, '/') &&
			  strncmp(path, SV_NETNS_RUN_DIR "/", sizeof(SV_NETNS_RUN_DIR)) != 0)))
		abort();
	if (ret == -EINVAL && n && strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
		abort();
	if (ret != 0 && ret != -EINVAL && ret != -ENAMETOOLONG)
		abort();
}

static void check_opts(const struct sv_opts *o, int argc, char **argv,
		       size_t size)
{
	if (o->tables == 0 || (o->tables >> SV_TABLE_MAX))
		abort();
	if (o->netns)
		check_netns(o->netns);
	if (o->states & ~((1u << SV_STATE_MAX) - 1))
		abort();
	if (!o->families || (sv_tables_families(o->tables) & o->families) == 0)
		abort();
	if (o->filter_argc < 0 || o->filter_argc >= argc)
		abort();
	/* --format=prom goes with neither -j nor --ss nor -s; --prom-ports
	 * only with it */
	if ((o->prom && (o->json || o->ss_layout || o->summary)) || (o->prom_ports && !o->prom))
		abort();
	/* the filter words are the tail of argv, still NULL-terminated */
	if (o->filter_argv + o->filter_argc != argv + argc)
		abort();
	for (int i = 0; i < o->filter_argc; i++)
		if (strlen(o->filter_argv[i]) > size)
			abort();
}

/* A usage error has a message, printable (echoed words are escaped), that
 * names the offending word in quotes; -s names the option it cannot go with
 * after ": it cannot go with " (the text before it has an apostrophe). */
static void check_error(const char *err, size_t errlen, int argc, char **words)
{
	const char *with, *from = err;
	int quotes = 0, quoted_words = 0;

	if (!memchr(err, '\0', errlen) || err[0] == '\0')
		abort(); /* a usage error always has a message */
	for (const char *p = err; *p; p++)
		if (*p < 0x20 || *p > 0x7e) {
			fprintf(stderr, "fuzz_cli: raw byte %#x in \"%s\"\n",
				(unsigned char)*p, err);
			abort();
		}
	with = strstr(err, ": it cannot go with ");
	if (with && with[20] == '-')
		return;
	if (with)
		from = with;
	for (int i = 1; i < argc; i++)
		quoted_words += strchr(words[i], '\'') != NULL;
	for (const char *p = from; *p; p++)
		quotes += *p == '\'';
	/* a message cut short by a NUL character leaves an odd count */
	if (!quoted_words && strlen(err) < errlen - 1 &&
	    (quotes < 2 || quotes % 2)) {
		fprintf(stderr, "fuzz_cli: malformed message \"%s\"\n", err);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *orig, *argv[MAX_ARGS + 2];
	char *words[MAX_ARGS + 2];
	int argc = 0;
	struct sv_opts o;
	char err[256];
	size_t start = 0;
	int ret;

	if (size > 4096)
		return 0;
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	orig = malloc(size + 1);
	if (!orig) {
		free(text);
		return 0;
	}
	memcpy(orig, text, size + 1);
	argv[argc++] = (char *)"sockview";
	for (size_t i = 0; i <= size && argc < MAX_ARGS + 1; i++) {
		if (i == size || text[i] == '\0') {
			if (i < size || i > start) /* no empty word at the very end */
				argv[argc++] = text + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	memcpy(words, argv, sizeof(argv[0]) * (size_t)(argc + 1));

	memset(err, 0x55, sizeof(err));
	if (argc > 1 && strcmp(argv[1], "why") == 0) {
		struct sv_why_opts wo;

		ret = sv_cli_parse_why(argc - 1, argv + 1, &wo, err, sizeof(err));
		if (ret == 0 && !wo.help && (!wo.target || wo.sample_ms > 60000))
			abort();
		if (ret != 0 && (ret != -22 || !memchr(err, '\0', sizeof(err)) ||
				 strncmp(err, "why: ", 5) != 0))
			abort();
		ret = 0;
		goto words;
	}
	ret = sv_cli_parse(argc, argv, &o, err, sizeof(err));
	if (ret == 0)
		check_opts(&o, argc, argv, size);
	else if (ret != -22 /* EINVAL */)
		abort();
	else
		check_error(err, sizeof(err), argc, words);
words:
	/* getopt permutes argv, but never invents or loses a word */
	for (int i = 0; i < argc; i++) {
		int found = 0;

		for (int k = 0; k < argc; k++)
			found += argv[k] == words[i];
		if (!found)
			abort();
	}
	/* nor writes into the words (ps shows them as typed) */
	if (memcmp(text, orig, size + 1) != 0)
		abort();
	free(orig);
	free(text);
	return 0;
}
