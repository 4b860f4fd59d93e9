/* filter_holder.c - the filter's holder conditions: `user` (the socket's
 * owner, which needs no process scan), `pid` and `comm` (the processes
 * that hold it: the listing builds the process map for them, -p or not). */
#define _GNU_SOURCE /* getpwnam_r */
#include <errno.h>
#include <fnmatch.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter_priv.h"
#include "sockview/container.h"
#include "sockview/ctnames.h"
#include "sockview/grow.h"

#define PWBUF 4096

/* A decimal number up to max, or -1. */
static int64_t number(const char *w, uint64_t max)
{
	uint64_t v = 0;

	if (!sv_filter_word_digits(w, strlen(w)))
		return -1;
	for (; *w; w++) {
		v = v * 10 + (uint64_t)(*w - '0');
		if (v > max)
			return -1;
	}
	return (int64_t)v;
}

/* A user name's uid from the system's database (files, LDAP...: NSS). */
static int user_uid(const char *name, uint32_t *uid)
{
	struct passwd pw, *res = NULL;
	char *buf = malloc(PWBUF);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = getpwnam_r(name, &pw, buf, PWBUF, &res);
	if (ret == 0 && res)
		*uid = (uint32_t)res->pw_uid;
	free(buf);
	return ret != 0 ? -ret : res ? 0 : -ENOENT;
}

/* See filter_priv.h. */
int sv_filter_holder_build(struct sv_fparser *p, uint8_t kind, uint8_t cmp,
			   const char *w, uint32_t *out)
{
	struct sv_filter *f = p->f;
	struct sv_fnode n = { .kind = kind };
	char b[SV_FSHOW];
	int64_t v;
	size_t len;

	n.u.num.cmp = cmp == SV_CMP_NE ? SV_CMP_EQ : cmp; /* != wraps a not */
	if (kind == SV_FN_UID) {
		v = number(w, UINT32_MAX - 1);
		if (v < 0) {
			uint32_t uid = 0;
			int ret = sv_filter_word_digits(w, strlen(w)) ? -ERANGE : user_uid(w, &uid);

			if (ret == -ENOMEM)
				return sv_filter_tree_nomem(p->err, p->errlen);
			if (ret < 0)
				return sv_filter_tree_err(p, p->pos - 1, "unknown user '%s' "
							  "(a user name or a uid)",
							  sv_filter_tree_show(b, w));
			v = uid;
		}
		n.u.num.v = (uint32_t)v;
		return sv_filter_tree_copy(p, &n, out);
	}
	if (kind == SV_FN_CONTAINER && (!*w || strlen(w) > SV_CT_NAME_MAX))
		return sv_filter_tree_err(p, p->pos - 1, "bad container '%s' (4 to 64 hex "
					  "digits of its id, a pod uid, or a name)",
					  sv_filter_tree_show(b, w));
	if (kind == SV_FN_CONTAINER || kind == SV_FN_UNIT)
		f->needs_containers = true;
	else
		f->needs_procs = true;
	if (kind == SV_FN_PID) {
		v = number(w, INT32_MAX);
		if (v <= 0)
			return sv_filter_tree_err(p, p->pos - 1, "bad process id '%s' "
						  "(1 to 2147483647)", sv_filter_tree_show(b, w));
		n.u.num.v = (uint32_t)v;
		return sv_filter_tree_copy(p, &n, out);
	}
	/* SV_FN_COMM, CONTAINER, UNIT: the word, kept whole in f->strings */
	len = strlen(w);
	if (len > UINT32_MAX / 2 || f->nstrings > UINT32_MAX / 2 ||
	    sv_grow((void **)&f->strings, &f->strings_cap, f->nstrings + len + 1, 1, 64) < 0)
		return sv_filter_tree_nomem(p->err, p->errlen);
	n.u.unx.off = (uint32_t)f->nstrings;
	n.u.unx.len = (uint32_t)len;
	memcpy(f->strings + f->nstrings, w, len + 1);
	f->nstrings += len + 1;
	return sv_filter_tree_copy(p, &n, out);
}

/* container ID|POD|NAME: an id's first digits (4 or more, any case), the
 * pod's uid, or a Docker or Podman container's name (exact). */
static bool match_container(const char *w, const struct sv_sock *s)
{
	const struct sv_container *c = s->ct;
	size_t n = strlen(w);

	if (!c || (c->kind != SV_CT_DOCKER && c->kind != SV_CT_PODMAN &&
		   c->kind != SV_CT_KUBERNETES))
		return false;
	if (c->id[0] && n >= 4 && n <= SV_CT_ID_MAX && strncasecmp(c->id, w, n) == 0)
		return true;
	if (s->ct_name && strcmp(s->ct_name, w) == 0)
		return true;
	return c->pod[0] && strcasecmp(c->pod, w) == 0;
}

/* See filter_priv.h. */
bool sv_filter_holder_leaf(const struct sv_filter *f, const struct sv_fnode *n,
			   const struct sv_sock *s)
{
	if (n->kind == SV_FN_UID)
		return sv_filter_compare(s->uid, n->u.num.cmp, n->u.num.v);
	if (n->kind == SV_FN_CONTAINER)
		return match_container(f->strings + n->u.unx.off, s);
	if (n->kind == SV_FN_UNIT)
		return s->ct && (s->ct->kind == SV_CT_SERVICE || s->ct->kind == SV_CT_SCOPE) &&
		       fnmatch(f->strings + n->u.unx.off, s->ct->unit, 0) == 0;
	for (uint16_t i = 0; s->procs && i < s->nprocs; i++) {
		const struct sv_proc_ref *r = &s->procs[i];

		if (n->kind == SV_FN_PID && sv_filter_compare(r->pid, n->u.num.cmp, n->u.num.v))
			return true;
		if (n->kind == SV_FN_COMM &&
		    fnmatch(f->strings + n->u.unx.off, r->comm ? r->comm : "", 0) == 0)
			return true;
	}
	return false;
}
