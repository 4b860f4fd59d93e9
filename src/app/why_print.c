/* why_print.c - `sockview why`'s report (why.h): plain words for people,
 * the same findings as JSON for scripts. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/addr.h"
#include "sockview/escape.h"
#include "sockview/sock.h"
#include "sockview/state.h"
#include "sockview/tables.h"
#include "sockview/why.h"

static int done(FILE *f)
{
	return ferror(f) ? (errno ? -errno : -EIO) : 0;
}

/* "127.0.0.1:8080", "[::]:22", "*:22" (dual stack), "/run/x.sock". */
static void endpoint(char *buf, size_t len, const struct sv_why_sock *s, bool local)
{
	char a[SV_ADDR_MAX];

	if (s->family == AF_UNIX) {
		sv_escape_text(buf, len, s->path, strnlen(s->path, sizeof(s->path)));
		if (!s->path[0])
			snprintf(buf, len, "*");
		return;
	}
	sv_addr_format(a, sizeof(a), s->family, local ? s->laddr : s->raddr,
		       local ? s->v6only : true);
	snprintf(buf, len, "%s:%u", a, (unsigned int)(local ? s->lport : s->rport));
}

/* What was asked, as words: "TCP port 8080", "127.0.0.1:80", "unix:/x". */
static void target_words(char *buf, size_t len, const struct sv_why_target *t)
{
	char a[SV_ADDR_MAX], p[140];

	if (t->kind == SV_WHY_UNIX) {
		sv_escape_text(p, sizeof(p), t->path, strlen(t->path));
		snprintf(buf, len, "unix:%s", p);
	} else if (t->kind == SV_WHY_ADDR_PORT) {
		sv_addr_format(a, sizeof(a), t->family, t->addr, true);
		snprintf(buf, len, "%s:%u", a, t->port);
	} else {
		snprintf(buf, len, "TCP port %u", t->port);
	}
}

static void print_row(FILE *f, const struct sv_why_sock *s, const char *netns)
{
	char l[200], r[200], comm[80];

	endpoint(l, sizeof(l), s, true);
	endpoint(r, sizeof(r), s, false);
	fprintf(f, "    %-5s %-10s %6u %6u  %s  %s", sv_tables_get((enum sv_table)s->table)->name,
		sv_state_name(s->state), s->rq, s->wq, l, s->rport || s->family == AF_UNIX ? r : "*");
	if (s->pid) {
		sv_escape_text(comm, sizeof(comm), s->comm, strnlen(s->comm, sizeof(s->comm)));
		fprintf(f, "  %s (pid %d)", comm, (int)s->pid);
	}
	if (netns) {
		sv_escape_text(comm, sizeof(comm), netns, strlen(netns));
		fprintf(f, "  netns %s", comm);
	}
	fputc('\n', f);
}

/* See why.h. */
int sv_why_print_text(FILE *f, const struct sv_why_input *in, const struct sv_why_report *r)
{
	char what[200];

	target_words(what, sizeof(what), in->target);
	fprintf(f, "sockview why %s%s\n", in->target->to ? "--to " : "", what);
	if (!r->likely)
		fprintf(f, "\nNothing wrong found%s%s.\n", in->target->to ? "" : ": ",
			in->target->to ? "" : r->listeners == 0 ? "the kernel forwards it" :
			r->listeners == 1 ? "one listener serves it" : "listeners serve it");
	for (size_t i = 0; i < r->n; i++) {
		const struct sv_why_finding *x = &r->f[i];

		fprintf(f, "\n%zu. [%s%s] %s\n", i + 1, sv_why_severity_name(x->severity),
			x->unavailable ? ", unavailable" : "", x->text);
		if (x->nevidence) {
			fprintf(f, "   evidence (netid, state, Recv-Q, Send-Q, local, peer, process):\n");
			for (size_t k = 0; k < x->nevidence; k++)
				print_row(f, x->elsewhere ? &in->elsewhere[x->evidence[k]].s :
					  &in->socks[x->evidence[k]],
					  x->elsewhere ? in->elsewhere[x->evidence[k]].netns : NULL);
			if (x->more)
				fprintf(f, "    ... and %zu more\n", x->more);
		}
		if (x->next[0])
			fprintf(f, "   next: %s\n", x->next);
	}
	return done(f);
}

static void json_str(FILE *f, const char *s, size_t len)
{
	char buf[2048];

	sv_escape_json(buf, sizeof(buf), s, len);
	fprintf(f, "\"%s\"", buf);
}

static void json_row(FILE *f, const struct sv_why_sock *s, const char *netns)
{
	char l[200], r[200];

	endpoint(l, sizeof(l), s, true);
	endpoint(r, sizeof(r), s, false);
	fprintf(f, "{\"netid\":\"%s\",\"state\":\"%s\",\"recv_q\":%u,\"send_q\":%u,\"local\":",
		sv_tables_get((enum sv_table)s->table)->name, sv_state_name(s->state), s->rq, s->wq);
	json_str(f, l, strlen(l));
	fprintf(f, ",\"peer\":");
	json_str(f, r, strlen(r));
	if (s->pid) {
		fprintf(f, ",\"pid\":%d,\"process\":", (int)s->pid);
		json_str(f, s->comm, strnlen(s->comm, sizeof(s->comm)));
	}
	if (netns) {
		fprintf(f, ",\"netns\":");
		json_str(f, netns, strlen(netns));
	}
	fputc('}', f);
}

static void json_finding(FILE *f, const struct sv_why_input *in, const struct sv_why_finding *x)
{
	fprintf(f, "{\"code\":\"%s\",\"severity\":\"%s\",\"text\":", sv_why_code_name(x->code),
		sv_why_severity_name(x->severity));
	json_str(f, x->text, strlen(x->text));
	fprintf(f, ",\"next\":");
	json_str(f, x->next, strlen(x->next));
	fprintf(f, ",\"numbers\":{");
	for (size_t k = 0; k < x->nnum; k++)
		fprintf(f, "%s\"%s\":%llu", k ? "," : "", x->num[k].name,
			(unsigned long long)x->num[k].value);
	fprintf(f, "},\"evidence\":[");
	for (size_t k = 0; k < x->nevidence; k++) {
		if (k)
			fputc(',', f);
		json_row(f, x->elsewhere ? &in->elsewhere[x->evidence[k]].s :
			 &in->socks[x->evidence[k]],
			 x->elsewhere ? in->elsewhere[x->evidence[k]].netns : NULL);
	}
	fprintf(f, "],\"more_evidence\":%zu,\"unavailable\":%s}", x->more,
		x->unavailable ? "true" : "false");
}

/* See why.h. */
int sv_why_print_json(FILE *f, const struct sv_why_input *in, const struct sv_why_report *r)
{
	const struct sv_why_target *t = in->target;
	char what[200];

	target_words(what, sizeof(what), t);
	fprintf(f, "{\"target\":{\"text\":");
	json_str(f, what, strlen(what));
	if (t->kind == SV_WHY_UNIX) {
		fprintf(f, ",\"path\":");
		json_str(f, t->path, strlen(t->path));
	} else {
		fprintf(f, ",\"port\":%u", t->port);
	}
	fprintf(f, ",\"to\":%s},\"status\":\"%s\",\"listeners\":%zu,\"live\":%s,\"findings\":[",
		t->to ? "true" : "false", r->likely ? "problem" : "ok", r->listeners,
		in->live ? "true" : "false");
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			fputc(',', f);
		json_finding(f, in, &r->f[i]);
	}
	fprintf(f, "]}\n");
	return done(f);
}
