/* main_why.c - main's part for `sockview why`: read the sockets of the
 * target's port (the listing, into an array), the sysctls and the kernel's
 * counters around a sample, run the rules, print the report, choose the
 * exit status. */
#include <sys/stat.h>
#include <time.h>

#include "sockview/cli_why.h"
#include "sockview/grow.h"
#include "sockview/netns_scan.h"
#include "sockview/nftread.h"
#include "sockview/procmap.h"
#include "sockview/tcpinfo.h"
#include "sockview/why.h"

#include "main_priv.h"

/* The sockets the listing hands over, copied. */
struct why_rows {
	struct sv_why_sock *v;
	size_t n, cap;
	const struct sv_why_target *t;
};

static void copy_inet(struct sv_why_sock *w, const struct sv_sock *s)
{
	struct sv_tcpinfo ti;

	w->v6only = s->v6only;
	memcpy(w->laddr, s->laddr, 16);
	memcpy(w->raddr, s->raddr, 16);
	w->lport = s->lport;
	w->rport = s->rport;
	w->ifindex = s->ifindex;
	w->has_timer = s->timer != 0;
	w->timer_ms = s->expires;
	if (s->tcp_info) {
		sv_tcpinfo_decode(&ti, s->tcp_info, s->tcp_info_len);
		w->has_info = true;
		w->retrans = ti.r.retrans;
		w->lost = ti.r.lost;
		w->unacked = ti.r.unacked;
		w->snd_wnd = SV_TCPINFO_HAS(&ti, snd_wnd) ? ti.r.snd_wnd : 1; /* unknown: open */
		w->quiet_ms = ti.r.last_ack_recv;
	}
}

static int keep_row(void *ctx, const struct sv_sock *s)
{
	struct why_rows *rows = ctx;
	struct sv_why_sock *w;

	if (s->family == AF_UNIX && (!s->un.path || s->un.abstract ||
				     s->un.path_len != strlen(rows->t->path) ||
				     memcmp(s->un.path, rows->t->path, s->un.path_len) != 0))
		return 0; /* another unix socket */
	if (sv_grow((void **)&rows->v, &rows->cap, rows->n + 1, sizeof(*rows->v), 256) < 0)
		return -ENOMEM;
	w = &rows->v[rows->n++];
	memset(w, 0, sizeof(*w));
	w->table = s->table;
	w->family = s->family;
	w->state = s->state;
	w->rq = s->rqueue;
	w->wq = s->wqueue;
	w->inode = s->inode;
	if (s->family == AF_UNIX)
		memcpy(w->path, s->un.path, s->un.path_len < sizeof(w->path) ?
		       s->un.path_len : sizeof(w->path) - 1);
	else
		copy_inet(w, s);
	if (s->nprocs) {
		w->pid = (int32_t)s->procs[0].pid;
		snprintf(w->comm, sizeof(w->comm), "%s", s->procs[0].comm);
		w->nholders = s->nprocs;
	}
	return 0;
}

static int rows_done(void *ctx)
{
	(void)ctx;
	return 0;
}

/* The listing's words for the target: TCP and UDP of the port in every
 * state (bound-inactive too), with timers, tcp_info and holders; or the
 * unix stream tables. */
static int listing_words(const struct sv_why_target *t, char *port, char **argv)
{
	static const char *const inet[] = { "sockview", "-tuanpoi", "state", "all", "state",
					    "bound-inactive", "(", "sport", "=", NULL, "or",
					    "dport", "=", NULL, ")" };
	static const char *const unx[] = { "sockview", "-xanp" };
	int n = t->kind == SV_WHY_UNIX ? 2 : 15;

	snprintf(port, 8, ":%u", t->port);
	for (int i = 0; i < n; i++)
		argv[i] = (char *)(t->kind == SV_WHY_UNIX ? unx[i] : inet[i] ? inet[i] : port);
	argv[n] = NULL;
	return n;
}

/* r's listing (options, filter and sources set) into rows, roles not
 * learnt: sv_main_list's return, or -ENOMEM. */
static int list_rows(struct run *r, struct why_rows *rows, struct sv_listing *l, char *err,
		     size_t errlen)
{
	int ret;

	r->cls = calloc(1, sizeof(*r->cls));
	if (!r->cls)
		return -ENOMEM;
	r->out = (struct sv_output){ .row = keep_row, .finish = rows_done, .ctx = rows };
	sv_main_listing_init(r, l);
	l->roles = false;
	ret = sv_main_list(r, l, err, errlen);
	r->out = (struct sv_output){ 0 };
	return l->out_err == -ENOMEM ? -ENOMEM : ret;
}

/* Read the sockets into rows: the options of an ordinary listing, its
 * sources, the listing with an output that keeps the rows. */
static int collect(struct run *r, struct why_rows *rows, const char *replay)
{
	char port[8], err[512] = "", *argv[16];
	int argc = listing_words(rows->t, port, argv), ret, status;
	struct sv_listing l;

	if (sv_cli_parse(argc, argv, &r->o, err, sizeof(err)) < 0) {
		fprintf(stderr, "sockview: why: %s\n", err);
		return EXIT_RUNTIME;
	}
	r->o.replay_file = r->replay_path = replay;
	if (replay)
		r->o.processes = false; /* another time's processes */
	status = sv_main_load_filter(r);
	if (status == EXIT_OK)
		status = sv_main_open_input(r);
	if (status != EXIT_OK)
		return status;
	ret = list_rows(r, rows, &l, err, sizeof(err));
	if (ret == -ENOMEM) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	return sv_main_notes(r, &l, ret, err, true);
}

/* The listeners of the target's port in the namespace entered, appended
 * to rows (a listing of its own: -tln sport = :PORT). */
static void listeners_here(struct why_rows *rows)
{
	char port[8], err[512], *argv[6] = { "sockview", "-tln", "sport", "=", port, NULL };
	struct run r = { 0 };
	struct sv_listing l;

	snprintf(port, sizeof(port), ":%u", rows->t->port);
	if (sv_cli_parse(5, argv, &r.o, err, sizeof(err)) == 0 &&
	    sv_main_load_filter(&r) == EXIT_OK && sv_main_open_input(&r) == EXIT_OK)
		(void)list_rows(&r, rows, &l, err, sizeof(err)); /* best effort */
	sv_main_release(&r);
}

/* Their holders, from one process map for every namespace. */
static void holders_of(struct sv_why_elsewhere *e, size_t n)
{
	struct sv_procmap_req req = { .src = SV_PROCSRC_AUTO, .procroot = "/proc" };
	struct sv_procmap_stats st = { 0 };
	struct sv_procmap *map = NULL;
	uint32_t wanted[64];
	int bpf_err;

	for (size_t i = 0; i < n && i < 64; i++)
		wanted[i] = (uint32_t)e[i].s.inode;
	req.wanted = wanted; /* only these are recorded */
	req.nwanted = n < 64 ? n : 64;
	if (!n || sv_procmap_build_src(&req, &map, &st, &bpf_err) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		uint16_t np = 0;
		const struct sv_proc_ref *p = sv_procmap_find(map, (uint32_t)e[i].s.inode, &np);

		if (np) {
			e[i].s.pid = (int32_t)p[0].pid;
			snprintf(e[i].s.comm, sizeof(e[i].s.comm), "%s", p[0].comm);
		}
	}
	sv_procmap_free(map);
}

/* Nothing serves the port here: the listeners of every other network
 * namespace (a container's port), labelled. Best effort: a namespace that
 * cannot be entered is skipped (said once when privileges lack). */
static void search_netns(struct why_rows *found, struct sv_why_elsewhere **out, size_t *nout)
{
	struct sv_netns_set set = { 0 };
	size_t denied = 0, cap = 0;

	if (sv_netns_scan(NULL, &set) < 0 || !set.n || !set.ns[0].self) {
		sv_netns_set_free(&set);
		return;
	}
	for (size_t i = 1; i < set.n; i++) {
		size_t before = found->n;
		int ret = sv_netns_set_enter(&set.ns[i]);

		if (ret == -EPERM || ret == -EACCES)
			denied++;
		if (ret < 0)
			continue;
		listeners_here(found);
		if (sv_netns_set_enter(&set.ns[0]) < 0) {
			fprintf(stderr, "sockview: why: cannot return to its own network "
					"namespace\n");
			break;
		}
		for (size_t k = before; k < found->n; k++) {
			if (sv_grow((void **)out, &cap, *nout + 1, sizeof(**out), 8) < 0)
				break;
			(*out)[*nout].s = found->v[k];
			snprintf((*out)[*nout].netns, sizeof((*out)[*nout].netns), "%s",
				 set.ns[i].label.text);
			(*nout)++;
		}
	}
	if (denied)
		fprintf(stderr, "sockview: why: %zu other network namespace%s not searched "
				"(it needs root, or CAP_SYS_ADMIN)\n", denied, denied == 1 ? " was" :
				"s were");
	sv_netns_set_free(&set);
	holders_of(*out, *nout);
}

/* Whether anything listens where fw sends the port: here, and for all
 * but REDIRECT (this namespace's own port) in the other namespaces (a
 * container's). */
static void dest_of(struct sv_why_forward *fw)
{
	struct sv_why_target t = { .kind = SV_WHY_PORT, .port = fw->port };
	struct why_rows found = { .t = &t };
	struct sv_why_elsewhere *e = NULL;
	size_t n = 0;

	listeners_here(&found);
	fw->dest_listeners = (int)found.n;
	if (fw->kind != SV_WHY_FWD_REDIRECT)
		search_netns(&found, &e, &n);
	fw->dest_listeners += (int)n;
	if (n)
		snprintf(fw->dest_netns, sizeof(fw->dest_netns), "%s", e[0].netns);
	free(e);
	free(found.v);
}

/* The forwarder holding the target's listener, from its command line; and
 * whether anything listens where it forwards to, here or in any other
 * namespace (a container's). */
static void find_forward(const struct why_rows *rows, struct sv_why_forward *fw)
{
	char path[64], *text = NULL;
	size_t len = 0;

	for (size_t i = 0; i < rows->n && !fw->kind; i++) {
		const struct sv_why_sock *s = &rows->v[i];

		if (s->state != SV_STATE_LISTEN || s->lport != rows->t->port || !s->pid)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)s->pid);
		if (sv_fileio_read_all(path, &text, &len) == 0)
			sv_why_parse_forward(text, len, s->lport, fw);
		free(text);
		text = NULL;
	}
	if (fw->kind == SV_WHY_FWD_DOCKER || fw->kind == SV_WHY_FWD_SOCAT)
		dest_of(fw);
}

/* Nothing serves the port here: the kernel's NAT rules that send it
 * elsewhere (a DNAT rule publishes a container's port when Docker runs
 * without its userland proxy; a REDIRECT rule sends it to another port
 * here), and whether anything listens there. What cannot be read is
 * kept in *nat_err for the report. */
static void find_nat(const struct sv_why_target *t, struct sv_why_forward *fw, int *nat_err)
{
	char *text = NULL, err[256];
	size_t len = 0;
	int ret = sv_nft_read_ruleset(true, &text, &len, err, sizeof(err));

	if (ret < 0) {
		/* a kernel without nf_tables has no such rules to miss */
		*nat_err = ret == -EPROTONOSUPPORT ? 0 : ret;
		return;
	}
	if (sv_why_parse_nat(text, len, t->port, fw, err, sizeof(err)) <= 0) {
		memset(fw, 0, sizeof(*fw));
		free(text);
		return;
	}
	free(text);
	text = NULL;
	/* an iptables-nft rule: its target's destination is in the text */
	if (fw->xt && sv_nft_read_ruleset(false, &text, &len, err, sizeof(err)) == 0 &&
	    sv_why_parse_nat_text(text, len, fw) == 0 && !fw->port)
		fw->port = t->port; /* "dnat to ADDR": the same port */
	free(text);
	if (fw->port)
		dest_of(fw);
	else
		fw->dest_listeners = -1; /* where it goes is not known */
}

/* The counters why reads, into v. Returns 0 or an exit status's cause
 * (said on stderr). */
static int read_counters(uint64_t v[SV_WHY_C_MAX])
{
	char err[512];
	uint32_t found;

	if (sv_main_why_counters(v, &found, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "sockview: why: %s\n", err);
	return -1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Does anything listen on the target's port (the counters then matter)? */
static bool listened(const struct why_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i].state == SV_STATE_LISTEN && rows->v[i].lport == rows->t->port)
			return true;
	return false;
}

/* Does a listener here take the target (else other namespaces are
 * searched)? */
static bool served(const struct why_rows *rows)
{
	const struct sv_why_target *t = rows->t;

	for (size_t i = 0; i < rows->n; i++) {
		const struct sv_why_sock *s = &rows->v[i];

		if (s->state == SV_STATE_LISTEN && s->lport == t->port && s->table == SV_TABLE_TCP)
			return true;
	}
	return false;
}

/* The counters' second reading, sample_ms after the first (t0). */
static void sample(struct sv_why_input *in, uint64_t t0, const struct why_rows *rows)
{
	uint64_t el;

	if (!in->sample_ms || !(in->sys.have & SV_WHY_HAVE_COUNTERS) ||
	    (!in->target->to && !listened(rows))) {
		in->sample_ms = 0;
		return;
	}
	el = now_ms() - t0;
	if (el < in->sample_ms) {
		struct timespec d = { .tv_sec = (time_t)((in->sample_ms - el) / 1000),
				      .tv_nsec = (long)((in->sample_ms - el) % 1000) * 1000000 };

		while (nanosleep(&d, &d) < 0 && errno == EINTR)
			;
	}
	if (read_counters(in->after) < 0)
		in->sys.have &= ~SV_WHY_HAVE_COUNTERS;
}

static int report_out(const struct sv_why_opts *o, const struct sv_why_input *in,
		      const struct sv_why_report *rep, struct run *r)
{
	int ret = o->json ? sv_why_print_json(stdout, in, rep) : sv_why_print_text(stdout, in, rep);

	if (ret == 0 && fflush(stdout) != 0)
		ret = errno ? -errno : -EIO;
	if (ret < 0)
		return sv_main_output_failed(r, ret) == EXIT_OK ? EXIT_OK : EXIT_RUNTIME;
	return rep->likely ? EXIT_NO : EXIT_OK;
}

/* --baseline: the port's sockets in a dump recorded earlier, into rows;
 * when it was written into in. Returns an exit status (what could not be
 * read is said on stderr). */
static int baseline(const char *path, struct why_rows *rows, struct sv_why_input *in)
{
	struct run r = { 0 };
	struct stat st;
	int status;

	in->earlier_name = path;
	in->earlier_age_s = -1;
	if (stat(path, &st) == 0 && time(NULL) >= st.st_mtime)
		in->earlier_age_s = (int64_t)(time(NULL) - st.st_mtime);
	status = collect(&r, rows, path);
	sv_main_release(&r);
	in->earlier = rows->v;
	in->nearlier = rows->n;
	return status;
}

static int why_usage(const char *msg)
{
	fprintf(stderr, "sockview: %s\nTry 'sockview why --help' for more information.\n", msg);
	return EXIT_USAGE;
}

/* See main_priv.h. */
int sv_main_why(int argc, char **argv)
{
	struct sv_why_opts o;
	struct sv_why_target t = { 0 };
	struct sv_why_input in = { .target = &t };
	struct sv_why_report *rep = NULL;
	struct why_rows rows = { .t = &t }, then = { .t = &t };
	struct sv_why_elsewhere *elsewhere = NULL;
	struct sv_why_forward forward = { 0 };
	struct run r = { 0 };
	char err[512];
	uint64_t t0 = now_ms();
	int status;

	if (sv_cli_parse_why(argc, argv, &o, err, sizeof(err)) < 0)
		return why_usage(err);
	if (o.help) {
		fputs(sv_cli_why_usage(), stdout);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_RUNTIME;
	}
	if (sv_sysservices_load(&r.services) < 0)
		return EXIT_RUNTIME;
	if (sv_why_parse_target(o.target, r.services, &t, err, sizeof(err)) < 0) {
		sv_sysservices_free(r.services);
		return why_usage(err);
	}
	t.to = o.to;
	if (t.to && t.kind == SV_WHY_UNIX) {
		sv_sysservices_free(r.services);
		return why_usage("why: --to takes ADDR:PORT or PORT, not a unix socket");
	}
	if (o.baseline && (t.to || t.kind == SV_WHY_UNIX)) {
		sv_sysservices_free(r.services);
		return why_usage("why: --baseline compares this host's TCP listeners: not with "
				 "--to or a unix socket");
	}
	in.live = !o.replay;
	if (in.live && t.kind == SV_WHY_UNIX) {
		struct stat st;

		in.path_kind = stat(t.path, &st) < 0 ? (errno == ENOENT ? SV_WHY_PATH_NONE :
							 SV_WHY_PATH_UNKNOWN) :
			       S_ISSOCK(st.st_mode) ? SV_WHY_PATH_SOCKET : SV_WHY_PATH_OTHER;
	}
	in.sample_ms = o.replay || t.kind == SV_WHY_UNIX ? 0 : o.sample_ms;
	if (in.live) {
		sv_main_why_sys(&in.sys);
		if (t.kind != SV_WHY_UNIX && read_counters(in.before) == 0)
			in.sys.have |= SV_WHY_HAVE_COUNTERS;
	}
	status = collect(&r, &rows, o.replay);
	if (status == EXIT_OK && o.baseline)
		status = baseline(o.baseline, &then, &in);
	if (!in.live && r.eph_lo && r.eph_hi) /* a sockview recording's range */
		in.sys.eph_lo = r.eph_lo, in.sys.eph_hi = r.eph_hi, in.sys.have |= SV_WHY_HAVE_RANGE;
	if (status == EXIT_OK && in.live && !t.to && t.kind != SV_WHY_UNIX && !served(&rows)) {
		struct why_rows found = { .t = &t };

		find_nat(&t, &forward, &in.nat_err);
		in.forward = forward.kind ? &forward : NULL;

		search_netns(&found, &elsewhere, &in.nelsewhere);
		in.elsewhere = elsewhere;
		free(found.v);
	}
	if (status == EXIT_OK && in.live && !t.to && t.kind != SV_WHY_UNIX && served(&rows)) {
		find_forward(&rows, &forward);
		in.forward = forward.kind ? &forward : NULL;
	}
	if (status == EXIT_OK) {
		sample(&in, t0, &rows);
		in.socks = rows.v;
		in.nsocks = rows.n;
		rep = malloc(sizeof(*rep));
		if (!rep) {
			fprintf(stderr, "sockview: out of memory\n");
			status = EXIT_RUNTIME;
		} else {
			sv_why_diagnose(&in, rep);
			status = report_out(&o, &in, rep, &r);
		}
	}
	free(rep);
	free(elsewhere);
	free(rows.v);
	free(then.v);
	sv_main_release(&r);
	return status;
}
