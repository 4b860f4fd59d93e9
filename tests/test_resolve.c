/* test_resolve.c - cmocka suite for -r's resolver (c-ares) against a DNS
 * server of the test's own on 127.0.0.1: it counts the queries, answers
 * the names it was given and leaves every other query unanswered, so the
 * budget and the cache are tested through the real path. Addresses come
 * from the documentation ranges, which no hosts file names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockview/format.h"
#include "sockview/resolve.h"

#define MAXQ 64

/* The test's DNS server: a UDP socket and a thread that reads it. */
struct dns {
	int fd;
	uint16_t port;
	pthread_t thread;
	atomic_bool stop;
	const char *answer_for; /* the PTR name it answers ("7.2.0.192.in-addr.arpa") */
	const char *answer;     /* with this name */
	pthread_mutex_t lock;
	char names[MAXQ][128];  /* the PTR names asked, in order */
	size_t nq;
};

/* The question's name as dotted text; returns the offset after QTYPE and
 * QCLASS, or 0 when malformed. */
static size_t qname(const uint8_t *m, size_t len, char *out, size_t cap)
{
	size_t i = 12, n = 0;

	while (i < len && m[i]) {
		size_t l = m[i++];

		if (l > 63 || i + l > len || n + l + 2 > cap)
			return 0;
		if (n)
			out[n++] = '.';
		memcpy(out + n, m + i, l);
		n += l;
		i += l;
	}
	out[n] = '\0';
	return i + 5 <= len ? i + 5 : 0;
}

/* A response with one PTR record (the question's name by pointer). */
static size_t respond(const uint8_t *q, size_t qend, const char *name, uint8_t *r)
{
	size_t n = qend, rdlen_at;
	const char *p = name;

	memcpy(r, q, qend);
	r[2] = 0x81;
	r[3] = 0x80; /* QR, RD, RA, NOERROR */
	r[6] = 0;
	r[7] = 1; /* ANCOUNT 1 */
	r[8] = r[9] = r[10] = r[11] = 0;
	memcpy(r + n, "\xc0\x0c\x00\x0c\x00\x01\x00\x00\x00\x3c", 10);
	n += 10;
	rdlen_at = n;
	n += 2;
	while (*p) {
		size_t l = strcspn(p, ".");

		r[n++] = (uint8_t)l;
		memcpy(r + n, p, l);
		n += l;
		p += l + (p[l] == '.');
	}
	r[n++] = 0;
	r[rdlen_at] = (uint8_t)((n - rdlen_at - 2) >> 8);
	r[rdlen_at + 1] = (uint8_t)(n - rdlen_at - 2);
	return n;
}

static void *dns_main(void *arg)
{
	struct dns *d = arg;

	while (!atomic_load(&d->stop)) {
		struct pollfd p = { .fd = d->fd, .events = POLLIN };
		uint8_t m[512], r[1024];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		char name[128];
		ssize_t len;
		size_t end;

		if (poll(&p, 1, 20) <= 0)
			continue;
		len = recvfrom(d->fd, m, sizeof(m), 0, (struct sockaddr *)&from, &fl);
		if (len < 12 || !(end = qname(m, (size_t)len, name, sizeof(name))))
			continue;
		pthread_mutex_lock(&d->lock);
		if (d->nq < MAXQ)
			snprintf(d->names[d->nq++], sizeof(d->names[0]), "%s", name);
		pthread_mutex_unlock(&d->lock);
		if (d->answer_for && strcmp(name, d->answer_for) == 0) {
			size_t rl = respond(m, end, d->answer, r);

			sendto(d->fd, r, rl, 0, (struct sockaddr *)&from, fl);
		} /* any other: never answered */
	}
	return NULL;
}

static void dns_start(struct dns *d, const char *answer_for, const char *answer)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);

	memset(d, 0, sizeof(*d));
	d->answer_for = answer_for;
	d->answer = answer;
	pthread_mutex_init(&d->lock, NULL);
	d->fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(d->fd >= 0);
	assert_int_equal(bind(d->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(d->fd, (struct sockaddr *)&a, &al), 0);
	d->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&d->thread, NULL, dns_main, d), 0);
}

/* Stop the server; the queries it saw stay in d. */
static void dns_stop(struct dns *d)
{
	atomic_store(&d->stop, true);
	pthread_join(d->thread, NULL);
	close(d->fd);
	pthread_mutex_destroy(&d->lock);
}

/* How many times name was asked. */
static size_t asked(const struct dns *d, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nq; i++)
		n += strcmp(d->names[i], name) == 0;
	return n;
}

static struct sv_resolve *new_resolver(const struct dns *d, uint32_t budget_ms)
{
	char servers[64], err[256];
	struct sv_resolve_opts o = { .budget_ms = budget_ms, .servers = servers };
	struct sv_resolve *r = NULL;

	snprintf(servers, sizeof(servers), "127.0.0.1:%u", d->port);
	if (sv_resolve_new(&o, &r, err, sizeof(err)) != 0)
		fail_msg("sv_resolve_new: %s", err);
	return r;
}

static void v4(const char *text, uint8_t out[16])
{
	memset(out, 0, 16);
	assert_int_equal(inet_pton(AF_INET, text, out), 1);
}

/* A server that never answers: the wait ends with the budget, every
 * lookup is given up, their addresses stay numeric; each distinct
 * address was asked once although each was submitted twice. */
static void test_budget_never_answered(void **state)
{
	static const char *const addrs[] = { "192.0.2.1", "198.51.100.2", "203.0.113.3" };
	static const char *const ptr[] = { "1.2.0.192.in-addr.arpa", "2.100.51.198.in-addr.arpa",
					   "3.113.0.203.in-addr.arpa" };
	struct sv_resolve_stats st;
	struct sv_resolve *r;
	struct dns d;
	uint8_t a[16];

	(void)state;
	dns_start(&d, NULL, NULL);
	r = new_resolver(&d, 300);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < 3; i++) {
			v4(addrs[i], a);
			assert_int_equal(sv_resolve_submit(r, AF_INET, a), round == 0 ? 1 : 0);
		}
	}
	sv_resolve_get_stats(r, &st);
	assert_int_equal(st.lookups, 3);
	assert_int_equal(st.pending, 3);
	sv_resolve_wait(r); /* returns: the budget ends it */
	sv_resolve_get_stats(r, &st);
	assert_true(st.expired);
	assert_int_equal(st.late, 3);
	assert_int_equal(st.pending, 0);
	assert_int_equal(st.named, 0);
	for (size_t i = 0; i < 3; i++) {
		v4(addrs[i], a);
		assert_null(sv_resolve_name(r, AF_INET, a));
	}
	/* the budget is spent: a new address is not looked up at all */
	v4("192.0.2.99", a);
	assert_int_equal(sv_resolve_submit(r, AF_INET, a), 0);
	assert_null(sv_resolve_name(r, AF_INET, a));
	sv_resolve_get_stats(r, &st);
	assert_int_equal(st.lookups, 3);
	sv_resolve_free(r);
	dns_stop(&d);
	for (size_t i = 0; i < 3; i++)
		if (asked(&d, ptr[i]) != 1)
			fail_msg("%s asked %zu times, want once", ptr[i], asked(&d, ptr[i]));
	assert_int_equal(asked(&d, "99.2.0.192.in-addr.arpa"), 0);
}

/* One answer among queries that get none: the answered address has its
 * name, the others stay numeric when the budget ends. The lookups ran
 * together: all were asked before any wait. */
static void test_answer_among_silence(void **state)
{
	struct sv_resolve_stats st;
	struct sv_resolve *r;
	struct dns d;
	uint8_t a[16], b[16], c6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 };

	(void)state;
	dns_start(&d, "7.2.0.192.in-addr.arpa", "seven.example");
	r = new_resolver(&d, 400);
	v4("192.0.2.7", a);
	v4("192.0.2.8", b);
	assert_int_equal(sv_resolve_submit(r, AF_INET, b), 1);
	assert_int_equal(sv_resolve_submit(r, AF_INET6, c6), 1);
	assert_int_equal(sv_resolve_submit(r, AF_INET, a), 1);
	sv_resolve_wait(r);
	assert_string_equal(sv_resolve_name(r, AF_INET, a), "seven.example");
	assert_null(sv_resolve_name(r, AF_INET, b));
	assert_null(sv_resolve_name(r, AF_INET6, c6));
	sv_resolve_get_stats(r, &st);
	assert_int_equal(st.lookups, 3);
	assert_int_equal(st.named, 1);
	assert_int_equal(st.late, 2);
	sv_resolve_free(r);
	dns_stop(&d);
	assert_int_equal(asked(&d, "8.2.0.192.in-addr.arpa"), 1);
	assert_int_equal(asked(&d, "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"), 1);
}

/* An IPv4-mapped address is looked up as IPv4 (as ss), so it shares the
 * IPv4 address's entry; the IPv6 wildcard is never looked up. An address
 * asked for by name only is looked up then, within the budget. */
static void test_mapped_and_wildcard(void **state)
{
	uint8_t mapped[16] = { [10] = 0xff, [11] = 0xff, 192, 0, 2, 7 }, any6[16] = { 0 };
	struct sv_resolve_stats st;
	struct sv_resolve *r;
	struct dns d;
	uint8_t a[16];

	(void)state;
	dns_start(&d, "7.2.0.192.in-addr.arpa", "seven.example");
	r = new_resolver(&d, 2000);
	assert_int_equal(sv_resolve_submit(r, AF_INET6, any6), 0);
	assert_string_equal(sv_resolve_name(r, AF_INET6, mapped), "seven.example");
	v4("192.0.2.7", a);
	assert_int_equal(sv_resolve_submit(r, AF_INET, a), 0); /* known */
	assert_string_equal(sv_resolve_name(r, AF_INET, a), "seven.example");
	sv_resolve_get_stats(r, &st);
	assert_int_equal(st.lookups, 1);
	assert_false(st.expired);
	sv_resolve_free(r);
	dns_stop(&d);
	assert_int_equal(d.nq, 1);
}

/* A budget of 0 looks nothing up. */
static void test_budget_zero(void **state)
{
	struct sv_resolve_stats st;
	struct sv_resolve *r;
	struct dns d;
	uint8_t a[16];

	(void)state;
	dns_start(&d, "7.2.0.192.in-addr.arpa", "seven.example");
	r = new_resolver(&d, 0);
	v4("192.0.2.7", a);
	assert_int_equal(sv_resolve_submit(r, AF_INET, a), 0);
	assert_null(sv_resolve_name(r, AF_INET, a));
	sv_resolve_wait(r);
	sv_resolve_get_stats(r, &st);
	assert_int_equal(st.lookups, 0);
	sv_resolve_free(r);
	dns_stop(&d);
	assert_int_equal(d.nq, 0);
}

/* The address cell prints the name as ss: an IPv6 address's name without
 * brackets, an unanswered address as the number. */
static void test_cells(void **state)
{
	struct sv_sock s = { .table = SV_TABLE_TCP, .family = AF_INET6, .lport = 22,
			     .state = SV_STATE_ESTABLISHED, .rport = 40000, .v6only = true };
	struct sv_fmt_opts o = { .numeric = true };
	struct sv_cells c;
	struct dns d;

	(void)state;
	dns_start(&d, "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
		  "six.example");
	o.resolve = new_resolver(&d, 500);
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::5", s.laddr), 1);
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::6", s.raddr), 1);
	sv_format_cells(&o, &s, &c);
	assert_string_equal(c.text[SV_CELL_LADDR], "six.example:");
	assert_string_equal(c.text[SV_CELL_RADDR], "[2001:db8::6]:");
	sv_resolve_free(o.resolve);
	dns_stop(&d);
}

/* A name that is no host name (a control byte in it) is refused by c-ares
 * as glibc refuses it: the address prints as a number, nothing raw
 * reaches the terminal. */
static void test_hostile_name(void **state)
{
	struct sv_sock s = { .table = SV_TABLE_TCP, .family = AF_INET, .lport = 22,
			     .state = SV_STATE_LISTEN };
	struct sv_fmt_opts o = { .numeric = true };
	struct sv_cells c;
	struct dns d;

	(void)state;
	dns_start(&d, "7.2.0.192.in-addr.arpa", "a\x1b[31m.example");
	o.resolve = new_resolver(&d, 500);
	v4("192.0.2.7", s.laddr);
	sv_format_cells(&o, &s, &c);
	assert_string_equal(c.text[SV_CELL_LADDR], "192.0.2.7:");
	sv_resolve_free(o.resolve);
	dns_stop(&d);
	assert_int_equal(asked(&d, "7.2.0.192.in-addr.arpa"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_budget_never_answered),
		cmocka_unit_test(test_answer_among_silence),
		cmocka_unit_test(test_mapped_and_wildcard),
		cmocka_unit_test(test_budget_zero),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_hostile_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
