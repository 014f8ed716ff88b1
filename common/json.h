/*
 * json: JSON Lines output.
 *
 * Listings give one JSON object a line.  Strings are escaped as RFC 8259
 * requires: quote, backslash and every control character below U+0020
 * (as \n, \t, \r, \b, \f or \u00XX), and also DEL, U+2028 and U+2029 so
 * that the output is safe to paste into JavaScript, and the C1 controls
 * and bidirectional overrides and isolates, so that a JSON line shown on
 * a terminal cannot move the cursor or reorder the text.  Input is valid
 * UTF-8 (the store checks it); an invalid byte is written as U+FFFD.
 */
#ifndef HEARTH_JSON_H
#define HEARTH_JSON_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Append "s" as a JSON string, with the quotes. */
int	json_str(struct buf *b, const char *s, size_t len);
/* Start an object: "{". */
int	json_open(struct buf *b);
/* ,"key":"value" (the comma only after the first member). */
int	json_kv_str(struct buf *b, const char *key, const char *s, size_t len);
/* ,"key":null when s is NULL, else as json_kv_str. */
int	json_kv_strz(struct buf *b, const char *key, const char *s);
int	json_kv_int(struct buf *b, const char *key, int64_t v);
int	json_kv_bool(struct buf *b, const char *key, int v);
/* ,"key":["a","b"] from n strings. */
int	json_kv_strv(struct buf *b, const char *key, const char *const *v,
	    const size_t *lens, size_t n);
/* "}\n". */
int	json_close(struct buf *b);

#endif
