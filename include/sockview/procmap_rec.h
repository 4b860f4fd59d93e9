/* procmap_rec.h - the record the process map's BPF program writes, one per
 * open socket file; shared by the program and its reader (the kernel's
 * fixed-size types, so both sides agree on the layout). */
#ifndef SOCKVIEW_PROCMAP_REC_H
#define SOCKVIEW_PROCMAP_REC_H

#include <linux/types.h>

#define SV_PROCMAP_COMM_LEN 16 /* the kernel's TASK_COMM_LEN */

/* The wanted inodes' filter (a listing of few sockets, -l): a bitmap of
 * 2^SV_PROCMAP_WANT_BITS bits in the program's .bss, the bit of each
 * wanted inode set (SV_PROCMAP_WANT_BIT: the top bits of a Fibonacci
 * hash). The program writes a socket only when its bit is set: a few
 * others share a bit, and the reader drops them. */
#define SV_PROCMAP_WANT_BITS 18
#define SV_PROCMAP_WANT_WORDS (1u << (SV_PROCMAP_WANT_BITS - 6)) /* __u64s */
#define SV_PROCMAP_WANT_BIT(inode) \
	((__u32)((__u32)(inode) * 0x9E3779B1u) >> (32 - SV_PROCMAP_WANT_BITS))

struct sv_procmap_rec {
	__u32 pid;   /* the holder's tgid, as /proc names it */
	__u32 tid;   /* the task the kernel visited (the leader, unless it
			has ended) */
	__s32 fd;
	__u32 inode; /* the socket's inode */
	char comm[SV_PROCMAP_COMM_LEN]; /* NUL-terminated */
};

#endif
