/* main_summary.c - main's part for -s: ss's totals from /proc, read before
 * sockview opens any socket of its own (the kernel's "sockets: used"
 * counts them); then, but with --ss, sockview's own from a listing of the
 * TCP and UDP tables in every state (the ephemeral range less its
 * reserved ports, as why reads them); written as ss's text and sockview's
 * after it, or as JSON (-j). */
#include "sockview/sockstats.h"
#include "sockview/why.h"

#include "main_priv.h"

static int own_row(void *ctx, const struct sv_sock *s)
{
	return sv_sockstats_add(ctx, s);
}

static int own_finish(void *ctx)
{
	(void)ctx;
	return 0;
}

/* The listing of TCP and UDP in every state, into st. Returns an exit
 * status (its notes said on stderr). */
static int own_totals(struct run *r, struct sv_why_sys *sys, struct sv_sockstats *st)
{
	struct sv_sockstats_opts so = { .by_port = 1u << SV_TABLE_TCP | 1u << SV_TABLE_UDP };
	struct sv_listing l;
	char err[512] = "";
	int status, ret;

	sv_main_why_sys(sys); /* the range and its reserved ports, as why */
	r->eph_lo = SV_EPH_DEFAULT_LO;
	r->eph_hi = SV_EPH_DEFAULT_HI;
	if (sys->have & SV_WHY_HAVE_RANGE) {
		r->eph_lo = sys->eph_lo;
		r->eph_hi = sys->eph_hi;
	} else {
		fprintf(stderr, "sockview: cannot read net.ipv4.ip_local_port_range; "
				"assuming %u-%u\n", r->eph_lo, r->eph_hi);
	}
	so.eph_lo = r->eph_lo;
	so.eph_hi = r->eph_hi;
	so.reserved = (sys->have & SV_WHY_HAVE_RESERVED) ? sys->reserved : NULL;
	r->o.tables = so.by_port;
	r->o.states = SV_STATES_ALL;
	r->o.families = SV_AF(AF_INET) | SV_AF(AF_INET6);
	r->cls = calloc(1, sizeof(*r->cls));
	if (!r->cls || sv_sockstats_init(st, &so) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	status = sv_main_open_input(r);
	if (status != EXIT_OK)
		return status;
	r->out = (struct sv_output){ .row = own_row, .finish = own_finish, .ctx = st };
	sv_main_listing_init(r, &l);
	ret = sv_main_list(r, &l, err, sizeof(err));
	r->out = (struct sv_output){ 0 };
	if (l.out_err == -ENOMEM) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	return sv_main_notes(r, &l, ret, err, true);
}

/* See main_priv.h. */
int sv_main_summary(struct run *r)
{
	struct sv_summary sum = { 0 };
	struct sv_sockstats st = { 0 };
	struct sv_why_sys *sys = calloc(1, sizeof(*sys));
	FILE *out = r->outf ? r->outf : stdout;
	char err[512] = "";
	int status, ret = sv_summary_read("/proc", &sum, err, sizeof(err));

	if (!sys) {
		fprintf(stderr, "sockview: out of memory\n");
		ret = -ENOMEM;
		status = EXIT_RUNTIME;
	} else if (ret < 0) {
		fprintf(stderr, "sockview: %s\n", err[0] ? err : strerror(-ret));
		status = EXIT_RUNTIME;
	} else {
		status = r->o.ss_layout ? EXIT_OK : own_totals(r, sys, &st);
	}
	if (ret == 0) { /* sockview's own even when incomplete (status 3) */
		if (r->o.json)
			ret = sv_summary_print_json(out, &sum, r->o.ss_layout ? NULL : &st);
		else if ((ret = sv_summary_print(out, &sum)) == 0 && !r->o.ss_layout)
			ret = sv_summary_print_own(out, &st);
		if (ret < 0)
			status = sv_main_output_failed(r, ret);
	}
	sv_sockstats_free(&st);
	free(sys);
	status = sv_main_outfile_end(r, status);
	sv_main_release(r);
	return status;
}
