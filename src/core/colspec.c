/* colspec.c - the field lists of --columns, --count and --sort, parsed
 * against the field registry (colspec.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sockview/colspec.h"
#include "sockview/escape.h"

/* The names that are not one registry field, or that the table shows with
 * ss's cells; a registry field of the same name (netid...) is kept too. */
static const struct {
	const char *name;
	const char *alias;
	uint8_t kind;
	const char *field; /* the registry's, or NULL */
	const char *title;
} composite[] = {
	{ "netid", NULL, SV_COL_NETID, "netid", "Netid" },
	{ "state", NULL, SV_COL_STATE, "state", "State" },
	{ "recv_q", "recvq", SV_COL_RECVQ, "recv_q", "Recv-Q" },
	{ "send_q", "sendq", SV_COL_SENDQ, "send_q", "Send-Q" },
	{ "local", NULL, SV_COL_LOCAL, NULL, "Local Address:Port" },
	{ "peer", NULL, SV_COL_PEER, NULL, "Peer Address:Port" },
	{ "users", "process", SV_COL_PROCESS, "users", "Process" },
};
#define NCOMPOSITE (sizeof(composite) / sizeof(composite[0]))

/* Short names for the socket details people ask for most, whose own
 * names are long dotted paths. */
static const struct {
	const char *alias;
	const char *field;
} short_names[] = {
	{ "rtt", "tcp_info.rtt_us" }, { "cwnd", "tcp_info.snd_cwnd" },
	{ "retrans", "tcp_info.total_retrans" }, { "mss", "tcp_info.snd_mss_bytes" },
	{ "cong", "congestion" },
};
#define NSHORT (sizeof(short_names) / sizeof(short_names[0]))

/* The short name of the registry field called name, or its own alias. */
static const char *alias_of(const struct sv_field *f)
{
	for (size_t i = 0; i < NSHORT; i++)
		if (strcmp(short_names[i].field, f->name) == 0)
			return short_names[i].alias;
	return f->alias;
}

static bool name_is(const char *want, const char *name, size_t len)
{
	return want && strlen(want) == len && strncasecmp(want, name, len) == 0;
}

/* See colspec.h. */
bool sv_colspec_lookup(const char *name, size_t len, struct sv_col *out)
{
	const struct sv_field *all;
	size_t n;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < NCOMPOSITE; i++) {
		if (name_is(composite[i].name, name, len) || name_is(composite[i].alias, name, len)) {
			out->kind = composite[i].kind;
			out->name = composite[i].name;
			out->field = composite[i].field ? sv_fields_find(composite[i].field) : NULL;
			return true;
		}
	}
	all = sv_fields_all(&n);
	for (size_t i = 0; i < n; i++) {
		if (name_is(all[i].name, name, len) || name_is(alias_of(&all[i]), name, len)) {
			out->kind = SV_COL_FIELD;
			out->name = all[i].name;
			out->field = &all[i];
			return true;
		}
	}
	return false;
}

static const char *use_name(enum sv_colspec_use use)
{
	return use == SV_COLSPEC_SORT ? "--sort" : use == SV_COLSPEC_COUNT ? "--count" :
	       "--columns";
}

/* One item (not empty, no comma) into c->col[c->n]. */
static int parse_item(const char *p, size_t len, enum sv_colspec_use use, struct sv_colspec *c,
		      char *err, size_t errlen)
{
	struct sv_col col;
	uint8_t op = SV_COL_SET;
	bool desc = false;
	char shown[256];

	if (len && (p[0] == '+' || p[0] == '-') && use != SV_COLSPEC_COUNT) {
		if (use == SV_COLSPEC_COLUMNS)
			op = p[0] == '+' ? SV_COL_ADD : SV_COL_DROP;
		else if (p[0] == '-')
			desc = true;
		else
			goto bad; /* --sort=+x: '+' means nothing there */
		p++, len--;
	}
	if (!len || !sv_colspec_lookup(p, len, &col))
		goto bad;
	if (c->n == 0)
		c->relative = op != SV_COL_SET;
	for (size_t i = 0; i < c->n; i++) {
		if (c->col[i].name == col.name && c->col[i].op == op) {
			sv_escape_text(shown, sizeof(shown), p, len);
			snprintf(err, errlen, "%s names '%s' twice", use_name(use), shown);
			return -EINVAL;
		}
	}
	col.op = op;
	col.desc = desc;
	c->col[c->n++] = col;
	return 0;
bad:
	sv_escape_text(shown, sizeof(shown), p, len);
	snprintf(err, errlen, "unknown field '%s' (item %u of %s); 'sockview --columns=help' "
		 "lists them", shown, c->n + 1u, use_name(use));
	return -EINVAL;
}

/* See colspec.h. */
int sv_colspec_parse(const char *list, enum sv_colspec_use use, struct sv_colspec *c,
		     char *err, size_t errlen)
{
	const char *p = list;
	char shown[128];

	memset(c, 0, sizeof(*c));
	for (;;) {
		size_t len = strcspn(p, ",");

		if (len == 0 || c->n == SV_COLSPEC_MAX) {
			sv_escape_text(shown, sizeof(shown), list, strlen(list));
			if (len == 0)
				snprintf(err, errlen, "%s '%s': empty item %u (names are "
					 "separated by single commas)", use_name(use), shown,
					 c->n + 1u);
			else
				snprintf(err, errlen, "%s '%s': at most %d names",
					 use_name(use), shown, SV_COLSPEC_MAX);
			return -EINVAL;
		}
		if (parse_item(p, len, use, c, err, errlen) < 0)
			return -EINVAL;
		p += len;
		if (!*p)
			return 0;
		p++;
	}
}

/* The registry fields whose JSON member sits in object "name" (local.*). */
static bool in_object(const struct sv_field *f, const char *name)
{
	size_t n = strlen(name);

	return strncmp(f->name, name, n) == 0 && f->name[n] == '.';
}

/* See colspec.h. */
uint32_t sv_colspec_needs(const struct sv_colspec *c)
{
	uint32_t needs = 0;

	for (size_t i = 0; i < c->n; i++)
		if (c->col[i].op != SV_COL_DROP && c->col[i].field)
			needs |= c->col[i].field->needs;
	return needs;
}

/* See colspec.h. */
bool sv_colspec_item_has(const struct sv_col *it, const struct sv_field *f)
{
	return it->field == f || in_object(f, it->name);
}

/* See colspec.h. */
bool sv_colspec_json_missing(const struct sv_colspec *c, const char **name)
{
	const struct sv_field *all;
	size_t n;

	all = sv_fields_all(&n);
	for (size_t i = 0; i < c->n; i++) {
		bool found = false;

		if (c->col[i].op == SV_COL_DROP)
			continue;
		for (size_t j = 0; j < n && !found; j++)
			found = (all[j].flags & SV_FIELD_JSON) &&
				sv_colspec_item_has(&c->col[i], &all[j]);
		if (!found) {
			*name = c->col[i].name;
			return true;
		}
	}
	return false;
}

/* See colspec.h. */
int sv_colspec_help_write(FILE *out)
{
	const struct sv_field *all;
	size_t n;

	fprintf(out, "%-30s %-9s %-10s %s\n", "NAME", "ALIAS", "SHOWN IN", "TITLE");
	for (size_t i = 0; i < NCOMPOSITE; i++)
		fprintf(out, "%-30s %-9s %-10s %s\n", composite[i].name,
			composite[i].alias ? composite[i].alias : "-", "table,json",
			composite[i].title);
	all = sv_fields_all(&n);
	for (size_t i = 0; i < n; i++) {
		struct sv_col col;

		/* a name the composite list took (netid...) is listed once */
		sv_colspec_lookup(all[i].name, strlen(all[i].name), &col);
		if (col.kind != SV_COL_FIELD)
			continue;
		fprintf(out, "%-30s %-9s %-10s %s\n", all[i].name,
			alias_of(&all[i]) ? alias_of(&all[i]) : "-",
			(all[i].flags & SV_FIELD_JSON) ? "table,json" : "table", all[i].title);
	}
	if (fflush(out) != 0 || ferror(out))
		return errno ? -errno : -EIO;
	return 0;
}
