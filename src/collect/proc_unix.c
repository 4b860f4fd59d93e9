/* proc_unix.c - one line of /proc/net/unix into a record, as ss reads it. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/proc_unix.h"
#include "sockview/unixname.h"

/* __SO_ACCEPTCON in Flags: a listening socket. */
#define ACCEPTCON (1u << 16)

/* The title line the kernel prints first. */
static const char header[] = "Num       RefCount Protocol Flags    Type St Inode Path";

/* A cursor over the line. */
struct cur {
	const char *p, *end;
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 1 to max hex digits into *v (max <= 16). */
static bool hex_field(struct cur *c, size_t max, uint64_t *v)
{
	size_t n = 0;

	*v = 0;
	while (c->p < c->end && hexval(*c->p) >= 0 && n < max) {
		*v = (*v << 4) | (uint64_t)hexval(*c->p++);
		n++;
	}
	return n > 0 && (c->p == c->end || hexval(*c->p) < 0);
}

/* Exactly the character ch. */
static bool expect(struct cur *c, char ch)
{
	if (c->p == c->end || *c->p != ch)
		return false;
	c->p++;
	return true;
}

/* The inode: "%5lu", so spaces may pad it on the left; one space came
 * before the padding. At most UINT32_MAX. */
static bool inode_field(struct cur *c, uint32_t *v)
{
	uint64_t acc = 0;
	size_t n = 0;

	while (c->p < c->end && *c->p == ' ')
		c->p++;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		acc = acc * 10 + (uint64_t)(*c->p++ - '0');
		if (acc > UINT32_MAX)
			return false;
		n++;
	}
	*v = (uint32_t)acc;
	return n > 0;
}

/* ss's reading of Type and St (misc/ss.c, unix_show). */
static void set_table_state(struct sv_sock *s, uint64_t flags, uint64_t type, uint64_t st)
{
	static const uint8_t by_st[] = {
		[1] = SV_STATE_CLOSE, [2] = SV_STATE_SYN_SENT,
		[3] = SV_STATE_ESTABLISHED, [4] = SV_STATE_CLOSING,
	};

	s->table = type == SOCK_STREAM ? SV_TABLE_UNIX_STREAM
		 : type == SOCK_SEQPACKET ? SV_TABLE_UNIX_SEQPACKET
		 : SV_TABLE_UNIX_DGRAM;
	if (flags & ACCEPTCON)
		s->state = SV_STATE_LISTEN;
	else if (st >= 1 && st <= 4)
		s->state = by_st[st];
	else
		s->state = st < SV_STATE_MAX ? (uint8_t)st : SV_STATE_UNKNOWN;
}

/* The name: the rest of the line. */
static bool name_field(struct cur *c, struct sv_sock *s)
{
	size_t n = (size_t)(c->end - c->p);

	if (n == 0)
		return true;
	if (n > SV_UNIXNAME_MAX - 1)
		return false;
	if (*c->p == '@') {
		s->un.abstract = true;
		c->p++;
		n--;
	}
	s->un.path = c->p;
	s->un.path_len = (uint16_t)n;
	return true;
}

/* See proc_unix.h. */
int sv_proc_unix_parse_line(const char *line, size_t len, struct sv_sock *s)
{
	struct cur c = { line, line + len };
	uint64_t num, ref, proto, flags, type, st;

	if (len > 0 && line[len - 1] == '\n')
		c.end--;
	len = (size_t)(c.end - c.p);
	if (memchr(line, '\0', len))
		return -EBADMSG;
	if (len >= sizeof(header) - 1 && memcmp(line, header, sizeof(header) - 1) == 0 &&
	    (len == sizeof(header) - 1 || line[sizeof(header) - 1] == ' '))
		return SV_PROC_UNIX_HEADER;
	memset(s, 0, sizeof(*s));
	s->family = AF_UNIX;
	if (!hex_field(&c, 16, &num) || !expect(&c, ':') || !expect(&c, ' ') ||
	    !hex_field(&c, 8, &ref) || !expect(&c, ' ') ||
	    !hex_field(&c, 8, &proto) || !expect(&c, ' ') ||
	    !hex_field(&c, 8, &flags) || !expect(&c, ' ') ||
	    !hex_field(&c, 4, &type) || !expect(&c, ' ') ||
	    !hex_field(&c, 2, &st) || !expect(&c, ' ') ||
	    !inode_field(&c, &s->inode))
		return -EBADMSG;
	if (c.p != c.end && !expect(&c, ' '))
		return -EBADMSG;
	if (!name_field(&c, s))
		return -EBADMSG;
	set_table_state(s, flags, type, st);
	return SV_PROC_UNIX_SOCKET;
}
