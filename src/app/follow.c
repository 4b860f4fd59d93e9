/* follow.c - -E: join the destroy events of the wanted tables, then each
 * event through the listing's row path, flushed as it comes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "sockview/events.h"
#include "sockview/follow.h"
#include "sockview/format_time.h"
#include "sockview/tables.h"

/* What the row callback needs. */
struct chunk {
	struct sv_follow *f;
	char when[SV_FORMAT_TIME_LEN + 1];
};

static uint64_t realtime_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* Join the group of each wanted table and family. Returns how many were
 * joined, or a negative errno with a message in err. */
static int join_all(struct sv_follow *f, char *err, size_t errlen)
{
	static const int fams[] = { AF_INET, AF_INET6 };
	const struct sv_opts *o = f->l->opts;
	int joined = 0;

	for (int t = 0; t < SV_TABLE_MAX; t++) {
		if (!(o->tables & (1u << t)))
			continue;
		for (size_t i = 0; i < 2; i++) {
			struct sv_dump_req req = { .table = (enum sv_table)t, .family = fams[i],
						   .states = o->states, .kind = SV_DUMP_ROWS };
			int ret;

			if (!(o->families & SV_AF(fams[i])) || !sv_tables_event_group(req.table, fams[i]))
				continue;
			ret = f->src->request(f->src->ctx, &req);
			if (ret < 0) {
				snprintf(err, errlen, "cannot join the destroy events of %s %s: %s",
					 sv_tables_get(req.table)->name, family_name(fams[i]),
					 strerror(-ret));
				return ret;
			}
			joined++;
		}
	}
	return joined;
}

static int event_cb(const struct sv_sock *s, void *data)
{
	struct chunk *c = data;
	struct sv_sock ev = *s;

	ev.event_time = c->when[0] ? c->when : NULL;
	c->f->events++;
	return sv_listing_row(c->f->l, &ev);
}

/* The source lost events: how many, when it can say; told at once. */
static void note_loss(struct sv_follow *f, uint64_t *drops_seen)
{
	uint64_t now = 0, n = 0;

	f->losses++;
	if (f->drops && f->drops(f->ctx, &now) == 0 && now >= *drops_seen) {
		n = now - *drops_seen;
		*drops_seen = now;
		f->lost += n;
	}
	if (f->on_loss)
		f->on_loss(f->ctx, n);
}

/* One message (or more) of the source: stamped with its time, each event
 * through the row path, then the output flushed. */
static int take(struct sv_follow *f, const void *buf, size_t len, char *err, size_t errlen)
{
	struct chunk c = { .f = f };
	size_t skipped = 0;
	int ret;

	sv_format_time_utc(c.when, sizeof(c.when), f->clock_us ? f->clock_us() : realtime_us());
	ret = sv_events_parse(buf, len, event_cb, &c, &skipped, err, errlen);
	f->skipped += skipped;
	if (ret < 0)
		return ret;
	if (f->l->out.flush && (ret = f->l->out.flush(f->l->out.ctx)) < 0)
		f->l->out_err = ret;
	return ret;
}

/* See follow.h. */
int sv_follow_run(struct sv_follow *f, char *err, size_t errlen)
{
	char buf[SV_COLLECT_BUFSIZE];
	uint64_t drops_seen = 0;
	int ret = join_all(f, err, errlen);

	f->events = f->skipped = f->losses = f->lost = 0;
	if (ret == 0) {
		snprintf(err, errlen, "none of the tables asked for has destroy events "
			 "(the kernel announces tcp and udp sockets)");
		return -ENOENT;
	}
	if (ret < 0)
		return ret;
	if (f->drops && f->drops(f->ctx, &drops_seen) < 0)
		drops_seen = 0;
	for (;;) {
		ssize_t n = f->src->recv(f->src->ctx, buf, sizeof(buf));

		if (n == 0)
			return 0;
		if (n == -ENOBUFS) {
			note_loss(f, &drops_seen);
			continue;
		}
		if (n == -EPIPE) /* the output's reader went away */
			return f->l->out_err = -EPIPE;
		if (n < 0) {
			snprintf(err, errlen, "receiving destroy events: %s", strerror((int)-n));
			return (int)n;
		}
		ret = take(f, buf, (size_t)n, err, errlen);
		if (f->l->out_err || f->l->act_err)
			return f->l->out_err ? f->l->out_err : f->l->act_err;
		if (ret < 0)
			return ret;
	}
}
