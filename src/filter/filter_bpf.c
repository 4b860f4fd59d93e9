/* filter_bpf.c - compile a filter expression to inet_diag bytecode
 * (INET_DIAG_REQ_BYTECODE), the program the kernel runs on every socket in
 * inet_diag_bc_run() after checking it with inet_diag_bc_audit().
 *
 * The machine: a program is a row of ops { code, yes, no } (4 bytes) each
 * followed by its data. An op is a test; the kernel moves forward by "yes"
 * bytes if it holds and by "no" bytes if not. Running off exactly the end
 * accepts the socket; jumping past it (conventionally end + 4) rejects it.
 * The audit demands that "yes" and "no" be multiples of 4, at least the
 * op's own length and at most 4 past the end, and that every "no" target
 * lie on the chain of "yes" steps from the start.
 *
 * The code generator is the classic short-circuit one. Every op's "yes"
 * falls through to the next op (so the "yes" chain visits every op and
 * every target is on it, and "yes" always fits its u8); only "no" jumps.
 * gen(node, jump_if, target) emits code that jumps to label target when the
 * node's value equals jump_if and falls through otherwise:
 *   - a test in jump_if = false form is one op whose "no" is target;
 *   - in jump_if = true form it is the op with "no" to just past a JMP
 *     whose "no" is target (JMP always takes "no");
 *   - not x: gen(x, !jump_if, target) - negation costs nothing, it swaps
 *     which exit is the jump;
 *   - a and b, jump_if = false: gen(a, false, target); gen(b, false, target);
 *     jump_if = true: gen(a, false, L); gen(b, true, target); L:
 *   - or is the mirror image.
 * The program is gen(root, false, REJECT) and accepts by running off the
 * end. All jumps go forward, labels are patched at the end.
 * "!=" on ports is a negation of "="; ">" is not "<=", "<" is not ">=",
 * so no port arithmetic can overflow at 0 or 65535. */
#include <errno.h>
#include <linux/inet_diag.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "filter_priv.h"
#include "sockview/grow.h"
#include "sockview/tables.h"

#define LABEL_ACCEPT 0u
#define LABEL_REJECT 1u

struct bc_fix {
	uint32_t at;    /* offset of the op whose "no" is patched */
	uint32_t label; /* its target */
};

struct bc {
	const struct sv_filter *f;
	enum sv_proto proto; /* whose port numbers a name means */
	bool relaxed; /* sv_filter_prefilter: user-space conditions are constants */
	int err;      /* first error, 0 if none */
	uint8_t *code;
	size_t len, cap;
	struct bc_fix *fix;
	size_t nfix, fixcap;
	int64_t *labels; /* offset of each label, -1 until placed */
	size_t nlabels, labcap;
};

/* Grow *v (of *cap elements of size sz) to hold need elements. */
static bool bc_grow(struct bc *bc, void **v, size_t *cap, size_t need, size_t sz)
{
	if (sv_grow(v, cap, need, sz, 16) == 0)
		return true;
	bc->err = bc->err ? bc->err : -ENOMEM;
	return false;
}

static uint32_t bc_label(struct bc *bc)
{
	if (!bc_grow(bc, (void **)&bc->labels, &bc->labcap, bc->nlabels + 1,
		     sizeof(*bc->labels)))
		return LABEL_REJECT;
	bc->labels[bc->nlabels] = -1;
	return (uint32_t)bc->nlabels++;
}

static void bc_place(struct bc *bc, uint32_t label)
{
	if (bc->err == 0)
		bc->labels[label] = (int64_t)bc->len;
}

/* Emit op code with dlen bytes of data, "yes" to the next op and "no" to
 * label; stops at the kernel's size limit with -E2BIG. */
static void bc_op(struct bc *bc, uint8_t code, const void *data, size_t dlen,
		  uint32_t label)
{
	struct inet_diag_bc_op op = { .code = code, .yes = (uint8_t)(4 + dlen) };

	if (bc->err != 0)
		return;
	if (bc->len + sizeof(op) + dlen > SV_FILTER_BYTECODE_MAX) {
		bc->err = -E2BIG;
		return;
	}
	if (!bc_grow(bc, (void **)&bc->code, &bc->cap, bc->len + sizeof(op) + dlen, 1) ||
	    !bc_grow(bc, (void **)&bc->fix, &bc->fixcap, bc->nfix + 1, sizeof(*bc->fix)))
		return;
	bc->fix[bc->nfix++] = (struct bc_fix){ .at = (uint32_t)bc->len, .label = label };
	memcpy(bc->code + bc->len, &op, sizeof(op));
	if (dlen > 0)
		memcpy(bc->code + bc->len + sizeof(op), data, dlen);
	bc->len += sizeof(op) + dlen;
}

/* The op code and data of a kernel test. Returns the data length; *code
 * is left 0 for a node that is not a single test. */
static size_t bc_test(const struct bc *bc, const struct sv_fnode *n, uint8_t *code,
		      uint8_t data[static 28])
{
	bool src = n->side == SV_SIDE_SRC;
	struct inet_diag_hostcond hc;
	struct inet_diag_bc_op port = { 0 };

	switch (n->kind) {
	case SV_FN_PORT:
		*code = n->u.port.cmp == SV_CMP_EQ ? (src ? INET_DIAG_BC_S_EQ : INET_DIAG_BC_D_EQ)
			: n->u.port.cmp == SV_CMP_GE || n->u.port.cmp == SV_CMP_LT
			? (src ? INET_DIAG_BC_S_GE : INET_DIAG_BC_D_GE)
			: (src ? INET_DIAG_BC_S_LE : INET_DIAG_BC_D_LE);
		port.no = n->u.port.port[bc->proto];
		memcpy(data, &port, sizeof(port));
		return sizeof(port);
	case SV_FN_HOST:
		*code = src ? INET_DIAG_BC_S_COND : INET_DIAG_BC_D_COND;
		memset(&hc, 0, sizeof(hc)); /* its padding goes out too */
		hc.family = n->u.host.family;
		hc.prefix_len = n->u.host.plen;
		hc.port = n->u.host.any_port ? -1 : n->u.host.port[bc->proto];
		memcpy(data, &hc, sizeof(hc));
		if (hc.family == AF_UNSPEC)
			return sizeof(hc);
		memcpy(data + sizeof(hc), n->u.host.addr, hc.family == AF_INET ? 4 : 16);
		return sizeof(hc) + (hc.family == AF_INET ? 4 : 16);
	case SV_FN_DEV:
		*code = INET_DIAG_BC_DEV_COND;
		memcpy(data, &n->u.ifindex, sizeof(n->u.ifindex));
		return sizeof(n->u.ifindex);
	case SV_FN_MARK:
		*code = INET_DIAG_BC_MARK_COND;
		memcpy(data, &(struct inet_diag_markcond){ .mark = n->u.mark.value,
							   .mask = n->u.mark.mask },
		       sizeof(struct inet_diag_markcond));
		return sizeof(struct inet_diag_markcond);
	case SV_FN_CGROUP:
		*code = INET_DIAG_BC_CGROUP_COND;
		memcpy(data, &n->u.cgroup_id, sizeof(n->u.cgroup_id));
		return sizeof(n->u.cgroup_id);
	case SV_FN_AUTO:
		*code = INET_DIAG_BC_AUTO;
		return 0;
	default:
		*code = 0;
		return 0;
	}
}

/* Does the node's test say the opposite of the node (">" is "not <=")? */
static bool bc_inverted(const struct sv_fnode *n)
{
	return n->kind == SV_FN_PORT &&
	       (n->u.port.cmp == SV_CMP_GT || n->u.port.cmp == SV_CMP_LT);
}

/* A condition: one test, or a constant (a JMP or nothing). neg says the
 * node sits under an odd number of negations (for relaxed constants). */
static void gen_leaf(struct bc *bc, const struct sv_fnode *n, bool jump_if,
		     uint32_t target, bool neg)
{
	uint8_t data[28], code = 0;
	size_t dlen = bc_test(bc, n, &code, data);
	uint32_t skip;

	if (code == 0) { /* a constant: TRUE, FALSE, or relaxed user-only */
		bool value = n->kind == SV_FN_TRUE || (sv_fnode_user_only(n) && !neg);

		if (sv_fnode_user_only(n) && !bc->relaxed)
			bc->err = bc->err ? bc->err : -EOPNOTSUPP;
		if (value == jump_if)
			bc_op(bc, INET_DIAG_BC_JMP, NULL, 0, target);
		return;
	}
	if (bc_inverted(n))
		jump_if = !jump_if;
	if (!jump_if) {
		bc_op(bc, code, data, dlen, target);
		return;
	}
	skip = bc_label(bc);
	bc_op(bc, code, data, dlen, skip);
	bc_op(bc, INET_DIAG_BC_JMP, NULL, 0, target);
	bc_place(bc, skip);
}

/* Jump to target when node i's value is jump_if; fall through otherwise. */
static void gen(struct bc *bc, uint32_t i, bool jump_if, uint32_t target, bool neg)
{
	const struct sv_fnode *n = &bc->f->nodes[i];
	bool decides; /* the value that settles an and (false) or an or (true) */
	uint32_t k, out;

	if (bc->err != 0)
		return;
	if (n->kind == SV_FN_NOT) {
		gen(bc, n->kid, !jump_if, target, !neg);
		return;
	}
	if (n->kind != SV_FN_AND && n->kind != SV_FN_OR) {
		gen_leaf(bc, n, jump_if, target, neg);
		return;
	}
	decides = n->kind == SV_FN_OR;
	if (jump_if == decides) {
		for (k = n->kid; k != SV_FNONE; k = bc->f->nodes[k].next)
			gen(bc, k, jump_if, target, neg);
		return;
	}
	out = bc_label(bc);
	for (k = n->kid; bc->f->nodes[k].next != SV_FNONE; k = bc->f->nodes[k].next)
		gen(bc, k, decides, out, neg);
	gen(bc, k, jump_if, target, neg);
	bc_place(bc, out);
}

/* Patch every "no" now that all labels are placed. */
static void bc_patch(struct bc *bc)
{
	bc->labels[LABEL_ACCEPT] = (int64_t)bc->len;
	bc->labels[LABEL_REJECT] = (int64_t)bc->len + 4;
	for (size_t i = 0; i < bc->nfix && bc->err == 0; i++) {
		int64_t to = bc->labels[bc->fix[i].label];
		int64_t no = to - (int64_t)bc->fix[i].at;
		struct inet_diag_bc_op op;

		if (to < 0 || no < 4 || no > UINT16_MAX || no % 4 != 0) {
			bc->err = to < 0 ? -EINVAL : -E2BIG; /* cannot happen */
			break;
		}
		memcpy(&op, bc->code + bc->fix[i].at, sizeof(op));
		op.no = (uint16_t)no;
		memcpy(bc->code + bc->fix[i].at, &op, sizeof(op));
	}
}

/* Compile f into buf; relaxed turns user-space-only conditions into the
 * constants of sv_filter_prefilter instead of failing. */
static int compile(const struct sv_filter *f, enum sv_table table, bool relaxed,
		   void *buf, size_t *len)
{
	struct bc bc = { .f = f, .proto = sv_tables_proto(table), .relaxed = relaxed };
	int ret;

	if (f == NULL || len == NULL || (unsigned int)table >= SV_TABLE_MAX)
		return -EINVAL;
	if (f->needs_enrich && !relaxed)
		return -EOPNOTSUPP;
	bc_label(&bc); /* LABEL_ACCEPT */
	bc_label(&bc); /* LABEL_REJECT */
	gen(&bc, f->root, false, LABEL_REJECT, false);
	if (bc.err == 0 && bc.len == 0) /* always true: the audit wants one op */
		bc_op(&bc, INET_DIAG_BC_NOP, NULL, 0, LABEL_ACCEPT);
	if (bc.err == 0)
		bc_patch(&bc);
	ret = bc.err;
	if (ret == 0 && *len < bc.len)
		ret = -ENOSPC;
	else if (ret == 0)
		memcpy(buf, bc.code, bc.len);
	if (ret == 0 || ret == -ENOSPC)
		*len = bc.len;
	free(bc.code);
	free(bc.fix);
	free(bc.labels);
	return ret;
}

/* See filter.h. */
int sv_filter_bytecode(const struct sv_filter *f, enum sv_table table,
		       void *buf, size_t *len)
{
	return compile(f, table, false, buf, len);
}

/* See filter.h. */
int sv_filter_prefilter(const struct sv_filter *f, enum sv_table table,
			void *buf, size_t *len)
{
	return compile(f, table, true, buf, len);
}

/* See filter.h. A's jumps to its reject label (its end + 4) are moved to
 * the end of the whole + 4; its accept label, its end, is B's start. Every
 * op's "yes" is its own length (as the compiler emits them), which is how
 * A is walked. */
int sv_filter_bytecode_and(const void *a, size_t alen, const void *b, size_t blen,
			   void *out, size_t *outlen)
{
	unsigned char *o = out;
	size_t off = 0;

	if (alen + blen > SV_FILTER_BYTECODE_MAX)
		return -E2BIG;
	if (*outlen < alen + blen)
		return -ENOSPC;
	memcpy(o, a, alen);
	memcpy(o + alen, b, blen);
	while (off < alen) {
		struct inet_diag_bc_op op;

		if (alen - off < sizeof(op))
			return -EINVAL;
		memcpy(&op, o + off, sizeof(op));
		if (op.yes < sizeof(op) || op.yes > alen - off)
			return -EINVAL;
		if (off + op.no == alen + 4) {
			if (op.no + blen > UINT16_MAX)
				return -E2BIG;
			op.no = (uint16_t)(op.no + blen);
			memcpy(o + off, &op, sizeof(op));
		}
		off += op.yes;
	}
	*outlen = alen + blen;
	return 0;
}
