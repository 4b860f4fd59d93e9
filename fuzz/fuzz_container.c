/* fuzz_container.c - libFuzzer target: arbitrary bytes as a cgroup path
 * read for the container or unit it names, and as a kubelet log
 * directory's name (NAMESPACE_NAME_UID). */
#define _GNU_SOURCE /* memmem */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/container.h"
#include "sockview/podnames.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int hex_or_empty(const char *s, size_t want)
{
	size_t n = strlen(s);

	if (n == 0)
		return 1;
	if (n != want)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (want == SV_CT_POD_MAX && s[i] == '-')))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sv_container c;
	struct sv_podname pn;
	char text[400];
	enum sv_container_kind k = sv_container_parse((const char *)data, size, &c);
	size_t n = sv_container_text(&c, text, sizeof(text));

	if (k != c.kind || (unsigned)k >= SV_CT_KIND_MAX)
		abort();
	/* the same bytes as a kubelet log directory's name */
	if (sv_podnames_parse((const char *)data, size, &pn) == 0 &&
	    (strlen(pn.uid) != SV_CT_POD_MAX || !pn.ns[0] || !pn.name[0] ||
	     strlen(pn.ns) + strlen(pn.name) + SV_CT_POD_MAX + 2 != size))
		abort();
	if (!hex_or_empty(c.id, SV_CT_ID_MAX) || !hex_or_empty(c.pod, SV_CT_POD_MAX))
		abort();
	if ((k == SV_CT_DOCKER || k == SV_CT_PODMAN) && !c.id[0])
		abort();
	if (k == SV_CT_KUBERNETES && !c.pod[0] && !c.id[0])
		abort();
	if ((k == SV_CT_SERVICE || k == SV_CT_SCOPE || k == SV_CT_SESSION) && !c.unit[0])
		abort();
	if (n != strlen(text) || (k == SV_CT_NONE) != (n == 0))
		abort();
	/* what it names is in the path */
	if (c.id[0] && !memmem(data, size, c.id, strlen(c.id)))
		abort();
	if (k == SV_CT_SERVICE && !memmem(data, size, c.unit, strlen(c.unit)))
		abort();
	return 0;
}
