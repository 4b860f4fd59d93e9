/* listing_source.c - where a listing's dumps come from: the source or its
 * /proc/net fallback, and the rows' dumps received ahead (prefetch.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/prefetch.h"
#include "sockview/tables.h"

#include "listing_priv.h"

/* A dump's name in messages: "tcp IPv4", "unix", "netlink". */
static void dump_name(const struct sv_dump_req *req, char *buf, size_t len)
{
	static const char *const kinds[] = {
		[SV_KIND_INET] = "inet", [SV_KIND_UNIX] = "unix",
		[SV_KIND_PACKET] = "packet", [SV_KIND_NETLINK] = "netlink",
		[SV_KIND_VSOCK] = "vsock", [SV_KIND_TIPC] = "tipc", [SV_KIND_XDP] = "xdp",
	};
	const struct sv_table_desc *d = sv_tables_get(req->table);

	if (d->kind == SV_KIND_INET)
		snprintf(buf, len, "%s%s", d->name, req->family == AF_INET ? " IPv4" :
			 req->family == AF_INET6 ? " IPv6" : "");
	else
		snprintf(buf, len, "%s", kinds[d->kind]);
}

/* Where t's sockets come from: the fallback for the tables it took over. */
const struct sv_source *sv_listing_source_of(const struct sv_listing *l, enum sv_table t)
{
	return l->fallback && (l->via_fallback >> t & 1u) ? l->fallback : l->src;
}

/* Does this answer say that sock_diag is missing (no module, no handler for
 * the protocol) or not allowed (a seccomp or LSM policy), rather than that
 * the request was bad? */
bool sv_listing_source_refused(int ret)
{
	return ret == -ENOENT || ret == -EPROTONOSUPPORT || ret == -EOPNOTSUPP ||
	       ret == -EAFNOSUPPORT || ret == -EPERM || ret == -EACCES;
}

/* See listing_priv.h. Only where req's table is read from the main source
 * and that can open a second socket; without one, or if it fails, the
 * dumps run one after the other. */
void sv_listing_source_ahead(struct sv_listing *l, const struct sv_dump_req *req,
			     size_t nreq, size_t max_bytes)
{
	if (l->pre || sv_listing_source_of(l, req->table) != l->src || !l->src->open_side)
		return;
	if (l->src->open_side(l->src->ctx, &l->side) < 0)
		return;
	if (sv_prefetch_start(&l->side, req, nreq, max_bytes, &l->pre) < 0) {
		l->src->close_side(&l->side);
		l->pre = NULL;
		return;
	}
	l->pre_src = sv_prefetch_source(l->pre);
}

/* End the dump received ahead (prefetch.h), used or not. */
void sv_listing_source_stop_ahead(struct sv_listing *l)
{
	if (!l->pre)
		return;
	sv_prefetch_stop(l->pre);
	l->pre = NULL;
	l->src->close_side(&l->side);
}

/* A callback that counts what it passes on. */
struct counted {
	sv_diag_cb cb;
	void *data;
	size_t n;
};

static int count_cb(const struct sv_sock *s, void *data)
{
	struct counted *c = data;

	c->n++;
	return c->cb(s, c->data);
}

static int dump_one(struct sv_listing *l, const struct sv_dump_req *req,
		    sv_diag_cb cb, void *data, size_t *delivered, char *err, size_t errlen);

/* See sv_listing_source_dump. A dump of both families that the source
 * refused before any row (a kernel without the legacy request, a policy
 * that blocks it) is made again as one per family, and the listing asks
 * per family from then on; a refused program is dump_rows' business. */
int sv_listing_source_dump(struct sv_listing *l, const struct sv_dump_req *req,
		sv_diag_cb cb, void *data, char *err, size_t errlen)
{
	struct sv_dump_req one = *req;
	size_t n = 0;
	int ret, first = 0;

	ret = dump_one(l, req, cb, data, &n, err, errlen);
	if (req->family != AF_UNSPEC || sv_tables_get(req->table)->diag_family || ret >= 0 ||
	    n || req->bytecode)
		return ret;
	l->both_refused = true;
	for (size_t k = 0; k < 2; k++) {
		one.family = k ? AF_INET6 : AF_INET;
		err[0] = '\0';
		ret = dump_one(l, &one, cb, data, &n, err, errlen);
		if (ret < 0 && !first)
			first = ret;
		if (l->out_err || l->act_err)
			return ret;
	}
	return first;
}

/* One dump of kind for (t, family), named in err on failure; *delivered:
 * how many rows the source gave. When the table's source refuses it
 * outright (nothing delivered, no program sent: a refused program is
 * dump_rows' business) and there is a fallback, the table moves to the
 * fallback for the rest of the run and the dump is answered from there. */
static int dump_one(struct sv_listing *l, const struct sv_dump_req *req,
		    sv_diag_cb cb, void *data, size_t *delivered, char *err, size_t errlen)
{
	const struct sv_source *src = sv_listing_source_of(l, req->table);
	struct counted c = { cb, data, 0 };
	char msg[256] = "", name[32];
	bool ahead = src == l->src && sv_prefetch_matches(l->pre, req);
	int ret = sv_collect_dump(ahead ? &l->pre_src : src, req, count_cb, &c, msg,
				  sizeof(msg));

	*delivered = c.n;
	if (ahead && !sv_prefetch_next(l->pre))
		sv_listing_source_stop_ahead(l);

	if (ret < 0 && sv_listing_source_refused(ret) && c.n == 0 && !req->bytecode && l->fallback &&
	    req->family != AF_UNSPEC && /* one per family first */
	    src != l->fallback && sv_tables_get(req->table)->proc.parse) {
		l->via_fallback |= 1u << req->table;
		if (!(sv_tables_get(req->table)->proc.quiet && ret == -ENOENT))
			l->fell_back |= 1u << req->table;
		if (!l->fallback_errno)
			l->fallback_errno = -ret;
		msg[0] = '\0';
		ret = sv_collect_dump(l->fallback, req, cb, data, msg, sizeof(msg));
	}
	if (ret < 0 && msg[0]) {
		dump_name(req, name, sizeof(name));
		snprintf(err, errlen, "%s: %s", name, msg);
	}
	return ret;
}

/* The kernel's answers that mean "no dump of this kind here" (no diag
 * module: ENOENT; DCCP on a kernel without it: EINVAL; ...), after the
 * request went without bytecode. */
bool sv_listing_source_absent(int ret)
{
	return ret == -ENOENT || ret == -EOPNOTSUPP || ret == -EPROTONOSUPPORT ||
	       ret == -EINVAL;
}

/* Is there no source for dump t: no sock_diag request of sockview's and no
 * /proc/net file it moved to, or only the /proc/net files to read
 * (--source=proc) and none of its own? */
bool sv_listing_source_none(const struct sv_listing *l, enum sv_table t)
{
	const struct sv_table_desc *d = sv_tables_get(t);

	if (!d->request && !(l->via_fallback >> t & 1u))
		return true;
	return !sv_listing_source_of(l, t)->kernel && l->src->host && !d->proc.parse;
}
