/* format_json.c - a JSON array or JSON lines, one object per socket, in the
 * schema of doc/json-schema.md (schema version 3). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/filter.h>

#include "sockview/addr.h"
#include "sockview/colspec.h"
#include "sockview/escape.h"
#include "sockview/fields.h"
#include "sockview/format_json.h"
#include "sockview/format_num.h"

/* One object is built here and written with one fwrite; a longer one (many
 * processes) is written in pieces of this size. */
#define JB_CAP 4096
/* Untrusted strings are escaped in pieces of at most this many bytes. */
#define JB_CHUNK 512

struct sv_json_fmt {
	FILE *out;
	struct sv_json_opts o;
	struct sv_ifnames own_ifnames; /* used when o.ifnames is NULL */
	struct sv_field_ctx ctx;
	/* the registry's JSON members this output has (users only with -p) */
	const struct sv_field *fields[SV_FIELDS_MAX];
	size_t nfields;
	unsigned long long rows;
	int err; /* sticky: the first write error */
	bool finished;
};

/* The object being built: a stack buffer in front of out. */
struct jb {
	FILE *out;
	size_t n;
	int err;
	char p[JB_CAP];
};

#define JB_LIT(b, lit) jb_put((b), (lit), sizeof(lit) - 1)

static int write_err(void)
{
	return errno ? -errno : -EIO;
}

static void jb_write(struct jb *b, const char *p, size_t n)
{
	if (b->err == 0 && n && fwrite_unlocked(p, 1, n, b->out) != n)
		b->err = write_err();
}

static void jb_flush(struct jb *b)
{
	jb_write(b, b->p, b->n);
	b->n = 0;
}

/* Make room for need bytes (need <= JB_CAP). */
static inline void jb_room(struct jb *b, size_t need)
{
	if (need > JB_CAP - b->n)
		jb_flush(b);
}

static inline void jb_put(struct jb *b, const char *s, size_t len)
{
	if (len > JB_CAP - b->n) {
		jb_flush(b);
		if (len > JB_CAP) {
			jb_write(b, s, len);
			return;
		}
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
}

/* "00".."99": numbers are written two digits at a time. */
static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

/* Write v in decimal ending at end (exclusive); returns where it starts. */
static inline char *dec_back(char *end, uint64_t v)
{
	while (v >= 100) {
		unsigned int r = (unsigned int)(v % 100) * 2;

		v /= 100;
		*--end = digit_pairs[r + 1];
		*--end = digit_pairs[r];
	}
	if (v >= 10) {
		*--end = digit_pairs[v * 2 + 1];
		*--end = digit_pairs[v * 2];
	} else {
		*--end = (char)('0' + v);
	}
	return end;
}

static inline unsigned int dec_len(uint64_t v)
{
	unsigned int n = 1;

	for (; v >= 10000; v /= 10000)
		n += 4;
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

static inline void jb_u64(struct jb *b, uint64_t v)
{
	unsigned int n = dec_len(v);

	jb_room(b, 20);
	dec_back(b->p + b->n + n, v);
	b->n += n;
}

static inline void jb_u32(struct jb *b, uint32_t v)
{
	jb_u64(b, v);
}

static void jb_i32(struct jb *b, int32_t v)
{
	if (v < 0) {
		JB_LIT(b, "-");
		jb_u64(b, 0u - (uint32_t)v);
	} else {
		jb_u64(b, (uint32_t)v);
	}
}

static void jb_bool(struct jb *b, bool v)
{
	if (v)
		JB_LIT(b, "true");
	else
		JB_LIT(b, "false");
}

/* A 64-bit number as a quoted string: decimal, or lower-case hex without
 * "0x" and without leading zeros. */
static void jb_u64_str(struct jb *b, uint64_t v, bool hex)
{
	static const char hexdig[] = "0123456789abcdef";
	unsigned int n;

	jb_room(b, 22);
	b->p[b->n++] = '"';
	if (hex) {
		n = v ? (67u - (unsigned int)__builtin_clzll(v)) / 4 : 1;
		for (unsigned int i = n; i-- > 0; v >>= 4)
			b->p[b->n + i] = hexdig[v & 15];
	} else {
		n = dec_len(v);
		dec_back(b->p + b->n + n, v);
	}
	b->n += n;
	b->p[b->n++] = '"';
}

/* Escape k bytes (k <= JB_CHUNK) into the buffer. sv_escape_json writes at
 * most 6 bytes per input byte ("\\u00HH"), so an empty buffer always holds
 * the result. */
static void jb_esc(struct jb *b, const char *s, size_t k)
{
	size_t need = sv_escape_json(b->p + b->n, JB_CAP - b->n, s, k);

	if (need >= JB_CAP - b->n) {
		jb_flush(b);
		need = sv_escape_json(b->p, JB_CAP, s, k);
		if (need >= JB_CAP) { /* the escaper broke its bound */
			if (b->err == 0)
				b->err = -EIO;
			return;
		}
	}
	b->n += need;
}

/* Where to cut a long string: before a byte that cannot continue a UTF-8
 * sequence, or after 4 continuation bytes in a row (no valid sequence is
 * that long), so both pieces escape as the whole would. */
static size_t utf8_cut(const char *s, size_t at)
{
	for (size_t i = at; i + 4 > at && i > 0; i--)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return i;
	return at;
}

/* An untrusted string, escaped, in quotes. */
static void jb_str(struct jb *b, const char *s, size_t len)
{
	jb_room(b, 1);
	b->p[b->n++] = '"';
	while (len) {
		size_t k = len <= JB_CHUNK ? len : utf8_cut(s, JB_CHUNK);

		jb_esc(b, s, k);
		s += k;
		len -= k;
	}
	jb_room(b, 1);
	b->p[b->n++] = '"';
}

/* A plain address: "10.0.0.1", "::1", "::" (never "*"), "::ffff:10.0.0.1";
 * the same text as the table's, without the IPv6 brackets. */
static void jb_addr(struct jb *b, int family, const uint8_t *addr)
{
	char tmp[SV_ADDR_MAX];
	size_t n = sv_addr_format(tmp, sizeof(tmp), family, addr, true);
	const char *p = tmp;

	if (n >= 2 && tmp[0] == '[') {
		p++;
		n -= 2;
	}
	jb_room(b, n + 2);
	b->p[b->n++] = '"';
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n++] = '"';
}

/* "users":[{"name":..,"pid":..,("tid":..,)"fd":..,"uid":..},...] */
static void put_users(struct jb *b, const struct sv_sock *s)
{
	JB_LIT(b, "[");
	for (uint16_t i = 0; s->procs && i < s->nprocs; i++) {
		const struct sv_proc_ref *p = &s->procs[i];

		if (i)
			JB_LIT(b, ",");
		JB_LIT(b, "{\"name\":");
		jb_str(b, p->comm ? p->comm : "", p->comm ? strlen(p->comm) : 0);
		JB_LIT(b, ",\"pid\":");
		jb_u32(b, p->pid);
		if (p->tid) { /* -T */
			JB_LIT(b, ",\"tid\":");
			jb_u32(b, p->tid);
		}
		JB_LIT(b, ",\"fd\":");
		jb_i32(b, p->fd);
		JB_LIT(b, ",\"uid\":");
		jb_u32(b, p->uid);
		if (p->proc_ctx) { /* -Z */
			JB_LIT(b, ",\"proc_ctx\":");
			jb_str(b, p->proc_ctx, strlen(p->proc_ctx));
		}
		if (p->sock_ctx) { /* -z */
			JB_LIT(b, ",\"sock_ctx\":");
			jb_str(b, p->sock_ctx, strlen(p->sock_ctx));
		}
		JB_LIT(b, "}");
	}
	JB_LIT(b, "]");
}

/* u / 256 as its exact decimal (format_num.h). */
static void jb_q8(struct jb *b, uint64_t u)
{
	jb_room(b, SV_NUM_MAX);
	b->n += sv_format_num_q8(b->p + b->n, u);
}

/* -b: [[code,jt,jf,k],...] of struct sock_filter (maybe unaligned). */
static void put_bpf(struct jb *b, const struct sv_value *v)
{
	JB_LIT(b, "[");
	for (size_t i = 0; i < v->s.len; i++) {
		struct sock_filter f;

		memcpy(&f, v->s.p + i * sizeof(f), sizeof(f));
		if (i)
			JB_LIT(b, ",");
		JB_LIT(b, "[");
		jb_u32(b, f.code);
		JB_LIT(b, ",");
		jb_u32(b, f.jt);
		JB_LIT(b, ",");
		jb_u32(b, f.jf);
		JB_LIT(b, ",");
		jb_u32(b, f.k);
		JB_LIT(b, "]");
	}
	JB_LIT(b, "]");
}

/* Netlink groups as an array of their numbers (1-based): every bit of the
 * kernel's bitmap, or of the first 32 groups. */
static void put_groups(struct jb *b, const struct sv_value *v)
{
	bool first = true;

	JB_LIT(b, "[");
	for (size_t g = 1; sv_fields_next_group(v, &g); g++) {
		if (!first)
			JB_LIT(b, ",");
		first = false;
		jb_u32(b, (uint32_t)g);
	}
	JB_LIT(b, "]");
}

/* One value as JSON. */
static void put_value(struct jb *b, const struct sv_value *v, const struct sv_sock *s)
{
	switch (v->type) {
	case SV_FT_NULL: JB_LIT(b, "null"); break;
	case SV_FT_UINT: jb_u64(b, v->u); break;
	case SV_FT_INT:
		if (v->i < 0) {
			JB_LIT(b, "-");
			jb_u64(b, 0u - (uint64_t)v->i);
		} else {
			jb_u64(b, (uint64_t)v->i);
		}
		break;
	case SV_FT_WORD:
		jb_room(b, v->s.len + 2);
		b->p[b->n++] = '"';
		jb_put(b, v->s.p, v->s.len);
		jb_room(b, 1);
		b->p[b->n++] = '"';
		break;
	case SV_FT_TEXT: jb_str(b, v->s.p, v->s.len); break;
	case SV_FT_ADDR: jb_addr(b, v->addr.family, v->addr.a); break;
	case SV_FT_BOOL: jb_bool(b, v->b); break;
	case SV_FT_HEX64: jb_u64_str(b, v->u, true); break;
	case SV_FT_DEC64: jb_u64_str(b, v->u, false); break;
	case SV_FT_USERS: put_users(b, s); break;
	case SV_FT_Q8: jb_q8(b, v->u); break;
	case SV_FT_BPF: put_bpf(b, v); break;
	case SV_FT_GROUPS: put_groups(b, v); break;
	}
}

/* Length of the object prefix of a dotted name ("local" of "local.port"),
 * 0 for a top-level member. */
static size_t prefix_len(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot ? (size_t)(dot - name) : 0;
}

/* Every registry field that applies to s, nested by its dotted prefix
 * (one level: the registry keeps the members of one object together). */
static void put_fields(struct sv_json_fmt *f, struct jb *b, const struct sv_sock *s)
{
	const char *open = NULL; /* the prefix of the object now open */
	size_t open_len = 0;
	bool first = true, first_in = true;

	for (size_t i = 0; i < f->nfields; i++) {
		const struct sv_field *fl = f->fields[i];
		struct sv_value v;
		size_t pl;

		if (!sv_fields_applies(fl, s) || !fl->get(s, &f->ctx, &v))
			continue;
		pl = prefix_len(fl->name);
		if (open && (pl != open_len || memcmp(open, fl->name, pl) != 0)) {
			JB_LIT(b, "}");
			open = NULL;
		}
		if (pl && !open) {
			jb_put(b, first ? "{\"" : ",\"", 2);
			jb_put(b, fl->name, pl);
			JB_LIT(b, "\":{");
			open = fl->name;
			open_len = pl;
			first = false;
			first_in = true;
		}
		if (open) {
			jb_put(b, first_in ? "\"" : ",\"", first_in ? 1 : 2);
			first_in = false;
		} else {
			jb_put(b, first ? "{\"" : ",\"", 2);
			first = false;
		}
		jb_put(b, fl->name + (pl ? pl + 1 : 0), strlen(fl->name) - (pl ? pl + 1 : 0));
		JB_LIT(b, "\":");
		put_value(b, &v, s);
	}
	if (open)
		JB_LIT(b, "}");
	if (first)
		JB_LIT(b, "{");
}

/* Is f a member of the objects: one of the default members (those whose
 * needs were collected), or one --columns names, less those it drops?
 * The members stay in the registry's order, which nests them. */
static bool chosen(const struct sv_colspec *cs, const struct sv_field *f, uint32_t have)
{
	bool in = !(f->needs & ~have) && (!cs || cs->relative);

	for (size_t i = 0; cs && i < cs->n; i++)
		if (sv_colspec_item_has(&cs->col[i], f))
			in = cs->col[i].op != SV_COL_DROP;
	return in;
}

/* See format_json.h. */
int sv_format_json_new(FILE *out, const struct sv_json_opts *o,
		       struct sv_json_fmt **fp)
{
	struct sv_json_fmt *f = calloc(1, sizeof(*f));
	const struct sv_field *all;
	uint32_t have;
	size_t n;

	if (!f)
		return -ENOMEM;
	f->out = out;
	f->o = *o;
	sv_ifnames_init(&f->own_ifnames);
	f->ctx.ifnames = o->ifnames ? o->ifnames : &f->own_ifnames;
	f->ctx.cgroups = o->cgroups;
	f->ctx.resolve = o->resolve;
	have = o->details | (o->processes ? SV_NEED_PROCS : 0) |
	       (o->resolve ? SV_NEED_RESOLVE : 0) | (o->netns ? SV_NEED_NETNS : 0) |
	       (o->events ? SV_NEED_EVENT : 0);
	if (have & SV_NEED_EXT) /* -e shows the cgroup's path */
		have |= SV_NEED_CGROUP;
	all = sv_fields_all(&n);
	for (size_t i = 0; i < n && f->nfields < SV_FIELDS_MAX; i++)
		if ((all[i].flags & SV_FIELD_JSON) && chosen(o->columns, &all[i], have))
			f->fields[f->nfields++] = &all[i];
	*fp = f;
	return 0;
}

/* See format_json.h. */
int sv_format_json_row(struct sv_json_fmt *f, const struct sv_sock *s)
{
	struct jb b;

	if (f->err)
		return f->err;
	b.out = f->out;
	b.n = 0;
	b.err = 0;
	if (!f->o.lines && f->rows)
		JB_LIT(&b, ",\n");
	else if (!f->o.lines)
		JB_LIT(&b, "[\n");
	put_fields(f, &b, s);
	if (f->o.lines)
		JB_LIT(&b, "}\n");
	else
		JB_LIT(&b, "}");
	jb_flush(&b);
	if (b.err)
		return f->err = b.err;
	f->rows++;
	return 0;
}

/* See format_json.h. */
int sv_format_json_finish(struct sv_json_fmt *f)
{
	if (f->err)
		return f->err;
	if (!f->finished && !f->o.lines) {
		const char *tail = f->rows ? "\n]\n" : "[]\n";
		size_t n = strlen(tail);

		if (fwrite_unlocked(tail, 1, n, f->out) != n)
			return f->err = write_err();
	}
	f->finished = true;
	if (fflush(f->out) != 0)
		return f->err = write_err();
	return 0;
}

/* See format_json.h. */
int sv_format_json_flush(struct sv_json_fmt *f)
{
	if (f->err)
		return f->err;
	if (fflush(f->out) != 0)
		return f->err = write_err();
	return 0;
}

/* See format_json.h. */
void sv_format_json_free(struct sv_json_fmt *f)
{
	free(f);
}
