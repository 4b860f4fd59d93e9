/* main.c - sockview: options, then the listing pipeline; the only place that
 * prints errors and chooses exit codes. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sockview/cgpath.h"
#include "sockview/classify.h"
#include "sockview/cli.h"
#include "sockview/escape.h"
#include "sockview/fileio.h"
#include "sockview/filter.h"
#include "sockview/format_cells_misc.h"
#include "sockview/ifnames.h"
#include "sockview/listing.h"
#include "sockview/listing_resolve.h"
#include "sockview/nl_diag.h"
#include "sockview/outfile.h"
#include "sockview/pidnames.h"
#include "sockview/output.h"
#include "sockview/proc_source.h"
#include "sockview/record.h"
#include "sockview/netns.h"
#include "sockview/replay.h"
#include "sockview/selinux.h"
#include "sockview/stdfd.h"
#include "sockview/summary.h"
#include "sockview/sysctl.h"
#include "sockview/sysprotocols.h"
#include "sockview/sysservices.h"
#include "sockview/tables.h"

/* The exit statuses, the same in every mode (grep and diff style): 0 a
 * complete answer; 1 the answer is "no" (-q: nothing matched); 2 bad usage;
 * 3 a runtime failure or an incomplete answer. */
enum { EXIT_OK = 0, EXIT_NO = 1, EXIT_USAGE = 2, EXIT_RUNTIME = 3 };

/* What main owns for one run; released by release(). */
struct run {
	struct sv_opts o;
	int closed_std;          /* SV_STDFD_* bits: descriptors that were closed */
	struct sv_filter *filter;
	char *replay_buf;
	size_t replay_len;
	struct sv_replay *replay;
	struct sv_outfile *dump_out; /* -D FILE */
	struct sv_record *rec;       /* -D */
	struct sv_nl *nl;
	struct sv_proc_source *proc; /* /proc/net: the source, or the fallback */
	struct sv_classify *cls;
	struct sv_output out;
	struct sv_sysservices *services; /* the system services database */
	struct sv_sysprotocols *protocols; /* the protocols database (raw) */
	struct sv_localaddrs local;      /* this namespace's addresses (live) */
	struct sv_pidnames *pidnames;    /* netlink port ids' processes (live,
					    without -n) */
	const struct sv_localaddrs *addrs; /* the live or the recording's */
	struct sv_resolve *resolver; /* -r */
	const char *replay_path; /* --replay, else a non-empty TCPDIAG_FILE */
	uint16_t eph_lo, eph_hi; /* ip_local_port_range (the recording's) */
	struct sv_cgpath *cgroups; /* cgroup ids to paths (-e, --cgroup) */
};

/* stdout's buffer: rows go out in writes of this size. */
#define SV_OUTBUF (1 << 16)

/* A word from the command line or a file name, made safe to print. */
static const char *esc(char *buf, size_t len, const char *word)
{
	sv_escape_text(buf, len, word, strlen(word));
	return buf;
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "sockview: %s\nTry 'sockview --help' for more information.\n", msg);
	return EXIT_USAGE;
}

/* The text of a write error on stdout. */
static const char *out_error_text(const struct run *r, int err)
{
	if (err == -EBADF && (r->closed_std & SV_STDFD_OUT))
		return "standard output is closed";
	return strerror(-err);
}

/* After the output failed: quiet for a reader that went away (EPIPE). */
static int output_failed(const struct run *r, int err)
{
	if (err == -EPIPE)
		return EXIT_OK;
	fprintf(stderr, "sockview: writing the output: %s\n", out_error_text(r, err));
	return EXIT_RUNTIME;
}

static int print_text(const struct run *r, const char *text)
{
	fputs(text, stdout);
	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_OK;
	return output_failed(r, errno ? -errno : -EIO);
}

/* Does mask hold an inet table, whose autobound bit only the kernel's
 * filter reads (a packet or netlink socket's is ss's rule, decided here)? */
static bool inet_tables(uint32_t mask)
{
	for (int t = 0; t < SV_TABLE_MAX; t++)
		if ((mask & (1u << t)) && sv_tables_get((enum sv_table)t)->kind == SV_KIND_INET)
			return true;
	return false;
}

/* The filter from -F FILE or from the words after the options, with port
 * names from the system services database as ss has them; its note, if
 * any, on stderr (the filter escaped the user's words in it). */
static int load_filter(struct run *r)
{
	struct sv_filter_parse_opts po = { .eph_lo = r->eph_lo, .eph_hi = r->eph_hi,
					   .family = r->o.preferred_family,
					   .unix_words = r->o.families == SV_AF(AF_UNIX) };
	const uint32_t unix_tables = 1u << SV_TABLE_UNIX_STREAM | 1u << SV_TABLE_UNIX_DGRAM |
				     1u << SV_TABLE_UNIX_SEQPACKET;
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
		esc(path, sizeof(path), r->o.filter_file);
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
	/* the unix tables decide autobound in user space, as ss does */
	if (sv_filter_needs_kernel(r->filter) && inet_tables(r->o.tables & ~unix_tables) &&
	    (r->o.user_filter || r->replay_path || r->o.source == SV_CLI_SOURCE_PROC))
		return usage_error("filter: 'autobound' can only be decided by the kernel, "
				   "not with --replay, --source=proc or --no-kernel-filter");
	return EXIT_OK;
}

/* --replay FILE: read and check the whole file; a sockview file brings the
 * recording's ephemeral port range. */
static int open_replay(struct run *r)
{
	struct sv_replay_info info;
	char err[512], name[256];
	int ret = sv_fileio_read_all(r->replay_path, &r->replay_buf, &r->replay_len);

	esc(name, sizeof(name), r->replay_path);
	if (ret < 0) {
		fprintf(stderr, "sockview: cannot read dump file '%s': %s\n", name,
			strerror(-ret));
		return EXIT_RUNTIME;
	}
	ret = sv_replay_open(r->replay_buf, r->replay_len, &r->replay, err, sizeof(err));
	if (ret < 0) {
		fprintf(stderr, "sockview: dump file '%s': %s\n", name, err);
		return EXIT_RUNTIME;
	}
	sv_replay_info(r->replay, &info);
	if (info.sockview) {
		r->eph_lo = info.eph_lo;
		r->eph_hi = info.eph_hi;
	}
	r->addrs = info.local;
	return EXIT_OK;
}

/* -D FILE ("-": standard output): the file and its recorder. */
static int open_record(struct run *r)
{
	char name[256];
	int fd = STDOUT_FILENO, ret = 0;

	if (strcmp(r->o.dump_file, "-") != 0) {
		ret = sv_outfile_open(r->o.dump_file, &r->dump_out);
		if (ret == 0)
			fd = sv_outfile_fd(r->dump_out);
	}
	if (ret == 0)
		ret = sv_record_new(fd, &r->rec);
	if (ret < 0) {
		fprintf(stderr, "sockview: cannot create dump file '%s': %s\n",
			esc(name, sizeof(name), r->o.dump_file), strerror(-ret));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* This namespace's addresses, which tell a connection to a local listener
 * from one to another host (classify.h). Without them only loopback
 * addresses count as this host's: say so, and go on. */
static void read_addrs(struct run *r)
{
	char err[256] = "";
	int ret = sv_localaddr_read(&r->local, err, sizeof(err));

	if (ret < 0 && ret != -ENOMEM)
		fprintf(stderr, "sockview: %s; roles will rely on loopback addresses only\n", err);
	else if (ret < 0)
		fprintf(stderr, "sockview: out of memory reading this host's addresses\n");
	r->addrs = &r->local;
}

/* A variable of ss's (PROC_ROOT, PROC_NET_TCP...): empty counts as unset,
 * as TCPDIAG_FILE does. */
static const char *env_of(void *ctx, const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* The /proc/net source, under ss's PROC_ROOT when it is set. */
static int open_proc(struct run *r)
{
	const char *root = env_of(NULL, "PROC_ROOT");
	long hz = sysconf(_SC_CLK_TCK);

	if (sv_proc_source_new(root ? root : "/proc", env_of, NULL,
			       hz > 0 ? (unsigned int)hz : 100, &r->proc) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* Does this errno say that sock_diag is missing or not allowed here? */
static bool nl_refused(int err)
{
	return err == -EPROTONOSUPPORT || err == -EAFNOSUPPORT || err == -ENOENT ||
	       err == -EPERM || err == -EACCES || err == -EOPNOTSUPP;
}

/* Where the sockets come from: a recorded dump; the kernel (with -D
 * recording what it sends, and nothing else: a recording holds sock_diag's
 * answers); the /proc/net files (--source=proc); or, by default, the
 * kernel with /proc/net for what it refuses, all of it when no sock_diag
 * socket opens (said once on stderr: the rows lack some details). */
static int open_input(struct run *r)
{
	int ret;

	if (r->replay_path)
		return open_replay(r);
	if (r->o.dump_file && open_record(r) != EXIT_OK)
		return EXIT_RUNTIME;
	if (!r->rec && r->o.source != SV_CLI_SOURCE_NETLINK && open_proc(r) != EXIT_OK)
		return EXIT_RUNTIME;
	if (r->o.source != SV_CLI_SOURCE_PROC &&
	    (!r->proc || (r->o.tables & ~sv_proc_source_env_tables(env_of, NULL)))) {
		ret = sv_nl_diag_open(&r->nl); /* not when ss's variables name all */
		if (ret < 0 && !(r->proc && nl_refused(ret))) {
			fprintf(stderr, "sockview: cannot open a sock_diag netlink socket: %s\n",
				strerror(-ret));
			return EXIT_RUNTIME;
		}
		if (ret < 0)
			fprintf(stderr, "sockview: cannot open a sock_diag netlink socket "
					"(%s): listing from /proc/net, which lacks some "
					"details (sockview(8), SOURCES)\n", strerror(-ret));
	}
	read_addrs(r);
	return EXIT_OK;
}

/* The width ss spreads its columns over: the terminal's, else $COLUMNS,
 * else none (-1), as ss decides it. */
static int screen_width(void)
{
	struct winsize w;
	const char *cols = getenv("COLUMNS");

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 &&
	    w.ws_col > 0)
		return w.ws_col;
	if (cols && atoi(cols) > 0)
		return atoi(cols);
	return -1;
}

/* The formatter the options ask for; -D shows nothing, as ss -D. */
static int open_output(struct run *r, struct sv_ifnames *ifn)
{
	struct sv_fmt_opts fo = {
		.netid = (r->o.tables & (r->o.tables - 1)) != 0,
		.state = (r->o.states & (r->o.states - 1)) != 0,
		.header = r->o.header,
		.numeric = r->o.numeric,
		.services = r->services,
		.processes = r->o.processes,
		.no_queues = r->o.no_queues,
		.aligned = isatty(STDOUT_FILENO) == 1,
		.screen_width = screen_width(),
		.eph_lo = r->eph_lo,
		.eph_hi = r->eph_hi,
		.ifnames = ifn,
		/* sockview's layout writes timers as ss 7.x; --ss as ss 6.1 */
		.det = { .details = r->o.details, .oneline = r->o.oneline,
			 .numeric = r->o.numeric, .fixed_timer = !r->o.ss_layout },
		.resolve = r->resolver,
		.protocols = r->protocols,
		.borrow = (uint8_t)sv_format_cells_borrow(r->o.tables),
		.pidnames = r->pidnames,
		.bpf = r->o.bpf,
	};
	struct sv_json_opts jo = { .lines = r->o.json_lines,
				   .processes = r->o.processes, .ifnames = ifn,
				   .details = r->o.details, .resolve = r->resolver };
	enum sv_output_kind kind = r->rec ? SV_OUTPUT_NONE : r->o.json ? SV_OUTPUT_JSON :
				   r->o.ss_layout ? SV_OUTPUT_SS : SV_OUTPUT_TABLE;

	/* -e, --cgroup and --container name cgroups: the tree is walked on the
	 * first one */
	if (((r->o.details & (SV_DETAIL_EXT | SV_DETAIL_CGROUP | SV_DETAIL_CONTAINER)) ||
	     sv_filter_needs_containers(r->filter)) &&
	    sv_cgpath_new(NULL, &r->cgroups) < 0)
		return -ENOMEM;
	fo.det.cgroups = jo.cgroups = r->cgroups;

	return sv_output_open(kind, stdout, &fo, &jo, &r->out);
}

/* -p could not look into some processes (another user's without root, or
 * protected ones): their sockets show no process. Say so once. */
static void note_processes(const struct run *r, const struct sv_listing *l)
{
	if ((!r->o.processes && !sv_filter_needs_procs(r->filter)) || l->pstats.denied == 0)
		return;
	fprintf(stderr, "sockview: %zu process%s could not be inspected (permission "
			"denied)%s\n", l->pstats.denied, l->pstats.denied == 1 ? "" : "es",
		geteuid() ? "; run as root to see every process" : "");
}

static void note_refused(const struct sv_listing *l)
{
	if (!l->kernel_refused)
		return;
	fprintf(stderr, "sockview: the kernel refused the filter program (%s); "
			"filtered in user space instead%s\n", strerror(l->kernel_refused),
		l->kernel_refused == EPERM ? ": fwmark conditions need CAP_NET_ADMIN" : "");
}

/* Tables sock_diag refused, listed from /proc/net instead: said once. */
static void note_fallback(const struct sv_listing *l)
{
	const char *sep = "";

	if (!l->fell_back)
		return;
	fprintf(stderr, "sockview: sock_diag refused ");
	for (int t = 0; t < SV_TABLE_MAX; t++) {
		if (l->fell_back & (1u << t)) {
			fprintf(stderr, "%s%s", sep, sv_tables_get((enum sv_table)t)->name);
			sep = ", ";
		}
	}
	fprintf(stderr, " (%s): listed from /proc/net, which lacks some details "
			"(sockview(8), SOURCES)\n", strerror(l->fallback_errno));
}

/* Rows whose match hangs on data the kernel did not send: say how many and
 * why. They make the answer incomplete (not with -D, which lists nothing).
 * procnet: some rows came from /proc/net, which shows no marks nor cgroups. */
static int note_undecided(const struct run *r, const struct sv_listing *l, bool procnet)
{
	static const struct {
		unsigned int bit;
		const char *text;
	} reasons[] = {
		{ SV_FILTER_WHY_MARK, "fwmark needs the socket marks, which the kernel "
				      "sends only to CAP_NET_ADMIN (and never for TIME-WAIT)" },
		{ SV_FILTER_WHY_CGROUP, "cgroup needs the sockets' cgroup ids, which the "
					"kernel did not send" },
		{ SV_FILTER_WHY_KERNEL, "autobound is known only to the kernel's filter" },
	};
	const char *sep = "";

	if (!l->undecided || r->rec)
		return EXIT_OK;
	fprintf(stderr, "sockview: %zu row%s could not be decided and %s not shown: ",
		l->undecided, l->undecided == 1 ? "" : "s", l->undecided == 1 ? "is" : "are");
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		if (l->undecided_why & reasons[i].bit) {
			fprintf(stderr, "%s%s", sep, reasons[i].text);
			sep = "; ";
		}
	}
	if (procnet && (l->undecided_why & (SV_FILTER_WHY_MARK | SV_FILTER_WHY_CGROUP)))
		fprintf(stderr, " (/proc/net shows neither marks nor cgroups)");
	fputc('\n', stderr);
	return EXIT_RUNTIME;
}

/* The diag module of the first table in mask that names one. */
static const char *diag_module(uint32_t mask)
{
	for (int t = 0; t < SV_TABLE_MAX; t++)
		if ((mask >> t) & 1 && sv_tables_get((enum sv_table)t)->diag_module)
			return sv_tables_get((enum sv_table)t)->diag_module;
	return NULL;
}

/* One dump whose sockets no source could list: how many, of which tables,
 * and why, in the words a sysadmin can act on. */
static void note_unlisted_one(const struct sv_listing_unlisted *u)
{
	const char *sep = "", *mod = diag_module(u->tables);

	fprintf(stderr, "sockview: %s%llu socket%s of ", u->at_least ? "at least " : "",
		(unsigned long long)u->sockets, u->sockets == 1 ? "" : "s");
	for (int t = 0; t < SV_TABLE_MAX; t++) {
		if ((u->tables >> t) & 1) {
			fprintf(stderr, "%s%s", sep, sv_tables_get((enum sv_table)t)->name);
			sep = ", ";
		}
	}
	if (u->why && mod)
		fprintf(stderr, " cannot be listed: this kernel lacks %s, the sock_diag "
			"module that dumps them (%s)", mod, strerror(-u->why));
	else if (u->why)
		fprintf(stderr, " cannot be listed: this kernel does not dump them over "
			"sock_diag (%s)", strerror(-u->why));
	else
		fprintf(stderr, " cannot be listed: sockview cannot read that table yet");
	if (u->by_processes)
		fprintf(stderr, "; counted from this namespace's processes, as the kernel "
			"counts none%s", u->at_least ? " (some could not be inspected)" : "");
	fputc('\n', stderr);
}

/* Wanted tables whose sockets no source could list (no sock_diag for them
 * here and no /proc file, or none in sockview yet): say which and how
 * many, one line per dump, as ss would not. The answer is incomplete. */
static int note_unlisted(const struct sv_listing *l)
{
	if (!l->unlisted)
		return EXIT_OK;
	for (size_t i = 0; i < l->nunlisted; i++)
		note_unlisted_one(&l->unlisted_dumps[i]);
	return EXIT_RUNTIME;
}

/* -D: the held parts and the end marker, then the file's name. The status
 * of the run so far comes in; what fails here makes it EXIT_RUNTIME. */
static int finish_record(struct run *r, int status)
{
	char name[256], word[200];
	int ret = sv_record_error(r->rec);

	if (ret == 0 && status == EXIT_OK)
		ret = sv_record_finish(r->rec, r->eph_lo, r->eph_hi, r->addrs);
	if (ret == 0 && status == EXIT_OK && r->dump_out) {
		ret = sv_outfile_commit(r->dump_out);
		r->dump_out = NULL;
	}
	if (ret == 0 || ret == -EPIPE) /* a reader of -D - that went away */
		return status;
	if (strcmp(r->o.dump_file, "-") == 0)
		snprintf(name, sizeof(name), "standard output");
	else
		snprintf(name, sizeof(name), "'%s'", esc(word, sizeof(word), r->o.dump_file));
	if (ret == -ESPIPE)
		fprintf(stderr, "sockview: writing dump file %s: the kernel interrupted a "
				"dump that was partly written to a pipe; the recording is "
				"incomplete\n", name);
	else
		fprintf(stderr, "sockview: writing dump file %s: %s\n", name,
			ret == -EBADF && (r->closed_std & SV_STDFD_OUT) && r->o.dump_file[0] == '-'
			? "standard output is closed" : strerror(-ret));
	return EXIT_RUNTIME;
}

/* -r: the resolver (not for -D, which shows nothing, nor with a budget of
 * 0). One that cannot start leaves the addresses numeric: say so. */
static void open_resolver(struct run *r)
{
	struct sv_resolve_opts ro = { .budget_ms = r->o.resolve_ms };
	char err[256];

	if (!r->o.resolve || !r->o.resolve_ms || r->rec)
		return;
	if (sv_resolve_new(&ro, &r->resolver, err, sizeof(err)) < 0)
		fprintf(stderr, "sockview: %s; addresses are shown as numbers\n", err);
}

/* -r: lookups the budget cut short leave their addresses numeric: say how
 * many (a note: the listing itself is complete). */
static void note_resolve(const struct run *r)
{
	struct sv_resolve_stats st;

	sv_resolve_get_stats(r->resolver, &st);
	if (st.late)
		fprintf(stderr, "sockview: %zu address%s had no name within the %u.%03u s "
				"budget of -r (--resolve-timeout) and %s shown as numbers\n",
			st.late, st.late == 1 ? "" : "es", r->o.resolve_ms / 1000,
			r->o.resolve_ms % 1000, st.late == 1 ? "is" : "are");
}

/* The listing's outcome as an exit status, with its message. */
static int report(struct run *r, const struct sv_listing *l, int ret, const char *err)
{
	if (r->rec && sv_record_error(r->rec))
		return sv_record_error(r->rec) == -EPIPE ? EXIT_OK : EXIT_RUNTIME;
	if (l->out_err)
		return output_failed(r, l->out_err);
	if (ret == 0)
		return EXIT_OK;
	fprintf(stderr, "sockview: %s\n", err[0] ? err : strerror(-ret));
	return EXIT_RUNTIME;
}

static int run_listing(struct run *r)
{
	struct sv_ifnames ifn;
	struct sv_source src, inner, procsrc;
	struct sv_listing l = { .opts = &r->o, .filter = r->filter,
				.roles = !r->o.ss_layout || r->rec || (r->filter &&
			 sv_filter_needs_enrich(r->filter)),
		.tcp_first = r->rec != NULL,
				.procroot = r->o.processes || sv_filter_needs_procs(r->filter) ?
					    "/proc" : NULL,
		.procmap_flags = ((r->o.contexts & SV_CTX_PROCESS) ? SV_PROCMAP_PROC_CTX : 0) |
				 ((r->o.contexts & SV_CTX_SOCKET) ? SV_PROCMAP_SOCK_CTX : 0) |
				 (r->o.threads ? SV_PROCMAP_THREADS : 0) |
				 (sv_filter_needs_containers(r->filter) ||
				  (r->o.details & SV_DETAIL_CONTAINER) ? SV_PROCMAP_CGROUP : 0),
		.procsrc = r->o.procsrc == SV_CLI_PROCSRC_BPF ? SV_PROCSRC_BPF :
			   r->o.procsrc == SV_CLI_PROCSRC_PROC ? SV_PROCSRC_PROC : SV_PROCSRC_AUTO };
	char err[512] = "";
	int ret, status;

	sv_ifnames_init(&ifn);
	open_resolver(r);
	/* ss names a netlink port id's process from $PROC_ROOT or /proc; a
	 * recording's ids are another time's: numbers */
	if (!r->o.numeric && !r->replay &&
	    sv_pidnames_new(getenv("PROC_ROOT") ? getenv("PROC_ROOT") : "/proc",
			    &r->pidnames) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	if (!r->o.numeric && !r->services && sv_sysservices_load(&r->services) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	/* raw sockets' "ports" are IP protocols, named from their database */
	if (!r->o.numeric && (r->o.tables & (1u << SV_TABLE_RAW)) &&
	    sv_sysprotocols_load(&r->protocols) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	r->cls = malloc(sizeof(*r->cls));
	if (!r->cls || open_output(r, &ifn) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	sv_classify_init(r->cls, r->eph_lo, r->eph_hi);
	r->cls->local = r->addrs;
	if (r->proc)
		procsrc = sv_proc_source(r->proc);
	src = r->replay ? sv_replay_source(r->replay) : r->nl ? sv_nl_diag_source(r->nl)
							    : procsrc;
	if (r->rec) {
		inner = src;
		src = sv_record_source(r->rec, &inner);
	}
	l.src = &src;
	if (r->nl && r->proc) { /* auto: /proc/net for what sock_diag refuses,
				   and what ss's variables name */
		l.fallback = &procsrc;
		l.via_fallback = sv_proc_source_env_tables(env_of, NULL);
	}
	l.cls = r->cls;
	l.out = r->out;
	if (sv_filter_needs_containers(r->filter) || (r->o.details & SV_DETAIL_CONTAINER))
		l.cgroups = r->cgroups; /* open_output made the map */
	if (r->resolver)
		sv_listing_resolve_prepass(&l, r->resolver, err, sizeof(err));
	err[0] = '\0';
	ret = sv_listing_run(&l, err, sizeof(err));
	note_fallback(&l);
	note_resolve(r);
	note_refused(&l);
	note_processes(r, &l);
	status = report(r, &l, ret, err);
	if (status == EXIT_OK)
		status = note_undecided(r, &l, r->proc && (!r->nl || l.via_fallback));
	if (note_unlisted(&l) != EXIT_OK)
		status = EXIT_RUNTIME;
	if (r->rec)
		status = finish_record(r, status);
	return status;
}

static void release(struct run *r)
{
	sv_outfile_discard(r->dump_out);
	sv_record_free(r->rec);
	sv_output_close(&r->out);
	sv_nl_diag_close(r->nl);
	sv_proc_source_free(r->proc);
	sv_filter_free(r->filter);
	sv_resolve_free(r->resolver);
	sv_sysservices_free(r->services);
	sv_sysprotocols_free(r->protocols);
	sv_localaddr_free(&r->local);
	sv_cgpath_free(r->cgroups);
	sv_pidnames_free(r->pidnames);
	sv_replay_free(r->replay);
	free(r->replay_buf);
	if (r->cls)
		sv_classify_release(r->cls);
	free(r->cls);
}

/* -s: totals from /proc, read before sockview opens any socket of its own
 * (the kernel's "sockets: used" counts them). */
static int run_summary(const struct run *r)
{
	struct sv_summary sum = { 0 };
	char err[512] = "";
	int ret = sv_summary_read("/proc", &sum, err, sizeof(err));

	if (ret < 0) {
		fprintf(stderr, "sockview: %s\n", err[0] ? err : strerror(-ret));
		return EXIT_RUNTIME;
	}
	ret = sv_summary_print(stdout, &sum);
	if (ret == 0 && (fflush(stdout) != 0 || ferror(stdout)))
		ret = errno ? -errno : -EIO;
	return ret < 0 ? output_failed(r, ret) : EXIT_OK;
}

/* Options that need more than the parser knows. */
static int check_usage(struct run *r)
{
	if (r->o.processes && r->replay_path)
		return usage_error("-p maps this host's processes: it cannot go with a "
				   "recorded dump");
	if (r->o.dump_file && r->replay_path)
		return usage_error("-D records the kernel's dump: it cannot go with a "
				   "recorded dump");
	if (r->o.source == SV_CLI_SOURCE_PROC && (r->replay_path || r->o.dump_file))
		return usage_error(r->replay_path ?
			"--source=proc reads /proc/net: it cannot go with a recorded dump" :
			"-D records sock_diag's dumps: it cannot go with --source=proc");
	if (r->o.dump_file && (r->o.processes || r->o.json))
		return usage_error("-D writes the dump and shows nothing: it cannot go "
				   "with -p or -j");
	return EXIT_OK;
}

/* -N: into the namespace before any socket or /proc/net file is opened
 * (both follow the namespace of the process that opens them). */
static int enter_netns(const char *name)
{
	char path[4096], shown[512];
	int ret = sv_netns_path(name, path, sizeof(path));

	if (ret == 0)
		ret = sv_netns_enter(path);
	if (ret == 0)
		return EXIT_OK;
	sv_escape_text(shown, sizeof(shown), name, strlen(name));
	fprintf(stderr, "sockview: cannot enter network namespace '%s': %s%s\n", shown,
		strerror(-ret),
		ret == -EPERM || ret == -EACCES ? " (it needs root, or CAP_SYS_ADMIN)" :
		ret == -EINVAL && strchr(name, '/') ? " (not a network namespace)" :
		ret == -ENOENT && !strchr(name, '/') ? " (no such name under "
						      SV_NETNS_RUN_DIR ")" : "");
	return EXIT_RUNTIME;
}

/* Everything but the exit: outbuf is stdout's buffer. */
static int sockview(int argc, char **argv, char *outbuf)
{
	struct run r = { 0 };
	char err[512];
	int status;

	r.closed_std = sv_stdfd_fix();
	/* glibc ignores setvbuf's size when no buffer is given: give one */
	setvbuf(stdout, outbuf, _IOFBF, SV_OUTBUF);
	if (r.closed_std < 0)
		return EXIT_RUNTIME; /* no /dev/null: nowhere to say so */
	signal(SIGPIPE, SIG_IGN); /* a closed pipe is EPIPE: we stop quietly */
	if (sv_cli_parse(argc, argv, &r.o, err, sizeof(err)) < 0)
		return usage_error(err);
	if (r.o.help)
		return print_text(&r, sv_cli_usage());
	if (r.o.version) {
		char text[160];

		snprintf(text, sizeof(text), "sockview %s\n-p: %s\n", SV_VERSION,
			 sv_procmap_bpf_built() ? "one in-kernel pass (BPF) where it can run, "
						  "else /proc"
						: "/proc (built without libbpf)");
		return print_text(&r, text);
	}
	if (r.o.contexts && !sv_selinux_enabled(SV_SELINUX_MNT, SV_SELINUX_CONFIG)) {
		fputs("sockview: SELinux is not enabled.\n", stderr); /* ss's words */
		return EXIT_NO; /* and its status */
	}
	if (r.o.contexts || r.o.threads)
		r.o.processes = true; /* the contexts, the threads go with each
					 holder, as ss */
	if (r.o.threads && r.o.procsrc == SV_CLI_PROCSRC_BPF)
		return usage_error("-T reads each thread from /proc: it cannot go with "
				   "--process-source=bpf");
	if (r.o.netns && enter_netns(r.o.netns) != EXIT_OK)
		return EXIT_RUNTIME;
	if (r.o.summary && getenv("TCPDIAG_FILE") && *getenv("TCPDIAG_FILE"))
		return usage_error("-s reads this host's totals from /proc: it cannot go "
				   "with TCPDIAG_FILE (a recorded dump)");
	if (r.o.summary)
		return run_summary(&r);
	r.eph_lo = SV_EPH_DEFAULT_LO;
	r.eph_hi = SV_EPH_DEFAULT_HI;
	if (sv_sysctl_read_port_range("/proc", &r.eph_lo, &r.eph_hi) < 0)
		fprintf(stderr, "sockview: cannot read net.ipv4.ip_local_port_range; "
				"assuming %u-%u\n", r.eph_lo, r.eph_hi);
	r.replay_path = r.o.replay_file;
	if (!r.replay_path && getenv("TCPDIAG_FILE") && *getenv("TCPDIAG_FILE"))
		r.replay_path = getenv("TCPDIAG_FILE");
	status = check_usage(&r);
	if (status == EXIT_OK)
		status = load_filter(&r);
	if (status == EXIT_OK && r.replay_path && sv_filter_needs_procs(r.filter))
		status = usage_error("pid and comm ask this host's processes: they cannot "
				     "go with a recorded dump");
	if (status == EXIT_OK)
		status = open_input(&r);
	if (status == EXIT_OK)
		status = run_listing(&r);
	release(&r);
	return status;
}

int main(int argc, char **argv)
{
	char outbuf[SV_OUTBUF]; /* stdout's buffer: exit() flushes it while this
				   frame still stands, as main does not return */

	exit(sockview(argc, argv, outbuf));
}
