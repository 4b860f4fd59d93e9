/* addr.h - addresses and ports as ss writes them. */
#ifndef SOCKVIEW_ADDR_H
#define SOCKVIEW_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest text sv_addr_format writes, with the NUL ("[" + 45 + "]" + "%" +
 * IFNAMSIZ). */
#define SV_ADDR_MAX 72

/* Write an address as ss does: "10.0.0.1", "[::1]", "[::ffff:10.0.0.1]",
 * and "*" for the IPv6 wildcard of a dual-stack socket (v6only false).
 * addr is in network byte order (4 bytes used for AF_INET). Returns the
 * length written (buf always NUL-terminated; len >= SV_ADDR_MAX). */
size_t sv_addr_format(char *buf, size_t len, int family, const uint8_t *addr,
		      bool v6only);

/* Write a decimal unsigned number; returns its length. buf >= 11 bytes. */
size_t sv_addr_utoa(char *buf, uint32_t v);

#endif
