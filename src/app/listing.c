/* listing.c - the pipeline of a listing: learn listeners and autobound
 * connections, dump the wanted tables from a source, classify, filter and
 * format each socket. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/fileio.h"
#include "sockview/filter.h"
#include "sockview/grow.h"
#include "sockview/protocols.h"
#include "sockview/listing.h"
#include "sockview/tables.h"

/* IPv4 before IPv6, as ss. */
static const int family_order[] = { AF_INET, AF_INET6 };

#define BYTECODE_MAX SV_FILTER_BYTECODE_MAX

/* Connection states whose role an autobound port can decide: full sockets
 * (TIME-WAIT and SYN-RECV entries carry no bind flag), not SYN-SENT (always
 * out) nor listeners. */
#define AUTOBOUND_STATES                                                       \
	((1u << SV_STATE_ESTABLISHED) | (1u << SV_STATE_FIN_WAIT1) |          \
	 (1u << SV_STATE_FIN_WAIT2) | (1u << SV_STATE_CLOSE_WAIT) |           \
	 (1u << SV_STATE_LAST_ACK) | (1u << SV_STATE_CLOSING))

/* The i-th dump in listing order: ss's (tables.h), or, with tcp_first
 * (-D: ss reads a file's first part as TCP), TCP first and then the others
 * in that order. */
static enum sv_table dump_at(const struct sv_listing *l, size_t i)
{
	size_t n, k = 0;
	const enum sv_table *order = sv_tables_order(&n);

	if (!l->tcp_first)
		return order[i];
	if (i == 0)
		return SV_TABLE_TCP;
	for (size_t j = 0; j < n; j++)
		if (order[j] != SV_TABLE_TCP && ++k == i)
			return order[j];
	return order[i];
}

static size_t ndumps(void)
{
	size_t n;

	sv_tables_order(&n);
	return n;
}

/* The tables whose rows a dump of table t's returns (t's group). */
static uint32_t dump_tables(enum sv_table t)
{
	uint32_t m = 0;

	for (int u = 0; u < SV_TABLE_MAX; u++)
		if (sv_tables_get((enum sv_table)u)->dump == t)
			m |= 1u << u;
	return m;
}

/* The families to ask t's dump for, in order (IPv4 before IPv6, as ss):
 * an inet table's wanted IP families, another's sock_diag family. */
static size_t dump_families(const struct sv_opts *o, enum sv_table t, int fam[2])
{
	const struct sv_table_desc *d = sv_tables_get(t);
	size_t n = 0;

	if (d->diag_family) {
		if (o->families & SV_AF(d->diag_family))
			fam[n++] = d->diag_family;
		return n;
	}
	for (size_t k = 0; k < 2; k++)
		if (o->families & d->families & SV_AF(family_order[k]))
			fam[n++] = family_order[k];
	return n;
}

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

static bool wanted(const struct sv_opts *o, const struct sv_sock *s)
{
	if (!(o->tables & (1u << s->table)) || !(o->states & (1u << s->state)))
		return false;
	return family_wanted(o, s->family);
}

/* Classify, filter and write one row. */
static int emit(struct sv_listing *l, const struct sv_sock *in)
{
	struct sv_sock s = *in;
	int ret;

	sv_classify_sock(l->cls, &s);
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
	if (l->procs)
		s.procs = sv_procmap_find(l->procs, s.inode, &s.nprocs);
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
	l->held[l->nheld++] = *s;
	return 0;
}

/* Rows stream out as they arrive, until one whose role hangs on the
 * kernel's bind flag: from there on the dump's rows are held, in order,
 * and written once that flag has been asked for (release_held). */
static int row_cb(const struct sv_sock *in, void *data)
{
	struct sv_listing *l = data;

	if (!wanted(l->opts, in))
		return 0;
	if (!l->nheld && !(l->roles && sv_classify_needs_autobound(l->cls, in)))
		return emit(l, in);
	return hold(l, in);
}

/* -p: one scan of /proc, before the dump, as ss does: rows then stream out
 * with their processes, and memory holds the map (tens of bytes a socket)
 * rather than the rows. The scan reads every process's fds in any case:
 * nothing in /proc says how many processes share a socket, so even a
 * filtered listing cannot stop early and still name every holder. */
static int map_processes(struct sv_listing *l, char *err, size_t errlen)
{
	int ret;

	if (!l->procroot)
		return 0;
	ret = sv_procmap_build(l->procroot, NULL, 0, &l->procs, &l->pstats);
	if (ret < 0)
		snprintf(err, errlen, "cannot map processes from %s: %s", l->procroot,
			 strerror(-ret));
	return ret;
}

/* A dump's name in messages: "tcp IPv4", "unix", "netlink". */
static void dump_name(const struct sv_dump_req *req, char *buf, size_t len)
{
	static const char *const kinds[] = {
		[SV_KIND_INET] = "inet", [SV_KIND_UNIX] = "unix",
		[SV_KIND_PACKET] = "packet", [SV_KIND_NETLINK] = "netlink",
		[SV_KIND_VSOCK] = "vsock", [SV_KIND_TIPC] = "tipc", [SV_KIND_XDP] = "xdp",
	};
	const struct sv_table_desc *d = sv_tables_get(req->table);

	if (d->kind == SV_KIND_INET)
		snprintf(buf, len, "%s %s", d->name, req->family == AF_INET ? "IPv4" : "IPv6");
	else
		snprintf(buf, len, "%s", kinds[d->kind]);
}

/* One dump of kind for (t, family), named in err on failure. */
static int dump(struct sv_listing *l, const struct sv_dump_req *req,
		sv_diag_cb cb, void *data, char *err, size_t errlen)
{
	char msg[256] = "", name[32];
	int ret = sv_collect_dump(l->src, req, cb, data, msg, sizeof(msg));

	if (ret < 0 && msg[0]) {
		dump_name(req, name, sizeof(name));
		snprintf(err, errlen, "%s: %s", name, msg);
	}
	return ret;
}

/* The kernel's answers that mean "no dump of this kind here" (no diag
 * module: ENOENT; DCCP on a kernel without it: EINVAL; ...), after the
 * request went without bytecode. */
static bool no_dump_here(int ret)
{
	return ret == -ENOENT || ret == -EOPNOTSUPP || ret == -EPROTONOSUPPORT ||
	       ret == -EINVAL;
}

/* The serving states of the wanted tables of dump t whose classify needs
 * notes first (tables.h: note); 0 when none does. */
static uint32_t learn_states(const struct sv_opts *o, enum sv_table t)
{
	uint32_t tabs = o->tables & dump_tables(t), states = 0;

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

	for (size_t i = 0; i < ndumps(); i++) {
		struct sv_dump_req req = { .table = dump_at(l, i),
					   .kind = SV_DUMP_LISTENERS };
		const struct sv_table_desc *d = sv_tables_get(req.table);
		int fam[2];
		size_t nf;

		req.states = learn_states(o, req.table);
		if (!req.states || !d->request || !(o->states & ~req.states))
			continue;
		nf = dump_families(o, req.table, fam);
		for (size_t k = 0; k < nf; k++) {
			int ret;

			req.family = fam[k];
			ret = dump(l, &req, note_cb, l->cls, err, errlen);
			if (ret < 0 && l->src->kernel && no_dump_here(ret)) {
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

/* The kernel program of one table, compiled once for both families. */
struct kprog {
	unsigned char bc[BYTECODE_MAX];
	size_t len;  /* 0: none (no filter, or the kernel refused it) */
	bool exact;  /* the whole filter, not a precondition */
	unsigned char ab[BYTECODE_MAX]; /* the autobound program */
};

/* The program for table: the exact filter when every condition can run in
 * the kernel, else a precondition that only drops sockets that cannot match
 * (class, service and role are decided here). None for a source that is
 * not the kernel. */
static void compile_filter(const struct sv_listing *l, enum sv_table t,
			   struct kprog *k)
{
	int ret;

	k->len = sizeof(k->bc);
	k->exact = false;
	if (!l->filter || l->opts->user_filter || !l->src->kernel ||
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
		ret = dump(l, &req, autobound_cb, l->cls, err, errlen);
	if ((ret == -EPERM || ret == -EINVAL || ret == -EACCES) && req.bytecode != own) {
		req.bytecode = own; /* refused with the filter's program: without */
		req.bclen = len;
		ret = dump(l, &req, autobound_cb, l->cls, err, errlen);
	}
	if (ret < 0 && ret != -EPERM && ret != -EINVAL && ret != -EACCES)
		return ret;
	sv_classify_autobound_known(l->cls, req.table, req.family);
	for (size_t i = 0; i < l->nheld && ret >= 0; i++)
		ret = emit(l, &l->held[i]);
	l->nheld = 0;
	return ret < 0 ? ret : 0;
}

/* One dump of (table, family) rows, filtered by the kernel when it can be.
 * A kernel that refuses the program (no CAP_NET_ADMIN for a mark condition,
 * an old kernel) gets the request again without it, and the table's other
 * family is not offered it again: the filter runs in user space in any case.
 * A TCP socket in CLOSE is in no hash the kernel dumps, and asking for that
 * state makes it walk the whole established table (-tl on a busy host would
 * pay for every connection), so TCP is never asked for it. */
static int dump_rows(struct sv_listing *l, struct sv_dump_req *req,
		     struct kprog *k, char *err, size_t errlen)
{
	size_t before = l->matched + l->nheld;
	int ret, held;

	req->states = l->opts->states & ~sv_tables_get(req->table)->never_states;
	if (!req->states)
		return 0;
	l->exact_now = k->len && k->exact;
	req->bytecode = k->len ? k->bc : NULL;
	req->bclen = k->len;
	ret = dump(l, req, row_cb, l, err, errlen);
	if (k->len && (ret == -EPERM || ret == -EINVAL || ret == -EACCES) &&
	    l->matched + l->nheld == before) {
		l->kernel_refused = -ret;
		l->exact_now = false;
		k->len = 0;
		req->bytecode = NULL;
		req->bclen = 0;
		ret = dump(l, req, row_cb, l, err, errlen);
	}
	if (ret == 0 && k->len)
		l->kernel_filtered = true;
	if (l->nheld && !l->out_err) {
		held = release_held(l, req, k, err, errlen);
		ret = ret < 0 ? ret : held;
	}
	l->nheld = 0;
	l->exact_now = false;
	return ret;
}

/* The wanted tables of dump t that no source can list: an empty table is
 * just that (the namespace's /proc/net/protocols counts no socket of it);
 * otherwise they are noted, with their count, for the caller to say so
 * and answer "incomplete". why: the kernel's answer, 0 if none was asked. */
static int unlistable(struct sv_listing *l, enum sv_table t, int why,
		      char *err, size_t errlen)
{
	const char *path = l->protocols ? l->protocols : "/proc/net/protocols";
	uint32_t tables = l->opts->tables & dump_tables(t);
	const char *names[SV_PROTOCOLS_NAMES];
	size_t n = 0, line;
	uint64_t count = 0;
	char *text = NULL;
	size_t len;
	int ret;

	for (int u = 0; u < SV_TABLE_MAX; u++) {
		const struct sv_table_desc *d = sv_tables_get((enum sv_table)u);

		for (size_t k = 0; (tables >> u) & 1 && k < 2 && d->protocols[k]; k++) {
			bool dup = false;

			for (size_t j = 0; j < n; j++)
				dup |= strcmp(names[j], d->protocols[k]) == 0;
			if (!dup && n < SV_PROTOCOLS_NAMES)
				names[n++] = d->protocols[k];
		}
	}
	ret = sv_fileio_read_all(path, &text, &len);
	if (ret == 0) {
		ret = sv_protocols_count(text, len, names, n, &count, &line);
		if (ret < 0)
			snprintf(err, errlen, "%s: line %zu is not a protocol's row",
				 path, line);
	} else {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-ret));
	}
	free(text);
	if (ret < 0 || count == 0)
		return ret;
	l->unlisted |= tables;
	l->unlisted_sockets += count;
	if (!l->unlisted_why)
		l->unlisted_why = why;
	return 0;
}

/* Every wanted (table, family): the first error is reported, the other
 * tables still listed; the output's own errors end the run. */
static int dump_all(struct sv_listing *l, struct kprog *k, char *err, size_t errlen)
{
	const struct sv_opts *o = l->opts;
	int first_err = 0;

	for (size_t i = 0; i < ndumps(); i++) {
		struct sv_dump_req req = { .table = dump_at(l, i), .kind = SV_DUMP_ROWS };
		int fam[2];
		size_t nf;

		if (!(o->tables & dump_tables(req.table)))
			continue;
		if (!sv_tables_get(req.table)->request) {
			char msg[300] = "";

			/* a recording has what it has: only the host can count */
			if (l->src->kernel &&
			    unlistable(l, req.table, 0, msg, sizeof(msg)) < 0 && !first_err) {
				first_err = -EIO;
				snprintf(err, errlen, "%s", msg);
			}
			continue;
		}
		compile_filter(l, req.table, k);
		nf = dump_families(o, req.table, fam);
		for (size_t j = 0; j < nf; j++) {
			char msg[300] = "";
			int ret;

			req.family = fam[j];
			ret = dump_rows(l, &req, k, msg, sizeof(msg));
			if (l->out_err)
				return l->out_err;
			if (ret < 0 && l->src->kernel && no_dump_here(ret)) {
				msg[0] = '\0';
				ret = unlistable(l, req.table, ret, msg, sizeof(msg));
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

static int prepare(struct sv_listing *l, char *err, size_t errlen)
{
	int ret = 0;

	if (l->roles)
		ret = learn_listeners(l, err, errlen);
	if (ret == 0)
		ret = map_processes(l, err, errlen);
	return ret;
}

/* See listing.h. */
int sv_listing_run(struct sv_listing *l, char *err, size_t errlen)
{
	struct kprog *k = malloc(sizeof(*k));
	int ret, fin;

	l->matched = l->undecided = 0;
	l->undecided_why = 0;
	l->kernel_filtered = false;
	l->kernel_refused = l->out_err = 0;
	l->unlisted = 0;
	l->unlisted_sockets = 0;
	l->unlisted_why = 0;
	l->exact_now = false;
	if (!k) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	ret = prepare(l, err, errlen);
	if (ret == 0)
		ret = dump_all(l, k, err, errlen);
	free(k);
	free(l->held);
	l->held = NULL;
	l->held_cap = l->nheld = 0;
	sv_procmap_free(l->procs);
	l->procs = NULL;
	if (l->out_err)
		return l->out_err;
	fin = l->out.finish(l->out.ctx);
	if (fin < 0) {
		l->out_err = fin;
		return fin;
	}
	return ret;
}
