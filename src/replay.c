/* replay.c - recorded sock_diag dumps (ss -D format) through the live parser. */
#include <errno.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sockview/replay.h"

/* See replay.h. */
uint32_t sv_replay_seq(enum sv_table table, int family)
{
	uint32_t proto = table == SV_TABLE_UDP ? IPPROTO_UDP : IPPROTO_TCP;

	return SV_SEQ_MAGIC | (proto << 8) | ((uint32_t)family & 0xffu);
}

/* See replay.h. */
enum sv_table sv_replay_table_of(uint32_t seq)
{
	if ((seq & SV_SEQ_MAGIC_MASK) == SV_SEQ_MAGIC &&
	    ((seq >> 8) & 0xffu) == IPPROTO_UDP)
		return SV_TABLE_UDP;
	return SV_TABLE_TCP;
}

/* See replay.h. */
int sv_replay_parse(const void *buf, size_t len, sv_diag_cb cb, void *data,
		    char *err, size_t errlen)
{
	const char *p = buf;
	size_t off = 0;
	char msg[200];

	if (len == 0) {
		snprintf(err, errlen, "the dump file is empty");
		return -EBADMSG;
	}
	while (off < len) {
		struct nlmsghdr h;
		size_t used = 0;
		bool intr = false;
		int ret;

		if (len - off < sizeof(h)) {
			snprintf(err, errlen, "truncated dump file: %zu stray bytes at byte %zu",
				 len - off, off);
			return -EBADMSG;
		}
		memcpy(&h, p + off, sizeof(h)); /* the file gives no alignment */
		if (h.nlmsg_len < sizeof(h)) {
			snprintf(err, errlen, "not a sock_diag dump: bad message length %u at byte %zu",
				 h.nlmsg_len, off);
			return -EBADMSG;
		}
		msg[0] = '\0';
		ret = sv_diag_parse_inet(p + off, len - off, sv_replay_table_of(h.nlmsg_seq),
					 cb, data, &used, &intr, msg, sizeof(msg));
		if (ret == SV_DIAG_MORE) {
			snprintf(err, errlen, "truncated dump file: no NLMSG_DONE after byte %zu", off);
			return -EBADMSG;
		}
		if (ret < 0) {
			if (ret == -EBADMSG)
				snprintf(err, errlen, "not a valid sock_diag dump: %s (part at byte %zu)",
					 msg, off);
			else if (msg[0] == '\0' && ret != -EPIPE)
				snprintf(err, errlen, "the recorded dump holds an error: %s",
					 strerror(-ret));
			return ret;
		}
		off += used;
	}
	return 0;
}
