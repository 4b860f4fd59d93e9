/* format_value.c - one registry value as text (format_value.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/filter.h>

#include "sockview/addr.h"
#include "sockview/escape.h"
#include "sockview/format.h"
#include "sockview/format_num.h"
#include "sockview/format_value.h"

/* The Process text of the table (format.h caps it there too). */
#define USERS_MAX 8192

static int put_num(struct sv_textbuf *b, uint64_t u)
{
	if (sv_textbuf_room(b, 24) < 0)
		return -ENOMEM;
	b->len += sv_format_num_u64(b->p + b->len, u);
	return 0;
}

static int put_text(struct sv_textbuf *b, const char *p, size_t len, bool escape)
{
	/* escaping takes at most 4 bytes a byte */
	if (sv_textbuf_room(b, escape ? len * 4 + 1 : len) < 0)
		return -ENOMEM;
	if (!escape) {
		sv_textbuf_put(b, p, len);
		return 0;
	}
	sv_escape_text(b->p + b->len, len * 4 + 1, p, len);
	b->len += strlen(b->p + b->len);
	return 0;
}

/* An address alone, as JSON has it: "::1", not ss's "[::1]". */
static int put_addr(struct sv_textbuf *b, const struct sv_value *v)
{
	char tmp[SV_ADDR_MAX];
	size_t n = sv_addr_format(tmp, sizeof(tmp), v->addr.family, v->addr.a, true);

	if (n >= 2 && tmp[0] == '[')
		return put_text(b, tmp + 1, n - 2, false);
	return put_text(b, tmp, n, false);
}

static int put_bpf(struct sv_textbuf *b, const struct sv_value *v)
{
	if (sv_textbuf_room(b, v->s.len * 44 + 1) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < v->s.len; i++) {
		struct sock_filter f;

		memcpy(&f, v->s.p + i * sizeof(f), sizeof(f));
		b->len += (size_t)snprintf(b->p + b->len, 45, "%s%u,%u,%u,%u", i ? ";" : "",
					   f.code, f.jt, f.jf, f.k);
	}
	if (!v->s.len)
		SV_TEXTBUF_LIT(b, "-");
	return 0;
}

static int put_groups(struct sv_textbuf *b, const struct sv_value *v)
{
	bool first = true;

	for (size_t g = 1; sv_fields_next_group(v, &g); g++) {
		if (sv_textbuf_room(b, 12) < 0)
			return -ENOMEM;
		if (!first)
			SV_TEXTBUF_LIT(b, ",");
		first = false;
		b->len += sv_format_num_u64(b->p + b->len, g);
	}
	return first ? put_text(b, "-", 1, false) : 0;
}

static int put_users(struct sv_textbuf *b, const struct sv_sock *s)
{
	size_t n;

	if (sv_textbuf_room(b, USERS_MAX) < 0)
		return -ENOMEM;
	n = sv_format_cells_users(b->p + b->len, USERS_MAX, s);
	if (!n)
		return put_text(b, "-", 1, false);
	b->len += n;
	return 0;
}

/* See format_value.h. */
int sv_format_value_text(struct sv_textbuf *b, const struct sv_value *v,
			 const struct sv_sock *s)
{
	switch (v->type) {
	case SV_FT_NULL: return put_text(b, "-", 1, false);
	case SV_FT_UINT: case SV_FT_DEC64: return put_num(b, v->u);
	case SV_FT_INT:
		if (v->i >= 0)
			return put_num(b, (uint64_t)v->i);
		if (put_text(b, "-", 1, false) < 0)
			return -ENOMEM;
		return put_num(b, 0u - (uint64_t)v->i);
	case SV_FT_HEX64:
		if (sv_textbuf_room(b, 20) < 0)
			return -ENOMEM;
		b->len += sv_format_num_hex(b->p + b->len, v->u);
		return 0;
	case SV_FT_WORD: return put_text(b, v->s.p, v->s.len, false);
	case SV_FT_TEXT: return put_text(b, v->s.p, v->s.len, true);
	case SV_FT_ADDR: return put_addr(b, v);
	case SV_FT_BOOL: return v->b ? put_text(b, "yes", 3, false) : put_text(b, "no", 2, false);
	case SV_FT_USERS: return put_users(b, s);
	case SV_FT_Q8:
		if (sv_textbuf_room(b, SV_NUM_MAX) < 0)
			return -ENOMEM;
		b->len += sv_format_num_q8(b->p + b->len, v->u);
		return 0;
	case SV_FT_BPF: return put_bpf(b, v);
	case SV_FT_GROUPS: return put_groups(b, v);
	}
	return put_text(b, "-", 1, false);
}

/* See format_value.h. */
int sv_format_value_field(struct sv_textbuf *b, const struct sv_field *f,
			  const struct sv_field_ctx *ctx, const struct sv_sock *s)
{
	struct sv_value v;

	if (!sv_fields_applies(f, s) || !f->get(s, ctx, &v))
		return put_text(b, "-", 1, false);
	return sv_format_value_text(b, &v, s);
}
