/* test_container.c - cmocka suite for the cgroup path reader: Docker and
 * Podman (systemd and cgroupfs drivers), Kubernetes pods of every QoS
 * class with both drivers and three runtimes, systemd services, scopes and
 * sessions, and paths that name nothing or are garbage. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "sockview/container.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define ID "3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"
#define POD "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
#define POD_ "0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0"

static void test_paths(void **state)
{
	static const struct {
		const char *path;
		enum sv_container_kind kind;
		const char *text;
		const char *qos;
	} cases[] = {
		/* Docker */
		{ "/system.slice/docker-" ID ".scope", SV_CT_DOCKER, "docker:3f2a1b4c5d6e", "" },
		{ "/docker/" ID, SV_CT_DOCKER, "docker:3f2a1b4c5d6e", "" },
		{ "/docker/" ID "/init.scope", SV_CT_DOCKER, "docker:3f2a1b4c5d6e", "" },
		{ "/user.slice/user-1000.slice/user@1000.service/app.slice/docker-" ID ".scope",
		  SV_CT_DOCKER, "docker:3f2a1b4c5d6e", "" },
		/* Podman */
		{ "/machine.slice/libpod-" ID ".scope", SV_CT_PODMAN, "podman:3f2a1b4c5d6e", "" },
		{ "/machine.slice/libpod-" ID ".scope/container", SV_CT_PODMAN,
		  "podman:3f2a1b4c5d6e", "" },
		{ "/libpod_parent/libpod-" ID, SV_CT_PODMAN, "podman:3f2a1b4c5d6e", "" },
		{ "/machine.slice/libpod-conmon-" ID ".scope", SV_CT_SCOPE,
		  "scope:libpod-conmon-" ID ".scope", "" }, /* conmon, not the container */
		/* Kubernetes, systemd driver */
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_
		  ".slice/cri-containerd-" ID ".scope", SV_CT_KUBERNETES,
		  "kubernetes:" POD "/3f2a1b4c5d6e", "burstable" },
		{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_
		  ".slice/crio-" ID ".scope", SV_CT_KUBERNETES,
		  "kubernetes:" POD "/3f2a1b4c5d6e", "besteffort" },
		{ "/kubepods.slice/kubepods-pod" POD_ ".slice/docker-" ID ".scope",
		  SV_CT_KUBERNETES, "kubernetes:" POD "/3f2a1b4c5d6e", "guaranteed" },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_ ".slice",
		  SV_CT_KUBERNETES, "kubernetes:" POD, "burstable" }, /* the pod alone */
		/* Kubernetes, cgroupfs driver */
		{ "/kubepods/burstable/pod" POD "/" ID, SV_CT_KUBERNETES,
		  "kubernetes:" POD "/3f2a1b4c5d6e", "burstable" },
		{ "/kubepods/besteffort/pod" POD "/" ID, SV_CT_KUBERNETES,
		  "kubernetes:" POD "/3f2a1b4c5d6e", "besteffort" },
		{ "/kubepods/pod" POD "/" ID, SV_CT_KUBERNETES,
		  "kubernetes:" POD "/3f2a1b4c5d6e", "guaranteed" },
		{ "/kubepods/pod" POD "/crio-" ID, SV_CT_KUBERNETES,
		  "kubernetes:" POD "/3f2a1b4c5d6e", "guaranteed" },
		/* systemd */
		{ "/system.slice/nginx.service", SV_CT_SERVICE, "service:nginx.service", "" },
		{ "/system.slice/system-getty.slice/getty@tty1.service", SV_CT_SERVICE,
		  "service:getty@tty1.service", "" },
		{ "/user.slice/user-1000.slice/user@1000.service/app.slice/foo.service",
		  SV_CT_SERVICE, "service:foo.service", "" }, /* the innermost */
		{ "/user.slice/user-1000.slice/session-3.scope", SV_CT_SESSION, "session:3", "" },
		{ "/user.slice/user-0.slice/session-c12.scope", SV_CT_SESSION, "session:c12", "" },
		{ "/system.slice/run-r0123abc.scope", SV_CT_SCOPE, "scope:run-r0123abc.scope", "" },
		{ "/init.scope", SV_CT_SCOPE, "scope:init.scope", "" },
		/* nothing, or garbage */
		{ "/", SV_CT_NONE, "", "" },
		{ "", SV_CT_NONE, "", "" },
		{ "/system.slice", SV_CT_NONE, "", "" },
		{ "/user.slice/user-1000.slice", SV_CT_NONE, "", "" },
		{ "/" ID, SV_CT_NONE, "", "" }, /* a bare id under no runtime */
		{ "/docker/" ID "0", SV_CT_NONE, "", "" },       /* 65 digits */
		{ "/docker/3F2A1B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708",
		  SV_CT_NONE, "", "" },                          /* upper case */
		{ "/system.slice/docker-" ID, SV_CT_NONE, "", "" }, /* no .scope: not docker's */
		{ "/kubepods/burstable/pod0f1e2d3c", SV_CT_NONE, "", "" }, /* short uid */
		{ "/kubepods/burstable/pod0f1e2d3c_4\"5a_6978_8796_a5b4c3d2e1f0/crio-x",
		  SV_CT_NONE, "", "" }, /* a uid with a quote: no pod, nothing left of it */
		{ "/kubepods/burstable/pod0f1e2d3c/" ID, SV_CT_KUBERNETES,
		  "kubernetes:3f2a1b4c5d6e", "burstable" }, /* a container, no pod uid */
		{ "//system.slice//ssh.service//", SV_CT_SERVICE, "service:ssh.service", "" },
		{ "/a/.service", SV_CT_SERVICE, "service:.service", "" },
		{ "/user.slice/user-x.slice/session-1.scope", SV_CT_SCOPE,
		  "scope:session-1.scope", "" }, /* no user's uid: a scope */
		{ "/user.slice/user-1000.slice/session-.scope", SV_CT_SCOPE,
		  "scope:session-.scope", "" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct sv_container c;
		char text[160];
		enum sv_container_kind k = sv_container_parse(cases[i].path,
							      strlen(cases[i].path), &c);

		sv_container_text(&c, text, sizeof(text));
		if (k != cases[i].kind || c.kind != k || strcmp(text, cases[i].text) != 0 ||
		    strcmp(c.qos, cases[i].qos) != 0)
			fail_msg("'%s': kind %d text '%s' qos '%s', want %d '%s' '%s'",
				 cases[i].path, k, text, c.qos, cases[i].kind, cases[i].text,
				 cases[i].qos);
	}
}

/* The length is obeyed (no NUL in the path needed), the full id kept, and
 * a session's uid read. */
static void test_details(void **state)
{
	static const char path[] = "/user.slice/user-1000.slice/session-3.scope/garbage";
	struct sv_container c;
	char small[8];

	(void)state;
	/* cut before "/garbage": the session itself */
	assert_int_equal(sv_container_parse(path, strlen(path) - 8, &c), SV_CT_SESSION);
	assert_int_equal(c.uid, 1000);
	assert_string_equal(c.unit, "3");
	assert_int_equal(sv_container_parse("/docker/" ID, 8 + 64, &c), SV_CT_DOCKER);
	assert_string_equal(c.id, ID);
	assert_int_equal(sv_container_parse("/docker/" ID, 8 + 63, &c), SV_CT_NONE);
	assert_int_equal(sv_container_parse("/docker/" ID, 8 + 64, &c), SV_CT_DOCKER);
	assert_int_equal(sv_container_text(&c, small, sizeof(small)), 7);
	assert_string_equal(small, "docker:");
	assert_int_equal(sv_container_text(&c, small, 0), 0);
	assert_string_equal(sv_container_kind_name(SV_CT_KUBERNETES), "kubernetes");
	assert_string_equal(sv_container_kind_name((enum sv_container_kind)99), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_details),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
