/* diag_attr.h - a sock_diag message's attributes checked against one
 * policy table per message kind (libmnl's model: one walk, one callback
 * per known attribute), never by hand per attribute. */
#ifndef SOCKVIEW_DIAG_ATTR_H
#define SOCKVIEW_DIAG_ATTR_H

#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "sockview/sock.h"

/* One known attribute: its type, the least payload it must have, and what
 * stores it into the record (payload and its length). */
struct sv_diag_attr {
	uint16_t type;
	uint16_t min_len;
	void (*store)(struct sv_sock *s, const void *p, uint16_t len);
};

/* Walk the attributes after the fixed header of hdrlen bytes: each of a
 * type in the policy (npol entries) is stored when its payload has at
 * least min_len bytes; others are skipped. The list is bounded by the
 * message's own length, not its padded one (the last message of a buffer
 * may lack padding). Returns 0, or -EBADMSG for a known attribute too
 * short or a list that runs past the message. */
int sv_diag_attr_walk(const struct nlmsghdr *nlh, size_t hdrlen,
		  const struct sv_diag_attr *pol, size_t npol, struct sv_sock *s);

/* Index a list of attributes (a message's payload without fixed header,
 * or a nest's payload: len bytes at payload): tb[type] gets the last
 * attribute of each type in the policy (npol entries; store unused) whose
 * type is below tbmax, after its payload was checked to have min_len
 * bytes; others are skipped; tb[] is cleared first. Returns 0, or -EBADMSG
 * for a known attribute too short or a list that runs past len. */
int sv_diag_attr_index(const void *payload, size_t len, const struct sv_diag_attr *pol,
		       size_t npol, const struct nlattr **tb, uint16_t tbmax);

#endif
