/*
 * Unit tests for record: parsing, building, escaping and ids.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "date.h"
#include "record.h"
#include "registry.h"

#define GOOD "2026-11-25T21:03:11.482913+01:00\tana\tthanks\tben\tsoup #care"

#define PF(s, tool, why) parse_fails(s, sizeof(s) - 1, tool, why)

static void
parse_fails(const char *line, size_t len, const char *tool, const char *want)
{
	struct record r;
	const char *why = NULL;

	assert_int_equal(record_parse(&r, line, len,
	    tool != NULL ? registry_kinds(tool) : NULL, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, want);
}

static void
test_parse_good(void **state)
{
	struct record r;
	const char *why = NULL;

	assert_int_equal(record_parse(&r, GOOD, strlen(GOOD),
	    registry_kinds("gratitude"), &why), 0);
	assert_int_equal(r.nf, 5);
	assert_int_equal(r.len, strlen(GOOD));
	assert_memory_equal(r.f[RF_AUTHOR], "ana", 3);
	assert_int_equal(r.flen[RF_AUTHOR], 3);
	assert_int_equal(r.flen[RF_KIND], 6);
	assert_memory_equal(r.f[RF_DATA + 1], "soup #care", 10);
	/* 2026-11-25T20:03:11Z */
	assert_int_equal(r.when.sec, 1795636991);
	assert_int_equal(r.when.usec, 482913);
}

static void
test_parse_bad(void **state)
{
	char line[5000];

	PF("2026-02-30T10:00:00+01:00\tana\tthanks\t\tx", "gratitude",
	    "impossible date");
	PF("2026-11-25T21:03:11+01:00\tAna\tthanks\t\tx", "gratitude",
	    "bad author name");
	PF("2026-11-25T21:03:11+01:00\tana", NULL,
	    "missing fields");
	PF("2026-11-25T21:03:11+01:00\tana\tthanks\tben", "gratitude",
	    "missing fields");
	PF("2026-11-25T21:03:11+01:00\tana\tthanks\tben\tx\ty", "gratitude",
	    "too many fields");
	PF("2026-11-25T21:03:11+01:00\tana\tthank\tben\tx", "gratitude",
	    "unknown kind of record");
	PF("2026-11-25T21:03:11+01:00\tana\t\tben\tx", NULL,
	    "empty kind");
	PF("2026-11-25T21:03:11+01:00\tana\tthanks\tben\ta\\qb", "gratitude",
	    "bad escape");
	PF("2026-11-25T21:03:11+01:00\tana\tthanks\tben\ta\\", "gratitude",
	    "bad escape");
	PF("2026-11-25T21:03:11+01:00\tana\tthanks\tben\ta\rb", "gratitude",
	    "carriage return in line");
	PF("2026-11-25T21:03:11+01:00\tana\tthanks\tben\ta\0b", "gratitude",
	    "NUL byte");
	PF("2026-11-25T21:03:11+01:00\tana\tthanks\tben\t\xc3\x28", "gratitude",
	    "invalid UTF-8");
	PF("2026-11-25T21:03:11+01:00\tana\tthanks\tben\t\xc0\xaf", "gratitude",
	    "invalid UTF-8");
	memset(line, 'a', sizeof(line));
	memcpy(line, GOOD, strlen(GOOD));
	parse_fails(line, 4096, "gratitude", "line longer than 4096 bytes");
}

static void
test_parse_generic(void **state)
{
	struct record r;
	const char *why;

	/* Without a tool, any kind and any number of fields passes. */
	static const char line[] = "2026-11-25T21:03:11Z\tana\tnew\ta\tb\tc";

	assert_int_equal(record_parse(&r, line, sizeof(line) - 1, NULL, &why),
	    0);
	assert_int_equal(r.nf, 6);
	/* A tool's kinds: known kinds with their field counts, no others. */
	assert_int_equal(record_parse(&r, line, sizeof(line) - 1,
	    registry_kinds("gratitude"), &why), -1);
	assert_string_equal(why, "unknown kind of record");
	assert_non_null(registry_by_dir("listen"));
	assert_string_equal(registry_by_dir("listen")->name, "listen-timer");
	assert_null(registry_kinds("nope"));
}

static void
test_build_and_escape(void **state)
{
	struct buf b = BUF_INIT, t = BUF_INIT;
	struct hmoment m = { 1795636991, 42 };
	struct record r;
	const char *why;
	const char text[] = "a\\b\tc\nd\re";
	const char want[] = "2026-11-25T21:03:11.000042+01:00\tana\tthanks"
	    "\tben\ta\\\\b\\tc\\nd\\re\n";

	setenv("TZ", "Europe/Berlin", 1);
	assert_int_equal(record_begin(&b, &m, "ana", "thanks"), 0);
	assert_int_equal(record_field(&b, "ben", 3), 0);
	assert_int_equal(record_field(&b, text, sizeof(text) - 1), 0);
	assert_int_equal(record_end(&b), 0);
	assert_int_equal(b.len, sizeof(want) - 1);
	assert_memory_equal(b.p, want, sizeof(want) - 1);
	assert_int_equal(record_parse(&r, b.p, b.len - 1,
	    registry_kinds("gratitude"), &why),
	    0);
	assert_int_equal(record_text(&r, RF_DATA + 1, &t), 0);
	assert_int_equal(t.len, sizeof(text) - 1);
	assert_memory_equal(t.p, text, sizeof(text) - 1);
	buf_free(&b);
	buf_free(&t);
}

static void
test_record_max(void **state)
{
	struct buf b = BUF_INIT;
	struct hmoment m = { 1795636991, 0 };
	char text[4100];
	size_t head, saved;

	setenv("TZ", "UTC", 1);
	memset(text, 'x', sizeof(text));
	assert_int_equal(record_begin(&b, &m, "ana", "thanks"), 0);
	assert_int_equal(record_field(&b, "", 0), 0);
	head = b.len + 1;	/* and the TAB before the text */
	/* Exactly RECORD_MAX with the LF fits ... */
	assert_int_equal(record_field(&b, text, RECORD_MAX - head - 1), 0);
	assert_int_equal(record_end(&b), 0);
	assert_int_equal(b.len, RECORD_MAX);
	/* ... one more byte does not, and the buffer is left as it was. */
	assert_int_equal(record_begin(&b, &m, "ana", "thanks"), 0);
	assert_int_equal(record_field(&b, "", 0), 0);
	assert_int_equal(record_field(&b, text, RECORD_MAX - head), 0);
	saved = b.len;
	errno = 0;
	assert_int_equal(record_end(&b), -1);
	assert_int_equal(errno, E2BIG);
	assert_int_equal(b.len, saved);
	buf_free(&b);
}

static void
test_unescape(void **state)
{
	char d[16];

	assert_int_equal(record_unescape(d, "a\\\\b\\tc", 7), 5);
	assert_memory_equal(d, "a\\b\tc", 5);
	assert_int_equal(record_unescape(d, "a\\", 2), (size_t)-1);
	assert_int_equal(record_unescape(d, "\\x", 2), (size_t)-1);
	assert_int_equal(record_unescape(d, "", 0), 0);
}

static void
test_id(void **state)
{
	char id[RECORD_ID_LEN + 1], id2[RECORD_ID_LEN + 1];

	/* SHA-1 of "abc", as every implementation gives it. */
	record_id("abc", 3, id);
	assert_string_equal(id, "a9993e364706816aba3e25717850c26c9cd0d89d");
	record_id(GOOD, strlen(GOOD), id);
	record_id(GOOD, strlen(GOOD) - 1, id2);
	assert_string_not_equal(id, id2);
	assert_true(record_id_prefix_valid("a999"));
	assert_true(record_id_prefix_valid(
	    "a9993e364706816aba3e25717850c26c9cd0d89d"));
	assert_false(record_id_prefix_valid("a99"));
	assert_false(record_id_prefix_valid("A999"));
	assert_false(record_id_prefix_valid("a99g"));
	assert_false(record_id_prefix_valid(""));
	assert_false(record_id_prefix_valid(
	    "a9993e364706816aba3e25717850c26c9cd0d89d0"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_generic),
		cmocka_unit_test(test_build_and_escape),
		cmocka_unit_test(test_record_max),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_id),
	};

	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
