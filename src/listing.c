/* listing.c - the pipeline of a listing: learn listeners, dump the wanted
 * tables (live or recorded), classify, filter and format each socket. */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/filter.h"
#include "sockview/listing.h"
#include "sockview/replay.h"

/* ss's order: UDP before TCP, IPv4 before IPv6. */
static const enum sv_table table_order[] = { SV_TABLE_UDP, SV_TABLE_TCP };
static const int family_order[] = { AF_INET, AF_INET6 };

#define BYTECODE_MAX SV_FILTER_BYTECODE_MAX

static uint32_t serving_states(enum sv_table t)
{
	return t == SV_TABLE_TCP ? 1u << SV_STATE_LISTEN : 1u << SV_STATE_CLOSE;
}

static int note_cb(const struct sv_sock *s, void *data)
{
	sv_classify_note(data, s);
	return 0;
}

static bool wanted(const struct sv_opts *o, const struct sv_sock *s)
{
	if (!(o->tables & (1u << s->table)) || !(o->states & (1u << s->state)))
		return false;
	return s->family == AF_INET ? o->family_inet : o->family_inet6;
}

static int row_cb(const struct sv_sock *in, void *data)
{
	struct sv_listing *l = data;
	struct sv_sock s = *in;
	int ret;

	if (!wanted(l->opts, &s))
		return 0;
	sv_classify_sock(l->cls, &s);
	if (l->filter) {
		struct sv_filter_match_opts mo = { .kernel_applied = l->exact_now };

		if (!sv_filter_match_with(l->filter, &s, &mo))
			return 0;
	}
	if (l->procs)
		s.procs = sv_procmap_find(l->procs, s.inode, &s.nprocs);
	ret = l->out.row(l->out.ctx, &s);
	if (ret == 0)
		l->matched++;
	return ret;
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

/* A source that copies every chunk it receives to the -D file. */
struct rec_ctx {
	const struct sv_source *inner;
	FILE *out;
};

static int rec_request(void *ctx, enum sv_table t, int family, uint32_t states,
		       const void *bc, size_t bclen)
{
	struct rec_ctx *r = ctx;

	return r->inner->request(r->inner->ctx, t, family, states, bc, bclen);
}

static ssize_t rec_recv(void *ctx, void *buf, size_t len)
{
	struct rec_ctx *r = ctx;
	ssize_t n = r->inner->recv(r->inner->ctx, buf, len);

	if (n > 0 && fwrite(buf, 1, (size_t)n, r->out) != (size_t)n)
		return -EIO;
	return n;
}

/* Listeners must be known before the first row streams out, so that a row's
 * role and ephemeral flag are right. Not needed when the listing itself holds
 * only serving sockets (-l). */
static int learn_listeners(struct sv_listing *l, char *err, size_t errlen)
{
	const struct sv_opts *o = l->opts;

	if (l->replay)
		return sv_replay_parse(l->replay, l->replay_len, note_cb, l->cls,
				       err, errlen);
	for (size_t i = 0; i < 2; i++) {
		enum sv_table t = table_order[i];
		uint32_t serve = serving_states(t);

		if (!(o->tables & (1u << t)) || !(o->states & ~serve))
			continue;
		for (size_t k = 0; k < 2; k++) {
			int ret = sv_collect_dump(l->src, t, family_order[k], serve,
						  NULL, 0, note_cb, l->cls, err, errlen);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

/* The kernel program of one table, compiled once for both families. */
struct kprog {
	unsigned char bc[BYTECODE_MAX];
	size_t len;  /* 0: none (no filter, or the kernel refused it) */
	bool exact;  /* the whole filter, not a precondition */
};

/* The program for table: the exact filter when every condition can run in
 * the kernel, else a precondition that only drops sockets that cannot match
 * (class, service and role are decided here). */
static void compile_filter(const struct sv_listing *l, enum sv_table t,
			   struct kprog *k)
{
	int ret;

	k->len = sizeof(k->bc);
	k->exact = false;
	if (!l->filter || l->opts->user_filter) {
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

/* One live dump of (table, family), filtered by the kernel when it can be.
 * A kernel that refuses the program (no CAP_NET_ADMIN for a mark condition,
 * an old kernel) gets the request again without it, and the table's other
 * family is not offered it again: the filter runs in user space in any case.
 * A TCP socket in CLOSE is in no hash the kernel dumps, and asking for that
 * state makes it walk the whole established table (-tl on a busy host would
 * pay for every connection), so TCP is never asked for it. */
static int dump_table(struct sv_listing *l, const struct sv_source *src,
		      enum sv_table t, int family, struct kprog *k, char *err,
		      size_t errlen)
{
	uint32_t states = l->opts->states;
	size_t before = l->matched;
	int ret;

	if (t == SV_TABLE_TCP)
		states &= ~(1u << SV_STATE_CLOSE);
	if (!states)
		return 0;
	l->exact_now = k->len && k->exact;
	ret = sv_collect_dump(src, t, family, states, k->len ? k->bc : NULL,
			      k->len, row_cb, l, err, errlen);
	if (k->len && (ret == -EPERM || ret == -EINVAL || ret == -EACCES) &&
	    l->matched == before) {
		l->kernel_refused = -ret;
		l->exact_now = false;
		k->len = 0;
		ret = sv_collect_dump(src, t, family, states, NULL, 0,
				      row_cb, l, err, errlen);
	}
	if (ret == 0 && k->len)
		l->kernel_filtered = true;
	l->exact_now = false;
	return ret;
}

static int run_live(struct sv_listing *l, char *err, size_t errlen)
{
	const struct sv_opts *o = l->opts;
	struct rec_ctx rc = { .inner = l->src, .out = l->record };
	struct sv_source rec = { .request = rec_request, .recv = rec_recv, .ctx = &rc };
	const struct sv_source *src = l->record ? &rec : l->src;
	struct kprog *k = malloc(sizeof(*k));
	char msg[256];
	int ret, first_err = 0;

	if (!k) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < 2; i++) {
		enum sv_table t = table_order[i];

		if (!(o->tables & (1u << t)))
			continue;
		compile_filter(l, t, k);
		for (size_t j = 0; j < 2; j++) {
			int fam = family_order[j];

			if (!(fam == AF_INET ? o->family_inet : o->family_inet6))
				continue;
			msg[0] = '\0';
			ret = dump_table(l, src, t, fam, k, msg, sizeof(msg));
			if (ret == -EPIPE) {
				free(k);
				return ret;
			}
			if (ret < 0 && !first_err) {
				first_err = ret;
				snprintf(err, errlen, "%s %s: %s",
					 t == SV_TABLE_TCP ? "tcp" : "udp",
					 fam == AF_INET ? "IPv4" : "IPv6", msg);
			}
		}
	}
	free(k);
	return first_err;
}

/* See listing.h. */
int sv_listing_run(struct sv_listing *l, char *err, size_t errlen)
{
	int ret, fin;

	l->matched = 0;
	l->kernel_filtered = false;
	l->kernel_refused = 0;
	l->exact_now = false;
	ret = learn_listeners(l, err, errlen);
	if (ret < 0)
		return ret;
	ret = map_processes(l, err, errlen);
	if (ret < 0)
		return ret;
	if (l->replay)
		ret = sv_replay_parse(l->replay, l->replay_len, row_cb, l, err, errlen);
	else
		ret = run_live(l, err, errlen);
	sv_procmap_free(l->procs);
	l->procs = NULL;
	if (ret == -EPIPE)
		return ret;
	fin = l->out.finish(l->out.ctx);
	return fin < 0 ? fin : ret;
}
