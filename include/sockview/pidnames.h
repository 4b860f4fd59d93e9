/* pidnames.h - a process's name from its id, as ss names the process
 * behind a netlink port id ("python3/1234"), cached for one run. */
#ifndef SOCKVIEW_PIDNAMES_H
#define SOCKVIEW_PIDNAMES_H

#include <stddef.h>
#include <stdint.h>

/* The longest name kept (ss reads the name into a 64-byte buffer). */
#define SV_PIDNAMES_NAME 63

struct sv_pidnames; /* opaque: the cache and where /proc is */

/* A cache reading procroot/PID/stat (procroot: "/proc", or a test tree
 * laid out the same way; the string is copied). Returns 0 and sets *out,
 * or -ENOMEM, -ENAMETOOLONG. */
int sv_pidnames_new(const char *procroot, struct sv_pidnames **out);

/* The name of process pid as ss reads it (untrusted bytes: escape them),
 * or NULL when there is no such process or its stat has no name. Valid
 * until the next call. */
const char *sv_pidnames_get(struct sv_pidnames *p, uint32_t pid);

/* Free (NULL is fine). */
void sv_pidnames_free(struct sv_pidnames *p);

/* Pure: the name in the text of /proc/PID/stat as ss reads it with
 * fscanf("%*d (%[^)])"): after the number and '(', every byte up to the
 * FIRST ')' or the end of the text (ss's reading: a ')' in a name cuts it),
 * at least one, at most cap - 1 (and SV_PIDNAMES_NAME) kept. Returns the
 * length stored (name gets a NUL), or -EINVAL (no number, no '(', an empty
 * name, cap 0). */
int sv_pidnames_parse_stat(const char *text, size_t len, char *name, size_t cap);

#endif
