/* procmap_rec.h - the record the process map's BPF program writes, one per
 * open socket file; shared by the program and its reader (the kernel's
 * fixed-size types, so both sides agree on the layout). */
#ifndef SOCKVIEW_PROCMAP_REC_H
#define SOCKVIEW_PROCMAP_REC_H

#include <linux/types.h>

#define SV_PROCMAP_COMM_LEN 16 /* the kernel's TASK_COMM_LEN */

struct sv_procmap_rec {
	__u32 pid;   /* the holder's tgid, as /proc names it */
	__u32 tid;   /* the task the kernel visited (the leader, unless it
			has ended) */
	__s32 fd;
	__u32 inode; /* the socket's inode */
	char comm[SV_PROCMAP_COMM_LEN]; /* NUL-terminated */
};

#endif
