/* listing.h - the pipeline of a listing: learn what classification needs,
 * dump the wanted tables from a source (the kernel or a recorded dump),
 * classify, filter and format each socket. */
#ifndef SOCKVIEW_LISTING_H
#define SOCKVIEW_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sockview/action.h"
#include "sockview/classify.h"
#include "sockview/cli.h"
#include "sockview/collect.h"
#include "sockview/output.h"
#include "sockview/procmap.h"

struct sv_filter;

/* One wanted dump whose sockets no source could list. */
struct sv_listing_unlisted {
	uint32_t tables;   /* its wanted tables (1 << SV_TABLE_*) */
	uint64_t sockets;  /* how many sockets of them this namespace holds */
	int why;           /* the kernel's answer to the dump (a negative
			      errno), 0 when sockview has no reader of it */
	bool by_processes; /* counted from the processes' open sockets (the
			      kernel does not count them: tables.h uncounted) */
	bool at_least;     /* some processes could not be inspected */
};

/* The most entries: one per dump (tables.h's order). */
#define SV_LISTING_UNLISTED_MAX 16

/* What one listing needs; all owned by the caller. */
struct sv_listing {
	const struct sv_opts *opts;
	const struct sv_source *src; /* the kernel, a recorded dump, a recorder,
					/proc/net */
	const struct sv_source *fallback; /* NULL, or where a table goes when
					     src refuses it (sock_diag missing
					     or not allowed): /proc/net */
	uint32_t via_fallback;     /* in: tables read from fallback from the
				      start; out: and those that fell back */
	uint32_t fell_back;        /* out: tables src refused (bits of enum
				      sv_table), read from fallback instead */
	int fallback_errno;        /* out: the first refusal's errno */
	struct sv_classify *cls;   /* ephemeral range set by the caller */
	struct sv_output out;
	struct sv_action act;      /* between filter and output (-K); a NULL
				      run: none */
	int act_err;               /* out: the error that ended the action */
	bool roles;                /* Role, Class or Service are shown, filtered
				      on or recorded: learn the listeners and
				      the autobound connections first */
	bool any_order;            /* in: the rows' order does not matter
				      (--count, Prometheus, -q, --all-netns):
				      TCP's two families come from one dump
				      where the source can (one walk of the
				      kernel's table, not two) */
	bool both_refused;         /* out: the source refused such a dump:
				      one per family from then on */
	bool tcp_first;            /* dump TCP before UDP (-D: ss reads the
				      first part of a file as TCP) */
	const char *procroot;      /* -p: map processes from this /proc; NULL: no */
	unsigned int procmap_flags; /* -Z, -z: SV_PROCMAP_* (SELinux contexts) */
	struct sv_procmap_stats pstats; /* out: what the process scan saw */
	enum sv_procsrc procsrc;   /* -p: where the map comes from */
	struct sv_cgpath *cgroups; /* cgroup ids to what they name, set on each
				      row (sv_sock.ct) for the filter; NULL:
				      not read */
	int procsrc_err;           /* out: why the in-kernel pass was not used
				      (0: it was, or was not tried) */
	const struct sv_filter *filter; /* NULL: everything matches */
	const struct sv_netns_label *netns; /* --all-netns: each row's
					       namespace, or NULL */
	size_t matched;            /* out: rows written */
	size_t undecided;          /* out: rows whose match could not be decided */
	unsigned int undecided_why; /* out: SV_FILTER_WHY_* bits behind them */
	bool kernel_filtered;      /* out: the kernel ran the filter bytecode */
	int kernel_refused;        /* out: errno when the kernel refused it */
	int out_err;               /* out: the output's write error, if any */
	const char *protocols;     /* the socket counts file; NULL:
				      /proc/net/protocols */
	uint32_t unlisted;         /* out: wanted tables that hold sockets no
				      source could list (1 << SV_TABLE_*) */
	uint64_t unlisted_sockets; /* out: how many sockets those hold */
	int unlisted_why;          /* out: the kernel's answer (a negative
				      errno), 0 when sockview has no reader */
	struct sv_listing_unlisted unlisted_dumps[SV_LISTING_UNLISTED_MAX];
	size_t nunlisted;          /* out: the entries of unlisted_dumps, one
				      per dump, in listing order */
	const char *procroot_count; /* where the sockets of tables the kernel
				       does not count are counted from (its
				       processes); NULL: /proc */
	uint32_t prev_inode;       /* the previous row's inode in this dump
				      (a table with association rows) */
	bool exact_now;            /* the current dump ran the exact program */
	struct sv_procmap *procs;  /* -p: the map, during the run; one set
				      before it (sv_listing_map) is the
				      caller's, kept and not rebuilt */
	struct sv_sock *held;      /* rows held for the autobound connections */
	size_t nheld, held_cap;
	bool map_here;             /* this run builds (and frees) procs */
	bool map_every;            /* sv_listing_map: of every socket, for
				      several runs (never -l's few) */
	struct sv_prefetch *pre;   /* the rows' dump received ahead while the
				      listeners' dumps run, or NULL */
	struct sv_source side;     /* pre's own socket */
	struct sv_source pre_src;  /* pre as a source */
};

/* Run the listing. A table whose first dump src refuses outright (an
 * errno of a missing or forbidden sock_diag: ENOENT, EPROTONOSUPPORT,
 * EOPNOTSUPP, EAFNOSUPPORT, EPERM, EACCES, before any socket) is read from
 * fallback, when there is one, for the rest of the run; a table read from
 * a source that is not the kernel gets no filter program. Rows stream to
 * out as they arrive (where the listeners' dumps must come first and src
 * can open a second socket, the first rows' dump is received ahead on a
 * thread of its own meanwhile: prefetch.h); with procroot (-p),
 * /proc is scanned once first and each row carries its processes. Only
 * when a row's role hangs on the kernel's bind flag (two ports in the
 * ephemeral range, no listener: classify.h, rule 2) are that dump's rows
 * from there on held, until a kernel-filtered dump of the autobound
 * connections among them has answered. The
 * state mask, families, tables and filter are always applied in user space
 * too, so a recorded dump or a kernel that refused the bytecode gives the
 * same rows. Returns 0; -EPIPE when the reader went away; the output's
 * write error (also in out_err, err empty: the caller names it); or another
 * negative errno with a message in err (the rows already written stand). */
int sv_listing_run(struct sv_listing *l, char *err, size_t errlen);

/* One record from a stream of them (-E's events) through the listing's
 * row path: its table, family and states as wanted, classified, filtered,
 * acted on and written (no listeners learnt, no row held). Returns 0, or
 * the output's or the action's error (also in out_err, act_err). */
int sv_listing_row(struct sv_listing *l, const struct sv_sock *s);

/* Build -p's map into l->procs ahead of sv_listing_run, for several runs
 * (--all-netns: one map for every namespace, as a process's sockets are
 * the host's); the caller frees it (sv_procmap_free). Returns 0, or a
 * negative errno with a message in err. Does nothing without procroot. */
int sv_listing_map(struct sv_listing *l, char *err, size_t errlen);

#endif
