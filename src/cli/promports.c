/* promports.c - --prom-ports=LIST into a bitmap of ports (promports.h). A
 * pure parser of the user's words. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sockview/escape.h"
#include "sockview/promports.h"
#include "sockview/services.h"
#include "sockview/sysservices.h"

/* A decimal port 1-65535, all of the n bytes at p. */
static bool number(const char *p, size_t n, uint16_t *port)
{
	unsigned long v = 0;

	if (!n || n > 5)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(p[i] - '0');
	}
	if (v == 0 || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

/* One item: a port, a range, or a service name. */
static bool item(const char *p, size_t n, const struct sv_sysservices *services,
		 uint16_t *lo, uint16_t *hi)
{
	const char *dash = memchr(p, '-', n);
	char name[64];

	if (n && p[0] >= '0' && p[0] <= '9') {
		if (!dash)
			return number(p, n, lo) && (*hi = *lo, true);
		return number(p, (size_t)(dash - p), lo) &&
		       number(dash + 1, n - (size_t)(dash - p) - 1, hi) && *lo <= *hi;
	}
	if (!n || n >= sizeof(name) || memchr(p, '\0', n))
		return false;
	memcpy(name, p, n);
	name[n] = '\0';
	if (sv_sysservices_port(services, name, SV_PROTO_TCP, lo) != 0 &&
	    sv_services_port(name, SV_PROTO_TCP, lo) != 0)
		return false;
	*hi = *lo;
	return true;
}

/* See promports.h. */
int sv_promports_parse(const char *list, const struct sv_sysservices *services,
		       uint8_t bits[65536 / 8], char *err, size_t errlen)
{
	const char *p = list;

	for (;;) {
		size_t n = strcspn(p, ",");
		uint16_t lo = 0, hi = 0;

		if (!item(p, n, services, &lo, &hi)) {
			char shown[160];

			sv_escape_text(shown, sizeof(shown), p, n < 64 ? n : 64);
			snprintf(err, errlen, "bad --prom-ports item '%s': a port from 1 to "
				 "65535, a range of them (8000-8010) or a TCP service name "
				 "expected", shown);
			return -EINVAL;
		}
		for (uint32_t port = lo; port <= hi; port++)
			bits[port / 8] |= (uint8_t)(1u << (port % 8));
		if (!p[n])
			return 0;
		p += n + 1;
	}
}
