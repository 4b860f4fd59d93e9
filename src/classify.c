/* classify.c - port classes, ephemeral ports and connection roles. */
#include <string.h>

#include "sockview/classify.h"
#include "sockview/services.h"

/* See classify.h. */
void sv_classify_init(struct sv_classify *c, uint16_t eph_lo, uint16_t eph_hi)
{
	memset(c->served, 0, sizeof(c->served));
	c->eph_lo = eph_lo;
	c->eph_hi = eph_hi;
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
	if (s->table < SV_TABLE_MAX && serves(s))
		c->served[s->table][s->lport >> 3] |= (uint8_t)(1u << (s->lport & 7));
}

/* See classify.h. */
bool sv_classify_served(const struct sv_classify *c, enum sv_table t,
			uint16_t port)
{
	return t < SV_TABLE_MAX && (c->served[t][port >> 3] >> (port & 7)) & 1;
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
	bool served = sv_classify_served(c, t, s->lport);

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
