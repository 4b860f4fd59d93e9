/* format_num.c - the numbers of ss's socket details, written as its printf
 * formats would write them (format_num.h). The paths every row takes are
 * done by hand; the rare ones go to snprintf. */
#include <stdio.h>
#include <string.h>

#include "sockview/format_num.h"

static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

/* See format_num.h. */
size_t sv_format_num_u64(char *d, uint64_t v)
{
	char tmp[24], *end = tmp + sizeof(tmp), *p = end;
	size_t n;

	while (v >= 100) {
		unsigned int r = (unsigned int)(v % 100) * 2;

		v /= 100;
		*--p = digit_pairs[r + 1];
		*--p = digit_pairs[r];
	}
	if (v >= 10) {
		*--p = digit_pairs[v * 2 + 1];
		*--p = digit_pairs[v * 2];
	} else {
		*--p = (char)('0' + v);
	}
	n = (size_t)(end - p);
	memcpy(d, p, n);
	d[n] = '\0';
	return n;
}

/* See format_num.h. The fraction is (u % 256) * 390625 in eight digits. */
size_t sv_format_num_q8(char *d, uint64_t u)
{
	uint32_t frac = (uint32_t)(u & 255) * 390625u;
	size_t n = sv_format_num_u64(d, u >> 8);
	int last = 8;

	if (!frac)
		return n;
	d[n] = '.';
	for (int i = 7; i >= 0; i--, frac /= 10)
		d[n + 1 + (size_t)i] = (char)('0' + frac % 10);
	while (d[n + (size_t)last] == '0')
		last--;
	n += (size_t)last + 1;
	d[n] = '\0';
	return n;
}

/* See format_num.h. */
size_t sv_format_num_hex(char *d, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int n = v ? (67u - (unsigned int)__builtin_clzll(v)) / 4 : 1;

	for (unsigned int i = n; i-- > 0; v >>= 4)
		d[i] = hex[v & 15];
	d[n] = '\0';
	return n;
}

/* See format_num.h. */
size_t sv_format_num_althex(char *d, uint32_t v)
{
	if (v == 0) {
		memcpy(d, "0", 2);
		return 1;
	}
	d[0] = '0';
	d[1] = 'x';
	return 2 + sv_format_num_hex(d + 2, v);
}

/* See format_num.h. Below 10^6 (1000 ms) n / 1000 has at most six
 * significant digits and three decimals, so "%g" (six significant digits,
 * trailing zeros dropped, no exponent from 0.0001 up) writes exactly that
 * decimal: integer part, and the non-zero decimals. Above, printf rounds. */
size_t sv_format_num_milli(char *d, uint32_t n)
{
	size_t len;
	unsigned int frac = n % 1000;

	if (n >= 1000000)
		return sv_format_num_g(d, (double)n / 1000);
	len = sv_format_num_u64(d, n / 1000);
	if (frac) {
		d[len++] = '.';
		d[len++] = (char)('0' + frac / 100);
		frac %= 100;
		if (frac) {
			d[len++] = (char)('0' + frac / 10);
			frac %= 10;
			if (frac)
				d[len++] = (char)('0' + frac);
		}
		d[len] = '\0';
	}
	return len;
}

static size_t clamp(int n)
{
	if (n < 0)
		return 0;
	return (size_t)n < SV_NUM_MAX ? (size_t)n : SV_NUM_MAX - 1;
}

/* See format_num.h. */
size_t sv_format_num_g(char *d, double v)
{
	return clamp(snprintf(d, SV_NUM_MAX, "%g", v));
}

/* See format_num.h. "%.0f" rounds to the nearest integer, ties to even
 * (the default rounding mode): below 2^64 that is done here. */
size_t sv_format_num_bw(char *d, double bps, bool numeric)
{
	static const struct {
		double at;
		char unit;
	} units[] = { { 1e12, 'T' }, { 1e9, 'G' }, { 1e6, 'M' }, { 1e3, 'k' } };

	if (numeric) {
		if (bps >= 0 && bps < 18446744073709551616.0) {
			uint64_t r = (uint64_t)bps; /* exact: below 2^53 the
						       fraction is exact too */
			double frac = bps - (double)r;

			if (frac > 0.5 || (frac == 0.5 && (r & 1)))
				r++;
			return sv_format_num_u64(d, r);
		}
		return clamp(snprintf(d, SV_NUM_MAX, "%.0f", bps));
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (bps >= units[i].at)
			return clamp(snprintf(d, SV_NUM_MAX, "%.3g%c",
					      bps / units[i].at, units[i].unit));
	return sv_format_num_g(d, bps);
}

/* See format_num.h: minutes drop the rest from ten up, else the seconds;
 * seconds drop the milliseconds from ten up. */
size_t sv_format_num_timer(char *d, uint32_t ms, bool fixed)
{
	unsigned int secs = ms / 1000, minutes = secs / 60, msecs = ms % 1000;
	size_t n = 0;

	secs %= 60;
	if (minutes) {
		msecs = 0;
		n += sv_format_num_u64(d + n, minutes);
		memcpy(d + n, "min", 3);
		n += 3;
		if (minutes > 9)
			secs = 0;
	}
	if (secs) {
		if (secs > 9)
			msecs = 0;
		n += sv_format_num_u64(d + n, secs);
		if (msecs) {
			d[n++] = '.';
		} else {
			memcpy(d + n, "sec", 3);
			n += 3;
		}
	}
	if (msecs) {
		d[n++] = (char)('0' + msecs / 100);
		d[n++] = (char)('0' + msecs / 10 % 10);
		d[n++] = (char)('0' + msecs % 10);
		memcpy(d + n, fixed && secs ? "sec" : "ms", 3);
		n += fixed && secs ? 3 : 2;
	}
	d[n] = '\0';
	return n;
}
