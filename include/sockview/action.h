/* action.h - what the listing does to a row that passed the filter, before
 * the output: nothing, or close the socket (-K, kill.h). One small
 * interface, so the listing has no branch per action. */
#ifndef SOCKVIEW_ACTION_H
#define SOCKVIEW_ACTION_H

#include "sockview/sock.h"

/* What run() says of a row. */
enum {
	SV_ACTION_DROP = 0, /* leave it out of the output */
	SV_ACTION_SHOW = 1, /* write it */
};

/* An action between filter and format. run() acts on s (classified,
 * filtered, with its processes) and returns SV_ACTION_SHOW, SV_ACTION_DROP
 * or a negative errno, which ends the listing. NULL run: no action, every
 * row is shown. */
struct sv_action {
	int (*run)(void *ctx, const struct sv_sock *s);
	void *ctx;
};

#endif
