/* fields_details.h - the field registry's entries for the socket details
 * (-o -e -m -i --tos --cgroup --inet-sockopt): the accessors live in
 * fields_details.c, the entries are spliced into the one registry array of
 * fields.c by SV_FIELDS_DETAILS, in JSON member order. Private to core. */
#ifndef SOCKVIEW_FIELDS_DETAILS_H
#define SOCKVIEW_FIELDS_DETAILS_H

#include "sockview/fields.h"

/* The plain numbers of struct tcp_info: X(json name, member). */
#define SV_FIELDS_TCPINFO_HEAD(X)                                              \
	X("ca_state", ca_state) X("retransmits", retransmits)                  \
	X("probes", probes) X("backoff", backoff)
#define SV_FIELDS_TCPINFO_BODY(X)                                              \
	X("rto_us", rto) X("ato_us", ato) X("snd_mss_bytes", snd_mss)          \
	X("rcv_mss_bytes", rcv_mss) X("unacked", unacked) X("sacked", sacked)  \
	X("lost", lost) X("retrans", retrans) X("fackets", fackets)            \
	X("last_data_sent_ms", last_data_sent)                                 \
	X("last_ack_sent_ms", last_ack_sent)                                   \
	X("last_data_recv_ms", last_data_recv)                                 \
	X("last_ack_recv_ms", last_ack_recv) X("pmtu_bytes", pmtu)             \
	X("rcv_ssthresh_bytes", rcv_ssthresh) X("rtt_us", rtt)                 \
	X("rttvar_us", rttvar) X("snd_ssthresh", snd_ssthresh)                 \
	X("snd_cwnd", snd_cwnd) X("advmss_bytes", advmss)                      \
	X("reordering", reordering) X("rcv_rtt_us", rcv_rtt)                   \
	X("rcv_space_bytes", rcv_space) X("total_retrans", total_retrans)
#define SV_FIELDS_TCPINFO_TAIL(X)                                              \
	X("bytes_acked", bytes_acked) X("bytes_received", bytes_received)      \
	X("segs_out", segs_out) X("segs_in", segs_in)                          \
	X("notsent_bytes", notsent_bytes)
#define SV_FIELDS_TCPINFO_TAIL2(X)                                             \
	X("data_segs_in", data_segs_in) X("data_segs_out", data_segs_out)      \
	X("delivery_rate_bytes_per_sec", delivery_rate)                        \
	X("busy_time_us", busy_time) X("rwnd_limited_us", rwnd_limited)        \
	X("sndbuf_limited_us", sndbuf_limited) X("delivered", delivered)       \
	X("delivered_ce", delivered_ce) X("bytes_sent", bytes_sent)            \
	X("bytes_retrans", bytes_retrans) X("dsack_dups", dsack_dups)          \
	X("reord_seen", reord_seen) X("rcv_ooopack", rcv_ooopack)              \
	X("snd_wnd_bytes", snd_wnd) X("rcv_wnd_bytes", rcv_wnd)                \
	X("rehash", rehash) X("total_rto", total_rto)                          \
	X("total_rto_recoveries", total_rto_recoveries)                        \
	X("total_rto_time_ms", total_rto_time) X("received_ce", received_ce)   \
	X("delivered_e1_bytes", delivered_e1_bytes)                            \
	X("delivered_e0_bytes", delivered_e0_bytes)                            \
	X("delivered_ce_bytes", delivered_ce_bytes)                            \
	X("received_e1_bytes", received_e1_bytes)                              \
	X("received_e0_bytes", received_e0_bytes)                              \
	X("received_ce_bytes", received_ce_bytes)

/* The tcp_info option bits as booleans: X(json name, TCPI_OPT bit). */
#define SV_FIELDS_TCPINFO_OPTS(X)                                              \
	X("opt_timestamps", TIMESTAMPS) X("opt_sack", SACK)                    \
	X("opt_wscale", WSCALE) X("opt_ecn", ECN) X("opt_ecn_seen", ECN_SEEN)  \
	X("opt_syn_data", SYN_DATA) X("opt_usec_ts", USEC_TS)                  \
	X("opt_tfo_child", TFO_CHILD)

/* The other accessors: X(name). */
#define SV_FIELDS_DETAILS_FNS(X)                                               \
	X(timer_name) X(timer_expires) X(timer_retrans) X(shut_read)           \
	X(shut_write) X(cgroup) X(ct_kind) X(ct_id) X(ct_pod) X(ct_pod_ns) X(ct_pod_name) X(ct_name) X(ct_qos) X(ct_unit) X(ct_uid) X(ct_holder) X(tos) X(tclass) X(class_id) X(congestion)     \
	X(snd_wscale) X(rcv_wscale) X(app_limited) X(fastopen_client_fail)     \
	X(pacing_rate) X(max_pacing_rate) X(min_rtt) X(ecn_mode)               \
	X(accecn_opt_seen) X(accecn_fail_mode) X(bbr_bw) X(bbr_min_rtt)        \
	X(bbr_pacing_gain) X(bbr_cwnd_gain) X(dctcp_enabled)                   \
	X(dctcp_ce_state) X(dctcp_alpha) X(dctcp_ab_ecn) X(dctcp_ab_tot)       \
	X(vegas_enabled) X(vegas_rttcnt) X(vegas_rtt) X(vegas_minrtt)

/* The socket memory words and the socket options, by index. */
#define SV_FIELDS_SKMEM(X)                                                     \
	X("rmem_alloc", 0) X("rcvbuf", 1) X("wmem_alloc", 2) X("sndbuf", 3)    \
	X("fwd_alloc", 4) X("wmem_queued", 5) X("optmem", 6) X("backlog", 7)   \
	X("drops", 8)
#define SV_FIELDS_SOCKOPT(X)                                                   \
	X("recverr", 0) X("is_icsk", 1) X("freebind", 2) X("hdrincl", 3)       \
	X("mc_loop", 4) X("transparent", 5) X("mc_all", 6) X("nodefrag", 7)    \
	X("bind_address_no_port", 8) X("recverr_rfc4884", 9)                   \
	X("defer_connect", 10)

#define SV_FD_GET(name)                                                        \
	bool sv_fields_details_##name(const struct sv_sock *s,                 \
				      const struct sv_field_ctx *c,            \
				      struct sv_value *v)
#define SV_FD_DECL_TI(json, m) SV_FD_GET(ti_##m);
#define SV_FD_DECL_OPT(json, bit) SV_FD_GET(opt_##bit);
#define SV_FD_DECL_FN(name) SV_FD_GET(name);
#define SV_FD_DECL_SKMEM(json, i) SV_FD_GET(skmem_##i);
#define SV_FD_DECL_SOCKOPT(json, i) SV_FD_GET(sockopt_##i);

SV_FIELDS_TCPINFO_HEAD(SV_FD_DECL_TI)
SV_FIELDS_TCPINFO_BODY(SV_FD_DECL_TI)
SV_FIELDS_TCPINFO_TAIL(SV_FD_DECL_TI)
SV_FIELDS_TCPINFO_TAIL2(SV_FD_DECL_TI)
SV_FIELDS_TCPINFO_OPTS(SV_FD_DECL_OPT)
SV_FIELDS_DETAILS_FNS(SV_FD_DECL_FN)
SV_FIELDS_SKMEM(SV_FD_DECL_SKMEM)
SV_FIELDS_SOCKOPT(SV_FD_DECL_SOCKOPT)

/* Registry entries (fields.c's layout: name, alias, title, tables, needs,
 * flags, type, accessor). */
#define SV_FD_TCP (1u << SV_TABLE_TCP)
#define SV_FD_INET ((1u << SV_TABLE_TCP) | (1u << SV_TABLE_UDP))
#define SV_FD_E(name, tables, needs, type, fn)                                 \
	{ name, NULL, name, tables, needs, SV_FIELD_JSON, type,                 \
	  sv_fields_details_##fn },
#define SV_FD_TI(json, m) SV_FD_E("tcp_info." json, SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, ti_##m)
#define SV_FD_OPT(json, bit) SV_FD_E("tcp_info." json, SV_FD_TCP, SV_NEED_INFO, SV_FT_BOOL, opt_##bit)
#define SV_FD_SKMEM(json, i) SV_FD_E("skmem." json, 0, SV_NEED_MEM, SV_FT_UINT, skmem_##i)
#define SV_FD_SOCKOPT(json, i) SV_FD_E("sockopt." json, 0, SV_NEED_SOCKOPT, SV_FT_BOOL, sockopt_##i)
#define SV_FD_X(name, tables, needs, type, fn) SV_FD_E(name, tables, needs, type, fn)

/* Every entry, in JSON member order. */
#define SV_FIELDS_DETAILS                                                      \
	SV_FD_X("timer.name", 0, SV_NEED_TIMER, SV_FT_WORD, timer_name)        \
	SV_FD_X("timer.expires_ms", 0, SV_NEED_TIMER, SV_FT_UINT, timer_expires) \
	SV_FD_X("timer.retrans", 0, SV_NEED_TIMER, SV_FT_UINT, timer_retrans)  \
	SV_FD_X("shutdown.read", 0, SV_NEED_EXT, SV_FT_BOOL, shut_read)        \
	SV_FD_X("shutdown.write", 0, SV_NEED_EXT, SV_FT_BOOL, shut_write)      \
	SV_FD_X("cgroup", 0, SV_NEED_CGROUP, SV_FT_TEXT, cgroup)               \
	SV_FD_X("container.kind", 0, SV_NEED_CONTAINER, SV_FT_WORD, ct_kind)   \
	SV_FD_X("container.id", 0, SV_NEED_CONTAINER, SV_FT_TEXT, ct_id)       \
	SV_FD_X("container.pod", 0, SV_NEED_CONTAINER, SV_FT_TEXT, ct_pod)     \
	SV_FD_X("container.pod_namespace", 0, SV_NEED_CONTAINER, SV_FT_TEXT, ct_pod_ns) \
	SV_FD_X("container.pod_name", 0, SV_NEED_CONTAINER, SV_FT_TEXT, ct_pod_name) \
	SV_FD_X("container.name", 0, SV_NEED_CONTAINER, SV_FT_TEXT, ct_name)   \
	SV_FD_X("container.qos", 0, SV_NEED_CONTAINER, SV_FT_WORD, ct_qos)     \
	SV_FD_X("container.unit", 0, SV_NEED_CONTAINER, SV_FT_TEXT, ct_unit)   \
	SV_FD_X("container.uid", 0, SV_NEED_CONTAINER, SV_FT_UINT, ct_uid)     \
	SV_FD_X("container.holder", 0, SV_NEED_CONTAINER, SV_FT_BOOL, ct_holder) \
	SV_FD_X("tos", SV_FD_INET, SV_NEED_TOS, SV_FT_UINT, tos)               \
	SV_FD_X("tclass", SV_FD_INET, SV_NEED_TOS, SV_FT_UINT, tclass)         \
	SV_FD_X("class_id", SV_FD_INET, SV_NEED_TOS, SV_FT_UINT, class_id)     \
	SV_FIELDS_SOCKOPT(SV_FD_SOCKOPT)                                       \
	SV_FIELDS_SKMEM(SV_FD_SKMEM)                                           \
	SV_FD_X("congestion", SV_FD_TCP, SV_NEED_INFO, SV_FT_TEXT, congestion) \
	SV_FIELDS_TCPINFO_HEAD(SV_FD_TI)                                       \
	SV_FIELDS_TCPINFO_OPTS(SV_FD_OPT)                                      \
	SV_FD_X("tcp_info.snd_wscale", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, snd_wscale) \
	SV_FD_X("tcp_info.rcv_wscale", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, rcv_wscale) \
	SV_FD_X("tcp_info.delivery_rate_app_limited", SV_FD_TCP, SV_NEED_INFO, \
		SV_FT_BOOL, app_limited)                                       \
	SV_FD_X("tcp_info.fastopen_client_fail", SV_FD_TCP, SV_NEED_INFO,      \
		SV_FT_UINT, fastopen_client_fail)                              \
	SV_FIELDS_TCPINFO_BODY(SV_FD_TI)                                       \
	SV_FD_X("tcp_info.pacing_rate_bytes_per_sec", SV_FD_TCP, SV_NEED_INFO, \
		SV_FT_UINT, pacing_rate)                                       \
	SV_FD_X("tcp_info.max_pacing_rate_bytes_per_sec", SV_FD_TCP,           \
		SV_NEED_INFO, SV_FT_UINT, max_pacing_rate)                     \
	SV_FIELDS_TCPINFO_TAIL(SV_FD_TI)                                       \
	SV_FD_X("tcp_info.min_rtt_us", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, min_rtt) \
	SV_FIELDS_TCPINFO_TAIL2(SV_FD_TI)                                      \
	SV_FD_X("tcp_info.ecn_mode", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, ecn_mode) \
	SV_FD_X("tcp_info.accecn_opt_seen", SV_FD_TCP, SV_NEED_INFO,           \
		SV_FT_UINT, accecn_opt_seen)                                   \
	SV_FD_X("tcp_info.accecn_fail_mode", SV_FD_TCP, SV_NEED_INFO,          \
		SV_FT_UINT, accecn_fail_mode)                                  \
	SV_FD_X("bbr.bw_bytes_per_sec", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, bbr_bw) \
	SV_FD_X("bbr.min_rtt_us", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, bbr_min_rtt) \
	SV_FD_X("bbr.pacing_gain", SV_FD_TCP, SV_NEED_INFO, SV_FT_Q8, bbr_pacing_gain) \
	SV_FD_X("bbr.cwnd_gain", SV_FD_TCP, SV_NEED_INFO, SV_FT_Q8, bbr_cwnd_gain) \
	SV_FD_X("dctcp.enabled", SV_FD_TCP, SV_NEED_INFO, SV_FT_BOOL, dctcp_enabled) \
	SV_FD_X("dctcp.ce_state", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, dctcp_ce_state) \
	SV_FD_X("dctcp.alpha", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, dctcp_alpha) \
	SV_FD_X("dctcp.ab_ecn", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, dctcp_ab_ecn) \
	SV_FD_X("dctcp.ab_tot", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, dctcp_ab_tot) \
	SV_FD_X("vegas.enabled", SV_FD_TCP, SV_NEED_INFO, SV_FT_BOOL, vegas_enabled) \
	SV_FD_X("vegas.rtt_count", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, vegas_rttcnt) \
	SV_FD_X("vegas.rtt_us", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, vegas_rtt) \
	SV_FD_X("vegas.min_rtt_us", SV_FD_TCP, SV_NEED_INFO, SV_FT_UINT, vegas_minrtt)

#endif
