/* test_format_borrow.c - how the ports of dccp, sctp and mptcp are named:
 * after the last of raw, udp and tcp listed in the run, as ss does
 * (format.h, enum sv_fmt_borrow), and the database lookup for "any
 * protocol" (getservbyport(port, NULL)). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/format.h"
#include "sockview/format_cells_misc.h"
#include "sockview/sysprotocols.h"
#include "sockview/sysservices.h"
#include "sockview/tables.h"

#define TB(t) (1u << SV_TABLE_##t)

/* database order matters: the first entry of a port wins */
static const struct sv_sysservices_entry entries[] = {
	{ "udpfirst", NULL, 4000, SV_PROTO_UDP },
	{ "tcpsecond", NULL, 4000, SV_PROTO_TCP },
	{ "tcpfirst", NULL, 4100, SV_PROTO_TCP },
	{ "udpsecond", NULL, 4100, SV_PROTO_UDP },
	{ "udponly", NULL, 5555, SV_PROTO_UDP },
	{ "ephem", NULL, 40000, SV_PROTO_UDP },
};

static void test_name_any(void **state)
{
	struct sv_sysservices *s = NULL;

	(void)state;
	assert_int_equal(sv_sysservices_new(entries, sizeof(entries) / sizeof(entries[0]), &s), 0);
	assert_string_equal(sv_sysservices_name_any(s, 4000), "udpfirst");
	assert_string_equal(sv_sysservices_name_any(s, 4100), "tcpfirst");
	assert_string_equal(sv_sysservices_name_any(s, 5555), "udponly");
	assert_null(sv_sysservices_name_any(s, 5556));
	assert_null(sv_sysservices_name_any(NULL, 4000));
	/* the per-protocol lookups are unchanged */
	assert_string_equal(sv_sysservices_name(s, 4000, SV_PROTO_TCP), "tcpsecond");
	assert_null(sv_sysservices_name(s, 5555, SV_PROTO_TCP));
	sv_sysservices_free(s);
}

static void test_borrow_of_tables(void **state)
{
	(void)state;
	assert_int_equal(sv_format_cells_borrow(TB(MPTCP)), SV_FMT_BORROW_ANY);
	assert_int_equal(sv_format_cells_borrow(TB(MPTCP) | TB(RAW)), SV_FMT_BORROW_RAW);
	assert_int_equal(sv_format_cells_borrow(TB(SCTP) | TB(RAW) | TB(UDP)), SV_FMT_BORROW_UDP);
	assert_int_equal(sv_format_cells_borrow(TB(DCCP) | TB(UDP) | TB(TCP) | TB(RAW)),
			 SV_FMT_BORROW_TCP);
	assert_int_equal(sv_format_cells_borrow(TB(UNIX_STREAM) | TB(DCCP)), SV_FMT_BORROW_ANY);
}

/* The local port cell of a socket of table t on port, named with borrow. */
static const char *lport(enum sv_table t, uint16_t port, enum sv_fmt_borrow borrow,
			 bool numeric, struct sv_cells *c)
{
	static const struct sv_sysprotocols_entry pe[] = { { "tcp", 6 }, { "udp", 17 } };
	struct sv_sysservices *s = NULL;
	struct sv_sysprotocols *p = NULL;
	struct sv_fmt_opts o = { .eph_lo = 32768, .eph_hi = 60999, .borrow = (uint8_t)borrow,
				 .numeric = numeric };
	struct sv_sock k;

	assert_int_equal(sv_sysservices_new(entries, sizeof(entries) / sizeof(entries[0]), &s), 0);
	assert_int_equal(sv_sysprotocols_new(pe, 2, &p), 0);
	o.services = s;
	o.protocols = p;
	memset(&k, 0, sizeof(k));
	k.table = (uint8_t)t;
	k.family = AF_INET;
	k.state = SV_STATE_LISTEN;
	k.lport = port;
	inet_pton(AF_INET, "127.0.0.1", k.laddr);
	sv_format_cells(&o, &k, c);
	sv_sysservices_free(s);
	sv_sysprotocols_free(p);
	assert_int_equal(strlen(c->text[SV_CELL_LPORT]), c->len[SV_CELL_LPORT]);
	return c->text[SV_CELL_LPORT];
}

static void test_borrowed_cells(void **state)
{
	struct sv_cells c;
	static const enum sv_table borrowers[] = { SV_TABLE_MPTCP, SV_TABLE_SCTP, SV_TABLE_DCCP };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		enum sv_table t = borrowers[i];

		assert_string_equal(lport(t, 4000, SV_FMT_BORROW_ANY, false, &c), "udpfirst");
		assert_string_equal(lport(t, 4100, SV_FMT_BORROW_ANY, false, &c), "tcpfirst");
		assert_string_equal(lport(t, 5555, SV_FMT_BORROW_ANY, false, &c), "udponly");
		assert_string_equal(lport(t, 5555, SV_FMT_BORROW_TCP, false, &c), "5555");
		assert_string_equal(lport(t, 4000, SV_FMT_BORROW_TCP, false, &c), "tcpsecond");
		assert_string_equal(lport(t, 4100, SV_FMT_BORROW_UDP, false, &c), "udpsecond");
		/* raw's: IP protocol names, "ipproto-N" past them, even in the
		 * ephemeral range (ss skips that check there) */
		assert_string_equal(lport(t, 6, SV_FMT_BORROW_RAW, false, &c), "tcp");
		assert_string_equal(lport(t, 5555, SV_FMT_BORROW_RAW, false, &c), "ipproto-5555");
		assert_string_equal(lport(t, 40000, SV_FMT_BORROW_RAW, false, &c), "ipproto-40000");
		/* never a name in the ephemeral range otherwise, nor with -n */
		assert_string_equal(lport(t, 40000, SV_FMT_BORROW_ANY, false, &c), "40000");
		assert_string_equal(lport(t, 40000, SV_FMT_BORROW_UDP, false, &c), "40000");
		for (int b = SV_FMT_BORROW_ANY; b <= SV_FMT_BORROW_TCP; b++) {
			assert_string_equal(lport(t, 5555, (enum sv_fmt_borrow)b, true, &c), "5555");
			assert_string_equal(lport(t, 0, (enum sv_fmt_borrow)b, false, &c), "*");
		}
	}
	/* tcp and udp keep their own names whatever the run lists */
	assert_string_equal(lport(SV_TABLE_TCP, 4000, SV_FMT_BORROW_ANY, false, &c), "tcpsecond");
	assert_string_equal(lport(SV_TABLE_UDP, 4100, SV_FMT_BORROW_RAW, false, &c), "udpsecond");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_any),
		cmocka_unit_test(test_borrow_of_tables),
		cmocka_unit_test(test_borrowed_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
