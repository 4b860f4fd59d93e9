/* proc_inet.c - one line of /proc/net/tcp, tcp6, udp, udp6 into a record.
 * Pure: no I/O. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/proc_inet.h"

/* The columns every inet line has: sl, local, remote, st, tx:rx, tr:when,
 * retrnsmt, uid, timeout, inode, ref, pointer. */
enum { C_SL, C_LOCAL, C_REMOTE, C_ST, C_QUEUES, C_TIMER, C_RETR, C_UID,
       C_TIMEOUT, C_INODE, C_REF, C_PTR, C_MIN };

/* "A:B" into its two halves; false when there is no ':'. */
static bool halves(const struct sv_proc_col *c, struct sv_proc_col *a,
		   struct sv_proc_col *b)
{
	const char *colon = memchr(c->p, ':', c->n);

	if (!colon)
		return false;
	*a = (struct sv_proc_col){ c->p, (size_t)(colon - c->p) };
	*b = (struct sv_proc_col){ colon + 1, c->n - a->n - 1 };
	return true;
}

/* "ADDR:PORT": the kernel prints each 32-bit word of the address (network
 * order in memory) as a host-order number, so the number stored back as a
 * host-order word gives the address's bytes in network order again. */
static bool endpoint(const struct sv_proc_col *c, int family, uint8_t *addr,
		     uint16_t *port)
{
	struct sv_proc_col a, p;
	size_t words = family == AF_INET6 ? 4 : 1;
	uint64_t v;

	if (!halves(c, &a, &p) || a.n != 8 * words ||
	    !sv_proc_parse_hex(p.p, p.n, 4, &v))
		return false;
	*port = (uint16_t)v;
	for (size_t i = 0; i < words; i++) {
		uint32_t w;

		if (!sv_proc_parse_hex(a.p + 8 * i, 8, 8, &v))
			return false;
		w = (uint32_t)v;
		memcpy(addr + 4 * i, &w, 4);
	}
	return true;
}

/* sl ("12:"), the queues and the timer: hex pairs. */
static int head_cols(const struct sv_proc_col *c, struct sv_sock *s,
		     uint64_t *when, char *err, size_t errlen)
{
	struct sv_proc_col a, b;
	uint64_t v, w;

	if (c[C_SL].n < 2 || c[C_SL].p[c[C_SL].n - 1] != ':' ||
	    !sv_proc_parse_dec(c[C_SL].p, c[C_SL].n - 1, UINT32_MAX, &v))
		return sv_proc_parse_bad(err, errlen, "bad slot number", &c[C_SL]);
	if (!sv_proc_parse_hex(c[C_ST].p, c[C_ST].n, 2, &v) || v == 0 || v >= SV_STATE_MAX)
		return sv_proc_parse_bad(err, errlen, "bad state", &c[C_ST]);
	s->state = (uint8_t)v;
	if (!halves(&c[C_QUEUES], &a, &b) || !sv_proc_parse_hex(a.p, a.n, 8, &v) ||
	    !sv_proc_parse_hex(b.p, b.n, 8, &w))
		return sv_proc_parse_bad(err, errlen, "bad tx_queue:rx_queue", &c[C_QUEUES]);
	s->wqueue = (uint32_t)v;
	s->rqueue = (uint32_t)w;
	if (!halves(&c[C_TIMER], &a, &b) || !sv_proc_parse_hex(a.p, a.n, 2, &v) ||
	    !sv_proc_parse_hex(b.p, b.n, 16, when))
		return sv_proc_parse_bad(err, errlen, "bad tr:tm->when", &c[C_TIMER]);
	s->timer = (uint8_t)v;
	return 0;
}

/* The clock ticks of tm->when in milliseconds, rounded up, as ss does. */
static uint32_t ticks_ms(uint64_t when, unsigned int hz)
{
	uint64_t ms;

	if (hz == 0)
		hz = 100;
	if (when > (UINT64_MAX - hz) / 1000)
		return UINT32_MAX;
	ms = (when * 1000 + hz - 1) / hz;
	return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

/* See proc_inet.h. */
int sv_proc_inet_parse(const char *line, size_t len, int family,
		       const struct sv_proc_opts *o, struct sv_sock *s,
		       char *err, size_t errlen)
{
	struct sv_proc_col c[C_MIN];
	size_t n = sv_proc_parse_cols(line, len, c, C_MIN);
	uint64_t when, retr, uid, ino, ptr;
	int32_t probes, ref;
	int ret;

	if (family != AF_INET && family != AF_INET6) {
		snprintf(err, errlen, "no inet family (%d)", family);
		return -EBADMSG;
	}
	if (n < C_MIN) {
		snprintf(err, errlen, "%zu column%s where the kernel writes at least %d",
			 n, n == 1 ? "" : "s", C_MIN);
		return -EBADMSG;
	}
	s->family = (uint8_t)family;
	if (!endpoint(&c[C_LOCAL], family, s->laddr, &s->lport))
		return sv_proc_parse_bad(err, errlen, family == AF_INET ?
			"bad local IPv4 address:port" : "bad local IPv6 address:port",
			&c[C_LOCAL]);
	if (!endpoint(&c[C_REMOTE], family, s->raddr, &s->rport))
		return sv_proc_parse_bad(err, errlen, family == AF_INET ?
			"bad remote IPv4 address:port" : "bad remote IPv6 address:port",
			&c[C_REMOTE]);
	ret = head_cols(c, s, &when, err, errlen);
	if (ret < 0)
		return ret;
	if (!sv_proc_parse_hex(c[C_RETR].p, c[C_RETR].n, 8, &retr))
		return sv_proc_parse_bad(err, errlen, "bad retrnsmt", &c[C_RETR]);
	if (!sv_proc_parse_dec(c[C_UID].p, c[C_UID].n, UINT32_MAX, &uid))
		return sv_proc_parse_bad(err, errlen, "bad uid", &c[C_UID]);
	if (!sv_proc_parse_int(c[C_TIMEOUT].p, c[C_TIMEOUT].n, &probes))
		return sv_proc_parse_bad(err, errlen, "bad timeout", &c[C_TIMEOUT]);
	if (!sv_proc_parse_dec(c[C_INODE].p, c[C_INODE].n, UINT64_MAX, &ino))
		return sv_proc_parse_bad(err, errlen, "bad inode", &c[C_INODE]);
	if (ino > UINT32_MAX)
		return sv_proc_parse_bad(err, errlen, "inode above 2^32-1 (socket "
					 "inodes are 32-bit)", &c[C_INODE]);
	if (!sv_proc_parse_int(c[C_REF].p, c[C_REF].n, &ref))
		return sv_proc_parse_bad(err, errlen, "bad ref", &c[C_REF]);
	if (!sv_proc_parse_hex(c[C_PTR].p, c[C_PTR].n, 16, &ptr))
		return sv_proc_parse_bad(err, errlen, "bad pointer", &c[C_PTR]);
	/* ss's reading: the retransmit timer counts retransmits, the others
	 * (zero-window probe, keepalive) their probes, as sock_diag does */
	if (s->timer != 1)
		retr = probes > 0 ? (uint64_t)probes : 0;
	s->retrans = retr > UINT8_MAX ? UINT8_MAX : (uint8_t)retr;
	s->expires = ticks_ms(when, o ? o->hz : 0);
	s->uid = (uint32_t)uid;
	s->inode = (uint32_t)ino;
	s->cookie = ptr;
	return 0;
}
