/* format_bpf.c - the classic BPF filter of a packet socket (-b) in ss's
 * text: "bpf filter (N):  0x28 0 0 12, 0x06 0 0 65535,". */
#include <stdio.h>
#include <string.h>

#include <linux/filter.h>

#include "sockview/format.h"

/* See format.h. */
size_t sv_format_bpf_text(char *out, size_t cap, const struct sv_sock *s,
			  bool oneline)
{
	size_t n;

	if (cap == 0)
		return 0;
	out[0] = '\0';
	if (!(s->have & SV_HAVE_BPF))
		return 0;
	n = (size_t)snprintf(out, cap, "%sbpf filter (%u): ", oneline ? " " : "\n\t",
			     s->pk.filter_len);
	for (uint16_t i = 0; i < s->pk.filter_len && n < cap; i++) {
		struct sock_filter f;

		memcpy(&f, (const char *)s->pk.filter + i * sizeof(f), sizeof(f));
		n += (size_t)snprintf(out + n, cap - n, " 0x%02x %u %u %u,", f.code,
				      f.jt, f.jf, f.k);
	}
	return n < cap ? n : cap - 1;
}
