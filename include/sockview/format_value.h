/* format_value.h - one registry value (fields.h) as the text of a table
 * cell or a --count group: numbers in decimal, addresses as ss writes them,
 * untrusted text escaped, never a byte that could drive a terminal. */
#ifndef SOCKVIEW_FORMAT_VALUE_H
#define SOCKVIEW_FORMAT_VALUE_H

#include "sockview/fields.h"
#include "sockview/sock.h"
#include "sockview/textbuf.h"

/* Append v (the value of a field of s) to b as text: "-" for a null.
 * Booleans are "yes"/"no", holders as the Process column writes them,
 * BPF filters as "code,jt,jf,k;..." and netlink groups as "1,5". Returns
 * 0 or -ENOMEM. */
int sv_format_value_text(struct sv_textbuf *b, const struct sv_value *v,
			 const struct sv_sock *s);

/* Append the value of field f for s, or "-" when s has none (the field
 * does not apply, or was not collected). Returns 0 or -ENOMEM. */
int sv_format_value_field(struct sv_textbuf *b, const struct sv_field *f,
			  const struct sv_field_ctx *ctx, const struct sv_sock *s);

#endif
