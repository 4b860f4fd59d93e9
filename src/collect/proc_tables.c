/* proc_tables.c - the line parsers of raw, unix, packet and netlink's
 * /proc/net files as the /proc source calls them (sv_proc_line_fn). Pure. */
#include <errno.h>
#include <stdio.h>

#include "sockview/proc_link.h"
#include "sockview/proc_raw.h"
#include "sockview/proc_tables.h"
#include "sockview/proc_unix.h"

/* A parser's "a header line here" or "no such line": both are malformed
 * past the file's first line, which the walk checks itself. */
static int refuse(int ret, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, ret == 0 ? "a header line inside the file" : "not a %s line",
		 what);
	return -EBADMSG;
}

/* See proc_tables.h. */
int sv_proc_tables_raw(const char *line, size_t len, int family,
		       const struct sv_proc_opts *o, struct sv_sock *s, char *err,
		       size_t errlen)
{
	(void)o;
	if (sv_proc_raw_line(line, len, family, (enum sv_table)s->table, s) < 0)
		return refuse(-EBADMSG, "raw socket's", err, errlen);
	return 0;
}

/* See proc_tables.h. */
int sv_proc_tables_unix(const char *line, size_t len, int family,
			const struct sv_proc_opts *o, struct sv_sock *s, char *err,
			size_t errlen)
{
	int ret = sv_proc_unix_parse_line(line, len, s);

	(void)family;
	(void)o;
	return ret == SV_PROC_UNIX_SOCKET ? 0 : refuse(ret, "unix socket's", err, errlen);
}

/* See proc_tables.h. */
int sv_proc_tables_packet(const char *line, size_t len, int family,
			  const struct sv_proc_opts *o, struct sv_sock *s, char *err,
			  size_t errlen)
{
	int ret = sv_proc_packet_line(line, len, s);

	(void)family;
	(void)o;
	return ret == 1 ? 0 : refuse(ret, "packet socket's", err, errlen);
}

/* See proc_tables.h. */
int sv_proc_tables_netlink(const char *line, size_t len, int family,
			   const struct sv_proc_opts *o, struct sv_sock *s, char *err,
			   size_t errlen)
{
	int ret = sv_proc_netlink_line(line, len, s);

	(void)family;
	(void)o;
	return ret == 1 ? 0 : refuse(ret, "netlink socket's", err, errlen);
}
