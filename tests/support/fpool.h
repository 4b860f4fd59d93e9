/* fpool.h - test helper: the filter tests' fixtures (a fake resolver and
 * cgroup tree, parse helpers, and the pool of sockets every matcher case is
 * checked against), shared by tests/test_filter.c, test_filter_forms.c and
 * test_filter_note.c. Include it after cmocka.h. */
#ifndef SOCKVIEW_TEST_FPOOL_H
#define SOCKVIEW_TEST_FPOOL_H

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/container.h"
#include "sockview/filter.h"
#include "fcgroup.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Resolver for tests: no DNS. "multi.test" has two IPv4 and one IPv6
 * address, "v4.test" one IPv4 address, "many.test" too many, anything else
 * fails. */
static inline int fake_resolve(void *ctx, const char *name,
			       struct sv_filter_addr *a, size_t max, const char **why)
{
	(void)ctx;
	if (strcmp(name, "many.test") == 0)
		return (int)max + 1;
	if (strcmp(name, "v4.test") == 0) {
		a[0] = (struct sv_filter_addr){ .family = AF_INET, .addr = { 10, 9, 9, 3 } };
		return 1;
	}
	if (strcmp(name, "multi.test") != 0) {
		*why = "no such host (test)";
		return 0;
	}
	a[0] = (struct sv_filter_addr){ .family = AF_INET };
	inet_pton(AF_INET, "10.9.9.1", a[0].addr);
	a[1] = (struct sv_filter_addr){ .family = AF_INET };
	inet_pton(AF_INET, "10.9.9.2", a[1].addr);
	a[2] = (struct sv_filter_addr){ .family = AF_INET6 };
	inet_pton(AF_INET6, "2001:db8::99", a[2].addr);
	return 3;
}

static struct sv_filter_parse_opts popts = { .resolve = fake_resolve };

static inline int setup(void **state)
{
	(void)state;
	if (cg_make("/tmp/sv_test_filter_XXXXXX") < 0)
		return -1;
	popts.cgroup_root = cg_root;
	return 0;
}

static inline int teardown(void **state)
{
	(void)state;
	cg_remove();
	return 0;
}

static inline struct sv_filter *parse(const char *text, char *err, size_t errlen, int *ret)
{
	struct sv_filter *f = NULL;

	*ret = sv_filter_parse_text_with(text, &popts, &f, err, errlen);
	return f;
}

/* As the command line gives it, in one argv word (re-lexed like many). */
static inline struct sv_filter *parse_argv1(const char *text, char *err, size_t errlen,
				     int *ret)
{
	struct sv_filter *f = NULL;
	char *const argv[] = { (char *)text };

	*ret = sv_filter_parse_argv_with(1, argv, &popts, &f, err, errlen);
	return f;
}

static inline struct sv_filter *parse_ok(const char *text)
{
	char err[256] = "";
	int ret;
	struct sv_filter *f = parse(text, err, sizeof(err), &ret);

	if (ret != 0)
		fail_msg("'%s' failed to parse: %d %s", text, ret, err);
	assert_non_null(f);
	return f;
}

/* The socket pool every matcher case is checked against. */
enum {
	S_SSH_IN,    /* v4 tcp 10.0.0.1:22 <- 192.168.1.5:40000, in */
	S_HTTPS_OUT, /* v4 tcp 127.0.0.1:45678 -> 93.184.216.34:443, out, ephemeral */
	S_V6_LISTEN, /* v6 tcp [2001:db8::1]:8080 listen */
	S_MAPPED,    /* v6 tcp [::ffff:10.1.2.3]:443 <- [::ffff:172.16.0.9]:50000 */
	S_V6_OUT,    /* v6 tcp [fe80::1]:50001 -> [2001:db8:1::5]:22 out, dev 3 */
	S_DNS,       /* v4 udp 0.0.0.0:53 unconn, listen */
	S_NOMARK,    /* v4 tcp 10.0.0.1:60000 -> 10.0.0.2:2013, no mark/cgroup */
	S_SYSLOG,    /* v4 udp 10.0.0.7:33000 -> 10.0.0.8:514, out */
	S_COUNT
};

static inline void addr(struct sv_sock *s, const char *l, const char *r)
{
	inet_pton(s->family, l, s->laddr);
	inet_pton(s->family, r, s->raddr);
}

static inline void pool(struct sv_sock p[S_COUNT])
{
	/* holders: sshd holds S_SSH_IN; two curl processes S_HTTPS_OUT; an
	 * nginx master and worker S_V6_LISTEN; no one the others */
	static const struct sv_proc_ref sshd[] = { { .pid = 812, .fd = 3, .comm = "sshd" } };
	static const struct sv_proc_ref curl[] = {
		{ .pid = 2001, .fd = 5, .comm = "curl" }, { .pid = 2002, .fd = 5, .comm = "curl" },
	};
	/* what their cgroups name: ssh.service, a docker container, a pod's */
	static const struct sv_container ct_ssh = { .kind = SV_CT_SERVICE,
						    .unit = "ssh.service" };
	static const struct sv_container ct_web = {
		.kind = SV_CT_DOCKER,
		.id = "3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708" };
	static const struct sv_container ct_pod = {
		.kind = SV_CT_KUBERNETES, .pod = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
		.qos = "burstable",
		.id = "aaaa1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708" };
	static const struct sv_proc_ref nginx[] = {
		{ .pid = 900, .fd = 6, .comm = "nginx" },
		{ .pid = 901, .fd = 6, .comm = "nginx: worker" },
	};

	memset(p, 0, S_COUNT * sizeof(*p));
	for (int i = 0; i < S_COUNT; i++) {
		p[i].family = AF_INET;
		p[i].table = SV_TABLE_TCP;
		p[i].state = SV_STATE_ESTABLISHED;
		p[i].have |= SV_HAVE_MARK | SV_HAVE_CGROUP;
		p[i].role = SV_ROLE_OUT;
		p[i].port_class = SV_CLASS_REGISTERED;
	}
	addr(&p[S_SSH_IN], "10.0.0.1", "192.168.1.5");
	p[S_SSH_IN].lport = 22, p[S_SSH_IN].rport = 40000;
	p[S_SSH_IN].role = SV_ROLE_IN, p[S_SSH_IN].port_class = SV_CLASS_WELL_KNOWN;
	p[S_SSH_IN].service = "ssh", p[S_SSH_IN].ifindex = 2;
	p[S_SSH_IN].mark = 0x1234, p[S_SSH_IN].cgroup_id = cg_app_id;

	addr(&p[S_HTTPS_OUT], "127.0.0.1", "93.184.216.34");
	p[S_HTTPS_OUT].lport = 45678, p[S_HTTPS_OUT].rport = 443;
	p[S_HTTPS_OUT].ephemeral = true, p[S_HTTPS_OUT].service = "https";

	p[S_V6_LISTEN].family = AF_INET6;
	addr(&p[S_V6_LISTEN], "2001:db8::1", "::");
	p[S_V6_LISTEN].lport = 8080, p[S_V6_LISTEN].state = SV_STATE_LISTEN;
	p[S_V6_LISTEN].role = SV_ROLE_LISTEN, p[S_V6_LISTEN].service = "http-alt";

	p[S_MAPPED].family = AF_INET6;
	addr(&p[S_MAPPED], "::ffff:10.1.2.3", "::ffff:172.16.0.9");
	p[S_MAPPED].lport = 443, p[S_MAPPED].rport = 50000;
	p[S_MAPPED].role = SV_ROLE_IN, p[S_MAPPED].port_class = SV_CLASS_WELL_KNOWN;

	p[S_V6_OUT].family = AF_INET6;
	addr(&p[S_V6_OUT], "fe80::1", "2001:db8:1::5");
	p[S_V6_OUT].lport = 50001, p[S_V6_OUT].rport = 22, p[S_V6_OUT].ifindex = 3;
	p[S_V6_OUT].port_class = SV_CLASS_DYNAMIC, p[S_V6_OUT].ephemeral = true;
	p[S_V6_OUT].mark = 0x10;

	addr(&p[S_DNS], "0.0.0.0", "0.0.0.0");
	p[S_DNS].table = SV_TABLE_UDP, p[S_DNS].state = SV_STATE_CLOSE;
	p[S_DNS].lport = 53, p[S_DNS].role = SV_ROLE_LISTEN;
	p[S_DNS].port_class = SV_CLASS_WELL_KNOWN, p[S_DNS].service = "domain";

	addr(&p[S_NOMARK], "10.0.0.1", "10.0.0.2");
	p[S_NOMARK].lport = 60000, p[S_NOMARK].rport = 2013;
	p[S_NOMARK].port_class = SV_CLASS_DYNAMIC;
	p[S_NOMARK].have &= ~(uint32_t)(SV_HAVE_MARK | SV_HAVE_CGROUP);

	addr(&p[S_SYSLOG], "10.0.0.7", "10.0.0.8");
	p[S_SYSLOG].table = SV_TABLE_UDP;
	p[S_SYSLOG].lport = 33000, p[S_SYSLOG].rport = 514;
	p[S_SYSLOG].service = "syslog", p[S_SYSLOG].ephemeral = true;

	p[S_SSH_IN].procs = sshd, p[S_SSH_IN].nprocs = 1;
	p[S_SSH_IN].ct = &ct_ssh, p[S_V6_LISTEN].ct = &ct_web, p[S_DNS].ct = &ct_pod;
	p[S_V6_LISTEN].ct_name = "web"; /* the runtime's name (ctnames.h) */
	p[S_HTTPS_OUT].procs = curl, p[S_HTTPS_OUT].nprocs = 2, p[S_HTTPS_OUT].uid = 1000;
	p[S_V6_LISTEN].procs = nginx, p[S_V6_LISTEN].nprocs = 2, p[S_V6_LISTEN].uid = 33;
}

/* Bit i set if the expression matches pool socket i. */
static inline unsigned int match_mask(const struct sv_filter *f, bool kernel)
{
	struct sv_filter_match_opts o = { .kernel_applied = kernel };
	struct sv_sock p[S_COUNT];
	unsigned int m = 0;

	pool(p);
	for (int i = 0; i < S_COUNT; i++)
		if (sv_filter_match_with(f, &p[i], &o))
			m |= 1u << i;
	return m;
}

#define B(x) (1u << (x))
#define ALL ((1u << S_COUNT) - 1)

struct mcase {
	const char *expr;
	unsigned int want;
};

static inline void run_cases(const struct mcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct sv_filter *f = parse_ok(c[i].expr);
		unsigned int got = match_mask(f, false);

		if (got != c[i].want)
			fail_msg("'%s': matched 0x%x, want 0x%x", c[i].expr, got, c[i].want);
		sv_filter_free(f);
	}
}

#endif
