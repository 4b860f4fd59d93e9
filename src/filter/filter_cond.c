/* filter_cond.c - one condition of a filter: KEYWORD [OP] VALUE into
 * nodes (ports, hosts, devices, marks, cgroups, autobound, and sockview's
 * own class/service/role). Keywords and operator words are lower-case only,
 * as in ss; a near miss gets a hint. */
#include <stdio.h>
#include <string.h>

#include "filter_priv.h"
#include "sockview/services.h"
#include "sockview/state.h"

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
	uint8_t holder;    /* user, pid, comm: their SV_FN_ kind (filter_holder.c) */
	sv_filter_word_reader *read; /* NULL: src/dst, see sv_filter_host_build */
};

#define OPS_EQ ((1u << SV_CMP_EQ) | (1u << SV_CMP_NE))
#define OPS_ALL 0x3fu

static const struct cond_kw keywords[] = {
	{ .name = "dport", .what = "a port", .ops = OPS_ALL, .read = sv_filter_word_port },
	{ .name = "sport", .what = "a port", .ops = OPS_ALL, .read = sv_filter_word_port },
	{ .name = "dst", .what = "a host", .ops = OPS_EQ },
	{ .name = "src", .what = "a host", .ops = OPS_EQ },
	{ .name = "dev", .what = "a device", .ops = OPS_EQ, .read = sv_filter_word_dev },
	{ .name = "fwmark", .what = "a mark", .ops = OPS_EQ, .read = sv_filter_word_mark },
	{ .name = "cgroup", .what = "a cgroup path", .ops = OPS_EQ,
	  .read = sv_filter_word_cgroup },
	{ .name = "autobound" },
	{ .name = "class", .what = "a port class", .ops = OPS_EQ, .user_only = true,
	  .read = sv_filter_word_class },
	{ .name = "service", .what = "a service name", .ops = OPS_EQ,
	  .user_only = true, .read = sv_filter_word_service },
	{ .name = "role", .what = "a role", .ops = OPS_EQ, .user_only = true,
	  .read = sv_filter_word_role },
	{ .name = "user", .what = "a user name or uid", .ops = OPS_ALL, .user_only = true,
	  .holder = SV_FN_UID },
	{ .name = "pid", .what = "a process id", .ops = OPS_ALL, .user_only = true,
	  .holder = SV_FN_PID },
	{ .name = "comm", .what = "a process name", .ops = OPS_EQ, .user_only = true,
	  .holder = SV_FN_COMM },
	{ .name = "container", .what = "a container id, pod uid or name", .ops = OPS_EQ,
	  .user_only = true, .holder = SV_FN_CONTAINER },
	{ .name = "unit", .what = "a unit name", .ops = OPS_EQ, .user_only = true,
	  .holder = SV_FN_UNIT },
};

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
	int ret = sv_filter_tree_node(p, SV_FN_PORT, out);

	if (ret == 0) {
		struct sv_fnode *n = &p->f->nodes[*out];

		n->side = SV_SIDE_SRC;
		n->u.port.cmp = cmp;
		n->u.port.port[SV_PROTO_TCP] = n->u.port.port[SV_PROTO_UDP] = port;
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
	uint32_t k[3];
	int ret;

	if (lo == 0 && hi == 0) {
		lo = 32768;
		hi = 60999;
	}
	ret = sv_filter_tree_node(p, SV_FN_AUTO, &k[0]);
	if (ret == 0)
		ret = port_node(p, SV_CMP_GE, lo, &k[1]);
	if (ret == 0)
		ret = port_node(p, SV_CMP_LE, hi, &k[2]);
	if (ret < 0)
		return ret;
	/* the range is sockview's: ss's autobound of a packet or netlink
	 * socket has none, and a unix socket's is its name alone */
	p->f->nodes[k[1]].inet_only = p->f->nodes[k[2]].inet_only = true;
	p->f->nodes[k[1]].u.port.auto_range = p->f->nodes[k[2]].u.port.auto_range = true;
	return sv_filter_tree_list(p, SV_FN_AND, k, 3, out);
}

/* A port given by name that IANA gives several ports (http-alt: 591, 8008,
 * 8080) matches any of them, as the Service column names them all: an OR
 * of one node per port, pairing the tables' lists. n is the single node the
 * word reader made (the first port). A name the system database knows is
 * the one port it gives, as for ss. */
static int build_port_names(struct sv_fparser *p, const char *w,
			    const struct sv_fnode *n, uint32_t *out)
{
	const char *name = *w == ':' ? w + 1 : w;
	uint16_t ports[SV_PROTO_MAX][16];
	size_t cnt[SV_PROTO_MAX], k = 1;
	uint32_t ids[16];
	int ret = 0;

	if (sv_filter_word_sysport(p->opts, name, ports[0]))
		return sv_filter_tree_copy(p, n, out);
	for (int t = 0; t < SV_PROTO_MAX; t++) {
		cnt[t] = sv_services_ports(name, (enum sv_proto)t, ports[t], 16);
		if (cnt[t] == 0 || cnt[t] > 16) { /* unknown here: the reader's port */
			cnt[t] = 1;
			ports[t][0] = n->u.port.port[t];
		}
		k = cnt[t] > k ? cnt[t] : k;
	}
	for (size_t i = 0; ret == 0 && i < k; i++) {
		ret = sv_filter_tree_copy(p, n, &ids[i]);
		for (int t = 0; ret == 0 && t < SV_PROTO_MAX; t++)
			p->f->nodes[ids[i]].u.port.port[t] = ports[t][i < cnt[t] ? i : cnt[t] - 1];
	}
	return ret < 0 ? ret : sv_filter_tree_list(p, SV_FN_OR, ids, k, out);
}

/* Read the value word w of kw into a node. */
static int build_value(struct sv_fparser *p, const struct cond_kw *kw, int cmp,
		       const char *w, uint32_t *out)
{
	uint8_t side = kw->name[0] == 's' ? SV_SIDE_SRC : SV_SIDE_DST;
	struct sv_fnode n = { 0 };
	struct sv_fwhy why;
	char b[SV_FSHOW];
	const char *lw = w;
	int fam;

	if (kw->holder)
		return sv_filter_holder_build(p, kw->holder, (uint8_t)cmp, w, out);
	if (kw->read == NULL)
		return sv_filter_host_build(p, side, w, out);
	fam = kw->read == sv_filter_word_port ? sv_filter_link_family(p->opts, &lw) : 0;
	if (fam) /* a packet socket's interface, a netlink port id */
		return sv_filter_link_build(p, side, fam, lw, true,
					    (uint8_t)(cmp == SV_CMP_NE ? SV_CMP_EQ : cmp),
					    p->pos - 1, out);
	if (!kw->read(p->opts, w, &n, &why))
		return sv_filter_tree_why(p, p->pos - 1, &why);
	if (n.kind == SV_FN_TRUE && cmp != SV_CMP_EQ && cmp != SV_CMP_NE)
		return sv_filter_tree_err(p, p->pos - 1, "port '%s' cannot be ordered",
				     sv_filter_tree_show(b, w));
	if (n.kind == SV_FN_PORT && cmp != SV_CMP_NE)
		n.u.port.cmp = (uint8_t)cmp;
	n.side = side;
	if (n.kind == SV_FN_PORT && n.u.port.cmp == SV_CMP_EQ && !is_number(w))
		return build_port_names(p, w, &n, out);
	return sv_filter_tree_copy(p, &n, out);
}

/* The keyword or operator word w spells in another case ("DPORT",
 * "AND"), written lower-case into buf; NULL if none. */
static const char *cond_lower(const char *w, char buf[static 16], bool ops_only)
{
	size_t len = strlen(w);
	uint8_t kind;

	if (len >= 16)
		return NULL;
	for (size_t i = 0; i <= len; i++)
		buf[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
	kind = sv_filter_lex_word(buf, len);
	if (ops_only)
		return tok_cmp(&(struct sv_ftok){ .kind = kind }) >= 0 ? buf : NULL;
	if (kind != SV_TOK_WORD)
		return buf;
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(keywords[i].name, buf) == 0)
			return buf;
	return NULL;
}

/* The error for a word where a condition starts, with a hint for a near
 * miss: a keyword or operator in another case, a state name without
 * `state`, or `state` after the expression began. */
static int cond_unknown(struct sv_fparser *p, const char *w)
{
	char b[SV_FSHOW], low[16], hint[128] = "";
	const char *fix = cond_lower(w, low, false);
	uint32_t mask;

	if (fix != NULL)
		snprintf(hint, sizeof(hint), " (keywords and operators are lower-case: "
			 "did you mean '%s'?)", fix);
	else if (sv_state_parse(w, &mask) == 0)
		snprintf(hint, sizeof(hint), " (did you mean 'state %s'?)",
			 sv_filter_tree_show(b, w));
	else if (strcmp(w, "state") == 0 || strcmp(w, "exclude") == 0 ||
		 strcmp(w, "excl") == 0)
		snprintf(hint, sizeof(hint), " (state words come before the "
			 "filter expression)");
	return sv_filter_tree_err_hint(p, p->pos, hint[0] ? hint : NULL,
				  "unknown keyword '%s'", sv_filter_tree_show(b, w));
}

/* The operator after a keyword: its comparison (-1 if there is none), and
 * the keyword and operator as typed in ctx. Refuses an operator the keyword
 * does not take, and one in upper case. */
static int cond_op(struct sv_fparser *p, const struct cond_kw *kw, char ctx[static 96],
		   int *cmp)
{
	const struct sv_ftok *t = sv_filter_tree_peek(p);
	char low[16], hint[96];

	*cmp = tok_cmp(t);
	snprintf(ctx, 96, "%s", kw->name);
	if (*cmp < 0 && sv_filter_tree_is(t, SV_TOK_WORD) && cond_lower(t->text, low, true)) {
		snprintf(hint, sizeof(hint), " (keywords and operators are lower-case: "
			 "did you mean '%s'?)", low);
		return sv_filter_tree_err_hint(p, p->pos, hint, "unknown operator '%s'",
					  t->text);
	}
	if (*cmp >= 0 && !(kw->ops & (1u << *cmp)))
		return sv_filter_tree_err(p, p->pos, "operator '%s' cannot follow '%s'",
				     t->text, kw->name);
	if (*cmp >= 0)
		snprintf(ctx, 96, "%s %s", kw->name, p->toks->v[p->pos++].text);
	return 0;
}

/* KEYWORD [OP] VALUE; "!=" becomes a negation of the "=" node. */
int sv_filter_cond_parse(struct sv_fparser *p, uint32_t *out)
{
	const struct sv_ftok *t = sv_filter_tree_peek(p), *v;
	const struct cond_kw *kw = NULL;
	char ctx[96];
	int cmp, ret;
	uint32_t node = SV_FNONE;

	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(keywords[i].name, t->text) == 0)
			kw = &keywords[i];
	if (kw == NULL)
		return cond_unknown(p, t->text);
	if (kw->user_only && !kw->holder && p->user_at == SIZE_MAX)
		p->user_at = p->pos;
	if (kw->what == NULL) {
		p->auto_at = p->auto_at == SIZE_MAX ? p->pos : p->auto_at;
		p->pos++;
		return build_autobound(p, out);
	}
	p->pos++;
	ret = cond_op(p, kw, ctx, &cmp);
	if (ret < 0)
		return ret;
	cmp = cmp < 0 ? SV_CMP_EQ : cmp;
	v = sv_filter_tree_peek(p);
	if (!sv_filter_tree_is(v, SV_TOK_WORD))
		return sv_filter_tree_err(p, p->pos, "expected %s after '%s'", kw->what, ctx);
	p->pos++;
	ret = build_value(p, kw, cmp, v->text, &node);
	if (ret == 0 && cmp == SV_CMP_NE)
		return sv_filter_tree_wrap(p, SV_FN_NOT, node, out);
	*out = node;
	return ret;
}
