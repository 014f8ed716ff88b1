/*
 * Unit tests for ritual: the couple's rituals as records make them.
 *
 * Every expected value was worked out by hand on a calendar, and each
 * case says how.  March 2026 is the month most of them live in:
 *
 *	     March 2026
 *	Mo Tu We Th Fr Sa Su
 *	                   1
 *	 2  3  4  5  6  7  8
 *	 9 10 11 12 13 14 15
 *	16 17 18 19 20 21 22
 *	23 24 25 26 27 28 29
 *	30 31
 *
 * Weeks start on Monday (wstart 1) unless a case says otherwise.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "date.h"
#include "herr.h"
#include "record.h"
#include "ritual.h"

#define D(y, m, d)	date_days_from_civil(y, m, d)
#define MAR(d)		D(2026, 3, d)
#define MON		1
#define SUN		0

/*
 * One record line: WHEN is "YYYY-MM-DD HH:MM" (local time, +01:00),
 * FIELDS the kind's fields separated by '|'.
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

/* Feed one record to set; its id into id when id is not NULL. */
static int
feed_e(struct ritual_set *set, const char *when, const char *by,
    const char *kind, const char *fields, char *id, struct herr *e)
{
	char line[1024];
	struct record r;
	const char *why = NULL;
	size_t n;

	n = line_of(line, sizeof(line), when, by, kind, fields);
	assert_int_equal(record_parse(&r, line, n, NULL, &why), 0);
	if (id != NULL)
		record_id(line, n, id);
	return ritual_feed(set, &r, e);
}

static void
feed(struct ritual_set *set, const char *when, const char *by,
    const char *kind, const char *fields)
{
	struct herr e;

	assert_int_equal(feed_e(set, when, by, kind, fields, NULL, &e), 0);
}

/* The fields of an undo of the record whose id is id. */
static const char *
undo_of(const char *name, const char *id)
{
	static char f[128];

	snprintf(f, sizeof(f), "%s|%s", name, id);
	return f;
}

/* A record to feed. */
struct rec {
	const char	*when, *by, *kind, *fields;
};

struct want {
	int	due, overdue;
	int64_t	occ, next;
	int	streak, best;
};

static void
status_is(const struct ritual *rt, int64_t today, int wstart,
    struct want w)
{
	struct ritual_status st;

	ritual_assess(rt, today, wstart, &st);
	assert_int_equal(st.due, w.due);
	assert_int_equal(st.overdue, w.overdue);
	assert_int_equal(st.occ, w.occ);
	assert_int_equal(st.next, w.next);
	assert_int_equal(st.streak, w.streak);
	assert_int_equal(st.best, w.best);
}

static void
last_is(const struct ritual *rt, int64_t today, int64_t day, const char *by)
{
	struct ritual_status st;

	ritual_assess(rt, today, MON, &st);
	assert_int_equal(st.has_last, 1);
	assert_int_equal(st.last, day);
	assert_string_equal(st.lastby, by);
}

/* Settle set as seen on day today. */
static void
settle_on(struct ritual_set *set, int64_t today)
{
	struct herr e;

	assert_int_equal(ritual_settle(set, today, &e), 0);
}

/* Settle set with no day in the future: every day is seen. */
static void
settle(struct ritual_set *set)
{
	settle_on(set, INT64_MAX);
}

/* The only ritual of a settled set. */
static struct ritual *
only(struct ritual_set *set)
{
	settle(set);
	assert_int_equal(set->nr, 1);
	return &set->r[0];
}

/*
 * day: done on 2, 3 and 4 March, nothing on the 5th.
 */
static void
test_day(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Walk|day|");
	feed(&set, "2026-03-02 20:00", "ana", "done", "Walk|2026-03-02|");
	feed(&set, "2026-03-03 20:00", "ana", "done", "Walk|2026-03-03|");
	feed(&set, "2026-03-04 20:00", "ana", "done", "Walk|2026-03-04|");
	rt = only(&set);
	assert_string_equal(rt->stext, "day");
	assert_int_equal(rt->d0, MAR(2));
	/* On the 4th, after the done: 3 days kept, next is tomorrow. */
	status_is(rt, MAR(4), MON, (struct want){ 0, 0, MAR(4), MAR(5), 3,
	    3 });
	/* On the 5th the day is open: it breaks nothing; due, never late. */
	status_is(rt, MAR(5), MON, (struct want){ 1, 0, MAR(5), MAR(5), 3,
	    3 });
	/* On the 6th the 5th has passed unkept: the streak is 0, best 3. */
	status_is(rt, MAR(6), MON, (struct want){ 1, 0, MAR(6), MAR(6), 0,
	    3 });
	last_is(rt, MAR(6), MAR(4), "ana");
	/*
	 * The calendar: done on 2 to 4 March, the 5th missed, today due (as
	 * list says), tomorrow nothing yet.
	 */
	assert_int_equal(ritual_day(rt, MAR(1), MAR(6), MON), RITUAL_NOT_DUE);
	assert_int_equal(ritual_day(rt, MAR(4), MAR(6), MON), RITUAL_DONE);
	assert_int_equal(ritual_day(rt, MAR(5), MAR(6), MON), RITUAL_MISSED);
	assert_int_equal(ritual_day(rt, MAR(6), MAR(6), MON), RITUAL_DUE);
	assert_int_equal(ritual_day(rt, MAR(7), MAR(6), MON), RITUAL_NOT_DUE);
	/* Done today: today shows the done, not the due. */
	assert_int_equal(ritual_day(rt, MAR(4), MAR(4), MON), RITUAL_DONE);
	ritual_set_free(&set);
}

/*
 * Skips (ritual.1, STREAKS): an excused period neither breaks a streak
 * nor lengthens it.  day: done 2, skipped 3, done 4 and 5, missed 6.
 */
static void
test_skip(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Walk|day|");
	feed(&set, "2026-03-02 20:00", "ana", "done", "Walk|2026-03-02|");
	feed(&set, "2026-03-03 20:00", "ben", "skip", "Walk|2026-03-03|rain");
	feed(&set, "2026-03-04 20:00", "ana", "done", "Walk|2026-03-04|");
	feed(&set, "2026-03-05 20:00", "ana", "done", "Walk|2026-03-05|");
	rt = only(&set);
	/* 2 kept, 3 excused, 4 and 5 kept: a run of 3, not 4, not 2. */
	status_is(rt, MAR(5), MON, (struct want){ 0, 0, MAR(5), MAR(6), 3,
	    3 });
	/* On the 7th: the 6th was missed. */
	status_is(rt, MAR(7), MON, (struct want){ 1, 0, MAR(7), MAR(7), 0,
	    3 });
	/* A skip is no done: the last done stays the 5th. */
	last_is(rt, MAR(7), MAR(5), "ana");
	assert_int_equal(ritual_day(rt, MAR(3), MAR(7), MON), RITUAL_SKIPPED);
	ritual_set_free(&set);
}

/*
 * week, added on Wednesday 4 March: the first week is the one it was
 * added in (2 to 8 March).  Done on Sunday 8 and Monday 9, nothing in
 * the week of 16 March.
 */
static void
test_week(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	ritual_set_init(&set);
	feed(&set, "2026-03-04 09:00", "ana", "define", "Weekly|week|");
	feed(&set, "2026-03-08 20:00", "ana", "done", "Weekly|2026-03-08|");
	feed(&set, "2026-03-09 20:00", "ben", "done", "Weekly|2026-03-09|");
	rt = only(&set);
	/*
	 * Monday weeks: 2-8 kept (Sunday 8th), 9-15 kept (Monday 9th).  On
	 * Wednesday 18 the week of the 16th is open: due, never overdue
	 * (any day counts), and the next period begins Monday 23.
	 */
	status_is(rt, MAR(18), MON, (struct want){ 1, 0, MAR(16), MAR(23),
	    2, 2 });
	/* Tuesday 24: the week of the 16th ended unkept. */
	status_is(rt, MAR(24), MON, (struct want){ 1, 0, MAR(23), MAR(30),
	    0, 2 });
	/*
	 * Sunday weeks: 1-7 (holds the 4th) missed, 8-14 holds both dones
	 * and counts once, 15-21 open on Wednesday 18: a streak of 1.
	 */
	status_is(rt, MAR(18), SUN, (struct want){ 1, 0, MAR(15), MAR(22),
	    1, 1 });
	ritual_set_free(&set);
}

/*
 * mon,wed,fri added Monday 2 March, with a grace of one day: periods
 * Mon 2-Wed 4, Wed 4-Fri 6, Fri 6-Mon 9, Mon 9-Wed 11, their windows
 * each occurrence day and the day after.  Done Tuesday 3 (keeps
 * Monday's), skipped Thursday 5 (excuses Wednesday's), nothing from
 * Friday 6 to Sunday 8.
 */
static void
test_weekdays(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define",
	    "Talk|mon,wed,fri|");
	feed(&set, "2026-03-02 09:00", "ana", "edit", "Talk|grace|1d");
	feed(&set, "2026-03-03 20:00", "ana", "done", "Talk|2026-03-03|");
	feed(&set, "2026-03-05 20:00", "ben", "skip", "Talk|2026-03-05|");
	rt = only(&set);
	assert_string_equal(rt->stext, "mon,wed,fri");
	assert_int_equal(rt->grace, 1);
	/* Saturday 7: Friday's window (6-7) open, and late since Friday. */
	status_is(rt, MAR(7), MON, (struct want){ 1, 1, MAR(6), MAR(9), 1,
	    1 });
	/* Monday 9: Friday's period missed; due today, not yet late. */
	status_is(rt, MAR(9), MON, (struct want){ 1, 0, MAR(9), MAR(9), 0,
	    1 });
	/* Tuesday 10: late since Monday; the next occurrence is Wed 11. */
	status_is(rt, MAR(10), MON, (struct want){ 1, 1, MAR(9), MAR(11), 0,
	    1 });
	/* Missed on Friday 6 (its occurrence day) only, not on 7 or 8. */
	assert_int_equal(ritual_day(rt, MAR(6), MAR(10), MON), RITUAL_MISSED);
	assert_int_equal(ritual_day(rt, MAR(7), MAR(10), MON), RITUAL_NOT_DUE);
	assert_int_equal(ritual_day(rt, MAR(4), MAR(10), MON), RITUAL_NOT_DUE);
	ritual_set_free(&set);

	/*
	 * Added on Saturday 7: the first period begins Monday 9, and a done
	 * on Sunday 8 counts for it (done early).  On Monday 9 it is kept,
	 * so the next occurrence is Wednesday 11.
	 */
	ritual_set_init(&set);
	feed(&set, "2026-03-07 09:00", "ana", "define",
	    "Talk|mon,wed,fri|");
	feed(&set, "2026-03-08 20:00", "ana", "done", "Talk|2026-03-08|");
	rt = only(&set);
	status_is(rt, MAR(9), MON, (struct want){ 0, 0, MAR(9), MAR(11), 1,
	    1 });
	ritual_set_free(&set);
}

/*
 * 3d added Monday 2 March, with a grace of grace days: periods 2-4, 5-7,
 * 8-10, 11-13.  Done by both of them in the first (ben on the 4th, ana
 * on the 3rd), and on the 5th; nothing on 8 or 9.
 */
static struct ritual *
three_days(struct ritual_set *set, const char *grace)
{
	ritual_set_init(set);
	feed(set, "2026-03-02 09:00", "ana", "define", "Three|3d|");
	if (grace != NULL)
		feed(set, "2026-03-02 09:01", "ana", "edit", grace);
	feed(set, "2026-03-04 20:00", "ben", "done", "Three|2026-03-04|");
	feed(set, "2026-03-03 20:00", "ana", "done", "Three|2026-03-03|");
	feed(set, "2026-03-05 20:00", "ana", "done", "Three|2026-03-05|");
	return only(set);
}

static void
test_every_n_days(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	/*
	 * A grace of 2 days: every day of a period is in its window, and
	 * the two dones of the first count once.  Monday 9: 2-4 and 5-7
	 * kept; 8-10 open, late since 8.
	 */
	rt = three_days(&set, "Three|grace|2d");
	assert_int_equal(rt->grace, 2);
	status_is(rt, MAR(9), MON, (struct want){ 1, 1, MAR(8), MAR(11), 2,
	    2 });
	/* Wednesday 11: 8-10 missed; 11-13 due today. */
	status_is(rt, MAR(11), MON, (struct want){ 1, 0, MAR(11), MAR(11), 0,
	    2 });
	/* The latest day done was the 5th. */
	last_is(rt, MAR(11), MAR(5), "ana");
	ritual_set_free(&set);

	/*
	 * Without a grace each window is the occurrence day: the dones of
	 * the 3rd and 4th were late and keep nothing, so the 2nd was
	 * missed; the 5th kept 5-7.  Sunday 8: due today, a streak of 1.
	 * Monday 9: the 8th missed, not due; the next is Wednesday 11.
	 */
	rt = three_days(&set, NULL);
	assert_int_equal(rt->grace, 0);
	status_is(rt, MAR(8), MON, (struct want){ 1, 0, MAR(8), MAR(8), 1,
	    1 });
	status_is(rt, MAR(9), MON, (struct want){ 0, 0, MAR(8), MAR(11), 0,
	    1 });
	assert_int_equal(ritual_day(rt, MAR(2), MAR(9), MON), RITUAL_MISSED);
	assert_int_equal(ritual_day(rt, MAR(3), MAR(9), MON), RITUAL_DONE);
	assert_int_equal(ritual_day(rt, MAR(8), MAR(9), MON), RITUAL_MISSED);
	ritual_set_free(&set);

	/*
	 * 2w added Wednesday 4 March, with a grace of 6 days: periods 4-18
	 * March, 18 March-1 April, windows 4-10 and 18-24.  Done on Tuesday
	 * 10; on Friday 20 the second is late since the 18th.
	 */
	ritual_set_init(&set);
	feed(&set, "2026-03-04 09:00", "ana", "define", "Fortnight|2w|");
	feed(&set, "2026-03-04 09:01", "ana", "edit", "Fortnight|grace|6d");
	feed(&set, "2026-03-10 20:00", "ana", "done", "Fortnight|2026-03-10|");
	rt = only(&set);
	assert_string_equal(rt->stext, "2w");
	status_is(rt, MAR(20), MON, (struct want){ 1, 1, MAR(18), D(2026, 4,
	    1), 1, 1 });
	ritual_set_free(&set);
}

/*
 * month:31 added Monday 5 January 2026: occurrences on 31 January, 28
 * February (a common year) and 31 March.  A done on 10 January, before
 * the first occurrence, counts for the first period (31 Jan-28 Feb).
 */
static void
test_monthday(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	ritual_set_init(&set);
	feed(&set, "2026-01-05 09:00", "ana", "define", "End|month:31|");
	feed(&set, "2026-01-10 20:00", "ana", "done", "End|2026-01-10|");
	rt = only(&set);
	/* 20 January: the first period has not begun; next is the 31st. */
	status_is(rt, D(2026, 1, 20), MON, (struct want){ 0, 0, D(2026, 1,
	    31), D(2026, 1, 31), 1, 1 });
	/* 28 February: its period begins today, unkept: due, not late. */
	status_is(rt, D(2026, 2, 28), MON, (struct want){ 1, 0, D(2026, 2,
	    28), D(2026, 2, 28), 1, 1 });
	/*
	 * 1 March: 28 February passed unkept, with no grace: missed, not
	 * due, the streak broken; next occurrence 31 March.
	 */
	status_is(rt, MAR(1), MON, (struct want){ 0, 0, D(2026, 2, 28),
	    MAR(31), 0, 1 });
	assert_int_equal(ritual_day(rt, D(2026, 2, 28), MAR(1), MON),
	    RITUAL_MISSED);
	ritual_set_free(&set);

	/* With a grace of 3 days, 1 March is late since 28 February. */
	ritual_set_init(&set);
	feed(&set, "2026-01-05 09:00", "ana", "define", "End|month:31|");
	feed(&set, "2026-01-05 09:01", "ana", "edit", "End|grace|3d");
	feed(&set, "2026-01-10 20:00", "ana", "done", "End|2026-01-10|");
	rt = only(&set);
	status_is(rt, MAR(1), MON, (struct want){ 1, 1, D(2026, 2, 28),
	    MAR(31), 1, 1 });
	assert_int_equal(ritual_day(rt, D(2026, 2, 28), MAR(1), MON),
	    RITUAL_NOT_DUE);
	ritual_set_free(&set);

	/* In 2024, a leap year, February's occurrence is the 29th. */
	ritual_set_init(&set);
	feed(&set, "2024-01-31 09:00", "ana", "define", "End|month:31|");
	feed(&set, "2024-01-31 20:00", "ana", "done", "End|2024-01-31|");
	rt = only(&set);
	status_is(rt, D(2024, 2, 28), MON, (struct want){ 0, 0, D(2024, 1,
	    31), D(2024, 2, 29), 1, 1 });
	status_is(rt, D(2024, 3, 1), MON, (struct want){ 0, 0, D(2024, 2,
	    29), D(2024, 3, 31), 0, 1 });
	ritual_set_free(&set);
}

/*
 * Grace (ritual.h): sat,sun added Monday 2 March, periods Sat 7-Sun 8,
 * Sun 8-Sat 14, Sat 14-Sun 15.  Kept on Saturday 7, nothing on Sunday 8,
 * a done on Wednesday 11.
 *
 *	grace 0: Sunday's window is Sunday.  Sunday 8: due.  Monday 9:
 *	missed, so not due; the streak (1 after Saturday) broken; next
 *	Saturday 14.  Wednesday's done is past the window: it keeps
 *	nothing.
 *	grace 2d: Sunday's window is Sunday to Tuesday.  Monday 9 and
 *	Tuesday 10: due, late since Sunday, the streak still 1.
 *	Wednesday 11: missed.  Saturday's window stays Saturday: the next
 *	occurrence is the day after.
 */
static struct ritual *
weekend(struct ritual_set *set, const char *grace)
{
	ritual_set_init(set);
	feed(set, "2026-03-02 09:00", "ana", "define", "Tea|sat,sun|");
	if (grace != NULL)
		feed(set, "2026-03-02 09:01", "ben", "edit", grace);
	feed(set, "2026-03-07 20:00", "ana", "done", "Tea|2026-03-07|");
	feed(set, "2026-03-11 20:00", "ben", "done", "Tea|2026-03-11|");
	return only(set);
}

static void
test_grace(void **state)
{
	struct ritual_set set;
	struct ritual *rt;
	int64_t occ;

	rt = weekend(&set, NULL);
	status_is(rt, MAR(8), MON, (struct want){ 1, 0, MAR(8), MAR(8), 1,
	    1 });
	status_is(rt, MAR(9), MON, (struct want){ 0, 0, MAR(8), MAR(14), 0,
	    1 });
	status_is(rt, MAR(12), MON, (struct want){ 0, 0, MAR(8), MAR(14), 0,
	    1 });
	assert_int_equal(ritual_day(rt, MAR(8), MAR(8), MON), RITUAL_DUE);
	assert_int_equal(ritual_day(rt, MAR(8), MAR(9), MON), RITUAL_MISSED);
	assert_int_equal(ritual_day(rt, MAR(9), MAR(9), MON), RITUAL_NOT_DUE);
	assert_int_equal(ritual_day(rt, MAR(11), MAR(12), MON), RITUAL_DONE);
	/*
	 * What a done on a day would count for: Saturday 7 and Sunday 8,
	 * their own occurrences; Wednesday 11, nothing (Sunday's period);
	 * Tuesday 3, the first period, done early.
	 */
	assert_int_equal(ritual_counts_on(rt, MAR(7), MON, &occ), 1);
	assert_int_equal(occ, MAR(7));
	assert_int_equal(ritual_counts_on(rt, MAR(8), MON, &occ), 1);
	assert_int_equal(ritual_counts_on(rt, MAR(11), MON, &occ), 0);
	assert_int_equal(occ, MAR(8));
	assert_int_equal(ritual_counts_on(rt, MAR(3), MON, &occ), 1);
	assert_int_equal(occ, MAR(7));
	/* Saturday 14: due again, the streak still broken. */
	status_is(rt, MAR(14), MON, (struct want){ 1, 0, MAR(14), MAR(14), 0,
	    1 });
	ritual_set_free(&set);

	rt = weekend(&set, "tea|grace|2d");
	assert_int_equal(rt->grace, 2);
	status_is(rt, MAR(9), MON, (struct want){ 1, 1, MAR(8), MAR(14), 1,
	    1 });
	status_is(rt, MAR(10), MON, (struct want){ 1, 1, MAR(8), MAR(14), 1,
	    1 });
	assert_int_equal(ritual_day(rt, MAR(8), MAR(10), MON),
	    RITUAL_NOT_DUE);
	status_is(rt, MAR(11), MON, (struct want){ 0, 0, MAR(8), MAR(14), 0,
	    1 });
	assert_int_equal(ritual_day(rt, MAR(8), MAR(11), MON), RITUAL_MISSED);
	/* Sunday 15, Saturday 14 unkept: its window was Saturday only. */
	status_is(rt, MAR(15), MON, (struct want){ 1, 0, MAR(15), MAR(15), 0,
	    1 });
	assert_int_equal(ritual_day(rt, MAR(14), MAR(15), MON),
	    RITUAL_MISSED);
	ritual_set_free(&set);

	/* The grace of a week is never read: any day of it counts. */
	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Weekly|week|");
	feed(&set, "2026-03-02 09:01", "ana", "edit", "Weekly|grace|1d");
	rt = only(&set);
	status_is(rt, MAR(8), MON, (struct want){ 1, 0, MAR(2), MAR(9), 0,
	    0 });
	assert_int_equal(ritual_counts_on(rt, MAR(8), MON, &occ), 1);
	ritual_set_free(&set);
}

/*
 * A grace text is 0d to 3650d; an edit with another is refused as a bad
 * schedule is, and one of a field this version does not know is left
 * alone.
 */
static void
test_grace_parse(void **state)
{
	struct ritual_set set;
	struct herr e;
	int days = -1;

	assert_int_equal(ritual_grace_parse("0d", &days), 0);
	assert_int_equal(days, 0);
	assert_int_equal(ritual_grace_parse("3650d", &days), 0);
	assert_int_equal(days, 3650);
	assert_int_equal(ritual_grace_parse("3651d", &days), -1);
	assert_int_equal(ritual_grace_parse("2", &days), -1);
	assert_int_equal(ritual_grace_parse("d", &days), -1);
	assert_int_equal(ritual_grace_parse("-1d", &days), -1);
	assert_int_equal(ritual_grace_parse("1w", &days), -1);
	assert_int_equal(ritual_grace_parse("00002d", &days), -1);
	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Tea|sun|");
	assert_int_equal(feed_e(&set, "2026-03-02 09:01", "ben", "edit",
	    "Tea|grace|soon", NULL, &e), -1);
	assert_int_equal(e.code, HX_DATAERR);
	assert_string_equal(e.msg, "ritual 'Tea' has a bad grace 'soon'; "
	    "ignored");
	assert_int_equal(feed_e(&set, "2026-03-02 09:02", "ben", "edit",
	    "Tea|schedule|fortnight", NULL, &e), -1);
	assert_string_equal(e.msg, "ritual 'Tea' has a bad schedule "
	    "'fortnight'; ignored");
	feed(&set, "2026-03-02 09:03", "ben", "edit", "Tea|colour|blue");
	assert_int_equal(only(&set)->grace, 0);
	assert_string_equal(set.r[0].stext, "sun");
	assert_true(ritual_tied(&set.r[0].s));
	ritual_set_free(&set);
}

/*
 * month added 1 March: calendar months, any day counts, never late.
 * March done on the 10th, April skipped, May done on its last day.
 */
static void
test_month(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	ritual_set_init(&set);
	feed(&set, "2026-03-01 09:00", "ana", "define", "Monthly|month|");
	feed(&set, "2026-03-10 20:00", "ana", "done", "Monthly|2026-03-10|");
	feed(&set, "2026-04-02 20:00", "ben", "skip", "Monthly|2026-04-02|");
	feed(&set, "2026-05-31 20:00", "ben", "done", "Monthly|2026-05-31|");
	rt = only(&set);
	/* 15 June: March and May kept around an excused April; June open. */
	status_is(rt, D(2026, 6, 15), MON, (struct want){ 1, 0, D(2026, 6,
	    1), D(2026, 7, 1), 2, 2 });
	/* 15 July: June ended unkept. */
	status_is(rt, D(2026, 7, 15), MON, (struct want){ 1, 0, D(2026, 7,
	    1), D(2026, 8, 1), 0, 2 });
	ritual_set_free(&set);
}

/*
 * after:7d added Monday 2 March.  A chain holds while each done or skip
 * comes at most 14 days after the one before; a done adds one when it
 * comes 7 days or more after the last done that added.
 *
 *	2 Mar	done	chain 1 (step 2 Mar)
 *	9 Mar	done	7 days after the step: 2 (step 9 Mar)
 *	10 Mar	done	1 day after the step: still 2
 *	20 Mar	done	10 days after the 10th (the chain holds), 11
 *			after the step: 3
 *	10 Apr	done	21 days after the 20th: a new chain of 1
 */
static void
test_after(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Letters|after:7d|");
	/*
	 * Never done: due from the day it was added, and late only once its
	 * 7 days have passed: on time up to the 9th, late from the 10th,
	 * since the 9th.
	 */
	rt = only(&set);
	status_is(rt, MAR(2), MON, (struct want){ 1, 0, MAR(9), MAR(2), 0,
	    0 });
	status_is(rt, MAR(3), MON, (struct want){ 1, 0, MAR(9), MAR(3), 0,
	    0 });
	status_is(rt, MAR(9), MON, (struct want){ 1, 0, MAR(9), MAR(9), 0,
	    0 });
	status_is(rt, MAR(10), MON, (struct want){ 1, 1, MAR(9), MAR(10), 0,
	    0 });
	ritual_set_free(&set);

	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Letters|after:7d|");
	feed(&set, "2026-03-02 20:00", "ana", "done", "Letters|2026-03-02|");
	feed(&set, "2026-03-09 20:00", "ben", "done", "Letters|2026-03-09|");
	feed(&set, "2026-03-10 20:00", "ana", "done", "Letters|2026-03-10|");
	feed(&set, "2026-03-20 20:00", "ana", "done", "Letters|2026-03-20|");
	rt = only(&set);
	/* 25 March: 5 days after the 20th, next 27 March; a chain of 3. */
	status_is(rt, MAR(25), MON, (struct want){ 0, 0, MAR(27), MAR(27), 3,
	    3 });
	/* 5 April: 16 days after the 20th, more than 14: the chain broke. */
	status_is(rt, D(2026, 4, 5), MON, (struct want){ 1, 1, MAR(27),
	    D(2026, 4, 5), 0, 3 });
	/* An after ritual is never shown missed. */
	assert_int_equal(ritual_day(rt, MAR(27), D(2026, 4, 5), MON),
	    RITUAL_NOT_DUE);
	assert_int_equal(ritual_day(rt, MAR(9), D(2026, 4, 5), MON),
	    RITUAL_DONE);
	ritual_set_free(&set);

	/*
	 * A skip keeps the chain and moves the next date without adding:
	 * done 2 March, skipped 12 March (10 days on), done 19 March (7
	 * days after the skip, 17 after the step): 2.  Due 26 March.
	 */
	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Letters|after:7d|");
	feed(&set, "2026-03-02 20:00", "ana", "done", "Letters|2026-03-02|");
	feed(&set, "2026-03-12 20:00", "ben", "skip", "Letters|2026-03-12|");
	feed(&set, "2026-03-19 20:00", "ana", "done", "Letters|2026-03-19|");
	rt = only(&set);
	status_is(rt, MAR(20), MON, (struct want){ 0, 0, MAR(26), MAR(26), 2,
	    2 });
	ritual_set_free(&set);
}

/*
 * undo takes back the done whose id it names, whichever came first.
 * day: done 2, 3 and 4 March; the 3rd's taken back.  On the 5th: 2
 * kept, 3 missed, 4 kept: streak 1, best 1.
 */
static void
test_undo(void **state)
{
	struct ritual_set set;
	struct ritual *rt;
	const struct ritual_event *ev;
	struct herr e;
	char id[RECORD_ID_LEN + 1];
	int undo_first;

	for (undo_first = 0; undo_first < 2; undo_first++) {
		ritual_set_init(&set);
		feed(&set, "2026-03-02 09:00", "ana", "define", "Walk|day|");
		feed(&set, "2026-03-02 20:00", "ana", "done",
		    "Walk|2026-03-02|");
		/* Take the id first, to feed the undo before the done. */
		assert_int_equal(feed_e(&set, "2026-03-03 20:00", "ana",
		    "done", "Walk|2026-03-03|", id, &e), 0);
		ritual_set_free(&set);
		ritual_set_init(&set);
		if (undo_first)
			feed(&set, "2026-03-05 08:00", "ana", "undo",
			    undo_of("Walk", id));
		feed(&set, "2026-03-02 09:00", "ana", "define", "Walk|day|");
		feed(&set, "2026-03-02 20:00", "ana", "done",
		    "Walk|2026-03-02|");
		feed(&set, "2026-03-03 20:00", "ana", "done",
		    "Walk|2026-03-03|");
		feed(&set, "2026-03-04 20:00", "ben", "done",
		    "Walk|2026-03-04|");
		if (!undo_first)
			feed(&set, "2026-03-05 08:00", "ana", "undo",
			    undo_of("Walk", id));
		rt = only(&set);
		status_is(rt, MAR(5), MON, (struct want){ 1, 0, MAR(5), MAR(5),
		    1, 1 });
		assert_int_equal(ritual_day(rt, MAR(3), MAR(5), MON),
		    RITUAL_MISSED);
		/*
		 * What ana can undo next: her own done of the 2nd (the 3rd's
		 * is taken back, the 4th's is ben's).
		 */
		assert_non_null(ev = ritual_undoable(rt, "ana", INT64_MIN,
		    INT64_MAX));
		assert_int_equal(ev->day, MAR(2));
		assert_non_null(ev = ritual_undoable(rt, "ben", INT64_MIN,
		    INT64_MAX));
		assert_int_equal(ev->day, MAR(4));
		assert_null(ritual_undoable(rt, "cy", INT64_MIN, INT64_MAX));
		ritual_set_free(&set);
	}
}

/*
 * undo takes back the one written last, not the latest day: ana wrote
 * a done for the 4th, then one for the 2nd.
 */
static void
test_undoable_by_writing(void **state)
{
	struct ritual_set set;
	const struct ritual_event *ev;

	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Walk|day|");
	feed(&set, "2026-03-04 20:00", "ana", "done", "Walk|2026-03-04|");
	feed(&set, "2026-03-04 20:01", "ana", "skip", "Walk|2026-03-02|");
	assert_non_null(ev = ritual_undoable(only(&set), "ana", INT64_MIN,
	    INT64_MAX));
	assert_int_equal(ev->day, MAR(2));
	assert_int_equal(ev->skip, 1);
	ritual_set_free(&set);
}

/*
 * retire: seen as it stood on the day it was retired.  day: done 2 and
 * 3 March, retired on the 4th.  On the 10th: as on the 4th, a streak of
 * 2, neither due nor late, and no day from the 4th on missed.
 */
static void
test_retire(void **state)
{
	struct ritual_set set;
	struct ritual *rt, *hit, *other;

	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Walk|day|");
	feed(&set, "2026-03-02 20:00", "ana", "done", "Walk|2026-03-02|");
	feed(&set, "2026-03-03 20:00", "ana", "done", "Walk|2026-03-03|");
	/* Two retirements, the later one first: the earlier one counts. */
	feed(&set, "2026-03-06 10:00", "ben", "retire", "walk");
	feed(&set, "2026-03-04 10:00", "ana", "retire", "WALK");
	rt = only(&set);
	assert_int_equal(rt->retired, 1);
	assert_int_equal(rt->retired_on, MAR(4));
	status_is(rt, MAR(10), MON, (struct want){ 0, 0, MAR(4), MAR(4), 2,
	    2 });
	assert_int_equal(ritual_day(rt, MAR(3), MAR(10), MON), RITUAL_DONE);
	assert_int_equal(ritual_day(rt, MAR(5), MAR(10), MON), RITUAL_NOT_DUE);
	/*
	 * Only a lookup that asks for retired rituals finds it; one that
	 * does not says it is there, out of its scope.
	 */
	assert_int_equal(ritual_lookup(&set, "walk", RITUAL_SEE_ACTIVE, &hit,
	    &other), RITUAL_OUT_OF_SCOPE);
	assert_ptr_equal(hit, rt);
	assert_int_equal(ritual_lookup(&set, "walk", 1, &hit, &other),
	    RITUAL_FOUND);
	assert_ptr_equal(hit, rt);
	ritual_set_free(&set);
}

/*
 * Two definitions of one name (made on two machines before a sync):
 * the earliest holds, whatever the order they come in, and the two
 * disagree.  Ben's "walk", every 2 days, from the evening of the 2nd;
 * Ana's "Walk", daily, from the 3rd.
 */
static void
test_redefine(void **state)
{
	struct ritual_set set;
	struct ritual *rt;
	int ben_first;

	for (ben_first = 0; ben_first < 2; ben_first++) {
		ritual_set_init(&set);
		if (ben_first)
			feed(&set, "2026-03-02 20:00", "ben", "define",
			    "walk|2d|ben's");
		feed(&set, "2026-03-03 09:00", "ana", "define", "Walk|day|");
		if (!ben_first)
			feed(&set, "2026-03-02 20:00", "ben", "define",
			    "walk|2d|ben's");
		rt = only(&set);
		assert_string_equal(rt->name, "walk");
		assert_string_equal(rt->stext, "2d");
		assert_string_equal(rt->note, "ben's");
		assert_int_equal(rt->d0, MAR(2));
		assert_int_equal(rt->disputed, 1);
		assert_string_equal(rt->def.by, "ben");
		assert_string_equal(rt->def.stext, "2d");
		assert_string_equal(rt->rival.by, "ana");
		assert_string_equal(rt->rival.stext, "day");
		ritual_set_free(&set);
	}
}

/* The text of rt's disagreement. */
static void
dispute_text_is(const struct ritual *rt, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(ritual_dispute_text(rt, &b), 0);
	assert_int_equal(buf_nul(&b), 0);
	assert_string_equal(b.p, want);
	buf_free(&b);
}

/*
 * The definitions of one name, fed in the order given, and what they
 * make: whether they disagree, the name, who wrote the definition that
 * holds, its schedule and note.
 */
struct defs_case {
	const char	*rec[4][3];	/* when, by, fields; NULL ends */
	int		 disputed;
	const char	*name, *by, *stext, *note;
};

/*
 * 0: Ana's "Walk" daily at 9:00 on the 2nd and Ben's on weekdays at
 * 10:00 disagree, Ana's holding.  1: Ben's of the 3rd, recorded after
 * both, settles it with his schedule and note; the name stays the first
 * definition's.  2: at one instant the author whose name sorts first
 * holds.  3: the next definition settles a disagreement even with the
 * schedule that held, and its note then holds.  4: a later definition
 * with the schedule that holds, no disagreement being open, changes
 * nothing, not even the note.  5: two definitions recorded after a
 * disagreement (both settling it on their own machines) disagree again,
 * the earlier holding.
 */
static const struct defs_case defs_cases[] = {
	{ { { "2026-03-02 10:00", "ben", "walk|mon,tue,wed,thu,fri|" },
	    { "2026-03-02 09:00", "ana", "Walk|day|daily" } },
	    1, "Walk", "ana", "day", "daily" },
	{ { { "2026-03-03 20:00", "ben",
	    "Walk|mon,tue,wed,thu,fri|after work" },
	    { "2026-03-02 10:00", "ben", "walk|mon,tue,wed,thu,fri|" },
	    { "2026-03-02 09:00", "ana", "Walk|day|daily" } },
	    0, "Walk", "ben", "mon,tue,wed,thu,fri", "after work" },
	{ { { "2026-03-02 09:00", "ben", "Tea|sat|" },
	    { "2026-03-02 09:00", "ana", "tea|sun|" } },
	    1, "tea", "ana", "sun", "" },
	{ { { "2026-03-02 12:00", "ben", "TEA|sun|ben's" },
	    { "2026-03-02 09:00", "ben", "Tea|sat|" },
	    { "2026-03-02 09:00", "ana", "tea|sun|" } },
	    0, "tea", "ben", "sun", "ben's" },
	{ { { "2026-03-02 10:00", "ben", "tea|sun|second" },
	    { "2026-03-02 09:00", "ana", "Tea|sun|first" } },
	    0, "Tea", "ana", "sun", "first" },
	{ { { "2026-03-05 10:00", "ben", "Tea|sat|" },
	    { "2026-03-02 09:00", "ana", "Tea|sun|" },
	    { "2026-03-05 09:00", "ana", "Tea|sun|again" },
	    { "2026-03-02 10:00", "ben", "tea|sat|" } },
	    1, "Tea", "ana", "sun", "again" },
};

/* The one ritual the definitions of defs_cases[i] make, checked. */
static struct ritual *
defs_ritual(struct ritual_set *set, size_t i)
{
	const struct defs_case *k = &defs_cases[i];
	struct ritual *rt;
	size_t j;

	ritual_set_init(set);
	for (j = 0; j < 4 && k->rec[j][0] != NULL; j++)
		feed(set, k->rec[j][0], k->rec[j][1], "define", k->rec[j][2]);
	rt = only(set);
	assert_int_equal(rt->disputed, k->disputed);
	assert_string_equal(rt->name, k->name);
	assert_string_equal(rt->def.by, k->by);
	assert_string_equal(rt->stext, k->stext);
	assert_string_equal(rt->def.stext, k->stext);
	assert_string_equal(rt->note, k->note);
	/* The first definition gives the first day, whichever holds. */
	assert_int_equal(rt->d0, MAR(2));
	return rt;
}

static void
test_definitions(void **state)
{
	struct ritual_set set;
	size_t i;

	for (i = 0; i < sizeof(defs_cases) / sizeof(defs_cases[0]); i++) {
		defs_ritual(&set, i);
		ritual_set_free(&set);
	}
}

/*
 * What a disagreement shows, and what settling it changes: Ana's daily
 * walk and Ben's on weekdays (defs_cases 0), then settled by Ben's
 * weekdays (1); both machines' Tea settled differently at once (5).
 */
static void
test_disagree(void **state)
{
	struct ritual_set set;
	const struct ritual *d[2];
	struct ritual *rt;

	rt = defs_ritual(&set, 0);
	assert_int_equal(rt->s.kind, SCHED_DAY);
	assert_string_equal(rt->rival.by, "ben");
	assert_string_equal(rt->rival.stext, "mon,tue,wed,thu,fri");
	dispute_text_is(rt, "schedules differ: ana every day, ben every "
	    "mon,tue,wed,thu,fri");
	assert_int_equal(ritual_disputes(&set, d, 2), 1);
	assert_ptr_equal(d[0], rt);
	ritual_set_free(&set);

	rt = defs_ritual(&set, 1);
	assert_int_equal(rt->s.kind, SCHED_WEEKDAYS);
	assert_string_equal(rt->definer, "ana");
	assert_int_equal(ritual_disputes(&set, d, 2), 0);
	/*
	 * Weekday periods from Monday the 2nd, none kept: on Saturday the
	 * 7th Friday's occurrence was missed (no grace), so it is not due;
	 * the next is Monday the 9th.
	 */
	status_is(rt, MAR(7), MON, (struct want){ 0, 0, MAR(6), MAR(9), 0,
	    0 });
	ritual_set_free(&set);

	/* The Sunday of the 5th holds; Ben's Saturday of the 5th differs. */
	rt = defs_ritual(&set, 5);
	assert_int_equal(date_cmp(&rt->def.when, &rt->defined_at), 1);
	dispute_text_is(rt, "schedules differ: ana every sun, ben every sat");
	ritual_set_free(&set);
}

/*
 * A retired ritual disagrees about nothing; ritual_disputes lists the
 * others in the order they were defined, max at a time; and schedules
 * are told in the words ritual add takes.
 */
static void
test_disputes(void **state)
{
	struct ritual_set set;
	const struct ritual *d[1];
	char w[RITUAL_WORDS_MAX];

	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Film|fri|");
	feed(&set, "2026-03-02 10:00", "ben", "define", "film|sat|");
	feed(&set, "2026-03-03 09:00", "ana", "retire", "film");
	feed(&set, "2026-03-02 11:00", "ana", "define", "Walk|day|");
	feed(&set, "2026-03-02 12:00", "ben", "define", "walk|after:10d|");
	feed(&set, "2026-03-02 13:00", "ana", "define", "Call|month:31|");
	feed(&set, "2026-03-02 14:00", "ben", "define", "call|2w|");
	settle(&set);
	assert_int_equal(set.nr, 3);
	assert_int_equal(set.r[0].retired, 1);
	assert_int_equal(set.r[0].disputed, 0);
	assert_int_equal(ritual_disputes(&set, NULL, 0), 2);
	assert_int_equal(ritual_disputes(&set, d, 1), 2);
	assert_string_equal(d[0]->name, "Walk");
	dispute_text_is(&set.r[1], "schedules differ: ana every day, ben "
	    "after 10d");
	dispute_text_is(&set.r[2], "schedules differ: ana every month:31, "
	    "ben every 2w");
	ritual_schedule_words("after:14d", w);
	assert_string_equal(w, "after 14d");
	ritual_schedule_words("week", w);
	assert_string_equal(w, "every week");
	ritual_set_free(&set);
}

/*
 * unretire: the days a ritual was retired are a pause, in which nothing
 * is missed.  day, added 2 March, done 2 and 3, retired on the 4th by
 * ana, brought back on the 8th by ben, done on the 8th.  Pause 4-7.
 *
 *	9 March: 2, 3 kept, 4-7 paused, 8 kept: a streak of 3; 9 due.
 *	11 March: 9 and 10 missed: 0, best 3.
 *	Retired again on the 12th, back on the 15th: a second pause,
 *	12-14, after 4 days of pause; the 15th is a day again (missed on
 *	the 16th).
 */
static void
test_unretire(void **state)
{
	static const struct rec recs[] = {
		{ "2026-03-02 09:00", "ana", "define", "Walk|day|" },
		{ "2026-03-02 20:00", "ana", "done", "Walk|2026-03-02|" },
		{ "2026-03-03 20:00", "ana", "done", "Walk|2026-03-03|" },
		{ "2026-03-04 10:00", "ana", "retire", "Walk" },
		{ "2026-03-08 09:00", "ben", "unretire", "walk" },
		{ "2026-03-08 20:00", "ben", "done", "Walk|2026-03-08|" },
		{ "2026-03-12 10:00", "ana", "retire", "walk" },
		{ "2026-03-15 10:00", "ana", "unretire", "WALK" },
	};
	struct ritual_set set;
	struct ritual *rt;
	size_t i, n = sizeof(recs) / sizeof(recs[0]);
	int rev;

	for (rev = 0; rev < 2; rev++) {
		ritual_set_init(&set);
		for (i = 0; i < n; i++) {
			const struct rec *r = &recs[rev ? n - 1 - i : i];

			feed(&set, r->when, r->by, r->kind, r->fields);
		}
		rt = only(&set);
		assert_int_equal(rt->retired, 0);
		assert_int_equal(rt->npause, 2);
		assert_int_equal(rt->pause[0].from, MAR(4));
		assert_int_equal(rt->pause[0].to, MAR(8));
		assert_int_equal(rt->pause[0].cum, 0);
		assert_int_equal(rt->pause[1].from, MAR(12));
		assert_int_equal(rt->pause[1].to, MAR(15));
		assert_int_equal(rt->pause[1].cum, 4);
		status_is(rt, MAR(9), MON, (struct want){ 1, 0, MAR(9), MAR(9),
		    3, 3 });
		assert_int_equal(ritual_day(rt, MAR(5), MAR(9), MON),
		    RITUAL_NOT_DUE);
		assert_int_equal(ritual_day(rt, MAR(8), MAR(9), MON),
		    RITUAL_DONE);
		status_is(rt, MAR(11), MON, (struct want){ 1, 0, MAR(11),
		    MAR(11), 0, 3 });
		assert_int_equal(ritual_day(rt, MAR(13), MAR(16), MON),
		    RITUAL_NOT_DUE);
		assert_int_equal(ritual_day(rt, MAR(15), MAR(16), MON),
		    RITUAL_MISSED);
		ritual_set_free(&set);
	}

	/*
	 * after:7d, done 3 March, retired on the 5th, back on the 20th: the
	 * 15 days of the pause do not count, so it is due 7 counted days
	 * after the 3rd: the 4th, then 20 to 25.  On the 22nd: not due, a
	 * chain of 1 (4 counted days since the done); on the 26th late.
	 */
	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Letters|after:7d|");
	feed(&set, "2026-03-03 20:00", "ana", "done", "Letters|2026-03-03|");
	feed(&set, "2026-03-05 10:00", "ana", "retire", "Letters");
	feed(&set, "2026-03-20 10:00", "ana", "unretire", "Letters");
	rt = only(&set);
	status_is(rt, MAR(22), MON, (struct want){ 0, 0, MAR(25), MAR(25),
	    1, 1 });
	status_is(rt, MAR(26), MON, (struct want){ 1, 1, MAR(25), MAR(26),
	    1, 1 });
	ritual_set_free(&set);

	/* An unretire of an active ritual, or before its retire, is none. */
	ritual_set_init(&set);
	feed(&set, "2026-03-02 09:00", "ana", "define", "Walk|day|");
	feed(&set, "2026-03-03 09:00", "ana", "unretire", "Walk");
	feed(&set, "2026-03-04 09:00", "ana", "retire", "Walk");
	rt = only(&set);
	assert_int_equal(rt->retired, 1);
	assert_int_equal(rt->npause, 0);
	ritual_set_free(&set);
}

/*
 * Edits, in time order, whatever order they come in: Walk (daily, from
 * 2 March) made sat,sun with a day of grace, a new note and the name
 * "Weekend walk" on the 3rd.  Ben's "weekend WALK", every day, of the
 * 5th disagrees; Ana's edit of its schedule on the 6th settles it.  His
 * done of "Walk" on the 7th, his machine not yet told of the rename,
 * counts for it.  His "walk" of the 8th is a new ritual: the old name
 * was free; Ana's done of "walk" that evening is the new one's.  Tea
 * cannot be renamed to a name another ritual has (on the 4th).
 *
 * Weekend walk on the 9th: Saturday 7 (window from the 2nd, the first
 * period) kept; Sunday 8's window, 8-9, open: due, late since the 8th,
 * a streak of 1; next the 14th.
 */
#define NEDIT	12

static void
check_edits(struct ritual_set *set)
{
	struct ritual *rt;

	settle(set);
	assert_int_equal(set->nr, 3);
	rt = &set->r[0];
	assert_string_equal(rt->name, "Weekend walk");
	assert_string_equal(rt->stext, "sat,sun");
	assert_int_equal(rt->grace, 1);
	assert_string_equal(rt->note, "in the park");
	assert_int_equal(rt->d0, MAR(2));
	assert_int_equal(rt->disputed, 0);
	assert_string_equal(rt->def.by, "ana");
	assert_int_equal(rt->nev, 1);
	status_is(rt, MAR(9), MON, (struct want){ 1, 1, MAR(8), MAR(14), 1,
	    1 });
	assert_string_equal(set->r[1].name, "Tea");
	rt = &set->r[2];
	assert_string_equal(rt->name, "walk");
	assert_int_equal(rt->d0, MAR(8));
	assert_int_equal(rt->nev, 1);
	assert_int_equal(rt->ev[0].day, MAR(8));
	assert_ptr_equal(ritual_find(set, "WALK"), rt);
	assert_null(ritual_find(set, "Walking"));
}

static void
test_edit(void **state)
{
	static const struct rec recs[NEDIT] = {
		{ "2026-03-02 09:00", "ana", "define",
		    "Walk|day|after dinner" },
		{ "2026-03-02 09:01", "ana", "define", "Tea|sun|" },
		{ "2026-03-03 12:00", "ana", "edit", "Walk|schedule|sat,sun" },
		{ "2026-03-03 12:01", "ana", "edit", "Walk|grace|1d" },
		{ "2026-03-03 12:02", "ana", "edit", "walk|note|in the park" },
		{ "2026-03-03 12:03", "ana", "edit", "Walk|name|Weekend walk" },
		{ "2026-03-04 12:00", "ana", "edit", "tea|name|weekend walk" },
		{ "2026-03-05 09:00", "ben", "define", "weekend WALK|day|" },
		{ "2026-03-06 09:00", "ana", "edit",
		    "Weekend walk|schedule|sat,sun" },
		{ "2026-03-07 20:00", "ben", "done", "Walk|2026-03-07|" },
		{ "2026-03-08 09:00", "ben", "define", "walk|day|" },
		{ "2026-03-08 20:00", "ana", "done", "walk|2026-03-08|" },
	};
	struct ritual_set set;
	size_t i;
	int rev;

	for (rev = 0; rev < 2; rev++) {
		ritual_set_init(&set);
		for (i = 0; i < NEDIT; i++) {
			const struct rec *r = &recs[rev ? NEDIT - 1 - i : i];

			feed(&set, r->when, r->by, r->kind, r->fields);
		}
		check_edits(&set);
		ritual_set_free(&set);
	}
	/* Between Ben's define and Ana's settling edit: a disagreement. */
	ritual_set_init(&set);
	for (i = 0; i < 8; i++)
		feed(&set, recs[i].when, recs[i].by, recs[i].kind,
		    recs[i].fields);
	settle(&set);
	assert_int_equal(set.r[0].disputed, 1);
	dispute_text_is(&set.r[0], "schedules differ: ana every sat,sun, "
	    "ben every day");
	assert_string_equal(set.r[1].name, "Tea");
	ritual_set_free(&set);
}

/*
 * A definition with a schedule that cannot be read is refused, and a
 * later good one defines the ritual.
 */
static void
test_bad_schedule(void **state)
{
	struct ritual_set set;
	struct ritual *rt;
	struct herr e;

	ritual_set_init(&set);
	assert_int_equal(feed_e(&set, "2026-03-02 09:00", "ben", "define",
	    "Walk|fortnight|", NULL, &e), -1);
	assert_int_equal(e.code, HX_DATAERR);
	assert_string_equal(e.msg, "ritual 'Walk' has a bad schedule "
	    "'fortnight'; ignored");
	feed(&set, "2026-03-03 09:00", "ana", "define", "walk|week|");
	rt = only(&set);
	assert_string_equal(rt->name, "walk");
	assert_string_equal(rt->stext, "week");
	ritual_set_free(&set);
}

/*
 * Both partners in one period count once; the last done is the one
 * written last on the latest day.  day: ana and ben both did it on the
 * 2nd, ana at 20:00 and ben at 21:00 on the 3rd.
 */
static void
test_both_partners(void **state)
{
	struct ritual_set set;
	struct ritual *rt;
	int rev;

	for (rev = 0; rev < 2; rev++) {
		ritual_set_init(&set);
		feed(&set, "2026-03-02 09:00", "ana", "define", "Walk|day|");
		if (rev)
			feed(&set, "2026-03-03 21:00", "ben", "done",
			    "Walk|2026-03-03|");
		feed(&set, "2026-03-02 20:00", "ana", "done",
		    "Walk|2026-03-02|");
		feed(&set, "2026-03-02 20:30", "ben", "done",
		    "Walk|2026-03-02|");
		feed(&set, "2026-03-03 20:00", "ana", "done",
		    "Walk|2026-03-03|");
		if (!rev)
			feed(&set, "2026-03-03 21:00", "ben", "done",
			    "Walk|2026-03-03|");
		rt = only(&set);
		/* Two days kept, not four. */
		status_is(rt, MAR(3), MON, (struct want){ 0, 0, MAR(3), MAR(4),
		    2, 2 });
		last_is(rt, MAR(3), MAR(3), "ben");
		ritual_set_free(&set);
	}
}

/*
 * What names no defined ritual is left out, as is a done whose day is
 * not a date.  A done stamped before the definition (a slow clock, or a
 * name used before) counts for nothing either (hearth-store(5)): the
 * 2nd, the day Walk was added, is open on the 2nd and missed on the 3rd.
 */
static void
test_undefined(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	ritual_set_init(&set);
	feed(&set, "2026-03-02 07:00", "ben", "done", "walk|2026-03-02|");
	feed(&set, "2026-03-02 08:00", "ben", "done", "Swim|2026-03-02|");
	feed(&set, "2026-03-02 08:00", "ben", "retire", "Run");
	feed(&set, "2026-03-02 08:01", "ben", "done", "Walk|2026-02-30|");
	feed(&set, "2026-03-02 20:00", "ana", "define", "Walk|day|");
	rt = only(&set);
	assert_string_equal(rt->name, "Walk");
	assert_int_equal(rt->nev, 0);
	status_is(rt, MAR(2), MON, (struct want){ 1, 0, MAR(2), MAR(2), 0,
	    0 });
	assert_int_equal(ritual_day(rt, MAR(2), MAR(3), MON), RITUAL_MISSED);
	ritual_set_free(&set);
}

/*
 * Records dated out of a ritual's days count for nothing.  Walk (day)
 * is defined on 2 March at 20:00; today is the 5th.  Ben's retire of
 * 1 March (his old "walk") does not retire it, nor does a retire stamped
 * the 10th (his clock ahead).  A done for the 1st (before it was added,
 * though written later) and a done for 31 December 9999 are left out:
 * the last done is the 4th.  Kept: 2 (written at 21:00), 3, 4; the 5th
 * is open: streak 3, best 3.
 */
static void
test_dated_out(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	ritual_set_init(&set);
	feed(&set, "2026-03-01 10:00", "ben", "retire", "walk");
	feed(&set, "2026-03-10 10:00", "ben", "retire", "walk");
	feed(&set, "2026-03-02 20:00", "ana", "define", "Walk|day|");
	feed(&set, "2026-03-02 21:00", "ana", "done", "Walk|2026-03-02|");
	feed(&set, "2026-03-03 08:00", "ben", "done", "Walk|2026-03-01|");
	feed(&set, "2026-03-03 20:00", "ben", "done", "Walk|2026-03-03|");
	feed(&set, "2026-03-04 20:00", "ben", "done", "walk|9999-12-31|");
	feed(&set, "2026-03-04 20:01", "ana", "done", "Walk|2026-03-04|");
	settle_on(&set, MAR(5));
	assert_int_equal(set.nr, 1);
	rt = &set.r[0];
	assert_int_equal(rt->retired, 0);
	assert_int_equal(rt->nev, 3);
	last_is(rt, MAR(5), MAR(4), "ana");
	status_is(rt, MAR(5), MON, (struct want){ 1, 0, MAR(5), MAR(5), 3,
	    3 });
	assert_int_equal(ritual_day(rt, MAR(1), MAR(5), MON), RITUAL_NOT_DUE);
	ritual_set_free(&set);

	/*
	 * Settled with every day seen, the 9999 done is kept, but seen on
	 * the 5th it is still in the future: the last done stays the 4th.
	 * The retire of the 10th counts from the 10th.
	 */
	ritual_set_init(&set);
	feed(&set, "2026-03-02 20:00", "ana", "define", "Walk|day|");
	feed(&set, "2026-03-04 20:00", "ben", "done", "walk|9999-12-31|");
	feed(&set, "2026-03-04 20:01", "ana", "done", "Walk|2026-03-04|");
	feed(&set, "2026-03-10 10:00", "ben", "retire", "walk");
	rt = only(&set);
	assert_int_equal(rt->nev, 2);
	assert_int_equal(rt->retired_on, MAR(10));
	last_is(rt, MAR(5), MAR(4), "ana");
	assert_int_equal(ritual_day(rt, D(9999, 12, 31), MAR(5), MON),
	    RITUAL_NOT_DUE);
	ritual_set_free(&set);
}

/*
 * A ritual dated from year 0 (a partner's log may say so): a daily one
 * done only on 1 and 2 March 2026 has a streak of 2 on the 2nd; every
 * day before was missed, the 28th of February among them.
 */
static void
test_year_zero(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	ritual_set_init(&set);
	feed(&set, "0000-01-01 00:00", "ben", "define", "Walk|day|");
	feed(&set, "2026-03-01 20:00", "ben", "done", "Walk|2026-03-01|");
	feed(&set, "2026-03-02 20:00", "ben", "done", "Walk|2026-03-02|");
	rt = only(&set);
	assert_int_equal(rt->d0, D(0, 1, 1));
	status_is(rt, MAR(2), MON, (struct want){ 0, 0, MAR(2), MAR(3), 2,
	    2 });
	status_is(rt, MAR(4), MON, (struct want){ 1, 0, MAR(4), MAR(4), 0,
	    2 });
	assert_int_equal(ritual_day(rt, D(2026, 2, 28), MAR(4), MON),
	    RITUAL_MISSED);
	assert_int_equal(ritual_day(rt, D(0, 1, 1), MAR(4), MON),
	    RITUAL_MISSED);
	ritual_set_free(&set);
}

/*
 * A done on 31 December 1969 is day -1, a day like any other: the last
 * done must not read as "never".
 */
static void
test_before_1970(void **state)
{
	struct ritual_set set;
	struct ritual *rt;

	ritual_set_init(&set);
	feed(&set, "1969-12-30 09:00", "ana", "define", "Walk|day|");
	feed(&set, "1969-12-31 20:00", "ana", "done", "Walk|1969-12-31|");
	rt = only(&set);
	assert_int_equal(rt->d0, -2);
	last_is(rt, 0, -1, "ana");
	/* 1 January 1970: the 30th missed, the 31st kept. */
	status_is(rt, 0, MON, (struct want){ 1, 0, 0, 0, 1, 1 });
	ritual_set_free(&set);
}

/*
 * Names: a whole name first, then the start of a word, then a part of
 * one, any case; ambiguity lists the candidates; a typo finds the
 * nearest; a retired ritual is out of an active lookup's scope.
 */
static void
test_lookup(void **state)
{
	struct ritual_set set;
	struct ritual *hit, *other;
	const struct ritual *v[3];

	ritual_set_init(&set);
	feed(&set, "2026-03-01 10:00", "ana", "define", "Walk|day|");
	feed(&set, "2026-03-01 10:01", "ana", "define", "Walking|week|");
	feed(&set, "2026-03-01 10:02", "ana", "define", "Tea in bed|sun|");
	feed(&set, "2026-03-01 10:03", "ana", "define", "Evening walk|day|");
	feed(&set, "2026-03-01 10:04", "ana", "define", "Date night|fri|");
	feed(&set, "2026-03-01 10:05", "ana", "define", "Swim|sat|");
	feed(&set, "2026-03-01 11:00", "ana", "retire", "Swim");
	settle(&set);
	assert_int_equal(ritual_lookup(&set, "WALK", 0, &hit, &other),
	    RITUAL_FOUND);
	assert_string_equal(hit->name, "Walk");
	assert_int_equal(ritual_lookup(&set, "walki", 0, &hit, &other),
	    RITUAL_FOUND);
	assert_string_equal(hit->name, "Walking");
	/* "te" begins "Tea", and is only within "Date". */
	assert_int_equal(ritual_lookup(&set, "te", 0, &hit, &other),
	    RITUAL_FOUND);
	assert_string_equal(hit->name, "Tea in bed");
	/* "in" begins a word of "Tea in bed" only. */
	assert_int_equal(ritual_lookup(&set, "IN", 0, &hit, &other),
	    RITUAL_FOUND);
	assert_string_equal(hit->name, "Tea in bed");
	assert_int_equal(ritual_lookup(&set, "night", 0, &hit, &other),
	    RITUAL_FOUND);
	assert_string_equal(hit->name, "Date night");
	assert_int_equal(ritual_lookup(&set, "ening", 0, &hit, &other),
	    RITUAL_FOUND);
	assert_string_equal(hit->name, "Evening walk");
	/* Walk, Walking and Evening walk each have a word that begins so. */
	assert_int_equal(ritual_lookup(&set, "wa", 0, &hit, &other),
	    RITUAL_AMBIGUOUS);
	assert_string_equal(hit->name, "Walk");
	assert_string_equal(other->name, "Walking");
	assert_int_equal(ritual_candidates(&set, "wa", 0, v, 2), 3);
	assert_ptr_equal(v[1], other);
	assert_int_equal(ritual_candidates(&set, "ing", 0, v, 3), 2);
	assert_string_equal(v[0]->name, "Walking");
	assert_string_equal(v[1]->name, "Evening walk");
	assert_int_equal(ritual_lookup(&set, "walks", 0, &hit, &other),
	    RITUAL_NONE);
	/* Swim is retired: out of an active lookup's scope, in another's. */
	assert_int_equal(ritual_lookup(&set, "swim", RITUAL_SEE_ACTIVE, &hit,
	    &other), RITUAL_OUT_OF_SCOPE);
	assert_string_equal(hit->name, "Swim");
	assert_int_equal(ritual_lookup(&set, "sw", RITUAL_SEE_ACTIVE, &hit,
	    &other), RITUAL_OUT_OF_SCOPE);
	assert_int_equal(ritual_lookup(&set, "sw", RITUAL_SEE_RETIRED, &hit,
	    &other), RITUAL_FOUND);
	assert_int_equal(ritual_lookup(&set, "tea", RITUAL_SEE_RETIRED, &hit,
	    &other), RITUAL_OUT_OF_SCOPE);
	assert_string_equal(hit->name, "Tea in bed");
	/*
	 * Typos: "wlak" is a swap from "walk" (Walk, and a word of Evening
	 * walk), "evning" a letter from "evening"; up to four letters one
	 * edit, else two.
	 */
	assert_int_equal(ritual_nearest(&set, "wlak", 0, v, 3), 2);
	assert_string_equal(v[0]->name, "Walk");
	assert_string_equal(v[1]->name, "Evening walk");
	assert_int_equal(ritual_nearest(&set, "EVNING", 0, v, 3), 1);
	assert_string_equal(v[0]->name, "Evening walk");
	assert_int_equal(ritual_nearest(&set, "dtae nihgt", 0, v, 3), 1);
	assert_int_equal(ritual_nearest(&set, "xyz", 0, v, 3), 0);
	assert_int_equal(ritual_nearest(&set, "swmi", 0, v, 3), 0);
	assert_int_equal(ritual_nearest(&set, "swmi", RITUAL_SEE_ALL, v, 3),
	    1);
	assert_non_null(ritual_find(&set, "tea IN bed"));
	assert_null(ritual_find(&set, "tea"));
	ritual_set_free(&set);
}

/*
 * What undo takes: the current period's first day (undo's), and your
 * own record of those days written last.
 */
static void
test_undo_period(void **state)
{
	struct ritual_set set;
	const struct ritual_event *ev;
	int64_t first[5];
	size_t i;

	ritual_set_init(&set);
	feed(&set, "2026-03-01 09:00", "ana", "define", "Sunday|sun|");
	feed(&set, "2026-03-01 20:00", "ana", "done", "Sunday|2026-03-01|");
	feed(&set, "2026-03-08 20:00", "ben", "done", "Sunday|2026-03-08|");
	feed(&set, "2026-03-08 21:00", "ana", "skip", "Sunday|2026-03-08|");
	feed(&set, "2026-03-09 08:00", "ana", "done", "Sunday|2026-03-01|");
	feed(&set, "2026-03-02 09:00", "ana", "define", "Walk|day|");
	feed(&set, "2026-03-04 09:00", "ana", "define", "Weekly|week|");
	feed(&set, "2026-03-02 09:01", "ana", "define", "Tea|sat,sun|");
	feed(&set, "2026-03-02 09:02", "ana", "define", "Letters|after:10d|");
	settle(&set);
	/*
	 * Sunday on Monday 9: since Sunday 8.  Walk on the 5th: the 5th.
	 * Weekly on Thursday 5: since Wednesday 4, the day it was added
	 * (the week began on the 2nd).  Tea on Wednesday 4: since Monday 2,
	 * the day it was added (its first period begins Saturday 7).
	 * Letters on the 20th: the last 10 days, from the 11th.
	 */
	first[0] = ritual_period_first(ritual_find(&set, "sunday"), MAR(9),
	    MON);
	first[1] = ritual_period_first(ritual_find(&set, "walk"), MAR(5), MON);
	first[2] = ritual_period_first(ritual_find(&set, "weekly"), MAR(5),
	    MON);
	first[3] = ritual_period_first(ritual_find(&set, "tea"), MAR(4), MON);
	first[4] = ritual_period_first(ritual_find(&set, "letters"), MAR(20),
	    MON);
	assert_int_equal(first[0], MAR(8));
	assert_int_equal(first[1], MAR(5));
	assert_int_equal(first[2], MAR(4));
	assert_int_equal(first[3], MAR(2));
	assert_int_equal(first[4], MAR(11));
	/* Weekly on Wednesday 11: since Monday 9. */
	assert_int_equal(ritual_period_first(ritual_find(&set, "weekly"),
	    MAR(11), MON), MAR(9));
	/* Ana's of 8-9 March: the skip; ben has none on the 9th. */
	assert_non_null(ev = ritual_undoable(&set.r[0], "ana", MAR(8),
	    MAR(9)));
	assert_int_equal(ev->skip, 1);
	assert_null(ritual_undoable(&set.r[0], "ben", MAR(9), MAR(9)));
	/* Of the 1st, and of any day: the done written last, on the 9th. */
	for (i = 0; i < 2; i++) {
		assert_non_null(ev = ritual_undoable(&set.r[0], "ana", i ?
		    INT64_MIN : MAR(1), i ? INT64_MAX : MAR(1)));
		assert_int_equal(ev->day, MAR(1));
		assert_int_equal(ev->when.sec % 86400, 7 * 3600);
	}
	ritual_set_free(&set);
}

/* Whether a and b are the same name, and the same the other way round. */
static int
same_name(const char *a, const char *b)
{
	int ab = ritual_fold_cmp(a, strlen(a), b, strlen(b));
	int ba = ritual_fold_cmp(b, strlen(b), a, strlen(a));

	assert_int_equal(ab == 0, ba == 0);
	assert_true(ab == 0 || (ab < 0) == (ba > 0));
	return ab == 0;
}

/*
 * Names fold by Unicode's simple case folding (CaseFolding.txt, status C
 * and S) of Latin-1, Latin Extended-A, Greek, Cyrillic and Latin
 * Extended Additional, and nothing else, whatever the locale.  The pairs
 * are read off CaseFolding.txt: U+00C9 to U+00E9, U+00B5 and U+039C to
 * U+03BC, U+03C2 (final sigma) to U+03C3, U+0178 to U+00FF, U+017F (long
 * s) to s, U+0401 to U+0451, U+1E9E to U+00DF, U+1EDE to U+1EDF; U+0130
 * (dotted capital I) has only a full and a Turkic folding, so it stands
 * for itself, as do U+01C4 (Latin Extended-B) and U+212A (Kelvin sign).
 */
static void
test_fold(void **state)
{
	static const char *const locales[] = { "C", "C.UTF-8", "POSIX" };
	size_t i;

	for (i = 0; i < sizeof(locales) / sizeof(locales[0]); i++) {
		if (setlocale(LC_CTYPE, locales[i]) == NULL)
			continue;
		assert_true(same_name("\xc3\x89mile visit", "\xc3\xa9mile VISIT"));
		assert_true(same_name("\xce\xa9", "\xcf\x89"));
		assert_true(same_name("\xc2\xb5", "\xce\x9c"));
		assert_true(same_name("\xce\x9f\xce\x94\xce\x9f\xce\xa3",
		    "\xce\xbf\xce\xb4\xce\xbf\xcf\x82"));
		assert_true(same_name("\xc5\xb8", "\xc3\xbf"));
		assert_true(same_name("\xc5\xbftar", "STAR"));
		assert_true(same_name("\xd0\x81\xd0\xbb\xd0\xba\xd0\xb0",
		    "\xd1\x91\xd0\x9b\xd0\x9a\xd0\x90"));
		assert_true(same_name("Stra\xe1\xba\x9e", "stra\xc3\x9f"));
		assert_true(same_name("\xe1\xbb\x9e", "\xe1\xbb\x9f"));
		assert_false(same_name("\xc4\xb0stanbul", "istanbul"));
		assert_false(same_name("\xc4\xb1", "I"));
		assert_false(same_name("\xc7\x84", "\xc7\x86"));
		assert_false(same_name("\xe2\x84\xaa", "k"));
		/* Bytes of no character stand for themselves. */
		assert_true(same_name("A\xff", "a\xff"));
		assert_false(same_name("\xff", "\xfe"));
		assert_false(same_name("\xc3", "\xc3\xa9"));
		assert_true(ritual_fold_cmp("a", 1, "B", 1) < 0);
		assert_true(ritual_fold_cmp("abc", 3, "AB", 2) > 0);
		assert_int_equal(ritual_fold_cmp("", 0, "", 0), 0);
	}
	assert_non_null(setlocale(LC_CTYPE, "C"));
}

/*
 * Many names, each defined twice, fed scrambled: every name keeps its
 * earliest definition, finds its done in any case, and the rituals come
 * in the order they were defined.  Ben's "r0000".."r0999" every 2 days,
 * defined on the 2nd, minute i; Ana's "R0000".. daily on the 3rd; a done
 * of "R%04d" for the 4th, written on the 4th, for each.
 */
#define NMANY	1000

static void
test_many_names(void **state)
{
	struct ritual_set set;
	struct ritual *rt;
	char when[32], fields[64];
	int i, k;

	ritual_set_init(&set);
	for (k = 0; k < 3 * NMANY; k++) {
		i = (int)(((long)k * 7919) % (3 * NMANY));
		snprintf(when, sizeof(when), "2026-03-0%d %02d:%02d",
		    2 + i / NMANY, i % NMANY / 60, i % NMANY % 60);
		if (i < NMANY) {
			snprintf(fields, sizeof(fields), "r%04d|2d|", i);
			feed(&set, when, "ben", "define", fields);
		} else if (i < 2 * NMANY) {
			snprintf(fields, sizeof(fields), "R%04d|day|",
			    i - NMANY);
			feed(&set, when, "ana", "define", fields);
		} else {
			snprintf(fields, sizeof(fields), "R%04d|2026-03-04|",
			    i - 2 * NMANY);
			feed(&set, when, "ana", "done", fields);
		}
	}
	settle(&set);
	assert_int_equal(set.nr, NMANY);
	for (i = 0; i < NMANY; i++) {
		rt = &set.r[i];
		snprintf(fields, sizeof(fields), "r%04d", i);
		assert_string_equal(rt->name, fields);
		assert_string_equal(rt->stext, "2d");
		assert_int_equal(rt->d0, MAR(2));
		assert_int_equal(rt->nev, 1);
		assert_int_equal(rt->ev[0].day, MAR(4));
		snprintf(fields, sizeof(fields), "R%04d", i);
		assert_ptr_equal(ritual_find(&set, fields), rt);
	}
	ritual_set_free(&set);
}

/*
 * Records in any order give the same set.  Ben's "walk" (2d, from the
 * evening of the 2nd), its done on the 4th taken back, a done for the
 * 6th; Ana's later "Walk", her done for the 2nd and skip of the 4th; a
 * "Tea" defined last (Ana's "Walk" disagrees with Ben's "walk").  By
 * hand, with periods 2-3, 4-5, 6-7, 8-9, each kept on its first day:
 * 2-3 kept (ana), 4-5 excused (the skip; ben's done taken back), 6-7
 * kept (ben), 8-9 open on the 8th: streak 2, best 2, due today (so
 * the next occurrence is today), not late.
 * Every order of the eight records is tried.
 */
#define NREC	8

static void
feed_order(struct ritual_set *set, const struct rec *recs, const int *perm,
    const char *undo_fields)
{
	int i;

	ritual_set_init(set);
	for (i = 0; i < NREC; i++) {
		const struct rec *r = &recs[perm[i]];

		feed(set, r->when, r->by, r->kind, r->fields != NULL ?
		    r->fields : undo_fields);
	}
	settle(set);
}

static void
check_order_state(struct ritual_set *set)
{
	struct ritual *rt;

	assert_int_equal(set->nr, 2);
	rt = &set->r[0];
	assert_string_equal(rt->name, "walk");
	assert_string_equal(set->r[1].name, "Tea");
	/* Ben's 2d holds, and Ana's daily one disagrees, in every order. */
	assert_int_equal(rt->disputed, 1);
	assert_string_equal(rt->rival.by, "ana");
	assert_int_equal(set->r[1].disputed, 0);
	status_is(rt, MAR(8), MON, (struct want){ 1, 0, MAR(8), MAR(8), 2,
	    2 });
	last_is(rt, MAR(8), MAR(6), "ben");
}

static void
test_any_order(void **state)
{
	static const struct rec recs[NREC] = {
		{ "2026-03-02 20:00", "ben", "define", "walk|2d|ben's" },
		{ "2026-03-04 08:00", "ben", "done", "walk|2026-03-04|" },
		{ "2026-03-04 09:00", "ben", "undo", NULL },
		{ "2026-03-07 20:00", "ben", "done", "walk|2026-03-06|" },
		{ "2026-03-03 09:00", "ana", "define", "Walk|day|" },
		{ "2026-03-03 20:00", "ana", "done", "Walk|2026-03-02|" },
		{ "2026-03-06 09:00", "ana", "skip", "walk|2026-03-04|" },
		{ "2026-03-06 10:00", "ana", "define", "Tea|sun|" },
	};
	struct ritual_set set;
	struct herr e;
	char id[RECORD_ID_LEN + 1], undo[128];
	int perm[NREC], c[NREC], i, k, t, orders = 1;

	ritual_set_init(&set);
	assert_int_equal(feed_e(&set, recs[1].when, recs[1].by, recs[1].kind,
	    recs[1].fields, id, &e), 0);
	ritual_set_free(&set);
	snprintf(undo, sizeof(undo), "walk|%s", id);
	for (i = 0; i < NREC; i++) {
		perm[i] = i;
		c[i] = 0;
	}
	feed_order(&set, recs, perm, undo);
	check_order_state(&set);
	ritual_set_free(&set);
	/* Heap's algorithm: every permutation, one swap apart. */
	for (i = 1; i < NREC;) {
		if (c[i] < i) {
			k = i % 2 == 0 ? 0 : c[i];
			t = perm[k];
			perm[k] = perm[i];
			perm[i] = t;
			feed_order(&set, recs, perm, undo);
			check_order_state(&set);
			ritual_set_free(&set);
			orders++;
			c[i]++;
			i = 1;
		} else
			c[i++] = 0;
	}
	assert_int_equal(orders, 40320);	/* 8! */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_week),
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_every_n_days),
		cmocka_unit_test(test_monthday),
		cmocka_unit_test(test_grace),
		cmocka_unit_test(test_grace_parse),
		cmocka_unit_test(test_month),
		cmocka_unit_test(test_after),
		cmocka_unit_test(test_undo),
		cmocka_unit_test(test_undoable_by_writing),
		cmocka_unit_test(test_retire),
		cmocka_unit_test(test_redefine),
		cmocka_unit_test(test_definitions),
		cmocka_unit_test(test_disagree),
		cmocka_unit_test(test_disputes),
		cmocka_unit_test(test_unretire),
		cmocka_unit_test(test_edit),
		cmocka_unit_test(test_bad_schedule),
		cmocka_unit_test(test_both_partners),
		cmocka_unit_test(test_undefined),
		cmocka_unit_test(test_dated_out),
		cmocka_unit_test(test_year_zero),
		cmocka_unit_test(test_before_1970),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_undo_period),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_many_names),
		cmocka_unit_test(test_any_order),
	};

	return cmocka_run_group_tests_name("ritual", tests, NULL, NULL);
}
