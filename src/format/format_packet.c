/* format_packet.c - the address cells of a packet socket, as ss prints
 * them: its protocol's name and interface, and "*" for the peer. */
#include <stdio.h>
#include <string.h>

#include "sockview/escape.h"
#include "sockview/ethproto.h"
#include "sockview/format.h"

#define ETH_P_ALL_ 3

/* See format.h. */
void sv_format_packet_cells(const struct sv_fmt_opts *o, const struct sv_sock *s,
			    struct sv_cells *c)
{
	const char *name = o->numeric ? NULL : sv_ethproto_ss_name(s->pk.protocol);
	char *t = c->text[SV_CELL_LADDR];
	int n;

	/* "*" for every protocol (even with -n), else ss's name or "[N]" */
	if (s->pk.protocol == ETH_P_ALL_)
		n = snprintf(t, SV_CELL_LEN, "*:");
	else if (name)
		n = snprintf(t, SV_CELL_LEN, "%s:", name);
	else
		n = snprintf(t, SV_CELL_LEN, "[%u]:", s->pk.protocol);
	c->len[SV_CELL_LADDR] = (uint16_t)n;
	/* the interface by name (untrusted: escaped), "*" for every one */
	t = c->text[SV_CELL_LPORT];
	if (s->pk.ifindex == 0 || !o->ifnames) {
		n = s->pk.ifindex ? snprintf(t, SV_CELL_LEN, "%u", s->pk.ifindex)
				  : snprintf(t, SV_CELL_LEN, "*");
	} else {
		const char *raw = sv_ifnames_get(o->ifnames, s->pk.ifindex);
		size_t k = sv_escape_text(t, SV_CELL_LEN, raw, strlen(raw));

		n = (int)(k < SV_CELL_LEN ? k : strlen(t));
	}
	c->len[SV_CELL_LPORT] = (uint16_t)n;
	/* no peer: ss prints "*" in the address column and nothing after */
	memcpy(c->text[SV_CELL_RADDR], "*", 2);
	c->len[SV_CELL_RADDR] = 1;
	c->text[SV_CELL_RPORT][0] = '\0';
	c->len[SV_CELL_RPORT] = 0;
}
