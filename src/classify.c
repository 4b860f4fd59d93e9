/* classify.c - port classes, ephemeral ports and connection roles. */
#include <string.h>
#include <sys/socket.h>

#include "sockview/classify.h"
#include "sockview/services.h"

/* See classify.h. */
void sv_classify_init(struct sv_classify *c, uint16_t eph_lo, uint16_t eph_hi)
{
	memset(c, 0, sizeof(*c));
	c->eph_lo = eph_lo;
	c->eph_hi = eph_hi;
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
	c->nlst++;
}

static bool serves(const struct sv_sock *s)
{
	if (s->lport == 0)
		return false;
	if (s->table == SV_TABLE_TCP)
		return s->state == SV_STATE_LISTEN;
	return s->state == SV_STATE_CLOSE;
}

/* See classify.h. */
void sv_classify_note(struct sv_classify *c, const struct sv_sock *s)
{
	if (s->table < SV_TABLE_MAX && serves(s)) {
		c->served[s->table][s->lport >> 3] |= (uint8_t)(1u << (s->lport & 7));
		add_listener(c, s);
	}
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

/* See classify.h. */
bool sv_classify_in_range(const struct sv_classify *c, uint16_t port)
{
	return port >= c->eph_lo && port <= c->eph_hi;
}

/* See classify.h. */
void sv_classify_sock(const struct sv_classify *c, struct sv_sock *s)
{
	enum sv_table t = s->table < SV_TABLE_MAX ? (enum sv_table)s->table : SV_TABLE_TCP;
	bool served = sv_classify_serves_sock(c, s);

	if (serves(s))
		s->role = SV_ROLE_LISTEN;
	else if (served || s->state == SV_STATE_SYN_RECV)
		s->role = SV_ROLE_IN;
	else
		s->role = SV_ROLE_OUT;
	s->port_class = (uint8_t)sv_services_class(s->lport);
	s->ephemeral = s->role != SV_ROLE_LISTEN && !served && s->lport != 0 &&
		       sv_classify_in_range(c, s->lport);
	if (s->role == SV_ROLE_OUT)
		s->service = s->rport ? sv_services_name(s->rport, t) : NULL;
	else
		s->service = s->lport ? sv_services_name(s->lport, t) : NULL;
}

/* See classify.h. */
const char *sv_classify_role_name(enum sv_role role)
{
	switch (role) {
	case SV_ROLE_LISTEN: return "listen";
	case SV_ROLE_IN: return "in";
	case SV_ROLE_OUT: return "out";
	default: return "-";
	}
}
