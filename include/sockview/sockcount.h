/* sockcount.h - how many sockets of a protocol the processes of this
 * network namespace hold, from their open files: for the protocols whose
 * sockets /proc/net/protocols does not count (AF_VSOCK), so that a table
 * the kernel cannot dump is never taken for an empty one. */
#ifndef SOCKVIEW_SOCKCOUNT_H
#define SOCKVIEW_SOCKCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a scan found. */
struct sv_sockcount {
	uint64_t sockets;   /* distinct sockets of the protocol (by inode) */
	size_t denied;      /* processes that could not be inspected (another
			       user's, without privileges): sockets is then a
			       lower bound */
};

/* Scan procroot ("/proc"): every process in this network namespace (its
 * ns/net is procroot/self's), every socket fd of it, whose sockfs name
 * (the system.sockprotoname attribute, "AF_VSOCK", "TCP", ...) is name.
 * A socket held by several processes counts once. Processes and fds that
 * vanish meanwhile are skipped. Returns 0 and *out, or a negative errno
 * when procroot itself cannot be read, -ENOMEM. */
int sv_sockcount_scan(const char *procroot, const char *name, struct sv_sockcount *out);

/* Is the value of a system.sockprotoname attribute (len bytes, with or
 * without its NUL) exactly name? Pure. */
bool sv_sockcount_name_is(const char *value, size_t len, const char *name);

#endif
