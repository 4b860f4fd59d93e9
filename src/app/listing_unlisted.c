/* listing_unlisted.c - the tables no source can list, counted from
 * /proc/net/protocols (or their processes' sockets) for the caller to name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/fileio.h"
#include "sockview/protocols.h"
#include "sockview/sockcount.h"
#include "sockview/tables.h"

#include "listing_priv.h"

/* The /proc/net/protocols rows of the tables in mask, each once; *uncounted
 * is set when one of them is a table the kernel does not count there. */
static size_t protocol_rows(uint32_t mask, const char *names[SV_PROTOCOLS_NAMES],
			    bool *uncounted)
{
	size_t n = 0;

	*uncounted = false;
	for (int u = 0; u < SV_TABLE_MAX; u++) {
		const struct sv_table_desc *d = sv_tables_get((enum sv_table)u);

		if (!((mask >> u) & 1))
			continue;
		*uncounted |= d->uncounted;
		for (size_t k = 0; k < 2 && d->protocols[k]; k++) {
			bool dup = false;

			for (size_t j = 0; j < n; j++)
				dup |= strcmp(names[j], d->protocols[k]) == 0;
			if (!dup && n < SV_PROTOCOLS_NAMES)
				names[n++] = d->protocols[k];
		}
	}
	return n;
}

/* How many sockets of the rows names[0..n) this namespace holds: the
 * kernel's count, or, for a protocol it has a row of but does not count
 * (uncounted), its processes' open sockets of it. */
static int count_sockets(struct sv_listing *l, const char *const *names, size_t n,
			 bool uncounted, struct sv_listing_unlisted *u,
			 char *err, size_t errlen)
{
	const char *path = l->protocols ? l->protocols : "/proc/net/protocols";
	const char *root = l->procroot_count ? l->procroot_count : "/proc";
	struct sv_sockcount sc;
	char *text = NULL;
	size_t len, line, rows = 0;
	int ret = sv_fileio_read_all(path, &text, &len);

	if (ret == 0) {
		ret = sv_protocols_count(text, len, names, n, &u->sockets, &rows, &line);
		if (ret < 0)
			snprintf(err, errlen, "%s: line %zu is not a protocol's row",
				 path, line);
	} else {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-ret));
	}
	free(text);
	if (ret < 0 || !uncounted || rows == 0)
		return ret;
	ret = sv_sockcount_scan(root, names[0], &sc);
	if (ret < 0) {
		snprintf(err, errlen, "cannot count the %s sockets of %s's processes: %s",
			 names[0], root, strerror(-ret));
		return ret;
	}
	u->sockets = sc.sockets;
	u->by_processes = true;
	u->at_least = sc.denied > 0;
	return 0;
}

/* The wanted tables of dump t that no source can list: an empty table is
 * just that (this namespace holds no socket of it); otherwise they are
 * noted, with their count, for the caller to say so and answer
 * "incomplete". why: the kernel's answer, 0 if none was asked. */
int sv_listing_unlisted_add(struct sv_listing *l, enum sv_table t, int why,
		      char *err, size_t errlen)
{
	struct sv_listing_unlisted u = { .tables = l->opts->tables & sv_listing_order_tables(t),
					 .why = why };
	const char *names[SV_PROTOCOLS_NAMES];
	bool uncounted;
	size_t n = protocol_rows(u.tables, names, &uncounted);
	int ret = n ? count_sockets(l, names, n, uncounted, &u, err, errlen) : 0;

	if (ret < 0 || u.sockets == 0)
		return ret;
	l->unlisted |= u.tables;
	l->unlisted_sockets += u.sockets;
	if (!l->unlisted_why)
		l->unlisted_why = why;
	if (l->nunlisted < SV_LISTING_UNLISTED_MAX)
		l->unlisted_dumps[l->nunlisted++] = u;
	return 0;
}
