/* diag_mptcp.c - the payload of an mptcp_diag message: an inet_diag
 * message whose INET_DIAG_INFO is struct mptcp_info. Pure: no I/O. */
#include "sockview/diag_misc.h"

/* See diag_misc.h. The inet parser takes every attribute; the info block
 * is moved aside, so that nothing reads an mptcp_info as a tcp_info. */
int sv_diag_mptcp_parse(const struct nlmsghdr *nlh, enum sv_table table,
			struct sv_sock *s)
{
	int ret = sv_diag_inet_parse(nlh, table, s);

	if (ret == 0 && (s->have & SV_HAVE_TCP_INFO)) {
		s->proto_info = s->tcp_info;
		s->proto_info_len = s->tcp_info_len;
		s->tcp_info = NULL;
		s->tcp_info_len = 0;
		s->have = (s->have & ~(uint32_t)SV_HAVE_TCP_INFO) | SV_HAVE_PROTO_INFO;
	}
	return ret;
}
