/*
 * record: splitting, checking and building store lines (see record.h).
 *
 * record_parse runs once for every line a listing reads, so it walks the
 * line once: it validates UTF-8 and splits on TAB in the same pass, and
 * checks escapes only in the text fields that may hold them.  Nothing
 * here allocates; a record points into the caller's buffer.
 */
#include <errno.h>
#include <sha1.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "paths.h"
#include "record.h"
#include "text.h"

static const struct record_kind *
kind_of(const char *p, size_t len, const struct record_kind *kinds)
{
	const struct record_kind *k;

	for (k = kinds; k->kind != NULL; k++)
		if (strlen(k->kind) == len && memcmp(k->kind, p, len) == 0)
			return k;
	return NULL;
}

static int
escapes_valid(const char *s, size_t len)
{
	const char *p, *end = s + len;

	for (p = s; (p = memchr(p, '\\', (size_t)(end - p))) != NULL; p += 2) {
		if (p + 1 == end)
			return 0;
		switch (p[1]) {
		case '\\': case 't': case 'n': case 'r':
			break;
		default:
			return 0;
		}
	}
	return 1;
}

int
record_parse(struct record *r, const char *line, size_t len,
    const struct record_kind *kinds, const char **why)
{
	const char *p, *end = line + len, *tab;
	char author[AUTHOR_MAX + 1];
	size_t bad, i;
	const struct record_kind *k = NULL;

	r->line = line;
	r->len = len;
	r->nf = 0;
	if (len + 1 > RECORD_MAX) {
		*why = "line longer than 4096 bytes";
		return -1;
	}
	if (text_utf8_check(line, len, &bad) == -1) {
		*why = line[bad] == '\0' ? "NUL byte" : "invalid UTF-8";
		return -1;
	}
	if (memchr(line, '\r', len) != NULL) {
		*why = "carriage return in line";
		return -1;
	}
	for (p = line; ; p = tab + 1) {
		if (r->nf == RECORD_FIELDS_MAX) {
			*why = "too many fields";
			return -1;
		}
		tab = memchr(p, '\t', (size_t)(end - p));
		r->f[r->nf] = p;
		r->flen[r->nf] = (size_t)((tab ? tab : end) - p);
		r->nf++;
		if (tab == NULL)
			break;
	}
	if (r->nf < 3) {
		*why = "missing fields";
		return -1;
	}
	if (date_parse_rfc3339(r->f[RF_TIME], r->flen[RF_TIME], &r->when,
	    why) == -1)
		return -1;
	if (r->flen[RF_AUTHOR] > AUTHOR_MAX) {
		*why = "bad author name";
		return -1;
	}
	memcpy(author, r->f[RF_AUTHOR], r->flen[RF_AUTHOR]);
	author[r->flen[RF_AUTHOR]] = '\0';
	if (!author_valid(author)) {
		*why = "bad author name";
		return -1;
	}
	if (r->flen[RF_KIND] == 0) {
		*why = "empty kind";
		return -1;
	}
	if (kinds != NULL) {
		if ((k = kind_of(r->f[RF_KIND], r->flen[RF_KIND], kinds)) ==
		    NULL) {
			*why = "unknown kind of record";
			return -1;
		}
		if (r->nf != (size_t)(RF_DATA + k->nfields)) {
			*why = r->nf < (size_t)(RF_DATA + k->nfields) ?
			    "missing fields" : "too many fields";
			return -1;
		}
	}
	for (i = RF_DATA; i < r->nf; i++)
		if (!escapes_valid(r->f[i], r->flen[i])) {
			*why = "bad escape";
			return -1;
		}
	if (k != NULL && k->check != NULL && (*why = k->check(r)) != NULL)
		return -1;
	return 0;
}

int
record_begin(struct buf *b, const struct hmoment *when, const char *author,
    const char *kind)
{
	char ts[DATE_RFC3339_MAX];
	size_t n;

	buf_reset(b);
	n = date_format(when, 1, ts);
	if (buf_add(b, ts, n) == -1 || buf_addc(b, '\t') == -1 ||
	    buf_adds(b, author) == -1 || buf_addc(b, '\t') == -1 ||
	    buf_adds(b, kind) == -1)
		return -1;
	return 0;
}

int
record_field(struct buf *b, const char *s, size_t len)
{
	const char *end = s + len;
	char esc[2] = { '\\', 0 };

	if (buf_reserve(b, len + 2) == -1 || buf_addc(b, '\t') == -1)
		return -1;
	for (; s < end; s++) {
		switch (*s) {
		case '\\': esc[1] = '\\'; break;
		case '\t': esc[1] = 't'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		default:
			if (buf_addc(b, *s) == -1)
				return -1;
			continue;
		}
		if (buf_add(b, esc, 2) == -1)
			return -1;
	}
	return 0;
}

int
record_end(struct buf *b)
{
	if (b->len + 1 > RECORD_MAX) {
		errno = E2BIG;
		return -1;
	}
	return buf_addc(b, '\n');
}

size_t
record_unescape(char *dst, const char *s, size_t len)
{
	const char *end = s + len;
	char *d = dst;

	while (s < end) {
		if (*s != '\\') {
			*d++ = *s++;
			continue;
		}
		if (s + 1 == end)
			return (size_t)-1;
		switch (s[1]) {
		case '\\': *d++ = '\\'; break;
		case 't': *d++ = '\t'; break;
		case 'n': *d++ = '\n'; break;
		case 'r': *d++ = '\r'; break;
		default:
			return (size_t)-1;
		}
		s += 2;
	}
	return (size_t)(d - dst);
}

int
record_text(const struct record *r, size_t i, struct buf *b)
{
	size_t n;

	buf_reset(b);
	if (buf_reserve(b, r->flen[i] + 1) == -1)
		return -1;
	n = record_unescape(b->p, r->f[i], r->flen[i]);
	if (n == (size_t)-1) {
		errno = EINVAL;
		return -1;
	}
	b->len = n;
	b->p[n] = '\0';
	return 0;
}

void
record_id(const char *line, size_t len, char id[RECORD_ID_LEN + 1])
{
	SHA1Data((const uint8_t *)line, len, id);
}

int
record_id_prefix_valid(const char *s)
{
	size_t n;

	n = strspn(s, "0123456789abcdef");
	return s[n] == '\0' && n >= RECORD_ID_MIN && n <= RECORD_ID_LEN;
}

int
record_read_line(struct record *r, const char *line, size_t len,
    const struct record_kind *kinds, const char *author, const char **why)
{
	if (len == 0) {
		*why = "empty line";
		return -1;
	}
	if (line[0] == '#')
		return 0;
	if (record_parse(r, line, len, kinds, why) == -1)
		return -1;
	if (r->flen[RF_AUTHOR] != strlen(author) ||
	    memcmp(r->f[RF_AUTHOR], author, r->flen[RF_AUTHOR]) != 0) {
		*why = "author does not match the file";
		return -1;
	}
	return 1;
}

int
record_id_valid(const char *s, size_t len)
{
	size_t i;

	if (len != RECORD_ID_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int
record_order(const struct hmoment *aw, const char *aby, const char *aid,
    const struct hmoment *bw, const char *bby, const char *bid)
{
	int c;

	if ((c = date_cmp(aw, bw)) != 0)
		return c;
	if ((c = strcmp(aby, bby)) != 0)
		return c < 0 ? -1 : 1;
	c = strcmp(aid, bid);
	return c < 0 ? -1 : c > 0;
}
