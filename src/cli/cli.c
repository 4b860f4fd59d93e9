/* cli.c - the command line: ss-compatible options into struct sv_opts. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/cli.h"
#include "sockview/escape.h"
#include "sockview/state.h"
#include "sockview/tables.h"

#include "cli_priv.h"

/* The values getopt_long returns for options that have no short form. */
enum {
	OPT_REPLAY = 256, OPT_USER_FILTER, OPT_JSON_LINES, OPT_TIPC, OPT_TIPCINFO,
	OPT_TOS, OPT_CGROUP, OPT_VSOCK, OPT_XDP, OPT_INET_SOCKOPT, OPT_BPF_MAPS,
	OPT_BPF_MAP_ID, OPT_SS, OPT_SOURCE, OPT_RESOLVE_TIMEOUT, OPT_PROCESS_SOURCE,
	OPT_CONTAINER, OPT_ALL_NETNS, OPT_VERBOSE, OPT_TIMESTAMP, OPT_FORCE, OPT_WATCH,
	OPT_COLUMNS, OPT_COUNT, OPT_SORT, OPT_COLOR,
};

/* The output options of issue 11's Prometheus part (--format, --output,
 * --prom-ports): ids of their own, apart from the list above. */
enum { OPT_FORMAT = 384, OPT_OUTPUT, OPT_PROM_PORTS };

/* One command-line option. getopt's short string, its long option array and
 * the refusal of what is not supported yet all come from the table below, so
 * an option is listed once. */
struct cli_opt {
	int id;           /* the short option character, or OPT_* */
	const char *name; /* the long name without "--", or NULL */
	bool arg;         /* takes an argument (-f inet, --family=inet) */
	bool todo;        /* an ss option sockview does not support yet */
	bool optional;    /* its argument may be left out (--watch[=N]) */
};

#define NOW(id, name, arg) { (id), (name), (arg), false, false }
#define TODO(id, name, arg) { (id), (name), (arg), true, false }

/* Every option of ss 6.1 and 7.x (a user types them out of habit: those not
 * built yet get a clear refusal, never "unknown option"), and sockview's
 * own. The first row of an id names it in messages. */
static const struct cli_opt cli_options[] = {
	NOW('t', "tcp", false), NOW('u', "udp", false),
	NOW('l', "listening", false), NOW('a', "all", false),
	NOW('n', "numeric", false), NOW('4', "ipv4", false),
	NOW('6', "ipv6", false), NOW('H', "no-header", false),
	NOW('Q', "no-queues", false), NOW('s', "summary", false),
	NOW('p', "processes", false), NOW('j', "json", false),
	NOW(OPT_JSON_LINES, "json-lines", false), NOW(OPT_SS, "ss", false),
	NOW(OPT_FORMAT, "format", true), NOW(OPT_OUTPUT, "output", true),
	NOW(OPT_PROM_PORTS, "prom-ports", true),
	NOW('F', "filter", true),
	NOW('D', "diag", true), NOW(OPT_REPLAY, "replay", true),
	NOW(OPT_USER_FILTER, "no-kernel-filter", false),
	NOW(OPT_SOURCE, "source", true), NOW(OPT_PROCESS_SOURCE, "process-source", true),
	NOW('h', "help", false), NOW('V', "version", false),
	NOW(OPT_VERBOSE, "verbose", false),
	{ OPT_WATCH, "watch", false, false, true },
	NOW(OPT_COLUMNS, "columns", true), { OPT_COUNT, "count", false, false, true },
	NOW(OPT_SORT, "sort", true), { OPT_COLOR, "color", false, false, true },
	{ OPT_COLOR, "colour", false, false, true }, NOW('q', "quiet", false),
	NOW('v', NULL, false), /* ss's alias of -V */
	NOW('o', "options", false), NOW('e', "extended", false),
	NOW('m', "memory", false), NOW('i', "info", false),
	NOW(OPT_TOS, "tos", false), NOW(OPT_CGROUP, "cgroup", false),
	NOW(OPT_CONTAINER, "container", false),
	NOW('O', "oneline", false), NOW(OPT_INET_SOCKOPT, "inet-sockopt", false),
	NOW('r', "resolve", false), NOW('B', "bound-inactive", false),
	NOW(OPT_RESOLVE_TIMEOUT, "resolve-timeout", true),
	NOW('T', "threads", false), TODO(OPT_TIPCINFO, "tipcinfo", false),
	NOW('b', "bpf", false), TODO(OPT_BPF_MAPS, "bpf-maps", false),
	TODO(OPT_BPF_MAP_ID, "bpf-map-id", true), NOW('E', "events", false),
	NOW(OPT_TIMESTAMP, "timestamp", false), NOW(OPT_FORCE, "force", false),
	NOW('Z', "context", false), NOW('z', "contexts", false),
	NOW('N', "net", true), NOW(OPT_ALL_NETNS, "all-netns", false),
	NOW('0', "packet", false),
	NOW('M', "mptcp", false), NOW('S', "sctp", false),
	NOW('d', "dccp", false), NOW('w', "raw", false),
	NOW('x', "unix", false), NOW(OPT_TIPC, "tipc", false),
	NOW(OPT_VSOCK, "vsock", false), NOW(OPT_XDP, "xdp", false),
	NOW('f', "family", true), NOW('K', "kill", false),
	NOW('A', "query", true), NOW('A', "socket", true),
};

#define N_OPTS (sizeof(cli_options) / sizeof(cli_options[0]))

/* What getopt_long takes, built from cli_options for one parse. */
struct getopt_spec {
	char shorts[2 * N_OPTS + 2];
	struct option longs[N_OPTS + 1];
	size_t row[N_OPTS]; /* longs[i] comes from cli_options[row[i]] */
};

/* "+" is not used: like ss, options may follow the filter words. The
 * leading ':' tells a missing argument from an unknown option. */
static void build_spec(struct getopt_spec *g)
{
	size_t ns = 0, nl = 0;

	g->shorts[ns++] = ':';
	for (size_t i = 0; i < N_OPTS; i++) {
		const struct cli_opt *r = &cli_options[i];

		if (r->id < 256 && !memchr(g->shorts, r->id, ns)) {
			g->shorts[ns++] = (char)r->id;
			if (r->arg)
				g->shorts[ns++] = ':';
		}
		if (r->name) {
			g->longs[nl] = (struct option){ r->name, r->arg ? required_argument :
							r->optional ? optional_argument :
							no_argument, NULL, r->id };
			g->row[nl++] = i;
		}
	}
	g->shorts[ns] = '\0';
	g->longs[nl] = (struct option){ NULL, 0, NULL, 0 };
}

/* The row of option id; of its rows, the one whose long name starts with
 * typed (what followed "--", up to '='), if any. NULL if id is no option. */
static const struct cli_opt *find_option(int id, const char *typed, size_t n)
{
	const struct cli_opt *first = NULL;

	for (size_t i = 0; i < N_OPTS; i++) {
		const struct cli_opt *r = &cli_options[i];

		if (r->id != id)
			continue;
		if (!first)
			first = r;
		if (typed && r->name && strncmp(r->name, typed, n) == 0)
			return r;
	}
	return first;
}

/* The refusal of an ss option not supported yet, the same for its short and
 * long forms: "option '-e' (--extended) is not supported yet". */
static int refuse(const struct cli_opt *r, char *err, size_t errlen)
{
	if (r->id < 256 && r->name)
		snprintf(err, errlen, "option '-%c' (--%s) is not supported yet",
			 r->id, r->name);
	else if (r->name)
		snprintf(err, errlen, "option '--%s' is not supported yet", r->name);
	else
		snprintf(err, errlen, "option '-%c' is not supported yet", r->id);
	return -EINVAL;
}

/* A word of argv made safe to echo in a message (see escape.h), in buf. */
static const char *esc(const char *word, char *buf, size_t len)
{
	sv_escape_text(buf, len, word, strlen(word));
	return buf;
}

/* A long option getopt_long refused: word is what was typed ("--tcp=x"). */
static int bad_long(int c, const char *word, char *err, size_t errlen)
{
	size_t n = strcspn(word, "=");
	const struct cli_opt *r = optopt ? find_option(optopt, word + 2, n - 2) : NULL;
	char name[256];

	sv_escape_text(name, sizeof(name), word, n);
	if (r && r->todo)
		return refuse(r, err, errlen);
	if (c == ':')
		snprintf(err, errlen, "option '%s' needs an argument", name);
	else if (r)
		snprintf(err, errlen, "option '%s' takes no argument", name);
	else
		snprintf(err, errlen, "unknown option '%s'", name);
	return -EINVAL;
}

/* An option getopt_long refused: '?' (unknown, or a long option given an
 * argument it does not take) or ':' (argument missing, which only the last
 * word can lack). A long option's word is argv[optind - 1]; an unknown
 * short one may sit inside a group ("-tyu"), so only optopt names it. */
static int bad_option(int c, int argc, char **argv, char *err, size_t errlen)
{
	const char *word = (optind > 0 && optind <= argc) ? argv[optind - 1] : "";
	const struct cli_opt *r = optopt ? find_option(optopt, NULL, 0) : NULL;
	char opt[2] = { '-', (char)optopt }, name[16];

	if (strncmp(word, "--", 2) == 0 && word[2] && (c == ':' || !optopt || r))
		return bad_long(c, word, err, errlen);
	if (r && r->todo)
		return refuse(r, err, errlen);
	sv_escape_text(name, sizeof(name), opt, sizeof(opt));
	if (c == ':')
		snprintf(err, errlen, "option '%s' needs an argument", name);
	else
		snprintf(err, errlen, "unknown option '%s'", name);
	return -EINVAL;
}

/* SECONDS as --resolve-timeout takes it: a decimal number from 0 to 3600
 * with at most three decimals, into milliseconds. Returns 0 or -EINVAL. */
static int parse_seconds(const char *text, uint32_t *ms)
{
	uint32_t whole = 0, frac = 0, scale = 100;
	const char *p = text;

	if (!(*p >= '0' && *p <= '9') && !(*p == '.' && p[1] >= '0' && p[1] <= '9'))
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (uint32_t)(*p - '0');
		if (whole > 3600)
			return -EINVAL;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10) {
			if (!scale)
				return -EINVAL; /* more than milliseconds */
			frac += (uint32_t)(*p - '0') * scale;
		}
	}
	if (*p || whole * 1000 + frac > 3600000)
		return -EINVAL;
	*ms = whole * 1000 + frac;
	return 0;
}

/* Applies one supported option c (its argument in optarg). Returns false
 * for an argument it refuses (b says which). */
static bool set_option(int c, struct sv_opts *o, struct sv_cli_build *b)
{
	switch (c) {
	case 't': sv_cli_table_set(b, 1u << SV_TABLE_TCP, true); break;
	case 'u': sv_cli_table_set(b, 1u << SV_TABLE_UDP, true); break;
	case 'w': sv_cli_table_set(b, 1u << SV_TABLE_RAW, true); break;
	case 'd': sv_cli_table_set(b, 1u << SV_TABLE_DCCP, true); break;
	case 'S': sv_cli_table_set(b, 1u << SV_TABLE_SCTP, true); break;
	case 'M': sv_cli_table_set(b, 1u << SV_TABLE_MPTCP, true); break;
	case 'x': sv_cli_family_set(b, AF_UNIX); break;
	case '0': sv_cli_family_set(b, AF_PACKET); break;
	case '4': sv_cli_family_set(b, AF_INET); break;
	case '6': sv_cli_family_set(b, AF_INET6); break;
	case OPT_VSOCK: sv_cli_family_set(b, AF_VSOCK); break;
	case OPT_TIPC: sv_cli_family_set(b, AF_TIPC); break;
	case OPT_XDP: sv_cli_family_set(b, 44 /* AF_XDP */); break;
	case 'f': return sv_cli_family_word(b, optarg);
	case 'A': return sv_cli_query_words(b, optarg);
	case 'l': b->flag_states = (1u << SV_STATE_LISTEN) | (1u << SV_STATE_CLOSE); break;
	case 'a': b->flag_states = SV_STATES_ALL; break;
	case 'B': b->flag_states = 1u << SV_STATE_BOUND_INACTIVE; break; /* last wins, as ss */
	case 'r': o->resolve = true; break;
	case 'Z': o->contexts |= SV_CTX_PROCESS; break;
	case 'z': o->contexts |= SV_CTX_PROCESS | SV_CTX_SOCKET; break;
	case 'n': o->numeric = true; break;
	case 'H': o->header = false; break;
	case 'Q': o->no_queues = true; break;
	case 'h': o->help = true; break;
	case 'V': case 'v': o->version = true; break;
	case 's': o->summary = true; break;
	case 'p': o->processes = true; break;
	case 'q': o->quiet = true; break;
	case 'T': o->threads = true; break;
	case 'b': o->bpf = true; break;
	case 'j': o->json = true; break;
	case OPT_JSON_LINES: o->json = o->json_lines = true; break;
	case OPT_SS: o->ss_layout = true; break;
	case 'F': o->filter_file = optarg; break;
	case 'N': o->netns = optarg; break;
	case OPT_ALL_NETNS: o->all_netns = true; break;
	case OPT_VERBOSE: o->verbose = true; break;
	case 'D': o->dump_file = optarg; break;
	case OPT_REPLAY: o->replay_file = optarg; break;
	case OPT_USER_FILTER: o->user_filter = true; break;
	case 'o': o->details |= SV_DETAIL_TIMER; break;
	case 'e': o->details |= SV_DETAIL_EXT | SV_DETAIL_TIMER; break; /* as ss: -e is -o too */
	case 'm': o->details |= SV_DETAIL_MEM; break;
	case 'i': o->details |= SV_DETAIL_INFO; break;
	case OPT_TOS: o->details |= SV_DETAIL_TOS; break;
	case OPT_CGROUP: o->details |= SV_DETAIL_CGROUP; break;
	case OPT_CONTAINER: o->details |= SV_DETAIL_CONTAINER; break;
	case OPT_INET_SOCKOPT: o->details |= SV_DETAIL_SOCKOPT; break;
	case 'O': o->oneline = true; break;
	case 'E': o->events = true; break;
	case 'K': o->kill = true; break;
	case OPT_TIMESTAMP: o->timestamp = true; break;
	case OPT_FORCE: o->force = true; break;
	default: break; /* every other row is refused before */
	}
	return true;
}

/* The message of an option argument set_option refused. */
static int bad_argument(int c, const struct sv_cli_build *b, char *err, size_t errlen)
{
	char word[256];

	if (c == 'f') {
		snprintf(err, errlen, "unknown family '%s' after -f (its words: inet inet6 "
			 "link unix netlink tipc vsock xdp)",
			 esc(optarg, word, sizeof(word)));
	} else {
		snprintf(err, errlen, "unknown socket table '%s' after -A (its words "
			 "are in sockview --help)", esc(b->bad_query, word, sizeof(word)));
	}
	return -EINVAL;
}

/* --source=FROM. */
static int parse_source(const char *arg, struct sv_opts *o, char *err, size_t errlen)
{
	static const char *const names[] = {
		[SV_CLI_SOURCE_AUTO] = "auto", [SV_CLI_SOURCE_NETLINK] = "netlink",
		[SV_CLI_SOURCE_PROC] = "proc",
	};
	char word[256];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(arg, names[i]) == 0) {
			o->source = (enum sv_cli_source)i;
			return 0;
		}
	}
	snprintf(err, errlen, "unknown source '%s' for --source (auto, netlink or proc)",
		 esc(arg, word, sizeof(word)));
	return -EINVAL;
}

/* --process-source=FROM. */
static int parse_procsrc(const char *arg, struct sv_opts *o, char *err, size_t errlen)
{
	static const char *const names[] = {
		[SV_CLI_PROCSRC_AUTO] = "auto", [SV_CLI_PROCSRC_BPF] = "bpf",
		[SV_CLI_PROCSRC_PROC] = "proc",
	};
	char word[256];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(arg, names[i]) == 0) {
			o->procsrc = (enum sv_cli_procsrc)i;
			return 0;
		}
	}
	snprintf(err, errlen, "unknown source '%s' for --process-source (auto, bpf or proc)",
		 esc(arg, word, sizeof(word)));
	return -EINVAL;
}

/* The cli_output.c option of c (enum sv_cli_out), or -1. */
static int output_option(int c)
{
	switch (c) {
	case OPT_COLUMNS: return SV_CLI_OUT_COLUMNS;
	case OPT_COUNT: return SV_CLI_OUT_COUNT;
	case OPT_SORT: return SV_CLI_OUT_SORT;
	case OPT_COLOR: return SV_CLI_OUT_COLOR;
	case OPT_FORMAT: return SV_CLI_OUT_FORMAT;
	case OPT_OUTPUT: return SV_CLI_OUT_FILE;
	case OPT_PROM_PORTS: return SV_CLI_OUT_PROM_PORTS;
	default: return -1;
	}
}

static int parse_flags(int argc, char **argv, struct sv_opts *o,
		       struct sv_cli_build *b, char *err, size_t errlen)
{
	struct getopt_spec g;

	build_spec(&g);
	opterr = 0;
	optind = 0; /* glibc: full re-initialisation, so tests can parse twice */
	for (;;) {
		int li = -1, c = getopt_long(argc, argv, g.shorts, g.longs, &li);
		const struct cli_opt *r;

		if (c == -1)
			return 0;
		if (c == '?' || c == ':')
			return bad_option(c, argc, argv, err, errlen);
		r = li >= 0 ? &cli_options[g.row[li]] : find_option(c, NULL, 0);
		if (r && r->todo)
			return refuse(r, err, errlen);
		if (c == OPT_SOURCE && parse_source(optarg, o, err, errlen) < 0)
			return -EINVAL;
		if (c == OPT_PROCESS_SOURCE && parse_procsrc(optarg, o, err, errlen) < 0)
			return -EINVAL;
		if (c == OPT_WATCH && (!optarg ? (o->watch_ms = 2000, 0) :
				       parse_seconds(optarg, &o->watch_ms) < 0 || o->watch_ms < 100)) {
			char word[64];

			snprintf(err, errlen, "bad --watch '%s': seconds from 0.1 to 3600 "
				 "expected (for example 2)", esc(optarg, word, sizeof(word)));
			return -EINVAL;
		}
		if (c == OPT_RESOLVE_TIMEOUT && parse_seconds(optarg, &o->resolve_ms) < 0) {
			char word[64];

			snprintf(err, errlen, "bad --resolve-timeout '%s': seconds from 0 to "
				 "3600 expected (for example 0.5)", esc(optarg, word, sizeof(word)));
			return -EINVAL;
		}
		if (output_option(c) >= 0 &&
		    sv_cli_output_option((enum sv_cli_out)output_option(c), optarg, o, err,
					 errlen) < 0)
			return -EINVAL;
		if (!set_option(c, o, b))
			return bad_argument(c, b, err, errlen);
	}
}

/* -s prints this host's totals from /proc: an option or word asking for
 * something else (a recorded dump, processes, a dump file, JSON, a filter,
 * states) is a usage error, not silently ignored. states: the state words
 * (nstates of them). */
static int check_summary(const struct sv_opts *o, char **states, int nstates,
			 char *err, size_t errlen)
{
	static const char why[] = "-s reads this host's totals from /proc: it cannot go with";
	const struct { bool on; const char *name; } conflicts[] = {
		{ o->replay_file != NULL, "--replay" }, { o->processes, "-p" },
		{ o->threads, "-T" },
		{ o->dump_file != NULL, "-D" }, { o->json_lines, "--json-lines" },
		{ o->filter_file != NULL, "-F" },
		{ o->source == SV_CLI_SOURCE_NETLINK, "--source=netlink" },
		{ o->events, "-E" }, { o->kill, "-K" },
	};
	char a[256], b[256];

	for (size_t i = 0; i < sizeof(conflicts) / sizeof(conflicts[0]); i++) {
		if (conflicts[i].on) {
			snprintf(err, errlen, "%s %s", why, conflicts[i].name);
			return -EINVAL;
		}
	}
	if (nstates >= 2) {
		snprintf(err, errlen, "%s the state filter '%s %s'", why,
			 esc(states[0], a, sizeof(a)),
			 esc(states[1], b, sizeof(b)));
		return -EINVAL;
	}
	if (o->filter_argc > 0) {
		snprintf(err, errlen, "%s the filter word '%s'", why,
			 esc(o->filter_argv[0], a, sizeof(a)));
		return -EINVAL;
	}
	return 0;
}

/* See cli.h. */
int sv_cli_parse(int argc, char **argv, struct sv_opts *o, char *err,
		 size_t errlen)
{
	uint32_t word_states = 0;
	struct sv_cli_build b = { .last_af = AF_UNSPEC };
	bool saw_states = false;
	char w1[256], w2[256];
	int used;

	memset(o, 0, sizeof(*o));
	o->header = true;
	o->resolve_ms = SV_RESOLVE_DEFAULT_MS;
	if (parse_flags(argc, argv, o, &b, err, errlen) < 0)
		return -EINVAL;
	if (sv_cli_output_check_prom(o, err, errlen) < 0)
		return -EINVAL;

	used = sv_cli_parse_states(argc - optind, argv + optind, &word_states,
			    &saw_states, err, errlen);
	if (used < 0)
		return -EINVAL;
	o->states_given = saw_states;
	o->filter_argc = argc - optind - used;
	o->filter_argv = argv + optind + used;
	if (o->summary && !o->help && !o->version &&
	    check_summary(o, argv + optind, used, err, errlen) < 0)
		return -EINVAL;
	if (!o->help && !o->version && !o->columns_help &&
	    sv_cli_output_check(o, err, errlen) < 0)
		return -EINVAL;

	sv_cli_resolve_build(&b, o);
	if (!o->tables) {
		snprintf(err, errlen, "-A leaves no socket table to show after '%s'",
			 esc(b.emptied_by, w1, sizeof(w1)));
		return -EINVAL;
	}
	o->states = saw_states ? word_states : b.flag_states;
	if (!o->states && saw_states) {
		snprintf(err, errlen, "no state is left to show after '%s %s'",
			 esc(argv[optind + used - 2], w1, sizeof(w1)),
			 esc(argv[optind + used - 1], w2, sizeof(w2)));
		return -EINVAL;
	}
	if (!o->states) /* -A, or no table asked for: the connected states,
			   as ss (its filter's defaults count only then) */
		o->states = (b.saw_query || b.defaulted) ? SV_STATES_CONN : b.states;
	return 0;
}
