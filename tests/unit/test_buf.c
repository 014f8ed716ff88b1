/*
 * Unit tests for buf (the growable buffer) and herr (failure reports).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "herr.h"

static void
test_buf_grows(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < 10000; i++)
		assert_int_equal(buf_addc(&b, (char)('a' + i % 26)), 0);
	assert_int_equal(b.len, 10000);
	assert_true(b.cap >= 10001);
	assert_int_equal(b.p[9999], 'a' + 9999 % 26);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_adds(&b, "ab"), 0);
	assert_int_equal(buf_printf(&b, "-%d-%s", 42, "x"), 0);
	assert_int_equal(buf_add(&b, "", 0), 0);
	assert_int_equal(buf_nul(&b), 0);
	assert_string_equal(b.p, "ab-42-x");
	assert_int_equal(b.len, 7);
	buf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.cap, 0);
}

static void
test_buf_overflow(void **state)
{
	struct buf b = BUF_INIT;

	assert_int_equal(buf_adds(&b, "x"), 0);
	errno = 0;
	assert_int_equal(buf_reserve(&b, SIZE_MAX - 1), -1);
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(b.len, 1);
	buf_free(&b);
}

static void
test_herr(void **state)
{
	struct herr e;

	assert_int_equal(herr_set(&e, HX_USAGE, "bad date '%s'", "x"), -1);
	assert_int_equal(e.code, 64);
	assert_string_equal(e.msg, "bad date 'x'");
	assert_int_equal(herr_errno(&e, HX_IOERR, ENOSPC, "%s", "/a/b"), -1);
	assert_int_equal(e.code, 74);
	assert_string_equal(e.msg, "/a/b: No space left on device");
	assert_int_equal(herr_set(NULL, 1, "x"), -1);
	assert_int_equal(herr_code_for(EACCES), HX_CANTCREAT);
	assert_int_equal(herr_code_for(ENOENT), HX_NOINPUT);
	assert_int_equal(herr_code_for(EIO), HX_IOERR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows),
		cmocka_unit_test(test_buf_overflow),
		cmocka_unit_test(test_herr),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
