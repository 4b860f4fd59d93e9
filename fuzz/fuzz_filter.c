/* fuzz_filter.c - libFuzzer target for filter expressions: the input is
 * filter text (-F syntax, and the same text as one command-line word); what
 * parses is matched against fixed sockets and compiled for both tables.
 * Differential: every program must pass a model of the kernel's audit and,
 * run by a model of inet_diag_bc_run(), agree with sv_filter_match (the
 * models follow tests/test_filter_bpf.c). Host names resolve to fixed
 * addresses without DNS. */
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SOCK_BINDPORT_LOCK 8
#define NSOCKS 6

static struct inet_diag_bc_op op_at(const uint8_t *p)
{
	struct inet_diag_bc_op op;

	memcpy(&op, p, sizeof(op));
	return op;
}

static bool bits_match(const uint32_t *a1, const uint32_t *a2, int bits)
{
	int words = bits >> 5;

	bits &= 0x1f;
	if (words && memcmp(a1, a2, (size_t)words << 2) != 0)
		return false;
	return !bits || !((a1[words] ^ a2[words]) & htonl(0xffffffffu << (32 - bits)));
}

static bool hostcond(const uint8_t *op, bool src, const struct sv_sock *s)
{
	struct inet_diag_hostcond c;
	uint32_t want[4] = { 0 }, a[4];
	size_t alen;

	memcpy(&c, op + 4, sizeof(c));
	alen = c.family == AF_INET6 ? 16 : c.family == AF_INET ? 4 : 0;
	memcpy(want, op + 4 + sizeof(c), alen);
	memcpy(a, src ? s->laddr : s->raddr, 16);
	if (c.port != -1 && c.port != (src ? s->lport : s->rport))
		return false;
	if (c.family != AF_UNSPEC && c.family != s->family)
		return s->family == AF_INET6 && c.family == AF_INET && a[0] == 0 &&
		       a[1] == 0 && a[2] == htonl(0xffff) && bits_match(a + 3, want, c.prefix_len);
	return c.prefix_len == 0 || bits_match(a, want, c.prefix_len);
}

/* inet_diag_bc_run() on s. */
static bool run(const uint8_t *bc, int len, const struct sv_sock *s, uint16_t locks)
{
	while (len > 0) {
		struct inet_diag_bc_op op = op_at(bc);
		uint16_t arg = op_at(bc + 4).no;
		struct inet_diag_markcond mc;
		uint32_t u32;
		uint64_t u64;
		bool yes = true;

		switch (op.code) {
		case INET_DIAG_BC_JMP: yes = false; break;
		case INET_DIAG_BC_S_EQ: yes = s->lport == arg; break;
		case INET_DIAG_BC_S_GE: yes = s->lport >= arg; break;
		case INET_DIAG_BC_S_LE: yes = s->lport <= arg; break;
		case INET_DIAG_BC_D_EQ: yes = s->rport == arg; break;
		case INET_DIAG_BC_D_GE: yes = s->rport >= arg; break;
		case INET_DIAG_BC_D_LE: yes = s->rport <= arg; break;
		case INET_DIAG_BC_AUTO: yes = !(locks & SOCK_BINDPORT_LOCK); break;
		case INET_DIAG_BC_S_COND: yes = hostcond(bc, true, s); break;
		case INET_DIAG_BC_D_COND: yes = hostcond(bc, false, s); break;
		case INET_DIAG_BC_DEV_COND:
			memcpy(&u32, bc + 4, 4);
			yes = u32 == s->ifindex;
			break;
		case INET_DIAG_BC_MARK_COND:
			memcpy(&mc, bc + 4, sizeof(mc));
			yes = (s->mark & mc.mask) == mc.mark;
			break;
		case INET_DIAG_BC_CGROUP_COND:
			memcpy(&u64, bc + 4, 8);
			yes = u64 == s->cgroup_id;
			break;
		default: break;
		}
		len -= yes ? op.yes : op.no;
		bc += yes ? op.yes : op.no;
	}
	return len == 0;
}

static bool on_yes_chain(const uint8_t *bc, int len, int cc)
{
	while (len >= 0) {
		struct inet_diag_bc_op op = op_at(bc);

		if (cc > len)
			return false;
		if (cc == len)
			return true;
		if (op.yes < 4 || op.yes & 3)
			return false;
		len -= op.yes;
		bc += op.yes;
	}
	return false;
}

/* The data length of the op at bc (len bytes left), or -1. */
static int data_len(const uint8_t *bc, int len)
{
	struct inet_diag_hostcond c;

	switch (op_at(bc).code) {
	case INET_DIAG_BC_S_COND:
	case INET_DIAG_BC_D_COND:
		if (len < 12)
			return -1;
		memcpy(&c, bc + 4, sizeof(c));
		if (c.family != AF_UNSPEC && c.family != AF_INET && c.family != AF_INET6)
			return -1;
		if (c.prefix_len > (c.family == AF_INET6 ? 128 : c.family == AF_INET ? 32 : 0))
			return -1;
		return 8 + (c.family == AF_INET6 ? 16 : c.family == AF_INET ? 4 : 0);
	case INET_DIAG_BC_MARK_COND: case INET_DIAG_BC_CGROUP_COND: return 8;
	case INET_DIAG_BC_AUTO: case INET_DIAG_BC_JMP: case INET_DIAG_BC_NOP: return 0;
	case INET_DIAG_BC_S_EQ: case INET_DIAG_BC_S_GE: case INET_DIAG_BC_S_LE:
	case INET_DIAG_BC_D_EQ: case INET_DIAG_BC_D_GE: case INET_DIAG_BC_D_LE:
	case INET_DIAG_BC_DEV_COND: return 4;
	default: return -1;
	}
}

/* inet_diag_bc_audit(). */
static bool audit(const uint8_t *prog, int plen)
{
	const uint8_t *bc = prog;
	int len = plen;

	if (plen < 4 || plen > 65531)
		return false;
	while (len > 0) {
		struct inet_diag_bc_op op = op_at(bc);
		int min_len = 4 + data_len(bc, len);

		if (min_len < 4 || len < min_len)
			return false;
		if (op.code != INET_DIAG_BC_NOP &&
		    (op.no < min_len || op.no > len + 4 || op.no & 3 ||
		     (op.no < len && !on_yes_chain(prog, plen, len - op.no))))
			return false;
		if (op.yes < min_len || op.yes > len + 4 || op.yes & 3)
			return false;
		bc += op.yes;
		len -= op.yes;
	}
	return len == 0;
}

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
		s[i].has_mark = s[i].has_cgroup = true;
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
		if (!audit(prog, (int)len))
			__builtin_trap();
		for (int i = 0; i < NSOCKS; i++) {
			const struct sv_sock *s = &socks[i];
			bool yes = run(prog, (int)len, s, 0);
			bool no = run(prog, (int)len, s, SOCK_BINDPORT_LOCK);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sv_filter_parse_opts opts = { .resolve = resolve };
	struct sv_sock socks[NSOCKS];
	struct sv_filter *f = NULL;
	char err[256];
	char *text;

	if (size > 1 << 16)
		return 0;
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	socks_init(socks);
	if (sv_filter_parse_text_with(text, &opts, &f, err, sizeof(err)) == 0 && f) {
		check(f, socks, false);
		check(f, socks, true);
		(void)sv_filter_needs_enrich(f);
		(void)sv_filter_needs_kernel(f);
	}
	sv_filter_free(f);
	f = NULL;
	if (sv_filter_parse_argv_with(1, &text, &opts, &f, err, sizeof(err)) == 0 && f) {
		for (int i = 0; i < NSOCKS; i++)
			(void)sv_filter_match(f, &socks[i]);
	}
	sv_filter_free(f);
	free(text);
	return 0;
}
