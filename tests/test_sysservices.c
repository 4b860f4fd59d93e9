/* test_sysservices.c - the system services database: tables built from
 * entries (first entry wins, aliases, per protocol, exact case) and the
 * loaded database against getservbyname/getservbyport themselves. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/sysservices.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const http_al[] = { "www", NULL };
static const char *const alt_al[] = { "webcache", NULL };
static const char *const imap_al[] = { "imap", NULL };
static const char *const dup_al[] = { "alpha", "ssh", NULL };

/* Debian-like entries, with a port named twice, a name on two ports, and a
 * name whose tcp and udp ports differ. */
static const struct sv_sysservices_entry entries[] = {
	{ "ssh", NULL, 22, SV_PROTO_TCP },
	{ "http", http_al, 80, SV_PROTO_TCP },
	{ "imap2", imap_al, 143, SV_PROTO_TCP },
	{ "http-alt", alt_al, 8080, SV_PROTO_TCP },
	{ "myapp", NULL, 10002, SV_PROTO_TCP },
	{ "myapp", NULL, 10003, SV_PROTO_UDP },
	{ "other", dup_al, 10002, SV_PROTO_TCP }, /* 10002 is myapp's; ssh is 22 */
	{ "http-alt", NULL, 591, SV_PROTO_TCP },  /* the name is 8080's */
	{ "domain", NULL, 53, SV_PROTO_UDP },
	{ NULL, NULL, 7, SV_PROTO_TCP },          /* skipped */
	{ "bad", NULL, 9, SV_PROTO_MAX },         /* skipped */
	{ "Mixed", NULL, 4000, SV_PROTO_UDP },
};

static struct sv_sysservices *table(void)
{
	struct sv_sysservices *s = NULL;

	assert_int_equal(sv_sysservices_new(entries, N(entries), &s), 0);
	assert_non_null(s);
	return s;
}

static void port_is(const struct sv_sysservices *s, const char *name, enum sv_proto t,
		    int want)
{
	uint16_t port = 0;
	int ret = sv_sysservices_port(s, name, t, &port);

	if (want < 0 ? ret != -ENOENT : (ret != 0 || port != want))
		fail_msg("'%s' table %d: ret %d port %u, want %d", name, (int)t, ret,
			 (unsigned int)port, want);
}

static void name_is(const struct sv_sysservices *s, uint16_t port, enum sv_proto t,
		    const char *want)
{
	const char *got = sv_sysservices_name(s, port, t);

	if (want == NULL ? got != NULL : (got == NULL || strcmp(got, want) != 0))
		fail_msg("port %u table %d: '%s', want '%s'", (unsigned int)port, (int)t,
			 got ? got : "(null)", want ? want : "(null)");
}

static void test_names(void **state)
{
	struct sv_sysservices *s = table();

	(void)state;
	name_is(s, 22, SV_PROTO_TCP, "ssh");
	name_is(s, 22, SV_PROTO_UDP, NULL);
	name_is(s, 80, SV_PROTO_TCP, "http");
	name_is(s, 8080, SV_PROTO_TCP, "http-alt");
	name_is(s, 591, SV_PROTO_TCP, "http-alt");
	name_is(s, 10002, SV_PROTO_TCP, "myapp"); /* the first entry wins */
	name_is(s, 10003, SV_PROTO_UDP, "myapp");
	name_is(s, 10003, SV_PROTO_TCP, NULL);
	name_is(s, 53, SV_PROTO_UDP, "domain");
	name_is(s, 7, SV_PROTO_TCP, NULL);
	name_is(s, 9, SV_PROTO_TCP, NULL);
	name_is(s, 0, SV_PROTO_TCP, NULL);
	name_is(s, 65535, SV_PROTO_UDP, NULL);
	name_is(s, 22, SV_PROTO_MAX, NULL);
	name_is(NULL, 22, SV_PROTO_TCP, NULL);
	sv_sysservices_free(s);
}

static void test_ports(void **state)
{
	struct sv_sysservices *s = table();
	uint16_t port;

	(void)state;
	port_is(s, "ssh", SV_PROTO_TCP, 22); /* not "other"'s alias */
	port_is(s, "ssh", SV_PROTO_UDP, -1);
	port_is(s, "www", SV_PROTO_TCP, 80);
	port_is(s, "imap", SV_PROTO_TCP, 143);
	port_is(s, "imap2", SV_PROTO_TCP, 143);
	port_is(s, "webcache", SV_PROTO_TCP, 8080);
	port_is(s, "http-alt", SV_PROTO_TCP, 8080); /* the first entry wins */
	port_is(s, "myapp", SV_PROTO_TCP, 10002);
	port_is(s, "myapp", SV_PROTO_UDP, 10003);
	port_is(s, "other", SV_PROTO_TCP, 10002);
	port_is(s, "alpha", SV_PROTO_TCP, 10002);
	/* the C library compares names exactly */
	port_is(s, "SSH", SV_PROTO_TCP, -1);
	port_is(s, "Mixed", SV_PROTO_UDP, 4000);
	port_is(s, "mixed", SV_PROTO_UDP, -1);
	port_is(s, "", SV_PROTO_TCP, -1);
	port_is(s, "bad", SV_PROTO_TCP, -1);
	port_is(s, "ssh", SV_PROTO_MAX, -1);
	port_is(NULL, "ssh", SV_PROTO_TCP, -1);
	assert_int_equal(sv_sysservices_port(s, NULL, SV_PROTO_TCP, &port), -EINVAL);
	assert_int_equal(sv_sysservices_port(s, "ssh", SV_PROTO_TCP, NULL), -EINVAL);
	sv_sysservices_free(s);
	sv_sysservices_free(NULL);
}

static void test_empty(void **state)
{
	struct sv_sysservices *s = NULL;

	(void)state;
	assert_int_equal(sv_sysservices_new(NULL, 0, &s), 0);
	assert_non_null(s);
	name_is(s, 22, SV_PROTO_TCP, NULL);
	port_is(s, "ssh", SV_PROTO_TCP, -1);
	sv_sysservices_free(s);
}

static const char *const protos[SV_PROTO_MAX] = {
	[SV_PROTO_TCP] = "tcp", [SV_PROTO_UDP] = "udp",
};

/* Every name and alias of the database for one protocol, copied (the C
 * library overwrites its entry, and getservbyname resets the cursor). */
static size_t db_names(const char *proto, char ***out)
{
	const struct servent *se;
	size_t n = 0, cap = 0;
	char **v = NULL;

	setservent(0);
	while ((se = getservent()) != NULL) {
		if (strcmp(se->s_proto, proto) != 0)
			continue;
		for (size_t a = 0; a == 0 || se->s_aliases[a - 1]; a++) {
			const char *w = a == 0 ? se->s_name : se->s_aliases[a - 1];

			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				v = realloc(v, cap * sizeof(*v));
				assert_non_null(v);
			}
			v[n++] = strdup(w);
		}
	}
	endservent();
	*out = v;
	return n;
}

/* The loaded database answers as the C library does: every port below
 * 1100, every name and alias it lists, and Debian's aliases. */
static void test_load_vs_libc(void **state)
{
	static const char *const debian[] = {
		"ssh", "imap2", "postgres", "webcache", "pop-3", "portmapper", "http-alt",
	};
	struct sv_sysservices *s = NULL;
	size_t named = 0, names = 0;

	(void)state;
	assert_int_equal(sv_sysservices_load(&s), 0);
	assert_non_null(s);
	for (int t = 0; t < SV_PROTO_MAX; t++) {
		char **v;
		size_t n = db_names(protos[t], &v);

		for (unsigned int port = 0; port < 1100; port++) {
			const struct servent *se = getservbyport((int)htons((uint16_t)port),
								 protos[t]);

			name_is(s, (uint16_t)port, (enum sv_proto)t, se ? se->s_name : NULL);
			named += se != NULL;
		}
		for (size_t i = 0; i < n + N(debian); i++) {
			const char *name = i < n ? v[i] : debian[i - n];
			const struct servent *se = getservbyname(name, protos[t]);

			port_is(s, name, (enum sv_proto)t, se ? ntohs((uint16_t)se->s_port) : -1);
		}
		names += n;
		for (size_t i = 0; i < n; i++)
			free(v[i]);
		free(v);
	}
	endservent();
	print_message("# system database: %zu names; %zu ports below 1100 named\n", names,
		      named);
	sv_sysservices_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_load_vs_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
