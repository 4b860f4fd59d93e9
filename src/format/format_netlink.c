/* format_netlink.c - the address cells of a netlink socket, as ss prints
 * them: its protocol's name and its port id (the process behind it, the
 * kernel), and the peer of a connected socket. */
#include <stdio.h>
#include <string.h>

#include "sockview/escape.h"
#include "sockview/format.h"
#include "sockview/nlproto.h"
#include "sockview/pidnames.h"

/* ss's port text: "*" for -1, the number with -n, "kernel" for 0, "name/N"
 * for a process's id (its name escaped), else the number (ss reads the id
 * as a signed int: the kernel's own ids are negative). */
static int port_text(const struct sv_fmt_opts *o, int32_t pid, char *t)
{
	const char *name;
	char esc[SV_CELL_LEN - 12];

	if (pid == -1)
		return snprintf(t, SV_CELL_LEN, "*");
	if (!o->numeric && pid == 0)
		return snprintf(t, SV_CELL_LEN, "kernel");
	name = !o->numeric && pid > 0 && o->pidnames ?
	       sv_pidnames_get(o->pidnames, (uint32_t)pid) : NULL;
	if (!name)
		return snprintf(t, SV_CELL_LEN, "%d", pid);
	sv_escape_text(esc, sizeof(esc), name, strlen(name)); /* a clean prefix */
	return snprintf(t, SV_CELL_LEN, "%s/%d", esc, pid);
}

/* See format.h. */
void sv_format_netlink_cells(const struct sv_fmt_opts *o, const struct sv_sock *s,
			     struct sv_cells *c)
{
	const char *name = o->numeric ? NULL : sv_nlproto_ss_name(s->nl.protocol);
	char *t = c->text[SV_CELL_LADDR];

	c->len[SV_CELL_LADDR] = (uint16_t)(name ? snprintf(t, SV_CELL_LEN, "%s:", name)
					   : snprintf(t, SV_CELL_LEN, "%u:", s->nl.protocol));
	c->len[SV_CELL_LPORT] = (uint16_t)port_text(o, (int32_t)s->nl.portid,
						    c->text[SV_CELL_LPORT]);
	if (s->nl.connected) { /* "group:" and the peer's id, as ss: signed */
		c->len[SV_CELL_RADDR] = (uint16_t)snprintf(c->text[SV_CELL_RADDR], SV_CELL_LEN,
							   "%d:", (int32_t)s->nl.dst_group);
		c->len[SV_CELL_RPORT] = (uint16_t)snprintf(c->text[SV_CELL_RPORT], SV_CELL_LEN,
							   "%d", (int32_t)s->nl.dst_portid);
		return;
	}
	memcpy(c->text[SV_CELL_RADDR], "*", 2);
	c->len[SV_CELL_RADDR] = 1;
	c->text[SV_CELL_RPORT][0] = '\0';
	c->len[SV_CELL_RPORT] = 0;
}
