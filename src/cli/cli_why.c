/* cli_why.c - the options of `sockview why` (cli_why.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/cli_why.h"
#include "sockview/escape.h"

static const char usage[] =
	"Usage: sockview why [OPTIONS] TARGET\n"
	"Say in plain words why connections to TARGET fail or stall, most likely cause\n"
	"first, with the sockets and numbers behind each finding and what to run next.\n"
	"TARGET: PORT or :SERVICE (this host's port), ADDR:PORT or [IPV6]:PORT, or\n"
	"unix:/PATH (a unix socket).\n"
	"  --to               the client's side: connections from this host to TARGET\n"
	"                     (attempts that hang, ports running out, resets)\n"
	"  --sample=SECONDS   watch the kernel's counters this long (default 1; 0: read\n"
	"                     them once); only when something listens, or with --to\n"
	"  -j, --json         the findings as one JSON object\n"
	"      --replay=FILE  diagnose a recorded dump (-D); findings that need live\n"
	"                     counters are marked unavailable\n"
	"      --baseline=FILE  a dump recorded earlier (-D, when it worked): when\n"
	"                     nothing listens now, say what listened then\n"
	"  -h, --help         this text\n"
	"Exit status: 0 nothing wrong, 1 a likely cause found, 2 bad usage, 3 the\n"
	"sockets or counters could not be read.\n";

/* See cli_why.h. */
const char *sv_cli_why_usage(void)
{
	return usage;
}

/* "1", "0.5", "0": at most 60 s, in milliseconds. */
static int parse_seconds(const char *s, unsigned int *ms)
{
	char *end;
	double v;

	if (!*s || !strchr("0123456789.", *s))
		return -EINVAL;
	v = strtod(s, &end);
	if (*end || v < 0 || v > 60)
		return -EINVAL;
	*ms = (unsigned int)(v * 1000 + 0.5);
	return 0;
}

static int bad(char *err, size_t errlen, const char *what, const char *word)
{
	char shown[160];

	sv_escape_text(shown, sizeof(shown), word, strlen(word));
	snprintf(err, errlen, "why: %s '%s'", what, shown);
	return -EINVAL;
}

/* See cli_why.h. */
int sv_cli_parse_why(int argc, char **argv, struct sv_why_opts *o, char *err, size_t errlen)
{
	enum { OPT_TO = 256, OPT_SAMPLE, OPT_REPLAY, OPT_BASELINE };
	static const struct option longs[] = {
		{ "to", no_argument, NULL, OPT_TO },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{ "json", no_argument, NULL, 'j' },
		{ "replay", required_argument, NULL, OPT_REPLAY },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->sample_ms = 1000;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jh", longs, NULL)) != -1) {
		switch (c) {
		case OPT_TO: o->to = true; break;
		case 'j': o->json = true; break;
		case 'h': o->help = true; break;
		case OPT_REPLAY: o->replay = optarg; break;
		case OPT_BASELINE: o->baseline = optarg; break;
		case OPT_SAMPLE:
			if (parse_seconds(optarg, &o->sample_ms) < 0)
				return bad(err, errlen, "--sample wants 0 to 60 seconds, not", optarg);
			break;
		default: {
			char shortopt[3] = { '-', (char)optopt, 0 };

			return bad(err, errlen, "unknown option, or one without its value:",
				   optopt > 0 && optopt < 128 ? shortopt : argv[optind - 1]);
		}
		}
	}
	if (o->help)
		return 0;
	if (optind >= argc) {
		snprintf(err, errlen, "why: no target (PORT, :SERVICE, ADDR:PORT or unix:/PATH)");
		return -EINVAL;
	}
	if (optind + 1 < argc)
		return bad(err, errlen, "one target only; extra word", argv[optind + 1]);
	o->target = argv[optind];
	return 0;
}
