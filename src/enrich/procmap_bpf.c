/* procmap_bpf.c - the process map's records in one in-kernel pass: load the
 * embedded iter/task_file program (bpf/procmap.bpf.c, CO-RE), run its
 * iterator once and read what it wrote. In a build without libbpf, the
 * pass is absent and -p reads /proc. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "sockview/procmap.h"

#ifdef SV_BUILD_BPF
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "procmap.skel.h"

/* libbpf's own messages stay quiet: a failed load is the caller's to
 * report (and -p then reads /proc). */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static ssize_t read_iter(void *ctx, void *buf, size_t len)
{
	ssize_t n = read(*(int *)ctx, buf, len);

	return n < 0 ? -errno : n;
}

/* See procmap.h. */
bool sv_procmap_bpf_built(void)
{
	return true;
}

/* See procmap.h. */
int sv_procmap_bpf_read(uint64_t families, struct sv_procmap_rec **recs, size_t *n)
{
	libbpf_print_fn_t old = libbpf_set_print(quiet);
	struct sv_procmap_bpf *skel = sv_procmap_bpf__open();
	struct bpf_link *link = NULL;
	int fd = -1, ret;

	if (!skel) {
		ret = errno ? -errno : -EINVAL;
		goto out;
	}
	skel->rodata->sv_families = families;
	ret = sv_procmap_bpf__load(skel);
	if (ret) {
		ret = ret < 0 ? ret : -EINVAL;
		goto out;
	}
	link = bpf_program__attach_iter(skel->progs.sv_procmap, NULL);
	if (!link) {
		ret = errno ? -errno : -EINVAL;
		goto out;
	}
	fd = bpf_iter_create(bpf_link__fd(link));
	if (fd < 0) {
		ret = errno ? -errno : -EINVAL;
		goto out;
	}
	ret = sv_procmap_recs_drain(read_iter, &fd, recs, n);
out:
	if (fd >= 0)
		close(fd);
	bpf_link__destroy(link);
	sv_procmap_bpf__destroy(skel);
	libbpf_set_print(old);
	return ret;
}

#else /* a build without libbpf: /proc only */

/* See procmap.h. */
bool sv_procmap_bpf_built(void)
{
	return false;
}

/* See procmap.h. */
int sv_procmap_bpf_read(uint64_t families, struct sv_procmap_rec **recs, size_t *n)
{
	(void)families;
	(void)recs;
	(void)n;
	return -EOPNOTSUPP;
}

#endif
