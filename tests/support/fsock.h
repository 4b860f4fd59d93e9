/* fsock.h - test helper: a classified inet socket as the listing hands it
 * to an output (table, family, state, endpoints, role; its port class and
 * ephemeral mark from its local port), shared by the output suites
 * (test_format_prom.c, test_sockstats.c, test_summary_own.c). Include it
 * after cmocka.h. */
#ifndef SOCKVIEW_TEST_FSOCK_H
#define SOCKVIEW_TEST_FSOCK_H

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/sock.h"
#include "sockview/tables.h"

/* An inet socket; an IPv6 one when laddr has a ':'. Its local port is
 * ephemeral for an outbound socket when it lies in [eph_lo, eph_hi]. */
static inline struct sv_sock fsock_inet(enum sv_table t, enum sv_state st, const char *laddr,
					uint16_t lport, const char *raddr, uint16_t rport,
					enum sv_role role, uint16_t eph_lo, uint16_t eph_hi)
{
	struct sv_sock s;
	uint8_t fam = strchr(laddr, ':') ? AF_INET6 : AF_INET;

	memset(&s, 0, sizeof(s));
	s.table = (uint8_t)t;
	s.family = fam;
	s.state = (uint8_t)st;
	assert_int_equal(inet_pton(fam, laddr, s.laddr), 1);
	assert_int_equal(inet_pton(fam, raddr, s.raddr), 1);
	s.lport = lport;
	s.rport = rport;
	s.role = (uint8_t)role;
	s.port_class = lport < 1024 ? SV_CLASS_WELL_KNOWN : lport < 49152 ? SV_CLASS_REGISTERED :
		       SV_CLASS_DYNAMIC;
	s.ephemeral = role == SV_ROLE_OUT && lport >= eph_lo && lport <= eph_hi;
	return s;
}

#endif
