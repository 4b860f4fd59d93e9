/* output.h - where a listing's rows go: one interface in front of every
 * formatter (sockview's table, ss's table, JSON, none). */
#ifndef SOCKVIEW_OUTPUT_H
#define SOCKVIEW_OUTPUT_H

#include <stdio.h>

#include "sockview/format.h"
#include "sockview/format_json.h"
#include "sockview/sock.h"

/* The formatters. */
enum sv_output_kind {
	SV_OUTPUT_NONE,  /* rows are dropped (-D shows nothing) */
	SV_OUTPUT_TABLE, /* sockview's layout */
	SV_OUTPUT_SS,    /* ss's exact layout (--ss) */
	SV_OUTPUT_JSON,  /* -j, --json-lines */
};

/* A formatter behind three calls, and a fourth for streams. row() and
 * finish() return 0 or a negative errno (-EPIPE when the reader went
 * away); close() frees it. flush(), for a stream of rows that has no end
 * (-E), writes out what the rows so far make and flushes, as ss does
 * after each event (NULL: nothing to do). */
struct sv_output {
	int (*row)(void *ctx, const struct sv_sock *s);
	int (*finish)(void *ctx);
	void (*close)(void *ctx);
	void *ctx;
	int (*flush)(void *ctx);
};

/* Open the formatter of kind on f: fo for the tables, jo for JSON. Returns
 * 0 and fills *out, or -ENOMEM. */
int sv_output_open(enum sv_output_kind kind, FILE *f, const struct sv_fmt_opts *fo,
		   const struct sv_json_opts *jo, struct sv_output *out);

/* Free what sv_output_open made (a zeroed out is fine). */
void sv_output_close(struct sv_output *out);

#endif
