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
	buf[n] = '\0';
	return n;
}

static const char hexdig[] = "0123456789abcdef";

/* One 16-bit group in lower-case hex without leading zeros. */
static size_t put_group(char *buf, unsigned int w)
{
	size_t n = 0;
	int shift = 12;

	while (shift > 0 && ((w >> shift) & 0xf) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		buf[n++] = hexdig[(w >> shift) & 0xf];
	return n;
}

/* IPv6 text exactly as glibc's inet_ntop writes it (RFC 5952: the longest
 * run of two or more zero groups, the first of equal runs, becomes "::";
 * lower case; and an embedded IPv4 address after 6 zero groups, or after
 * 5 zero groups and ffff), without its sprintf per group: this runs once or
 * twice per printed socket. */
static size_t format_v6(char *buf, const uint8_t *a)
{
	unsigned int w[8];
	int best = -1, best_len = 0, cur = -1, cur_len = 0;
	size_t n = 0;

	for (int i = 0; i < 8; i++) {
		w[i] = (unsigned int)a[2 * i] << 8 | a[2 * i + 1];
		if (w[i] == 0) {
			if (cur < 0)
				cur = i, cur_len = 0;
			if (++cur_len > best_len)
				best = cur, best_len = cur_len;
		} else {
			cur = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			buf[n++] = ':';
			if (best + best_len == 8)
				buf[n++] = ':';
			i += best_len - 1;
			continue;
		}
		if (i)
			buf[n++] = ':';
		if (i == 6 && best == 0 &&
		    (best_len == 6 || (best_len == 5 && w[5] == 0xffff)))
			return n + format_v4(buf + n, a + 12);
		n += put_group(buf + n, w[i]);
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
	n = 1 + format_v6(buf + 1, addr);
	buf[n++] = ']';
	buf[n] = '\0';
	return n;
}
