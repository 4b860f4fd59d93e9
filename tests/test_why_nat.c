/* test_why_nat.c - cmocka suite for the rules of an nftables ruleset that
 * send a TCP port elsewhere (why_nat.c): libnftables' JSON as `nft -j list
 * ruleset` printed it for a Docker-style ruleset, named sets, th dport,
 * ports of other protocols, maps, and malformed listings; then the report
 * `why` makes of them. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sockview/why.h"

/* nft -j list ruleset, for (nft -f):
 *   table ip nat: PREROUTING and OUTPUT jump to DOCKER (fib daddr type
 *   local), DOCKER: iifname "docker0" return; iifname != "docker0" meta
 *   l4proto tcp tcp dport 8080 dnat to 172.17.0.2:80; tcp dport { 9000,
 *   9100-9200 } dnat to 172.17.0.3; tcp dport 7000 redirect to :7001; udp
 *   dport 5353 dnat to 172.17.0.4:53
 *   table inet filt, chain x: tcp dport 6000 dnat ip to 10.0.0.9:6001; tcp
 *   dport 6100 dnat ip6 to [fd00::5]:6101 */
static const char docker[] =
	"{\"nftables\":[{\"metainfo\":{\"version\":\"1.0.6\",\"release_name\":\"Lester Goo"
	"ch #5\",\"json_schema_version\":1}},{\"table\":{\"family\":\"ip\",\"name\":\"nat\","
	"\"handle\":1}},{\"chain\":{\"family\":\"ip\",\"table\":\"nat\",\"name\":\"PREROUTING\""
	",\"handle\":1,\"type\":\"nat\",\"hook\":\"prerouting\",\"prio\":-100,\"policy\":\"acc"
	"ept\"}},{\"chain\":{\"family\":\"ip\",\"table\":\"nat\",\"name\":\"OUTPUT\",\"handle\":"
	"2,\"type\":\"nat\",\"hook\":\"output\",\"prio\":-100,\"policy\":\"accept\"}},{\"chain"
	"\":{\"family\":\"ip\",\"table\":\"nat\",\"name\":\"DOCKER\",\"handle\":3}},{\"rule\":{\""
	"family\":\"ip\",\"table\":\"nat\",\"chain\":\"PREROUTING\",\"handle\":4,\"expr\":[{\"m"
	"atch\":{\"op\":\"==\",\"left\":{\"fib\":{\"result\":\"type\",\"flags\":[\"daddr\"]}},\"r"
	"ight\":\"local\"}},{\"counter\":{\"packets\":0,\"bytes\":0}},{\"jump\":{\"target\":"
	"\"DOCKER\"}}]}},{\"rule\":{\"family\":\"ip\",\"table\":\"nat\",\"chain\":\"OUTPUT\",\"h"
	"andle\":5,\"expr\":[{\"match\":{\"op\":\"!=\",\"left\":{\"payload\":{\"protocol\":\"ip"
	"\",\"field\":\"daddr\"}},\"right\":{\"prefix\":{\"addr\":\"127.0.0.0\",\"len\":8}}}},"
	"{\"match\":{\"op\":\"==\",\"left\":{\"fib\":{\"result\":\"type\",\"flags\":[\"daddr\"]}}"
	",\"right\":\"local\"}},{\"counter\":{\"packets\":0,\"bytes\":0}},{\"jump\":{\"targe"
	"t\":\"DOCKER\"}}]}},{\"rule\":{\"family\":\"ip\",\"table\":\"nat\",\"chain\":\"DOCKER\""
	",\"handle\":6,\"expr\":[{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"iifname"
	"\"}},\"right\":\"docker0\"}},{\"counter\":{\"packets\":0,\"bytes\":0}},{\"return\":"
	"null}]}},{\"rule\":{\"family\":\"ip\",\"table\":\"nat\",\"chain\":\"DOCKER\",\"handle"
	"\":7,\"expr\":[{\"match\":{\"op\":\"!=\",\"left\":{\"meta\":{\"key\":\"iifname\"}},\"rig"
	"ht\":\"docker0\"}},{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp"
	"\",\"field\":\"dport\"}},\"right\":8080}},{\"counter\":{\"packets\":0,\"bytes\":0}}"
	",{\"dnat\":{\"addr\":\"172.17.0.2\",\"port\":80}}]}},{\"rule\":{\"family\":\"ip\",\"t"
	"able\":\"nat\",\"chain\":\"DOCKER\",\"handle\":9,\"expr\":[{\"match\":{\"op\":\"==\",\"l"
	"eft\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},\"right\":{\"set\":[90"
	"00,{\"range\":[9100,9200]}]}}},{\"dnat\":{\"addr\":\"172.17.0.3\"}}]}},{\"rule\""
	":{\"family\":\"ip\",\"table\":\"nat\",\"chain\":\"DOCKER\",\"handle\":10,\"expr\":[{\"m"
	"atch\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}}"
	",\"right\":7000}},{\"redirect\":{\"port\":7001}}]}},{\"rule\":{\"family\":\"ip\",\""
	"table\":\"nat\",\"chain\":\"DOCKER\",\"handle\":11,\"expr\":[{\"match\":{\"op\":\"==\","
	"\"left\":{\"payload\":{\"protocol\":\"udp\",\"field\":\"dport\"}},\"right\":5353}},{"
	"\"dnat\":{\"addr\":\"172.17.0.4\",\"port\":53}}]}},{\"table\":{\"family\":\"inet\",\""
	"name\":\"filt\",\"handle\":2}},{\"chain\":{\"family\":\"inet\",\"table\":\"filt\",\"na"
	"me\":\"x\",\"handle\":1,\"type\":\"nat\",\"hook\":\"prerouting\",\"prio\":0,\"policy\":"
	"\"accept\"}},{\"rule\":{\"family\":\"inet\",\"table\":\"filt\",\"chain\":\"x\",\"handle"
	"\":2,\"expr\":[{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"f"
	"ield\":\"dport\"}},\"right\":6000}},{\"dnat\":{\"family\":\"ip\",\"addr\":\"10.0.0.9"
	"\",\"port\":6001}}]}},{\"rule\":{\"family\":\"inet\",\"table\":\"filt\",\"chain\":\"x\""
	",\"handle\":3,\"expr\":[{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":"
	"\"tcp\",\"field\":\"dport\"}},\"right\":6100}},{\"dnat\":{\"family\":\"ip6\",\"addr\":"
	"\"fd00::5\",\"port\":6101}}]}}]}";

static int parse(const char *json, uint16_t port, struct sv_why_forward *fw)
{
	char err[128] = "";
	char *copy = malloc(strlen(json) + 1); /* exact size: ASan sees overreads */
	int n;

	assert_non_null(copy);
	memcpy(copy, json, strlen(json));
	n = sv_why_parse_nat(copy, strlen(json), port, fw, err, sizeof(err));
	if (n < 0)
		assert_true(err[0] != '\0');
	free(copy);
	return n;
}

static void test_docker(void **state)
{
	struct sv_why_forward fw;

	(void)state;
	assert_int_equal(parse(docker, 8080, &fw), 1);
	assert_int_equal(fw.kind, SV_WHY_FWD_DNAT);
	assert_string_equal(fw.host, "172.17.0.2");
	assert_int_equal(fw.port, 80);
	assert_string_equal(fw.nft_family, "ip");
	assert_string_equal(fw.nft_table, "nat");
	assert_string_equal(fw.nft_chain, "DOCKER");
	assert_int_equal(fw.nrules, 1);
	/* a set with a range; no port in the rule: the same port */
	assert_int_equal(parse(docker, 9150, &fw), 1);
	assert_string_equal(fw.host, "172.17.0.3");
	assert_int_equal(fw.port, 9150);
	assert_int_equal(parse(docker, 9000, &fw), 1);
	assert_int_equal(parse(docker, 9099, &fw), 0);
	assert_int_equal(fw.kind, SV_WHY_FWD_NONE);
	assert_int_equal(parse(docker, 9201, &fw), 0);
	/* redirect: to this host's port */
	assert_int_equal(parse(docker, 7000, &fw), 1);
	assert_int_equal(fw.kind, SV_WHY_FWD_REDIRECT);
	assert_int_equal(fw.port, 7001);
	assert_string_equal(fw.host, "");
	/* UDP's port: not TCP's */
	assert_int_equal(parse(docker, 5353, &fw), 0);
	/* inet tables, both families */
	assert_int_equal(parse(docker, 6000, &fw), 1);
	assert_string_equal(fw.host, "10.0.0.9");
	assert_string_equal(fw.nft_family, "inet");
	assert_int_equal(parse(docker, 6100, &fw), 1);
	assert_string_equal(fw.host, "fd00::5");
	assert_int_equal(fw.port, 6101);
	/* nothing for a port no rule names */
	assert_int_equal(parse(docker, 22, &fw), 0);
}

/* th dport needs meta l4proto tcp; a named set; two rules: counted, the
 * first named; a negated match; a map is not followed. */
static void test_forms(void **state)
{
	static const char named[] =
		"{\"nftables\":[{\"set\":{\"family\":\"inet\",\"table\":\"t\",\"name\":\"pub\","
		"\"elem\":[8443,{\"range\":[9000,9010]}]}},"
		"{\"rule\":{\"family\":\"inet\",\"table\":\"t\",\"chain\":\"c\",\"expr\":["
		"{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"l4proto\"}},\"right\":\"tcp\"}},"
		"{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"th\",\"field\":"
		"\"dport\"}},\"right\":\"@pub\"}},{\"dnat\":{\"family\":\"ip\",\"addr\":\"10.1.1.1\","
		"\"port\":443}}]}},"
		"{\"rule\":{\"family\":\"inet\",\"table\":\"t\",\"chain\":\"d\",\"expr\":["
		"{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":"
		"\"dport\"}},\"right\":9005}},{\"dnat\":{\"addr\":\"10.2.2.2\"}}]}},"
		"{\"rule\":{\"family\":\"ip\",\"table\":\"n\",\"chain\":\"e\",\"expr\":["
		"{\"match\":{\"op\":\"!=\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":"
		"\"dport\"}},\"right\":22}},{\"dnat\":{\"addr\":{\"map\":{\"key\":\"x\"}}}}]}},"
		"{\"rule\":{\"family\":\"ip\",\"table\":\"n\",\"chain\":\"f\",\"expr\":["
		"{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"l4proto\"}},\"right\":17}},"
		"{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"th\",\"field\":"
		"\"dport\"}},\"right\":53}},{\"dnat\":{\"addr\":\"10.3.3.3\"}}]}}]}";
	struct sv_why_forward fw;

	(void)state;
	assert_int_equal(parse(named, 8443, &fw), 1);
	assert_string_equal(fw.host, "10.1.1.1");
	assert_int_equal(fw.port, 443);
	assert_string_equal(fw.nft_chain, "c");
	assert_int_equal(parse(named, 9005, &fw), 2); /* the set's range, and chain d */
	assert_int_equal(fw.nrules, 2);
	assert_string_equal(fw.nft_chain, "c");
	assert_int_equal(parse(named, 9011, &fw), 0);
	/* != 22 takes 8000, but its dnat is a map: not followed */
	assert_int_equal(parse(named, 8000, &fw), 0);
	/* th dport 53 with l4proto udp (17): not TCP */
	assert_int_equal(parse(named, 53, &fw), 0);
}

/* iptables-nft's rules (Docker's on Debian 12): the target is iptables'
 * own (xt) in the JSON, its destination in the text listing, found by the
 * rule's family, table, chain and handle. */
static void test_iptables_nft(void **state)
{
	static const char json[] =
		"{\"nftables\":[{\"rule\":{\"family\":\"ip\",\"table\":\"nat\",\"chain\":\"DOCKER\","
		"\"handle\":2,\"expr\":[{\"match\":{\"op\":\"!=\",\"left\":{\"meta\":{\"key\":"
		"\"iifname\"}},\"right\":\"docker0\"}},{\"match\":{\"op\":\"==\",\"left\":{\"payload\":"
		"{\"protocol\":\"tcp\",\"field\":\"dport\"}},\"right\":8080}},{\"counter\":{\"packets\":"
		"0,\"bytes\":0}},{\"xt\":{\"type\":\"target\",\"name\":\"DNAT\"}}]}},"
		"{\"rule\":{\"family\":\"ip\",\"table\":\"nat\",\"chain\":\"DOCKER\",\"handle\":4,"
		"\"expr\":[{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\","
		"\"field\":\"dport\"}},\"right\":7000}},{\"xt\":{\"type\":\"target\",\"name\":"
		"\"REDIRECT\"}}]}},"
		"{\"rule\":{\"family\":\"ip\",\"table\":\"nat\",\"chain\":\"DOCKER\",\"handle\":5,"
		"\"expr\":[{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\","
		"\"field\":\"dport\"}},\"right\":7100}},{\"xt\":{\"type\":\"target\",\"name\":"
		"\"MASQUERADE\"}}]}}]}";
	static const char text[] =
		"table ip filter { # handle 3\n"
		"\tchain DOCKER { # handle 1\n"
		"\t\ttcp dport 8080 dnat to 10.9.9.9:1 # handle 2\n" /* another table */
		"\t}\n}\n"
		"table ip nat { # handle 1\n"
		"\tchain OTHER { # handle 7\n"
		"\t\ttcp dport 8080 dnat to 10.8.8.8:1 # handle 2\n" /* another chain */
		"\t}\n"
		"\tchain DOCKER { # handle 1\n"
		"\t\ttcp dport 9 dnat to 10.7.7.7:1 # handle 12\n" /* handle 12, not 2 */
		"\t\tiifname != \"docker0\" tcp dport 8080 counter packets 0 bytes 0 dnat to "
		"172.17.0.2:80 # handle 2\n"
		"\t\ttcp dport 8081 counter packets 0 bytes 0 dnat to 172.17.0.3 # handle 3\n"
		"\t\ttcp dport 7000 counter packets 0 bytes 0 redirect to :7001 # handle 4\n"
		"\t\ttcp dport 8082 dnat to [fd00::2]:80 # handle 6\n"
		"\t\ttcp dport 8083 dnat to fd00::3 # handle 8\n"
		"\t\ttcp dport 8084 dnat to 10.0.0.1:99999 # handle 9\n"
		"\t\ttcp dport 8085 counter packets 0 bytes 0  # handle 10\n"
		"\t}\n}\n";
	struct sv_why_forward fw;

	(void)state;
	assert_int_equal(parse(json, 8080, &fw), 1);
	assert_int_equal(fw.kind, SV_WHY_FWD_DNAT);
	assert_true(fw.xt);
	assert_int_equal(fw.port, 0); /* not known from the JSON */
	assert_int_equal(fw.nft_handle, 2);
	assert_int_equal(sv_why_parse_nat_text(text, strlen(text), &fw), 0);
	assert_string_equal(fw.host, "172.17.0.2");
	assert_int_equal(fw.port, 80);
	assert_int_equal(parse(json, 7000, &fw), 1);
	assert_int_equal(fw.kind, SV_WHY_FWD_REDIRECT);
	assert_int_equal(sv_why_parse_nat_text(text, strlen(text), &fw), 0);
	assert_int_equal(fw.port, 7001);
	assert_string_equal(fw.host, "");
	assert_int_equal(parse(json, 7100, &fw), 0); /* MASQUERADE sends nothing */
	/* the other forms of the destination, by handle */
	struct { uint64_t handle; int ret; const char *host; uint16_t port; } c[] = {
		{ 3, 0, "172.17.0.3", 0 }, { 6, 0, "fd00::2", 80 }, { 8, 0, "fd00::3", 0 },
		{ 9, -ENOENT, "", 0 }, { 10, -ENOENT, "", 0 }, { 11, -ENOENT, "", 0 },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		memset(&fw, 0, sizeof(fw));
		fw.kind = SV_WHY_FWD_DNAT;
		fw.nft_handle = c[i].handle;
		strcpy(fw.nft_family, "ip");
		strcpy(fw.nft_table, "nat");
		strcpy(fw.nft_chain, "DOCKER");
		assert_int_equal(sv_why_parse_nat_text(text, strlen(text), &fw), c[i].ret);
		if (c[i].ret == 0) {
			assert_string_equal(fw.host, c[i].host);
			assert_int_equal(fw.port, c[i].port);
		}
	}
	/* a text cut anywhere is read within its length */
	for (size_t n = 0; n < strlen(text); n += 7) {
		char *cut = malloc(n ? n : 1);

		assert_non_null(cut);
		memcpy(cut, text, n);
		fw.nft_handle = 2;
		strcpy(fw.nft_chain, "DOCKER");
		(void)sv_why_parse_nat_text(cut, n, &fw);
		free(cut);
	}
}

/* What is no listing is refused and said; odd shapes inside one are
 * skipped, never read past. */
static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"", "not json", "[]", "{}", "{\"nftables\":{}}", "{\"nftables\":[1,2]}x",
		"{\"nftables\":[{\"rule\":1}]", "{\"a\":1,\"a\":2}",
	};
	static const char *const odd[] = {
		"{\"nftables\":[]}", "{\"nftables\":[{\"rule\":{}}]}",
		"{\"nftables\":[{\"rule\":{\"expr\":7}}]}",
		"{\"nftables\":[{\"rule\":{\"expr\":[{\"match\":{\"left\":{\"payload\":{\"protocol\":"
		"\"tcp\",\"field\":\"dport\"}},\"right\":{\"range\":[1]}}},{\"dnat\":{\"addr\":\"x\"}}]}}]}",
		"{\"nftables\":[{\"rule\":{\"expr\":[{\"match\":{\"left\":{\"payload\":{\"protocol\":"
		"\"tcp\",\"field\":\"dport\"}},\"right\":\"@none\"}},{\"dnat\":{\"addr\":\"x\"}}]}}]}",
		"{\"nftables\":[{\"rule\":{\"expr\":[{\"match\":{\"left\":{\"payload\":{\"protocol\":"
		"\"tcp\",\"field\":\"dport\"}},\"right\":80}},{\"dnat\":{\"addr\":\"x\",\"port\":70000}}]}}]}",
	};
	struct sv_why_forward fw;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(bad[i], 80, &fw), -EBADMSG);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(parse(odd[i], 80, &fw), 0);
	/* a port past 65535 in the statement: the port asked for */
	assert_int_equal(parse(odd[5], 80, &fw), 1);
	assert_int_equal(fw.port, 80);
	assert_string_equal(fw.nft_family, "?");
}

/* The report: a DNAT to nothing is critical and replaces no-listener; one
 * that answers is information; NAT rules that could not be read are said
 * with no-listener; names from the ruleset come out escaped. */
static void test_report(void **state)
{
	struct sv_why_target t = { .kind = SV_WHY_PORT, .port = 8080 };
	struct sv_why_forward fw = { .kind = SV_WHY_FWD_DNAT, .port = 80, .nrules = 1 };
	struct sv_why_input in = { .target = &t, .live = true, .forward = &fw };
	struct sv_why_report *rep = malloc(sizeof(*rep));

	(void)state;
	assert_non_null(rep);
	snprintf(fw.host, sizeof(fw.host), "172.17.0.2");
	snprintf(fw.nft_family, sizeof(fw.nft_family), "ip");
	snprintf(fw.nft_table, sizeof(fw.nft_table), "nat");
	snprintf(fw.nft_chain, sizeof(fw.nft_chain), "DOCK\033[2JER");
	sv_why_diagnose(&in, rep);
	assert_int_equal(rep->f[0].code, SV_WHY_FORWARDED);
	assert_int_equal(rep->f[0].severity, SV_WHY_CRITICAL);
	assert_true(rep->likely);
	assert_non_null(strstr(rep->f[0].text, "a DNAT rule (nftables ip nat DOCK\\x1b[2JER) "
					       "sends it to 172.17.0.2 port 80. Nothing listens"));
	assert_null(strchr(rep->f[0].text, '\033'));
	assert_null(strchr(rep->f[0].next, '\033'));
	for (size_t i = 0; i < rep->n; i++)
		assert_int_not_equal(rep->f[i].code, SV_WHY_NO_LISTENER);
	fw.dest_listeners = 1;
	snprintf(fw.dest_netns, sizeof(fw.dest_netns), "4026532000");
	sv_why_diagnose(&in, rep);
	assert_int_equal(rep->f[0].code, SV_WHY_FORWARDED);
	assert_int_equal(rep->f[0].severity, SV_WHY_INFO);
	assert_non_null(strstr(rep->f[0].text, "answers there (network namespace 4026532000)"));
	/* unread rules: no-listener says so */
	in.forward = NULL;
	in.nat_err = -EPERM;
	sv_why_diagnose(&in, rep);
	assert_int_equal(rep->f[0].code, SV_WHY_NO_LISTENER);
	assert_non_null(strstr(rep->f[0].text, "could not be read (it needs CAP_NET_ADMIN)"));
	in.nat_err = -ENOSYS;
	sv_why_diagnose(&in, rep);
	assert_non_null(strstr(rep->f[0].text, "built without libnftables"));
	in.nat_err = 0;
	sv_why_diagnose(&in, rep);
	assert_null(strstr(rep->f[0].text, "NAT"));
	/* an iptables-nft rule whose destination is not known: information */
	in.forward = &fw;
	fw.port = 0;
	fw.xt = true;
	fw.dest_listeners = -1;
	fw.host[0] = '\0';
	sv_why_diagnose(&in, rep);
	assert_int_equal(rep->f[0].code, SV_WHY_FORWARDED);
	assert_int_equal(rep->f[0].severity, SV_WHY_INFO);
	assert_false(rep->likely);
	assert_non_null(strstr(rep->f[0].text, "made by iptables-nft) sends it elsewhere; "
					       "libnftables does not show where"));
	assert_non_null(strstr(rep->f[0].next, "iptables -t nat -S DOCK\\x1b[2JER"));
	free(rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_iptables_nft),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_report),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
