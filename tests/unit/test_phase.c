/*
 * Unit tests for phase: the plan of a listen-timer session and its clock,
 * driven by a clock of the test's own.
 *
 * Every "now" is a number the test chooses, and every expected value is
 * worked out by hand in the comments: no test waits, and none depends on
 * how fast the machine is.  The times are whole seconds and halves,
 * which doubles hold exactly; they are compared to a nanosecond, for the
 * shares of a phase that are not.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "date.h"
#include "phase.h"

static void
same(double got, double want)
{
	if (got - want > 1e-9 || want - got > 1e-9)
		fail_msg("got %.6f, want %.6f", got, want);
}

/* Phase i is kind, speaker, listener, planned seconds. */
static void
phase_is(const struct phase_session *ps, size_t i, enum phase_kind kind,
    const char *speaker, const char *listener, double planned)
{
	assert_true(i < ps->n);
	assert_int_equal(ps->p[i].kind, kind);
	assert_string_equal(ps->p[i].speaker, speaker);
	assert_string_equal(ps->p[i].listener, listener);
	same(ps->p[i].planned, planned);
}

/* The PHASES field of the record. */
static void
format_is(const struct phase_session *ps, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(phase_format(ps, &b), 0);
	assert_string_equal(b.p, want);
	buf_free(&b);
}

/* A session of ana and ben, -t 180 -r 60 -n 1, begun at 100. */
static void
plan_default(struct phase_session *ps)
{
	struct hmoment start = { 1000, 0 };

	assert_int_equal(phase_plan(ps, "ana", "ben", 180, 60, 1), 0);
	phase_begin(ps, &start, 100);
}

/* The same, its first phase (ana speaks, 180 s) started at 100. */
static void
start_default(struct phase_session *ps)
{
	plan_default(ps);
	phase_start(ps, 100);
}

static void
test_plan(void **state)
{
	struct phase_session ps;
	size_t i;

	/* -t 3m -r 1m: ana speaks, ben says back, ben speaks, ana says back. */
	assert_int_equal(phase_plan(&ps, "ana", "ben", 180, 60, 1), 0);
	assert_int_equal(ps.n, 4);
	assert_int_equal(ps.rounds, 1);
	phase_is(&ps, 0, PHASE_SPEAK, "ana", "ben", 180);
	phase_is(&ps, 1, PHASE_REFLECT, "ana", "ben", 60);
	phase_is(&ps, 2, PHASE_SPEAK, "ben", "ana", 180);
	phase_is(&ps, 3, PHASE_REFLECT, "ben", "ana", 60);
	for (i = 0; i < ps.n; i++)
		same(ps.p[i].actual, 0);

	/* -r 0: no reflect phases; -n 3: the pair three times. */
	assert_int_equal(phase_plan(&ps, "ana", "ben", 90, 0, 3), 0);
	assert_int_equal(ps.n, 6);
	for (i = 0; i < 6; i += 2) {
		phase_is(&ps, i, PHASE_SPEAK, "ana", "ben", 90);
		phase_is(&ps, i + 1, PHASE_SPEAK, "ben", "ana", 90);
	}

	/* -n 8 -r 0.5s: 32 phases, the last ben's reflect step. */
	assert_int_equal(phase_plan(&ps, "ben", "ana", 0.5, 0.5, 8), 0);
	assert_int_equal(ps.n, PHASE_MAX);
	phase_is(&ps, 0, PHASE_SPEAK, "ben", "ana", 0.5);
	phase_is(&ps, 31, PHASE_REFLECT, "ana", "ben", 0.5);
	format_is(&ps, "speak:ben:ana:0.500:0.000 reflect:ben:ana:0.500:0.000 "
	    "speak:ana:ben:0.500:0.000 reflect:ana:ben:0.500:0.000 "
	    "speak:ben:ana:0.500:0.000 reflect:ben:ana:0.500:0.000 "
	    "speak:ana:ben:0.500:0.000 reflect:ana:ben:0.500:0.000 "
	    "speak:ben:ana:0.500:0.000 reflect:ben:ana:0.500:0.000 "
	    "speak:ana:ben:0.500:0.000 reflect:ana:ben:0.500:0.000 "
	    "speak:ben:ana:0.500:0.000 reflect:ben:ana:0.500:0.000 "
	    "speak:ana:ben:0.500:0.000 reflect:ana:ben:0.500:0.000 "
	    "speak:ben:ana:0.500:0.000 reflect:ben:ana:0.500:0.000 "
	    "speak:ana:ben:0.500:0.000 reflect:ana:ben:0.500:0.000 "
	    "speak:ben:ana:0.500:0.000 reflect:ben:ana:0.500:0.000 "
	    "speak:ana:ben:0.500:0.000 reflect:ana:ben:0.500:0.000 "
	    "speak:ben:ana:0.500:0.000 reflect:ben:ana:0.500:0.000 "
	    "speak:ana:ben:0.500:0.000 reflect:ana:ben:0.500:0.000 "
	    "speak:ben:ana:0.500:0.000 reflect:ben:ana:0.500:0.000 "
	    "speak:ana:ben:0.500:0.000 reflect:ana:ben:0.500:0.000");

	/* What the options refuse, the plan refuses too. */
	errno = 0;
	assert_int_equal(phase_plan(&ps, "a", "b", 180, 60, 0), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(phase_plan(&ps, "a", "b", 180, 60, 9), -1);
	assert_int_equal(phase_plan(&ps, "a", "b", 0, 60, 1), -1);
	assert_int_equal(phase_plan(&ps, "a", "b", 180, -1, 1), -1);
}

static void
test_rounds(void **state)
{
	struct phase_session ps;
	double now = 0;
	size_t want[] = { 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 };
	size_t i;

	/* Four phases a round, then two with -r 0. */
	assert_int_equal(phase_plan(&ps, "ana", "ben", 10, 5, 3), 0);
	for (i = 0; i < 12; i++, now += 1) {
		assert_int_equal(ps.cur, i);
		assert_int_equal(phase_round(&ps), want[i]);
		phase_start(&ps, now);
		phase_end(&ps, now + 0.5);
	}
	assert_null(phase_current(&ps));
	assert_int_equal(phase_plan(&ps, "ana", "ben", 10, 0, 2), 0);
	phase_start(&ps, 0);
	phase_end(&ps, 1);
	assert_int_equal(phase_round(&ps), 1);
	phase_start(&ps, 1);
	phase_end(&ps, 2);
	assert_int_equal(phase_round(&ps), 2);
}

static void
test_time_left(void **state)
{
	struct phase_session ps;

	plan_default(&ps);
	/* Before it starts, the whole phase is left; nothing is due. */
	same(phase_left(&ps, 100), 180);
	assert_false(phase_due(&ps, 1000));
	/* Started at 100: the deadline is 280. */
	phase_start(&ps, 100);
	same(phase_deadline(&ps), 280);
	same(phase_left(&ps, 100), 180);
	same(phase_left(&ps, 145), 135);
	same(phase_left(&ps, 279.5), 0.5);
	assert_false(phase_due(&ps, 279.5));
	/* At the deadline and after it: nothing left, due. */
	same(phase_left(&ps, 280), 0);
	assert_true(phase_due(&ps, 280));
	same(phase_left(&ps, 300), 0);
	assert_true(phase_due(&ps, 300));
	/* A share of it gone: 45 of 180 s is a quarter. */
	same(phase_gone(&ps, 100), 0);
	same(phase_gone(&ps, 145), 0.25);
	same(phase_gone(&ps, 280), 1);
	same(phase_gone(&ps, 400), 1);
	/* Ended at 280: the phase ran 180 s, the reflect phase is next. */
	phase_end(&ps, 280);
	same(ps.p[0].actual, 180);
	assert_ptr_equal(phase_current(&ps), &ps.p[1]);
	same(phase_left(&ps, 280), 60);
	same(phase_gone(&ps, 280), 0);
}

static void
test_pause(void **state)
{
	struct phase_session ps;

	start_default(&ps);
	/* Paused at 160 with 120 s left: still 120 s left 30 s later. */
	phase_pause(&ps, 160);
	assert_true(phase_paused(&ps));
	same(phase_left(&ps, 160), 120);
	same(phase_left(&ps, 190), 120);
	same(phase_gone(&ps, 190), 60.0 / 180);
	/* A paused phase is never due, not even long after its deadline. */
	assert_false(phase_due(&ps, 280));
	assert_false(phase_due(&ps, 10000));
	/* Resumed at 190: the deadline is 30 s later, 310 instead of 280. */
	phase_resume(&ps, 190);
	assert_false(phase_paused(&ps));
	same(phase_deadline(&ps), 310);
	same(phase_left(&ps, 190), 120);
	assert_false(phase_due(&ps, 309.5));
	assert_true(phase_due(&ps, 310));
	/* It ran 180 s: from 100 to 310, less the 30 s paused. */
	phase_end(&ps, 310);
	same(ps.p[0].actual, 180);
	/* A pause or resume out of turn changes nothing. */
	phase_resume(&ps, 400);
	phase_pause(&ps, 400);
	assert_false(phase_paused(&ps));
	same(phase_left(&ps, 500), 60);
}

static void
test_two_pauses(void **state)
{
	struct phase_session ps;

	/* Pauses of 10 and 20 s in a phase of 180: deadline 100+180+30. */
	start_default(&ps);
	phase_pause(&ps, 110);
	phase_resume(&ps, 120);
	phase_pause(&ps, 200);
	phase_resume(&ps, 220);
	same(phase_deadline(&ps), 310);
	same(phase_left(&ps, 220), 90);
	phase_end(&ps, 310);
	same(ps.p[0].actual, 180);
}

static void
test_next(void **state)
{
	struct phase_session ps;

	/* n at 142.5: the phase ran 42.5 s, the reflect phase is next. */
	start_default(&ps);
	phase_end(&ps, 142.5);
	same(ps.p[0].actual, 42.5);
	same(ps.p[0].planned, 180);
	assert_ptr_equal(phase_current(&ps), &ps.p[1]);
	assert_false(phase_paused(&ps));
	/* n while paused: paused at 150 after 7.5 s, n at 170. */
	phase_start(&ps, 142.5);
	phase_pause(&ps, 150);
	phase_end(&ps, 170);
	same(ps.p[1].actual, 7.5);
	assert_ptr_equal(phase_current(&ps), &ps.p[2]);
	/* The next phase starts with no pause of the last one's. */
	phase_start(&ps, 170);
	same(phase_deadline(&ps), 350);
	phase_end(&ps, 180);
	same(ps.p[2].actual, 10);
	/* n in the last phase: the session is over, finished. */
	phase_start(&ps, 180);
	phase_end(&ps, 181);
	assert_null(phase_current(&ps));
	assert_true(phase_finished(&ps));
	assert_string_equal(phase_status(&ps), "finished");
	format_is(&ps, "speak:ana:ben:180.000:42.500 "
	    "reflect:ana:ben:60.000:7.500 speak:ben:ana:180.000:10.000 "
	    "reflect:ben:ana:60.000:1.000");
	/* Nothing more to end or start. */
	phase_end(&ps, 200);
	phase_start(&ps, 200);
	assert_null(phase_current(&ps));
}

static void
test_add(void **state)
{
	struct phase_session ps;

	start_default(&ps);
	/* + at 110: 30 s more, planned 210, deadline 310. */
	phase_add(&ps, PHASE_STEP);
	same(ps.p[0].planned, 210);
	same(phase_deadline(&ps), 310);
	same(phase_left(&ps, 110), 200);
	/* - twice at 110: 60 s off, planned 150, deadline 250. */
	phase_add(&ps, -PHASE_STEP);
	phase_add(&ps, -PHASE_STEP);
	same(ps.p[0].planned, 150);
	same(phase_deadline(&ps), 250);
	same(phase_left(&ps, 110), 140);
	phase_end(&ps, 250);
	same(ps.p[0].actual, 150);
	format_is(&ps, "speak:ana:ben:150.000:150.000 "
	    "reflect:ana:ben:60.000:0.000 speak:ben:ana:180.000:0.000 "
	    "reflect:ben:ana:60.000:0.000");
	/* Before a phase starts, + and - do nothing. */
	phase_add(&ps, PHASE_STEP);
	same(ps.p[1].planned, 60);
}

static void
test_take_off(void **state)
{
	struct phase_session ps;

	/* The reflect phase of 60 s, started at 300. */
	start_default(&ps);
	phase_end(&ps, 280);
	phase_start(&ps, 300);
	/* At 340, 20 s left: - leaves none, the phase is due at once. */
	assert_false(phase_due(&ps, 340));
	phase_add(&ps, -PHASE_STEP);
	same(phase_deadline(&ps), 330);
	same(phase_left(&ps, 340), 0);
	assert_true(phase_due(&ps, 340));
	same(ps.p[1].planned, 30);
	/* Again: planned time never goes below 0. */
	phase_add(&ps, -PHASE_STEP);
	phase_add(&ps, -PHASE_STEP);
	same(ps.p[1].planned, 0);
	same(phase_gone(&ps, 340), 1);
	phase_end(&ps, 340);
	same(ps.p[1].actual, 40);
}

static void
test_take_off_paused(void **state)
{
	struct phase_session ps;

	/* Paused at 250 with 30 s left, - takes them: 0 left, not due. */
	start_default(&ps);
	phase_pause(&ps, 250);
	phase_add(&ps, -PHASE_STEP);
	same(phase_left(&ps, 260), 0);
	assert_false(phase_due(&ps, 260));
	/* Resumed at 270, it is due at once: it ran 150 s. */
	phase_resume(&ps, 270);
	assert_true(phase_due(&ps, 270));
	phase_end(&ps, 270);
	same(ps.p[0].actual, 150);
	same(ps.p[0].planned, 150);
}

static void
test_quit(void **state)
{
	struct phase_session ps;

	/* q at 130 in the first phase: it ran 30 s, the others never. */
	start_default(&ps);
	phase_quit(&ps, 130);
	assert_null(phase_current(&ps));
	assert_false(phase_finished(&ps));
	assert_string_equal(phase_status(&ps), "ended");
	format_is(&ps, "speak:ana:ben:180.000:30.000 "
	    "reflect:ana:ben:60.000:0.000 speak:ben:ana:180.000:0.000 "
	    "reflect:ben:ana:60.000:0.000");
	/* Nothing moves once it is over. */
	phase_start(&ps, 140);
	phase_end(&ps, 150);
	phase_quit(&ps, 160);
	same(ps.p[0].actual, 30);
	assert_null(phase_current(&ps));

	/* q while paused: paused at 120 after 20 s, q at 500. */
	start_default(&ps);
	phase_pause(&ps, 120);
	phase_quit(&ps, 500);
	same(ps.p[0].actual, 20);
	assert_string_equal(phase_status(&ps), "ended");

	/* q before a phase starts (--wait): it records nothing of it. */
	start_default(&ps);
	phase_end(&ps, 280);
	phase_quit(&ps, 290);
	same(ps.p[0].actual, 180);
	same(ps.p[1].actual, 0);
	assert_string_equal(phase_status(&ps), "ended");
}

/*
 * A whole session, as a person might run it: the first phase runs out,
 * the reflect phase is cut short with n, ben takes 30 s more and pauses
 * for 30 s, and ana's reflect step is quit after 10 s.
 */
static void
test_session(void **state)
{
	struct phase_session ps;
	const struct phase *ph;

	plan_default(&ps);
	ph = phase_current(&ps);
	assert_int_equal(ph->kind, PHASE_SPEAK);
	assert_string_equal(ph->speaker, "ana");
	phase_start(&ps, 100);
	assert_false(phase_due(&ps, 279));
	assert_true(phase_due(&ps, 280));
	phase_end(&ps, 280);

	ph = phase_current(&ps);
	assert_int_equal(ph->kind, PHASE_REFLECT);
	assert_string_equal(ph->listener, "ben");
	phase_start(&ps, 280);
	phase_end(&ps, 322.5);

	ph = phase_current(&ps);
	assert_int_equal(ph->kind, PHASE_SPEAK);
	assert_string_equal(ph->speaker, "ben");
	/* 322.5 + 180 + 30 (+) + 30 (paused from 400 to 430) = 562.5. */
	phase_start(&ps, 322.5);
	phase_add(&ps, PHASE_STEP);
	phase_pause(&ps, 400);
	phase_resume(&ps, 430);
	assert_false(phase_due(&ps, 562));
	assert_true(phase_due(&ps, 562.5));
	phase_end(&ps, 562.5);

	ph = phase_current(&ps);
	assert_int_equal(ph->kind, PHASE_REFLECT);
	assert_string_equal(ph->speaker, "ben");
	assert_string_equal(ph->listener, "ana");
	phase_start(&ps, 562.5);
	phase_quit(&ps, 572.5);

	assert_string_equal(phase_status(&ps), "ended");
	format_is(&ps, "speak:ana:ben:180.000:180.000 "
	    "reflect:ana:ben:60.000:42.500 speak:ben:ana:210.000:210.000 "
	    "reflect:ben:ana:60.000:10.000");
}

static void
test_clock(void **state)
{
	static const struct {
		double		 left;
		const char	*want;
	} t[] = {
		{ 0, "00:00" },
		{ 0.001, "00:01" },
		{ 1, "00:01" },
		{ 1.25, "00:02" },
		{ 59, "00:59" },
		{ 59.5, "01:00" },
		{ 179.2, "03:00" },
		{ 3599, "59:59" },
		{ 3599.5, "1:00:00" },
		{ 3661.5, "1:01:02" },
		{ 86400, "24:00:00" },
		{ 1e12, "1111111:06:40" },	/* cut at 4e9 s */
	};
	char buf[PHASE_CLOCK_MAX];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		phase_clock(t[i].left, buf);
		assert_string_equal(buf, t[i].want);
	}
}

static void
test_stamp(void **state)
{
	struct phase_session ps;
	struct hmoment start = { 1000, 900000 }, m;

	/* Begun at 50 on the monotonic clock, at 1000.9 on the wall. */
	assert_int_equal(phase_plan(&ps, "ana", "ben", 1, 0, 1), 0);
	phase_begin(&ps, &start, 50);
	phase_stamp(&ps, 50, &m);
	assert_int_equal(m.sec, 1000);
	assert_int_equal(m.usec, 900000);
	/* 0.5 s later: 1001.4, the microseconds carried. */
	phase_stamp(&ps, 50.5, &m);
	assert_int_equal(m.sec, 1001);
	assert_int_equal(m.usec, 400000);
	/* 61.25 s later: 1062.15. */
	phase_stamp(&ps, 111.25, &m);
	assert_int_equal(m.sec, 1062);
	assert_int_equal(m.usec, 150000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_rounds),
		cmocka_unit_test(test_time_left),
		cmocka_unit_test(test_pause),
		cmocka_unit_test(test_two_pauses),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_take_off),
		cmocka_unit_test(test_take_off_paused),
		cmocka_unit_test(test_quit),
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_stamp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
