/* proc_words.h - the words of a /proc/net line and their numbers, for the
 * line parsers of proc_packet.c and proc_netlink.c. Not installed. */
#ifndef SOCKVIEW_PROC_WORDS_H
#define SOCKVIEW_PROC_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The words of line[0..len) between blanks, tabs and newlines: up to max
 * of them into w[] (start) and wl[] (length). Returns the count, or -1
 * when the line has more than max. */
int sv_proc_words_split(const char *line, size_t len, const char *w[], size_t wl[],
			int max);

/* The word as an unsigned number in base 10 or 16 (digits only: no sign,
 * no "0x"), at most max: true and *v, else false. */
bool sv_proc_words_number(const char *w, size_t len, unsigned int base, uint64_t max,
			  uint64_t *v);

/* One field of a line of numbers: its base and greatest value. */
struct sv_proc_field {
	unsigned int base;
	uint64_t max;
};

/* The most fields sv_proc_words_numbers reads. */
#define SV_PROC_WORDS_MAX 16

/* A line of exactly n (at most SV_PROC_WORDS_MAX) numbers, each as
 * fields[i] says, into v[]. Returns 0; 1 for the header line (its first
 * word is head); -EBADMSG for any other line. */
int sv_proc_words_numbers(const char *line, size_t len, const char *head,
			  const struct sv_proc_field *fields, int n, uint64_t *v);

#endif
