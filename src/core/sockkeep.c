/* sockkeep.c - a record's optional blocks copied out of its message, so
 * that a kept record stays valid (sockkeep.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/filter.h>
#include <linux/packet_diag.h>
#include <linux/xdp_diag.h>

#include "sockview/sockkeep.h"
#include "sockview/tables.h"

/* Bytes of the block at *p, copied to mem at *off (when mem is set); the
 * block is repointed there. */
static void take(const void **p, size_t len, char *mem, size_t *off)
{
	if (!*p || !len)
		return;
	if (mem) {
		memcpy(mem + *off, *p, len);
		*p = mem + *off;
	}
	*off += (len + 7) & ~(size_t)7; /* keep each copy 8-byte aligned */
}

/* The blocks of the table's own part (the union member of its kind). */
static void take_own(struct sv_sock *s, char *mem, size_t *off)
{
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);
	const void *path = s->un.path;

	switch (d ? d->kind : SV_KIND_INET) {
	case SV_KIND_UNIX:
		take(&path, s->un.path_len, mem, off);
		s->un.path = path;
		take(&s->un.icons, (size_t)s->un.nicons * 4, mem, off);
		break;
	case SV_KIND_PACKET:
		take(&s->pk.rx_ring, sizeof(struct packet_diag_ring), mem, off);
		take(&s->pk.tx_ring, sizeof(struct packet_diag_ring), mem, off);
		take(&s->pk.filter, (size_t)s->pk.filter_len * sizeof(struct sock_filter), mem,
		     off);
		break;
	case SV_KIND_NETLINK:
		take(&s->nl.groups, s->nl.groups_len, mem, off);
		break;
	case SV_KIND_XDP:
		take(&s->xd.rx_ring, sizeof(struct xdp_diag_ring), mem, off);
		take(&s->xd.tx_ring, sizeof(struct xdp_diag_ring), mem, off);
		take(&s->xd.fill_ring, sizeof(struct xdp_diag_ring), mem, off);
		take(&s->xd.compl_ring, sizeof(struct xdp_diag_ring), mem, off);
		take(&s->xd.umem, sizeof(struct xdp_diag_umem), mem, off);
		take(&s->xd.stats, sizeof(struct xdp_diag_stats), mem, off);
		break;
	default:
		break;
	}
}

/* Every block of s through take(). */
static size_t take_all(struct sv_sock *s, char *mem)
{
	size_t off = 0;
	const void *cong = s->cong, *skmem = s->skmem;

	take(&s->tcp_info, s->tcp_info_len, mem, &off);
	take(&skmem, (size_t)s->skmem_len * 4, mem, &off);
	take(&cong, s->cong_len, mem, &off);
	take(&s->ca_info, s->ca_info_len, mem, &off);
	s->skmem = skmem;
	s->cong = cong;
	take(&s->proto_info, s->proto_info_len, mem, &off);
	take(&s->sctp_locals, s->sctp_locals_len, mem, &off);
	take(&s->sctp_peers, s->sctp_peers_len, mem, &off);
	take_own(s, mem, &off);
	return off;
}

/* See sockkeep.h. */
int sv_sockkeep_copy(struct sv_sock *s)
{
	struct sv_sock probe = *s;
	size_t need = take_all(&probe, NULL);
	char *mem;

	s->kept = NULL;
	if (need == 0)
		return 0;
	mem = malloc(need);
	if (!mem)
		return -ENOMEM;
	take_all(s, mem);
	s->kept = mem;
	return 0;
}

/* See sockkeep.h. */
void sv_sockkeep_free(struct sv_sock *s)
{
	free(s->kept);
	s->kept = NULL;
	s->tcp_info = NULL;
	s->tcp_info_len = 0;
	s->skmem = NULL;
	s->skmem_len = 0;
	s->cong = NULL;
	s->cong_len = 0;
	s->ca_info = NULL;
	s->ca_info_len = 0;
	s->proto_info = NULL;
	s->proto_info_len = 0;
	s->sctp_locals = s->sctp_peers = NULL;
	s->sctp_locals_len = s->sctp_peers_len = 0;
}
