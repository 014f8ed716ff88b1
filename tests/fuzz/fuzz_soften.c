/*
 * fuzz_soften: libFuzzer harness for soften's rule parser and scanner.
 *
 * The input is a rule file, then a line "----", then text (no such line:
 * all of it is both).  The rule file is parsed on top of a small good set
 * (the built-in tables are not linked here): when it fails, the failure
 * is a data error naming the file and the set is as it was; when it
 * parses, the set compiles.  The text is then scanned whole and again in
 * two pieces, which must find the same, and every finding is checked: a
 * category of the four, a line and column from 1 that never go back, a
 * phrase that is not empty, and a suggestion of the shape "I feel ...
 * about .... I need ...".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herr.h"
#include "soften.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char good[] =
    "class filler\nwords again\n"
    "class warm\nword laugh a good time\nwords smile* safe\n"
    "rule a.never\ncategory criticism\nmatch you never|hardly\n"
    "unless prev did|have\nunless next ..3 @warm\n"
    "feel hurt\nabout the times you don't {rest|try}\nneed you to {rest}\n"
    "rule a.name\ncategory contempt\nmatch (you are | what) a|an ..2 idiot\n"
    "match so \"_ $\nunless prev \"_\n"
    "feel sad\nabout {object|it}\nneed {gloss|respect}\n"
    "rule a.done\ncategory stonewalling\nmatch ^ i am done ,? $\n"
    "if question\nfeel flooded\nabout this\nneed a break\n"
    "rule a.frame\ncategory frame\nmatch she says\ncancels criticism\n";

struct check {
	size_t		 n, line, col;
	uint64_t	 sum;
};

static int
found(void *arg, const struct soften_finding *f)
{
	struct check *c = arg;
	size_t i;

	if (f->cat < 0 || f->cat >= SOFTEN_FRAME || f->line == 0 ||
	    f->col == 0 || f->phrase_len == 0 || f->rule == NULL ||
	    f->phrase_len > SOFTEN_SENTENCE_MAX + SOFTEN_WORD_MAX + 16 ||
	    strncmp(f->suggestion, "I feel ", 7) != 0 ||
	    strstr(f->suggestion, " about ") == NULL ||
	    strstr(f->suggestion, ". I need ") == NULL ||
	    strlen(f->suggestion) != f->suggestion_len ||
	    f->line < c->line || (f->line == c->line && f->col < c->col))
		abort();
	c->line = f->line;
	c->col = f->col;
	c->n++;
	c->sum = c->sum * 31 + f->line * 1000003 + f->col + (uint64_t)f->cat;
	for (i = 0; i < f->phrase_len; i++)
		c->sum = c->sum * 31 + (unsigned char)f->phrase[i];
	return 0;
}

/* Scan text whole, then in two pieces split at cut: the same findings. */
static void
scan_twice(const struct soften_rules *rs, const char *text, size_t len,
    size_t cut)
{
	struct soften_scan *sc;
	struct check a = { 0, 0, 0, 0 }, b = { 0, 0, 0, 0 };

	if (soften_text(rs, text, len, found, &a) != 0)
		abort();
	if ((sc = soften_scan_new(rs, found, &b)) == NULL)
		abort();
	if (soften_scan_feed(sc, text, cut) != 0 ||
	    soften_scan_feed(sc, text + cut, len - cut) != 0 ||
	    soften_scan_end(sc) != 0)
		abort();
	soften_scan_free(sc);
	if (a.n != b.n || a.sum != b.sum)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct soften_rules rs;
	struct herr e;
	const char *in = (const char *)data, *sep, *text = in;
	size_t rlen = size, tlen = size, before;

	memset(&rs, 0, sizeof(rs));
	if (soften_parse(&rs, "good.rules", good, sizeof(good) - 1, &e) == -1)
		abort();
	before = soften_nrules(&rs);
	if ((sep = memmem(in, size, "\n----\n", 6)) != NULL) {
		rlen = (size_t)(sep - in) + 1;
		text = sep + 6;
		tlen = size - rlen - 5;
	}
	if (soften_parse(&rs, "f.rules", in, rlen, &e) == -1) {
		if (e.code != HX_DATAERR || strncmp(e.msg, "f.rules", 7) != 0 ||
		    soften_nrules(&rs) != before)
			abort();
	}
	if (soften_compile(&rs, &e) == -1)
		abort();
	scan_twice(&rs, text, tlen, tlen / 2);
	soften_free(&rs);
	return 0;
}
