/* procmap_source.c - where -p's map comes from: the in-kernel pass where it
 * can run and its pids are the ones /proc shows, else the /proc walk. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sockview/fileio.h"
#include "sockview/procmap.h"

/* The initial pid namespace's inode (the kernel's PROC_PID_INIT_INO). */
#define PID_INIT_INO 0xEFFFFFFCu

/* Are the kernel's pids (the iterator's, global) the ones procroot names:
 * the host's /proc, read from the initial pid namespace? */
static int same_pids(const char *procroot)
{
	struct stat sb;

	if (strcmp(procroot, "/proc") != 0)
		return -EXDEV;
	if (stat("/proc/self/ns/pid", &sb) != 0)
		return -errno;
	return sb.st_ino == PID_INIT_INO ? 0 : -EXDEV;
}

/* See procmap.h. */
int sv_procmap_parse_filenr(const char *text, size_t len, uint64_t *files)
{
	uint64_t v = 0;
	size_t i = 0;

	for (; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
		uint64_t d = (uint64_t)(text[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	if (i == 0 || (i < len && text[i] != '\t' && text[i] != ' ' && text[i] != '\n'))
		return -EINVAL;
	*files = v;
	return 0;
}

/* Would the /proc walk be quicker than the in-kernel pass here? Its cost
 * grows with every open file on the host (a readlinkat each), the pass's is
 * mostly its start (loading the program against the kernel's BTF): below
 * SV_PROCMAP_BPF_MIN_FILES open files, /proc wins. Unknown: the pass. */
static bool few_files(void)
{
	char *text = NULL;
	size_t len = 0;
	uint64_t files = 0;
	bool few = sv_fileio_read_all("/proc/sys/fs/file-nr", &text, &len) == 0 &&
		   sv_procmap_parse_filenr(text, len, &files) == 0 &&
		   files < SV_PROCMAP_BPF_MIN_FILES;

	free(text);
	return few;
}

/* The map from the in-kernel pass, read as it runs. */
static int build_bpf(const struct sv_procmap_req *req, struct sv_procmap **out,
		     struct sv_procmap_stats *stats)
{
	struct sv_procmap_pass *pass = NULL;
	int ret = same_pids(req->procroot);

	if (ret == 0)
		ret = sv_procmap_bpf_open(req->families, req->wanted, req->nwanted, &pass);
	if (ret == 0)
		ret = sv_procmap_recs_read(req, sv_procmap_bpf_read, pass, out, stats);
	sv_procmap_bpf_close(pass);
	if (ret == 0 && stats)
		stats->bpf = true;
	return ret;
}

/* See procmap.h. */
int sv_procmap_build_src(const struct sv_procmap_req *req, struct sv_procmap **out,
			 struct sv_procmap_stats *stats, int *bpf_err)
{
	enum sv_procsrc src = req->src;
	int ret;

	*bpf_err = 0;
	/* -T: the pass sees one file table per process, not each thread */
	if (src == SV_PROCSRC_AUTO && ((req->flags & SV_PROCMAP_THREADS) || few_files()))
		src = SV_PROCSRC_PROC;
	if (src == SV_PROCSRC_BPF && (req->flags & SV_PROCMAP_THREADS)) {
		*bpf_err = -EOPNOTSUPP;
		return -EOPNOTSUPP;
	}
	if (src != SV_PROCSRC_PROC) {
		ret = build_bpf(req, out, stats);
		*bpf_err = ret;
		if (ret == 0 || src == SV_PROCSRC_BPF || ret == -ENOMEM)
			return ret;
	}
	ret = sv_procmap_build_with(req->procroot, req->wanted, req->nwanted, req->flags, out,
				    stats);
	if (ret == 0 && stats)
		stats->bpf = false;
	return ret;
}
