/*
 * fuzz_deck: libFuzzer harness for the deck parser.
 *
 * The input is a deck file.  Beyond not crashing: a deck that parses has
 * a title and at least one prompt, every prompt is within the limits the
 * parser promises (depth 1-3, 1 to 200 bytes, valid UTF-8 without control
 * characters, its id the hash of its words), the counts by depth add up,
 * and a deck that fails leaves the set exactly as it was.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deck.h"
#include "herr.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char good[] = "title: G\n1 A good one?\n";
	struct deckset ds = { 0 };
	struct herr e;
	const struct prompt *p;
	size_t i, bad, n[4] = { 0 };

	if (deck_parse(&ds, "good", "good.deck", good, sizeof(good) - 1,
	    &e) == -1)
		abort();
	if (deck_parse(&ds, "f", "f.deck", (const char *)data, size, &e) ==
	    -1) {
		if (e.code != HX_DATAERR || strncmp(e.msg, "f.deck", 6) != 0 ||
		    ds.nd != 1 || ds.np != 1)
			abort();
		deck_free(&ds);
		return 0;
	}
	if (ds.nd != 2 || ds.d[1].title == NULL || ds.np < 2)
		abort();
	for (i = 1; i < ds.np; i++) {
		p = &ds.p[i];
		if (p->deck != 1 || p->depth < 1 || p->depth > 3 ||
		    p->len == 0 || p->len > DECK_TEXT_MAX ||
		    strlen(p->text) != p->len ||
		    text_utf8_check(p->text, p->len, &bad) == -1 ||
		    p->id != deck_id(p->text, p->len))
			abort();
		n[p->depth]++;
	}
	for (i = 1; i <= 3; i++)
		if (n[i] != ds.d[1].count[i])
			abort();
	deck_free(&ds);
	return 0;
}
