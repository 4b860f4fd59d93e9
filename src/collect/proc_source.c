/* proc_source.c - the /proc/net fallback: answer dump requests from the
 * tables' /proc/net files. Moves bytes only; proc_parse.c and the tables'
 * line parsers turn them into records. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockview/escape.h"
#include "sockview/proc_sorted.h"
#include "sockview/proc_source.h"
#include "sockview/tables.h"

/* The read buffer. The kernel's seq_file hands out at most a page per
 * read(), so more gains nothing; a line never exceeds SV_PROC_LINE_MAX. */
#define READ_SIZE 32768

struct sv_proc_source {
	const char *root;
	sv_proc_env_fn *env;
	void *envctx;
	unsigned int hz;
	char buf[READ_SIZE];
};

/* See proc_source.h. */
int sv_proc_source_new(const char *root, sv_proc_env_fn *env, void *envctx,
		       unsigned int hz, struct sv_proc_source **out)
{
	struct sv_proc_source *p = malloc(sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->root = root;
	p->env = env;
	p->envctx = envctx;
	p->hz = hz;
	*out = p;
	return 0;
}

/* See proc_source.h. */
void sv_proc_source_free(struct sv_proc_source *p)
{
	free(p);
}

static const struct sv_proc_file *file_of(enum sv_table t, int family)
{
	const struct sv_table_desc *d = sv_tables_get(t);

	if (!d || !d->proc.parse)
		return NULL;
	for (size_t i = 0; i < sizeof(d->proc.files) / sizeof(d->proc.files[0]); i++)
		if (d->proc.files[i].family == family && family != 0)
			return &d->proc.files[i];
	return NULL;
}

/* See proc_source.h. */
int sv_proc_source_path(const struct sv_proc_source *p, enum sv_table t, int family,
			char *buf, size_t len)
{
	const struct sv_proc_file *f = file_of(t, family);
	const char *set = f && p->env ? p->env(p->envctx, f->env) : NULL;
	int n;

	if (!f)
		return -ENOENT;
	if (set)
		n = snprintf(buf, len, "%s", set);
	else
		n = snprintf(buf, len, "%s/%s", p->root, f->path);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Is the file of req named by its variable (then it must exist)? */
static bool named(const struct sv_proc_source *p, const struct sv_dump_req *req)
{
	const struct sv_proc_file *f = file_of(req->table, req->family);

	return f && p->env && f->env && p->env(p->envctx, f->env);
}

/* See proc_source.h. */
uint32_t sv_proc_source_env_tables(sv_proc_env_fn *env, void *envctx)
{
	uint32_t t = 0;

	for (int i = 0; env && i < SV_TABLE_MAX; i++) {
		/* the files are its dump's: /proc/net/unix holds u_dgr too */
		const struct sv_table_desc *d =
			sv_tables_get(sv_tables_get((enum sv_table)i)->dump);

		if (!d->proc.parse)
			continue;
		if (env(envctx, "PROC_ROOT"))
			t |= 1u << i;
		for (size_t k = 0; k < sizeof(d->proc.files) / sizeof(d->proc.files[0]); k++)
			if (d->proc.files[k].env && env(envctx, d->proc.files[k].env))
				t |= 1u << i;
	}
	return t;
}

/* Read fd to its end (or until the walk stops) through w. Returns 0, what
 * the callback returned, or -EBADMSG for a file that is no such table's;
 * a failed read() ends the walk with its -errno in *rderr. *rest gets the
 * bytes of an unterminated last line. */
static int read_through(struct sv_proc_source *p, int fd, struct sv_proc_walk *w,
			size_t *rest, int *rderr)
{
	size_t have = 0;

	for (;;) {
		ssize_t n = read(fd, p->buf + have, sizeof(p->buf) - have);
		ssize_t used;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*rderr = -errno;
			return 0;
		}
		if (n == 0)
			break;
		have += (size_t)n;
		used = sv_proc_parse_feed(w, p->buf, have);
		if (used < 0)
			return (int)used;
		if (w->done)
			return 0;
		have -= (size_t)used;
		memmove(p->buf, p->buf + used, have);
	}
	*rest = have;
	return 0;
}

/* One file: the sockets of w's family in w's states. */
static int read_file(struct sv_proc_source *p, const struct sv_dump_req *req,
		     struct sv_proc_walk *w, char *err, size_t errlen)
{
	char path[4096], name[256];
	size_t rest = 0;
	int fd, rderr = 0;
	int ret = sv_proc_source_path(p, req->table, req->family, path, sizeof(path));

	if (ret == -ENOENT)
		return 0; /* no file: the table has no sockets of this family */
	sv_escape_text(name, sizeof(name), path, strlen(path));
	if (ret < 0) {
		snprintf(err, errlen, "cannot read %s: %s", name, strerror(-ret));
		return ret;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && req->family == AF_INET6 && !named(p, req))
		return 0; /* a kernel without IPv6 (ss skips it too) */
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot open %s: %s", name, strerror(-ret));
		return ret;
	}
	ret = read_through(p, fd, w, &rest, &rderr);
	close(fd);
	if (ret < 0 && !w->fatal)
		return ret; /* the callback's own error: its caller names it */
	if (rderr) {
		snprintf(err, errlen, "reading %s after line %zu: %s", name, w->line,
			 strerror(-rderr));
		return rderr;
	}
	return sv_proc_parse_end(w, rest, name, err, errlen);
}

static int source_rows(void *ctx, const struct sv_dump_req *req, sv_diag_cb cb,
		       void *data, char *err, size_t errlen)
{
	struct sv_proc_source *p = ctx;
	const struct sv_table_desc *d = sv_tables_get(req->table);
	struct sv_proc_walk w = { .cb = cb, .data = data, .table = req->table,
				  .family = req->family, .states = req->states,
				  .opts = { .hz = p->hz } };
	struct sv_proc_sorted kept = { 0 };
	int ret, fin = 0;

	if (!d || !d->proc.parse) {
		snprintf(err, errlen, "%s has no /proc/net file", d ? d->name : "this table");
		return -EOPNOTSUPP;
	}
	if (req->kind == SV_DUMP_AUTOBOUND) {
		snprintf(err, errlen, "/proc/net does not say which ports the kernel "
			 "bound automatically");
		return -EOPNOTSUPP;
	}
	w.parse = d->proc.parse;
	w.header = d->proc.header;
	w.stop_outside = req->kind == SV_DUMP_LISTENERS && d->proc.serving_first &&
			 (req->states & ~d->serving_states) == 0;
	sv_proc_parse_init(&w);
	if (!d->proc.sorted)
		return read_file(p, req, &w, err, errlen);
	w.cb = sv_proc_sorted_keep; /* kept, then handed on in ss's order */
	w.data = &kept;
	ret = read_file(p, req, &w, err, errlen);
	if (ret == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	else /* what was read before an error is listed, as unsorted files' */
		fin = sv_proc_sorted_flush(&kept, cb, data);
	sv_proc_sorted_free(&kept);
	return fin < 0 ? fin : ret;
}

/* See proc_source.h. */
struct sv_source sv_proc_source(struct sv_proc_source *p)
{
	return (struct sv_source){ .rows = source_rows, .ctx = p, .kernel = false,
				   .host = true };
}
