/* fuzz_procmap.c - libFuzzer target: arbitrary bytes as /proc/PID/stat
 * text, as an fd link target, as an SELinux context (attr/current, the
 * security.selinux attribute), as /proc/PID/cgroup's text, and as a string
 * to escape for text and JSON. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/escape.h"
#include "sockview/procmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The comm is what lies between the first '(' and the last ')'. */
static void check_stat(const char *in, size_t size, size_t commlen)
{
	char comm[80];
	const char *open = memchr(in, '(', size);
	int n;

	memset(comm, '#', sizeof(comm));
	n = sv_procmap_parse_stat(in, size, comm, commlen);
	if (n < 0) {
		if (n != -EINVAL || comm[0] != '#')
			abort();
		return;
	}
	if (!open || n > 64 || (size_t)n >= commlen || comm[n] != '\0' ||
	    memcmp(comm, open + 1, (size_t)n) != 0 || comm[n + 1] != '#')
		abort();
}

/* A context is the bytes before the first NUL, cut to cap - 1; none when
 * that is empty. */
static void check_context(const char *in, size_t size, size_t cap)
{
	char out[20];
	const char *nul = memchr(in, '\0', size);
	size_t want = nul ? (size_t)(nul - in) : size;
	int n;

	memset(out, '#', sizeof(out));
	n = sv_procmap_parse_context(in, size, out, cap);
	if (want == 0 || cap == 0) {
		if (n != -EINVAL || (cap && out[0] != '\0'))
			abort();
		return;
	}
	if (want > cap - 1)
		want = cap - 1;
	if (n != (int)want || memcmp(out, in, want) != 0 || out[want] != '\0' ||
	    (want + 1 < sizeof(out) && out[want + 1] != '#'))
		abort();
}

/* A link that parses reads back the same after formatting. */
static void check_fdlink(const char *in, size_t size)
{
	uint32_t ino = 7, ino2 = 0;
	int r = sv_procmap_parse_fdlink(in, size, &ino);
	int prefix = size >= 8 && memcmp(in, "socket:[", 8) == 0;
	char text[32];
	int n;

	if (r != 0) {
		if (ino != 7 || (r == -ENOENT) == prefix ||
		    (r != -ENOENT && r != -EINVAL))
			abort();
		return;
	}
	n = snprintf(text, sizeof(text), "socket:[%u]", ino);
	if (!prefix || sv_procmap_parse_fdlink(text, (size_t)n, &ino2) != 0 ||
	    ino2 != ino)
		abort();
}

/* Undo an escape: \xHH, \uHHHH (at most 0xff: all that is ever written),
 * \\, \", and JSON's short forms. Returns the decoded length, or aborts. */
static size_t unescape(const char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (s[i] != '\\') {
			out[o++] = s[i];
			continue;
		}
		if (++i >= n)
			abort();
		switch (s[i]) {
		case 'x':
		case 'u':
			if (sscanf(s + i + 1, s[i] == 'x' ? "%2x" : "%4x", &v) != 1 ||
			    v > 0xff)
				abort();
			out[o++] = (char)v;
			i += s[i] == 'x' ? 2 : 4;
			break;
		case 'b': out[o++] = '\b'; break;
		case 'f': out[o++] = '\f'; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case '\\':
		case '"': out[o++] = s[i]; break;
		default: abort();
		}
	}
	return o;
}

/* RFC 3629 UTF-8, written from the table rather than from escape.c. */
static int valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		k = s[i] >= 0xf0 ? 4 : s[i] >= 0xe0 ? 3 : s[i] >= 0xc0 ? 2 : 0;
		if (k == 0 || s[i] > 0xf4 || i + k > n)
			return 0;
		cp = s[i] & (0x7f >> k);
		for (size_t j = 1; j < k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) ||
		    (k == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += k;
	}
	return 1;
}

/* Full output has exactly the returned length, only allowed bytes, and
 * decodes back to the input; a small buffer gets a NUL-terminated prefix. */
static void check_escape(const char *in, size_t size, int json, size_t small)
{
	size_t need = json ? sv_escape_json(NULL, 0, in, size)
			   : sv_escape_text(NULL, 0, in, size);
	char *full = malloc(need + 1), *dec = malloc(need + 1), part[16];
	size_t got;

	if (!full || !dec)
		abort();
	got = json ? sv_escape_json(full, need + 1, in, size)
		   : sv_escape_text(full, need + 1, in, size);
	if (got != need || strlen(full) != need)
		abort();
	for (size_t i = 0; i < need; i++) {
		unsigned char c = (unsigned char)full[i];

		if (c < 0x20 || c == 0x7f || (!json && (c >= 0x7f || c == ' ')))
			abort();
	}
	if (json && !valid_utf8((const unsigned char *)full, need))
		abort();
	if (unescape(full, need, dec) != size || memcmp(dec, in, size) != 0)
		abort();
	memset(part, '#', sizeof(part));
	got = json ? sv_escape_json(part, small, in, size)
		   : sv_escape_text(part, small, in, size);
	if (got != need || (small > 0 && (strlen(part) >= small ||
					  memcmp(part, full, strlen(part)) != 0)) ||
	    (small < sizeof(part) && part[small] != '#'))
		abort();
	free(full);
	free(dec);
}

/* The cgroup v2 line: "0::" at a line's start, then an absolute path to
 * the line's end, inside the text. */
static void check_cgroup(const char *in, size_t size)
{
	size_t off = 0, len = 0;

	if (sv_procmap_parse_cgroup(in, size, &off, &len) != 0)
		return;
	if (off < 3 || off + len > size || len == 0 || in[off] != '/' ||
	    memcmp(in + off - 3, "0::", 3) != 0 || (off > 3 && in[off - 4] != '\n') ||
	    memchr(in + off, '\n', len) || memchr(in + off, '\0', len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exact size, no NUL: the parsers must obey len */
	char *in = malloc(size ? size : 1);
	size_t small = size ? data[0] % 16 : 0;

	if (!in)
		return 0;
	memcpy(in, data, size);
	check_stat(in, size, 80); /* more than the 64-byte cap */
	check_stat(in, size, 1 + small);
	check_fdlink(in, size);
	check_context(in, size, sizeof(((char[20]){ 0 })));
	check_context(in, size, small);
	check_escape(in, size, 0, small);
	check_escape(in, size, 1, small);
	check_cgroup(in, size);
	free(in);
	return 0;
}
