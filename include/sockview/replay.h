/* replay.h - recorded sock_diag dumps: the file format of `ss -D` and
 * `sockview -D`, read back through the live parser. */
#ifndef SOCKVIEW_REPLAY_H
#define SOCKVIEW_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "sockview/diag_parse.h"
#include "sockview/sock.h"

/* sockview's dump requests carry this in nlmsg_seq, with the protocol in
 * bits 8-15 and the family in bits 0-7; the kernel copies it into every
 * reply, so a recorded file says which table each part belongs to. Parts
 * with another seq (ss -D writes 123456) are TCP, as ss assumes. */
#define SV_SEQ_MAGIC 0x53560000u
#define SV_SEQ_MAGIC_MASK 0xffff0000u

/* The seq for a request of (table, family). */
uint32_t sv_replay_seq(enum sv_table table, int family);

/* The table a part belongs to, from the seq of its first message. */
enum sv_table sv_replay_table_of(uint32_t seq);

/* Parse a whole recorded dump: parts of netlink messages, each ended by
 * NLMSG_DONE, in the order they were recorded. Calls cb for every socket.
 * Returns 0, or -EBADMSG with a message naming the byte offset when the file
 * is empty, truncated or not a sock_diag dump, or what cb returned. */
int sv_replay_parse(const void *buf, size_t len, sv_diag_cb cb, void *data,
		    char *err, size_t errlen);

#endif
