/* addr.c - addresses and ports as ss writes them. */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/addr.h"

/* See addr.h. */
size_t sv_addr_utoa(char *buf, uint32_t v)
{
	char tmp[10];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

static size_t format_v4(char *buf, const uint8_t *a)
{
	size_t n = 0;

	for (int i = 0; i < 4; i++) {
		if (i)
			buf[n++] = '.';
		n += sv_addr_utoa(buf + n, a[i]);
	}
	return n;
}

/* See addr.h. */
size_t sv_addr_format(char *buf, size_t len, int family, const uint8_t *addr,
		      bool v6only)
{
	static const uint8_t any6[16];
	size_t n;

	if (family == AF_INET)
		return format_v4(buf, addr);
	if (!v6only && memcmp(addr, any6, 16) == 0) {
		buf[0] = '*';
		buf[1] = '\0';
		return 1;
	}
	buf[0] = '[';
	if (!inet_ntop(AF_INET6, addr, buf + 1, (socklen_t)(len - 2))) {
		buf[0] = '\0';
		return 0;
	}
	n = strlen(buf);
	buf[n++] = ']';
	buf[n] = '\0';
	return n;
}
