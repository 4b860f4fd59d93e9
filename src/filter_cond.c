/* filter_cond.c - one condition of a filter: KEYWORD [OP] VALUE into
 * nodes (ports, hosts with resolved names, devices, marks, cgroups,
 * autobound, and sockview's own class/service/role). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "filter_priv.h"
#include "sockview/services.h"

/* ---- conditions ---- */

/* The comparison t spells, or -1. */
static int tok_cmp(const struct sv_ftok *t)
{
	switch (t != NULL ? t->kind : SV_TOK_WORD) {
	case SV_TOK_EQ: return SV_CMP_EQ;
	case SV_TOK_NE: return SV_CMP_NE;
	case SV_TOK_LT: return SV_CMP_LT;
	case SV_TOK_LE: return SV_CMP_LE;
	case SV_TOK_GT: return SV_CMP_GT;
	case SV_TOK_GE: return SV_CMP_GE;
	default: return -1;
	}
}

/* One keyword: what its value is called (NULL: it takes no operator and no
 * value), which operators it takes, and how its value word is read. */
struct cond_kw {
	const char *name;
	const char *what;
	unsigned int ops;  /* bit per enum sv_fcmp */
	bool user_only;    /* class/service/role: decided in user space only */
	sv_fword_reader *read; /* NULL: src/dst, see build_host */
};

#define OPS_EQ ((1u << SV_CMP_EQ) | (1u << SV_CMP_NE))
#define OPS_ALL 0x3fu

static const struct cond_kw keywords[] = {
	{ .name = "dport", .what = "a port", .ops = OPS_ALL, .read = sv_fword_port },
	{ .name = "sport", .what = "a port", .ops = OPS_ALL, .read = sv_fword_port },
	{ .name = "dst", .what = "a host", .ops = OPS_EQ },
	{ .name = "src", .what = "a host", .ops = OPS_EQ },
	{ .name = "dev", .what = "a device", .ops = OPS_EQ, .read = sv_fword_dev },
	{ .name = "fwmark", .what = "a mark", .ops = OPS_EQ, .read = sv_fword_mark },
	{ .name = "cgroup", .what = "a cgroup path", .ops = OPS_EQ,
	  .read = sv_fword_cgroup },
	{ .name = "autobound" },
	{ .name = "class", .what = "a port class", .ops = OPS_EQ, .user_only = true,
	  .read = sv_fword_class },
	{ .name = "service", .what = "a service name", .ops = OPS_EQ,
	  .user_only = true, .read = sv_fword_service },
	{ .name = "role", .what = "a role", .ops = OPS_EQ, .user_only = true,
	  .read = sv_fword_role },
};

static int word_err(struct sv_fparser *p, size_t at, const struct sv_fwhy *why)
{
	return sv_fparse_err(p, at, "%s '%.64s'%s", why->pre, why->what, why->post);
}

/* src/dst: one HOST node, or for a host name one per address, or-ed. */
static int build_host(struct sv_fparser *p, uint8_t side, const char *w,
		      uint32_t *out)
{
	sv_filter_resolve_fn *fn = p->opts->resolve ? p->opts->resolve : sv_fword_resolve;
	struct sv_filter_addr addrs[SV_FILTER_MAX_ADDRS];
	struct sv_fhostword h;
	struct sv_fwhy why;
	const char *reason = NULL;
	uint32_t id = SV_FNONE, prev = SV_FNONE;
	int n = 1, ret = 0;

	if (!sv_fword_host(w, &h, &why))
		return word_err(p, p->pos - 1, &why);
	h.node.side = side;
	if (h.is_name)
		n = fn(p->opts->resolve_ctx, h.name, addrs, SV_FILTER_MAX_ADDRS, &reason);
	if (n <= 0)
		return sv_fparse_err(p, p->pos - 1, "cannot resolve host '%.64s'%s%s%s", h.name,
			    reason ? " (" : "", reason ? reason : "", reason ? ")" : "");
	if (n > SV_FILTER_MAX_ADDRS)
		return sv_fparse_err(p, p->pos - 1, "host '%.64s' has more than %d addresses",
			    h.name, SV_FILTER_MAX_ADDRS);
	if (n > 1)
		ret = sv_fparse_node(p, SV_FN_OR, out);
	for (int i = 0; ret == 0 && i < n; i++) {
		if (h.is_name) {
			h.node.u.host.family = addrs[i].family;
			h.node.u.host.plen = addrs[i].family == AF_INET ? 32 : 128;
			memcpy(h.node.u.host.addr, addrs[i].addr, 16);
		}
		ret = sv_fparse_copy(p, &h.node, &id);
		if (ret < 0)
			break;
		p->f->nodes[id].side = side;
		if (n == 1)
			*out = id;
		else if (prev == SV_FNONE)
			p->f->nodes[*out].kid = id;
		else
			p->f->nodes[prev].next = id;
		prev = id;
	}
	return ret;
}

/* Is the port word a number (":22", "22"), not a name? */
static bool is_number(const char *w)
{
	if (*w == ':')
		w++;
	return *w != '\0' && strspn(w, "0123456789") == strlen(w);
}

/* A node that matches sport cmp port on every table. */
static int port_node(struct sv_fparser *p, uint8_t cmp, uint16_t port, uint32_t *out)
{
	int ret = sv_fparse_node(p, SV_FN_PORT, out);

	if (ret == 0) {
		struct sv_fnode *n = &p->f->nodes[*out];

		n->side = SV_SIDE_SRC;
		n->u.port.cmp = cmp;
		n->u.port.port[SV_TABLE_TCP] = n->u.port.port[SV_TABLE_UDP] = port;
	}
	return ret;
}

/* `autobound`, as ss defines it: the kernel bound the port (no explicit
 * bind: INET_DIAG_BC_AUTO) and it lies in ip_local_port_range. The range
 * keeps out accepted connections, which the kernel also counts as
 * autobound. Kernel-exact: AND(AUTO, sport >= lo, sport <= hi). */
static int build_autobound(struct sv_fparser *p, uint32_t *out)
{
	uint16_t lo = p->opts->eph_lo, hi = p->opts->eph_hi;
	uint32_t a, b, c;
	int ret;

	if (lo == 0 && hi == 0) {
		lo = 32768;
		hi = 60999;
	}
	ret = sv_fparse_node(p, SV_FN_AUTO, &a);
	if (ret == 0)
		ret = port_node(p, SV_CMP_GE, lo, &b);
	if (ret == 0)
		ret = port_node(p, SV_CMP_LE, hi, &c);
	if (ret == 0)
		ret = sv_fparse_wrap(p, SV_FN_AND, a, out);
	if (ret == 0) {
		p->f->nodes[a].next = b;
		p->f->nodes[b].next = c;
	}
	return ret;
}

/* A port given by name that IANA gives several ports (http-alt: 591, 8008,
 * 8080) matches any of them, as the Service column names them all: an OR
 * of one node per port, pairing the tables' lists. n is the single node the
 * word reader made (the first port). */
static int build_port_names(struct sv_fparser *p, const char *w,
			    const struct sv_fnode *n, uint32_t *out)
{
	const char *name = *w == ':' ? w + 1 : w;
	uint16_t ports[SV_TABLE_MAX][16];
	size_t cnt[SV_TABLE_MAX], k = 1;
	uint32_t id, prev = SV_FNONE;
	int ret;

	for (int t = 0; t < SV_TABLE_MAX; t++) {
		cnt[t] = sv_services_ports(name, (enum sv_table)t, ports[t], 16);
		if (cnt[t] == 0 || cnt[t] > 16) { /* unknown here: the reader's port */
			cnt[t] = 1;
			ports[t][0] = n->u.port.port[t];
		}
		k = cnt[t] > k ? cnt[t] : k;
	}
	if (k == 1)
		return sv_fparse_copy(p, n, out);
	ret = sv_fparse_node(p, SV_FN_OR, out);
	for (size_t i = 0; ret == 0 && i < k; i++) {
		ret = sv_fparse_copy(p, n, &id);
		if (ret < 0)
			break;
		for (int t = 0; t < SV_TABLE_MAX; t++)
			p->f->nodes[id].u.port.port[t] = ports[t][i < cnt[t] ? i : cnt[t] - 1];
		p->f->nodes[id].side = n->side;
		if (prev == SV_FNONE)
			p->f->nodes[*out].kid = id;
		else
			p->f->nodes[prev].next = id;
		prev = id;
	}
	return ret;
}

/* Read the value word w of kw into a node. */
static int build_value(struct sv_fparser *p, const struct cond_kw *kw, int cmp,
		       const char *w, uint32_t *out)
{
	uint8_t side = kw->name[0] == 's' ? SV_SIDE_SRC : SV_SIDE_DST;
	struct sv_fnode n = { 0 };
	struct sv_fwhy why;
	int ret;

	if (kw->read == NULL)
		return build_host(p, side, w, out);
	if (!kw->read(p->opts, w, &n, &why))
		return word_err(p, p->pos - 1, &why);
	if (n.kind == SV_FN_TRUE && cmp != SV_CMP_EQ && cmp != SV_CMP_NE)
		return sv_fparse_err(p, p->pos - 1, "port '%.64s' cannot be ordered", w);
	if (n.kind == SV_FN_PORT && cmp != SV_CMP_NE)
		n.u.port.cmp = (uint8_t)cmp;
	n.side = side;
	if (n.kind == SV_FN_PORT && n.u.port.cmp == SV_CMP_EQ && !is_number(w))
		ret = build_port_names(p, w, &n, out);
	else
		ret = sv_fparse_copy(p, &n, out);
	if (ret == 0)
		p->f->nodes[*out].side = side;
	return ret;
}

/* KEYWORD [OP] VALUE; "!=" becomes a negation of the "=" node. */
int sv_fcond_parse(struct sv_fparser *p, uint32_t *out)
{
	const struct sv_ftok *t = sv_fparse_peek(p), *v;
	const struct cond_kw *kw = NULL;
	char ctx[96];
	int cmp, ret;
	uint32_t node = SV_FNONE;

	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(keywords[i].name, t->text) == 0)
			kw = &keywords[i];
	if (kw == NULL)
		return sv_fparse_err(p, p->pos, "unknown keyword '%.64s'", t->text);
	if (kw->user_only && p->user_at == SIZE_MAX)
		p->user_at = p->pos;
	if (kw->what == NULL) {
		p->auto_at = p->auto_at == SIZE_MAX ? p->pos : p->auto_at;
		p->pos++;
		return build_autobound(p, out);
	}
	snprintf(ctx, sizeof(ctx), "%s", kw->name);
	p->pos++;
	cmp = tok_cmp(sv_fparse_peek(p));
	if (cmp >= 0 && !(kw->ops & (1u << cmp)))
		return sv_fparse_err(p, p->pos, "operator '%.16s' cannot follow '%s'",
			    sv_fparse_peek(p)->text, kw->name);
	if (cmp >= 0)
		snprintf(ctx, sizeof(ctx), "%s %.16s", kw->name, p->toks->v[p->pos++].text);
	else
		cmp = SV_CMP_EQ;
	v = sv_fparse_peek(p);
	if (!sv_fparse_is(v, SV_TOK_WORD))
		return sv_fparse_err(p, p->pos, "expected %s after '%s'", kw->what, ctx);
	p->pos++;
	ret = build_value(p, kw, cmp, v->text, &node);
	if (ret == 0 && cmp == SV_CMP_NE)
		return sv_fparse_wrap(p, SV_FN_NOT, node, out);
	*out = node;
	return ret;
}

