/* test_sockcount.c - cmocka suite for counting a protocol's sockets from
 * the processes' open files: real sockets of this process, counted once
 * however many fds hold them; the attribute's value compared exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockview/sockcount.h"

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

static void test_name_is(void **state)
{
	(void)state;
	assert_true(sv_sockcount_name_is("AF_VSOCK", 9, "AF_VSOCK")); /* with its NUL */
	assert_true(sv_sockcount_name_is("AF_VSOCK", 8, "AF_VSOCK"));
	assert_false(sv_sockcount_name_is("AF_VSOCK", 7, "AF_VSOCK"));
	assert_false(sv_sockcount_name_is("AF_VSOCKX", 9, "AF_VSOCK"));
	assert_false(sv_sockcount_name_is("TCP", 4, "TCPv6"));
	assert_false(sv_sockcount_name_is("", 0, "TCP"));
	assert_true(sv_sockcount_name_is("", 0, ""));
}

/* The count of name's sockets in this namespace. */
static uint64_t count(const char *name)
{
	struct sv_sockcount c;

	assert_int_equal(sv_sockcount_scan("/proc", name, &c), 0);
	return c.sockets;
}

/* UDP-Lite sockets of this process (a protocol no other process here is
 * likely to hold): each counts once, a dup'ed fd adds none. */
static void test_count(void **state)
{
	uint64_t before = count("UDP-Lite");
	int a = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE);
	int b = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE);
	int c;

	(void)state;
	if (a < 0 && errno == EPROTONOSUPPORT) {
		print_message("SKIP: this kernel has no UDP-Lite\n");
		skip();
	}
	assert_true(a >= 0 && b >= 0);
	c = dup(a);
	assert_true(c >= 0);
	assert_int_equal(count("UDP-Lite"), before + 2);
	close(a); /* c still holds it */
	assert_int_equal(count("UDP-Lite"), before + 2);
	close(c);
	assert_int_equal(count("UDP-Lite"), before + 1);
	close(b);
	assert_int_equal(count("UDP-Lite"), before);
}

/* The protocol the kernel does not count in /proc/net/protocols. */
static void test_vsock(void **state)
{
	uint64_t before = count("AF_VSOCK");
	int v = socket(AF_VSOCK, SOCK_STREAM, 0);

	(void)state;
	if (v < 0 && (errno == EAFNOSUPPORT || errno == ENODEV)) {
		print_message("SKIP: this kernel has no AF_VSOCK (%s)\n", strerror(errno));
		skip();
	}
	assert_true(v >= 0);
	assert_int_equal(count("AF_VSOCK"), before + 1);
	close(v);
	assert_int_equal(count("AF_VSOCK"), before);
}

static void test_errors(void **state)
{
	struct sv_sockcount c;

	(void)state;
	assert_true(sv_sockcount_scan("/nonexistent", "TCP", &c) < 0);
	assert_int_equal(c.sockets, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_is),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_vsock),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
