/*
 * mkdecks: check the decks and write them as C tables (decks.c).
 *
 * Run by the build on the .deck files of common/decks.  Each deck is parsed with
 * every check of ask --check, so a malformed deck stops the build with
 * FILE:LINE: reason, and the binaries carry the decks already parsed:
 * ask spends nothing on them at run time.
 */
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "deck.h"
#include "herr.h"

/*
 * s as a C string literal: backslash, quote and '?' (trigraphs) escaped.
 * A deck's strings are char * (those of a deck read from a file are
 * freed); the built-in ones are never written to or freed, so the cast
 * is honest.
 */
static void
literal(const char *s, int cast)
{
	fputs(cast ? "(char *)\"" : "\"", stdout);
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"' || *s == '?')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

int
main(int argc, char *argv[])
{
	struct deckset ds = { 0 };
	struct herr e;
	const struct deck *d;
	const struct prompt *p;
	size_t i;
	int a;

	for (a = 1; a < argc; a++)
		if (deck_load_file(&ds, argv[a], &e) == -1)
			errx(1, "%s", e.msg);
	printf("/* Made from the decks by mkdecks: do not edit. */\n"
	    "#include <stddef.h>\n#include <stdint.h>\n\n#include \"deck.h\"\n\n"
	    "static const struct deck decks[] = {\n");
	for (i = 0; i < ds.nd; i++) {
		d = &ds.d[i];
		if (d->replaced)
			errx(1, "%s: a second deck named %s", d->source,
			    d->name);
		printf("\t{ ");
		literal(d->name, 0);
		printf(", ");
		literal(d->title, 1);
		printf(",\n\t    ");
		literal(d->about ? d->about : "", 1);
		printf(",\n\t    %s, ", d->kind == DECK_IDEAS ? "DECK_IDEAS" :
		    "DECK_QUESTIONS");
		literal(d->source, 1);
		printf(", 0, 1, { 0, %zu, %zu, %zu } },\n", d->count[1],
		    d->count[2], d->count[3]);
	}
	printf("};\n\nstatic const struct prompt prompts[] = {\n");
	for (i = 0; i < ds.np; i++) {
		p = &ds.p[i];
		printf("\t{ ");
		literal(p->text, 0);
		printf(", %zu, 0x%016llxULL, %u, %u },\n", p->len,
		    (unsigned long long)p->id, p->deck, p->depth);
	}
	printf("};\n\nint\ndeck_load_builtin(struct deckset *ds, struct herr *e)\n"
	    "{\n\treturn deck_use_tables(ds, decks, %zu, prompts, %zu, e);\n"
	    "}\n", ds.nd, ds.np);
	deck_free(&ds);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
	return 0;
}
