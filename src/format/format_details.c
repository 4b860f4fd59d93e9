/* format_details.c - the inet tables' details in ss's text (ss's
 * inet_show_sock after the Process cell): timers, -e, --tos, --cgroup,
 * --inet-sockopt, and the line of -m and -i (format_tcpinfo.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/cgpath.h"
#include "sockview/escape.h"
#include "sockview/format_details.h"
#include "sockview/format_num.h"
#include "sockview/tables.h"
#include "sockview/tcpinfo.h"

#define ROOM(b, n)                                                             \
	do {                                                                   \
		if (sv_textbuf_room((b), (n)) < 0)                             \
			return -ENOMEM;                                        \
	} while (0)

static void put_u64(struct sv_textbuf *b, uint64_t v)
{
	b->len += sv_format_num_u64(b->p + b->len, v);
}

/* The kernel's idiag_timer values (IDIAG_TIMER_*): ss 7.x's names, which
 * add the delayed-ACK timer (5) of newer kernels; ss 6.1 calls it
 * "unknown". */
static const char *const timer_names[] = {
	"off", "on", "keepalive", "timewait", "persist", "delack",
};

/* -o: " timer:(keepalive,119min,0)" when a timer runs. */
static int put_timer(struct sv_textbuf *b, const struct sv_details_opts *o,
		     const struct sv_sock *s)
{
	const char *name = s->timer < sizeof(timer_names) / sizeof(timer_names[0]) ?
			   timer_names[s->timer] : "unknown";

	if (!s->timer)
		return 0;
	ROOM(b, 32 + SV_NUM_MAX);
	SV_TEXTBUF_LIT(b, " timer:(");
	sv_textbuf_put(b, name, strlen(name));
	b->p[b->len++] = ',';
	b->len += sv_format_num_timer(b->p + b->len, s->expires, o->fixed_timer);
	b->p[b->len++] = ',';
	put_u64(b, s->retrans);
	b->p[b->len++] = ')';
	return 0;
}

/* " cgroup:PATH": the path escaped (directory names are anyone's), or
 * "unreachable:ID" when no cgroup has that id (as ss). */
static int put_cgroup(struct sv_textbuf *b, const struct sv_details_opts *o,
		      uint64_t id)
{
	size_t len = 0;
	const char *path = o->cgroups ? sv_cgpath_get(o->cgroups, id, &len) : NULL;

	ROOM(b, 32 + 4 * len);
	SV_TEXTBUF_LIT(b, " cgroup:");
	if (!path) {
		SV_TEXTBUF_LIT(b, "unreachable:");
		b->len += sv_format_num_hex(b->p + b->len, id);
		return 0;
	}
	b->len += sv_escape_text(b->p + b->len, 4 * len + 1, path, len);
	return 0;
}

/* " docker:3f2a1b4c5d6e": what the cgroup names (container.h), with the
 * names the runtime's state or the kubelet's logs give (" docker:web/
 * 3f2a1b4c5d6e", " kubernetes:shop/cart-7d9f/3f2a1b4c5d6e"); nothing when
 * it names nothing. */
static int put_container(struct sv_textbuf *b, const struct sv_details_opts *o,
			 const struct sv_sock *s)
{
	const struct sv_container *c = s->ct ? s->ct : /* the listing's: maybe a holder's */
		o->cgroups && (s->have & SV_HAVE_CGROUP) ?
		sv_cgpath_container(o->cgroups, s->cgroup_id) : NULL;
	char text[SV_CT_UNIT_MAX + SV_POD_NAME_MAX + 64], shown[4 * sizeof(text)];
	const char *name;
	size_t n, m;

	if (!c)
		return 0;
	n = sv_container_text(c, text, sizeof(text));
	if (c->kind == SV_CT_KUBERNETES && c->pod[0] && o->cgroups) {
		const struct sv_podname *p = sv_cgpath_pod(o->cgroups, c->pod);

		if (p) /* kubernetes:NAMESPACE/NAME/ID: the kubelet's names */
			n = (size_t)snprintf(text, sizeof(text), "kubernetes:%s/%s%s%.12s",
					     p->ns, p->name, c->id[0] ? "/" : "", c->id);
	}
	name = s->ct_name ? s->ct_name : sv_cgpath_ctname(o->cgroups, c);
	if (name) /* docker:NAME/ID, podman:NAME/ID: the runtime's name */
		n = (size_t)snprintf(text, sizeof(text), "%s:%s/%.12s",
				     sv_container_kind_name(c->kind), name, c->id);
	if (n >= sizeof(text))
		n = sizeof(text) - 1;
	m = sv_escape_text(shown, sizeof(shown), text, n); /* unit names are anyone's */
	ROOM(b, m + 1);
	b->p[b->len++] = ' ';
	memcpy(b->p + b->len, shown, m);
	b->len += m;
	return 0;
}

/* -e: uid (when not root), ino, sk, fwmark, cgroup, v6only, shutdown. */
static int put_extended(struct sv_textbuf *b, const struct sv_details_opts *o,
			const struct sv_sock *s)
{
	ROOM(b, 96);
	if (s->uid) {
		SV_TEXTBUF_LIT(b, " uid:");
		put_u64(b, s->uid);
	}
	SV_TEXTBUF_LIT(b, " ino:");
	put_u64(b, s->inode);
	SV_TEXTBUF_LIT(b, " sk:");
	b->len += sv_format_num_hex(b->p + b->len, s->cookie);
	if (s->mark) {
		SV_TEXTBUF_LIT(b, " fwmark:0x");
		b->len += sv_format_num_hex(b->p + b->len, s->mark);
	}
	if (s->cgroup_id && put_cgroup(b, o, s->cgroup_id) < 0)
		return -ENOMEM;
	ROOM(b, 16);
	if (s->family == AF_INET6 && (s->have & SV_HAVE_V6ONLY)) {
		SV_TEXTBUF_LIT(b, " v6only:");
		b->p[b->len++] = s->v6only ? '1' : '0';
	}
	if (s->have & SV_HAVE_SHUTDOWN) {
		b->p[b->len++] = ' ';
		b->p[b->len++] = s->shutdown & 1 ? '-' : '<';
		b->p[b->len++] = '-';
		b->p[b->len++] = s->shutdown & 2 ? '-' : '>';
	}
	return 0;
}

/* --tos: " tos:0x10 tclass:0 class_id:0" ("%#x": no 0x for zero). */
static int put_tos(struct sv_textbuf *b, const struct sv_sock *s)
{
	ROOM(b, 64);
	if (s->have & SV_HAVE_TOS) {
		SV_TEXTBUF_LIT(b, " tos:");
		b->len += sv_format_num_althex(b->p + b->len, s->tos);
	}
	if (s->have & SV_HAVE_TCLASS) {
		SV_TEXTBUF_LIT(b, " tclass:");
		b->len += sv_format_num_althex(b->p + b->len, s->tclass);
	}
	if (s->have & SV_HAVE_CLASS_ID) {
		SV_TEXTBUF_LIT(b, " class_id:");
		b->len += sv_format_num_althex(b->p + b->len, s->class_id);
	}
	return 0;
}

/* --inet-sockopt: "inet-sockopt: ( is_icsk mc_loop)" on its own line. */
static int put_sockopt(struct sv_textbuf *b, const struct sv_details_opts *o,
		       const struct sv_sock *s)
{
	static const char *const words[SV_SOCKOPT_MAX] = {
		"recverr", "is_icsk", "freebind", "hdrincl", "mc_loop",
		"transparent", "mc_all", "nodefrag", "bind_addr_no_port",
		"recverr_rfc4884", "defer_connect",
	};

	if (!(s->have & SV_HAVE_SOCKOPT))
		return 0;
	ROOM(b, 192);
	if (o->oneline)
		SV_TEXTBUF_LIT(b, " inet-sockopt: (");
	else
		SV_TEXTBUF_LIT(b, "\n\tinet-sockopt: (");
	for (int i = 0; i < SV_SOCKOPT_MAX; i++) {
		if (!sv_tcpinfo_sockopt(s, (enum sv_sockopt)i))
			continue;
		b->p[b->len++] = ' ';
		sv_textbuf_put(b, words[i], strlen(words[i]));
	}
	b->p[b->len++] = ')';
	return 0;
}

/* -m: " skmem:(r0,rb131072,t0,tb16384,f0,w0,o0,bl0,d0)": the words sent
 * (ss reads the first seven whatever the length; a shorter block here
 * gives fewer). */
static int put_skmem(struct sv_textbuf *b, const struct sv_sock *s)
{
	static const char *const keys[SV_SKMEM_MAX] = {
		"(r", ",rb", ",t", ",tb", ",f", ",w", ",o", ",bl", ",d",
	};
	uint32_t v;

	if (!(s->have & SV_HAVE_SKMEM) || !s->skmem_len)
		return 0;
	ROOM(b, 16 + SV_SKMEM_MAX * 16);
	SV_TEXTBUF_LIT(b, " skmem:");
	for (int w = 0; w < SV_SKMEM_MAX; w++) {
		if (!sv_tcpinfo_skmem(s, (enum sv_skmem)w, &v))
			break;
		sv_textbuf_put(b, keys[w], strlen(keys[w]));
		put_u64(b, v);
	}
	b->p[b->len++] = ')';
	return 0;
}

/* See format_details.h. */
int sv_format_details_inet(struct sv_textbuf *b, const struct sv_details_opts *o,
			   const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);
	uint32_t want = o->details;

	if ((want & SV_DETAIL_TIMER) && put_timer(b, o, s) < 0)
		return -ENOMEM;
	if ((want & SV_DETAIL_EXT) && put_extended(b, o, s) < 0)
		return -ENOMEM;
	if ((want & SV_DETAIL_TOS) && put_tos(b, s) < 0)
		return -ENOMEM;
	if ((want & SV_DETAIL_CGROUP) && (s->have & SV_HAVE_CGROUP) &&
	    put_cgroup(b, o, s->cgroup_id) < 0)
		return -ENOMEM;
	if ((want & SV_DETAIL_CONTAINER) && put_container(b, o, s) < 0)
		return -ENOMEM;
	if ((want & SV_DETAIL_SOCKOPT) && put_sockopt(b, o, s) < 0)
		return -ENOMEM;
	if (!(want & SV_DETAIL_MEM) && !((want & SV_DETAIL_INFO) && d && d->info_line))
		return 0;
	ROOM(b, 2);
	if (!o->oneline)
		SV_TEXTBUF_LIT(b, "\n\t");
	/* what the kernel sent: it sends each block only when asked (a
	 * recorded dump may hold more, which ss prints too) */
	if (put_skmem(b, s) < 0)
		return -ENOMEM;
	return sv_format_tcpinfo_text(b, o, s);
}

/* See format_details.h. */
int sv_format_details(struct sv_textbuf *b, const struct sv_details_opts *o,
		      const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	if (!o->details || !d || !d->details)
		return 0;
	return d->details(b, o, s);
}
