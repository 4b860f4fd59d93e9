/* procmap_parse.c - pure parsers for the process scan: /proc/PID/stat comm,
 * /proc/PID/fd link targets, SELinux contexts and the cgroup v2 line of
 * /proc/PID/cgroup. */
#define _GNU_SOURCE /* memrchr */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "sockview/procmap.h"

#define COMM_MAX 64 /* the kernel's proc_task_name() buffer */
#define SOCK_PREFIX "socket:["
#define SOCK_PREFIX_LEN (sizeof(SOCK_PREFIX) - 1)

/* Parse the comm field of /proc/PID/stat. Longer names than 64 bytes are
 * truncated to 64 (no kernel writes one; the caller still gets a name), and
 * to commlen - 1 when the caller's buffer is smaller. Returns the number of
 * bytes stored before the NUL, or -EINVAL without '(' ... ')' or when
 * commlen is 0. */
int sv_procmap_parse_stat(const char *text, size_t len, char *comm,
			  size_t commlen)
{
	const char *open, *close;
	size_t n;

	if (!text || !comm || commlen == 0)
		return -EINVAL;
	open = memchr(text, '(', len);
	if (!open)
		return -EINVAL;
	open++;
	close = memrchr(open, ')', len - (size_t)(open - text));
	if (!close)
		return -EINVAL;
	n = (size_t)(close - open);
	if (n > COMM_MAX)
		n = COMM_MAX;
	if (n > commlen - 1)
		n = commlen - 1;
	memcpy(comm, open, n);
	comm[n] = '\0';
	return (int)n;
}

/* See procmap.h. */
int sv_procmap_parse_context(const char *buf, size_t len, char *out, size_t cap)
{
	const char *nul = memchr(buf, '\0', len);
	size_t n = nul ? (size_t)(nul - buf) : len;

	if (cap == 0 || n == 0) {
		if (cap)
			out[0] = '\0';
		return -EINVAL;
	}
	if (n > cap - 1)
		n = cap - 1;
	memcpy(out, buf, n);
	out[n] = '\0';
	return (int)n;
}

/* Parse "socket:[N]" (exactly, len bytes, no NUL needed) into N. Returns 0,
 * -ENOENT when the target does not start with "socket:[" (a file, a pipe,
 * an anon inode), -EINVAL when it does but N is missing, not decimal, above
 * UINT32_MAX or not followed by the final ']'. */
int sv_procmap_parse_fdlink(const char *link, size_t len, uint32_t *inode)
{
	uint64_t v = 0;
	size_t i;

	if (!link || len < SOCK_PREFIX_LEN ||
	    memcmp(link, SOCK_PREFIX, SOCK_PREFIX_LEN) != 0)
		return -ENOENT;
	i = SOCK_PREFIX_LEN;
	if (len < i + 2 || link[len - 1] != ']')
		return -EINVAL;
	for (; i < len - 1; i++) {
		unsigned d = (unsigned char)link[i] - '0';

		if (d > 9)
			return -EINVAL;
		v = v * 10 + d;
		if (v > UINT32_MAX)
			return -EINVAL;
	}
	*inode = (uint32_t)v;
	return 0;
}

/* See procmap.h. */
int sv_procmap_parse_cgroup(const char *text, size_t len, size_t *off, size_t *plen)
{
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;

		if (end - i >= 3 && memcmp(text + i, "0::", 3) == 0 &&
		    end - i > 3 && text[i + 3] == '/' && !memchr(text + i, '\0', end - i)) {
			*off = i + 3;
			*plen = end - i - 3;
			return 0;
		}
		i = end + 1;
	}
	return -ENOENT;
}
