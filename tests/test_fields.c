/* test_fields.c - cmocka suite for the field registry: names unique and
 * dotted, one object's members together, lookups by name and alias,
 * accessors on made-up sockets. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <sys/socket.h>

#include "sockview/classify.h"
#include "sockview/fields.h"
#include "sockview/services.h"
#include "sockview/tables.h"

static size_t prefix(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot ? (size_t)(dot - name) : 0;
}

/* Every field is complete; names and aliases are unique; the members of
 * one nested object are next to each other (the JSON writer opens each
 * object once). */
static void test_registry_shape(void **state)
{
	size_t n;
	const struct sv_field *f = sv_fields_all(&n);

	(void)state;
	assert_true(n > 10 && n <= SV_FIELDS_MAX);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(f[i].name);
		assert_non_null(f[i].title);
		assert_non_null(f[i].get);
		assert_true(f[i].flags & (SV_FIELD_JSON | SV_FIELD_COLUMN));
		assert_true((f[i].tables >> SV_TABLE_MAX) == 0);
		for (size_t j = 0; j < i; j++) {
			assert_string_not_equal(f[i].name, f[j].name);
			if (f[i].alias && f[j].alias)
				assert_string_not_equal(f[i].alias, f[j].alias);
		}
		size_t p = prefix(f[i].name);

		if (p == 0)
			continue;
		/* a field of the same object seen before must be the one just before */
		for (size_t j = 0; j + 1 < i; j++)
			if (prefix(f[j].name) == p && memcmp(f[j].name, f[i].name, p) == 0)
				assert_true(prefix(f[i - 1].name) == p &&
					    memcmp(f[i - 1].name, f[i].name, p) == 0);
	}
}

static void test_find(void **state)
{
	(void)state;
	assert_string_equal(sv_fields_find("local.port")->name, "local.port");
	assert_string_equal(sv_fields_find("LOCAL.PORT")->name, "local.port");
	assert_string_equal(sv_fields_find("laddr")->name, "local.address");
	assert_string_equal(sv_fields_find("paddr")->name, "peer.address");
	assert_string_equal(sv_fields_find("state")->name, "state");
	assert_string_equal(sv_fields_find("ino")->name, "inode");
	assert_null(sv_fields_find("local."));
	assert_null(sv_fields_find(""));
	assert_null(sv_fields_find("no.such.field"));
}

static struct sv_value get(const char *name, const struct sv_sock *s, bool *have)
{
	const struct sv_field *f = sv_fields_find(name);
	struct sv_value v;

	assert_non_null(f);
	memset(&v, 0, sizeof(v));
	*have = sv_fields_applies(f, s) && f->get(s, NULL, &v);
	return v;
}

/* Accessors read the record, and say when a value is absent. */
static void test_accessors(void **state)
{
	struct sv_sock s;
	struct sv_value v;
	bool have;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.table = SV_TABLE_TCP;
	s.family = AF_INET6;
	s.state = 10; /* LISTEN */
	s.lport = 22;
	s.rqueue = 7;
	s.cookie = 0xabc;
	s.role = SV_ROLE_LISTEN;
	s.port_class = SV_CLASS_WELL_KNOWN;

	v = get("netid", &s, &have);
	assert_true(have);
	assert_int_equal(v.type, SV_FT_WORD);
	assert_string_equal(v.s.p, "tcp");
	v = get("state", &s, &have);
	assert_string_equal(v.s.p, "LISTEN");
	v = get("recv_q", &s, &have);
	assert_int_equal(v.u, 7);
	v = get("local.port", &s, &have);
	assert_int_equal(v.type, SV_FT_UINT);
	assert_int_equal(v.u, 22);
	v = get("cookie", &s, &have);
	assert_int_equal(v.type, SV_FT_HEX64);
	assert_int_equal(v.u, 0xabc);
	v = get("dual_stack", &s, &have);
	assert_true(have && v.b); /* [::] without v6only */
	v = get("v6only", &s, &have);
	assert_true(have && !v.b);
	v = get("role", &s, &have);
	assert_string_equal(v.s.p, "listen");
	v = get("class", &s, &have);
	assert_string_equal(v.s.p, "well-known");

	/* absent: no mark, no cgroup, no interface; v6only only on inet6 */
	get("mark", &s, &have);
	assert_false(have);
	get("cgroup_id", &s, &have);
	assert_false(have);
	get("local.interface", &s, &have);
	assert_false(have);
	s.family = AF_INET;
	get("v6only", &s, &have);
	assert_false(have);
	s.have |= SV_HAVE_MARK;
	s.mark = 5;
	v = get("mark", &s, &have);
	assert_true(have);
	assert_int_equal(v.u, 5);

	/* a role not computed is null; an ephemeral port's class is that */
	s.role = SV_ROLE_NONE;
	v = get("role", &s, &have);
	assert_true(have);
	assert_int_equal(v.type, SV_FT_NULL);
	s.ephemeral = true;
	v = get("class", &s, &have);
	assert_string_equal(v.s.p, "ephemeral");
	v = get("port_class", &s, &have);
	assert_string_equal(v.s.p, "well-known");
}

/* A record read from /proc/net: what the text lacks is absent (cookie,
 * v6only, dual_stack of a wildcard, a listener's backlog), the rest is
 * there, and source says "proc"; a sock_diag record has no source. */
static void test_procnet(void **state)
{
	struct sv_sock s;
	struct sv_value v;
	bool have;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.table = SV_TABLE_TCP;
	s.family = AF_INET6;
	s.state = SV_STATE_LISTEN;
	s.wqueue = 0;
	s.cookie = 0xffff8880deadbeefull; /* the pointer column */
	get("source", &s, &have);
	assert_false(have);
	get("send_q", &s, &have);
	assert_true(have);
	s.have = SV_FROM_PROCNET;
	v = get("source", &s, &have);
	assert_true(have);
	assert_string_equal(v.s.p, "proc");
	get("send_q", &s, &have);
	assert_false(have);
	get("cookie", &s, &have);
	assert_false(have);
	get("v6only", &s, &have);
	assert_false(have);
	get("dual_stack", &s, &have);
	assert_false(have); /* [::]: it hangs on v6only */
	v = get("recv_q", &s, &have);
	assert_true(have);
	s.laddr[15] = 1; /* ::1 is no wildcard: never dual-stack */
	v = get("dual_stack", &s, &have);
	assert_true(have && !v.b);
	s.state = SV_STATE_ESTABLISHED; /* a connection's Send-Q is the file's */
	s.wqueue = 42;
	v = get("send_q", &s, &have);
	assert_true(have);
	assert_int_equal(v.u, 42);
	s.family = AF_INET;
	v = get("dual_stack", &s, &have);
	assert_true(have && !v.b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_shape),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_procnet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
