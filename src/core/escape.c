/* escape.c - untrusted strings made safe for a terminal, a column or JSON. */
#include <stdbool.h>
#include <string.h>

#include "sockview/escape.h"

static const char hexdig[] = "0123456789abcdef";

/* Output written like snprintf, but an escape sequence (or a UTF-8
 * character) is written whole or not at all, and nothing after it either:
 * a truncated result is a clean prefix of the full one. */
struct esc_out {
	char *out;
	size_t len;
	size_t pos;  /* bytes written */
	size_t need; /* bytes the full result takes */
};

/* Append a run of plain ASCII and whole UTF-8 characters, cut if needed
 * before a character, never inside one. */
static void emit_run(struct esc_out *o, const char *s, size_t n)
{
	if (o->pos == o->need && o->len > 0) {
		size_t room = o->len - 1 - o->pos;
		size_t k = n < room ? n : room;

		while (k < n && k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;

		memcpy(o->out + o->pos, s, k);
		o->pos += k;
	}
	o->need += n;
}

/* Append one unit that must not be cut. */
static void emit_unit(struct esc_out *o, const char *s, size_t n)
{
	if (o->pos == o->need && o->need + n < o->len) {
		memcpy(o->out + o->pos, s, n);
		o->pos += n;
	}
	o->need += n;
}

/* Append "\xHH" (text) or "\u00HH" (JSON) for byte c. */
static void emit_hex(struct esc_out *o, unsigned char c, bool json)
{
	if (json) {
		char u[6] = { '\\', 'u', '0', '0', hexdig[c >> 4], hexdig[c & 15] };

		emit_unit(o, u, sizeof(u));
	} else {
		char x[4] = { '\\', 'x', hexdig[c >> 4], hexdig[c & 15] };

		emit_unit(o, x, sizeof(x));
	}
}

/* NUL-terminate and return the full length. */
static size_t finish(struct esc_out *o)
{
	if (o->len > 0)
		o->out[o->pos] = '\0';
	return o->need;
}

static bool text_plain(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != '\\';
}

static bool json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* Length of the valid UTF-8 character at s (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		lo = s[0] == 0xe0 ? 0xa0 : lo;
		hi = s[0] == 0xed ? 0x9f : hi;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		lo = s[0] == 0xf0 ? 0x90 : lo;
		hi = s[0] == 0xf4 ? 0x8f : hi;
	} else {
		return 0;
	}
	if (n < need || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k < need; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	return need;
}

/* Escape for text: printable ASCII but space, '"' and '\\' is kept; see
 * escape.h. A string with nothing to escape is one memcpy. */
size_t sv_escape_text(char *out, size_t len, const char *in, size_t inlen)
{
	struct esc_out o = { out, len, 0, 0 };
	size_t i = 0;

	while (i < inlen) {
		size_t j = i;
		unsigned char c;

		while (j < inlen && text_plain((unsigned char)in[j]))
			j++;
		emit_run(&o, in + i, j - i);
		if (j == inlen)
			break;
		c = (unsigned char)in[j];
		if (c == '\\')
			emit_unit(&o, "\\\\", 2);
		else if (c == '"')
			emit_unit(&o, "\\\"", 2);
		else
			emit_hex(&o, c, false);
		i = j + 1;
	}
	return finish(&o);
}

/* The JSON escape of one ASCII byte that is not plain. */
static void json_ascii(struct esc_out *o, unsigned char c)
{
	static const char shortesc[32] = {
		['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
	};
	char two[2] = { '\\', (char)c };

	if (c < 0x20 && shortesc[c])
		two[1] = shortesc[c];
	if (c == '"' || c == '\\' || (c < 0x20 && shortesc[c]))
		emit_unit(o, two, 2);
	else
		emit_hex(o, c, true);
}

/* The loop of the escapes that keep valid UTF-8 (JSON's, Prometheus'):
 * runs of plain bytes and of valid UTF-8 sequences copied whole, every
 * other byte given to one(). Inlined into each caller, so that plain()
 * and one() are direct calls there. */
static inline __attribute__((always_inline)) size_t
escape_utf8(char *out, size_t len, const char *in, size_t inlen, bool (*plain)(unsigned char),
	    void (*one)(struct esc_out *, unsigned char))
{
	const unsigned char *u = (const unsigned char *)in;
	struct esc_out o = { out, len, 0, 0 };
	size_t i = 0;

	while (i < inlen) {
		size_t j = i, n;

		for (;;) {
			if (j < inlen && plain(u[j]))
				j++;
			else if (j < inlen && u[j] >= 0x80 &&
				 (n = utf8_len(u + j, inlen - j)) > 0)
				j += n;
			else
				break;
		}
		emit_run(&o, in + i, j - i);
		if (j == inlen)
			break;
		one(&o, u[j]);
		i = j + 1;
	}
	return finish(&o);
}

/* The JSON escape of a byte that is neither plain nor valid UTF-8. */
static void json_one(struct esc_out *o, unsigned char c)
{
	if (c < 0x80)
		json_ascii(o, c);
	else
		emit_hex(o, c, true);
}

/* Escape for a JSON string body: '"', '\\', control bytes (and DEL) are
 * escaped, valid UTF-8 is kept, other bytes >= 0x80 become \u00HH; see
 * escape.h. A string with nothing to escape (ASCII or valid UTF-8) is one
 * memcpy. */
size_t sv_escape_json(char *out, size_t len, const char *in, size_t inlen)
{
	return escape_utf8(out, len, in, inlen, json_plain, json_one);
}

/* Printable ASCII that a Prometheus label value keeps as it is. */
static bool prom_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* The Prometheus escape of a byte that is neither plain nor valid UTF-8:
 * the format's three escapes, else an escaped "\\xHH". */
static void prom_one(struct esc_out *o, unsigned char c)
{
	if (c == '\\') {
		emit_unit(o, "\\\\", 2);
	} else if (c == '"') {
		emit_unit(o, "\\\"", 2);
	} else if (c == '\n') {
		emit_unit(o, "\\n", 2);
	} else {
		char x[5] = { '\\', '\\', 'x', hexdig[c >> 4], hexdig[c & 15] };

		emit_unit(o, x, sizeof(x));
	}
}

/* Escape for a Prometheus label value: the format's three escapes, valid
 * UTF-8 kept, every other byte as an escaped "\\xHH"; see escape.h. */
size_t sv_escape_prom(char *out, size_t len, const char *in, size_t inlen)
{
	return escape_utf8(out, len, in, inlen, prom_plain, prom_one);
}
