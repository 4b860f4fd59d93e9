/* why_nat.c - the rules of an nftables ruleset (libnftables' JSON) that
 * send a TCP port elsewhere: DNAT (Docker without its userland proxy
 * publishes ports that way) and REDIRECT. Pure: the text is read by
 * nftread.c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "sockview/why.h"

/* v's text, or dflt when v is no string. */
static const char *text_of(json_t *v, const char *dflt)
{
	return json_is_string(v) ? json_string_value(v) : dflt;
}

/* Does v (a number, a range, a set of them, or a named set's elements)
 * hold port? */
static bool holds(json_t *v, uint16_t port)
{
	json_t *r = json_object_get(v, "range"), *set = json_object_get(v, "set"), *e;
	size_t i;

	if (json_is_integer(v))
		return json_integer_value(v) == port;
	if (json_is_array(r) && json_array_size(r) == 2 &&
	    json_is_integer(json_array_get(r, 0)) && json_is_integer(json_array_get(r, 1)))
		return json_integer_value(json_array_get(r, 0)) <= port &&
		       port <= json_integer_value(json_array_get(r, 1));
	json_array_foreach(json_is_array(set) ? set : v, i, e)
		if (holds(e, port))
			return true;
	return false;
}

/* A named set's elements ("@name" in the rule's family and table). */
static json_t *named_set(json_t *all, const char *family, const char *table, const char *name)
{
	json_t *o, *s;
	size_t i;

	json_array_foreach(all, i, o) {
		s = json_object_get(o, "set");
		if (json_is_object(s) &&
		    !strcmp(text_of(json_object_get(s, "family"), ""), family) &&
		    !strcmp(text_of(json_object_get(s, "table"), ""), table) &&
		    !strcmp(text_of(json_object_get(s, "name"), ""), name))
			return json_object_get(s, "elem");
	}
	return NULL;
}

/* What one match says of the TCP destination port: 1 it takes port, 0 it
 * does not, -1 it is not about the port. *tcp: it names TCP (meta l4proto
 * tcp, or tcp dport); *other: a port of another protocol (udp dport...). */
static int match_port(json_t *m, json_t *all, json_t *rule, uint16_t port, bool *tcp,
		      bool *other)
{
	json_t *left = json_object_get(m, "left"), *right = json_object_get(m, "right");
	json_t *pl = json_object_get(left, "payload"), *meta = json_object_get(left, "meta");
	const char *op = text_of(json_object_get(m, "op"), "==");
	const char *proto = json_string_value(json_object_get(pl, "protocol"));
	const char *field = json_string_value(json_object_get(pl, "field"));
	const char *key = json_string_value(json_object_get(meta, "key"));

	if (key && !strcmp(key, "l4proto") && strcmp(op, "!=")) {
		if ((json_is_string(right) && !strcmp(json_string_value(right), "tcp")) ||
		    (json_is_integer(right) && json_integer_value(right) == 6))
			*tcp = true;
		return -1;
	}
	if (!proto || !field || strcmp(field, "dport"))
		return -1;
	if (strcmp(proto, "tcp") && strcmp(proto, "th")) {
		*other = true;
		return -1;
	}
	if (!strcmp(proto, "tcp"))
		*tcp = true;
	if (json_is_string(right) && json_string_value(right)[0] == '@')
		right = named_set(all, text_of(json_object_get(rule, "family"), ""),
				  text_of(json_object_get(rule, "table"), ""),
				  json_string_value(right) + 1);
	return strcmp(op, "!=") ? holds(right, port) : !holds(right, port);
}

/* Is e iptables' own DNAT or REDIRECT target (an iptables-nft rule)? */
static bool xt_target(json_t *e, bool *redirect)
{
	json_t *xt = json_object_get(e, "xt");
	const char *name = text_of(json_object_get(xt, "name"), "");

	if (!json_is_object(xt) || strcmp(text_of(json_object_get(xt, "type"), ""), "target"))
		return false;
	if (!strcmp(name, "REDIRECT"))
		*redirect = true;
	return !strcmp(name, "DNAT") || !strcmp(name, "REDIRECT");
}

/* The rule's DNAT or REDIRECT to out, when it sends port elsewhere. */
static bool rule_sends(json_t *rule, json_t *all, uint16_t port, struct sv_why_forward *out)
{
	json_t *exprs = json_object_get(rule, "expr"), *e, *st = NULL;
	bool tcp = false, other = false, taken = false, redirect = false, xt = false;
	size_t i;

	json_array_foreach(exprs, i, e) {
		json_t *m = json_object_get(e, "match");
		int r;

		if (json_is_object(m)) {
			r = match_port(m, all, rule, port, &tcp, &other);
			if (r == 0)
				return false;
			taken |= r == 1;
		} else if (json_is_object(json_object_get(e, "dnat"))) {
			st = json_object_get(e, "dnat");
		} else if (json_object_get(e, "redirect")) {
			st = json_object_get(e, "redirect");
			redirect = true;
		} else if (xt_target(e, &redirect)) {
			st = json_object_get(e, "xt");
			xt = true;
		}
	}
	if (!taken || !tcp || other || !st)
		return false;
	memset(out, 0, sizeof(*out));
	out->kind = redirect ? SV_WHY_FWD_REDIRECT : SV_WHY_FWD_DNAT;
	out->xt = xt;
	if (json_is_integer(json_object_get(rule, "handle")) &&
	    json_integer_value(json_object_get(rule, "handle")) > 0)
		out->nft_handle = (uint64_t)json_integer_value(json_object_get(rule, "handle"));
	if (xt) {
		/* its destination: the text listing's (sv_why_parse_nat_text) */
	} else if (!redirect) {
		json_t *addr = json_object_get(st, "addr");

		if (!json_is_string(addr))
			return false; /* a map, a concatenation: not followed */
		snprintf(out->host, sizeof(out->host), "%s", json_string_value(addr));
	}
	out->port = xt ? 0 : json_is_integer(json_object_get(st, "port")) &&
			    json_integer_value(json_object_get(st, "port")) > 0 &&
			    json_integer_value(json_object_get(st, "port")) <= 65535 ?
		    (uint16_t)json_integer_value(json_object_get(st, "port")) : port;
	snprintf(out->nft_family, sizeof(out->nft_family), "%s",
		 text_of(json_object_get(rule, "family"), "?"));
	snprintf(out->nft_table, sizeof(out->nft_table), "%s",
		 text_of(json_object_get(rule, "table"), "?"));
	snprintf(out->nft_chain, sizeof(out->nft_chain), "%s",
		 text_of(json_object_get(rule, "chain"), "?"));
	return true;
}

/* See why.h. */
int sv_why_parse_nat(const char *json, size_t len, uint16_t port, struct sv_why_forward *out,
		     char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *all = json_object_get(doc, "nftables"), *o;
	struct sv_why_forward one;
	size_t i;
	int n = 0;

	memset(out, 0, sizeof(*out));
	if (!json_is_array(all)) {
		snprintf(err, errlen, "not an nftables JSON listing%s%s", doc ? "" : ": ",
			 doc ? "" : jerr.text);
		json_decref(doc);
		return -EBADMSG;
	}
	json_array_foreach(all, i, o) {
		json_t *rule = json_object_get(o, "rule");

		if (json_is_object(rule) && rule_sends(rule, all, port, &one) && n++ == 0)
			*out = one;
	}
	out->nrules = n;
	json_decref(doc);
	return n;
}

/* The word after "WHAT " in line (up to a space or the end), or NULL. */
static const char *after(const char *line, size_t len, const char *what, size_t *wlen)
{
	size_t n = strlen(what);

	for (size_t i = 0; i + n <= len; i++) {
		if (memcmp(line + i, what, n) != 0 || (i && line[i - 1] != ' '))
			continue;
		*wlen = strcspn(line + i + n, " \n");
		if (i + n + *wlen > len)
			*wlen = len - i - n;
		return line + i + n;
	}
	return NULL;
}

/* "172.17.0.2:80", "172.17.0.3", "[fd00::2]:80", "fd00::2", ":7001"
 * into fw's host and port (the port kept when the word has none). */
static int dest_word(const char *w, size_t n, struct sv_why_forward *fw)
{
	const char *colon = memchr(w, ':', n), *host = w, *port = NULL;
	size_t hlen = n;
	unsigned long p = 0;

	if (n && w[0] == '[') { /* [v6]:port */
		const char *end = memchr(w, ']', n);

		if (!end)
			return -ENOENT;
		host = w + 1;
		hlen = (size_t)(end - host);
		port = end + 1 < w + n && end[1] == ':' ? end + 2 : NULL;
	} else if (colon && !memchr(colon + 1, ':', n - (size_t)(colon + 1 - w))) {
		hlen = (size_t)(colon - w); /* one colon: v4:port, or :port */
		port = colon + 1;
	}
	if (port) {
		size_t plen = n - (size_t)(port - w);

		if (!plen || plen > 5 || strspn(port, "0123456789") < plen)
			return -ENOENT;
		for (size_t i = 0; i < plen; i++)
			p = p * 10 + (unsigned long)(port[i] - '0');
		if (!p || p > 65535)
			return -ENOENT;
	}
	if (hlen >= sizeof(fw->host))
		return -ENOENT;
	memcpy(fw->host, host, hlen); /* all read: fw changes only now */
	fw->host[hlen] = '\0';
	if (p)
		fw->port = (uint16_t)p;
	return 0;
}

/* Is line "table FAMILY NAME {" (or "chain NAME {") for these words? */
static bool header(const char *line, size_t len, const char *kind, const char *a, const char *b)
{
	char want[200];
	int n = b ? snprintf(want, sizeof(want), "%s %s %s {", kind, a, b) :
		    snprintf(want, sizeof(want), "%s %s {", kind, a);

	return n > 0 && (size_t)n < sizeof(want) && len >= (size_t)n &&
	       memcmp(line, want, (size_t)n) == 0;
}

/* See why.h. */
int sv_why_parse_nat_text(const char *text, size_t len, struct sv_why_forward *fw)
{
	char tail[40];
	bool in_table = false, in_chain = false;
	size_t off = 0, tlen = (size_t)snprintf(tail, sizeof(tail), "# handle %llu",
					     (unsigned long long)fw->nft_handle);

	while (off < len) {
		const char *line = text + off, *nl = memchr(line, '\n', len - off), *w;
		size_t n = nl ? (size_t)(nl - line) : len - off, wlen;

		off += n + 1;
		while (n && (*line == '\t' || *line == ' '))
			line++, n--;
		if (n >= 6 && !memcmp(line, "table ", 6)) {
			in_table = header(line, n, "table", fw->nft_family, fw->nft_table);
			in_chain = false;
		} else if (n >= 6 && !memcmp(line, "chain ", 6)) {
			in_chain = in_table && header(line, n, "chain", fw->nft_chain, NULL);
		} else if (in_chain && n > tlen && !memcmp(line + n - tlen, tail, tlen) &&
			   line[n - tlen - 1] == ' ') {
			w = fw->kind == SV_WHY_FWD_REDIRECT ? after(line, n, "redirect to ", &wlen) :
				after(line, n, "dnat to ", &wlen);
			if (!w && fw->kind == SV_WHY_FWD_DNAT)
				w = after(line, n, "dnat ip to ", &wlen);
			if (!w && fw->kind == SV_WHY_FWD_DNAT)
				w = after(line, n, "dnat ip6 to ", &wlen);
			if (!w || !wlen || (fw->kind == SV_WHY_FWD_REDIRECT && w[0] != ':'))
				return -ENOENT; /* a redirect names a port only */
			return dest_word(w, wlen, fw);
		}
	}
	return -ENOENT;
}
