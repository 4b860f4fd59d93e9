/* listing.c - the pipeline of a listing: learn listeners, dump the wanted
 * tables, classify, filter and format each socket. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/filter.h"
#include "sockview/listing.h"

/* ss's order: UDP before TCP, IPv4 before IPv6. */
static const enum sv_table table_order[] = { SV_TABLE_UDP, SV_TABLE_TCP };

static uint32_t serving_states(enum sv_table t)
{
	return t == SV_TABLE_TCP ? 1u << SV_STATE_LISTEN : 1u << SV_STATE_CLOSE;
}

static int note_cb(const struct sv_sock *s, void *data)
{
	sv_classify_note(data, s);
	return 0;
}

static int row_cb(const struct sv_sock *in, void *data)
{
	struct sv_listing *l = data;
	struct sv_sock s = *in;
	int ret;

	sv_classify_sock(l->cls, &s);
	if (l->filter && !sv_filter_match(l->filter, &s))
		return 0;
	ret = sv_format_table_row(l->fmt, &s);
	if (ret == 0)
		l->matched++;
	return ret;
}

static bool want_family(const struct sv_opts *o, int family)
{
	return family == AF_INET ? o->family_inet : o->family_inet6;
}

/* Listeners must be known before the first row streams out, so that a row's
 * role and ephemeral flag are right. Not needed when the listing itself holds
 * only serving sockets (-l). */
static int learn_listeners(struct sv_listing *l, char *err, size_t errlen)
{
	const struct sv_opts *o = l->opts;
	const int families[] = { AF_INET, AF_INET6 };

	for (size_t i = 0; i < 2; i++) {
		enum sv_table t = table_order[i];
		uint32_t serve = serving_states(t);

		if (!(o->tables & (1u << t)) || !(o->states & ~serve))
			continue;
		for (size_t k = 0; k < 2; k++) {
			int ret = sv_collect_dump(l->src, t, families[k], serve, NULL, 0,
						  note_cb, l->cls, err, errlen);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

/* See listing.h. */
int sv_listing_run(struct sv_listing *l, char *err, size_t errlen)
{
	const struct sv_opts *o = l->opts;
	const int families[] = { AF_INET, AF_INET6 };
	char msg[256];
	int ret, first_err = 0;

	l->matched = 0;
	ret = learn_listeners(l, err, errlen);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < 2; i++) {
		enum sv_table t = table_order[i];

		if (!(o->tables & (1u << t)))
			continue;
		for (size_t k = 0; k < 2; k++) {
			if (!want_family(o, families[k]))
				continue;
			ret = sv_collect_dump(l->src, t, families[k], o->states, NULL, 0,
					      row_cb, l, msg, sizeof(msg));
			if (ret == -EPIPE)
				return ret;
			if (ret < 0 && !first_err) {
				first_err = ret;
				snprintf(err, errlen, "%s %s: %s",
					 t == SV_TABLE_TCP ? "tcp" : "udp",
					 families[k] == AF_INET ? "IPv4" : "IPv6", msg);
			}
		}
	}
	ret = sv_format_table_finish(l->fmt);
	if (ret < 0)
		return ret;
	return first_err;
}
