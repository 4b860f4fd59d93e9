/* main_notes.c - main's part that says on stderr what a listing could not
 * do, and turns its outcome into an exit status. */
#include "main_priv.h"

/* See main_priv.h. Another user's processes without root, or protected
 * ones: their sockets show no process. */
void sv_main_note_processes(const struct run *r, const struct sv_procmap_stats *st)
{
	if ((!r->o.processes && !sv_filter_needs_procs(r->filter)) || st->denied == 0)
		return;
	fprintf(stderr, "sockview: %zu process%s could not be inspected (permission "
			"denied)%s\n", st->denied, st->denied == 1 ? "" : "es",
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

/* See main_priv.h. Rows whose match hangs on data the kernel did not send:
 * say how many and why. They make the answer incomplete (not with -D,
 * which lists nothing). /proc/net shows no marks nor cgroups; nor do -E's
 * events. */
int sv_main_note_undecided(const struct run *r, const struct sv_listing *l, bool procnet)
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
	if (r->o.events && (l->undecided_why & (SV_FILTER_WHY_MARK | SV_FILTER_WHY_CGROUP)))
		fprintf(stderr, " (the kernel's destroy events carry neither marks nor cgroups)");
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

/* See main_priv.h. They leave their addresses numeric: say how
 * many (a note: the listing itself is complete). */
void sv_main_note_resolve(const struct run *r)
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
		return sv_main_output_failed(r, l->out_err);
	if (ret == 0)
		return EXIT_OK;
	fprintf(stderr, "sockview: %s\n", err[0] ? err : strerror(-ret));
	return EXIT_RUNTIME;
}

/* See main_priv.h. */
int sv_main_notes(struct run *r, const struct sv_listing *l, int ret, const char *err,
		  bool whole)
{
	int status;

	note_fallback(l);
	if (whole)
		sv_main_note_resolve(r);
	note_refused(l);
	if (whole)
		sv_main_note_processes(r, &l->pstats);
	sv_main_note_verbose(r, l);
	if (whole)
		sv_main_note_verbose_map(r, l);
	status = report(r, l, ret, err);
	if (status == EXIT_OK)
		status = sv_main_note_undecided(r, l, r->proc && (!r->nl || l->via_fallback));
	if (note_unlisted(l) != EXIT_OK)
		status = EXIT_RUNTIME;
	return status;
}

#define SV_STR2(x) #x
#define SV_STR(x) SV_STR2(x)

/* Why the in-kernel pass did not make the map, in words. */
static const char *pass_not_used(const struct run *r, const struct sv_listing *l,
				 char *buf, size_t len)
{
	int err = l->procsrc_err;

	if (r->o.procsrc == SV_CLI_PROCSRC_PROC)
		return "--process-source=proc";
	if (r->o.threads)
		return "-T reads each thread from /proc";
	if (!err)
		return "fewer than " SV_STR(SV_PROCMAP_BPF_MIN_FILES) " open files on the host: the "
		       "walk is as quick";
	snprintf(buf, len, "it could not run: %s%s", strerror(-err),
		 !sv_procmap_bpf_built() ? " (built without libbpf)" :
		 err == -EPERM ? " (it needs root, or CAP_BPF and CAP_PERFMON)" :
		 err == -EXDEV ? " (a child pid namespace, or PROC_ROOT)" : "");
	return buf;
}

/* See main_priv.h. */
void sv_main_note_verbose(const struct run *r, const struct sv_listing *l)
{
	uint32_t procnet = r->replay ? 0 : !r->nl ? r->o.tables & ~l->unlisted :
			   (l->via_fallback | l->fell_back) & r->o.tables;
	uint32_t nl = r->nl && !r->replay ? r->o.tables & ~procnet & ~l->unlisted : 0;
	const struct { uint32_t mask; const char *from; } src[] = {
		{ nl, "sock_diag" },
		{ r->replay ? r->o.tables : 0, "the recorded dump" },
		{ procnet, "/proc/net" },
	};

	if (!r->o.verbose)
		return;
	for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
		const char *sep = "";

		if (!src[i].mask)
			continue;
		fprintf(stderr, "sockview: verbose: from %s: ", src[i].from);
		for (int t = 0; t < SV_TABLE_MAX; t++) {
			if ((src[i].mask >> t) & 1) {
				fprintf(stderr, "%s%s", sep, sv_tables_get((enum sv_table)t)->name);
				sep = ", ";
			}
		}
		fputc('\n', stderr);
	}
}

/* See main_priv.h. */
void sv_main_note_verbose_map(const struct run *r, const struct sv_listing *l)
{
	char why[256];

	if (!r->o.verbose || !l->procroot)
		return;
	if (l->pstats.bpf)
		fprintf(stderr, "sockview: verbose: -p: the map came from one in-kernel pass "
				"(BPF)\n");
	else
		fprintf(stderr, "sockview: verbose: -p: the map came from /proc (%zu "
				"processes); the in-kernel pass was not used: %s\n",
			l->pstats.processes, pass_not_used(r, l, why, sizeof(why)));
}
