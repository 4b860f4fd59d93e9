/* nl_diag.h - live sock_diag over a libmnl netlink socket: sends requests,
 * moves buffers; parsing is diag_parse.c's job. */
#ifndef SOCKVIEW_NL_DIAG_H
#define SOCKVIEW_NL_DIAG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sockview/collect.h"
#include "sockview/sock.h"

struct sv_nl; /* opaque: one NETLINK_SOCK_DIAG socket */

/* Open and bind a NETLINK_SOCK_DIAG socket. Returns 0 and sets *out, or a
 * negative errno. */
int sv_nl_diag_open(struct sv_nl **out);

/* Send the dump request of req's table (its descriptor's builder), with
 * the request's dump-file tag in nlmsg_seq (dumpfile.h). Returns 0 or a
 * negative errno. */
int sv_nl_diag_request(struct sv_nl *nl, const struct sv_dump_req *req);

/* Receive the next chunk (retrying EINTR). Returns the byte count or a
 * negative errno (-ENOBUFS when the socket lost messages). */
ssize_t sv_nl_diag_recv(struct sv_nl *nl, void *buf, size_t len);

/* Ask the kernel to close s (SOCK_DESTROY, destroy.h) and wait for its
 * answer. Use a socket of its own, not one whose dump is under way.
 * Returns 0 (closed) or a negative errno: the kernel's answer (-ENOENT: it
 * is gone already; -EPERM: it needs CAP_NET_ADMIN; -EOPNOTSUPP: this
 * kernel cannot close it), -EOPNOTSUPP for a record sockview cannot name
 * to the kernel, or the socket's error. */
int sv_nl_diag_destroy(struct sv_nl *nl, const struct sv_sock *s);

/* A source that reads live from nl, for sv_collect_dump. */
struct sv_source sv_nl_diag_source(struct sv_nl *nl);

/* Close (NULL is fine). */
void sv_nl_diag_close(struct sv_nl *nl);

#endif
