/*
 * text: checking and showing the words people store.
 *
 * Stored text is UTF-8.  text_utf8_check refuses what a careful decoder
 * refuses: overlong forms, surrogates, code points past U+10FFFF,
 * truncated sequences, and NUL.  text_safe turns text into something a
 * terminal shows but never interprets: C0 and C1 controls and DEL come
 * out as visible escapes (\n, \t, \r, \e, \xHH, \u0085), so a stored
 * escape sequence cannot move the cursor, set a title or change colours.
 */
#ifndef HEARTH_TEXT_H
#define HEARTH_TEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The length (1 to 4) of the valid UTF-8 sequence at s[0..len), or 0 when
 * s[0] does not begin one.  NUL counts as a sequence of 1 here.
 */
size_t	text_utf8_seq(const unsigned char *s, size_t len);

/* 0 when s[0..len) is valid UTF-8 without NUL; else -1 and *bad = offset. */
int	text_utf8_check(const char *s, size_t len, size_t *bad);

/*
 * Write the terminal-safe form of s[0..len) into dst (dstlen bytes, always
 * NUL-terminated when dstlen > 0).  Returns the length the whole result
 * needs, not counting the NUL (as strlcpy does), so a caller can size a
 * buffer: at most 6 * len.  Invalid UTF-8 bytes come out as \xHH.
 */
size_t	text_safe(char *dst, size_t dstlen, const char *s, size_t len);

/*
 * The 64-bit FNV-1a hash of s[0..len): cheap and stable on every machine,
 * for ids and cache keys (not for anything an attacker could choose).
 */
uint64_t	text_hash(const char *s, size_t len);

/* Number of terminal columns s[0..len) of valid UTF-8 takes (wcwidth). */
size_t	text_width(const char *s, size_t len);

/*
 * For quoting a user's value in a message: text_safe into dst, ending in
 * "..." when the whole does not fit (dstlen must be at least 4).
 */
void	text_excerpt(char *dst, size_t dstlen, const char *s, size_t len);

/*
 * 0 when a[0..alen) and b[0..blen) are equal but for case, under the
 * current locale (towlower(3)); bytes it cannot decode compare as bytes.
 */
int	text_casecmp(const char *a, size_t alen, const char *b, size_t blen);

/*
 * The Damerau-Levenshtein distance between a[0..alen) and b[0..blen)
 * (insertions, deletions, substitutions and swaps of two neighbours, by
 * byte), or max + 1 when it is larger than max: a typo's distance from a
 * word ("lsit" is 1 from "list").
 */
size_t	text_distance(const char *a, size_t alen, const char *b, size_t blen,
	    size_t max);

/*
 * The word of words (NULL-terminated) nearest to s, within max edits
 * (ties: the first), or NULL.
 */
const char	*text_nearest(const char *s, const char *const *words,
		    size_t max);

#endif
