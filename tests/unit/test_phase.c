/*
 * Unit tests for phase: the plan of a listen-timer session and its clock,
 * driven by a clock of the test's own.
 *
 * Every "now" is a number the test chooses, and every expected value is
 * worked out by hand in the comments: no test waits, and none depends on
 * how fast the machine is.  The times are whole seconds and halves,
 * which doubles hold exactly; they are compared to a nanosecond, for the
 * shares of a phase that are not.
 *
 * Reading a record back is tested on the values a partner's machine could
 * send: every one out of the range, or not in the form listen-timer
 * writes, is refused with its reason.
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
#include "record.h"

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

static void
test_add_max(void **state)
{
	struct phase_session ps;
	struct hmoment start = { 1000, 0 };

	/* A turn of more than a day is not a plan. */
	assert_int_equal(phase_plan(&ps, "ana", "ben", 86400.5, 0, 1), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(phase_plan(&ps, "ana", "ben", 60, 86401, 1), -1);
	/* A turn of 86390 s started at 0: + adds the 10 s left to a day. */
	assert_int_equal(phase_plan(&ps, "ana", "ben", 86390, 0, 1), 0);
	phase_begin(&ps, &start, 0);
	phase_start(&ps, 0);
	phase_add(&ps, PHASE_STEP);
	same(ps.p[0].planned, 86400);
	same(phase_deadline(&ps), 86400);
	/* At a day, + does nothing; - still takes 30 s off. */
	phase_add(&ps, PHASE_STEP);
	same(ps.p[0].planned, 86400);
	same(phase_deadline(&ps), 86400);
	phase_add(&ps, -PHASE_STEP);
	same(ps.p[0].planned, 86370);
	same(phase_deadline(&ps), 86370);
}

static void
test_actual_max(void **state)
{
	struct phase_session ps;
	struct hmoment start = { 1000, 0 };

	/* A day-long turn ended 2.5 s late (a stop, a slow wakeup) ran a day,
	 * as far as the record goes. */
	assert_int_equal(phase_plan(&ps, "ana", "ben", 86400, 0, 1), 0);
	phase_begin(&ps, &start, 0);
	phase_start(&ps, 0);
	phase_end(&ps, 86402.5);
	same(ps.p[0].actual, 86400);
	phase_quit(&ps, 86403);
	format_is(&ps, "speak:ana:ben:86400.000:86400.000 "
	    "speak:ben:ana:86400.000:0.000");
}

/* s is seconds as a record holds them, with the value want. */
static void
seconds_ok(const char *s, double want)
{
	double v = -1;

	if (phase_seconds(s, strlen(s), &v) != 0)
		fail_msg("'%s' refused", s);
	same(v, want);
}

static void
seconds_bad(const char *s)
{
	double v = -1;

	if (phase_seconds(s, strlen(s), &v) != -1)
		fail_msg("'%s' taken as %.3f", s, v);
	same(v, -1);
}

static void
test_seconds(void **state)
{
	char big[310];

	seconds_ok("0", 0);
	seconds_ok("0.000", 0);
	seconds_ok("180.000", 180);
	seconds_ok("175.25", 175.25);
	seconds_ok("0.5", 0.5);
	seconds_ok("1.05", 1.05);
	seconds_ok("00180.125", 180.125);
	seconds_ok("86400", 86400);
	seconds_ok("86400.000", 86400);
	seconds_ok("86399.999", 86399.999);
	/* A record holds a decimal from 0 to a day, nothing else. */
	seconds_bad("");
	seconds_bad(".5");
	seconds_bad("180.");
	seconds_bad("1.2345");
	seconds_bad("-5.000");
	seconds_bad("-0");
	seconds_bad("+5");
	seconds_bad("inf");
	seconds_bad("INF");
	seconds_bad("nan");
	seconds_bad("1e999");
	seconds_bad("1e308");
	seconds_bad("0x10");
	seconds_bad(" 1");
	seconds_bad("1 ");
	seconds_bad("1,5");
	seconds_bad("86400.001");
	seconds_bad("86401");
	seconds_bad("99999");
	seconds_bad("000001");
	seconds_bad("99999999999.999");
	/* 1 and 300 zeros: refused, not taken for a huge number. */
	big[0] = '1';
	memset(big + 1, '0', 300);
	memcpy(big + 301, ".000", 5);
	seconds_bad(big);
	/* The length is the caller's: "180" of "1805". */
	{
		double v;

		assert_int_equal(phase_seconds("1805", 3, &v), 0);
		same(v, 180);
	}
}

/* PHASES s is refused, with the reason why. */
static void
parse_bad(const char *s, const char *why)
{
	struct phase p[PHASE_MAX];
	char buf[2048];
	const char *got = NULL;
	size_t n = 99;

	strlcpy(buf, s, sizeof(buf));
	if (phase_parse(buf, p, &n, &got) != -1)
		fail_msg("'%s' taken", s);
	assert_non_null(got);
	assert_string_equal(got, why);
}

static void
test_parse(void **state)
{
	static const char bad_planned[] = "bad planned seconds (0 to 86400, "
	    "at most three decimals)";
	static const char bad_actual[] = "bad actual seconds (0 to 86400, "
	    "at most three decimals)";
	static const char not5[] = "a phase is not "
	    "PHASE:SPEAKER:LISTENER:PLANNED:ACTUAL";
	struct phase p[PHASE_MAX];
	struct buf b = BUF_INIT;
	const char *why = NULL;
	char s[] = "speak:ana:ben:180.000:175.250 reflect:a\tb:ben:60:0.5";
	size_t n = 0, i;

	assert_int_equal(phase_parse(s, p, &n, &why), 0);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].kind, PHASE_SPEAK);
	assert_string_equal(p[0].speaker, "ana");
	assert_string_equal(p[0].listener, "ben");
	same(p[0].planned, 180);
	same(p[0].actual, 175.25);
	assert_int_equal(p[1].kind, PHASE_REFLECT);
	assert_string_equal(p[1].speaker, "a\tb");	/* shown safe later */
	same(p[1].planned, 60);
	same(p[1].actual, 0.5);

	parse_bad("", "a session without phases");
	parse_bad("speak:ana:ben:inf:1", bad_planned);
	parse_bad("speak:ana:ben:nan:1", bad_planned);
	parse_bad("speak:ana:ben:-5.000:1", bad_planned);
	parse_bad("speak:ana:ben:1e999:1", bad_planned);
	parse_bad("speak:ana:ben:1:1e308", bad_actual);
	parse_bad("speak:ana:ben:1:99999999999.999", bad_actual);
	parse_bad("dance:ana:ben:1:1", "a phase is neither speak nor reflect");
	parse_bad("Speak:ana:ben:1:1", "a phase is neither speak nor reflect");
	parse_bad("speak::ben:1:1", "a phase has an empty name");
	parse_bad("speak:ana::1:1", "a phase has an empty name");
	parse_bad("speak:ana:ben:1", not5);
	parse_bad("speak:ana:ben:1:1:", not5);
	parse_bad("speak:ana:ben:1:1:reflect:ana:ben:1:1", not5);
	parse_bad("speak:ana:ben:1:1  speak:ben:ana:1:1",
	    "an empty phase (two spaces, or one at an end)");
	parse_bad("speak:ana:ben:1:1 ",
	    "an empty phase (two spaces, or one at an end)");
	parse_bad(" speak:ana:ben:1:1",
	    "an empty phase (two spaces, or one at an end)");
	/* The second phase is checked as the first is. */
	parse_bad("speak:ana:ben:1:1 speak:ben:ana:1:inf", bad_actual);

	/* 32 phases are what 8 rounds make; 33 are too many. */
	for (i = 0; i < PHASE_MAX; i++)
		assert_int_equal(buf_printf(&b, "%sspeak:ana:ben:1:1",
		    i > 0 ? " " : ""), 0);
	assert_int_equal(buf_nul(&b), 0);
	assert_int_equal(phase_parse(b.p, p, &n, &why), 0);
	assert_int_equal(n, PHASE_MAX);
	buf_reset(&b);
	for (i = 0; i <= PHASE_MAX; i++)
		assert_int_equal(buf_printf(&b, "%sspeak:ana:ben:1:1",
		    i > 0 ? " " : ""), 0);
	assert_int_equal(buf_nul(&b), 0);
	parse_bad(b.p, "more than 32 phases");
	buf_free(&b);
}

/* What phase_format writes, phase_parse reads back as it was. */
static void
test_round_trip(void **state)
{
	struct phase_session ps;
	struct phase p[PHASE_MAX];
	struct hmoment start = { 1000, 0 };
	struct buf b = BUF_INIT;
	const char *why;
	size_t n, i;

	/* 8 rounds, 32 phases: the first 30 s longer and ended at 180.125,
	 * the second quit at 20.375, the other 30 never started. */
	assert_int_equal(phase_plan(&ps, "ana", "ben", 180, 60, 8), 0);
	phase_begin(&ps, &start, 100);
	phase_start(&ps, 100);
	phase_add(&ps, PHASE_STEP);
	phase_end(&ps, 280.125);
	phase_start(&ps, 280.125);
	phase_quit(&ps, 300.5);
	same(ps.p[0].planned, 210);
	same(ps.p[0].actual, 180.125);
	same(ps.p[1].actual, 20.375);
	assert_int_equal(phase_format(&ps, &b), 0);
	assert_int_equal(phase_parse(b.p, p, &n, &why), 0);
	assert_int_equal(n, PHASE_MAX);
	for (i = 0; i < n; i++) {
		assert_int_equal(p[i].kind, ps.p[i].kind);
		assert_string_equal(p[i].speaker, ps.p[i].speaker);
		assert_string_equal(p[i].listener, ps.p[i].listener);
		same(p[i].planned, ps.p[i].planned);
		same(p[i].actual, ps.p[i].actual);
	}
	buf_free(&b);
}

/* The record line is refused by phase_record_check, with why. */
static void
record_bad(const char *line, const char *why)
{
	struct record r;
	const char *got = NULL;

	assert_int_equal(record_parse(&r, line, strlen(line), NULL, &got), 0);
	if (phase_record_check(&r, &got) != -1)
		fail_msg("'%s' taken", line);
	assert_string_equal(got, why);
}

static void
test_record(void **state)
{
	static const char good[] = "2026-11-26T21:00:00.104731+01:00\tben\t"
	    "session\tended\ta\\ttopic\tspeak:ben:ana:180.000:42.500 "
	    "reflect:b\\\\n\\tx:ana:60.000:0.000";
	struct phase p[PHASE_MAX];
	struct record r;
	char buf[RECORD_MAX];
	const char *why = NULL;
	size_t n = 0;

	assert_int_equal(record_parse(&r, good, strlen(good), NULL, &why), 0);
	assert_int_equal(phase_record_check(&r, &why), 0);
	assert_int_equal(phase_record_parse(&r, buf, sizeof(buf), p, &n, &why),
	    0);
	assert_int_equal(n, 2);
	same(p[0].actual, 42.5);
	/* PHASES is a text field: unescaped, then cut up. */
	assert_string_equal(p[1].speaker, "b\\n\tx");

	record_bad("2026-11-26T21:00:00+01:00\tben\tsession\tdone\tt\t"
	    "speak:ben:ana:1:1", "a session is neither finished nor ended");
	record_bad("2026-11-26T21:00:00+01:00\tben\tsession\tFinished\tt\t"
	    "speak:ben:ana:1:1", "a session is neither finished nor ended");
	record_bad("2026-11-26T21:00:00+01:00\tben\tsession\tfinished\\t\tt\t"
	    "speak:ben:ana:1:1", "a session is neither finished nor ended");
	record_bad("2026-11-26T21:00:00+01:00\tben\tsession\tfinished\tt",
	    "a session without three fields");
	record_bad("2026-11-26T21:00:00+01:00\tben\tsession\tfinished\tt\t"
	    "speak:ben:ana:1:1\tmore", "a session without three fields");
	record_bad("2026-11-26T21:00:00+01:00\tben\tsession\tfinished\tt\t",
	    "a session without phases");
	/* A space at the end leaves an empty phase after it. */
	record_bad("2026-11-26T21:00:00+01:00\tben\tsession\tfinished\tt\t"
	    "speak:ben:ana:1:1 ", "an empty phase (two spaces, or one at an "
	    "end)");
	record_bad("2026-11-26T21:00:00+01:00\tben\tsession\tended\tt\t"
	    "speak:ben:ana:inf:1", "bad planned seconds (0 to 86400, at most "
	    "three decimals)");
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
		cmocka_unit_test(test_add_max),
		cmocka_unit_test(test_actual_max),
		cmocka_unit_test(test_seconds),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
