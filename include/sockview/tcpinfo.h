/* tcpinfo.h - the blocks the kernel sends about a connection, as sockview
 * reads them: struct tcp_info of any length (older kernels send shorter
 * ones, newer longer), the congestion controls' own blocks (bbr, dctcp,
 * vegas), the socket memory words and the inet socket option bits. Pure
 * decoders over bytes from outside: a field beyond what was sent is
 * absent (the *_HAS macros say so), never read. */
#ifndef SOCKVIEW_TCPINFO_H
#define SOCKVIEW_TCPINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/sock.h"

/* struct tcp_info as Linux 6.18 lays it out (include/uapi/linux/tcp.h);
 * its layout is the kernel's ABI: fields are only ever added at the end. */
struct sv_tcpinfo_raw {
	uint8_t state;
	uint8_t ca_state;
	uint8_t retransmits;
	uint8_t probes;
	uint8_t backoff;
	uint8_t options;
	uint8_t snd_wscale : 4, rcv_wscale : 4;
	uint8_t delivery_rate_app_limited : 1, fastopen_client_fail : 2;

	uint32_t rto;
	uint32_t ato;
	uint32_t snd_mss;
	uint32_t rcv_mss;

	uint32_t unacked;
	uint32_t sacked;
	uint32_t lost;
	uint32_t retrans;
	uint32_t fackets;

	uint32_t last_data_sent;
	uint32_t last_ack_sent;
	uint32_t last_data_recv;
	uint32_t last_ack_recv;

	uint32_t pmtu;
	uint32_t rcv_ssthresh;
	uint32_t rtt;
	uint32_t rttvar;
	uint32_t snd_ssthresh;
	uint32_t snd_cwnd;
	uint32_t advmss;
	uint32_t reordering;

	uint32_t rcv_rtt;
	uint32_t rcv_space;

	uint32_t total_retrans;

	uint64_t pacing_rate;
	uint64_t max_pacing_rate;
	uint64_t bytes_acked;
	uint64_t bytes_received;
	uint32_t segs_out;
	uint32_t segs_in;

	uint32_t notsent_bytes;
	uint32_t min_rtt;
	uint32_t data_segs_in;
	uint32_t data_segs_out;

	uint64_t delivery_rate;

	uint64_t busy_time;
	uint64_t rwnd_limited;
	uint64_t sndbuf_limited;

	uint32_t delivered;
	uint32_t delivered_ce;

	uint64_t bytes_sent;
	uint64_t bytes_retrans;
	uint32_t dsack_dups;
	uint32_t reord_seen;

	uint32_t rcv_ooopack;

	uint32_t snd_wnd;
	uint32_t rcv_wnd;

	uint32_t rehash;

	uint16_t total_rto;
	uint16_t total_rto_recoveries;
	uint32_t total_rto_time;
	uint32_t received_ce;
	uint32_t delivered_e1_bytes;
	uint32_t delivered_e0_bytes;
	uint32_t delivered_ce_bytes;
	uint32_t received_e1_bytes;
	uint32_t received_e0_bytes;
	uint32_t received_ce_bytes;
	uint32_t ecn_mode : 2, accecn_opt_seen : 2, accecn_fail_mode : 4, options2 : 24;
};

/* tcpi_options bits (TCPI_OPT_*). */
enum {
	SV_TCPI_OPT_TIMESTAMPS = 1,
	SV_TCPI_OPT_SACK = 2,
	SV_TCPI_OPT_WSCALE = 4,
	SV_TCPI_OPT_ECN = 8,
	SV_TCPI_OPT_ECN_SEEN = 16,
	SV_TCPI_OPT_SYN_DATA = 32,
	SV_TCPI_OPT_USEC_TS = 64,
	SV_TCPI_OPT_TFO_CHILD = 128,
};

/* Where the bit fields end: the byte after snd_wscale/rcv_wscale, after
 * delivery_rate_app_limited/fastopen_client_fail, after ecn_mode... */
#define SV_TCPINFO_END_WSCALE 7
#define SV_TCPINFO_END_APP_LIMITED 8
#define SV_TCPINFO_END_ECN_MODE sizeof(struct sv_tcpinfo_raw)

/* A tcp_info as sent: the fields inside len, zeros after. */
struct sv_tcpinfo {
	struct sv_tcpinfo_raw r;
	uint16_t len; /* bytes sent, at most sizeof(r) */
};

/* Was member m of ti->r sent? */
#define SV_TCPINFO_HAS(ti, m)                                                  \
	(offsetof(struct sv_tcpinfo_raw, m) + sizeof((ti)->r.m) <= (ti)->len)

/* Decode len bytes of struct tcp_info at p (any alignment) into *ti: what
 * lies beyond sizeof(ti->r) is ignored, what was not sent (or only part of
 * it) is zero and absent; ti->len is the end of the last whole field. */
void sv_tcpinfo_decode(struct sv_tcpinfo *ti, const void *p, size_t len);

/* The congestion controls' blocks: struct tcp_bbr_info, tcp_dctcp_info and
 * tcpvegas_info (linux/inet_diag.h), one of which comes with -i. */
struct sv_bbr_raw {
	uint32_t bw_lo, bw_hi; /* bytes per second */
	uint32_t min_rtt;      /* us */
	uint32_t pacing_gain;  /* x 256 */
	uint32_t cwnd_gain;    /* x 256 */
};

struct sv_dctcp_raw {
	uint16_t enabled;
	uint16_t ce_state;
	uint32_t alpha; /* x 1024 */
	uint32_t ab_ecn;
	uint32_t ab_tot;
};

struct sv_vegas_raw {
	uint32_t enabled;
	uint32_t rttcnt;
	uint32_t rtt;    /* us */
	uint32_t minrtt; /* us */
};

enum sv_ca_kind { SV_CA_NONE, SV_CA_BBR, SV_CA_DCTCP, SV_CA_VEGAS };

/* One congestion control block as sent: the fields inside len. */
struct sv_cainfo {
	enum sv_ca_kind kind;
	uint16_t len;
	union {
		struct sv_bbr_raw bbr;
		struct sv_dctcp_raw dctcp;
		struct sv_vegas_raw vegas;
	};
};

/* Was member m (of bbr, dctcp or vegas) of ca sent? */
#define SV_CAINFO_HAS(ca, m)                                                   \
	(offsetof(struct sv_cainfo, m) - offsetof(struct sv_cainfo, bbr) +    \
	 sizeof((ca)->m) <= (ca)->len)

/* Decode s's congestion control block (kind SV_CA_NONE when it has none or
 * of an unknown type): its whole fields, the others zero and absent. */
void sv_tcpinfo_ca(struct sv_cainfo *ca, const struct sv_sock *s);

/* The socket memory words (SK_MEMINFO_*), in the order the kernel sends. */
enum sv_skmem {
	SV_SKMEM_RMEM_ALLOC, SV_SKMEM_RCVBUF, SV_SKMEM_WMEM_ALLOC,
	SV_SKMEM_SNDBUF, SV_SKMEM_FWD_ALLOC, SV_SKMEM_WMEM_QUEUED,
	SV_SKMEM_OPTMEM, SV_SKMEM_BACKLOG, SV_SKMEM_DROPS, SV_SKMEM_MAX
};

/* Word w of s's socket memory into *v: false when it was not sent. */
bool sv_tcpinfo_skmem(const struct sv_sock *s, enum sv_skmem w, uint32_t *v);

/* The inet socket option bits (struct inet_diag_sockopt), in its order. */
enum sv_sockopt {
	SV_SOCKOPT_RECVERR, SV_SOCKOPT_IS_ICSK, SV_SOCKOPT_FREEBIND,
	SV_SOCKOPT_HDRINCL, SV_SOCKOPT_MC_LOOP, SV_SOCKOPT_TRANSPARENT,
	SV_SOCKOPT_MC_ALL, SV_SOCKOPT_NODEFRAG, SV_SOCKOPT_BIND_ADDRESS_NO_PORT,
	SV_SOCKOPT_RECVERR_RFC4884, SV_SOCKOPT_DEFER_CONNECT, SV_SOCKOPT_MAX
};

/* Option o of s's socket options (s must have SV_HAVE_SOCKOPT). */
bool sv_tcpinfo_sockopt(const struct sv_sock *s, enum sv_sockopt o);

#endif
