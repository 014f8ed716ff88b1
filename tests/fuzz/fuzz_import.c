/*
 * fuzz_import: libFuzzer harness for the JSON Lines parser of hearth
 * import (import_parse, import_check) and for export_record.
 *
 * The input is split into lines as import splits a file.  For each line
 * import_parse accepts, the promises must hold: the record ends in LF,
 * is at most RECORD_MAX bytes, is read by record_parse against its
 * folder's kinds with the same time, and its author stands where
 * aoff/alen say; exported again (export_record) it is a JSON line that
 * import_parse takes back to the very same bytes, and whose export is
 * itself again (a fixed point).  import_check counts exactly the lines
 * import_parse refuses.
 *
 * Then the other way round: when the whole input is a record that one
 * of the registry's folders reads (and holds no LF, as every line the
 * reader hands over), its export must import back to the same bytes.  Any broken promise is an abort().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "export.h"
#include "lines.h"
#include "record.h"
#include "registry.h"

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

/*
 * Export record line[0..len) (no LF) of folder t, import it back: the
 * same bytes, and the same JSON once more.
 */
static void
reexport(const struct tooldef *t, const char *line, size_t len)
{
	struct import_rec back = IMPORT_REC_INIT, again = IMPORT_REC_INIT;
	struct buf json = BUF_INIT, json2 = BUF_INIT;
	struct record r, r2;
	char why[IMPORT_WHY_MAX];
	const char *w;

	if (record_parse(&r, line, len, t->kinds, &w) != 0)
		abort();
	if (export_record(&json, t->dir, &r) != 0 || json.len == 0 ||
	    json.p[json.len - 1] != '\n' ||
	    memchr(json.p, '\n', json.len - 1) != NULL)
		abort();
	if (import_parse(&back, json.p, json.len - 1, why) != 0 ||
	    back.tool != t || back.line.len != len + 1 ||
	    memcmp(back.line.p, line, len) != 0 ||
	    back.line.p[len] != '\n')
		abort();
	if (record_parse(&r2, back.line.p, back.line.len - 1, t->kinds,
	    &w) != 0 || export_record(&json2, t->dir, &r2) != 0 ||
	    json2.len != json.len || memcmp(json2.p, json.p, json.len) != 0)
		abort();
	if (import_parse(&again, json2.p, json2.len, why) == 0)
		abort();	/* an LF inside the line is never taken */
	import_rec_free(&back);
	import_rec_free(&again);
	buf_free(&json);
	buf_free(&json2);
}

/* Check what import_parse made of a line it accepted. */
static void
check_accepted(const struct import_rec *x)
{
	struct record r;
	const char *w;

	if (x->tool == NULL || x->line.len < 2 ||
	    x->line.len > RECORD_MAX || x->line.p[x->line.len - 1] != '\n' ||
	    memchr(x->line.p, '\n', x->line.len - 1) != NULL)
		abort();
	if (record_parse(&r, x->line.p, x->line.len - 1, x->tool->kinds,
	    &w) != 0)
		abort();
	if (r.when.sec != x->when.sec || r.when.usec != x->when.usec)
		abort();
	if (r.f[RF_AUTHOR] != x->line.p + x->aoff ||
	    r.flen[RF_AUTHOR] != x->alen)
		abort();
	reexport(x->tool, x->line.p, x->line.len - 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_rec x = IMPORT_REC_INIT;
	char why[IMPORT_WHY_MAX];
	const char *in = (const char *)data, *p = in, *line;
	struct record r;
	const char *w;
	size_t len, bad = 0, i;

	while (line_next(&p, in + size, &line, &len, NULL) == 1) {
		memset(why, 0, sizeof(why));
		if (import_parse(&x, line, len, why) == 0)
			check_accepted(&x);
		else if (why[0] == '\0' ||
		    memchr(why, '\0', sizeof(why)) == NULL || x.tool != NULL)
			abort();
		else
			bad++;
	}
	import_rec_free(&x);
	if (import_check("fuzz", in, size, NULL, NULL) != bad)
		abort();

	/* A line the reader hands over never holds an LF. */
	for (i = 0; i < registry_len && memchr(in, '\n', size) == NULL; i++)
		if (record_parse(&r, in, size, registry[i].kinds, &w) == 0)
			reexport(&registry[i], in, size);
	return 0;
}
