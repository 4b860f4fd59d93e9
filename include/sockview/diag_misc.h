/* diag_misc.h - the payload parsers and request builders of the tables
 * beyond tcp, udp, unix, packet and netlink: mptcp and sctp (inet_diag with
 * their own INET_DIAG_INFO), vsock, xdp and tipc (their own sock_diag
 * families). All pure: a message in, a record out; a request into a
 * buffer. raw and dccp are plain inet_diag (diag_parse.h). */
#ifndef SOCKVIEW_DIAG_MISC_H
#define SOCKVIEW_DIAG_MISC_H

#include "sockview/diag_parse.h"

/* mptcp: the inet message; its INET_DIAG_INFO is struct mptcp_info, kept
 * in s->proto_info (SV_HAVE_PROTO_INFO), never taken for a tcp_info. */
sv_diag_payload_fn sv_diag_mptcp_parse;

/* sctp: the inet message; INET_DIAG_INFO is struct sctp_info (proto_info),
 * INET_DIAG_LOCALS and INET_DIAG_PEERS arrays of struct sockaddr_storage
 * (s->sctp_locals, s->sctp_peers: whole entries only). */
sv_diag_payload_fn sv_diag_sctp_parse;

/* vsock (vsock_diag): struct vsock_diag_msg into the vs part; the table
 * comes from its type (SOCK_STREAM: v_str, SOCK_DGRAM: v_dgr), whatever
 * table the dump was asked for; another type is malformed. */
sv_diag_payload_fn sv_diag_vsock_parse;
sv_diag_request_fn sv_diag_vsock_request;

/* xdp (xdp_diag): struct xdp_diag_msg and its attributes (XDP_DIAG_INFO:
 * interface and queue; UID; MEMINFO's receive memory as Recv-Q, as ss;
 * the rings, umem and stats as pointers for -e). The state is always
 * UNCONN, as ss shows it. The request asks for everything ss asks. */
sv_diag_payload_fn sv_diag_xdp_parse;
sv_diag_request_fn sv_diag_xdp_request;

/* tipc (tipc_diag over sock_diag, as ss 6.x asks): a message of nested
 * attributes only (TIPC_NLA_SOCK: address, reference, type, state, inode,
 * uid, cookie; its STAT nest: queues, congestion, drops; its CON nest: the
 * peer), no fixed header. Address, reference, type, state and inode must
 * be present; a known attribute too short, or a nest that runs past its
 * parent, is malformed. */
sv_diag_payload_fn sv_diag_tipc_parse;
sv_diag_request_fn sv_diag_tipc_request;

#endif
