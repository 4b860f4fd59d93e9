/* tcpinfo.c - pure decoders of the blocks the kernel sends about a
 * connection (tcpinfo.h): what was not sent is absent, never read. */
#include <string.h>

#include <linux/inet_diag.h>
#include <linux/tcp.h>

#include "sockview/tcpinfo.h"

/* The layout is the kernel's: check it against the installed header on the
 * part both know (the header may be older or newer than 6.18). */
#define SAME_OFFSET(m) \
	_Static_assert(offsetof(struct sv_tcpinfo_raw, m) == \
		       offsetof(struct tcp_info, tcpi_##m), "tcp_info layout: " #m)
SAME_OFFSET(rto);
SAME_OFFSET(pmtu);
SAME_OFFSET(total_retrans);
SAME_OFFSET(pacing_rate);
SAME_OFFSET(segs_out);
SAME_OFFSET(delivery_rate);
SAME_OFFSET(delivered_ce);
SAME_OFFSET(bytes_sent);
SAME_OFFSET(rcv_ooopack);
SAME_OFFSET(snd_wnd);
_Static_assert(sizeof(struct sv_tcpinfo_raw) == 280, "tcp_info of Linux 6.18");
_Static_assert(sizeof(struct sv_bbr_raw) == sizeof(struct tcp_bbr_info), "bbr");
_Static_assert(sizeof(struct sv_dctcp_raw) == sizeof(struct tcp_dctcp_info), "dctcp");
_Static_assert(sizeof(struct sv_vegas_raw) == sizeof(struct tcpvegas_info), "vegas");

/* See tcpinfo.h. */
void sv_tcpinfo_decode(struct sv_tcpinfo *ti, const void *p, size_t len)
{
	if (len > sizeof(ti->r))
		len = sizeof(ti->r);
	if (!p)
		len = 0;
	if (len)
		memcpy(&ti->r, p, len);
	memset((char *)&ti->r + len, 0, sizeof(ti->r) - len);
	ti->len = (uint16_t)len;
}

/* See tcpinfo.h. */
void sv_tcpinfo_ca(struct sv_cainfo *ca, const struct sv_sock *s)
{
	size_t len = s->ca_info_len, max = 0;

	memset(ca, 0, sizeof(*ca));
	if (!(s->have & SV_HAVE_CA_INFO) || !s->ca_info)
		return;
	switch (s->ca_info_type) {
	case INET_DIAG_BBRINFO: ca->kind = SV_CA_BBR; max = sizeof(ca->bbr); break;
	case INET_DIAG_DCTCPINFO: ca->kind = SV_CA_DCTCP; max = sizeof(ca->dctcp); break;
	case INET_DIAG_VEGASINFO: ca->kind = SV_CA_VEGAS; max = sizeof(ca->vegas); break;
	default: return;
	}
	if (len > max)
		len = max;
	memcpy(&ca->bbr, s->ca_info, len);
	ca->len = (uint16_t)len;
}

/* See tcpinfo.h. */
bool sv_tcpinfo_skmem(const struct sv_sock *s, enum sv_skmem w, uint32_t *v)
{
	if (!(s->have & SV_HAVE_SKMEM) || !s->skmem || (unsigned int)w >= s->skmem_len)
		return false;
	memcpy(v, (const char *)s->skmem + 4 * (size_t)w, 4);
	return true;
}

/* See tcpinfo.h. */
bool sv_tcpinfo_sockopt(const struct sv_sock *s, enum sv_sockopt o)
{
	struct inet_diag_sockopt so;

	_Static_assert(sizeof(so) == sizeof(s->sockopt), "inet_diag_sockopt");
	memcpy(&so, s->sockopt, sizeof(so));
	switch (o) {
	case SV_SOCKOPT_RECVERR: return so.recverr;
	case SV_SOCKOPT_IS_ICSK: return so.is_icsk;
	case SV_SOCKOPT_FREEBIND: return so.freebind;
	case SV_SOCKOPT_HDRINCL: return so.hdrincl;
	case SV_SOCKOPT_MC_LOOP: return so.mc_loop;
	case SV_SOCKOPT_TRANSPARENT: return so.transparent;
	case SV_SOCKOPT_MC_ALL: return so.mc_all;
	case SV_SOCKOPT_NODEFRAG: return so.nodefrag;
	case SV_SOCKOPT_BIND_ADDRESS_NO_PORT: return so.bind_address_no_port;
	case SV_SOCKOPT_RECVERR_RFC4884: return so.recverr_rfc4884;
	case SV_SOCKOPT_DEFER_CONNECT: return so.defer_connect;
	default: return false;
	}
}
