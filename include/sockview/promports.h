/* promports.h - --prom-ports=LIST: the ports whose listeners get series of
 * their own in --format=prom. */
#ifndef SOCKVIEW_PROMPORTS_H
#define SOCKVIEW_PROMPORTS_H

#include <stddef.h>
#include <stdint.h>

struct sv_sysservices;

/* Read LIST, comma-separated items each a port (1-65535), a range of them
 * ("8000-8010") or a TCP service name (the system's database, then
 * IANA's: "ssh", "https"), into bits (65536 bits, bit p % 8 of byte p / 8;
 * set, never cleared). Returns 0, or -EINVAL with a message naming the
 * item (escaped) in err. */
int sv_promports_parse(const char *list, const struct sv_sysservices *services,
		       uint8_t bits[65536 / 8], char *err, size_t errlen);

#endif
