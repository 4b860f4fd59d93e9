// SPDX-License-Identifier: (MIT OR GPL-2.0-only)
/* procmap.bpf.c - the process map in one in-kernel pass: an iter/task_file
 * program that writes one record per open socket file (the holder's tgid,
 * the fd, the socket inode, the holder's comm). Compiled with clang's BPF
 * target; CO-RE against the running kernel's BTF, so the few kernel types
 * it reads are declared here with preserve_access_index rather than taken
 * from a vmlinux.h of the build machine. The kernel loads it only under a
 * GPL-compatible licence (bpf_sock_from_file and bpf_seq_write are GPL
 * helpers): dual MIT (the project's) and GPL. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#include "procmap_rec.h"

struct seq_file;

struct bpf_iter_meta {
	struct seq_file *seq;
} __attribute__((preserve_access_index));

struct inode {
	unsigned long i_ino;
} __attribute__((preserve_access_index));

struct file {
	struct inode *f_inode;
} __attribute__((preserve_access_index));

struct sock;

struct proto_ops {
	int family;
} __attribute__((preserve_access_index));

struct socket {
	struct sock *sk;
	const struct proto_ops *ops;
} __attribute__((preserve_access_index));

struct task_struct {
	int pid;
	int tgid;
	char comm[16];
} __attribute__((preserve_access_index));

struct bpf_iter__task_file {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
	__u32 fd;
	struct file *file;
} __attribute__((preserve_access_index));

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* The address families whose sockets are written (bit 1 << family), set
 * before the program loads; 0: every socket. A listing of TCP needs no
 * record of the host's unix sockets. */
const volatile __u64 sv_families = 0;

/* Set (by the reader, before the iteration): only the sockets whose bit
 * is set in sv_wanted are written (procmap_rec.h). */
__u32 sv_want_on = 0;
__u64 sv_wanted[SV_PROCMAP_WANT_WORDS] = {};

/* Called for each (task, fd) of every process (a thread that shares its
 * leader's file table is skipped by the kernel). The context's task and
 * file, and the socket bpf_sock_from_file returns, are pointers the
 * verifier knows (BTF): they are read with plain loads rather than a
 * helper call a field (bpf_probe_read_kernel). The family comes from the
 * socket's operations (a few static tables, in cache), not from its sock:
 * a socket of another family costs no read of its own sock. */
SEC("iter/task_file")
int sv_procmap(struct bpf_iter__task_file *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	struct file *file = ctx->file;
	struct sv_procmap_rec r = {};
	struct socket *sock;
	__u32 bit;

	if (!task || !file)
		return 0;
	sock = bpf_sock_from_file(file);
	if (!sock)
		return 0;
	if (sv_families) {
		int family = sock->ops->family;

		if (family < 0 || family >= 64 || !(sv_families & (1ULL << family)))
			return 0;
	}
	r.inode = (__u32)file->f_inode->i_ino;
	bit = SV_PROCMAP_WANT_BIT(r.inode);
	if (sv_want_on && !(sv_wanted[bit >> 6] & (1ULL << (bit & 63))))
		return 0;
	r.pid = (__u32)task->tgid;
	r.tid = (__u32)task->pid;
	r.fd = (__s32)ctx->fd;
	for (int i = 0; i < SV_PROCMAP_COMM_LEN; i++)
		r.comm[i] = task->comm[i];
	bpf_seq_write(seq, &r, sizeof(r));
	return 0;
}
