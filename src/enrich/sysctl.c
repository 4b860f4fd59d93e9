/* sysctl.c - the kernel settings sockview reads: ip_local_port_range. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "sockview/sysctl.h"

/* Reads one decimal number up to 65535; advances *p. */
static int read_port(const char **p, const char *end, uint16_t *out)
{
	unsigned long v = 0;
	int digits = 0;

	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	while (*p < end && **p >= '0' && **p <= '9') {
		v = v * 10 + (unsigned long)(**p - '0');
		if (v > 65535)
			return -EINVAL;
		(*p)++;
		digits++;
	}
	if (!digits)
		return -EINVAL;
	*out = (uint16_t)v;
	return 0;
}

/* See sysctl.h. */
int sv_sysctl_parse_port_range(const char *text, size_t len, uint16_t *lo,
			       uint16_t *hi)
{
	const char *p = text, *end = text + len;
	uint16_t a, b;

	if (read_port(&p, end, &a) < 0 || read_port(&p, end, &b) < 0)
		return -EINVAL;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	if (p != end || a > b)
		return -EINVAL;
	*lo = a;
	*hi = b;
	return 0;
}

/* See sysctl.h. */
int sv_sysctl_read_port_range(const char *procroot, uint16_t *lo, uint16_t *hi)
{
	char path[512], buf[64];
	ssize_t n;
	int fd, err;

	snprintf(path, sizeof(path), "%s/sys/net/ipv4/ip_local_port_range", procroot);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf));
	err = n < 0 ? -errno : 0;
	close(fd);
	if (err)
		return err;
	return sv_sysctl_parse_port_range(buf, (size_t)n, lo, hi);
}
