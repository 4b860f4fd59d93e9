/* why_util.c - what `sockview why`'s rule files share (why_priv.h): the
 * report builder, the socket tests, the names of codes, severities and
 * counters. Pure. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/escape.h"
#include "sockview/sock.h"
#include "sockview/tables.h"

#include "why_priv.h"

static const char *const code_names[SV_WHY_CODE_MAX] = {
	[SV_WHY_NO_LISTENER] = "no-listener", [SV_WHY_ELSEWHERE] = "other-namespace",
	[SV_WHY_FORWARDED] = "forwarded", [SV_WHY_PORT_TAKEN] = "port-taken",
	[SV_WHY_BOUND_ONLY] = "bound-not-listening", [SV_WHY_OTHER_ADDRESS] = "other-address",
	[SV_WHY_LOOPBACK_ONLY] = "loopback-only", [SV_WHY_ONE_FAMILY] = "one-family",
	[SV_WHY_ACCEPT_QUEUE] = "accept-queue", [SV_WHY_LISTEN_DROPS] = "listen-drops",
	[SV_WHY_SYN_RECV] = "syn-recv", [SV_WHY_CLOSE_WAIT] = "close-wait",
	[SV_WHY_EPHEMERAL] = "ephemeral-ports", [SV_WHY_SYN_SENT] = "syn-sent",
	[SV_WHY_STALLED] = "stalled", [SV_WHY_RESETS] = "resets",
	[SV_WHY_TIME_WAIT] = "time-wait", [SV_WHY_PORT_RANGE] = "port-range",
	[SV_WHY_DEVICE] = "one-interface", [SV_WHY_NOTHING_LOCAL] = "nothing-local",
};

/* See why.h. */
const char *sv_why_code_name(enum sv_why_code code)
{
	return code < SV_WHY_CODE_MAX ? code_names[code] : "?";
}

/* See why.h. */
const char *sv_why_severity_name(enum sv_why_severity s)
{
	return s == SV_WHY_CRITICAL ? "critical" : s == SV_WHY_WARNING ? "warning" : "info";
}

/* See why.h. */
const char *sv_why_counter_name(enum sv_why_counter c)
{
	static const char *const names[SV_WHY_C_MAX] = {
		"TcpExt.ListenOverflows", "TcpExt.ListenDrops", "TcpExt.TCPReqQFullDrop",
		"TcpExt.TCPReqQFullDoCookies", "Tcp.OutRsts", "Tcp.AttemptFails",
	};

	return c < SV_WHY_C_MAX ? names[c] : "?";
}

/* See why_priv.h. */
struct sv_why_finding *why_add(struct why_ctx *c, enum sv_why_code code,
			       enum sv_why_severity sev)
{
	struct sv_why_finding *f;

	if (c->out->n >= SV_WHY_FINDINGS_MAX)
		return NULL;
	f = &c->out->f[c->out->n++];
	memset(f, 0, sizeof(*f));
	f->code = code;
	f->severity = sev;
	return f;
}

__attribute__((format(printf, 3, 0)))
static void vappend(char *buf, size_t cap, const char *fmt, va_list ap)
{
	size_t used = strlen(buf);

	if (used < cap - 1)
		vsnprintf(buf + used, cap - used, fmt, ap);
}

/* See why_priv.h. */
void why_say(struct sv_why_finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
}

/* See why_priv.h. */
void why_next(struct sv_why_finding *f, const char *fmt, ...)
{
	va_list ap;

	f->next[0] = '\0';
	va_start(ap, fmt);
	vappend(f->next, sizeof(f->next), fmt, ap);
	va_end(ap);
}

/* See why_priv.h. */
void why_evidence(struct sv_why_finding *f, size_t i)
{
	if (f->nevidence < SV_WHY_EVIDENCE_MAX)
		f->evidence[f->nevidence++] = i;
	else
		f->more++;
}

/* See why_priv.h. */
void why_number(struct sv_why_finding *f, const char *name, uint64_t v)
{
	if (f->nnum < SV_WHY_NUMBERS_MAX) {
		f->num[f->nnum].name = name;
		f->num[f->nnum++].value = v;
	}
}

/* See why_priv.h. */
const char *why_holder(const struct sv_why_sock *s, char *buf, size_t len)
{
	char comm[80];

	if (!s->pid) {
		snprintf(buf, len, "no process sockview could see");
		return buf;
	}
	sv_escape_text(comm, sizeof(comm), s->comm, strnlen(s->comm, sizeof(s->comm)));
	snprintf(buf, len, "%s (pid %d)", comm, (int)s->pid);
	return buf;
}

/* See why_priv.h. */
bool why_tcp(const struct sv_why_sock *s)
{
	return s->table == SV_TABLE_TCP;
}

/* See why_priv.h. */
bool why_loopback(uint8_t family, const uint8_t *a)
{
	static const uint8_t v6lo[16] = { [15] = 1 };
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (family == AF_INET)
		return a[0] == 127;
	return memcmp(a, v6lo, 16) == 0 || (memcmp(a, mapped, 12) == 0 && a[12] == 127);
}

/* See why_priv.h. */
bool why_wildcard(uint8_t family, const uint8_t *a)
{
	static const uint8_t zero[16];

	return memcmp(a, zero, family == AF_INET ? 4 : 16) == 0;
}

/* See why_priv.h. */
bool why_takes(const struct sv_why_sock *s, const struct sv_why_target *t)
{
	if (t->kind != SV_WHY_ADDR_PORT)
		return true;
	if (s->family == t->family)
		return why_wildcard(s->family, s->laddr) ||
		       memcmp(s->laddr, t->addr, t->family == AF_INET ? 4 : 16) == 0;
	/* an IPv4 target reaches a dual-stack [::] listener */
	return t->family == AF_INET && s->family == AF_INET6 && !s->v6only &&
	       why_wildcard(AF_INET6, s->laddr);
}


/* See why_priv.h. */
bool why_rise(const struct sv_why_input *in, enum sv_why_counter k, uint64_t *d)
{
	if (!(in->sys.have & SV_WHY_HAVE_COUNTERS) || !in->sample_ms)
		return false;
	*d = in->after[k] - in->before[k];
	return in->after[k] > in->before[k];
}
