/* ethproto.h - names of link-layer protocols (ETH_P_*, a packet socket's
 * protocol): ss's, and IEEE EtherTypes' for sockview's Service column. */
#ifndef SOCKVIEW_ETHPROTO_H
#define SOCKVIEW_ETHPROTO_H

#include <stdbool.h>
#include <stdint.h>

/* ss's name of proto (iproute2's ll_proto table: "ip", "arp", "802.1Q",
 * "LLDP", "all"...), or NULL when it has none (ss then prints "[N]"). */
const char *sv_ethproto_ss_name(uint16_t proto);

/* The EtherType's name for the Service column ("ipv4", "arp", "eapol",
 * "lldp", "ptp"...), or NULL (Linux's own numbers, as ETH_P_ALL, and
 * EtherTypes sockview does not name). */
const char *sv_ethproto_service(uint16_t proto);

/* Is w (in any case) one of sv_ethproto_service's names? */
bool sv_ethproto_is_service(const char *w);

/* A protocol word as ss's filter reads it: one of ss's names in any case
 * ("ip", "IPv4", "lldp", "all"), else a number in C's notation ("2048",
 * "0x88cc"); sockview also reads the printed form "[2048]". Returns false
 * for anything else or a number above 0xffff. */
bool sv_ethproto_parse(const char *word, uint16_t *proto);

#endif
