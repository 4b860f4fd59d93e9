/* format_prom.c - --format=prom: a listing's totals as Prometheus text
 * (format_prom.h), written through promtext.h when the rows are done. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/format_prom.h"
#include "sockview/promtext.h"
#include "sockview/tables.h"

struct sv_prom_fmt {
	FILE *out;
	struct sv_prom_opts o;
	struct sv_sockstats st;
	uint64_t counters[SV_WHY_C_MAX];
	int err; /* sticky: the first error */
};

/* The counters of why.h, as Prometheus names them. */
static const struct {
	const char *name;
	const char *help;
} counter_names[SV_WHY_C_MAX] = {
	[SV_WHY_C_LISTEN_OVERFLOWS] = { "sockview_tcp_listen_overflows_total",
		"Times a listener's accept queue was full when a handshake completed "
		"(TcpExt ListenOverflows)." },
	[SV_WHY_C_LISTEN_DROPS] = { "sockview_tcp_listen_drops_total",
		"SYNs and handshakes listeners dropped, for any reason (TcpExt ListenDrops)." },
	[SV_WHY_C_REQQ_DROP] = { "sockview_tcp_syn_queue_full_drops_total",
		"SYNs dropped as the SYN queue was full, without SYN cookies "
		"(TcpExt TCPReqQFullDrop)." },
	[SV_WHY_C_REQQ_COOKIES] = { "sockview_tcp_syn_queue_full_syncookies_total",
		"SYN cookies sent as the SYN queue was full (TcpExt TCPReqQFullDoCookies)." },
	[SV_WHY_C_OUT_RSTS] = { "sockview_tcp_out_resets_total",
		"TCP segments sent with the RST flag (Tcp OutRsts)." },
	[SV_WHY_C_ATTEMPT_FAILS] = { "sockview_tcp_attempt_fails_total",
		"Connection attempts that failed (Tcp AttemptFails)." },
};

/* See format_prom.h. */
int sv_format_prom_new(FILE *out, const struct sv_prom_opts *o, struct sv_prom_fmt **f)
{
	struct sv_prom_fmt *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->out = out;
	p->o = *o;
	if (o->counters)
		memcpy(p->counters, o->counters, sizeof(p->counters));
	if (sv_sockstats_init(&p->st, &o->stats) < 0) {
		free(p);
		return -ENOMEM;
	}
	*f = p;
	return 0;
}

/* See format_prom.h. */
int sv_format_prom_row(struct sv_prom_fmt *f, const struct sv_sock *s)
{
	if (!f->err)
		f->err = sv_sockstats_add(&f->st, s);
	return f->err;
}

static struct sv_promtext_label label(const char *name, const char *value)
{
	return (struct sv_promtext_label){ name, value, strlen(value) };
}

/* The family's header, once, before its first sample. */
static void family(struct sv_prom_fmt *f, bool *done, const char *name,
		   enum sv_promtext_type t, const char *help)
{
	if (!*done && !f->err)
		f->err = sv_promtext_family(f->out, name, t, help);
	*done = true;
}

static void sample(struct sv_prom_fmt *f, const char *name, const struct sv_promtext_label *l,
		   size_t n, uint64_t v)
{
	if (!f->err)
		f->err = sv_promtext_sample_u64(f->out, name, l, n, v);
}

static void ratio(struct sv_prom_fmt *f, const char *name, const struct sv_promtext_label *l,
		  size_t n, uint64_t num, uint64_t den)
{
	if (!f->err)
		f->err = sv_promtext_sample(f->out, name, l, n, den ? (double)num / (double)den : 0);
}

static int by_words(const void *a, const void *b)
{
	const struct sv_sockstats_group *x = *(const struct sv_sockstats_group *const *)a,
					*y = *(const struct sv_sockstats_group *const *)b;
	int c = strcmp(x->netid, y->netid);

	if (!c)
		c = strcmp(x->state, y->state);
	return c ? c : strcmp(x->cls, y->cls);
}

/* The groups sorted by their words (a stable text to diff). */
static const struct sv_sockstats_group **sorted(const struct sv_sockstats *st)
{
	const struct sv_sockstats_group **v = malloc((st->ng + 1) * sizeof(*v));

	for (size_t i = 0; v && i < st->ng; i++)
		v[i] = &st->g[i];
	if (v)
		qsort(v, st->ng, sizeof(*v), by_words);
	return v;
}

/* sockview_sockets{netid,state,class} and sockview_listeners{netid,class}
 * (the groups' listeners summed over their states). */
static void groups(struct sv_prom_fmt *f, const struct sv_sockstats_group **v, size_t n)
{
	bool done = false;

	for (size_t i = 0; i < n; i++) {
		struct sv_promtext_label l[3] = { label("netid", v[i]->netid),
						  label("state", v[i]->state),
						  label("class", v[i]->cls) };

		family(f, &done, "sockview_sockets", SV_PROMTEXT_GAUGE,
		       "Sockets listed, by table (netid), state and class (the Class column: "
		       "a port's IANA class or ephemeral, a table's own word for sockets "
		       "without ports).");
		sample(f, "sockview_sockets", l, v[i]->cls[0] ? 3 : 2, v[i]->sockets);
	}
	done = false;
	for (size_t i = 0; i < n; i++) {
		uint64_t sum = 0;
		bool first = true;

		for (size_t k = 0; k < n; k++) {
			bool same = strcmp(v[k]->netid, v[i]->netid) == 0 &&
				    strcmp(v[k]->cls, v[i]->cls) == 0;

			if (same && v[k]->listeners && k < i)
				first = false;
			sum += same ? v[k]->listeners : 0;
		}
		if (v[i]->listeners && first) {
			struct sv_promtext_label l[2] = { label("netid", v[i]->netid),
							  label("class", v[i]->cls) };

			family(f, &done, "sockview_listeners", SV_PROMTEXT_GAUGE,
			       "Listening sockets (role listen: a stream listener, an unconnected "
			       "bound datagram socket), by table and class.");
			sample(f, "sockview_listeners", l, v[i]->cls[0] ? 2 : 1, sum);
		}
	}
}

/* The accept queues of each table's listeners: how many are full, the
 * fullest one's fill. */
static void queues(struct sv_prom_fmt *f)
{
	bool d1 = false, d2 = false;

	for (int t = 0; t < SV_TABLE_MAX; t++) {
		const struct sv_sockstats_queues *q = &f->st.q[t];
		struct sv_promtext_label l = label("netid", sv_tables_get((enum sv_table)t)->name);

		if (!q->listeners)
			continue;
		family(f, &d1, "sockview_accept_queue_full_listeners", SV_PROMTEXT_GAUGE,
		       "Listeners (LISTEN) whose accept queue (Recv-Q) holds its backlog "
		       "(Send-Q) or more, by table.");
		sample(f, "sockview_accept_queue_full_listeners", &l, 1, q->full);
	}
	for (int t = 0; t < SV_TABLE_MAX; t++) {
		const struct sv_sockstats_queues *q = &f->st.q[t];
		struct sv_promtext_label l = label("netid", sv_tables_get((enum sv_table)t)->name);

		if (!q->listeners)
			continue;
		family(f, &d2, "sockview_accept_queue_fullest_fill_ratio", SV_PROMTEXT_GAUGE,
		       "The fullest listener's accept queue over its backlog (Recv-Q over "
		       "Send-Q, a backlog of 0 as 1; 1 or more: full), by table.");
		ratio(f, "sockview_accept_queue_fullest_fill_ratio", &l, 1, q->max_rq,
		      q->max_wq ? q->max_wq : 1);
	}
}

/* The labels of an asked listener: netid, address, port, interface. */
static size_t listener_labels(struct sv_prom_fmt *f, const struct sv_epcount_key *k,
			      struct sv_promtext_label *l, char *addr, char *port)
{
	inet_ntop(k->family == AF_INET6 ? AF_INET6 : AF_INET, k->addr, addr, INET6_ADDRSTRLEN);
	snprintf(port, 6, "%u", k->port);
	l[0] = label("netid", sv_tables_get((enum sv_table)k->table)->name);
	l[1] = label("address", addr);
	l[2] = label("port", port);
	if (!k->ifindex || !f->o.ifnames)
		return 3;
	l[3] = label("interface", sv_ifnames_get(f->o.ifnames, k->ifindex));
	return 4;
}

/* The listeners of --prom-ports, one series per address, port and device. */
static void listeners(struct sv_prom_fmt *f)
{
	static const struct { const char *name, *help; } fam[3] = {
		{ "sockview_accept_queue_length", "Connections waiting to be accepted "
		  "(Recv-Q) by the listeners of an address, port and device of --prom-ports." },
		{ "sockview_accept_queue_backlog", "The backlog (Send-Q) of the listeners of "
		  "an address, port and device of --prom-ports." },
		{ "sockview_accept_queue_fill_ratio", "The fullest accept queue over its "
		  "backlog among the listeners of an address, port and device of --prom-ports "
		  "(a backlog of 0 as 1; 1 or more: full)." },
	};

	for (int m = 0; m < 3; m++) {
		bool done = false;

		for (size_t i = 0; i < f->st.listeners.n; i++) {
			const struct sv_sockstats_listener *q = &f->st.lq[i];
			struct sv_promtext_label l[4];
			char addr[INET6_ADDRSTRLEN], port[6];
			size_t n = listener_labels(f, &f->st.listeners.e[i].key, l, addr, port);

			family(f, &done, fam[m].name, SV_PROMTEXT_GAUGE, fam[m].help);
			if (m == 0)
				sample(f, fam[m].name, l, n, q->queued);
			else if (m == 1)
				sample(f, fam[m].name, l, n, q->backlog);
			else
				ratio(f, fam[m].name, l, n, q->max_rq, q->max_wq ? q->max_wq : 1);
		}
	}
}

/* Each listed table with ports, for the range's series. */
static bool range_table(const struct sv_prom_fmt *f, int t)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)t);

	return ((f->o.tables >> t) & 1) && d->ports && d->kind == SV_KIND_INET;
}

/* The ephemeral range: its size, the ports in use and the fullest
 * destination, per table. */
static void range(struct sv_prom_fmt *f)
{
	bool d1 = false, d2 = false, d3 = false;

	family(f, &d1, "sockview_ephemeral_range_ports", SV_PROMTEXT_GAUGE,
	       "Ports of net.ipv4.ip_local_port_range that are not reserved "
	       "(ip_local_reserved_ports): what connect() picks from.");
	sample(f, "sockview_ephemeral_range_ports", NULL, 0, f->st.range_size);
	d1 = false;
	for (int m = 0; m < 3; m++) {
		for (int t = 0; t < SV_TABLE_MAX; t++) {
			long best = f->st.dest_max[t];
			uint64_t n = best >= 0 ? f->st.dests.e[best].n : 0;
			struct sv_promtext_label l = label("netid",
							   sv_tables_get((enum sv_table)t)->name);

			if (!range_table(f, t))
				continue;
			if (m == 0) {
				family(f, &d1, "sockview_ephemeral_ports_in_use", SV_PROMTEXT_GAUGE,
				       "Ports of the ephemeral range that sockets of the table "
				       "are bound to.");
				sample(f, "sockview_ephemeral_ports_in_use", &l, 1,
				       f->st.eph_used[t]);
			} else if (m == 1) {
				family(f, &d2, "sockview_ephemeral_fullest_destination_connections",
				       SV_PROMTEXT_GAUGE, "Connections this host opened "
				       "from a port of the ephemeral range to the one remote "
				       "address and port that has the most of them.");
				sample(f, "sockview_ephemeral_fullest_destination_connections",
				       &l, 1, n);
			} else {
				family(f, &d3, "sockview_ephemeral_fullest_destination_ratio",
				       SV_PROMTEXT_GAUGE, "Those connections over the range's "
				       "ports: at 1, connect() to that destination fails "
				       "(EADDRNOTAVAIL).");
				ratio(f, "sockview_ephemeral_fullest_destination_ratio", &l, 1, n,
				      f->st.range_size);
			}
		}
	}
}

/* The kernel's counters that were read. */
static void counters(struct sv_prom_fmt *f)
{
	for (int k = 0; f->o.counters && k < SV_WHY_C_MAX; k++) {
		bool done = false;

		if (!((f->o.counters_found >> k) & 1))
			continue;
		family(f, &done, counter_names[k].name, SV_PROMTEXT_COUNTER,
		       counter_names[k].help);
		sample(f, counter_names[k].name, NULL, 0, f->counters[k]);
	}
}

/* See format_prom.h. */
int sv_format_prom_finish(struct sv_prom_fmt *f)
{
	const struct sv_sockstats_group **v;

	if (f->err)
		return f->err;
	v = sorted(&f->st);
	if (!v)
		return f->err = -ENOMEM;
	groups(f, v, f->st.ng);
	free(v);
	queues(f);
	listeners(f);
	range(f);
	counters(f);
	if ((fflush(f->out) != 0 || ferror(f->out)) && !f->err)
		f->err = errno ? -errno : -EIO;
	return f->err;
}

/* See format_prom.h. */
void sv_format_prom_free(struct sv_prom_fmt *f)
{
	if (!f)
		return;
	sv_sockstats_free(&f->st);
	free(f);
}

static int prom_row(void *ctx, const struct sv_sock *s) { return sv_format_prom_row(ctx, s); }
static int prom_finish(void *ctx) { return sv_format_prom_finish(ctx); }
static void prom_close(void *ctx) { sv_format_prom_free(ctx); }

/* See format_prom.h. */
int sv_format_prom_output(FILE *out, const struct sv_prom_opts *po, struct sv_output *o)
{
	struct sv_prom_fmt *f = NULL;
	int ret = sv_format_prom_new(out, po, &f);

	*o = (struct sv_output){ .row = prom_row, .finish = prom_finish, .close = prom_close,
				 .ctx = f };
	if (ret < 0)
		*o = (struct sv_output){ 0 };
	return ret;
}
