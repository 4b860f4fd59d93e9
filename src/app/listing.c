/* listing.c - the pipeline of a listing: learn listeners and autobound
 * connections, dump the wanted tables from a source (or its fallback, for
 * a table the source refuses), classify, filter and format each socket. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/filter.h"
#include "sockview/grow.h"
#include "sockview/listing.h"
#include "sockview/sockkeep.h"
#include "sockview/cgpath.h"
#include "sockview/tables.h"

#include "listing_priv.h"

#define BYTECODE_MAX SV_FILTER_BYTECODE_MAX

/* Connection states whose role an autobound port can decide: full sockets
 * (TIME-WAIT and SYN-RECV entries carry no bind flag), not SYN-SENT (always
 * out) nor listeners. */
#define AUTOBOUND_STATES                                                       \
	((1u << SV_STATE_ESTABLISHED) | (1u << SV_STATE_FIN_WAIT1) |          \
	 (1u << SV_STATE_FIN_WAIT2) | (1u << SV_STATE_CLOSE_WAIT) |           \
	 (1u << SV_STATE_LAST_ACK) | (1u << SV_STATE_CLOSING))

static bool family_wanted(const struct sv_opts *o, int family)
{
	return (o->families & SV_AF(family)) != 0;
}

static int note_cb(const struct sv_sock *s, void *data)
{
	return sv_classify_note(data, s);
}

static int autobound_cb(const struct sv_sock *s, void *data)
{
	return sv_classify_note_autobound(data, s);
}

/* An SCTP association's state is an SCTP state, not one of the masks'
 * numbers: it is listed when its endpoint's dump asks for connections, as
 * the kernel sends it (every state but LISTEN and CLOSE asked). */
#define ASSOC_STATES (SV_STATES_ALL & ~((1u << SV_STATE_LISTEN) | (1u << SV_STATE_CLOSE)))

static bool wanted(const struct sv_opts *o, const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);
	uint32_t states = o->states, state_ok;

	if (d && (states & d->as_close_states)) /* bound-inactive comes as CLOSE */
		states |= 1u << SV_STATE_CLOSE;
	state_ok = s->assoc ? states & ASSOC_STATES : states & (1u << s->state);
	if (!(o->tables & (1u << s->table)) || !state_ok)
		return false;
	return family_wanted(o, s->family);
}

/* A row's holders (-p) and what its cgroup names (--container), or its
 * first holder's when its own names nothing. */
static void attach(const struct sv_listing *l, struct sv_sock *s)
{
	if (l->procs)
		s->procs = sv_procmap_find(l->procs, s->inode, &s->nprocs);
	if (l->cgroups && (s->have & SV_HAVE_CGROUP))
		s->ct = sv_cgpath_container(l->cgroups, s->cgroup_id);
	if (l->cgroups && !s->ct && s->nprocs && s->procs[0].ct) {
		s->ct = s->procs[0].ct; /* made in the root cgroup: its holder's */
		s->ct_holder = true;
	}
	if (s->ct)
		s->ct_name = sv_cgpath_ctname(l->cgroups, s->ct);
}

/* Classify, filter and write one row. The holders and containers are
 * looked up after the filter, for the rows it keeps, unless it asks for
 * them (pid, comm, container, unit). */
static int emit(struct sv_listing *l, const struct sv_sock *in)
{
	struct sv_sock s = *in;
	bool early = sv_filter_needs_procs(l->filter) || sv_filter_needs_containers(l->filter);
	int ret;

	sv_classify_sock(l->cls, &s);
	s.netns = l->netns;
	if (early)
		attach(l, &s);
	if (l->filter) {
		struct sv_filter_match_opts mo = { .kernel_applied = l->exact_now };
		unsigned int why = 0;
		enum sv_filter_verdict v = sv_filter_decide(l->filter, &s, &mo, &why);

		if (v == SV_FILTER_UNDECIDED) {
			l->undecided++;
			l->undecided_why |= why;
		}
		if (v != SV_FILTER_YES)
			return 0;
	}
	if (!early)
		attach(l, &s);
	if (!l->opts->processes) /* mapped for the filter alone: not shown */
		s.procs = NULL, s.nprocs = 0;
	ret = l->act.run ? l->act.run(l->act.ctx, &s) : SV_ACTION_SHOW;
	if (ret < 0) {
		l->act_err = ret;
		return ret;
	}
	if (ret == SV_ACTION_DROP)
		return 0;
	ret = l->out.row(l->out.ctx, &s);
	if (ret < 0) {
		l->out_err = ret;
		return ret;
	}
	l->matched++;
	return 0;
}

/* Keep a row until the autobound connections of its dump are known. */
static int hold(struct sv_listing *l, const struct sv_sock *s)
{
	if (sv_grow((void **)&l->held, &l->held_cap, l->nheld + 1, sizeof(*s), 1024) < 0)
		return -ENOMEM;
	l->held[l->nheld] = *s;
	/* its blocks (-i, -m) point into the receive buffer: copy them */
	if (sv_sockkeep_copy(&l->held[l->nheld]) < 0)
		return -ENOMEM;
	l->nheld++;
	return 0;
}

/* Forget the held rows, and the blocks they kept. */
static void drop_held(struct sv_listing *l)
{
	for (size_t i = 0; i < l->nheld; i++)
		sv_sockkeep_free(&l->held[i]);
	l->nheld = 0;
}

/* Rows stream out as they arrive, until one whose role hangs on the
 * kernel's bind flag: from there on the dump's rows are held, in order,
 * and written once that flag has been asked for (release_held). */
static int row_cb(const struct sv_sock *in, void *data)
{
	struct sv_listing *l = data;
	struct sv_sock marked;

	if (sv_tables_get((enum sv_table)in->table)->assoc_rows) {
		/* a row after one with the same inode is an association of
		 * that endpoint (ss's rule); the mark travels with the row */
		marked = *in;
		marked.assoc = in->inode != 0 && in->inode == l->prev_inode;
		l->prev_inode = in->inode;
		in = &marked;
	}
	if (!wanted(l->opts, in))
		return 0;
	if (!l->nheld && !(l->roles && sv_classify_needs_autobound(l->cls, in)))
		return emit(l, in);
	return hold(l, in);
}

/* See listing_priv.h. */
uint32_t sv_listing_learn_states(const struct sv_opts *o, enum sv_table t)
{
	uint32_t tabs = o->tables & sv_listing_order_tables(t), states = 0;

	for (int u = 0; u < SV_TABLE_MAX; u++) {
		const struct sv_table_desc *d = sv_tables_get((enum sv_table)u);

		if ((tabs >> u) & 1 && d->note)
			states |= d->serving_states;
	}
	return states;
}

/* Listeners must be known before the first row streams out, so that a row's
 * role and class are right: for each dump whose tables' classify needs
 * notes, one dump of their serving states first. Not needed when the
 * listing holds only serving sockets (-l). */
static int learn_listeners(struct sv_listing *l, char *err, size_t errlen)
{
	const struct sv_opts *o = l->opts;

	for (size_t i = 0; i < sv_listing_order_count(); i++) {
		struct sv_dump_req req = { .table = sv_listing_order_at(l, i),
					   .kind = SV_DUMP_LISTENERS };
		int fam[2];
		size_t nf;

		req.states = sv_listing_learn_states(o, req.table);
		if (!req.states || !(o->states & ~req.states) || sv_listing_source_none(l, req.table))
			continue;
		nf = sv_listing_order_families(l, req.table, fam);
		for (size_t k = 0; k < nf; k++) {
			int ret;

			req.family = fam[k];
			ret = sv_listing_source_dump(l, &req, note_cb, l->cls, err, errlen);
			if (ret < 0 && sv_listing_source_of(l, req.table)->kernel && sv_listing_source_absent(ret)) {
				err[0] = '\0'; /* the rows' dump will say so */
				break;
			}
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

/* The kernel program "autobound with the peer's port in the ephemeral
 * range too": only there does the bind flag decide a role (classify.h,
 * rule 2; otherwise rule 3 gives the same answer). Built with the filter
 * language, so the kernel program is the tested one. */
static int autobound_program(const struct sv_classify *c, enum sv_table t,
			     unsigned char *bc, size_t *len)
{
	char lo[8], hi[8];
	char *words[] = { "autobound", "and", "dport", ">=", lo, "and", "dport", "<=", hi };
	struct sv_filter_parse_opts po = { .eph_lo = c->eph_lo, .eph_hi = c->eph_hi };
	struct sv_filter *f = NULL;
	char err[128];
	int ret;

	snprintf(lo, sizeof(lo), "%u", c->eph_lo);
	snprintf(hi, sizeof(hi), "%u", c->eph_hi);
	ret = sv_filter_parse_argv_with(9, words, &po, &f, err, sizeof(err));
	if (ret == 0)
		ret = sv_filter_bytecode(f, t, bc, len);
	sv_filter_free(f);
	return ret;
}

/* See listing_priv.h. */
void sv_listing_compile_filter(const struct sv_listing *l, enum sv_table t,
			       struct kprog *k)
{
	int ret;

	k->len = sizeof(k->bc);
	k->exact = false;
	if (!l->filter || l->opts->user_filter || !sv_listing_source_of(l, t)->kernel ||
	    !sv_tables_get(t)->bytecode) {
		k->len = 0;
		return;
	}
	ret = sv_filter_bytecode(l->filter, t, k->bc, &k->len);
	if (ret == 0) {
		k->exact = true;
		return;
	}
	k->len = sizeof(k->bc);
	if (ret != -EOPNOTSUPP || sv_filter_prefilter(l->filter, t, k->bc, &k->len) != 0)
		k->len = 0;
}

/* The autobound connections of req's table and family that can be among
 * its rows (the filter's program too, so a filtered listing asks for few),
 * then the rows held for them. A kernel that refuses the program leaves
 * those roles unknown. */
static int release_held(struct sv_listing *l, const struct sv_dump_req *rows,
			struct kprog *k, char *err, size_t errlen)
{
	struct sv_dump_req req = *rows;
	unsigned char own[BYTECODE_MAX];
	size_t len = sizeof(own);
	int ret = autobound_program(l->cls, req.table, own, &len);

	req.kind = SV_DUMP_AUTOBOUND;
	req.details = 0; /* its rows are not shown */
	req.states &= AUTOBOUND_STATES;
	req.bytecode = own;
	req.bclen = len;
	if (ret == 0 && k->len) { /* and the filter's program, when it has one */
		size_t both = sizeof(k->ab);

		if (sv_filter_bytecode_and(own, len, k->bc, k->len, k->ab, &both) == 0) {
			req.bytecode = k->ab;
			req.bclen = both;
		}
	}
	if (ret == 0 && req.states)
		ret = sv_listing_source_dump(l, &req, autobound_cb, l->cls, err, errlen);
	if ((ret == -EPERM || ret == -EINVAL || ret == -EACCES) && req.bytecode != own) {
		req.bytecode = own; /* refused with the filter's program: without */
		req.bclen = len;
		ret = sv_listing_source_dump(l, &req, autobound_cb, l->cls, err, errlen);
	}
	if (ret < 0 && ret != -EPERM && ret != -EINVAL && ret != -EACCES &&
	    ret != -EOPNOTSUPP) /* not the kernel (/proc): roles stay unknown */
		return ret;
	ret = 0; /* refused: those roles stay unknown, the rows go out */
	sv_classify_autobound_known(l->cls, req.table, req.family);
	for (size_t i = 0; i < l->nheld && ret >= 0; i++)
		ret = emit(l, &l->held[i]);
	drop_held(l);
	return ret < 0 ? ret : 0;
}

/* See listing_priv.h. */
void sv_listing_rows_request(const struct sv_listing *l, struct sv_dump_req *req,
			     const struct kprog *k)
{
	req->states = l->opts->states & ~sv_tables_get(req->table)->never_states;
	req->details = l->opts->details | l->opts->collect;
	req->bytecode = k->len ? k->bc : NULL;
	req->bclen = k->len;
}

/* One dump of (table, family) rows, filtered by the kernel when it can be.
 * A kernel that refuses the program (no CAP_NET_ADMIN for a mark condition,
 * an old kernel) gets the request again without it, and the table's other
 * family is not offered it again: the filter runs in user space in any case.
 * Refused again without a program, the table goes to the fallback (dump).
 * A TCP socket in CLOSE is in no hash the kernel dumps, and asking for that
 * state makes it walk the whole established table (-tl on a busy host would
 * pay for every connection), so TCP is never asked for it. */
static int dump_rows(struct sv_listing *l, struct sv_dump_req *req,
		     struct kprog *k, char *err, size_t errlen)
{
	size_t before = l->matched + l->nheld;
	int ret, held;

	if (!sv_listing_source_of(l, req->table)->kernel)
		k->len = 0; /* the table fell back to a source that runs none */
	sv_listing_rows_request(l, req, k);
	if (!req->states)
		return 0;
	l->prev_inode = 0;
	l->exact_now = k->len && k->exact;
	ret = sv_listing_source_dump(l, req, row_cb, l, err, errlen);
	if (k->len && (ret == -EINVAL || sv_listing_source_refused(ret)) && l->matched + l->nheld == before) {
		int refusal = -ret;

		l->exact_now = false;
		k->len = 0;
		req->bytecode = NULL;
		req->bclen = 0;
		ret = sv_listing_source_dump(l, req, row_cb, l, err, errlen);
		if (ret == 0 && !(l->via_fallback & (1u << req->table)))
			l->kernel_refused = refusal; /* the program, not sock_diag */
	}
	if (ret == 0 && k->len)
		l->kernel_filtered = true;
	if (l->nheld && !l->out_err && !l->act_err) {
		held = release_held(l, req, k, err, errlen);
		ret = ret < 0 ? ret : held;
	}
	drop_held(l);
	l->exact_now = false;
	return ret;
}

/* Every wanted (table, family): the first error is reported, the other
 * tables still listed; the output's own errors end the run. */
static int dump_all(struct sv_listing *l, struct kprog *k, char *err, size_t errlen)
{
	const struct sv_opts *o = l->opts;
	int first_err = 0;

	for (size_t i = 0; i < sv_listing_order_count(); i++) {
		struct sv_dump_req req = { .table = sv_listing_order_at(l, i), .kind = SV_DUMP_ROWS,
					   .bpf = o->bpf };
		int fam[2];
		size_t nf;

		if (!(o->tables & sv_listing_order_tables(req.table)))
			continue;
		if (sv_listing_source_none(l, req.table)) {
			char msg[300] = "";

			/* a recording has what it has: only the host can count */
			if (l->src->host &&
			    sv_listing_unlisted_add(l, req.table, 0, msg, sizeof(msg)) < 0 && !first_err) {
				first_err = -EIO;
				snprintf(err, errlen, "%s", msg);
			}
			continue;
		}
		sv_listing_compile_filter(l, req.table, k);
		nf = sv_listing_order_families(l, req.table, fam);
		for (size_t j = 0; j < nf; j++) {
			char msg[300] = "";
			int ret;

			req.family = fam[j];
			ret = dump_rows(l, &req, k, msg, sizeof(msg));
			if (l->out_err || l->act_err)
				return l->out_err ? l->out_err : l->act_err;
			if (ret < 0 && sv_listing_source_of(l, req.table)->kernel && sv_listing_source_absent(ret)) {
				msg[0] = '\0';
				ret = sv_listing_unlisted_add(l, req.table, ret, msg, sizeof(msg));
				ret = ret < 0 ? -EIO : 0;
				if (ret == 0)
					break; /* one count covers both families */
			}
			if (ret < 0 && !first_err) {
				first_err = ret;
				snprintf(err, errlen, "%s", msg);
			}
		}
	}
	return first_err;
}

static int prepare(struct sv_listing *l, struct kprog *k, char *err, size_t errlen)
{
	int ret = 0;

	/* -p: the map is made before the rows' dump, as ss does: rows then
	 * stream out with their processes (listing_procs.c); the first rows'
	 * dump is received ahead meanwhile, unless the map waits for a dump of
	 * the few sockets wanted (-l). A map made by the caller is kept. */
	if ((l->roles || l->map_here) && !(l->map_here && sv_listing_procs_few(l)))
		sv_listing_ahead_first(l, k);
	if (l->roles)
		ret = learn_listeners(l, err, errlen);
	if (ret == 0 && l->map_here)
		ret = sv_listing_procs_map(l, err, errlen);
	return ret;
}

/* See listing.h. */
int sv_listing_row(struct sv_listing *l, const struct sv_sock *s)
{
	if (!wanted(l->opts, s))
		return 0;
	return emit(l, s);
}

/* See listing.h. */
int sv_listing_map(struct sv_listing *l, char *err, size_t errlen)
{
	l->map_every = true; /* for several runs: never only one run's few */
	return sv_listing_procs_map(l, err, errlen);
}

/* See listing.h. */
int sv_listing_run(struct sv_listing *l, char *err, size_t errlen)
{
	struct kprog *k = malloc(sizeof(*k));
	int ret, fin;

	l->matched = l->undecided = 0;
	l->undecided_why = 0;
	l->kernel_filtered = false;
	l->kernel_refused = l->out_err = l->act_err = 0;
	l->unlisted = 0;
	l->unlisted_sockets = 0;
	l->unlisted_why = 0;
	l->fell_back = 0;
	l->fallback_errno = 0;
	l->nunlisted = 0;
	l->exact_now = false;
	if (!k) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	/* a table sockview has no sock_diag request for goes to /proc/net */
	for (int t = 0; l->fallback && t < SV_TABLE_MAX; t++)
		if (!sv_tables_get((enum sv_table)t)->request &&
		    sv_tables_get((enum sv_table)t)->proc.parse)
			l->via_fallback |= 1u << t;
	l->pre = NULL;
	l->map_here = l->procroot && !l->procs; /* else the caller's map */
	ret = prepare(l, k, err, errlen);
	if (ret == 0)
		ret = dump_all(l, k, err, errlen);
	sv_listing_source_stop_ahead(l);
	free(k);
	drop_held(l);
	free(l->held);
	l->held = NULL;
	l->held_cap = l->nheld = 0;
	/* the output is finished while the map stands: a sorter hands on its
	 * kept rows, which point to their holders in it, only then */
	fin = l->out_err || l->act_err ? 0 : l->out.finish(l->out.ctx);
	if (fin < 0)
		l->out_err = fin;
	if (l->map_here) {
		sv_procmap_free(l->procs);
		l->procs = NULL;
	}
	if (l->out_err || l->act_err)
		return l->out_err ? l->out_err : l->act_err;
	return ret;
}
