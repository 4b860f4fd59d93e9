/* main_input.c - main's part that opens where the sockets come from: a
 * recorded dump, a recorder, the kernel, /proc/net. */
#include "main_priv.h"

/* --replay FILE: read and check the whole file; a sockview file brings the
 * recording's ephemeral port range. */
static int open_replay(struct run *r)
{
	struct sv_replay_info info;
	char err[512], name[256];
	int ret = sv_fileio_read_all(r->replay_path, &r->replay_buf, &r->replay_len);

	sv_main_esc(name, sizeof(name), r->replay_path);
	if (ret < 0) {
		fprintf(stderr, "sockview: cannot read dump file '%s': %s\n", name,
			strerror(-ret));
		return EXIT_RUNTIME;
	}
	ret = sv_replay_open(r->replay_buf, r->replay_len, &r->replay, err, sizeof(err));
	if (ret < 0) {
		fprintf(stderr, "sockview: dump file '%s': %s\n", name, err);
		return EXIT_RUNTIME;
	}
	sv_replay_info(r->replay, &info);
	if (info.sockview) {
		r->eph_lo = info.eph_lo;
		r->eph_hi = info.eph_hi;
	}
	r->addrs = info.local;
	return EXIT_OK;
}

/* -D FILE ("-": standard output): the file and its recorder. */
static int open_record(struct run *r)
{
	char name[256];
	int fd = STDOUT_FILENO, ret = 0;

	if (strcmp(r->o.dump_file, "-") != 0) {
		ret = sv_outfile_open(r->o.dump_file, &r->dump_out);
		if (ret == 0)
			fd = sv_outfile_fd(r->dump_out);
	}
	if (ret == 0)
		ret = sv_record_new(fd, &r->rec);
	if (ret < 0) {
		fprintf(stderr, "sockview: cannot create dump file '%s': %s\n",
			sv_main_esc(name, sizeof(name), r->o.dump_file), strerror(-ret));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* See main_priv.h. This namespace's addresses tell a connection to a
 * local listener from one to another host (classify.h). Without them only
 * loopback addresses count as this host's: say so, and go on. */
void sv_main_read_addrs(struct run *r)
{
	char err[256] = "";
	int ret = sv_localaddr_read(&r->local, err, sizeof(err));

	if (ret < 0 && ret != -ENOMEM)
		fprintf(stderr, "sockview: %s; roles will rely on loopback addresses only\n", err);
	else if (ret < 0)
		fprintf(stderr, "sockview: out of memory reading this host's addresses\n");
	r->addrs = &r->local;
}

/* A variable of ss's (PROC_ROOT, PROC_NET_TCP...): empty counts as unset,
 * as TCPDIAG_FILE does. */
const char *sv_main_env_of(void *ctx, const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* The /proc/net source, under ss's PROC_ROOT when it is set. */
static int open_proc(struct run *r)
{
	const char *root = sv_main_env_of(NULL, "PROC_ROOT");
	long hz = sysconf(_SC_CLK_TCK);

	if (sv_proc_source_new(root ? root : "/proc", sv_main_env_of, NULL,
			       hz > 0 ? (unsigned int)hz : 100, &r->proc) < 0) {
		fprintf(stderr, "sockview: out of memory\n");
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* Does this errno say that sock_diag is missing or not allowed here? */
static bool nl_refused(int err)
{
	return err == -EPROTONOSUPPORT || err == -EAFNOSUPPORT || err == -ENOENT ||
	       err == -EPERM || err == -EACCES || err == -EOPNOTSUPP;
}

/* Where the sockets come from: a recorded dump; the kernel (with -D
 * recording what it sends, and nothing else: a recording holds sock_diag's
 * answers); the /proc/net files (--source=proc); or, by default, the
 * kernel with /proc/net for what it refuses, all of it when no sock_diag
 * socket opens (said once on stderr: the rows lack some details). */
int sv_main_open_input(struct run *r)
{
	int ret;

	if (r->replay_path)
		return open_replay(r);
	if (r->o.dump_file && open_record(r) != EXIT_OK)
		return EXIT_RUNTIME;
	if (!r->rec && r->o.source != SV_CLI_SOURCE_NETLINK && open_proc(r) != EXIT_OK)
		return EXIT_RUNTIME;
	if (r->o.source != SV_CLI_SOURCE_PROC &&
	    (!r->proc || (r->o.tables & ~sv_proc_source_env_tables(sv_main_env_of, NULL)))) {
		ret = sv_nl_diag_open(&r->nl); /* not when ss's variables name all */
		if (ret < 0 && !(r->proc && nl_refused(ret))) {
			fprintf(stderr, "sockview: cannot open a sock_diag netlink socket: %s\n",
				strerror(-ret));
			return EXIT_RUNTIME;
		}
		if (ret < 0)
			fprintf(stderr, "sockview: cannot open a sock_diag netlink socket "
					"(%s): listing from /proc/net, which lacks some "
					"details (sockview(8), SOURCES)\n", strerror(-ret));
	}
	sv_main_read_addrs(r);
	return EXIT_OK;
}

/* See main_priv.h. */
void sv_main_close_input(struct run *r)
{
	sv_nl_diag_close(r->nl);
	r->nl = NULL;
	sv_proc_source_free(r->proc);
	r->proc = NULL;
	sv_localaddr_free(&r->local);
	memset(&r->local, 0, sizeof(r->local));
}
