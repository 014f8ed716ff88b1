/*
 * Unit tests for goals: the couple's goals as records make them.
 *
 * Every expected value was worked out by hand, and each case says how.
 * The clock is Europe/Berlin (set in main), and every record is stamped
 * +01:00 before the change to summer time on 29 March 2026:
 *
 *	   February 2026           March 2026            April 2026
 *	Mo Tu We Th Fr Sa Su   Mo Tu We Th Fr Sa Su   Mo Tu We Th Fr Sa Su
 *	                   1                      1          1  2  3  4  5
 *	 2  3  4  5  6  7  8    2  3  4  5  6  7  8    6  7  8  9 10 11 12
 *	 9 10 11 12 13 14 15    9 10 11 12 13 14 15   13 14 15 16 17 18 19
 *	16 17 18 19 20 21 22   16 17 18 19 20 21 22   20 21 22 23 24 25 26
 *	23 24 25 26 27 28      23 24 25 26 27 28 29   27 28 29 30
 *	                       30 31
 *
 * The review is of March 2026, seen on Monday 16 March unless a case
 * says otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "date.h"
#include "goals.h"
#include "herr.h"
#include "record.h"

#define D(y, m, d)	date_days_from_civil(y, m, d)
#define MAR(d)		D(2026, 3, d)
#define LINES_MAX	16

/* The records of a case, as lines, to feed in any order. */
struct lines {
	char	 l[LINES_MAX][512];
	size_t	 len[LINES_MAX];
	size_t	 n;
};

/*
 * Add one record: WHEN is "YYYY-MM-DD HH:MM" (local time, +01:00),
 * FIELDS the kind's fields separated by '|'; its id into id when id is
 * not NULL.
 */
static void
rec(struct lines *ls, const char *when, const char *by, const char *kind,
    const char *fields, char *id)
{
	char *b = ls->l[ls->n], *p;
	size_t n;

	assert_true(ls->n < LINES_MAX);
	n = (size_t)snprintf(b, sizeof(ls->l[0]),
	    "%.10sT%.5s:00.000000+01:00\t%s\t%s\t%s", when, when + 11, by,
	    kind, fields);
	assert_true(n < sizeof(ls->l[0]));
	for (p = b; (p = strchr(p, '|')) != NULL; p++)
		*p = '\t';
	ls->len[ls->n++] = n;
	if (id != NULL)
		record_id(b, n, id);
}

/* "ID|rest" (or "ID" for NULL), in one of a few buffers used in turn. */
static const char *
of(const char *id, const char *rest)
{
	static char buf[4][256];
	static int k;
	char *b = buf[k++ % 4];

	if (rest == NULL)
		snprintf(b, sizeof(buf[0]), "%s", id);
	else
		snprintf(b, sizeof(buf[0]), "%s|%s", id, rest);
	return b;
}

/* A set made of the lines of ls, fed in the order order (NULL: as is). */
static void
load(struct goal_set *set, const struct lines *ls, const size_t *order)
{
	struct record r;
	struct herr e;
	const char *why = NULL;
	size_t i, k;

	goals_init(set);
	for (i = 0; i < ls->n; i++) {
		k = order != NULL ? order[i] : i;
		assert_int_equal(record_parse(&r, ls->l[k], ls->len[k], NULL,
		    &why), 0);
		assert_int_equal(goals_feed(set, &r, &e), 0);
	}
	assert_int_equal(goals_settle(set, &e), 0);
}

static struct hmoment
at(const char *rfc3339)
{
	struct hmoment m;

	assert_int_equal(date_parse_rfc3339(rfc3339, strlen(rfc3339), &m,
	    NULL), 0);
	return m;
}

/* The goal with id in a settled set. */
static const struct goal *
goal(const struct goal_set *set, const char *id)
{
	size_t i;

	for (i = 0; i < set->ng; i++)
		if (strcmp(set->g[i].rec.id, id) == 0)
			return &set->g[i];
	fail_msg("no goal %s", id);
	return NULL;
}

/*
 * Notes from both partners move one goal: ana gives 20%, ben 60%, ana
 * a note without a percentage.  60% holds (the latest given), three
 * notes count, the last is ana's of the 10th.
 */
static void
test_notes(void **state)
{
	struct lines ls = { .n = 0 };
	struct goal_set set;
	const struct goal *g;
	char id[41], n3[41];

	rec(&ls, "2026-03-01 10:00", "ana", "add", "Run a 10k together||",
	    id);
	rec(&ls, "2026-03-02 09:00", "ana", "note", of(id, "20|ran 5k"), NULL);
	rec(&ls, "2026-03-09 09:00", "ben", "note", of(id, "60|ran 8k"), NULL);
	rec(&ls, "2026-03-10 09:00", "ana", "note", of(id, "|new shoes"), n3);
	load(&set, &ls, NULL);
	assert_int_equal(set.ng, 1);
	g = &set.g[0];
	assert_string_equal(g->rec.id, id);
	assert_string_equal(g->text, "Run a 10k together");
	assert_true(g->by == GOALS_NO_DAY);
	assert_int_equal(g->every_month, 0);
	assert_int_equal(g->nev, 3);
	assert_int_equal(g->st.state, GOAL_OPEN);
	assert_int_equal(g->st.pct, 60);
	assert_int_equal(g->st.has_pct, 1);
	assert_int_equal(goals_pct(&g->st), 60);
	assert_int_equal(g->st.notes, 3);
	assert_string_equal(g->st.last_note->rec.id, n3);
	assert_string_equal(g->st.last_note->text, "new shoes");
	assert_null(g->st.closed);
	goals_free(&set);
}

/*
 * The latest done or drop decides: ana's done of the 10th, then ben's
 * drop of the 12th: dropped.  Taking back the drop leaves it done (at
 * 100%, though its notes gave 40%); taking back the done too opens it.
 */
static void
test_close_and_undo(void **state)
{
	struct lines ls = { .n = 0 };
	struct goal_set set;
	const struct goal *g;
	char id[41], done[41], drop[41];

	rec(&ls, "2026-03-01 10:00", "ana", "add", "Paint the hallway||", id);
	rec(&ls, "2026-03-05 10:00", "ben", "note", of(id, "40|first coat"),
	    NULL);
	rec(&ls, "2026-03-10 10:00", "ana", "done", of(id, NULL), done);
	rec(&ls, "2026-03-12 10:00", "ben", "drop", of(id, "no time"), drop);
	load(&set, &ls, NULL);
	g = &set.g[0];
	assert_int_equal(g->st.state, GOAL_DROPPED);
	assert_string_equal(g->st.closed->rec.id, drop);
	assert_string_equal(g->st.closed->text, "no time");
	assert_int_equal(goals_pct(&g->st), 40);
	goals_free(&set);

	rec(&ls, "2026-03-13 10:00", "ben", "undo", of(id, drop), NULL);
	load(&set, &ls, NULL);
	g = &set.g[0];
	assert_int_equal(g->st.state, GOAL_REACHED);
	assert_string_equal(g->st.closed->rec.id, done);
	assert_int_equal(g->st.pct, 40);
	assert_int_equal(goals_pct(&g->st), 100);
	goals_free(&set);

	rec(&ls, "2026-03-14 10:00", "ben", "undo", of(id, done), NULL);
	load(&set, &ls, NULL);
	g = &set.g[0];
	assert_int_equal(g->st.state, GOAL_OPEN);
	assert_null(g->st.closed);
	assert_int_equal(goals_pct(&g->st), 40);
	goals_free(&set);
}

/*
 * Ties: a done by ben and a drop by ana at the same moment: ana sorts
 * first, so ben's done comes last and holds.  By one author at one
 * moment (hand-written), the bytes decide: "done" < "drop", so the drop
 * holds.
 */
static void
test_ties(void **state)
{
	struct lines ls = { .n = 0 };
	struct goal_set set;
	char id[41], done[41];

	rec(&ls, "2026-03-01 10:00", "ana", "add", "Learn Italian||", id);
	rec(&ls, "2026-03-10 10:00", "ben", "done", of(id, NULL), done);
	rec(&ls, "2026-03-10 10:00", "ana", "drop", of(id, ""), NULL);
	load(&set, &ls, NULL);
	assert_int_equal(set.g[0].st.state, GOAL_REACHED);
	assert_string_equal(set.g[0].st.closed->rec.id, done);
	goals_free(&set);

	ls.n = 1;
	rec(&ls, "2026-03-10 10:00", "ana", "drop", of(id, ""), NULL);
	rec(&ls, "2026-03-10 10:00", "ana", "done", of(id, NULL), NULL);
	load(&set, &ls, NULL);
	assert_int_equal(set.g[0].st.state, GOAL_DROPPED);
	goals_free(&set);
}

/*
 * Copies of one record (one author on two devices, a union merge) count
 * once; an event naming no goal and an undo naming another goal count
 * for nothing.
 */
static void
test_copies_and_strays(void **state)
{
	struct lines ls = { .n = 0 };
	struct goal_set set;
	const struct goal *g;
	char id[41], other[41], note[41];

	rec(&ls, "2026-03-01 10:00", "ana", "add", "Date night||month", id);
	rec(&ls, "2026-03-01 10:00", "ana", "add", "Date night||month", NULL);
	rec(&ls, "2026-03-01 11:00", "ben", "add", "Save for a trip||",
	    other);
	rec(&ls, "2026-03-02 20:00", "ben", "note", of(id, "|cinema"), note);
	rec(&ls, "2026-03-02 20:00", "ben", "note", of(id, "|cinema"), NULL);
	rec(&ls, "2026-03-03 20:00", "ben", "note", of(
	    "0000000000000000000000000000000000000000", "|lost"), NULL);
	rec(&ls, "2026-03-04 20:00", "ben", "done", of(
	    "0000000000000000000000000000000000000000", NULL), NULL);
	rec(&ls, "2026-03-05 20:00", "ana", "undo", of(other, note), NULL);
	load(&set, &ls, NULL);
	assert_int_equal(set.ng, 2);
	g = goal(&set, id);
	assert_int_equal(g->every_month, 1);
	assert_int_equal(g->nev, 1);
	assert_int_equal(g->st.notes, 1);
	assert_int_equal(g->st.state, GOAL_OPEN);
	assert_int_equal(goal(&set, other)->nev, 0);
	goals_free(&set);
}

/*
 * The same records in every order (7! = 5040 of them) make the same
 * set: two goals, the order they were added in, the same states.
 */
static void
test_any_order(void **state)
{
	struct lines ls = { .n = 0 };
	struct goal_set set;
	size_t order[7], c[7], i, n = 7, orders = 0, t, tmp;
	char a[41], b[41], done[41];

	rec(&ls, "2026-03-01 10:00", "ana", "add", "Run a 10k|2026-04-05|",
	    a);
	rec(&ls, "2026-03-01 10:00", "ben", "add", "Walk after dinner||", b);
	rec(&ls, "2026-03-02 09:00", "ben", "note", of(a, "30|"), NULL);
	rec(&ls, "2026-03-03 09:00", "ana", "note", of(a, "50|"), NULL);
	rec(&ls, "2026-03-03 09:00", "ben", "done", of(b, NULL), done);
	rec(&ls, "2026-03-04 09:00", "ben", "undo", of(b, done), NULL);
	rec(&ls, "2026-03-04 09:00", "ana", "drop", of(b, "rain"), NULL);
	for (i = 0; i < n; i++) {
		order[i] = i;
		c[i] = 0;
	}
	/* Heap's algorithm: every permutation of order, one swap apart. */
	for (i = 0;;) {
		load(&set, &ls, order);
		assert_int_equal(set.ng, 2);
		assert_string_equal(set.g[0].rec.id, a);
		assert_string_equal(set.g[1].rec.id, b);
		assert_int_equal(set.g[0].by, D(2026, 4, 5));
		assert_int_equal(set.g[0].st.pct, 50);
		assert_int_equal(set.g[0].st.notes, 2);
		assert_int_equal(set.g[1].st.state, GOAL_DROPPED);
		goals_free(&set);
		orders++;
		while (i < n && c[i] >= i) {
			c[i] = 0;
			i++;
		}
		if (i == n)
			break;
		t = i % 2 == 0 ? 0 : c[i];
		tmp = order[t];
		order[t] = order[i];
		order[i] = tmp;
		c[i]++;
		i = 1;
	}
	assert_int_equal(orders, 5040);
}

/*
 * Matching GOAL.  Goals: "Run a 10k together" (open), "Walk after
 * dinner" (open), "Walk to the lake" (done), "Walk" (dropped), "Learn
 * Italian" and "learn italian" (both open, added on each machine).
 */
static void
test_match(void **state)
{
	struct lines ls = { .n = 0 };
	struct goal_set set;
	const struct goal *hit[2];
	char run[41], after[41], lake[41], walk[41], it1[41], it2[41];
	char pfx[11];
	size_t i;

	rec(&ls, "2026-03-01 10:00", "ana", "add", "Run a 10k together||",
	    run);
	rec(&ls, "2026-03-01 10:01", "ana", "add", "Walk after dinner||",
	    after);
	rec(&ls, "2026-03-01 10:02", "ben", "add", "Walk to the lake||", lake);
	rec(&ls, "2026-03-01 10:03", "ben", "add", "Walk||", walk);
	rec(&ls, "2026-03-01 10:04", "ana", "add", "Learn Italian||", it1);
	rec(&ls, "2026-03-01 10:05", "ben", "add", "learn italian||", it2);
	rec(&ls, "2026-03-02 10:00", "ben", "done", of(lake, NULL), NULL);
	rec(&ls, "2026-03-02 10:01", "ben", "drop", of(walk, ""), NULL);
	load(&set, &ls, NULL);

	/* A part of the text, any ASCII case. */
	assert_int_equal(goals_match(&set, "10K", 1, hit, 2), 1);
	assert_string_equal(hit[0]->rec.id, run);
	/* "walk" names three; of them only "Walk after dinner" is open. */
	assert_int_equal(goals_match(&set, "walk", 1, hit, 2), 1);
	assert_string_equal(hit[0]->rec.id, after);
	/* For undo, all count, and "Walk" is a whole text: it alone. */
	assert_int_equal(goals_match(&set, "WALK", 0, hit, 2), 1);
	assert_string_equal(hit[0]->rec.id, walk);
	/* Only a closed goal is named: it is the one. */
	assert_int_equal(goals_match(&set, "lake", 1, hit, 2), 1);
	assert_string_equal(hit[0]->rec.id, lake);
	/* Two whole texts: ambiguous, in the order added. */
	assert_int_equal(goals_match(&set, "Learn italian", 1, hit, 2), 2);
	assert_string_equal(hit[0]->rec.id, it1);
	assert_string_equal(hit[1]->rec.id, it2);
	/* "a" is in four open texts; two are filled, four counted. */
	assert_int_equal(goals_match(&set, "a", 1, hit, 2), 4);
	assert_string_equal(hit[0]->rec.id, run);
	assert_string_equal(hit[1]->rec.id, after);
	/* An id prefix, lowercase or not, and a whole id. */
	memcpy(pfx, it2, 10);
	pfx[10] = '\0';
	assert_int_equal(goals_match(&set, pfx, 1, hit, 2), 1);
	assert_string_equal(hit[0]->rec.id, it2);
	for (i = 0; i < 10; i++)
		if (pfx[i] >= 'a')
			pfx[i] = (char)(pfx[i] - 'a' + 'A');
	assert_int_equal(goals_match(&set, pfx, 1, hit, 2), 1);
	assert_string_equal(hit[0]->rec.id, it2);
	assert_int_equal(goals_match(&set, lake, 1, hit, 2), 1);
	assert_string_equal(hit[0]->rec.id, lake);
	/* Nothing, and nothing named. */
	assert_int_equal(goals_match(&set, "", 1, hit, 2), 0);
	assert_int_equal(goals_match(&set, "swim", 0, hit, 2), 0);
	goals_free(&set);
}

/*
 * What undo takes back: on an open goal, your latest note that counts
 * (ana's of the 4th once her note of the 6th is taken back; ben's of
 * the 5th for ben); on a done goal, the done, whoever wrote it, which
 * opens it; on a goal done, then dropped, the drop, which leaves it
 * done.
 */
static void
test_undoable(void **state)
{
	struct lines ls = { .n = 0 };
	struct goal_set set;
	const struct goal_event *ev;
	char id[41], n1[41], n2[41], n3[41], done[41];

	rec(&ls, "2026-03-01 10:00", "ana", "add", "Save for a trip||", id);
	rec(&ls, "2026-03-04 10:00", "ana", "note", of(id, "10|"), n1);
	rec(&ls, "2026-03-05 10:00", "ben", "note", of(id, "20|"), n2);
	rec(&ls, "2026-03-06 10:00", "ana", "note", of(id, "30|"), n3);
	rec(&ls, "2026-03-06 11:00", "ana", "undo", of(id, n3), NULL);
	load(&set, &ls, NULL);
	assert_string_equal(goals_undoable(&set.g[0], "ana")->rec.id, n1);
	assert_string_equal(goals_undoable(&set.g[0], "ben")->rec.id, n2);
	assert_null(goals_undoable(&set.g[0], "cleo"));
	/* n3 is taken back: ben's 20% holds. */
	assert_int_equal(set.g[0].st.pct, 20);
	goals_free(&set);

	rec(&ls, "2026-03-07 10:00", "ben", "done", of(id, NULL), done);
	load(&set, &ls, NULL);
	ev = goals_undoable(&set.g[0], "ana");
	assert_non_null(ev);
	assert_string_equal(ev->rec.id, done);
	assert_int_equal(ev->kind, GOAL_DONE);
	/* Taking it back opens the goal. */
	assert_int_equal(goals_state_without(&set.g[0], ev), GOAL_OPEN);
	goals_free(&set);

	/* Dropped after the done: the drop goes, and it is done again. */
	rec(&ls, "2026-03-08 10:00", "ana", "drop", of(id, ""), NULL);
	load(&set, &ls, NULL);
	ev = goals_undoable(&set.g[0], "ben");
	assert_int_equal(ev->kind, GOAL_DROP);
	assert_int_equal(goals_state_without(&set.g[0], ev), GOAL_REACHED);
	goals_free(&set);
}

/*
 * Where a goal stood at a moment: 10% given in February, 20% on 2 March
 * and 60% on 9 March.  At the start of March: 10%, one note; at the
 * start of the 9th: 20%; at the exact moment of ben's note it does not
 * count yet (before, not at).
 */
static void
test_status_at(void **state)
{
	struct lines ls = { .n = 0 };
	struct goal_set set;
	struct goal_status st;
	struct hmoment m;
	char id[41];

	rec(&ls, "2026-02-01 10:00", "ana", "add", "Run a 10k||", id);
	rec(&ls, "2026-02-20 10:00", "ana", "note", of(id, "10|"), NULL);
	rec(&ls, "2026-03-02 10:00", "ana", "note", of(id, "20|"), NULL);
	rec(&ls, "2026-03-09 09:00", "ben", "note", of(id, "60|"), NULL);
	load(&set, &ls, NULL);
	m = at("2026-03-01T00:00:00+01:00");
	goals_status_at(&set.g[0], &m, &st);
	assert_int_equal(st.pct, 10);
	assert_int_equal(st.notes, 1);
	m = at("2026-03-09T00:00:00+01:00");
	goals_status_at(&set.g[0], &m, &st);
	assert_int_equal(st.pct, 20);
	m = at("2026-03-09T09:00:00+01:00");
	goals_status_at(&set.g[0], &m, &st);
	assert_int_equal(st.pct, 20);
	assert_int_equal(st.notes, 2);
	goals_status_at(&set.g[0], NULL, &st);
	assert_int_equal(st.pct, 60);
	/* Before it had any note. */
	m = at("2026-02-10T00:00:00+01:00");
	goals_status_at(&set.g[0], &m, &st);
	assert_int_equal(st.pct, 0);
	assert_int_equal(st.has_pct, 0);
	goals_free(&set);
}

/*
 * What moved in March: the 10k (10% in February, then ana 20%, ben 60%
 * and ana a note: 10% to 60%, 3 notes, ana 2 and ben 1, ana first);
 * pasta (done by ben on the 14th); the swim (a note at the very first
 * moment of March).  Not the trip (noted in February only), nor the
 * walk (its only March note taken back), nor the hallway (noted at the
 * first moment of April).  For the week of 9 March (a digest): the 10k
 * (ben 1, ana 1; 20% to 60%) and pasta.
 */
static void
test_moved(void **state)
{
	struct lines ls = { .n = 0 };
	struct goal_set set;
	struct goal_move *mv;
	struct hmoment from, to;
	struct herr e;
	size_t n;
	char run[41], pasta[41], trip[41], walk[41], hall[41], swim[41];
	char wn[41];

	rec(&ls, "2026-02-01 10:00", "ana", "add", "Run a 10k||", run);
	rec(&ls, "2026-02-01 10:01", "ana", "add", "Learn pasta||", pasta);
	rec(&ls, "2026-02-01 10:02", "ben", "add", "Save for a trip||", trip);
	rec(&ls, "2026-02-01 10:03", "ben", "add", "Walk||", walk);
	rec(&ls, "2026-02-01 10:04", "ben", "add", "Paint the hall||", hall);
	rec(&ls, "2026-02-01 10:05", "ana", "add", "Swim||", swim);
	rec(&ls, "2026-02-20 10:00", "ana", "note", of(run, "10|"), NULL);
	rec(&ls, "2026-03-02 09:00", "ana", "note", of(run, "20|"), NULL);
	rec(&ls, "2026-03-09 09:00", "ben", "note", of(run, "60|"), NULL);
	rec(&ls, "2026-03-10 09:00", "ana", "note", of(run, "|shoes"), NULL);
	rec(&ls, "2026-03-14 09:00", "ben", "done", of(pasta, NULL), NULL);
	rec(&ls, "2026-02-27 09:00", "ben", "note", of(trip, "|saved"), NULL);
	rec(&ls, "2026-03-05 09:00", "ben", "note", of(walk, "|out"), wn);
	rec(&ls, "2026-03-05 09:10", "ben", "undo", of(walk, wn), NULL);
	/* Two lines at the bounds themselves, the second in summer time. */
	ls.len[ls.n] = (size_t)snprintf(ls.l[ls.n], sizeof(ls.l[0]),
	    "2026-03-01T00:00:00.000000+01:00\tana\tnote\t%s\t\tin", swim);
	ls.n++;
	ls.len[ls.n] = (size_t)snprintf(ls.l[ls.n], sizeof(ls.l[0]),
	    "2026-04-01T00:00:00.000000+02:00\tben\tnote\t%s\t\tout", hall);
	ls.n++;
	load(&set, &ls, NULL);
	from = at("2026-03-01T00:00:00+01:00");
	to = at("2026-04-01T00:00:00+02:00");
	assert_int_equal(goals_moved(&set, &from, &to, &mv, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(mv[0].g->rec.id, run);
	assert_int_equal(mv[0].before.pct, 10);
	assert_int_equal(mv[0].after.pct, 60);
	assert_int_equal(mv[0].notes, 3);
	assert_int_equal(mv[0].nwho, 2);
	assert_string_equal(mv[0].who[0].by, "ana");
	assert_int_equal(mv[0].who[0].n, 2);
	assert_string_equal(mv[0].who[1].by, "ben");
	assert_int_equal(mv[0].who[1].n, 1);
	assert_string_equal(mv[0].last_note->text, "shoes");
	assert_string_equal(mv[1].g->rec.id, pasta);
	assert_int_equal(mv[1].before.state, GOAL_OPEN);
	assert_int_equal(mv[1].after.state, GOAL_REACHED);
	assert_int_equal(mv[1].notes, 0);
	assert_null(mv[1].last_note);
	assert_string_equal(mv[2].g->rec.id, swim);
	assert_int_equal(mv[2].notes, 1);
	free(mv);

	from = at("2026-03-09T00:00:00+01:00");
	to = at("2026-03-16T00:00:00+01:00");
	assert_int_equal(goals_moved(&set, &from, &to, &mv, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(mv[0].g->rec.id, run);
	assert_int_equal(mv[0].before.pct, 20);
	assert_int_equal(mv[0].after.pct, 60);
	assert_string_equal(mv[0].who[0].by, "ben");
	assert_string_equal(mv[0].who[1].by, "ana");
	assert_string_equal(mv[1].g->rec.id, pasta);
	free(mv);
	goals_free(&set);
}

/*
 * Stuck and due on Monday 16 March.  Stuck: 30 days or more since the
 * last note, or since added for a goal never noted: added 14 February
 * (14 days to the 28th, 16 more: 30) is stuck, added the 15th (29) is
 * not; noted 14 February is stuck though added in January.  Due: BY 15
 * April (15 days to 31 March, 15 more: 30) is soon, 16 April (31) is
 * not, 10 March (6 days ago) is; a monthly goal noted only in February
 * is due (and not stuck: noted 25 February, 19 days ago), one noted at
 * 00:30 on 1 March is not, one whose March note was taken back is.  A
 * done goal is neither stuck nor due.
 */
static void
test_review(void **state)
{
	struct lines ls = { .n = 0 };
	struct goal_set set;
	struct goal_review rv;
	struct hmoment from, to;
	struct herr e;
	char s14[41], noted[41], apr15[41], mar10[41];
	char m1[41], m2[41], m3[41], m3n[41], closed[41];

	rec(&ls, "2026-02-14 10:00", "ana", "add", "Fourteen||", s14);
	rec(&ls, "2026-02-15 10:00", "ana", "add", "Fifteen||", NULL);
	rec(&ls, "2026-01-10 10:00", "ben", "add", "Noted||", noted);
	rec(&ls, "2026-02-14 20:00", "ben", "note", of(noted, "|hm"), NULL);
	rec(&ls, "2026-03-16 08:00", "ana", "add", "April 15|2026-04-15|",
	    apr15);
	rec(&ls, "2026-03-16 08:01", "ana", "add", "April 16|2026-04-16|",
	    NULL);
	rec(&ls, "2026-03-01 08:02", "ana", "add", "March 10|2026-03-10|",
	    mar10);
	rec(&ls, "2026-02-01 08:03", "ben", "add", "Monthly one||month", m1);
	rec(&ls, "2026-02-25 08:00", "ben", "note", of(m1, "|feb"), NULL);
	rec(&ls, "2026-03-16 08:04", "ben", "add", "Monthly two||month", m2);
	rec(&ls, "2026-03-01 00:30", "ana", "note", of(m2, "|mar"), NULL);
	rec(&ls, "2026-03-16 08:05", "ben", "add", "Monthly three||month",
	    m3);
	rec(&ls, "2026-03-03 08:00", "ana", "note", of(m3, "|x"), m3n);
	rec(&ls, "2026-03-03 08:01", "ana", "undo", of(m3, m3n), NULL);
	rec(&ls, "2026-01-01 08:00", "ana", "add", "Closed|2026-03-20|month",
	    closed);
	rec(&ls, "2026-03-02 08:00", "ana", "done", of(closed, NULL), NULL);
	load(&set, &ls, NULL);
	from = at("2026-03-01T00:00:00+01:00");
	to = at("2026-04-01T00:00:00+02:00");
	assert_int_equal(goals_review(&set, &from, &to, MAR(16), &rv, &e), 0);
	assert_int_equal(goals_review_empty(&rv), 0);

	/* Stuck, in the order added: Noted (January), then Fourteen. */
	assert_int_equal(rv.nstuck, 2);
	assert_string_equal(rv.stuck[0].g->rec.id, noted);
	assert_int_equal(rv.stuck[0].noted, 1);
	assert_int_equal(rv.stuck[0].since, D(2026, 2, 14));
	assert_string_equal(rv.stuck[1].g->rec.id, s14);
	assert_int_equal(rv.stuck[1].noted, 0);
	assert_int_equal(rv.stuck[1].since, D(2026, 2, 14));

	/* Due: by BY first (10 March, 15 April), then monthly, as added. */
	assert_int_equal(rv.ndue, 4);
	assert_string_equal(rv.due[0].g->rec.id, mar10);
	assert_int_equal(rv.due[0].soon, 1);
	assert_int_equal(rv.due[0].days, -6);
	assert_string_equal(rv.due[1].g->rec.id, apr15);
	assert_int_equal(rv.due[1].days, 30);
	assert_int_equal(rv.due[1].monthly, 0);
	assert_string_equal(rv.due[2].g->rec.id, m1);
	assert_int_equal(rv.due[2].soon, 0);
	assert_int_equal(rv.due[2].monthly, 1);
	assert_string_equal(rv.due[3].g->rec.id, m3);

	/* Moved in March: m2 and the closed one (m3's note taken back). */
	assert_int_equal(rv.nmoved, 2);
	assert_string_equal(rv.moved[0].g->rec.id, closed);
	assert_string_equal(rv.moved[1].g->rec.id, m2);
	goals_review_free(&rv);
	goals_free(&set);
}

/* Nothing to review: no goals, or one noted this month with no BY. */
static void
test_review_empty(void **state)
{
	struct lines ls = { .n = 0 };
	struct goal_set set;
	struct goal_review rv;
	struct hmoment from, to;
	struct herr e;
	char id[41];

	goals_init(&set);
	from = at("2026-03-01T00:00:00+01:00");
	to = at("2026-04-01T00:00:00+02:00");
	assert_int_equal(goals_settle(&set, &e), 0);
	assert_int_equal(goals_review(&set, &from, &to, MAR(16), &rv, &e), 0);
	assert_int_equal(goals_review_empty(&rv), 1);
	goals_review_free(&rv);
	goals_free(&set);

	/* Added and noted in February: not moved, not yet stuck. */
	rec(&ls, "2026-02-20 10:00", "ana", "add", "Learn Italian||", id);
	rec(&ls, "2026-02-21 10:00", "ana", "note", of(id, "|ciao"), NULL);
	load(&set, &ls, NULL);
	assert_int_equal(goals_review(&set, &from, &to, MAR(16), &rv, &e), 0);
	assert_int_equal(goals_review_empty(&rv), 1);
	goals_review_free(&rv);
	/* On 23 March, 30 days after the note, it is stuck. */
	assert_int_equal(goals_review(&set, &from, &to, MAR(23), &rv, &e), 0);
	assert_int_equal(rv.nstuck, 1);
	goals_review_free(&rv);
	goals_free(&set);
}

static void
check_is(const char *line, const char *want)
{
	struct record r;
	const char *why = NULL;

	assert_int_equal(record_parse(&r, line, strlen(line), NULL, &why), 0);
	if (want == NULL)
		assert_null(goals_record_check(&r));
	else
		assert_string_equal(goals_record_check(&r), want);
}

#define T	"2026-03-01T10:00:00.000000+01:00\tana\t"
#define ID	"0123456789abcdef0123456789abcdef01234567"

/* The records as hearth-store(5) has them, and nothing else. */
static void
test_record_check(void **state)
{
	check_is(T "add\tWalk\t\t", NULL);
	check_is(T "add\tWalk\t2026-04-05\tmonth", NULL);
	check_is(T "add\t\t\t", "empty goal");
	check_is(T "add\tWalk\t2026-02-29\t", "bad day");
	check_is(T "add\tWalk\t5 April\t", "bad day");
	check_is(T "add\tWalk\t\tweek", "bad every");
	check_is(T "add\tWalk\t", "unknown kind");
	check_is(T "note\t" ID "\t\t", NULL);
	check_is(T "note\t" ID "\t0\tstart", NULL);
	check_is(T "note\t" ID "\t100\t", NULL);
	check_is(T "note\t" ID "\t101\t", "bad percentage");
	check_is(T "note\t" ID "\t007\t", "bad percentage");
	check_is(T "note\t" ID "\t-1\t", "bad percentage");
	check_is(T "note\t" ID "\t40%\t", "bad percentage");
	check_is(T "note\t0123\t\t", "bad goal id");
	check_is(T "done\t" ID, NULL);
	check_is(T "done\t0123456789ABCDEF0123456789abcdef01234567",
	    "bad goal id");
	check_is(T "drop\t" ID "\twhy not", NULL);
	check_is(T "undo\t" ID "\t" ID, NULL);
	check_is(T "undo\t" ID "\tnot an id", "bad record id");
	check_is(T "retire\t" ID, "unknown kind");
}

/* Days, percentages and texts as the tool takes them. */
static void
test_parse(void **state)
{
	char big[GOALS_TEXT_MAX + 2];
	int64_t d;

	assert_int_equal(goals_parse_day("2026-03-01", 10, &d), 0);
	assert_int_equal(d, MAR(1));
	assert_int_equal(goals_parse_day("2028-02-29", 10, &d), 0);
	assert_int_equal(d, D(2028, 2, 29));
	assert_int_equal(goals_parse_day("2026-02-29", 10, &d), -1);
	assert_int_equal(goals_parse_day("2026-13-01", 10, &d), -1);
	assert_int_equal(goals_parse_day("2026-00-10", 10, &d), -1);
	assert_int_equal(goals_parse_day("2026-1-010", 10, &d), -1);
	assert_int_equal(goals_parse_day("2026-03-1", 9, &d), -1);
	assert_int_equal(goals_parse_pct("0", 1), 0);
	assert_int_equal(goals_parse_pct("45", 2), 45);
	assert_int_equal(goals_parse_pct("100", 3), 100);
	assert_int_equal(goals_parse_pct("101", 3), -1);
	assert_int_equal(goals_parse_pct("", 0), -1);
	assert_int_equal(goals_parse_pct("05", 2), -1);
	assert_int_equal(goals_parse_pct("+5", 2), -1);
	assert_int_equal(goals_parse_pct("1000", 4), -1);

	assert_null(goals_text_problem("Walk", 4, GOALS_TEXT_MAX, 0));
	assert_null(goals_text_problem("caf\xc3\xa9", 5, GOALS_TEXT_MAX, 0));
	assert_null(goals_text_problem("", 0, GOALS_NOTE_MAX, 1));
	assert_string_equal(goals_text_problem("", 0, 10, 0), "is empty");
	assert_string_equal(goals_text_problem("   ", 3, 10, 0), "is empty");
	assert_string_equal(goals_text_problem("a\tb", 3, 10, 0),
	    "has a control character");
	assert_string_equal(goals_text_problem("a\x1b[2J", 5, 10, 0),
	    "has a control character");
	assert_string_equal(goals_text_problem("a\xc2\x85", 3, 10, 0),
	    "has a control character");
	assert_string_equal(goals_text_problem("a\xff", 2, 10, 0),
	    "is not valid UTF-8");
	memset(big, 'x', sizeof(big));
	assert_null(goals_text_problem(big, GOALS_TEXT_MAX, GOALS_TEXT_MAX,
	    0));
	assert_string_equal(goals_text_problem(big, GOALS_TEXT_MAX + 1,
	    GOALS_TEXT_MAX, 0), "is too long");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_close_and_undo),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_copies_and_strays),
		cmocka_unit_test(test_any_order),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_undoable),
		cmocka_unit_test(test_status_at),
		cmocka_unit_test(test_moved),
		cmocka_unit_test(test_review),
		cmocka_unit_test(test_review_empty),
		cmocka_unit_test(test_record_check),
		cmocka_unit_test(test_parse),
	};

	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	return cmocka_run_group_tests_name("goals", tests, NULL, NULL);
}
