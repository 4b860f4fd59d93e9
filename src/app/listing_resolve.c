/* listing_resolve.c - -r's first pass: the listing without output, its
 * rows' addresses handed to the resolver as they come, then one wait for
 * every answer under the budget. */
#include "sockview/listing_resolve.h"

/* Answers are read every this many rows while the pass goes on, so that
 * c-ares's socket buffer never fills. */
#define POLL_EVERY 256

struct collect {
	struct sv_resolve *r;
	size_t rows;
};

static int collect_row(void *ctx, const struct sv_sock *s)
{
	struct collect *c = ctx;

	/* -ENOMEM leaves an address numeric; other tables' rows have none */
	sv_resolve_submit(c->r, s->family, s->laddr);
	sv_resolve_submit(c->r, s->family, s->raddr);
	if (++c->rows % POLL_EVERY == 0)
		sv_resolve_poll(c->r);
	return 0;
}

static int collect_finish(void *ctx)
{
	return 0;
}

static void collect_close(void *ctx)
{
}

/* See listing_resolve.h. */
int sv_listing_resolve_prepass(const struct sv_listing *l, struct sv_resolve *r,
			       char *err, size_t errlen)
{
	struct collect c = { .r = r };
	struct sv_listing pre = *l;
	int ret;

	pre.out = (struct sv_output){ .row = collect_row, .finish = collect_finish,
				      .close = collect_close, .ctx = &c };
	pre.act = (struct sv_action){ 0 }; /* -K acts in the listing itself */
	pre.procroot = NULL;
	pre.procs = NULL;
	pre.held = NULL;
	pre.nheld = pre.held_cap = 0;
	ret = sv_listing_run(&pre, err, errlen);
	sv_resolve_wait(r);
	return ret;
}
