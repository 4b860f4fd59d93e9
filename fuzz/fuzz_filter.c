/* fuzz_filter.c - libFuzzer target for filter expressions: the input is
 * the bytes of a -F file (sv_filter_parse_buf_with: NUL bytes included),
 * and the same text up to its first NUL as one command-line word; what
 * parses is matched against fixed sockets and compiled for both tables.
 * Differential: every program must pass a model of the kernel's audit and,
 * run by a model of inet_diag_bc_run(), agree with sv_filter_match (the
 * models, shared with tests/test_filter_bpf.c, are in tests/support/kbc.h);
 * sv_filter_decide agrees with sv_filter_match_with; error messages and
 * the precedence note hold no control byte (the user's words are escaped).
 * Host names resolve to fixed addresses without DNS; port names come from
 * a small system services database, then IANA's table. */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/filter.h"
#include "sockview/sysservices.h"
#include "../tests/support/kbc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NSOCKS 6

static int resolve(void *ctx, const char *name, struct sv_filter_addr *a,
		   size_t max, const char **why)
{
	(void)ctx;
	(void)max;
	*why = "fuzz";
	if (strcmp(name, "localhost") != 0)
		return 0;
	a[0] = (struct sv_filter_addr){ .family = AF_INET, .addr = { 127, 0, 0, 1 } };
	a[1] = (struct sv_filter_addr){ .family = AF_INET6, .addr = { [15] = 1 } };
	return 2;
}

static void socks_init(struct sv_sock *s)
{
	static const uint16_t ports[NSOCKS][2] = {
		{ 22, 40000 }, { 45678, 443 }, { 8080, 0 }, { 443, 50000 }, { 53, 0 }, { 0, 65535 },
	};

	memset(s, 0, NSOCKS * sizeof(*s));
	for (int i = 0; i < NSOCKS; i++) {
		s[i].family = i < 2 || i == 4 ? AF_INET : AF_INET6;
		s[i].table = i == 4 ? SV_TABLE_UDP : SV_TABLE_TCP;
		s[i].lport = ports[i][0];
		s[i].rport = ports[i][1];
		if (i != 5) /* 5: no mark, no cgroup */
			s[i].have |= SV_HAVE_MARK | SV_HAVE_CGROUP;
		s[i].mark = (uint32_t)i * 0x11;
		s[i].ifindex = (uint32_t)i % 3;
		s[i].role = (uint8_t)(1 + i % 3);
		s[i].ephemeral = i == 1;
	}
	inet_pton(AF_INET, "10.0.0.1", s[0].laddr);
	inet_pton(AF_INET, "192.168.1.5", s[0].raddr);
	inet_pton(AF_INET, "127.0.0.1", s[1].laddr);
	inet_pton(AF_INET, "127.0.0.1", s[1].raddr);
	inet_pton(AF_INET6, "2001:db8::1", s[2].laddr);
	inet_pton(AF_INET6, "::ffff:10.1.2.3", s[3].laddr);
	inet_pton(AF_INET6, "::ffff:172.16.0.9", s[3].raddr);
	inet_pton(AF_INET6, "fe80::1", s[5].laddr);
	inet_pton(AF_INET6, "::1", s[5].raddr);
}

/* Compile f for both tables; check each program against the matcher. */
static void check(const struct sv_filter *f, const struct sv_sock *socks, bool pre)
{
	static uint8_t prog[SV_FILTER_BYTECODE_MAX];
	const struct sv_filter_match_opts kopt = { .kernel_applied = true };

	for (int t = 0; t < SV_TABLE_MAX; t++) {
		size_t len = sizeof(prog);
		int ret = pre ? sv_filter_prefilter(f, (enum sv_table)t, prog, &len)
			      : sv_filter_bytecode(f, (enum sv_table)t, prog, &len);

		if (ret != 0)
			continue;
		if (kbc_audit(prog, (int)len) != 0)
			__builtin_trap();
		for (int i = 0; i < NSOCKS; i++) {
			const struct sv_sock *s = &socks[i];
			bool yes = kbc_run_sock(prog, (int)len, s, 0);
			bool no = kbc_run_sock(prog, (int)len, s, SOCK_BINDPORT_LOCK);
			bool user = sv_filter_match(f, s);

			if (s->table != t)
				continue;
			if (user && !(yes && no)) /* a match the program drops */
				__builtin_trap();
			if (!pre && !sv_filter_match_with(f, s, &kopt) && (yes || no))
				__builtin_trap(); /* the program keeps a non-match */
		}
	}
}

/* Text that reaches a terminal: no control byte, one line. */
static void check_text(const char *t)
{
	for (; t != NULL && *t != '\0'; t++)
		if ((unsigned char)*t < 0x20 || *t == 0x7f)
			__builtin_trap();
}

/* sv_filter_decide against sv_filter_match_with, with and without the
 * kernel's acceptance; the reasons only for undecided rows. */
static void check_decide(const struct sv_filter *f, const struct sv_sock *socks)
{
	const struct sv_filter_match_opts kopt = { .kernel_applied = true };

	for (int i = 0; i < NSOCKS; i++) {
		unsigned int why = ~0u, kwhy = ~0u;
		enum sv_filter_verdict v = sv_filter_decide(f, &socks[i], NULL, &why);
		enum sv_filter_verdict k = sv_filter_decide(f, &socks[i], &kopt, &kwhy);

		if ((v == SV_FILTER_YES) != sv_filter_match(f, &socks[i]) ||
		    (k == SV_FILTER_YES) != sv_filter_match_with(f, &socks[i], &kopt) ||
		    (v == SV_FILTER_UNDECIDED) != (why != 0) || kwhy != 0 ||
		    k == SV_FILTER_UNDECIDED || (v != SV_FILTER_UNDECIDED && v != k))
			__builtin_trap();
	}
}

/* A small system database: local names, Debian aliases, a name whose tcp
 * and udp ports differ. */
static struct sv_sysservices *sysdb(void)
{
	static const char *const alt[] = { "webcache", NULL };
	static const char *const imap[] = { "imap", NULL };
	static const struct sv_sysservices_entry e[] = {
		{ "ssh", NULL, 22, SV_PROTO_TCP }, { "imap2", imap, 143, SV_PROTO_TCP },
		{ "http-alt", alt, 8080, SV_PROTO_TCP }, { "myapp", NULL, 10002, SV_PROTO_TCP },
		{ "myapp", NULL, 10003, SV_PROTO_UDP }, { "syslog", NULL, 514, SV_PROTO_UDP },
	};
	struct sv_sysservices *s = NULL;

	if (sv_sysservices_new(e, sizeof(e) / sizeof(e[0]), &s) < 0)
		return NULL;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sv_filter_parse_opts opts = { .resolve = resolve };
	struct sv_sysservices *db;
	struct sv_sock socks[NSOCKS];
	struct sv_filter *f = NULL;
	char err[256];
	char *text;

	if (size > 1 << 16)
		return 0;
	text = malloc(size + 1);
	db = sysdb();
	if (text == NULL || db == NULL) {
		free(text);
		sv_sysservices_free(db);
		return 0;
	}
	opts.services = db;
	memcpy(text, data, size);
	text[size] = '\0';
	socks_init(socks);
	err[0] = '\0';
	if (sv_filter_parse_buf_with(text, size, &opts, &f, err, sizeof(err)) == 0 && f) {
		check(f, socks, false);
		check(f, socks, true);
		check_decide(f, socks);
		check_text(sv_filter_note(f));
		(void)sv_filter_needs_enrich(f);
		(void)sv_filter_needs_kernel(f);
	}
	check_text(err);
	sv_filter_free(f);
	f = NULL;
	err[0] = '\0';
	if (sv_filter_parse_argv_with(1, &text, &opts, &f, err, sizeof(err)) == 0 && f) {
		for (int i = 0; i < NSOCKS; i++)
			(void)sv_filter_match(f, &socks[i]);
		check_text(sv_filter_note(f));
	}
	check_text(err);
	sv_filter_free(f);
	sv_sysservices_free(db);
	free(text);
	return 0;
}
