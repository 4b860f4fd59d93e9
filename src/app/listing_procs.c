/* listing_procs.c - -p's map for a listing: of every socket of the listed
 * families, or, when the listing wants only listening and unconnected
 * sockets (-l), of those alone, their inodes learnt from a dump first. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/grow.h"
#include "sockview/tables.h"

#include "listing_priv.h"

/* The states of a listing of few sockets: listening and unconnected (-l). */
#define FEW_STATES ((1u << SV_STATE_LISTEN) | (1u << SV_STATE_CLOSE))

/* The inodes learnt from the wanted sockets' dumps. */
struct inodes {
	uint32_t *v;
	size_t n, cap;
};

static int inode_cb(const struct sv_sock *s, void *data)
{
	struct inodes *in = data;

	if (!s->inode)
		return 0;
	if (sv_grow((void **)&in->v, &in->cap, in->n + 1, sizeof(*in->v), 1024) < 0)
		return -ENOMEM;
	in->v[in->n++] = s->inode;
	return 0;
}

/* Does this listing want few sockets (only listening and unconnected
 * ones), from a source that can be asked for them twice without it
 * showing: the kernel or /proc/net, not a recording nor a recorder (those
 * have no second socket)? */
static bool few_wanted(const struct sv_listing *l)
{
	return !l->map_every && !(l->opts->states & ~FEW_STATES) && l->src->host &&
	       (l->src->open_side || l->src->rows);
}

/* The inodes of every socket the listing's dumps can return (states,
 * tables and families; not the filter's program: a few more are only a
 * few more records). A table the kernel has no dump of lists nothing.
 * Returns 0, or a negative errno when a dump failed: then the map is made
 * of every socket, and the rows' dump says why. */
static int learn_inodes(struct sv_listing *l, struct inodes *in)
{
	const struct sv_opts *o = l->opts;
	char err[300];

	for (size_t i = 0; i < sv_listing_order_count(); i++) {
		struct sv_dump_req req = { .table = sv_listing_order_at(l, i),
					   .kind = SV_DUMP_ROWS };
		int fam[2];
		size_t nf;

		if (!(o->tables & sv_listing_order_tables(req.table)) ||
		    sv_listing_source_none(l, req.table))
			continue;
		req.states = o->states & ~sv_tables_get(req.table)->never_states;
		if (!req.states)
			continue;
		nf = sv_listing_order_families(l, req.table, fam);
		for (size_t k = 0; k < nf; k++) {
			int ret;

			req.family = fam[k];
			ret = sv_listing_source_dump(l, &req, inode_cb, in, err, sizeof(err));
			if (ret < 0 && sv_listing_source_of(l, req.table)->kernel &&
			    sv_listing_source_absent(ret))
				break; /* no such table here: no rows either */
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

/* See listing_priv.h. */
bool sv_listing_procs_few(const struct sv_listing *l)
{
	return l->procroot && few_wanted(l);
}

/* See listing_priv.h. */
int sv_listing_procs_map(struct sv_listing *l, char *err, size_t errlen)
{
	struct sv_procmap_req req = { .src = l->procsrc, .procroot = l->procroot,
				      .flags = l->procmap_flags,
				      .families = sv_tables_families(l->opts->tables) };
	struct inodes in = { NULL, 0, 0 };
	int ret;

	if (!l->procroot)
		return 0;
	if (few_wanted(l) && learn_inodes(l, &in) == 0) {
		req.wanted = in.v ? in.v : (const uint32_t *)&in; /* none: not NULL */
		req.nwanted = in.n;
	}
	ret = sv_procmap_build_src(&req, &l->procs, &l->pstats, &l->procsrc_err);
	free(in.v);
	if (ret < 0 && l->procsrc == SV_PROCSRC_BPF)
		snprintf(err, errlen, "cannot map processes in one in-kernel pass "
			 "(--process-source=bpf): %s%s", strerror(-ret),
			 !sv_procmap_bpf_built() ? " (this sockview was built without libbpf)" :
			 ret == -EPERM ? " (it needs root, or CAP_BPF and CAP_PERFMON)" :
			 ret == -EXDEV ? " (its pids are the host's: not in a child pid "
					 "namespace, nor with PROC_ROOT)" : "");
	else if (ret < 0)
		snprintf(err, errlen, "cannot map processes from %s: %s", l->procroot,
			 strerror(-ret));
	return ret;
}
