/* listing_order.c - which dumps a listing makes, in what order, for which
 * families (ss's order; TCP first for -D). */
#include <netinet/in.h>
#include <sys/socket.h>

#include "sockview/tables.h"

#include "listing_priv.h"

/* IPv4 before IPv6, as ss. */
static const int family_order[] = { AF_INET, AF_INET6 };

/* The i-th dump in listing order: ss's (tables.h), or, with tcp_first
 * (-D: ss reads a file's first part as TCP), TCP first and then the others
 * in that order. */
enum sv_table sv_listing_order_at(const struct sv_listing *l, size_t i)
{
	size_t n, k = 0;
	const enum sv_table *order = sv_tables_order(&n);

	if (!l->tcp_first)
		return order[i];
	if (i == 0)
		return SV_TABLE_TCP;
	for (size_t j = 0; j < n; j++)
		if (order[j] != SV_TABLE_TCP && ++k == i)
			return order[j];
	return order[i];
}

size_t sv_listing_order_count(void)
{
	size_t n;

	sv_tables_order(&n);
	return n;
}

/* The tables whose rows a dump of table t's returns (t's group). */
uint32_t sv_listing_order_tables(enum sv_table t)
{
	uint32_t m = 0;

	for (int u = 0; u < SV_TABLE_MAX; u++)
		if (sv_tables_get((enum sv_table)u)->dump == t)
			m |= 1u << u;
	return m;
}

/* The families to ask t's dump for, in order (IPv4 before IPv6, as ss):
 * an inet table's wanted IP families, another's sock_diag family; both in
 * one dump (AF_UNSPEC) where the order is free and t's source can. */
size_t sv_listing_order_families(const struct sv_listing *l, enum sv_table t, int fam[2])
{
	const struct sv_opts *o = l->opts;
	const struct sv_table_desc *d = sv_tables_get(t);
	size_t n = 0;

	if (d->diag_family) {
		if (o->families & SV_AF(d->diag_family))
			fam[n++] = d->diag_family;
		return n;
	}
	for (size_t k = 0; k < 2; k++)
		if (o->families & d->families & SV_AF(family_order[k]))
			fam[n++] = family_order[k];
	if (n == 2 && l->any_order && !l->both_refused && d->ipproto == IPPROTO_TCP &&
	    sv_listing_source_of(l, t)->both_families) {
		fam[0] = AF_UNSPEC;
		n = 1;
	}
	return n;
}
