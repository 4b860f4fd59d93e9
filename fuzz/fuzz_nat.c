/* fuzz_nat.c - libFuzzer target: the nftables ruleset (libnftables' JSON)
 * read for the rules that send a TCP port elsewhere (why_nat.c). The first
 * two bytes are the port. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sockview/why.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sv_why_forward fw;
	char err[128];
	uint16_t port;
	int n;

	if (size < 2)
		return 0;
	port = (uint16_t)(data[0] << 8 | data[1]);
	memset(err, 0, sizeof(err));
	n = sv_why_parse_nat((const char *)data + 2, size - 2, port, &fw, err, sizeof(err));
	if (n < 0 && (n != -74 /* EBADMSG */ || !err[0]))
		abort(); /* a refusal says why */
	if (n > 0 && (fw.kind != SV_WHY_FWD_DNAT && fw.kind != SV_WHY_FWD_REDIRECT))
		abort();
	if (n > 0 && (fw.nrules != n || !fw.port || !memchr(fw.host, 0, sizeof(fw.host)) ||
		      !memchr(fw.nft_chain, 0, sizeof(fw.nft_chain))))
		abort();
	if (n == 0 && fw.kind != SV_WHY_FWD_NONE)
		abort();
	return 0;
}
