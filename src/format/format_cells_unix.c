/* format_cells_unix.c - the address cells ss prints for a unix socket:
 * its name and inode, "*" and its peer's inode. */
#include <string.h>

#include "sockview/addr.h"
#include "sockview/escape.h"
#include "sockview/format.h"
#include "sockview/unixname.h"

/* "text " with text escaped (a cell too narrow keeps a clean prefix). */
static void cell_name(struct sv_cells *c, enum sv_cell i, const char *text, size_t n)
{
	char *p = c->text[i];
	size_t k = sv_escape_text(p, SV_CELL_LEN - 1, text, n);

	if (k >= SV_CELL_LEN - 1)
		k = strlen(p);
	p[k++] = ' ';
	p[k] = '\0';
	c->len[i] = (uint16_t)k;
}

/* See format.h. ss (unix_show_sock) prints no peer name from unix_diag:
 * the kernel does not send it. */
void sv_format_cells_unix(const struct sv_fmt_opts *o, const struct sv_sock *s,
			  struct sv_cells *c)
{
	char name[SV_UNIXNAME_TEXT];
	size_t n = sv_unixname_text(name, sizeof(name), s);

	if (s->un.path)
		cell_name(c, SV_CELL_LADDR, name, n);
	else
		cell_name(c, SV_CELL_LADDR, "*", 1);
	c->len[SV_CELL_LPORT] = (uint16_t)sv_addr_utoa(c->text[SV_CELL_LPORT], s->inode);
	cell_name(c, SV_CELL_RADDR, "*", 1);
	c->len[SV_CELL_RPORT] = (uint16_t)sv_addr_utoa(c->text[SV_CELL_RPORT], s->un.peer_ino);
}
