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
#include "sockview/escape.h"
#include "sockview/fileio.h"
#include "sockview/filter.h"
#include "sockview/format.h"
#include "sockview/format_json.h"
#include "sockview/ifnames.h"
#include "sockview/listing.h"
#include "sockview/nl_diag.h"
#include "sockview/summary.h"
#include "sockview/sysctl.h"
#include "sockview/sysservices.h"

/* The exit statuses, the same in every mode (grep and diff style): 0 a
 * complete answer; 1 the answer is "no" (-q: nothing matched); 2 bad usage;
 * 3 a runtime failure or an incomplete answer. */
enum { EXIT_OK = 0, EXIT_NO = 1, EXIT_USAGE = 2, EXIT_RUNTIME = 3 };

/* What main owns for one run; released by release(). */
struct run {
	struct sv_opts o;
	struct sv_filter *filter;
	char *replay;
	size_t replay_len;
	FILE *record;
	struct sv_nl *nl;
	struct sv_classify *cls;
	struct sv_table_fmt *fmt;
	struct sv_json_fmt *json;
	struct sv_sysservices *services; /* the system services database */
	const char *replay_path; /* --replay, else a non-empty TCPDIAG_FILE */
	uint16_t eph_lo, eph_hi; /* this namespace's ip_local_port_range */
};

static int usage_error(const char *msg)
{
	fprintf(stderr, "sockview: %s\nTry 'sockview --help' for more information.\n", msg);
	return EXIT_USAGE;
}

static int print_text(const char *text)
{
	fputs(text, stdout);
	return fflush(stdout) == 0 || errno == EPIPE ? EXIT_OK : EXIT_RUNTIME;
}

/* The filter from -F FILE or from the words after the options, with port
 * names from the system services database as ss has them; its note, if
 * any, on stderr (the filter escaped the user's words in it). */
static int load_filter(struct run *r)
{
	struct sv_filter_parse_opts po = { .eph_lo = r->eph_lo, .eph_hi = r->eph_hi };
	char err[512], path[256], *text = NULL;
	size_t len;
	int ret;

	if (r->o.filter_file && r->o.filter_argc > 0)
		return usage_error("give the filter either with -F or as words, not both");
	if (!r->o.filter_file && r->o.filter_argc == 0)
		return EXIT_OK;
	if (!r->services && sv_sysservices_load(&r->services) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	po.services = r->services;
	if (r->o.filter_file) {
		sv_escape_text(path, sizeof(path), r->o.filter_file, strlen(r->o.filter_file));
		ret = sv_fileio_read_all(r->o.filter_file, &text, &len);
		if (ret < 0) {
			fprintf(stderr, "sockview: cannot read filter file '%s': %s\n", path,
				strerror(-ret));
			return EXIT_RUNTIME; /* like any file that cannot be read */
		}
		ret = sv_filter_parse_buf_with(text, len, &po, &r->filter, err, sizeof(err));
		free(text);
	} else {
		ret = sv_filter_parse_argv_with(r->o.filter_argc, r->o.filter_argv, &po,
						&r->filter, err, sizeof(err));
	}
	if (ret < 0) {
		fprintf(stderr, "sockview: filter: %s\n", err);
		return EXIT_USAGE;
	}
	if (sv_filter_note(r->filter))
		fprintf(stderr, "sockview: note: %s\n", sv_filter_note(r->filter));
	if (sv_filter_needs_kernel(r->filter) &&
	    (r->o.user_filter || r->replay_path))
		return usage_error("filter: 'autobound' can only be decided by the kernel, "
				   "not with --replay or --no-kernel-filter");
	return EXIT_OK;
}

/* Where the sockets come from: a recorded dump, or the kernel (with -D
 * recording what it sends). */
static int open_input(struct run *r)
{
	const char *replay = r->replay_path;
	int ret;

	if (replay) {
		ret = sv_fileio_read_all(replay, &r->replay, &r->replay_len);
		if (ret < 0) {
			fprintf(stderr, "sockview: cannot read dump file '%s': %s\n",
				replay, strerror(-ret));
			return EXIT_RUNTIME;
		}
		return EXIT_OK;
	}
	if (r->o.dump_file) {
		r->record = fopen(r->o.dump_file, "we");
		if (!r->record) {
			fprintf(stderr, "sockview: cannot create dump file '%s': %s\n",
				r->o.dump_file, strerror(errno));
			return EXIT_RUNTIME;
		}
	}
	ret = sv_nl_open(&r->nl);
	if (ret < 0) {
		fprintf(stderr, "sockview: cannot open a sock_diag netlink socket: %s\n",
			strerror(-ret));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

static int report(int ret, const char *err)
{
	if (ret == 0 || ret == -EPIPE) /* a reader that went away is no error */
		return EXIT_OK;
	if (ret == -EIO && !err[0])
		err = "writing the output failed";
	fprintf(stderr, "sockview: %s\n", err[0] ? err : strerror(-ret));
	return EXIT_RUNTIME;
}

static int table_row(void *ctx, const struct sv_sock *s)
{
	return sv_format_table_row(ctx, s);
}

static int table_finish(void *ctx)
{
	return sv_format_table_finish(ctx);
}

static int json_row(void *ctx, const struct sv_sock *s)
{
	return sv_format_json_row(ctx, s);
}

static int json_finish(void *ctx)
{
	return sv_format_json_finish(ctx);
}

/* The formatter the options ask for, behind struct sv_output. */
static int open_output(struct run *r, struct sv_ifnames *ifn, struct sv_output *out)
{
	struct sv_fmt_opts fo = {
		.netid = (r->o.tables & (r->o.tables - 1)) != 0,
		.state = (r->o.states & (r->o.states - 1)) != 0,
		.header = r->o.header,
		.numeric = r->o.numeric,
		.processes = r->o.processes,
		.aligned = isatty(STDOUT_FILENO) == 1,
		.eph_lo = r->eph_lo,
		.eph_hi = r->eph_hi,
		.ifnames = ifn,
	};
	struct sv_json_opts jo = { .lines = r->o.json_lines,
				   .processes = r->o.processes, .ifnames = ifn };

	if (r->o.json) {
		*out = (struct sv_output){ .row = json_row, .finish = json_finish };
		if (sv_format_json_new(stdout, &jo, &r->json) < 0)
			return -ENOMEM;
		out->ctx = r->json;
		return 0;
	}
	*out = (struct sv_output){ .row = table_row, .finish = table_finish };
	if (sv_format_table_new(stdout, &fo, &r->fmt) < 0)
		return -ENOMEM;
	out->ctx = r->fmt;
	return 0;
}

/* -p could not look into some processes (another user's without root, or
 * protected ones): their sockets show no process. Say so once. */
static void note_processes(const struct run *r, const struct sv_listing *l)
{
	if (!r->o.processes || l->pstats.denied == 0)
		return;
	fprintf(stderr, "sockview: %zu process%s could not be inspected (permission "
			"denied)%s\n", l->pstats.denied, l->pstats.denied == 1 ? "" : "es",
		geteuid() ? "; run as root to see every process" : "");
}

static int run_listing(struct run *r)
{
	struct sv_ifnames ifn;
	struct sv_source src;
	struct sv_listing l = { .opts = &r->o, .filter = r->filter,
				.record = r->record, .replay = r->replay,
				.replay_len = r->replay_len,
				.procroot = r->o.processes ? "/proc" : NULL };
	char err[512] = "";
	int ret;

	sv_ifnames_init(&ifn);
	r->cls = malloc(sizeof(*r->cls));
	if (!r->cls || open_output(r, &ifn, &l.out) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	sv_classify_init(r->cls, r->eph_lo, r->eph_hi);
	if (r->nl) {
		src = sv_nl_source(r->nl);
		l.src = &src;
	}
	l.cls = r->cls;
	ret = sv_listing_run(&l, err, sizeof(err));
	if (l.kernel_refused)
		fprintf(stderr, "sockview: the kernel refused the filter program (%s); "
				"filtered in user space instead%s\n", strerror(l.kernel_refused),
			l.kernel_refused == EPERM ? ": fwmark conditions need CAP_NET_ADMIN "
						    "and match nothing without it" : "");
	note_processes(r, &l);
	if (r->record && fclose(r->record) != 0 && ret == 0) {
		snprintf(err, sizeof(err), "writing dump file '%s': %s",
			 r->o.dump_file, strerror(errno));
		ret = -EIO;
	}
	r->record = NULL;
	return report(ret, err);
}

static void release(struct run *r)
{
	if (r->record)
		fclose(r->record);
	sv_format_table_free(r->fmt);
	sv_format_json_free(r->json);
	sv_nl_close(r->nl);
	sv_filter_free(r->filter);
	sv_sysservices_free(r->services);
	free(r->replay);
	free(r->cls);
}

/* -s: totals from /proc, read before sockview opens any socket of its own
 * (the kernel's "sockets: used" counts them). */
static int run_summary(void)
{
	struct sv_summary sum = { 0 };
	char err[512] = "";
	int ret = sv_summary_read("/proc", &sum, err, sizeof(err));

	if (ret < 0) {
		fprintf(stderr, "sockview: %s\n", err[0] ? err : strerror(-ret));
		return EXIT_RUNTIME;
	}
	ret = sv_summary_print(stdout, &sum);
	if (ret == 0 && fflush(stdout) != 0)
		ret = errno == EPIPE ? -EPIPE : -EIO;
	return report(ret, "");
}

int main(int argc, char **argv)
{
	struct run r = { 0 };
	char err[512];
	int status;

	signal(SIGPIPE, SIG_IGN); /* a closed pipe is EPIPE: we stop quietly */
	if (sv_cli_parse(argc, argv, &r.o, err, sizeof(err)) < 0)
		return usage_error(err);
	if (r.o.help)
		return print_text(sv_cli_usage());
	if (r.o.version)
		return print_text("sockview " SV_VERSION "\n");
	if (r.o.summary)
		return run_summary();
	r.eph_lo = SV_EPH_DEFAULT_LO;
	r.eph_hi = SV_EPH_DEFAULT_HI;
	if (sv_sysctl_read_port_range("/proc", &r.eph_lo, &r.eph_hi) < 0)
		fprintf(stderr, "sockview: cannot read net.ipv4.ip_local_port_range; "
				"assuming %u-%u\n", r.eph_lo, r.eph_hi);
	r.replay_path = r.o.replay_file;
	if (!r.replay_path && getenv("TCPDIAG_FILE") && *getenv("TCPDIAG_FILE"))
		r.replay_path = getenv("TCPDIAG_FILE");
	if (r.o.processes && r.replay_path)
		return usage_error("-p maps this host's processes: it cannot go with a "
				   "recorded dump");
	status = load_filter(&r);
	if (status == EXIT_OK)
		status = open_input(&r);
	if (status == EXIT_OK)
		status = run_listing(&r);
	release(&r);
	return status;
}
