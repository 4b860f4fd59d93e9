/* popgen.c - popgen's options, holder processes and main.
 *
 * popgen builds a socket population for the benchmark inside a private
 * network namespace, then holds it until SIGTERM.
 *
 *   unshare -n popgen --tcp N --listen L --timewait T --udp U --unix X \
 *                     [--procs P] [--hot H] --ready FILE
 *
 * What it builds (see bench/README.md for the layout in full):
 *   - N established TCP pairs (2N sockets), one in four over IPv6. Clients
 *     are bound explicitly to 127.0.0.10+ (fd00::10:n for IPv6), ports
 *     10000-65535, so 55536 clients fit on each source address; they connect
 *     to wildcard listeners on ports 2000-2007 through destinations
 *     127.0.0.1-4 (::1 and fd00::1:1-3). H of the pairs (default 2% of
 *     them, i.e. 1% of the established sockets) go to the "hot" port 3000
 *     instead, so `dport = :3000` matches exactly H sockets. One more pair
 *     has its client on the unique port 4999 (`sport = :4999` is one row).
 *   - L extra listeners on 127.0.0.5 / fd00::5:1, ports 10000 and up.
 *   - T TIME-WAIT sockets (clients that closed first, to port 3001). A
 *     TIME-WAIT socket lives 60 s in Linux; a keeper process replaces the
 *     whole set as soon as the oldest one has gone, so the count stays at T
 *     (it dips for the fraction of a second a rebuild takes, once a minute).
 *   - U UDP sockets: half bound and unconnected, half bound and connected.
 *   - about X unix sockets ((X+1)/2 "pairs": of each 8, one abstract
 *     listener with a connected client and its accepted socket, one
 *     datagram socketpair, six stream socketpairs).
 * Sockets are spread over P holder processes (at least as many as the
 * per-process fd limit needs), built one holder after another.
 *
 * It writes FILE (key=value lines) once everything is in place, then waits;
 * SIGTERM/SIGINT stop the holders, remove FILE and exit. Holders also die if
 * popgen itself dies (PR_SET_PDEATHSIG).
 *
 * It changes sysctls (port range, somaxconn, tcp_max_tw_buckets), adds
 * addresses to lo and brings lo up, so it refuses to run in the initial
 * network namespace unless --force is given. Only libc and kernel headers.
 *
 * Files: popgen.c (this), popgen_net.c (addresses, lo, sysctls, socket
 * helpers), popgen_build.c (the population), popgen_util.c (messages, the
 * clock), popgen.h (what they share). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "popgen.h"

/* Set by the signal handler (SIGTERM, SIGINT, SIGHUP): the only global. */
static volatile sig_atomic_t stop_flag;

/* What main's steps share. */
struct popgen {
	struct plan p;
	struct listeners ls; /* created before any fork, held by this process */
	const char *ready;   /* --ready FILE */
	bool quiet, force;
	pid_t self;          /* popgen's pid: children check it is their parent */
	double t0;           /* start, for build_seconds */
	pid_t *kids;         /* holders and the keeper; 0 once reaped */
	int nkids;
};

/* ---- options ----------------------------------------------------------- */

static long parse_count(const char *s, const char *opt)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0)
		die("bad number '%s' for %s", s, opt);
	return v;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: popgen --tcp N --listen L --timewait T --udp U --unix X\n"
		"              [--procs P] [--hot H] [--quiet] [--force] --ready FILE\n"
		"Run it in a private network namespace (unshare -n). See bench/README.md.\n");
	exit(2);
}

static void parse_options(struct popgen *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tcp", required_argument, NULL, 'n' },
		{ "listen", required_argument, NULL, 'l' },
		{ "timewait", required_argument, NULL, 't' },
		{ "udp", required_argument, NULL, 'u' },
		{ "unix", required_argument, NULL, 'x' },
		{ "procs", required_argument, NULL, 'p' },
		{ "hot", required_argument, NULL, 'H' },
		{ "ready", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct plan *p = &g->p;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': p->pairs = parse_count(optarg, "--tcp"); break;
		case 'l': p->listen = parse_count(optarg, "--listen"); break;
		case 't': p->tw = parse_count(optarg, "--timewait"); break;
		case 'u': p->udp = parse_count(optarg, "--udp"); break;
		case 'x': p->unx = parse_count(optarg, "--unix"); break;
		case 'p': p->procs = (int)parse_count(optarg, "--procs"); break;
		case 'H': p->hot = parse_count(optarg, "--hot"); break;
		case 'r': g->ready = optarg; break;
		case 'q': g->quiet = true; break;
		case 'f': g->force = true; break;
		default: usage();
		}
	}
	if (!g->ready || optind != argc)
		usage();
	if (p->hot < 0)
		p->hot = p->pairs / 50;
	if (p->hot > p->pairs)
		die("--hot %ld is more than --tcp %ld", p->hot, p->pairs);
}

/* Raises the soft fd limit to the hard one and sets the number of holder
 * processes: at least as many as that limit needs. */
static void plan_procs(struct popgen *g)
{
	struct plan *p = &g->p;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		die("getrlimit:");
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		die("setrlimit:");
	long budget = (long)rl.rlim_cur - FD_RESERVE - 2 * (NMAIN + 2);
	long total_fds = 2 * p->pairs + p->udp + 2 * ((p->unx + 1) / 2) + (p->unx + 15) / 16;
	int need = (int)((total_fds + budget - 1) / budget);

	if (need < 1)
		need = 1;
	if (p->procs < need) {
		if (p->procs && !g->quiet)
			note("%d holder processes are needed for %ld fds (limit %ld each), not %d",
			     need, total_fds, (long)rl.rlim_cur, p->procs);
		p->procs = need;
	}
	if (p->listen + 2 * (NMAIN + 3) + FD_RESERVE > (long)rl.rlim_cur)
		die("--listen %ld does not fit in one process's fd limit", p->listen);
}

/* ---- processes --------------------------------------------------------- */

static void on_signal(int sig)
{
	stop_flag = sig;
}

static void on_child(int sig)
{
	(void)sig;
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void kill_kids(const struct popgen *g)
{
	for (int i = 0; i < g->nkids; i++)
		if (g->kids[i] > 0)
			kill(g->kids[i], SIGTERM);
	for (int i = 0; i < g->nkids; i++)
		if (g->kids[i] > 0)
			while (waitpid(g->kids[i], NULL, 0) < 0 && errno == EINTR)
				;
}

/* In a child: die with the parent, and drop the listeners it does not use. */
static void child_setup(pid_t parent, const struct listeners *ls, bool keep_main,
			bool keep_tw)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(1);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	for (long i = 0; i < ls->nextra; i++)
		close(ls->extra[i]);
	if (!keep_main) {
		for (int i = 0; i < NMAIN; i++) {
			close(ls->main4[i]);
			close(ls->main6[i]);
		}
		close(ls->hot4);
		close(ls->hot6);
	}
	if (!keep_tw) {
		close(ls->tw4);
		close(ls->tw6);
	}
}

/* Waits for one byte from a child; fails if it died first. */
static void wait_child(int fd, pid_t pid, const char *what)
{
	char c;
	ssize_t r;

	do
		r = read(fd, &c, 1);
	while (r < 0 && errno == EINTR && !stop_flag);
	if (r != 1) {
		if (stop_flag)
			return;
		die("%s (pid %d) failed while building", what, (int)pid);
	}
}

/* Holder h of P: builds its share of the pairs, UDP and unix sockets,
 * reports on report_fd and holds them until killed. */
__attribute__((noreturn)) static void holder_run(const struct popgen *g, int h, int report_fd)
{
	const struct plan *p = &g->p;
	const struct listeners *ls = &g->ls;
	long P = p->procs;

	build_pairs(p, ls, p->pairs * h / P, p->pairs * (h + 1) / P);
	build_udp(p, p->udp_srv * h / P, p->udp_srv * (h + 1) / P,
		  p->udp_cli * h / P, p->udp_cli * (h + 1) / P);
	long ux = (p->unx + 1) / 2;

	build_unix(ux * (h + 1) / P - ux * h / P);
	/* The listeners stay with the parent. */
	for (int i = 0; i < NMAIN; i++) {
		close(ls->main4[i]);
		close(ls->main6[i]);
	}
	close(ls->hot4);
	close(ls->hot6);
	if (write(report_fd, "h", 1) != 1)
		_exit(1);
	close(report_fd);
	for (;;)
		pause();
}

/* Forks holder h (or, when !holder, the TIME-WAIT keeper) and waits until
 * it has built its sockets. */
static void spawn(struct popgen *g, bool holder, int h)
{
	int pipefd[2];

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		die("pipe:");
	pid_t pid = fork();

	if (pid < 0)
		die("fork:");
	if (pid == 0) {
		child_setup(g->self, &g->ls, holder, !holder);
		close(pipefd[0]);
		if (holder)
			holder_run(g, h, pipefd[1]);
		tw_keeper(&g->ls, g->p.tw, pipefd[1]);
		_exit(0);
	}
	g->kids[g->nkids++] = pid;
	close(pipefd[1]);
	wait_child(pipefd[0], pid, holder ? "holder" : "time-wait keeper");
	close(pipefd[0]);
}

/* ---- ready ------------------------------------------------------------- */

/* Writes the ready file (key=value lines) atomically, then says so. */
static void write_ready(const struct popgen *g)
{
	const struct plan *p = &g->p;
	double secs = now() - g->t0;
	long tcp_sockets = 2 * p->pairs + 2 + p->tw + p->listen + 2 * (NMAIN + 2);
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", g->ready);
	f = fopen(tmp, "w");
	if (!f)
		die("%s:", tmp);
	fprintf(f,
		"pid=%d\nprocs=%d\nbuild_seconds=%.3f\n"
		"tcp_pairs=%ld\ntimewait=%ld\nextra_listeners=%ld\nudp=%ld\nunix=%ld\n"
		"tcp_sockets=%ld\nlisteners=%ld\n"
		"main_ports=%d-%d\nhot_port=%d\nhot_sockets=%ld\n"
		"solo_port=%d\ntw_port=%d\n",
		(int)g->self, p->procs, secs, p->pairs, p->tw, p->listen, p->udp,
		2 * ((p->unx + 1) / 2), tcp_sockets, p->listen + 2 * (NMAIN + 2),
		MAIN_BASE, MAIN_BASE + NMAIN - 1, HOT_PORT, p->hot, SOLO_PORT, TW_PORT);
	if (fclose(f) != 0 || rename(tmp, g->ready) < 0)
		die("writing %s:", g->ready);
	if (!g->quiet)
		note("ready in %.2f s: %ld TCP sockets (%ld pairs, %ld time-wait, %ld listeners), "
		     "%ld UDP, %ld unix, %d holders", secs, tcp_sockets, p->pairs, p->tw,
		     p->listen + 2 * (NMAIN + 2), p->udp, 2 * ((p->unx + 1) / 2), p->procs);
}

/* Sleeps until a signal stops popgen (status 0) or a child dies (1). */
static int wait_for_stop(struct popgen *g)
{
	/* Block the signals, then sleep in sigsuspend with them open: no
	 * wake-up is lost between the check and the sleep. */
	sigset_t block, none;
	struct sigaction sc = { .sa_handler = on_child };
	int status = 0;

	sigemptyset(&sc.sa_mask);
	sigaction(SIGCHLD, &sc, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &none);
	sigdelset(&none, SIGTERM);
	sigdelset(&none, SIGINT);
	sigdelset(&none, SIGHUP);
	sigdelset(&none, SIGCHLD);
	while (!stop_flag) {
		pid_t dead = waitpid(-1, &status, WNOHANG);

		if (dead > 0) {
			for (int i = 0; i < g->nkids; i++)
				if (g->kids[i] == dead)
					g->kids[i] = 0;
			fprintf(stderr, "%s: child %d exited unexpectedly; stopping\n",
				PROG, (int)dead);
			status = 1;
			break;
		}
		sigsuspend(&none);
	}
	return status;
}

int main(int argc, char **argv)
{
	struct popgen g = { .p = { .hot = -1 } };
	int status;

	g.t0 = now();
	g.self = getpid();
	parse_options(&g, argc, argv);
	if (!g.force && in_initial_netns())
		die("refusing to change the initial network namespace: run me under `unshare -n` (or --force)");
	plan_population(&g.p);
	plan_procs(&g);
	netns_setup(&g.p);
	open_listeners(&g.ls, g.p.listen);
	build_solo(&g.ls);
	install_signals();
	g.kids = calloc((size_t)g.p.procs + 1, sizeof(pid_t));
	if (!g.kids)
		die("out of memory");

	/* Holders, one after another: they share the listeners, so each must
	 * accept exactly the connections it made. */
	for (int h = 0; h < g.p.procs && !stop_flag; h++)
		spawn(&g, true, h);
	if (g.p.tw > 0 && !stop_flag)
		spawn(&g, false, 0);
	if (stop_flag) {
		kill_kids(&g);
		return 0;
	}
	write_ready(&g);
	status = wait_for_stop(&g);
	kill_kids(&g);
	unlink(g.ready);
	return status ? 1 : 0;
}
