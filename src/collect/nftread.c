/* nftread.c - the nftables ruleset through libnftables (nftread.h): its
 * "list ruleset" command, output and errors kept in its buffers, never
 * printed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef SV_BUILD_NFTABLES
#include <fcntl.h>
#include <linux/capability.h>
#include <nftables/libnftables.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "sockview/escape.h"
#include "sockview/nftread.h"

/* See nftread.h. */
bool sv_nft_available(void)
{
#ifdef SV_BUILD_NFTABLES
	return true;
#else
	return false;
#endif
}

#ifdef SV_BUILD_NFTABLES
/* libnftables' error text as an errno: its messages carry strerror's. */
static int error_of(const char *text)
{
	if (strstr(text, "Operation not permitted") || strstr(text, "Permission denied"))
		return -EPERM;
	if (strstr(text, "Protocol not supported") || strstr(text, "No such file"))
		return -EPROTONOSUPPORT; /* a kernel without nf_tables */
	return -EIO;
}

/* Is CAP_NET_ADMIN effective? Asked first: without it libnftables
 * writes its refusal on stderr itself. Unknown: assumed. */
static bool net_admin(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) != 0)
		return true;
	return (d[CAP_NET_ADMIN / 32].effective >> (CAP_NET_ADMIN % 32)) & 1u;
}

/* "list ruleset" into ctx's buffers. libxtables, which libnftables asks
 * to show iptables-nft's targets as text, writes its own complaints on
 * stderr ("XT target DNAT not found"): they go to /dev/null meanwhile
 * (the caller runs no other thread then). */
static int list_quietly(struct nft_ctx *ctx)
{
	int saved, null, ret;

	fflush(stderr);
	saved = dup(STDERR_FILENO);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved >= 0 && null >= 0)
		dup2(null, STDERR_FILENO);
	ret = nft_run_cmd_from_buffer(ctx, "list ruleset");
	if (saved >= 0 && null >= 0)
		dup2(saved, STDERR_FILENO);
	if (saved >= 0)
		close(saved);
	if (null >= 0)
		close(null);
	return ret;
}

/* See nftread.h. */
int sv_nft_read_ruleset(bool json, char **out, size_t *len, char *err, size_t errlen)
{
	struct nft_ctx *ctx;
	const char *text, *msg;
	int ret = 0;

	*out = NULL;
	*len = 0;
	if (!net_admin()) {
		snprintf(err, errlen, "cannot list the nftables ruleset: it needs CAP_NET_ADMIN");
		return -EPERM;
	}
	ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	if (!ctx) {
		snprintf(err, errlen, "libnftables: out of memory");
		return -ENOMEM;
	}
	/* numbers, not names: ports as ports, whatever /etc/services says */
	nft_ctx_output_set_flags(ctx, (json ? NFT_CTX_OUTPUT_JSON : NFT_CTX_OUTPUT_HANDLE) |
					      NFT_CTX_OUTPUT_NUMERIC_ALL);
	if (nft_ctx_buffer_output(ctx) || nft_ctx_buffer_error(ctx)) {
		nft_ctx_free(ctx);
		snprintf(err, errlen, "libnftables: cannot buffer its output");
		return -ENOMEM;
	}
	if (list_quietly(ctx) != 0) {
		char shown[256];

		msg = nft_ctx_get_error_buffer(ctx);
		msg = msg ? msg : "";
		ret = error_of(msg);
		sv_escape_text(shown, sizeof(shown), msg, strcspn(msg, "\n"));
		snprintf(err, errlen, "cannot list the nftables ruleset: %s",
			 ret == -EPERM ? "it needs CAP_NET_ADMIN" : shown[0] ? shown : "failed");
	} else {
		text = nft_ctx_get_output_buffer(ctx);
		*len = text ? strlen(text) : 0;
		*out = malloc(*len + 1);
		if (!*out) {
			snprintf(err, errlen, "out of memory");
			ret = -ENOMEM;
		} else {
			memcpy(*out, text ? text : "", *len + 1);
		}
	}
	nft_ctx_free(ctx);
	return ret;
}
#else
/* See nftread.h. */
int sv_nft_read_ruleset(bool json, char **out, size_t *len, char *err, size_t errlen)
{
	(void)json;
	*out = NULL;
	*len = 0;
	snprintf(err, errlen, "sockview was built without libnftables");
	return -ENOSYS;
}
#endif
