/*
 * Unit tests for repair: the repairs after a fight as records make them.
 *
 * Every expected value was worked out by hand from the rules in
 * repair.h: which step counts (the latest, by time, then author, then
 * record id), the reveal rule, what waits for whom, the turns of a
 * guided repair, how often an old hurt came back, and the document
 * format.  Times are local (+01:00) unless a case says otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "date.h"
#include "herr.h"
#include "record.h"
#include "repair.h"

/* A repair id: any 40 hex digits will do where no open is needed. */
#define X40	"1111111111111111111111111111111111111111"

/*
 * One record line: WHEN is "YYYY-MM-DD HH:MM", FIELDS the kind's fields
 * separated by '|'.
 */
static size_t
line_of(char *buf, size_t size, const char *when, const char *by,
    const char *kind, const char *fields)
{
	size_t n;
	char *p;

	n = (size_t)snprintf(buf, size,
	    "%.10sT%.5s:00.000000+01:00\t%s\t%s\t%s", when, when + 11, by,
	    kind, fields);
	assert_true(n < size);
	for (p = buf; (p = strchr(p, '|')) != NULL; p++)
		*p = '\t';
	return n;
}

/* Feed one record to set; its record id into id when id is not NULL. */
static int
feed_e(struct repair_set *set, const char *when, const char *by,
    const char *kind, const char *fields, char *id, struct herr *e)
{
	char line[2048];
	struct record r;
	const char *why = NULL;
	size_t n;

	n = line_of(line, sizeof(line), when, by, kind, fields);
	assert_int_equal(record_parse(&r, line, n, NULL, &why), 0);
	if (id != NULL)
		record_id(line, n, id);
	return repair_feed(set, &r, e);
}

static void
feed(struct repair_set *set, const char *when, const char *by,
    const char *kind, const char *fields)
{
	struct herr e;

	assert_int_equal(feed_e(set, when, by, kind, fields, NULL, &e), 0);
}

/* A step of repair id: "WHO|STEP|WORDS|TEXT" after the id. */
static void
step(struct repair_set *set, const char *when, const char *by,
    const char *id, const char *rest)
{
	char f[1024];

	snprintf(f, sizeof(f), "%s|%s", id, rest);
	feed(set, when, by, "step", f);
}

static void
settle(struct repair_set *set)
{
	struct herr e;

	assert_int_equal(repair_settle(set, &e), 0);
}

/* Why a line of kind with fields is refused, or NULL. */
static const char *
check(const char *kind, const char *fields)
{
	static char line[4200];
	struct record r;
	const char *why = NULL;
	size_t n;

	n = line_of(line, sizeof(line), "2026-03-10 20:00", "ana", kind,
	    fields);
	if (record_parse(&r, line, n, NULL, &why) == -1)
		return why;
	return repair_record_check(&r);
}

static void
test_check(void **state)
{
	char big[260];

	/* Good records of every step. */
	assert_null(check("open", "the dishes"));
	assert_null(check("open", ""));
	assert_null(check("step", X40 "|ana|felt|hurt, let down|"));
	assert_null(check("step", X40 "|ana|felt||I was worn out"));
	assert_null(check("step", X40 "|ben|account||It was late"));
	assert_null(check("step", X40 "|ana|confirm|yes|"));
	assert_null(check("step", X40 "|ana|confirm|corrected|not quite"));
	assert_null(check("step", X40 "|ana|hurts|being left out, Money|"));
	assert_null(check("step", X40 "|ana|next||Ask first\\nand listen"));

	/* And what each check refuses. */
	assert_string_equal(check("open", "two\\nlines"),
	    "a control character in the topic");
	memset(big, 'x', 201);
	big[201] = '\0';
	assert_string_equal(check("open", big), "topic longer than 200 bytes");
	big[200] = '\0';
	assert_null(check("open", big));
	assert_string_equal(check("step", "1111|ana|felt|hurt|"),
	    "bad repair id");
	assert_string_equal(check("step", X40 "|Ana|felt|hurt|"), "bad name");
	assert_string_equal(check("step", X40 "|ana|anger|hurt|"),
	    "unknown step");
	assert_string_equal(check("step", X40 "|ana|felt|furious|"),
	    "not one of the feeling words");
	/* Known words, but not as repair writes them. */
	assert_string_equal(check("step", X40 "|ana|felt|Hurt|"),
	    "words not in their stored form");
	assert_string_equal(check("step", X40 "|ana|felt|hurt,sad|"),
	    "words not in their stored form");
	assert_string_equal(check("step", X40 "|ana|felt|hurt, hurt|"),
	    "words not in their stored form");
	assert_string_equal(check("step", X40 "|ana|felt||  \\n "),
	    "empty step");
	assert_string_equal(check("step", X40 "|ana|account||"),
	    "empty step");
	assert_string_equal(check("step", X40 "|ana|account|hurt|It was"),
	    "words in a step that has none");
	assert_string_equal(check("step", X40 "|ana|confirm|yes|but"),
	    "text after yes");
	assert_string_equal(check("step", X40 "|ana|confirm|corrected| "),
	    "empty correction");
	assert_string_equal(check("step", X40 "|ana|confirm|no|"),
	    "confirm is neither yes nor corrected");
	assert_string_equal(check("step", X40 "|ana|hurts|a\\tb|"),
	    "a control character");
	assert_string_equal(check("step", X40 "|ana|thanks|x|y"),
	    "unknown step");
	assert_string_equal(check("shown", "x"), "unknown kind");
	assert_string_equal(check("step", X40 "|ana|felt|hurt"),
	    "bad number of fields");
}

/* repair_words of in: its stored form, or why it is refused and what. */
static void
words_are(enum repair_step s, const char *in, const char *want,
    const char *wbad, const char *wwhy)
{
	struct buf out = BUF_INIT;
	const char *bad = NULL, *why = NULL;
	size_t badlen = 0;
	int rc;

	rc = repair_words(s, in, strlen(in), &out, &bad, &badlen, &why);
	if (want != NULL) {
		assert_int_equal(rc, 0);
		assert_string_equal(out.p, want);
	} else {
		assert_int_equal(rc, -1);
		assert_int_equal(badlen, strlen(wbad));
		assert_memory_equal(bad, wbad, badlen);
		assert_string_equal(why, wwhy);
	}
	buf_free(&out);
}

static void
test_words(void **state)
{
	/* The list's own spelling, blanks and empty items dropped. */
	words_are(REPAIR_FELT, " HURT,let Down ,, tired", "hurt, let down, tired",
	    NULL, NULL);
	words_are(REPAIR_FELT, "", "", NULL, NULL);
	words_are(REPAIR_FELT, "sad, Sad, sad", "sad", NULL, NULL);
	words_are(REPAIR_FELT, "sad, furious", NULL, "furious",
	    "not one of the feeling words");
	/* Names of old hurts: as typed, once each without regard to case. */
	words_are(REPAIR_HURTS, "Money, being left out, money ",
	    "Money, being left out", NULL, NULL);
	words_are(REPAIR_HURTS, "a, 12345678901234567890123456789012345678901",
	    NULL, "12345678901234567890123456789012345678901",
	    "longer than 40 bytes");
	words_are(REPAIR_HURTS, "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
	    "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16", NULL,
	    NULL);
	words_are(REPAIR_HURTS, "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17",
	    NULL, "17", "more than 16 words");
	/* 40 words in 8 groups of 5: the first, a middle and the last. */
	assert_string_equal(repair_feeling(0), "hurt");
	assert_string_equal(repair_feeling_group(0), "hurt");
	assert_string_equal(repair_feeling(25), "tired");
	assert_string_equal(repair_feeling_group(25), "worn out");
	assert_string_equal(repair_feeling(39), "relieved");
	assert_null(repair_feeling(40));
	assert_int_equal(repair_feeling_find("ON EDGE", 7), 13);
	assert_int_equal(repair_feeling_find("edge", 4), -1);
}

/* An open by by at when; its id into id. */
static void
open_rec(struct repair_set *set, const char *when, const char *by,
    const char *topic, char *id)
{
	struct herr e;

	assert_int_equal(feed_e(set, when, by, "open", topic, id, &e), 0);
}

static void
test_latest(void **state)
{
	struct repair_set set = REPAIR_SET_INIT;
	const struct repair *r;
	char id[RECORD_ID_LEN + 1];
	int amb;

	open_rec(&set, "2026-03-10 20:00", "ana", "the dishes", id);
	/* Fed out of order: the 21:00 account is the latest. */
	step(&set, "2026-03-10 21:00", "ana", id, "ana|account||second");
	step(&set, "2026-03-10 20:30", "ana", id, "ana|account||first");
	/* ben's felt, written twice at one moment: ana's log before ben's,
	 * then by author: "ana" < "ben", so ben's record is the latest. */
	step(&set, "2026-03-10 22:00", "ben", id, "ben|felt||from ben");
	step(&set, "2026-03-10 22:00", "ana", id, "ben|felt||from ana");
	settle(&set);
	assert_int_equal(set.n, 1);
	r = repair_find(&set, id, &amb);
	assert_non_null(r);
	assert_int_equal(r->opened, 1);
	assert_string_equal(r->topic, "the dishes");
	assert_string_equal(r->by, "ana");
	assert_string_equal(r->day, "2026-03-10");
	assert_int_equal(r->ne, 2);
	assert_string_equal(repair_get(r, "ana", REPAIR_ACCOUNT)->text,
	    "second");
	assert_string_equal(repair_get(r, "ben", REPAIR_FELT)->text,
	    "from ben");
	assert_null(repair_get(r, "ben", REPAIR_ACCOUNT));
	assert_null(repair_get(r, "cas", REPAIR_FELT));
	repair_set_free(&set);
}

static void
test_no_open(void **state)
{
	struct repair_set set = REPAIR_SET_INIT;
	char a[RECORD_ID_LEN + 1], b[RECORD_ID_LEN + 1];
	int amb;

	open_rec(&set, "2026-03-12 20:00", "ana", "late", a);
	/* The same open twice (a union merge keeps both): one repair. */
	open_rec(&set, "2026-03-12 20:00", "ana", "late", b);
	assert_string_equal(a, b);
	/* Steps of a repair whose open is not here: dated by the first. */
	step(&set, "2026-03-11 09:00", "ben", X40, "ben|part||I sulked");
	step(&set, "2026-03-11 08:00", "ben", X40, "ben|next||Say it");
	settle(&set);
	assert_int_equal(set.n, 2);
	/* In time order: the 11th before the 12th. */
	assert_string_equal(set.v[0].id, X40);
	assert_int_equal(set.v[0].opened, 0);
	assert_string_equal(set.v[0].topic, "");
	assert_string_equal(set.v[0].by, "");
	assert_string_equal(set.v[0].day, "2026-03-11");
	assert_int_equal(set.v[0].ne, 2);
	assert_string_equal(set.v[1].id, a);
	assert_int_equal(set.v[1].ne, 0);
	/* Prefixes: "1111" is the one; "" is both. */
	assert_ptr_equal(repair_find(&set, "1111", &amb), &set.v[0]);
	assert_int_equal(amb, 0);
	assert_null(repair_find(&set, "", &amb));
	assert_int_equal(amb, 1);
	assert_null(repair_find(&set, "2222", &amb));
	assert_int_equal(amb, 0);
	repair_set_free(&set);
}

static void
test_reveal(void **state)
{
	struct repair_set set = REPAIR_SET_INIT;
	const struct repair *r;
	const char *who[4];
	char id[RECORD_ID_LEN + 1];

	open_rec(&set, "2026-03-10 20:00", "ana", "money", id);
	step(&set, "2026-03-10 20:01", "ana", id, "ana|account||I worried");
	/* ben says back what he heard: that is not a part of his own. */
	step(&set, "2026-03-10 20:02", "ben", id, "ben|heard||You worried");
	settle(&set);
	r = &set.v[0];
	assert_int_equal(repair_people(r, who, 4), 2);
	assert_string_equal(who[0], "ana");
	assert_string_equal(who[1], "ben");
	assert_string_equal(repair_other(r, "ana"), "ben");
	assert_string_equal(repair_other(r, "ben"), "ana");
	assert_int_equal(repair_has_part(r, "ana"), 1);
	assert_int_equal(repair_has_part(r, "ben"), 0);
	/* Each sees their own; ana sees ben's (she has a part), not the
	 * other way round. */
	assert_int_equal(repair_visible(r, "ana", "ana"), 1);
	assert_int_equal(repair_visible(r, "ben", "ben"), 1);
	assert_int_equal(repair_visible(r, "ben", "ana"), 1);
	assert_int_equal(repair_visible(r, "ana", "ben"), 0);
	assert_int_equal(repair_visible(r, "ana", "cas"), 0);
	repair_set_free(&set);

	/* Once ben names an old hurt, he has a part: he sees ana's. */
	open_rec(&set, "2026-03-10 20:00", "ana", "money", id);
	step(&set, "2026-03-10 20:01", "ana", id, "ana|account||I worried");
	step(&set, "2026-03-10 20:03", "ben", id, "ben|hurts|money|");
	settle(&set);
	assert_int_equal(repair_visible(&set.v[0], "ana", "ben"), 1);
	repair_set_free(&set);
}

static void
test_waiting(void **state)
{
	struct repair_set set = REPAIR_SET_INIT;
	char id[RECORD_ID_LEN + 1];

	open_rec(&set, "2026-03-10 20:00", "ana", "", id);
	step(&set, "2026-03-10 20:01", "ana", id, "ana|account||mine");
	settle(&set);
	/* Only ana: nothing waits for her, her part waits for ben. */
	assert_int_equal(repair_waiting(&set.v[0], "ana"), 0);
	assert_int_equal(repair_waiting(&set.v[0], "ben"), REPAIR_WAIT_PART);
	assert_int_equal(repair_waiting(NULL, "ben"), 0);

	/* ben writes his part: ana has his account to say back, and he
	 * has hers. */
	step(&set, "2026-03-11 09:00", "ben", id, "ben|account||his");
	settle(&set);
	assert_int_equal(repair_waiting(&set.v[0], "ana"),
	    REPAIR_WAIT_HEARD);
	assert_int_equal(repair_waiting(&set.v[0], "ben"),
	    REPAIR_WAIT_HEARD);

	/* ben says back ana's: ana may confirm it. */
	step(&set, "2026-03-11 09:05", "ben", id, "ben|heard||you said");
	settle(&set);
	assert_int_equal(repair_waiting(&set.v[0], "ana"),
	    REPAIR_WAIT_HEARD | REPAIR_WAIT_CONFIRM);
	assert_int_equal(repair_waiting(&set.v[0], "ben"), 0);

	/* ana confirms, after it: nothing for her but her heard. */
	step(&set, "2026-03-11 10:00", "ana", id, "ana|confirm|yes|");
	settle(&set);
	assert_int_equal(repair_waiting(&set.v[0], "ana"),
	    REPAIR_WAIT_HEARD);

	/* ben says it back again, later: a new confirm is waiting. */
	step(&set, "2026-03-11 11:00", "ben", id, "ben|heard||better");
	settle(&set);
	assert_int_equal(repair_waiting(&set.v[0], "ana"),
	    REPAIR_WAIT_HEARD | REPAIR_WAIT_CONFIRM);
	repair_set_free(&set);

	/* A part waits for ben when only ana has one. */
	open_rec(&set, "2026-03-10 20:00", "ana", "", id);
	step(&set, "2026-03-10 20:01", "ana", id, "ana|next||ask");
	step(&set, "2026-03-10 20:01", "ana", id, "ben|heard||told");
	settle(&set);
	assert_int_equal(repair_waiting(&set.v[0], "ben"), REPAIR_WAIT_PART);
	repair_set_free(&set);
}

static void
turns_are(const struct repair_turn *t, size_t n, const char *want)
{
	char got[512] = "";
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s %s",
		    i > 0 ? ", " : "", t[i].who, repair_step_name(t[i].step));
	assert_string_equal(got, want);
}

static void
test_plan(void **state)
{
	struct repair_set set = REPAIR_SET_INIT;
	struct repair_turn t[REPAIR_TURNS_MAX];
	char id[RECORD_ID_LEN + 1];
	size_t n;

	n = repair_plan("ana", "ben", NULL, t);
	assert_int_equal(n, 16);
	turns_are(t, n, "ana felt, ben felt, "
	    "ana account, ben heard, ana confirm, "
	    "ben account, ana heard, ben confirm, "
	    "ana hurts, ben hurts, "
	    "ana part, ana apology, ben part, ben apology, "
	    "ana next, ben next");
	n = repair_plan("ben", NULL, NULL, t);
	turns_are(t, n, "ben felt, ben account, ben hurts, ben part, "
	    "ben apology, ben next");

	open_rec(&set, "2026-03-10 20:00", "ana", "", id);
	step(&set, "2026-03-10 20:01", "ana", id, "ana|account||mine");
	step(&set, "2026-03-10 20:02", "ana", id, "ben|heard||yours");
	settle(&set);
	/* ben's own part first; ana may confirm what he heard. */
	n = repair_plan("ben", NULL, &set.v[0], t);
	turns_are(t, n, "ben felt, ben account, ben hurts, ben part, "
	    "ben apology, ben next");
	n = repair_plan("ana", NULL, &set.v[0], t);
	turns_are(t, n, "ana confirm");
	/* Once ben gives his account, ana says it back; ben has said
	 * hers back already, and nobody has said his back: nothing. */
	step(&set, "2026-03-11 09:00", "ben", id, "ben|account||his");
	settle(&set);
	n = repair_plan("ana", NULL, &set.v[0], t);
	turns_are(t, n, "ana heard, ana confirm");
	n = repair_plan("ben", NULL, &set.v[0], t);
	assert_int_equal(n, 0);
	repair_set_free(&set);
}

static void
hurt_is(const struct repair_hurt *h, const char *name, size_t count,
    const char *first, const char *last)
{
	assert_int_equal(h->len, strlen(name));
	assert_memory_equal(h->name, name, h->len);
	assert_int_equal(h->count, count);
	assert_memory_equal(h->first, first, 10);
	assert_memory_equal(h->last, last, 10);
}

static void
test_hurts(void **state)
{
	struct repair_set set = REPAIR_SET_INIT;
	struct repair_hurt *v;
	const struct repair_hurt *of[4];
	struct herr e;
	char a[RECORD_ID_LEN + 1], b[RECORD_ID_LEN + 1], c[RECORD_ID_LEN + 1];
	size_t n;

	/* Three repairs: 1 March, 5 March, 9 March. */
	open_rec(&set, "2026-03-01 20:00", "ana", "one", a);
	open_rec(&set, "2026-03-05 20:00", "ana", "two", b);
	open_rec(&set, "2026-03-09 20:00", "ben", "three", c);
	/* In the first, both name it: one repair, counted once. */
	step(&set, "2026-03-01 20:01", "ana", a, "ana|hurts|Being left out|");
	step(&set, "2026-03-02 08:00", "ben", a,
	    "ben|hurts|being left out, money|");
	/* In the second, only ana. */
	step(&set, "2026-03-05 20:01", "ana", b, "ana|hurts|being LEFT out|");
	/* In the third, only ben, and ana has no part there. */
	step(&set, "2026-03-09 20:01", "ben", c, "ben|hurts|money|");
	settle(&set);

	/* ana may not see the third: money came up once for her. */
	assert_int_equal(repair_hurts(&set, "ana", &v, &n, &e), 0);
	assert_int_equal(n, 2);
	/* Sorted by name; spelled as it was first written. */
	hurt_is(&v[0], "Being left out", 2, "2026-03-01", "2026-03-05");
	hurt_is(&v[1], "money", 1, "2026-03-01", "2026-03-01");
	assert_ptr_equal(repair_hurt_find(v, n, "BEING left OUT", 14), &v[0]);
	assert_ptr_equal(repair_hurt_find(v, n, "money", 5), &v[1]);
	assert_null(repair_hurt_find(v, n, "mone", 4));
	/* The hurts of each repair, as ana may see them, each once. */
	assert_int_equal(repair_hurts_of(v, n, &set.v[0], "ana", of, 4), 2);
	assert_ptr_equal(of[0], &v[0]);
	assert_ptr_equal(of[1], &v[1]);
	assert_int_equal(repair_hurts_of(v, n, &set.v[0], "ana", of, 1), 1);
	assert_int_equal(repair_hurts_of(v, n, &set.v[1], "ana", of, 4), 1);
	assert_ptr_equal(of[0], &v[0]);
	assert_int_equal(repair_hurts_of(v, n, &set.v[2], "ana", of, 4), 0);
	free(v);

	/* ben sees the first (he has a part) and the third, not the
	 * second; money came up twice, being left out once. */
	assert_int_equal(repair_hurts(&set, "ben", &v, &n, &e), 0);
	assert_int_equal(n, 2);
	hurt_is(&v[0], "Being left out", 1, "2026-03-01", "2026-03-01");
	hurt_is(&v[1], "money", 2, "2026-03-01", "2026-03-09");
	repair_hurts_by_count(v, n);
	hurt_is(&v[0], "money", 2, "2026-03-01", "2026-03-09");
	hurt_is(&v[1], "Being left out", 1, "2026-03-01", "2026-03-01");
	free(v);
	repair_set_free(&set);
}

/* The same records in two orders: the same repairs and steps. */
static void
test_any_order(void **state)
{
	static const char *const rec[][3] = {
		{ "2026-03-10 20:05", "ana", "ana|felt|sad|" },
		{ "2026-03-10 20:05", "ben", "ana|felt|tired|" },
		{ "2026-03-10 20:06", "ben", "ben|next||listen" },
		{ "2026-03-10 20:04", "ben", "ben|next||talk" },
	};
	struct repair_set s1 = REPAIR_SET_INIT, s2 = REPAIR_SET_INIT;
	size_t i, k = sizeof(rec) / sizeof(rec[0]);

	for (i = 0; i < k; i++) {
		step(&s1, rec[i][0], rec[i][1], X40, rec[i][2]);
		step(&s2, rec[k - 1 - i][0], rec[k - 1 - i][1], X40,
		    rec[k - 1 - i][2]);
	}
	settle(&s1);
	settle(&s2);
	/* Same moment: ben's log after ana's, so "tired" is the latest. */
	assert_string_equal(repair_get(&s1.v[0], "ana", REPAIR_FELT)->words,
	    "tired");
	assert_string_equal(repair_get(&s2.v[0], "ana", REPAIR_FELT)->words,
	    "tired");
	assert_string_equal(repair_get(&s1.v[0], "ben", REPAIR_NEXT)->text,
	    "listen");
	assert_string_equal(repair_get(&s2.v[0], "ben", REPAIR_NEXT)->text,
	    "listen");
	assert_string_equal(s1.v[0].day, "2026-03-10");
	repair_set_free(&s1);
	repair_set_free(&s2);
}

static void
test_feed_refuses(void **state)
{
	struct repair_set set = REPAIR_SET_INIT;
	struct herr e;

	assert_int_equal(feed_e(&set, "2026-03-10 20:00", "ana", "step",
	    X40 "|ana|felt|furious|", NULL, &e), -1);
	assert_int_equal(e.code, HX_DATAERR);
	assert_string_equal(e.msg, "not one of the feeling words");
	/* Another kind is not repair's to judge: ignored. */
	assert_int_equal(feed_e(&set, "2026-03-10 20:00", "ana", "thanks",
	    "ben|hi", NULL, &e), 0);
	settle(&set);
	assert_int_equal(set.n, 0);
	repair_set_free(&set);
}

/* Parse text as ana's document "doc"; 0 or -1 with e. */
static int
parse(struct repair_doc *d, const char *text, struct herr *e)
{
	return repair_doc_parse(d, text, strlen(text), "ana", "doc", e);
}

static void
answer_is(const struct repair_doc *d, const char *who, enum repair_step s,
    const char *words, const char *text, size_t line)
{
	const struct repair_answer *a = repair_doc_get(d, who, s);

	assert_non_null(a);
	assert_string_equal(a->words, words);
	assert_string_equal(a->text, text);
	assert_int_equal(a->line, line);
}

static void
test_doc(void **state)
{
	static const char text[] =
	    "# a comment before anything\n"		/* 1 */
	    "\n"
	    "[topic]\n"					/* 3 */
	    "the bins,\n"
	    "  again\n"
	    "[felt]\n"					/* 6 */
	    "\n"
	    "words: Hurt, tired\n"
	    "I had asked twice.\n"
	    "# left out\n"
	    "\\# kept, without its backslash\n"
	    "\n"
	    "[ben account]\r\n"				/* 13 */
	    "It slipped my mind.\n"
	    "[confirm]\n"				/* 15 */
	    "  Yes \n"
	    "[ben confirm]\n"				/* 17 */
	    "yes, mostly\n"
	    "[apology]\n"				/* 19 */
	    "\n"
	    "[hurts]   \n"				/* 21 */
	    "words:\n"
	    "words: a second line is text\n";
	struct repair_doc d = REPAIR_DOC_INIT;
	struct herr e;

	assert_int_equal(parse(&d, text, &e), 0);
	assert_string_equal(d.topic, "the bins,   again");
	assert_string_equal(d.id, "");
	assert_string_equal(d.with, "");
	assert_int_equal(d.n, 6);
	answer_is(&d, "ana", REPAIR_FELT, "hurt, tired",
	    "I had asked twice.\n# kept, without its backslash", 6);
	answer_is(&d, "ben", REPAIR_ACCOUNT, "", "It slipped my mind.", 13);
	answer_is(&d, "ana", REPAIR_CONFIRM, "yes", "", 15);
	answer_is(&d, "ben", REPAIR_CONFIRM, "corrected", "yes, mostly", 17);
	/* An empty section: a step skipped. */
	answer_is(&d, "ana", REPAIR_APOLOGY, "", "", 19);
	answer_is(&d, "ana", REPAIR_HURTS, "", "words: a second line is text",
	    21);
	repair_doc_free(&d);
}

/* The error parsing text gives. */
static void
doc_error(const char *text, const char *want)
{
	struct repair_doc d = REPAIR_DOC_INIT;
	struct herr e;

	assert_int_equal(parse(&d, text, &e), -1);
	assert_int_equal(e.code, HX_DATAERR);
	assert_string_equal(e.msg, want);
	repair_doc_free(&d);
}

static void
test_doc_errors(void **state)
{
	doc_error("hello\n[felt]\n", "doc:1: text before the first section "
	    "(a section begins with a line such as [account])");
	doc_error("[felt]\nwords: sad\n[felt]\n",
	    "doc:3: a second section '[felt]'");
	doc_error("[ana felt]\n[felt]\n", "doc:2: a second section '[felt]'");
	doc_error("[feelings]\n", "doc:1: unknown section '[feelings]'");
	doc_error("[ben topic]\n", "doc:1: unknown section '[ben topic]'");
	doc_error("[Ben felt]\n", "doc:1: bad name 'Ben'");
	doc_error("\n[felt]\nwords: sad, furious\n",
	    "doc:3: not one of the feeling words 'furious'");
	doc_error("[id]\nxyz\n", "doc:1: bad repair id 'xyz'");
	doc_error("[with]\nBen\n", "doc:1: bad name 'Ben'");
	doc_error("[topic]\na\tb\n", "doc:1: a control character in the topic");
	doc_error("[account]\nok\n\xff\n", "doc:3: not valid UTF-8");
	doc_error("[topic]\nx\n[topic]\ny\n", "doc:3: a second section "
	    "'[topic]'");
}

/* What repair_doc_format writes, read back, is the same document. */
static void
test_doc_round_trip(void **state)
{
	struct repair_doc d = REPAIR_DOC_INIT, back = REPAIR_DOC_INIT;
	struct buf b = BUF_INIT;
	struct herr e;
	size_t i;

	d.topic = strdup("#money [again]");
	strcpy(d.with, "ben");
	assert_int_equal(repair_doc_set(&d, "ana", REPAIR_FELT, "sad",
	    "words: are mine\n[not a header]"), 0);
	assert_int_equal(repair_doc_set(&d, "ben", REPAIR_CONFIRM,
	    "corrected", "Yes"), 0);
	assert_int_equal(repair_doc_set(&d, "ana", REPAIR_CONFIRM, "yes",
	    ""), 0);
	assert_int_equal(repair_doc_set(&d, "ana", REPAIR_PART, "", ""), 0);
	assert_int_equal(repair_doc_set(&d, "ben", REPAIR_ACCOUNT, "",
	    "\\back\nslash"), 0);
	/* A step set again replaces what it had. */
	assert_int_equal(repair_doc_set(&d, "ana", REPAIR_FELT, "sad",
	    "words: are mine\n[not a header]\n# nor a comment"), 0);
	assert_int_equal(d.n, 5);
	assert_int_equal(repair_doc_format(&d, "ana", &b), 0);
	assert_int_equal(buf_nul(&b), 0);
	assert_string_equal(b.p,
	    "[topic]\n\\#money [again]\n\n"
	    "[with]\nben\n\n"
	    "[felt]\nwords: sad\n\\words: are mine\n\\[not a header]\n"
	    "\\# nor a comment\n\n"
	    "[ben confirm]\n\\Yes\n\n"
	    "[confirm]\nyes\n\n"
	    "[part]\n\n"
	    "[ben account]\n\\\\back\nslash\n\n");
	assert_int_equal(repair_doc_parse(&back, b.p, b.len, "ana", "draft",
	    &e), 0);
	assert_string_equal(back.topic, d.topic);
	assert_string_equal(back.with, "ben");
	assert_int_equal(back.n, d.n);
	for (i = 0; i < d.n; i++) {
		assert_string_equal(back.a[i].who, d.a[i].who);
		assert_int_equal(back.a[i].step, d.a[i].step);
		assert_string_equal(back.a[i].words, d.a[i].words);
		assert_string_equal(back.a[i].text, d.a[i].text);
	}
	buf_free(&b);
	repair_doc_free(&d);
	repair_doc_free(&back);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_latest),
		cmocka_unit_test(test_no_open),
		cmocka_unit_test(test_reveal),
		cmocka_unit_test(test_waiting),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_hurts),
		cmocka_unit_test(test_any_order),
		cmocka_unit_test(test_feed_refuses),
		cmocka_unit_test(test_doc),
		cmocka_unit_test(test_doc_errors),
		cmocka_unit_test(test_doc_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
