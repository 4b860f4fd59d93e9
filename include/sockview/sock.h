/* sock.h - the one record every pipeline stage shares: struct sv_sock. */
#ifndef SOCKVIEW_SOCK_H
#define SOCKVIEW_SOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Socket states, numbered as the kernel's TCP states (include/net/tcp_states.h). */
enum sv_state {
	SV_STATE_UNKNOWN = 0,
	SV_STATE_ESTABLISHED = 1,
	SV_STATE_SYN_SENT,
	SV_STATE_SYN_RECV,
	SV_STATE_FIN_WAIT1,
	SV_STATE_FIN_WAIT2,
	SV_STATE_TIME_WAIT,
	SV_STATE_CLOSE, /* shown as UNCONN, as ss does */
	SV_STATE_CLOSE_WAIT,
	SV_STATE_LAST_ACK,
	SV_STATE_LISTEN,
	SV_STATE_CLOSING,
	SV_STATE_NEW_SYN_RECV, /* the kernel's own: never reported, never asked */
	SV_STATE_BOUND_INACTIVE, /* asked for only (kernel 6.8+): TCP sockets
				    bound but neither listening nor connected,
				    which the kernel reports as CLOSE (ss 7.x) */
	SV_STATE_MAX
};

/* Every state a socket is in: ss's "all", and what -a asks for. Not the
 * bound-inactive pseudo-state: asking for it makes the kernel walk its whole
 * bind table (at 55k sockets -tan takes 1.35x as long), so only -B and
 * "state bound-inactive" ask, as in ss 6.x; ss 7.x's "all" has the bit. */
#define SV_STATES_ALL (((1u << SV_STATE_MAX) - 1u) & ~(1u << SV_STATE_BOUND_INACTIVE))
/* ss's default for TCP: everything but LISTEN, CLOSE, TIME-WAIT, SYN-RECV
 * (not the "connected" group, which keeps TIME-WAIT and SYN-RECV), nor
 * bound-inactive (ss 6.x's default; ss 7.x's lists them as a side effect,
 * its manual says they are omitted). */
#define SV_STATES_CONN                                                         \
	(SV_STATES_ALL & ~((1u << SV_STATE_LISTEN) | (1u << SV_STATE_CLOSE) |  \
			   (1u << SV_STATE_TIME_WAIT) | (1u << SV_STATE_SYN_RECV)))

struct sv_container;
struct sv_netns_label;

/* Role of a socket in its connection (classify.h has the rules). */
enum sv_role {
	SV_ROLE_NONE = 0, /* not computed */
	SV_ROLE_LISTEN,   /* TCP listener, or unconnected bound UDP socket */
	SV_ROLE_IN,       /* the peer opened it: this host serves */
	SV_ROLE_OUT,      /* this host opened it */
	SV_ROLE_UNKNOWN,  /* nothing decides it */
};

/* IANA class of a port number. */
enum sv_port_class {
	SV_CLASS_WELL_KNOWN = 0, /* 0-1023 */
	SV_CLASS_REGISTERED,     /* 1024-49151 */
	SV_CLASS_DYNAMIC,        /* 49152-65535 */
};

/* Tables a socket can come from (tables.h describes each): ss's socket
 * tables, one per Netid. The values are stable (masks of them are kept in
 * options and tests); tables.h gives the listing order. */
enum sv_table {
	SV_TABLE_UDP = 0,
	SV_TABLE_TCP,
	SV_TABLE_RAW,
	SV_TABLE_UNIX_STREAM,    /* u_str */
	SV_TABLE_UNIX_DGRAM,     /* u_dgr */
	SV_TABLE_UNIX_SEQPACKET, /* u_seq */
	SV_TABLE_PACKET_RAW,     /* p_raw */
	SV_TABLE_PACKET_DGRAM,   /* p_dgr */
	SV_TABLE_NETLINK,        /* nl */
	SV_TABLE_MPTCP,
	SV_TABLE_SCTP,
	SV_TABLE_DCCP,
	SV_TABLE_VSOCK_STREAM,   /* v_str */
	SV_TABLE_VSOCK_DGRAM,    /* v_dgr */
	SV_TABLE_TIPC,
	SV_TABLE_XDP,
	SV_TABLE_MAX
};

/* Which part of struct sv_sock a table's records fill (tables.h). */
enum sv_kind {
	SV_KIND_INET = 0, /* addresses and ports: tcp, udp, raw, mptcp, sctp, dccp */
	SV_KIND_UNIX,
	SV_KIND_PACKET,
	SV_KIND_NETLINK,
	SV_KIND_VSOCK,
	SV_KIND_TIPC,
	SV_KIND_XDP,
};

/* The transport protocols whose ports have service names (the IANA table
 * and the system's services database are per protocol): a table's ports
 * are named after its protocol (tables.h). */
enum sv_proto {
	SV_PROTO_UDP = 0,
	SV_PROTO_TCP,
	SV_PROTO_MAX
};

/* A process holding a socket: filled by process mapping (procmap.c). */
struct sv_proc_ref {
	uint32_t pid;
	uint32_t tid;         /* -T: the thread whose file table holds it (the
				 main thread's tid is the pid); 0 without -T */
	int32_t fd;
	uint32_t uid;         /* owner of /proc/PID: the effective uid (0 for a
				 non-dumpable process) */
	const char *comm;     /* raw bytes from /proc/PID/stat: untrusted, escape
				 before printing */
	const char *proc_ctx; /* -Z: the process's SELinux context, or
				 "unavailable"; NULL when not asked */
	const char *sock_ctx; /* -z: the socket's, likewise */
	const struct sv_container *ct; /* what its cgroup names, when asked
					  (SV_PROCMAP_CGROUP); NULL: nothing */
};

/* What a record holds beyond its head: bits of struct sv_sock's have. */
enum {
	SV_HAVE_MARK = 1u << 0,     /* mark: the kernel sends it to CAP_NET_ADMIN only */
	SV_HAVE_CGROUP = 1u << 1,   /* cgroup_id */
	SV_HAVE_TCP_INFO = 1u << 2, /* tcp_info (INET_DIAG_INFO, -i) */
	SV_HAVE_SKMEM = 1u << 3,    /* skmem (INET_DIAG_SKMEMINFO, -m) */
	SV_HAVE_CONG = 1u << 4,     /* cong (INET_DIAG_CONG, -i) */
	SV_HAVE_TOS = 1u << 5,      /* tos (INET_DIAG_TOS, --tos) */
	SV_HAVE_SHUTDOWN = 1u << 6, /* shutdown (INET_DIAG_SHUTDOWN, -e) */
	SV_HAVE_V6ONLY = 1u << 7,   /* v6only was sent (INET_DIAG_SKV6ONLY) */
	SV_HAVE_CLASS_ID = 1u << 8, /* class_id (INET_DIAG_CLASS_ID, --tos) */
	SV_HAVE_SOCKOPT = 1u << 9,  /* sockopt (INET_DIAG_SOCKOPT) */
	SV_HAVE_CA_INFO = 1u << 10, /* ca_info: bbr, dctcp or vegas (-i) */
	SV_HAVE_TCLASS = 1u << 11,  /* tclass (INET_DIAG_TCLASS, --tos, IPv6) */
	/* Not a block: the record was read from a /proc/net file, whose text
	 * lacks the cookie (cookie holds the file's socket pointer column, as
	 * ss reads it), v6only, the bound device and a listener's backlog
	 * (wqueue is the file's tx_queue): the field registry leaves them out. */
	SV_FROM_PROCNET = 1u << 31,
	/* Not a block: the record is a destroy event (-E), which the kernel
	 * sends without the owner, the inode, the mark or the cgroup: the
	 * field registry leaves uid and inode out. */
	SV_FROM_EVENT = 1u << 30,
	/* the tables of diag_mptcp.c, diag_sctp.c, diag_xdp.c, diag_tipc.c */
	SV_HAVE_PROTO_INFO = 1u << 24, /* proto_info: INET_DIAG_INFO of mptcp
					  (struct mptcp_info) or sctp (struct
					  sctp_info), any length */
	SV_HAVE_SCTP_ADDRS = 1u << 25, /* sctp_locals / sctp_peers */
	SV_HAVE_XDP_INFO = 1u << 26,   /* xd.ifindex, xd.queue_id (XDP_DIAG_INFO) */
	SV_HAVE_TIPC_PEER = 1u << 27,  /* tp.peer_node, tp.peer_ref (connected) */
	/* packet sockets */
	SV_HAVE_BPF = 1u << 12,     /* pk.filter: PACKET_DIAG_FILTER was sent (-b;
				       0 instructions: the kernel hides them) */
	SV_HAVE_PKINFO = 1u << 13,  /* pk.version, copy_thresh, pflags */
	SV_HAVE_FANOUT = 1u << 14,  /* pk.fanout */
};

/* One socket as every stage sees it: filled by a collector, enriched,
 * filtered and formatted. A common head, the part of its table (a union:
 * read the members of s->table's kind only), optional blocks that point
 * into the message it was parsed from (valid during the row callback; a
 * stage that keeps rows copies what it needs), and what enrichment adds.
 * Addresses are in network byte order (as the kernel sends them), ports in
 * host byte order. */
struct sv_sock {
	/* head: every table */
	uint8_t table;  /* enum sv_table */
	uint8_t family; /* AF_INET, AF_INET6, AF_UNIX, AF_PACKET, ... */
	uint8_t state;  /* enum sv_state */
	uint32_t have;  /* SV_HAVE_* */
	uint32_t rqueue;
	uint32_t wqueue;
	uint32_t uid;
	uint32_t inode;
	uint64_t cookie;
	uint64_t cgroup_id;
	uint8_t shutdown; /* with SV_HAVE_SHUTDOWN: bit 0 no more receives,
			     bit 1 no more sends */

	/* the table's part: the one of its table's kind (tables.h) */
	union {
		struct { /* SV_KIND_INET */
			uint8_t timer;
			uint8_t retrans;
			bool v6only;    /* INET_DIAG_SKV6ONLY was present and set */
			uint16_t lport;
			uint16_t rport;
			uint8_t laddr[16]; /* IPv4 uses the first 4 bytes */
			uint8_t raddr[16];
			uint32_t ifindex;  /* bound device, 0 if none */
			uint32_t expires;
			uint32_t mark;     /* with SV_HAVE_MARK */
			uint8_t tos, tclass; /* with SV_HAVE_TOS, _TCLASS */
			uint32_t class_id; /* with SV_HAVE_CLASS_ID */
			uint8_t sockopt[2]; /* struct inet_diag_sockopt, with
					       SV_HAVE_SOCKOPT */
			bool assoc;        /* an SCTP association: the row after
					      its endpoint's, sharing its inode
					      (set by the listing); state is
					      then an SCTP state (sv_sctp_*) */
		};
		struct { /* SV_KIND_UNIX (unixname.h reads the name) */
			const char *path;    /* bound name, not terminated, into
						the message; NULL: unnamed. For
						an abstract name: the bytes
						after its leading NUL (NULs in
						it kept, or '@' as /proc has
						them); for a path: up to its
						first NUL. */
			uint16_t path_len;
			bool abstract;       /* path is an abstract name */
			bool has_peer;       /* UNIX_DIAG_PEER was sent */
			bool has_vfs;        /* vfs_ino and vfs_dev were sent */
			uint32_t peer_ino;   /* the peer's inode, 0 if none */
			uint32_t vfs_ino;    /* the bound file's inode and device */
			uint32_t vfs_dev;
			const void *icons;   /* a listener's pending connections:
						nicons u32 inodes of the
						connecting sockets, into the
						message (read with memcpy: no
						alignment is promised) */
			uint16_t nicons;
		} un;
		struct { /* SV_KIND_PACKET */
			uint16_t protocol;   /* ETH_P_*, host order (3: all) */
			uint32_t ifindex;    /* 0: every interface */
			uint32_t pflags;     /* PDI_* of PACKET_DIAG_INFO */
			uint32_t version;    /* TPACKET_V*, with SV_HAVE_PKINFO */
			uint32_t copy_thresh;
			uint32_t fanout;     /* id | type << 16, with SV_HAVE_FANOUT */
			const void *rx_ring; /* struct packet_diag_ring, into the */
			const void *tx_ring; /* message; NULL: none */
			const void *filter;  /* struct sock_filter[], into the message
						(with SV_HAVE_BPF); may be unaligned */
			uint16_t filter_len; /* instructions */
		} pk;
		struct { /* SV_KIND_NETLINK */
			uint8_t protocol;    /* NETLINK_* */
			bool connected;      /* NETLINK_CONNECTED: dst_* are set */
			uint32_t portid;     /* its address (ss shows it signed) */
			uint32_t dst_portid;
			uint32_t dst_group;
			uint32_t nflags;     /* NDIAG_FLAG_* */
			uint32_t groups32;   /* groups 1-32 (bit n-1: group n) */
			const void *groups;  /* every group's bit (NETLINK_DIAG_GROUPS,
						into the message), or NULL */
			uint16_t groups_len; /* bytes of groups */
		} nl;
		struct { /* SV_KIND_VSOCK */
			uint32_t src_cid, src_port; /* 0xffffffff: any */
			uint32_t dst_cid, dst_port;
		} vs;
		struct { /* SV_KIND_TIPC */
			uint32_t node, ref;     /* the socket's address */
			uint32_t peer_node, peer_ref; /* with SV_HAVE_TIPC_PEER */
			uint32_t type;          /* SOCK_STREAM, _DGRAM, _RDM,
						   _SEQPACKET */
			uint32_t drops;         /* messages dropped */
			bool link_cong, conn_cong, published;
		} tp;
		struct { /* SV_KIND_XDP */
			uint32_t ifindex;  /* with SV_HAVE_XDP_INFO; 0: not bound */
			uint32_t queue_id;
			/* the -e details, into the message (NULL: not sent) */
			const void *rx_ring, *tx_ring; /* struct xdp_diag_ring */
			const void *fill_ring, *compl_ring;
			const void *umem;  /* struct xdp_diag_umem */
			const void *stats; /* struct xdp_diag_stats */
		} xd;
	};

	/* optional blocks (into the message; valid during the row callback) */
	const void *tcp_info;  /* struct tcp_info as sent (any length) */
	uint16_t tcp_info_len;
	const uint32_t *skmem; /* SK_MEMINFO_* words as sent */
	uint16_t skmem_len;    /* in words */
	const char *cong;      /* congestion control name, not terminated */
	uint16_t cong_len;
	const void *ca_info;   /* the congestion control's own block as sent */
	uint16_t ca_info_len;
	uint16_t ca_info_type; /* INET_DIAG_BBRINFO, _DCTCPINFO or _VEGASINFO */
	void *kept;            /* memory holding the blocks of a kept record
				  (sockkeep.h), NULL while they are in the message */
	const void *proto_info; /* with SV_HAVE_PROTO_INFO (mptcp, sctp) */
	uint16_t proto_info_len;
	const void *sctp_locals; /* with SV_HAVE_SCTP_ADDRS: struct
				    sockaddr_storage[], INET_DIAG_LOCALS */
	const void *sctp_peers;  /* INET_DIAG_PEERS, or NULL */
	uint16_t sctp_locals_len, sctp_peers_len; /* in bytes */

	/* Filled by enrichment (classify.c). */
	uint8_t role;         /* enum sv_role */
	const char *class_name; /* the Class column's word when the table's
				   classifier names one (a table without
				   ports: "path", "abstract"...); NULL: the
				   port's class */
	uint8_t port_class;   /* enum sv_port_class of lport */
	bool ephemeral;       /* lport in ip_local_port_range, not served */
	const char *service;  /* service-side name, or NULL */

	/* Filled by process mapping (-p); owned by the process map. */
	const struct sv_proc_ref *procs;
	uint16_t nprocs;

	/* What its cgroup names (container.h), when the listing was asked to
	 * read it (--container, the filter's container and unit): the
	 * socket's own cgroup, or, when that names nothing (the root: a
	 * socket made before its process moved), its first holder's
	 * (ct_holder). Owned by the cgroup or the process map. */
	const struct sv_container *ct;
	bool ct_holder;
	/* A Docker or Podman ct's name, from the runtime's state on disk
	 * (ctnames.h): untrusted bytes; NULL: none known. Owned by the cgroup
	 * map. */
	const char *ct_name;

	/* --all-netns: the network namespace it was listed in (netns_scan.h);
	 * NULL otherwise. Owned by the caller of the listing. */
	const struct sv_netns_label *netns;

	/* -E: when the event was received, RFC 3339 in UTC with microseconds
	 * ("2025-06-01T12:34:56.123456Z"); NULL for a listed socket. Owned by
	 * the events loop, valid during the row callback. */
	const char *event_time;
};

#endif
