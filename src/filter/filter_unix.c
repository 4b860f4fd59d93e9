/* filter_unix.c - the filter on unix sockets, as ss decides it: name
 * patterns (src/dst unix:PATTERN, fnmatch(3) with case folding), and what
 * the other conditions mean for a socket whose Port columns are inodes. */
#define _GNU_SOURCE /* FNM_CASEFOLD */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter_priv.h"
#include "sockview/grow.h"
#include "sockview/tables.h"
#include "sockview/unixname.h"

/* See filter_priv.h. */
bool sv_filter_unix_word(const struct sv_filter_parse_opts *o, const char *w)
{
	return strncasecmp(w, "unix:", 5) == 0 || w[0] == '/' || w[0] == '@' ||
	       (o && o->unix_words);
}

/* See filter_priv.h. The pattern is kept whole in f->strings. */
int sv_filter_unix_build(struct sv_fparser *p, uint8_t side, const char *w, uint32_t *out)
{
	struct sv_filter *f = p->f;
	const char *pat = strncasecmp(w, "unix:", 5) == 0 ? w + 5 : w;
	size_t len = strlen(pat);
	struct sv_fnode n = { .kind = SV_FN_UNIX, .side = side };

	if (len > UINT32_MAX / 2 || f->nstrings > UINT32_MAX / 2 ||
	    sv_grow((void **)&f->strings, &f->strings_cap, f->nstrings + len + 1, 1, 64) < 0)
		return sv_filter_tree_nomem(p->err, p->errlen);
	n.u.unx.off = (uint32_t)f->nstrings;
	n.u.unx.len = (uint32_t)len;
	memcpy(f->strings + f->nstrings, pat, len + 1);
	f->nstrings += len + 1;
	return sv_filter_tree_copy(p, &n, out);
}

/* ss's unix_match: the name as ss prints it ("" when there is none; the
 * kernel never names the peer) against the pattern. */
static bool match_name(const struct sv_filter *f, const struct sv_fnode *n,
		       const struct sv_sock *s)
{
	char name[SV_UNIXNAME_TEXT] = "";

	if (n->side == SV_SIDE_SRC)
		sv_unixname_text(name, sizeof(name), s);
	return fnmatch(f->strings + n->u.unx.off, name, FNM_CASEFOLD) == 0;
}

/* A port condition: the inode for sport, the peer's for dport. */
static bool match_port(const struct sv_fnode *n, const struct sv_sock *s)
{
	uint32_t have = n->side == SV_SIDE_SRC ? s->inode : s->un.peer_ino;
	uint32_t want = n->u.port.port[sv_tables_proto((enum sv_table)s->table)];

	if (n->u.port.auto_range)
		return true;
	switch (n->u.port.cmp) {
	case SV_CMP_LT: return have < want;
	case SV_CMP_LE: return have <= want;
	case SV_CMP_GT: return have > want;
	case SV_CMP_GE: return have >= want;
	default: return have == want;
	}
}

/* A host: "*" or ":PORT" (any address) compares the port; an inet or
 * inet6 address never matches. */
static bool match_host(const struct sv_fnode *n, const struct sv_sock *s)
{
	uint32_t have = n->side == SV_SIDE_SRC ? s->inode : s->un.peer_ino;

	if (n->u.host.family != 0)
		return false;
	return n->u.host.any_port ||
	       have == n->u.host.port[sv_tables_proto((enum sv_table)s->table)];
}

/* See filter_priv.h. */
bool sv_filter_unix_leaf(const struct sv_filter *f, const struct sv_fnode *n,
			 const struct sv_sock *s)
{
	enum sv_unixname_class c;

	switch (n->kind) {
	case SV_FN_UNIX: return match_name(f, n, s);
	case SV_FN_PORT: return match_port(n, s);
	case SV_FN_HOST: return match_host(n, s);
	case SV_FN_DEV: return n->u.ifindex == 0;
	case SV_FN_MARK: return (0 & n->u.mark.mask) == n->u.mark.value;
	case SV_FN_CGROUP: return n->u.cgroup_id == 0;
	case SV_FN_AUTO:
		c = sv_unixname_class(s);
		return c == SV_UNIXNAME_UNNAMED || c == SV_UNIXNAME_AUTOBOUND;
	default: /* SV_FN_SERVICE: no service */
		return false;
	}
}
