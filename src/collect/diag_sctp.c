/* diag_sctp.c - the payload of an sctp_diag message: an inet_diag message
 * with struct sctp_info as INET_DIAG_INFO and the endpoint's or the
 * association's address lists. Pure: no I/O. */
#include <sys/socket.h>

#include <linux/inet_diag.h>

#include "sockview/diag_attr.h"
#include "sockview/diag_misc.h"

/* Whole struct sockaddr_storage entries only: a trailing piece is dropped. */
static uint16_t whole(uint16_t len)
{
	return (uint16_t)(len - len % sizeof(struct sockaddr_storage));
}

static void store_locals(struct sv_sock *s, const void *p, uint16_t len)
{
	s->sctp_locals = p;
	s->sctp_locals_len = whole(len);
	s->have |= SV_HAVE_SCTP_ADDRS;
}

static void store_peers(struct sv_sock *s, const void *p, uint16_t len)
{
	s->sctp_peers = p;
	s->sctp_peers_len = whole(len);
	s->have |= SV_HAVE_SCTP_ADDRS;
}

/* What sctp adds to the inet attributes. */
static const struct sv_diag_attr sctp_policy[] = {
	{ INET_DIAG_LOCALS, 0, store_locals },
	{ INET_DIAG_PEERS, 0, store_peers },
};

/* See diag_misc.h. The info block is moved aside (never a tcp_info). */
int sv_diag_sctp_parse(const struct nlmsghdr *nlh, enum sv_table table,
		       struct sv_sock *s)
{
	int ret = sv_diag_inet_parse(nlh, table, s);

	if (ret < 0)
		return ret;
	if (s->have & SV_HAVE_TCP_INFO) {
		s->proto_info = s->tcp_info;
		s->proto_info_len = s->tcp_info_len;
		s->tcp_info = NULL;
		s->tcp_info_len = 0;
		s->have = (s->have & ~(uint32_t)SV_HAVE_TCP_INFO) | SV_HAVE_PROTO_INFO;
	}
	return sv_diag_attr_walk(nlh, sizeof(struct inet_diag_msg), sctp_policy,
				 sizeof(sctp_policy) / sizeof(sctp_policy[0]), s);
}
