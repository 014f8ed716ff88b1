/*
 * Unit tests for common/json.c: exact escapes for every class of byte,
 * U+FFFD for invalid input, and whole JSON lines built member by member.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "json.h"

#define S(lit)	(lit), sizeof(lit) - 1

static void
check_str(const char *s, size_t len, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(json_str(&b, s, len), 0);
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.p, want, b.len);
	buf_free(&b);
}

static void
str_plain(void **state)
{
	check_str(S(""), "\"\"");
	check_str(S("hello, world"), "\"hello, world\"");
	check_str(S("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
	    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* '/' needs no escape; U+00A0 and U+00FF pass as UTF-8. */
	check_str(S("a/b \xc2\xa0\xc3\xbf"), "\"a/b \xc2\xa0\xc3\xbf\"");
}

static void
str_escapes(void **state)
{
	check_str(S("say \"hi\""), "\"say \\\"hi\\\"\"");
	check_str(S("C:\\dir"), "\"C:\\\\dir\"");
	check_str(S("a\nb\tc\rd\be\ff"), "\"a\\nb\\tc\\rd\\be\\ff\"");
	check_str(S("\x01\x1b\x1f"), "\"\\u0001\\u001b\\u001f\"");
	check_str(S("nul\0"), "\"nul\\u0000\"");
	check_str(S("del\x7f"), "\"del\\u007f\"");
	/* U+2028 and U+2029, but not their neighbour U+2027. */
	check_str(S("\xe2\x80\xa8|\xe2\x80\xa9|\xe2\x80\xa7"),
	    "\"\\u2028|\\u2029|\xe2\x80\xa7\"");
	/* C1 controls, but not U+00A0 after them. */
	check_str(S("\xc2\x80\xc2\x85\xc2\x9b\xc2\x9f\xc2\xa0"),
	    "\"\\u0080\\u0085\\u009b\\u009f\xc2\xa0\"");
	/* Bidirectional embeddings, overrides and isolates, not U+202F. */
	check_str(S("\xe2\x80\xaa\xe2\x80\xae\xe2\x81\xa6\xe2\x81\xa9"
	    "\xe2\x80\xaf"), "\"\\u202a\\u202e\\u2066\\u2069\xe2\x80\xaf\"");
}

static void
str_invalid(void **state)
{
	/* One U+FFFD per byte that begins no valid sequence. */
	check_str(S("\xff"), "\"\xef\xbf\xbd\"");
	check_str(S("a\x80z"), "\"a\xef\xbf\xbdz\"");
	check_str(S("\xc0\xaf"), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	check_str(S("\xed\xa0\x80"),
	    "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	check_str(S("ab\xe2\x82"), "\"ab\xef\xbf\xbd\xef\xbf\xbd\"");
	check_str(S("\xf4\x90\x80\x80!"),
	    "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!\"");
}

static void
str_appends(void **state)
{
	struct buf b = BUF_INIT;

	assert_int_equal(buf_adds(&b, "x="), 0);
	assert_int_equal(json_str(&b, S("y")), 0);
	assert_int_equal(json_str(&b, S("z")), 0);
	assert_int_equal(buf_nul(&b), 0);
	assert_string_equal(b.p, "x=\"y\"\"z\"");
	buf_free(&b);
}

static void
object_line(void **state)
{
	struct buf b = BUF_INIT;
	const char *tags[] = { "walk", "tea \"time\"" };
	const size_t lens[] = { 4, 10 };

	assert_int_equal(json_open(&b), 0);
	assert_int_equal(json_kv_str(&b, "id", S("3f9a1c02be")), 0);
	assert_int_equal(json_kv_strz(&b, "author", "ana"), 0);
	assert_int_equal(json_kv_strz(&b, "partner", NULL), 0);
	assert_int_equal(json_kv_int(&b, "n", -42), 0);
	assert_int_equal(json_kv_int(&b, "max", INT64_MAX), 0);
	assert_int_equal(json_kv_int(&b, "min", INT64_MIN), 0);
	assert_int_equal(json_kv_bool(&b, "done", 1), 0);
	assert_int_equal(json_kv_bool(&b, "skipped", 0), 0);
	assert_int_equal(json_kv_bool(&b, "odd", 7), 0);
	assert_int_equal(json_kv_strv(&b, "tags", tags, lens, 2), 0);
	assert_int_equal(json_kv_strv(&b, "none", NULL, NULL, 0), 0);
	assert_int_equal(json_kv_str(&b, "text", S("I\nsee you")), 0);
	assert_int_equal(json_close(&b), 0);
	assert_int_equal(buf_nul(&b), 0);
	assert_string_equal(b.p,
	    "{\"id\":\"3f9a1c02be\",\"author\":\"ana\",\"partner\":null,"
	    "\"n\":-42,\"max\":9223372036854775807,"
	    "\"min\":-9223372036854775808,\"done\":true,\"skipped\":false,"
	    "\"odd\":true,\"tags\":[\"walk\",\"tea \\\"time\\\"\"],"
	    "\"none\":[],\"text\":\"I\\nsee you\"}\n");
	buf_free(&b);
}

static void
object_first_member(void **state)
{
	struct buf b = BUF_INIT;

	/* No comma after '{', whichever member comes first. */
	assert_int_equal(json_open(&b), 0);
	assert_int_equal(json_kv_int(&b, "a", 0), 0);
	assert_int_equal(json_close(&b), 0);
	assert_int_equal(json_open(&b), 0);
	assert_int_equal(json_kv_bool(&b, "b", 0), 0);
	assert_int_equal(json_close(&b), 0);
	assert_int_equal(json_open(&b), 0);
	assert_int_equal(json_kv_strz(&b, "c", NULL), 0);
	assert_int_equal(json_close(&b), 0);
	assert_int_equal(json_open(&b), 0);
	assert_int_equal(json_kv_strv(&b, "d", NULL, NULL, 0), 0);
	assert_int_equal(json_close(&b), 0);
	assert_int_equal(json_open(&b), 0);
	assert_int_equal(json_close(&b), 0);
	assert_int_equal(buf_nul(&b), 0);
	assert_string_equal(b.p, "{\"a\":0}\n{\"b\":false}\n{\"c\":null}\n"
	    "{\"d\":[]}\n{}\n");
	buf_free(&b);
}

static void
object_escaped_key_and_strv(void **state)
{
	struct buf b = BUF_INIT;
	const char *v[] = { "one", "t\two", "" };

	assert_int_equal(json_open(&b), 0);
	assert_int_equal(json_kv_str(&b, "we\"ird", S("")), 0);
	/* lens NULL: the strings are NUL-terminated. */
	assert_int_equal(json_kv_strv(&b, "v", v, NULL, 3), 0);
	assert_int_equal(json_close(&b), 0);
	assert_int_equal(buf_nul(&b), 0);
	assert_string_equal(b.p,
	    "{\"we\\\"ird\":\"\",\"v\":[\"one\",\"t\\two\",\"\"]}\n");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest json[] = {
		cmocka_unit_test(str_plain),
		cmocka_unit_test(str_escapes),
		cmocka_unit_test(str_invalid),
		cmocka_unit_test(str_appends),
		cmocka_unit_test(object_line),
		cmocka_unit_test(object_first_member),
		cmocka_unit_test(object_escaped_key_and_strv),
	};

	return cmocka_run_group_tests(json, NULL, NULL);
}
