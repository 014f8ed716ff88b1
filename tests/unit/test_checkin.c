/*
 * Unit tests for checkin: weeks, what counts, the reveal rule, trends.
 *
 * Every expected value was worked out by hand on a calendar, and each
 * case says how.  March and October 2026 are the months they live in;
 * in Europe/Berlin summer time begins on Sunday 29 March (02:00 becomes
 * 03:00, +01:00 becomes +02:00) and ends on Sunday 25 October (03:00
 * becomes 02:00 again):
 *
 *	     March 2026               October 2026
 *	Mo Tu We Th Fr Sa Su      Mo Tu We Th Fr Sa Su
 *	                   1                1  2  3  4
 *	 2  3  4  5  6  7  8       5  6  7  8  9 10 11
 *	 9 10 11 12 13 14 15      12 13 14 15 16 17 18
 *	16 17 18 19 20 21 22      19 20 21 22 23 24 25
 *	23 24 25 26 27 28 29      26 27 28 29 30 31
 *	30 31
 *
 * Weeks start on Monday (wstart 1) unless a case says otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "checkin.h"
#include "date.h"
#include "herr.h"
#include "record.h"

#define D(y, m, d)	date_days_from_civil(y, m, d)
#define MAR(d)		D(2026, 3, d)
#define OCT(d)		D(2026, 10, d)
#define SUN		0
#define MON		1
#define SAT		6
#define H		CHECKIN_HIDDEN

/*
 * One record line: WHEN is "YYYY-MM-DD HH:MM" (local time, +01:00) or a
 * whole RFC 3339 stamp, FIELDS the kind's fields separated by '|'.
 */
static size_t
line_of(char *buf, size_t size, const char *when, const char *by,
    const char *kind, const char *fields)
{
	size_t n;
	char *p;

	if (strlen(when) == 16)
		n = (size_t)snprintf(buf, size,
		    "%.10sT%.5s:00.000000+01:00\t%s\t%s\t%s", when, when + 11,
		    by, kind, fields);
	else
		n = (size_t)snprintf(buf, size, "%s\t%s\t%s\t%s", when, by,
		    kind, fields);
	assert_true(n < size);
	for (p = buf; (p = strchr(p, '|')) != NULL; p++)
		*p = '\t';
	return n;
}

/* Feed one record; its id into id (RECORD_ID_LEN + 1) when not NULL. */
static void
feed(struct checkin_set *set, const char *when, const char *by,
    const char *kind, const char *fields, char *id)
{
	char line[2048];
	struct record r;
	struct herr e;
	const char *why = NULL;
	size_t n;

	n = line_of(line, sizeof(line), when, by, kind, fields);
	assert_int_equal(record_parse(&r, line, n, NULL, &why), 0);
	if (id != NULL)
		record_id(line, n, id);
	assert_int_equal(checkin_feed(set, &r, &e), 0);
}

/* The fields of an edit of id, or of an undo of id (values NULL). */
static const char *
of(const char *id, const char *values)
{
	static char f[256];

	snprintf(f, sizeof(f), "%s%s%s", id, values ? "|" : "",
	    values ? values : "");
	return f;
}

static void
settle(struct checkin_set *set, int wstart)
{
	struct herr e;

	assert_int_equal(checkin_settle(set, wstart, &e), 0);
}

/* The check-in of author in week, which must count. */
static const struct checkin *
get(const struct checkin_set *set, const char *author, int64_t week)
{
	const struct checkin *c = checkin_find(set, author, week);

	assert_non_null(c);
	return c;
}

/* The week of a day: Monday, Sunday and Saturday weeks. */
static void
test_week_of(void **state)
{
	/* Sunday 29 March: the last day of a Monday week, the first of a
	 * Sunday week. */
	assert_int_equal(checkin_week_of(MAR(29), MON), MAR(23));
	assert_int_equal(checkin_week_of(MAR(29), SUN), MAR(29));
	/* Monday 30 March begins a Monday week; in a Sunday week it is the
	 * second day. */
	assert_int_equal(checkin_week_of(MAR(30), MON), MAR(30));
	assert_int_equal(checkin_week_of(MAR(30), SUN), MAR(29));
	/* Saturday 28 March: the sixth day back from Sunday the 22nd. */
	assert_int_equal(checkin_week_of(MAR(28), SUN), MAR(22));
	assert_int_equal(checkin_week_of(MAR(28), SAT), MAR(28));
	assert_int_equal(checkin_week_of(MAR(27), SAT), MAR(21));
	/* Across a month: Wednesday 1 April is in the week of 30 March. */
	assert_int_equal(checkin_week_of(D(2026, 4, 1), MON), MAR(30));
	/* Thursday 1 January 1970 is day 0; its Monday is 29 December 1969,
	 * day -3, its Sunday day -4. */
	assert_int_equal(checkin_week_of(0, MON), -3);
	assert_int_equal(checkin_week_of(0, SUN), -4);
	assert_int_equal(checkin_week_of(-3, MON), -3);
	assert_int_equal(checkin_week_of(-4, MON), -10);
}

static void
test_week_start(void **state)
{
	assert_int_equal(checkin_week_start(NULL, NULL), MON);
	assert_int_equal(checkin_week_start(NULL, ""), MON);
	assert_int_equal(checkin_week_start(NULL, "sun"), SUN);
	assert_int_equal(checkin_week_start(NULL, "Saturday"), SAT);
	/* The store's setting wins over the config. */
	assert_int_equal(checkin_week_start("sunday", "mon"), SUN);
	assert_int_equal(checkin_week_start("monday", "sun"), MON);
	assert_int_equal(checkin_week_start(NULL, "someday"), -1);
	assert_int_equal(checkin_week_start("", NULL), -1);
}

static void
test_score(void **state)
{
	static const char *const bad[] = {
		"0", "11", "seven", "", "07", " 7", "7 ", "+7", "-1", "100",
		"1.5", "010", "x", NULL
	};
	size_t i;

	assert_int_equal(checkin_score("1", 1), 1);
	assert_int_equal(checkin_score("5", 1), 5);
	assert_int_equal(checkin_score("9", 1), 9);
	assert_int_equal(checkin_score("10", 2), 10);
	/* Only the bytes given count: "10" cut to one byte is 1. */
	assert_int_equal(checkin_score("10", 1), 1);
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(checkin_score(bad[i], strlen(bad[i])), -1);
}

/* The bars: round((s - 1) * 7 / 9), worked out one by one. */
static void
test_level(void **state)
{
	/* s - 1:    0  1     2     3     4     5     6     7     8     9
	 * * 7 / 9:  0  0.78  1.56  2.33  3.11  3.89  4.67  5.44  6.22  7 */
	static const int want[11] = { 0, 0, 1, 2, 2, 3, 4, 5, 5, 6, 7 };
	int s;

	for (s = 1; s <= 10; s++)
		assert_int_equal(checkin_level(s), want[s]);
	/* Out of the scale: clamped to its ends. */
	assert_int_equal(checkin_level(0), 0);
	assert_int_equal(checkin_level(11), 7);
}

static void
test_mean10(void **state)
{
	static const int a[] = { 6, 7, CHECKIN_NONE, H, 8 };
	static const int b[] = { 7, 8 };
	static const int c[] = { 6, 7, 7 };
	static const int d[] = { 10, 10, 9 };
	static const int none[] = { CHECKIN_NONE, H };
	int half[20], i;

	/* 6 + 7 + 8 = 21, 3 scores: 7.0; the empty and hidden weeks do not
	 * count. */
	assert_int_equal(checkin_mean10(a, 5), 70);
	/* 15 / 2 = 7.5. */
	assert_int_equal(checkin_mean10(b, 2), 75);
	/* 20 / 3 = 6.67. */
	assert_int_equal(checkin_mean10(c, 3), 67);
	/* 29 / 3 = 9.67. */
	assert_int_equal(checkin_mean10(d, 3), 97);
	assert_int_equal(checkin_mean10(none, 2), -1);
	assert_int_equal(checkin_mean10(none, 0), -1);
	/* Thirteen 7s and seven 6s: 133 / 20 = 6.65, rounded up to 6.7. */
	for (i = 0; i < 20; i++)
		half[i] = i < 13 ? 7 : 6;
	assert_int_equal(checkin_mean10(half, 20), 67);
}

/* What the store reader lets through. */
static void
test_record_check(void **state)
{
	static const struct {
		const char	*kind, *fields, *why;
	} cases[] = {
		{ "checkin", "7|6|time together|", NULL },
		{ "checkin", "10|1|time together|a note", NULL },
		{ "checkin", "0|6|time|", "bad score (not 1 to 10)" },
		{ "checkin", "7|11|time|", "bad score (not 1 to 10)" },
		{ "checkin", "seven|6|time|", "bad score (not 1 to 10)" },
		{ "checkin", "|6|time|", "bad score (not 1 to 10)" },
		{ "checkin", "7|6||", "empty need" },
		{ "checkin", "7|6|time", "bad number of fields" },
		{ "edit", "0123456789abcdef0123456789abcdef01234567|7|6|x|",
		    NULL },
		{ "edit", "0123456789ABCDEF0123456789abcdef01234567|7|6|x|",
		    "bad record id" },
		{ "edit", "0123456789abcdef0123456789abcdef0123456|7|6|x|",
		    "bad record id" },
		{ "edit", "0123456789abcdef0123456789abcdef01234567|7|0|x|",
		    "bad score (not 1 to 10)" },
		{ "undo", "0123456789abcdef0123456789abcdef01234567", NULL },
		{ "undo", "0123456789abcdef0123456789abcdef0123456g",
		    "bad record id" },
		{ "done", "x", "unknown kind" },
	};
	char line[2048];
	struct record r;
	const char *why;
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = line_of(line, sizeof(line), "2026-03-02 09:00", "ana",
		    cases[i].kind, cases[i].fields);
		assert_int_equal(record_parse(&r, line, n, NULL, &why), 0);
		why = checkin_record_check(&r);
		if (cases[i].why == NULL)
			assert_null(why);
		else
			assert_string_equal(why, cases[i].why);
	}
}

/* A need of 300 bytes is one; of 301, none; a note may have 1000. */
static void
test_lengths(void **state)
{
	char fields[1800], line[2048];
	struct record r;
	const char *why;
	size_t n;

	snprintf(fields, sizeof(fields), "7|6|%0300d|", 0);
	n = line_of(line, sizeof(line), "2026-03-02 09:00", "ana", "checkin",
	    fields);
	assert_int_equal(record_parse(&r, line, n, NULL, &why), 0);
	assert_null(checkin_record_check(&r));
	snprintf(fields, sizeof(fields), "7|6|%0301d|", 0);
	n = line_of(line, sizeof(line), "2026-03-02 09:00", "ana", "checkin",
	    fields);
	assert_int_equal(record_parse(&r, line, n, NULL, &why), 0);
	assert_string_equal(checkin_record_check(&r), "need too long");
	/* An escaped tab is one byte of the need: 300 of them fit. */
	n = (size_t)snprintf(fields, sizeof(fields), "7|6|");
	while (n < 4 + 600)
		n += (size_t)snprintf(fields + n, sizeof(fields) - n, "\\t");
	snprintf(fields + n, sizeof(fields) - n, "|%01000d", 0);
	n = line_of(line, sizeof(line), "2026-03-02 09:00", "ana", "checkin",
	    fields);
	assert_int_equal(record_parse(&r, line, n, NULL, &why), 0);
	assert_null(checkin_record_check(&r));
}

/*
 * 23:59 on Sunday 29 March and 00:01 on Monday the 30th: two weeks when
 * weeks start on Monday, one (of which the later counts) when they start
 * on Sunday.
 */
static void
test_week_boundary(void **state)
{
	struct checkin_set set = CHECKIN_SET_INIT;
	const struct checkin *c;
	size_t n;

	feed(&set, "2026-03-29T23:59:00.000000+02:00", "ana", "checkin",
	    "6|6|sunday night|", NULL);
	feed(&set, "2026-03-30T00:01:00.000000+02:00", "ana", "checkin",
	    "8|7|monday morning|", NULL);
	settle(&set, MON);
	assert_int_equal(set.n, 2);
	assert_int_equal(get(&set, "ana", MAR(23))->me, 6);
	assert_int_equal(get(&set, "ana", MAR(23))->day, MAR(29));
	assert_int_equal(get(&set, "ana", MAR(30))->me, 8);
	assert_int_equal(get(&set, "ana", MAR(30))->day, MAR(30));
	settle(&set, SUN);
	assert_int_equal(set.n, 1);
	c = checkin_week(&set, MAR(29), &n);
	assert_int_equal(n, 1);
	assert_string_equal(c->need, "monday morning");
	assert_null(checkin_find(&set, "ana", MAR(22)));
	checkin_set_free(&set);
}

/*
 * Daylight-saving time.  In March, 01:59 +01:00 and 03:01 +02:00 on the
 * 29th are two minutes apart on one day, the last of the week of the
 * 23rd.  In October, 02:30 +02:00 and 02:30 +01:00 on the 25th show the
 * same wall time an hour apart; the later (+01:00) counts, in the week
 * of the 19th, and Monday the 26th at 00:30 is the next week.
 */
static void
test_dst(void **state)
{
	struct checkin_set set = CHECKIN_SET_INIT;

	feed(&set, "2026-03-29T03:01:00.000000+02:00", "ana", "checkin",
	    "5|5|after the change|", NULL);
	feed(&set, "2026-03-29T01:59:00.000000+01:00", "ana", "checkin",
	    "4|4|before the change|", NULL);
	feed(&set, "2026-10-25T02:30:00.000000+01:00", "ana", "checkin",
	    "9|9|second 02:30|", NULL);
	feed(&set, "2026-10-25T02:30:00.000000+02:00", "ana", "checkin",
	    "3|3|first 02:30|", NULL);
	feed(&set, "2026-10-26T00:30:00.000000+01:00", "ana", "checkin",
	    "7|7|monday|", NULL);
	settle(&set, MON);
	assert_int_equal(set.n, 3);
	assert_string_equal(get(&set, "ana", MAR(23))->need,
	    "after the change");
	assert_int_equal(get(&set, "ana", MAR(23))->day, MAR(29));
	assert_string_equal(get(&set, "ana", OCT(19))->need, "second 02:30");
	assert_int_equal(get(&set, "ana", OCT(19))->day, OCT(25));
	assert_string_equal(get(&set, "ana", OCT(26))->need, "monday");
	/* Sunday weeks: the 25th begins a week, the 26th is in it. */
	settle(&set, SUN);
	assert_int_equal(set.n, 2);
	assert_string_equal(get(&set, "ana", MAR(29))->need,
	    "after the change");
	assert_string_equal(get(&set, "ana", OCT(25))->need, "monday");
	checkin_set_free(&set);
}

/*
 * The reveal rule.  ana checks in on Wednesday 25 March; ben on the
 * 24th and on Tuesday the 31st.  ana sees ben's week of the 23rd, not
 * his week of the 30th; ben sees ana's; cleo, who never checked in,
 * sees nobody's.
 */
static void
test_reveal(void **state)
{
	struct checkin_set set = CHECKIN_SET_INIT;
	const struct checkin *b23, *b30, *a23;

	feed(&set, "2026-03-25 20:00", "ana", "checkin", "7|6|a walk|", NULL);
	feed(&set, "2026-03-24 21:00", "ben", "checkin", "5|8|sleep|", NULL);
	feed(&set, "2026-03-31 08:00", "ben", "checkin", "6|8|quiet|", NULL);
	settle(&set, MON);
	a23 = get(&set, "ana", MAR(23));
	b23 = get(&set, "ben", MAR(23));
	b30 = get(&set, "ben", MAR(30));
	assert_true(checkin_visible(&set, a23, "ana"));
	assert_true(checkin_visible(&set, b23, "ana"));
	assert_false(checkin_visible(&set, b30, "ana"));
	assert_true(checkin_visible(&set, a23, "ben"));
	assert_true(checkin_visible(&set, b30, "ben"));
	assert_false(checkin_visible(&set, a23, "cleo"));
	assert_false(checkin_visible(&set, b23, "cleo"));
	/* Sunday weeks: ana's Wednesday is in the week of the 22nd and
	 * ben's Tuesday the 24th too; his 31st is in the week of the 29th. */
	settle(&set, SUN);
	assert_true(checkin_visible(&set, get(&set, "ben", MAR(22)), "ana"));
	assert_false(checkin_visible(&set, get(&set, "ben", MAR(29)),
	    "ana"));
	checkin_set_free(&set);
}

/*
 * Edits and undos.  A check-in (me 5), an edit to 8, then to 9: 9
 * counts.  Undo the second edit: 8.  Undo the first: 5, as written.
 */
static void
test_edit_undo(void **state)
{
	struct checkin_set set = CHECKIN_SET_INIT;
	const struct checkin *c;
	char id[RECORD_ID_LEN + 1], e1[RECORD_ID_LEN + 1],
	    e2[RECORD_ID_LEN + 1];

	feed(&set, "2026-03-24 20:00", "ana", "checkin", "5|5|time|", id);
	feed(&set, "2026-03-24 20:05", "ana", "edit", of(id, "8|5|time|"),
	    e1);
	feed(&set, "2026-03-25 09:00", "ana", "edit",
	    of(id, "9|6|more time|note"), e2);
	settle(&set, MON);
	c = get(&set, "ana", MAR(23));
	assert_int_equal(c->me, 9);
	assert_int_equal(c->close, 6);
	assert_string_equal(c->need, "more time");
	assert_string_equal(c->note, "note");
	assert_true(c->edited);
	assert_string_equal(c->id, id);
	assert_string_equal(c->last, e2);
	/* The check-in keeps its own time and day. */
	assert_int_equal(c->day, MAR(24));
	feed(&set, "2026-03-25 10:00", "ana", "undo", of(e2, NULL), NULL);
	settle(&set, MON);
	c = get(&set, "ana", MAR(23));
	assert_int_equal(c->me, 8);
	assert_string_equal(c->last, e1);
	feed(&set, "2026-03-25 10:01", "ana", "undo", of(e1, NULL), NULL);
	settle(&set, MON);
	c = get(&set, "ana", MAR(23));
	assert_int_equal(c->me, 5);
	assert_false(c->edited);
	assert_string_equal(c->last, id);
	checkin_set_free(&set);
}

/*
 * Two check-ins in one week: the later counts; undone, the earlier
 * counts again; that undone too, none.  An edit of the earlier one
 * changes nothing while the later counts.
 */
static void
test_latest_counts(void **state)
{
	struct checkin_set set = CHECKIN_SET_INIT;
	char c1[RECORD_ID_LEN + 1], c2[RECORD_ID_LEN + 1];

	feed(&set, "2026-03-23 08:00", "ana", "checkin", "3|3|first|", c1);
	feed(&set, "2026-03-26 08:00", "ana", "checkin", "7|7|second|", c2);
	feed(&set, "2026-03-26 09:00", "ana", "edit", of(c1, "4|4|first|"),
	    NULL);
	settle(&set, MON);
	assert_int_equal(set.n, 1);
	assert_string_equal(get(&set, "ana", MAR(23))->need, "second");
	feed(&set, "2026-03-26 10:00", "ana", "undo", of(c2, NULL), NULL);
	settle(&set, MON);
	assert_string_equal(get(&set, "ana", MAR(23))->need, "first");
	assert_int_equal(get(&set, "ana", MAR(23))->me, 4);
	feed(&set, "2026-03-26 11:00", "ana", "undo", of(c1, NULL), NULL);
	settle(&set, MON);
	assert_int_equal(set.n, 0);
	assert_null(checkin_find(&set, "ana", MAR(23)));
	checkin_set_free(&set);
}

/* Only an author's own edits and undos count. */
static void
test_others(void **state)
{
	struct checkin_set set = CHECKIN_SET_INIT;
	char id[RECORD_ID_LEN + 1];

	feed(&set, "2026-03-24 20:00", "ana", "checkin", "5|5|time|", id);
	feed(&set, "2026-03-24 21:00", "ben", "edit", of(id, "1|1|x|"), NULL);
	feed(&set, "2026-03-24 22:00", "ben", "undo", of(id, NULL), NULL);
	/* An edit of a record that is no check-in: nothing. */
	feed(&set, "2026-03-24 23:00", "ana", "edit",
	    of("0123456789abcdef0123456789abcdef01234567", "2|2|y|"), NULL);
	settle(&set, MON);
	assert_int_equal(set.n, 1);
	assert_int_equal(get(&set, "ana", MAR(23))->me, 5);
	assert_false(get(&set, "ana", MAR(23))->edited);
	checkin_set_free(&set);
}

/* A summary of what counts, to compare settles. */
static void
summary(const struct checkin_set *set, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < set->n; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s %lld %d %d %s;",
		    set->v[i].by, (long long)set->v[i].week, set->v[i].me,
		    set->v[i].close, set->v[i].need);
}

/* Feed the seven lines in the order perm gives; what counts is want. */
static void
settle_order(char line[][512], const size_t *len, const int *perm,
    const char *want)
{
	struct checkin_set set = CHECKIN_SET_INIT;
	struct record r;
	struct herr e;
	const char *why;
	char got[1024];
	size_t k;

	for (k = 0; k < 7; k++) {
		assert_int_equal(record_parse(&r, line[perm[k]], len[perm[k]],
		    NULL, &why), 0);
		assert_int_equal(checkin_feed(&set, &r, &e), 0);
	}
	settle(&set, MON);
	summary(&set, got, sizeof(got));
	assert_string_equal(got, want);
	checkin_set_free(&set);
}

/* Every order of seven records gives the same check-ins. */
static void
test_any_order(void **state)
{
	static const char *const rec[7][4] = {
		{ "2026-03-23 08:00", "ana", "checkin", "3|3|first|" },
		{ "2026-03-26 08:00", "ana", "checkin", "7|7|second|" },
		{ "2026-03-26 09:00", "ana", "edit", NULL },
		{ "2026-03-26 10:00", "ana", "undo", NULL },
		{ "2026-03-24 08:00", "ben", "checkin", "6|5|rest|" },
		{ "2026-03-31 08:00", "ben", "checkin", "8|8|more|" },
		{ "2026-03-29 23:59", "ben", "checkin", "2|2|late|" },
	};
	char line[7][512], ids[7][RECORD_ID_LEN + 1], fields[256];
	char want[1024];
	size_t len[7], i, c[7] = { 0 }, k, orders = 0;
	int perm[7] = { 0, 1, 2, 3, 4, 5, 6 }, t;

	for (i = 0; i < 7; i++) {
		if (i == 2)	/* the edit changes the second check-in */
			snprintf(fields, sizeof(fields), "%s|9|9|changed|",
			    ids[1]);
		else if (i == 3)	/* the undo takes back the edit */
			snprintf(fields, sizeof(fields), "%s", ids[2]);
		else
			snprintf(fields, sizeof(fields), "%s", rec[i][3]);
		len[i] = line_of(line[i], sizeof(line[i]), rec[i][0],
		    rec[i][1], rec[i][2], fields);
		record_id(line[i], len[i], ids[i]);
	}
	/* By hand: ana's second check-in, unedited; ben's "late" (Sunday
	 * the 29th, after the 24th) and his week of the 30th. */
	snprintf(want, sizeof(want), "ana %lld 7 7 second;ben %lld 2 2 late;"
	    "ben %lld 8 8 more;", (long long)MAR(23), (long long)MAR(23),
	    (long long)MAR(30));
	/* Heap's algorithm: every order, each once. */
	settle_order(line, len, perm, want);
	orders++;
	for (i = 1; i < 7; ) {
		if (c[i] < i) {
			k = i % 2 == 0 ? 0 : c[i];
			t = perm[k];
			perm[k] = perm[i];
			perm[i] = t;
			settle_order(line, len, perm, want);
			orders++;
			c[i]++;
			i = 1;
		} else
			c[i++] = 0;
	}
	assert_int_equal(orders, 5040);	/* 7! */
}

/*
 * A trend of four weeks, 9 to 30 March.
 *	ana: 10th me 6 close 5; 17th 7 7; nothing the week of the 23rd;
 *	     31st 8 9.
 *	ben: 11th 5 6; nothing the week of the 16th; 25th 4 3; 30th 7 8.
 * ana sees ben's week of the 23rd hidden, ben sees ana's of the 16th
 * hidden; their own weeks are all theirs.
 */
static void
test_trend(void **state)
{
	struct checkin_set set = CHECKIN_SET_INIT;
	struct checkin_trend t;
	struct herr e;
	static const int ana_me[4] = { 6, 7, 0, 8 };
	static const int ana_close[4] = { 5, 7, 0, 9 };
	static const int ben_me[4] = { 5, 0, H, 7 };
	static const int ben_close[4] = { 6, 0, H, 8 };
	static const int ana_me_b[4] = { 6, H, 0, 8 };
	static const int ben_me_b[4] = { 5, 0, 4, 7 };

	feed(&set, "2026-03-10 20:00", "ana", "checkin", "6|5|a|", NULL);
	feed(&set, "2026-03-17 20:00", "ana", "checkin", "7|7|b|", NULL);
	feed(&set, "2026-03-31 20:00", "ana", "checkin", "8|9|c|", NULL);
	feed(&set, "2026-03-11 20:00", "ben", "checkin", "5|6|d|", NULL);
	feed(&set, "2026-03-25 20:00", "ben", "checkin", "4|3|e|", NULL);
	feed(&set, "2026-03-30 20:00", "ben", "checkin", "7|8|f|", NULL);
	settle(&set, MON);
	assert_int_equal(checkin_trend(&set, "ana", MAR(30), 4, &t, &e), 0);
	assert_int_equal(t.first, MAR(9));
	assert_int_equal(t.na, 2);
	assert_string_equal(t.authors[0], "ana");
	assert_string_equal(t.authors[1], "ben");
	assert_memory_equal(t.me, ana_me, sizeof(ana_me));
	assert_memory_equal(t.close, ana_close, sizeof(ana_close));
	assert_memory_equal(t.me + 4, ben_me, sizeof(ben_me));
	assert_memory_equal(t.close + 4, ben_close, sizeof(ben_close));
	/* (6 + 7 + 8) / 3 = 7.0; ben as ana sees him: (5 + 7) / 2 = 6.0. */
	assert_int_equal(checkin_mean10(t.me, 4), 70);
	assert_int_equal(checkin_mean10(t.me + 4, 4), 60);
	checkin_trend_free(&t);
	assert_int_equal(checkin_trend(&set, "ben", MAR(30), 4, &t, &e), 0);
	assert_memory_equal(t.me, ana_me_b, sizeof(ana_me_b));
	assert_memory_equal(t.me + 4, ben_me_b, sizeof(ben_me_b));
	checkin_trend_free(&t);
	/* Two weeks: the 23rd and the 30th. */
	assert_int_equal(checkin_trend(&set, "ana", MAR(30), 2, &t, &e), 0);
	assert_int_equal(t.first, MAR(23));
	assert_int_equal(t.me[0], 0);
	assert_int_equal(t.me[1], 8);
	assert_int_equal(t.me[2], H);
	assert_int_equal(t.me[3], 7);
	checkin_trend_free(&t);
	/* cleo, who has no check-in, is in the trend, and sees nothing. */
	assert_int_equal(checkin_trend(&set, "cleo", MAR(30), 1, &t, &e), 0);
	assert_int_equal(t.na, 3);
	assert_string_equal(t.authors[2], "cleo");
	assert_int_equal(t.me[0], H);
	assert_int_equal(t.me[1], H);
	assert_int_equal(t.me[2], 0);
	checkin_trend_free(&t);
	assert_int_equal(checkin_trend(&set, "ana", MAR(30), 0, &t, &e), -1);
	checkin_set_free(&set);
}

/* Two check-ins at the same moment by one author: the larger id counts. */
static void
test_tie(void **state)
{
	struct checkin_set set = CHECKIN_SET_INIT;
	char a[RECORD_ID_LEN + 1], b[RECORD_ID_LEN + 1];

	feed(&set, "2026-03-24 20:00", "ana", "checkin", "1|1|one|", a);
	feed(&set, "2026-03-24 20:00", "ana", "checkin", "2|2|two|", b);
	settle(&set, MON);
	assert_int_equal(set.n, 1);
	assert_string_equal(set.v[0].id, strcmp(a, b) > 0 ? a : b);
	checkin_set_free(&set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_week_of),
		cmocka_unit_test(test_week_start),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_level),
		cmocka_unit_test(test_mean10),
		cmocka_unit_test(test_record_check),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_week_boundary),
		cmocka_unit_test(test_dst),
		cmocka_unit_test(test_reveal),
		cmocka_unit_test(test_edit_undo),
		cmocka_unit_test(test_latest_counts),
		cmocka_unit_test(test_others),
		cmocka_unit_test(test_any_order),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_tie),
	};

	return cmocka_run_group_tests_name("checkin", tests, NULL, NULL);
}
