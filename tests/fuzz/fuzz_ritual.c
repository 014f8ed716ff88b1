/*
 * fuzz_ritual: libFuzzer harness for the ritual module, fed what a
 * partner's log may hold.
 *
 * The input is two bytes of parameters, then record lines separated by
 * LF: the first byte picks the weekday weeks start on, the second the
 * day the set is seen on (around 4 March 2026).  Each line that
 * record_parse takes is fed to ritual_feed, which may only refuse a bad
 * schedule (HX_DATAERR); then ritual_settle, ritual_assess, ritual_day,
 * ritual_lookup and ritual_undoable run on every ritual.  The input is
 * capped at 16 KiB, so a run is bounded (a few hundred records).
 *
 * What must hold, or abort(): no two rituals share a folded name, and
 * each is found by its own name; rituals come in the order they were
 * defined; events are in day order, dones first, each within the
 * ritual's days (from its first day to the day seen on); pauses are in
 * day order and apart; a status keeps its promises (streak at most
 * best, a last done that is an event, due when overdue, never due when
 * retired); a day's state is what its events say.  For a calendar
 * ritual of fewer than 4000 days, streaks and missed days are also
 * worked out the slow way, a period at a time and an event at a time
 * (each period's window: its occurrence day and the grace after it,
 * never past its end, the first one from the day it was added; an
 * occurrence in a pause is never missed), and must agree.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "herr.h"
#include "record.h"
#include "ritual.h"
#include "schedule.h"

#define INPUT_MAX	16384
#define SLOW_DAYS	4000

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	return 0;
}

/* Whether day d falls in a pause of rt, the slow way. */
static int
slow_paused(const struct ritual *rt, int64_t d)
{
	size_t j;

	for (j = 0; j < rt->npause; j++)
		if (d >= rt->pause[j].from && d < rt->pause[j].to)
			return 1;
	return 0;
}

/*
 * The window [*lo, *we) of the period of rt [start, end), the slow way:
 * from its occurrence day (the first period's: from the day it was
 * added) to the end of its grace, or of the period for week and month.
 */
static void
slow_window(const struct ritual *rt, int wstart, int64_t start, int64_t end,
    int64_t *lo, int64_t *we)
{
	int64_t first, unused;

	sched_period(&rt->s, rt->d0, wstart, rt->d0, &first, &unused);
	*lo = start == first ? rt->d0 : start;
	*we = end;
	if (ritual_tied(&rt->s) && start + rt->grace + 1 < end)
		*we = start + rt->grace + 1;
}

/*
 * Whether the window of the period of rt [start, end) holds a done or a
 * skip dated by today, the slow way.
 */
static void
slow_marks(const struct ritual *rt, int wstart, int64_t start, int64_t end,
    int64_t today, int *kept, int *skipped)
{
	int64_t lo, we;
	size_t i;

	slow_window(rt, wstart, start, end, &lo, &we);
	*kept = *skipped = 0;
	for (i = 0; i < rt->nev; i++) {
		if (rt->ev[i].day > today || rt->ev[i].day < lo ||
		    rt->ev[i].day >= we)
			continue;
		if (rt->ev[i].skip)
			*skipped = 1;
		else
			*kept = 1;
	}
}

/*
 * The streaks and due state of a calendar ritual, period by period from
 * the first to the current one, against ritual_assess's.
 */
static void
check_slow_calendar(const struct ritual *rt, int64_t today, int wstart,
    const struct ritual_status *st)
{
	int64_t ps, pe, cur_st, cur_en, lo, we;
	int kept, skipped, run = 0, best = 0, due = 0;

	if (rt->retired && rt->retired_on < today)
		today = rt->retired_on;
	sched_period(&rt->s, rt->d0, wstart, today, &cur_st, &cur_en);
	sched_period(&rt->s, rt->d0, wstart, rt->d0, &ps, &pe);
	for (;;) {
		sched_period(&rt->s, rt->d0, wstart, ps, &ps, &pe);
		slow_marks(rt, wstart, ps, pe, today, &kept, &skipped);
		slow_window(rt, wstart, ps, pe, &lo, &we);
		/* Missed: its window passed unkept, outside a pause. */
		if (kept)
			run++;
		else if (!skipped && today >= we && !slow_paused(rt, ps))
			run = 0;
		if (run > best)
			best = run;
		if (ps >= cur_st) {
			due = !kept && !skipped && ps <= today && today < we;
			break;
		}
		ps = pe;
	}
	if (st->streak != run || st->best != best || st->occ != cur_st ||
	    st->due != (due && !rt->retired))
		abort();
}

/*
 * A day's state, the slow way: its events, else today's due (which
 * check_slow_calendar checks), else a missed period.
 */
static enum ritual_day_state
slow_day(const struct ritual *rt, int64_t d, int64_t today, int wstart)
{
	enum ritual_day_state state = RITUAL_NOT_DUE;
	struct ritual_status now;
	int64_t st, en, lo, we;
	int kept, skipped;
	size_t i;

	if (d > today)
		return RITUAL_NOT_DUE;
	for (i = 0; i < rt->nev; i++) {
		if (rt->ev[i].day != d)
			continue;
		if (!rt->ev[i].skip)
			state = RITUAL_DONE;
		else if (state < RITUAL_SKIPPED)
			state = RITUAL_SKIPPED;
	}
	if (state == RITUAL_NOT_DUE && d == today) {
		ritual_assess(rt, today, wstart, &now);
		return now.due ? RITUAL_DUE : RITUAL_NOT_DUE;
	}
	if (state != RITUAL_NOT_DUE || rt->s.kind == SCHED_AFTER ||
	    d < rt->d0 || (rt->retired && d >= rt->retired_on) ||
	    slow_paused(rt, d))
		return state;
	sched_period(&rt->s, rt->d0, wstart, d, &st, &en);
	slow_window(rt, wstart, st, en, &lo, &we);
	if (st != d || we > today)
		return RITUAL_NOT_DUE;
	slow_marks(rt, wstart, st, en, today, &kept, &skipped);
	return kept || skipped ? RITUAL_NOT_DUE : RITUAL_MISSED;
}

static void
check_events(const struct ritual *rt, int64_t today)
{
	const struct ritual_event *a, *b;
	size_t i;

	for (i = 0; i < rt->npause; i++)
		if (rt->pause[i].from >= rt->pause[i].to ||
		    rt->pause[i].from < rt->d0 || (i > 0 &&
		    rt->pause[i].from < rt->pause[i - 1].to))
			abort();

	for (i = 0; i < rt->nev; i++) {
		a = &rt->ev[i];
		if (a->day < rt->d0 || a->day > today ||
		    date_cmp(&a->when, &rt->defined_at) < 0)
			abort();
		if (i == 0)
			continue;
		b = &rt->ev[i - 1];
		if (b->day > a->day || (b->day == a->day && b->skip > a->skip))
			abort();
	}
}

static void
check_ritual(const struct ritual_set *set, const struct ritual *rt,
    int64_t today, int wstart)
{
	struct ritual_status st;
	struct ritual *hit, *other;
	const struct ritual_event *ev;
	int64_t d;
	size_t i;

	check_events(rt, today);
	if (ritual_find(set, rt->name) != rt ||
	    ritual_lookup(set, rt->name, 1, &hit, &other) != RITUAL_FOUND ||
	    hit != rt)
		abort();
	ritual_assess(rt, today, wstart, &st);
	if (st.streak < 0 || st.streak > st.best || (st.overdue && !st.due) ||
	    (rt->retired && st.due))
		abort();
	if (st.has_last) {
		for (i = 0; i < rt->nev; i++)
			if (!rt->ev[i].skip && rt->ev[i].day == st.last &&
			    strcmp(rt->ev[i].by, st.lastby) == 0)
				break;
		if (i == rt->nev)
			abort();
	}
	if (rt->s.kind != SCHED_AFTER && today - rt->d0 < SLOW_DAYS)
		check_slow_calendar(rt, today, wstart, &st);
	for (d = today - 40; d <= today + 1; d++)
		if (ritual_day(rt, d, today, wstart) !=
		    slow_day(rt, d, today, wstart))
			abort();
	if ((ev = ritual_undoable(rt, "ben", INT64_MIN, INT64_MAX)) != NULL &&
	    strcmp(ev->by, "ben") != 0)
		abort();
}

static void
check_set(const struct ritual_set *set, int64_t today, int wstart)
{
	const struct ritual *a, *b;
	size_t i, j;

	for (i = 0; i < set->nr; i++) {
		a = &set->r[i];
		if (i > 0 && date_cmp(&set->r[i - 1].defined_at,
		    &a->defined_at) > 0)
			abort();
		for (j = i + 1; j < set->nr; j++) {
			b = &set->r[j];
			if (ritual_fold_cmp(a->name, strlen(a->name), b->name,
			    strlen(b->name)) == 0)
				abort();
		}
		check_ritual(set, a, today, wstart);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ritual_set set;
	struct record r;
	struct herr e;
	const char *p, *end, *nl, *why;
	int64_t today;
	int wstart;

	if (size < 2 || size > INPUT_MAX)
		return 0;
	wstart = data[0] % 7;
	today = date_days_from_civil(2026, 3, 4) + (int)data[1] - 128;
	ritual_set_init(&set);
	end = (const char *)data + size;
	for (p = (const char *)data + 2; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (record_parse(&r, p, (size_t)(nl - p), NULL, &why) == -1)
			continue;
		if (ritual_feed(&set, &r, &e) == -1 && e.code != HX_DATAERR)
			abort();
	}
	if (ritual_settle(&set, today, &e) == -1)
		abort();
	check_set(&set, today, wstart);
	ritual_set_free(&set);
	return 0;
}
