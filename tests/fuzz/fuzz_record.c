/*
 * fuzz_record: libFuzzer harness for record_parse, record_text, record_id
 * and the record builder.
 *
 * The input is parsed as one line (its bytes as they are: a line handed
 * over by the reader has no LF, but a caller's mistake should not crash
 * either), for the gratitude tool and generically.  What parses must hold
 * up: the fields tile the line, the timestamp and author are what the
 * checks promise, every data field unescapes and escapes back to its own
 * bytes, the id is 40 lowercase hex digits.
 *
 * Then the round trip: the longest valid UTF-8 prefix of the input is the
 * text of a "thanks" record built with record_begin/record_field/
 * record_end; unless it is too long (E2BIG), the line must parse and give
 * the text back byte for byte.  Any broken promise is an abort().
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "date.h"
#include "paths.h"
#include "record.h"
#include "registry.h"
#include "text.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	return 0;
}

static void
check_id(const char *line, size_t len)
{
	char id[RECORD_ID_LEN + 1], again[RECORD_ID_LEN + 1];

	memset(id, 'x', sizeof(id));
	record_id(line, len, id);
	if (id[RECORD_ID_LEN] != '\0' || strlen(id) != RECORD_ID_LEN ||
	    !record_id_prefix_valid(id))
		abort();
	record_id(line, len, again);
	if (strcmp(id, again) != 0)
		abort();
}

/* Escape text[0..len) back with record_field and compare with field. */
static void
check_reescape(const char *field, size_t flen, const char *text, size_t len)
{
	struct buf b = BUF_INIT;

	if (record_field(&b, text, len) == -1)
		abort();
	if (b.len != flen + 1 || b.p[0] != '\t' ||
	    memcmp(b.p + 1, field, flen) != 0)
		abort();
	buf_free(&b);
}

/* Check a record that record_parse accepted. */
/* The fields a kind of tool has, from the registry; -1 for none. */
static int
kind_fields(const char *tool, const char *kind)
{
	const struct record_kind *k = registry_kinds(tool);

	for (; k != NULL && k->kind != NULL; k++)
		if (strcmp(k->kind, kind) == 0)
			return k->nfields;
	return -1;
}

static void
check_parsed(const struct record *r, const char *line, size_t len,
    const char *tool)
{
	struct buf b = BUF_INIT;
	struct hmoment m;
	char author[AUTHOR_MAX + 1];
	const char *p;
	size_t i, bad;

	if (r->line != line || r->len != len || len + 1 > RECORD_MAX ||
	    r->nf < 3 || r->nf > RECORD_FIELDS_MAX)
		abort();
	if (text_utf8_check(line, len, &bad) != 0 ||
	    memchr(line, '\r', len) != NULL)
		abort();
	/* The fields tile the line, TAB between them. */
	for (p = line, i = 0; i < r->nf; i++) {
		if (r->f[i] != p || memchr(r->f[i], '\t', r->flen[i]) != NULL)
			abort();
		p += r->flen[i];
		if (i + 1 < r->nf) {
			if (*p != '\t')
				abort();
			p++;
		}
	}
	if (p != line + len)
		abort();
	if (date_parse_rfc3339(r->f[RF_TIME], r->flen[RF_TIME], &m, NULL) != 0 ||
	    m.sec != r->when.sec || m.usec != r->when.usec ||
	    r->when.usec < 0 || r->when.usec > 999999)
		abort();
	if (r->flen[RF_AUTHOR] == 0 || r->flen[RF_AUTHOR] > AUTHOR_MAX)
		abort();
	memcpy(author, r->f[RF_AUTHOR], r->flen[RF_AUTHOR]);
	author[r->flen[RF_AUTHOR]] = '\0';
	if (!author_valid(author) || r->flen[RF_KIND] == 0)
		abort();
	if (tool != NULL) {
		int nf;

		if (r->flen[RF_KIND] >= 32)
			abort();
		memcpy(author, r->f[RF_KIND], r->flen[RF_KIND]);
		author[r->flen[RF_KIND]] = '\0';
		nf = kind_fields(tool, author);
		if (nf < 0 || r->nf != (size_t)(RF_DATA + nf))
			abort();
	}
	for (i = RF_DATA; i < r->nf; i++) {
		b.len = 0;
		if (record_text(r, i, &b) != 0)
			abort();
		if (b.len > r->flen[i] || b.p[b.len] != '\0')
			abort();
		/* A raw LF is not escaped back (a caller's line has none). */
		if (memchr(r->f[i], '\n', r->flen[i]) == NULL)
			check_reescape(r->f[i], r->flen[i], b.p, b.len);
	}
	/* The header fields can be unescaped too (they hold no backslash). */
	if (record_text(r, RF_AUTHOR, &b) != 0 || b.len != r->flen[RF_AUTHOR])
		abort();
	buf_free(&b);
	check_id(line, len);
}

/* Build a record whose text is text[0..len) and read it back. */
static void
roundtrip(const char *text, size_t len, uint32_t seed)
{
	struct buf b = BUF_INIT, t = BUF_INIT;
	struct record r;
	struct hmoment when;
	const char *why = NULL;
	size_t before, linelen;

	/* Some moment between 1970 and 2100, microseconds included. */
	when.sec = (int64_t)(seed % 4102444800u);
	when.usec = (int32_t)(seed % 1000000u);
	if (record_begin(&b, &when, "ana", "thanks") != 0 ||
	    record_field(&b, "ben", 3) != 0 ||
	    record_field(&b, text, len) != 0)
		abort();
	before = b.len;
	if (record_end(&b) != 0) {
		if (errno != E2BIG || b.len != before ||
		    before + 1 <= RECORD_MAX)
			abort();
		buf_free(&b);
		return;
	}
	if (b.len != before + 1 || b.len > RECORD_MAX ||
	    b.p[b.len - 1] != '\n')
		abort();
	linelen = b.len - 1;
	if (memchr(b.p, '\n', linelen) != NULL ||
	    memchr(b.p, '\r', linelen) != NULL)
		abort();
	if (record_parse(&r, b.p, linelen, registry_kinds("gratitude"), &why) != 0)
		abort();
	check_parsed(&r, b.p, linelen, "gratitude");
	if (r.nf != 5 || r.when.sec != when.sec || r.when.usec != when.usec ||
	    r.flen[RF_AUTHOR] != 3 || memcmp(r.f[RF_AUTHOR], "ana", 3) != 0 ||
	    r.flen[RF_KIND] != 6 || memcmp(r.f[RF_KIND], "thanks", 6) != 0)
		abort();
	if (record_text(&r, RF_DATA, &t) != 0 || t.len != 3 ||
	    memcmp(t.p, "ben", 3) != 0)
		abort();
	if (record_text(&r, RF_DATA + 1, &t) != 0 || t.len != len ||
	    (len > 0 && memcmp(t.p, text, len) != 0))
		abort();
	buf_free(&t);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record r;
	const char *why, *line = (const char *)data;
	uint32_t seed = 2166136261u;
	size_t i, valid;
	int rt, rn;

	why = NULL;
	rt = record_parse(&r, line, size, registry_kinds("gratitude"), &why);
	if (rt == 0)
		check_parsed(&r, line, size, "gratitude");
	else if (rt != -1 || why == NULL || *why == '\0')
		abort();

	why = NULL;
	rn = record_parse(&r, line, size, NULL, &why);
	if (rn == 0)
		check_parsed(&r, line, size, NULL);
	else if (rn != -1 || why == NULL || *why == '\0')
		abort();
	/* The tool's checks only add to the generic ones. */
	if (rt == 0 && rn != 0)
		abort();

	check_id(line, size);

	if (text_utf8_check(line, size, &valid) == 0)
		valid = size;
	else if (valid > size)
		abort();
	for (i = 0; i < size && i < 16; i++)
		seed = (seed ^ data[i]) * 16777619u;
	roundtrip(line, valid, seed);
	return 0;
}
