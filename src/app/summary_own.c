/* summary_own.c - -s: sockview's own totals beside ss's (sockets and
 * listeners of TCP and UDP per port class, the busiest local ports, the
 * ephemeral range's use), as text after ss's, and the whole of -s as JSON
 * (-s -j). */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/addr.h"
#include "sockview/escape.h"
#include "sockview/services.h"
#include "sockview/sockstats.h"
#include "sockview/summary.h"
#include "sockview/tables.h"

/* The classes of a port, in the order shown. */
static const char *const classes[] = { "well-known", "registered", "dynamic", "ephemeral" };
#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

/* The tables -s counts: TCP and UDP. */
static const enum sv_table own_tables[] = { SV_TABLE_TCP, SV_TABLE_UDP };
#define NTABLES (sizeof(own_tables) / sizeof(own_tables[0]))

static const char *netid(enum sv_table t)
{
	return sv_tables_get(t)->name;
}

/* Sockets and listeners of table t's class c (summed over the states). */
static void class_count(const struct sv_sockstats *st, enum sv_table t, const char *c,
			unsigned long long *sockets, unsigned long long *listeners)
{
	*sockets = *listeners = 0;
	for (size_t i = 0; i < st->ng; i++) {
		if (strcmp(st->g[i].netid, netid(t)) == 0 && strcmp(st->g[i].cls, c) == 0) {
			*sockets += st->g[i].sockets;
			*listeners += st->g[i].listeners;
		}
	}
}

/* A busiest port's service: IANA's name, never for a port of the range
 * (a client's, as the Service column has it). */
static const char *service(const struct sv_sockstats *st, const struct sv_sockstats_port *p)
{
	if (p->port >= st->o.eph_lo && p->port <= st->o.eph_hi)
		return NULL;
	return sv_services_name(p->port, sv_tables_proto((enum sv_table)p->table));
}

static double percent(uint64_t n, uint32_t of)
{
	return of ? 100.0 * (double)n / of : 0;
}

static int done(FILE *out)
{
	if (fflush(out) == 0 && !ferror(out))
		return 0;
	return errno ? -errno : -EIO;
}

static void text_classes(FILE *out, const struct sv_sockstats *st)
{
	fputs("Port class  Total     TCP       UDP       Listening\n", out);
	for (size_t c = 0; c < NCLASSES; c++) {
		unsigned long long n[NTABLES], l[NTABLES], lsum = 0;

		for (size_t t = 0; t < NTABLES; t++) {
			class_count(st, own_tables[t], classes[c], &n[t], &l[t]);
			lsum += l[t];
		}
		fprintf(out, "%-11s %-9llu %-9llu %-9llu %llu\n", classes[c], n[0] + n[1], n[0],
			n[1], lsum);
	}
}

static void text_busiest(FILE *out, const struct sv_sockstats *st)
{
	struct sv_sockstats_port top[SV_SUMMARY_BUSIEST];
	size_t n = sv_sockstats_busiest(st, top, SV_SUMMARY_BUSIEST);

	fputs("\nBusiest local ports:", out);
	for (size_t i = 0; i < n; i++) {
		const char *svc = service(st, &top[i]);

		fprintf(out, "%s %u/%s%s%s%s %u", i ? "," : "", top[i].port, netid(top[i].table),
			svc ? " (" : "", svc ? svc : "", svc ? ")" : "", top[i].sockets);
	}
	fputs(n ? "\n" : " none\n", out);
}

static void text_range(FILE *out, const struct sv_sockstats *st)
{
	fprintf(out, "Ephemeral ports %u-%u, %u not reserved; in use:", st->o.eph_lo,
		st->o.eph_hi, st->range_size);
	for (size_t t = 0; t < NTABLES; t++)
		fprintf(out, "%s %s %u (%.1f%%)", t ? "," : "", netid(own_tables[t]),
			st->eph_used[own_tables[t]], percent(st->eph_used[own_tables[t]],
							     st->range_size));
	fputc('\n', out);
	for (size_t t = 0; t < NTABLES; t++) {
		long best = st->dest_max[own_tables[t]];
		const struct sv_epcount_entry *e = best >= 0 ? &st->dests.e[best] : NULL;
		char addr[SV_ADDR_MAX];

		if (!e)
			continue;
		sv_addr_format(addr, sizeof(addr), e->key.family, e->key.addr, true);
		fprintf(out, "Fullest destination (%s): %s:%u, %llu connection%s (%.1f%% of the "
			"range)\n", netid(own_tables[t]), addr, e->key.port,
			(unsigned long long)e->n, e->n == 1 ? "" : "s", percent(e->n, st->range_size));
	}
}

/* See summary.h. */
int sv_summary_print_own(FILE *out, const struct sv_sockstats *st)
{
	text_classes(out, st);
	text_busiest(out, st);
	text_range(out, st);
	fputc('\n', out);
	return done(out);
}

/* ---- JSON */

static void json_ss(FILE *out, const struct sv_summary *s)
{
	static const char *const rows[] = { "raw", "udp", "tcp", "inet", "frag" };
	struct sv_summary_ss d;

	sv_summary_derive(s, &d);
	fprintf(out, "\"ss\":{\"total\":%ld,\"tcp\":{\"total\":%ld,\"estab\":%ld,\"closed\":%ld,"
		"\"orphaned\":%ld,\"timewait\":%ld},\"transport\":{", d.total, d.tcp_total,
		d.tcp_estab, d.tcp_closed, d.tcp_orphaned, d.tcp_timewait);
	for (int i = 0; i < 5; i++)
		fprintf(out, "%s\"%s\":{\"total\":%ld,\"ip\":%ld,\"ipv6\":%ld}", i ? "," : "",
			rows[i], d.transport[i][0], d.transport[i][1], d.transport[i][2]);
	fputs("}}", out);
}

static void json_classes(FILE *out, const struct sv_sockstats *st)
{
	fputs("\"classes\":{", out);
	for (size_t t = 0; t < NTABLES; t++) {
		fprintf(out, "%s\"%s\":{", t ? "," : "", netid(own_tables[t]));
		for (size_t c = 0; c < NCLASSES; c++) {
			unsigned long long n, l;

			class_count(st, own_tables[t], classes[c], &n, &l);
			fprintf(out, "%s\"%s\":{\"sockets\":%llu,\"listeners\":%llu}", c ? "," : "",
				classes[c], n, l);
		}
		fputc('}', out);
	}
	fputc('}', out);
}

static void json_busiest(FILE *out, const struct sv_sockstats *st)
{
	struct sv_sockstats_port top[SV_SUMMARY_BUSIEST];
	size_t n = sv_sockstats_busiest(st, top, SV_SUMMARY_BUSIEST);

	fputs(",\"busiest_local_ports\":[", out);
	for (size_t i = 0; i < n; i++) {
		const char *svc = service(st, &top[i]);
		char esc[128];

		if (svc)
			sv_escape_json(esc, sizeof(esc), svc, strlen(svc));
		fprintf(out, "%s{\"netid\":\"%s\",\"port\":%u,\"service\":%s%s%s,\"sockets\":%u}",
			i ? "," : "", netid(top[i].table), top[i].port, svc ? "\"" : "",
			svc ? esc : "null", svc ? "\"" : "", top[i].sockets);
	}
	fputc(']', out);
}

static void json_range(FILE *out, const struct sv_sockstats *st)
{
	fprintf(out, ",\"ephemeral\":{\"low\":%u,\"high\":%u,\"ports\":%u,\"in_use\":{",
		st->o.eph_lo, st->o.eph_hi, st->range_size);
	for (size_t t = 0; t < NTABLES; t++)
		fprintf(out, "%s\"%s\":%u", t ? "," : "", netid(own_tables[t]),
			st->eph_used[own_tables[t]]);
	fputs("},\"fullest_destination\":{", out);
	for (size_t t = 0; t < NTABLES; t++) {
		long best = st->dest_max[own_tables[t]];
		const struct sv_epcount_entry *e = best >= 0 ? &st->dests.e[best] : NULL;
		char addr[INET6_ADDRSTRLEN];

		fprintf(out, "%s\"%s\":", t ? "," : "", netid(own_tables[t]));
		if (!e) {
			fputs("null", out);
			continue;
		}
		inet_ntop(e->key.family == AF_INET6 ? AF_INET6 : AF_INET, e->key.addr, addr,
			  sizeof(addr));
		fprintf(out, "{\"address\":\"%s\",\"port\":%u,\"connections\":%llu,"
			"\"ratio\":%.10g}", addr, e->key.port, (unsigned long long)e->n,
			st->range_size ? (double)e->n / st->range_size : 0.0);
	}
	fputs("}}", out);
}

/* See summary.h. */
int sv_summary_print_json(FILE *out, const struct sv_summary *s,
			  const struct sv_sockstats *own)
{
	fputc('{', out);
	json_ss(out, s);
	if (own) {
		fputs(",\"sockview\":{", out);
		json_classes(out, own);
		json_busiest(out, own);
		json_range(out, own);
		fputc('}', out);
	}
	fputs("}\n", out);
	return done(out);
}
