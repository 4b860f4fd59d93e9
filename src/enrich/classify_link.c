/* classify_link.c - sockview's columns for the tables without ports:
 * packet sockets (the class of their protocol number, the EtherType's
 * name) and netlink sockets (kernel or user, the protocol family). */
#include "sockview/classify.h"
#include "sockview/ethproto.h"
#include "sockview/nlproto.h"

#define ETH_P_ALL_ 3
#define ETH_P_802_3_MIN_ 0x0600 /* the first EtherType; below: lengths */

/* See classify.h. */
void sv_classify_link_packet(const struct sv_classify *c, struct sv_sock *s)
{
	uint16_t p = s->pk.protocol;

	s->class_name = p == 0 ? "none" : p == ETH_P_ALL_ ? "all" :
			p >= ETH_P_802_3_MIN_ ? "ethertype" : "linux";
	s->service = sv_ethproto_service(p);
}

/* See classify.h. */
void sv_classify_link_netlink(const struct sv_classify *c, struct sv_sock *s)
{
	s->class_name = s->nl.portid == 0 ? "kernel" : "user";
	s->service = sv_nlproto_family(s->nl.protocol);
}
