/* sysprotocols.c - the system's protocols database (/etc/protocols through
 * NSS): a name for each IP protocol number, as ss names raw sockets' ports. */
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/sysprotocols.h"

struct sv_sysprotocols {
	char *name[256];
};

/* Set number's name unless it has one (the first entry wins). */
static int add(struct sv_sysprotocols *p, const char *name, int number)
{
	if (!name || number < 0 || number > 255 || p->name[number])
		return 0;
	p->name[number] = strdup(name);
	return p->name[number] ? 0 : -ENOMEM;
}

/* See sysprotocols.h. */
int sv_sysprotocols_new(const struct sv_sysprotocols_entry *e, size_t n,
			struct sv_sysprotocols **out)
{
	struct sv_sysprotocols *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (add(p, e[i].name, e[i].number) < 0) {
			sv_sysprotocols_free(p);
			return -ENOMEM;
		}
	}
	*out = p;
	return 0;
}

/* See sysprotocols.h. getprotoent's result is overwritten by the next call:
 * each name is copied at once. */
int sv_sysprotocols_load(struct sv_sysprotocols **out)
{
	struct sv_sysprotocols *p = calloc(1, sizeof(*p));
	struct protoent *pe;
	int ret = 0;

	if (!p)
		return -ENOMEM;
	setprotoent(1);
	while (ret == 0 && (pe = getprotoent()) != NULL)
		ret = add(p, pe->p_name, pe->p_proto);
	endprotoent();
	if (ret < 0) {
		sv_sysprotocols_free(p);
		return ret;
	}
	*out = p;
	return 0;
}

/* See sysprotocols.h. */
const char *sv_sysprotocols_name(const struct sv_sysprotocols *p, uint8_t proto)
{
	return p ? p->name[proto] : NULL;
}

/* See sysprotocols.h. */
void sv_sysprotocols_free(struct sv_sysprotocols *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < 256; i++)
		free(p->name[i]);
	free(p);
}
