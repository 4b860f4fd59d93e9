/* container.c - a cgroup path read as the container or unit it names
 * (container.h): the names Docker, Podman, the kubelet (systemd and
 * cgroupfs drivers) and systemd give their cgroups. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/container.h"

/* One path segment. */
struct seg {
	const char *p;
	size_t n;
};

static bool has_prefix(struct seg s, const char *pre)
{
	size_t k = strlen(pre);

	return s.n >= k && memcmp(s.p, pre, k) == 0;
}

static bool has_suffix(struct seg s, const char *suf)
{
	size_t k = strlen(suf);

	return s.n >= k && memcmp(s.p + s.n - k, suf, k) == 0;
}

static bool is_hex(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return n > 0;
}

/* PRE<64 hex>SUF, the id copied to id. */
static bool wrapped_id(struct seg s, const char *pre, const char *suf, char *id)
{
	size_t a = strlen(pre), b = strlen(suf);

	if (s.n != a + SV_CT_ID_MAX + b || !has_prefix(s, pre) || !has_suffix(s, suf) ||
	    !is_hex(s.p + a, SV_CT_ID_MAX))
		return false;
	memcpy(id, s.p + a, SV_CT_ID_MAX);
	id[SV_CT_ID_MAX] = '\0';
	return true;
}

/* A container's own cgroup under a runtime or a pod: the id, and which
 * runtime named it. */
static bool container_seg(struct seg s, char *id, bool *podman)
{
	*podman = wrapped_id(s, "libpod-", ".scope", id) || wrapped_id(s, "libpod-", "", id);
	return *podman || wrapped_id(s, "docker-", ".scope", id) ||
	       wrapped_id(s, "cri-containerd-", ".scope", id) ||
	       wrapped_id(s, "crio-", ".scope", id) || wrapped_id(s, "crio-", "", id) ||
	       wrapped_id(s, "", "", id);
}

/* A pod uid (36 characters, '-' or '_' between hex groups), dashed. */
static bool pod_uid(const char *p, size_t n, char *out)
{
	if (n != SV_CT_POD_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool sep = i == 8 || i == 13 || i == 18 || i == 23;

		if (sep ? (p[i] != '-' && p[i] != '_') : !is_hex(p + i, 1))
			return false; /* out untouched */
	}
	for (size_t i = 0; i < n; i++)
		out[i] = p[i] == '_' ? '-' : p[i];
	out[n] = '\0';
	return true;
}

/* Kubernetes: a QoS class or a pod in one segment, either driver's form
 * (kubepods-burstable-pod<uid>.slice, burstable, pod<uid>). */
static void kube_seg(struct seg s, struct sv_container *c)
{
	static const char *const qos[] = { "burstable", "besteffort" };
	struct seg t = s;

	if (has_prefix(t, "kubepods-")) {
		t.p += 9;
		t.n -= 9;
	}
	if (has_suffix(t, ".slice"))
		t.n -= 6;
	for (size_t i = 0; i < 2; i++) {
		size_t k = strlen(qos[i]);

		if (t.n >= k && memcmp(t.p, qos[i], k) == 0 &&
		    (t.n == k || t.p[k] == '-')) {
			snprintf(c->qos, sizeof(c->qos), "%s", qos[i]);
			t.p += k + (t.n > k);
			t.n -= k + (t.n > k);
		}
	}
	if (t.n == 3 + SV_CT_POD_MAX && memcmp(t.p, "pod", 3) == 0 &&
	    pod_uid(t.p + 3, SV_CT_POD_MAX, c->pod) && !c->qos[0])
		snprintf(c->qos, sizeof(c->qos), "guaranteed");
}

/* A unit name, copied when it fits (a NUL is no name's: a path from the
 * file system has none). */
static bool unit_copy(struct seg s, char *out)
{
	if (s.n == 0 || s.n > SV_CT_UNIT_MAX || memchr(s.p, '\0', s.n))
		return false;
	memcpy(out, s.p, s.n);
	out[s.n] = '\0';
	return true;
}

/* user-UID.slice: the uid. */
static bool user_slice(struct seg s, unsigned long *uid)
{
	char num[24];
	char *end;

	if (!has_prefix(s, "user-") || !has_suffix(s, ".slice") || s.n - 11 == 0 ||
	    s.n - 11 >= sizeof(num))
		return false;
	memcpy(num, s.p + 5, s.n - 11);
	num[s.n - 11] = '\0';
	if (num[0] < '0' || num[0] > '9')
		return false;
	*uid = strtoul(num, &end, 10);
	return *end == '\0';
}

/* The innermost unit: service, session or other scope. */
static void unit_seg(struct seg s, struct sv_container *c, unsigned long uid, bool user)
{
	struct seg num = { s.p + 8, s.n >= 14 ? s.n - 14 : 0 };

	if (has_suffix(s, ".service") && unit_copy(s, c->unit)) {
		c->kind = SV_CT_SERVICE;
	} else if (user && has_prefix(s, "session-") && has_suffix(s, ".scope") && num.n &&
		   unit_copy(num, c->unit)) {
		c->kind = SV_CT_SESSION;
		c->uid = uid;
	} else if (has_suffix(s, ".scope") && unit_copy(s, c->unit)) {
		c->kind = SV_CT_SCOPE;
	}
}

/* See container.h. */
enum sv_container_kind sv_container_parse(const char *path, size_t len,
					  struct sv_container *out)
{
	struct sv_container unit = { 0 };
	bool kube = false, docker_dir = false, podman;
	unsigned long uid = 0;
	bool user = false;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	while (i < len) {
		struct seg s = { path + i, 0 };
		char id[SV_CT_ID_MAX + 1];

		while (i + s.n < len && path[i + s.n] != '/')
			s.n++;
		i += s.n + 1;
		if (s.n == 0)
			continue;
		if (has_prefix(s, "kubepods")) {
			kube = true;
			kube_seg(s, out);
		} else if (kube && !out->pod[0]) {
			kube_seg(s, out);
		}
		if (s.n == 6 && memcmp(s.p, "docker", 6) == 0) {
			docker_dir = true;
			continue;
		}
		user = user || user_slice(s, &uid);
		if (container_seg(s, id, &podman) &&
		    (kube || podman || docker_dir || s.n > SV_CT_ID_MAX)) {
			out->kind = kube ? SV_CT_KUBERNETES : podman ? SV_CT_PODMAN : SV_CT_DOCKER;
			memcpy(out->id, id, sizeof(id));
			continue;
		}
		unit_seg(s, &unit, uid, user);
	}
	if (out->kind == SV_CT_NONE && kube && out->pod[0])
		out->kind = SV_CT_KUBERNETES; /* the pod's own cgroup */
	if (out->kind != SV_CT_NONE)
		return out->kind;
	*out = unit;
	return out->kind;
}

/* See container.h. */
const char *sv_container_kind_name(enum sv_container_kind kind)
{
	static const char *const names[SV_CT_KIND_MAX] = {
		[SV_CT_NONE] = "", [SV_CT_DOCKER] = "docker", [SV_CT_PODMAN] = "podman",
		[SV_CT_KUBERNETES] = "kubernetes", [SV_CT_SERVICE] = "service",
		[SV_CT_SCOPE] = "scope", [SV_CT_SESSION] = "session",
	};

	return (unsigned)kind < SV_CT_KIND_MAX ? names[kind] : "";
}

/* See container.h. */
size_t sv_container_text(const struct sv_container *c, char *buf, size_t len)
{
	const char *k = sv_container_kind_name(c->kind);
	int n;

	if (len == 0)
		return 0;
	switch (c->kind) {
	case SV_CT_DOCKER:
	case SV_CT_PODMAN:
		n = snprintf(buf, len, "%s:%.12s", k, c->id);
		break;
	case SV_CT_KUBERNETES:
		/* the pod and its container; either alone when the other is
		 * not in the path */
		n = snprintf(buf, len, "%s:%s%s%.12s", k, c->pod,
			     c->pod[0] && c->id[0] ? "/" : "", c->id);
		break;
	case SV_CT_SERVICE:
	case SV_CT_SCOPE:
	case SV_CT_SESSION:
		n = snprintf(buf, len, "%s:%s", k, c->unit);
		break;
	default:
		buf[0] = '\0';
		return 0;
	}
	if (n < 0)
		return 0;
	return (size_t)n < len ? (size_t)n : len - 1;
}
