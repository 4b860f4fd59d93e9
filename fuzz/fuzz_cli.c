/* fuzz_cli.c - libFuzzer target: the input split on NUL bytes into argv,
 * parsed by sv_cli_parse (getopt_long, state words, filter words). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *argv[MAX_ARGS + 2];
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
	ret = sv_cli_parse(argc, argv, &o, err, sizeof(err));
	if (ret == 0) {
		if (o.tables == 0 || (o.tables & ~3u))
			abort();
		if (o.states & ~((1u << SV_STATE_MAX) - 1))
			abort();
		if (!o.family_inet && !o.family_inet6)
			abort();
		if (o.filter_argc < 0 || o.filter_argc >= argc)
			abort();
		/* the filter words are the tail of argv, still NULL-terminated */
		if (o.filter_argv + o.filter_argc != argv + argc)
			abort();
		for (int i = 0; i < o.filter_argc; i++)
			if (strlen(o.filter_argv[i]) > size)
				abort();
	} else {
		if (ret != -22 /* EINVAL */)
			abort();
		int quotes = 0, quoted_words = 0;

		if (!memchr(err, '\0', sizeof(err)) || err[0] == '\0')
			abort(); /* a usage error always has a message */
		/* every message names the offending word in quotes; a message
		 * cut short by a NUL character leaves an odd count */
		for (int i = 1; i < argc; i++)
			quoted_words += strchr(words[i], '\'') != NULL;
		for (const char *p = err; *p; p++)
			quotes += *p == '\'';
		if (!quoted_words && strlen(err) < sizeof(err) - 1 &&
		    (quotes < 2 || quotes % 2)) {
			fprintf(stderr, "fuzz_cli: malformed message \"%s\"\n", err);
			abort();
		}
	}
	/* getopt permutes argv, but never invents or loses a word */
	for (int i = 0; i < argc; i++) {
		int found = 0;

		for (int k = 0; k < argc; k++)
			found += argv[k] == words[i];
		if (!found)
			abort();
	}
	free(text);
	return 0;
}
