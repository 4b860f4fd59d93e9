/* netstat.h - the kernel's protocol counters (/proc/net/netstat, snmp):
 * pairs of lines "Key: name name ..." and "Key: value value ...", read by
 * "Key.name" for the counters asked for. */
#ifndef SOCKVIEW_NETSTAT_H
#define SOCKVIEW_NETSTAT_H

#include <stddef.h>
#include <stdint.h>

/* The most counters one read asks for. */
#define SV_NETSTAT_MAX 32

/* The counters asked for and what was found. */
struct sv_netstat {
	size_t n;                        /* how many are asked for */
	const char *name[SV_NETSTAT_MAX]; /* "TcpExt.ListenOverflows" */
	uint64_t value[SV_NETSTAT_MAX];
	uint32_t found;                  /* bit i: name[i] was read */
};

/* Read the text of /proc/net/netstat or /proc/net/snmp (len bytes, no NUL
 * or final newline needed) into ns's values for the names it asks for.
 * Lines come in pairs with the same key; a line of names whose next line
 * has another key, a value that is not a decimal number (snmp's signed
 * values, such as Tcp's MaxConn -1, are read as their two's complement),
 * or pairs of different lengths are errors. Returns 0, or -EINVAL with
 * "line N: ..." in err (ns's found bits then say what was read before). */
int sv_netstat_parse(const char *text, size_t len, struct sv_netstat *ns, char *err,
		     size_t errlen);

/* Read procroot/net/netstat and procroot/net/snmp into ns. Returns 0 or a
 * negative errno with a message naming the file in err. */
int sv_netstat_read(const char *procroot, struct sv_netstat *ns, char *err, size_t errlen);

/* The value of name in ns, when it was found. */
int sv_netstat_get(const struct sv_netstat *ns, const char *name, uint64_t *value);

#endif
