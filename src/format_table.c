/* format_table.c - the ss-compatible table: compact rows streamed when
 * piped, aligned columns on a terminal. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/addr.h"
#include "sockview/classify.h"
#include "sockview/escape.h"
#include "sockview/format.h"
#include "sockview/services.h"
#include "sockview/state.h"

enum col {
	COL_NETID, COL_STATE, COL_RECVQ, COL_SENDQ, COL_LADDR, COL_LPORT,
	COL_RADDR, COL_RPORT, COL_ROLE, COL_CLASS, COL_SERVICE, COL_PROCESS,
	COL_MAX
};

/* Header text and alignment of each column, as ss has them. Port columns
 * follow their address with no space (the address carries the ':'). */
static const struct {
	const char *title;
	bool right;
	bool glued; /* no separator before this column */
} cols[COL_MAX] = {
	[COL_NETID] = { .title = "Netid" },
	[COL_STATE] = { .title = "State" },
	[COL_RECVQ] = { .title = "Recv-Q" },
	[COL_SENDQ] = { .title = "Send-Q" },
	[COL_LADDR] = { .title = "Local Address:", .right = true },
	[COL_LPORT] = { .title = "Port", .glued = true },
	[COL_RADDR] = { .title = "Peer Address:", .right = true },
	[COL_RPORT] = { .title = "Port", .glued = true },
	[COL_ROLE] = { .title = "Role" },
	[COL_CLASS] = { .title = "Class" },
	[COL_SERVICE] = { .title = "Service" },
	[COL_PROCESS] = { .title = "Process" },
};

#define CELL_MAX 96
/* The Process column lists every holder; a socket shared by very many
 * processes is cut at this length with "...". */
#define PROC_MAX 8192
#define LINE_MAX (COL_MAX * (CELL_MAX + 8) + PROC_MAX)

/* One row as text cells; the Process cell lives in the formatter. */
struct row {
	char cell[COL_PROCESS][CELL_MAX];
	const char *text[COL_MAX];
	uint16_t len[COL_MAX];
};

struct sv_table_fmt {
	FILE *out;
	struct sv_fmt_opts o;
	bool shown[COL_MAX];
	bool header_done;
	/* aligned mode: every row's cells, NUL-separated, in one arena */
	char *arena;
	size_t used, cap;
	size_t width[COL_MAX];
	char proc[PROC_MAX];
	char line[LINE_MAX];
};

static int write_out(struct sv_table_fmt *f, const char *p, size_t n)
{
	if (fwrite_unlocked(p, 1, n, f->out) != n)
		return errno == EPIPE ? -EPIPE : -EIO;
	return 0;
}

static void cell_set(struct row *r, enum col c, const char *s, size_t n)
{
	if (n >= CELL_MAX)
		n = CELL_MAX - 1;
	memcpy(r->cell[c], s, n);
	r->cell[c][n] = '\0';
	r->len[c] = (uint16_t)n;
}

/* A port as ss writes it: "*" for 0; a service name without -n, unless the
 * port lies in the ephemeral range (ss never names those: they are client
 * ports, or a listener's that merely looks like a registered one). */
static void cell_port(const struct sv_table_fmt *f, struct row *r, enum col c,
		      uint16_t port, enum sv_table t)
{
	const char *name = NULL;

	if (!f->o.numeric && port && (port < f->o.eph_lo || port > f->o.eph_hi))
		name = sv_services_name(port, t);
	if (port == 0)
		cell_set(r, c, "*", 1);
	else if (name)
		cell_set(r, c, name, strlen(name));
	else
		r->len[c] = (uint16_t)sv_addr_utoa(r->cell[c], port);
}

static void cell_addr(struct sv_table_fmt *f, struct row *r, enum col c,
		      const struct sv_sock *s, const uint8_t *addr, uint32_t ifindex)
{
	char *p = r->cell[c];
	size_t n = sv_addr_format(p, CELL_MAX, s->family, addr, s->v6only);

	if (ifindex && f->o.ifnames) {
		const char *raw = sv_ifnames_get(f->o.ifnames, ifindex);
		char dev[4 * IF_NAMESIZE + 1]; /* a device name may hold any byte
						  but '/', ':' and spaces */
		size_t dl = sv_escape_text(dev, sizeof(dev), raw, strlen(raw));

		if (dl < sizeof(dev) && n + 2 + dl < CELL_MAX) {
			p[n++] = '%';
			memcpy(p + n, dev, dl);
			n += dl;
		}
	}
	p[n++] = ':';
	p[n] = '\0';
	r->len[c] = (uint16_t)n;
}

/* ss's Process text: users:(("comm",pid=N,fd=N),...), the names escaped:
 * they are whatever a process chose to call itself. */
static size_t proc_text(char *out, size_t cap, const struct sv_sock *s)
{
	size_t n = 0;

	if (!s->nprocs)
		return 0;
	n += (size_t)snprintf(out, cap, "users:(");
	for (uint16_t i = 0; i < s->nprocs; i++) {
		const struct sv_proc_ref *p = &s->procs[i];
		char name[4 * 64 + 1];

		sv_escape_text(name, sizeof(name), p->comm ? p->comm : "",
			       p->comm ? strlen(p->comm) : 0);
		if (n + sizeof(name) + 48 >= cap) {
			n += (size_t)snprintf(out + n, cap - n, "...");
			break;
		}
		n += (size_t)snprintf(out + n, cap - n, "%s(\"%s\",pid=%u,fd=%d)",
				      i ? "," : "", name, p->pid, p->fd);
	}
	n += (size_t)snprintf(out + n, cap - n, ")");
	return n < cap ? n : cap - 1;
}

static void make_row(struct sv_table_fmt *f, const struct sv_sock *s,
		     struct row *r)
{
	enum sv_table t = (enum sv_table)s->table;
	const char *v;

	v = t == SV_TABLE_TCP ? "tcp" : "udp";
	cell_set(r, COL_NETID, v, 3);
	v = sv_state_name(s->state);
	cell_set(r, COL_STATE, v, strlen(v));
	r->len[COL_RECVQ] = (uint16_t)sv_addr_utoa(r->cell[COL_RECVQ], s->rqueue);
	r->len[COL_SENDQ] = (uint16_t)sv_addr_utoa(r->cell[COL_SENDQ], s->wqueue);
	cell_addr(f, r, COL_LADDR, s, s->laddr, s->ifindex);
	cell_port(f, r, COL_LPORT, s->lport, t);
	cell_addr(f, r, COL_RADDR, s, s->raddr, 0);
	cell_port(f, r, COL_RPORT, s->rport, t);
	v = sv_classify_role_name((enum sv_role)s->role);
	cell_set(r, COL_ROLE, v, strlen(v));
	v = s->ephemeral ? "ephemeral" : sv_services_class_name((enum sv_port_class)s->port_class);
	cell_set(r, COL_CLASS, v, strlen(v));
	v = s->service ? s->service : "-";
	cell_set(r, COL_SERVICE, v, strlen(v));
	for (int c = 0; c < COL_PROCESS; c++)
		r->text[c] = r->cell[c];
	r->text[COL_PROCESS] = f->proc;
	r->len[COL_PROCESS] = f->o.processes ?
		(uint16_t)proc_text(f->proc, sizeof(f->proc), s) : 0;
	f->proc[r->len[COL_PROCESS]] = '\0';
}

/* Compact (piped) line: one space between columns, queues as "%-6u", no
 * padding after the last column. */
static int emit_compact(struct sv_table_fmt *f, const char *const cell[],
			const uint16_t len[])
{
	char *line = f->line;
	size_t n = 0;
	bool first = true;

	for (int c = 0; c < COL_MAX; c++) {
		if (!f->shown[c] || (c == COL_PROCESS && len[c] == 0))
			continue; /* an empty last column leaves no trailing space */
		if (!first && !cols[c].glued)
			line[n++] = ' ';
		first = false;
		memcpy(line + n, cell[c], len[c]);
		n += len[c];
		if ((c == COL_RECVQ || c == COL_SENDQ) && len[c] < 6) {
			memset(line + n, ' ', 6u - len[c]);
			n += 6u - len[c];
		}
	}
	line[n++] = '\n';
	return write_out(f, line, n);
}

/* Aligned line: each column padded to its width, addresses right-aligned,
 * the last column not padded. */
static int emit_aligned(struct sv_table_fmt *f, const char *const cell[],
			const uint16_t len[])
{
	char *line = f->line;
	size_t n = 0;
	int last = COL_MAX - 1;
	bool first = true;

	while (last > 0 && (!f->shown[last] || (last == COL_PROCESS && len[last] == 0)))
		last--;
	for (int c = 0; c < COL_MAX; c++) {
		size_t w = f->width[c], pad;

		if (!f->shown[c] || (c == COL_PROCESS && len[c] == 0))
			continue;
		if (!first && !cols[c].glued)
			line[n++] = ' ';
		first = false;
		pad = w > len[c] ? w - len[c] : 0;
		if (c == last)
			pad = 0;
		if (cols[c].right) {
			memset(line + n, ' ', pad);
			n += pad;
		}
		memcpy(line + n, cell[c], len[c]);
		n += len[c];
		if (!cols[c].right) {
			memset(line + n, ' ', pad);
			n += pad;
		}
	}
	line[n++] = '\n';
	return write_out(f, line, n);
}

static int emit_header(struct sv_table_fmt *f)
{
	const char *cell[COL_MAX];
	uint16_t len[COL_MAX];

	f->header_done = true;
	if (!f->o.header)
		return 0;
	for (int c = 0; c < COL_MAX; c++) {
		cell[c] = cols[c].title;
		len[c] = (uint16_t)strlen(cols[c].title);
	}
	if (f->o.aligned)
		return emit_aligned(f, cell, len);
	/* compact header: the queue titles are exactly 6 wide already */
	return emit_compact(f, cell, len);
}

/* See format.h. */
int sv_format_table_new(FILE *out, const struct sv_fmt_opts *o,
			struct sv_table_fmt **fp)
{
	struct sv_table_fmt *f = calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->out = out;
	f->o = *o;
	for (int c = 0; c < COL_MAX; c++) {
		f->shown[c] = true;
		f->width[c] = strlen(cols[c].title);
	}
	f->shown[COL_NETID] = o->netid;
	f->shown[COL_STATE] = o->state;
	f->shown[COL_PROCESS] = o->processes;
	*fp = f;
	return 0;
}

static int arena_add(struct sv_table_fmt *f, const struct row *r)
{
	size_t need = 0;

	for (int c = 0; c < COL_MAX; c++)
		need += r->len[c] + 1u;
	if (f->used + need > f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 65536;
		char *n;

		while (ncap < f->used + need)
			ncap *= 2;
		n = realloc(f->arena, ncap);
		if (!n)
			return -ENOMEM;
		f->arena = n;
		f->cap = ncap;
	}
	for (int c = 0; c < COL_MAX; c++) {
		memcpy(f->arena + f->used, r->text[c], r->len[c]);
		f->arena[f->used + r->len[c]] = '\0';
		f->used += r->len[c] + 1u;
		if (r->len[c] > f->width[c])
			f->width[c] = r->len[c];
	}
	return 0;
}

/* See format.h. */
int sv_format_table_row(struct sv_table_fmt *f, const struct sv_sock *s)
{
	struct row r;
	int ret;

	make_row(f, s, &r);
	if (f->o.aligned)
		return arena_add(f, &r);
	if (!f->header_done && (ret = emit_header(f)) < 0)
		return ret;
	return emit_compact(f, r.text, r.len);
}

/* See format.h. */
int sv_format_table_finish(struct sv_table_fmt *f)
{
	const char *cell[COL_MAX];
	uint16_t len[COL_MAX];
	size_t off = 0;
	int ret;

	if (!f->header_done && (ret = emit_header(f)) < 0)
		return ret;
	while (off < f->used) {
		for (int c = 0; c < COL_MAX; c++) {
			cell[c] = f->arena + off;
			len[c] = (uint16_t)strlen(cell[c]);
			off += len[c] + 1u;
		}
		if ((ret = emit_aligned(f, cell, len)) < 0)
			return ret;
	}
	if (fflush(f->out) != 0)
		return errno == EPIPE ? -EPIPE : -EIO;
	return 0;
}

/* See format.h. */
void sv_format_table_free(struct sv_table_fmt *f)
{
	if (!f)
		return;
	free(f->arena);
	free(f);
}
