/* why_rules.c - `sockview why`'s rules about the server's side (why.h):
 * nothing listening, the wrong address or family, a full accept queue,
 * half-open floods, a port taken or left in TIME-WAIT, its range. Pure. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/addr.h"
#include "sockview/escape.h"
#include "sockview/services.h"
#include "sockview/sock.h"
#include "sockview/tables.h"

#include "why_priv.h"

/* ago as "3 h 5 min", "12 min" or "40 s". */
static void say_ago(struct sv_why_finding *f, int64_t s)
{
	if (s >= 86400)
		why_say(f, "%lld d %lld h", (long long)(s / 86400), (long long)(s % 86400 / 3600));
	else if (s >= 3600)
		why_say(f, "%lld h %lld min", (long long)(s / 3600), (long long)(s % 3600 / 60));
	else if (s >= 60)
		why_say(f, "%lld min", (long long)(s / 60));
	else
		why_say(f, "%lld s", (long long)s);
}

/* --baseline: the listeners that took the target in the dump recorded
 * earlier, which are gone now: the service stopped, or moved. */
static void earlier(struct why_ctx *c, struct sv_why_finding *f)
{
	const struct sv_why_input *in = c->in;
	char name[160], a[SV_ADDR_MAX];
	size_t n = 0;

	for (size_t i = 0; i < in->nearlier; i++) {
		const struct sv_why_sock *s = &in->earlier[i];

		if (!why_tcp(s) || s->state != SV_STATE_LISTEN || s->lport != c->port ||
		    !why_takes(s, in->target))
			continue;
		if (n++ == 0) {
			sv_escape_text(name, sizeof(name), in->earlier_name,
				       strlen(in->earlier_name));
			why_say(f, " In %s (", name);
			if (in->earlier_age_s >= 0) {
				why_say(f, "written ");
				say_ago(f, in->earlier_age_s);
				why_say(f, " ago");
			} else {
				why_say(f, "a recorded dump");
			}
			why_say(f, ") it listened on");
		}
		sv_addr_format(a, sizeof(a), s->family, s->laddr, s->v6only);
		why_say(f, "%s %s:%u", n > 1 ? "," : "", a, s->lport);
	}
	if (n)
		why_say(f, ": the service has stopped since, or moved.");
	else if (in->earlier_name)
		why_say(f, " Nothing listened on it in the baseline either.");
	if (in->earlier_name)
		why_number(f, "baseline_listeners", n);
}

/* Nothing takes the target: the listeners on other addresses, UDP on the
 * port, TCP listeners of the same service on other ports; what listened in
 * a baseline dump. */
static void no_listener(struct why_ctx *c)
{
	const struct sv_why_input *in = c->in;
	const char *svc = sv_services_name(c->port, SV_PROTO_TCP);
	struct sv_why_finding *f = why_add(c, c->listeners ? SV_WHY_OTHER_ADDRESS :
					       SV_WHY_NO_LISTENER, SV_WHY_CRITICAL);
	size_t udp = 0;

	if (!f)
		return;
	why_say(f, c->listeners ? "Nothing listens on the address asked for, port %u: "
				  "the listeners on TCP port %u take other addresses, so "
				  "connections to it are refused." :
				  "Nothing listens on TCP port %u: connections to it are "
				  "refused.", c->port, c->port);
	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];

		if (why_tcp(s) && s->state == SV_STATE_LISTEN && s->lport == c->port)
			why_evidence(f, i);
		else if (s->table == SV_TABLE_UDP && s->lport == c->port && !s->rport)
			why_evidence(f, i), udp++;
	}
	if (udp)
		why_say(f, " UDP port %u is bound: does the client use the right protocol?",
			c->port);
	if (!c->listeners)
		earlier(c, f);
	if (in->nat_err)
		why_say(f, " The kernel's NAT rules could not be read (%s): a port published "
			   "by a DNAT rule (Docker without its userland proxy) would not show.",
			in->nat_err == -EPERM ? "it needs CAP_NET_ADMIN" :
			in->nat_err == -ENOSYS ? "sockview was built without libnftables" :
			strerror(-in->nat_err));
	for (size_t i = 0; svc && i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];
		const char *other = s->state == SV_STATE_LISTEN && why_tcp(s) &&
				    s->lport != c->port ? sv_services_name(s->lport, SV_PROTO_TCP) : NULL;

		if (other && strncmp(other, svc, strlen(svc)) == 0)
			why_evidence(f, i); /* http: http-alt on 8080 */
	}
	why_next(f, c->listeners ? "sockview -tlnp sport = :%u (which addresses it takes); "
				   "bind the service to 0.0.0.0 or [::] or to this address" :
		 "start the service, or find the port it uses: sockview -tlnp", c->port);
}

/* The listeners that take the target, as evidence of f. */
static void listeners_of(struct why_ctx *c, struct sv_why_finding *f)
{
	for (size_t i = 0; i < c->in->nsocks; i++) {
		const struct sv_why_sock *s = &c->in->socks[i];

		if (why_tcp(s) && s->state == SV_STATE_LISTEN && s->lport == c->port &&
		    why_takes(s, c->in->target))
			why_evidence(f, i);
	}
}

/* Nothing listens here, but in other network namespaces: a container's
 * port that no forward publishes here. */
static void elsewhere(struct why_ctx *c)
{
	const struct sv_why_input *in = c->in;
	struct sv_why_finding *f;
	char who[120];

	if (!in->nelsewhere || !(f = why_add(c, SV_WHY_ELSEWHERE, SV_WHY_INFO)))
		return;
	f->elsewhere = true;
	why_say(f, "TCP port %u is served in another network namespace, %s, by %s: a "
		   "client here reaches it only through a forward (a published port: "
		   "docker run -p, a DNAT rule, a proxy).", c->port, in->elsewhere[0].netns,
		why_holder(&in->elsewhere[0].s, who, sizeof(who)));
	if (in->nelsewhere > 1)
		why_say(f, " %zu listeners in all.", in->nelsewhere);
	for (size_t i = 0; i < in->nelsewhere; i++)
		why_evidence(f, i);
	why_next(f, "sockview --all-netns -tlnp sport = :%u; publish the port, or connect "
		    "to the namespace's own address", c->port);
}

/* Listeners only on loopback, or only on one family. */
static void reach(struct why_ctx *c)
{
	const struct sv_why_input *in = c->in;
	const struct sv_why_target *t = in->target;
	bool lo_only = true, v4 = false, v6 = false;
	struct sv_why_finding *f;

	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];

		if (!why_tcp(s) || s->state != SV_STATE_LISTEN || s->lport != c->port ||
		    !why_takes(s, t))
			continue;
		lo_only &= why_loopback(s->family, s->laddr);
		v4 |= s->family == AF_INET || !s->v6only;
		v6 |= s->family == AF_INET6;
	}
	if (lo_only && !(t->kind == SV_WHY_ADDR_PORT && why_loopback(t->family, t->addr))) {
		f = why_add(c, SV_WHY_LOOPBACK_ONLY, SV_WHY_WARNING);
		if (!f)
			return;
		why_say(f, "TCP port %u listens on loopback only: clients on this host reach "
			   "it, other hosts are refused.", c->port);
		why_next(f, "bind the service to 0.0.0.0 or [::] (or to the address clients "
			    "use) in its configuration");
	} else if (!lo_only && (!v4 || !v6) && t->kind == SV_WHY_PORT) {
		f = why_add(c, SV_WHY_ONE_FAMILY, SV_WHY_INFO);
		if (!f)
			return;
		why_say(f, "TCP port %u listens on %s only: %s clients are refused.", c->port,
			v4 ? "IPv4" : "IPv6 (v6only)", v4 ? "IPv6" : "IPv4");
		why_next(f, "if %s clients should reach it, listen on [::] without v6only, "
			    "or on both families", v4 ? "IPv6" : "IPv4");
	} else {
		return;
	}
	listeners_of(c, f);
}

/* A listener whose accept queue is full or nearly (Recv-Q against the
 * backlog in Send-Q), and the kernel's listen drop counters. */
static void accept_queue(struct why_ctx *c)
{
	const struct sv_why_input *in = c->in;
	struct sv_why_finding *f = NULL;

	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];
		char who[120];

		if (!why_tcp(s) || s->state != SV_STATE_LISTEN || s->lport != c->port ||
		    !s->wq || (uint64_t)s->rq * 10 < (uint64_t)s->wq * 8)
			continue;
		if (!f && !(f = why_add(c, SV_WHY_ACCEPT_QUEUE, s->rq >= s->wq ?
					SV_WHY_CRITICAL : SV_WHY_WARNING)))
			return;
		if (f->nevidence == 0) {
			why_say(f, "The accept queue of TCP port %u is %s: %u connections wait "
				   "for %s to accept them, of a backlog of %u; new ones are "
				   "dropped (clients see timeouts, not refusals).", c->port,
				s->rq >= s->wq ? "full" : "nearly full", s->rq,
				why_holder(s, who, sizeof(who)), s->wq);
			why_number(f, "accept_queue", s->rq);
			why_number(f, "backlog", s->wq);
			why_next(f, "the application accepts too slowly: look at its workers; "
				    "a bigger backlog (listen(), net.core.somaxconn) only buys "
				    "time");
		}
		why_evidence(f, i);
	}
}

/* The kernel dropped connections to listeners while why watched (the
 * counters are the namespace's, not the port's). */
static void listen_drops(struct why_ctx *c)
{
	uint64_t over = 0, drops = 0;
	struct sv_why_finding *f;
	bool overflowed;

	if (!c->in->live && c->served && (f = why_add(c, SV_WHY_LISTEN_DROPS, SV_WHY_INFO))) {
		f->unavailable = true;
		why_say(f, "Whether the kernel drops connections to this listener (ListenDrops, "
			   "ListenOverflows) is not in a recorded dump.");
		why_next(f, "sockview why %u on the host, live", c->port);
		return;
	}
	overflowed = why_rise(c->in, SV_WHY_C_LISTEN_OVERFLOWS, &over);
	if (!why_rise(c->in, SV_WHY_C_LISTEN_DROPS, &drops) && !overflowed)
		return;
	f = why_add(c, SV_WHY_LISTEN_DROPS, c->served ? SV_WHY_WARNING : SV_WHY_INFO);
	if (!f)
		return;
	why_say(f, "In %u.%03u s the kernel dropped %llu connection%s to listeners of this "
		   "namespace (ListenDrops), %llu of them for a full accept queue "
		   "(ListenOverflows); the counters are not per port.",
		c->in->sample_ms / 1000, c->in->sample_ms % 1000, (unsigned long long)drops,
		drops == 1 ? "" : "s", (unsigned long long)over);
	why_number(f, "listen_drops", drops);
	why_number(f, "listen_overflows", over);
	why_next(f, "sockview -tln (Recv-Q against Send-Q shows which listener is full)");
}

/* Many half-open connections on the port: a SYN flood, or clients that
 * never finish the handshake; and whether syncookies answer for them. */
static void syn_recv(struct why_ctx *c)
{
	const struct sv_why_input *in = c->in;
	struct sv_why_finding *f;
	uint32_t backlog = 0;
	size_t n = 0;
	uint64_t full = 0;

	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];

		if (why_tcp(s) && s->lport == c->port && s->state == SV_STATE_SYN_RECV)
			n++;
		if (why_tcp(s) && s->lport == c->port && s->state == SV_STATE_LISTEN &&
		    s->wq > backlog)
			backlog = s->wq;
	}
	if (n < 64 && (!backlog || n * 2 < backlog))
		return;
	f = why_add(c, SV_WHY_SYN_RECV, SV_WHY_WARNING);
	if (!f)
		return;
	why_say(f, "%zu half-open connections (SYN-RECV) on TCP port %u: a SYN flood, or "
		   "clients whose handshake never completes.", n, c->port);
	if (in->sys.have & SV_WHY_HAVE_COOKIES)
		why_say(f, " Syncookies are %s (net.ipv4.tcp_syncookies = %u).",
			in->sys.syncookies ? "on: a full SYN queue is answered with cookies" :
			"off: a full SYN queue drops new clients", in->sys.syncookies);
	if (why_rise(in, SV_WHY_C_REQQ_DROP, &full))
		why_say(f, " %llu SYNs were dropped for a full queue while why watched "
			   "(TCPReqQFullDrop).", (unsigned long long)full);
	why_number(f, "syn_recv", n);
	why_next(f, "sockview -tn state syn-recv sport = :%u (where they come from)", c->port);
	for (size_t i = 0; i < in->nsocks; i++)
		if (why_tcp(&in->socks[i]) && in->socks[i].lport == c->port &&
		    in->socks[i].state == SV_STATE_SYN_RECV)
			why_evidence(f, i);
}

/* With nothing listening: the port held by a connection (a client's
 * ephemeral port), or bound without listening: a server cannot bind it. */
static void port_taken(struct why_ctx *c)
{
	const struct sv_why_input *in = c->in;
	struct sv_why_finding *taken = NULL, *bound = NULL;

	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];
		char who[120];

		if (!why_tcp(s) || s->lport != c->port || s->state == SV_STATE_LISTEN ||
		    s->state == SV_STATE_TIME_WAIT || s->state == SV_STATE_SYN_RECV)
			continue;
		if (s->state == SV_STATE_CLOSE || s->state == SV_STATE_BOUND_INACTIVE) {
			if (!bound && (bound = why_add(c, SV_WHY_BOUND_ONLY, SV_WHY_CRITICAL))) {
				why_say(bound, "A socket of %s is bound to TCP port %u but does not "
					       "listen: a server cannot bind the port (\"address "
					       "already in use\") and clients are refused.",
					why_holder(s, who, sizeof(who)), c->port);
				why_next(bound, "a program that binds and never calls listen(), or "
						"stopped between the two: sockview -tanp -B "
						"sport = :%u", c->port);
			}
			if (bound)
				why_evidence(bound, i);
		} else if (!c->listeners && s->rport != 0) {
			if (!taken && (taken = why_add(c, SV_WHY_PORT_TAKEN, SV_WHY_CRITICAL))) {
				why_say(taken, "TCP port %u is the local port of a connection of %s "
					       "(a client took it as its ephemeral port): a server "
					       "that binds it fails with \"address already in "
					       "use\".", c->port, why_holder(s, who, sizeof(who)));
				why_next(taken, "reserve the port for the server: sysctl -w "
						"net.ipv4.ip_local_reserved_ports=%u", c->port);
			}
			if (taken)
				why_evidence(taken, i);
		}
	}
}

/* TIME-WAIT leftovers on the port with nothing listening: the server
 * stopped; they hold nothing a new server needs (with SO_REUSEADDR). */
static void time_wait(struct why_ctx *c)
{
	const struct sv_why_input *in = c->in;
	struct sv_why_finding *f = NULL;
	uint32_t last = 0;
	size_t n = 0;

	if (c->listeners)
		return;
	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];

		if (!why_tcp(s) || s->lport != c->port || s->state != SV_STATE_TIME_WAIT)
			continue;
		if (!f && !(f = why_add(c, SV_WHY_TIME_WAIT, SV_WHY_INFO)))
			return;
		n++;
		if (s->has_timer && s->timer_ms > last)
			last = s->timer_ms;
		why_evidence(f, i);
	}
	if (!f)
		return;
	why_say(f, "%zu TIME-WAIT connection%s of an earlier server remain on TCP port %u",
		n, n == 1 ? "" : "s", c->port);
	if (last)
		why_say(f, " (the last ends in %u.%u s)", last / 1000, last % 1000 / 100);
	why_say(f, ": nothing holds them and nothing needs killing; a server that sets "
		   "SO_REUSEADDR binds the port at once.");
	why_number(f, "time_wait", n);
	why_next(f, "start the server (with SO_REUSEADDR, as most do)");
}

/* The port against the host's ranges: privileged, reserved, ephemeral. */
static void port_range(struct why_ctx *c)
{
	const struct sv_why_sys *sys = &c->in->sys;
	enum sv_why_severity sev = c->listeners ? SV_WHY_INFO : SV_WHY_WARNING;
	struct sv_why_finding *f;
	bool priv = (sys->have & SV_WHY_HAVE_UNPRIV) && c->port < sys->unpriv_start;
	bool eph = (sys->have & SV_WHY_HAVE_RANGE) && c->port >= sys->eph_lo &&
		   c->port <= sys->eph_hi;
	bool rsv = (sys->have & SV_WHY_HAVE_RESERVED) &&
		   (sys->reserved[c->port / 8] >> (c->port % 8) & 1);

	if (!(priv && !c->listeners) && !(eph && !rsv))
		return;
	f = why_add(c, SV_WHY_PORT_RANGE, eph && !rsv && !c->listeners ? sev : SV_WHY_INFO);
	if (!f)
		return;
	if (priv && !c->listeners)
		why_say(f, "TCP port %u is privileged (below net.ipv4.ip_unprivileged_port_start"
			   " = %u): a server must run as root or with CAP_NET_BIND_SERVICE to "
			   "bind it.", c->port, sys->unpriv_start);
	if (eph && !rsv)
		why_say(f, "%sTCP port %u is inside the ephemeral range %u-%u "
			   "(net.ipv4.ip_local_port_range): an outgoing connection may take it "
			   "before the server binds it.", f->text[0] ? " " : "", c->port, sys->eph_lo,
			sys->eph_hi);
	why_next(f, eph && !rsv ? "sysctl -w net.ipv4.ip_local_reserved_ports=%u "
				  "(keeps clients off it)" :
		 "run the server with CAP_NET_BIND_SERVICE (systemd: AmbientCapabilities=)",
		 c->port);
}

/* A listener bound to one interface (%dev) or to one address. */
static void device(struct why_ctx *c)
{
	struct sv_why_finding *f = NULL;

	for (size_t i = 0; i < c->in->nsocks; i++) {
		const struct sv_why_sock *s = &c->in->socks[i];

		if (!why_tcp(s) || s->state != SV_STATE_LISTEN || s->lport != c->port ||
		    !why_takes(s, c->in->target) || (!s->ifindex &&
		    (why_wildcard(s->family, s->laddr) || why_loopback(s->family, s->laddr))))
			continue;
		if (!f && !(f = why_add(c, SV_WHY_DEVICE, SV_WHY_INFO)))
			return;
		if (!f->nevidence) {
			why_say(f, "TCP port %u takes connections only %s.", c->port,
				s->ifindex ? "that arrive on one interface (%dev)" :
				"to one address of this host");
			why_next(f, "clients must use that address; bind to 0.0.0.0 or [::] "
				    "to take every address");
		}
		why_evidence(f, i);
	}
}

/* Findings in the manual's order: the most severe first, then by code. */
static int by_code(const void *a, const void *b)
{
	const struct sv_why_finding *x = a, *y = b;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return (x->code > y->code) - (x->code < y->code);
}

/* See why.h. */
void sv_why_diagnose(const struct sv_why_input *in, struct sv_why_report *out)
{
	struct why_ctx c = { .in = in, .out = out, .port = in->target->port };

	memset(out, 0, sizeof(*out));
	if (in->target->kind == SV_WHY_UNIX) {
		why_rules_unix(&c);
		goto done;
	}
	for (size_t i = 0; i < in->nsocks; i++) {
		const struct sv_why_sock *s = &in->socks[i];

		if (why_tcp(s) && s->state == SV_STATE_LISTEN && s->lport == c.port) {
			c.listeners++;
			c.served += why_takes(s, in->target);
		}
	}
	out->listeners = c.served;
	if (!in->target->to) {
		if (!c.served && in->forward && (in->forward->kind == SV_WHY_FWD_DNAT ||
						 in->forward->kind == SV_WHY_FWD_REDIRECT)) {
			why_forwarded(&c); /* the kernel's NAT serves it */
		} else if (!c.served) {
			no_listener(&c);
			elsewhere(&c);
		}
		port_taken(&c);
		if (c.served) {
			why_forwarded(&c);
			reach(&c);
			accept_queue(&c);
			syn_recv(&c);
			device(&c);
		}
		listen_drops(&c);
		time_wait(&c);
		port_range(&c);
	}
	why_rules_conns(&c);
done:
	/* each code is found at most once: the order is total */
	qsort(out->f, out->n, sizeof(out->f[0]), by_code);
	for (size_t i = 0; i < out->n; i++)
		out->likely |= out->f[i].severity >= SV_WHY_WARNING;
}
