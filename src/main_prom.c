/* main_prom.c - main's part for --format=prom: what the Prometheus output
 * reads besides the rows (the ports of --prom-ports, the reserved ports,
 * the kernel's counters that `sockview why` reads), and its formatter. */
#include "sockview/format_prom.h"
#include "sockview/promports.h"
#include "sockview/why.h"

#include "main_priv.h"

struct sv_main_prom {
	uint8_t ports[65536 / 8]; /* --prom-ports */
	struct sv_why_sys sys;    /* the reserved ports (live) */
	uint64_t counters[SV_WHY_C_MAX];
	uint32_t found;           /* bit k: counters[k] was read */
	bool live;                /* not a recorded dump: counters, reserved */
};

/* See main_priv.h. */
int sv_main_prom_prepare(struct run *r)
{
	struct sv_main_prom *p;
	char err[512];

	if (r->o.events || r->o.watch_ms || r->o.all_netns || r->o.dump_file)
		return sv_main_usage_error("--format=prom writes the totals of one listing of "
					   "one namespace: it cannot go with -E, --watch, "
					   "--all-netns or -D");
	p = calloc(1, sizeof(*p));
	if (!p || (r->o.prom_ports && !r->services && sv_sysservices_load(&r->services) < 0)) {
		free(p);
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	r->prom = p;
	if (r->o.prom_ports &&
	    sv_promports_parse(r->o.prom_ports, r->services, p->ports, err, sizeof(err)) < 0)
		return sv_main_usage_error(err);
	p->live = !r->replay_path;
	if (!p->live)
		return EXIT_OK; /* another time's sockets: this host's counters
				   and settings are not theirs */
	sv_main_why_sys(&p->sys);
	if (sv_main_why_counters(p->counters, &p->found, err, sizeof(err)) < 0) {
		fprintf(stderr, "sockview: --format=prom: %s\n", err);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* See main_priv.h. */
int sv_main_prom_output(struct run *r, FILE *f)
{
	const struct sv_main_prom *p = r->prom;
	struct sv_prom_opts po = {
		.stats = { .eph_lo = r->eph_lo, .eph_hi = r->eph_hi,
			   .reserved = (p->sys.have & SV_WHY_HAVE_RESERVED) ? p->sys.reserved : NULL,
			   .queue_ports = r->o.prom_ports ? p->ports : NULL },
		.tables = r->o.tables,
		.counters = p->live ? p->counters : NULL,
		.counters_found = p->found,
		.ifnames = &r->ifn,
	};

	return sv_format_prom_output(f, &po, &r->out);
}
