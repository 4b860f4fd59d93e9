/* cli.c - the command line: ss-compatible options into struct sv_opts. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "sockview/cli.h"
#include "sockview/state.h"

static const char usage_text[] =
	"Usage: sockview [OPTIONS] [ state STATE | exclude STATE ]... [FILTER]\n"
	"List TCP and UDP sockets like ss(8), with port classes.\n"
	"\n"
	"  -t, --tcp          show TCP sockets\n"
	"  -u, --udp          show UDP sockets\n"
	"  -l, --listening    show only listening (TCP) and unconnected (UDP) sockets\n"
	"  -a, --all          show sockets in every state\n"
	"  -n, --numeric      do not turn port numbers into service names\n"
	"  -4, --ipv4         only IPv4 sockets\n"
	"  -6, --ipv6         only IPv6 sockets\n"
	"  -H, --no-header    do not print the header line\n"
	"  -p, --processes    show the processes using each socket (users:((...)))\n"
	"  -j, --json         one JSON array of sockets (schema: sockview(8))\n"
	"      --json-lines   one JSON object per socket per line\n"
	"  -s, --summary      print socket totals, as ss -s, and exit\n"
	"  -F, --filter=FILE  read the filter expression from FILE (- for stdin)\n"
	"  -D, --diag=FILE    also write the raw netlink dump to FILE (ss -D format)\n"
	"      --replay=FILE  read sockets from a recorded dump instead of the kernel\n"
	"                     (also: TCPDIAG_FILE=FILE, as ss)\n"
	"      --no-kernel-filter  evaluate the filter in sockview only, never as\n"
	"                     kernel bytecode (slower; for checking)\n"
	"  -h, --help         print this help and exit\n"
	"  -V, --version      print the version and exit\n"
	"\n"
	"  state STATE        show sockets in STATE (repeatable); exclude STATE hides it.\n"
	"       STATE: established syn-sent syn-recv fin-wait-1 fin-wait-2 time-wait\n"
	"              closed close-wait last-ack listening (or listen) closing,\n"
	"              or a group: all connected synchronized bucket big\n"
	"\n"
	"  FILTER, as ss: dport|sport [OP] PORT   dst|src [inet:|inet6:]HOST[:PORT]\n"
	"       (HOST: ADDR[/PREFIX] or a name; also as printed: 127.0.0.53%lo:53,\n"
	"       [::]:*, where %DEV means bound to DEV)   dev NAME   fwmark VALUE[/MASK]\n"
	"       cgroup PATH   autobound\n"
	"       and sockview's own: class well-known|registered|dynamic|ephemeral,\n"
	"       service NAME, role listen|in|out; joined by not (!), and (&), or (|)\n"
	"       and parentheses. OP: = != < > <= >= (eq ne neq lt gt le leq ge geq).\n"
	"       Port names as ss reads them (/etc/services), then IANA's. Keywords\n"
	"       are lower case. Unlike ss: and binds tighter than or (ss reads them\n"
	"       left to right; a note on stderr says where that differs), and a\n"
	"       family prefix narrows its condition, not the whole listing.\n"
	"       Example: sockview -tn '( dport = :ssh or sport > :1024 )'\n"
	"\n"
	"Without -a or -l, TCP shows connected sockets (not LISTEN, CLOSE, TIME-WAIT\n"
	"or SYN-RECV) and UDP shows connected sockets, as ss does. Without -t or -u,\n"
	"both are shown.\n"
	"\n"
	"Columns: ss's (Netid, State, Recv-Q, Send-Q, Local Address:Port,\n"
	"Peer Address:Port), then sockview's own: Role (listen, in, out), Class\n"
	"(well-known, registered, dynamic, or ephemeral for this kernel's\n"
	"ip_local_port_range) and Service (IANA name of the server-side port);\n"
	"with -p, Process last.\n"
	"Piped output uses single spaces between columns; a terminal gets aligned\n"
	"columns.\n"
	"\n"
	"Exit status: 0 a complete answer, 1 the answer is no, 2 bad usage,\n"
	"3 a runtime failure or an incomplete answer.\n"
	"See sockview(8).\n";

/* ss options that sockview does not implement yet: a clear word, not
 * "unknown option", for a user who types them out of habit. */
static const char not_yet[] = "wx0SMfAremioTOQKENbzZ";

enum { OPT_REPLAY = 256, OPT_USER_FILTER, OPT_JSON_LINES };

static const struct option long_options[] = {
	{ "tcp", no_argument, NULL, 't' },
	{ "udp", no_argument, NULL, 'u' },
	{ "listening", no_argument, NULL, 'l' },
	{ "all", no_argument, NULL, 'a' },
	{ "numeric", no_argument, NULL, 'n' },
	{ "ipv4", no_argument, NULL, '4' },
	{ "ipv6", no_argument, NULL, '6' },
	{ "no-header", no_argument, NULL, 'H' },
	{ "summary", no_argument, NULL, 's' },
	{ "processes", no_argument, NULL, 'p' },
	{ "json", no_argument, NULL, 'j' },
	{ "json-lines", no_argument, NULL, OPT_JSON_LINES },
	{ "filter", required_argument, NULL, 'F' },
	{ "diag", required_argument, NULL, 'D' },
	{ "replay", required_argument, NULL, OPT_REPLAY },
	{ "no-kernel-filter", no_argument, NULL, OPT_USER_FILTER },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* "+" is not used: like ss, options may follow the filter words. */
static const char short_options[] = ":tulan46HhVspjF:D:";

/* See cli.h. */
const char *sv_cli_usage(void)
{
	return usage_text;
}

/* The long option a word names ("--tcp=x" -> "--tcp"), in buf. */
static const char *long_name(const char *word, char *buf, size_t len)
{
	size_t n = strcspn(word, "=");

	snprintf(buf, len, "%.*s", (int)(n < 64 ? n : 64), word);
	return buf;
}

static int bad_option(int c, int argc, char **argv, char *err, size_t errlen)
{
	const char *word = (optind > 0 && optind <= argc) ? argv[optind - 1] : "?";

	if (strncmp(word, "--", 2) == 0 && word[2]) {
		char name[80];

		long_name(word, name, sizeof(name));
		if (c == ':')
			snprintf(err, errlen, "option '%s' needs an argument", name);
		else if (optopt)
			snprintf(err, errlen, "option '%s' takes no argument", name);
		else
			snprintf(err, errlen, "unknown option '%s'", name);
	} else if (c == ':') {
		snprintf(err, errlen, "option '-%c' needs an argument", optopt);
	} else if (optopt > ' ' && optopt < 127 && strchr(not_yet, optopt)) {
		snprintf(err, errlen, "option '-%c' is not supported yet", optopt);
	} else if (optopt > ' ' && optopt < 127) {
		snprintf(err, errlen, "unknown option '-%c'", optopt);
	} else {
		snprintf(err, errlen, "unknown option '%s'", word);
	}
	return -EINVAL;
}

/* Reads "state X" / "exclude X" words at the front of the non-option words,
 * as ss does. Returns how many words it consumed, or -EINVAL. */
static int parse_states(int argc, char **argv, uint32_t *states, bool *saw,
			char *err, size_t errlen)
{
	int i = 0;

	while (i < argc) {
		bool excl;
		uint32_t mask;

		if (strcmp(argv[i], "state") == 0)
			excl = false;
		else if (strcmp(argv[i], "exclude") == 0 || strcmp(argv[i], "excl") == 0)
			excl = true;
		else
			break;
		if (i + 1 >= argc) {
			snprintf(err, errlen, "'%s' needs a state name", argv[i]);
			return -EINVAL;
		}
		if (sv_state_parse(argv[i + 1], &mask) < 0) {
			snprintf(err, errlen, "unknown state '%s' after '%s'",
				 argv[i + 1], argv[i]);
			return -EINVAL;
		}
		if (!*saw)
			*states = excl ? SV_STATES_ALL : 0;
		*states = excl ? (*states & ~mask) : (*states | mask);
		*saw = true;
		i += 2;
	}
	return i;
}

static uint32_t default_states(uint32_t tables)
{
	uint32_t st = 0;

	if (tables & (1u << SV_TABLE_TCP))
		st |= SV_STATES_CONN;
	if (tables & (1u << SV_TABLE_UDP))
		st |= 1u << SV_STATE_ESTABLISHED;
	return st;
}

static int parse_flags(int argc, char **argv, struct sv_opts *o,
		       uint32_t *flag_states, char *err, size_t errlen)
{
	int c;

	opterr = 0;
	optind = 0; /* glibc: full re-initialisation, so tests can parse twice */
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		switch (c) {
		case 't': o->tables |= 1u << SV_TABLE_TCP; break;
		case 'u': o->tables |= 1u << SV_TABLE_UDP; break;
		case 'l': *flag_states = (1u << SV_STATE_LISTEN) | (1u << SV_STATE_CLOSE); break;
		case 'a': *flag_states = SV_STATES_ALL; break;
		case 'n': o->numeric = true; break;
		case '4': o->family_inet = true; o->family_inet6 = false; break; /* last wins, as ss */
		case '6': o->family_inet6 = true; o->family_inet = false; break;
		case 'H': o->header = false; break;
		case 'h': o->help = true; break;
		case 'V': o->version = true; break;
		case 's': o->summary = true; break;
		case 'p': o->processes = true; break;
		case 'j': o->json = true; break;
		case OPT_JSON_LINES: o->json = o->json_lines = true; break;
		case 'F': o->filter_file = optarg; break;
		case 'D': o->dump_file = optarg; break;
		case OPT_REPLAY: o->replay_file = optarg; break;
		case OPT_USER_FILTER: o->user_filter = true; break;
		case '?':
		case ':':
			return bad_option(c, argc, argv, err, errlen);
		default:
			optopt = c;
			return bad_option('?', argc, argv, err, errlen);
		}
	}
	return 0;
}

/* See cli.h. */
int sv_cli_parse(int argc, char **argv, struct sv_opts *o, char *err,
		 size_t errlen)
{
	uint32_t flag_states = 0, word_states = 0;
	bool saw_states = false;
	int used;

	memset(o, 0, sizeof(*o));
	o->header = true;
	if (parse_flags(argc, argv, o, &flag_states, err, errlen) < 0)
		return -EINVAL;

	used = parse_states(argc - optind, argv + optind, &word_states,
			    &saw_states, err, errlen);
	if (used < 0)
		return -EINVAL;
	o->filter_argc = argc - optind - used;
	o->filter_argv = argv + optind + used;

	if (!o->tables)
		o->tables = (1u << SV_TABLE_TCP) | (1u << SV_TABLE_UDP);
	if (!o->family_inet && !o->family_inet6)
		o->family_inet = o->family_inet6 = true;
	o->states = saw_states ? word_states : flag_states;
	if (!o->states && saw_states) {
		snprintf(err, errlen, "no state is left to show after '%s %s'",
			 argv[optind + used - 2], argv[optind + used - 1]);
		return -EINVAL;
	}
	if (!o->states)
		o->states = default_states(o->tables);
	return 0;
}
