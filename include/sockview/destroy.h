/* destroy.h - pure: the SOCK_DESTROY request that asks the kernel to close
 * one socket (-K), and the reading of its answer. No I/O (nl_diag.h sends
 * it). */
#ifndef SOCKVIEW_DESTROY_H
#define SOCKVIEW_DESTROY_H

#include <stddef.h>
#include <stdint.h>

#include "sockview/sock.h"

/* The bytes of a request: a netlink header and a struct inet_diag_req_v2. */
#define SV_DESTROY_REQ_LEN 72

/* What sv_destroy_parse_answer returns when buf holds no answer to seq
 * (keep receiving). */
#define SV_DESTROY_MORE 1

/* Build in buf (len bytes) the SOCK_DESTROY request for s: a request with
 * NLM_F_ACK, nlmsg_seq seq, s's family, its table's protocol (raw: its IP
 * protocol in sdiag_raw_protocol, as the kernel's raw_diag reads it), and
 * s's identity as the kernel sent it: ports, addresses, bound device and
 * cookie (the kernel closes only the socket with that cookie). Returns the
 * message's length, -EOPNOTSUPP for a record whose table the kernel cannot
 * close or that has no cookie (read from /proc/net), or -E2BIG when len is
 * too small. */
int sv_destroy_request(void *buf, size_t len, const struct sv_sock *s, uint32_t seq);

/* Read the kernel's answer to the request of seq among the messages of buf
 * (len bytes, as one recv() returns them; messages of other sequence
 * numbers are skipped). Returns 0 when the kernel acknowledged it (the
 * socket is closed), the negative errno it answered (-ENOENT: no such
 * socket any more; -EPERM: no CAP_NET_ADMIN; -EOPNOTSUPP: this kernel
 * cannot close it), SV_DESTROY_MORE when buf holds no answer to seq, or
 * -EBADMSG for a truncated or malformed message. */
int sv_destroy_parse_answer(const void *buf, size_t len, uint32_t seq);

#endif
