/* state.h - socket state names as ss prints and parses them. */
#ifndef SOCKVIEW_STATE_H
#define SOCKVIEW_STATE_H

#include <stdint.h>

#include "sockview/sock.h"

/* The name ss prints for a state ("ESTAB", "TIME-WAIT", "UNCONN"...). */
const char *sv_state_name(unsigned int state);

/* Parse a state name or group as ss's `state`/`exclude` take it
 * ("established", "listening" or "listen", "closed", "connected", "bucket"...)
 * into a mask of 1 << SV_STATE_*. Returns 0, or -EINVAL if unknown. */
int sv_state_parse(const char *word, uint32_t *mask);

#endif
