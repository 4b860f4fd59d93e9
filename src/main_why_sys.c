/* main_why_sys.c - the host's settings and counters that `sockview why`,
 * -s and --format=prom compare with: the port ranges, syncookies, and the
 * kernel's TCP counters from /proc/net. */
#include "sockview/netstat.h"
#include "sockview/why.h"

#include "main_priv.h"

/* A number sysctl under procroot/sys/net/...: 0 and *v, or -errno. */
static int read_u32(const char *path, uint32_t *v)
{
	char *text = NULL, *end;
	size_t len;
	unsigned long x;
	int ret = sv_fileio_read_all(path, &text, &len);

	if (ret < 0)
		return ret;
	x = strtoul(text, &end, 10);
	ret = end == text || x > UINT32_MAX ? -EINVAL : 0;
	if (ret == 0)
		*v = (uint32_t)x;
	free(text);
	return ret;
}

/* See main_priv.h. What cannot be read is left out (have). */
void sv_main_why_sys(struct sv_why_sys *sys)
{
	uint32_t v;
	char *text = NULL;
	size_t len;

	if (sv_sysctl_read_port_range("/proc", &sys->eph_lo, &sys->eph_hi) == 0)
		sys->have |= SV_WHY_HAVE_RANGE;
	if (read_u32("/proc/sys/net/ipv4/ip_unprivileged_port_start", &v) == 0 && v <= 65536)
		sys->unpriv_start = (uint16_t)(v > 65535 ? 65535 : v), sys->have |= SV_WHY_HAVE_UNPRIV;
	if (read_u32("/proc/sys/net/ipv4/tcp_syncookies", &sys->syncookies) == 0)
		sys->have |= SV_WHY_HAVE_COOKIES;
	if (read_u32("/proc/sys/net/core/somaxconn", &sys->somaxconn) == 0)
		sys->have |= SV_WHY_HAVE_SOMAXCONN;
	if (sv_fileio_read_all("/proc/sys/net/ipv4/ip_local_reserved_ports", &text, &len) == 0 &&
	    sv_why_parse_reserved(text, len, sys->reserved) == 0)
		sys->have |= SV_WHY_HAVE_RESERVED;
	free(text);
}

/* See main_priv.h. */
int sv_main_why_counters(uint64_t v[], uint32_t *found, char *err, size_t errlen)
{
	struct sv_netstat ns = { .n = SV_WHY_C_MAX };

	for (int k = 0; k < SV_WHY_C_MAX; k++)
		ns.name[k] = sv_why_counter_name((enum sv_why_counter)k);
	if (sv_netstat_read("/proc", &ns, err, errlen) < 0)
		return -1;
	for (int k = 0; k < SV_WHY_C_MAX; k++)
		v[k] = ns.value[k]; /* a counter this kernel lacks stays 0 */
	*found = ns.found;
	return 0;
}
