/* cli.h - the command line: ss-compatible options into struct sv_opts. */
#ifndef SOCKVIEW_CLI_H
#define SOCKVIEW_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/colspec.h"
#include "sockview/details.h"
#include "sockview/sock.h"

/* Where the sockets come from (--source). */
enum sv_cli_source {
	SV_CLI_SOURCE_AUTO = 0, /* sock_diag; /proc/net for a table it refuses,
				   or that ss's variables name (PROC_ROOT...) */
	SV_CLI_SOURCE_NETLINK,  /* sock_diag only */
	SV_CLI_SOURCE_PROC,     /* the /proc/net files only */
};

/* Where -p's process map comes from (--process-source). */
enum sv_cli_procsrc {
	SV_CLI_PROCSRC_AUTO = 0, /* one in-kernel (BPF) pass where it can run,
				    else the /proc walk */
	SV_CLI_PROCSRC_BPF,      /* the in-kernel pass only */
	SV_CLI_PROCSRC_PROC,     /* the /proc walk only */
};

/* When the table is coloured (--color). */
enum sv_cli_color {
	SV_CLI_COLOR_AUTO = 0, /* on a terminal, unless NO_COLOR or TERM=dumb */
	SV_CLI_COLOR_ALWAYS,   /* even piped, unless NO_COLOR */
	SV_CLI_COLOR_NEVER,
};

/* -r's budget when --resolve-timeout does not give one: 2 s. */
#define SV_RESOLVE_DEFAULT_MS 2000

/* What -Z and -z ask for (bits of sv_opts.contexts). */
enum {
	SV_CTX_PROCESS = 1u << 0, /* -Z: each holder's context */
	SV_CTX_SOCKET = 1u << 1,  /* -z: and each socket's */
};

/* Everything the command line decides; built by sv_cli_parse, read by every
 * stage. */
struct sv_opts {
	uint32_t tables;     /* 1 << SV_TABLE_*; resolved (never 0 after parse) */
	uint32_t states;     /* 1 << SV_STATE_*; resolved (never 0 after parse) */
	uint64_t families;   /* address families to list, SV_AF(AF_*) bits
				(tables.h); resolved as ss does (never 0) */
	bool numeric;        /* -n: ports as numbers */
	bool header;         /* print the header line (-H turns it off) */
	bool no_queues;      /* -Q: no Recv-Q and Send-Q columns (ss 7.x) */
	bool help;           /* -h: print usage and exit 0 */
	bool version;        /* -V: print the version and exit 0 */
	bool summary;        /* -s: socket totals, as ss -s */
	bool processes;      /* -p: the processes holding each socket */
	bool bpf;            /* -b: packet sockets' classic BPF filters */
	int preferred_family; /* the family asked for last (-0, -f, -4...), or
				 AF_UNSPEC: ss's "preferred family", whose
				 addresses src/dst words without a prefix are */
	bool json;           /* -j: a JSON array */
	bool json_lines;     /* --json-lines: one JSON object per line */
	bool ss_layout;      /* --ss: exactly ss's output (its columns alone) */
	uint32_t details;    /* SV_DETAIL_* (details.h): -o -e -m -i --tos
				--cgroup --inet-sockopt */
	uint32_t collect;    /* SV_DETAIL_*: details collected beyond those
				shown, for the fields --columns, --sort and
				--count name (set by main) */
	bool oneline;        /* -O: a socket's details on its own line */
	const char *dump_file;   /* -D FILE: record the raw dumps */
	const char *replay_file; /* --replay FILE: read a recorded dump */
	const char *filter_file; /* -F FILE: filter expression ("-": stdin) */
	bool user_filter;        /* --no-kernel-filter: never send bytecode */
	enum sv_cli_source source; /* --source */
	enum sv_cli_procsrc procsrc; /* --process-source */
	const char *netns;       /* -N NAME|PATH: the network namespace, or NULL */
	bool all_netns;          /* --all-netns: every network namespace */
	bool verbose;            /* --verbose: where things came from, on stderr */
	uint32_t watch_ms;       /* --watch[=SECONDS]: the interval; 0: no watch */
	bool threads;            /* -T: -p with every thread (tid=) */
	bool resolve;            /* -r: host names instead of addresses */
	uint32_t resolve_ms;     /* --resolve-timeout: the lookups' budget, ms */
	uint8_t contexts;        /* -Z, -z: SV_CTX_* (SELinux contexts) */
	bool events;             /* -E: the sockets the kernel destroys, as
				    they go, until a signal */
	bool timestamp;          /* --timestamp: -E's Time column */
	bool kill;               /* -K: close the sockets that match */
	bool force;              /* --force: -K without a filter or states */
	bool states_given;       /* state or exclude words were given */
	struct sv_colspec columns; /* --columns (n 0: the default columns) */
	bool columns_help;   /* --columns=help: list the names and exit 0 */
	struct sv_colspec sort;    /* --sort (n 0: the listing's order) */
	bool count;          /* --count: counts instead of rows */
	struct sv_colspec count_by; /* --count=FIELDS (n 0: one total) */
	enum sv_cli_color color; /* --color */
	bool quiet;          /* -q: no output; the exit status says whether
				anything matched */
	int filter_argc;     /* filter words after the options */
	char **filter_argv;  /* points into the caller's argv */
	/* issue 11's Prometheus part */
	bool prom;               /* --format=prom: the Prometheus text format */
	const char *prom_ports;  /* --prom-ports=LIST: the listeners with series
				    of their own (promports.h reads it) */
	const char *output_file; /* --output=FILE: written whole or not at all */
};

/* Parse argv into *o. Returns 0 on success; on bad usage (an unknown option,
 * an ss option not supported yet, a bad state, -s with an option it cannot
 * honour) returns -EINVAL and writes a message naming the offending word,
 * escaped, into err. Uses getopt_long, so options and filter words may be
 * mixed as with ss. argv may be permuted. */
int sv_cli_parse(int argc, char **argv, struct sv_opts *o, char *err,
		 size_t errlen);

/* The --help text. */
const char *sv_cli_usage(void);

#endif
