/* test_services.c - cmocka suite for port classes and IANA service-name lookups. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "sockview/services.h"
#include "../src/enrich/services_table.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct class_case {
	uint16_t port;
	enum sv_port_class cls;
};

static const struct class_case class_cases[] = {
	{ .port = 0, .cls = SV_CLASS_WELL_KNOWN },
	{ .port = 1, .cls = SV_CLASS_WELL_KNOWN },
	{ .port = 1023, .cls = SV_CLASS_WELL_KNOWN },
	{ .port = 1024, .cls = SV_CLASS_REGISTERED },
	{ .port = 49151, .cls = SV_CLASS_REGISTERED },
	{ .port = 49152, .cls = SV_CLASS_DYNAMIC },
	{ .port = 65535, .cls = SV_CLASS_DYNAMIC },
};

static void test_class_edges(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(class_cases); i++) {
		const struct class_case *c = &class_cases[i];
		enum sv_port_class got = sv_services_class(c->port);

		if (got != c->cls)
			fail_msg("port %u: class %d, want %d", (unsigned int)c->port,
				 (int)got, (int)c->cls);
	}
}

static void test_class_names(void **state)
{
	(void)state;
	assert_string_equal(sv_services_class_name(SV_CLASS_WELL_KNOWN),
			    "well-known");
	assert_string_equal(sv_services_class_name(SV_CLASS_REGISTERED),
			    "registered");
	assert_string_equal(sv_services_class_name(SV_CLASS_DYNAMIC), "dynamic");
	errno = 0;
	assert_null(sv_services_class_name((enum sv_port_class)42));
	assert_int_equal(errno, EINVAL);
}

struct name_case {
	uint16_t port;
	enum sv_proto table;
	const char *name; /* NULL: IANA gives this port no name */
};

static const struct name_case name_cases[] = {
	{ 22, SV_PROTO_TCP, "ssh" },
	{ 22, SV_PROTO_UDP, "ssh" },
	{ 80, SV_PROTO_TCP, "http" }, /* not the duplicates www, www-http */
	{ 443, SV_PROTO_TCP, "https" },
	{ 53, SV_PROTO_UDP, "domain" },
	{ 53, SV_PROTO_TCP, "domain" },
	{ 123, SV_PROTO_UDP, "ntp" },
	{ 5432, SV_PROTO_TCP, "postgresql" },
	{ 1, SV_PROTO_TCP, "tcpmux" },
	{ 1025, SV_PROTO_TCP, "blackjack" },
	/* 2049: the registry lists "shilp" (noted as a conflict) before "nfs". */
	{ 2049, SV_PROTO_TCP, "nfs" },
	{ 2049, SV_PROTO_UDP, "nfs" },
	/* 113/tcp: the first record, "ident", wins over "auth". */
	{ 113, SV_PROTO_TCP, "ident" },
	/* Mixed-case registrations come out in lower case. */
	{ 2222, SV_PROTO_TCP, "ethernet-ip-1" },
	/* Range row 6000-6063 x11: first, inside, last, and the next port. */
	{ 6000, SV_PROTO_TCP, "x11" },
	{ 6010, SV_PROTO_TCP, "x11" },
	{ 6010, SV_PROTO_UDP, "x11" },
	{ 6063, SV_PROTO_UDP, "x11" },
	{ 6064, SV_PROTO_TCP, "ndl-ahp-svc" },
	/* Range row 6665-6669 ircu is tcp only; udp is an unassigned range. */
	{ 6667, SV_PROTO_TCP, "ircu" },
	{ 6667, SV_PROTO_UDP, NULL },
	/* No name: reserved (0, 1024, 49151), unassigned range 225-241, dynamic. */
	{ 0, SV_PROTO_TCP, NULL },
	{ 0, SV_PROTO_UDP, NULL },
	{ 1024, SV_PROTO_TCP, NULL },
	{ 230, SV_PROTO_TCP, NULL },
	{ 230, SV_PROTO_UDP, NULL },
	{ 49151, SV_PROTO_TCP, NULL },
	{ 49152, SV_PROTO_TCP, NULL },
	{ 65535, SV_PROTO_UDP, NULL },
	/* flex-lm 27000-27009 has no protocol in the registry: skipped. */
	{ 27000, SV_PROTO_TCP, NULL },
};

static void test_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(name_cases); i++) {
		const struct name_case *c = &name_cases[i];
		const char *got = sv_services_name(c->port, c->table);

		if (c->name == NULL ? got != NULL :
				      got == NULL || strcmp(got, c->name) != 0)
			fail_msg("%u/%s: got %s, want %s", (unsigned int)c->port,
				 c->table == SV_PROTO_TCP ? "tcp" : "udp",
				 got ? got : "(null)", c->name ? c->name : "(null)");
	}
}

static void test_name_bad_table(void **state)
{
	(void)state;
	errno = 0;
	assert_null(sv_services_name(80, SV_PROTO_MAX));
	assert_int_equal(errno, EINVAL);
}

struct port_case {
	const char *name;
	enum sv_proto table;
	int ret;
	uint16_t port;
};

static const struct port_case port_cases[] = {
	{ "ssh", SV_PROTO_TCP, 0, 22 },
	{ "http", SV_PROTO_TCP, 0, 80 },
	{ "HTTP", SV_PROTO_TCP, 0, 80 },
	{ "Http", SV_PROTO_UDP, 0, 80 },
	{ "www", SV_PROTO_TCP, 0, 80 }, /* alias */
	{ "WWW-HTTP", SV_PROTO_TCP, 0, 80 }, /* alias */
	{ "https", SV_PROTO_TCP, 0, 443 },
	{ "domain", SV_PROTO_UDP, 0, 53 },
	{ "ntp", SV_PROTO_UDP, 0, 123 },
	{ "postgresql", SV_PROTO_TCP, 0, 5432 },
	{ "nfs", SV_PROTO_TCP, 0, 2049 },
	{ "shilp", SV_PROTO_TCP, 0, 2049 }, /* alias of 2049 */
	{ "auth", SV_PROTO_TCP, 0, 113 },   /* alias of 113/tcp */
	{ "x11", SV_PROTO_TCP, 0, 6000 },   /* a range maps to its first port */
	{ "ircu", SV_PROTO_TCP, 0, 6665 },
	{ "ircu", SV_PROTO_UDP, -ENOENT, 0 }, /* tcp only */
	{ "http-alt", SV_PROTO_TCP, 0, 591 }, /* first of 591, 8008, 8080 */
	{ "msp", SV_PROTO_TCP, 0, 18 },       /* first of 18 (historic), 2438 */
	{ "EtherNet-IP-1", SV_PROTO_TCP, 0, 2222 },
	{ "ethernet/ip-1", SV_PROTO_UDP, 0, 2222 }, /* historic alias */
	{ "1ci-smcs", SV_PROTO_TCP, 0, 3091 },      /* first name in the pool */
	{ "zymed-zpp", SV_PROTO_TCP, 0, 2133 },     /* last name in the pool */
	{ "no-such-service", SV_PROTO_TCP, -ENOENT, 0 },
	{ "htt", SV_PROTO_TCP, -ENOENT, 0 },   /* prefix of a name */
	{ "httpx", SV_PROTO_TCP, 0, 4180 },     /* a real name, not http */
	{ "httpsx", SV_PROTO_TCP, -ENOENT, 0 }, /* a name plus more */
	{ "sshd", SV_PROTO_TCP, -ENOENT, 0 },
	{ "", SV_PROTO_TCP, -ENOENT, 0 },
	{ "0", SV_PROTO_TCP, -ENOENT, 0 },
	{ "\xff", SV_PROTO_TCP, -ENOENT, 0 },
	{ "ssh", SV_PROTO_MAX, -ENOENT, 0 },
};

static void test_ports(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(port_cases); i++) {
		const struct port_case *c = &port_cases[i];
		uint16_t port = 12345;
		int ret = sv_services_port(c->name, c->table, &port);
		uint16_t want = c->ret == 0 ? c->port : 12345; /* untouched */

		if (ret != c->ret || port != want)
			fail_msg("\"%s\"/%d: ret %d port %u, want ret %d port %u",
				 c->name, (int)c->table, ret, (unsigned int)port,
				 c->ret, (unsigned int)want);
	}
}

static void test_port_null_args(void **state)
{
	uint16_t port = 0;

	(void)state;
	assert_int_equal(sv_services_port(NULL, SV_PROTO_TCP, &port), -EINVAL);
	assert_int_equal(sv_services_port("ssh", SV_PROTO_TCP, NULL), -EINVAL);
}

/* Every named port: the name is non-empty lower-case, and looking it up
 * again gives a port that has a name for the same protocol. */
static void test_every_port_round_trips(void **state)
{
	unsigned int named = 0;

	(void)state;
	for (int t = 0; t < SV_PROTO_MAX; t++) {
		for (uint32_t p = 0; p <= 65535; p++) {
			const char *name = sv_services_name((uint16_t)p,
							    (enum sv_proto)t);
			uint16_t back = 0;

			if (name == NULL)
				continue;
			named++;
			assert_true(name[0] != '\0');
			for (const char *s = name; *s != '\0'; s++)
				assert_false(*s >= 'A' && *s <= 'Z');
			assert_int_equal(sv_services_port(name, (enum sv_proto)t,
							  &back),
					 0);
			assert_non_null(sv_services_name(back, (enum sv_proto)t));
		}
	}
	/* 5,951 tcp + 5,557 udp named ports in the 2025-03-28 registry. */
	assert_int_equal(named, 5951 + 5557);
}

/* The reverse table is strictly sorted (binary search needs it), and
 * every name in it is found again, upper-cased too, with its ports. */
static void test_every_name_round_trips(void **state)
{
	const char *prev = NULL;

	(void)state;
	assert_true(sv_services_table_name_count > 0);
	for (uint32_t i = 0; i < sv_services_table_name_count; i++) {
		const struct sv_services_table_name *e = &sv_services_table_names[i];
		const char *name = sv_services_table_pool + e->offset;
		char upper[64];
		size_t len = strlen(name);
		int any = 0;

		if (prev != NULL)
			assert_true(strcmp(prev, name) < 0);
		prev = name;
		assert_true(len > 0 && len < sizeof(upper));
		for (size_t k = 0; k <= len; k++)
			upper[k] = (name[k] >= 'a' && name[k] <= 'z') ?
					   (char)(name[k] - 'a' + 'A') :
					   name[k];
		for (int t = 0; t < SV_PROTO_MAX; t++) {
			uint16_t port = 0;
			int want = e->port[t] != 0 ? 0 : -ENOENT;

			any |= e->port[t] != 0;
			assert_int_equal(sv_services_port(name, (enum sv_proto)t,
							  &port),
					 want);
			assert_int_equal(sv_services_port(upper, (enum sv_proto)t,
							  &port),
					 want);
			if (want == 0)
				assert_int_equal(port, e->port[t]);
		}
		assert_true(any);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_class_edges),
		cmocka_unit_test(test_class_names),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_name_bad_table),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_port_null_args),
		cmocka_unit_test(test_every_port_round_trips),
		cmocka_unit_test(test_every_name_round_trips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
