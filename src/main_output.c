/* main_output.c - the output a run's options ask for: the formatter
 * (sockview's table, ss's, JSON), --count's counter, --sort in front of
 * it, -q's tally; colour decided here. */
#include "main_priv.h"

#include "sockview/output_count.h"
#include "sockview/output_sort.h"

/* The width ss spreads its columns over: the terminal's, else $COLUMNS,
 * else none (-1), as ss decides it. */
static int screen_width(void)
{
	struct winsize w;
	const char *cols = getenv("COLUMNS");

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 &&
	    w.ws_col > 0)
		return w.ws_col;
	if (cols && atoi(cols) > 0)
		return atoi(cols);
	return -1;
}

/* Colour (--color): always or on a terminal (auto, unless TERM is dumb);
 * never with NO_COLOR set, whatever else (no-color.org), nor in ss's
 * layout, which is ss's text byte for byte. */
static bool use_color(const struct sv_opts *o)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if ((no && *no) || o->ss_layout || o->color == SV_CLI_COLOR_NEVER)
		return false;
	if (o->color == SV_CLI_COLOR_ALWAYS)
		return true;
	return isatty(STDOUT_FILENO) == 1 && !(term && strcmp(term, "dumb") == 0);
}

/* -q: the answer is known at the first match, so the listing stops there,
 * as when a reader goes away (EPIPE: no error said). */
static int quiet_row(void *ctx, const struct sv_sock *s)
{
	(*(unsigned long long *)ctx)++;
	return -EPIPE;
}

static int quiet_finish(void *ctx)
{
	return 0;
}

static void quiet_close(void *ctx)
{
}

/* --count: the counter, in the format asked for. */
static int open_count(struct run *r, FILE *f, const struct sv_fmt_opts *fo)
{
	r->count_fo = *fo;
	r->count_o = (struct sv_count_opts){
		.by = &r->o.count_by, .header = r->o.header, .fo = &r->count_fo,
		.ctx = r->fctx,
		.format = r->o.prom ? SV_COUNT_PROM : r->o.json_lines ? SV_COUNT_JSON_LINES :
			  r->o.json ? SV_COUNT_JSON : SV_COUNT_TABLE,
	};
	return sv_output_count_open(f, &r->count_o, &r->out);
}

/* See main_priv.h. The formatter the options ask for; -D shows nothing,
 * as ss -D; -q counts; --count groups; --sort goes in front. */
int sv_main_open_output(struct run *r, struct sv_ifnames *ifn)
{
	struct sv_fmt_opts fo = {
		.netid = (r->o.tables & (r->o.tables - 1)) != 0,
		.state = (r->o.states & (r->o.states - 1)) != 0,
		.header = r->o.header,
		.numeric = r->o.numeric,
		.services = r->services,
		.processes = r->o.processes,
		.netns = r->o.all_netns,
		.no_queues = r->o.no_queues,
		/* -E and --watch stream: each row goes out as it comes */
		.aligned = isatty(STDOUT_FILENO) == 1 && !r->o.events && !r->o.watch_ms,
		.screen_width = screen_width(),
		.eph_lo = r->eph_lo,
		.eph_hi = r->eph_hi,
		.ifnames = ifn,
		/* sockview's layout writes timers as ss 7.x; --ss as ss 6.1 */
		.det = { .details = r->o.details, .oneline = r->o.oneline,
			 .numeric = r->o.numeric, .fixed_timer = !r->o.ss_layout },
		.resolve = r->resolver,
		.protocols = r->protocols,
		.borrow = (uint8_t)sv_format_cells_borrow(r->o.tables),
		.pidnames = r->pidnames,
		.bpf = r->o.bpf,
		.event_time = r->o.timestamp,
		.columns = r->o.columns.n ? &r->o.columns : NULL,
		.color = use_color(&r->o),
	};
	struct sv_json_opts jo = { .lines = r->o.json_lines, .events = r->o.events,
				   .processes = r->o.processes, .ifnames = ifn,
				   .netns = r->o.all_netns,
				   .details = r->o.details, .resolve = r->resolver,
				   .columns = r->o.columns.n ? &r->o.columns : NULL };
	FILE *f = r->outf ? r->outf : stdout;
	int ret;
	enum sv_output_kind kind = r->rec ? SV_OUTPUT_NONE : r->o.json ? SV_OUTPUT_JSON :
				   r->o.ss_layout ? SV_OUTPUT_SS : SV_OUTPUT_TABLE;

	/* -e, --cgroup and --container name cgroups: the tree is walked on the
	 * first one */
	if ((((r->o.details | r->o.collect) &
	      (SV_DETAIL_EXT | SV_DETAIL_CGROUP | SV_DETAIL_CONTAINER)) ||
	     sv_filter_needs_containers(r->filter)) &&
	    sv_cgpath_new(NULL, &r->cgroups) < 0)
		return -ENOMEM;
	fo.det.cgroups = jo.cgroups = r->cgroups;
	r->fctx = (struct sv_field_ctx){ .ifnames = ifn, .cgroups = r->cgroups,
					 .resolve = r->resolver };
	if (r->o.quiet && !r->rec) {
		r->out = (struct sv_output){ .row = quiet_row, .finish = quiet_finish,
					     .close = quiet_close, .ctx = &r->quiet_rows };
		return 0;
	}
	if (r->o.prom && !r->rec && !r->o.count)
		return sv_main_prom_output(r, f);
	if (r->o.count && !r->rec)
		return open_count(r, f, &fo);
	ret = sv_output_open(kind, f, &fo, &jo, &r->out);
	if (ret == 0 && r->o.sort.n && !r->rec &&
	    sv_output_sort_wrap(&r->out, &r->o.sort, &r->fctx) < 0) {
		sv_output_close(&r->out);
		return -ENOMEM;
	}
	return ret;
}

/* See main_priv.h. */
void sv_main_output_needs(struct sv_opts *o)
{
	uint32_t needs = sv_colspec_needs(&o->columns) | sv_colspec_needs(&o->sort) |
			 sv_colspec_needs(&o->count_by);

	if (needs & SV_NEED_PROCS)
		o->processes = true;
	if (needs & SV_NEED_RESOLVE)
		o->resolve = true;
	o->collect = needs & SV_DETAILS_ALL;
}

