/* main_netns.c - main's part for --all-netns: every network namespace of
 * the host listed one after the other into one output, with one process
 * map for all of them (a process's sockets are the host's). */
#include "sockview/netns.h"
#include "sockview/netns_scan.h"

#include "main_priv.h"

/* What could not be listed, said after the rows. */
struct ns_fails {
	size_t listed;          /* namespaces listed */
	size_t denied;          /* setns refused: privileges */
	char denied_names[256]; /* the first of them */
	int status;
};

static int no_finish(void *ctx)
{
	(void)ctx;
	return 0; /* the run's output is finished once, after the last */
}

/* A namespace that could not be entered: EPERM said once at the end, the
 * rest now, each with its reason. */
static void enter_failed(struct ns_fails *f, const struct sv_netns_ns *n, int err)
{
	char shown[300];

	sv_escape_text(shown, sizeof(shown), n->label.text, n->label.text_len);
	if (n->not_ns) { /* no namespace, no sockets missing: a note (ip netns
			    add makes the file before it mounts the namespace) */
		fprintf(stderr, "sockview: %s under %s is not a network namespace (a stale "
				"name, or one being made); skipped\n", shown, SV_NETNS_RUN_DIR);
		return;
	}
	f->status = EXIT_RUNTIME;
	if (err == -EPERM || err == -EACCES) {
		size_t used = strlen(f->denied_names), add = strlen(shown), sep = used ? 2 : 0;

		if (f->denied++ < 4 && used + sep + add < sizeof(f->denied_names)) {
			memcpy(f->denied_names + used, ", ", sep);
			memcpy(f->denied_names + used + sep, shown, add + 1);
		}
		return;
	}
	fprintf(stderr, "sockview: cannot enter network namespace %s: %s%s\n", shown,
		strerror(-err), err == -ENOENT ? " (it went away)" : "");
}

static void note_fails(const struct run *r, const struct ns_fails *f,
		       const struct sv_netns_set *set)
{
	if (r->o.verbose)
		fprintf(stderr, "sockview: verbose: --all-netns: %zu of %zu network namespace%s "
				"listed\n", f->listed, set->n, set->n == 1 ? "" : "s");
	if (f->denied)
		fprintf(stderr, "sockview: %zu network namespace%s could not be entered (%s%s): "
				"it needs root, or CAP_SYS_ADMIN\n", f->denied,
			f->denied == 1 ? "" : "s", f->denied_names, f->denied > 4 ? ", ..." : "");
	if (set->hidden)
		fprintf(stderr, "sockview: the network namespaces of %zu process%s could not be "
				"read (permission denied)%s\n", set->hidden,
			set->hidden == 1 ? "" : "es",
			geteuid() ? "; run as root to see every namespace" : "");
}

/* One namespace, entered: its own ephemeral range, sources and interface
 * names, into the shared output. Returns the exit status; *stop when the
 * output failed (nothing more can be written). */
static int list_one(struct run *r, const struct sv_netns_ns *n, struct sv_procmap *procs,
		    bool *stop)
{
	struct sv_listing l;
	char err[512] = "";
	int ret, status;

	r->eph_lo = SV_EPH_DEFAULT_LO;
	r->eph_hi = SV_EPH_DEFAULT_HI;
	(void)sv_sysctl_read_port_range("/proc", &r->eph_lo, &r->eph_hi);
	status = sv_main_open_input(r);
	if (status != EXIT_OK) {
		sv_main_close_input(r);
		return status;
	}
	sv_ifnames_init(&r->ifn);
	sv_main_listing_init(r, &l);
	l.netns = &n->label;
	l.procs = procs;
	l.out.finish = no_finish;
	ret = sv_main_list(r, &l, err, sizeof(err));
	status = sv_main_notes(r, &l, ret, err, false);
	*stop = l.out_err != 0;
	sv_classify_release(r->cls);
	sv_main_close_input(r);
	return status;
}

/* The process map, once for every namespace; its notes at the end. */
static int map_once(struct run *r, struct sv_listing *l)
{
	char err[512] = "";

	sv_main_listing_init(r, l);
	if (!l->procroot || sv_listing_map(l, err, sizeof(err)) == 0)
		return EXIT_OK;
	fprintf(stderr, "sockview: %s\n", err);
	return EXIT_RUNTIME;
}

static int list_all(struct run *r, const struct sv_netns_set *set, struct sv_procmap *procs)
{
	struct ns_fails f = { .status = EXIT_OK };
	bool stop = false;
	int status;

	for (size_t i = 0; i < set->n && !stop; i++) {
		const struct sv_netns_ns *n = &set->ns[i];
		int ret = n->self ? 0 : sv_netns_set_enter(n);

		if (ret < 0) {
			enter_failed(&f, n, ret);
			continue;
		}
		status = list_one(r, n, procs, &stop);
		f.listed++;
		if (status != EXIT_OK)
			f.status = status;
		if (!n->self && (ret = sv_netns_set_enter(&set->ns[0])) < 0) {
			fprintf(stderr, "sockview: cannot return to its own network namespace: "
					"%s\n", strerror(-ret));
			return EXIT_RUNTIME;
		}
	}
	if (!stop && (status = r->out.finish(r->out.ctx)) < 0)
		return sv_main_output_failed(r, status);
	note_fails(r, &f, set);
	return f.status;
}

/* See main_priv.h. */
int sv_main_all_netns(struct run *r)
{
	struct sv_netns_set set = { 0 };
	struct sv_listing l;
	int ret = sv_netns_scan(NULL, &set), status;

	if (ret == -ENOMEM || !set.n || !set.ns[0].self) {
		fprintf(stderr, "sockview: cannot find the network namespaces: %s\n",
			strerror(ret == -ENOMEM ? ENOMEM : ret ? -ret : ENOENT));
		sv_netns_set_free(&set);
		return EXIT_RUNTIME;
	}
	if (sv_main_open_shared(r) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		sv_netns_set_free(&set);
		return EXIT_RUNTIME;
	}
	status = map_once(r, &l);
	if (status == EXIT_OK) {
		status = list_all(r, &set, l.procs);
		sv_main_note_resolve(r);
		sv_main_note_processes(r, &l.pstats);
		sv_main_note_verbose_map(r, &l);
	}
	sv_procmap_free(l.procs);
	sv_netns_set_free(&set);
	return status;
}
