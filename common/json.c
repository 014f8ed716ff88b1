/*
 * json: JSON Lines output (see json.h).
 *
 * Each function appends to a struct buf and returns 0, or -1 (errno
 * ENOMEM) with the buffer cut back to where it stood before the call, so
 * a failed call never leaves half a member behind.  A member is preceded
 * by a comma unless the buffer is empty or ends in '{', which is all the
 * state an object needs.
 *
 * Strings are copied in runs: bytes that need no escape go out with one
 * buf_add per run.  The UTF-8 decoder is the strict one of text.c
 * (text_utf8_seq): a byte that does not begin a well-formed sequence
 * becomes U+FFFD, one for each such byte.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "text.h"

/*
 * Whether the valid sequence u[0..n) is a character written as \uXXXX
 * (into esc): a C1 control (U+0080 to U+009F), a line or paragraph
 * separator (U+2028, U+2029: JavaScript's line ends) or a bidirectional
 * embedding, override or isolate (U+202A to U+202E, U+2066 to U+2069),
 * so that the JSON text holds no byte that a terminal would act on.
 */
static int
must_escape(const unsigned char *u, size_t n, char esc[6])
{
	static const char hex[] = "0123456789abcdef";
	unsigned cp;

	if (n == 2)
		cp = (unsigned)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
	else if (n == 3)
		cp = (unsigned)(u[0] & 0x0f) << 12 |
		    (unsigned)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
	else
		return 0;
	if (!(cp >= 0x80 && cp <= 0x9f) && !(cp >= 0x2028 && cp <= 0x202e) &&
	    !(cp >= 0x2066 && cp <= 0x2069))
		return 0;
	memcpy(esc, "\\u", 2);
	esc[2] = hex[cp >> 12 & 0xf];
	esc[3] = hex[cp >> 8 & 0xf];
	esc[4] = hex[cp >> 4 & 0xf];
	esc[5] = hex[cp & 0xf];
	return 1;
}

static int
add_str(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, n;
	char esc[6];
	const char *rep;
	size_t replen;

	if (buf_addc(b, '"') == -1)
		return -1;
	while (i < len) {
		rep = NULL;
		replen = 2;
		if (u[i] >= 0x20 && u[i] < 0x7f && u[i] != '"' &&
		    u[i] != '\\') {
			i++;
			continue;
		}
		n = 1;
		esc[0] = '\\';
		switch (u[i]) {
		case '"':
		case '\\':
			esc[1] = (char)u[i];
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\t':
			esc[1] = 't';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		default:
			if (u[i] < 0x80) {
				/* Other C0 controls and DEL. */
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[u[i] >> 4];
				esc[5] = hex[u[i] & 0xf];
				replen = 6;
			} else if ((n = text_utf8_seq(u + i, len - i)) == 0) {
				rep = "\xef\xbf\xbd";
				replen = 3;
				n = 1;
			} else if (must_escape(u + i, n, esc)) {
				replen = 6;
			} else {
				/* Valid and harmless: part of the run. */
				i += n;
				continue;
			}
		}
		if ((i > run && buf_add(b, s + run, i - run) == -1) ||
		    buf_add(b, rep != NULL ? rep : esc, replen) == -1)
			return -1;
		i += n;
		run = i;
	}
	if ((i > run && buf_add(b, s + run, i - run) == -1) ||
	    buf_addc(b, '"') == -1)
		return -1;
	return 0;
}

int
json_str(struct buf *b, const char *s, size_t len)
{
	size_t old = b->len;

	if (add_str(b, s, len) == -1) {
		b->len = old;
		return -1;
	}
	return 0;
}

int
json_open(struct buf *b)
{
	return buf_addc(b, '{');
}

/* The comma when needed, "key" and the colon. */
static int
add_key(struct buf *b, const char *key)
{
	if (b->len > 0 && b->p[b->len - 1] != '{' && buf_addc(b, ',') == -1)
		return -1;
	if (add_str(b, key, strlen(key)) == -1 || buf_addc(b, ':') == -1)
		return -1;
	return 0;
}

int
json_kv_str(struct buf *b, const char *key, const char *s, size_t len)
{
	size_t old = b->len;

	if (add_key(b, key) == -1 || add_str(b, s, len) == -1) {
		b->len = old;
		return -1;
	}
	return 0;
}

int
json_kv_strz(struct buf *b, const char *key, const char *s)
{
	size_t old = b->len;
	int r;

	if (s != NULL)
		return json_kv_str(b, key, s, strlen(s));
	if ((r = add_key(b, key)) == 0)
		r = buf_adds(b, "null");
	if (r == -1)
		b->len = old;
	return r;
}

int
json_kv_int(struct buf *b, const char *key, int64_t v)
{
	size_t old = b->len;

	if (add_key(b, key) == -1 || buf_printf(b, "%" PRId64, v) == -1) {
		b->len = old;
		return -1;
	}
	return 0;
}

int
json_kv_bool(struct buf *b, const char *key, int v)
{
	size_t old = b->len;

	if (add_key(b, key) == -1 || buf_adds(b, v ? "true" : "false") == -1) {
		b->len = old;
		return -1;
	}
	return 0;
}

/* lens may be NULL: the strings are then NUL-terminated. */
int
json_kv_strv(struct buf *b, const char *key, const char *const *v,
    const size_t *lens, size_t n)
{
	size_t old = b->len, i;

	if (add_key(b, key) == -1 || buf_addc(b, '[') == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		if (i > 0 && buf_addc(b, ',') == -1)
			goto fail;
		if (add_str(b, v[i], lens != NULL ? lens[i] :
		    strlen(v[i])) == -1)
			goto fail;
	}
	if (buf_addc(b, ']') == -1)
		goto fail;
	return 0;
fail:
	b->len = old;
	return -1;
}

int
json_close(struct buf *b)
{
	return buf_add(b, "}\n", 2);
}
