/* fields.h - the field registry: every printable fact of a socket, once,
 * with its name (the JSON member's dotted path, which --columns, --count
 * and --sort will take too), its title, the tables it applies to, what
 * must be collected for it, its type and an accessor. The JSON formatter
 * loops over it, sockview's own table columns come from it, and the
 * filter's own keywords read their values through it. */
#ifndef SOCKVIEW_FIELDS_H
#define SOCKVIEW_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockview/details.h"
#include "sockview/ifnames.h"
#include "sockview/resolve.h"
#include "sockview/sock.h"

/* The most fields an output takes from the registry. */
#define SV_FIELDS_MAX 512

/* What a value is, which says how each output writes it. */
enum sv_ftype {
	SV_FT_NULL,  /* JSON null: known to be absent (a role not computed) */
	SV_FT_UINT,  /* a number */
	SV_FT_INT,   /* a signed number */
	SV_FT_WORD,  /* sockview's own text (a state, a role): no escaping */
	SV_FT_TEXT,  /* untrusted bytes (names from outside): escaped */
	SV_FT_ADDR,  /* an address: family and bytes */
	SV_FT_BOOL,
	SV_FT_HEX64, /* a 64-bit number as hex text (JSON: a string) */
	SV_FT_DEC64, /* a 64-bit number as decimal text (JSON: a string) */
	SV_FT_USERS, /* the holders: the record's procs */
	SV_FT_Q8,    /* a fixed-point number, u / 256 (bbr's gains), written
			as its exact decimal */
	SV_FT_BPF,   /* classic BPF instructions (s.p: struct sock_filter[],
			maybe unaligned; s.len: their count); JSON: an array
			of [code, jt, jf, k] */
	SV_FT_GROUPS, /* netlink groups (s.p: the kernel's bitmap, s.len its
			 bytes; or s.p NULL and s.len the groups 1-32, bit
			 n-1 for group n); JSON: an array of group numbers */
};

/* One value, as an accessor returns it. */
struct sv_value {
	enum sv_ftype type;
	union {
		uint64_t u;
		int64_t i;
		bool b;
		struct {
			const char *p;
			size_t len;
		} s;
		struct {
			uint8_t family;
			const uint8_t *a;
		} addr;
	};
};

/* What an accessor may need besides the record. */
struct sv_field_ctx {
	struct sv_ifnames *ifnames; /* index -> interface name */
	struct sv_cgpath *cgroups;  /* cgroup id -> path; NULL: unknown */
	struct sv_resolve *resolve; /* -r: host names (resolve.h); NULL: none */
};

/* What a field needs collected (bits of sv_field.needs): the process map,
 * or the socket details of an option (the same bits as details.h's). */
enum {
	SV_NEED_PROCS = 1u << 0,               /* the process map (-p) */
	SV_NEED_TIMER = SV_DETAIL_TIMER,       /* -o */
	SV_NEED_EXT = SV_DETAIL_EXT,           /* -e */
	SV_NEED_MEM = SV_DETAIL_MEM,           /* -m */
	SV_NEED_INFO = SV_DETAIL_INFO,         /* -i */
	SV_NEED_TOS = SV_DETAIL_TOS,           /* --tos */
	SV_NEED_CGROUP = SV_DETAIL_CGROUP,     /* --cgroup (or -e) */
	SV_NEED_SOCKOPT = SV_DETAIL_SOCKOPT,   /* --inet-sockopt */
	SV_NEED_RESOLVE = 1u << 8,             /* host names (-r) */
	SV_NEED_CONTAINER = SV_DETAIL_CONTAINER, /* --container */
	SV_NEED_NETNS = 1u << 16,              /* --all-netns: the row's
						  namespace (a column shown
						  only then) */
	SV_NEED_EVENT = 1u << 17,              /* -E: when the event came
						  (JSON always; the column
						  with --timestamp) */
};

/* Where a field is shown (bits of sv_field.flags). */
enum {
	SV_FIELD_JSON = 1u << 0,   /* a member of every JSON object it applies to */
	SV_FIELD_COLUMN = 1u << 1, /* one of sockview's own table columns */
};

struct sv_field {
	const char *name;  /* dotted path: "local.port" */
	const char *alias; /* a short name ss users expect, or NULL */
	const char *title; /* column title */
	uint32_t tables;   /* bits of enum sv_table; 0: every table */
	uint32_t needs;    /* SV_NEED_* */
	uint32_t flags;    /* SV_FIELD_* */
	enum sv_ftype type;
	/* The value for s: true and *v, or false when s has none (then the
	 * field is left out of s's JSON object). */
	bool (*get)(const struct sv_sock *s, const struct sv_field_ctx *ctx,
		    struct sv_value *v);
};

/* Every field, in the order of a JSON object's members (those of one
 * object nested under one prefix are together). *n gets the count. */
const struct sv_field *sv_fields_all(size_t *n);

/* The field of a name or alias, or NULL. */
const struct sv_field *sv_fields_find(const char *name);

/* An SV_FT_GROUPS value's next group from *g on (1-based): true and *g
 * set to it, or false when none is left. Start with *g = 1, then pass
 * the group found + 1. */
bool sv_fields_next_group(const struct sv_value *v, size_t *g);

/* Does f apply to s's table? */
bool sv_fields_applies(const struct sv_field *f, const struct sv_sock *s);

#endif
