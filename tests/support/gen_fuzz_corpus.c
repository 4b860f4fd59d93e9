/* gen_fuzz_corpus.c - writes the hand-built seeds of fuzz/corpus/diag_parse
 * with the test builders (tests/support/nlbuild.h). Not part of the build:
 *   cc -Iinclude -Itests tests/support/gen_fuzz_corpus.c src/core/fileio.c -lmnl -o gen &&
 *   ./gen fuzz/corpus/diag_parse
 * The recorded dump (ss1.dump) is copied from tests/data. */
#include <stdio.h>

#include "support/nlbuild.h"

static void save(const char *dir, const char *name, const struct nlb *b)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b->buf, 1, b->len, f) != b->len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	struct nlb b;
	struct nlmsghdr *nlh;

	/* one IPv4 socket and DONE */
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = 1, .sport = 22, .dport = 50000,
					 .src = "10.0.0.1", .dst = "10.0.0.2",
					 .cookie = 1, .inode = 100 });
	nlb_done(&b);
	save(dir, "min-v4", &b);

	/* IPv6 listener with every attribute the parser reads, an unknown one */
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6,
						     .state = 10, .sport = 443,
						     .src = "::", .dst = "::",
						     .wqueue = 4096, .cookie = 2 });
	mnl_attr_put_u8(nlh, INET_DIAG_SHUTDOWN, 0);
	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
	mnl_attr_put_u32(nlh, INET_DIAG_MARK, 0x42);
	mnl_attr_put_u64(nlh, INET_DIAG_CGROUP_ID, 12345);
	mnl_attr_put(nlh, 200, 3, "abc");
	nlb_end(&b, nlh);
	nlb_done(&b);
	save(dir, "v6-attrs", &b);

	/* IPv4-mapped, dual-stack UDP, bound to a device */
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6,
						     .state = 1, .sport = 22,
						     .dport = 40000,
						     .src = "::ffff:10.0.0.1",
						     .dst = "::ffff:10.0.0.2",
						     .cookie = 3 });
	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 0);
	nlb_end(&b, nlh);
	nlb_sock(&b, &(struct nlb_sock){ .state = 7, .sport = 53,
					 .src = "127.0.0.53", .ifindex = 1,
					 .cookie = 4 });
	nlb_done(&b);
	save(dir, "mapped-udp-dev", &b);

	/* an interrupted dump */
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = 1, .sport = 1, .cookie = 5,
					 .flags = NLM_F_DUMP_INTR });
	nlb_done_flags(&b, NLM_F_DUMP_INTR);
	save(dir, "dump-intr", &b);

	/* NLMSG_ERROR: a refusal, and an ack among sockets */
	nlb_init(&b);
	nlb_error(&b, -EPERM);
	save(dir, "error-eperm", &b);
	nlb_init(&b);
	nlb_error(&b, 0);
	nlb_sock(&b, &(struct nlb_sock){ .state = 2, .sport = 40001, .dport = 80,
					 .cookie = 6 });
	nlb_done(&b);
	save(dir, "error-ack", &b);

	/* two parts, as a file with IPv4 then IPv6 */
	nlb_init(&b);
	nlb_sock(&b, &(struct nlb_sock){ .state = 6, .sport = 33000, .dport = 443,
					 .cookie = 7 });
	nlb_done(&b);
	nlb_sock(&b, &(struct nlb_sock){ .family = AF_INET6, .state = 8,
					 .sport = 22, .dport = 50001,
					 .src = "fe80::1", .dst = "fe80::2",
					 .cookie = 8 });
	nlb_done(&b);
	save(dir, "two-parts", &b);

	/* the last message without its padding (a file may end so) */
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6,
						     .state = 10, .sport = 22,
						     .cookie = 9 });
	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
	nlh->nlmsg_len -= 3;
	nlb_end(&b, nlh);
	b.len = nlh->nlmsg_len;
	save(dir, "unpadded-last", &b);

	/* malformed: an attribute that runs past its message */
	nlb_init(&b);
	nlh = nlb_sock_begin(&b, &(struct nlb_sock){ .family = AF_INET6 });
	mnl_attr_put_u32(nlh, INET_DIAG_MARK, 1);
	((struct nlattr *)((char *)nlh + NLMSG_HDRLEN +
			   sizeof(struct inet_diag_msg)))->nla_len = 40;
	nlb_end(&b, nlh);
	nlb_done(&b);
	save(dir, "bad-attr", &b);
	return 0;
}
