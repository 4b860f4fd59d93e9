/* why_unix.c - `sockview why unix:/PATH`'s rules (why.h): nothing
 * listening (a stale socket file, no file, a file that is no socket), and
 * a full accept queue. Pure. */
#include <string.h>

#include "sockview/escape.h"
#include "sockview/sock.h"

#include "why_priv.h"

static void no_listener(struct why_ctx *c, const char *path)
{
	static const char *const why[] = {
		[SV_WHY_PATH_UNKNOWN] = "",
		[SV_WHY_PATH_NONE] = ", and there is no such file: the server is not running, "
				     "or it uses another path",
		[SV_WHY_PATH_SOCKET] = "; the socket file is left from a server that stopped "
				       "(a stale file): a new server must remove it before it "
				       "binds",
		[SV_WHY_PATH_OTHER] = ", and the file there is no socket",
	};
	struct sv_why_finding *f = why_add(c, SV_WHY_NO_LISTENER, SV_WHY_CRITICAL);

	if (!f)
		return;
	why_say(f, "Nothing listens on unix:%s: connections to it are refused%s.", path,
		why[c->in->path_kind]);
	why_next(f, c->in->path_kind == SV_WHY_PATH_SOCKET ?
		 "start the server (it removes a stale file before bind, as most do)" :
		 "start the server, or find its socket: sockview -xlp");
	for (size_t i = 0; i < c->in->nsocks; i++)
		why_evidence(f, i); /* bound or connected there, not listening */
}

static void accept_queue(struct why_ctx *c, const char *path)
{
	struct sv_why_finding *f = NULL;
	char who[120];

	for (size_t i = 0; i < c->in->nsocks; i++) {
		const struct sv_why_sock *s = &c->in->socks[i];

		if (s->state != SV_STATE_LISTEN || !s->wq ||
		    (uint64_t)s->rq * 10 < (uint64_t)s->wq * 8)
			continue;
		if (!f && !(f = why_add(c, SV_WHY_ACCEPT_QUEUE, s->rq >= s->wq ?
					SV_WHY_CRITICAL : SV_WHY_WARNING)))
			return;
		if (!f->nevidence) {
			why_say(f, "The accept queue of unix:%s is %s: %u connections wait for "
				   "%s to accept them, of a backlog of %u; new clients get "
				   "EAGAIN or wait.", path, s->rq >= s->wq ? "full" : "nearly full",
				s->rq, why_holder(s, who, sizeof(who)), s->wq);
			why_number(f, "accept_queue", s->rq);
			why_number(f, "backlog", s->wq);
			why_next(f, "the server accepts too slowly: look at its workers");
		}
		why_evidence(f, i);
	}
}

/* See why_priv.h. */
void why_rules_unix(struct why_ctx *c)
{
	char path[sizeof(c->in->target->path) * 4];

	sv_escape_text(path, sizeof(path), c->in->target->path, strlen(c->in->target->path));
	for (size_t i = 0; i < c->in->nsocks; i++)
		c->served += c->in->socks[i].state == SV_STATE_LISTEN;
	c->out->listeners = c->served;
	if (!c->served)
		no_listener(c, path);
	else
		accept_queue(c, path);
}
