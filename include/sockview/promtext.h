/* promtext.h - the Prometheus text exposition format (0.0.4, what
 * node_exporter's textfile collector reads): a metric family's HELP and
 * TYPE lines, its samples with their labels escaped, the names checked.
 * Every output that writes Prometheus text (--format=prom, --count) writes
 * through these. */
#ifndef SOCKVIEW_PROMTEXT_H
#define SOCKVIEW_PROMTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The types sockview writes. */
enum sv_promtext_type {
	SV_PROMTEXT_GAUGE,   /* a value that goes up and down */
	SV_PROMTEXT_COUNTER, /* a count that only rises (its name ends in _total) */
};

/* One label of a sample. */
struct sv_promtext_label {
	const char *name;  /* a valid label name (sv_promtext_label_name_ok) */
	const char *value; /* bytes (untrusted ones too): escaped on output */
	size_t len;        /* value's length */
};

/* Is name a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)? */
bool sv_promtext_metric_name_ok(const char *name);

/* Is name a label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__",
 * which Prometheus keeps for itself)? */
bool sv_promtext_label_name_ok(const char *name);

/* The label name for a field registry name (fields.h): every character
 * that a label name cannot hold becomes '_' ("local.port" gives
 * "local_port"), and one that starts with a digit or "__" gets "f" before
 * it. Writes at most len bytes with the NUL; returns the length it needed
 * (like snprintf). */
size_t sv_promtext_label_name(char *out, size_t len, const char *name);

/* A family's "# HELP name help" and "# TYPE name type" lines. help is
 * written with '\\' and newlines escaped as the format wants (and bytes
 * that are no valid UTF-8 as an escaped \xHH). Returns 0, or -EIO once f
 * has an error. */
int sv_promtext_family(FILE *f, const char *name, enum sv_promtext_type type,
		       const char *help);

/* One sample: name{l1="v1",l2="v2"} value (no braces without labels),
 * the values escaped (escape.h's sv_escape_prom); no timestamp. The
 * double form writes NaN, +Inf and -Inf as the format spells them and
 * other values with 15 significant digits (integers below 10^15 exactly).
 * Returns 0, -EIO once f has an error, or -ENOMEM. */
int sv_promtext_sample(FILE *f, const char *name, const struct sv_promtext_label *labels,
		       size_t n, double value);
int sv_promtext_sample_u64(FILE *f, const char *name, const struct sv_promtext_label *labels,
			   size_t n, uint64_t value);

#endif
