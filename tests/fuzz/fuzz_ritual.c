/*
 * fuzz_ritual: libFuzzer harness for the ritual module, fed what a
 * partner's log may hold.
 *
 * The input is two bytes of parameters, then record lines separated by
 * LF: the first byte picks the weekday weeks start on, the second the
 * day the set is seen on (around 4 March 2026).  Each line that
 * record_parse takes is fed to ritual_feed, which may only refuse a bad
 * schedule (HX_DATAERR); then ritual_settle, and ritual_assess,
 * ritual_day, ritual_lookup, ritual_counts_on, ritual_period_first and
 * ritual_undoable on every ritual.  The input is
 * capped at 16 KiB, so a run is bounded (a few hundred records).
 *
 * What must hold, or abort() (after a line on stderr saying what, for
 * the slow model's comparisons): no two rituals share a folded name,
 * and each is found by its own name (out of scope when retired and only
 * active ones are seen); rituals come in the order they were defined;
 * events are in day order, dones first, each within the ritual's days
 * (from its first day to the day seen on); pauses are at least a day,
 * in day order, apart and within those days, each with the days paused
 * before it; a status keeps its promises (streak at most best, a last
 * done that is an event, due when overdue, never due when retired).
 *
 * And a slow model, written from ritual.1 (SCHEDULES, STREAKS, THE
 * CALENDAR) and ritual.h, not from ritual.c, must agree with the
 * module: a period's window is its occurrence day and the grace after
 * it, never reaching the next occurrence, or the whole period for week
 * and month, the first one's from the day the ritual was added; a
 * period is kept by a done in its window, excused by a skip in it or by
 * its occurrence day falling in a pause, open while its window lasts,
 * else missed.  From it: due, overdue, the occurrence day and next (a
 * retired ritual seen on the day it was retired), the last done and who
 * wrote it last; for a calendar ritual added fewer than 4000 days
 * before, the streaks, period by period; for after:Nd, due and overdue
 * (never done: from its first day, overdue after N days) and the chains
 * of dones and skips, pauses left out; each day's state for the 40 days
 * up to today (its events, today's due, a missed occurrence);
 * ritual_tied, ritual_counts_on, ritual_period_first and
 * ritual_undoable (the last written of the author's, in four day
 * ranges).  Where ritual.1 leaves a thing open, either reading will do
 * (slow_gap); where it says otherwise than ritual.c does, nothing is
 * compared (paused_open, in slow_calendar).
 */
#include <stdint.h>
#include <stdio.h>
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

/* What a comparison found wrong: rt and what, on stderr, then abort. */
static void
fail(const struct ritual *rt, const char *what, int64_t got, int64_t want)
{
	fprintf(stderr, "fuzz_ritual: '%s' (%s, grace %d, first day %lld, "
	    "%zu events, %zu pauses%s): %s: %lld, not %lld\n", rt->name,
	    rt->stext, rt->grace, (long long)rt->d0, rt->nev, rt->npause,
	    rt->retired ? ", retired" : "", what, (long long)got,
	    (long long)want);
	abort();
}

#define EXPECT(rt, what, got, want) do {				\
	if ((int64_t)(got) != (int64_t)(want))				\
		fail((rt), (what), (int64_t)(got), (int64_t)(want));	\
} while (0)

/*
 * The slow model: ritual.1 (SCHEDULES, STREAKS, THE CALENDAR) and
 * ritual.h read as they are written, a day, a period and an event at a
 * time, with none of ritual.c's functions.
 */

/* Whether s is tied to its days: day, weekdays, Nd and Nw, month:D. */
static int
slow_tied(const struct sched *s)
{
	switch (s->kind) {
	case SCHED_DAY:
	case SCHED_WEEKDAYS:
	case SCHED_EVERY:
	case SCHED_MONTHDAY:
		return 1;
	default:
		return 0;
	}
}

/* Whether day d falls in a pause of rt. */
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
 * A period of a calendar schedule, [st, en), its occurrence day st, and
 * its window, the days from lo to hi (both in it) whose dones and skips
 * count for it: the whole period for week and month, else the
 * occurrence day and the grace days after it, never reaching the next
 * occurrence; the first period's window also holds the days from the
 * day the ritual was added (done early).
 */
struct slow_period {
	int64_t		 st, en;
	int64_t		 lo, hi;
};

static void
slow_period(const struct ritual *rt, int wstart, int64_t d,
    struct slow_period *p)
{
	int64_t first, unused;

	sched_period(&rt->s, rt->d0, wstart, d, &p->st, &p->en);
	sched_period(&rt->s, rt->d0, wstart, rt->d0, &first, &unused);
	p->lo = p->st == first ? rt->d0 : p->st;
	p->hi = p->en - 1;
	if (slow_tied(&rt->s) && p->st + rt->grace < p->hi)
		p->hi = p->st + rt->grace;
}

enum slow_state {
	SLOW_OPEN,		/* its window still open, none of these */
	SLOW_KEPT,
	SLOW_EXCUSED,
	SLOW_MISSED
};

/* Whether p's window holds a done or a skip dated by day v. */
static int
slow_marked(const struct ritual *rt, const struct slow_period *p, int64_t v)
{
	size_t i;

	for (i = 0; i < rt->nev; i++)
		if (rt->ev[i].day <= v && rt->ev[i].day >= p->lo &&
		    rt->ev[i].day <= p->hi)
			return 1;
	return 0;
}

/*
 * What period p is, seen on day v (events after v unseen): kept by a
 * done in its window, else excused by a skip in it or by its occurrence
 * day falling in a pause, else open while its window lasts, else missed.
 */
static enum slow_state
slow_state(const struct ritual *rt, const struct slow_period *p, int64_t v)
{
	int kept = 0, skipped = 0;
	size_t i;

	for (i = 0; i < rt->nev; i++) {
		if (rt->ev[i].day > v || rt->ev[i].day < p->lo ||
		    rt->ev[i].day > p->hi)
			continue;
		if (rt->ev[i].skip)
			skipped = 1;
		else
			kept = 1;
	}
	if (kept)
		return SLOW_KEPT;
	if (skipped || slow_paused(rt, p->st))
		return SLOW_EXCUSED;
	return v <= p->hi ? SLOW_OPEN : SLOW_MISSED;
}

/* The day rt is seen on: a retired ritual, as on the day it was retired. */
static int64_t
slow_seen(const struct ritual *rt, int64_t today)
{
	return rt->retired && rt->retired_on < today ? rt->retired_on : today;
}

/*
 * The days from day a to day b, the days of pauses left out: those
 * after a up to b, or (from_a) those from a up to before b.  ritual.1
 * does not say which, and they differ only when a or b is in a pause.
 */
static int64_t
slow_gap(const struct ritual *rt, int64_t a, int64_t b, int from_a)
{
	int64_t n = b - a, lo, hi, a1 = from_a ? a : a + 1;
	int64_t b1 = from_a ? b : b + 1;
	size_t j;

	for (j = 0; j < rt->npause; j++) {
		lo = rt->pause[j].from > a1 ? rt->pause[j].from : a1;
		hi = rt->pause[j].to < b1 ? rt->pause[j].to : b1;
		if (hi > lo)
			n -= hi - lo;
	}
	return n;
}

/* The day n days after day base, the days of pauses left out. */
static int64_t
slow_after_day(const struct ritual *rt, int64_t base, int64_t n)
{
	int64_t x = base;
	size_t j;

	while (n > 0) {
		x++;
		for (j = 0; j < rt->npause; j++)
			if (x >= rt->pause[j].from && x < rt->pause[j].to)
				break;
		if (j < rt->npause)
			x = rt->pause[j].to - 1;
		else
			n--;
	}
	return x;
}

/*
 * What ritual_status says, the slow way; the streaks when has_streak
 * (either of two, for after:Nd: see slow_gap); due, overdue and next
 * not when paused_open (see slow_calendar).
 */
struct slow_status {
	int		 due, overdue;
	int64_t		 occ, next;
	int		 paused_open;
	int		 has_streak;
	int		 streak, best;
	int		 streak2, best2;
};

/*
 * The streaks of an after:Nd ritual on day v, the gaps as from_a says:
 * the last chain of dones and skips, each at most 2N days after the one
 * before, a done adding one when N days or more after the last done
 * that added; 0 once v is more than 2N days after the last of them.
 */
static void
slow_chain(const struct ritual *rt, int64_t v, int from_a, int *streak,
    int *best)
{
	int64_t n = rt->s.n, prev = 0, step = 0;
	int has_prev = 0, has_step = 0, chain = 0;
	size_t i;

	*best = 0;
	for (i = 0; i < rt->nev; i++) {
		if (rt->ev[i].day > v)
			continue;
		if (has_prev &&
		    slow_gap(rt, prev, rt->ev[i].day, from_a) > 2 * n) {
			chain = 0;
			has_step = 0;
		}
		if (!rt->ev[i].skip && (!has_step ||
		    slow_gap(rt, step, rt->ev[i].day, from_a) >= n)) {
			chain++;
			step = rt->ev[i].day;
			has_step = 1;
		}
		if (chain > *best)
			*best = chain;
		prev = rt->ev[i].day;
		has_prev = 1;
	}
	*streak = has_prev && slow_gap(rt, prev, v, from_a) <= 2 * n ?
	    chain : 0;
}

/*
 * An after:Nd ritual on day v: due N days after the last day it was
 * done or skipped, overdue after that; never done or skipped, due from
 * the day it was added and overdue once its N days have passed (the
 * days of pauses left out of the N days).
 */
static void
slow_after(const struct ritual *rt, int64_t v, struct slow_status *ss)
{
	int64_t base = rt->d0;
	int has_prev = 0;
	size_t i;

	for (i = 0; i < rt->nev; i++)
		if (rt->ev[i].day <= v) {
			base = rt->ev[i].day;
			has_prev = 1;
		}
	ss->occ = slow_after_day(rt, base, rt->s.n);
	ss->due = v >= (has_prev ? ss->occ : rt->d0);
	ss->overdue = ss->due && v > ss->occ;
	ss->next = ss->due ? v : has_prev ? ss->occ : rt->d0;
	ss->has_streak = 1;
	slow_chain(rt, v, 0, &ss->streak, &ss->best);
	slow_chain(rt, v, 1, &ss->streak2, &ss->best2);
}

/*
 * A calendar ritual on day v: its current period is the one that holds
 * v, due once begun while open, overdue when tied to its days and past
 * its occurrence day; next, the next occurrence on or after v that
 * still wants doing.  The streaks, for one added fewer than SLOW_DAYS
 * days before v: period by period from the first to the current one, a
 * kept one adding one, a missed one breaking the run, an excused or
 * open one doing neither.
 */
static void
slow_calendar(const struct ritual *rt, int64_t v, int wstart,
    struct slow_status *ss)
{
	struct slow_period cur, p;
	enum slow_state state;
	int run = 0;

	slow_period(rt, wstart, v, &cur);
	ss->occ = cur.st;
	state = slow_state(rt, &cur, v);
	ss->due = cur.st <= v && state == SLOW_OPEN;
	/*
	 * ritual.1 excuses a period whose occurrence day fell in a pause,
	 * so it is not due; ritual.c leaves it due while its window is
	 * open (excused only once the window has passed).  Not compared.
	 */
	ss->paused_open = state == SLOW_EXCUSED && v <= cur.hi &&
	    slow_paused(rt, cur.st) && !slow_marked(rt, &cur, v);
	ss->overdue = ss->due && slow_tied(&rt->s) && v > cur.st;
	ss->next = cur.st > v || (cur.st == v && ss->due) ? cur.st : cur.en;
	if (v - rt->d0 >= SLOW_DAYS)
		return;
	ss->has_streak = 1;
	ss->streak2 = ss->best2 = -1;
	slow_period(rt, wstart, rt->d0, &p);
	for (;;) {
		state = slow_state(rt, &p, v);
		if (state == SLOW_KEPT)
			run++;
		else if (state == SLOW_MISSED)
			run = 0;
		if (run > ss->best)
			ss->best = run;
		if (p.st >= cur.st)
			break;
		slow_period(rt, wstart, p.en, &p);
	}
	ss->streak = run;
}

/* Where rt stands on day today, the slow way. */
static void
slow_assess(const struct ritual *rt, int64_t today, int wstart,
    struct slow_status *ss)
{
	int64_t v = slow_seen(rt, today);

	memset(ss, 0, sizeof(*ss));
	if (rt->s.kind == SCHED_AFTER)
		slow_after(rt, v, ss);
	else
		slow_calendar(rt, v, wstart, ss);
	if (rt->retired)
		ss->due = ss->overdue = ss->paused_open = 0;
}

/*
 * What day d was, seen on day today: done or skipped by its events,
 * else due (today, while due), else missed (the occurrence day of a
 * calendar period whose window has passed with nothing in it, unless it
 * fell before the first day, in a pause or once retired); -1 for today
 * when the slow model's due is not compared (paused_open).
 */
static int
slow_day(const struct ritual *rt, int64_t d, int64_t today, int wstart)
{
	enum ritual_day_state state = RITUAL_NOT_DUE;
	struct slow_status ss;
	struct slow_period p;
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
	if (state != RITUAL_NOT_DUE)
		return state;
	if (d == today) {
		slow_assess(rt, today, wstart, &ss);
		if (ss.paused_open)
			return -1;
		return ss.due ? RITUAL_DUE : RITUAL_NOT_DUE;
	}
	if (rt->s.kind == SCHED_AFTER || d < rt->d0 ||
	    (rt->retired && d >= rt->retired_on) || slow_paused(rt, d))
		return RITUAL_NOT_DUE;
	slow_period(rt, wstart, d, &p);
	if (p.st != d)
		return RITUAL_NOT_DUE;
	return slow_state(rt, &p, today) == SLOW_MISSED ? RITUAL_MISSED :
	    RITUAL_NOT_DUE;
}

/* ritual_assess's status against the slow model's. */
static void
check_status(const struct ritual *rt, int64_t today, int wstart,
    const struct ritual_status *st)
{
	struct slow_status ss;
	const struct hmoment *when = NULL;
	int64_t v = slow_seen(rt, today), last = INT64_MIN;
	size_t i;

	slow_assess(rt, today, wstart, &ss);
	if (!ss.paused_open) {
		EXPECT(rt, "due", st->due, ss.due);
		EXPECT(rt, "overdue", st->overdue, ss.overdue);
		if (!rt->retired)
			EXPECT(rt, "next", st->next, ss.next);
	}
	EXPECT(rt, "occurrence day", st->occ, ss.occ);
	if (ss.has_streak && (st->streak != ss.streak2 ||
	    st->best != ss.best2)) {
		EXPECT(rt, "streak", st->streak, ss.streak);
		EXPECT(rt, "best", st->best, ss.best);
	}
	/* The last done by the day it is seen on: the last written. */
	for (i = 0; i < rt->nev; i++)
		if (!rt->ev[i].skip && rt->ev[i].day <= v &&
		    rt->ev[i].day > last)
			last = rt->ev[i].day;
	EXPECT(rt, "has a last done", st->has_last, last != INT64_MIN);
	if (!st->has_last)
		return;
	EXPECT(rt, "last done", st->last, last);
	for (i = 0; i < rt->nev; i++)
		if (!rt->ev[i].skip && rt->ev[i].day == last &&
		    (when == NULL || date_cmp(&rt->ev[i].when, when) > 0))
			when = &rt->ev[i].when;
	for (i = 0; i < rt->nev; i++)
		if (!rt->ev[i].skip && rt->ev[i].day == last &&
		    date_cmp(&rt->ev[i].when, when) == 0 &&
		    strcmp(rt->ev[i].by, st->lastby) == 0)
			break;
	if (i == rt->nev)
		fail(rt, "last done by one who did not write it last", last,
		    last);
}

/*
 * ritual_counts_on for the days around today: whether the day is in the
 * window of the period that holds it, and that period's occurrence day.
 */
static void
check_counts_on(const struct ritual *rt, int64_t today, int wstart)
{
	struct slow_period p;
	int64_t d, occ;
	int counts;

	for (d = today - 40; d <= today + 1; d++) {
		if (d < rt->d0)
			continue;
		counts = ritual_counts_on(rt, d, wstart, &occ);
		if (rt->s.kind == SCHED_AFTER) {
			EXPECT(rt, "counts on", counts, 1);
			EXPECT(rt, "counts for", occ, d);
			continue;
		}
		slow_period(rt, wstart, d, &p);
		EXPECT(rt, "counts on", counts, d >= p.lo && d <= p.hi);
		EXPECT(rt, "counts for", occ, p.st);
	}
}

/*
 * ritual_undoable against the slow answer: author's done or skip for a
 * day from first to last written last (any of those written at that
 * instant), or none.
 */
static void
check_undo(const struct ritual *rt, const char *author, int64_t first,
    int64_t last)
{
	const struct ritual_event *ev, *want = NULL;
	size_t i;

	for (i = 0; i < rt->nev; i++)
		if (strcmp(rt->ev[i].by, author) == 0 &&
		    rt->ev[i].day >= first && rt->ev[i].day <= last &&
		    (want == NULL || date_cmp(&rt->ev[i].when,
		    &want->when) > 0))
			want = &rt->ev[i];
	ev = ritual_undoable(rt, author, first, last);
	if (want == NULL) {
		if (ev != NULL)
			fail(rt, "undoable where nothing is", first, last);
		return;
	}
	if (ev == NULL || ev < rt->ev || ev >= rt->ev + rt->nev ||
	    strcmp(ev->by, author) != 0 || ev->day < first ||
	    ev->day > last || date_cmp(&ev->when, &want->when) != 0)
		fail(rt, "undoable not the last written", first, last);
}

/*
 * The undo range of today (ritual_period_first: the first day of the
 * current period's window, the day it was added for the first period;
 * the last N days for after:Nd), and what undo finds in a few ranges.
 */
static void
check_undos(const struct ritual *rt, int64_t today, int wstart)
{
	static const char *const authors[] = { "ana", "ben" };
	struct slow_period p;
	int64_t first;
	size_t a;

	if (rt->s.kind == SCHED_AFTER)
		first = today - rt->s.n + 1;
	else {
		slow_period(rt, wstart, today, &p);
		first = p.lo;
	}
	EXPECT(rt, "undo's first day", ritual_period_first(rt, today, wstart),
	    first);
	for (a = 0; a < 2; a++) {
		check_undo(rt, authors[a], INT64_MIN, INT64_MAX);
		check_undo(rt, authors[a], first, today);
		check_undo(rt, authors[a], today, today);
		check_undo(rt, authors[a], today - 7, today - 1);
	}
}

/*
 * The pauses: each at least a day, within the ritual's days, in day
 * order and apart; cum, the days of those before.
 */
static void
check_pauses(const struct ritual *rt, int64_t today)
{
	const struct ritual_pause *pz;
	int64_t cum = 0;
	size_t j;

	for (j = 0; j < rt->npause; j++) {
		pz = &rt->pause[j];
		if (pz->from >= pz->to || pz->from < rt->d0 || pz->to > today ||
		    (j > 0 && pz->from < rt->pause[j - 1].to))
			fail(rt, "a pause out of order", pz->from, pz->to);
		EXPECT(rt, "days paused before", pz->cum, cum);
		cum += pz->to - pz->from;
	}
}

static void
check_events(const struct ritual *rt, int64_t today)
{
	const struct ritual_event *a, *b;
	size_t i;

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
	int64_t d;
	size_t i;
	int want;

	check_events(rt, today);
	check_pauses(rt, today);
	if (ritual_find(set, rt->name) != rt ||
	    ritual_lookup(set, rt->name, RITUAL_SEE_ALL, &hit, &other) !=
	    RITUAL_FOUND || hit != rt)
		abort();
	/* A whole name finds its ritual in any scope, or says it is out. */
	if (ritual_lookup(set, rt->name, RITUAL_SEE_ACTIVE, &hit, &other) !=
	    (rt->retired ? RITUAL_OUT_OF_SCOPE : RITUAL_FOUND) || hit != rt)
		abort();
	EXPECT(rt, "tied to its days", ritual_tied(&rt->s) != 0,
	    slow_tied(&rt->s));
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
	check_status(rt, today, wstart, &st);
	for (d = today - 40; d <= today + 1; d++)
		if ((want = slow_day(rt, d, today, wstart)) != -1)
			EXPECT(rt, "state of a day",
			    ritual_day(rt, d, today, wstart), want);
	check_counts_on(rt, today, wstart);
	check_undos(rt, today, wstart);
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
