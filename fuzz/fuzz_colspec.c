/* fuzz_colspec.c - libFuzzer target: the input (up to its first NUL) as the
 * list of --columns, --sort and --count; a parse that succeeds names known
 * fields only, one that fails says why in printable text. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/colspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *list, enum sv_colspec_use use)
{
	struct sv_colspec c;
	char err[256] = "";
	int ret = sv_colspec_parse(list, use, &c, err, sizeof(err));

	if (ret == -EINVAL) {
		if (!err[0])
			abort();
		for (const char *p = err; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort(); /* a word of the input came back raw */
		return;
	}
	if (ret != 0 || c.n == 0 || c.n > SV_COLSPEC_MAX)
		abort();
	for (size_t i = 0; i < c.n; i++) {
		if (!c.col[i].name || (c.col[i].kind == SV_COL_FIELD && !c.col[i].field))
			abort();
		if (use != SV_COLSPEC_COLUMNS && c.col[i].op != SV_COL_SET)
			abort();
		if (use != SV_COLSPEC_SORT && c.col[i].desc)
			abort();
	}
	(void)sv_colspec_needs(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *list = malloc(size + 1);

	if (!list)
		return 0;
	memcpy(list, data, size);
	list[size] = '\0';
	check(list, SV_COLSPEC_COLUMNS);
	check(list, SV_COLSPEC_SORT);
	check(list, SV_COLSPEC_COUNT);
	free(list);
	return 0;
}
