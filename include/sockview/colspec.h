/* colspec.h - the field lists of --columns, --count and --sort: names of
 * the field registry (fields.h: dotted paths and their aliases) and the
 * composite columns of the table (local and peer, ss's "Address:Port"). */
#ifndef SOCKVIEW_COLSPEC_H
#define SOCKVIEW_COLSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sockview/fields.h"

/* The most items of one list. */
#define SV_COLSPEC_MAX 64

/* What an item names. The cells ss prints (netid to send_q) are registry
 * fields too (field is set); local and peer are composite: in the table
 * ss's address and port cells, in JSON the whole object, in --sort every
 * member of it, in --count the table's text; process is the users field
 * as the table's Process column shows it. */
enum sv_col_kind {
	SV_COL_FIELD = 0,
	SV_COL_NETID,
	SV_COL_STATE,
	SV_COL_RECVQ,
	SV_COL_SENDQ,
	SV_COL_LOCAL,
	SV_COL_PEER,
	SV_COL_PROCESS,
};

/* How an item changes the list (--columns): '=' in order, '+' added to
 * the default columns, '-' taken out of them. */
enum sv_col_op { SV_COL_SET = 0, SV_COL_ADD, SV_COL_DROP };

struct sv_col {
	uint8_t kind;  /* enum sv_col_kind */
	uint8_t op;    /* enum sv_col_op */
	bool desc;     /* --sort: '-' before the name, biggest first */
	const struct sv_field *field; /* the registry's field; NULL for local
					 and peer */
	const char *name; /* the canonical name ("local.port", "local") */
};

struct sv_colspec {
	struct sv_col col[SV_COLSPEC_MAX];
	uint8_t n;
	bool relative; /* the first item was +NAME or -NAME: the default
			  columns, changed */
};

/* What a list is for, which decides the prefixes it takes. */
enum sv_colspec_use {
	SV_COLSPEC_COLUMNS, /* NAME, +NAME, -NAME */
	SV_COLSPEC_SORT,    /* NAME or -NAME (descending) */
	SV_COLSPEC_COUNT,   /* NAME */
};

/* Parse a comma-separated list of names (any case) for use. Returns 0, or
 * -EINVAL with a message naming the item and its place ("unknown field
 * 'x' (item 2 of --sort); --columns=help lists them"). An empty list is
 * an error for every use. */
int sv_colspec_parse(const char *list, enum sv_colspec_use use, struct sv_colspec *out,
		     char *err, size_t errlen);

/* The item of a name, or false (name is not a field). */
bool sv_colspec_lookup(const char *name, size_t len, struct sv_col *out);

/* What the items need collected (SV_NEED_* bits; local and peer need
 * nothing beyond the listing). Dropped items count for nothing. */
uint32_t sv_colspec_needs(const struct sv_colspec *c);

/* Does item it name the registry field f: its own field, or the object f
 * is a member of ("local" names "local.port")? */
bool sv_colspec_item_has(const struct sv_col *it, const struct sv_field *f);

/* Does c hold an item JSON has no member for (the table's own class and
 * netns columns)? Sets *name to it. */
bool sv_colspec_json_missing(const struct sv_colspec *c, const char **name);

/* Write --columns=help on out: a header line, then one line per name: the
 * name, its alias or "-", where it shows ("table" or "table,json") and its
 * title. Returns 0 or a negative errno. */
int sv_colspec_help_write(FILE *out);

#endif
