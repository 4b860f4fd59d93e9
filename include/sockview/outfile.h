/* outfile.h - a file written whole or not at all (-D FILE). */
#ifndef SOCKVIEW_OUTFILE_H
#define SOCKVIEW_OUTFILE_H

struct sv_outfile; /* opaque */

/* Open path for writing. Where path is a regular file or does not exist,
 * the data goes to an unnamed file in the same directory (O_TMPFILE) that
 * sv_outfile_commit() puts in place at once: a run that is killed or fails
 * leaves no file, or the old one. Anything else (a device such as
 * /dev/full, a FIFO, a symbolic link, a filesystem without O_TMPFILE) is
 * opened and written in place. Returns 0 and sets *out, or a negative
 * errno. */
int sv_outfile_open(const char *path, struct sv_outfile **out);

/* The descriptor to write to. */
int sv_outfile_fd(const struct sv_outfile *f);

/* Give the file its name (replacing what was there) and close it. Returns
 * 0 or a negative errno; f is freed in any case. */
int sv_outfile_commit(struct sv_outfile *f);

/* Close without committing: an unnamed file vanishes (NULL is fine). */
void sv_outfile_discard(struct sv_outfile *f);

#endif
