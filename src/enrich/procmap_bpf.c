/* procmap_bpf.c - the process map's records in one in-kernel pass: load the
 * embedded iter/task_file program (bpf/procmap.bpf.c, CO-RE), create its
 * iterator, and hand out what it writes. In a build without libbpf, the
 * pass is absent and -p reads /proc. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockview/procmap.h"

#ifdef SV_BUILD_BPF
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "procmap.lskel.h"
#include "procmap.skel.h"

/* An open pass: the program loaded by one of its two skeletons, its link
 * and its iterator. */
struct sv_procmap_pass {
	struct sv_procmap_lskel *light;
	struct sv_procmap_skel *full;
	struct bpf_link *link; /* the full skeleton's */
	int link_fd;           /* the light one's */
	int iter_fd;
};

/* libbpf's own messages stay quiet: a failed load is the caller's to
 * report (and -p then reads /proc). */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

/* Set the program's filter of wanted inodes (its .bss, mapped). */
static void want(__u32 *on, __u64 *bits, const uint32_t *wanted, size_t nwanted)
{
	if (!wanted)
		return;
	for (size_t i = 0; i < nwanted; i++) {
		uint32_t b = SV_PROCMAP_WANT_BIT(wanted[i]);

		bits[b >> 6] |= 1ULL << (b & 63);
	}
	*on = 1;
}

/* The light skeleton: a loader program that the kernel runs, relocating
 * the program against its own BTF (kernel 5.17 and later). Nothing is
 * parsed here: the full skeleton's libbpf reads and indexes the kernel's
 * 5 MB of BTF first, some 55 ms and as many MB of memory. */
static int open_light(struct sv_procmap_pass *p, uint64_t families, const uint32_t *wanted,
		      size_t nwanted)
{
	int ret;

	p->light = sv_procmap_lskel__open();
	if (!p->light)
		return errno ? -errno : -ENOMEM;
	p->light->rodata->sv_families = families;
	ret = sv_procmap_lskel__load(p->light);
	if (ret < 0)
		return ret;
	want(&p->light->bss->sv_want_on, p->light->bss->sv_wanted, wanted, nwanted);
	p->link_fd = skel_link_create(p->light->progs.sv_procmap.prog_fd, 0, BPF_TRACE_ITER);
	if (p->link_fd < 0)
		return -errno;
	p->iter_fd = bpf_iter_create(p->link_fd);
	return p->iter_fd < 0 ? -errno : 0;
}

/* The full skeleton (libbpf relocates the program), for a kernel whose
 * loader cannot (before 5.17). */
static int open_full(struct sv_procmap_pass *p, uint64_t families, const uint32_t *wanted,
		     size_t nwanted)
{
	libbpf_print_fn_t old = libbpf_set_print(quiet);
	int ret = 0;

	p->full = sv_procmap_skel__open();
	if (!p->full)
		ret = errno ? -errno : -EINVAL;
	if (ret == 0) {
		p->full->rodata->sv_families = families;
		ret = sv_procmap_skel__load(p->full);
		ret = ret > 0 ? -EINVAL : ret;
	}
	if (ret == 0) {
		want(&p->full->bss->sv_want_on, p->full->bss->sv_wanted, wanted, nwanted);
		p->link = bpf_program__attach_iter(p->full->progs.sv_procmap, NULL);
		if (!p->link)
			ret = errno ? -errno : -EINVAL;
	}
	if (ret == 0) {
		p->iter_fd = bpf_iter_create(bpf_link__fd(p->link));
		if (p->iter_fd < 0)
			ret = errno ? -errno : -EINVAL;
	}
	libbpf_set_print(old);
	return ret;
}

/* Close what one skeleton opened. */
static void release(struct sv_procmap_pass *p)
{
	if (p->iter_fd >= 0)
		close(p->iter_fd);
	if (p->link_fd >= 0)
		close(p->link_fd);
	bpf_link__destroy(p->link);
	sv_procmap_lskel__destroy(p->light);
	sv_procmap_skel__destroy(p->full);
	*p = (struct sv_procmap_pass){ .link_fd = -1, .iter_fd = -1 };
}

/* See procmap.h. */
bool sv_procmap_bpf_built(void)
{
	return true;
}

/* See procmap.h. */
int sv_procmap_bpf_open(uint64_t families, const uint32_t *wanted, size_t nwanted,
			struct sv_procmap_pass **out)
{
	struct sv_procmap_pass *p = malloc(sizeof(*p));
	int ret;

	if (!p)
		return -ENOMEM;
	*p = (struct sv_procmap_pass){ .link_fd = -1, .iter_fd = -1 };
	ret = open_light(p, families, wanted, nwanted);
	if (ret < 0 && ret != -EPERM) { /* no privileges: the same for both */
		release(p);
		ret = open_full(p, families, wanted, nwanted);
	}
	if (ret < 0) {
		release(p);
		free(p);
		return ret;
	}
	*out = p;
	return 0;
}

/* See procmap.h. */
ssize_t sv_procmap_bpf_read(void *pass, void *buf, size_t len)
{
	ssize_t n = read(((struct sv_procmap_pass *)pass)->iter_fd, buf, len);

	return n < 0 ? -errno : n;
}

/* See procmap.h. */
void sv_procmap_bpf_close(struct sv_procmap_pass *p)
{
	if (!p)
		return;
	release(p);
	free(p);
}

#else /* a build without libbpf: /proc only */

/* See procmap.h. */
bool sv_procmap_bpf_built(void)
{
	return false;
}

/* See procmap.h. */
int sv_procmap_bpf_open(uint64_t families, const uint32_t *wanted, size_t nwanted,
			struct sv_procmap_pass **out)
{
	(void)families;
	(void)wanted;
	(void)nwanted;
	(void)out;
	return -EOPNOTSUPP;
}

/* See procmap.h. */
ssize_t sv_procmap_bpf_read(void *pass, void *buf, size_t len)
{
	(void)pass;
	(void)buf;
	(void)len;
	return -EOPNOTSUPP;
}

/* See procmap.h. */
void sv_procmap_bpf_close(struct sv_procmap_pass *p)
{
	(void)p;
}

#endif
