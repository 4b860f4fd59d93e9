/* collect.h - run sock_diag dumps through any source (live netlink, a
 * recorded file, a test script) into sv_sock records. */
#ifndef SOCKVIEW_COLLECT_H
#define SOCKVIEW_COLLECT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sockview/diag_parse.h"
#include "sockview/sock.h"

/* Receive buffer size: the kernel fills about 32 KiB per read. */
#define SV_COLLECT_BUFSIZE 32768

/* Where dumps come from. request() starts a dump of one (table, family) with
 * a state mask and optional kernel bytecode; recv() returns the next chunk of
 * netlink messages (bytes, or a negative errno). */
struct sv_source {
	int (*request)(void *ctx, enum sv_table table, int family,
		       uint32_t states, const void *bytecode, size_t bclen);
	ssize_t (*recv)(void *ctx, void *buf, size_t len);
	void *ctx;
};

/* Dump one (table, family) and call cb for each socket. A dump that the
 * kernel marks interrupted (NLM_F_DUMP_INTR) or that loses messages (ENOBUFS)
 * is redone, up to 3 times, without delivering a socket twice (by cookie).
 * Memory stays bounded: cookies are kept for the first 65536 sockets of a
 * dump only. Returns 0, or a negative errno with a message in err:
 *   -EINTR   still interrupted after the retries
 *   -EAGAIN  interrupted after more sockets were delivered than can be
 *            told apart on a retry
 *   -EBADMSG malformed data; -EPERM etc. as the kernel answered. */
int sv_collect_dump(const struct sv_source *src, enum sv_table table,
		    int family, uint32_t states, const void *bytecode,
		    size_t bclen, sv_diag_cb cb, void *data, char *err,
		    size_t errlen);

#endif
