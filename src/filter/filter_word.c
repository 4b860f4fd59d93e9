/* filter_word.c - the values a filter word spells: numbers, ports and port
 * names (system database, then IANA), devices, marks, cgroups, and
 * sockview's class/role/service names. Values are read case-insensitively
 * where the thing named has no case of its own. */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "filter_priv.h"
#include "sockview/services.h"
#include "sockview/sysservices.h"

/* See filter_priv.h: the message is "<pre> '<what>'<post>". */
bool sv_filter_word_no(struct sv_fwhy *why, const char *pre, const char *what,
		 const char *post)
{
	why->pre = pre;
	why->what = what;
	why->post = post;
	return false;
}

/* See filter_priv.h. */
bool sv_filter_word_digits(const char *w, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (w[i] < '0' || w[i] > '9')
			return false;
	return true;
}

/* Read a u32 in hex ("0x1f") or decimal from w[0..len). */
static bool word_u32(const char *w, size_t len, uint32_t *v)
{
	bool hex = len > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X');
	uint64_t acc = 0;

	if (hex) {
		w += 2;
		len -= 2;
	} else if (!sv_filter_word_digits(w, len)) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned int c = (unsigned char)w[i] | 0x20u, d;

		if (w[i] >= '0' && w[i] <= '9')
			d = (unsigned int)(w[i] - '0');
		else if (hex && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			return false;
		acc = acc * (hex ? 16 : 10) + d;
		if (acc > UINT32_MAX)
			return false;
	}
	*v = (uint32_t)acc;
	return true;
}

/* Each table's port from the two protocols' answers: its own protocol's,
 * else the other one's. False if neither knows the name. */
static bool word_pair(bool has_tcp, uint16_t tcp, bool has_udp, uint16_t udp,
		      uint16_t port[SV_PROTO_MAX])
{
	port[SV_PROTO_TCP] = has_tcp ? tcp : udp;
	port[SV_PROTO_UDP] = has_udp ? udp : tcp;
	return has_tcp || has_udp;
}

/* See filter_priv.h. As ss (getservbyname): the name or an alias, compared
 * exactly. ss would refuse a name whose tcp and udp ports differ when it
 * lists both tables; sockview filters each table with its own port. */
bool sv_filter_word_sysport(const struct sv_filter_parse_opts *o, const char *name,
		      uint16_t port[SV_PROTO_MAX])
{
	const struct sv_sysservices *s = o ? o->services : NULL;
	uint16_t tcp = 0, udp = 0;
	bool has_tcp = sv_sysservices_port(s, name, SV_PROTO_TCP, &tcp) == 0;
	bool has_udp = sv_sysservices_port(s, name, SV_PROTO_UDP, &udp) == 0;

	return word_pair(has_tcp, tcp, has_udp, udp, port);
}

/* Port of a service name for each table: the system database's, else
 * IANA's (any case). False if neither knows the name. */
static bool word_service(const struct sv_filter_parse_opts *o, const char *w,
			 uint16_t port[SV_PROTO_MAX])
{
	uint16_t tcp = 0, udp = 0;
	bool has_tcp, has_udp;

	if (sv_filter_word_sysport(o, w, port))
		return true;
	has_tcp = sv_services_port(w, SV_PROTO_TCP, &tcp) == 0;
	has_udp = sv_services_port(w, SV_PROTO_UDP, &udp) == 0;
	return word_pair(has_tcp, tcp, has_udp, udp, port);
}

/* See filter_priv.h. */
bool sv_filter_word_port(const struct sv_filter_parse_opts *o, const char *w,
		   struct sv_fnode *n, struct sv_fwhy *why)
{
	const char *num = *w == ':' ? w + 1 : w;
	size_t len = strlen(num);
	uint32_t v = 0;

	n->kind = SV_FN_PORT;
	n->u.port.cmp = SV_CMP_EQ;
	if (strcmp(num, "*") == 0) {
		n->kind = SV_FN_TRUE;
		return true;
	}
	if (len == 0)
		return sv_filter_word_no(why, "invalid port", w, "");
	if (!sv_filter_word_digits(num, len))
		return word_service(o, num, n->u.port.port) ||
		       sv_filter_word_no(why, "unknown service", w, "");
	for (size_t i = 0; i < len && v <= 65535; i++)
		v = v * 10 + (uint32_t)(num[i] - '0');
	if (v > 65535)
		return sv_filter_word_no(why, "port", w, " out of range");
	n->u.port.port[SV_PROTO_TCP] = n->u.port.port[SV_PROTO_UDP] = (uint16_t)v;
	return true;
}

/* See filter_priv.h. Device names are matched exactly: Linux's names
 * have case ("eth0" and "ETH0" are two devices). */
bool sv_filter_word_dev(const struct sv_filter_parse_opts *o, const char *w,
		  struct sv_fnode *n, struct sv_fwhy *why)
{
	size_t len = strlen(w);

	n->kind = SV_FN_DEV;
	if (sv_filter_word_digits(w, len))
		return (word_u32(w, len, &n->u.ifindex) && n->u.ifindex <= INT_MAX) ||
		       sv_filter_word_no(why, "invalid device index", w, "");
	if (len >= IF_NAMESIZE || (n->u.ifindex = if_nametoindex(w)) == 0)
		return sv_filter_word_no(why, "unknown device", w, "");
	return true;
}

/* See filter_priv.h. The value is stored masked, so that user space and
 * the kernel ((mark & mask) == value) agree for any input. */
bool sv_filter_word_mark(const struct sv_filter_parse_opts *o, const char *w,
		   struct sv_fnode *n, struct sv_fwhy *why)
{
	const char *slash = strchr(w, '/');
	size_t vlen = slash ? (size_t)(slash - w) : strlen(w);

	n->kind = SV_FN_MARK;
	n->u.mark.mask = UINT32_MAX;
	if (!word_u32(w, vlen, &n->u.mark.value) ||
	    (slash && !word_u32(slash + 1, strlen(slash + 1), &n->u.mark.mask)))
		return sv_filter_word_no(why, "invalid mark", w, "");
	n->u.mark.value &= n->u.mark.mask;
	return true;
}

/* See filter_priv.h. A cgroup v2 id is the inode number of its directory;
 * the path is relative to the mount, with or without a leading '/', as
 * /proc/PID/cgroup shows it ("0::/system.slice/foo.service"). Paths are
 * matched exactly, as the file system has them. */
bool sv_filter_word_cgroup(const struct sv_filter_parse_opts *o, const char *w,
		     struct sv_fnode *n, struct sv_fwhy *why)
{
	const char *root = o->cgroup_root ? o->cgroup_root : "/sys/fs/cgroup";
	char path[PATH_MAX];
	struct stat st;
	int len = snprintf(path, sizeof(path), "%s/%s", root, w);

	n->kind = SV_FN_CGROUP;
	if (len < 0 || (size_t)len >= sizeof(path) || stat(path, &st) < 0 ||
	    !S_ISDIR(st.st_mode))
		return sv_filter_word_no(why, "unknown cgroup", w, "");
	n->u.cgroup_id = (uint64_t)st.st_ino;
	return true;
}

/* Index of w in names[0..n), in any case, or -1. */
static int word_lookup(const char *const *names, int n, const char *w)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(names[i], w) == 0)
			return i;
	return -1;
}

/* A word the registry field `name` can have: the node compares the
 * field's value (read through its accessor) with the word's spelling in
 * names, the values the field takes. */
static bool word_field(const char *name, const char *const *names, int count,
		       const char *w, struct sv_fnode *n)
{
	int i = word_lookup(names, count, w);

	n->kind = SV_FN_FIELD;
	n->u.fw.field = sv_fields_find(name);
	n->u.fw.word = i >= 0 ? names[i] : NULL;
	return i >= 0 && n->u.fw.field;
}

/* See filter_priv.h. The class as the Class column shows it: an
 * ephemeral port is only that; a unix socket's is the kind of its name. */
bool sv_filter_word_class(const struct sv_filter_parse_opts *o, const char *w,
		    struct sv_fnode *n, struct sv_fwhy *why)
{
	static const char *const names[] = {
		"well-known", "registered", "dynamic", "ephemeral",
		"all", "none", "ethertype", "linux", /* packet sockets' */
		"kernel", "user",                     /* netlink sockets' */
		"path", "abstract", "autobound", "unnamed", /* unix names */
	};

	return word_field("class", names, (int)(sizeof(names) / sizeof(names[0])), w, n) ||
	       sv_filter_word_no(why, "unknown port class", w, "");
}

/* See filter_priv.h. */
bool sv_filter_word_role(const struct sv_filter_parse_opts *o, const char *w,
		   struct sv_fnode *n, struct sv_fwhy *why)
{
	static const char *const names[] = { "listen", "in", "out", "unknown" };

	return word_field("role", names, 4, w, n) ||
	       sv_filter_word_no(why, "unknown role", w, "");
}

/* See filter_priv.h. Keeps the word and, per table, the primary name of
 * its port, so that an alias ("www") matches the name shown ("http"). The
 * Service column shows IANA's names, so only IANA's table is asked. */
bool sv_filter_word_service(const struct sv_filter_parse_opts *o, const char *w,
		      struct sv_fnode *n, struct sv_fwhy *why)
{
	bool known = false;

	n->kind = SV_FN_SERVICE;
	for (int t = 0; t < SV_PROTO_MAX; t++) {
		uint16_t port;

		n->u.svc.canon[t] = NULL;
		if (sv_services_port(w, (enum sv_proto)t, &port) == 0) {
			n->u.svc.canon[t] = sv_services_name(port, (enum sv_proto)t);
			known = true;
		}
	}
	known = known || sv_filter_link_service(w); /* EtherTypes, netlink families */
	if (!known || strlen(w) >= sizeof(n->u.svc.name))
		return sv_filter_word_no(why, "unknown service", w, "");
	strcpy(n->u.svc.name, w);
	return true;
}
