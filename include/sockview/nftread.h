/* nftread.h - the kernel's nftables ruleset of the network namespace the
 * caller is in, read through libnftables (no program is run), as the JSON
 * that `nft -j list ruleset` prints. */
#ifndef SOCKVIEW_NFTREAD_H
#define SOCKVIEW_NFTREAD_H

#include <stdbool.h>
#include <stddef.h>

/* The ruleset as JSON (`nft -j list ruleset`), or with json false as text
 * with each object's handle (`nft -a list ruleset`), NUL-terminated,
 * malloc'd into *out (len bytes). Returns 0; -EPERM when listing it needs
 * privileges (CAP_NET_ADMIN); -ENOSYS when sockview was built without
 * libnftables; or another negative errno, with a message in err. */
int sv_nft_read_ruleset(bool json, char **out, size_t *len, char *err, size_t errlen);

/* Was sockview built with libnftables? */
bool sv_nft_available(void);

#endif
