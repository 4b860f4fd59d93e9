/* podnames.c - Kubernetes pods' names from the kubelet's log directories
 * (podnames.h). */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/grow.h"
#include "sockview/podnames.h"

struct sv_podnames {
	char *dir;
	bool read;
	struct sv_podname *v;
	size_t n, cap;
};

/* A DNS label's characters (and '.' in a pod name). */
static bool dns_chars(const char *p, size_t n, bool dots)
{
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		      (dots && c == '.')))
			return false;
	}
	return n > 0;
}

/* See podnames.h. */
int sv_podnames_parse(const char *entry, size_t len, struct sv_podname *out)
{
	const char *first = memchr(entry, '_', len), *last = NULL;
	size_t nslen, namelen;

	for (size_t i = len; i-- > 0;)
		if (entry[i] == '_') {
			last = entry + i;
			break;
		}
	if (!first || last == first || len - (size_t)(last + 1 - entry) != SV_CT_POD_MAX)
		return -EINVAL;
	nslen = (size_t)(first - entry);
	namelen = (size_t)(last - first - 1);
	if (nslen > SV_POD_NS_MAX || namelen > SV_POD_NAME_MAX ||
	    !dns_chars(entry, nslen, false) || !dns_chars(first + 1, namelen, true))
		return -EINVAL;
	for (size_t i = 0; i < SV_CT_POD_MAX; i++) {
		char c = last[1 + i];
		bool sep = i == 8 || i == 13 || i == 18 || i == 23;

		if (sep ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -EINVAL;
	}
	memcpy(out->ns, entry, nslen);
	out->ns[nslen] = '\0';
	memcpy(out->name, first + 1, namelen);
	out->name[namelen] = '\0';
	memcpy(out->uid, last + 1, SV_CT_POD_MAX);
	out->uid[SV_CT_POD_MAX] = '\0';
	return 0;
}

/* See podnames.h. */
int sv_podnames_new(const char *dir, struct sv_podnames **out)
{
	struct sv_podnames *p = calloc(1, sizeof(*p));

	if (!p || !(p->dir = strdup(dir ? dir : SV_PODNAMES_DIR))) {
		free(p);
		return -ENOMEM;
	}
	*out = p;
	return 0;
}

/* Every entry of the directory that names a pod (none when it cannot be
 * read: no kubelet here). Out of memory: the ones read so far. */
static void read_dir(struct sv_podnames *p)
{
	DIR *d = opendir(p->dir);
	struct dirent *de;

	p->read = true;
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		struct sv_podname pn;

		if (sv_podnames_parse(de->d_name, strlen(de->d_name), &pn) != 0)
			continue;
		if (sv_grow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v), 16) < 0)
			break;
		p->v[p->n++] = pn;
	}
	closedir(d);
}

/* See podnames.h. */
const struct sv_podname *sv_podnames_find(struct sv_podnames *p, const char *uid)
{
	if (!p || !uid || !*uid)
		return NULL;
	if (!p->read)
		read_dir(p);
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].uid, uid) == 0)
			return &p->v[i];
	return NULL;
}

/* See podnames.h. */
void sv_podnames_free(struct sv_podnames *p)
{
	if (!p)
		return;
	free(p->v);
	free(p->dir);
	free(p);
}
