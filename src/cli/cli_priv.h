/* cli_priv.h - what cli.c shares with the parsers of its option values
 * (cli_output.c). Private to cli/. */
#ifndef SOCKVIEW_CLI_PRIV_H
#define SOCKVIEW_CLI_PRIV_H

#include <stddef.h>

#include "sockview/cli.h"

/* The options cli_output.c reads. */
enum sv_cli_out {
	SV_CLI_OUT_COLUMNS, /* --columns=LIST | help */
	SV_CLI_OUT_COUNT,   /* --count[=LIST] */
	SV_CLI_OUT_SORT,    /* --sort=LIST */
	SV_CLI_OUT_COLOR,   /* --color[=auto|always|never] */
};

/* Apply output option which with its argument arg (NULL: left out).
 * Returns 0, or -EINVAL with a message in err. */
int sv_cli_output_option(enum sv_cli_out which, const char *arg, struct sv_opts *o,
			 char *err, size_t errlen);

/* The usage errors of the output options with the rest: -q with an
 * output, --count with --sort or --columns... Returns 0 or -EINVAL. */
int sv_cli_output_check(const struct sv_opts *o, char *err, size_t errlen);

#endif
