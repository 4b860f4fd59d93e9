/* fields_details.c - the accessors of the field registry's socket details
 * (fields_details.h): timers, -e, --tos, --cgroup, --inet-sockopt, skmem,
 * tcp_info of any length and the congestion controls' blocks. A value the
 * kernel did not send is absent (the member is left out). */
#include <string.h>
#include <sys/socket.h>

#include "sockview/cgpath.h"
#include "sockview/tcpinfo.h"

#include "fields_details.h"
#include "fields_priv.h"

static bool null(struct sv_value *v)
{
	v->type = SV_FT_NULL;
	return true;
}

/* A number of size bytes at off of s's tcp_info, when it was sent. */
static bool ti_num(const struct sv_sock *s, size_t off, size_t size, struct sv_value *v)
{
	const unsigned char *p = s->tcp_info;
	uint64_t u = 0;

	if (!(s->have & SV_HAVE_TCP_INFO) || !p || off + size > s->tcp_info_len)
		return false;
	switch (size) {
	case 1: u = p[off]; break;
	case 2: { uint16_t x; memcpy(&x, p + off, 2); u = x; break; }
	case 4: { uint32_t x; memcpy(&x, p + off, 4); u = x; break; }
	default: memcpy(&u, p + off, 8); break;
	}
	return fv_num(v, u);
}

/* s's tcp_info decoded, when it has one and it reaches end bytes. */
static bool ti_get(const struct sv_sock *s, size_t end, struct sv_tcpinfo *ti)
{
	if (!(s->have & SV_HAVE_TCP_INFO) || !s->tcp_info || s->tcp_info_len < end)
		return false;
	sv_tcpinfo_decode(ti, s->tcp_info, s->tcp_info_len);
	return true;
}

#define MSIZE(m) sizeof(((struct sv_tcpinfo_raw *)0)->m)
#define DEF_TI(json, m)                                                        \
	SV_FD_GET(ti_##m)                                                      \
	{                                                                      \
		return ti_num(s, offsetof(struct sv_tcpinfo_raw, m), MSIZE(m), v); \
	}
SV_FIELDS_TCPINFO_HEAD(DEF_TI)
SV_FIELDS_TCPINFO_BODY(DEF_TI)
SV_FIELDS_TCPINFO_TAIL(DEF_TI)
SV_FIELDS_TCPINFO_TAIL2(DEF_TI)

#define DEF_OPT(json, bit)                                                     \
	SV_FD_GET(opt_##bit)                                                   \
	{                                                                      \
		return ti_num(s, offsetof(struct sv_tcpinfo_raw, options), 1, v) && \
		       fv_flag(v, (v->u & SV_TCPI_OPT_##bit) != 0);               \
	}
SV_FIELDS_TCPINFO_OPTS(DEF_OPT)

/* The window scales, when the connection uses them. */
SV_FD_GET(snd_wscale)
{
	struct sv_tcpinfo ti;

	return ti_get(s, SV_TCPINFO_END_WSCALE, &ti) &&
	       (ti.r.options & SV_TCPI_OPT_WSCALE) && fv_num(v, ti.r.snd_wscale);
}

SV_FD_GET(rcv_wscale)
{
	struct sv_tcpinfo ti;

	return ti_get(s, SV_TCPINFO_END_WSCALE, &ti) &&
	       (ti.r.options & SV_TCPI_OPT_WSCALE) && fv_num(v, ti.r.rcv_wscale);
}

SV_FD_GET(app_limited)
{
	struct sv_tcpinfo ti;

	return ti_get(s, SV_TCPINFO_END_APP_LIMITED, &ti) &&
	       fv_flag(v, ti.r.delivery_rate_app_limited);
}

SV_FD_GET(fastopen_client_fail)
{
	struct sv_tcpinfo ti;

	return ti_get(s, SV_TCPINFO_END_APP_LIMITED, &ti) &&
	       fv_num(v, ti.r.fastopen_client_fail);
}

SV_FD_GET(ecn_mode)
{
	struct sv_tcpinfo ti;

	return ti_get(s, SV_TCPINFO_END_ECN_MODE, &ti) && fv_num(v, ti.r.ecn_mode);
}

SV_FD_GET(accecn_opt_seen)
{
	struct sv_tcpinfo ti;

	return ti_get(s, SV_TCPINFO_END_ECN_MODE, &ti) && fv_num(v, ti.r.accecn_opt_seen);
}

SV_FD_GET(accecn_fail_mode)
{
	struct sv_tcpinfo ti;

	return ti_get(s, SV_TCPINFO_END_ECN_MODE, &ti) && fv_num(v, ti.r.accecn_fail_mode);
}

/* Rates of ~0 mean "no limit": null. */
SV_FD_GET(pacing_rate)
{
	return ti_num(s, offsetof(struct sv_tcpinfo_raw, pacing_rate), 8, v) &&
	       (v->u != ~0ull || null(v));
}

SV_FD_GET(max_pacing_rate)
{
	return ti_num(s, offsetof(struct sv_tcpinfo_raw, max_pacing_rate), 8, v) &&
	       (v->u != ~0ull || null(v));
}

/* ~0 means no sample yet: null. */
SV_FD_GET(min_rtt)
{
	return ti_num(s, offsetof(struct sv_tcpinfo_raw, min_rtt), 4, v) &&
	       (v->u != 0xffffffffu || null(v));
}

/* -o: the timer, when one runs. */
SV_FD_GET(timer_name)
{
	static const char *const names[] = {
		"off", "on", "keepalive", "timewait", "persist", "delack",
	};
	const char *w = s->timer < sizeof(names) / sizeof(names[0]) ?
			names[s->timer] : "unknown";

	if (!s->timer)
		return false;
	v->type = SV_FT_WORD;
	v->s.p = w;
	v->s.len = strlen(w);
	return true;
}

SV_FD_GET(timer_expires)
{
	return s->timer && fv_num(v, s->expires);
}

SV_FD_GET(timer_retrans)
{
	return s->timer && fv_num(v, s->retrans);
}

/* -e: which directions are shut down. */
SV_FD_GET(shut_read)
{
	return (s->have & SV_HAVE_SHUTDOWN) && fv_flag(v, s->shutdown & 1);
}

SV_FD_GET(shut_write)
{
	return (s->have & SV_HAVE_SHUTDOWN) && fv_flag(v, s->shutdown & 2);
}

/* The cgroup's path (untrusted text); null when no cgroup has the id. */
SV_FD_GET(cgroup)
{
	size_t len = 0;
	const char *p;

	if (!(s->have & SV_HAVE_CGROUP))
		return false;
	p = c && c->cgroups ? sv_cgpath_get(c->cgroups, s->cgroup_id, &len) : NULL;
	if (!p)
		return null(v);
	v->type = SV_FT_TEXT;
	v->s.p = p;
	v->s.len = len;
	return true;
}

/* What the socket's cgroup names (container.h): nothing when it names
 * nothing, or the socket has no cgroup id. */
static const struct sv_container *container_of(const struct sv_sock *s,
					       const struct sv_field_ctx *c)
{
	if (s->ct) /* the listing's: the socket's cgroup, or its holder's */
		return s->ct;
	if (!(s->have & SV_HAVE_CGROUP) || !c || !c->cgroups)
		return NULL;
	return sv_cgpath_container(c->cgroups, s->cgroup_id);
}

static bool text(struct sv_value *v, enum sv_ftype type, const char *p)
{
	if (!p || !*p)
		return false;
	v->type = type;
	v->s.p = p;
	v->s.len = strlen(p);
	return true;
}

SV_FD_GET(ct_kind)
{
	const struct sv_container *ct = container_of(s, c);

	return ct && text(v, SV_FT_WORD, sv_container_kind_name(ct->kind));
}

SV_FD_GET(ct_id)
{
	const struct sv_container *ct = container_of(s, c);

	return ct && text(v, SV_FT_TEXT, ct->id);
}

SV_FD_GET(ct_pod)
{
	const struct sv_container *ct = container_of(s, c);

	return ct && text(v, SV_FT_TEXT, ct->pod);
}

/* The pod's namespace and name, where the kubelet's logs give them. */
static const struct sv_podname *pod_of(const struct sv_sock *s, const struct sv_field_ctx *c)
{
	const struct sv_container *ct = container_of(s, c);

	return ct && ct->pod[0] && c && c->cgroups ? sv_cgpath_pod(c->cgroups, ct->pod) : NULL;
}

SV_FD_GET(ct_pod_ns)
{
	const struct sv_podname *p = pod_of(s, c);

	return p && text(v, SV_FT_TEXT, p->ns);
}

SV_FD_GET(ct_pod_name)
{
	const struct sv_podname *p = pod_of(s, c);

	return p && text(v, SV_FT_TEXT, p->name);
}

/* A Docker or Podman container's name, where the runtime's state gives it. */
SV_FD_GET(ct_name)
{
	const struct sv_container *ct = container_of(s, c);
	const char *name = s->ct_name;

	if (!name && ct && c)
		name = sv_cgpath_ctname(c->cgroups, ct);
	return ct && text(v, SV_FT_TEXT, name);
}

SV_FD_GET(ct_qos)
{
	const struct sv_container *ct = container_of(s, c);

	return ct && text(v, SV_FT_WORD, ct->qos);
}

SV_FD_GET(ct_unit)
{
	const struct sv_container *ct = container_of(s, c);

	return ct && text(v, SV_FT_TEXT, ct->unit);
}

SV_FD_GET(ct_holder)
{
	return container_of(s, c) && s->ct_holder && fv_flag(v, true);
}

SV_FD_GET(ct_uid)
{
	const struct sv_container *ct = container_of(s, c);

	return ct && ct->kind == SV_CT_SESSION && fv_num(v, ct->uid);
}

SV_FD_GET(tos)
{
	return (s->have & SV_HAVE_TOS) && fv_num(v, s->tos);
}

SV_FD_GET(tclass)
{
	return (s->have & SV_HAVE_TCLASS) && fv_num(v, s->tclass);
}

SV_FD_GET(class_id)
{
	return (s->have & SV_HAVE_CLASS_ID) && fv_num(v, s->class_id);
}

/* The congestion control's name (from the kernel: escaped). */
SV_FD_GET(congestion)
{
	if (!(s->have & SV_HAVE_CONG) || !s->cong)
		return false;
	v->type = SV_FT_TEXT;
	v->s.p = s->cong;
	v->s.len = s->cong_len;
	return true;
}

#define DEF_SKMEM(json, i)                                                     \
	SV_FD_GET(skmem_##i)                                                   \
	{                                                                      \
		uint32_t w;                                                    \
		return sv_tcpinfo_skmem(s, (enum sv_skmem)(i), &w) && fv_num(v, w); \
	}
SV_FIELDS_SKMEM(DEF_SKMEM)

#define DEF_SOCKOPT(json, i)                                                   \
	SV_FD_GET(sockopt_##i)                                                 \
	{                                                                      \
		return (s->have & SV_HAVE_SOCKOPT) &&                          \
		       fv_flag(v, sv_tcpinfo_sockopt(s, (enum sv_sockopt)(i)));   \
	}
SV_FIELDS_SOCKOPT(DEF_SOCKOPT)

/* The congestion control's block, of kind k, reaching member m. */
#define CA(k, m)                                                               \
	struct sv_cainfo ca;                                                   \
	sv_tcpinfo_ca(&ca, s);                                                 \
	if (ca.kind != (k) || !SV_CAINFO_HAS(&ca, m))                          \
		return false

SV_FD_GET(bbr_bw)
{
	CA(SV_CA_BBR, bbr.bw_hi);
	return fv_num(v, (uint64_t)ca.bbr.bw_hi << 32 | ca.bbr.bw_lo);
}

SV_FD_GET(bbr_min_rtt)
{
	CA(SV_CA_BBR, bbr.min_rtt);
	return fv_num(v, ca.bbr.min_rtt);
}

SV_FD_GET(bbr_pacing_gain)
{
	CA(SV_CA_BBR, bbr.pacing_gain);
	v->type = SV_FT_Q8;
	v->u = ca.bbr.pacing_gain;
	return true;
}

SV_FD_GET(bbr_cwnd_gain)
{
	CA(SV_CA_BBR, bbr.cwnd_gain);
	v->type = SV_FT_Q8;
	v->u = ca.bbr.cwnd_gain;
	return true;
}

SV_FD_GET(dctcp_enabled)
{
	CA(SV_CA_DCTCP, dctcp.enabled);
	return fv_flag(v, ca.dctcp.enabled != 0);
}

SV_FD_GET(dctcp_ce_state)
{
	CA(SV_CA_DCTCP, dctcp.ce_state);
	return fv_num(v, ca.dctcp.ce_state);
}

SV_FD_GET(dctcp_alpha)
{
	CA(SV_CA_DCTCP, dctcp.alpha);
	return fv_num(v, ca.dctcp.alpha);
}

SV_FD_GET(dctcp_ab_ecn)
{
	CA(SV_CA_DCTCP, dctcp.ab_ecn);
	return fv_num(v, ca.dctcp.ab_ecn);
}

SV_FD_GET(dctcp_ab_tot)
{
	CA(SV_CA_DCTCP, dctcp.ab_tot);
	return fv_num(v, ca.dctcp.ab_tot);
}

SV_FD_GET(vegas_enabled)
{
	CA(SV_CA_VEGAS, vegas.enabled);
	return fv_flag(v, ca.vegas.enabled != 0);
}

SV_FD_GET(vegas_rttcnt)
{
	CA(SV_CA_VEGAS, vegas.rttcnt);
	return fv_num(v, ca.vegas.rttcnt);
}

SV_FD_GET(vegas_rtt)
{
	CA(SV_CA_VEGAS, vegas.rtt);
	return fv_num(v, ca.vegas.rtt);
}

SV_FD_GET(vegas_minrtt)
{
	CA(SV_CA_VEGAS, vegas.minrtt);
	return fv_num(v, ca.vegas.minrtt);
}
