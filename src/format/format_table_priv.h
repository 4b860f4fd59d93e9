/* format_table_priv.h - what the table's files share (format_table.c
 * builds rows, format_table_emit.c writes and colours them). Private to
 * format/. */
#ifndef SOCKVIEW_FORMAT_TABLE_PRIV_H
#define SOCKVIEW_FORMAT_TABLE_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sockview/colspec.h"
#include "sockview/fields.h"
#include "sockview/format.h"
#include "sockview/textbuf.h"

/* The most columns: every --columns item, local and peer two cells each. */
#define SV_TCOL_MAX (SV_COLSPEC_MAX + 8)

enum sv_tcol_kind { SV_TCOL_CELL, SV_TCOL_PROCESS, SV_TCOL_FIELD };

/* What decides a column's colour. */
enum sv_paint {
	SV_PAINT_NONE = 0,
	SV_PAINT_STATE,    /* by the state's name */
	SV_PAINT_LISTENER, /* a listener's local address and port */
	SV_PAINT_ROLE,     /* listen, in, out */
	SV_PAINT_CLASS,    /* well-known, registered, dynamic, ephemeral */
};

/* The colours (0: none), as SGR sequences in format_table_emit.c. */
enum sv_color {
	SV_COLOR_NONE = 0, SV_COLOR_HEADER, SV_COLOR_GREEN_BOLD, SV_COLOR_GREEN,
	SV_COLOR_YELLOW, SV_COLOR_RED, SV_COLOR_DIM, SV_COLOR_CYAN, SV_COLOR_BLUE,
	SV_COLOR_BOLD, SV_COLOR_MAX
};

/* One column of the table. */
struct sv_tcol {
	const char *title;
	uint8_t kind;  /* enum sv_tcol_kind */
	uint8_t cell;  /* SV_TCOL_CELL: enum sv_cell */
	uint8_t paint; /* enum sv_paint */
	bool right;    /* right-aligned (addresses) */
	bool glued;    /* no separator before it (a port after its address) */
	bool queue;    /* padded to 6 in compact rows (ss's "%-6u") */
	const struct sv_field *field; /* SV_TCOL_FIELD */
};

struct sv_table_fmt {
	FILE *out;
	struct sv_fmt_opts o;
	struct sv_tcol cols[SV_TCOL_MAX];
	int ncols;
	bool need_cells, need_proc;
	struct sv_field_ctx ctx;
	bool header_done;
	/* aligned mode: every row's cells, NUL-separated, in one arena */
	char *arena;
	size_t used, cap;
	size_t width[SV_TCOL_MAX];
	char *proc;             /* the row's Process text */
	struct sv_textbuf ftext; /* the row's field columns, one after another */
	struct sv_textbuf det;  /* the row's details (-o -e -m -i...) */
	struct sv_textbuf line; /* the line being written */
};

/* Write one line: the cells (with their colours), padded to the columns'
 * widths when aligned, else compact; then the details and -b's filter
 * (det), then the newline. Returns 0 or a negative errno. */
int sv_table_emit(struct sv_table_fmt *f, const char *const cell[], const uint16_t len[],
		  const uint8_t color[], const char *det, size_t dlen, bool aligned);

/* The colour (enum sv_color) of a cell painted by paint, for s, whose
 * text is text. */
uint8_t sv_table_paint(uint8_t paint, const struct sv_sock *s, const char *text, size_t len);

#endif
