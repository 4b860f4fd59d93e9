/* ethproto.c - names of link-layer protocols (a packet socket's protocol):
 * ss's names, which its Local Address column prints and its filter reads,
 * and the names of IEEE EtherTypes for sockview's Service column. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <linux/if_ether.h>

#include "sockview/ethproto.h"

struct name {
	uint16_t proto;
	const char *name;
};

/* iproute2's table (lib/ll_proto.c, 6.x), in its order: a number with two
 * names prints as the first; either is read. */
static const struct name ss_names[] = {
	{ ETH_P_LOOP, "loop" }, { ETH_P_PUP, "pup" }, { ETH_P_PUPAT, "pupat" },
	{ ETH_P_IP, "ip" }, { ETH_P_X25, "x25" }, { ETH_P_ARP, "arp" },
	{ ETH_P_BPQ, "bpq" }, { ETH_P_IEEEPUP, "ieeepup" },
	{ ETH_P_IEEEPUPAT, "ieeepupat" }, { ETH_P_DEC, "dec" },
	{ ETH_P_DNA_DL, "dna_dl" }, { ETH_P_DNA_RC, "dna_rc" },
	{ ETH_P_DNA_RT, "dna_rt" }, { ETH_P_LAT, "lat" }, { ETH_P_DIAG, "diag" },
	{ ETH_P_CUST, "cust" }, { ETH_P_SCA, "sca" }, { ETH_P_RARP, "rarp" },
	{ ETH_P_ATALK, "atalk" }, { ETH_P_AARP, "aarp" }, { ETH_P_IPX, "ipx" },
	{ ETH_P_IPV6, "ipv6" }, { ETH_P_PPP_DISC, "ppp_disc" },
	{ ETH_P_PPP_SES, "ppp_ses" }, { ETH_P_ATMMPOA, "atmmpoa" },
	{ ETH_P_ATMFATE, "atmfate" }, { ETH_P_802_3, "802_3" },
	{ ETH_P_AX25, "ax25" }, { ETH_P_ALL, "all" }, { ETH_P_802_2, "802_2" },
	{ ETH_P_SNAP, "snap" }, { ETH_P_DDCMP, "ddcmp" },
	{ ETH_P_WAN_PPP, "wan_ppp" }, { ETH_P_PPP_MP, "ppp_mp" },
	{ ETH_P_LOCALTALK, "localtalk" }, { ETH_P_CAN, "can" },
	{ ETH_P_PPPTALK, "ppptalk" }, { ETH_P_TR_802_2, "tr_802_2" },
	{ ETH_P_MOBITEX, "mobitex" }, { ETH_P_CONTROL, "control" },
	{ ETH_P_IRDA, "irda" }, { ETH_P_ECONET, "econet" }, { ETH_P_TIPC, "tipc" },
	{ ETH_P_PROFINET, "profinet" }, { ETH_P_AOE, "aoe" },
	{ ETH_P_ETHERCAT, "ethercat" }, { ETH_P_8021Q, "802.1Q" },
	{ ETH_P_8021AD, "802.1ad" }, { ETH_P_MPLS_UC, "mpls_uc" },
	{ ETH_P_MPLS_MC, "mpls_mc" }, { ETH_P_TEB, "teb" },
	{ 0x8100, "802.1Q" }, { 0x88cc, "LLDP" }, { ETH_P_IP, "ipv4" },
};

/* IEEE EtherTypes of the protocols a packet socket usually serves (the
 * programs behind them: DHCP clients, wpa_supplicant, lldpd, ptp4l...),
 * named as their standards or the kernel call them, in lower case. Linux's
 * own numbers below 0x0600 (ETH_P_ALL and the like) are no EtherType. */
static const struct name services[] = {
	{ 0x0800, "ipv4" }, { 0x0806, "arp" }, { 0x0842, "wol" },
	{ 0x22f0, "avtp" }, { 0x6558, "teb" }, { 0x8035, "rarp" },
	{ 0x809b, "appletalk" }, { 0x80f3, "aarp" }, { 0x8100, "vlan" },
	{ 0x8137, "ipx" }, { 0x86dd, "ipv6" }, { 0x8808, "mac-control" },
	{ 0x8809, "slow-protocols" }, { 0x8847, "mpls" },
	{ 0x8848, "mpls-multicast" }, { 0x8863, "pppoe-discovery" },
	{ 0x8864, "pppoe-session" }, { 0x888e, "eapol" }, { 0x8892, "profinet" },
	{ 0x88a2, "aoe" }, { 0x88a4, "ethercat" }, { 0x88a8, "qinq" },
	{ 0x88b5, "experimental" }, { 0x88b6, "experimental" },
	{ 0x88ca, "tipc" }, { 0x88cc, "lldp" }, { 0x88e1, "homeplug" },
	{ 0x88e5, "macsec" }, { 0x88f7, "ptp" }, { 0x88f8, "ncsi" },
	{ 0x88fb, "prp" }, { 0x8902, "cfm" }, { 0x8906, "fcoe" },
	{ 0x8914, "fip" }, { 0x8915, "roce" }, { 0x892f, "hsr" },
	{ 0x893a, "ieee1905" }, { 0x9000, "loopback" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* See ethproto.h. */
const char *sv_ethproto_ss_name(uint16_t proto)
{
	for (size_t i = 0; i < N(ss_names); i++)
		if (ss_names[i].proto == proto)
			return ss_names[i].name;
	return NULL;
}

/* See ethproto.h. */
const char *sv_ethproto_service(uint16_t proto)
{
	for (size_t i = 0; i < N(services); i++)
		if (services[i].proto == proto)
			return services[i].name;
	return NULL;
}

/* See ethproto.h. */
bool sv_ethproto_is_service(const char *w)
{
	for (size_t i = 0; i < N(services); i++)
		if (strcasecmp(services[i].name, w) == 0)
			return true;
	return false;
}

/* A number as strtoul reads it in base (0: 0x.., 0.., decimal), the whole
 * word, at most max. */
static bool number(const char *w, int base, unsigned long max, unsigned long *v)
{
	char *end;

	if (*w < '0' || *w > '9')
		return false;
	errno = 0;
	*v = strtoul(w, &end, base);
	return errno == 0 && *end == '\0' && *v <= max;
}

/* See ethproto.h. */
bool sv_ethproto_parse(const char *w, uint16_t *proto)
{
	size_t len = strlen(w);
	unsigned long v;
	char num[16];

	for (size_t i = 0; i < N(ss_names); i++) {
		if (strcasecmp(ss_names[i].name, w) == 0) {
			*proto = ss_names[i].proto;
			return true;
		}
	}
	if (len > 2 && len < sizeof(num) + 2 && w[0] == '[' && w[len - 1] == ']') {
		memcpy(num, w + 1, len - 2); /* as printed: "[2048]", decimal */
		num[len - 2] = '\0';
		if (!number(num, 10, 0xffff, &v))
			return false;
	} else if (!number(w, 0, 0xffff, &v)) {
		return false;
	}
	*proto = (uint16_t)v;
	return true;
}
