/* test_ctnames.c - cmocka suite for Docker and Podman containers' names:
 * the parsers of config.v2.json and containers.json, and the lookup
 * under a fabricated root (read once, exact ids, caps, bad files). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockview/cgpath.h"
#include "sockview/ctnames.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define ID "3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"
/* the same first 12 digits (docker ps's), another container */
#define ID2 "3f2a1b4c5d6e0000000000000000000000000000000000000000000000000000"
#define ID4 "bbbb1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"
#define ID3 "aaaa1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"

static void test_docker_parse(void **state)
{
	static const struct { const char *json; int ret; const char *name; } cases[] = {
		{ "{\"ID\":\"" ID "\",\"Name\":\"/web\",\"Config\":{\"Env\":[\"A=1\"]}}", 0, "web" },
		{ "{\"Name\":\"web\"}", 0, "web" },                  /* no slash, no ID */
		{ " {\"State\":{},\"Name\":\"/a.b_c-1\"} \n", 0, "a.b_c-1" },
		{ "{\"Name\":\"/\\u001b[31mred\"}", 0, "\x1b[31mred" }, /* kept: escaped later */
		{ "{\"Name\":\"/caf\\u00e9\"}", 0, "caf\xc3\xa9" },
		{ "{\"ID\":\"" ID "\"}", -ENOENT, NULL },             /* no Name */
		{ "{\"Name\":5}", -ENOENT, NULL },
		{ "{\"Name\":null}", -ENOENT, NULL },
		{ "{\"Name\":[\"/web\"]}", -ENOENT, NULL },
		{ "{\"Name\":{\"x\":\"/web\"}}", -ENOENT, NULL },
		{ "{\"Name\":\"\"}", -ENOENT, NULL },
		{ "{\"Name\":\"/\"}", -ENOENT, NULL },
		{ "{\"Name\":\"/a/b\"}", -ENOENT, NULL },             /* a link's path */
		{ "{\"ID\":\"" ID2 "\",\"Name\":\"/web\"}", -ENOENT, NULL }, /* another's */
		{ "{\"ID\":\"3f2a1b4c5d6e\",\"Name\":\"/web\"}", -ENOENT, NULL }, /* a prefix */
		{ "{\"ID\":7,\"Name\":\"/web\"}", -ENOENT, NULL },
		{ "[{\"Name\":\"/web\"}]", -EINVAL, NULL },           /* not an object */
		{ "\"/web\"", -EINVAL, NULL },
		{ "{\"ID\":\"" ID "\",\"Name\":\"/we", -EINVAL, NULL }, /* truncated */
		{ "{\"Name\":\"/web\"", -EINVAL, NULL },
		{ "{\"Name\":\"/web\"} x", -EINVAL, NULL },            /* trailing bytes */
		{ "", -EINVAL, NULL },
		{ "{\"Name\":\"/w\xff\xfe\"}", -EINVAL, NULL },        /* not UTF-8 */
		{ "{\"Name\":\"/\xc0\xaf\"}", -EINVAL, NULL },          /* overlong '/' */
		{ "{\"Name\":\"/a\\u0000b\"}", -EINVAL, NULL },         /* a NUL */
		{ "{\"Name\":\"/a\\ud800\"}", -EINVAL, NULL },          /* a lone surrogate */
		{ "{\"Name\":\"/a\\x41\"}", -EINVAL, NULL },            /* no such escape */
		{ "{\"Name\":\"/a\",\"Name\":\"/b\"}", -EINVAL, NULL }, /* which one? */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char name[SV_CT_NAME_MAX + 1] = "";
		int ret = sv_ctnames_parse_docker(cases[i].json, strlen(cases[i].json), ID, name);

		if (ret != cases[i].ret)
			fail_msg("case %zu '%s': %d, want %d", i, cases[i].json, ret, cases[i].ret);
		if (ret == 0)
			assert_string_equal(name, cases[i].name);
	}
}

/* Names at the length limit, buffers not ending in a NUL, deep nesting. */
static void test_docker_limits(void **state)
{
	char name[SV_CT_NAME_MAX + 1], json[600], *deep;
	const char *doc = "{\"Name\":\"/web\"}garbage";
	size_t n = 200000;

	(void)state;
	snprintf(json, sizeof(json), "{\"Name\":\"/%.*s\"}", SV_CT_NAME_MAX,
		 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	assert_int_equal(sv_ctnames_parse_docker(json, strlen(json), ID, name), 0);
	assert_int_equal(strlen(name), SV_CT_NAME_MAX);
	snprintf(json, sizeof(json), "{\"Name\":\"/%sy\"}", name); /* one too many */
	assert_int_equal(sv_ctnames_parse_docker(json, strlen(json), ID, name), -ENOENT);
	/* len, not a NUL, ends the text */
	assert_int_equal(sv_ctnames_parse_docker(doc, 15, ID, name), 0);
	assert_string_equal(name, "web");
	assert_int_equal(sv_ctnames_parse_docker(doc, 14, ID, name), -EINVAL);
	/* nesting far deeper than the parser's limit: refused, no crash */
	deep = malloc(n);
	assert_non_null(deep);
	memset(deep, '[', n);
	assert_int_equal(sv_ctnames_parse_docker(deep, n, ID, name), -EINVAL);
	free(deep);
}

static void test_podman_parse(void **state)
{
	static const char json[] =
		"[{\"id\":\"" ID "\",\"names\":[\"web\",\"web-alias\"],\"image\":\"x\"},"
		" {\"id\":\"" ID2 "\",\"names\":[5,\"\",\"a/b\",\"db\"]},"   /* first usable */
		" {\"id\":\"" ID3 "\",\"names\":[]},"                        /* no name */
		" {\"id\":\"3f2a1b4c5d6e\",\"names\":[\"short\"]},"          /* not an id */
		" {\"id\":\"3F2A1B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708\","
		"  \"names\":[\"upper\"]},"
		" {\"id\":5,\"names\":[\"num\"]}, {\"names\":[\"noid\"]}, [], 7, null,"
		" {\"id\":\"" ID3 "\",\"names\":\"notalist\"}]";
	static const char *const bad[] = {
		"{\"id\":\"" ID "\",\"names\":[\"web\"]}", /* not an array */
		"[{\"id\":\"" ID "\",\"names\":[\"web\"]}",  /* truncated */
		"[{\"id\":\"" ID "\",\"names\":[\"w\xff\"]}]", "", "null",
	};
	struct sv_ctname *v = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(sv_ctnames_parse_podman(json, strlen(json), &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].id, ID);
	assert_string_equal(v[0].name, "web");
	assert_string_equal(v[1].id, ID2);
	assert_string_equal(v[1].name, "db");
	free(v);
	assert_int_equal(sv_ctnames_parse_podman("[]", 2, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		v = (struct sv_ctname *)1;
		if (sv_ctnames_parse_podman(bad[i], strlen(bad[i]), &v, &n) != -EINVAL || v || n)
			fail_msg("'%s': not refused", bad[i]);
	}
}

/* A fabricated root: var/lib/docker/containers/ID/config.v2.json and
 * var/lib/containers/storage/DRIVER-containers/containers.json. */
static char root[64];

static void put(const char *rel, const char *text, size_t len)
{
	char path[512], cmd[600];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s%s')\"", root, rel);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put_str(const char *rel, const char *text)
{
	put(rel, text, strlen(text));
}

#define DOCKER(id) SV_CTNAMES_DOCKER "/" id "/config.v2.json"
#define PODMAN(drv) SV_CTNAMES_PODMAN "/" drv "-containers/containers.json"

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "%s/sv-ctnames.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : P_tmpdir);
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_docker_lookup(void **state)
{
	struct sv_ctnames *t = NULL;
	char path[512], *big;
	size_t n = SV_CTNAMES_DOCKER_CAP + 1;

	(void)state;
	put_str(DOCKER(ID), "{\"ID\":\"" ID "\",\"Name\":\"/web\"}");
	put_str(DOCKER(ID3), "{\"ID\":\"" ID3 "\",\"Name\":"); /* malformed */
	assert_int_equal(sv_ctnames_new(root, &t), 0);
	assert_string_equal(sv_ctnames_find(t, SV_CT_DOCKER, ID), "web");
	assert_null(sv_ctnames_find(t, SV_CT_DOCKER, ID2));       /* no directory */
	assert_null(sv_ctnames_find(t, SV_CT_DOCKER, "3f2a1b4c5d6e")); /* a prefix */
	assert_null(sv_ctnames_find(t, SV_CT_DOCKER, ID3));
	assert_null(sv_ctnames_find(t, SV_CT_PODMAN, ID));        /* not podman's */
	assert_null(sv_ctnames_find(t, SV_CT_KUBERNETES, ID));
	assert_null(sv_ctnames_find(t, SV_CT_DOCKER, NULL));
	/* read once: a name stays, and so does its absence */
	snprintf(path, sizeof(path), "%s" DOCKER(ID), root);
	assert_int_equal(unlink(path), 0);
	put_str(DOCKER(ID2), "{\"Name\":\"/late\"}");
	assert_string_equal(sv_ctnames_find(t, SV_CT_DOCKER, ID), "web");
	assert_null(sv_ctnames_find(t, SV_CT_DOCKER, ID2));
	sv_ctnames_free(t);

	/* a file over the cap names nothing; at the cap it does */
	big = malloc(n);
	assert_non_null(big);
	memset(big, ' ', n);
	memcpy(big, "{\"Name\":\"/big\"}", 15);
	put(DOCKER(ID), big, n);
	put(DOCKER(ID2), big, n - 1);
	free(big);
	assert_int_equal(sv_ctnames_new(root, &t), 0);
	assert_null(sv_ctnames_find(t, SV_CT_DOCKER, ID));
	assert_string_equal(sv_ctnames_find(t, SV_CT_DOCKER, ID2), "big");
	sv_ctnames_free(t);
}

/* A FIFO, a symbolic link, a directory and an unreadable root: no name,
 * and nothing blocks. */
static void test_docker_odd_files(void **state)
{
	struct sv_ctnames *t = NULL;
	char path[512], target[512];

	(void)state;
	put_str(DOCKER(ID3), "{\"Name\":\"/real\"}");
	put_str(DOCKER(ID), "");
	put_str(DOCKER(ID2), "");
	put_str(DOCKER(ID4), "");
	snprintf(path, sizeof(path), "%s" DOCKER(ID), root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(target, sizeof(target), "%s" DOCKER(ID3), root);
	snprintf(path, sizeof(path), "%s" DOCKER(ID2), root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(target, path), 0);
	snprintf(path, sizeof(path), "%s" DOCKER(ID4), root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(sv_ctnames_new(root, &t), 0);
	assert_null(sv_ctnames_find(t, SV_CT_DOCKER, ID));
	assert_null(sv_ctnames_find(t, SV_CT_DOCKER, ID2));
	assert_null(sv_ctnames_find(t, SV_CT_DOCKER, ID4));
	assert_string_equal(sv_ctnames_find(t, SV_CT_DOCKER, ID3), "real");
	sv_ctnames_free(t);
	assert_int_equal(sv_ctnames_new("/nonexistent/root", &t), 0);
	assert_null(sv_ctnames_find(t, SV_CT_DOCKER, ID3));
	assert_null(sv_ctnames_find(t, SV_CT_PODMAN, ID3));
	sv_ctnames_free(t);
	sv_ctnames_free(NULL);
	assert_null(sv_ctnames_find(NULL, SV_CT_DOCKER, ID3));
}

static void test_podman_lookup(void **state)
{
	struct sv_ctnames *t = NULL;
	struct sv_cgpath *c = NULL;
	struct sv_container ct = { .kind = SV_CT_PODMAN, .id = ID };

	(void)state;
	put_str(PODMAN("overlay"), "[{\"id\":\"" ID "\",\"names\":[\"web\",\"other\"]},"
		"{\"id\":\"" ID2 "\",\"names\":[\"db\"]}]");
	put_str(PODMAN("vfs"), "[{\"id\":\"" ID3 "\",\"names\":[\"cache\"]},"
		"{\"id\":\"" ID "\",\"names\":[\"shadowed\"]}]");
	/* podman run --rm's containers */
	put_str(SV_CTNAMES_PODMAN "/overlay-containers/volatile-containers.json",
		"[{\"id\":\"" ID4 "\",\"names\":[\"once\"]}]");
	assert_int_equal(sv_ctnames_new(root, &t), 0);
	assert_string_equal(sv_ctnames_find(t, SV_CT_PODMAN, ID), "web");
	assert_string_equal(sv_ctnames_find(t, SV_CT_PODMAN, ID2), "db");
	assert_string_equal(sv_ctnames_find(t, SV_CT_PODMAN, ID3), "cache");
	assert_string_equal(sv_ctnames_find(t, SV_CT_PODMAN, ID4), "once");
	/* a prefix, or another id with the same first digits: nothing */
	assert_null(sv_ctnames_find(t, SV_CT_PODMAN, "3f2a1b4c5d6e"));
	assert_null(sv_ctnames_find(t, SV_CT_PODMAN,
				    "3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f700"));
	/* read once: a later change is not seen */
	put_str(PODMAN("overlay"), "[{\"id\":\"" ID "\",\"names\":[\"renamed\"]}]");
	assert_string_equal(sv_ctnames_find(t, SV_CT_PODMAN, ID), "web");
	sv_ctnames_free(t);

	/* through the cgroup map, with its root set for the test */
	assert_int_equal(sv_cgpath_new("/nonexistent/cgroup", &c), 0);
	assert_int_equal(sv_cgpath_set_ctnames_root(c, root), 0);
	assert_string_equal(sv_cgpath_ctname(c, &ct), "renamed");
	ct.kind = SV_CT_KUBERNETES;
	assert_null(sv_cgpath_ctname(c, &ct));
	assert_null(sv_cgpath_ctname(c, NULL));
	sv_cgpath_free(c);

	/* a malformed file says nothing; the other driver's still names */
	put_str(PODMAN("overlay"), "[{\"id\":\"" ID "\",\"names\":[\"web\"]");
	assert_int_equal(sv_ctnames_new(root, &t), 0);
	assert_null(sv_ctnames_find(t, SV_CT_PODMAN, ID2));
	assert_string_equal(sv_ctnames_find(t, SV_CT_PODMAN, ID), "shadowed");
	sv_ctnames_free(t);
}

/* Many containers: the table grows and finds each one. */
static void test_many(void **state)
{
	size_t count = 500, len = 0;
	char *json = malloc(count * 100 + 8), id[SV_CT_ID_MAX + 1];
	struct sv_ctnames *t = NULL;

	(void)state;
	assert_non_null(json);
	json[len++] = '[';
	for (size_t i = 0; i < count; i++)
		len += (size_t)sprintf(json + len, "%s{\"id\":\"%064zx\",\"names\":[\"c%zu\"]}",
				       i ? "," : "", i, i);
	json[len++] = ']';
	put(PODMAN("zfs"), json, len);
	free(json);
	assert_int_equal(sv_ctnames_new(root, &t), 0);
	for (size_t i = 0; i < count; i++) {
		char want[16];

		snprintf(id, sizeof(id), "%064zx", i);
		snprintf(want, sizeof(want), "c%zu", i);
		assert_string_equal(sv_ctnames_find(t, SV_CT_PODMAN, id), want);
	}
	snprintf(id, sizeof(id), "%064zx", count);
	assert_null(sv_ctnames_find(t, SV_CT_PODMAN, id));
	sv_ctnames_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker_parse),
		cmocka_unit_test(test_docker_limits),
		cmocka_unit_test(test_podman_parse),
		cmocka_unit_test_setup_teardown(test_docker_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docker_odd_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_podman_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
