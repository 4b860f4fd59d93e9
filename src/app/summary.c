/* summary.c - sockview -s: read the /proc/net counters, print them as ss -s. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/fileio.h"
#include "sockview/summary.h"

typedef int (*parse_fn)(const char *text, size_t len, struct sv_summary *s,
			char *err, size_t errlen);

/* A counter ss -s prints, the file it comes from and how the file says it. */
struct need {
	unsigned int have; /* SV_SUMMARY_HAVE_* */
	const char *file;
	const char *what;
};

#define NEED(bit, f, w) { .have = SV_SUMMARY_HAVE_##bit, .file = f, .what = w }

static const struct need needs[] = {
	NEED(SOCKETS_USED, "sockstat", "sockets: used"),
	NEED(TCP_INUSE, "sockstat", "TCP: inuse"),
	NEED(TCP_ORPHAN, "sockstat", "TCP: orphan"),
	NEED(TCP_TW, "sockstat", "TCP: tw"),
	NEED(TCP_ALLOC, "sockstat", "TCP: alloc"),
	NEED(UDP_INUSE, "sockstat", "UDP: inuse"),
	NEED(RAW_INUSE, "sockstat", "RAW: inuse"),
	NEED(FRAG_INUSE, "sockstat", "FRAG: inuse"),
	NEED(TCP6_INUSE, "sockstat6", "TCP6: inuse"),
	NEED(UDP6_INUSE, "sockstat6", "UDP6: inuse"),
	NEED(RAW6_INUSE, "sockstat6", "RAW6: inuse"),
	NEED(FRAG6_INUSE, "sockstat6", "FRAG6: inuse"),
	NEED(TCP_ESTAB, "snmp", "Tcp: CurrEstab"),
};

/* Reads procroot/net/name and parses it into *s. With optional, a file that
 * does not exist is no error and sets *present to false. */
static int read_one(const char *procroot, const char *name, parse_fn parse,
		    bool optional, bool *present, struct sv_summary *s,
		    char *err, size_t errlen)
{
	char path[PATH_MAX], perr[160];
	char *buf = NULL;
	size_t len = 0;
	int n, ret;

	*present = false;
	n = snprintf(path, sizeof(path), "%s/net/%s", procroot, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		snprintf(err, errlen, "%s: %s/net/%s", strerror(ENAMETOOLONG),
			 procroot, name);
		return -ENAMETOOLONG;
	}
	ret = sv_fileio_read_all(path, &buf, &len);
	if (ret == -ENOENT && optional)
		return 0;
	if (ret < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	*present = true;
	ret = parse(buf, len, s, perr, sizeof(perr));
	free(buf);
	if (ret < 0)
		snprintf(err, errlen, "%s: %s", path, perr);
	return ret;
}

/* Checks that every counter ss -s prints was found; -ENODATA if not. */
static int check_needs(const char *procroot, const struct sv_summary *s,
		       bool have_v6, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
		if (s->found & needs[i].have)
			continue;
		if (!have_v6 && strcmp(needs[i].file, "sockstat6") == 0)
			continue;
		snprintf(err, errlen, "%s/net/%s: no \"%s\" counter", procroot,
			 needs[i].file, needs[i].what);
		return -ENODATA;
	}
	return 0;
}

/* See summary.h. sockstat6 may be missing (a kernel booted with
 * ipv6.disable=1 has none): ss -s then shows 0 for IPv6, and so do we. Any
 * other unreadable file, or one without a counter ss -s prints, is an error
 * (-errno, -EINVAL for bad text, -ENODATA for a missing counter). */
int sv_summary_read(const char *procroot, struct sv_summary *s, char *err,
		    size_t errlen)
{
	struct sv_summary tmp = { 0 };
	bool present = false, have_v6 = false;
	int ret;

	ret = read_one(procroot, "sockstat", sv_summary_parse_sockstat, false,
		       &present, &tmp, err, errlen);
	if (!ret)
		ret = read_one(procroot, "sockstat6", sv_summary_parse_sockstat,
			       true, &have_v6, &tmp, err, errlen);
	if (!ret)
		ret = read_one(procroot, "snmp", sv_summary_parse_snmp, false,
			       &present, &tmp, err, errlen);
	if (!ret)
		ret = check_needs(procroot, &tmp, have_v6, err, errlen);
	if (!ret)
		*s = tmp;
	return ret;
}

/* a + b and a - b without undefined behaviour on absurd input: wraps. */
static long add(long a, long b)
{
	return (long)((unsigned long)a + (unsigned long)b);
}

static long sub(long a, long b)
{
	return (long)((unsigned long)a - (unsigned long)b);
}

/* One row of the Transport table, as ss prints it ("%-9d", tab, 2 spaces). */
static void print_row(FILE *out, const char *name, const long *row)
{
	fprintf(out, "%s\t  %-9ld %-9ld %-9ld\n", name, row[0], row[1], row[2]);
}

static void transport(long *row, long v4, long v6)
{
	row[0] = add(v4, v6);
	row[1] = v4;
	row[2] = v6;
}

/* See summary.h. TCP total = alloc + tw; closed = alloc - (inuse + inuse6
 * - tw); the TCP row counts hashed sockets (inuse), the INET row RAW + UDP
 * + TCP. */
void sv_summary_derive(const struct sv_summary *s, struct sv_summary_ss *d)
{
	long tcp_hashed = add(s->tcp_inuse, s->tcp6_inuse);

	d->total = s->sockets_used;
	d->tcp_total = add(s->tcp_alloc, s->tcp_tw);
	d->tcp_estab = s->tcp_estab;
	d->tcp_closed = sub(s->tcp_alloc, sub(tcp_hashed, s->tcp_tw));
	d->tcp_orphaned = s->tcp_orphan;
	d->tcp_timewait = s->tcp_tw;
	transport(d->transport[SV_SUMMARY_RAW], s->raw_inuse, s->raw6_inuse);
	transport(d->transport[SV_SUMMARY_UDP], s->udp_inuse, s->udp6_inuse);
	transport(d->transport[SV_SUMMARY_TCP], s->tcp_inuse, s->tcp6_inuse);
	transport(d->transport[SV_SUMMARY_INET],
		  add(add(s->raw_inuse, s->udp_inuse), s->tcp_inuse),
		  add(add(s->raw6_inuse, s->udp6_inuse), s->tcp6_inuse));
	transport(d->transport[SV_SUMMARY_FRAG], s->frag_inuse, s->frag6_inuse);
}

/* See summary.h. The numbers are ss's (iproute2 misc/ss.c print_summary,
 * sv_summary_derive). */
int sv_summary_print(FILE *out, const struct sv_summary *s)
{
	static const char *const rows[] = { "RAW", "UDP", "TCP", "INET", "FRAG" };
	struct sv_summary_ss d;

	sv_summary_derive(s, &d);
	fprintf(out, "Total: %ld\n", d.total);
	fprintf(out, "TCP:   %ld (estab %ld, closed %ld, orphaned %ld, timewait %ld)\n",
		d.tcp_total, d.tcp_estab, d.tcp_closed, d.tcp_orphaned, d.tcp_timewait);
	fputs("\nTransport Total     IP        IPv6\n", out);
	for (int i = 0; i < 5; i++)
		print_row(out, rows[i], d.transport[i]);
	fputc('\n', out);
	if (fflush(out) == 0 && !ferror(out))
		return 0;
	return errno ? -errno : -EIO;
}
