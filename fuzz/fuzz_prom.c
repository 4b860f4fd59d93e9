/* fuzz_prom.c - libFuzzer target: arbitrary bytes as a Prometheus label
 * value (escape.h's sv_escape_prom, promtext.h's sample line) and as
 * --prom-ports's list (promports.h). The first byte picks which. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/escape.h"
#include "sockview/promports.h"
#include "sockview/promtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Is the escaped value one the format reads back: no raw control byte,
 * no '"' unescaped, every backslash one of the format's three escapes,
 * valid UTF-8 (a lead byte followed by its continuation bytes)? */
static void check_value(const unsigned char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = v[i];
		size_t more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

		if (c < 0x20 || c == 0x7f || c == '"' || (c >= 0x80 && c < 0xc2) || c > 0xf4)
			abort();
		if (c == '\\') {
			if (i + 1 >= n || (v[i + 1] != '\\' && v[i + 1] != '"' && v[i + 1] != 'n'))
				abort();
			i++;
			continue;
		}
		for (size_t k = 1; k <= more; k++)
			if (i + k >= n || (v[i + k] & 0xc0) != 0x80)
				abort();
		i += more;
	}
}

static void label_value(const char *in, size_t n)
{
	struct sv_promtext_label l = { "v", in, n };
	size_t need = sv_escape_prom(NULL, 0, in, n);
	char *out = malloc(need + 1), *line = NULL;
	size_t len = 0;
	FILE *f;

	if (!out || sv_escape_prom(out, need + 1, in, n) != need || strlen(out) != need)
		abort();
	check_value((const unsigned char *)out, need);
	/* the sample is one line: name, the escaped value, the number */
	f = open_memstream(&line, &len);
	if (f && sv_promtext_sample_u64(f, "m", &l, 1, 42) == 0 && fclose(f) == 0) {
		if (len != need + 11 || memcmp(line, "m{v=\"", 5) != 0 ||
		    memcmp(line + 5, out, need) != 0 || strcmp(line + 5 + need, "\"} 42\n") != 0)
			abort();
	} else if (f) {
		fclose(f);
	}
	free(line);
	free(out);
}

static void ports(const char *in, size_t n)
{
	static uint8_t bits[65536 / 8];
	char *list = malloc(n + 1), err[256];

	if (!list)
		return;
	memcpy(list, in, n);
	list[n] = '\0';
	memset(bits, 0, sizeof(bits));
	if (sv_promports_parse(list, NULL, bits, err, sizeof(err)) == 0) {
		if (bits[0] & 1) /* port 0 is never one */
			abort();
	} else if (!strstr(err, "bad --prom-ports item") || strchr(err, '\x1b')) {
		abort();
	}
	free(list);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1)
		label_value((const char *)data + 1, size - 1);
	else
		ports((const char *)data + 1, size - 1);
	return 0;
}
