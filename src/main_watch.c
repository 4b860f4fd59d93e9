/* main_watch.c - main's part for --watch: the listing again every
 * interval. On a terminal the screen is redrawn with each socket marked
 * (+ new, ~ another state, - closed); piped, only the changes are written,
 * each with its time (JSON lines with -j or --json-lines). SIGINT, SIGTERM
 * or a reader that goes away end it, with status 0. */
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <time.h>

#include "sockview/watch.h"

#include "main_priv.h"

/* The formatter writes into mem; each row's bytes become an entry. */
struct capture {
	struct sv_output inner;
	FILE *mem;
	char *buf;
	size_t size;
	off_t last;
	struct sv_watch_snap *snap;
	char header[1024];   /* the table's header line (terminal mode) */
	bool want_header, have_header;
	int err;
};

static int cap_row(void *ctx, const struct sv_sock *s)
{
	struct capture *c = ctx;
	int ret = c->inner.row(c->inner.ctx, s);
	const char *p;
	off_t pos;
	size_t len;

	if (ret < 0)
		return ret;
	if (fflush(c->mem) != 0 || (pos = ftello(c->mem)) < c->last)
		return -ENOMEM;
	p = c->buf + c->last;
	len = (size_t)(pos - c->last);
	c->last = pos;
	if (c->want_header && !c->have_header) {
		const char *nl = memchr(p, '\n', len);
		size_t hl = nl ? (size_t)(nl - p) + 1 : 0;

		snprintf(c->header, sizeof(c->header), "%.*s", (int)hl, p);
		c->have_header = true;
		p += hl;
		len -= hl;
	}
	ret = sv_watch_add(c->snap, sv_watch_key(s), s->state, p, len);
	if (ret < 0)
		c->err = ret;
	return ret;
}

static int cap_finish(void *ctx)
{
	(void)ctx;
	return 0; /* the formatter is finished once, at the end */
}

/* "2026-11-29T20:15:01.123Z" */
static void stamp(char *buf, size_t len, const struct timespec *ts)
{
	struct tm tm;

	size_t n;

	gmtime_r(&ts->tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03uZ", (unsigned int)(ts->tv_nsec / 1000000) % 1000);
}

/* One change, piped: "TIME MARK ROW" or a JSON line. */
static void put_change(const struct run *r, const char *when, enum sv_watch_change ch,
		       const struct sv_watch_snap *s, size_t i, bool first)
{
	const char *text = s->text + s->v[i].off;
	size_t len = s->v[i].len;

	while (len && text[len - 1] == '\n')
		len--;
	if (r->o.json)
		printf("{\"time\":\"%s\",\"change\":\"%s\",\"socket\":%.*s}\n", when,
		       first ? "existing" : sv_watch_change_name(ch), (int)len, text);
	else
		printf("%s %c %.*s\n", when, first ? '=' : ch == SV_WATCH_NEW ? '+' :
		       ch == SV_WATCH_CLOSED ? '-' : '~', (int)len, text);
}

/* The whole listing, redrawn, each row marked; the closed ones last. */
static void redraw(const struct run *r, const struct capture *c, const char *when,
		   const enum sv_watch_change *ch, const struct sv_watch_snap *old,
		   const size_t *closed, size_t nclosed)
{
	const struct sv_watch_snap *s = c->snap;

	printf("\033[H\033[2JEvery %u.%us: sockview, %s (+ new, ~ another state, - closed)\n\n",
	       r->o.watch_ms / 1000, r->o.watch_ms % 1000 / 100, when);
	if (c->have_header)
		printf("  %s", c->header);
	for (size_t i = 0; i < s->n; i++)
		printf("%c %s", !ch ? ' ' : ch[i] == SV_WATCH_NEW ? '+' :
		       ch[i] == SV_WATCH_CHANGED ? '~' : ' ', s->text + s->v[i].off);
	for (size_t k = 0; k < nclosed; k++)
		printf("- %s", old->text + old->v[closed[k]].off);
}

/* What changed since old (NULL the first time), written out. */
static int show(const struct run *r, const struct capture *c, const struct sv_watch_snap *old,
		bool tty)
{
	enum sv_watch_change *ch = NULL;
	size_t *closed = NULL, nclosed = 0;
	struct timespec now;
	char when[40];

	clock_gettime(CLOCK_REALTIME, &now);
	stamp(when, sizeof(when), &now);
	if (old && sv_watch_diff(old, c->snap, &ch, &closed, &nclosed) < 0)
		return -ENOMEM;
	if (tty) {
		redraw(r, c, when, ch, old, closed, nclosed);
	} else {
		for (size_t i = 0; i < c->snap->n; i++)
			if (!ch || ch[i] != SV_WATCH_SAME)
				put_change(r, when, ch ? ch[i] : SV_WATCH_NEW, c->snap, i, !ch);
		for (size_t k = 0; k < nclosed; k++)
			put_change(r, when, SV_WATCH_CLOSED, old, closed[k], false);
	}
	free(ch);
	free(closed);
	if (fflush(stdout) != 0 || ferror(stdout))
		return errno ? -errno : -EIO;
	return 0;
}

/* One listing into c->snap. Returns 0 or an exit status's cause. */
static int tick(struct run *r, struct capture *c, bool first, int *status)
{
	struct sv_listing l;
	char err[512] = "";
	int ret;

	sv_watch_clear(c->snap);
	c->last = 0;
	if (fseeko(c->mem, 0, SEEK_SET) != 0)
		return -EIO;
	if (!first)
		sv_classify_release(r->cls);
	sv_main_listing_init(r, &l);
	l.out = (struct sv_output){ .row = cap_row, .finish = cap_finish, .ctx = c };
	ret = sv_main_list(r, &l, err, sizeof(err));
	if (c->err)
		return c->err;
	if (first || ret < 0)
		*status = sv_main_notes(r, &l, ret, err, first);
	return ret < 0 ? ret : sv_watch_index(c->snap);
}

/* Wait the interval; true when a signal asks to stop (sigfd readable) or
 * the reader of stdout went away (a pipe's POLLERR: nothing else would
 * tell while no change is written). */
static bool wait_or_stop(const struct run *r, int sigfd)
{
	struct pollfd p[2] = { { .fd = sigfd, .events = POLLIN },
			       { .fd = STDOUT_FILENO, .events = 0 } };
	int n = poll(p, 2, (int)r->o.watch_ms);

	return n > 0 && ((p[0].revents & POLLIN) || (p[1].revents & (POLLERR | POLLHUP)));
}

static int watch_ticks(struct run *r, struct capture *c, struct sv_watch_snap snaps[2], bool tty,
		       int sigfd);

static int watch_loop(struct run *r, struct capture *c, struct sv_watch_snap snaps[2])
{
	bool tty = isatty(STDOUT_FILENO) == 1;
	int status, sigfd;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sigfd < 0) {
		fprintf(stderr, "sockview: --watch: signalfd: %s\n", strerror(errno));
		return EXIT_RUNTIME;
	}
	status = watch_ticks(r, c, snaps, tty, sigfd);
	close(sigfd);
	return status;
}

static int watch_ticks(struct run *r, struct capture *c, struct sv_watch_snap snaps[2], bool tty,
		       int sigfd)
{
	int status = EXIT_OK, ret;

	for (unsigned int n = 0;; n++) {
		c->snap = &snaps[n % 2];
		ret = tick(r, c, n == 0, &status);
		if (ret < 0) { /* the listing failed (said), or memory */
			if (ret == -ENOMEM)
				fprintf(stderr, "sockview: out of memory\n");
			return ret == -EPIPE ? EXIT_OK : EXIT_RUNTIME;
		}
		ret = show(r, c, n ? &snaps[(n + 1) % 2] : NULL, tty);
		if (ret < 0)
			return sv_main_output_failed(r, ret);
		if (wait_or_stop(r, sigfd))
			return status; /* the first listing's notes stand */
	}
}

/* See main_priv.h. */
int sv_main_watch(struct run *r)
{
	struct sv_watch_snap snaps[2] = { { 0 } };
	struct capture c = { 0 };
	int status;

	c.mem = open_memstream(&c.buf, &c.size);
	if (!c.mem) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	c.want_header = isatty(STDOUT_FILENO) == 1 && !r->o.json && r->o.header;
	if (!c.want_header)
		r->o.header = false;
	r->o.json_lines = r->o.json; /* one object a row, each its own change */
	r->outf = c.mem;
	if (sv_main_open_shared(r) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		status = EXIT_RUNTIME;
	} else {
		c.inner = r->out;
		status = watch_loop(r, &c, snaps);
	}
	sv_output_close(&r->out);
	r->out = (struct sv_output){ 0 };
	fclose(c.mem);
	free(c.buf);
	sv_watch_free(&snaps[0]);
	sv_watch_free(&snaps[1]);
	return status;
}
