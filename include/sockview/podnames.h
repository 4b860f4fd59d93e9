/* podnames.h - Kubernetes pods' namespaces and names by uid, from the
 * kubelet's log directories (/var/log/pods/NAMESPACE_NAME_UID), read once
 * on the first lookup: no API server, nothing run. */
#ifndef SOCKVIEW_PODNAMES_H
#define SOCKVIEW_PODNAMES_H

#include <stddef.h>

#include "sockview/container.h"

#define SV_PODNAMES_DIR "/var/log/pods"
#define SV_POD_NS_MAX 63    /* a namespace: a DNS label */
#define SV_POD_NAME_MAX 253 /* a pod name: a DNS subdomain */

struct sv_podname {
	char ns[SV_POD_NS_MAX + 1];
	char name[SV_POD_NAME_MAX + 1];
	char uid[SV_CT_POD_MAX + 1];
};

struct sv_podnames; /* opaque */

/* A directory entry's name "NAMESPACE_NAME_UID" (len bytes) into *out: the
 * namespace before the first '_', the uid (8-4-4-4-12 hex) after the last,
 * the name between (none of them has a '_'). Returns 0, or -EINVAL for any
 * other name. */
int sv_podnames_parse(const char *entry, size_t len, struct sv_podname *out);

/* The names under dir (NULL: SV_PODNAMES_DIR), read on the first lookup.
 * Returns 0 and sets *out, or -ENOMEM. */
int sv_podnames_new(const char *dir, struct sv_podnames **out);

/* The pod of this uid (dashed, lower case), or NULL. Valid until
 * sv_podnames_free. */
const struct sv_podname *sv_podnames_find(struct sv_podnames *p, const char *uid);

/* Free (NULL is fine). */
void sv_podnames_free(struct sv_podnames *p);

#endif
