/* diag_netlink.h - what a netlink_diag record carries beyond the record's
 * fields: its multicast groups (the parser and request builder are in
 * diag_parse.h, with the other tables'). */
#ifndef SOCKVIEW_DIAG_NETLINK_H
#define SOCKVIEW_DIAG_NETLINK_H

#include <stdbool.h>
#include <stddef.h>

/* Is the socket a member of multicast group (1-based, as netlink(7)
 * numbers them) in the kernel's bitmap of len bytes (NETLINK_DIAG_GROUPS:
 * unsigned longs in host order, group n at bit n - 1)? False for group 0,
 * a NULL bitmap, and a group past the bitmap's whole words. */
bool sv_diag_netlink_in_group(const void *bitmap, size_t len, unsigned int group);

#endif
