/*
 * Unit tests for schedule: parsing schedules and cutting time into periods,
 * across month ends, leap days and years.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "herr.h"
#include "schedule.h"

#define D(y, m, d) date_days_from_civil(y, m, d)

static void
round_trip(const char *in, int after, const char *want)
{
	struct sched s, t;
	struct herr e;
	char buf[SCHED_TEXT_MAX];

	assert_int_equal(sched_parse(in, after, &s, &e), 0);
	sched_format(&s, buf);
	assert_string_equal(buf, want);
	assert_int_equal(sched_parse_stored(buf, &t), 0);
	assert_int_equal(t.kind, s.kind);
	assert_int_equal(t.n, s.n);
	assert_int_equal(t.wdays, s.wdays);
}

static void
bad(const char *in, int after, const char *want)
{
	struct sched s;
	struct herr e;

	assert_int_equal(sched_parse(in, after, &s, &e), -1);
	assert_int_equal(e.code, HX_USAGE);
	assert_string_equal(e.msg, want);
}

static void
test_parse(void **state)
{
	round_trip("day", 0, "day");
	round_trip("week", 0, "week");
	round_trip("thu,mon", 0, "mon,thu");
	round_trip("Sun", 0, "sun");
	round_trip("sat,sunday,wed", 0, "wed,sat,sun");
	round_trip("3d", 0, "3d");
	round_trip("2w", 0, "2w");
	round_trip("month", 0, "month");
	round_trip("month:31", 0, "month:31");
	round_trip("10d", 1, "after:10d");
	round_trip("2w", 1, "after:14d");
	bad("0d", 0, "bad --every '0d' (every N days or weeks: N from 1, such "
	    "as 3d or 2w)");
	bad("fortnight", 0, "bad --every 'fortnight' (use day, week, weekdays "
	    "such as mon,thu, Nd, Nw, month or month:DAY)");
	bad("month:32", 0, "bad --every 'month:32' (month:DAY takes a day "
	    "from 1 to 31)");
	bad("month:0", 0, "bad --every 'month:0' (month:DAY takes a day from 1 "
	    "to 31)");
	bad("mon,", 0, "bad --every 'mon,' (use day, week, weekdays such as "
	    "mon,thu, Nd, Nw, month or month:DAY)");
	bad("", 0, "bad --every '' (use day, week, weekdays such as mon,thu, "
	    "Nd, Nw, month or month:DAY)");
	bad("0d", 1, "bad --after '0d' (use Nd or Nw, such as 10d)");
	bad("x", 1, "bad --after 'x' (use Nd or Nw, such as 10d)");
}

static void
period_is(const char *text, int64_t d0, int wstart, int64_t d, int64_t ws,
    int64_t we)
{
	struct sched s;
	int64_t st, en;

	assert_int_equal(sched_parse(text, 0, &s, NULL), 0);
	assert_int_equal(sched_period(&s, d0, wstart, d, &st, &en), 0);
	assert_int_equal(st, ws);
	assert_int_equal(en, we);
}

static void
test_periods(void **state)
{
	int64_t d0 = D(2026, 1, 1);	/* a Thursday */

	assert_int_equal(date_weekday(D(2026, 11, 26)), 4);
	assert_int_equal(date_weekday(D(1970, 1, 1)), 4);
	assert_int_equal(date_weekday(D(1969, 12, 28)), 0);
	period_is("day", d0, 1, D(2026, 3, 1), D(2026, 3, 1), D(2026, 3, 2));
	/* Weeks from Monday, and from Sunday. */
	period_is("week", d0, 1, D(2026, 11, 26), D(2026, 11, 23),
	    D(2026, 11, 30));
	period_is("week", d0, 0, D(2026, 11, 26), D(2026, 11, 22),
	    D(2026, 11, 29));
	period_is("week", d0, 1, D(2026, 11, 23), D(2026, 11, 23),
	    D(2026, 11, 30));
	/* Weekdays: from one listed day to the next. */
	period_is("mon,thu", d0, 1, D(2026, 11, 26), D(2026, 11, 26),
	    D(2026, 11, 30));
	period_is("mon,thu", d0, 1, D(2026, 11, 25), D(2026, 11, 23),
	    D(2026, 11, 26));
	period_is("sun", d0, 1, D(2026, 11, 26), D(2026, 11, 22),
	    D(2026, 11, 29));
	/* Every N days or weeks from the day it was added. */
	period_is("3d", d0, 1, d0 + 7, d0 + 6, d0 + 9);
	period_is("2w", d0, 1, d0 + 20, d0 + 14, d0 + 28);
	/* Months, across their ends and leap days. */
	period_is("month", D(2020, 1, 1), 1, D(2024, 2, 29), D(2024, 2, 1),
	    D(2024, 3, 1));
	period_is("month", d0, 1, D(2026, 12, 31), D(2026, 12, 1),
	    D(2027, 1, 1));
	period_is("month:31", d0, 1, D(2026, 4, 30), D(2026, 4, 30),
	    D(2026, 5, 31));
	period_is("month:31", d0, 1, D(2026, 3, 15), D(2026, 2, 28),
	    D(2026, 3, 31));
	period_is("month:31", D(2024, 1, 1), 1, D(2024, 3, 1),
	    D(2024, 2, 29), D(2024, 3, 31));
	period_is("month:30", d0, 1, D(2027, 1, 5), D(2026, 12, 30),
	    D(2027, 1, 30));
	period_is("month:29", D(2023, 1, 1), 1, D(2023, 3, 1), D(2023, 2, 28),
	    D(2023, 3, 29));
	/* Before the first occurrence: the first period (done early). */
	period_is("mon", D(2026, 11, 26), 1, D(2026, 11, 27), D(2026, 11, 30),
	    D(2026, 12, 7));
	period_is("month:15", D(2026, 11, 20), 1, D(2026, 11, 21),
	    D(2026, 12, 15), D(2027, 1, 15));
	/* Where any day counts, the period it was added in is the first. */
	period_is("week", D(2026, 11, 25), 1, D(2026, 11, 25),
	    D(2026, 11, 23), D(2026, 11, 30));
	period_is("month", D(2026, 11, 20), 1, D(2026, 11, 2),
	    D(2026, 11, 1), D(2026, 12, 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_periods),
	};

	return cmocka_run_group_tests_name("schedule", tests, NULL, NULL);
}
