/* fuzz_nat.c - libFuzzer target: the nftables ruleset read for the rules
 * that send a TCP port elsewhere (why_nat.c): libnftables' JSON, and the
 * text listing an iptables-nft rule's destination comes from. The first
 * two bytes are the port (and the rule's handle). */
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
	/* the same bytes as a text listing, for rule ip nat DOCKER handle N */
	memset(&fw, 0, sizeof(fw));
	fw.kind = data[0] & 1 ? SV_WHY_FWD_REDIRECT : SV_WHY_FWD_DNAT;
	fw.nft_handle = data[1];
	memcpy(fw.nft_family, "ip", 3);
	memcpy(fw.nft_table, "nat", 4);
	memcpy(fw.nft_chain, "DOCKER", 7);
	n = sv_why_parse_nat_text((const char *)data + 2, size - 2, &fw);
	if (n != 0 && n != -2 /* ENOENT */)
		abort();
	if (!memchr(fw.host, 0, sizeof(fw.host)) || (n == 0 && fw.kind == SV_WHY_FWD_REDIRECT &&
						     fw.host[0]))
		abort();
	return 0;
}
