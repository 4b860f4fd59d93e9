/* main_priv.h - what main.c and its parts (main_input.c, main_notes.c,
 * main_netns.c) share: the run's state, the exit statuses and the helpers
 * that print. Only these files print errors or choose exit codes. */
#ifndef SOCKVIEW_MAIN_PRIV_H
#define SOCKVIEW_MAIN_PRIV_H

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
#include "sockview/colspec.h"
#include "sockview/cli.h"
#include "sockview/escape.h"
#include "sockview/events.h"
#include "sockview/fileio.h"
#include "sockview/filter.h"
#include "sockview/follow.h"
#include "sockview/format_cells_misc.h"
#include "sockview/ifnames.h"
#include "sockview/kill.h"
#include "sockview/listing.h"
#include "sockview/listing_resolve.h"
#include "sockview/nl_diag.h"
#include "sockview/outfile.h"
#include "sockview/pidnames.h"
#include "sockview/output.h"
#include "sockview/output_count.h"
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
	struct sv_ifnames ifn;     /* interface names (of the namespace listed) */
	FILE *outf;                /* where the formatter writes: NULL stdout
				      (--watch: a buffer of its own) */
	struct sv_nl *kill_nl;     /* -K: the socket its requests go on */
	struct sv_kill kill;       /* -K: what it closed, what it could not */
	struct sv_field_ctx fctx;  /* what the fields' accessors need (--sort,
				      --count) */
	struct sv_fmt_opts count_fo;      /* --count: how its cells are written */
	struct sv_count_opts count_o;     /* --count */
	unsigned long long quiet_rows;    /* -q: the rows that matched */
	/* issue 11's Prometheus part (main_outfile.c, main_prom.c) */
	struct sv_outfile *out_file; /* --output FILE: the file, until committed */
	FILE *out_stream;            /* ... and the stream r->outf points to */
	struct sv_main_prom *prom;   /* --format=prom: what it reads besides the
					rows */
};

/* A word from the command line or a file name, made safe to print. */
const char *sv_main_esc(char *buf, size_t len, const char *word);

/* Say msg and how to get help; returns EXIT_USAGE. */
int sv_main_usage_error(const char *msg);

/* After the output failed: quiet for a reader that went away (EPIPE);
 * returns the exit status. */
int sv_main_output_failed(const struct run *r, int err);

/* A variable of ss's (PROC_ROOT, PROC_NET_TCP...): empty counts as unset. */
const char *sv_main_env_of(void *ctx, const char *name);

/* The filter from -F or the words after the options (r->o), with its
 * note on stderr; returns an exit status. */
int sv_main_load_filter(struct run *r);

/* Open the output the options ask for into r->out (main_output.c).
 * Returns 0 or -ENOMEM. */
int sv_main_open_output(struct run *r, struct sv_ifnames *ifn);

/* What --columns, --sort and --count need collected, into o (the process
 * map, host names, the socket details: o->collect). */
void sv_main_output_needs(struct sv_opts *o);

/* Free what the run holds (r itself is the caller's). */
void sv_main_release(struct run *r);

/* --watch: the listing again every interval, its changes shown (main_watch.c);
 * returns the exit status. */
int sv_main_watch(struct run *r);

/* sockview why ARGS (argv[0] is "why"): returns the exit status. */
int sv_main_why(int argc, char **argv);
/* This namespace's addresses into r->local (r->addrs points to them); a
 * failure is said and the run goes on (main_input.c). */
void sv_main_read_addrs(struct run *r);

/* Open where the sockets come from (main_input.c); returns an exit status. */
int sv_main_open_input(struct run *r);

/* Close what sv_main_open_input opened for this namespace: the sock_diag
 * socket, the /proc/net source, the addresses (--all-netns reopens them
 * in each namespace). */
void sv_main_close_input(struct run *r);

/* The notes of one listing on stderr and its exit status (main_notes.c):
 * ret and err are sv_listing_run's; whole: the run's one listing, so the
 * notes of the resolver and the process map too. */
int sv_main_notes(struct run *r, const struct sv_listing *l, int ret, const char *err,
		  bool whole);

/* Rows whose match could not be decided: said, with why; EXIT_RUNTIME
 * when there were some, else EXIT_OK (main_notes.c). procnet: some rows
 * came from /proc/net. */
int sv_main_note_undecided(const struct run *r, const struct sv_listing *l, bool procnet);

/* -p could not look into some processes: said once. */
void sv_main_note_processes(const struct run *r, const struct sv_procmap_stats *st);

/* --verbose: where l's rows came from, on stderr. */
void sv_main_note_verbose(const struct run *r, const struct sv_listing *l);

/* --verbose: where -p's map (made by l) came from, and why. */
void sv_main_note_verbose_map(const struct run *r, const struct sv_listing *l);

/* -r: lookups the budget cut short. */
void sv_main_note_resolve(const struct run *r);

/* What every listing of the run shares, made once: the resolver, the
 * names databases, the classifier, the output. Returns 0 or -ENOMEM. */
int sv_main_open_shared(struct run *r);

/* A listing's settings from the options, all but its source. */
void sv_main_listing_init(struct run *r, struct sv_listing *l);

/* Run listing l from r's source (its classifier set up for r's ephemeral
 * range and addresses): sv_listing_run's return and message. */
int sv_main_list(struct run *r, struct sv_listing *l, char *err, size_t errlen);

/* --all-netns: the listing of every network namespace (main_netns.c);
 * returns the exit status. */
int sv_main_all_netns(struct run *r);

/* -E's options that need more than the parser knows (main_events.c):
 * usage errors, and the tables and states it follows. Returns an exit
 * status. */
int sv_main_events_check(struct run *r);

/* -E: follow the destroy events until SIGINT or SIGTERM (main_events.c);
 * returns the exit status. */
int sv_main_events(struct run *r);

/* -K's options that need more than the parser knows, after the filter is
 * loaded (main_kill.c): usage errors, and the tables it can close. Returns
 * an exit status. */
int sv_main_kill_check(struct run *r);

/* -K: its socket and its action in l. Returns an exit status. */
int sv_main_kill_open(struct run *r, struct sv_listing *l);

/* -K: what it could not close, on stderr; the status of the run so far
 * comes in, EXIT_RUNTIME goes out when some socket was not closed. */
int sv_main_kill_notes(const struct run *r, int status);

/* What `sockview why` reads of the live host (main_why.c), for
 * --format=prom too: the settings (what cannot be read is left out of
 * have), and the kernel's counters with bit k of *found for each one read
 * (0, or -1 with a message in err). */
struct sv_why_sys;
void sv_main_why_sys(struct sv_why_sys *sys);
int sv_main_why_counters(uint64_t v[], uint32_t *found, char *err, size_t errlen);

/* --output FILE (main_outfile.c): open it and point r->outf at it, or a
 * usage error for what it cannot go with; returns an exit status. */
int sv_main_outfile_open(struct run *r);

/* The end of the run, status so far: put the file in place when it is
 * EXIT_OK (what fails then makes it EXIT_RUNTIME), else leave the old one.
 * Returns the status. Nothing without --output. */
int sv_main_outfile_end(struct run *r, int status);

/* --format=prom (main_prom.c): the ports of --prom-ports, the reserved
 * ports and the kernel's counters, read before the listing; returns an
 * exit status. */
int sv_main_prom_prepare(struct run *r);

/* Its formatter on f, for r's range and tables: 0 or -ENOMEM. */
int sv_main_prom_output(struct run *r, FILE *f);

/* -s (main_summary.c): ss's totals, and sockview's own (not with --ss),
 * as text or JSON (-j); returns the exit status. */
int sv_main_summary(struct run *r);

#endif
