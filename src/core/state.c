/* state.c - socket state names as ss prints and parses them. */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "sockview/state.h"

static const char *const state_names[SV_STATE_MAX] = {
	[SV_STATE_UNKNOWN] = "UNKNOWN",
	[SV_STATE_ESTABLISHED] = "ESTAB",
	[SV_STATE_SYN_SENT] = "SYN-SENT",
	[SV_STATE_SYN_RECV] = "SYN-RECV",
	[SV_STATE_FIN_WAIT1] = "FIN-WAIT-1",
	[SV_STATE_FIN_WAIT2] = "FIN-WAIT-2",
	[SV_STATE_TIME_WAIT] = "TIME-WAIT",
	[SV_STATE_CLOSE] = "UNCONN",
	[SV_STATE_CLOSE_WAIT] = "CLOSE-WAIT",
	[SV_STATE_LAST_ACK] = "LAST-ACK",
	[SV_STATE_LISTEN] = "LISTEN",
	[SV_STATE_CLOSING] = "CLOSING",
	[SV_STATE_NEW_SYN_RECV] = "UNDEF", /* as ss 7.x: never reported */
	[SV_STATE_BOUND_INACTIVE] = "UNDEF",
};

#define BIT(s) (1u << (s))
/* ss's "connected" group: every state but LISTEN and CLOSE (and, as every
 * group, not bound-inactive, which the kernel reports as CLOSE: ss 7.x's
 * groups take it in only because their masks are "all but"). */
#define CONNECTED (SV_STATES_ALL & ~(BIT(SV_STATE_LISTEN) | BIT(SV_STATE_CLOSE)))

static const struct {
	const char *word;
	uint32_t mask;
} state_words[] = {
	{ .word = "established", .mask = BIT(SV_STATE_ESTABLISHED) },
	{ .word = "syn-sent", .mask = BIT(SV_STATE_SYN_SENT) },
	{ .word = "syn-recv", .mask = BIT(SV_STATE_SYN_RECV) },
	{ .word = "syn-rcv", .mask = BIT(SV_STATE_SYN_RECV) },
	{ .word = "fin-wait-1", .mask = BIT(SV_STATE_FIN_WAIT1) },
	{ .word = "fin-wait-2", .mask = BIT(SV_STATE_FIN_WAIT2) },
	{ .word = "time-wait", .mask = BIT(SV_STATE_TIME_WAIT) },
	{ .word = "closed", .mask = BIT(SV_STATE_CLOSE) },
	{ .word = "close", .mask = BIT(SV_STATE_CLOSE) },
	{ .word = "unconnected", .mask = BIT(SV_STATE_CLOSE) },
	{ .word = "close-wait", .mask = BIT(SV_STATE_CLOSE_WAIT) },
	{ .word = "last-ack", .mask = BIT(SV_STATE_LAST_ACK) },
	{ .word = "listening", .mask = BIT(SV_STATE_LISTEN) },
	{ .word = "listen", .mask = BIT(SV_STATE_LISTEN) }, /* ss rejects it; users type it */
	{ .word = "closing", .mask = BIT(SV_STATE_CLOSING) },
	{ .word = "bound-inactive", .mask = BIT(SV_STATE_BOUND_INACTIVE) },
	{ .word = "all", .mask = SV_STATES_ALL },
	{ .word = "connected", .mask = CONNECTED },
	{ .word = "synchronized", .mask = CONNECTED & ~BIT(SV_STATE_SYN_SENT) },
	{ .word = "bucket", .mask = BIT(SV_STATE_SYN_RECV) | BIT(SV_STATE_TIME_WAIT) },
	{ .word = "big", .mask = SV_STATES_ALL & ~(BIT(SV_STATE_SYN_RECV) | BIT(SV_STATE_TIME_WAIT)) },
};

/* See state.h. */
const char *sv_state_name(unsigned int state)
{
	if (state >= SV_STATE_MAX)
		return "UNKNOWN";
	return state_names[state];
}

/* See state.h. */
int sv_state_parse(const char *word, uint32_t *mask)
{
	for (size_t i = 0; i < sizeof(state_words) / sizeof(state_words[0]); i++) {
		if (strcasecmp(word, state_words[i].word) == 0) { /* as ss */
			*mask = state_words[i].mask;
			return 0;
		}
	}
	return -EINVAL;
}
