/* fuzz_proc_inet.c - libFuzzer target: arbitrary bytes as the text of
 * /proc/net/tcp, tcp6, udp or udp6, fed to the walk in chunks. The first
 * byte picks the file (bit 0: IPv6, bit 1: UDP) and the chunk size, the
 * rest is the file. Besides the sanitizers: every record is of the file's
 * table and family, in a state the kernel has; a record written back in
 * the kernel's format parses to the same record; an error names the file
 * and holds no control byte; the walk's counts add up. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/proc_inet.h"
#include "sockview/proc_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ctx {
	enum sv_table table;
	int family;
	size_t rows;
};

/* The record in the kernel's own format (tcp4_seq_show and its twins),
 * with a zero expiry: what the parser reads back must match. */
static size_t kernel_line(const struct sv_sock *s, char *out, size_t len)
{
	uint32_t w[8];
	int n;

	memcpy(w, s->laddr, 16);
	memcpy(w + 4, s->raddr, 16);
	if (s->family == AF_INET)
		n = snprintf(out, len, "%4d: %08X:%04X %08X:%04X", 7, w[0], s->lport, w[4],
			     s->rport);
	else
		n = snprintf(out, len, "%4d: %08X%08X%08X%08X:%04X %08X%08X%08X%08X:%04X", 7,
			     w[0], w[1], w[2], w[3], s->lport, w[4], w[5], w[6], w[7],
			     s->rport);
	n += snprintf(out + n, len - (size_t)n, " %02X %08X:%08X %02X:%08lX %08X %5u %8d "
		      "%u %d %016llx", s->state, s->wqueue, s->rqueue, s->timer, 0ul,
		      s->retrans, s->uid, s->retrans, s->inode, 2,
		      (unsigned long long)s->cookie);
	return (size_t)n;
}

static int cb(const struct sv_sock *s, void *data)
{
	struct ctx *c = data;
	struct sv_sock back;
	char line[512], err[160];
	size_t n;

	if (s->table != c->table || s->family != c->family || s->state == 0 ||
	    s->state >= SV_STATE_MAX || !(s->have & SV_FROM_PROCNET) || s->ifindex ||
	    s->v6only)
		abort();
	n = kernel_line(s, line, sizeof(line));
	memset(&back, 0, sizeof(back));
	if (sv_proc_inet_parse(line, n, c->family, NULL, &back, err, sizeof(err)) != 0)
		abort();
	if (memcmp(back.laddr, s->laddr, 16) || memcmp(back.raddr, s->raddr, 16) ||
	    back.lport != s->lport || back.rport != s->rport || back.state != s->state ||
	    back.wqueue != s->wqueue || back.rqueue != s->rqueue || back.uid != s->uid ||
	    back.inode != s->inode || back.cookie != s->cookie || back.timer != s->timer ||
	    back.retrans != s->retrans || back.expires != 0)
		abort();
	c->rows++;
	return 0;
}

static void no_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx c;
	struct sv_proc_walk w = { .parse = sv_proc_inet_parse, .header = "sl",
				  .states = SV_STATES_ALL, .cb = cb, .data = &c };
	size_t chunk, have = 0, off = 1;
	char *buf, err[512] = "";
	int ret;

	if (size < 1)
		return 0;
	c = (struct ctx){ .table = data[0] & 2 ? SV_TABLE_UDP : SV_TABLE_TCP,
			  .family = data[0] & 1 ? AF_INET6 : AF_INET };
	chunk = 1 + (size_t)(data[0] >> 2) * 37; /* 1 .. 2332 */
	w.table = c.table;
	w.family = c.family;
	sv_proc_parse_init(&w);
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	while (off < size && !w.done) {
		size_t n = size - off < chunk ? size - off : chunk;
		ssize_t used;

		memcpy(buf + have, data + off, n); /* exact length: no NUL after */
		off += n;
		have += n;
		used = sv_proc_parse_feed(&w, buf, have);
		if (used == -EBADMSG && w.fatal)
			break;
		if (used < 0 || (size_t)used > have)
			abort();
		have -= (size_t)used;
		if (have > SV_PROC_LINE_MAX)
			abort(); /* the rest a reader keeps stays bounded */
		memmove(buf, buf + used, have);
	}
	ret = sv_proc_parse_end(&w, w.fatal ? 0 : have, "/proc/net/x", err, sizeof(err));
	if (ret != 0 && (ret != -EBADMSG || strncmp(err, "/proc/net/x ", 12) != 0))
		abort();
	if (ret == 0 && (w.bad || w.fatal))
		abort();
	if (c.rows != w.rows || w.rows + w.bad > w.line)
		abort();
	no_control(err);
	no_control(w.bad_msg);
	free(buf);
	return 0;
}
