/* stdfd.c - standard descriptors 0-2 made safe before anything is opened. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "sockview/stdfd.h"

/* See stdfd.h. */
int sv_stdfd_fix(void)
{
	int closed = 0;

	for (int fd = 0; fd <= 2; fd++) {
		int nfd;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* read-only: a write to it fails (EBADF) rather than vanish */
		nfd = open("/dev/null", O_RDONLY);
		if (nfd < 0)
			return -errno;
		if (nfd != fd) { /* cannot happen: the lower ones are open */
			close(nfd);
			return -EBADF;
		}
		closed |= 1 << fd;
	}
	return closed;
}
