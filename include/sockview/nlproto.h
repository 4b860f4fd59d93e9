/* nlproto.h - names of netlink protocols (NETLINK_*): ss's, and the
 * kernel's for sockview's Service column. */
#ifndef SOCKVIEW_NLPROTO_H
#define SOCKVIEW_NLPROTO_H

#include <stdbool.h>
#include <stdint.h>

/* ss's name of proto (iproute2's defaults, as its /etc/iproute2/nl_protos
 * ships them: "rtnl", "tcpdiag", "genl", "uevent"...), or NULL (ss then
 * prints the number). */
const char *sv_nlproto_ss_name(uint8_t proto);

/* The kernel's name of the protocol family, NETLINK_ROUTE as "route",
 * NETLINK_SOCK_DIAG as "sock_diag", NETLINK_KOBJECT_UEVENT as
 * "kobject_uevent"... (the Service column), or NULL for a number Linux
 * does not define. */
const char *sv_nlproto_family(uint8_t proto);

/* Is w (in any case) one of sv_nlproto_family's names? */
bool sv_nlproto_is_family(const char *w);

/* A protocol word as ss's filter reads it: one of ss's names (exactly),
 * else a number in C's notation up to 255. False for anything else. */
bool sv_nlproto_parse(const char *word, uint8_t *proto);

#endif
