/* main_outfile.c - main's part for --output=FILE: the output (any format)
 * goes to an unnamed file in FILE's directory, put in place only when the
 * run ends well (outfile.h), so a killed or failed run leaves the old file
 * (a textfile collector never reads half a file). */
#include <fcntl.h>

#include "main_priv.h"

/* See main_priv.h. */
int sv_main_outfile_open(struct run *r)
{
	char name[256];
	int ret, fd;

	if (!r->o.output_file)
		return EXIT_OK;
	if (r->o.watch_ms || r->o.dump_file)
		return sv_main_usage_error(r->o.watch_ms ?
			"--output writes one listing: it cannot go with --watch" :
			"-D writes the dump and shows nothing: it cannot go with --output");
	sv_main_esc(name, sizeof(name), r->o.output_file);
	ret = sv_outfile_open(r->o.output_file, &r->out_file);
	if (ret == 0) {
		fd = fcntl(sv_outfile_fd(r->out_file), F_DUPFD_CLOEXEC, 3);
		r->out_stream = fd >= 0 ? fdopen(fd, "w") : NULL;
		ret = r->out_stream ? 0 : -errno;
		if (!r->out_stream && fd >= 0)
			close(fd);
	}
	if (ret < 0) {
		fprintf(stderr, "sockview: cannot write '%s': %s\n", name, strerror(-ret));
		return EXIT_RUNTIME;
	}
	r->outf = r->out_stream;
	return EXIT_OK;
}

/* See main_priv.h. */
int sv_main_outfile_end(struct run *r, int status)
{
	char name[256];
	int ret = 0;

	if (!r->out_file)
		return status;
	if (fflush(r->out_stream) != 0 || ferror(r->out_stream))
		ret = errno ? -errno : -EIO;
	if (fclose(r->out_stream) != 0 && ret == 0)
		ret = errno ? -errno : -EIO;
	r->out_stream = r->outf = NULL;
	if (status != EXIT_OK || ret < 0) {
		sv_outfile_discard(r->out_file);
	} else {
		ret = sv_outfile_commit(r->out_file);
	}
	r->out_file = NULL;
	if (ret == 0 || status != EXIT_OK)
		return status;
	fprintf(stderr, "sockview: writing '%s': %s\n",
		sv_main_esc(name, sizeof(name), r->o.output_file), strerror(-ret));
	return EXIT_RUNTIME;
}
