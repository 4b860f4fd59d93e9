/* mindump.c - the benchmark's floor: the least a sock_diag listing can do.
 * One inet_diag dump request per family (IPv4, then IPv6) for TCP (and UDP
 * with --udp), a 32 KiB receive buffer, a count of the sockets on stderr.
 *
 *   mindump [--states MASK] [--udp] [--format] [--sport P | --dport P]
 *           [--ext MASK]
 *   mindump --proc [--udp] [--format]
 *
 *   --states MASK  kernel state mask (default 0xfff: every TCP state, as
 *                  `ss -a`); 0x480 is LISTEN|CLOSE, as `ss -l`
 *   --udp          dump UDP as well as TCP (with the same mask)
 *   --format       write one text line per socket to stdout (snprintf into a
 *                  64 KiB buffer, fwrite when full), the cost a lister pays
 *   --sport P, --dport P
 *                  send INET_DIAG_REQ_BYTECODE for `sport = :P` / `dport = :P`
 *                  so the kernel filters (the floor of a filtered query)
 *   --bufsize N    receive buffer size (default 32768)
 *   --ext MASK     the request's idiag_ext (extensions the kernel adds to
 *                  each socket: 0xe is what -i asks for, tcp_info, the
 *                  congestion control's name and block), not printed
 *   --proc         the floor of the /proc/net fallback instead: read
 *                  /proc/net/tcp and tcp6 (udp, udp6 with --udp) in 32 KiB
 *                  reads and count their lines (--format: copy the text to
 *                  stdout as it comes); no parsing
 *   --unix         one unix_diag dump instead (every state, as `ss -xa`,
 *                  with the name, peer and queue attributes ss asks for);
 *                  --format prints type, state, queues, name, inode and
 *                  the peer's inode (an abstract name's NULs as '@')
 *
 * Build: cc -O2 -o mindump mindump.c -lmnl */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

static const char *const state_names[] = {
	[0] = "UNKNOWN", [1] = "ESTAB", [2] = "SYN-SENT", [3] = "SYN-RECV",
	[4] = "FIN-WAIT-1", [5] = "FIN-WAIT-2", [6] = "TIME-WAIT", [7] = "UNCONN",
	[8] = "CLOSE-WAIT", [9] = "LAST-ACK", [10] = "LISTEN", [11] = "CLOSING",
};

struct ctx {
	unsigned long count;
	int format;
	char out[65536];
	size_t used;
};

static void flush_out(struct ctx *c)
{
	if (c->used && fwrite(c->out, 1, c->used, stdout) != c->used) {
		perror("mindump: write");
		exit(1);
	}
	c->used = 0;
}

static int cb(const struct nlmsghdr *nlh, void *data)
{
	struct ctx *c = data;
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nlh);
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	int n;

	c->count++;
	if (!c->format)
		return MNL_CB_OK;
	if (sizeof(c->out) - c->used < 256)
		flush_out(c);
	inet_ntop(m->idiag_family, m->id.idiag_src, src, sizeof(src));
	inet_ntop(m->idiag_family, m->id.idiag_dst, dst, sizeof(dst));
	n = snprintf(c->out + c->used, sizeof(c->out) - c->used,
		     m->idiag_family == AF_INET6 ? "%s %u %u [%s]:%u [%s]:%u\n"
						 : "%s %u %u %s:%u %s:%u\n",
		     m->idiag_state < 12 ? state_names[m->idiag_state] : "?",
		     m->idiag_rqueue, m->idiag_wqueue, src, (unsigned)ntohs(m->id.idiag_sport),
		     dst, (unsigned)ntohs(m->id.idiag_dport));
	c->used += (size_t)n;
	return MNL_CB_OK;
}

/* One unix_diag message: its attributes found by a walk, one line. */
static int cb_unix(const struct nlmsghdr *nlh, void *data)
{
	struct ctx *c = data;
	const struct unix_diag_msg *m = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	char name[112] = "*";
	unsigned peer = 0, rq = 0, wq = 0;

	c->count++;
	if (!c->format)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*m)) {
		const void *p = mnl_attr_get_payload(a);
		unsigned len = mnl_attr_get_payload_len(a);

		if (mnl_attr_get_type(a) == UNIX_DIAG_NAME && len > 0 && len < sizeof(name)) {
			memcpy(name, p, len);
			name[len] = '\0';
			for (unsigned i = 0; name[0] == '\0' && i < len; i++)
				if (name[i] == '\0')
					name[i] = '@';
		} else if (mnl_attr_get_type(a) == UNIX_DIAG_PEER && len >= 4) {
			peer = mnl_attr_get_u32(a);
		} else if (mnl_attr_get_type(a) == UNIX_DIAG_RQLEN && len >= 8) {
			const struct unix_diag_rqlen *q = p;

			rq = q->udiag_rqueue;
			wq = q->udiag_wqueue;
		}
	}
	if (sizeof(c->out) - c->used < 256)
		flush_out(c);
	c->used += (size_t)snprintf(c->out + c->used, sizeof(c->out) - c->used,
				    "%s %s %u %u %s %u * %u\n",
				    m->udiag_type == SOCK_STREAM ? "u_str" :
				    m->udiag_type == SOCK_SEQPACKET ? "u_seq" : "u_dgr",
				    m->udiag_state < 12 ? state_names[m->udiag_state] : "?",
				    rq, wq, name, m->udiag_ino, peer);
	return MNL_CB_OK;
}

static int dump(struct mnl_socket *nl, char *buf, size_t buflen, int family,
		int proto, unsigned states, unsigned ext, const void *bc,
		size_t bclen, unsigned seq, struct ctx *c)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct inet_diag_req_v2 *req;
	unsigned portid = mnl_socket_get_portid(nl);
	int ret;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	if (family == AF_UNIX) {
		struct unix_diag_req *ur = mnl_nlmsg_put_extra_header(nlh, sizeof(*ur));

		ur->sdiag_family = AF_UNIX;
		ur->udiag_states = states;
		ur->udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN;
		goto send;
	}
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (unsigned char)family;
	req->sdiag_protocol = (unsigned char)proto;
	req->idiag_states = states;
	req->idiag_ext = (unsigned char)ext;
	if (bclen)
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, (uint16_t)bclen, bc);
send:
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("mindump: sendto");
		return -1;
	}
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, buflen);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("mindump: recv");
			return -1;
		}
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, family == AF_UNIX ? cb_unix : cb, c);
		if (ret < 0) {
			perror("mindump: dump");
			return -1;
		}
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

/* --proc: the files' lines, less their headers, counted into c. */
static int read_proc(int udp, struct ctx *c)
{
	static const char *const files[] = { "/proc/net/tcp", "/proc/net/tcp6",
					     "/proc/net/udp", "/proc/net/udp6" };
	static char buf[32768];

	for (int i = 0; i < (udp ? 4 : 2); i++) {
		int fd = open(files[i], O_RDONLY | O_CLOEXEC);
		ssize_t n;

		if (fd < 0) {
			perror(files[i]);
			return -1;
		}
		c->count--; /* the header line */
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			for (char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p))); p++)
				c->count++;
			if (c->format && fwrite(buf, 1, (size_t)n, stdout) != (size_t)n) {
				perror("mindump: write");
				return -1;
			}
		}
		close(fd);
		if (n < 0) {
			perror(files[i]);
			return -1;
		}
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: mindump [--states MASK] [--udp] [--format] "
			"[--sport P | --dport P] [--bufsize N] [--ext MASK]\n"
			"       mindump --proc [--udp] [--format]\n"
			"       mindump --unix [--format]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "states", required_argument, NULL, 's' },
		{ "udp", no_argument, NULL, 'u' },
		{ "format", no_argument, NULL, 'f' },
		{ "sport", required_argument, NULL, 'S' },
		{ "dport", required_argument, NULL, 'D' },
		{ "bufsize", required_argument, NULL, 'b' },
		{ "ext", required_argument, NULL, 'e' },
		{ "proc", no_argument, NULL, 'p' },
		{ "unix", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct ctx c;
	unsigned states = 0xfff, ext = 0;
	int udp = 0, unx = 0, opt, port = -1, port_op = 0, proc = 0;
	size_t buflen = 32768;
	struct inet_diag_bc_op bc[2];
	size_t bclen = 0;
	char *end;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			states = (unsigned)strtoul(optarg, &end, 0);
			if (*end)
				usage();
			break;
		case 'e':
			ext = (unsigned)strtoul(optarg, &end, 0);
			if (*end || ext > 255)
				usage();
			break;
		case 'u': udp = 1; break;
		case 'p': proc = 1; break;
		case 'f': c.format = 1; break;
		case 'x': unx = 1; break;
		case 'S':
		case 'D':
			port = (int)strtol(optarg[0] == ':' ? optarg + 1 : optarg, &end, 10);
			if (*end || port < 0 || port > 65535)
				usage();
			port_op = opt == 'S' ? INET_DIAG_BC_S_EQ : INET_DIAG_BC_D_EQ;
			break;
		case 'b':
			buflen = strtoul(optarg, &end, 0);
			if (*end || buflen < 8192)
				usage();
			break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (proc) {
		if (port >= 0 || read_proc(udp, &c) < 0 || fflush(stdout) != 0)
			return 1;
		fprintf(stderr, "%lu\n", c.count);
		return 0;
	}
	if (port >= 0) {
		/* {S,D}_EQ with the port in the next op's `no`; yes -> end of the
		 * program (accept), no -> past its end (reject). */
		bc[0] = (struct inet_diag_bc_op){ .code = (unsigned char)port_op, .yes = 8, .no = 12 };
		bc[1] = (struct inet_diag_bc_op){ .code = 0, .yes = 0, .no = (unsigned short)port };
		bclen = sizeof(bc);
	}

	char *buf = malloc(buflen);
	struct mnl_socket *nl = mnl_socket_open(NETLINK_SOCK_DIAG);

	if (!buf || !nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("mindump: netlink");
		return 1;
	}
	unsigned seq = (unsigned)time(NULL);
	int protos[2] = { IPPROTO_TCP, IPPROTO_UDP };

	if (unx && dump(nl, buf, buflen, AF_UNIX, 0, states, 0, NULL, 0, ++seq, &c) < 0)
		return 1;
	for (int p = 0; p < (unx ? 0 : 1 + udp); p++)
		for (int f = 0; f < 2; f++)
			if (dump(nl, buf, buflen, f ? AF_INET6 : AF_INET, protos[p], states,
				 ext, bc, bclen, ++seq, &c) < 0)
				return 1;
	flush_out(&c);
	if (fflush(stdout) != 0) {
		perror("mindump: write");
		return 1;
	}
	fprintf(stderr, "%lu\n", c.count);
	mnl_socket_close(nl);
	free(buf);
	return 0;
}
