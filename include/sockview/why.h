/* why.h - sockview why: a failing port diagnosed in plain words. The rules
 * are a pure function from the sockets, the sysctls and the kernel's
 * counters to findings, in a fixed order of severity (the manual's). */
#ifndef SOCKVIEW_WHY_H
#define SOCKVIEW_WHY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sv_sysservices;

/* What was asked about. */
enum sv_why_kind {
	SV_WHY_PORT,      /* PORT or :SERVICE: any local address */
	SV_WHY_ADDR_PORT, /* ADDR:PORT */
	SV_WHY_UNIX,      /* unix:/path */
};

struct sv_why_target {
	enum sv_why_kind kind;
	bool to;            /* --to: the client's side of it */
	uint8_t family;     /* ADDR_PORT: AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint16_t port;
	char path[108];     /* UNIX: the socket file's path */
};

/* Read a target word into *t (all of it set; to false): "8080", ":http", "127.0.0.1:80", "[::1]:443",
 * "[fe80::1%eth0]:22" (the scope is ignored), "unix:/run/x.sock"; service
 * names from services (the system's database, then IANA's). Returns 0, or
 * -EINVAL with a message in err saying what is wrong with it. */
int sv_why_parse_target(const char *word, const struct sv_sysservices *services,
			struct sv_why_target *t, char *err, size_t errlen);

/* One socket as the rules see it (copied from a listing's row). */
struct sv_why_sock {
	uint8_t table;      /* SV_TABLE_TCP, SV_TABLE_UDP, the unix tables */
	uint8_t family;
	uint8_t state;      /* enum sv_state */
	bool v6only;
	bool has_timer;
	uint8_t laddr[16], raddr[16];
	uint16_t lport, rport;
	uint32_t rq, wq;    /* a listener's accept queue and backlog */
	uint32_t ifindex;   /* bound to a device (%dev), or 0 */
	uint32_t timer_ms;  /* the running timer's time left */
	uint64_t inode;
	int32_t pid;        /* the first holder, 0 when none is known */
	char comm[16];      /* its name (untrusted) */
	uint16_t nholders;
	uint32_t retrans, lost, unacked; /* tcp_info where sent */
	uint32_t snd_wnd;   /* the peer's advertised window (0: zero window) */
	uint32_t quiet_ms;  /* tcp_info's last_ack_recv: since the peer's last
			       ACK; in CLOSE-WAIT its FIN, unless the
			       application wrote since (the socket's age there) */
	bool has_info;
	char path[108];     /* unix: the bound path (untrusted), "" */
};

/* The kernel's counters `why` reads, by index. */
enum sv_why_counter {
	SV_WHY_C_LISTEN_OVERFLOWS, /* TcpExt.ListenOverflows */
	SV_WHY_C_LISTEN_DROPS,     /* TcpExt.ListenDrops */
	SV_WHY_C_REQQ_DROP,        /* TcpExt.TCPReqQFullDrop */
	SV_WHY_C_REQQ_COOKIES,     /* TcpExt.TCPReqQFullDoCookies */
	SV_WHY_C_OUT_RSTS,         /* Tcp.OutRsts */
	SV_WHY_C_ATTEMPT_FAILS,    /* Tcp.AttemptFails */
	SV_WHY_C_MAX
};

/* The counter's name in /proc/net (netstat.h's "Key.name"). */
const char *sv_why_counter_name(enum sv_why_counter c);

/* The host's settings the rules compare with; have bits say which were
 * read (a recorded dump has none but its ephemeral range). */
struct sv_why_sys {
	uint16_t eph_lo, eph_hi;      /* ip_local_port_range */
	uint16_t unpriv_start;        /* ip_unprivileged_port_start */
	uint32_t syncookies;          /* tcp_syncookies: 0, 1, 2 */
	uint32_t somaxconn;
	uint8_t reserved[65536 / 8];  /* ip_local_reserved_ports, a bitmap */
	unsigned int have;            /* SV_WHY_HAVE_* */
};

enum {
	SV_WHY_HAVE_RANGE = 1u << 0,
	SV_WHY_HAVE_UNPRIV = 1u << 1,
	SV_WHY_HAVE_COOKIES = 1u << 2,
	SV_WHY_HAVE_SOMAXCONN = 1u << 3,
	SV_WHY_HAVE_RESERVED = 1u << 4,
	SV_WHY_HAVE_COUNTERS = 1u << 5, /* before and after the sample */
};

/* A unix target's path on disk (live only). */
enum sv_why_path {
	SV_WHY_PATH_UNKNOWN,  /* not looked at (a recorded dump) */
	SV_WHY_PATH_NONE,     /* no such file */
	SV_WHY_PATH_SOCKET,   /* a socket file */
	SV_WHY_PATH_OTHER,    /* a file that is no socket */
};

/* A forwarder that holds the listener, read from its command line. */
enum sv_why_fwd_kind {
	SV_WHY_FWD_NONE,
	SV_WHY_FWD_DOCKER,  /* docker-proxy: a published container port */
	SV_WHY_FWD_SSH,     /* ssh -L: to a host as the SSH server sees it */
	SV_WHY_FWD_SOCAT,   /* socat TCP-LISTEN:... TCP:HOST:PORT */
	SV_WHY_FWD_DNAT,    /* the kernel's NAT: an nftables DNAT rule (Docker
			       without its userland proxy) */
	SV_WHY_FWD_REDIRECT, /* an nftables REDIRECT rule: another port here */
};

struct sv_why_forward {
	enum sv_why_fwd_kind kind;
	char host[256];      /* where it forwards to (untrusted text) */
	uint16_t port;
	int dest_listeners;  /* listeners on that port sockview found there
				(any namespace of this host), -1 unknown */
	char dest_netns[256]; /* the namespace of the first, or "" */
	char nft_family[16]; /* DNAT, REDIRECT: the rule's family, table and */
	char nft_table[64];  /* chain (untrusted text: escape each) */
	char nft_chain[64];
	int nrules;          /* DNAT, REDIRECT: how many rules match the port */
	uint64_t nft_handle; /* the rule's handle in its chain */
	bool xt;             /* an iptables-nft rule: its target is iptables'
				(xt), whose destination the JSON lacks; port 0
				until the text listing gives it */
};

/* Read libnftables' JSON listing of a ruleset (what `nft -j list ruleset`
 * prints; len bytes) for the first rule that sends TCP destination port
 * `port` elsewhere: a DNAT or REDIRECT statement in a rule that matches
 * the port (tcp dport, or th dport with meta l4proto tcp) by number,
 * range, anonymous set or named set, and no other protocol's port. Maps
 * (dnat to ... map) are not followed. Fills out (kind DNAT or REDIRECT,
 * host, port, nft_family, nft_table, nft_chain, nrules). Returns how many rules matched (0: none), or
 * -EBADMSG with a message in err when the text is no such listing. */
int sv_why_parse_nat(const char *json, size_t len, uint16_t port, struct sv_why_forward *out,
		     char *err, size_t errlen);

/* An iptables-nft rule's destination (fw->xt), from the ruleset's text
 * listing with handles (`nft -a list ruleset`; len bytes), where
 * libnftables shows its target as "dnat to ADDR[:PORT]" or "redirect to
 * :PORT": the line of fw's family, table, chain and handle. Fills host
 * and port; returns 0, or -ENOENT when the text does not show it. */
int sv_why_parse_nat_text(const char *text, size_t len, struct sv_why_forward *fw);

/* Read a holder's command line (its NUL-separated words, len bytes) as a
 * forwarder's, when it is one: docker-proxy's -container-ip and
 * -container-port, ssh's -L [BIND:]PORT:HOST:HOSTPORT for listen_port,
 * socat's TCP-LISTEN:PORT with TCP:HOST:PORT. Returns the kind (NONE when
 * it is none of them). */
enum sv_why_fwd_kind sv_why_parse_forward(const char *cmdline, size_t len, uint16_t listen_port,
					  struct sv_why_forward *out);

/* A listener on the target's port in another network namespace. */
struct sv_why_elsewhere {
	struct sv_why_sock s;
	char netns[256];    /* the namespace's label (netns_scan.h's text:
			       its name, its container, or its inode) */
};

/* Everything the rules read. */
struct sv_why_input {
	const struct sv_why_target *target;
	const struct sv_why_sock *socks;
	size_t nsocks;
	struct sv_why_sys sys;
	uint64_t before[SV_WHY_C_MAX], after[SV_WHY_C_MAX]; /* the sample's ends */
	unsigned int sample_ms;        /* 0: one reading (no rise known) */
	bool live;                     /* not a recorded dump */
	enum sv_why_path path_kind;    /* UNIX: what the path is on disk */
	const struct sv_why_forward *forward; /* the target's listener is a
						 forwarder's, or NULL */
	const struct sv_why_elsewhere *elsewhere; /* listeners of the port in
						     other namespaces (live,
						     when none is here) */
	size_t nelsewhere;
	const struct sv_why_sock *earlier; /* --baseline: the port's sockets in
					      a dump recorded earlier, or NULL */
	size_t nearlier;
	const char *earlier_name;      /* that file's name (untrusted) */
	int nat_err;                   /* the NAT rules could not be read (a
					  negative errno; -ENOSYS: no
					  libnftables), 0: read or not needed */
	int64_t earlier_age_s;         /* how long ago it was written, -1:
					  unknown */
};

/* The findings, in this order: the manual's order of severity. */
enum sv_why_code {
	SV_WHY_NO_LISTENER,      /* nothing listens there */
	SV_WHY_ELSEWHERE,        /* ... but in another network namespace */
	SV_WHY_FORWARDED,        /* a forwarder holds it: where it goes */
	SV_WHY_PORT_TAKEN,       /* a client's connection holds the port */
	SV_WHY_BOUND_ONLY,       /* bound, not listening */
	SV_WHY_OTHER_ADDRESS,    /* listens, but not on the address asked */
	SV_WHY_LOOPBACK_ONLY,    /* listens on loopback only */
	SV_WHY_ONE_FAMILY,       /* IPv4 only, or IPv6 only (v6only) */
	SV_WHY_ACCEPT_QUEUE,     /* the accept queue is full or nearly */
	SV_WHY_LISTEN_DROPS,     /* the kernel counts listen drops, rising */
	SV_WHY_SYN_RECV,         /* many half-open connections */
	SV_WHY_CLOSE_WAIT,       /* CLOSE-WAIT piling up in a process */
	SV_WHY_EPHEMERAL,        /* ephemeral ports toward one destination */
	SV_WHY_SYN_SENT,         /* connection attempts that hang */
	SV_WHY_STALLED,          /* connections that stall */
	SV_WHY_RESETS,           /* resets and failed attempts, rising */
	SV_WHY_TIME_WAIT,        /* TIME-WAIT leftovers of a stopped server */
	SV_WHY_PORT_RANGE,       /* privileged, reserved, or ephemeral port */
	SV_WHY_DEVICE,           /* bound to one interface or one address */
	SV_WHY_NOTHING_LOCAL,    /* --to: nothing here explains a failure */
	SV_WHY_CODE_MAX
};

/* The code's word in JSON ("no-listener"...). */
const char *sv_why_code_name(enum sv_why_code code);

enum sv_why_severity {
	SV_WHY_INFO,     /* worth knowing; not a cause (exit 0) */
	SV_WHY_WARNING,  /* a likely cause (exit 1) */
	SV_WHY_CRITICAL, /* the cause (exit 1) */
};

/* "info", "warning", "critical". */
const char *sv_why_severity_name(enum sv_why_severity s);

#define SV_WHY_EVIDENCE_MAX 8
#define SV_WHY_NUMBERS_MAX 8
#define SV_WHY_FINDINGS_MAX 24

struct sv_why_finding {
	enum sv_why_code code;
	enum sv_why_severity severity;
	char text[512];     /* plain words (untrusted names escaped) */
	char next[256];     /* the next command to run, or "" */
	size_t evidence[SV_WHY_EVIDENCE_MAX]; /* indices into socks */
	size_t nevidence;
	size_t more;        /* evidence rows beyond those */
	struct {
		const char *name; /* "accept_queue", "backlog"... */
		uint64_t value;
	} num[SV_WHY_NUMBERS_MAX];
	size_t nnum;
	bool unavailable;   /* needs live counters a recorded dump lacks */
	bool elsewhere;     /* evidence indexes in->elsewhere, not socks */
};

struct sv_why_report {
	struct sv_why_finding f[SV_WHY_FINDINGS_MAX];
	size_t n;
	size_t listeners;   /* listeners that serve the target */
	bool likely;        /* a warning or critical finding: exit 1 */
};

/* The rules over in: fill *out (findings in code order). Pure. */
void sv_why_diagnose(const struct sv_why_input *in, struct sv_why_report *out);

/* The report as text (for people) or JSON, on f. Returns 0 or a negative
 * errno of the write. */
int sv_why_print_text(FILE *f, const struct sv_why_input *in, const struct sv_why_report *r);
int sv_why_print_json(FILE *f, const struct sv_why_input *in, const struct sv_why_report *r);

/* Read ip_local_reserved_ports' text ("8080,9000-9010") into bits.
 * Returns 0 or -EINVAL. */
int sv_why_parse_reserved(const char *text, size_t len, uint8_t bits[65536 / 8]);

#endif
