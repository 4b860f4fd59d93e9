/* cli_why.h - the options of `sockview why`. */
#ifndef SOCKVIEW_CLI_WHY_H
#define SOCKVIEW_CLI_WHY_H

#include <stdbool.h>
#include <stddef.h>

struct sv_why_opts {
	const char *target;     /* the one word after the options */
	bool to;                /* --to: the client's side */
	bool json;              /* -j, --json */
	bool help;              /* -h, --help */
	unsigned int sample_ms; /* --sample=SECONDS: how long the counters are
				   watched (default 1 s; 0: not at all) */
	const char *replay;     /* --replay=FILE: a recorded dump */
	const char *baseline;   /* --baseline=FILE: a dump recorded earlier (when
				   it worked): its listeners of the port */
};

/* Parse argv (argv[0] is "why"). Returns 0, or -EINVAL with a message
 * naming the word at fault in err. */
int sv_cli_parse_why(int argc, char **argv, struct sv_why_opts *o, char *err, size_t errlen);

/* The text of `sockview why --help`. */
const char *sv_cli_why_usage(void);

#endif
