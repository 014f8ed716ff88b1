/*
 * Unit tests for soften: the rule file parser and its errors, the
 * pattern language (sets, classes, prefixes, gaps, ^ $ and commas,
 * groups, quoted words), conditions and frames, overlaps, suggestions,
 * and the scanner: words (contractions, case, curly apostrophes),
 * sentences (stops, questions, ellipses, titles, quotes, wrapped lines),
 * lines and columns in characters, streaming a byte at a time, and
 * bounded memory.  Expected values are worked out by hand from the rules
 * each test writes; a few come from the built-in rules.
 */
#include <sys/stat.h>

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

#include "herr.h"
#include "soften.h"

/* What a scan found, one line a finding: LINE:COL CAT RULE "PHRASE" */
struct seen {
	char	text[4096];
	char	sugg[4096];	/* the last suggestion */
	size_t	n;
};

static int
collect(void *arg, const struct soften_finding *f)
{
	struct seen *s = arg;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof(s->text) - len, "%zu:%zu %s %s \"%.*s\"\n",
	    f->line, f->col, soften_cat_name(f->cat), f->rule,
	    (int)f->phrase_len, f->phrase);
	snprintf(s->sugg, sizeof(s->sugg), "%s", f->suggestion);
	s->n++;
	return 0;
}

static void
rules(struct soften_rules *rs, const char *text)
{
	struct herr e;

	memset(rs, 0, sizeof(*rs));
	if (soften_parse(rs, "t.rules", text, strlen(text), &e) == -1)
		fail_msg("%s", e.msg);
	assert_int_equal(soften_compile(rs, &e), 0);
}

/* The findings of text under rs, as collect writes them. */
static const char *
scan(const struct soften_rules *rs, const char *text)
{
	static struct seen s;

	memset(&s, 0, sizeof(s));
	assert_int_equal(soften_text(rs, text, strlen(text), collect, &s), 0);
	return s.text;
}

static const char *
last_suggestion(const struct soften_rules *rs, const char *text)
{
	static struct seen s;

	memset(&s, 0, sizeof(s));
	assert_int_equal(soften_text(rs, text, strlen(text), collect, &s), 0);
	return s.sugg;
}

#define ABOUT	"feel hurt\nabout it\nneed quiet\n"

static void
test_cat_names(void **state)
{
	assert_string_equal(soften_cat_name(SOFTEN_CRITICISM), "criticism");
	assert_string_equal(soften_cat_name(SOFTEN_STONEWALLING),
	    "stonewalling");
	assert_int_equal(soften_cat_parse("contempt"), SOFTEN_CONTEMPT);
	assert_int_equal(soften_cat_parse("defensiveness"),
	    SOFTEN_DEFENSIVENESS);
	assert_int_equal(soften_cat_parse("frame"), SOFTEN_FRAME);
	assert_int_equal(soften_cat_parse("Criticism"), -1);
	assert_int_equal(soften_cat_parse(""), -1);
}

static void
test_words(void **state)
{
	struct soften_rules rs;

	rules(&rs, "rule a.you-are\ncategory criticism\n"
	    "match you are lazy\n" ABOUT
	    "rule a.dont\ncategory stonewalling\n"
	    "match i do not care\n" ABOUT);
	/* Contractions are expanded, in any case, with either apostrophe. */
	assert_string_equal(scan(&rs, "YOU'RE LAZY."),
	    "1:1 criticism a.you-are \"YOU'RE LAZY\"\n");
	assert_string_equal(scan(&rs, "You\xe2\x80\x99re lazy"),
	    "1:1 criticism a.you-are \"You\xe2\x80\x99re lazy\"\n");
	assert_string_equal(scan(&rs, "you are lazy"),
	    "1:1 criticism a.you-are \"you are lazy\"\n");
	assert_string_equal(scan(&rs, "youre lazy"),
	    "1:1 criticism a.you-are \"youre lazy\"\n");
	assert_string_equal(scan(&rs, "u r lazy"), "");
	assert_string_equal(scan(&rs, "I don't care."),
	    "1:1 stonewalling a.dont \"I don't care\"\n");
	assert_string_equal(scan(&rs, "I dont care"),
	    "1:1 stonewalling a.dont \"I dont care\"\n");
	/* A word is whole: "lazybones" is not "lazy". */
	assert_string_equal(scan(&rs, "you are lazybones"), "");
	soften_free(&rs);
}

static void
test_columns(void **state)
{
	struct soften_rules rs;

	rules(&rs, "rule a\ncategory criticism\nmatch you never\n" ABOUT);
	/* Columns count characters: é is one, a tab is one. */
	assert_string_equal(scan(&rs, "Café, you never"),
	    "1:7 criticism a \"you never\"\n");
	assert_string_equal(scan(&rs, "\tyou never"),
	    "1:2 criticism a \"you never\"\n");
	assert_string_equal(scan(&rs, "ok.\n\nwell, you never\n"),
	    "3:7 criticism a \"you never\"\n");
	/* A line that goes on in lower case is the same sentence. */
	assert_string_equal(scan(&rs, "and you\nnever"),
	    "1:5 criticism a \"you never\"\n");
	/* A capital after a line break begins another. */
	assert_string_equal(scan(&rs, "and you\nNever"), "");
	assert_string_equal(scan(&rs, "and you.\nnever"), "");
	soften_free(&rs);
}

static void
test_sentences(void **state)
{
	struct soften_rules rs;

	rules(&rs, "rule a.fine\ncategory stonewalling\nmatch ^ fine $\n" ABOUT
	    "rule a.q\ncategory contempt\nmatch ^ really $\nif question\n"
	    ABOUT);
	assert_string_equal(scan(&rs, "Fine. Do it."),
	    "1:1 stonewalling a.fine \"Fine\"\n");
	assert_string_equal(scan(&rs, "Fine, do it."), "");
	assert_string_equal(scan(&rs, "Do it! Fine!"),
	    "1:8 stonewalling a.fine \"Fine\"\n");
	assert_string_equal(scan(&rs, "... fine ..."),
	    "1:5 stonewalling a.fine \"fine\"\n");
	/* An ellipsis ends a sentence only before a capital. */
	assert_string_equal(scan(&rs, "ok... fine"), "");
	assert_string_equal(scan(&rs, "ok... Fine"),
	    "1:7 stonewalling a.fine \"Fine\"\n");
	assert_string_equal(scan(&rs, "Really?"),
	    "1:1 contempt a.q \"Really\"\n");
	assert_string_equal(scan(&rs, "Really."), "");
	assert_string_equal(scan(&rs, "Really?! Fine."),
	    "1:1 contempt a.q \"Really\"\n1:10 stonewalling a.fine \"Fine\"\n");
	soften_free(&rs);
}

static void
test_titles_and_numbers(void **state)
{
	struct soften_rules rs;

	rules(&rs, "rule a\ncategory criticism\nmatch ^ you never\n" ABOUT);
	/* "Mr." does not end a sentence; "3.5" is one word. */
	assert_string_equal(scan(&rs, "Ask Mr. Jones. You never"),
	    "1:16 criticism a \"You never\"\n");
	assert_string_equal(scan(&rs, "Ask Mr. you never"), "");
	assert_string_equal(scan(&rs, "It is 3.5 you never"), "");
	soften_free(&rs);
}

static void
test_quotes(void **state)
{
	struct soften_rules rs;

	rules(&rs, "rule a\ncategory criticism\nmatch you never listen\n"
	    ABOUT "rule b.scare\ncategory contempt\nmatch your \"_\n"
	    "unless next \"_\n" ABOUT);
	/* Quoted words with others outside are someone else's. */
	assert_string_equal(scan(&rs, "He said \"you never listen\" to me."),
	    "");
	assert_string_equal(scan(&rs, "\"You never listen,\" she said."),
	    "");
	assert_string_equal(scan(&rs, "\xe2\x80\x9cYou never listen\xe2\x80\x9d"
	    " was the worst of it"), "");
	assert_string_equal(scan(&rs, "She said 'you never listen' again"),
	    "");
	/* All of it quoted: the writer's own words. */
	assert_string_equal(scan(&rs, "\"You never listen.\""),
	    "1:2 criticism a \"You never listen\"\n");
	/* A plural's apostrophe opens no quotation. */
	assert_string_equal(scan(&rs, "In the kids' room you never listen"),
	    "1:19 criticism a \"you never listen\"\n");
	/* Scare quotes: a pattern that wants a quoted word. */
	assert_string_equal(scan(&rs, "Thanks for your \"help\"."),
	    "1:12 contempt b.scare \"your \"help\"\n");
	assert_string_equal(scan(&rs, "Thanks for your \"kind help\"."), "");
	assert_string_equal(scan(&rs, "Thanks for your help."), "");
	assert_string_equal(scan(&rs, "\"Thanks for your help.\""), "");
	soften_free(&rs);
}

static void
test_elements(void **state)
{
	struct soften_rules rs;

	rules(&rs, "class c\nwords slow late\nwords forget*\n"
	    "rule a.gap\ncategory criticism\nmatch you are ..2 @c\n" ABOUT
	    "rule a.neg\ncategory contempt\nmatch oh !thank|thanks you\n"
	    ABOUT "rule a.opt\ncategory defensiveness\n"
	    "match not really? my fault\n" ABOUT
	    "rule a.brk\ncategory stonewalling\nmatch fine , whatever\n"
	    ABOUT "rule a.any\ncategory criticism\nmatch why _ you\n" ABOUT);
	assert_string_equal(scan(&rs, "you are so very slow"),
	    "1:1 criticism a.gap \"you are so very slow\"\n");
	assert_string_equal(scan(&rs, "you are so very very slow"), "");
	/* A gap does not pass a semicolon; a comma is passed over. */
	assert_string_equal(scan(&rs, "you are; late"), "");
	assert_string_equal(scan(&rs, "you are, late"),
	    "1:1 criticism a.gap \"you are, late\"\n");
	/* A prefix: forget* is forgetful, forgetting. */
	assert_string_equal(scan(&rs, "you are forgetful"),
	    "1:1 criticism a.gap \"you are forgetful\"\n");
	assert_string_equal(scan(&rs, "oh you"),
	    "");	/* !thank needs a word there */
	assert_string_equal(scan(&rs, "oh come you"),
	    "1:1 contempt a.neg \"oh come you\"\n");
	assert_string_equal(scan(&rs, "oh thank you"), "");
	assert_string_equal(scan(&rs, "not my fault"),
	    "1:1 defensiveness a.opt \"not my fault\"\n");
	assert_string_equal(scan(&rs, "not really my fault"),
	    "1:1 defensiveness a.opt \"not really my fault\"\n");
	/* , wants a break there. */
	assert_string_equal(scan(&rs, "fine whatever"), "");
	assert_string_equal(scan(&rs, "fine; whatever"),
	    "1:1 stonewalling a.brk \"fine; whatever\"\n");
	assert_string_equal(scan(&rs, "why do you"),
	    "1:1 criticism a.any \"why do you\"\n");
	soften_free(&rs);
}

static void
test_groups(void **state)
{
	struct soften_rules rs;

	rules(&rs, "rule a\ncategory contempt\n"
	    "match i can not stand (the sight of you | you)\n"
	    "match look (at you)? now\n" ABOUT);
	assert_int_equal(soften_nrules(&rs), 1);
	assert_int_equal(soften_rule(&rs, 0)->mn, 4);
	assert_string_equal(scan(&rs, "I can't stand the sight of you"),
	    "1:1 contempt a \"I can't stand the sight of you\"\n");
	assert_string_equal(scan(&rs, "I can't stand you"),
	    "1:1 contempt a \"I can't stand you\"\n");
	assert_string_equal(scan(&rs, "I can't stand the heat"), "");
	assert_string_equal(scan(&rs, "look now"),
	    "1:1 contempt a \"look now\"\n");
	assert_string_equal(scan(&rs, "look at you now"),
	    "1:1 contempt a \"look at you now\"\n");
	soften_free(&rs);
}

static void
test_conditions(void **state)
{
	struct soften_rules rs;

	rules(&rs, "class good\nwords laugh smile\n"
	    "rule a\ncategory criticism\nmatch you always\n"
	    "unless prev do|are\nunless next ..3 @good\n"
	    "unless before i am not saying\nunless after , thanks\n"
	    "unless anywhere joking\n" ABOUT
	    "rule q\ncategory contempt\nmatch are you serious\n"
	    "if question\n" ABOUT);
	assert_string_equal(scan(&rs, "You always forget."),
	    "1:1 criticism a \"You always\"\n");
	assert_string_equal(scan(&rs, "Do you always get up early?"), "");
	assert_string_equal(scan(&rs, "You always make me laugh."), "");
	assert_string_equal(scan(&rs, "You always make me so very happy and "
	    "laugh."), "1:1 criticism a \"You always\"\n");
	assert_string_equal(scan(&rs, "I'm not saying you always forget."),
	    "");
	assert_string_equal(scan(&rs, "You always bring tea, thanks."), "");
	assert_string_equal(scan(&rs, "You always bring tea thanks."),
	    "1:1 criticism a \"You always\"\n");
	assert_string_equal(scan(&rs, "Just joking, you always win."), "");
	assert_string_equal(scan(&rs, "Are you serious?"),
	    "1:1 contempt q \"Are you serious\"\n");
	assert_string_equal(scan(&rs, "Are you serious about it."), "");
	soften_free(&rs);
}

static void
test_frames(void **state)
{
	struct soften_rules rs;

	rules(&rs, "rule f\ncategory frame\nmatch she says\n"
	    "cancels criticism\n"
	    "rule a\ncategory criticism\nmatch you never\n" ABOUT
	    "rule b\ncategory stonewalling\nmatch whatever\n" ABOUT);
	assert_string_equal(scan(&rs, "She says you never call."), "");
	/* Only what it cancels, and only to the end of its clause. */
	assert_string_equal(scan(&rs, "She says whatever."),
	    "1:10 stonewalling b \"whatever\"\n");
	assert_string_equal(scan(&rs, "She says so, you never call."),
	    "1:14 criticism a \"you never\"\n");
	assert_string_equal(scan(&rs, "You never call, she says."),
	    "1:1 criticism a \"You never\"\n");
	soften_free(&rs);
}

static void
test_overlaps(void **state)
{
	struct soften_rules rs;

	rules(&rs, "rule short\ncategory criticism\nmatch you never\n" ABOUT
	    "rule long\ncategory defensiveness\nmatch you never told me\n"
	    ABOUT "rule same\ncategory contempt\nmatch you never told me\n"
	    ABOUT "rule later\ncategory stonewalling\nmatch told me\n"
	    ABOUT);
	/* The longer of two that begin together; then the earlier rule. */
	assert_string_equal(scan(&rs, "You never told me."),
	    "1:1 defensiveness long \"You never told me\"\n");
	assert_string_equal(scan(&rs, "You never said."),
	    "1:1 criticism short \"You never\"\n");
	/* A match within another is not reported. */
	assert_string_equal(scan(&rs, "He told me. You never told me."),
	    "1:4 stonewalling later \"told me\"\n"
	    "1:13 defensiveness long \"You never told me\"\n");
	soften_free(&rs);
}

static void
test_suggestions(void **state)
{
	struct soften_rules rs;

	rules(&rs, "class filler\nwords again even\n"
	    "class rest-stop\nwords and\n"
	    "class preposition\nwords with about\n"
	    "class trait\nword lazy more help\nwords rude\n"
	    "rule a\ncategory criticism\nmatch you never\n"
	    "feel let down\nabout the times you don't {rest|help}\n"
	    "need you to {rest|help} more often\n"
	    "rule b\ncategory criticism\nmatch you are so @trait\n"
	    "feel hurt\nabout {object|this}\nneed {gloss|respect}.\n"
	    "rule c\ncategory contempt\nmatch you @trait\n"
	    "feel sad\nabout {word}\nneed {rest}\n");
	assert_string_equal(last_suggestion(&rs, "You never call me again!"),
	    "I feel let down about the times you don't call me. I need you "
	    "to call me more often.");
	/* {rest} passes commas and fillers, then stops at a break. */
	assert_string_equal(last_suggestion(&rs, "You never, even once, "
	    "call"), "I feel let down about the times you don't once. I need "
	    "you to once more often.");
	assert_string_equal(last_suggestion(&rs, "You never!"),
	    "I feel let down about the times you don't help. I need you to "
	    "help more often.");
	assert_string_equal(last_suggestion(&rs, "YOU NEVER CALL ME"),
	    "I feel let down about the times you don't call me. I need you "
	    "to call me more often.");
	assert_string_equal(last_suggestion(&rs, "You never call my mum or "
	    "my dad or my sister or my brother or my aunt or my gran"),
	    "I feel let down about the times you don't help. I need you to "
	    "help more often.");
	assert_string_equal(last_suggestion(&rs, "You're so lazy with the "
	    "bins"), "I feel hurt about the bins. I need more help.");
	assert_string_equal(last_suggestion(&rs, "You're so rude"),
	    "I feel hurt about this. I need respect.");
	assert_string_equal(last_suggestion(&rs, "You rude thing"),
	    "I feel sad about rude. I need thing.");
	soften_free(&rs);
}

static void
parse_fails(const char *text, const char *want)
{
	struct soften_rules rs;
	struct herr e;

	memset(&rs, 0, sizeof(rs));
	assert_int_equal(soften_parse(&rs, "t.rules", text, strlen(text), &e),
	    -1);
	assert_int_equal(e.code, HX_DATAERR);
	assert_string_equal(e.msg, want);
	assert_int_equal(soften_nrules(&rs), 0);
	soften_free(&rs);
}

static void
test_parse_errors(void **state)
{
	parse_fails("match you\n", "t.rules:1: outside a rule or a class "
	    "'match'");
	parse_fails("rule A\n", "t.rules:1: bad rule id (a-z, 0-9, '.' and "
	    "'-', at most 48) 'A'");
	parse_fails("rule a\nmatch you\n" ABOUT, "t.rules:1: a rule without a "
	    "category");
	parse_fails("rule a\ncategory criticism\n" ABOUT, "t.rules:1: a rule "
	    "without a match");
	parse_fails("rule a\ncategory rude\n", "t.rules:2: unknown category "
	    "'rude'");
	parse_fails("rule a\ncategory criticism\nmatch you\nfeel x\n",
	    "t.rules:1: a rule needs feel, about and need");
	parse_fails("rule a\ncategory criticism\nmatch you don't\n",
	    "t.rules:3: a contraction (the text's are expanded: write do "
	    "not, you are, i am) 'don't'");
	parse_fails("rule a\ncategory criticism\nmatch you @nope\n" ABOUT,
	    "t.rules:3: no such class '@nope'");
	parse_fails("rule a\ncategory criticism\nmatch ^ $\n",
	    "t.rules:3: a pattern needs a word or a class that must match");
	parse_fails("rule a\ncategory criticism\nmatch you fo*\n" ABOUT
	    "rule b\ncategory criticism\nmatch fo* you\n",
	    "t.rules:9: the first word that must match cannot be a prefix "
	    "'fo*'");
	parse_fails("rule a\ncategory criticism\nmatch you f*\n",
	    "t.rules:3: a prefix is two or more letters, then * 'f*'");
	parse_fails("rule a\ncategory criticism\nmatch you $ now\n",
	    "t.rules:3: ^ only first and $ only last");
	parse_fails("rule a\ncategory criticism\nmatch you\nfeel {wat}\n",
	    "t.rules:4: unknown slot (use {rest}, {object}, {word}, "
	    "{gloss})");
	parse_fails("rule a\ncategory criticism\nmatch you\nfeel {rest\n",
	    "t.rules:4: a { without its }");
	parse_fails("rule a\ncategory criticism\nmatch you (a | b\n",
	    "t.rules:3: a ( without its ), or a group within a group");
	parse_fails("rule a\ncategory criticism\nmatch you\nif before (a | b)"
	    "\n", "t.rules:4: groups only in match and unless lines");
	parse_fails("rule a\ncategory criticism\nmatch you\nunless soon x\n",
	    "t.rules:4: if and unless take prev, next, before, after, "
	    "anywhere or question");
	parse_fails("rule a\ncategory frame\nmatch you\nfeel x\n",
	    "t.rules:1: a frame has no feel, about or need");
	parse_fails("rule a\ncategory criticism\nmatch you\ncancels contempt\n"
	    ABOUT, "t.rules:1: only a frame cancels");
	parse_fails("rule a\ncategory criticism\nmatch you\n" ABOUT
	    "rule a\n", "t.rules:7: a second rule 'a'");
	parse_fails("disable nothing\n", "t.rules:1: no rule to disable "
	    "'nothing'");
	parse_fails("class c\nwords a\tb\x01\n", "t.rules:2: a control "
	    "character");
	parse_fails("class c\nwords caf\xe9\n", "t.rules:2: invalid UTF-8 or "
	    "a NUL byte");
	parse_fails("class C\n", "t.rules:1: bad class name (a-z, 0-9 and "
	    "'-', at most 32) 'C'");
}

static void
test_rollback(void **state)
{
	struct soften_rules rs;
	struct herr e;
	static const char good[] = "class c\nwords x\n"
	    "rule a\ncategory criticism\nmatch you never\n" ABOUT;
	static const char bad[] = "class c\nwords y\ndisable a\n"
	    "rule b\ncategory criticism\nmatch you always\n" ABOUT
	    "rule c\ncategory nope\n";

	rules(&rs, good);
	assert_int_equal(soften_parse(&rs, "bad.rules", bad, strlen(bad),
	    &e), -1);
	assert_string_equal(e.msg, "bad.rules:11: unknown category 'nope'");
	assert_int_equal(soften_compile(&rs, &e), 0);
	assert_int_equal(soften_nrules(&rs), 1);
	assert_non_null(soften_find(&rs, "a"));
	assert_string_equal(scan(&rs, "you never"),
	    "1:1 criticism a \"you never\"\n");
	assert_string_equal(scan(&rs, "you always"), "");
	soften_free(&rs);
}

static void
test_replace_and_disable(void **state)
{
	struct soften_rules rs;
	struct herr e;
	size_t rules_in_use, classes, words;
	static const char more[] = "class c\nwords often\n"
	    "rule a\ncategory contempt\nmatch you @c\n" ABOUT
	    "disable b\n";

	rules(&rs, "class c\nwords never\n"
	    "rule a\ncategory criticism\nmatch you never\n" ABOUT
	    "rule b\ncategory criticism\nmatch you always\n" ABOUT);
	assert_int_equal(soften_parse(&rs, "more.rules", more, strlen(more),
	    &e), 0);
	assert_int_equal(soften_compile(&rs, &e), 0);
	soften_counts(&rs, &rules_in_use, &classes, &words);
	assert_int_equal(rules_in_use, 1);
	assert_int_equal(classes, 1);
	assert_int_equal(words, 2);
	assert_null(soften_find(&rs, "b"));
	assert_int_equal(soften_find(&rs, "a")->cat, SOFTEN_CONTEMPT);
	assert_string_equal(scan(&rs, "you never, you often, you always"),
	    "1:1 contempt a \"you never\"\n1:12 contempt a \"you often\"\n");
	soften_free(&rs);
}

static void
test_pattern_text(void **state)
{
	struct soften_rules rs;
	char buf[256];

	rules(&rs, "class c\nwords x\n"
	    "rule a\ncategory criticism\n"
	    "match ^ You|YE @c? , _ ..3 !no \"_ \"w fo* $\n" ABOUT);
	soften_pattern_text(&rs, soften_match(&rs, soften_rule(&rs, 0), 0),
	    buf, sizeof(buf));
	assert_string_equal(buf, "^ you|ye @c? , _ ..3 !no \"_ \"w fo* $");
	soften_pattern_text(&rs, soften_match(&rs, soften_rule(&rs, 0), 0),
	    buf, 8);
	assert_int_equal(strlen(buf), 7);
	soften_free(&rs);
}

/* Found in pieces of one byte, text finds what it finds whole. */
static void
test_stream(void **state)
{
	struct soften_rules rs;
	struct soften_scan *sc;
	struct seen s;
	static const char text[] = "Caf\xc3\xa9 \xe2\x80\x9cyes\xe2\x80\x9d. "
	    "You\xe2\x80\x99re never\nhome. Fine... ok\n\n\"so\" fine.";
	char whole[4096];
	size_t i;

	rules(&rs, "rule a\ncategory criticism\nmatch you are never\n" ABOUT
	    "rule b\ncategory stonewalling\nmatch fine\n" ABOUT);
	snprintf(whole, sizeof(whole), "%s", scan(&rs, text));
	assert_string_equal(whole, "1:13 criticism a \"You\xe2\x80\x99re never\"\n"
	    "2:7 stonewalling b \"Fine\"\n4:6 stonewalling b \"fine\"\n");
	memset(&s, 0, sizeof(s));
	assert_non_null(sc = soften_scan_new(&rs, collect, &s));
	for (i = 0; i < sizeof(text) - 1; i++)
		assert_int_equal(soften_scan_feed(sc, text + i, 1), 0);
	assert_int_equal(soften_scan_end(sc), 0);
	soften_scan_free(sc);
	assert_string_equal(s.text, whole);
	soften_free(&rs);
}

static int
stop_first(void *arg, const struct soften_finding *f)
{
	(*(int *)arg)++;
	return 7;
}

static void
test_stop(void **state)
{
	struct soften_rules rs;
	int n = 0;

	rules(&rs, "rule a\ncategory criticism\nmatch you never\n" ABOUT);
	assert_int_equal(soften_text(&rs, "you never. you never.", 21,
	    stop_first, &n), 7);
	assert_int_equal(n, 1);
	soften_free(&rs);
}

/*
 * A long line without a stop, a long word, bytes that are not UTF-8:
 * each is read in bounded pieces, and what comes after is still found.
 */
static void
test_bounded(void **state)
{
	struct soften_rules rs;
	struct seen s;
	char *text;
	size_t n = 3 * 1024 * 1024, i;

	rules(&rs, "rule a\ncategory criticism\nmatch you never\n" ABOUT);
	assert_non_null(text = malloc(n + 32));
	for (i = 0; i < n; i++)
		text[i] = (char)(i % 200 < 100 ? (int)('a' + i % 26) :
		    i % 7 == 0 ? ' ' : i % 5 == 0 ? 0xff : 'w');
	memcpy(text + n, " . you never", 13);
	memset(&s, 0, sizeof(s));
	assert_int_equal(soften_text(&rs, text, n + 12, collect, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(strchr(s.text, ' '),
	    " criticism a \"you never\"\n");
	free(text);
	soften_free(&rs);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp;

	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void
warn_count(void *arg, const struct herr *e)
{
	(*(int *)arg)++;
	assert_int_equal(e->code, HX_DATAERR);
}

static void
test_load_dir(void **state)
{
	struct soften_rules rs;
	struct herr e;
	char dir[] = "/tmp/test_soften.XXXXXX", path[128];
	int warned = 0;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.rules", dir);
	write_file(path, "rule a\ncategory criticism\nmatch you never\n" ABOUT);
	snprintf(path, sizeof(path), "%s/b.rules", dir);
	write_file(path, "rule b\ncategory nope\n");
	snprintf(path, sizeof(path), "%s/c.txt", dir);
	write_file(path, "not rules at all\n");
	snprintf(path, sizeof(path), "%s/d.rules", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	memset(&rs, 0, sizeof(rs));
	assert_int_equal(soften_load_dir(&rs, dir, warn_count, &warned, &e),
	    1);
	assert_int_equal(warned, 2);	/* b.rules, and d.rules, a folder */
	assert_int_equal(soften_compile(&rs, &e), 0);
	assert_string_equal(scan(&rs, "you never"),
	    "1:1 criticism a \"you never\"\n");
	soften_free(&rs);
	memset(&rs, 0, sizeof(rs));
	assert_int_equal(soften_load_dir(&rs, dir, NULL, NULL, &e), -1);
	assert_int_equal(e.code, HX_DATAERR);
	soften_free(&rs);
	assert_int_equal(soften_load_dir(&rs, "/nonexistent/soften", NULL,
	    NULL, &e), 0);
	snprintf(path, sizeof(path), "%s/a.rules", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/b.rules", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/c.txt", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/d.rules", dir);
	rmdir(path);
	rmdir(dir);
}

/* The built-in rules: hard cases both ways, and one suggestion whole. */
static void
test_builtin(void **state)
{
	static const char *const harsh[] = {
		"You never listen to me.",
		"Nobody else's partner has to be reminded five times.",
		"Oh great, you broke it again.",
		"It's not my fault.",
		"Whatever.",
		"I'm done talking.",
		NULL
	};
	static const char *const gentle[] = {
		"I never want you to feel alone.",
		"You always make me laugh.",
		"My brother never listens to anyone.",
		"When you said \"you never listen\", I felt hurt.",
		"I'm not saying you're lazy, I'm tired.",
		"Have you never been to Wales?",
		"Whatever happens, I'm with you.",
		"It's not your fault.",
		NULL
	};
	struct soften_rules rs;
	struct herr e;
	size_t i;

	memset(&rs, 0, sizeof(rs));
	assert_int_equal(soften_load_builtin(&rs, &e), 0);
	assert_true(soften_nrules(&rs) > 50);
	for (i = 0; harsh[i] != NULL; i++)
		if (scan(&rs, harsh[i])[0] == '\0')
			fail_msg("nothing found in '%s'", harsh[i]);
	for (i = 0; gentle[i] != NULL; i++)
		if (scan(&rs, gentle[i])[0] != '\0')
			fail_msg("'%s': %s", gentle[i], scan(&rs, gentle[i]));
	assert_string_equal(scan(&rs, "You never listen to me."),
	    "1:1 criticism criticism.you-never \"You never\"\n");
	assert_string_equal(last_suggestion(&rs, "You never listen to me."),
	    "I feel let down about the times you don't listen to me. I need "
	    "you to listen to me more often.");
	soften_free(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cat_names),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_titles_and_numbers),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_elements),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_frames),
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_rollback),
		cmocka_unit_test(test_replace_and_disable),
		cmocka_unit_test(test_pattern_text),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_builtin),
	};

	return cmocka_run_group_tests_name("soften", tests, NULL, NULL);
}
