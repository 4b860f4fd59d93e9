/* fuzz_listing.c - libFuzzer target: arbitrary sockets through the whole
 * listing: a scripted source serves them as sock_diag replies (rows,
 * listeners, autobound connections), the listing classifies, filters and
 * formats them in every layout (sockview's, ss's, JSON).
 *
 * Input: 8 bytes of options, a filter text (length byte, then the text),
 * then 48 bytes per socket. Oracles besides the sanitizers: the listing
 * never fails; sockview's layout gives every row the same number of fields;
 * ss's layout pads every line of a batch to the same length; no output
 * holds a control byte but '\n' or a byte above 0x7e outside JSON strings
 * (a hostile device name is in the interface cache). */
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/filter.h"
#include "sockview/listing.h"
#include "sockview/tables.h"
#include "sockview/output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REC 48
#define MAX_SOCKS 256

struct fsock {
	struct inet_diag_msg m;
	bool autobound;
	bool has_mark;
	uint32_t mark;
};

struct fsrc {
	struct fsock s[MAX_SOCKS];
	size_t n;
	struct sv_dump_req req;
	size_t next;
	bool done;
};

static bool serving(const struct fsock *f, enum sv_table t)
{
	return f->m.idiag_state == (t == SV_TABLE_TCP ? SV_STATE_LISTEN : SV_STATE_CLOSE);
}

/* Does socket i belong to the current request? (The kernel would apply
 * states and bytecode; the listing applies them again in any case.) */
static bool answers(const struct fsrc *f, size_t i)
{
	const struct fsock *s = &f->s[i];
	bool tcp = (s->m.id.idiag_cookie[1] & 1) != 0;

	if (s->m.idiag_family != f->req.family ||
	    tcp != (f->req.table == SV_TABLE_TCP))
		return false;
	if (f->req.kind == SV_DUMP_LISTENERS)
		return serving(s, f->req.table);
	if (f->req.kind == SV_DUMP_AUTOBOUND)
		return s->autobound;
	return true;
}

static int src_request(void *ctx, const struct sv_dump_req *req)
{
	struct fsrc *f = ctx;

	f->req = *req;
	f->next = 0;
	f->done = false;
	return 0;
}

static size_t put_msg(char *buf, const struct fsock *s)
{
	struct nlmsghdr h = { .nlmsg_type = SOCK_DIAG_BY_FAMILY, .nlmsg_flags = NLM_F_MULTI };
	size_t n = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(s->m));

	memcpy(buf + NLMSG_HDRLEN, &s->m, sizeof(s->m));
	if (s->has_mark) {
		struct nlattr a = { .nla_len = 8, .nla_type = INET_DIAG_MARK };

		memcpy(buf + n, &a, sizeof(a));
		memcpy(buf + n + 4, &s->mark, 4);
		n += 8;
	}
	h.nlmsg_len = (uint32_t)n;
	memcpy(buf, &h, sizeof(h));
	return n;
}

static ssize_t src_recv(void *ctx, void *buf, size_t len)
{
	struct fsrc *f = ctx;
	size_t n = 0;

	while (f->next < f->n && len - n >= 256) {
		if (answers(f, f->next))
			n += put_msg((char *)buf + n, &f->s[f->next]);
		f->next++;
	}
	if (f->next == f->n && !f->done && len - n >= NLMSG_HDRLEN + 4) {
		struct nlmsghdr h = { .nlmsg_len = NLMSG_HDRLEN + 4, .nlmsg_type = NLMSG_DONE };

		memcpy((char *)buf + n, &h, sizeof(h));
		memset((char *)buf + n + NLMSG_HDRLEN, 0, 4);
		n += NLMSG_HDRLEN + 4;
		f->done = true;
	}
	return (ssize_t)n;
}

static void read_sock(struct fsock *s, const uint8_t *p)
{
	memset(s, 0, sizeof(*s));
	s->m.idiag_family = p[0] & 1 ? AF_INET6 : AF_INET;
	s->m.idiag_state = (uint8_t)(p[1] % (SV_STATE_MAX + 1));
	memcpy(&s->m.id.idiag_sport, p + 2, 2);
	memcpy(&s->m.id.idiag_dport, p + 4, 2);
	memcpy(s->m.id.idiag_src, p + 6, 16);
	memcpy(s->m.id.idiag_dst, p + 22, 8);
	s->m.id.idiag_dst[2] = p[30] & 3 ? 0 : 0x01000000u; /* often a wildcard */
	s->m.id.idiag_if = p[31] & 0x8 ? 7 : 0;
	memcpy(&s->m.idiag_rqueue, p + 32, 4);
	memcpy(&s->m.idiag_wqueue, p + 36, 4);
	s->m.id.idiag_cookie[0] = p[40] | (uint32_t)p[41] << 8;
	s->m.id.idiag_cookie[1] = p[42] & 1; /* the table */
	s->autobound = p[42] & 2;
	s->has_mark = p[42] & 4;
	s->mark = p[43];
	s->m.idiag_inode = p[44];
	if (p[0] & 2) { /* a v4-mapped IPv6 address */
		memset(s->m.id.idiag_src, 0, 8);
		s->m.id.idiag_src[2] = htonl(0xffff);
	}
}

/* Each line's number of fields (sockview's layout: the header has its
 * own, two titles hold a space) or length (ss's: the header's too). */
static void check_output(const char *out, size_t len, int layout, bool header)
{
	long first = -1;
	const char *line = out;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];

		if ((c < 0x20 && c != '\n') || (c > 0x7e && layout != 2))
			abort();
	}
	while (layout != 2 && line < out + len) {
		const char *end = memchr(line, '\n', (size_t)(out + len - line));
		long v = 0;

		if (!end)
			abort(); /* every line ends with a newline */
		if (layout == 0) {
			for (const char *p = line; p < end; p++)
				v += *p != ' ' && (p == line || p[-1] == ' ');
		} else {
			v = end - line;
		}
		if (first >= 0 && v != first)
			abort();
		if (!(header && layout == 0 && line == out))
			first = v;
		line = end + 1;
	}
}

/* One listing in one layout (0 sockview, 1 ss, 2 JSON). */
static void run(struct fsrc *src, const struct sv_opts *o, const struct sv_filter *flt,
		const uint8_t *opt, int layout)
{
	struct sv_ifnames ifn;
	struct sv_fmt_opts fo = { .netid = opt[0] & 1, .state = opt[0] & 2,
				  .header = opt[0] & 4, .numeric = opt[0] & 8,
				  .no_queues = opt[0] & 16, .screen_width = -1,
				  .ifnames = &ifn };
	struct sv_json_opts jo = { .lines = opt[0] & 32, .ifnames = &ifn };
	struct sv_source s = { .request = src_request, .recv = src_recv, .ctx = src,
			       .kernel = opt[0] & 64 };
	struct sv_classify *cls = malloc(sizeof(*cls));
	struct sv_listing l = { .opts = o, .src = &s, .cls = cls, .filter = flt,
				.roles = true };
	static const enum sv_output_kind kinds[] = { SV_OUTPUT_TABLE, SV_OUTPUT_SS,
						     SV_OUTPUT_JSON };
	char err[512], *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!cls || !f)
		abort();
	sv_ifnames_init(&ifn);
	sv_ifnames_put(&ifn, 7, "e\x1b[2J\xff v");
	fo.eph_lo = (uint16_t)(opt[4] << 8);
	fo.eph_hi = (uint16_t)(fo.eph_lo + (opt[5] << 8));
	sv_classify_init(cls, fo.eph_lo, fo.eph_hi);
	if (sv_output_open(kinds[layout], f, &fo, &jo, &l.out) != 0)
		abort();
	if (sv_listing_run(&l, err, sizeof(err)) != 0)
		abort();
	fclose(f);
	check_output(out, len, layout, fo.header);
	sv_output_close(&l.out);
	sv_classify_release(cls);
	free(cls);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fsrc *src;
	struct sv_opts o = { 0 };
	struct sv_filter *flt = NULL;
	struct sv_filter_parse_opts po = { 0 };
	char text[256], err[256];
	size_t flen;

	if (size < 9)
		return 0;
	flen = data[8] < size - 9 ? data[8] : size - 9;
	if (flen > sizeof(text) - 1)
		flen = sizeof(text) - 1;
	memcpy(text, data + 9, flen);
	text[flen] = '\0';
	o.tables = (data[1] & 3) ? data[1] & 3 : 3;
	o.families = (data[1] & 4) ? 0 : SV_AF(AF_INET);
	if (!(data[1] & 8) || !o.families)
		o.families |= SV_AF(AF_INET6);
	o.states = ((uint32_t)data[2] | (uint32_t)data[3] << 8) & SV_STATES_ALL;
	if (!o.states)
		o.states = SV_STATES_ALL;
	po.eph_lo = (uint16_t)(data[4] << 8);
	po.eph_hi = (uint16_t)(po.eph_lo + (data[5] << 8));
	if (flen && sv_filter_parse_text_with(text, &po, &flt, err, sizeof(err)) != 0)
		flt = NULL;
	src = calloc(1, sizeof(*src));
	if (!src)
		abort();
	for (size_t off = 9 + flen; off + REC <= size && src->n < MAX_SOCKS; off += REC)
		read_sock(&src->s[src->n++], data + off);
	for (int layout = 0; layout < 3; layout++)
		run(src, &o, flt, data, layout);
	sv_filter_free(flt);
	free(src);
	return 0;
}
