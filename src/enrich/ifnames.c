/* ifnames.c - interface index to name, cached for the length of one run. */
#include <string.h>

#include "sockview/addr.h"
#include "sockview/ifnames.h"

/* See ifnames.h. */
void sv_ifnames_init(struct sv_ifnames *c)
{
	memset(c, 0, sizeof(*c));
}

/* See ifnames.h. */
void sv_ifnames_put(struct sv_ifnames *c, uint32_t idx, const char *name)
{
	unsigned int slot = SV_IFNAMES_SLOTS;

	for (unsigned int i = 0; i < SV_IFNAMES_SLOTS; i++)
		if (c->index[i] == idx && idx != 0)
			slot = i; /* replace the cached name */
	if (slot == SV_IFNAMES_SLOTS)
		slot = c->next++ % SV_IFNAMES_SLOTS;

	c->index[slot] = idx;
	size_t n = strnlen(name, IF_NAMESIZE - 1);

	memcpy(c->name[slot], name, n);
	c->name[slot][n] = '\0';
}

/* See ifnames.h. */
const char *sv_ifnames_get(struct sv_ifnames *c, uint32_t idx)
{
	char tmp[IF_NAMESIZE];
	unsigned int i;

	for (i = 0; i < SV_IFNAMES_SLOTS; i++)
		if (c->index[i] == idx && idx != 0)
			return c->name[i];
	if (!if_indextoname(idx, tmp))
		sv_addr_utoa(tmp, idx);
	sv_ifnames_put(c, idx, tmp);
	for (i = 0; i < SV_IFNAMES_SLOTS; i++)
		if (c->index[i] == idx)
			return c->name[i];
	return c->name[(c->next - 1) % SV_IFNAMES_SLOTS];
}
