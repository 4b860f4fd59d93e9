/* services.h - IANA port classes and service names from the embedded table. */
#ifndef SOCKVIEW_SERVICES_H
#define SOCKVIEW_SERVICES_H

#include <stdint.h>

#include "sockview/sock.h"

/* IANA class of a port number: 0-1023 well-known, 1024-49151 registered,
 * 49152-65535 dynamic. */
enum sv_port_class sv_services_class(uint16_t port);

/* Lower-case name of a class: "well-known", "registered", "dynamic". */
const char *sv_services_class_name(enum sv_port_class cls);

/* Primary IANA service name of port for the protocol
 * (SV_PROTO_TCP -> tcp, SV_PROTO_UDP -> udp), or NULL if IANA assigns no
 * name. Never allocates; the string is static. */
const char *sv_services_name(uint16_t port, enum sv_proto proto);

/* Port of a service name (primary name or alias, case-insensitive) for the
 * protocol. Returns 0 and sets *port, or -ENOENT. */
int sv_services_port(const char *name, enum sv_proto proto, uint16_t *port);

/* Every port whose primary name for the protocol is name
 * (case-insensitive), in increasing order: "http-alt" is 591, 8008 and 8080
 * in IANA's registry. For an alias, the one port sv_services_port gives.
 * Writes at most max ports; returns how many there are (may exceed max),
 * 0 if none. Scans the whole port space: for parsing, not per row. */
size_t sv_services_ports(const char *name, enum sv_proto proto, uint16_t *ports,
			 size_t max);

#endif
