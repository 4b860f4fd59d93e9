/* unixname.c - a unix socket's name as ss prints it, and its kind. */
#include <string.h>

#include "sockview/unixname.h"

/* See unixname.h. */
size_t sv_unixname_text(char *out, size_t cap, const struct sv_sock *s)
{
	size_t n = 0, len = s->un.path ? s->un.path_len : 0;

	if (cap == 0)
		return 0;
	if (s->un.path && s->un.abstract && n + 1 < cap)
		out[n++] = '@';
	for (size_t i = 0; i < len && n + 1 < cap; i++)
		out[n++] = s->un.path[i] ? s->un.path[i] : '@';
	out[n] = '\0';
	return n;
}

/* The kernel's autobind name: five hex digits (ss: "@" and exactly five
 * of 0-9a-f). */
static bool autobind_name(const char *p, size_t len)
{
	if (len != 5)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

/* See unixname.h. */
enum sv_unixname_class sv_unixname_class(const struct sv_sock *s)
{
	if (!s->un.path)
		return SV_UNIXNAME_UNNAMED;
	if (!s->un.abstract)
		return SV_UNIXNAME_PATH;
	return autobind_name(s->un.path, s->un.path_len) ? SV_UNIXNAME_AUTOBOUND
							 : SV_UNIXNAME_ABSTRACT;
}

/* See unixname.h. */
const char *sv_unixname_class_name(enum sv_unixname_class c)
{
	switch (c) {
	case SV_UNIXNAME_PATH: return "path";
	case SV_UNIXNAME_ABSTRACT: return "abstract";
	case SV_UNIXNAME_AUTOBOUND: return "autobound";
	default: return "unnamed";
	}
}
