/* test_podnames.c - cmocka suite for Kubernetes pod names from the
 * kubelet's log directory names, and their lookup through the cgroup map. */
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
#include "sockview/podnames.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define UID "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

static void test_parse(void **state)
{
	static const struct { const char *entry; int ret; const char *ns, *name; } cases[] = {
		{ "default_web-0_" UID, 0, "default", "web-0" },
		{ "kube-system_coredns-5d78c9869d-x7k2p_" UID, 0, "kube-system",
		  "coredns-5d78c9869d-x7k2p" },
		{ "a_b.c_" UID, 0, "a", "b.c" },
		{ "default__" UID, -EINVAL, NULL, NULL },        /* no name */
		{ "_web_" UID, -EINVAL, NULL, NULL },            /* no namespace */
		{ "default_web_0_" UID, -EINVAL, NULL, NULL },   /* a '_' in the name */
		{ "default_web-0_" UID "0", -EINVAL, NULL, NULL },
		{ "default_web-0_0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0", -EINVAL, NULL, NULL },
		{ "Default_web-0_" UID, -EINVAL, NULL, NULL },   /* upper case */
		{ "default_web-0", -EINVAL, NULL, NULL },
		{ "", -EINVAL, NULL, NULL },
		{ "default_web-0_0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0", -EINVAL, NULL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct sv_podname p;
		int ret = sv_podnames_parse(cases[i].entry, strlen(cases[i].entry), &p);

		if (ret != cases[i].ret)
			fail_msg("'%s': %d, want %d", cases[i].entry, ret, cases[i].ret);
		if (ret == 0) {
			assert_string_equal(p.ns, cases[i].ns);
			assert_string_equal(p.name, cases[i].name);
			assert_string_equal(p.uid, UID);
		}
	}
}

/* A fake /var/log/pods: the uid's pod found, another's not, garbage and a
 * missing directory harmless. */
static void test_lookup(void **state)
{
	char dir[] = "/tmp/test_podnames.XXXXXX", path[256], cmd[300];
	struct sv_podnames *p = NULL;
	struct sv_cgpath *c = NULL;
	const struct sv_podname *n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/shop_cart-7d9f_" UID, dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/not-a-pod", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(sv_podnames_new(dir, &p), 0);
	n = sv_podnames_find(p, UID);
	assert_non_null(n);
	assert_string_equal(n->ns, "shop");
	assert_string_equal(n->name, "cart-7d9f");
	assert_null(sv_podnames_find(p, "00000000-0000-0000-0000-000000000000"));
	assert_null(sv_podnames_find(p, ""));
	sv_podnames_free(p);

	assert_int_equal(sv_cgpath_new("/nonexistent/cgroup", &c), 0);
	assert_int_equal(sv_cgpath_set_pods_dir(c, dir), 0);
	n = sv_cgpath_pod(c, UID);
	assert_non_null(n);
	assert_string_equal(n->name, "cart-7d9f");
	sv_cgpath_free(c);

	assert_int_equal(sv_podnames_new("/nonexistent/pods", &p), 0);
	assert_null(sv_podnames_find(p, UID));
	sv_podnames_free(p);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
