/*
 * text: checking and showing the words people store (see text.h).
 *
 * All three functions share one strict decoder, text_utf8_seq(), which returns
 * the length of the valid sequence at a position or 0.  It follows the
 * table of well-formed byte sequences in the Unicode standard (3.9,
 * table 3-7), so overlong forms, surrogates and code points past U+10FFFF
 * are refused by the ranges allowed for the second byte; nothing is
 * decoded to a number just to be range-checked.
 *
 * text_utf8_check runs on every record of every log, so it first skips
 * ASCII eight bytes at a time: a word is plain ASCII without NUL when no
 * byte has its high bit set and no byte is zero (the classic "has zero
 * byte" test).  Only the words that fail go through the decoder.  The
 * offset it reports is that of the first byte that does not begin a
 * valid sequence: for a truncated sequence, its lead byte.
 *
 * text_safe cuts its output, when dst is short, only between two pieces
 * (an escape, or a whole UTF-8 sequence), so a shortened result never
 * ends in half an escape that the next text could complete.
 * text_excerpt builds on that to quote a user's value in a message.
 */
#include <ctype.h>
#include <langinfo.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

#include "text.h"

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/*
 * The length (1 to 4) of the valid UTF-8 sequence at s[0..len), or 0 when
 * s[0] does not begin one.  NUL is accepted here (as 1); callers that
 * refuse it check for it themselves.
 */
size_t
text_utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;	/* stray continuation, or overlong C0/C1 */
	if (c < 0xe0)
		n = 2;
	else if (c < 0xf0) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c < 0xf5) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else
		return 0;
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* The code point of the valid sequence s[0..n). */
static uint32_t
utf8_decode(const unsigned char *s, size_t n)
{
	switch (n) {
	case 1:
		return s[0];
	case 2:
		return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	case 3:
		return (uint32_t)(s[0] & 0x0f) << 12 |
		    (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	default:
		return (uint32_t)(s[0] & 0x07) << 18 |
		    (uint32_t)(s[1] & 0x3f) << 12 |
		    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
	}
}

int
text_utf8_check(const char *s, size_t len, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t w;
	size_t i = 0, n;

	while (i < len) {
		if (len - i >= 8) {
			memcpy(&w, u + i, sizeof(w));
			if (((w | ((w - ONES) & ~w)) & HIGHS) == 0) {
				i += 8;
				continue;
			}
		}
		if (u[i] != '\0' && u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] == '\0' || (n = text_utf8_seq(u + i, len - i)) == 0) {
			if (bad != NULL)
				*bad = i;
			return -1;
		}
		i += n;
	}
	return 0;
}

/*
 * Put piece p[0..n) at dst[*off..] when it fits in full before the NUL
 * and nothing was cut before it; count it in any case.
 */
static void
put(char *dst, size_t dstlen, size_t *off, int *cut, size_t *need,
    const char *p, size_t n)
{
	if (!*cut && dstlen > 0 && n < dstlen - *off) {
		memcpy(dst + *off, p, n);
		*off += n;
	} else
		*cut = 1;
	*need += n;
}

/*
 * How the character at u[0..left) is shown: 0 when as it is, else the
 * length of its escape in esc.  *take is how many bytes it has.
 */
static size_t
escape_of(const unsigned char *u, size_t left, char esc[6], size_t *take)
{
	static const char hex[] = "0123456789abcdef";
	size_t n;
	unsigned cp;

	esc[0] = '\\';
	*take = 1;
	if (u[0] < 0x80 || (n = text_utf8_seq(u, left)) == 0) {
		/* A C0 control, DEL, or a byte of no valid sequence. */
		switch (u[0]) {
		case '\n': esc[1] = 'n'; return 2;
		case '\t': esc[1] = 't'; return 2;
		case '\r': esc[1] = 'r'; return 2;
		case 0x1b: esc[1] = 'e'; return 2;
		}
		esc[1] = 'x';
		esc[2] = hex[u[0] >> 4];
		esc[3] = hex[u[0] & 0xf];
		return 4;
	}
	*take = n;
	if (n == 2 && u[0] == 0xc2 && u[1] < 0xa0) {
		/* A C1 control, U+0080 to U+009F. */
		memcpy(esc, "\\u00", 4);
		esc[4] = hex[u[1] >> 4];
		esc[5] = hex[u[1] & 0xf];
		return 6;
	}
	if (n == 3 && u[0] == 0xe2 && ((u[1] == 0x80 && u[2] >= 0xaa &&
	    u[2] <= 0xae) || (u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9))) {
		/*
		 * A bidirectional embedding, override or isolate
		 * (U+202A-U+202E, U+2066-U+2069): shown, so that it cannot
		 * reorder what the terminal displays.
		 */
		cp = (unsigned)(u[1] & 0x3f) << 6 | (unsigned)(u[2] & 0x3f);
		memcpy(esc, "\\u20", 4);
		esc[4] = hex[cp >> 4 & 0xf];
		esc[5] = hex[cp & 0xf];
		return 6;
	}
	return 0;
}

size_t
text_safe(char *dst, size_t dstlen, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, j, n, elen, off = 0, need = 0;
	char esc[6];
	int cut = 0;

	while (i < len) {
		/* A run of printable ASCII goes out as one piece per byte. */
		for (j = i; j < len && u[j] >= 0x20 && u[j] < 0x7f; j++)
			continue;
		if (j > i) {
			if (!cut && dstlen > 0) {
				n = j - i;
				if (n > dstlen - 1 - off) {
					n = dstlen - 1 - off;
					cut = 1;
				}
				memcpy(dst + off, s + i, n);
				off += n;
			}
			need += j - i;
			i = j;
			continue;
		}
		if ((elen = escape_of(u + i, len - i, esc, &n)) > 0)
			put(dst, dstlen, &off, &cut, &need, esc, elen);
		else
			put(dst, dstlen, &off, &cut, &need, s + i, n);
		i += n;
	}
	if (dstlen > 0)
		dst[off] = '\0';
	return need;
}

/* Whether the current locale's character set is UTF-8. */
static int
locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
	    strcasecmp(cs, "UTF8") == 0);
}

/*
 * Under a UTF-8 locale wchar_t holds code points (glibc, musl and the
 * BSDs all do so), so each decoded one goes to wcwidth(3) as it is.
 * Elsewhere a code point counts one column.  A byte of no valid sequence
 * (which callers should not pass) counts one column too.
 */
size_t
text_width(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, cols = 0;
	int utf8, w;

	utf8 = locale_utf8();
	while (i < len) {
		if (u[i] >= 0x20 && u[i] < 0x7f) {
			cols++;
			i++;
			continue;
		}
		if ((n = text_utf8_seq(u + i, len - i)) == 0) {
			cols++;
			i++;
			continue;
		}
		if (utf8) {
			w = wcwidth((wchar_t)utf8_decode(u + i, n));
			if (w > 0)
				cols += (size_t)w;
		} else
			cols++;
		i += n;
	}
	return cols;
}

void
text_excerpt(char *dst, size_t dstlen, const char *s, size_t len)
{
	size_t n;

	if (dstlen < 4) {
		if (dstlen > 0)
			dst[0] = '\0';
		return;
	}
	if (text_safe(dst, dstlen, s, len) < dstlen)
		return;
	(void)text_safe(dst, dstlen - 3, s, len);
	n = strlen(dst);
	memcpy(dst + n, "...", 4);
}

/*
 * Compare a and b ignoring case: code point by code point with
 * towlower(3) where the locale decodes them, byte by byte where it does
 * not.  0 when they are equal.
 */
int
text_casecmp(const char *a, size_t alen, const char *b, size_t blen)
{
	mbstate_t sa, sb;
	wchar_t wa, wb;
	size_t na, nb;

	memset(&sa, 0, sizeof(sa));
	memset(&sb, 0, sizeof(sb));
	while (alen > 0 && blen > 0) {
		na = mbrtowc(&wa, a, alen, &sa);
		nb = mbrtowc(&wb, b, blen, &sb);
		if (na == 0 || na > alen || nb == 0 || nb > blen) {
			/* Not decodable here: compare the bytes. */
			if (tolower((unsigned char)*a) !=
			    tolower((unsigned char)*b))
				return 1;
			memset(&sa, 0, sizeof(sa));
			memset(&sb, 0, sizeof(sb));
			na = nb = 1;
		} else if (towlower((wint_t)wa) != towlower((wint_t)wb))
			return 1;
		a += na;
		alen -= na;
		b += nb;
		blen -= nb;
	}
	return alen != 0 || blen != 0;
}

uint64_t
text_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a offset basis */

	while (len-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;		/* FNV-1a prime */
	}
	return h;
}

size_t
text_distance(const char *a, size_t alen, const char *b, size_t blen,
    size_t max)
{
	/* Three rows of the table: two back (for swaps), one back, now. */
	size_t rows[3][64], *pp, *p, *c, *t, i, j, best, v;

	if (alen > 62 || blen > 62)
		return max + 1;
	if ((alen > blen ? alen - blen : blen - alen) > max)
		return max + 1;
	pp = rows[0];
	p = rows[1];
	c = rows[2];
	for (j = 0; j <= blen; j++)
		p[j] = j;
	for (i = 1; i <= alen; i++) {
		c[0] = i;
		best = c[0];
		for (j = 1; j <= blen; j++) {
			v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[blen] > max ? max + 1 : p[blen];
}

const char *
text_nearest(const char *s, const char *const *words, size_t max)
{
	const char *best = NULL;
	size_t i, d, bestd = max + 1;

	for (i = 0; words[i] != NULL; i++) {
		d = text_distance(s, strlen(s), words[i], strlen(words[i]),
		    max);
		if (d < bestd) {
			bestd = d;
			best = words[i];
		}
	}
	return best;
}
