/* services.c - IANA port classes and service-name lookups in the embedded table. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/services.h"
#include "services_table.h"

/* Lower-case an ASCII letter. The C library's tolower() depends on the
 * locale, and the registry's names are ASCII. */
static unsigned char sv_services_fold(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Compare query, folded to lower case, with a lower-case pool name, in
 * unsigned byte order (the order tools/gen_services.py sorts by). */
static int sv_services_compare(const char *query, const char *name)
{
	const unsigned char *q = (const unsigned char *)query;
	const unsigned char *n = (const unsigned char *)name;

	while (*n != '\0' && sv_services_fold(*q) == *n) {
		q++;
		n++;
	}
	return (int)sv_services_fold(*q) - (int)*n;
}

/* Count the set bits of w. Without a popcnt instruction (baseline
 * x86-64), __builtin_popcountll is a call into libgcc; the SWAR sum is a
 * dozen inline operations. */
static unsigned int sv_services_popcount(uint64_t w)
{
#if defined(__POPCNT__)
	return (unsigned int)__builtin_popcountll(w);
#else
	w = w - ((w >> 1) & UINT64_C(0x5555555555555555));
	w = (w & UINT64_C(0x3333333333333333)) +
	    ((w >> 2) & UINT64_C(0x3333333333333333));
	w = (w + (w >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
	return (unsigned int)((w * UINT64_C(0x0101010101010101)) >> 56);
#endif
}

/* IANA class of a port: 0-1023 well-known, 1024-49151 registered,
 * 49152-65535 dynamic. */
enum sv_port_class sv_services_class(uint16_t port)
{
	if (port <= 1023)
		return SV_CLASS_WELL_KNOWN;
	if (port <= 49151)
		return SV_CLASS_REGISTERED;
	return SV_CLASS_DYNAMIC;
}

/* "well-known", "registered" or "dynamic"; NULL with errno EINVAL for a
 * value that is not an enum sv_port_class. */
const char *sv_services_class_name(enum sv_port_class cls)
{
	switch (cls) {
	case SV_CLASS_WELL_KNOWN:
		return "well-known";
	case SV_CLASS_REGISTERED:
		return "registered";
	case SV_CLASS_DYNAMIC:
		return "dynamic";
	}
	errno = EINVAL;
	return NULL;
}

/* Primary IANA name of port for proto, or NULL if it has none (errno is
 * left alone). O(1), no allocation: one bitmap word, one rank, one name id
 * (see services_table.h). NULL with errno EINVAL if proto is not a
 * protocol of the table. */
const char *sv_services_name(uint16_t port, enum sv_proto proto)
{
	unsigned int t = (unsigned int)proto;
	unsigned int word = port / SV_SERVICES_TABLE_WORD_BITS;
	uint64_t bit = UINT64_C(1) << (port % SV_SERVICES_TABLE_WORD_BITS);
	uint64_t bits;
	unsigned int index;

	if (t >= SV_PROTO_MAX) {
		errno = EINVAL;
		return NULL;
	}
	bits = sv_services_table_bits[t][word];
	if (!(bits & bit))
		return NULL;
	index = sv_services_table_rank[t][word] +
		sv_services_popcount(bits & (bit - 1));
	return sv_services_table_pool +
	       sv_services_table_names[sv_services_table_port_name[index]].offset;
}

/* Port of a service name (primary name or alias, any case) for proto.
 * Returns 0 and sets *port; -ENOENT if the name is not registered for that
 * protocol (or proto is not one); -EINVAL if name or port is NULL. Binary
 * search over the sorted names. */
int sv_services_port(const char *name, enum sv_proto proto, uint16_t *port)
{
	unsigned int t = (unsigned int)proto;
	uint32_t lo = 0;
	uint32_t hi = sv_services_table_name_count;

	if (name == NULL || port == NULL)
		return -EINVAL;
	if (t >= SV_PROTO_MAX || name[0] == '\0')
		return -ENOENT;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct sv_services_table_name *e = &sv_services_table_names[mid];
		int cmp = sv_services_compare(name, sv_services_table_pool + e->offset);

		if (cmp == 0) {
			if (e->port[t] == 0)
				return -ENOENT;
			*port = e->port[t];
			return 0;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -ENOENT;
}

/* See services.h. */
size_t sv_services_ports(const char *name, enum sv_proto proto, uint16_t *ports,
			 size_t max)
{
	size_t n = 0;
	uint16_t one;

	if (name == NULL || (unsigned int)proto >= SV_PROTO_MAX)
		return 0;
	for (uint32_t p = 1; p <= 65535; p++) {
		const char *pn = sv_services_name((uint16_t)p, proto);

		if (pn && sv_services_compare(name, pn) == 0) {
			if (n < max)
				ports[n] = (uint16_t)p;
			n++;
		}
	}
	if (n == 0 && sv_services_port(name, proto, &one) == 0) {
		if (max)
			ports[0] = one;
		n = 1;
	}
	return n;
}
