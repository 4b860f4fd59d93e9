/* why_forward.c - `sockview why`'s forwarders (why.h): a listener held by
 * docker-proxy, ssh -L or socat, read from the holder's command line; and
 * the finding that says where the port goes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sockview/escape.h"
#include "sockview/sock.h"

#include "why_priv.h"

/* The words of a command line (NUL-separated, the last maybe unended). */
struct words {
	const char *w[64];
	size_t n;
	char buf[4096];
};

static void split(const char *cmdline, size_t len, struct words *ws)
{
	size_t i = 0;

	len = len < sizeof(ws->buf) - 1 ? len : sizeof(ws->buf) - 1;
	memcpy(ws->buf, cmdline, len);
	ws->buf[len] = '\0';
	ws->n = 0;
	while (i < len && ws->n < sizeof(ws->w) / sizeof(ws->w[0])) {
		ws->w[ws->n++] = ws->buf + i;
		i += strlen(ws->buf + i) + 1;
	}
}

static const char *base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool port_of(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (end == s || (*end && *end != ',' && *end != ':') || v == 0 || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

static void set_host(struct sv_why_forward *f, const char *h, size_t len)
{
	len = len < sizeof(f->host) - 1 ? len : sizeof(f->host) - 1;
	memcpy(f->host, h, len);
	f->host[len] = '\0';
}

static enum sv_why_fwd_kind docker(const struct words *ws, struct sv_why_forward *f)
{
	bool ip = false, port = false;

	for (size_t i = 1; i + 1 < ws->n; i++) {
		if (strcmp(ws->w[i], "-container-ip") == 0) {
			set_host(f, ws->w[i + 1], strlen(ws->w[i + 1]));
			ip = true;
		} else if (strcmp(ws->w[i], "-container-port") == 0) {
			port = port_of(ws->w[i + 1], &f->port);
		}
	}
	return ip && port ? SV_WHY_FWD_DOCKER : SV_WHY_FWD_NONE;
}

/* -L [BIND:]PORT:HOST:HOSTPORT (or -LSPEC), the one for listen_port;
 * HOST may be [IPv6]. */
static bool ssh_spec(const char *spec, uint16_t listen_port, struct sv_why_forward *f)
{
	const char *last = strrchr(spec, ':'), *host, *p;
	uint16_t lp;

	if (!last || !port_of(last + 1, &f->port))
		return false;
	host = last - 1; /* HOST ends at last: find its start */
	if (host >= spec && *host == ']') {
		while (host > spec && *host != '[')
			host--;
	} else {
		while (host > spec && host[-1] != ':')
			host--;
	}
	if (host <= spec || host[-1] != ':')
		return false;
	p = host - 1; /* the ':' before HOST: PORT is before it */
	while (p > spec && p[-1] != ':')
		p--;
	if (!port_of(p, &lp) || lp != listen_port)
		return false;
	set_host(f, host, (size_t)(last - host));
	return true;
}

static enum sv_why_fwd_kind ssh(const struct words *ws, uint16_t port, struct sv_why_forward *f)
{
	for (size_t i = 1; i < ws->n; i++) {
		const char *spec = strncmp(ws->w[i], "-L", 2) == 0 ?
				   (ws->w[i][2] ? ws->w[i] + 2 : i + 1 < ws->n ? ws->w[i + 1] : "") :
				   NULL;

		if (spec && ssh_spec(spec, port, f))
			return SV_WHY_FWD_SSH;
	}
	return SV_WHY_FWD_NONE;
}

/* TCP-LISTEN:PORT[,opts] (TCP4-, TCP6-) and TCP:HOST:PORT (TCP4:, TCP6:). */
static enum sv_why_fwd_kind socat(const struct words *ws, uint16_t port, struct sv_why_forward *f)
{
	bool listens = false, dest = false;

	for (size_t i = 1; i < ws->n; i++) {
		const char *w = ws->w[i], *c = strchr(w, ':'), *last;
		uint16_t lp;

		if (!c)
			continue;
		if (strncasecmp(w, "TCP", 3) == 0 && strstr(w, "-LISTEN:") == c - 7 &&
		    port_of(c + 1, &lp) && lp == port) {
			listens = true;
		} else if ((c - w == 3 || c - w == 4) && strncasecmp(w, "TCP", 3) == 0 &&
			   (last = strrchr(c + 1, ':')) && port_of(last + 1, &f->port)) {
			set_host(f, c + 1, (size_t)(last - c - 1));
			dest = true;
		}
	}
	return listens && dest ? SV_WHY_FWD_SOCAT : SV_WHY_FWD_NONE;
}

/* See why.h. */
enum sv_why_fwd_kind sv_why_parse_forward(const char *cmdline, size_t len, uint16_t listen_port,
					  struct sv_why_forward *out)
{
	struct words *ws = malloc(sizeof(*ws));
	enum sv_why_fwd_kind k = SV_WHY_FWD_NONE;
	const char *prog;

	memset(out, 0, sizeof(*out));
	out->dest_listeners = -1;
	if (!ws)
		return k;
	split(cmdline, len, ws);
	prog = ws->n ? base(ws->w[0]) : "";
	if (strcmp(prog, "docker-proxy") == 0)
		k = docker(ws, out);
	else if (strcmp(prog, "ssh") == 0)
		k = ssh(ws, listen_port, out);
	else if (strcmp(prog, "socat") == 0)
		k = socat(ws, listen_port, out);
	free(ws);
	out->kind = k;
	if (k == SV_WHY_FWD_NONE)
		memset(out, 0, sizeof(*out));
	return k;
}

/* fw's rule as "FAMILY TABLE CHAIN", each word escaped. */
static void rule_words(char *buf, size_t len, const struct sv_why_forward *fw)
{
	char fam[sizeof(fw->nft_family) * 4], tab[sizeof(fw->nft_table) * 4],
		chain[sizeof(fw->nft_chain) * 4];

	sv_escape_text(fam, sizeof(fam), fw->nft_family, strlen(fw->nft_family));
	sv_escape_text(tab, sizeof(tab), fw->nft_table, strlen(fw->nft_table));
	sv_escape_text(chain, sizeof(chain), fw->nft_chain, strlen(fw->nft_chain));
	snprintf(buf, len, "%s %s %s", fam, tab, chain);
}

/* The sentence for the NAT rules: which rule, where it sends the port. */
static void say_nat(struct sv_why_finding *f, const struct sv_why_forward *fw, uint16_t port,
		    const char *rule)
{
	char host[sizeof(fw->host) * 4];

	sv_escape_text(host, sizeof(host), fw->host, strlen(fw->host));
	if (!fw->port) /* an iptables-nft rule whose target libnftables hides */
		why_say(f, "TCP port %u is %s by the kernel, not served here: a %s rule "
			   "(nftables %s, made by iptables-nft) sends it %s; libnftables does "
			   "not show where", port,
			fw->kind == SV_WHY_FWD_DNAT ? "forwarded" : "redirected",
			fw->kind == SV_WHY_FWD_DNAT ? "DNAT" : "REDIRECT", rule,
			fw->kind == SV_WHY_FWD_DNAT ? "elsewhere" : "to another port here");
	else if (fw->kind == SV_WHY_FWD_DNAT)
		why_say(f, "TCP port %u is forwarded by the kernel, not served here: a DNAT rule "
			   "(nftables %s) sends it to %s port %u", port, rule, host, fw->port);
	else
		why_say(f, "TCP port %u is redirected by the kernel: a REDIRECT rule (nftables "
			   "%s) sends it to port %u of this host", port, rule, fw->port);
	if (fw->nrules > 1)
		why_say(f, " (%d rules match it; the first is named)", fw->nrules);
	why_say(f, ".");
}

/* See why_priv.h. */
void why_forwarded(struct why_ctx *c)
{
	static const char *const what[] = {
		[SV_WHY_FWD_DOCKER] = "docker-proxy passes it to a container",
		[SV_WHY_FWD_SSH] = "ssh -L passes it over SSH",
		[SV_WHY_FWD_SOCAT] = "socat passes it on",
	};
	const struct sv_why_forward *fw = c->in->forward;
	bool nat = fw && (fw->kind == SV_WHY_FWD_DNAT || fw->kind == SV_WHY_FWD_REDIRECT);
	bool dead = fw && fw->dest_listeners == 0 && fw->kind != SV_WHY_FWD_SSH;
	struct sv_why_finding *f;
	char host[sizeof(fw->host) * 4], ns[300], rule[800];

	if (!fw || fw->kind == SV_WHY_FWD_NONE ||
	    !(f = why_add(c, SV_WHY_FORWARDED, dead ? SV_WHY_CRITICAL : SV_WHY_INFO)))
		return;
	sv_escape_text(host, sizeof(host), fw->host, strlen(fw->host));
	rule_words(rule, sizeof(rule), fw);
	if (nat)
		say_nat(f, fw, c->port, rule);
	else
		why_say(f, "TCP port %u is forwarded, not served here: %s, at %s port %u%s.",
			c->port, what[fw->kind], host, fw->port,
			fw->kind == SV_WHY_FWD_SSH ? " (as the SSH server sees it)" : "");
	if (dead)
		why_say(f, nat ? " Nothing listens on port %u there: connections to it are "
				 "refused." : " Nothing listens on port %u there: connections "
				 "are accepted, then closed.", fw->port);
	else if (fw->dest_listeners > 0) {
		sv_escape_text(ns, sizeof(ns), fw->dest_netns, strlen(fw->dest_netns));
		why_say(f, " A listener on port %u answers there%s%s%s.", fw->port,
			ns[0] ? " (network namespace " : "", ns, ns[0] ? ")" : "");
	}
	why_number(f, "destination_listeners", (uint64_t)(fw->dest_listeners > 0 ?
							     fw->dest_listeners : 0));
	if (nat && !fw->port) {
		sv_escape_text(ns, sizeof(ns), fw->nft_chain, strlen(fw->nft_chain));
		why_next(f, "%s -t nat -S %s (where the rule sends it)",
			 strcmp(fw->nft_family, "ip6") ? "iptables" : "ip6tables", ns);
	} else if (nat)
		why_next(f, "nft list chain %s; sockview --all-netns -tlnp sport = :%u", rule,
			 fw->port);
	else
		why_next(f, fw->kind == SV_WHY_FWD_DOCKER ? "docker ps (is the container up? "
			 "does it listen on %u inside?)" : fw->kind == SV_WHY_FWD_SSH ?
			 "on the SSH server: sockview why %u" : "sockview why %u (the destination)",
			 fw->port);
	for (size_t i = 0; i < c->in->nsocks; i++) {
		const struct sv_why_sock *s = &c->in->socks[i];

		if (why_tcp(s) && s->state == SV_STATE_LISTEN && s->lport == c->port)
			why_evidence(f, i);
	}
}
