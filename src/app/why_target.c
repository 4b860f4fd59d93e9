/* why_target.c - `sockview why`'s target word (why.h): a port, a service,
 * an address and port, or a unix socket's path; and the reserved ports'
 * sysctl text. Pure parsers. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/escape.h"
#include "sockview/services.h"
#include "sockview/sysservices.h"
#include "sockview/why.h"

static int bad(char *err, size_t errlen, const char *word, const char *why)
{
	char shown[160];

	sv_escape_text(shown, sizeof(shown), word, strlen(word));
	snprintf(err, errlen, "why: '%s' %s", shown, why);
	return -EINVAL;
}

/* A port number 1-65535 or a service name (the system's, then IANA's). */
static int parse_port(const char *p, const struct sv_sysservices *services, uint16_t *port)
{
	char *end;
	unsigned long v;

	if (!*p)
		return -EINVAL;
	if (*p >= '0' && *p <= '9') {
		v = strtoul(p, &end, 10);
		if (*end || v == 0 || v > 65535)
			return -EINVAL;
		*port = (uint16_t)v;
		return 0;
	}
	if (sv_sysservices_port(services, p, SV_PROTO_TCP, port) == 0 ||
	    sv_services_port(p, SV_PROTO_TCP, port) == 0)
		return 0;
	return -ENOENT;
}

/* "ADDR:PORT", "[ADDR]:PORT", with an optional %scope that is dropped. */
static int parse_addr_port(char *buf, const struct sv_sysservices *services,
			   struct sv_why_target *t)
{
	char *colon, *addr = buf, *pct;

	if (*buf == '[') {
		char *close = strchr(buf, ']');

		if (!close || close[1] != ':')
			return -EINVAL;
		*close = '\0';
		addr = buf + 1;
		colon = close + 1;
	} else {
		colon = strrchr(buf, ':');
		if (!colon || strchr(buf, ':') != colon)
			return -EINVAL; /* an IPv6 address needs its brackets */
	}
	*colon = '\0';
	pct = strchr(addr, '%');
	if (pct)
		*pct = '\0';
	if (inet_pton(AF_INET, addr, t->addr) == 1)
		t->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, t->addr) == 1)
		t->family = AF_INET6;
	else
		return -EADDRNOTAVAIL;
	return parse_port(colon + 1, services, &t->port);
}

/* See why.h. */
int sv_why_parse_target(const char *word, const struct sv_sysservices *services,
			struct sv_why_target *t, char *err, size_t errlen)
{
	char buf[128];
	int ret;

	memset(t, 0, sizeof(*t));
	if (strncmp(word, "unix:", 5) == 0) {
		if (word[5] != '/' || strlen(word + 5) >= sizeof(t->path))
			return bad(err, errlen, word, "is not unix:/ABSOLUTE/PATH (at most 107 bytes)");
		t->kind = SV_WHY_UNIX;
		snprintf(t->path, sizeof(t->path), "%s", word + 5);
		return 0;
	}
	if (strlen(word) >= sizeof(buf))
		return bad(err, errlen, word, "is too long for an address and port");
	snprintf(buf, sizeof(buf), "%s", word);
	if (buf[0] == ':' || !strpbrk(buf, ":[")) {
		t->kind = SV_WHY_PORT;
		ret = parse_port(buf[0] == ':' ? buf + 1 : buf, services, &t->port);
	} else {
		t->kind = SV_WHY_ADDR_PORT;
		ret = parse_addr_port(buf, services, t);
	}
	if (ret == -ENOENT)
		return bad(err, errlen, word, "names no known service (a port 1-65535, or a "
					      "name from /etc/services)");
	if (ret == -EADDRNOTAVAIL)
		return bad(err, errlen, word, "has no IPv4 or IPv6 address before its port");
	if (ret < 0)
		return bad(err, errlen, word, "is not PORT, :SERVICE, ADDR:PORT, [IPV6]:PORT "
					      "or unix:/PATH");
	return 0;
}

/* See why.h. */
int sv_why_parse_reserved(const char *text, size_t len, uint8_t bits[65536 / 8])
{
	size_t i = 0;

	memset(bits, 0, 65536 / 8);
	while (i < len && text[i] != '\n') {
		unsigned long lo = 0, hi;
		size_t start = i;

		while (i < len && text[i] >= '0' && text[i] <= '9' && lo <= 65535)
			lo = lo * 10 + (unsigned long)(text[i++] - '0');
		if (i == start || lo > 65535)
			return -EINVAL;
		hi = lo;
		if (i < len && text[i] == '-') {
			start = ++i;
			hi = 0;
			while (i < len && text[i] >= '0' && text[i] <= '9' && hi <= 65535)
				hi = hi * 10 + (unsigned long)(text[i++] - '0');
			if (i == start || hi > 65535 || hi < lo)
				return -EINVAL;
		}
		for (unsigned long p = lo; p <= hi; p++)
			bits[p / 8] |= (uint8_t)(1u << (p % 8));
		if (i < len && text[i] == ',')
			i++;
		else if (i < len && text[i] != '\n')
			return -EINVAL;
	}
	return 0;
}
