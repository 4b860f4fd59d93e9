/* test_ctnames_out.c - cmocka suite for Docker and Podman names in the
 * output: the --container text (docker:NAME/ID, escaped), JSON's
 * container.name, and the field registry's accessor, from a fabricated
 * runtime state under a temporary root. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/cgpath.h"
#include "sockview/ctnames.h"
#include "sockview/fields.h"
#include "sockview/format_details.h"
#include "sockview/format_json.h"

#define ID "3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"
#define ID2 "3f2a1b4c5d6e0000000000000000000000000000000000000000000000000000"
#define ID3 "aaaa1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"

static char root[64];
static struct sv_cgpath *cg;

static void put(const char *rel, const char *text)
{
	char path[512], cmd[600];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s%s')\"", root, rel);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* ID is Docker's "web", ID2 Docker's with a terminal escape in its name,
 * ID3 Podman's "db". */
static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "%s/sv-ctnames-out.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : P_tmpdir);
	if (!mkdtemp(root))
		return -1;
	put(SV_CTNAMES_DOCKER "/" ID "/config.v2.json", "{\"ID\":\"" ID "\",\"Name\":\"/web\"}");
	put(SV_CTNAMES_DOCKER "/" ID2 "/config.v2.json",
	    "{\"Name\":\"/\\u001b[2Jx \\\"y\\\"\"}");
	put(SV_CTNAMES_PODMAN "/overlay-containers/containers.json",
	    "[{\"id\":\"" ID3 "\",\"names\":[\"db\"]}]");
	if (sv_cgpath_new("/nonexistent/cgroup", &cg) < 0)
		return -1;
	return sv_cgpath_set_ctnames_root(cg, root);
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	sv_cgpath_free(cg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static struct sv_sock sock_in(const struct sv_container *ct)
{
	struct sv_sock s;

	memset(&s, 0, sizeof(s));
	s.table = SV_TABLE_TCP;
	s.family = AF_INET;
	s.state = SV_STATE_LISTEN;
	s.have = SV_HAVE_CGROUP;
	s.cgroup_id = 1;
	s.ct = ct;
	return s;
}

static const char *details(const struct sv_sock *s)
{
	static struct sv_textbuf b;
	struct sv_details_opts o = { .details = SV_DETAIL_CONTAINER, .cgroups = cg };

	b.len = 0;
	assert_int_equal(sv_format_details(&b, &o, s), 0);
	assert_int_equal(sv_textbuf_room(&b, 0), 0);
	b.p[b.len] = '\0';
	return b.p;
}

static void test_text(void **state)
{
	struct sv_container web = { .kind = SV_CT_DOCKER, .id = ID },
			    odd = { .kind = SV_CT_DOCKER, .id = ID2 },
			    db = { .kind = SV_CT_PODMAN, .id = ID3 },
			    none = { .kind = SV_CT_PODMAN, .id = ID };
	struct sv_sock s = sock_in(&web);

	(void)state;
	assert_string_equal(details(&s), " docker:web/3f2a1b4c5d6e");
	s.ct_name = "given"; /* the listing's lookup, when it made one */
	assert_string_equal(details(&s), " docker:given/3f2a1b4c5d6e");
	s = sock_in(&odd); /* a name cannot move the cursor nor split the column */
	assert_string_equal(details(&s), " docker:\\x1b[2Jx\\x20\\\"y\\\"/3f2a1b4c5d6e");
	s = sock_in(&db);
	assert_string_equal(details(&s), " podman:db/aaaa1b4c5d6e");
	s = sock_in(&none); /* the id is Docker's, not Podman's: no name */
	assert_string_equal(details(&s), " podman:3f2a1b4c5d6e");
}

static char *json_of(const struct sv_sock *s)
{
	struct sv_json_opts o = { .details = SV_DETAIL_CONTAINER, .cgroups = cg };
	struct sv_json_fmt *j = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(sv_format_json_new(f, &o, &j), 0);
	assert_int_equal(sv_format_json_row(j, s), 0);
	assert_int_equal(sv_format_json_finish(j), 0);
	sv_format_json_free(j);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_json(void **state)
{
	struct sv_container web = { .kind = SV_CT_DOCKER, .id = ID },
			    odd = { .kind = SV_CT_DOCKER, .id = ID2 },
			    none = { .kind = SV_CT_DOCKER, .id = ID3 };
	struct sv_sock s = sock_in(&web);
	const struct sv_field *fd = sv_fields_find("container.name");
	struct sv_field_ctx ctx = { .cgroups = cg };
	struct sv_value v;
	char *js = json_of(&s);

	(void)state;
	if (!strstr(js, "\"container\":{\"kind\":\"docker\",\"id\":\"" ID "\",\"name\":\"web\"}"))
		fail_msg("JSON: %s", js);
	free(js);
	s = sock_in(&odd);
	js = json_of(&s);
	if (!strstr(js, "\"name\":\"\\u001b[2Jx \\\"y\\\"\"}"))
		fail_msg("JSON: %s", js);
	free(js);
	s = sock_in(&none);
	js = json_of(&s);
	if (!strstr(js, "\"container\":{\"kind\":\"docker\",\"id\":\"" ID3 "\"}"))
		fail_msg("JSON: %s", js);
	free(js);

	assert_non_null(fd);
	s = sock_in(&web);
	assert_true(fd->get(&s, &ctx, &v));
	assert_int_equal(v.type, SV_FT_TEXT);
	assert_int_equal(v.s.len, 3);
	assert_memory_equal(v.s.p, "web", 3);
	s = sock_in(&none);
	assert_false(fd->get(&s, &ctx, &v));
	s.ct = NULL; /* no container: no name */
	s.have = 0;
	assert_false(fd->get(&s, &ctx, &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
