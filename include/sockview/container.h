/* container.h - what a cgroup path says a socket belongs to: a Docker or
 * Podman container, a Kubernetes pod's container, a systemd service or
 * scope, a user's session. Pure: the path in, the parts out. */
#ifndef SOCKVIEW_CONTAINER_H
#define SOCKVIEW_CONTAINER_H

#include <stddef.h>

enum sv_container_kind {
	SV_CT_NONE = 0,  /* nothing recognised (the root, a slice) */
	SV_CT_DOCKER,    /* docker-ID.scope (systemd driver), /docker/ID */
	SV_CT_PODMAN,    /* libpod-ID.scope, /libpod_parent/libpod-ID */
	SV_CT_KUBERNETES, /* a pod's container (or the pod alone): kubepods */
	SV_CT_SERVICE,   /* a systemd service: NAME.service */
	SV_CT_SCOPE,     /* a systemd scope that is none of the above */
	SV_CT_SESSION,   /* a login session: user-UID.slice/session-N.scope */
	SV_CT_KIND_MAX
};

#define SV_CT_ID_MAX 64    /* a container id: 64 hex digits */
#define SV_CT_POD_MAX 36   /* a pod uid: 8-4-4-4-12 */
#define SV_CT_UNIT_MAX 255 /* a unit name */

struct sv_container {
	enum sv_container_kind kind;
	char id[SV_CT_ID_MAX + 1];     /* the container's id (hex), or "" */
	char pod[SV_CT_POD_MAX + 1];   /* KUBERNETES: the pod's uid, dashed */
	char qos[12];                  /* KUBERNETES: guaranteed, burstable,
					  besteffort */
	char unit[SV_CT_UNIT_MAX + 1]; /* SERVICE, SCOPE: the unit's name;
					  SESSION: the session's number */
	unsigned long uid;             /* SESSION: the user's uid */
};

/* The kind's word: "docker", "podman", "kubernetes", "service", "scope",
 * "session", or "" for none. */
const char *sv_container_kind_name(enum sv_container_kind kind);

/* Read a cgroup path ("/system.slice/docker-<64 hex>.scope", as cgpath.h
 * gives it, len bytes, not NUL-terminated) into *out. A container found
 * anywhere along the path wins over the units around it (a container's
 * processes live in a scope of its own); otherwise the innermost service,
 * session or scope. Returns the kind (SV_CT_NONE, with *out zeroed, when
 * nothing is recognised). */
enum sv_container_kind sv_container_parse(const char *path, size_t len,
					  struct sv_container *out);

/* The short text of c for the table: "docker:3f2a1b4c5d6e" (12 digits of
 * the id, as docker ps), "podman:...", "kubernetes:POD-UID/3f2a1b4c5d6e",
 * "service:nginx.service", "scope:NAME", "session:3" (uid in JSON only).
 * Returns its length (cut to len - 1), 0 for SV_CT_NONE. */
size_t sv_container_text(const struct sv_container *c, char *buf, size_t len);

#endif
