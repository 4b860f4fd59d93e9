/* kill.c - -K as an action between filter and output: close the socket,
 * show the row only when the kernel closed it, count the rest by why. */
#include <errno.h>

#include "sockview/kill.h"
#include "sockview/tables.h"

/* Close one row's socket and sort the answer. */
static int kill_row(void *ctx, const struct sv_sock *s)
{
	struct sv_kill *k = ctx;
	const struct sv_table_desc *d = sv_tables_get((enum sv_table)s->table);
	int ret = d && d->closable ? k->close(k->ctx, s) : -EOPNOTSUPP;

	switch (ret) {
	case 0:
		k->closed++;
		return SV_ACTION_SHOW;
	case -ENOENT:
		k->gone++;
		break;
	case -EPERM:
	case -EACCES:
		k->denied++;
		break;
	case -EOPNOTSUPP:
		k->unsupported++;
		break;
	default:
		if (!k->failed++)
			k->failed_err = ret;
		break;
	}
	return SV_ACTION_DROP;
}

/* See kill.h. */
struct sv_action sv_kill_action(struct sv_kill *k)
{
	return (struct sv_action){ .run = kill_row, .ctx = k };
}

/* See kill.h. */
size_t sv_kill_not_closed(const struct sv_kill *k)
{
	return k->denied + k->unsupported + k->failed;
}
