/* main.c - sockview: options, then the listing pipeline; the only place that
 * prints errors and chooses exit codes. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockview/classify.h"
#include "sockview/cli.h"
#include "sockview/filter.h"
#include "sockview/format.h"
#include "sockview/ifnames.h"
#include "sockview/listing.h"
#include "sockview/nl_diag.h"
#include "sockview/sysctl.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

static int usage_error(const char *msg)
{
	fprintf(stderr, "sockview: %s\nTry 'sockview --help' for more information.\n", msg);
	return EXIT_USAGE;
}

/* Exit status for a write error on stdout: a reader that went away (| head)
 * is not an error. */
static int output_status(int ret)
{
	if (ret == -EPIPE)
		return EXIT_OK;
	fprintf(stderr, "sockview: writing the output: %s\n", strerror(-ret));
	return EXIT_RUNTIME;
}

static int run_listing(const struct sv_opts *o, struct sv_filter *filter)
{
	struct sv_classify *cls = malloc(sizeof(*cls));
	struct sv_ifnames ifn;
	struct sv_fmt_opts fo = {
		.netid = (o->tables & (o->tables - 1)) != 0,
		.state = (o->states & (o->states - 1)) != 0,
		.header = o->header,
		.numeric = o->numeric,
		.aligned = isatty(STDOUT_FILENO) == 1,
		.ifnames = &ifn,
	};
	struct sv_listing l = { .opts = o, .cls = cls, .filter = filter };
	struct sv_nl *nl = NULL;
	struct sv_source src;
	uint16_t lo = SV_EPH_DEFAULT_LO, hi = SV_EPH_DEFAULT_HI;
	char err[512] = "";
	int ret, status = EXIT_OK;

	if (!cls) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	sv_ifnames_init(&ifn);
	if (sv_sysctl_read_port_range("/proc", &lo, &hi) < 0)
		fprintf(stderr, "sockview: cannot read net.ipv4.ip_local_port_range; "
				"assuming %u-%u\n", lo, hi);
	sv_classify_init(cls, lo, hi);
	ret = sv_nl_open(&nl);
	if (ret < 0) {
		fprintf(stderr, "sockview: cannot open a sock_diag netlink socket: %s\n",
			strerror(-ret));
		free(cls);
		return EXIT_RUNTIME;
	}
	src = sv_nl_source(nl);
	l.src = &src;
	ret = sv_format_table_new(stdout, &fo, &l.fmt);
	if (ret == 0)
		ret = sv_listing_run(&l, err, sizeof(err));
	if (ret == -EPIPE || ret == -EIO)
		status = output_status(ret);
	else if (ret < 0) {
		fprintf(stderr, "sockview: %s\n", err[0] ? err : strerror(-ret));
		status = EXIT_RUNTIME;
	}
	sv_format_table_free(l.fmt);
	sv_nl_close(nl);
	free(cls);
	return status;
}

int main(int argc, char **argv)
{
	struct sv_opts o;
	struct sv_filter *filter = NULL;
	char err[512];
	int status;

	signal(SIGPIPE, SIG_IGN); /* a closed pipe is EPIPE: we stop quietly */
	if (sv_cli_parse(argc, argv, &o, err, sizeof(err)) < 0)
		return usage_error(err);
	if (o.help) {
		fputs(sv_cli_usage(), stdout);
		return fflush(stdout) == 0 || errno == EPIPE ? EXIT_OK : EXIT_RUNTIME;
	}
	if (o.version) {
		printf("sockview %s\n", SV_VERSION);
		return fflush(stdout) == 0 || errno == EPIPE ? EXIT_OK : EXIT_RUNTIME;
	}
	if (o.filter_argc > 0 &&
	    sv_filter_parse_argv(o.filter_argc, o.filter_argv, &filter, err, sizeof(err)) < 0) {
		fprintf(stderr, "sockview: filter: %s\n", err);
		return EXIT_USAGE;
	}
	status = run_listing(&o, filter);
	sv_filter_free(filter);
	return status;
}
