/* fuzz_ctnames.c - libFuzzer target: arbitrary bytes as Docker's
 * config.v2.json and as containers/storage's containers.json, read for
 * the containers' names. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/ctnames.h"

#define ID "3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A name as ctnames.h promises it: 1 to SV_CT_NAME_MAX bytes, no '/'. */
static int name_ok(const char *s)
{
	size_t n = strnlen(s, SV_CT_NAME_MAX + 1);

	return n > 0 && n <= SV_CT_NAME_MAX && !strchr(s, '/');
}

static int id_ok(const char *s)
{
	if (strlen(s) != SV_CT_ID_MAX)
		return 0;
	for (size_t i = 0; i < SV_CT_ID_MAX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[SV_CT_NAME_MAX + 1];
	struct sv_ctname *v = NULL;
	size_t n = 0;
	int ret;

	/* a copy of exactly size bytes: ASan sees a read past the end */
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(name, 'x', sizeof(name));
	ret = sv_ctnames_parse_docker(buf, size, ID, name);
	if ((ret != 0 && ret != -ENOENT && ret != -EINVAL && ret != -ENOMEM) ||
	    (ret == 0 && (!name_ok(name) || !memchr(name, '\0', sizeof(name)))))
		abort();
	ret = sv_ctnames_parse_podman(buf, size, &v, &n);
	if (ret != 0 && (v || n))
		abort();
	for (size_t i = 0; i < n; i++)
		if (!id_ok(v[i].id) || !name_ok(v[i].name))
			abort();
	free(v);
	free(buf);
	return 0;
}
