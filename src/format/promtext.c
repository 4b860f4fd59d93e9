/* promtext.c - the Prometheus text exposition format: HELP and TYPE
 * lines, samples with escaped labels (promtext.h). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/escape.h"
#include "sockview/promtext.h"

static bool alpha_(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* See promtext.h. */
bool sv_promtext_metric_name_ok(const char *name)
{
	if (!name || !(alpha_(*name) || *name == ':'))
		return false;
	for (const char *p = name; *p; p++)
		if (!alpha_(*p) && !digit(*p) && *p != ':')
			return false;
	return true;
}

/* See promtext.h. */
bool sv_promtext_label_name_ok(const char *name)
{
	if (!name || !alpha_(*name) || strncmp(name, "__", 2) == 0)
		return false;
	for (const char *p = name; *p; p++)
		if (!alpha_(*p) && !digit(*p))
			return false;
	return true;
}

/* See promtext.h. */
size_t sv_promtext_label_name(char *out, size_t len, const char *name)
{
	size_t need = 0;
	bool prefix = !*name || digit(*name) || strncmp(name, "__", 2) == 0;

	if (prefix && need + 1 < len)
		out[need] = 'f';
	need += prefix;
	for (const char *p = name; *p; p++, need++)
		if (need + 1 < len)
			out[need] = alpha_(*p) || digit(*p) ? *p : '_';
	if (len)
		out[need < len ? need : len - 1] = '\0';
	return need;
}

/* text escaped by sv_escape_prom, into *buf (stack, or allocated when it
 * needs more: the caller frees *heap). NULL when out of memory. */
static const char *escaped(const char *text, size_t n, char *stack, size_t cap, char **heap)
{
	size_t need = sv_escape_prom(stack, cap, text, n);

	*heap = NULL;
	if (need < cap)
		return stack;
	*heap = malloc(need + 1);
	if (*heap)
		sv_escape_prom(*heap, need + 1, text, n);
	return *heap;
}

static int status(FILE *f)
{
	return ferror(f) ? -EIO : 0;
}

/* See promtext.h. A HELP text has two escapes only: the label escape's
 * '\\"' is written back as '"'. */
int sv_promtext_family(FILE *f, const char *name, enum sv_promtext_type type,
		       const char *help)
{
	char buf[512], *heap;
	const char *e = escaped(help, strlen(help), buf, sizeof(buf), &heap);

	if (!e)
		return -ENOMEM;
	fprintf(f, "# HELP %s ", name);
	for (const char *p = e; *p; p++) {
		if (p[0] == '\\' && p[1] == '"')
			p++;
		else if (p[0] == '\\')
			fputc(*p++, f);
		fputc(*p, f);
	}
	fprintf(f, "\n# TYPE %s %s\n", name, type == SV_PROMTEXT_COUNTER ? "counter" : "gauge");
	free(heap);
	return status(f);
}

/* name and the labels, up to the space before the value. */
static int head(FILE *f, const char *name, const struct sv_promtext_label *labels, size_t n)
{
	fputs(name, f);
	for (size_t i = 0; i < n; i++) {
		char buf[256], *heap;
		const char *e = escaped(labels[i].value, labels[i].len, buf, sizeof(buf), &heap);

		if (!e)
			return -ENOMEM;
		fprintf(f, "%c%s=\"%s\"", i ? ',' : '{', labels[i].name, e);
		free(heap);
	}
	if (n)
		fputc('}', f);
	fputc(' ', f);
	return 0;
}

/* See promtext.h. */
int sv_promtext_sample(FILE *f, const char *name, const struct sv_promtext_label *labels,
		       size_t n, double value)
{
	int ret = head(f, name, labels, n);

	if (ret < 0)
		return ret;
	if (isnan(value))
		fputs("NaN\n", f);
	else if (isinf(value))
		fputs(value > 0 ? "+Inf\n" : "-Inf\n", f);
	else
		fprintf(f, "%.15g\n", value);
	return status(f);
}

/* See promtext.h. */
int sv_promtext_sample_u64(FILE *f, const char *name, const struct sv_promtext_label *labels,
			   size_t n, uint64_t value)
{
	int ret = head(f, name, labels, n);

	if (ret < 0)
		return ret;
	fprintf(f, "%" PRIu64 "\n", value);
	return status(f);
}
