/* test_why.c - cmocka suite for `sockview why`'s rules on fabricated
 * sockets, sysctls and counters: each finding, its severity, its order, the
 * healthy case; the target and reserved-port parsers; the report's text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/sock.h"
#include "sockview/sysservices.h"
#include "sockview/tables.h"
#include "sockview/why.h"

#define MAXS 400

struct world {
	struct sv_why_target t;
	struct sv_why_sock s[MAXS];
	size_t n;
	struct sv_why_input in;
	struct sv_why_report r;
};

static struct sv_why_sock *add(struct world *w, uint8_t table, uint8_t state, const char *laddr,
			       uint16_t lport, const char *raddr, uint16_t rport)
{
	struct sv_why_sock *s = &w->s[w->n++];
	uint8_t fam = strchr(laddr, ':') ? AF_INET6 : AF_INET;

	assert_true(w->n <= MAXS);
	memset(s, 0, sizeof(*s));
	s->table = table;
	s->family = fam;
	s->state = state;
	assert_int_equal(inet_pton(fam, laddr, s->laddr), 1);
	if (raddr)
		assert_int_equal(inet_pton(fam, raddr, s->raddr), 1);
	s->lport = lport;
	s->rport = rport;
	return s;
}

static struct sv_why_sock *listener(struct world *w, const char *addr, uint16_t port)
{
	struct sv_why_sock *s = add(w, SV_TABLE_TCP, SV_STATE_LISTEN, addr, port, NULL, 0);

	s->wq = 128;
	s->pid = 42;
	snprintf(s->comm, sizeof(s->comm), "nginx");
	return s;
}

static void port_target(struct world *w, uint16_t port)
{
	memset(w, 0, sizeof(*w));
	w->t.kind = SV_WHY_PORT;
	w->t.port = port;
	w->in.target = &w->t;
	w->in.live = true;
	w->in.sys.eph_lo = 32768;
	w->in.sys.eph_hi = 60999;
	w->in.sys.unpriv_start = 1024;
	w->in.sys.have = SV_WHY_HAVE_RANGE | SV_WHY_HAVE_UNPRIV;
}

static void run(struct world *w)
{
	w->in.socks = w->s;
	w->in.nsocks = w->n;
	sv_why_diagnose(&w->in, &w->r);
}

/* The finding of code, or NULL. */
static const struct sv_why_finding *find(const struct world *w, enum sv_why_code code)
{
	for (size_t i = 0; i < w->r.n; i++)
		if (w->r.f[i].code == code)
			return &w->r.f[i];
	return NULL;
}

static const struct sv_why_finding *first(const struct world *w)
{
	assert_true(w->r.n > 0);
	return &w->r.f[0];
}

static struct world *W;

static int setup(void **state)
{
	W = calloc(1, sizeof(*W));
	*state = W;
	return W ? 0 : -1;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* Nothing listens: critical, first, with UDP on the port and the
 * service's other ports as evidence. */
static void test_no_listener(void **state)
{
	struct world *w = *state;
	const struct sv_why_finding *f;

	port_target(w, 80);
	add(w, SV_TABLE_UDP, SV_STATE_CLOSE, "0.0.0.0", 80, NULL, 0);
	listener(w, "0.0.0.0", 8080); /* http-alt */
	listener(w, "0.0.0.0", 22);
	run(w);
	f = first(w);
	assert_int_equal(f->code, SV_WHY_NO_LISTENER);
	assert_int_equal(f->severity, SV_WHY_CRITICAL);
	assert_true(w->r.likely);
	assert_non_null(strstr(f->text, "UDP port 80 is bound"));
	assert_int_equal(f->nevidence, 2); /* the UDP socket, http-alt; not ssh */
	assert_int_equal(f->evidence[0], 0);
	assert_int_equal(f->evidence[1], 1);
	/* below ip_unprivileged_port_start: said, after it */
	assert_non_null(find(w, SV_WHY_PORT_RANGE));
}

/* A finding's number by name; UINT64_MAX when it has none. */
static uint64_t number(const struct sv_why_finding *f, const char *name)
{
	for (size_t i = 0; i < f->nnum; i++)
		if (strcmp(f->num[i].name, name) == 0)
			return f->num[i].value;
	return UINT64_MAX;
}

/* --baseline: the listeners the earlier dump had on the port that would
 * take the target are named (a hostile file name escaped), the others
 * not; none there is said too; without a baseline nothing is. */
static void test_baseline(void **state)
{
	struct world *w = *state;
	struct world then;
	const struct sv_why_finding *f;

	port_target(w, 8080);
	port_target(&then, 8080);
	listener(&then, "127.0.0.1", 8080);
	listener(&then, "::", 8080)->v6only = true;
	listener(&then, "0.0.0.0", 8081); /* another port: not named */
	add(&then, SV_TABLE_UDP, SV_STATE_CLOSE, "0.0.0.0", 8080, NULL, 0); /* not TCP */
	w->in.earlier = then.s;
	w->in.nearlier = then.n;
	w->in.earlier_name = "/var/lib/sv/\033[2Jbefore.dump";
	w->in.earlier_age_s = 2 * 3600 + 5 * 60 + 9;
	run(w);
	f = first(w);
	assert_int_equal(f->code, SV_WHY_NO_LISTENER);
	assert_non_null(strstr(f->text, "In /var/lib/sv/\\x1b[2Jbefore.dump (written 2 h 5 min "
					"ago) it listened on 127.0.0.1:8080, [::]:8080: the "
					"service has stopped since, or moved."));
	assert_null(strstr(f->text, "8081"));
	assert_null(strchr(f->text, '\033'));
	assert_int_equal(number(f, "baseline_listeners"), 2);
	/* an address: only the listeners that would take it */
	w->t.kind = SV_WHY_ADDR_PORT;
	w->t.family = AF_INET;
	memcpy(w->t.addr, "\x7f\0\0\1", 4);
	w->in.earlier_age_s = -1;
	run(w);
	assert_non_null(strstr(first(w)->text, "(a recorded dump) it listened on 127.0.0.1:8080:"));
	assert_int_equal(number(first(w), "baseline_listeners"), 1);
	/* nothing on the port then either */
	w->t.kind = SV_WHY_PORT;
	w->t.port = 9090;
	run(w);
	assert_non_null(strstr(first(w)->text, "Nothing listened on it in the baseline either."));
	assert_int_equal(number(first(w), "baseline_listeners"), 0);
	/* no baseline: nothing said of one */
	w->in.earlier_name = NULL;
	w->in.nearlier = 0;
	run(w);
	assert_null(strstr(first(w)->text, "baseline"));
	assert_int_equal(number(first(w), "baseline_listeners"), UINT64_MAX);
}

/* Nothing here, a listener in another namespace: said, as information,
 * after the critical finding, its evidence from the other namespace. */
static void test_elsewhere(void **state)
{
	struct world *w = *state;
	struct sv_why_elsewhere e = { 0 };
	const struct sv_why_finding *f;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	port_target(w, 8080);
	e.s.table = SV_TABLE_TCP;
	e.s.family = AF_INET;
	e.s.state = SV_STATE_LISTEN;
	e.s.lport = 8080;
	e.s.pid = 5;
	snprintf(e.s.comm, sizeof(e.s.comm), "web");
	snprintf(e.netns, sizeof(e.netns), "docker:3f2a1b4c5d6e");
	w->in.elsewhere = &e;
	w->in.nelsewhere = 1;
	run(w);
	assert_int_equal(w->r.f[0].code, SV_WHY_NO_LISTENER);
	f = find(w, SV_WHY_ELSEWHERE);
	assert_non_null(f);
	assert_true(f->elsewhere);
	assert_int_equal(f->nevidence, 1);
	assert_non_null(strstr(f->text, "docker:3f2a1b4c5d6e, by web (pid 5)"));
	out = open_memstream(&buf, &len);
	assert_int_equal(sv_why_print_text(out, &w->in, &w->r), 0);
	fclose(out);
	assert_non_null(strstr(buf, "netns docker:3f2a1b4c5d6e"));
	free(buf);
	listener(w, "0.0.0.0", 8080); /* served here: not looked for elsewhere */
	run(w);
	assert_null(find(w, SV_WHY_ELSEWHERE));
}

#define CMD(...) { __VA_ARGS__ }

/* Forwarders from their command lines (NUL-separated words). */
static void test_parse_forward(void **state)
{
	static const struct { const char *cmd; size_t len; uint16_t lport; int kind;
			      const char *host; uint16_t port; } c[] = {
		{ "/usr/bin/docker-proxy\0-proto\0tcp\0-host-ip\0000.0.0.0\0-host-port\0"
		  "8080\0-container-ip\000172.17.0.2\0-container-port\00080\0", 0, 8080,
		  SV_WHY_FWD_DOCKER, "172.17.0.2", 80 },
		{ "ssh\0-N\0-L\0008080:db.internal:5432\0jump\0", 0, 8080, SV_WHY_FWD_SSH,
		  "db.internal", 5432 },
		{ "/usr/bin/ssh\0-L127.0.0.1:9000:[::1]:22\0host\0", 0, 9000, SV_WHY_FWD_SSH,
		  "[::1]", 22 },
		{ "ssh\0-L\0008080:db:5432\0-L\0009090:web:80\0h\0", 0, 9090, SV_WHY_FWD_SSH,
		  "web", 80 },
		{ "socat\0TCP-LISTEN:7000,fork,reuseaddr\0TCP:10.0.0.9:7001\0", 0, 7000,
		  SV_WHY_FWD_SOCAT, "10.0.0.9", 7001 },
		{ "socat\0TCP4-LISTEN:7000\0TCP4:backend:80\0", 0, 7000, SV_WHY_FWD_SOCAT,
		  "backend", 80 },
		/* not forwarders, or not of this port */
		{ "socat\0TCP-LISTEN:7000\0TCP:10.0.0.9:7001\0", 0, 7002, 0, "", 0 },
		{ "ssh\0-L\0008080:db:5432\0h\0", 0, 8081, 0, "", 0 },
		{ "ssh\0-L\0", 0, 8080, 0, "", 0 },
		{ "docker-proxy\0-container-ip\0", 0, 80, 0, "", 0 },
		{ "nginx: master process\0", 0, 80, 0, "", 0 },
		{ "", 0, 80, 0, "", 0 },
	};
	struct sv_why_forward f;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		size_t len = 0;
		int k;

		while (c[i].cmd[0] && (c[i].cmd[len] || c[i].cmd[len + 1])) /* to "\0\0" */
			len++;
		k = (int)sv_why_parse_forward(c[i].cmd, len + (len ? 1 : 0), c[i].lport, &f);
		if (k != c[i].kind)
			fail_msg("case %zu: kind %d, want %d", i, k, c[i].kind);
		assert_string_equal(f.host, c[i].host);
		assert_int_equal(f.port, c[i].port);
	}
}

/* The forwarded finding: information when its destination answers,
 * critical when nothing listens there. */
static void test_forwarded(void **state)
{
	struct world *w = *state;
	struct sv_why_forward fw = { .kind = SV_WHY_FWD_DOCKER, .port = 80, .dest_listeners = 1 };

	snprintf(fw.host, sizeof(fw.host), "172.17.0.2");
	port_target(w, 8080);
	listener(w, "::", 8080);
	w->in.forward = &fw;
	run(w);
	assert_false(w->r.likely);
	assert_int_equal(first(w)->code, SV_WHY_FORWARDED);
	assert_non_null(strstr(first(w)->text, "docker-proxy passes it to a container, at "
					       "172.17.0.2 port 80"));
	fw.dest_listeners = 0;
	run(w);
	assert_int_equal(first(w)->severity, SV_WHY_CRITICAL);
	assert_non_null(strstr(first(w)->text, "Nothing listens on port 80 there"));
	fw.kind = SV_WHY_FWD_SSH; /* the far side is not this host's to see */
	run(w);
	assert_false(w->r.likely);
}

/* A healthy dual-stack listener: nothing likely, no finding at all. */
static void test_healthy(void **state)
{
	struct world *w = *state;

	port_target(w, 8080);
	listener(w, "::", 8080);
	add(w, SV_TABLE_TCP, SV_STATE_ESTABLISHED, "::ffff:10.0.0.1", 8080, "::ffff:10.0.0.2",
	    50000);
	run(w);
	assert_false(w->r.likely);
	assert_int_equal(w->r.n, 0);
	assert_int_equal(w->r.listeners, 1);
	/* v6only: IPv4 clients are refused, said as information */
	w->s[0].v6only = true;
	run(w);
	assert_false(w->r.likely);
	assert_non_null(find(w, SV_WHY_ONE_FAMILY));
	assert_non_null(strstr(find(w, SV_WHY_ONE_FAMILY)->text, "IPv4 clients are refused"));
}

static void test_loopback_and_address(void **state)
{
	struct world *w = *state;

	port_target(w, 5000);
	listener(w, "127.0.0.1", 5000);
	run(w);
	assert_int_equal(first(w)->code, SV_WHY_LOOPBACK_ONLY);
	assert_int_equal(first(w)->severity, SV_WHY_WARNING);
	/* asked about the loopback address itself: fine */
	w->t.kind = SV_WHY_ADDR_PORT;
	w->t.family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, "127.0.0.1", w->t.addr), 1);
	run(w);
	assert_false(w->r.likely);
	/* asked about another address: nothing takes it */
	assert_int_equal(inet_pton(AF_INET, "10.1.2.3", w->t.addr), 1);
	run(w);
	assert_int_equal(first(w)->code, SV_WHY_OTHER_ADDRESS);
	assert_int_equal(first(w)->severity, SV_WHY_CRITICAL);
	/* an IPv4 address reaches a dual-stack [::] listener */
	w->s[0].family = AF_INET6;
	memset(w->s[0].laddr, 0, 16);
	run(w);
	assert_false(w->r.likely);
}

static void test_accept_queue(void **state)
{
	struct world *w = *state;
	const struct sv_why_finding *f;

	port_target(w, 5000);
	listener(w, "0.0.0.0", 5000)->rq = 129;
	run(w);
	f = find(w, SV_WHY_ACCEPT_QUEUE);
	assert_non_null(f);
	assert_int_equal(f->severity, SV_WHY_CRITICAL);
	assert_string_equal(f->num[0].name, "accept_queue");
	assert_int_equal(f->num[0].value, 129);
	assert_non_null(strstr(f->text, "nginx (pid 42)"));
	w->s[0].rq = 103; /* 80% */
	run(w);
	assert_int_equal(find(w, SV_WHY_ACCEPT_QUEUE)->severity, SV_WHY_WARNING);
	w->s[0].rq = 100;
	run(w);
	assert_null(find(w, SV_WHY_ACCEPT_QUEUE));
}

/* The counters: a rise over the sample is a finding; none is not; and a
 * recorded dump's findings never read them. */
static void test_counters(void **state)
{
	struct world *w = *state;

	port_target(w, 5000);
	listener(w, "0.0.0.0", 5000);
	w->in.sys.have |= SV_WHY_HAVE_COUNTERS;
	w->in.sample_ms = 1000;
	w->in.before[SV_WHY_C_LISTEN_DROPS] = w->in.after[SV_WHY_C_LISTEN_DROPS] = 7;
	run(w);
	assert_null(find(w, SV_WHY_LISTEN_DROPS));
	w->in.after[SV_WHY_C_LISTEN_DROPS] = 19;
	w->in.after[SV_WHY_C_LISTEN_OVERFLOWS] = 12;
	run(w);
	assert_non_null(find(w, SV_WHY_LISTEN_DROPS));
	assert_int_equal(find(w, SV_WHY_LISTEN_DROPS)->num[0].value, 12);
	assert_true(w->r.likely);
	w->in.sample_ms = 0; /* one reading: no rise known */
	run(w);
	assert_null(find(w, SV_WHY_LISTEN_DROPS));
	w->in.live = false; /* a recording: said to be unavailable */
	run(w);
	assert_non_null(find(w, SV_WHY_LISTEN_DROPS));
	assert_true(find(w, SV_WHY_LISTEN_DROPS)->unavailable);
	assert_false(w->r.likely);
}

static void test_syn_recv(void **state)
{
	struct world *w = *state;

	port_target(w, 5000);
	listener(w, "0.0.0.0", 5000);
	w->in.sys.have |= SV_WHY_HAVE_COOKIES;
	w->in.sys.syncookies = 1;
	for (int i = 0; i < 70; i++)
		add(w, SV_TABLE_TCP, SV_STATE_SYN_RECV, "10.0.0.1", 5000, "10.9.0.1",
		    (uint16_t)(1000 + i));
	run(w);
	assert_non_null(find(w, SV_WHY_SYN_RECV));
	assert_non_null(strstr(find(w, SV_WHY_SYN_RECV)->text, "Syncookies are on"));
	assert_int_equal(find(w, SV_WHY_SYN_RECV)->more, 70 - SV_WHY_EVIDENCE_MAX);
}

/* "Address already in use": a client's connection on the port, a socket
 * bound without listening, or only TIME-WAIT leftovers (nothing to kill). */
static void test_address_in_use(void **state)
{
	struct world *w = *state;
	const struct sv_why_finding *f;

	port_target(w, 40000);
	add(w, SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 40000, "10.0.0.9", 443)->pid = 9;
	run(w);
	assert_int_equal(w->r.f[0].code, SV_WHY_NO_LISTENER);
	assert_int_equal(w->r.f[1].code, SV_WHY_PORT_TAKEN);
	assert_non_null(strstr(w->r.f[1].text, "(pid 9)"));
	/* in the ephemeral range, nothing listening: a warning */
	assert_int_equal(find(w, SV_WHY_PORT_RANGE)->severity, SV_WHY_WARNING);

	port_target(w, 7000);
	add(w, SV_TABLE_TCP, SV_STATE_BOUND_INACTIVE, "0.0.0.0", 7000, NULL, 0);
	run(w);
	assert_non_null(find(w, SV_WHY_BOUND_ONLY));

	port_target(w, 7000);
	for (int i = 0; i < 3; i++) {
		struct sv_why_sock *s = add(w, SV_TABLE_TCP, SV_STATE_TIME_WAIT, "10.0.0.1", 7000,
					    "10.0.0.2", (uint16_t)(50000 + i));

		s->has_timer = true;
		s->timer_ms = 1000u * (uint32_t)(10 + i);
	}
	run(w);
	f = find(w, SV_WHY_TIME_WAIT);
	assert_non_null(f);
	assert_int_equal(f->severity, SV_WHY_INFO);
	assert_non_null(strstr(f->text, "the last ends in 12.0 s"));
	assert_non_null(strstr(f->text, "nothing needs killing"));
	assert_null(find(w, SV_WHY_PORT_TAKEN));
}

static void test_close_wait(void **state)
{
	struct world *w = *state;

	port_target(w, 5000);
	listener(w, "0.0.0.0", 5000);
	for (int i = 0; i < 12; i++) {
		struct sv_why_sock *s = add(w, SV_TABLE_TCP, SV_STATE_CLOSE_WAIT, "10.0.0.1", 5000,
					    "10.0.0.2", (uint16_t)(2000 + i));

		s->pid = i < 9 ? 77 : 78;
		snprintf(s->comm, sizeof(s->comm), i < 9 ? "leaky" : "other");
		s->has_info = i > 0; /* the first without tcp_info: not counted */
		s->quiet_ms = i == 0 ? 99999999 : i < 9 ? 7384000u - (uint32_t)i * 900000u :
			      99999999; /* the other process's: not this one's age */
	}
	run(w);
	assert_int_equal(first(w)->code, SV_WHY_CLOSE_WAIT);
	assert_non_null(strstr(first(w)->text, "9 connections of leaky (pid 77)"));
	assert_non_null(strstr(first(w)->text, "Also 3 in other (pid 78)"));
	/* ages 7384 s - 900 s * i, i = 1..8: 6484 s to 184 s */
	assert_non_null(strstr(first(w)->text, "The oldest has waited 1 h 48 min since its "
					       "peer's FIN, the newest 3 min 4 s."));
	assert_int_equal(number(first(w), "close_wait_oldest_ms"), 7384000u - 900000u);
	assert_int_equal(number(first(w), "close_wait_newest_ms"), 7384000u - 8u * 900000u);
	w->s[2].quiet_ms = 12345; /* a new one: the leak goes on */
	run(w);
	assert_non_null(strstr(first(w)->text, "the newest 12.3 s (the leak goes on)."));
	for (size_t i = 1; i < w->n; i++)
		w->s[i].has_info = false; /* a recording without tcp_info: no age */
	run(w);
	assert_null(strstr(first(w)->text, "oldest"));
	assert_int_equal(number(first(w), "close_wait_oldest_ms"), UINT64_MAX);
	w->n = 1 + 7; /* 7 in one process: not yet a leak */
	run(w);
	assert_null(find(w, SV_WHY_CLOSE_WAIT));
}

/* Ephemeral ports toward one destination against the range. */
static void test_ephemeral(void **state)
{
	struct world *w = *state;
	const struct sv_why_finding *f;

	port_target(w, 443);
	w->t.to = true;
	w->in.sys.eph_lo = 40000;
	w->in.sys.eph_hi = 40099; /* 100 ports */
	for (int i = 0; i < 95; i++)
		add(w, SV_TABLE_TCP, i < 30 ? SV_STATE_TIME_WAIT : SV_STATE_ESTABLISHED, "10.0.0.1",
		    (uint16_t)(40000 + i), i % 2 ? "10.0.0.9" : "10.0.0.9", 443);
	run(w);
	f = first(w);
	assert_int_equal(f->code, SV_WHY_EPHEMERAL);
	assert_int_equal(f->severity, SV_WHY_CRITICAL);
	assert_non_null(strstr(f->text, "95 of the 100 ephemeral ports"));
	assert_non_null(strstr(f->text, "toward 10.0.0.9:443 (30 in TIME-WAIT)"));
	/* reserved ports shrink the range */
	w->in.sys.have |= SV_WHY_HAVE_RESERVED;
	assert_int_equal(sv_why_parse_reserved("40090-40099", 11, w->in.sys.reserved), 0);
	run(w);
	assert_non_null(strstr(first(w)->text, "95 of the 90 ephemeral ports"));
	/* spread over two destinations: 48 and 47 of 100, no finding */
	w->in.sys.have &= ~SV_WHY_HAVE_RESERVED;
	for (int i = 0; i < 95; i += 2)
		assert_int_equal(inet_pton(AF_INET, "10.0.0.8", w->s[i].raddr), 1);
	run(w);
	assert_null(find(w, SV_WHY_EPHEMERAL));
	assert_int_equal(first(w)->code, SV_WHY_NOTHING_LOCAL);
	assert_false(w->r.likely);
}

static void test_client_side(void **state)
{
	struct world *w = *state;

	port_target(w, 443);
	w->t.to = true;
	add(w, SV_TABLE_TCP, SV_STATE_SYN_SENT, "10.0.0.1", 40001, "10.9.9.9", 443);
	add(w, SV_TABLE_TCP, SV_STATE_SYN_SENT, "10.0.0.1", 40002, "10.9.9.9", 443);
	run(w);
	assert_int_equal(first(w)->code, SV_WHY_SYN_SENT);
	assert_non_null(strstr(first(w)->text, "2 connection attempts to port 443 hang"));
	assert_null(find(w, SV_WHY_NOTHING_LOCAL));
	/* a stalled connection: the peer's window shut */
	port_target(w, 443);
	w->t.to = true;
	{
		struct sv_why_sock *s = add(w, SV_TABLE_TCP, SV_STATE_ESTABLISHED, "10.0.0.1", 40003,
					    "10.9.9.9", 443);

		s->has_info = true;
		s->wq = 200000;
		s->snd_wnd = 0;
	}
	run(w);
	assert_int_equal(first(w)->code, SV_WHY_STALLED);
	assert_non_null(strstr(first(w)->text, "peer's window shut"));
}

/* Findings come the most severe first, then in the codes' order. */
static void test_order(void **state)
{
	struct world *w = *state;

	port_target(w, 40000);
	listener(w, "127.0.0.1", 40000)->rq = 200;
	run(w);
	for (size_t i = 1; i < w->r.n; i++)
		assert_true(w->r.f[i - 1].severity > w->r.f[i].severity ||
			    (w->r.f[i - 1].severity == w->r.f[i].severity &&
			     w->r.f[i - 1].code < w->r.f[i].code));
	assert_int_equal(w->r.n, 3);
	assert_int_equal(w->r.f[0].code, SV_WHY_ACCEPT_QUEUE);
	assert_int_equal(w->r.f[1].code, SV_WHY_LOOPBACK_ONLY);
	assert_int_equal(w->r.f[2].code, SV_WHY_PORT_RANGE);
	assert_int_equal(w->r.f[2].severity, SV_WHY_INFO);
}

static void test_unix(void **state)
{
	struct world *w = *state;
	struct sv_why_sock *s;

	memset(w, 0, sizeof(*w));
	w->t.kind = SV_WHY_UNIX;
	snprintf(w->t.path, sizeof(w->t.path), "/run/x.sock");
	w->in.target = &w->t;
	w->in.path_kind = SV_WHY_PATH_SOCKET;
	run(w);
	assert_int_equal(first(w)->code, SV_WHY_NO_LISTENER);
	assert_non_null(strstr(first(w)->text, "stale file"));
	w->in.path_kind = SV_WHY_PATH_NONE;
	run(w);
	assert_non_null(strstr(first(w)->text, "no such file"));
	s = &w->s[w->n++];
	memset(s, 0, sizeof(*s));
	s->table = SV_TABLE_UNIX_STREAM;
	s->family = AF_UNIX;
	s->state = SV_STATE_LISTEN;
	s->rq = 5;
	s->wq = 5;
	run(w);
	assert_int_equal(first(w)->code, SV_WHY_ACCEPT_QUEUE);
	s->rq = 0;
	run(w);
	assert_false(w->r.likely);
	assert_int_equal(w->r.n, 0);
}

static void test_parse_target(void **state)
{
	static const struct { const char *w; int ret; enum sv_why_kind k; uint16_t port; } c[] = {
		{ "8080", 0, SV_WHY_PORT, 8080 },
		{ ":8080", 0, SV_WHY_PORT, 8080 },
		{ ":http", 0, SV_WHY_PORT, 80 },
		{ "https", 0, SV_WHY_PORT, 443 },
		{ "127.0.0.1:22", 0, SV_WHY_ADDR_PORT, 22 },
		{ "[::1]:443", 0, SV_WHY_ADDR_PORT, 443 },
		{ "[fe80::1%eth0]:22", 0, SV_WHY_ADDR_PORT, 22 },
		{ "unix:/run/x.sock", 0, SV_WHY_UNIX, 0 },
		{ "0", -EINVAL, 0, 0 },
		{ "65536", -EINVAL, 0, 0 },
		{ "80x", -EINVAL, 0, 0 },
		{ "::1:443", -EINVAL, 0, 0 },
		{ "[::1]443", -EINVAL, 0, 0 },
		{ "host.example:80", -EINVAL, 0, 0 },
		{ "unix:relative", -EINVAL, 0, 0 },
		{ ":no-such-service-here", -EINVAL, 0, 0 },
		{ "", -EINVAL, 0, 0 },
	};
	struct sv_why_target t;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		int ret = sv_why_parse_target(c[i].w, NULL, &t, err, sizeof(err));

		if (ret != c[i].ret)
			fail_msg("'%s': %d, want %d (%s)", c[i].w, ret, c[i].ret, err);
		if (ret == 0) {
			assert_int_equal(t.kind, c[i].k);
			assert_int_equal(t.port, c[i].port);
		} else {
			assert_non_null(strstr(err, "why: '"));
		}
	}
	/* a hostile word comes back escaped */
	assert_int_equal(sv_why_parse_target("\x1b[2J", NULL, &t, err, sizeof(err)), -EINVAL);
	assert_null(strchr(err, '\x1b'));
}

static void test_parse_reserved(void **state)
{
	static uint8_t bits[65536 / 8];

	(void)state;
	assert_int_equal(sv_why_parse_reserved("8080,9000-9002\n", 15, bits), 0);
	assert_true(bits[8080 / 8] & (1u << (8080 % 8)));
	assert_true(bits[9002 / 8] & (1u << (9002 % 8)));
	assert_false(bits[9003 / 8] & (1u << (9003 % 8)));
	assert_int_equal(sv_why_parse_reserved("\n", 1, bits), 0);
	assert_false(bits[8080 / 8] & (1u << (8080 % 8)));
	assert_int_equal(sv_why_parse_reserved("70000", 5, bits), -EINVAL);
	assert_int_equal(sv_why_parse_reserved("9-3", 3, bits), -EINVAL);
	assert_int_equal(sv_why_parse_reserved("1,,2", 4, bits), -EINVAL);
	assert_int_equal(sv_why_parse_reserved("1 2", 3, bits), -EINVAL);
	assert_int_equal(sv_why_parse_reserved("65535", 5, bits), 0);
}

/* The text names the target, numbers the findings and escapes names. */
static void test_print(void **state)
{
	struct world *w = *state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	port_target(w, 5000);
	snprintf(listener(w, "127.0.0.1", 5000)->comm, 16, "a\x1b[31mb");
	run(w);
	f = open_memstream(&buf, &len);
	assert_int_equal(sv_why_print_text(f, &w->in, &w->r), 0);
	fclose(f);
	assert_non_null(strstr(buf, "sockview why TCP port 5000\n"));
	assert_non_null(strstr(buf, "\n1. [warning] TCP port 5000 listens on loopback only"));
	assert_non_null(strstr(buf, "127.0.0.1:5000"));
	assert_null(strchr(buf, '\x1b'));
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(sv_why_print_json(f, &w->in, &w->r), 0);
	fclose(f);
	assert_non_null(strstr(buf, "\"status\":\"problem\""));
	assert_non_null(strstr(buf, "\"code\":\"loopback-only\""));
	assert_non_null(strstr(buf, "\"process\":\"a\\u001b[31mb\""));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_listener),
		cmocka_unit_test(test_healthy),
		cmocka_unit_test(test_elsewhere),
		cmocka_unit_test(test_parse_forward),
		cmocka_unit_test(test_forwarded),
		cmocka_unit_test(test_loopback_and_address),
		cmocka_unit_test(test_accept_queue),
		cmocka_unit_test(test_counters),
		cmocka_unit_test(test_syn_recv),
		cmocka_unit_test(test_address_in_use),
		cmocka_unit_test(test_close_wait),
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_ephemeral),
		cmocka_unit_test(test_client_side),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_unix),
		cmocka_unit_test(test_parse_target),
		cmocka_unit_test(test_parse_reserved),
		cmocka_unit_test(test_print),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
