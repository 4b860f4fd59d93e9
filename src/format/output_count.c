/* output_count.c - --count: rows counted by the text of chosen fields in a
 * hash table of groups, written biggest first as a table or JSON
 * (output_count.h). */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/escape.h"
#include "sockview/format_value.h"
#include "sockview/grow.h"
#include "sockview/output_count.h"
#include "sockview/promtext.h"

/* One group: its key (each field's text and a NUL) in the arena. */
struct group {
	uint64_t count;
	size_t key_off, key_len;
	uint32_t hash;
};

struct counter {
	FILE *out;
	struct sv_count_opts o;
	struct sv_textbuf key;  /* the row's key */
	char *keys;             /* every group's key, one after another */
	size_t keys_used, keys_cap;
	struct group *groups;
	size_t ngroups, gcap;
	uint32_t *slots;        /* open addressing: group index + 1, 0 empty */
	size_t nslots;
	uint64_t total;
	struct sv_cells cells;  /* local and peer, as the table has them */
	struct sv_textbuf esc;  /* a JSON string being escaped */
};

static uint32_t hash_bytes(const char *p, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)p[i]) * 16777619u;
	return h;
}

/* The row's text for one item, then a NUL, in c->key. */
static int item_text(struct counter *c, const struct sv_col *it, const struct sv_sock *s,
		     bool *cells_done)
{
	int ret = 0;

	if (it->kind == SV_COL_LOCAL || it->kind == SV_COL_PEER) {
		int a = it->kind == SV_COL_LOCAL ? SV_CELL_LADDR : SV_CELL_RADDR;

		if (!*cells_done) /* once a row for local and peer */
			sv_format_cells(c->o.fo, s, &c->cells);
		*cells_done = true;
		ret = sv_textbuf_room(&c->key, c->cells.len[a] + c->cells.len[a + 1]);
		if (ret == 0) {
			sv_textbuf_put(&c->key, c->cells.text[a], c->cells.len[a]);
			sv_textbuf_put(&c->key, c->cells.text[a + 1], c->cells.len[a + 1]);
		}
	} else {
		ret = sv_format_value_field(&c->key, it->field, &c->o.ctx, s);
	}
	if (ret == 0 && (ret = sv_textbuf_room(&c->key, 1)) == 0)
		c->key.p[c->key.len++] = '\0';
	return ret;
}

/* Twice the slots, every group placed again. */
static int rehash(struct counter *c)
{
	size_t n = c->nslots ? c->nslots * 2 : 1024;
	uint32_t *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t g = 0; g < c->ngroups; g++) {
		size_t i = c->groups[g].hash & (n - 1);

		while (slots[i])
			i = (i + 1) & (n - 1);
		slots[i] = (uint32_t)g + 1;
	}
	free(c->slots);
	c->slots = slots;
	c->nslots = n;
	return 0;
}

static int new_group(struct counter *c, uint32_t h, size_t slot)
{
	struct group *g;

	if (sv_grow((void **)&c->groups, &c->gcap, c->ngroups + 1, sizeof(*g), 256) < 0 ||
	    sv_grow((void **)&c->keys, &c->keys_cap, c->keys_used + c->key.len, 1, 4096) < 0)
		return -ENOMEM;
	g = &c->groups[c->ngroups];
	*g = (struct group){ .count = 1, .key_off = c->keys_used, .key_len = c->key.len,
			     .hash = h };
	memcpy(c->keys + c->keys_used, c->key.p, c->key.len);
	c->keys_used += c->key.len;
	c->slots[slot] = (uint32_t)++c->ngroups;
	return 0;
}

static int count_row(void *data, const struct sv_sock *s)
{
	struct counter *c = data;
	uint32_t h;
	size_t i;
	bool cells_done = false;

	c->total++;
	if (!c->o.by->n)
		return 0;
	c->key.len = 0;
	for (size_t k = 0; k < c->o.by->n; k++)
		if (item_text(c, &c->o.by->col[k], s, &cells_done) < 0)
			return -ENOMEM;
	if ((c->ngroups + 1) * 2 > c->nslots && rehash(c) < 0)
		return -ENOMEM;
	h = hash_bytes(c->key.p, c->key.len);
	for (i = h & (c->nslots - 1); c->slots[i]; i = (i + 1) & (c->nslots - 1)) {
		struct group *g = &c->groups[c->slots[i] - 1];

		if (g->hash == h && g->key_len == c->key.len &&
		    memcmp(c->keys + g->key_off, c->key.p, c->key.len) == 0) {
			g->count++;
			return 0;
		}
	}
	return new_group(c, h, i);
}

/* Biggest first; equal counts by their keys (numbers as numbers). */
static int group_cmp(const void *pa, const void *pb, void *data)
{
	const struct counter *c = data;
	const struct group *a = pa, *b = pb;
	const char *ka = c->keys + a->key_off, *kb = c->keys + b->key_off;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	for (size_t k = 0; k < c->o.by->n; k++) {
		size_t la = strlen(ka), lb = strlen(kb);
		bool num = la && lb && strspn(ka, "0123456789") == la &&
			   strspn(kb, "0123456789") == lb;
		int r = num && la != lb ? (la < lb ? -1 : 1) : strcmp(ka, kb);

		if (r)
			return r;
		ka += la + 1;
		kb += lb + 1;
	}
	return 0;
}

static const char *item_title(const struct sv_col *it)
{
	return it->kind == SV_COL_LOCAL ? "Local Address:Port" :
	       it->kind == SV_COL_PEER ? "Peer Address:Port" : it->field->title;
}

/* The count's digits. */
static int count_len(uint64_t v)
{
	int n = 1;

	while (v >= 10)
		v /= 10, n++;
	return n;
}

/* One line of the table: the count right-aligned, then each key's text,
 * padded but for the last. */
static void table_line(struct counter *c, const size_t w[], const char *count,
		       const char *const text[])
{
	size_t nk = c->o.by->n;

	fprintf(c->out, "%*s", (int)w[0], count);
	for (size_t k = 0; k < nk; k++)
		fprintf(c->out, " %-*s", k + 1 < nk ? (int)w[k + 1] : 0, text[k]);
	fputc('\n', c->out);
}

static void write_table(struct counter *c)
{
	size_t w[SV_COLSPEC_MAX + 1], nk = c->o.by->n;
	const char *text[SV_COLSPEC_MAX];
	char num[24];

	w[0] = 5; /* "Count" */
	for (size_t k = 0; k < nk; k++) {
		text[k] = item_title(&c->o.by->col[k]);
		w[k + 1] = strlen(text[k]);
	}
	for (size_t g = 0; g < c->ngroups; g++) {
		const char *p = c->keys + c->groups[g].key_off;

		if ((size_t)count_len(c->groups[g].count) > w[0])
			w[0] = (size_t)count_len(c->groups[g].count);
		for (size_t k = 0; k < nk; p += strlen(p) + 1, k++)
			if (strlen(p) > w[k + 1])
				w[k + 1] = strlen(p);
	}
	if (!nk && (size_t)count_len(c->total) > w[0])
		w[0] = (size_t)count_len(c->total);
	if (c->o.header)
		table_line(c, w, "Count", text);
	if (!nk) {
		snprintf(num, sizeof(num), "%llu", (unsigned long long)c->total);
		table_line(c, w, num, text);
	}
	for (size_t g = 0; g < c->ngroups; g++) {
		const char *p = c->keys + c->groups[g].key_off;

		for (size_t k = 0; k < nk; p += strlen(p) + 1, k++)
			text[k] = p;
		snprintf(num, sizeof(num), "%llu", (unsigned long long)c->groups[g].count);
		table_line(c, w, num, text);
	}
}

/* A key's text as JSON: numbers and booleans as such, what a row lacked
 * as null, the rest as a string (escaped whole: a UTF-8 sequence is never
 * cut). Returns 0 or -ENOMEM. */
static int json_value(struct counter *c, const struct sv_col *it, const char *text)
{
	enum sv_ftype t = it->field ? it->field->type : SV_FT_TEXT;
	size_t n = strlen(text);

	if (strcmp(text, "-") == 0 && it->kind != SV_COL_LOCAL && it->kind != SV_COL_PEER)
		fputs("null", c->out);
	else if (t == SV_FT_UINT || t == SV_FT_INT || t == SV_FT_Q8)
		fputs(text, c->out);
	else if (t == SV_FT_BOOL)
		fputs(strcmp(text, "yes") == 0 ? "true" : "false", c->out);
	else if (sv_textbuf_room(&c->esc, 6 * n) < 0) /* \u00HH: 6 a byte */
		return -ENOMEM;
	else {
		sv_escape_json(c->esc.p, 6 * n + 1, text, n);
		fprintf(c->out, "\"%s\"", c->esc.p);
	}
	return 0;
}

static int json_object(struct counter *c, const char *key, uint64_t count)
{
	fputc('{', c->out);
	for (size_t k = 0; k < c->o.by->n; key += strlen(key) + 1, k++) {
		fprintf(c->out, "\"%s\":", c->o.by->col[k].name);
		if (json_value(c, &c->o.by->col[k], key) < 0)
			return -ENOMEM;
		fputc(',', c->out);
	}
	fprintf(c->out, "\"count\":%llu}", (unsigned long long)count);
	return 0;
}

static int write_json(struct counter *c)
{
	bool lines = c->o.format == SV_COUNT_JSON_LINES;
	const char *sep = lines ? "\n" : ",\n";

	if (!lines)
		fputs("[\n", c->out);
	if (!c->o.by->n && json_object(c, "", c->total) < 0)
		return -ENOMEM;
	for (size_t g = 0; g < c->ngroups; g++) {
		if (json_object(c, c->keys + c->groups[g].key_off, c->groups[g].count) < 0)
			return -ENOMEM;
		fputs(g + 1 < c->ngroups ? sep : "\n", c->out);
	}
	if (!c->o.by->n)
		fputc('\n', c->out);
	if (!lines)
		fputs("]\n", c->out);
	return 0;
}

/* One gauge, a sample per group (biggest first), each field a label
 * (local.port as local_port); the text the table shows as the value. */
static int write_prom(struct counter *c)
{
	static const char name[] = "sockview_sockets_counted";
	struct sv_promtext_label lab[SV_COLSPEC_MAX];
	char lname[SV_COLSPEC_MAX][64];
	size_t nk = c->o.by->n;
	int ret;

	for (size_t k = 0; k < nk; k++) {
		sv_promtext_label_name(lname[k], sizeof(lname[k]), c->o.by->col[k].name);
		lab[k].name = lname[k];
	}
	ret = sv_promtext_family(c->out, name, SV_PROMTEXT_GAUGE,
				 "Sockets that matched, counted by the fields of --count.");
	if (!nk && ret == 0)
		ret = sv_promtext_sample_u64(c->out, name, lab, 0, c->total);
	for (size_t g = 0; g < c->ngroups && ret == 0; g++) {
		const char *p = c->keys + c->groups[g].key_off;

		for (size_t k = 0; k < nk; p += strlen(p) + 1, k++) {
			lab[k].value = p;
			lab[k].len = strlen(p);
		}
		ret = sv_promtext_sample_u64(c->out, name, lab, nk, c->groups[g].count);
	}
	return ret;
}

static int count_finish(void *data)
{
	struct counter *c = data;
	int ret = 0;

	if (c->ngroups)
		qsort_r(c->groups, c->ngroups, sizeof(*c->groups), group_cmp, c);
	if (c->o.format == SV_COUNT_TABLE)
		write_table(c);
	else if (c->o.format == SV_COUNT_PROM)
		ret = write_prom(c);
	else
		ret = write_json(c);
	if (ret == -ENOMEM)
		return ret;
	if (fflush(c->out) != 0 || ferror(c->out))
		return errno ? -errno : -EIO;
	return 0;
}

static void count_close(void *data)
{
	struct counter *c = data;

	sv_textbuf_free(&c->key);
	sv_textbuf_free(&c->esc);
	free(c->keys);
	free(c->groups);
	free(c->slots);
	free(c);
}

/* See output_count.h. */
int sv_output_count_open(FILE *f, const struct sv_count_opts *o, struct sv_output *out)
{
	struct counter *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->out = f;
	c->o = *o;
	*out = (struct sv_output){ .row = count_row, .finish = count_finish,
				   .close = count_close, .ctx = c };
	return 0;
}
