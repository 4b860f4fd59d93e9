/* fuzz_tcpinfo.c - libFuzzer target: arbitrary bytes as the blocks of a
 * connection's details - a tcp_info of any length, a congestion control's
 * block (bbr, dctcp, vegas) of any length, socket memory words, socket
 * option bits - written as ss's text (every option, one line and not,
 * numeric and not) and as the JSON members of the field registry.
 *
 * Input: byte 0 picks the block type and the details, bytes 1-3 the
 * lengths of the tcp_info and congestion blocks and of the words; the
 * rest is cut into those blocks. Each block lies in a buffer of exactly its
 * length (ASan sees a read past it), and, as a second oracle, the text
 * must be the same when the block lies in a larger buffer whose bytes after
 * its length differ. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/inet_diag.h>

#include "sockview/fields.h"
#include "sockview/format_details.h"
#include "sockview/tcpinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAD 64

/* A copy of n bytes in a buffer of exactly n (tail: PAD more bytes of it). */
static void *block(const uint8_t *p, size_t n, int tail)
{
	unsigned char *b = malloc(n + (tail >= 0 ? PAD : 0) + 1);

	if (!b)
		abort();
	memcpy(b, p, n);
	if (tail >= 0)
		memset(b + n, tail, PAD);
	return b;
}

/* Every detail's text and every registry value of s: the text, for the
 * differential oracle. */
static char *render(const struct sv_sock *s, uint8_t pick)
{
	struct sv_textbuf b = { 0 };
	struct sv_details_opts o = { .details = SV_DETAILS_ALL };
	const struct sv_field *all;
	struct sv_field_ctx ctx = { 0 };
	size_t n;

	for (int k = 0; k < 4; k++) {
		o.oneline = k & 1;
		o.numeric = k & 2;
		o.fixed_timer = pick & 1;
		if (sv_format_details(&b, &o, s) < 0)
			abort();
	}
	all = sv_fields_all(&n);
	for (size_t i = 0; i < n; i++) {
		struct sv_value v;

		if (!sv_fields_applies(&all[i], s) || !(all[i].needs & SV_DETAILS_ALL) ||
		    !all[i].get(s, &ctx, &v))
			continue;
		if (sv_textbuf_room(&b, 64) < 0)
			abort();
		b.len += (size_t)snprintf(b.p + b.len, 64, "|%s=%llu", all[i].name,
					  v.type == SV_FT_UINT || v.type == SV_FT_Q8 ||
					  v.type == SV_FT_BOOL ?
					  (unsigned long long)(v.type == SV_FT_BOOL ? v.b : v.u) : 0ull);
	}
	if (sv_textbuf_room(&b, 0) < 0)
		abort();
	b.p[b.len] = '\0';
	return b.p;
}

static char *run(const uint8_t *data, size_t size, int tail)
{
	static const uint16_t types[] = { INET_DIAG_BBRINFO, INET_DIAG_DCTCPINFO,
					  INET_DIAG_VEGASINFO, INET_DIAG_CONG };
	uint8_t pick = data[0];
	size_t ti = data[1] * 2u, ca = data[2] % 40u, words = data[3] % 12u;
	const uint8_t *p = data + 4;
	size_t left = size - 4;
	struct sv_sock s;
	char *text;

	ti = ti < left ? ti : left;
	left -= ti;
	ca = ca < left ? ca : left;
	left -= ca;
	words = words * 4 < left ? words : left / 4;
	memset(&s, 0, sizeof(s));
	s.table = pick & 2 ? SV_TABLE_UDP : SV_TABLE_TCP;
	s.family = pick & 4 ? 10 : 2;
	s.state = (uint8_t)(pick % SV_STATE_MAX);
	s.timer = pick >> 5;
	s.expires = (uint32_t)pick * 7919u;
	s.have = SV_HAVE_TCP_INFO | SV_HAVE_CA_INFO | SV_HAVE_SKMEM | SV_HAVE_CONG |
		 SV_HAVE_SOCKOPT | SV_HAVE_SHUTDOWN | SV_HAVE_TOS | SV_HAVE_TCLASS |
		 SV_HAVE_CLASS_ID | SV_HAVE_V6ONLY;
	s.tcp_info = block(p, ti, tail);
	s.tcp_info_len = (uint16_t)ti;
	s.ca_info = block(p + ti, ca, tail);
	s.ca_info_len = (uint16_t)ca;
	s.ca_info_type = types[(pick >> 3) & 3];
	s.skmem = block(p + ti + ca, words * 4, tail);
	s.skmem_len = (uint16_t)words;
	s.cong = block(p + ti, ca < 20 ? ca : 20, tail); /* the block's bytes as a name */
	s.cong_len = (uint16_t)(ca < 20 ? ca : 20);
	s.sockopt[0] = pick;
	s.sockopt[1] = data[1];
	s.shutdown = pick & 3;
	text = render(&s, pick);
	free((void *)s.tcp_info);
	free((void *)s.ca_info);
	free((void *)s.skmem);
	free((void *)s.cong);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a, *b, *c;

	if (size < 4)
		return 0;
	a = run(data, size, -1);
	b = run(data, size, 0x00);
	c = run(data, size, 0xff);
	if (strcmp(a, b) != 0 || strcmp(a, c) != 0) /* read past a block */
		abort();
	free(a);
	free(b);
	free(c);
	return 0;
}
