/* format_num.h - numbers as ss prints them in its socket details ("%g" of
 * microseconds as milliseconds, "%#x", rates, timers), without printf on
 * the common paths. Each writes at most SV_NUM_MAX bytes, NUL included, at
 * d and returns the length. */
#ifndef SOCKVIEW_FORMAT_NUM_H
#define SOCKVIEW_FORMAT_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SV_NUM_MAX 64

/* "%llu" */
size_t sv_format_num_u64(char *d, uint64_t v);

/* u / 256 as its exact decimal (a fixed-point gain of bbr's: 1/256 is
 * 0.00390625, so at most 8 decimals, trailing zeros dropped): "2.885". */
size_t sv_format_num_q8(char *d, uint64_t u);

/* "%llx" */
size_t sv_format_num_hex(char *d, uint64_t v);

/* "%#x": "0" for 0, else "0x" and lower-case hex. */
size_t sv_format_num_althex(char *d, uint32_t v);

/* "%g" of n / 1000.0: a time in microseconds as milliseconds ("0.014",
 * "208", "5.401"). */
size_t sv_format_num_milli(char *d, uint32_t n);

/* "%g" of v. */
size_t sv_format_num_g(char *d, double v);

/* A rate in bits per second as ss's sprint_bw() writes it: "%.0f" with
 * numeric (-n), else "%.3g" with a unit (k, M, G, T) or "%g" below 1000. */
size_t sv_format_num_bw(char *d, double bps, bool numeric);

/* A timer's expiry in milliseconds as ss's print_ms_timer() writes it:
 * "119min", "12sec", "1.500ms" (ss 6.1, the installed oracle) or, with
 * fixed, "1.500sec" (ss 7.x's fix: seconds and milliseconds are seconds),
 * "" for 0. */
size_t sv_format_num_timer(char *d, uint32_t ms, bool fixed);

#endif
