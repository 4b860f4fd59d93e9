/* events.h - -E: the sockets the kernel destroys, announced on sock_diag's
 * multicast groups (one per table and family: SKNLGRP_*_DESTROY), as a
 * source (events.c: the socket, joining the groups, receiving) and the
 * pure parser of their messages (events_parse.c). */
#ifndef SOCKVIEW_EVENTS_H
#define SOCKVIEW_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "sockview/collect.h"
#include "sockview/diag_parse.h"

struct sv_events; /* opaque: a sock_diag socket that receives events */

/* How the events source waits. */
struct sv_events_opts {
	int stop_fd; /* readable: stop (the caller's signalfd); -1: none */
	int out_fd;  /* watched for POLLERR and POLLHUP: the reader of the
			output went away (a pipe's); -1: not watched */
	int rcvbuf;  /* the receive queue to ask for, in bytes (as root
			beyond net.core.rmem_max); 0: the kernel's default */
};

/* Open a NETLINK_SOCK_DIAG socket that joins no group yet. Returns 0 and
 * sets *out, or a negative errno. */
int sv_events_open(const struct sv_events_opts *o, struct sv_events **out);

/* The events as a source. request() joins the destroy-event group of the
 * request's table and family (tables.h: event_groups; -EOPNOTSUPP when it
 * has none; the kernel's errno, -EPERM where joining needs a capability).
 * recv() waits for the next messages: their byte count; 0 when stop_fd is
 * readable (it is not read); -EPIPE when out_fd reports that its reader
 * went away; -ENOBUFS when the kernel dropped events because the receive
 * queue was full (receiving goes on after it); another negative errno. */
struct sv_source sv_events_source(struct sv_events *ev);

/* How many events the kernel has dropped for this socket in all (its
 * SO_MEMINFO drop count). Returns 0 and sets *n, or a negative errno. */
int sv_events_drops(const struct sv_events *ev, uint64_t *n);

/* Close (NULL is fine). */
void sv_events_close(struct sv_events *ev);

/* Parse len bytes of destroy-event messages as recv() returns them: each
 * SOCK_DIAG_BY_FAMILY message is read by the payload parser of the table
 * its INET_DIAG_PROTOCOL attribute names, its record marked SV_FROM_EVENT,
 * and cb called with it. Messages of other types, without that attribute
 * or of a table that announces no events are skipped (*skipped counts
 * them; may be NULL). Returns 0, what cb returned (negative, err empty),
 * or -EBADMSG for a truncated or malformed message (err names its byte
 * offset). Pure. */
int sv_events_parse(const void *buf, size_t len, sv_diag_cb cb, void *data,
		    size_t *skipped, char *err, size_t errlen);

#endif
