/* escape.h - untrusted strings (process names, paths) made safe for a
 * terminal, a table column or a JSON string. */
#ifndef SOCKVIEW_ESCAPE_H
#define SOCKVIEW_ESCAPE_H

#include <stddef.h>

/* For text output: bytes outside printable ASCII, spaces, '"' and '\\' become
 * "\\xHH" (or "\\\\", "\\\""), so a name can neither move the cursor, nor
 * break a column, nor end a quoted field. Writes at most len bytes with the
 * NUL; returns the length it needed (like snprintf). */
size_t sv_escape_text(char *out, size_t len, const char *in, size_t inlen);

/* For a JSON string body (without the quotes): RFC 8259 escapes for '"',
 * '\\' and control bytes; bytes >= 0x80 that are not valid UTF-8 become
 * "\\u00HH" of the byte so the document stays valid UTF-8. Same return. */
size_t sv_escape_json(char *out, size_t len, const char *in, size_t inlen);

/* For a Prometheus label value (without the quotes), as the text exposition
 * format reads it: '\\' becomes "\\\\", '"' "\\\"", a newline "\\n"; valid
 * UTF-8 is kept; other control bytes, DEL and bytes that are not valid
 * UTF-8 become the four characters \xHH, their backslash escaped
 * ("\\\\xHH"), so the value stays valid UTF-8 without a raw control byte
 * (the original bytes are not recoverable). Same return. */
size_t sv_escape_prom(char *out, size_t len, const char *in, size_t inlen);

#endif
