/* main.c - sockview: options, then the listing pipeline; with its parts
 * (main_priv.h) the only place that prints errors and chooses exit codes. */
#include "sockview/nftread.h"

#include "main_priv.h"

/* stdout's buffer: rows go out in writes of this size. */
#define SV_OUTBUF (1 << 16)

/* See main_priv.h. */
const char *sv_main_esc(char *buf, size_t len, const char *word)
{
	sv_escape_text(buf, len, word, strlen(word));
	return buf;
}

/* See main_priv.h. */
int sv_main_usage_error(const char *msg)
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

/* See main_priv.h. */
int sv_main_output_failed(const struct run *r, int err)
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
	return sv_main_output_failed(r, errno ? -errno : -EIO);
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
int sv_main_load_filter(struct run *r)
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
		return sv_main_usage_error("give the filter either with -F or as words, not both");
	if (!r->o.filter_file && r->o.filter_argc == 0)
		return EXIT_OK;
	if (!r->services && sv_sysservices_load(&r->services) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	po.services = r->services;
	if (r->o.filter_file) {
		sv_main_esc(path, sizeof(path), r->o.filter_file);
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
	    (r->o.user_filter || r->replay_path || r->o.source == SV_CLI_SOURCE_PROC ||
	     r->o.events))
		return sv_main_usage_error("filter: 'autobound' can only be decided by the kernel, "
				   "not with --replay, --source=proc, --no-kernel-filter or -E");
	return EXIT_OK;
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
		snprintf(name, sizeof(name), "'%s'", sv_main_esc(word, sizeof(word), r->o.dump_file));
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

/* See main_priv.h. */
void sv_main_listing_init(struct run *r, struct sv_listing *l)
{
	memset(l, 0, sizeof(*l));
	l->opts = &r->o;
	l->filter = r->filter;
	l->roles = !r->o.ss_layout || r->rec || (r->filter && sv_filter_needs_enrich(r->filter));
	l->tcp_first = r->rec != NULL;
	/* a recording keeps each family's part; -K says what it closed in order */
	l->any_order = (r->o.count || r->o.prom || r->o.quiet || r->o.all_netns) && !r->rec &&
		       !r->o.kill;
	l->procroot = r->o.processes || sv_filter_needs_procs(r->filter) ? "/proc" : NULL;
	l->procmap_flags = ((r->o.contexts & SV_CTX_PROCESS) ? SV_PROCMAP_PROC_CTX : 0) |
			   ((r->o.contexts & SV_CTX_SOCKET) ? SV_PROCMAP_SOCK_CTX : 0) |
			   (r->o.threads ? SV_PROCMAP_THREADS : 0) |
			   (sv_filter_needs_containers(r->filter) ||
			    ((r->o.details | r->o.collect) & SV_DETAIL_CONTAINER) ? SV_PROCMAP_CGROUP : 0);
	l->procsrc = r->o.procsrc == SV_CLI_PROCSRC_BPF ? SV_PROCSRC_BPF :
		     r->o.procsrc == SV_CLI_PROCSRC_PROC ? SV_PROCSRC_PROC : SV_PROCSRC_AUTO;
	l->cls = r->cls;
	l->out = r->out;
	if (sv_filter_needs_containers(r->filter) || ((r->o.details | r->o.collect) & SV_DETAIL_CONTAINER))
		l->cgroups = r->cgroups; /* open_output made the map */
}

/* See main_priv.h. */
int sv_main_open_shared(struct run *r)
{
	sv_ifnames_init(&r->ifn);
	open_resolver(r);
	/* ss names a netlink port id's process from $PROC_ROOT or /proc; a
	 * recording's ids are another time's: numbers */
	if (!r->o.numeric && !r->replay &&
	    sv_pidnames_new(getenv("PROC_ROOT") ? getenv("PROC_ROOT") : "/proc",
			    &r->pidnames) < 0)
		return -ENOMEM;
	if (!r->o.numeric && !r->services && sv_sysservices_load(&r->services) < 0)
		return -ENOMEM;
	/* raw sockets' "ports" are IP protocols, named from their database */
	if (!r->o.numeric && (r->o.tables & (1u << SV_TABLE_RAW)) &&
	    sv_sysprotocols_load(&r->protocols) < 0)
		return -ENOMEM;
	r->cls = calloc(1, sizeof(*r->cls));
	if (!r->cls || sv_main_open_output(r, &r->ifn) < 0)
		return -ENOMEM;
	return 0;
}

/* See main_priv.h. */
int sv_main_list(struct run *r, struct sv_listing *l, char *err, size_t errlen)
{
	struct sv_source src, inner, procsrc = { 0 };

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
	l->src = &src;
	if (r->nl && r->proc) { /* auto: /proc/net for what sock_diag refuses,
				   and what ss's variables name */
		l->fallback = &procsrc;
		l->via_fallback = sv_proc_source_env_tables(sv_main_env_of, NULL);
	}
	if (r->resolver)
		sv_listing_resolve_prepass(l, r->resolver, err, errlen);
	err[0] = '\0';
	return sv_listing_run(l, err, errlen);
}

static int run_listing(struct run *r)
{
	struct sv_listing l;
	char err[512] = "";
	int ret, status;

	if (sv_main_open_shared(r) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	sv_main_listing_init(r, &l);
	if (sv_main_kill_open(r, &l) != EXIT_OK)
		return EXIT_RUNTIME;
	ret = sv_main_list(r, &l, err, sizeof(err));
	status = sv_main_notes(r, &l, ret, err, true);
	status = sv_main_kill_notes(r, status);
	if (r->rec)
		status = finish_record(r, status);
	return status;
}

/* See main_priv.h. */
void sv_main_release(struct run *r)
{
	sv_main_outfile_end(r, EXIT_RUNTIME); /* not put in place: discarded */
	free(r->prom);
	sv_outfile_discard(r->dump_out);
	sv_record_free(r->rec);
	sv_output_close(&r->out);
	sv_nl_diag_close(r->nl);
	sv_nl_diag_close(r->kill_nl);
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

/* Options that need more than the parser knows. */
static int check_usage(struct run *r)
{
	if (r->o.processes && r->replay_path)
		return sv_main_usage_error("-p maps this host's processes: it cannot go with a "
				   "recorded dump");
	if (r->o.dump_file && r->replay_path)
		return sv_main_usage_error("-D records the kernel's dump: it cannot go with a "
				   "recorded dump");
	if (r->o.source == SV_CLI_SOURCE_PROC && (r->replay_path || r->o.dump_file))
		return sv_main_usage_error(r->replay_path ?
			"--source=proc reads /proc/net: it cannot go with a recorded dump" :
			"-D records sock_diag's dumps: it cannot go with --source=proc");
	if (r->o.all_netns && (r->o.dump_file || r->replay_path))
		return sv_main_usage_error(r->replay_path ?
			"--all-netns lists the live namespaces: it cannot go with a recorded "
			"dump" : "-D records one namespace's dump: it cannot go with --all-netns");
	if (r->o.dump_file && (r->o.processes || r->o.json))
		return sv_main_usage_error("-D writes the dump and shows nothing: it cannot go "
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
	if (argc > 1 && strcmp(argv[1], "why") == 0)
		return sv_main_why(argc - 1, argv + 1);
	if (sv_cli_parse(argc, argv, &r.o, err, sizeof(err)) < 0)
		return sv_main_usage_error(err);
	if (r.o.help)
		return print_text(&r, sv_cli_usage());
	if (r.o.columns_help) {
		int ret = sv_colspec_help_write(stdout);

		return ret < 0 ? sv_main_output_failed(&r, ret) : EXIT_OK;
	}
	sv_main_output_needs(&r.o);
	if (r.o.version) {
		char text[240];

		snprintf(text, sizeof(text), "sockview %s\n-p: %s\nwhy, NAT rules: %s\n", SV_VERSION,
			 sv_procmap_bpf_built() ? "one in-kernel pass (BPF) where it can run, "
						  "else /proc"
						: "/proc (built without libbpf)",
			 sv_nft_available() ? "nftables, through libnftables"
					    : "not read (built without libnftables)");
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
		return sv_main_usage_error("-T reads each thread from /proc: it cannot go with "
				   "--process-source=bpf");
	if (r.o.all_netns && (r.o.netns || r.o.summary || r.o.ss_layout))
		return sv_main_usage_error(r.o.netns ? "--all-netns lists every namespace: it cannot "
						       "go with -N" :
					   r.o.summary ? "-s reads one namespace's totals: it cannot "
							 "go with --all-netns" :
					   "--all-netns labels each row with its namespace, which "
					   "ss's layout has no column for: leave out --ss");
	if (r.o.netns && enter_netns(r.o.netns) != EXIT_OK)
		return EXIT_RUNTIME;
	if (r.o.summary && getenv("TCPDIAG_FILE") && *getenv("TCPDIAG_FILE"))
		return sv_main_usage_error("-s reads this host's totals from /proc: it cannot go "
				   "with TCPDIAG_FILE (a recorded dump)");
	if ((status = sv_main_outfile_open(&r)) != EXIT_OK)
		return status;
	if (r.o.summary)
		return sv_main_summary(&r);
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
		status = sv_main_load_filter(&r);
	if (status == EXIT_OK && r.replay_path && sv_filter_needs_procs(r.filter))
		status = sv_main_usage_error("pid and comm ask this host's processes: they cannot "
				     "go with a recorded dump");
	if (status == EXIT_OK && r.o.watch_ms && (r.o.all_netns || r.o.ss_layout || r.o.dump_file ||
						   r.replay_path || r.o.events || r.o.kill))
		status = sv_main_usage_error("--watch lists this namespace again and again: it "
					     "cannot go with --all-netns, --ss, -D, -E, -K or a "
					     "recorded dump");
	if (status == EXIT_OK && r.o.prom)
		status = sv_main_prom_prepare(&r);
	if (status == EXIT_OK)
		status = sv_main_events_check(&r);
	if (status == EXIT_OK)
		status = sv_main_kill_check(&r);
	if (status == EXIT_OK && r.o.all_netns)
		status = sv_main_all_netns(&r);
	else if (status == EXIT_OK && r.o.events)
		status = sv_main_events(&r);
	else if (status == EXIT_OK)
		status = sv_main_open_input(&r);
	if (status == EXIT_OK && !r.o.all_netns && !r.o.events)
		status = r.o.watch_ms ? sv_main_watch(&r) : run_listing(&r);
	/* -q: a match is a complete "yes"; no match is "no" (1), unless the
	 * answer is incomplete (3) or the run failed */
	if (r.o.quiet && (status == EXIT_OK || status == EXIT_RUNTIME))
		status = r.quiet_rows ? EXIT_OK : status == EXIT_OK ? EXIT_NO : status;
	status = sv_main_outfile_end(&r, status);
	sv_main_release(&r);
	return status;
}

int main(int argc, char **argv)
{
	char outbuf[SV_OUTBUF]; /* stdout's buffer: exit() flushes it while this
				   frame still stands, as main does not return */

	exit(sockview(argc, argv, outbuf));
}