/* format_tcpinfo.c - the TCP internals of -i in ss's text (its
 * tcp_show_info and tcp_stats_print): tcp_info of any length, the
 * congestion control's name and block. A field the kernel did not send is
 * not printed (ss zero-fills, which prints "reordering:0" for a short
 * struct), nor an item of two fields of which one was not sent
 * ("rtt:5.401/10.731", "retrans:0/3"). */
#include <errno.h>
#include <stdio.h>

#include "sockview/escape.h"
#include "sockview/format_details.h"
#include "sockview/format_num.h"
#include "sockview/tcpinfo.h"

/* The longest text of the fixed part: about 60 items of at most 40 bytes
 * (names, numbers, rates), with room to spare; the congestion control's
 * name (at most 15 bytes, escaped) comes on top. */
#define TEXT_MAX 4096

/* ss's initial rto (3 s): not printed. */
#define RTO_INITIAL 3000000u

/* " name:value" of an unsigned number. */
static inline void kv(struct sv_textbuf *b, const char *key, size_t klen, uint64_t v)
{
	sv_textbuf_put(b, key, klen);
	b->len += sv_format_num_u64(b->p + b->len, v);
}

#define KV(b, lit, v) kv((b), (lit), sizeof(lit) - 1, (v))

/* " name:value" of a value ss prints with "%d": negative above 2^31-1. */
static void kv_int(struct sv_textbuf *b, const char *key, size_t klen, uint32_t v)
{
	sv_textbuf_put(b, key, klen);
	if ((int32_t)v < 0) {
		b->p[b->len++] = '-';
		v = 0u - v;
	}
	b->len += sv_format_num_u64(b->p + b->len, v);
}

#define KV_INT(b, lit, v) kv_int((b), (lit), sizeof(lit) - 1, (v))

/* " name:value" of microseconds as milliseconds ("%g" of us / 1000). */
static inline void kv_ms(struct sv_textbuf *b, const char *key, size_t klen, uint32_t us)
{
	sv_textbuf_put(b, key, klen);
	b->len += sv_format_num_milli(b->p + b->len, us);
}

#define KV_MS(b, lit, v) kv_ms((b), (lit), sizeof(lit) - 1, (v))

static void bw(struct sv_textbuf *b, double bps, bool numeric)
{
	b->len += sv_format_num_bw(b->p + b->len, bps, numeric);
	SV_TEXTBUF_LIT(b, "bps");
}

/* -o's words for the options the connection uses, then the algorithm. */
static void put_options(struct sv_textbuf *b, const struct sv_details_opts *o,
			const struct sv_tcpinfo *ti, const struct sv_sock *s)
{
	uint8_t opt = ti->r.options;

	if (o->details & SV_DETAIL_TIMER) {
		if (opt & SV_TCPI_OPT_TIMESTAMPS)
			SV_TEXTBUF_LIT(b, " ts");
		if (opt & SV_TCPI_OPT_USEC_TS)
			SV_TEXTBUF_LIT(b, " usec_ts");
		if (opt & SV_TCPI_OPT_SACK)
			SV_TEXTBUF_LIT(b, " sack");
		if (opt & SV_TCPI_OPT_ECN)
			SV_TEXTBUF_LIT(b, " ecn");
		if (opt & SV_TCPI_OPT_ECN_SEEN)
			SV_TEXTBUF_LIT(b, " ecnseen");
		if (opt & SV_TCPI_OPT_SYN_DATA)
			SV_TEXTBUF_LIT(b, " fastopen");
	}
	if ((s->have & SV_HAVE_CONG) && s->cong_len) {
		size_t n = s->cong_len < 15 ? s->cong_len : 15; /* ss keeps 15 */

		b->p[b->len++] = ' ';
		b->len += sv_escape_text(b->p + b->len, 4 * 15 + 1, s->cong, n);
	}
	if ((opt & SV_TCPI_OPT_WSCALE) && ti->len >= SV_TCPINFO_END_WSCALE) {
		KV(b, " wscale:", ti->r.snd_wscale);
		KV(b, ",", ti->r.rcv_wscale);
	}
}

/* rto .. data_segs_in. */
static void put_times_sizes(struct sv_textbuf *b, const struct sv_tcpinfo *ti)
{
	const struct sv_tcpinfo_raw *r = &ti->r;

	if (r->rto && r->rto != RTO_INITIAL)
		KV_MS(b, " rto:", r->rto);
	if (r->backoff)
		KV(b, " backoff:", r->backoff);
	if (r->rtt && SV_TCPINFO_HAS(ti, rttvar)) {
		KV_MS(b, " rtt:", r->rtt);
		KV_MS(b, "/", r->rttvar);
	}
	if (r->ato)
		KV_MS(b, " ato:", r->ato);
	if (r->snd_mss)
		KV_INT(b, " mss:", r->snd_mss);
	if (r->pmtu)
		KV(b, " pmtu:", r->pmtu);
	if (r->rcv_mss)
		KV_INT(b, " rcvmss:", r->rcv_mss);
	if (r->advmss)
		KV_INT(b, " advmss:", r->advmss);
	if (r->snd_cwnd)
		KV(b, " cwnd:", r->snd_cwnd);
	if (r->snd_ssthresh && r->snd_ssthresh < 0xFFFF)
		KV(b, " ssthresh:", r->snd_ssthresh);
	if (r->bytes_sent)
		KV(b, " bytes_sent:", r->bytes_sent);
	if (r->bytes_retrans)
		KV(b, " bytes_retrans:", r->bytes_retrans);
	if (r->bytes_acked)
		KV(b, " bytes_acked:", r->bytes_acked);
	if (r->bytes_received)
		KV(b, " bytes_received:", r->bytes_received);
	if (r->segs_out)
		KV(b, " segs_out:", r->segs_out);
	if (r->segs_in)
		KV(b, " segs_in:", r->segs_in);
	if (r->data_segs_out)
		KV(b, " data_segs_out:", r->data_segs_out);
	if (r->data_segs_in)
		KV(b, " data_segs_in:", r->data_segs_in);
}

/* A gain of bbr (x 256) as "%g". */
static void gain(struct sv_textbuf *b, const char *key, size_t klen, uint32_t g)
{
	sv_textbuf_put(b, key, klen);
	b->len += sv_format_num_g(b->p + b->len, (double)g / 256.0);
}

/* dctcp's or bbr's own block. A block shorter than its fields is left out
 * (ss would read past it). */
static void put_ca(struct sv_textbuf *b, const struct sv_details_opts *o,
		   const struct sv_cainfo *ca)
{
	if (ca->kind == SV_CA_DCTCP && ca->len >= sizeof(ca->dctcp)) {
		if (!ca->dctcp.enabled) {
			SV_TEXTBUF_LIT(b, " dctcp:fallback_mode");
			return;
		}
		KV(b, " dctcp:(ce_state:", ca->dctcp.ce_state);
		KV(b, ",alpha:", ca->dctcp.alpha);
		KV(b, ",ab_ecn:", ca->dctcp.ab_ecn);
		KV(b, ",ab_tot:", ca->dctcp.ab_tot);
		b->p[b->len++] = ')';
	} else if (ca->kind == SV_CA_BBR && SV_CAINFO_HAS(ca, bbr.min_rtt)) {
		uint64_t rate = (uint64_t)ca->bbr.bw_hi << 32 | ca->bbr.bw_lo;

		SV_TEXTBUF_LIT(b, " bbr:(bw:");
		bw(b, (double)rate * 8.0, o->numeric);
		KV_MS(b, ",mrtt:", ca->bbr.min_rtt);
		if (SV_CAINFO_HAS(ca, bbr.pacing_gain) && ca->bbr.pacing_gain)
			gain(b, ",pacing_gain:", 13, ca->bbr.pacing_gain);
		if (SV_CAINFO_HAS(ca, bbr.cwnd_gain) && ca->bbr.cwnd_gain)
			gain(b, ",cwnd_gain:", 11, ca->bbr.cwnd_gain);
		b->p[b->len++] = ')';
	}
}

/* " rwnd_limited:12ms(3.4%)": a share of the busy time. */
static void limited(struct sv_textbuf *b, const char *key, uint64_t us, uint64_t busy)
{
	char tail[SV_NUM_MAX];
	int n = snprintf(tail, sizeof(tail), "ms(%.1f%%)", 100.0 * (double)us / (double)busy);

	sv_textbuf_put(b, key, strlen(key));
	b->len += sv_format_num_u64(b->p + b->len, us / 1000);
	if (n > 0)
		sv_textbuf_put(b, tail, (size_t)n < sizeof(tail) ? (size_t)n : sizeof(tail) - 1);
}

/* send, lastsnd .. busy. rtt: what the send rate is computed with. */
static void put_rates(struct sv_textbuf *b, const struct sv_details_opts *o,
		      const struct sv_tcpinfo *ti, double rtt)
{
	const struct sv_tcpinfo_raw *r = &ti->r;

	if (rtt > 0 && r->snd_mss && r->snd_cwnd) {
		SV_TEXTBUF_LIT(b, " send ");
		bw(b, (double)r->snd_cwnd * (double)r->snd_mss * 8000000. / rtt, o->numeric);
	}
	if (r->last_data_sent)
		KV(b, " lastsnd:", r->last_data_sent);
	if (r->last_data_recv)
		KV(b, " lastrcv:", r->last_data_recv);
	if (r->last_ack_recv)
		KV(b, " lastack:", r->last_ack_recv);
	if (r->pacing_rate && r->pacing_rate != ~0ull) {
		SV_TEXTBUF_LIT(b, " pacing_rate ");
		bw(b, (double)r->pacing_rate * 8., o->numeric);
		if (r->max_pacing_rate && r->max_pacing_rate != ~0ull) {
			b->p[b->len++] = '/';
			bw(b, (double)r->max_pacing_rate * 8., o->numeric);
		}
	}
	if (r->delivery_rate) {
		SV_TEXTBUF_LIT(b, " delivery_rate ");
		bw(b, (double)r->delivery_rate * 8., o->numeric);
	}
	if (r->delivered)
		KV(b, " delivered:", r->delivered);
	if (r->delivered_ce)
		KV(b, " delivered_ce:", r->delivered_ce);
	if (r->delivery_rate_app_limited)
		SV_TEXTBUF_LIT(b, " app_limited");
	if (r->busy_time) {
		KV(b, " busy:", r->busy_time / 1000);
		SV_TEXTBUF_LIT(b, "ms");
		if (r->rwnd_limited)
			limited(b, " rwnd_limited:", r->rwnd_limited, r->busy_time);
		if (r->sndbuf_limited)
			limited(b, " sndbuf_limited:", r->sndbuf_limited, r->busy_time);
	}
}

/* unacked .. rehash. */
static void put_counters(struct sv_textbuf *b, const struct sv_tcpinfo *ti,
			 const struct sv_sock *s)
{
	const struct sv_tcpinfo_raw *r = &ti->r;

	if (r->unacked)
		KV(b, " unacked:", r->unacked);
	if ((r->retrans || r->total_retrans) && SV_TCPINFO_HAS(ti, total_retrans)) {
		KV(b, " retrans:", r->retrans);
		KV(b, "/", r->total_retrans);
	}
	if (r->lost)
		KV(b, " lost:", r->lost);
	if (r->sacked && s->state != SV_STATE_LISTEN)
		KV(b, " sacked:", r->sacked);
	if (r->dsack_dups)
		KV(b, " dsack_dups:", r->dsack_dups);
	if (r->fackets)
		KV(b, " fackets:", r->fackets);
	if (SV_TCPINFO_HAS(ti, reordering) && r->reordering != 3)
		KV_INT(b, " reordering:", r->reordering);
	if (r->reord_seen)
		KV_INT(b, " reord_seen:", r->reord_seen);
	if (r->rcv_rtt)
		KV_MS(b, " rcv_rtt:", r->rcv_rtt);
	if (r->rcv_space)
		KV_INT(b, " rcv_space:", r->rcv_space);
	if (r->rcv_ssthresh)
		KV(b, " rcv_ssthresh:", r->rcv_ssthresh);
	if (r->notsent_bytes)
		KV(b, " notsent:", r->notsent_bytes);
	if (r->min_rtt && r->min_rtt != ~0u)
		KV_MS(b, " minrtt:", r->min_rtt);
	if (r->rcv_ooopack)
		KV(b, " rcv_ooopack:", r->rcv_ooopack);
	if (r->snd_wnd)
		KV(b, " snd_wnd:", r->snd_wnd);
	if (r->rcv_wnd)
		KV(b, " rcv_wnd:", r->rcv_wnd);
	if (r->rehash)
		KV(b, " rehash:", r->rehash);
}

/* See format_details.h. */
int sv_format_tcpinfo_text(struct sv_textbuf *b, const struct sv_details_opts *o,
			   const struct sv_sock *s)
{
	struct sv_tcpinfo ti;
	struct sv_cainfo ca;
	double rtt;

	if (!(s->have & SV_HAVE_TCP_INFO) || !s->tcp_info)
		return 0;
	if (sv_textbuf_room(b, TEXT_MAX + 4 * 15) < 0)
		return -ENOMEM;
	sv_tcpinfo_decode(&ti, s->tcp_info, s->tcp_info_len);
	sv_tcpinfo_ca(&ca, s);
	put_options(b, o, &ti, s);
	put_times_sizes(b, &ti);
	put_ca(b, o, &ca);
	rtt = (double)ti.r.rtt;
	if (ca.kind == SV_CA_VEGAS && ca.len >= sizeof(ca.vegas) && ca.vegas.enabled &&
	    ca.vegas.rtt && ca.vegas.rtt != 0x7fffffff)
		rtt = ca.vegas.rtt;
	put_rates(b, o, &ti, rtt);
	put_counters(b, &ti, s);
	return 0;
}
