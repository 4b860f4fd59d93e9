/* filter_lex.c - the filter's words: split text into words, parentheses and
 * operators, as ss re-lexes its joined argv ("dport=22", "(sport",
 * "sport>=1024"), and read the literal values a word spells (numbers,
 * ports, addresses with prefix and port, host names). */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "filter_priv.h"
#include "sockview/services.h"

static bool lex_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* Characters that end a word and start a token of their own. */
static bool lex_punct(char c, bool comments)
{
	return strchr("()=!<>&|", c) != NULL || (comments && c == '#');
}

/* Length and kind of the punctuation token at p (p[0] is punctuation). */
static size_t lex_op(const char *p, uint8_t *kind)
{
	bool twin = p[1] == p[0];
	bool eq = p[1] == '=';

	switch (p[0]) {
	case '(': *kind = SV_TOK_LPAREN; return 1;
	case ')': *kind = SV_TOK_RPAREN; return 1;
	case '=': *kind = SV_TOK_EQ; return twin ? 2 : 1;
	case '!': *kind = eq ? SV_TOK_NE : SV_TOK_NOT; return eq ? 2 : 1;
	case '>': *kind = eq ? SV_TOK_GE : SV_TOK_GT; return eq ? 2 : 1;
	case '<': *kind = eq ? SV_TOK_LE : SV_TOK_LT; return eq ? 2 : 1;
	case '&': *kind = SV_TOK_AND; return twin ? 2 : 1;
	default: *kind = SV_TOK_OR; return twin ? 2 : 1; /* '|' */
	}
}

/* The kind of a word: the spelled-out operators are operators. */
static uint8_t lex_word_kind(const char *w, size_t len)
{
	static const struct {
		char word[4];
		uint8_t kind;
	} words[] = {
		{ "and", SV_TOK_AND }, { "or", SV_TOK_OR }, { "not", SV_TOK_NOT },
		{ "eq", SV_TOK_EQ }, { "ne", SV_TOK_NE }, { "gt", SV_TOK_GT },
		{ "lt", SV_TOK_LT }, { "ge", SV_TOK_GE }, { "le", SV_TOK_LE },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == len && memcmp(words[i].word, w, len) == 0)
			return words[i].kind;
	return SV_TOK_WORD;
}

/* Append a token whose spelling is p[0..len) to out; the spelling is copied
 * NUL-terminated to *sp, which has room (at most 2 bytes per input byte). */
static void lex_push(struct sv_ftoks *out, char **sp, uint8_t kind,
		     const char *p, size_t len, uint32_t line)
{
	struct sv_ftok *t = &out->v[out->n++];

	memcpy(*sp, p, len);
	(*sp)[len] = '\0';
	t->kind = kind;
	t->text = *sp;
	t->line = line;
	*sp += len + 1;
}

/* See filter_priv.h. Every token takes at least one input byte and its
 * spelling at most that many bytes plus a NUL, so the arrays are sized
 * from strlen(text) once and the scan is a single linear pass. */
int sv_filter_lex(const char *text, bool comments, struct sv_ftoks *out)
{
	size_t n = strlen(text);
	const char *p = text;
	uint32_t line = 1;
	char *sp;

	out->n = 0;
	out->v = calloc(n + 1, sizeof(*out->v));
	out->strings = malloc(2 * n + 1);
	if (out->v == NULL || out->strings == NULL) {
		sv_filter_lex_free(out);
		return -ENOMEM;
	}
	sp = out->strings;
	while (*p != '\0') {
		size_t len = 0;
		uint8_t kind = SV_TOK_WORD;

		if (lex_space(*p)) {
			line += *p++ == '\n';
			continue;
		}
		if (comments && *p == '#') {
			while (*p != '\0' && *p != '\n')
				p++;
			continue;
		}
		if (lex_punct(*p, comments))
			len = lex_op(p, &kind);
		else {
			while (p[len] != '\0' && !lex_space(p[len]) &&
			       !lex_punct(p[len], comments))
				len++;
			kind = lex_word_kind(p, len);
		}
		lex_push(out, &sp, kind, p, len, line);
		p += len;
	}
	return 0;
}

/* See filter_priv.h. */
void sv_filter_lex_free(struct sv_ftoks *t)
{
	free(t->v);
	free(t->strings);
	t->v = NULL;
	t->strings = NULL;
	t->n = 0;
}

/* ---- values of words ---- */

/* Refuse w: "<pre> '<what>'<post>". */
static bool lex_no(struct sv_fwhy *why, const char *pre, const char *what,
		   const char *post)
{
	why->pre = pre;
	why->what = what;
	why->post = post;
	return false;
}

/* Is w[0..len) all decimal digits (and not empty)? */
static bool lex_digits(const char *w, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (w[i] < '0' || w[i] > '9')
			return false;
	return true;
}

/* Read a u32 in hex ("0x1f") or decimal from w[0..len). */
static bool lex_u32(const char *w, size_t len, uint32_t *v)
{
	bool hex = len > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X');
	uint64_t acc = 0;

	if (hex) {
		w += 2;
		len -= 2;
	} else if (!lex_digits(w, len)) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned int c = (unsigned char)w[i] | 0x20u, d;

		if (w[i] >= '0' && w[i] <= '9')
			d = (unsigned int)(w[i] - '0');
		else if (hex && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			return false;
		acc = acc * (hex ? 16 : 10) + d;
		if (acc > UINT32_MAX)
			return false;
	}
	*v = (uint32_t)acc;
	return true;
}

/* Port of a service name for each table: that table's protocol first,
 * then the other one's. False if neither protocol knows the name. */
static bool lex_service(const char *w, uint16_t port[SV_TABLE_MAX])
{
	uint16_t tcp = 0, udp = 0;
	bool has_tcp = sv_services_port(w, SV_TABLE_TCP, &tcp) == 0;
	bool has_udp = sv_services_port(w, SV_TABLE_UDP, &udp) == 0;

	port[SV_TABLE_TCP] = has_tcp ? tcp : udp;
	port[SV_TABLE_UDP] = has_udp ? udp : tcp;
	return has_tcp || has_udp;
}

/* See filter_priv.h. */
bool sv_fword_port(const struct sv_filter_parse_opts *o, const char *w,
		   struct sv_fnode *n, struct sv_fwhy *why)
{
	const char *num = *w == ':' ? w + 1 : w;
	size_t len = strlen(num);
	uint32_t v = 0;

	n->kind = SV_FN_PORT;
	n->u.port.cmp = SV_CMP_EQ;
	if (strcmp(num, "*") == 0) {
		n->kind = SV_FN_TRUE;
		return true;
	}
	if (len == 0)
		return lex_no(why, "invalid port", w, "");
	if (!lex_digits(num, len))
		return lex_service(num, n->u.port.port) ||
		       lex_no(why, "unknown service", w, "");
	for (size_t i = 0; i < len && v <= 65535; i++)
		v = v * 10 + (uint32_t)(num[i] - '0');
	if (v > 65535)
		return lex_no(why, "port", w, " out of range");
	n->u.port.port[SV_TABLE_TCP] = n->u.port.port[SV_TABLE_UDP] = (uint16_t)v;
	return true;
}

/* See filter_priv.h. */
bool sv_fword_dev(const struct sv_filter_parse_opts *o, const char *w,
		  struct sv_fnode *n, struct sv_fwhy *why)
{
	size_t len = strlen(w);

	n->kind = SV_FN_DEV;
	if (lex_digits(w, len))
		return (lex_u32(w, len, &n->u.ifindex) && n->u.ifindex <= INT_MAX) ||
		       lex_no(why, "invalid device index", w, "");
	if (len >= IF_NAMESIZE || (n->u.ifindex = if_nametoindex(w)) == 0)
		return lex_no(why, "unknown device", w, "");
	return true;
}

/* See filter_priv.h. The value is stored masked, so that user space and
 * the kernel ((mark & mask) == value) agree for any input. */
bool sv_fword_mark(const struct sv_filter_parse_opts *o, const char *w,
		   struct sv_fnode *n, struct sv_fwhy *why)
{
	const char *slash = strchr(w, '/');
	size_t vlen = slash ? (size_t)(slash - w) : strlen(w);

	n->kind = SV_FN_MARK;
	n->u.mark.mask = UINT32_MAX;
	if (!lex_u32(w, vlen, &n->u.mark.value) ||
	    (slash && !lex_u32(slash + 1, strlen(slash + 1), &n->u.mark.mask)))
		return lex_no(why, "invalid mark", w, "");
	n->u.mark.value &= n->u.mark.mask;
	return true;
}

/* See filter_priv.h. A cgroup v2 id is the inode number of its directory;
 * the path is relative to the mount, with or without a leading '/', as
 * /proc/PID/cgroup shows it ("0::/system.slice/foo.service"). */
bool sv_fword_cgroup(const struct sv_filter_parse_opts *o, const char *w,
		     struct sv_fnode *n, struct sv_fwhy *why)
{
	const char *root = o->cgroup_root ? o->cgroup_root : "/sys/fs/cgroup";
	char path[PATH_MAX];
	struct stat st;
	int len = snprintf(path, sizeof(path), "%s/%s", root, w);

	n->kind = SV_FN_CGROUP;
	if (len < 0 || (size_t)len >= sizeof(path) || stat(path, &st) < 0 ||
	    !S_ISDIR(st.st_mode))
		return lex_no(why, "unknown cgroup", w, "");
	n->u.cgroup_id = (uint64_t)st.st_ino;
	return true;
}

/* Index of w in names[0..n), or -1. */
static int lex_lookup(const char *const *names, int n, const char *w)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], w) == 0)
			return i;
	return -1;
}

/* See filter_priv.h. */
bool sv_fword_class(const struct sv_filter_parse_opts *o, const char *w,
		    struct sv_fnode *n, struct sv_fwhy *why)
{
	static const char *const names[] = {
		[SV_CLASS_WELL_KNOWN] = "well-known",
		[SV_CLASS_REGISTERED] = "registered",
		[SV_CLASS_DYNAMIC] = "dynamic",
		[SV_FCLASS_EPHEMERAL] = "ephemeral",
	};
	int c = lex_lookup(names, 4, w);

	n->kind = SV_FN_CLASS;
	n->u.cls = (uint8_t)c;
	return c >= 0 || lex_no(why, "unknown port class", w, "");
}

/* See filter_priv.h. */
bool sv_fword_role(const struct sv_filter_parse_opts *o, const char *w,
		   struct sv_fnode *n, struct sv_fwhy *why)
{
	static const char *const names[] = { "listen", "in", "out" };
	int r = lex_lookup(names, 3, w);

	n->kind = SV_FN_ROLE;
	n->u.role = (uint8_t)(SV_ROLE_LISTEN + r);
	return r >= 0 || lex_no(why, "unknown role", w, "");
}

/* See filter_priv.h. Keeps the word and, per table, the primary name of
 * its port, so that an alias ("www") matches the name shown ("http"). */
bool sv_fword_service(const struct sv_filter_parse_opts *o, const char *w,
		      struct sv_fnode *n, struct sv_fwhy *why)
{
	bool known = false;

	n->kind = SV_FN_SERVICE;
	for (int t = 0; t < SV_TABLE_MAX; t++) {
		uint16_t port;

		n->u.svc.canon[t] = NULL;
		if (sv_services_port(w, (enum sv_table)t, &port) == 0) {
			n->u.svc.canon[t] = sv_services_name(port, (enum sv_table)t);
			known = true;
		}
	}
	if (!known || strlen(w) >= sizeof(n->u.svc.name))
		return lex_no(why, "unknown service", w, "");
	strcpy(n->u.svc.name, w);
	return true;
}

/* Read an IPv4 address of 1 to 4 dotted decimal parts into addr; fewer
 * than 4 parts ("10/8", "192.168/16") only when a prefix follows. */
static bool lex_ipv4(const char *w, size_t len, bool partial, uint8_t *addr)
{
	size_t i = 0;
	int parts = 0;

	memset(addr, 0, 4);
	while (i < len && parts < 4) {
		size_t start = i;
		unsigned int v = 0;

		while (i < len && w[i] >= '0' && w[i] <= '9' && i - start < 3)
			v = v * 10 + (unsigned int)(w[i++] - '0');
		if (i == start || v > 255)
			return false;
		addr[parts++] = (uint8_t)v;
		if (i < len && w[i++] != '.')
			return false;
		if (i == len && w[i - 1] == '.')
			return false;
	}
	return i == len && (parts == 4 || (partial && parts > 0));
}

/* Read the prefix length text pfx (NULL: none, the full max). */
static bool lex_prefix(const char *pfx, uint8_t max, uint8_t *plen)
{
	size_t len = pfx ? strlen(pfx) : 0;
	unsigned int v = 0;

	*plen = max;
	if (pfx == NULL)
		return true;
	if (len == 0 || len > 3 || !lex_digits(pfx, len))
		return false;
	for (size_t i = 0; i < len; i++)
		v = v * 10 + (unsigned int)(pfx[i] - '0');
	*plen = (uint8_t)v;
	return v <= max;
}

/* Fill the address of out from the text a and prefix text pfx; w is the
 * whole word for messages. */
static bool lex_addr(const char *w, const char *a, const char *pfx, bool v6,
		     struct sv_fhostword *out, struct sv_fwhy *why)
{
	struct sv_fnode *n = &out->node;
	size_t len = strlen(a);

	if (!v6 && (len == 0 || strcmp(a, "*") == 0)) {
		n->u.host.family = AF_UNSPEC;
		return !pfx || lex_no(why, "invalid address", w, "");
	}
	if (v6 || strspn(a, "0123456789.") == len) {
		bool ok;

		n->u.host.family = v6 ? AF_INET6 : AF_INET;
		ok = v6 ? inet_pton(AF_INET6, a, n->u.host.addr) == 1
			: lex_ipv4(a, len, pfx != NULL, n->u.host.addr);
		if (!ok)
			return lex_no(why, "invalid address", w, "");
		return lex_prefix(pfx, v6 ? 128 : 32, &n->u.host.plen) ||
		       lex_no(why, "invalid prefix length in", w, "");
	}
	if (pfx != NULL || len >= sizeof(out->name))
		return lex_no(why, "invalid address", w, "");
	out->is_name = true;
	memcpy(out->name, a, len + 1);
	return true;
}

/* See filter_priv.h. The address part is copied out of w so that its
 * prefix and port can be cut off; a port follows ']' or the only ':'
 * (a bare IPv6 address, with two or more ':', takes none). */
bool sv_fword_host(const char *w, struct sv_fhostword *out, struct sv_fwhy *why)
{
	char a[sizeof(out->name)];
	const char *start = w, *end, *rest, *colon = strchr(w, ':');
	bool v6 = w[0] == '[' || (colon && strchr(colon + 1, ':'));
	char *slash;

	memset(out, 0, sizeof(*out));
	out->node.kind = SV_FN_HOST;
	out->node.u.host.any_port = true;
	if (w[0] == '[') {
		end = strchr(++start, ']');
		if (end == NULL)
			return lex_no(why, "invalid address", w, "");
		rest = end + 1;
		colon = strchr(rest, ':');
		if (*rest != '\0' && *rest != '/' && *rest != ':')
			return lex_no(why, "invalid address", w, "");
	} else {
		colon = v6 ? NULL : colon;
		end = colon ? colon : w + strlen(w);
		rest = end;
	}
	if ((size_t)(end - start) >= sizeof(a))
		return lex_no(why, "invalid address", w, "");
	memcpy(a, start, (size_t)(end - start));
	a[end - start] = '\0';
	if (*rest == '/') { /* "[addr]/N[:port]": put "/N" back after addr */
		size_t n = colon ? (size_t)(colon - rest) : strlen(rest);

		if (strlen(a) + n >= sizeof(a))
			return lex_no(why, "invalid prefix length in", w, "");
		strncat(a, rest, n);
	}
	slash = strchr(a, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if (colon != NULL) {
		struct sv_fnode port = { 0 };
		struct sv_fwhy pw;

		if (!sv_fword_port(NULL, colon + 1, &port, &pw))
			return lex_no(why, pw.pre, colon[1] ? pw.what : w, pw.post);
		out->node.u.host.any_port = port.kind == SV_FN_TRUE;
		memcpy(out->node.u.host.port, port.u.port.port, sizeof(port.u.port.port));
	}
	return lex_addr(w, a, slash, v6, out, why);
}

/* Is a already among addrs[0..n)? */
static bool lex_seen(const struct sv_filter_addr *addrs, size_t n,
		     const struct sv_filter_addr *a)
{
	for (size_t i = 0; i < n; i++)
		if (addrs[i].family == a->family &&
		    memcmp(addrs[i].addr, a->addr, 16) == 0)
			return true;
	return false;
}

/* See filter_priv.h. Counts on past max, so that the caller can tell that
 * the list would be cut. */
int sv_fword_resolve(void *ctx, const char *name, struct sv_filter_addr *addrs,
		     size_t max, const char **why)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	size_t n = 0;
	int ret;

	(void)ctx;
	ret = getaddrinfo(name, NULL, &hints, &res);
	if (ret != 0) {
		*why = gai_strerror(ret);
		return -1;
	}
	for (const struct addrinfo *ai = res; ai != NULL && n <= max; ai = ai->ai_next) {
		struct sv_filter_addr a = { .family = (uint8_t)ai->ai_family };

		if (ai->ai_family == AF_INET)
			memcpy(a.addr, &((const struct sockaddr_in *)ai->ai_addr)->sin_addr, 4);
		else if (ai->ai_family == AF_INET6)
			memcpy(a.addr, &((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, 16);
		else
			continue;
		if (lex_seen(addrs, n < max ? n : max, &a))
			continue;
		if (n < max)
			addrs[n] = a;
		n++;
	}
	freeaddrinfo(res);
	return n > INT_MAX ? INT_MAX : (int)n;
}
