/* kbc.h - test helper: a model of the kernel's inet_diag bytecode interpreter and audit. */
#ifndef SOCKVIEW_TEST_KBC_H
#define SOCKVIEW_TEST_KBC_H

/* From net/ipv4/inet_diag.c (CAP_NET_ADMIN caller, CONFIG_SOCK_CGROUP_DATA);
 * used by tests/test_filter_bpf.c and fuzz/fuzz_filter.c. */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/sock.h"

#ifndef SOCK_BINDPORT_LOCK
#define SOCK_BINDPORT_LOCK 8 /* include/net/sock.h */
#endif

/* struct inet_diag_entry as inet_diag_bc_sk() fills it. */
struct kbc_entry {
	uint32_t saddr[4], daddr[4]; /* network order words */
	uint16_t sport, dport, family, userlocks;
	uint32_t ifindex, mark;
	uint64_t cgroup_id;
};

/* The entry the kernel would build for s; userlocks is sk_userlocks. */
static inline struct kbc_entry kbc_entry_of(const struct sv_sock *s, uint16_t userlocks)
{
	struct kbc_entry e = {
		.sport = s->lport, .dport = s->rport, .family = s->family,
		.userlocks = userlocks, .ifindex = s->ifindex, .mark = s->mark,
		.cgroup_id = s->cgroup_id,
	};

	memcpy(e.saddr, s->laddr, 16);
	memcpy(e.daddr, s->raddr, 16);
	return e;
}

/* The op header at p (unaligned). */
static inline struct inet_diag_bc_op kbc_op_at(const uint8_t *p)
{
	struct inet_diag_bc_op op;

	memcpy(&op, p, sizeof(op));
	return op;
}

/* The address length of a hostcond family: 16, 4, or 0 (AF_UNSPEC, or
 * a family the audit refuses). */
static inline int kbc_addr_len(uint8_t family)
{
	return family == AF_INET6 ? 16 : family == AF_INET ? 4 : 0;
}

/* bitstring_match(): whole 32-bit words, then the top bits of the next. */
static inline bool kbc_bits(const uint32_t *a1, const uint32_t *a2, int bits)
{
	int words = bits >> 5;

	bits &= 0x1f;
	if (words && memcmp(a1, a2, (size_t)words << 2) != 0)
		return false;
	if (bits) {
		uint32_t mask = htonl(0xffffffffu << (32 - bits));

		if ((a1[words] ^ a2[words]) & mask)
			return false;
	}
	return true;
}

/* S_COND (src) or D_COND at op: port, then family (a v4 condition also
 * matches a v4-mapped v6 address), then prefix. */
static inline bool kbc_hostcond(const uint8_t *op, bool src, const struct kbc_entry *e)
{
	struct inet_diag_hostcond c;
	uint32_t addr[4] = { 0 };
	const uint32_t *a = src ? e->saddr : e->daddr;

	memcpy(&c, op + 4, sizeof(c));
	memcpy(addr, op + 4 + sizeof(c), (size_t)kbc_addr_len(c.family));
	if (c.port != -1 && c.port != (src ? e->sport : e->dport))
		return false;
	if (c.family != AF_UNSPEC && c.family != e->family)
		return e->family == AF_INET6 && c.family == AF_INET && a[0] == 0 &&
		       a[1] == 0 && a[2] == htonl(0xffff) && kbc_bits(a + 3, addr, c.prefix_len);
	return c.prefix_len == 0 || kbc_bits(a, addr, c.prefix_len);
}

/* inet_diag_bc_run() on an audited program: 1 accept, 0 reject. Like the
 * kernel it reads an op's data only for the ops that have some. */
static inline int kbc_run(const uint8_t *bc, int len, const struct kbc_entry *e)
{
	while (len > 0) {
		struct inet_diag_bc_op op = kbc_op_at(bc);
		struct inet_diag_markcond mc;
		uint32_t u32;
		uint64_t u64;
		bool yes = true;

		switch (op.code) {
		case INET_DIAG_BC_NOP: break;
		case INET_DIAG_BC_JMP: yes = false; break;
		case INET_DIAG_BC_S_EQ: yes = e->sport == kbc_op_at(bc + 4).no; break;
		case INET_DIAG_BC_S_GE: yes = e->sport >= kbc_op_at(bc + 4).no; break;
		case INET_DIAG_BC_S_LE: yes = e->sport <= kbc_op_at(bc + 4).no; break;
		case INET_DIAG_BC_D_EQ: yes = e->dport == kbc_op_at(bc + 4).no; break;
		case INET_DIAG_BC_D_GE: yes = e->dport >= kbc_op_at(bc + 4).no; break;
		case INET_DIAG_BC_D_LE: yes = e->dport <= kbc_op_at(bc + 4).no; break;
		case INET_DIAG_BC_AUTO: yes = !(e->userlocks & SOCK_BINDPORT_LOCK); break;
		case INET_DIAG_BC_S_COND:
		case INET_DIAG_BC_D_COND:
			yes = kbc_hostcond(bc, op.code == INET_DIAG_BC_S_COND, e);
			break;
		case INET_DIAG_BC_DEV_COND:
			memcpy(&u32, bc + 4, 4);
			yes = u32 == e->ifindex;
			break;
		case INET_DIAG_BC_MARK_COND:
			memcpy(&mc, bc + 4, sizeof(mc));
			yes = (e->mark & mc.mask) == mc.mark;
			break;
		case INET_DIAG_BC_CGROUP_COND:
			memcpy(&u64, bc + 4, 8);
			yes = u64 == e->cgroup_id;
			break;
		default: break; /* unknown codes count as "yes", as in the kernel */
		}
		len -= yes ? op.yes : op.no;
		bc += yes ? op.yes : op.no;
	}
	return len == 0;
}

/* kbc_run() on the entry of s. */
static inline int kbc_run_sock(const uint8_t *bc, int len, const struct sv_sock *s,
			       uint16_t userlocks)
{
	struct kbc_entry e = kbc_entry_of(s, userlocks);

	return kbc_run(bc, len, &e);
}

/* valid_cc(): is offset cc (bytes before the end) on the chain of "yes"
 * steps from the start? */
static inline bool kbc_valid_cc(const uint8_t *bc, int len, int cc)
{
	while (len >= 0) {
		struct inet_diag_bc_op op;

		if (cc > len)
			return false;
		if (cc == len)
			return true;
		if (len < 4) /* the kernel reads this short tail, then fails */
			return false;
		op = kbc_op_at(bc);
		if (op.yes < 4 || op.yes & 3)
			return false;
		len -= op.yes;
		bc += op.yes;
	}
	return false;
}

/* The data length an op needs (the kernel's min_len - 4) with len bytes
 * left, or -1 if the op is invalid. */
static inline int kbc_oplen(const uint8_t *bc, int len)
{
	struct inet_diag_hostcond c;

	switch (kbc_op_at(bc).code) {
	case INET_DIAG_BC_S_COND:
	case INET_DIAG_BC_D_COND:
		if (len < 4 + (int)sizeof(c))
			return -1;
		memcpy(&c, bc + 4, sizeof(c));
		if (c.family != AF_UNSPEC && c.family != AF_INET && c.family != AF_INET6)
			return -1;
		if (c.prefix_len > 8 * kbc_addr_len(c.family))
			return -1;
		return (int)sizeof(c) + kbc_addr_len(c.family);
	case INET_DIAG_BC_DEV_COND: return 4;
	case INET_DIAG_BC_S_EQ: case INET_DIAG_BC_S_GE: case INET_DIAG_BC_S_LE:
	case INET_DIAG_BC_D_EQ: case INET_DIAG_BC_D_GE: case INET_DIAG_BC_D_LE:
		return (int)sizeof(struct inet_diag_bc_op);
	case INET_DIAG_BC_MARK_COND: return (int)sizeof(struct inet_diag_markcond);
	case INET_DIAG_BC_CGROUP_COND: return 8;
	case INET_DIAG_BC_AUTO: case INET_DIAG_BC_JMP: case INET_DIAG_BC_NOP: return 0;
	default: return -1;
	}
}

/* inet_diag_bc_audit(): 0 or -EINVAL. 65531 is the most a netlink
 * attribute can carry. A tail shorter than an op header is refused before
 * it is read (the kernel reads it, then refuses the program anyway). */
static inline int kbc_audit(const uint8_t *bytecode, int bytecode_len)
{
	const uint8_t *bc = bytecode;
	int len = bytecode_len;

	if (bytecode_len < 4 || bytecode_len > 65531)
		return -EINVAL;
	while (len > 0) {
		struct inet_diag_bc_op op;
		int dlen, min_len;

		if (len < 4)
			return -EINVAL;
		op = kbc_op_at(bc);
		dlen = kbc_oplen(bc, len);
		min_len = 4 + dlen;
		if (dlen < 0 || len < min_len)
			return -EINVAL;
		if (op.code != INET_DIAG_BC_NOP) {
			if (op.no < min_len || op.no > len + 4 || op.no & 3)
				return -EINVAL;
			if (op.no < len && !kbc_valid_cc(bytecode, bytecode_len, len - op.no))
				return -EINVAL;
		}
		if (op.yes < min_len || op.yes > len + 4 || op.yes & 3)
			return -EINVAL;
		bc += op.yes;
		len -= op.yes;
	}
	return len == 0 ? 0 : -EINVAL;
}

#endif
