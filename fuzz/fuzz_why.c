/* fuzz_why.c - libFuzzer target: `sockview why`'s parsers of outside text
 * (the kernel's counters, the reserved ports sysctl, the target word, a
 * holder's command line as a forwarder's), and the rules over what they
 * read. The first byte picks the parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/netstat.h"
#include "sockview/why.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void counters(const char *text, size_t len)
{
	struct sv_netstat ns = { .n = 3 };
	char err[128];
	uint64_t v;

	ns.name[0] = "TcpExt.ListenOverflows";
	ns.name[1] = "Tcp.OutRsts";
	ns.name[2] = "A.B";
	if (sv_netstat_parse(text, len, &ns, err, sizeof(err)) < 0 && !strstr(err, "line") &&
	    !strstr(err, "empty"))
		abort(); /* an error always names its line */
	if (ns.found >> 3)
		abort();
	if (sv_netstat_get(&ns, "A.B", &v) == 0 && !(ns.found & 4))
		abort();
}

static void target(const char *text, size_t len)
{
	static struct sv_why_input in;
	static struct sv_why_report rep;
	struct sv_why_target t;
	char word[256], err[256];

	if (len >= sizeof(word))
		return;
	memcpy(word, text, len);
	word[len] = '\0';
	memset(&t, 0, sizeof(t));
	if (sv_why_parse_target(word, NULL, &t, err, sizeof(err)) < 0) {
		if (strchr(err, '\x1b') || !strstr(err, "why:"))
			abort(); /* the word comes back escaped */
		return;
	}
	if (t.kind != SV_WHY_UNIX && t.port == 0)
		abort();
	memset(&in, 0, sizeof(in));
	in.target = &t;
	sv_why_diagnose(&in, &rep);
	if (!rep.likely || rep.n == 0 || rep.f[0].code != SV_WHY_NO_LISTENER)
		abort(); /* no sockets at all: nothing listens */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t bits[65536 / 8];
	char *copy;

	if (size < 1)
		return 0;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1); /* exact size, no NUL */
	switch (data[0] % 4) {
	case 3: {
		struct sv_why_forward fw;
		enum sv_why_fwd_kind k = sv_why_parse_forward(copy, size - 1, 8080, &fw);

		if ((k == SV_WHY_FWD_NONE) != (fw.kind == SV_WHY_FWD_NONE) || (k && !fw.port) ||
		    !memchr(fw.host, '\0', sizeof(fw.host)))
			abort();
		break;
	}
	case 0:
		counters(copy, size - 1);
		break;
	case 1:
		(void)sv_why_parse_reserved(copy, size - 1, bits);
		break;
	default:
		target(copy, size - 1);
		break;
	}
	free(copy);
	return 0;
}
