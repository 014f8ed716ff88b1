/*
 * Unit tests for common/text.c: the UTF-8 checker (edge cases by hand,
 * then every one-, two- and three-byte sequence and every code point
 * against a slow reference decoder written from the definition),
 * text_safe's exact escapes and truncation, text_width under a UTF-8 and
 * the C locale, and text_excerpt.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

#define S(lit)	(lit), sizeof(lit) - 1

/*
 * The reference: decode by the bit patterns alone, then refuse what the
 * definition refuses.  Returns the length of the valid sequence or 0.
 */
static size_t
ref_seq(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000))
		return 0;
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static int
ref_check(const unsigned char *s, size_t len, size_t *bad)
{
	size_t i = 0, n;

	while (i < len) {
		if ((n = ref_seq(s + i, len - i)) == 0) {
			*bad = i;
			return -1;
		}
		i += n;
	}
	return 0;
}

static void
check_ok(const char *s, size_t len)
{
	size_t bad = 12345;

	assert_int_equal(text_utf8_check(s, len, &bad), 0);
	assert_int_equal(bad, 12345);
}

static void
check_bad(const char *s, size_t len, size_t want)
{
	size_t bad = 12345;

	assert_int_equal(text_utf8_check(s, len, &bad), -1);
	assert_int_equal(bad, want);
}

static void
utf8_valid(void **state)
{
	check_ok(S(""));
	check_ok(S("a"));
	check_ok(S("hello, world: plain ASCII longer than a word"));
	check_ok(S("caf\xc3\xa9"));			/* U+00E9 */
	check_ok(S("\xc2\x80"));			/* U+0080 */
	check_ok(S("\xdf\xbf"));			/* U+07FF */
	check_ok(S("\xe0\xa0\x80"));			/* U+0800 */
	check_ok(S("\xe2\x82\xac"));			/* U+20AC */
	check_ok(S("\xed\x9f\xbf"));			/* U+D7FF */
	check_ok(S("\xee\x80\x80"));			/* U+E000 */
	check_ok(S("\xef\xbf\xbf"));			/* U+FFFF */
	check_ok(S("\xf0\x90\x80\x80"));		/* U+10000 */
	check_ok(S("\xf0\x9f\x98\x80"));		/* U+1F600 */
	check_ok(S("\xf4\x8f\xbf\xbf"));		/* U+10FFFF */
	check_ok(S("\x7f\x01\x1b[31m"));		/* controls are valid */
	check_ok(S("0123456789abcdef\xe2\x82\xac""0123456789abcdef"));
	/* bad may be NULL. */
	assert_int_equal(text_utf8_check(S("ok"), NULL), 0);
	assert_int_equal(text_utf8_check(S("\xff"), NULL), -1);
}

static void
utf8_invalid(void **state)
{
	/* Overlong forms. */
	check_bad(S("\xc0\x80"), 0);
	check_bad(S("\xc0\xaf"), 0);
	check_bad(S("\xc1\xbf"), 0);
	check_bad(S("\xe0\x80\x80"), 0);
	check_bad(S("\xe0\x9f\xbf"), 0);
	check_bad(S("\xf0\x80\x80\x80"), 0);
	check_bad(S("\xf0\x8f\xbf\xbf"), 0);
	/* Surrogates. */
	check_bad(S("\xed\xa0\x80"), 0);
	check_bad(S("\xed\xbf\xbf"), 0);
	check_bad(S("\xed\xa0\xbd\xed\xb8\x80"), 0);
	/* Past U+10FFFF, and bytes that never occur. */
	check_bad(S("\xf4\x90\x80\x80"), 0);
	check_bad(S("\xf5\x80\x80\x80"), 0);
	check_bad(S("\xf7\xbf\xbf\xbf"), 0);
	check_bad(S("\xf8\x88\x80\x80\x80"), 0);
	check_bad(S("\xfe"), 0);
	check_bad(S("\xff"), 0);
	/* Truncated: the offset is the lead byte's. */
	check_bad(S("ab\xe2\x82"), 2);
	check_bad(S("ab\xe2\x82z"), 2);
	check_bad(S("\xf0\x9f\x98"), 0);
	check_bad(S("\xc3"), 0);
	check_bad(S("x\xc3 "), 1);
	/* Stray continuation bytes. */
	check_bad(S("abc\x80"), 3);
	check_bad(S("\xbf"), 0);
	check_bad(S("\xe2\x82\xac\xac"), 3);
	/* NUL, in and out of the eight-byte fast path. */
	check_bad(S("\0"), 0);
	check_bad(S("abc\0def"), 3);
	check_bad(S("abcde\0ghijklmnopq"), 5);
	check_bad(S("abcdefgh\0ijklmnop"), 8);
	check_bad(S("abcdefghijklmno\0"), 15);
	/* A bad byte late in a long ASCII run. */
	check_bad(S("0123456789abcdefghijklm\x80nop"), 23);
	check_bad(S("0123456789abcdefghijklmnopqrstu\xff"), 31);
}

/* Every sequence of one, two and three bytes against the reference. */
static void
utf8_exhaustive(void **state)
{
	unsigned char s[3];
	size_t bad, rbad;
	unsigned a, b, c;
	int r, rr;

	for (a = 0; a < 256; a++) {
		s[0] = (unsigned char)a;
		bad = rbad = 0;
		r = text_utf8_check((char *)s, 1, &bad);
		rr = ref_check(s, 1, &rbad);
		assert_int_equal(r, rr);
		assert_int_equal(bad, rbad);
		for (b = 0; b < 256; b++) {
			s[1] = (unsigned char)b;
			bad = rbad = 0;
			r = text_utf8_check((char *)s, 2, &bad);
			rr = ref_check(s, 2, &rbad);
			assert_int_equal(r, rr);
			assert_int_equal(bad, rbad);
			if (a < 0xe0 || a > 0xef)
				continue;
			for (c = 0; c < 256; c++) {
				s[2] = (unsigned char)c;
				bad = rbad = 0;
				r = text_utf8_check((char *)s, 3, &bad);
				rr = ref_check(s, 3, &rbad);
				if (r != rr || bad != rbad)
					fail_msg("%02x %02x %02x", a, b, c);
			}
		}
	}
}

/* Every code point, encoded: valid unless a surrogate. */
static void
utf8_every_code_point(void **state)
{
	unsigned char s[4];
	uint32_t cp;
	size_t n, bad;
	int want;

	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (cp < 0x80) {
			s[0] = (unsigned char)cp;
			n = 1;
		} else if (cp < 0x800) {
			s[0] = (unsigned char)(0xc0 | cp >> 6);
			s[1] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 2;
		} else if (cp < 0x10000) {
			s[0] = (unsigned char)(0xe0 | cp >> 12);
			s[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
			s[2] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 3;
		} else {
			s[0] = (unsigned char)(0xf0 | cp >> 18);
			s[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
			s[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
			s[3] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 4;
		}
		want = cp >= 0xd800 && cp <= 0xdfff ? -1 : 0;
		if (text_utf8_check((char *)s, n, &bad) != want)
			fail_msg("U+%04x", (unsigned)cp);
	}
}

static void
check_safe(const char *s, size_t len, const char *want)
{
	char out[256];

	assert_int_equal(text_safe(out, sizeof(out), s, len), strlen(want));
	assert_string_equal(out, want);
	/* Sizing first, as a caller would. */
	assert_int_equal(text_safe(NULL, 0, s, len), strlen(want));
}

static void
safe_escapes(void **state)
{
	check_safe(S(""), "");
	check_safe(S("hello"), "hello");
	check_safe(S("a\nb\tc\rd"), "a\\nb\\tc\\rd");
	check_safe(S("\x1b]0;pwned\x07\x1b[2J"), "\\e]0;pwned\\x07\\e[2J");
	check_safe(S("\x01\x1f\x7f"), "\\x01\\x1f\\x7f");
	check_safe(S("nul\0here"), "nul\\x00here");
	check_safe(S("\x08\x0b\x0c"), "\\x08\\x0b\\x0c");
	/* C1 controls: U+0080, U+0085, U+009B (CSI), U+009F. */
	check_safe(S("\xc2\x80\xc2\x85\xc2\x9b\xc2\x9f"),
	    "\\u0080\\u0085\\u009b\\u009f");
	/* Not C1: U+00A0 and U+00FF stay. */
	check_safe(S("\xc2\xa0\xc3\xbf"), "\xc2\xa0\xc3\xbf");
	/* Backslash and printable UTF-8 are unchanged. */
	check_safe(S("a\\b \\n"), "a\\b \\n");
	check_safe(S("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	/* Invalid bytes, one escape each. */
	check_safe(S("\xff\xfe"), "\\xff\\xfe");
	check_safe(S("\xc0\x80"), "\\xc0\\x80");
	check_safe(S("\xed\xa0\x80"), "\\xed\\xa0\\x80");
	check_safe(S("ab\xe2\x82"), "ab\\xe2\\x82");
	check_safe(S("\xe2\x82z"), "\\xe2\\x82z");
	check_safe(S("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");
	check_safe(S("x\x80y"), "x\\x80y");
}

static void
safe_truncation(void **state)
{
	char out[16];

	memset(out, 'Z', sizeof(out));
	/* "ab\n" needs 4 bytes and the NUL. */
	assert_int_equal(text_safe(out, 5, S("ab\ncd")), 6);
	assert_string_equal(out, "ab\\n");
	assert_int_equal(text_safe(out, 4, S("ab\ncd")), 6);
	assert_string_equal(out, "ab");
	assert_int_equal(text_safe(out, 3, S("ab\ncd")), 6);
	assert_string_equal(out, "ab");
	assert_int_equal(text_safe(out, 2, S("ab\ncd")), 6);
	assert_string_equal(out, "a");
	assert_int_equal(text_safe(out, 1, S("ab\ncd")), 6);
	assert_string_equal(out, "");
	/* A UTF-8 sequence is not split. */
	assert_int_equal(text_safe(out, 4, S("a\xe2\x82\xac")), 4);
	assert_string_equal(out, "a");
	assert_int_equal(text_safe(out, 5, S("a\xe2\x82\xac")), 4);
	assert_string_equal(out, "a\xe2\x82\xac");
	/* Nor a \u escape or a \x escape. */
	assert_int_equal(text_safe(out, 6, S("\xc2\x85")), 6);
	assert_string_equal(out, "");
	assert_int_equal(text_safe(out, 4, S("\xff")), 4);
	assert_string_equal(out, "");
	/* Once cut, nothing after is written, even if it would fit. */
	assert_int_equal(text_safe(out, 4, S("a\x01z")), 6);
	assert_string_equal(out, "a");
	/* dstlen 0 writes nothing. */
	out[0] = 'Q';
	assert_int_equal(text_safe(out, 0, S("abc")), 3);
	assert_int_equal(out[0], 'Q');
	/* Nothing past dstlen is touched. */
	memset(out, 'Z', sizeof(out));
	assert_int_equal(text_safe(out, 8, S("0123456789")), 10);
	assert_string_equal(out, "0123456");
	assert_int_equal(out[8], 'Z');
}

static void
safe_bound(void **state)
{
	char in[64], out[64 * 6 + 1];
	size_t i;

	/* The worst case is four bytes out for one in. */
	for (i = 0; i < sizeof(in); i++)
		in[i] = (char)(0x80 + i % 2);
	assert_int_equal(text_safe(out, sizeof(out), in, sizeof(in)),
	    4 * sizeof(in));
	assert_int_equal(strlen(out), 4 * sizeof(in));
}

static void
width_utf8(void **state)
{
	/* Without a UTF-8 locale only width_c_locale can run. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL)
		return;
	assert_int_equal(text_width(S("")), 0);
	assert_int_equal(text_width(S("abc")), 3);
	assert_int_equal(text_width(S("caf\xc3\xa9")), 4);
	/* Wide CJK: two columns each. */
	assert_int_equal(text_width(S("\xe6\x97\xa5\xe6\x9c\xac")), 4);
	/* e + combining acute accent: one column. */
	assert_int_equal(text_width(S("e\xcc\x81")), 1);
	/* Controls have a negative wcwidth, counted as 0. */
	assert_int_equal(text_width(S("a\x01" "b\xc2\x85")), 2);
	setlocale(LC_CTYPE, "C");
}

static void
width_c_locale(void **state)
{
	setlocale(LC_CTYPE, "C");
	/* One column per code point. */
	assert_int_equal(text_width(S("abc")), 3);
	assert_int_equal(text_width(S("caf\xc3\xa9")), 4);
	assert_int_equal(text_width(S("\xe6\x97\xa5\xe6\x9c\xac")), 2);
	assert_int_equal(text_width(S("e\xcc\x81")), 2);
	assert_int_equal(text_width(S("\xf0\x9f\x98\x80")), 1);
}

static void
excerpt(void **state)
{
	char out[12];

	text_excerpt(out, sizeof(out), S("short"));
	assert_string_equal(out, "short");
	text_excerpt(out, sizeof(out), S("a\x1b[2J"));
	assert_string_equal(out, "a\\e[2J");
	/* Exactly fits: 11 bytes. */
	text_excerpt(out, sizeof(out), S("0123456789a"));
	assert_string_equal(out, "0123456789a");
	text_excerpt(out, sizeof(out), S("0123456789ab"));
	assert_string_equal(out, "01234567...");
	/* The cut does not split an escape. */
	text_excerpt(out, sizeof(out), S("012345\x01zzzzzz"));
	assert_string_equal(out, "012345...");
	text_excerpt(out, 3, S("abc"));
	assert_string_equal(out, "");
}

#define DIST(a, b, max) text_distance(a, strlen(a), b, strlen(b), max)

static void
distance(void **state)
{
	assert_int_equal(DIST("list", "list", 2), 0);
	/* A swap of two neighbours is one edit, as people make them. */
	assert_int_equal(DIST("lsit", "list", 2), 1);
	assert_int_equal(DIST("lits", "list", 2), 1);
	assert_int_equal(DIST("anwser", "answer", 2), 1);
	/* One deletion, one insertion, one substitution. */
	assert_int_equal(DIST("lst", "list", 2), 1);
	assert_int_equal(DIST("liste", "list", 2), 1);
	assert_int_equal(DIST("lust", "list", 2), 1);
	/* Two edits: "grpe" is g-r-p-e against g-r-e-p (a swap), "ad" add. */
	assert_int_equal(DIST("grpe", "grep", 2), 1);
	assert_int_equal(DIST("rm", "random", 2), 3);
	assert_int_equal(DIST("", "add", 2), 3);
	assert_int_equal(DIST("stats", "stat", 0), 1);
	assert_int_equal(DIST("wlak", "walk", 2), 1);
	assert_int_equal(DIST("kitten", "sitting", 5), 3);
}

static void
nearest(void **state)
{
	static const char *const cmds[] = { "add", "list", "grep", "random",
	    "today", "stats", "rm", NULL };

	assert_string_equal(text_nearest("lsit", cmds, 2), "list");
	assert_string_equal(text_nearest("ad", cmds, 2), "add");
	assert_string_equal(text_nearest("todya", cmds, 2), "today");
	assert_null(text_nearest("soup", cmds, 2));
	assert_null(text_nearest("we", cmds, 1));
}

int
main(void)
{
	const struct CMUnitTest text[] = {
		cmocka_unit_test(utf8_valid),
		cmocka_unit_test(utf8_invalid),
		cmocka_unit_test(utf8_exhaustive),
		cmocka_unit_test(utf8_every_code_point),
		cmocka_unit_test(safe_escapes),
		cmocka_unit_test(safe_truncation),
		cmocka_unit_test(safe_bound),
		cmocka_unit_test(width_utf8),
		cmocka_unit_test(width_c_locale),
		cmocka_unit_test(excerpt),
		cmocka_unit_test(distance),
		cmocka_unit_test(nearest),
	};

	return cmocka_run_group_tests(text, NULL, NULL);
}
