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
#include <bpf/bpf_core_read.h>

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

struct sock_common {
	unsigned short skc_family;
} __attribute__((preserve_access_index));

struct sock {
	struct sock_common __sk_common;
} __attribute__((preserve_access_index));

struct socket {
	struct sock *sk;
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

/* Called for each (task, fd) of every process (a thread that shares its
 * leader's file table is skipped by the kernel). */
SEC("iter/task_file")
int sv_procmap(struct bpf_iter__task_file *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	struct file *file = ctx->file;
	struct sv_procmap_rec r = {};
	struct socket *sock;

	if (!task || !file)
		return 0;
	sock = bpf_sock_from_file(file);
	if (!sock)
		return 0;
	if (sv_families) {
		__u16 family = BPF_CORE_READ(sock, sk, __sk_common.skc_family);

		if (family >= 64 || !(sv_families & (1ULL << family)))
			return 0;
	}
	r.pid = (__u32)BPF_CORE_READ(task, tgid);
	r.tid = (__u32)BPF_CORE_READ(task, pid);
	r.fd = (__s32)ctx->fd;
	r.inode = (__u32)BPF_CORE_READ(file, f_inode, i_ino);
	BPF_CORE_READ_STR_INTO(&r.comm, task, comm);
	bpf_seq_write(seq, &r, sizeof(r));
	return 0;
}
