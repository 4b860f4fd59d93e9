/* unixname.h - the name a unix socket is bound to: ss's text of it and
 * what kind of name it is. Pure. */
#ifndef SOCKVIEW_UNIXNAME_H
#define SOCKVIEW_UNIXNAME_H

#include <stdbool.h>
#include <stddef.h>

#include "sockview/sock.h"

/* The longest name the kernel reports: sun_path's 108 bytes and, for a
 * path of all 108, the NUL it adds. */
#define SV_UNIXNAME_MAX 109

/* Room for ss's text of any name, with its NUL. */
#define SV_UNIXNAME_TEXT (SV_UNIXNAME_MAX + 2)

/* What kind of name a unix socket has (its Class). */
enum sv_unixname_class {
	SV_UNIXNAME_UNNAMED = 0, /* no name (socketpair, a client) */
	SV_UNIXNAME_PATH,        /* a file system path */
	SV_UNIXNAME_ABSTRACT,    /* a name in the abstract namespace */
	SV_UNIXNAME_AUTOBOUND,   /* an abstract name the kernel chose (autobind:
				    five lower-case hex digits, as ss tests it) */
};

/* ss's text of s's name (s is of a unix table): a path as it is, an
 * abstract name as '@' and its bytes with each NUL as '@'; "" when it has
 * none. Raw bytes: escape them before they reach a terminal. Writes at
 * most cap bytes with the NUL (cap >= SV_UNIXNAME_TEXT holds any name)
 * and returns the length written. */
size_t sv_unixname_text(char *out, size_t cap, const struct sv_sock *s);

/* The kind of s's name. */
enum sv_unixname_class sv_unixname_class(const struct sv_sock *s);

/* The word of a class: "unnamed", "path", "abstract", "autobound". */
const char *sv_unixname_class_name(enum sv_unixname_class c);

#endif
