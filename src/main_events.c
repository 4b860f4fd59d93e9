/* main_events.c - main's part for -E: what it cannot go with, the wait for
 * SIGINT and SIGTERM (a signalfd the events source polls), the run
 * (follow.h) and its outcome: losses on stderr as they come, the status. */
#include <sys/signalfd.h>

#include "main_priv.h"

/* The receive queue asked for: room for some 10,000 events in a burst. */
#define EVENTS_RCVBUF (4 << 20)

/* See main_priv.h. */
int sv_main_events_check(struct run *r)
{
	uint32_t tables = 0;

	if (r->o.timestamp && (!r->o.events || r->o.ss_layout))
		return sv_main_usage_error(!r->o.events ? "--timestamp stamps the events of -E: "
							  "it goes with -E only" :
					   "--ss prints ss's columns alone, which have no time: "
					   "leave out --ss or --timestamp");
	if (!r->o.events)
		return EXIT_OK;
	if (r->o.kill || r->replay_path || r->o.dump_file || r->o.all_netns ||
	    r->o.source == SV_CLI_SOURCE_PROC)
		return sv_main_usage_error(r->o.kill ? "-E shows sockets already closed: it cannot "
						       "go with -K" :
					   r->replay_path ? "-E follows the live kernel: it cannot "
							    "go with a recorded dump" :
					   r->o.dump_file ? "-D records dumps: it cannot go with -E" :
					   r->o.all_netns ? "-E follows one network namespace: it "
							    "cannot go with --all-netns" :
					   "-E reads sock_diag's events: it cannot go with "
					   "--source=proc");
	if (r->o.resolve)
		return sv_main_usage_error("-r's lookups open and close sockets of their own, "
				   "which -E would show, within one time budget for the "
				   "whole run: -E cannot go with -r");
	if (r->o.processes || sv_filter_needs_procs(r->filter))
		return sv_main_usage_error("a destroyed socket has no process any more: -E cannot "
				   "go with -p, -T, -Z, -z, pid or comm");
	if (r->o.states_given)
		return sv_main_usage_error("-E shows destroyed sockets, all of them closed: state "
				   "and exclude words cannot choose among them");
	for (int t = 0; t < SV_TABLE_MAX; t++)
		if (sv_tables_event_group((enum sv_table)t, AF_INET))
			tables |= 1u << t;
	if (!(r->o.tables & tables))
		return sv_main_usage_error("-E follows tcp and udp sockets only (the kernel "
				   "announces no others): none of the tables asked for");
	r->o.tables &= tables;
	r->o.states = SV_STATES_ALL; /* the kernel reports them in CLOSE */
	return EXIT_OK;
}

static int drops_of(void *ctx, uint64_t *n)
{
	return sv_events_drops(ctx, n);
}

/* A loss, said as it happens: the run goes on. */
static void say_loss(void *ctx, uint64_t n)
{
	if (n)
		fprintf(stderr, "sockview: %llu destroy event%s lost (the kernel's queue for "
				"sockview was full); going on\n", (unsigned long long)n,
			n == 1 ? "" : "s");
	else
		fprintf(stderr, "sockview: destroy events lost (the kernel's queue for sockview "
				"was full); going on\n");
}

/* SIGINT and SIGTERM as a descriptor the source polls (blocked, so they
 * no longer end the process). Returns the descriptor, or -1 (errno). */
static int stop_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/* The outcome of a run as an exit status, with its messages. */
static int outcome(struct run *r, const struct sv_follow *f, int ret, const char *err)
{
	const struct sv_listing *l = f->l;
	int status = EXIT_OK;

	if (ret == 0 && (ret = l->out.finish(l->out.ctx)) < 0)
		return sv_main_output_failed(r, ret);
	if (l->out_err)
		return sv_main_output_failed(r, l->out_err);
	if (ret < 0) {
		fprintf(stderr, "sockview: %s%s\n", err[0] ? err : strerror(-ret),
			ret == -EPERM || ret == -EACCES ? " (joining needs CAP_NET_ADMIN here)" : "");
		return EXIT_RUNTIME;
	}
	sv_main_note_resolve(r);
	if (f->losses) {
		fprintf(stderr, "sockview: destroy events were lost %llu time%s",
			(unsigned long long)f->losses, f->losses == 1 ? "" : "s");
		if (f->lost)
			fprintf(stderr, " (%llu events)", (unsigned long long)f->lost);
		fprintf(stderr, "; the list is incomplete\n");
		status = EXIT_RUNTIME;
	}
	if (sv_main_note_undecided(r, l, false) != EXIT_OK)
		status = EXIT_RUNTIME;
	return status;
}

/* See main_priv.h. */
int sv_main_events(struct run *r)
{
	struct sv_events_opts eo = { .out_fd = STDOUT_FILENO, .rcvbuf = EVENTS_RCVBUF };
	struct sv_events *ev = NULL;
	struct sv_listing l;
	struct sv_source src;
	struct sv_follow f;
	char err[512] = "";
	int ret, status;

	eo.stop_fd = stop_signals();
	if (eo.stop_fd < 0) {
		fprintf(stderr, "sockview: -E: cannot wait for SIGINT and SIGTERM: %s\n",
			strerror(errno));
		return EXIT_RUNTIME;
	}
	ret = sv_events_open(&eo, &ev);
	if (ret < 0) {
		fprintf(stderr, "sockview: cannot open a sock_diag netlink socket: %s\n",
			strerror(-ret));
		close(eo.stop_fd);
		return EXIT_RUNTIME;
	}
	sv_main_read_addrs(r);
	if (sv_main_open_shared(r) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		status = EXIT_RUNTIME;
	} else {
		sv_main_listing_init(r, &l);
		sv_classify_init(r->cls, r->eph_lo, r->eph_hi);
		r->cls->local = r->addrs;
		src = sv_events_source(ev);
		l.src = &src;
		f = (struct sv_follow){ .l = &l, .src = &src, .drops = drops_of,
					.on_loss = say_loss, .ctx = ev };
		ret = sv_follow_run(&f, err, sizeof(err));
		status = outcome(r, &f, ret, err);
	}
	sv_events_close(ev);
	close(eo.stop_fd);
	return status;
}
