/* why_nat.c - the rules of an nftables ruleset (libnftables' JSON) that
 * send a TCP port elsewhere: DNAT (Docker without its userland proxy
 * publishes ports that way) and REDIRECT. Pure: the text is read by
 * nftread.c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <jansson.h>

#include "sockview/why.h"

/* v's text, or dflt when v is no string. */
static const char *text_of(json_t *v, const char *dflt)
{
	return json_is_string(v) ? json_string_value(v) : dflt;
}

/* Does v (a number, a range, a set of them) hold port? */
static bool holds(json_t *v, uint16_t port)
{
	json_t *r = json_is_object(v) ? json_object_get(v, "range") : NULL;
	json_t *set = json_is_object(v) ? json_object_get(v, "set") : NULL;
	json_t *e;
	size_t i;

	if (json_is_integer(v))
		return json_integer_value(v) == port;
	if (json_is_array(r) && json_array_size(r) == 2 &&
	    json_is_integer(json_array_get(r, 0)) && json_is_integer(json_array_get(r, 1)))
		return json_integer_value(json_array_get(r, 0)) <= port &&
		       port <= json_integer_value(json_array_get(r, 1));
	if (json_is_array(set)) {
		json_array_foreach(set, i, e)
			if (holds(e, port))
				return true;
	}
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
 * does not, -1 it is not about the port. *tcp_only: it is "meta l4proto
 * tcp"; *other: a port of another protocol (udp dport...). */
static int match_port(json_t *m, json_t *all, json_t *rule, uint16_t port, bool *tcp,
		      bool *other)
{
	json_t *left = json_object_get(m, "left"), *right = json_object_get(m, "right");
	json_t *pl = json_object_get(left, "payload"), *meta = json_object_get(left, "meta");
	const char *op = text_of(json_object_get(m, "op"), "==");
	const char *proto = json_string_value(json_object_get(pl, "protocol"));
	const char *field = json_string_value(json_object_get(pl, "field"));
	const char *key = json_string_value(json_object_get(meta, "key"));
	bool in;

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
	if (json_is_array(right)) /* a named set's elements */
		right = json_pack("{sO}", "set", right);
	else
		json_incref(right);
	in = right && holds(right, port);
	json_decref(right);
	return strcmp(op, "!=") ? in : !in;
}

/* The rule's DNAT or REDIRECT to out, when it sends port elsewhere. */
static bool rule_sends(json_t *rule, json_t *all, uint16_t port, struct sv_why_forward *out)
{
	json_t *exprs = json_object_get(rule, "expr"), *e, *st = NULL;
	bool tcp = false, other = false, taken = false, redirect = false;
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
		}
	}
	if (!taken || !tcp || other || !st)
		return false;
	memset(out, 0, sizeof(*out));
	out->kind = redirect ? SV_WHY_FWD_REDIRECT : SV_WHY_FWD_DNAT;
	if (!redirect) {
		json_t *addr = json_object_get(st, "addr");

		if (!json_is_string(addr))
			return false; /* a map, a concatenation: not followed */
		snprintf(out->host, sizeof(out->host), "%s", json_string_value(addr));
	}
	out->port = json_is_integer(json_object_get(st, "port")) &&
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
