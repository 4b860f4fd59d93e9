/* test_cli.c - cmocka suite for the command line: ss-compatible flags,
 * state words, filter words, and the exact usage-error messages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sockview/cli.h"
#include "sockview/tables.h"
#include "sockview/state.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(s) (1u << (s))
#define TCP BIT(SV_TABLE_TCP)
#define UDP BIT(SV_TABLE_UDP)
#define BOTH (TCP | UDP)
/* ss's "all": every table but TIPC; "inet": the tables of -4 and -6 */
#define ALL_T (BIT(SV_TABLE_MAX) - 1u - BIT(SV_TABLE_TIPC))
#define INET_T (TCP | UDP | BIT(SV_TABLE_RAW) | BIT(SV_TABLE_MPTCP) |           \
		BIT(SV_TABLE_SCTP) | BIT(SV_TABLE_DCCP))
#define INET4(o) (((o)->families & SV_AF(AF_INET)) != 0)
#define INET6(o) (((o)->families & SV_AF(AF_INET6)) != 0)
#define LC (BIT(SV_STATE_LISTEN) | BIT(SV_STATE_CLOSE))
#define ESTAB BIT(SV_STATE_ESTABLISHED)
#define MAX_ARGS 16

/* A mutable argv (getopt permutes it); filter_argv points into it. */
struct args {
	char store[MAX_ARGS][64];
	char *argv[MAX_ARGS + 1];
	int argc;
};

static void args_set(struct args *a, const char *const *words)
{
	memset(a, 0, sizeof(*a));
	strcpy(a->store[0], "sockview");
	a->argv[0] = a->store[0];
	a->argc = 1;
	for (size_t i = 0; words[i]; i++) {
		assert_true(a->argc < MAX_ARGS);
		assert_true(strlen(words[i]) < sizeof(a->store[0]));
		strcpy(a->store[a->argc], words[i]);
		a->argv[a->argc] = a->store[a->argc];
		a->argc++;
	}
	a->argv[a->argc] = NULL;
}

static int parse_words(struct args *a, struct sv_opts *o, char *err,
		       size_t errlen, const char *const *words)
{
	args_set(a, words);
	memset(o, 0xa5, sizeof(*o)); /* sv_cli_parse must set every field */
	err[0] = '\0';
	return sv_cli_parse(a->argc, a->argv, o, err, errlen);
}

#define PARSE(a, o, err, ...)                                                  \
	parse_words((a), (o), (err), sizeof(err),                              \
		    (const char *const[]){ __VA_ARGS__, NULL })

static void describe(const char *const *w, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; w[i] && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? " " : "", w[i]);
}

/* ---- flags and their defaults ----------------------------------------- */

struct flag_case {
	const char *args[8];
	uint32_t tables, states;
	bool inet, inet6, numeric, header, help, version;
};

#define DEF .inet = true, .inet6 = true, .header = true

static const struct flag_case flag_cases[] = {
	/* defaults: ss lists connected TCP and UDP sockets */
	{ { NULL }, ALL_T, SV_STATES_CONN, DEF },
	{ { "-t" }, TCP, SV_STATES_CONN, DEF },
	{ { "-u" }, UDP, ESTAB, DEF },
	{ { "-tu" }, BOTH, SV_STATES_CONN, DEF },
	{ { "-ut" }, BOTH, SV_STATES_CONN, DEF },
	{ { "-t", "-u" }, BOTH, SV_STATES_CONN, DEF },
	{ { "-l" }, ALL_T, LC, DEF },
	{ { "-tl" }, TCP, LC, DEF },
	{ { "-ul" }, UDP, LC, DEF },
	{ { "-a" }, ALL_T, SV_STATES_ALL, DEF },
	{ { "-ua" }, UDP, SV_STATES_ALL, DEF },
	/* the last of -a / -l wins */
	{ { "-la" }, ALL_T, SV_STATES_ALL, DEF },
	{ { "-al" }, ALL_T, LC, DEF },
	{ { "-a", "-l" }, ALL_T, LC, DEF },
	{ { "-l", "-a" }, ALL_T, SV_STATES_ALL, DEF },
	{ { "--all", "--listening" }, ALL_T, LC, DEF },
	{ { "--listening", "--all" }, ALL_T, SV_STATES_ALL, DEF },
	/* combined short flags as people type them */
	{ { "-tuln" }, BOTH, LC, DEF, .numeric = true },
	{ { "-tan" }, TCP, SV_STATES_ALL, DEF, .numeric = true },
	{ { "-ntua" }, BOTH, SV_STATES_ALL, DEF, .numeric = true },
	{ { "-Htan" }, TCP, SV_STATES_ALL, .inet = true, .inet6 = true,
	  .numeric = true },
	{ { "-t", "-a", "-n" }, TCP, SV_STATES_ALL, DEF, .numeric = true },
	{ { "-n" }, ALL_T, SV_STATES_CONN, DEF, .numeric = true },
	{ { "-H" }, ALL_T, SV_STATES_CONN, .inet = true, .inet6 = true },
	{ { "-h" }, ALL_T, SV_STATES_CONN, DEF, .help = true },
	{ { "-V" }, ALL_T, SV_STATES_CONN, DEF, .version = true },
	/* families */
	{ { "-4" }, INET_T, SV_STATES_CONN, .inet = true, .header = true },
	{ { "-6" }, INET_T, SV_STATES_CONN, .inet6 = true, .header = true },
	/* the last of -4 / -6 wins, as in ss */
	{ { "-46" }, INET_T, SV_STATES_CONN, .inet6 = true, .header = true },
	{ { "-64" }, INET_T, SV_STATES_CONN, .inet = true, .header = true },
	{ { "-4", "-6" }, INET_T, SV_STATES_CONN, .inet6 = true, .header = true },
	{ { "--ipv6", "--ipv4" }, INET_T, SV_STATES_CONN, .inet = true,
	  .header = true },
	{ { "-t4l" }, TCP, LC, .inet = true, .header = true },
	/* long options */
	{ { "--tcp" }, TCP, SV_STATES_CONN, DEF },
	{ { "--udp" }, UDP, ESTAB, DEF },
	{ { "--tcp", "--udp" }, BOTH, SV_STATES_CONN, DEF },
	{ { "--listening" }, ALL_T, LC, DEF },
	{ { "--all" }, ALL_T, SV_STATES_ALL, DEF },
	{ { "--numeric" }, ALL_T, SV_STATES_CONN, DEF, .numeric = true },
	{ { "--ipv4" }, INET_T, SV_STATES_CONN, .inet = true, .header = true },
	{ { "--ipv6" }, INET_T, SV_STATES_CONN, .inet6 = true, .header = true },
	{ { "--no-header" }, ALL_T, SV_STATES_CONN, .inet = true, .inet6 = true },
	{ { "--help" }, ALL_T, SV_STATES_CONN, DEF, .help = true },
	{ { "--version" }, ALL_T, SV_STATES_CONN, DEF, .version = true },
	{ { "-v" }, ALL_T, SV_STATES_CONN, DEF, .version = true }, /* ss's alias */
	/* unambiguous abbreviations, as getopt_long allows */
	{ { "--num" }, ALL_T, SV_STATES_CONN, DEF, .numeric = true },
	{ { "--listen" }, ALL_T, LC, DEF },
	{ { "--no-h" }, ALL_T, SV_STATES_CONN, .inet = true, .inet6 = true },
	/* long and short mixed */
	{ { "--tcp", "-l", "--numeric", "-6" }, TCP, LC, .inet6 = true,
	  .header = true, .numeric = true },
};

static void test_flags(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(flag_cases); i++) {
		const struct flag_case *c = &flag_cases[i];
		struct args a;
		struct sv_opts o;
		char err[128], what[128];
		int ret = parse_words(&a, &o, err, sizeof(err), c->args);

		describe(c->args, what, sizeof(what));
		if (ret != 0)
			fail_msg("'%s': %d (%s)", what, ret, err);
		if (o.tables != c->tables)
			fail_msg("'%s': tables %#x, want %#x", what, o.tables, c->tables);
		if (o.states != c->states)
			fail_msg("'%s': states %#x, want %#x", what, o.states, c->states);
		if (INET4(&o) != c->inet || INET6(&o) != c->inet6)
			fail_msg("'%s': families %d/%d, want %d/%d", what,
				 INET4(&o), INET6(&o), c->inet, c->inet6);
		if (o.numeric != c->numeric || o.header != c->header ||
		    o.help != c->help || o.version != c->version)
			fail_msg("'%s': numeric %d header %d help %d version %d", what,
				 o.numeric, o.header, o.help, o.version);
		assert_int_equal(o.filter_argc, 0);
		assert_null(o.filter_file);
		assert_null(o.dump_file);
		assert_null(o.replay_file);
		assert_false(o.user_filter);
	}
}

/* ---- state and exclude words ------------------------------------------ */

static uint32_t group(const char *word)
{
	uint32_t m = 0;

	assert_int_equal(sv_state_parse(word, &m), 0);
	return m;
}

static void test_state_words(void **state)
{
	const struct {
		const char *args[8];
		uint32_t tables, states;
	} cases[] = {
		{ { "state", "established" }, ALL_T, ESTAB },
		{ { "state", "established", "state", "time-wait" }, ALL_T,
		  ESTAB | BIT(SV_STATE_TIME_WAIT) },
		{ { "state", "syn-sent", "state", "syn-recv", "state", "closing" },
		  ALL_T, BIT(SV_STATE_SYN_SENT) | BIT(SV_STATE_SYN_RECV) |
		  BIT(SV_STATE_CLOSING) },
		{ { "state", "listen" }, ALL_T, BIT(SV_STATE_LISTEN) },
		{ { "state", "listening" }, ALL_T, BIT(SV_STATE_LISTEN) },
		{ { "state", "all" }, ALL_T, SV_STATES_ALL },
		{ { "state", "connected" }, ALL_T, group("connected") },
		{ { "state", "synchronized" }, ALL_T, group("synchronized") },
		{ { "state", "bucket" }, ALL_T, group("bucket") },
		{ { "state", "big" }, ALL_T, group("big") },
		{ { "state", "bucket", "state", "listening" }, ALL_T,
		  group("bucket") | BIT(SV_STATE_LISTEN) },
		/* exclude starts from all states */
		{ { "exclude", "listening" }, ALL_T,
		  SV_STATES_ALL & ~BIT(SV_STATE_LISTEN) },
		{ { "exclude", "established", "exclude", "time-wait" }, ALL_T,
		  SV_STATES_ALL & ~(ESTAB | BIT(SV_STATE_TIME_WAIT)) },
		{ { "excl", "closed" }, ALL_T, SV_STATES_ALL & ~BIT(SV_STATE_CLOSE) },
		{ { "exclude", "bucket" }, ALL_T, SV_STATES_ALL & ~group("bucket") },
		/* in order: exclude then state adds back */
		{ { "exclude", "listening", "state", "listening" }, ALL_T, SV_STATES_ALL },
		/* words override -a / -l, whatever their order on the line */
		{ { "-l", "state", "established" }, ALL_T, ESTAB },
		{ { "state", "established", "-a" }, ALL_T, ESTAB },
		{ { "-a", "exclude", "listening" }, ALL_T,
		  SV_STATES_ALL & ~BIT(SV_STATE_LISTEN) },
		/* and the tables stay as the flags say */
		{ { "-t", "state", "syn-recv" }, TCP, BIT(SV_STATE_SYN_RECV) },
		{ { "-u", "state", "closed" }, UDP, BIT(SV_STATE_CLOSE) },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct args a;
		struct sv_opts o;
		char err[128], what[128];
		int ret = parse_words(&a, &o, err, sizeof(err), cases[i].args);

		describe(cases[i].args, what, sizeof(what));
		if (ret != 0)
			fail_msg("'%s': %d (%s)", what, ret, err);
		if (cases[i].states == 0)
			continue; /* see test_exclude_everything */
		if (o.states != cases[i].states)
			fail_msg("'%s': states %#x, want %#x", what, o.states,
				 cases[i].states);
		if (o.tables != cases[i].tables)
			fail_msg("'%s': tables %#x, want %#x", what, o.tables,
				 cases[i].tables);
		assert_int_equal(o.filter_argc, 0);
	}
}

/* BUG (src/cli.c:204, sv_cli_parse: `o->states = saw_states ? word_states :
 * flag_states`): cli.h promises states is "never 0 after parse", but
 * `exclude all` (or `state listening exclude listening`) leaves 0, which
 * later becomes a dump request for no state at all. Fix: reject it
 * ("'exclude all' leaves no state to show") with -EINVAL, or document 0. */
static void test_exclude_everything(void **state)
{
	static const char *const lines[][5] = {
		{ "exclude", "all", NULL },
		{ "state", "listening", "exclude", "listening", NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(lines); i++) {
		struct args a;
		struct sv_opts o;
		char err[128], what[128];
		int ret = parse_words(&a, &o, err, sizeof(err), lines[i]);

		describe(lines[i], what, sizeof(what));
		if (ret == 0 && o.states == 0)
			fail_msg("BUG cli.c: '%s' returns 0 with states == 0 (cli.h: "
				 "never 0 after parse)", what);
		if (ret != 0)
			assert_true(err[0] != '\0');
	}
}

/* ---- filter words ----------------------------------------------------- */

static void assert_filter(const struct sv_opts *o, const char *const *want)
{
	int n = 0;

	while (want[n])
		n++;
	assert_int_equal(o->filter_argc, n);
	for (int i = 0; i < n; i++)
		assert_string_equal(o->filter_argv[i], want[i]);
}

static void test_filter_words(void **state)
{
	const struct {
		const char *args[10];
		const char *filter[8];
		uint32_t tables, states;
		bool numeric, inet6;
	} cases[] = {
		{ .args = { "state", "established", "dport", "=", ":ssh" },
		  .filter = { "dport", "=", ":ssh" }, .tables = ALL_T,
		  .states = ESTAB },
		{ .args = { "dport", "=", ":22" }, .filter = { "dport", "=", ":22" },
		  .tables = ALL_T, .states = SV_STATES_CONN },
		/* options after filter words: getopt permutes */
		{ .args = { "dport", "=", ":22", "-n" },
		  .filter = { "dport", "=", ":22" }, .tables = ALL_T,
		  .states = SV_STATES_CONN, .numeric = true },
		{ .args = { "state", "established", "-t", "sport", ">", ":1024",
			    "-n", "-6" },
		  .filter = { "sport", ">", ":1024" }, .tables = TCP,
		  .states = ESTAB, .numeric = true, .inet6 = true },
		{ .args = { "-t", "(", "dport", "=", ":22", ")", "-a" },
		  .filter = { "(", "dport", "=", ":22", ")" }, .tables = TCP,
		  .states = SV_STATES_ALL },
		/* `state` after a filter word is a filter word, as in ss */
		{ .args = { "src", "10.0.0.0/8", "state", "established" },
		  .filter = { "src", "10.0.0.0/8", "state", "established" },
		  .tables = ALL_T, .states = SV_STATES_CONN },
		/* after "--" everything is a filter word */
		{ .args = { "-t", "--", "-n" }, .filter = { "-n" }, .tables = TCP,
		  .states = SV_STATES_CONN },
		{ .args = { "-" }, .filter = { "-" }, .tables = ALL_T,
		  .states = SV_STATES_CONN },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct args a;
		struct sv_opts o;
		char err[128], what[160];
		int ret = parse_words(&a, &o, err, sizeof(err), cases[i].args);

		describe(cases[i].args, what, sizeof(what));
		if (ret != 0)
			fail_msg("'%s': %d (%s)", what, ret, err);
		assert_filter(&o, cases[i].filter);
		if (o.tables != cases[i].tables || o.states != cases[i].states)
			fail_msg("'%s': tables %#x states %#x", what, o.tables,
				 o.states);
		assert_int_equal(o.numeric, cases[i].numeric);
		if (cases[i].inet6)
			assert_false(INET4(&o));
	}
}

/* filter_argv points into the caller's argv, at its end. */
static void test_filter_argv_points_into_argv(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-t", "dport", "=", ":22", "-n"), 0);
	assert_int_equal(o.filter_argc, 3);
	assert_true(o.filter_argv >= a.argv && o.filter_argv + 3 == a.argv + a.argc);
	assert_null(o.filter_argv[3]);
	for (int i = 0; i < 3; i++)
		assert_true(o.filter_argv[i] >= a.store[0] &&
			    o.filter_argv[i] < a.store[MAX_ARGS - 1]);
}

/* --process-source: auto by default, then the word given (the last wins). */
static void test_process_source(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-tanp"), 0);
	assert_int_equal(o.procsrc, SV_CLI_PROCSRC_AUTO);
	assert_int_equal(PARSE(&a, &o, err, "-tanp", "--process-source=bpf"), 0);
	assert_int_equal(o.procsrc, SV_CLI_PROCSRC_BPF);
	assert_int_equal(PARSE(&a, &o, err, "--process-source", "proc", "-p"), 0);
	assert_int_equal(o.procsrc, SV_CLI_PROCSRC_PROC);
	assert_true(o.processes);
	assert_int_equal(PARSE(&a, &o, err, "--process-source=bpf", "--process-source=auto"), 0);
	assert_int_equal(o.procsrc, SV_CLI_PROCSRC_AUTO);
}

/* -N NAME|PATH, --net=: kept as given (main.c enters it). */
static void test_netns(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-tln"), 0);
	assert_null(o.netns);
	assert_int_equal(PARSE(&a, &o, err, "-N", "blue", "-tln"), 0);
	assert_string_equal(o.netns, "blue");
	assert_int_equal(PARSE(&a, &o, err, "--net=/proc/1/ns/net", "-tln"), 0);
	assert_string_equal(o.netns, "/proc/1/ns/net");
	assert_int_equal(PARSE(&a, &o, err, "-tlnN", "red"), 0);
	assert_string_equal(o.netns, "red");
	assert_true(o.numeric);
}

/* -T, --threads: kept for main.c, which makes it imply -p. */
static void test_threads(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-tlnp"), 0);
	assert_false(o.threads);
	assert_int_equal(PARSE(&a, &o, err, "-tlnT"), 0);
	assert_true(o.threads);
	assert_int_equal(PARSE(&a, &o, err, "--threads", "-t"), 0);
	assert_true(o.threads);
}

/* The words come back as they went in: ps shows the command line as typed. */
static void test_words_left_as_typed(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-A", "tcp,!udp,unix", "-f", "inet"), 0);
	assert_string_equal(a.store[2], "tcp,!udp,unix");
	assert_int_not_equal(PARSE(&a, &o, err, "-A", "tcp,bogus,udp"), 0);
	assert_string_equal(a.store[2], "tcp,bogus,udp");
	assert_string_equal(err, "unknown socket table 'bogus' after -A (its words are "
				 "in sockview --help)");
}

/* ---- options with arguments ------------------------------------------- */

static void test_file_options(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-F", "f.txt"), 0);
	assert_string_equal(o.filter_file, "f.txt");
	assert_int_equal(o.filter_argc, 0);
	assert_int_equal(PARSE(&a, &o, err, "-Fg.txt"), 0);
	assert_string_equal(o.filter_file, "g.txt");
	assert_int_equal(PARSE(&a, &o, err, "--filter=h.txt"), 0);
	assert_string_equal(o.filter_file, "h.txt");
	assert_int_equal(PARSE(&a, &o, err, "--filter", "-"), 0);
	assert_string_equal(o.filter_file, "-");
	assert_int_equal(PARSE(&a, &o, err, "-tnF", "i.txt", "-a"), 0);
	assert_string_equal(o.filter_file, "i.txt");
	assert_int_equal(o.tables, TCP);
	assert_int_equal(o.states, SV_STATES_ALL);
	assert_true(o.numeric);

	assert_int_equal(PARSE(&a, &o, err, "-D", "out.dump", "-tan"), 0);
	assert_string_equal(o.dump_file, "out.dump");
	assert_null(o.replay_file);
	assert_int_equal(PARSE(&a, &o, err, "--diag=x.dump"), 0);
	assert_string_equal(o.dump_file, "x.dump");

	assert_int_equal(PARSE(&a, &o, err, "--replay", "ss1.dump", "-tn"), 0);
	assert_string_equal(o.replay_file, "ss1.dump");
	assert_null(o.dump_file);
	assert_int_equal(PARSE(&a, &o, err, "--replay=y.dump"), 0);
	assert_string_equal(o.replay_file, "y.dump");

	assert_int_equal(PARSE(&a, &o, err, "--no-kernel-filter", "dport", "=",
			       ":22"), 0);
	assert_true(o.user_filter);
	assert_int_equal(o.filter_argc, 3);

	assert_int_equal(PARSE(&a, &o, err, "-tan"), 0);
	assert_int_equal(o.source, SV_CLI_SOURCE_AUTO);
	assert_int_equal(PARSE(&a, &o, err, "--source=proc", "-tan"), 0);
	assert_int_equal(o.source, SV_CLI_SOURCE_PROC);
	assert_int_equal(PARSE(&a, &o, err, "-t", "--source", "netlink"), 0);
	assert_int_equal(o.source, SV_CLI_SOURCE_NETLINK);
	assert_int_equal(PARSE(&a, &o, err, "--source=proc", "--source=auto"), 0);
	assert_int_equal(o.source, SV_CLI_SOURCE_AUTO); /* the last one */
	assert_int_equal(PARSE(&a, &o, err, "--sou=proc"), 0); /* getopt's prefix */
	assert_int_equal(o.source, SV_CLI_SOURCE_PROC);
	assert_int_equal(PARSE(&a, &o, err, "-s", "--source=proc"), 0);
}

/* ---- usage errors: exact messages ------------------------------------- */

struct err_case {
	const char *args[8]; /* NULL-terminated */
	const char *msg;
};

static const struct err_case err_cases[] = {
	{ { "-y" }, "unknown option '-y'" },
	{ { "-ty" }, "unknown option '-y'" },
	{ { "-yt" }, "unknown option '-y'" },
	{ { "-t", "-y", "-u" }, "unknown option '-y'" },
	{ { "dport", "=", ":22", "-y" }, "unknown option '-y'" },
	{ { "--bogus" }, "unknown option '--bogus'" },
	{ { "--bogus=1" }, "unknown option '--bogus'" },
	{ { "--source=bogus" }, "unknown source 'bogus' for --source (auto, netlink or proc)" },
	{ { "-p", "--process-source=kernel" }, "unknown source 'kernel' for --process-source "
					       "(auto, bpf or proc)" },
	{ { "--process-source", "\x1b]0;x" }, "unknown source '\\x1b]0;x' for "
					       "--process-source (auto, bpf or proc)" },
	{ { "--process-source" }, "option '--process-source' needs an argument" },
	{ { "--source=" }, "unknown source '' for --source (auto, netlink or proc)" },
	{ { "--source=Proc" }, "unknown source 'Proc' for --source (auto, netlink or proc)" },
	{ { "--source=\x1b[2J" }, "unknown source '\\x1b[2J' for --source (auto, netlink or proc)" },
	{ { "-t", "--source" }, "option '--source' needs an argument" },
	{ { "-s", "--source=netlink" }, "-s reads this host's totals from /proc: it cannot go "
					"with --source=netlink" },
	{ { "-t", "--bogus", "-u" }, "unknown option '--bogus'" },
	/* ss options not implemented yet: a clear word, the same for the
	 * short and the long form */
	{ { "--threads=1" }, "option '--threads' takes no argument" },
	{ { "-s", "-T" }, "-s reads this host's totals from /proc: it cannot go with -T" },
	{ { "--events=1" }, "option '--events' takes no argument" },
	{ { "-s", "-E" }, "-s reads this host's totals from /proc: it cannot go with -E" },
	{ { "-sK", "dport", "=", ":80" }, "-s reads this host's totals from /proc: it cannot "
					   "go with -K" },
	{ { "--extended=1" }, "option '--extended' takes no argument" },
	{ { "-A", "bogus" }, "unknown socket table 'bogus' after -A (its words are in "
	  "sockview --help)" },
	{ { "-A", "tcp,,udp" }, "unknown socket table '' after -A (its words are in "
	  "sockview --help)" },
	{ { "-A", "tcp,!tcp" }, "-A leaves no socket table to show after '!tcp'" },
	{ { "-suususA!unix_dgram" }, "-A leaves no socket table to show after "
				     "'!unix_dgram'" },
	{ { "-A", "tcp", "-A", "udp,!inet,raw,!raw" }, "-A leaves no socket table to "
						      "show after '!raw'" },
	{ { "-f", "ipx" }, "unknown family 'ipx' after -f (its words: inet inet6 link "
	  "unix netlink tipc vsock xdp)" },
	{ { "--kill=yes" }, "option '--kill' takes no argument" },
	{ { "--force=1" }, "option '--force' takes no argument" },
	{ { "-N" }, "option '-N' needs an argument" },
	/* --resolve-timeout: seconds, 0 to 3600, at most milliseconds */
	{ { "--resolve-timeout=" }, "bad --resolve-timeout '': seconds from 0 to 3600 "
				    "expected (for example 0.5)" },
	{ { "--resolve-timeout=-1" }, "bad --resolve-timeout '-1': seconds from 0 to "
				      "3600 expected (for example 0.5)" },
	{ { "--resolve-timeout=1s" }, "bad --resolve-timeout '1s': seconds from 0 to "
				      "3600 expected (for example 0.5)" },
	{ { "--resolve-timeout=3600.001" }, "bad --resolve-timeout '3600.001': seconds "
					    "from 0 to 3600 expected (for example 0.5)" },
	{ { "--resolve-timeout=0.0001" }, "bad --resolve-timeout '0.0001': seconds from "
					  "0 to 3600 expected (for example 0.5)" },
	{ { "--resolve-timeout=99999999999" }, "bad --resolve-timeout '99999999999': "
					       "seconds from 0 to 3600 expected (for "
					       "example 0.5)" },
	{ { "--resolve-timeout=1.2.3" }, "bad --resolve-timeout '1.2.3': seconds from 0 "
					 "to 3600 expected (for example 0.5)" },
	{ { "--resolve-timeout=." }, "bad --resolve-timeout '.': seconds from 0 to 3600 "
				     "expected (for example 0.5)" },
	{ { "--resolve-timeout= 1" }, "bad --resolve-timeout '\\x201': seconds from 0 "
				      "to 3600 expected (for example 0.5)" },
	{ { "--resolve-timeout=\x1b" }, "bad --resolve-timeout '\\x1b': seconds from 0 "
					 "to 3600 expected (for example 0.5)" },
	{ { "--resolve-timeout" }, "option '--resolve-timeout' needs an argument" },
	/* an unsupported option's missing argument: still "not supported" */
	{ { "--net" }, "option '--net' needs an argument" },
	{ { "-f" }, "option '-f' needs an argument" },
	{ { "--socket" }, "option '--socket' needs an argument" },
	{ { "--bpf-map-id" }, "option '--bpf-map-id' is not supported yet" },
	/* an unknown letter inside a group, after a long option */
	{ { "--tcp", "-yt" }, "unknown option '-y'" },
	{ { "--filter=f", "-uyt" }, "unknown option '-y'" },
	/* -s reads this host's /proc: what asks for anything else is refused */
#define SUMMARY "-s reads this host's totals from /proc: it cannot go with "
	{ { "-s", "--replay", "x.dump" }, SUMMARY "--replay" },
	{ { "--replay=x.dump", "--summary" }, SUMMARY "--replay" },
	{ { "-s", "-p" }, SUMMARY "-p" },
	{ { "-tsp" }, SUMMARY "-p" },
	{ { "--summary", "--processes" }, SUMMARY "-p" },
	{ { "-s", "-D", "x.dump" }, SUMMARY "-D" },
	{ { "-s", "--diag=x.dump" }, SUMMARY "-D" },
	{ { "-s", "--format=prom" }, "--format=prom cannot go with -s (-s -j is its "
				     "machine-readable form)" },
	{ { "-s", "--format=json-lines" }, SUMMARY "--json-lines" },
	/* --format, --prom-ports, --output */
	{ { "--format=yaml" }, "unknown format 'yaml' for --format (table, json, json-lines, "
			       "ss or prom)" },
	{ { "--format=" }, "unknown format '' for --format (table, json, json-lines, ss or "
			   "prom)" },
	{ { "--format=Prom" }, "unknown format 'Prom' for --format (table, json, json-lines, "
			       "ss or prom)" },
	{ { "--format=\x1b[2J" }, "unknown format '\\x1b[2J' for --format (table, json, "
				  "json-lines, ss or prom)" },
	{ { "--format" }, "option '--format' needs an argument" },
	{ { "--output" }, "option '--output' needs an argument" },
	{ { "--prom-ports" }, "option '--prom-ports' needs an argument" },
	{ { "--prom-ports=22" }, "--prom-ports chooses the listeners of --format=prom: it goes "
				 "with --format=prom only" },
	{ { "--format=prom", "-j" }, "--format=prom cannot go with -j" },
	{ { "--format=prom", "--json-lines" }, "--format=prom cannot go with --json-lines" },
	{ { "--format=prom", "--ss" }, "--format=prom cannot go with --ss" },
	{ { "-s", "--json-lines" }, SUMMARY "--json-lines" },
	{ { "-s", "-F", "f.txt" }, SUMMARY "-F" },
	{ { "-s", "state", "established" },
	  SUMMARY "the state filter 'state established'" },
	{ { "exclude", "listening", "-s" },
	  SUMMARY "the state filter 'exclude listening'" },
	{ { "-s", "dport", "=", ":22" }, SUMMARY "the filter word 'dport'" },
	{ { "(", "sport", "=", ":22", ")", "-s" }, SUMMARY "the filter word '('" },
	/* a word echoed in a message is escaped: no byte of it reaches the
	 * terminal as a control sequence */
	{ { "--\x1b[31mRED" }, "unknown option '--\\x1b[31mRED'" },
	{ { "--\x1b[31mRED=1" }, "unknown option '--\\x1b[31mRED'" },
	{ { "--tcp\x1b" }, "unknown option '--tcp\\x1b'" },
	{ { "-t\x1b" }, "unknown option '-\\x1b'" },
	{ { "-\x1bt" }, "unknown option '-\\x1b'" },
	{ { "-\xc3\xa9" }, "unknown option '-\\xc3'" },
	{ { "state", "\x1b[31mRED" }, "unknown state '\\x1b[31mRED' after 'state'" },
	{ { "exclude", "a b\r" }, "unknown state 'a\\x20b\\x0d' after 'exclude'" },
	{ { "-s", "\x1b]0;title\x07" },
	  SUMMARY "the filter word '\\x1b]0;title\\x07'" },
#undef SUMMARY
	/* missing arguments */
	{ { "-F" }, "option '-F' needs an argument" },
	{ { "-tF" }, "option '-F' needs an argument" },
	{ { "-D" }, "option '-D' needs an argument" },
	/* state words */
	{ { "state" }, "'state' needs a state name" },
	{ { "-t", "state" }, "'state' needs a state name" },
	{ { "exclude" }, "'exclude' needs a state name" },
	{ { "excl" }, "'excl' needs a state name" },
	{ { "state", "established", "state" }, "'state' needs a state name" },
	{ { "state", "bogus" }, "unknown state 'bogus' after 'state'" },
	{ { "exclude", "bogus" }, "unknown state 'bogus' after 'exclude'" },
	{ { "state", "established", "state", "estab" },
	  "unknown state 'estab' after 'state'" },
	{ { "state", "" }, "unknown state '' after 'state'" },
	{ { "-t", "state", "bogus", "dport", "=", ":22" },
	  "unknown state 'bogus' after 'state'" },
};

/* -p, -j, --json-lines, -s. */
static void test_output_options(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-tulpn"), 0);
	assert_true(o.processes);
	assert_false(o.json);
	assert_int_equal(PARSE(&a, &o, err, "-tanj"), 0);
	assert_true(o.json);
	assert_false(o.json_lines);
	assert_false(o.processes);
	assert_int_equal(PARSE(&a, &o, err, "--json-lines", "--processes"), 0);
	assert_true(o.json && o.json_lines && o.processes);
	assert_int_equal(PARSE(&a, &o, err, "--json"), 0);
	assert_true(o.json);
	assert_int_equal(PARSE(&a, &o, err, "-s"), 0);
	assert_true(o.summary);
	assert_int_equal(PARSE(&a, &o, err, "--summary"), 0);
	assert_true(o.summary);
	assert_int_equal(PARSE(&a, &o, err, "--json-lines=x"), -EINVAL);
	assert_string_equal(err, "option '--json-lines' takes no argument");
}

/* --format=WORD sets what its option sets, and replaces what came before
 * it; --output and --prom-ports keep their words; -s takes -j. */
static void test_format_options(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[160];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-ta"), 0);
	assert_false(o.prom || o.json || o.ss_layout || o.output_file || o.prom_ports);
	assert_int_equal(PARSE(&a, &o, err, "--format=prom", "--prom-ports=22,https"), 0);
	assert_true(o.prom);
	assert_false(o.json || o.json_lines || o.ss_layout);
	assert_string_equal(o.prom_ports, "22,https");
	assert_int_equal(PARSE(&a, &o, err, "--format", "json-lines"), 0);
	assert_true(o.json && o.json_lines && !o.prom);
	assert_int_equal(PARSE(&a, &o, err, "--json-lines", "--format=json"), 0);
	assert_true(o.json && !o.json_lines);
	assert_int_equal(PARSE(&a, &o, err, "-j", "--format=ss"), 0);
	assert_true(o.ss_layout && !o.json);
	assert_int_equal(PARSE(&a, &o, err, "--ss", "-j", "--format=table"), 0);
	assert_false(o.ss_layout || o.json || o.prom);
	assert_int_equal(PARSE(&a, &o, err, "-j", "--format=prom"), 0);
	assert_true(o.prom && !o.json);
	assert_int_equal(PARSE(&a, &o, err, "--output=/tmp/x.prom", "-o"), 0);
	assert_string_equal(o.output_file, "/tmp/x.prom");
	assert_true(o.details & SV_DETAIL_TIMER); /* -o stays ss's timers */
	assert_int_equal(PARSE(&a, &o, err, "-sj"), 0);
	assert_true(o.summary && o.json);
	assert_int_equal(PARSE(&a, &o, err, "-s", "--ss", "--output", "f"), 0);
	assert_true(o.summary && o.ss_layout);
}

/* -E, --timestamp, -K, --force; whether state words were given (-K and -E
 * need to know). */
static void test_event_kill_options(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-tE"), 0);
	assert_true(o.events);
	assert_false(o.kill || o.timestamp || o.force || o.states_given);
	assert_int_equal(PARSE(&a, &o, err, "--events", "--timestamp", "-j"), 0);
	assert_true(o.events && o.timestamp && o.json);
	assert_int_equal(PARSE(&a, &o, err, "-tK", "dport", "=", ":80"), 0);
	assert_true(o.kill);
	assert_false(o.events || o.states_given);
	assert_int_equal(o.filter_argc, 3);
	assert_int_equal(PARSE(&a, &o, err, "--kill", "--force", "state", "established"), 0);
	assert_true(o.kill && o.force && o.states_given);
	assert_int_equal(o.filter_argc, 0);
	assert_int_equal(PARSE(&a, &o, err, "-K", "exclude", "listening"), 0);
	assert_true(o.states_given);
	assert_int_equal(PARSE(&a, &o, err, "-Ka"), 0);
	assert_false(o.states_given); /* -a is no state word */
}

/* Each case is a usage error with exactly its message, which is printable
 * ASCII (words echoed in it are escaped). */
static void check_err_cases(const struct err_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct err_case *c = &cases[i];
		struct args a;
		struct sv_opts o;
		char err[160], what[128];
		int ret = parse_words(&a, &o, err, sizeof(err), c->args);

		describe(c->args, what, sizeof(what));
		if (ret != -EINVAL)
			fail_msg("'%s': %d, want -EINVAL", what, ret);
		if (strcmp(err, c->msg) != 0)
			fail_msg("'%s': message \"%s\", want \"%s\"", what, err, c->msg);
		for (const char *p = err; *p; p++)
			if (*p < 0x20 || *p > 0x7e)
				fail_msg("case %zu: byte %#x in the message", i,
					 (unsigned char)*p);
	}
}

static void test_errors(void **state)
{
	(void)state;
	check_err_cases(err_cases, ARRAY_LEN(err_cases));
}

/* ---- every ss option, short and long -------------------------------- */

/* The options in the usage of ss 6.1 and ss 7.x (with --bpf-maps and
 * --bpf-map-id, which ss has when built with BPF socket storage): the short
 * letter (0: none), the long name (NULL: none), an argument to give it
 * (NULL: it takes none), and whether sockview supports it yet. */
struct ss_option {
	char c;
	const char *name;
	const char *arg;
	bool supported;
};

static const struct ss_option ss_options[] = {
	{ 'h', "help", NULL, true }, { 'V', "version", NULL, true },
	{ 'v', NULL, NULL, true }, { 'n', "numeric", NULL, true },
	{ 'r', "resolve", NULL, true }, { 'a', "all", NULL, true },
	{ 'l', "listening", NULL, true }, { 'B', "bound-inactive", NULL, true },
	{ 'o', "options", NULL, true }, { 'e', "extended", NULL, true },
	{ 'm', "memory", NULL, true }, { 'p', "processes", NULL, true },
	{ 'T', "threads", NULL, true }, { 'i', "info", NULL, true },
	{ 0, "tipcinfo", NULL, false }, { 's', "summary", NULL, true },
	{ 0, "tos", NULL, true }, { 0, "cgroup", NULL, true },
	{ 'b', "bpf", NULL, true }, { 0, "bpf-maps", NULL, false },
	{ 0, "bpf-map-id", "7", false }, { 'E', "events", NULL, true },
	{ 'Z', "context", NULL, true }, { 'z', "contexts", NULL, true },
	{ 'N', "net", "blue", true }, { '4', "ipv4", NULL, true },
	{ '6', "ipv6", NULL, true }, { '0', "packet", NULL, true },
	{ 't', "tcp", NULL, true }, { 'M', "mptcp", NULL, true },
	{ 'S', "sctp", NULL, true }, { 'u', "udp", NULL, true },
	{ 'd', "dccp", NULL, true }, { 'w', "raw", NULL, true },
	{ 'x', "unix", NULL, true }, { 0, "tipc", NULL, true },
	{ 0, "vsock", NULL, true }, { 0, "xdp", NULL, true },
	{ 'f', "family", "inet", true }, { 'K', "kill", NULL, true },
	{ 'H', "no-header", NULL, true }, { 'Q', "no-queues", NULL, true },
	{ 'O', "oneline", NULL, true }, { 0, "inet-sockopt", NULL, true },
	{ 'A', "query", "tcp", true }, { 'A', "socket", "tcp", true },
	{ 'D', "diag", "x.dump", true }, { 'F', "filter", "f.txt", true },
};

/* One way of typing an option: up to two words. */
struct form {
	char w[2][64];
	const char *words[3];
};

static void form_set(struct form *f, const char *w0, const char *w1)
{
	snprintf(f->w[0], sizeof(f->w[0]), "%s", w0);
	snprintf(f->w[1], sizeof(f->w[1]), "%s", w1 ? w1 : "");
	f->words[0] = f->w[0];
	f->words[1] = w1 ? f->w[1] : NULL;
	f->words[2] = NULL;
}

/* Every form ss accepts for r (-f inet, -finet, --family=inet, --family
 * inet); returns how many. */
static size_t option_forms(const struct ss_option *r, struct form f[4])
{
	char a[64], b[64];
	size_t k = 0;

	if (r->c) {
		snprintf(a, sizeof(a), "-%c", r->c);
		form_set(&f[k++], a, r->arg);
		snprintf(b, sizeof(b), "-%c%s", r->c, r->arg ? r->arg : "");
		if (r->arg)
			form_set(&f[k++], b, NULL);
	}
	if (r->name) {
		snprintf(a, sizeof(a), "--%s", r->name);
		form_set(&f[k++], a, r->arg);
		snprintf(b, sizeof(b), "--%s=%s", r->name, r->arg ? r->arg : "");
		if (r->arg)
			form_set(&f[k++], b, NULL);
	}
	return k;
}

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Two parses decided the same (the pointers into argv aside). */
static bool opts_same(const struct sv_opts *a, const struct sv_opts *b)
{
	return a->tables == b->tables && a->states == b->states &&
	       a->families == b->families &&
	       a->numeric == b->numeric && a->header == b->header &&
	       a->no_queues == b->no_queues && a->help == b->help &&
	       a->version == b->version && a->summary == b->summary &&
	       a->processes == b->processes && a->json == b->json &&
	       a->json_lines == b->json_lines && a->user_filter == b->user_filter &&
	       a->details == b->details && a->oneline == b->oneline &&
	       a->source == b->source &&
	       a->filter_argc == b->filter_argc && str_same(a->dump_file, b->dump_file) &&
	       str_same(a->replay_file, b->replay_file) &&
	       str_same(a->filter_file, b->filter_file) && a->resolve == b->resolve &&
	       a->resolve_ms == b->resolve_ms && a->contexts == b->contexts;
}

/* The refusal of r typed as word: a short form is named by the first long
 * name of its letter (-A is --query, not --socket). */
static void refusal(const struct ss_option *r, const char *word, char *buf,
		    size_t len)
{
	const char *name = r->name;

	for (size_t i = 0; r->c && word[1] != '-' && i < ARRAY_LEN(ss_options); i++)
		if (ss_options[i].c == r->c) {
			name = ss_options[i].name;
			break;
		}
	if (r->c)
		snprintf(buf, len, "option '-%c' (--%s) is not supported yet", r->c,
			 name);
	else
		snprintf(buf, len, "option '--%s' is not supported yet", name);
}

/* Each form of a supported option decides the same, and something; each
 * form of an unsupported one gets its refusal, never "unknown option". */
static void test_every_ss_option(void **state)
{
	struct args a, a0, af; /* af: the first form's words, which first uses */
	struct sv_opts o, first, none;
	char err[128], want[128];

	(void)state;
	assert_int_equal(PARSE(&a0, &none, err, "-t", "-u"), 0);
	for (size_t i = 0; i < ARRAY_LEN(ss_options); i++) {
		const struct ss_option *r = &ss_options[i];
		struct form f[4];
		size_t n = option_forms(r, f);

		for (size_t k = 0; k < n; k++) {
			int ret = parse_words(k ? &a : &af, &o, err, sizeof(err),
					      f[k].words);

			if (!r->supported) {
				refusal(r, f[k].w[0], want, sizeof(want));
				if (ret != -EINVAL || strcmp(err, want) != 0)
					fail_msg("'%s': %d \"%s\", want \"%s\"", f[k].w[0],
						 ret, err, want);
				continue;
			}
			if (ret != 0)
				fail_msg("'%s %s': %d (%s)", f[k].w[0], f[k].w[1], ret, err);
			if (k == 0 && opts_same(&o, &none))
				fail_msg("'%s' changed nothing", f[k].w[0]);
			if (k == 0)
				first = o;
			else if (!opts_same(&o, &first))
				fail_msg("'%s %s' differs from '%s'", f[k].w[0], f[k].w[1],
					 f[0].w[0]);
		}
	}
}

/* Every letter of ss's own getopt strings (6.1, then 7.x) is in the table
 * above, and known to sockview. */
static void test_ss_short_options(void **state)
{
	static const char *const ss_shorts[] = {
		"dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO",
		"dhalBetuwxnro460spTbEf:mMiA:D:F:vVzZN:KHQSO",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(ss_shorts); i++) {
		for (const char *p = ss_shorts[i]; *p; p++) {
			struct args a;
			struct sv_opts o;
			char err[128], opt[3] = { '-', *p, '\0' };
			bool listed = false;

			if (*p == ':')
				continue;
			for (size_t k = 0; k < ARRAY_LEN(ss_options); k++)
				listed |= ss_options[k].c == *p;
			if (!listed)
				fail_msg("ss's -%c is missing from ss_options", *p);
			parse_words(&a, &o, err, sizeof(err),
				    (const char *const[]){ opt, "x", NULL });
			if (strstr(err, "unknown option"))
				fail_msg("'%s': \"%s\"", opt, err);
		}
	}
}

/* Tables, families and states from the table options, -A and -f, as ss
 * builds them (its filter_db_set, filter_af_set, filter_merge_defaults). */
static void test_table_options(void **state)
{
	const uint32_t unx = BIT(SV_TABLE_UNIX_STREAM) | BIT(SV_TABLE_UNIX_DGRAM) |
			     BIT(SV_TABLE_UNIX_SEQPACKET);
	const uint32_t pkt = BIT(SV_TABLE_PACKET_RAW) | BIT(SV_TABLE_PACKET_DGRAM);
	const uint32_t vs = BIT(SV_TABLE_VSOCK_STREAM) | BIT(SV_TABLE_VSOCK_DGRAM);
	const uint32_t close = BIT(SV_STATE_CLOSE);
	const uint64_t in46 = SV_AF_INET_BOTH;
	const struct {
		const char *args[6];
		uint32_t tables, states;
		uint64_t families;
	} cases[] = {
		{ { "-x" }, unx, SV_STATES_CONN, SV_AF(AF_UNIX) },
		{ { "--unix" }, unx, SV_STATES_CONN, SV_AF(AF_UNIX) },
		{ { "-0" }, pkt, close, SV_AF(AF_PACKET) },
		{ { "-x0" }, unx | pkt, SV_STATES_CONN | close,
		  SV_AF(AF_UNIX) | SV_AF(AF_PACKET) },
		{ { "-xt" }, unx | TCP, SV_STATES_CONN, SV_AF(AF_UNIX) | in46 },
		{ { "-xl" }, unx, LC, SV_AF(AF_UNIX) },
		{ { "-w" }, BIT(SV_TABLE_RAW), ESTAB, in46 },
		{ { "-tM" }, TCP | BIT(SV_TABLE_MPTCP), SV_STATES_CONN, in46 },
		{ { "--vsock" }, vs, SV_STATES_CONN, SV_AF(AF_VSOCK) },
		{ { "--tipc" }, BIT(SV_TABLE_TIPC),
		  BIT(SV_STATE_ESTABLISHED) | BIT(SV_STATE_LISTEN) | close,
		  SV_AF(AF_TIPC) },
		{ { "--xdp" }, BIT(SV_TABLE_XDP), close, SV_AF(44) },
		{ { "-f", "netlink" }, BIT(SV_TABLE_NETLINK), close, SV_AF(AF_NETLINK) },
		{ { "-f", "link" }, pkt, close, SV_AF(AF_PACKET) },
		{ { "-f", "inet" }, INET_T, SV_STATES_CONN, SV_AF(AF_INET) },
		{ { "--family=inet6" }, INET_T, SV_STATES_CONN, SV_AF(AF_INET6) },
		{ { "-4", "-x" }, INET_T | unx, SV_STATES_CONN,
		  SV_AF(AF_INET) | SV_AF(AF_UNIX) },
		{ { "-x", "-4", "-6" }, INET_T | unx, SV_STATES_CONN,
		  SV_AF(AF_INET6) | SV_AF(AF_UNIX) },
		/* -A starts from no table, and from the connected states */
		{ { "-A", "unix" }, unx, SV_STATES_CONN, SV_AF(AF_UNIX) },
		{ { "-A", "packet" }, pkt, SV_STATES_CONN, SV_AF(AF_PACKET) },
		{ { "-A", "unix,!u_dgr" }, unx & ~BIT(SV_TABLE_UNIX_DGRAM),
		  SV_STATES_CONN, SV_AF(AF_UNIX) },
		{ { "-A", "all,!tcp" }, ALL_T & ~TCP, SV_STATES_CONN, 0 },
		{ { "-t", "-A", "udp" }, UDP, SV_STATES_CONN, in46 },
		{ { "-A", "udp", "-t" }, BOTH, SV_STATES_CONN, in46 },
		{ { "-A", "tcp", "-A", "udp" }, BOTH, SV_STATES_CONN, in46 },
		{ { "--query=u_str,unix_seqpacket", "-a" },
		  BIT(SV_TABLE_UNIX_STREAM) | BIT(SV_TABLE_UNIX_SEQPACKET),
		  SV_STATES_ALL, SV_AF(AF_UNIX) },
		{ { "-a", "-A", "netlink" }, BIT(SV_TABLE_NETLINK), SV_STATES_ALL,
		  SV_AF(AF_NETLINK) },
		{ { "-A", "tcp", "state", "listening" }, TCP, BIT(SV_STATE_LISTEN), in46 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct args a;
		struct sv_opts o;
		char err[256], what[128];
		int ret = parse_words(&a, &o, err, sizeof(err), cases[i].args);

		describe(cases[i].args, what, sizeof(what));
		if (ret != 0)
			fail_msg("'%s': %d (%s)", what, ret, err);
		if (o.tables != cases[i].tables || o.states != cases[i].states)
			fail_msg("'%s': tables %#x states %#x, want %#x %#x", what,
				 o.tables, o.states, cases[i].tables, cases[i].states);
		/* 0: every family of the tables */
		if (o.families != (cases[i].families ? cases[i].families :
				   sv_tables_families(cases[i].tables)))
			fail_msg("'%s': families %#llx", what,
				 (unsigned long long)o.families);
	}
}

/* -r, --resolve-timeout, -B, -Z, -z. */
static void test_resolve_bound_contexts(void **state)
{
	static const struct {
		const char *arg;
		uint32_t ms;
	} secs[] = {
		{ "--resolve-timeout=0", 0 }, { "--resolve-timeout=2", 2000 },
		{ "--resolve-timeout=0.5", 500 }, { "--resolve-timeout=.25", 250 },
		{ "--resolve-timeout=1.", 1000 }, { "--resolve-timeout=0.001", 1 },
		{ "--resolve-timeout=3600", 3600000 }, { "--resolve-timeout=3600.000", 3600000 },
		{ "--resolve-timeout=007", 7000 },
	};
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-t"), 0);
	assert_false(o.resolve);
	assert_int_equal(o.resolve_ms, SV_RESOLVE_DEFAULT_MS);
	assert_int_equal(o.resolve_ms, 2000);
	assert_int_equal(o.contexts, 0);
	assert_int_equal(PARSE(&a, &o, err, "-tnr"), 0);
	assert_true(o.resolve && o.numeric); /* -rn: names, port numbers (as ss) */
	for (size_t i = 0; i < ARRAY_LEN(secs); i++) {
		assert_int_equal(PARSE(&a, &o, err, "-r", secs[i].arg), 0);
		if (o.resolve_ms != secs[i].ms)
			fail_msg("%s: %u ms, want %u", secs[i].arg, o.resolve_ms, secs[i].ms);
	}
	assert_int_equal(PARSE(&a, &o, err, "--resolve-timeout", "1.5", "-r"), 0);
	assert_int_equal(o.resolve_ms, 1500);
	/* -B: the bound-inactive state alone; the last of -a, -l, -B wins */
	assert_int_equal(PARSE(&a, &o, err, "-tB"), 0);
	assert_int_equal(o.states, BIT(SV_STATE_BOUND_INACTIVE));
	assert_int_equal(PARSE(&a, &o, err, "-aB"), 0);
	assert_int_equal(o.states, BIT(SV_STATE_BOUND_INACTIVE));
	assert_int_equal(PARSE(&a, &o, err, "-Ba"), 0);
	assert_int_equal(o.states, SV_STATES_ALL);
	assert_false(o.states & BIT(SV_STATE_BOUND_INACTIVE)); /* -a: as ss 6.x */
	assert_int_equal(PARSE(&a, &o, err, "-t", "state", "all", "state", "bound-inactive"), 0);
	assert_int_equal(o.states, SV_STATES_ALL | BIT(SV_STATE_BOUND_INACTIVE));
	assert_int_equal(PARSE(&a, &o, err, "-t", "exclude", "listening"), 0);
	assert_false(o.states & BIT(SV_STATE_BOUND_INACTIVE));
	assert_int_equal(PARSE(&a, &o, err, "--bound-inactive", "-l"), 0);
	assert_int_equal(o.states, LC);
	assert_int_equal(PARSE(&a, &o, err, "-t", "state", "bound-inactive"), 0);
	assert_int_equal(o.states, BIT(SV_STATE_BOUND_INACTIVE));
	assert_int_equal(PARSE(&a, &o, err, "-t"), 0);
	assert_false(o.states & BIT(SV_STATE_BOUND_INACTIVE)); /* not by default */
	/* -Z: processes' contexts; -z: and the sockets' */
	assert_int_equal(PARSE(&a, &o, err, "-Z"), 0);
	assert_int_equal(o.contexts, SV_CTX_PROCESS);
	assert_int_equal(PARSE(&a, &o, err, "--contexts"), 0);
	assert_int_equal(o.contexts, SV_CTX_PROCESS | SV_CTX_SOCKET);
	assert_int_equal(PARSE(&a, &o, err, "-Zz"), 0);
	assert_int_equal(o.contexts, SV_CTX_PROCESS | SV_CTX_SOCKET);
}

/* -Q / --no-queues (ss 7.x): no Recv-Q and Send-Q columns. */
static void test_no_queues(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-tn"), 0);
	assert_false(o.no_queues);
	assert_int_equal(PARSE(&a, &o, err, "-Q"), 0);
	assert_true(o.no_queues);
	assert_int_equal(PARSE(&a, &o, err, "--no-queues"), 0);
	assert_true(o.no_queues);
	assert_int_equal(PARSE(&a, &o, err, "-tQn", "state", "listening"), 0);
	assert_true(o.no_queues && o.numeric);
	assert_int_equal(o.tables, TCP);
	assert_int_equal(PARSE(&a, &o, err, "--no-q", "-H"), 0);
	assert_true(o.no_queues);
	assert_false(o.header);
	assert_int_equal(PARSE(&a, &o, err, "--no-queues=1"), -EINVAL);
	assert_string_equal(err, "option '--no-queues' takes no argument");
}

/* -s with what it can honour (the refusals are in err_cases). */
/* The details: each option its bit (-e is -o too, as in ss), -O. */
static void test_details(void **state)
{
	static const struct {
		const char *const words[4];
		uint32_t details;
		bool oneline;
	} cases[] = {
		{ { "-t" }, 0, false },
		{ { "-to" }, SV_DETAIL_TIMER, false },
		{ { "--extended" }, SV_DETAIL_EXT | SV_DETAIL_TIMER, false },
		{ { "-m" }, SV_DETAIL_MEM, false },
		{ { "--info", "-O" }, SV_DETAIL_INFO, true },
		{ { "--tos", "--cgroup" }, SV_DETAIL_TOS | SV_DETAIL_CGROUP, false },
		{ { "--inet-sockopt", "--oneline" }, SV_DETAIL_SOCKOPT, true },
		{ { "-tanieomO" }, SV_DETAIL_INFO | SV_DETAIL_EXT | SV_DETAIL_TIMER |
				   SV_DETAIL_MEM, true },
	};
	struct args a;
	struct sv_opts o;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse_words(&a, &o, err, sizeof(err), cases[i].words), 0);
		assert_int_equal(o.details, cases[i].details);
		assert_int_equal(o.oneline, cases[i].oneline);
	}
}

static void test_summary_allowed(void **state)
{
	static const char *const fine[][4] = {
		{ "-s", NULL }, { "--summary", NULL }, { "-s", "-tn", NULL },
		{ "-s", "-H", "-4", NULL }, { "-sQ", NULL }, { "-a", "-s", NULL },
		/* help and version win, as with any other option */
		{ "-s", "-p", "-h", NULL }, { "-s", "-j", "-V", NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(fine); i++) {
		struct args a;
		struct sv_opts o;
		char err[160];

		if (parse_words(&a, &o, err, sizeof(err), fine[i]) != 0)
			fail_msg("'%s ...': \"%s\"", fine[i][0], err);
		assert_true(o.summary);
	}
}

/* An ambiguous abbreviation is an error that names the word. */
static void test_ambiguous_long_option(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "--ipv"), -EINVAL);
	assert_non_null(strstr(err, "'--ipv'"));
}

/* --filter without its argument: an error saying so. */
static void test_long_option_missing_argument(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "--filter"), -EINVAL);
	assert_non_null(strstr(err, "needs an argument"));
	assert_int_equal(PARSE(&a, &o, err, "--diag"), -EINVAL);
	assert_non_null(strstr(err, "needs an argument"));
}

/* BUG (src/cli.c:87-88, bad_option): for a long option whose value is
 * above 255 (--replay is OPT_REPLAY = 256) glibc sets optopt to that value,
 * and "option '-%c' needs an argument" prints (char)256 = '\0': the message
 * is cut to "option '-". Fix: use the word (argv[optind - 1]) when
 * optopt > 255 or the word starts with "--": "option '--replay' needs an
 * argument". */
static void test_replay_missing_argument(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "--replay"), -EINVAL);
	if (!strstr(err, "--replay") || !strstr(err, "needs an argument"))
		fail_msg("BUG cli.c bad_option: '--replay' without a file gave "
			 "\"%s\", want \"option '--replay' needs an argument\"", err);
}

/* BUG (src/cli.c:91-94, bad_option): "--tcp=x" (an argument to a long
 * option that takes none) makes glibc return '?' with optopt = 't', and the
 * message says "unknown option '-t'" - an option that exists and that the
 * user did not type. For "--no-kernel-filter=1" optopt is OPT_USER_FILTER
 * (257) and "-%c" prints byte 0x01. Fix: when the word starts with "--",
 * name it: "option '--tcp' takes no argument" (the word up to '='). */
static void test_long_option_with_unwanted_argument(void **state)
{
	static const char *const words[] = { "--tcp=x", "--numeric=1", "--help=me",
					     "--no-kernel-filter=1" };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		struct args a;
		struct sv_opts o;
		char err[128];
		char opt[32];

		assert_int_equal(PARSE(&a, &o, err, words[i]), -EINVAL);
		snprintf(opt, sizeof(opt), "%.*s", (int)strcspn(words[i], "="),
			 words[i]);
		if (!strstr(err, opt) || strstr(err, "unknown option '-"))
			fail_msg("BUG cli.c bad_option: '%s' gave \"%s\", want a "
				 "message naming '%s' (e.g. \"option '%s' takes no "
				 "argument\")", words[i], err, opt, opt);
	}
}

/* getopt's state is reset on every call: an error in the middle of a group
 * of flags does not leak into the next parse. */
static void test_parse_twice(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[128];

	(void)state;
	assert_int_equal(PARSE(&a, &o, err, "-Kty"), -EINVAL);
	assert_int_equal(PARSE(&a, &o, err, "-u"), 0);
	assert_int_equal(o.tables, UDP);
	assert_int_equal(PARSE(&a, &o, err, "-ty", "state", "listening"), -EINVAL);
	assert_int_equal(PARSE(&a, &o, err, "state", "listening"), 0);
	assert_int_equal(o.tables, ALL_T);
	assert_int_equal(o.states, BIT(SV_STATE_LISTEN));
	assert_int_equal(PARSE(&a, &o, err, "-l"), 0);
	assert_int_equal(PARSE(&a, &o, err, "-n"), 0);
	assert_int_equal(o.states, SV_STATES_CONN); /* no -l left over */
	assert_false(o.header == false);
}

/* No arguments at all (argc 0, as execve allows). */
static void test_argc_zero(void **state)
{
	char *argv[] = { NULL };
	struct sv_opts o;
	char err[64] = "";

	(void)state;
	assert_int_equal(sv_cli_parse(0, argv, &o, err, sizeof(err)), 0);
	assert_int_equal(o.tables, ALL_T);
	assert_int_equal(o.states, SV_STATES_CONN);
	assert_int_equal(o.filter_argc, 0);
}

/* A small error buffer gets a truncated, terminated message. */
static void test_small_err_buffer(void **state)
{
	struct args a;
	struct sv_opts o;
	char err[16];

	(void)state;
	memset(err, 'q', sizeof(err));
	args_set(&a, (const char *const[]){ "--a-very-long-bogus-option", NULL });
	assert_int_equal(sv_cli_parse(a.argc, a.argv, &o, err, 8), -EINVAL);
	assert_string_equal(err, "unknown");
	assert_int_equal(err[8], 'q');
}

/* --help names every option of ss, short and long. */
static void test_usage_lists_every_option(void **state)
{
	const char *u = sv_cli_usage();

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(ss_options); i++) {
		const struct ss_option *r = &ss_options[i];
		char s1[40], s2[40], s3[40];

		snprintf(s1, sizeof(s1), "-%c,", r->c);
		snprintf(s2, sizeof(s2), "-%c ", r->c);
		snprintf(s3, sizeof(s3), "(-%c)", r->c);
		if (r->c && !strstr(u, s1) && !strstr(u, s2) && !strstr(u, s3))
			fail_msg("--help does not list -%c", r->c);
		snprintf(s1, sizeof(s1), "--%s", r->name ? r->name : "");
		if (r->name && !strstr(u, s1))
			fail_msg("--help does not list --%s", r->name);
	}
}

static void test_usage(void **state)
{
	const char *u = sv_cli_usage();

	(void)state;
	assert_non_null(u);
	assert_true(strncmp(u, "Usage: sockview", 15) == 0);
	assert_non_null(strstr(u, "-t, --tcp"));
	assert_non_null(strstr(u, "state STATE"));
	assert_true(u[strlen(u) - 1] == '\n');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_state_words),
		cmocka_unit_test(test_exclude_everything),
		cmocka_unit_test(test_filter_words),
		cmocka_unit_test(test_filter_argv_points_into_argv),
		cmocka_unit_test(test_words_left_as_typed),
		cmocka_unit_test(test_process_source),
		cmocka_unit_test(test_netns),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_file_options),
		cmocka_unit_test(test_output_options),
		cmocka_unit_test(test_event_kill_options),
		cmocka_unit_test(test_format_options),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_every_ss_option),
		cmocka_unit_test(test_ss_short_options),
		cmocka_unit_test(test_no_queues),
		cmocka_unit_test(test_table_options),
		cmocka_unit_test(test_details),
		cmocka_unit_test(test_resolve_bound_contexts),
		cmocka_unit_test(test_summary_allowed),
		cmocka_unit_test(test_ambiguous_long_option),
		cmocka_unit_test(test_long_option_missing_argument),
		cmocka_unit_test(test_replay_missing_argument),
		cmocka_unit_test(test_long_option_with_unwanted_argument),
		cmocka_unit_test(test_parse_twice),
		cmocka_unit_test(test_argc_zero),
		cmocka_unit_test(test_small_err_buffer),
		cmocka_unit_test(test_usage_lists_every_option),
		cmocka_unit_test(test_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
