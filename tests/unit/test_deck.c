/*
 * Unit tests for deck: the parser, its errors, a folder of decks with
 * bad ones among them (and more than a folder may give), and the
 * built-in decks themselves (counts, depths, notes, and no prompt
 * saying what another says).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "deck.h"
#include "herr.h"

#define PARSE(ds, s, e) deck_parse(ds, "t", "t.deck", s, sizeof(s) - 1, e)

static void
parse_fails(const char *text, const char *want)
{
	struct deckset ds = { 0 };
	struct herr e;

	assert_int_equal(deck_parse(&ds, "t", "t.deck", text, strlen(text),
	    &e), -1);
	assert_int_equal(e.code, HX_DATAERR);
	assert_string_equal(e.msg, want);
	assert_int_equal(ds.np, 0);
	assert_int_equal(ds.nd, 0);
	deck_free(&ds);
}

static void
test_parse(void **state)
{
	struct deckset ds = { 0 };
	struct herr e;
	const char deck[] = "# a deck\n"
	    "title: Tiny\n"
	    "kind: ideas\n"
	    "about: One line\n"
	    "about: and another.\n"
	    "\n"
	    "1 Walk to the corner shop together.\r\n"
	    "3 Plan a day with no phones.\n"
	    "# between\n"
	    "2 Cook a soup from a country you have never visited.";

	assert_int_equal(PARSE(&ds, deck, &e), 0);
	assert_int_equal(ds.nd, 1);
	assert_string_equal(ds.d[0].name, "t");
	assert_string_equal(ds.d[0].title, "Tiny");
	assert_string_equal(ds.d[0].about, "One line and another.");
	assert_int_equal(ds.d[0].kind, DECK_IDEAS);
	assert_int_equal(ds.np, 3);
	assert_string_equal(ds.p[0].text, "Walk to the corner shop together.");
	assert_int_equal(ds.p[0].depth, 1);
	assert_string_equal(ds.p[2].text,
	    "Cook a soup from a country you have never visited.");
	assert_int_equal(ds.d[0].count[1], 1);
	assert_int_equal(ds.d[0].count[2], 1);
	assert_int_equal(ds.d[0].count[3], 1);
	/* FNV-1a 64 of "a" is af63dc4c8601ec8c. */
	assert_true(deck_id("a", 1) == 0xaf63dc4c8601ec8cULL);
	deck_free(&ds);
}

static void
test_parse_errors(void **state)
{
	struct deckset ds = { 0 };
	struct herr e;
	char long_line[300];

	parse_fails("title: T\n4 Four?\n", "t.deck:2: bad depth (use 1, 2 or "
	    "3, then a space)");
	parse_fails("title: T\n1What?\n", "t.deck:2: bad depth (use 1, 2 or "
	    "3, then a space)");
	parse_fails("1 What?\n", "t.deck:1: a prompt before the title: line");
	parse_fails("kind: questions\n", "t.deck: no title: line");
	parse_fails("title: T\n", "t.deck: no prompts");
	parse_fails("title: T\n1 A?\ntitle: U\n", "t.deck:3: a header line "
	    "after the first prompt");
	parse_fails("title: T\ncolour: blue\n1 A?\n", "t.deck:2: unknown key "
	    "(use title, kind or about)");
	parse_fails("title: T\nkind: poems\n1 A?\n", "t.deck:2: kind must be "
	    "questions or ideas");
	parse_fails("title: T\n1 A?\n2 B?\n1 A?\n", "t.deck:4: the same "
	    "prompt twice");
	parse_fails("title: T\n1 Caf\xc3\n", "t.deck:2: invalid UTF-8");
	parse_fails("title: T\n1 Tab\there?\n", "t.deck:2: control character "
	    "in the prompt");
	parse_fails("title: T\n1  Space?\n", "t.deck:2: space at the start or "
	    "end of the prompt");
	parse_fails("title: T\njust words\n", "t.deck:2: not a prompt, a "
	    "comment or a 'key: value' line");
	memset(long_line, 'x', sizeof(long_line));
	memcpy(long_line, "title: T\n1 ", 11);
	long_line[sizeof(long_line) - 1] = '\0';
	parse_fails(long_line, "t.deck:2: prompt longer than 200 bytes");
	/* A C1 control (U+009B, CSI) is a control character too. */
	parse_fails("title: T\n1 A \xc2\x9b[2J?\n", "t.deck:2: control "
	    "character in the prompt");
	parse_fails("title: T \xc2\x9b\n1 A?\n", "t.deck:1: bad text in a "
	    "header line");
	parse_fails("title: T\nabout: A\x1b]52;c;aGk=\x07\n1 A?\n",
	    "t.deck:2: bad text in a header line");
	/* A NUL would cut a header's value short without a word. */
	assert_int_equal(PARSE(&ds, "title: T\0\x1b[2J\n1 A?\n", &e), -1);
	assert_string_equal(e.msg, "t.deck:1: NUL byte");
	assert_int_equal(ds.nd, 0);
	deck_free(&ds);
}

static void
test_text_problem(void **state)
{
	assert_null(deck_text_problem("Is this fine?", 13));
	assert_null(deck_text_problem("", 0));
	/* Bidi controls are text (right-to-left words need them). */
	assert_null(deck_text_problem("A \xe2\x80\xae B", 7));
	/* U+00A0, the first character past C1, is fine. */
	assert_null(deck_text_problem("\xc2\xa0", 2));
	assert_string_equal(deck_text_problem("a\0b", 3), "NUL byte");
	assert_string_equal(deck_text_problem("caf\xe9", 4), "invalid UTF-8");
	assert_string_equal(deck_text_problem("\xc2", 1), "invalid UTF-8");
	assert_string_equal(deck_text_problem("a\tb", 3), "control character");
	assert_string_equal(deck_text_problem("a\rb", 3), "control character");
	assert_string_equal(deck_text_problem("\x1b[2J", 4),
	    "control character");
	assert_string_equal(deck_text_problem("del\x7f", 4),
	    "control character");
	assert_string_equal(deck_text_problem("\xc2\x80", 2),
	    "control character");
	assert_string_equal(deck_text_problem("x\xc2\x9f", 3),
	    "control character");
}

/* ---- a folder of decks ---- */

struct warned {
	char	msg[8][768];
	size_t	n;
	int	code[8];
};

static void
collect(void *arg, const struct herr *e)
{
	struct warned *w = arg;

	if (w->n < 8) {
		w->code[w->n] = e->code;
		strcpy(w->msg[w->n], e->msg);
	}
	w->n++;
}

static void
put_file(const char *dir, const char *name, const char *text, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static void
put_deck(const char *dir, const char *name, const char *text)
{
	put_file(dir, name, text, strlen(text));
}

/* Remove dir and the files (and empty folders) in it. */
static void
remove_dir(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_load_dir(void **state)
{
	char dir[] = "/tmp/test_deck.XXXXXX", sub[600], want[8][700];
	struct deckset ds = { 0 };
	struct warned w = { 0 };
	struct herr e;

	assert_non_null(mkdtemp(dir));
	put_deck(dir, "a.deck", "title: A\n1 Is a fine?\n");
	put_deck(dir, "b.deck", "title: B\n1 Is b fine?\n4 Is b bad?\n");
	put_deck(dir, "Bad.deck", "title: C\n1 Is C fine?\n");
	put_deck(dir, "c.deck", "title: C\n1 Is c fine?\n");
	put_deck(dir, ".hidden.deck", "nothing to see\n");
	put_deck(dir, "notes.txt", "nothing to see\n");
	snprintf(sub, sizeof(sub), "%s/d.deck", dir);
	assert_int_equal(mkdir(sub, 0700), 0);

	/* With warn: each bad one once, in name order; the good ones read. */
	assert_int_equal(deck_load_dir(&ds, dir, collect, &w, &e), 0);
	assert_int_equal(ds.nd, 2);
	assert_string_equal(ds.d[0].name, "a");
	assert_string_equal(ds.d[1].name, "c");
	assert_int_equal(ds.np, 2);
	assert_int_equal(w.n, 3);
	snprintf(want[0], sizeof(want[0]), "%s/Bad.deck: bad deck name 'Bad' "
	    "(use a-z, 0-9 and '-')", dir);
	snprintf(want[1], sizeof(want[1]), "%s/b.deck:3: bad depth (use 1, 2 "
	    "or 3, then a space)", dir);
	snprintf(want[2], sizeof(want[2]), "%s/d.deck: not a regular file",
	    dir);
	assert_string_equal(w.msg[0], want[0]);
	assert_string_equal(w.msg[1], want[1]);
	assert_string_equal(w.msg[2], want[2]);
	assert_int_equal(w.code[1], HX_DATAERR);
	deck_free(&ds);

	/* Without: the first bad one ends the load, with its error. */
	assert_int_equal(deck_load_dir(&ds, dir, NULL, NULL, &e), -1);
	assert_string_equal(e.msg, want[0]);
	deck_free(&ds);

	/* A missing folder is no error. */
	snprintf(sub, sizeof(sub), "%s/none", dir);
	assert_int_equal(deck_load_dir(&ds, sub, NULL, NULL, &e), 0);
	assert_int_equal(ds.nd, 0);
	deck_free(&ds);
	remove_dir(dir);
}

static void
test_load_dir_bounds(void **state)
{
	char dir[] = "/tmp/test_deck.XXXXXX", name[32], want[700], *big;
	struct deckset ds = { 0 };
	struct warned w = { 0 };
	struct herr e;
	size_t i, len = 1024 * 1024, head;
	int n;

	/* 16 decks of 1 MiB (mostly a comment) fill the folder's share. */
	assert_non_null(mkdtemp(dir));
	big = malloc(len);
	assert_non_null(big);
	for (i = 0; i < 17; i++) {
		head = (size_t)snprintf(big, len, "title: T\n1 Is %zu here?\n#",
		    i);
		memset(big + head, 'x', len - head - 1);
		big[len - 1] = '\n';
		snprintf(name, sizeof(name), "d%02zu.deck", i);
		put_file(dir, name, big, len);
	}
	free(big);
	assert_int_equal(deck_load_dir(&ds, dir, collect, &w, &e), 0);
	assert_int_equal(ds.nd, 16);
	assert_int_equal(w.n, 1);
	snprintf(want, sizeof(want), "%s/d16.deck: past the 16 MiB that the "
	    "decks of one folder may take", dir);
	assert_string_equal(w.msg[0], want);
	deck_free(&ds);
	remove_dir(dir);

	/* More than DECK_DIR_FILES: reported once, and none is read. */
	assert_non_null(mkdtemp(strcpy(dir, "/tmp/test_deck.XXXXXX")));
	for (n = 0; n <= DECK_DIR_FILES; n++) {
		snprintf(name, sizeof(name), "d%04d.deck", n);
		put_deck(dir, name, "title: T\n1 Is it here?\n");
	}
	memset(&w, 0, sizeof(w));
	assert_int_equal(deck_load_dir(&ds, dir, collect, &w, &e), 0);
	assert_int_equal(ds.nd, 0);
	assert_int_equal(w.n, 1);
	snprintf(want, sizeof(want), "%s: more than %d decks; none of them is "
	    "read", dir, DECK_DIR_FILES);
	assert_string_equal(w.msg[0], want);
	assert_int_equal(deck_load_dir(&ds, dir, NULL, NULL, &e), -1);
	assert_string_equal(e.msg, want);
	deck_free(&ds);
	remove_dir(dir);
}

static void
test_replace(void **state)
{
	struct deckset ds = { 0 };
	struct herr e;

	assert_int_equal(PARSE(&ds, "title: Old\n1 Old one?\n", &e), 0);
	assert_int_equal(PARSE(&ds, "title: New\n2 New one?\n3 Other?\n", &e),
	    0);
	assert_int_equal(deck_find(&ds, "t"), 1);
	assert_int_equal(ds.d[0].replaced, 1);
	assert_string_equal(ds.d[1].title, "New");
	/* A bad deck changes nothing. */
	assert_int_equal(PARSE(&ds, "title: Bad\n9 x\n", &e), -1);
	assert_int_equal(ds.nd, 2);
	assert_int_equal(ds.np, 3);
	assert_int_equal(deck_find(&ds, "nope"), -1);
	assert_false(deck_name_valid("Talk"));
	assert_false(deck_name_valid(""));
	assert_true(deck_name_valid("love-maps"));
	deck_free(&ds);
}

/* ---- the built-in decks ---- */

static const char *const stop[] = {
	"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at",
	"for", "with", "about", "from", "by", "as", "is", "are", "was",
	"were", "be", "been", "am", "do", "does", "did", "you", "your",
	"yours", "me", "my", "i", "we", "our", "us", "it", "its", "this",
	"that", "what", "which", "who", "when", "where", "why", "how",
	"would", "could", "should", "can", "will", "if", "there", "their",
	"them", "they", "he", "she", "his", "her", "have", "has", "had",
	"not", "no", "so", "than", "then", "just", "more", "most", "any",
	"some", "one", "ever", NULL
};

#define WORDS_MAX 48

struct words {
	uint64_t	w[WORDS_MAX];
	size_t		n;
};

static int
cmpu64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The prompt's content words, lowercase, as a sorted set of hashes. */
static void
words_of(const char *s, struct words *w)
{
	char word[64];
	size_t n, i, j;

	w->n = 0;
	while (*s != '\0') {
		for (n = 0; (isalpha((unsigned char)*s) || *s == '\'') &&
		    n < sizeof(word) - 1; s++)
			word[n++] = (char)tolower((unsigned char)*s);
		word[n] = '\0';
		if (n == 0) {
			s++;
			continue;
		}
		while (n > 0 && word[n - 1] == '\'')
			word[--n] = '\0';
		for (i = 0; stop[i] != NULL && strcmp(stop[i], word); i++)
			;
		if (stop[i] != NULL || n <= 2 || w->n == WORDS_MAX)
			continue;
		w->w[w->n++] = deck_id(word, n);
	}
	qsort(w->w, w->n, sizeof(w->w[0]), cmpu64);
	for (i = j = 0; i < w->n; i++)
		if (j == 0 || w->w[i] != w->w[j - 1])
			w->w[j++] = w->w[i];
	w->n = j;
}

static double
overlap(const struct words *a, const struct words *b)
{
	size_t i = 0, j = 0, both = 0;

	while (i < a->n && j < b->n) {
		if (a->w[i] == b->w[j]) {
			both++;
			i++;
			j++;
		} else if (a->w[i] < b->w[j])
			i++;
		else
			j++;
	}
	return (double)both / (double)(a->n + b->n - both);
}

static void
test_builtin_decks(void **state)
{
	struct deckset ds = { 0 };
	struct herr e;
	const struct deck *d;
	const struct prompt *p;
	size_t i, sentences;
	const char *s;
	char last;

	assert_int_equal(deck_load_builtin(&ds, &e), 0);
	assert_true(ds.nd >= 14);
	assert_true(ds.np >= 1000);
	for (i = 0; i < ds.nd; i++) {
		d = &ds.d[i];
		assert_non_null(d->title);
		assert_non_null(d->about);
		/* A short note: a few sentences. */
		for (sentences = 0, s = d->about; *s != '\0'; s++)
			sentences += *s == '.' && (s[1] == ' ' || s[1] == '\0');
		if (sentences < 2 || sentences > 6)
			fail_msg("%s: the note has %zu sentences", d->name,
			    sentences);
		if (strcmp(d->name, "play") != 0 && (d->count[1] == 0 ||
		    d->count[2] == 0 || d->count[3] == 0))
			fail_msg("%s lacks a depth", d->name);
	}
	for (i = 0; i < ds.np; i++) {
		p = &ds.p[i];
		d = &ds.d[p->deck];
		last = p->text[p->len - 1];
		if (d->kind == DECK_QUESTIONS ? last != '?' : last != '.')
			fail_msg("%s: '%s' should end with '%c'", d->name,
			    p->text, d->kind == DECK_QUESTIONS ? '?' : '.');
		if (strchr(p->text, '!') != NULL)
			fail_msg("%s: '%s' has an exclamation mark", d->name,
			    p->text);
	}
	deck_free(&ds);
}

static void
test_no_duplicates(void **state)
{
	struct deckset ds = { 0 };
	struct herr e;
	struct words *w;
	size_t i, j, bad = 0;
	double o;

	assert_int_equal(deck_load_builtin(&ds, &e), 0);
	w = calloc(ds.np, sizeof(*w));
	assert_non_null(w);
	for (i = 0; i < ds.np; i++)
		words_of(ds.p[i].text, &w[i]);
	for (i = 0; i < ds.np; i++)
		for (j = i + 1; j < ds.np; j++) {
			if (ds.p[i].id == ds.p[j].id &&
			    strcmp(ds.p[i].text, ds.p[j].text) == 0) {
				print_error("same prompt in %s and %s: %s\n",
				    ds.d[ds.p[i].deck].name,
				    ds.d[ds.p[j].deck].name, ds.p[i].text);
				bad++;
				continue;
			}
			if (w[i].n < 2 || w[j].n < 2)
				continue;
			if ((o = overlap(&w[i], &w[j])) >= 0.6) {
				print_error("near duplicates (%.2f):\n  %s: %s\n"
				    "  %s: %s\n", o, ds.d[ds.p[i].deck].name,
				    ds.p[i].text, ds.d[ds.p[j].deck].name,
				    ds.p[j].text);
				bad++;
			}
		}
	free(w);
	deck_free(&ds);
	assert_int_equal(bad, 0);
}

static void
test_near_duplicate_check(void **state)
{
	struct words a, b;

	/* The check itself: other words for the same question are caught. */
	words_of("What has been on your mind lately?", &a);
	words_of("What has been on your mind this week lately?", &b);
	assert_true(overlap(&a, &b) >= 0.6);
	words_of("What made you laugh today?", &b);
	assert_true(overlap(&a, &b) < 0.6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_text_problem),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_load_dir_bounds),
		cmocka_unit_test(test_builtin_decks),
		cmocka_unit_test(test_no_duplicates),
		cmocka_unit_test(test_near_duplicate_check),
	};

	return cmocka_run_group_tests_name("deck", tests, NULL, NULL);
}
