/* main_kill.c - main's part for -K: what it cannot go with, the action
 * that closes the matching sockets (kill.h) on a sock_diag socket of its
 * own, and what it could not close, on stderr. */
#include "main_priv.h"

/* The tables the kernel closes, named for messages ("tcp, udp, raw"). */
static uint32_t closable_tables(char *names, size_t len)
{
	uint32_t mask = 0;
	size_t n = 0;

	names[0] = '\0';
	for (int t = 0; t < SV_TABLE_MAX; t++) {
		if (!sv_tables_get((enum sv_table)t)->closable)
			continue;
		mask |= 1u << t;
		n += (size_t)snprintf(names + n, n < len ? len - n : 0, "%s%s", mask == 1u << t ?
				      "" : ", ", sv_tables_get((enum sv_table)t)->name);
	}
	return mask;
}

/* See main_priv.h. */
int sv_main_kill_check(struct run *r)
{
	char names[64], msg[256];
	uint32_t can = closable_tables(names, sizeof(names));

	if (r->o.force && !r->o.kill)
		return sv_main_usage_error("--force goes with -K only");
	if (!r->o.kill)
		return EXIT_OK;
	if (r->replay_path || r->o.dump_file || r->o.all_netns)
		return sv_main_usage_error(r->replay_path ? "-K closes live sockets: it cannot go "
						      "with a recorded dump" :
					   r->o.dump_file ? "-D records the kernel's dump and shows "
							    "nothing: it cannot go with -K" :
					   "-K closes the sockets of one namespace: it cannot go "
					   "with --all-netns");
	if (r->o.source == SV_CLI_SOURCE_PROC)
		return sv_main_usage_error("-K closes sockets through sock_diag: it cannot go "
				   "with --source=proc");
	if (!r->filter && !r->o.states_given && !r->o.force)
		return sv_main_usage_error("-K with neither a filter nor state words would close "
				   "every socket listed (ss -K closes every connection); give "
				   "a filter (for example 'dport = :8080'), state words, or "
				   "--force");
	if (!(r->o.tables & can)) {
		snprintf(msg, sizeof(msg), "-K closes %s sockets only: none of the tables asked "
			 "for", names);
		return sv_main_usage_error(msg);
	}
	r->o.tables &= can;
	/* rows read from /proc/net carry no cookie to name them by: sock_diag
	 * alone, with no fallback */
	r->o.source = SV_CLI_SOURCE_NETLINK;
	return EXIT_OK;
}

static int close_one(void *ctx, const struct sv_sock *s)
{
	return sv_nl_diag_destroy(ctx, s);
}

/* See main_priv.h. */
int sv_main_kill_open(struct run *r, struct sv_listing *l)
{
	int ret;

	if (!r->o.kill)
		return EXIT_OK;
	ret = sv_nl_diag_open(&r->kill_nl);
	if (ret < 0) {
		fprintf(stderr, "sockview: -K: cannot open a sock_diag netlink socket: %s\n",
			strerror(-ret));
		return EXIT_RUNTIME;
	}
	r->kill = (struct sv_kill){ .close = close_one, .ctx = r->kill_nl };
	l->act = sv_kill_action(&r->kill);
	return EXIT_OK;
}

static const char *sockets(size_t n)
{
	return n == 1 ? "socket" : "sockets";
}

/* See main_priv.h. */
int sv_main_kill_notes(const struct run *r, int status)
{
	const struct sv_kill *k = &r->kill;

	if (!r->o.kill)
		return status;
	if (r->o.verbose)
		fprintf(stderr, "sockview: verbose: -K closed %zu %s%s\n", k->closed,
			sockets(k->closed), k->gone ? "; others had closed meanwhile" : "");
	if (k->denied)
		fprintf(stderr, "sockview: %zu %s could not be closed: closing a socket needs "
				"CAP_NET_ADMIN (%s)\n", k->denied, sockets(k->denied),
			strerror(EPERM));
	if (k->unsupported)
		fprintf(stderr, "sockview: %zu %s could not be closed: this kernel cannot "
				"close them (SOCK_DESTROY needs CONFIG_INET_DIAG_DESTROY)\n",
			k->unsupported, sockets(k->unsupported));
	if (k->failed)
		fprintf(stderr, "sockview: %zu %s could not be closed: %s\n", k->failed,
			sockets(k->failed), strerror(-k->failed_err));
	return sv_kill_not_closed(k) && status == EXIT_OK ? EXIT_RUNTIME : status;
}
