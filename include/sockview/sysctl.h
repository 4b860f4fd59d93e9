/* sysctl.h - the kernel settings sockview reads: ip_local_port_range. */
#ifndef SOCKVIEW_SYSCTL_H
#define SOCKVIEW_SYSCTL_H

#include <stddef.h>
#include <stdint.h>

/* Linux's default when the file cannot be read. */
#define SV_EPH_DEFAULT_LO 32768
#define SV_EPH_DEFAULT_HI 60999

/* Parse the text of net.ipv4.ip_local_port_range ("32768\t60999\n").
 * Returns 0, or -EINVAL when it is not two ports with lo <= hi. */
int sv_sysctl_parse_port_range(const char *text, size_t len, uint16_t *lo,
			       uint16_t *hi);

/* Read it from procroot (normally "/proc") for the current network
 * namespace. Returns 0 or a negative errno; *lo and *hi untouched on error. */
int sv_sysctl_read_port_range(const char *procroot, uint16_t *lo, uint16_t *hi);

#endif
