/* collect.h - run sock_diag dumps through any source (live netlink, a
 * recorded file, a test script) into sv_sock records. */
#ifndef SOCKVIEW_COLLECT_H
#define SOCKVIEW_COLLECT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sockview/diag_parse.h"
#include "sockview/dumpfile.h"
#include "sockview/sock.h"

/* Receive buffer size: the kernel fills about 32 KiB per read. */
#define SV_COLLECT_BUFSIZE 32768

/* One dump request: a (table, family), a state mask, optional kernel
 * bytecode, and what the listing wants it for (so that a recorded dump can
 * keep each kind apart and give it back). */
struct sv_dump_req {
	enum sv_table table;
	int family;
	uint32_t states;
	const void *bytecode; /* INET_DIAG_REQ_BYTECODE, or NULL */
	size_t bclen;
	enum sv_dump_kind kind;
	uint32_t ext;         /* extensions to send: 1 << (INET_DIAG_INFO - 1)...
				 (a unix request reads the INET_DIAG_SKMEMINFO
				 bit as UDIAG_SHOW_MEMINFO) */
	uint32_t details;     /* SV_DETAIL_* (details.h): the table's request
				 builder asks for what they need */
	bool bpf;             /* ask for the sockets' classic BPF filters (-b:
				 packet sockets' PACKET_SHOW_FILTER) */
};

/* Where dumps come from: the kernel, a recorded file, a test script, the
 * /proc/net files. A source of netlink messages has request() and recv():
 * request() starts a dump; recv() returns the next chunk of whole netlink
 * messages (bytes, or a negative errno). A source of records (the /proc/net
 * text) has rows() instead: it answers a request itself, calling cb for
 * each socket, and returns 0, what cb returned (err empty), or a negative
 * errno with a message in err (-EOPNOTSUPP: it cannot answer this kind of
 * request); rows already delivered stand. end(), when set, hears how each
 * attempt ended (0: complete; else the error), so a recorder keeps only
 * complete parts. kernel: the source applies the state mask and bytecode
 * (a recorded dump gives back what was recorded, whatever is asked; the
 * /proc source filters by state only: the listing filters in user space). */
struct sv_source {
	int (*request)(void *ctx, const struct sv_dump_req *req);
	ssize_t (*recv)(void *ctx, void *buf, size_t len);
	int (*rows)(void *ctx, const struct sv_dump_req *req, sv_diag_cb cb,
		    void *data, char *err, size_t errlen);
	void (*end)(void *ctx, int status);
	void *ctx;
	bool kernel; /* runs the filter's program (INET_DIAG_REQ_BYTECODE) */
	bool both_families; /* answers a TCP request of family AF_UNSPEC with
			       both families' sockets in one dump (the kernel) */
	bool host;   /* answers about this host now (the kernel or /proc/net),
			not from a recording: a table it cannot list is counted
			from /proc/net/protocols */
	/* A second source like this one, on a socket of its own, for a dump
	 * received on another thread (prefetch.h): 0 or a negative errno.
	 * NULL when the source has none (a recording, /proc, a recorder). */
	int (*open_side)(void *ctx, struct sv_source *side);
	void (*close_side)(struct sv_source *side);
};

/* Dump one request and call cb for each socket (a source with rows()
 * answers it alone, once). A dump that the kernel
 * marks interrupted (NLM_F_DUMP_INTR) or that loses messages (ENOBUFS) is
 * redone, up to 3 times, without delivering a socket twice (by cookie).
 * Memory stays bounded: cookies are kept for the first 65536 sockets of a
 * dump only. Returns 0, or a negative errno:
 *   what cb returned, as is, with err left empty;
 *   -EINTR   still interrupted after the retries
 *   -EAGAIN  interrupted after more sockets were delivered than can be
 *            told apart on a retry
 *   -EBADMSG malformed data; -EPERM etc. as the kernel answered
 * (those with a message in err). */
int sv_collect_dump(const struct sv_source *src, const struct sv_dump_req *req,
		    sv_diag_cb cb, void *data, char *err, size_t errlen);

#endif
