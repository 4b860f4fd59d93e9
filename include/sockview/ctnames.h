/* ctnames.h - Docker and Podman containers' names by id, from the
 * runtimes' on-disk state: Docker's containers/ID/config.v2.json, read
 * once for each id looked up, and containers/storage's containers.json
 * and volatile-containers.json, read once on the first Podman lookup. No
 * daemon is asked, nothing run. */
#ifndef SOCKVIEW_CTNAMES_H
#define SOCKVIEW_CTNAMES_H

#include <stddef.h>

#include "sockview/container.h"

/* Where the runtimes keep their state, under the root given to
 * sv_ctnames_new ("" on a live system). */
#define SV_CTNAMES_DOCKER "/var/lib/docker/containers" /* /ID/config.v2.json */
#define SV_CTNAMES_PODMAN "/var/lib/containers/storage" /* /DRIVER-containers/[volatile-]containers.json */

#define SV_CT_NAME_MAX 255 /* a longer name is none */

/* The most read of one file: a larger one gives no names. */
#define SV_CTNAMES_DOCKER_CAP ((size_t)1 << 20)  /* config.v2.json: 1 MiB */
#define SV_CTNAMES_PODMAN_CAP ((size_t)4 << 20)  /* containers.json: 4 MiB */

/* One container of containers.json: its id and first name. */
struct sv_ctname {
	char id[SV_CT_ID_MAX + 1];
	char name[SV_CT_NAME_MAX + 1];
};

struct sv_ctnames; /* opaque */

/* Docker's config.v2.json (len bytes, need not end in a NUL) for the
 * container id (64 hex digits): its "Name" without the leading '/' into
 * name. A name is 1 to SV_CT_NAME_MAX bytes without '/' or NUL; other
 * bytes are kept as they are (escape them to print). Returns 0; -EINVAL
 * when the text is not a JSON object (jansson: valid UTF-8, no \u0000,
 * no key twice; out of memory too); -ENOENT when it names no container or
 * its "ID" is another's. */
int sv_ctnames_parse_docker(const char *buf, size_t len, const char *id,
			    char name[SV_CT_NAME_MAX + 1]);

/* containers/storage's containers.json or volatile-containers.json (len
 * bytes): an array of objects with "id" and "names". Each object whose id
 * is 64 lower-case hex digits and whose "names" holds a name (as above)
 * gives one entry: the id and the first such name. Returns 0 and sets *out (malloc'd; free it; NULL
 * when none) and *n; -EINVAL when the text is not a JSON array; -ENOMEM. */
int sv_ctnames_parse_podman(const char *buf, size_t len, struct sv_ctname **out,
			    size_t *n);

/* A name table over the runtimes' state under root (NULL or "": the live
 * system's). Nothing is read yet. Returns 0 and sets *out, or -ENOMEM. */
int sv_ctnames_new(const char *root, struct sv_ctnames **out);

/* The name of the container of this kind (SV_CT_DOCKER or SV_CT_PODMAN)
 * and id (64 hex digits, exact: a prefix names nothing), or NULL when the
 * runtime's state does not give it (a file missing, unreadable, larger
 * than its cap or malformed says nothing). Read on the first lookup and
 * kept: valid until sv_ctnames_free. */
const char *sv_ctnames_find(struct sv_ctnames *t, enum sv_container_kind kind,
			    const char *id);

/* Free (NULL is fine). */
void sv_ctnames_free(struct sv_ctnames *t);

#endif
