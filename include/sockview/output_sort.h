/* output_sort.h - --sort: an output in front of another that keeps every
 * row and hands them on in the order of the chosen fields at the end. */
#ifndef SOCKVIEW_OUTPUT_SORT_H
#define SOCKVIEW_OUTPUT_SORT_H

#include "sockview/colspec.h"
#include "sockview/fields.h"
#include "sockview/output.h"

/* Put the sorter in front of *out (which it then owns: closing *out
 * closes both). by: the fields, each ascending or descending (numbers as
 * numbers, addresses as addresses, what a row lacks last, ties in the
 * listing's order); ctx: what their accessors need. by and ctx must
 * outlive the output. Returns 0 or -ENOMEM (*out unchanged). */
int sv_output_sort_wrap(struct sv_output *out, const struct sv_colspec *by,
			const struct sv_field_ctx *ctx);

/* Compare two sockets by by, as the sorter does (<0, 0, >0; ties 0). */
int sv_output_sort_cmp(const struct sv_colspec *by, const struct sv_field_ctx *ctx,
		       const struct sv_sock *a, const struct sv_sock *b);

#endif
