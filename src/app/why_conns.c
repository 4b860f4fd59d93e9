/* why_conns.c - `sockview why`'s rules about connections (why.h):
 * CLOSE-WAIT piling up in a process, ephemeral ports running out toward
 * one destination, attempts hanging in SYN-SENT, stalled connections,
 * resets the kernel counts, and --to's "nothing here explains it". Pure. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/addr.h"
#include "sockview/epcount.h"
#include "sockview/sock.h"
#include "sockview/sockstats.h"

#include "why_priv.h"

/* Is s a connection of the target: to it (--to, or a local client of the
 * port) or, for the server's side, from its port? */
static bool to_target(const struct sv_why_sock *s, const struct sv_why_target *t)
{
	if (!why_tcp(s) || s->rport != t->port)
		return false;
	return t->kind != SV_WHY_ADDR_PORT || (s->family == t->family &&
		memcmp(s->raddr, t->addr, t->family == AF_INET ? 4 : 16) == 0);
}

static bool of_port(const struct sv_why_sock *s, const struct why_ctx *c)
{
	return why_tcp(s) && ((!c->in->target->to && s->lport == c->port) ||
			      to_target(s, c->in->target));
}

/* ms as "2 h 5 min", "3 min 20 s" or "12.5 s". */
static void say_span(struct sv_why_finding *f, uint32_t ms)
{
	uint32_t s = ms / 1000;

	if (s >= 3600)
		why_say(f, "%u h %u min", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		why_say(f, "%u min %u s", s / 60, s % 60);
	else
		why_say(f, "%u.%u s", s, ms % 1000 / 100);
}

/* How long pid's CLOSE-WAIT sockets have waited, where the kernel tells
 * it (tcp_info: since the peer's last ACK, its FIN when the application
 * wrote nothing since): the oldest and the newest; a leak that goes on has
 * new ones. */
static void close_wait_age(struct sv_why_finding *f, const struct sv_why_input *in,
			   const struct why_ctx *c, int32_t pid)
{
	uint32_t oldest = 0, newest = UINT32_MAX;

	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];

		if (!of_port(s, c) || s->state != SV_STATE_CLOSE_WAIT || s->pid != pid ||
		    !s->has_info)
			continue;
		oldest = s->quiet_ms > oldest ? s->quiet_ms : oldest;
		newest = s->quiet_ms < newest ? s->quiet_ms : newest;
	}
	if (newest == UINT32_MAX)
		return; /* no tcp_info: a recording without it */
	why_say(f, " The oldest has waited ");
	say_span(f, oldest);
	why_say(f, " since its peer's FIN, the newest ");
	say_span(f, newest);
	why_say(f, "%s", newest < 60000 ? " (the leak goes on)." : ".");
	why_number(f, "close_wait_oldest_ms", oldest);
	why_number(f, "close_wait_newest_ms", newest);
}

/* CLOSE-WAIT: the peer closed, the application never did. Counted per
 * process; 8 or more in one is a leak. */
static void close_wait(struct why_ctx *c)
{
	const struct sv_why_input *in = c->in;
	struct { int32_t pid; size_t n, first; } g[8];
	size_t ng = 0, worst = 0;
	struct sv_why_finding *f;
	char who[120];

	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];
		size_t k = 0;

		if (!of_port(s, c) || s->state != SV_STATE_CLOSE_WAIT)
			continue;
		while (k < ng && g[k].pid != s->pid)
			k++;
		if (k == ng && ng < 8)
			g[ng++] = (typeof(g[0])){ .pid = s->pid, .first = i };
		if (k < ng && ++g[k].n > g[worst].n)
			worst = k;
	}
	if (!ng || g[worst].n < 8 || !(f = why_add(c, SV_WHY_CLOSE_WAIT, SV_WHY_WARNING)))
		return;
	why_say(f, "%zu connections of %s sit in CLOSE-WAIT: their peers closed and the "
		   "application never closed its end (a descriptor leak); each holds a "
		   "descriptor and its buffers until the process exits.", g[worst].n,
		why_holder(&in->socks[g[worst].first], who, sizeof(who)));
	for (size_t k = 0; k < ng; k++)
		if (k != worst && g[k].n)
			why_say(f, " Also %zu in %s.", g[k].n,
				why_holder(&in->socks[g[k].first], who, sizeof(who)));
	close_wait_age(f, in, c, in->socks[g[worst].first].pid);
	why_number(f, "close_wait", g[worst].n);
	why_next(f, "the application must close() what it reads EOF on: sockview -tanp "
		    "state close-wait");
	for (size_t i = 0; i < in->nsocks; i++)
		if (of_port(&in->socks[i], c) && in->socks[i].state == SV_STATE_CLOSE_WAIT)
			why_evidence(f, i);
}

/* The size of the ephemeral range, less the reserved ports in it. */
static uint32_t range_size(const struct sv_why_sys *sys)
{
	return sv_sockstats_range_size(sys->eph_lo, sys->eph_hi,
				       (sys->have & SV_WHY_HAVE_RESERVED) ? sys->reserved : NULL);
}

/* The fullest destination among the connections to the target: the
 * index of one of its sockets, and how many it has (counted per peer
 * address, the port being the target's). */
static size_t fullest(const struct sv_why_input *in, size_t *best)
{
	struct sv_epcount m = { 0 };
	size_t n = 0;

	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];
		struct sv_epcount_key k = { .family = s->family };
		long e;

		if (!to_target(s, in->target))
			continue;
		memcpy(k.addr, s->raddr, sizeof(k.addr));
		e = sv_epcount_add(&m, &k);
		if (e < 0)
			break;
		if (m.e[e].n > n)
			n = m.e[e].n, *best = i;
	}
	sv_epcount_free(&m);
	return n;
}

/* Ephemeral ports toward one destination (address and port): each
 * connection, TIME-WAIT included, holds one of the range's ports. */
static void ephemeral(struct why_ctx *c)
{
	const struct sv_why_input *in = c->in;
	size_t best = 0, n, tw = 0;
	struct sv_why_finding *f;
	const struct sv_why_sock *d;
	uint32_t size;
	char addr[SV_ADDR_MAX];

	if (!(in->sys.have & SV_WHY_HAVE_RANGE) || in->sys.eph_hi < in->sys.eph_lo)
		return;
	size = range_size(&in->sys);
	n = fullest(in, &best);
	if (!n || (uint64_t)n * 2 < size)
		return;
	f = why_add(c, SV_WHY_EPHEMERAL, (uint64_t)n * 10 >= (uint64_t)size * 9 ?
		    SV_WHY_CRITICAL : SV_WHY_WARNING);
	if (!f)
		return;
	d = &in->socks[best];
	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];

		if (to_target(s, in->target) && s->family == d->family &&
		    memcmp(s->raddr, d->raddr, 16) == 0) {
			tw += s->state == SV_STATE_TIME_WAIT;
			why_evidence(f, i);
		}
	}
	sv_addr_format(addr, sizeof(addr), d->family, d->raddr, true);
	why_say(f, "%zu of the %u ephemeral ports (%u-%u) are in use toward %s:%u "
		   "(%zu in TIME-WAIT): new connections to it fail with \"cannot assign "
		   "requested address\" once they run out. About %u new connections a "
		   "second to one destination are sustainable (the range over TIME-WAIT's "
		   "60 s).", n, size, in->sys.eph_lo, in->sys.eph_hi,
		addr, c->port, tw, size / 60);
	why_number(f, "in_use", n);
	why_number(f, "time_wait", tw);
	why_number(f, "range", size);
	why_next(f, "reuse connections (keep-alive, a pool); widen "
		    "net.ipv4.ip_local_port_range; spread over more destination addresses");
}

/* Connection attempts that get no answer. */
static void syn_sent(struct why_ctx *c)
{
	struct sv_why_finding *f = NULL;

	for (size_t i = 0; i < c->in->nsocks; i++) {
		if (!to_target(&c->in->socks[i], c->in->target) ||
		    c->in->socks[i].state != SV_STATE_SYN_SENT)
			continue;
		if (!f && !(f = why_add(c, SV_WHY_SYN_SENT, SV_WHY_WARNING)))
			return;
		why_evidence(f, i);
	}
	if (!f)
		return;
	why_say(f, "%zu connection attempt%s to port %u hang in SYN-SENT: the SYNs get no "
		   "answer (dropped or filtered on the way, no route back, or the server's "
		   "SYN queue is full).", f->nevidence + f->more,
		f->nevidence + f->more == 1 ? "" : "s", c->port);
	why_number(f, "syn_sent", f->nevidence + f->more);
	why_next(f, "nft list ruleset (here and on the way); ip route get ADDRESS; "
		    "tcpdump -ni any tcp port %u", c->port);
}

/* Established connections that stall: the peer's window shut (it does
 * not read), segments lost and sent again, or a send queue that grows. */
static void stalled(struct why_ctx *c)
{
	const struct sv_why_input *in = c->in;
	struct sv_why_finding *f = NULL;
	size_t zero = 0, lossy = 0, queued = 0;

	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];
		bool z, l, q;

		if (!of_port(s, c) || s->state != SV_STATE_ESTABLISHED || !s->has_info)
			continue;
		z = s->snd_wnd == 0 && s->wq > 0;
		l = s->lost > 0 || s->retrans > 0;
		q = s->wq >= 65536;
		if (!z && !l && !q)
			continue;
		if (!f && !(f = why_add(c, SV_WHY_STALLED, SV_WHY_WARNING)))
			return;
		zero += z, lossy += l, queued += q;
		why_evidence(f, i);
	}
	if (!f)
		return;
	why_say(f, "%zu connection%s on port %u stall:", f->nevidence + f->more,
		f->nevidence + f->more == 1 ? "" : "s", c->port);
	if (zero)
		why_say(f, " %zu with the peer's window shut (it does not read what is "
			   "sent);", zero);
	if (lossy)
		why_say(f, " %zu losing segments and sending them again (a lossy or "
			   "congested path);", lossy);
	if (queued)
		why_say(f, " %zu with 64 KiB or more unsent or unacknowledged;", queued);
	f->text[strlen(f->text) - 1] = '.';
	why_number(f, "zero_window", zero);
	why_number(f, "retransmitting", lossy);
	why_number(f, "send_queue_high", queued);
	why_next(f, "sockview -tni state established '( sport = :%u or dport = :%u )'",
		 c->port, c->port);
}

/* Resets and failed attempts the kernel counted while why watched. */
static void resets(struct why_ctx *c)
{
	const struct sv_why_input *in = c->in;
	uint64_t rst = 0, fails = 0;
	struct sv_why_finding *f;

	if (!in->target->to || !why_rise(in, SV_WHY_C_ATTEMPT_FAILS, &fails) ||
	    !(f = why_add(c, SV_WHY_RESETS, SV_WHY_INFO)))
		return;
	why_rise(in, SV_WHY_C_OUT_RSTS, &rst);
	why_say(f, "In %u.%03u s, %llu connection attempt%s of this namespace failed "
		   "(AttemptFails) and it sent %llu resets (OutRsts); the counters are not "
		   "per destination.", in->sample_ms / 1000, in->sample_ms % 1000,
		(unsigned long long)fails, fails == 1 ? "" : "s", (unsigned long long)rst);
	why_number(f, "attempt_fails", fails);
	why_number(f, "out_rsts", rst);
	why_next(f, "a refusal (a reset from the server) or a timeout: tcpdump -ni any "
		    "tcp port %u", c->port);
}

/* See why_priv.h. */
void why_rules_conns(struct why_ctx *c)
{
	struct sv_why_finding *f;
	bool likely = false;

	close_wait(c);
	ephemeral(c);
	syn_sent(c);
	stalled(c);
	resets(c);
	for (size_t i = 0; i < c->out->n; i++)
		likely |= c->out->f[i].severity >= SV_WHY_WARNING;
	if (!c->in->target->to || likely || !(f = why_add(c, SV_WHY_NOTHING_LOCAL, SV_WHY_INFO)))
		return;
	why_say(f, "Nothing on this host explains a failure to reach port %u: no attempt "
		   "hangs, no ports are short. What lies between (a firewall, a route) or "
		   "the server's host may.", c->port);
	why_next(f, "nft list ruleset; ip route get ADDRESS; on the server: sockview why %u",
		 c->port);
}
