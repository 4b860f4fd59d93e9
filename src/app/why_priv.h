/* why_priv.h - what why's rule files share: the report builder and the
 * socket tests. Private to src/app/why_*.c. */
#ifndef SOCKVIEW_WHY_PRIV_H
#define SOCKVIEW_WHY_PRIV_H

#include <stdarg.h>

#include "sockview/why.h"

/* The rules' view of one diagnosis. */
struct why_ctx {
	const struct sv_why_input *in;
	struct sv_why_report *out;
	uint16_t port;
	size_t served;          /* listeners that take the target */
	size_t listeners;       /* TCP listeners on the port, any address */
};

/* A new finding (NULL when the report is full: the rest are dropped). */
struct sv_why_finding *why_add(struct why_ctx *c, enum sv_why_code code,
			       enum sv_why_severity sev);

/* Append to the finding's text, or set its next command. */
void why_say(struct sv_why_finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void why_next(struct sv_why_finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Socket i as evidence (counted in more beyond the first ones). */
void why_evidence(struct sv_why_finding *f, size_t i);

/* A number behind the finding, for JSON. */
void why_number(struct sv_why_finding *f, const char *name, uint64_t v);

/* s's holder as "nginx (pid 12)", escaped, or "no process sockview could
 * see" into buf. */
const char *why_holder(const struct sv_why_sock *s, char *buf, size_t len);

/* Is s a TCP socket (either family)? */
bool why_tcp(const struct sv_why_sock *s);

/* A loopback address (127/8, ::1, ::ffff:127/104)? A wildcard (0.0.0.0, ::)? */
bool why_loopback(uint8_t family, const uint8_t *a);
bool why_wildcard(uint8_t family, const uint8_t *a);

/* Does a listener s take connections to the target's address (any address
 * when the target has none)? */
bool why_takes(const struct sv_why_sock *s, const struct sv_why_target *t);

/* Counter k's rise over the sample into *d: true when both ends were read
 * and it rose. */
bool why_rise(const struct sv_why_input *in, enum sv_why_counter k, uint64_t *d);

/* The rules of the connections (why_conns.c): CLOSE-WAIT, ephemeral
 * ports, SYN-SENT, stalls, resets, and --to's "nothing local". */
void why_rules_conns(struct why_ctx *c);

/* The forwarder that holds the port, where it goes (why_forward.c). */
void why_forwarded(struct why_ctx *c);

/* The rules of a unix target (why_unix.c). */
void why_rules_unix(struct why_ctx *c);

#endif
