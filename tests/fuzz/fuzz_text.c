/*
 * libFuzzer harness for common/text.c.
 *
 * text_utf8_check is compared with a slow reference decoder written from
 * the definition (decode by bit patterns, then refuse overlong forms,
 * surrogates, code points past U+10FFFF, truncation and NUL): both must
 * agree on the verdict and on the offset.  text_safe must return the
 * same length when sizing and when writing, stay within 4 bytes out for
 * each byte in, and produce valid UTF-8 with no C0, DEL or C1 control
 * left; a shortened result must be a prefix of the whole that stops less
 * than one piece (at most 6 bytes) short and is valid UTF-8 itself.
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t
ref_seq(const uint8_t *s, size_t len)
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
	    (n == 4 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp > 0x10ffff)
		return 0;
	return n;
}

static int
ref_check(const uint8_t *s, size_t len, size_t *bad)
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

/* Valid UTF-8 with no control character of any kind. */
static void
check_shown(const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i;

	if (text_utf8_check(s, len, NULL) != 0)
		abort();
	for (i = 0; i < len; i++) {
		if (u[i] < 0x20 || u[i] == 0x7f)
			abort();
		if (u[i] == 0xc2 && i + 1 < len && u[i + 1] < 0xa0)
			abort();
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t bad = 0, rbad = 0, need, cut, got;
	char *out, *part;
	int r;

	r = text_utf8_check(s, size, &bad);
	if (r != ref_check(data, size, &rbad) || (r == -1 && bad != rbad))
		abort();

	need = text_safe(NULL, 0, s, size);
	if (need > 4 * size)
		abort();
	if ((out = malloc(need + 1)) == NULL)
		return 0;
	if (text_safe(out, need + 1, s, size) != need || strlen(out) != need)
		abort();
	check_shown(out, need);

	cut = size > 0 ? data[size - 1] % (need + 1) : 0;
	if ((part = malloc(cut + 1)) == NULL) {
		free(out);
		return 0;
	}
	if (text_safe(part, cut + 1, s, size) != need)
		abort();
	got = strlen(part);
	if (got > cut || cut - got > 5 || memcmp(part, out, got) != 0)
		abort();
	check_shown(part, got);

	if (r == 0 && text_width(s, size) > 2 * size)
		abort();
	free(part);
	free(out);
	return 0;
}
