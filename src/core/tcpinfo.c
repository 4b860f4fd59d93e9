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

/* Where the fields of struct tcp_info end (the bit fields share bytes 6,
 * 7 and the last word). */
#define END(m) (offsetof(struct sv_tcpinfo_raw, m) + sizeof(((struct sv_tcpinfo_raw *)0)->m))
static const uint16_t field_ends[] = {
	END(state), END(ca_state), END(retransmits), END(probes), END(backoff),
	END(options), SV_TCPINFO_END_WSCALE, SV_TCPINFO_END_APP_LIMITED,
	END(rto), END(ato), END(snd_mss), END(rcv_mss), END(unacked),
	END(sacked), END(lost), END(retrans), END(fackets), END(last_data_sent),
	END(last_ack_sent), END(last_data_recv), END(last_ack_recv), END(pmtu),
	END(rcv_ssthresh), END(rtt), END(rttvar), END(snd_ssthresh),
	END(snd_cwnd), END(advmss), END(reordering), END(rcv_rtt),
	END(rcv_space), END(total_retrans), END(pacing_rate),
	END(max_pacing_rate), END(bytes_acked), END(bytes_received),
	END(segs_out), END(segs_in), END(notsent_bytes), END(min_rtt),
	END(data_segs_in), END(data_segs_out), END(delivery_rate),
	END(busy_time), END(rwnd_limited), END(sndbuf_limited), END(delivered),
	END(delivered_ce), END(bytes_sent), END(bytes_retrans), END(dsack_dups),
	END(reord_seen), END(rcv_ooopack), END(snd_wnd), END(rcv_wnd),
	END(rehash), END(total_rto), END(total_rto_recoveries),
	END(total_rto_time), END(received_ce), END(delivered_e1_bytes),
	END(delivered_e0_bytes), END(delivered_ce_bytes), END(received_e1_bytes),
	END(received_e0_bytes), END(received_ce_bytes), SV_TCPINFO_END_ECN_MODE,
};

/* The bytes of the whole fields among the first len. */
static size_t whole_fields(size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < sizeof(field_ends) / sizeof(field_ends[0]); i++)
		if (field_ends[i] <= len)
			n = field_ends[i];
	return n;
}

/* See tcpinfo.h. A field cut short is not sent: its bytes are not copied
 * (they would make a number of the wrong size). */
void sv_tcpinfo_decode(struct sv_tcpinfo *ti, const void *p, size_t len)
{
	len = whole_fields(len);
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
	/* whole fields only: dctcp's first two are 16 bits, the rest 32 */
	len = ca->kind == SV_CA_DCTCP && len < 4 ? len & ~(size_t)1 : len & ~(size_t)3;
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
