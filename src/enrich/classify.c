/* classify.c - port classes, ephemeral ports and connection roles. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/classify.h"
#include "sockview/services.h"
#include "sockview/tables.h"

/* See classify.h. */
void sv_classify_init(struct sv_classify *c, uint16_t eph_lo, uint16_t eph_hi)
{
	memset(c, 0, sizeof(*c));
	c->eph_lo = eph_lo;
	c->eph_hi = eph_hi;
}

/* See classify.h. */
void sv_classify_release(struct sv_classify *c)
{
	sv_classify_unix_release(c);
	free(c->autob);
	c->autob = NULL;
	c->nautob = c->autob_cap = 0;
}

static size_t cookie_slot(uint64_t cookie, size_t cap)
{
	return (size_t)((cookie * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & (cap - 1);
}

static bool is_autobound(const struct sv_classify *c, uint64_t cookie)
{
	if (!c->autob_cap || cookie == 0)
		return false;
	for (size_t i = cookie_slot(cookie, c->autob_cap); c->autob[i];
	     i = (i + 1) & (c->autob_cap - 1))
		if (c->autob[i] == cookie)
			return true;
	return false;
}

static void autob_put(uint64_t *set, size_t cap, uint64_t cookie)
{
	size_t i = cookie_slot(cookie, cap);

	while (set[i] && set[i] != cookie)
		i = (i + 1) & (cap - 1);
	set[i] = cookie;
}

/* See classify.h. Cookie 0 (none) is never stored. */
int sv_classify_note_autobound(struct sv_classify *c, const struct sv_sock *s)
{
	if (s->cookie == 0)
		return 0;
	if (2 * (c->nautob + 1) > c->autob_cap) {
		size_t ncap = c->autob_cap ? c->autob_cap * 2 : 256;
		uint64_t *n = calloc(ncap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		for (size_t i = 0; i < c->autob_cap; i++)
			if (c->autob[i])
				autob_put(n, ncap, c->autob[i]);
		free(c->autob);
		c->autob = n;
		c->autob_cap = ncap;
	}
	if (!is_autobound(c, s->cookie))
		c->nautob++;
	autob_put(c->autob, c->autob_cap, s->cookie);
	return 0;
}

static size_t slot_of(enum sv_table t, uint16_t port)
{
	return ((size_t)port * 2654435761u + t) & (SV_CLASSIFY_SLOTS - 1);
}

static size_t addr_len(uint8_t family)
{
	return family == AF_INET ? 4 : 16;
}

/* Remember a listener's address (bounded: see SV_CLASSIFY_SLOTS). */
static void add_listener(struct sv_classify *c, const struct sv_sock *s)
{
	static const uint8_t zero[16];
	size_t i = slot_of((enum sv_table)s->table, s->lport);
	struct sv_listener *l;

	if (c->nlst >= SV_CLASSIFY_SLOTS / 2) {
		c->overflow = true;
		return;
	}
	while (c->lst[i].family)
		i = (i + 1) & (SV_CLASSIFY_SLOTS - 1);
	l = &c->lst[i];
	l->port = s->lport;
	l->table = s->table;
	l->family = s->family;
	memcpy(l->addr, s->laddr, 16);
	l->wild = memcmp(s->laddr, zero, addr_len(s->family)) == 0;
	l->v6only = s->v6only;
	c->nlst++;
}

/* Is s of a table whose records have ports (the rules of classify.h
 * are about ports)? */
static bool has_ports(const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	return d && d->ports;
}

/* A socket in one of its table's serving states, with a port. */
static bool serves(const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	return d && d->ports && s->lport != 0 && (d->serving_states >> s->state) & 1;
}

/* See classify.h. */
int sv_classify_note_inet(struct sv_classify *c, const struct sv_sock *s)
{
	if (s->table < SV_TABLE_MAX && serves(s)) {
		c->served[s->table][s->lport >> 3] |= (uint8_t)(1u << (s->lport & 7));
		add_listener(c, s);
	}
	return 0;
}

/* See classify.h. */
int sv_classify_note(struct sv_classify *c, const struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	return d && d->note ? d->note(c, s) : 0;
}

/* See classify.h. */
bool sv_classify_served(const struct sv_classify *c, enum sv_table t,
			uint16_t port)
{
	return t < SV_TABLE_MAX && (c->served[t][port >> 3] >> (port & 7)) & 1;
}

/* See classify.h. */
bool sv_classify_serves_sock(const struct sv_classify *c,
			     const struct sv_sock *s)
{
	enum sv_table t = s->table < SV_TABLE_MAX ? (enum sv_table)s->table : SV_TABLE_TCP;
	size_t i;

	if (!sv_classify_served(c, t, s->lport))
		return false;
	if (c->overflow)
		return true;
	for (i = slot_of(t, s->lport); c->lst[i].family; i = (i + 1) & (SV_CLASSIFY_SLOTS - 1)) {
		const struct sv_listener *l = &c->lst[i];

		if (l->port != s->lport || l->table != t || l->family != s->family)
			continue;
		if (l->wild || memcmp(l->addr, s->laddr, addr_len(s->family)) == 0)
			return true;
	}
	return false;
}

/* ::ffff:a.b.c.d */
static bool is_mapped(const uint8_t *a)
{
	static const uint8_t head[12] = { [10] = 0xff, [11] = 0xff };

	return memcmp(a, head, sizeof(head)) == 0;
}

/* Does listener l take connections to (family, addr)? A wildcard takes an
 * address of this host only (else the peer is another host's port); an
 * IPv4 address (plain or v4-mapped) also reaches an IPv4 listener and a
 * dual-stack IPv6 wildcard. */
static bool takes(const struct sv_classify *c, const struct sv_listener *l,
		  uint8_t family, const uint8_t *addr)
{
	bool v4 = family == AF_INET || is_mapped(addr);
	const uint8_t *a4 = family == AF_INET ? addr : addr + 12;

	if (!l->wild)
		return (l->family == family && memcmp(l->addr, addr, addr_len(family)) == 0) ||
		       (l->family == AF_INET && v4 && memcmp(l->addr, a4, 4) == 0);
	if (l->family == AF_INET6 && !v4)
		return sv_localaddr_is_local(c->local, AF_INET6, addr);
	if (l->family == AF_INET6 && l->v6only)
		return false;
	return v4 && sv_localaddr_is_local(c->local, AF_INET, a4);
}

/* Is the socket's peer a listener of this host (then the socket is the
 * client)? Past the listener slots, it cannot be told: no. */
static bool peer_is_listener(const struct sv_classify *c, const struct sv_sock *s)
{
	enum sv_table t = s->table < SV_TABLE_MAX ? (enum sv_table)s->table : SV_TABLE_TCP;

	if (s->rport == 0 || c->overflow || !sv_classify_served(c, t, s->rport))
		return false;
	for (size_t i = slot_of(t, s->rport); c->lst[i].family; i = (i + 1) & (SV_CLASSIFY_SLOTS - 1)) {
		const struct sv_listener *l = &c->lst[i];

		if (l->port == s->rport && l->table == t && takes(c, l, s->family, s->raddr))
			return true;
	}
	return false;
}

/* See classify.h. */
bool sv_classify_in_range(const struct sv_classify *c, uint16_t port)
{
	return port >= c->eph_lo && port <= c->eph_hi;
}

/* Rules 0 and 1 of classify.h; SV_ROLE_NONE when they do not decide. */
static enum sv_role role_by_state_or_listener(const struct sv_classify *c,
					      const struct sv_sock *s)
{
	if (serves(s))
		return SV_ROLE_LISTEN;
	if (s->state == SV_STATE_SYN_RECV)
		return SV_ROLE_IN;
	if (s->state == SV_STATE_SYN_SENT)
		return SV_ROLE_OUT;
	if (sv_classify_serves_sock(c, s))
		return SV_ROLE_IN;
	if (peer_is_listener(c, s))
		return SV_ROLE_OUT;
	return SV_ROLE_NONE;
}

/* Only a connection with both ports in the ephemeral range needs rule 2:
 * for the others rule 3 decides as well (the autobound condition includes
 * a local port in the range). TIME-WAIT entries carry no bind flag. */
static bool both_ephemeral(const struct sv_classify *c, const struct sv_sock *s)
{
	return s->state != SV_STATE_TIME_WAIT && s->lport != 0 && s->rport != 0 &&
	       sv_classify_in_range(c, s->lport) && sv_classify_in_range(c, s->rport);
}

/* See classify.h. */
void sv_classify_autobound_known(struct sv_classify *c, enum sv_table t, int family)
{
	if (t >= SV_TABLE_MAX)
		return;
	if (family != AF_INET6) /* AF_UNSPEC: a dump of both */
		c->autob_known[t][0] = true;
	if (family != AF_INET)
		c->autob_known[t][1] = true;
}

/* See classify.h. */
bool sv_classify_needs_autobound(const struct sv_classify *c, const struct sv_sock *s)
{
	if (!has_ports(s) || c->autob_known[s->table][s->family == AF_INET6])
		return false;
	return both_ephemeral(c, s) && role_by_state_or_listener(c, s) == SV_ROLE_NONE;
}

/* The role by the rules of classify.h. */
static enum sv_role role_of(const struct sv_classify *c, const struct sv_sock *s)
{
	enum sv_role r = role_by_state_or_listener(c, s);
	bool l_eph, r_eph;

	if (r != SV_ROLE_NONE)
		return r;
	if (both_ephemeral(c, s) && is_autobound(c, s->cookie))
		return SV_ROLE_OUT;
	l_eph = s->lport != 0 && sv_classify_in_range(c, s->lport);
	r_eph = s->rport != 0 && sv_classify_in_range(c, s->rport);
	if (l_eph && !r_eph && s->rport != 0)
		return SV_ROLE_OUT;
	if (r_eph && !l_eph && s->lport != 0)
		return SV_ROLE_IN;
	return SV_ROLE_UNKNOWN;
}

/* See classify.h. */
void sv_classify_sock(const struct sv_classify *c, struct sv_sock *s)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);

	s->role = SV_ROLE_NONE;
	s->class_name = NULL;
	s->port_class = 0;
	s->ephemeral = false;
	s->service = NULL;
	s->class_name = NULL;
	if (d && d->classify)
		d->classify(c, s);
}

/* See classify.h. */
void sv_classify_sock_inet(const struct sv_classify *c, struct sv_sock *s)
{
	enum sv_proto t = sv_tables_proto((enum sv_table)s->table);

	if (!has_ports(s)) /* no port rules: nothing is decided here */
		return;
	s->role = (uint8_t)role_of(c, s);
	s->port_class = (uint8_t)sv_services_class(s->lport);
	s->ephemeral = s->role == SV_ROLE_OUT && s->lport != 0 &&
		       sv_classify_in_range(c, s->lport);
	switch (s->role) {
	case SV_ROLE_OUT:
		s->service = s->rport ? sv_services_name(s->rport, t) : NULL;
		break;
	case SV_ROLE_UNKNOWN:
		s->service = NULL;
		break;
	default:
		s->service = s->lport ? sv_services_name(s->lport, t) : NULL;
	}
}

/* See classify.h. */
const char *sv_classify_role_name(enum sv_role role)
{
	switch (role) {
	case SV_ROLE_LISTEN: return "listen";
	case SV_ROLE_IN: return "in";
	case SV_ROLE_OUT: return "out";
	case SV_ROLE_UNKNOWN: return "unknown";
	default: return "-";
	}
}
