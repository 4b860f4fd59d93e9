/* diag_parse.h - pure parser: a buffer of sock_diag netlink messages into
 * struct sv_sock records. Used for live dumps, recorded dumps and tests. */
#ifndef SOCKVIEW_DIAG_PARSE_H
#define SOCKVIEW_DIAG_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/sock.h"

struct nlmsghdr;

/* Called once per socket record; return 0 to go on, or a negative errno to
 * stop the parse (the value is returned by the parser). */
typedef int (*sv_diag_cb)(const struct sv_sock *s, void *data);

/* Result of parsing one buffer. */
enum sv_diag_status {
	SV_DIAG_MORE = 0, /* every message consumed; the dump goes on */
	SV_DIAG_DONE = 1, /* NLMSG_DONE seen: the dump is complete */
};

/* Parse len bytes of inet_diag (TCP/UDP) messages, as one recv() returns
 * them, for the given table. Calls cb for each SOCK_DIAG_BY_FAMILY message.
 * Returns SV_DIAG_MORE or SV_DIAG_DONE; *used is set to the bytes consumed
 * (up to and including NLMSG_DONE), or on an error to the offset of the
 * message that caused it. *interrupted is set to true when a
 * message carries NLM_F_DUMP_INTR (the kernel saw the table change: the dump
 * must be redone); parsing goes on regardless. Errors:
 *   -EBADMSG  a truncated or malformed message/attribute (err says where)
 *   -E...     the errno of an NLMSG_ERROR message
 *   or the negative value a callback returned.
 * An NLMSG_ERROR with a positive or out-of-range value is malformed.
 * err (may be NULL) receives a description on error, naming the byte offset
 * of the offending message ("malformed socket message at byte 88"). */
int sv_diag_parse_inet(const void *buf, size_t len, enum sv_table table,
		       sv_diag_cb cb, void *data, size_t *used,
		       bool *interrupted, char *err, size_t errlen);

/* The same for a buffer that starts base bytes into a larger whole (a
 * recorded file): offsets in err count from the start of the whole; *used
 * stays relative to buf. */
int sv_diag_parse_inet_at(const void *buf, size_t len, size_t base,
			  enum sv_table table, sv_diag_cb cb, void *data,
			  size_t *used, bool *interrupted, char *err,
			  size_t errlen);

/* A table's payload parser: one SOCK_DIAG_BY_FAMILY message of table into
 * *s (its optional blocks point into the message). Returns 0 or -EBADMSG. */
typedef int sv_diag_payload_fn(const struct nlmsghdr *nlh, enum sv_table table,
			       struct sv_sock *s);

/* The inet tables' payload parser (struct inet_diag_msg, its attributes). */
sv_diag_payload_fn sv_diag_inet_parse;

struct sv_dump_req;

/* A table's request builder: the dump request for req (its table's
 * protocol, the family, states, extensions and bytecode) into buf, with seq
 * as nlmsg_seq. Pure. Returns the message's length, or -E2BIG when it would
 * not fit len bytes or the bytecode its attribute. */
typedef int sv_diag_request_fn(void *buf, size_t len, const struct sv_dump_req *req,
			       uint32_t seq);

/* The inet tables' request builder (struct inet_diag_req_v2); for family
 * AF_UNSPEC, TCP's both families in one dump (the legacy TCPDIAG_GETSOCK
 * request, struct inet_diag_req), -EAFNOSUPPORT for another protocol. */
sv_diag_request_fn sv_diag_inet_request;

struct nlmsghdr;

/* The start every dump request builder shares: in buf (len bytes), a
 * SOCK_DIAG_BY_FAMILY dump header with seq, followed by a zeroed request of
 * size bytes, which it returns (*nlh: the header, whose nlmsg_len covers
 * both); NULL when len cannot hold them. */
void *sv_diag_request_start(void *buf, size_t len, size_t size, uint32_t seq,
			    struct nlmsghdr **nlh);

/* The packet tables' (p_raw, p_dgr: one dump) payload parser and request
 * builder (diag_packet.c): struct packet_diag_msg, its attributes; the
 * record's table is p_raw or p_dgr by the socket's type, whatever table
 * is passed. */
sv_diag_payload_fn sv_diag_packet_parse;
sv_diag_request_fn sv_diag_packet_request;

/* The netlink table's payload parser and request builder (diag_netlink.c):
 * struct netlink_diag_msg and its attributes. */
sv_diag_payload_fn sv_diag_netlink_parse;
sv_diag_request_fn sv_diag_netlink_request;

/* The unix tables' payload parser (struct unix_diag_msg, its attributes):
 * the record's table is the socket's type (u_str, u_dgr, u_seq). A name
 * longer than sun_path, a short fixed part or attribute, or another
 * family is -EBADMSG. */
sv_diag_payload_fn sv_diag_unix_parse;

/* The unix tables' request builder (struct unix_diag_req): the name, bound
 * file, peer, pending connections, queues and uid of every socket in
 * req's states, and the memory block when req->ext has inet's
 * INET_DIAG_SKMEMINFO bit. No bytecode: unix_diag runs none. */
sv_diag_request_fn sv_diag_unix_request;

#endif
