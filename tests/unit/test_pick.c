/*
 * Unit tests for common/pick.c.
 *
 * Every expectation is worked out by hand from the rule, never taken from
 * the code's output: which items may come out of a small set, that all of
 * them do over many draws, and, for the weights, the share each group must
 * get.  HEARTH_SEED is set, so the draws are one fixed sequence and the
 * statistical checks (10,000 draws, tolerances of several standard
 * deviations) cannot be flaky.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "hrand.h"
#include "pick.h"

#define DRAWS	10000
#define NITEMS	16

/* An item never shown, eligible, of group g. */
#define NEW(g)		{ { 0, 0 }, (g), 1, 0 }
/* An item last shown at second s (microsecond u), eligible, of group g. */
#define SHOWN(s, u, g)	{ { (s), (u) }, (g), 1, 1 }
/* An item that may not be picked now. */
#define OFF(g)		{ { 0, 0 }, (g), 0, 0 }

static int
setup(void **state)
{
	setenv("HEARTH_SEED", "pick", 1);
	hrand_reset();
	return 0;
}

static int
teardown(void **state)
{
	unsetenv("HEARTH_SEED");
	hrand_reset();
	return 0;
}

/* How often each index came out of DRAWS picks; -1s count in got[n]. */
static void
tally(const struct pick_item *v, size_t n, const int *percent,
    size_t ngroups, unsigned got[NITEMS + 1])
{
	ssize_t k;
	int i;

	memset(got, 0, (NITEMS + 1) * sizeof(got[0]));
	for (i = 0; i < DRAWS; i++) {
		k = pick_one(v, n, percent, ngroups);
		assert_true(k >= -1 && k < (ssize_t)n);
		got[k == -1 ? n : (size_t)k]++;
	}
}

static void
nothing_to_pick(void **state)
{
	struct pick_item off[] = { OFF(-1), OFF(-1), OFF(-1) };
	struct pick_item mixed[] = { OFF(0), OFF(0), NEW(1) };
	int pct[] = { 100, 0 };

	assert_int_equal(pick_one(NULL, 0, NULL, 0), -1);
	assert_int_equal(pick_one(off, 3, NULL, 0), -1);
	/* Weights do not make an ineligible item pickable. */
	assert_int_equal(pick_one(off, 3, pct, 2), -1);
	/* 100% of a group with nothing left: the other group, 0% or not. */
	assert_int_equal(pick_one(mixed, 3, pct, 2), 2);
}

static void
too_many_groups(void **state)
{
	struct pick_item v[] = { NEW(0) };
	int pct[PICK_GROUPS_MAX + 1];

	memset(pct, 0, sizeof(pct));
	pct[0] = 100;
	assert_int_equal(pick_one(v, 1, pct, PICK_GROUPS_MAX), 0);
	errno = 0;
	assert_int_equal(pick_one(v, 1, pct, PICK_GROUPS_MAX + 1), -1);
	assert_int_equal(errno, EINVAL);
}

static void
never_shown_first(void **state)
{
	/* 1 and 3 are new and eligible; 4 is new but not eligible. */
	struct pick_item v[] = { SHOWN(100, 0, -1), NEW(-1), SHOWN(50, 0, -1),
	    NEW(-1), OFF(-1), SHOWN(10, 0, -1) };
	unsigned got[NITEMS + 1];

	tally(v, 6, NULL, 0, got);
	assert_int_equal(got[0] + got[2] + got[4] + got[5] + got[6], 0);
	/* Uniform between the two: 5,000 each, give or take 300. */
	assert_in_range(got[1], 4700, 5300);
	assert_in_range(got[3], 4700, 5300);
}

static void
single_new_item(void **state)
{
	struct pick_item v[] = { SHOWN(1, 0, -1), SHOWN(2, 0, -1), NEW(-1) };
	int i;

	for (i = 0; i < 100; i++)
		assert_int_equal(pick_one(v, 3, NULL, 0), 2);
}

static void
least_recent_wins(void **state)
{
	/* All shown: 3 is the oldest but not eligible, so 1. */
	struct pick_item v[] = { SHOWN(300, 0, -1), SHOWN(200, 999999, -1),
	    SHOWN(400, 0, -1), { { 100, 0 }, -1, 0, 1 }, SHOWN(201, 0, -1) };
	/* The same second, the microseconds decide: 2. */
	struct pick_item u[] = { SHOWN(500, 3, -1), SHOWN(500, 2, -1),
	    SHOWN(500, 1, -1), SHOWN(501, 0, -1) };
	/* Before the epoch is older still. */
	struct pick_item w[] = { SHOWN(0, 0, -1), SHOWN(-5, 0, -1) };
	int i;

	for (i = 0; i < 100; i++) {
		assert_int_equal(pick_one(v, 5, NULL, 0), 1);
		assert_int_equal(pick_one(u, 4, NULL, 0), 2);
		assert_int_equal(pick_one(w, 2, NULL, 0), 1);
	}
	/* Once it is picked (not eligible), the next oldest: 4. */
	v[1].eligible = 0;
	assert_int_equal(pick_one(v, 5, NULL, 0), 4);
	v[4].eligible = 0;
	assert_int_equal(pick_one(v, 5, NULL, 0), 0);
}

static void
ties_at_random(void **state)
{
	/* 0, 2 and 4 were shown at the same oldest moment. */
	struct pick_item v[] = { SHOWN(7, 5, -1), SHOWN(8, 0, -1),
	    SHOWN(7, 5, -1), SHOWN(7, 6, -1), SHOWN(7, 5, -1) };
	unsigned got[NITEMS + 1];

	tally(v, 5, NULL, 0, got);
	assert_int_equal(got[1] + got[3] + got[5], 0);
	/* 3,333 each, give or take 250. */
	assert_in_range(got[0], 3083, 3583);
	assert_in_range(got[2], 3083, 3583);
	assert_in_range(got[4], 3083, 3583);
}

static void
a_run_of_picks(void **state)
{
	/*
	 * Picking 5 from 5, clearing each one picked: the 3 new ones first
	 * (in some order), then 4 (shown at 10), then 0 (at 20).
	 */
	struct pick_item v[] = { SHOWN(20, 0, -1), NEW(-1), NEW(-1), NEW(-1),
	    SHOWN(10, 0, -1) };
	ssize_t k;
	int i, seen = 0;

	for (i = 0; i < 3; i++) {
		k = pick_one(v, 5, NULL, 0);
		assert_in_range(k, 1, 3);
		assert_false(seen & (1 << k));
		seen |= 1 << k;
		v[k].eligible = 0;
	}
	assert_int_equal(pick_one(v, 5, NULL, 0), 4);
	v[4].eligible = 0;
	assert_int_equal(pick_one(v, 5, NULL, 0), 0);
	v[0].eligible = 0;
	assert_int_equal(pick_one(v, 5, NULL, 0), -1);
}

static void
same_seed_same_picks(void **state)
{
	struct pick_item v[] = { NEW(0), NEW(0), NEW(1), NEW(1), NEW(1),
	    SHOWN(1, 0, 0), SHOWN(1, 0, 1) };
	int pct[] = { 40, PICK_REST };
	ssize_t a[50];
	int i;

	setenv("HEARTH_SEED", "again", 1);
	hrand_reset();
	for (i = 0; i < 50; i++)
		a[i] = pick_one(v, 7, pct, 2);
	hrand_reset();
	for (i = 0; i < 50; i++)
		assert_int_equal(pick_one(v, 7, pct, 2), a[i]);
}

static void
groups_without_weights(void **state)
{
	/* Groups all given no percentage: as if there were none. */
	struct pick_item v[] = { NEW(0), NEW(1), NEW(1), NEW(1) };
	int pct[] = { PICK_REST, PICK_REST };
	unsigned got[NITEMS + 1];
	int i;

	tally(v, 4, pct, 2, got);
	for (i = 0; i < 4; i++)
		assert_in_range(got[i], 2250, 2750);
}

static void
weights_as_given(void **state)
{
	/*
	 * a (0-2) 70%; b (3-4) and c (5-8) share the other 30% as 2 to 4:
	 * 10% and 20%.  Within a group, uniform.
	 */
	struct pick_item v[] = { NEW(0), NEW(0), NEW(0), NEW(1), NEW(1),
	    NEW(2), NEW(2), NEW(2), NEW(2) };
	int pct[] = { 70, PICK_REST, PICK_REST };
	unsigned got[NITEMS + 1];

	tally(v, 9, pct, 3, got);
	assert_in_range(got[0] + got[1] + got[2], 6700, 7300);
	assert_in_range(got[3] + got[4], 850, 1150);
	assert_in_range(got[5] + got[6] + got[7] + got[8], 1800, 2200);
	/* 70% / 3 = 23.3% each, give or take 1.5%. */
	assert_in_range(got[0], 2183, 2483);
	assert_in_range(got[2], 2183, 2483);
}

static void
weights_all_and_nothing(void **state)
{
	struct pick_item v[] = { NEW(0), NEW(1), NEW(0), NEW(1) };
	int pct[] = { 100, 0 };
	int zero[] = { 0, 100 };
	unsigned got[NITEMS + 1];

	tally(v, 4, pct, 2, got);
	assert_int_equal(got[1] + got[3] + got[4], 0);
	tally(v, 4, zero, 2, got);
	assert_int_equal(got[0] + got[2] + got[4], 0);
}

static void
weights_of_an_empty_group(void **state)
{
	/*
	 * a 50% has nothing eligible; b 20% (0-1), c the rest (2-3): 30%
	 * of 100.  The shares are 0, 20 and 30: b gets 40% of the draws,
	 * c 60%.
	 */
	struct pick_item v[] = { NEW(1), NEW(1), NEW(2), NEW(2), OFF(0),
	    OFF(0) };
	int pct[] = { 50, 20, PICK_REST };
	unsigned got[NITEMS + 1];

	tally(v, 6, pct, 3, got);
	assert_in_range(got[0] + got[1], 3700, 4300);
	assert_in_range(got[2] + got[3], 5700, 6300);
	assert_int_equal(got[4] + got[5] + got[6], 0);
}

static void
weights_step_aside_when_all_shown(void **state)
{
	/*
	 * a 70% (0-1) has shown everything, b the rest (2-3) has one new:
	 * b until it is shown, whatever the weights.  Then each group has
	 * its share again, and within it the least recently shown.
	 */
	struct pick_item v[] = { SHOWN(5, 0, 0), SHOWN(1, 0, 0),
	    SHOWN(3, 0, 1), NEW(1) };
	int pct[] = { 70, PICK_REST };
	unsigned got[NITEMS + 1];

	tally(v, 4, pct, 2, got);
	assert_int_equal(got[3], DRAWS);
	v[3].shown = 1;
	v[3].last.sec = 9;
	tally(v, 4, pct, 2, got);
	assert_int_equal(got[0] + got[3] + got[4], 0);
	assert_in_range(got[1], 6700, 7300);
	assert_in_range(got[2], 2700, 3300);
}

static void
no_group_under_weights(void **state)
{
	/* Item 0 is in no group: only the groups' items are picked. */
	struct pick_item v[] = { NEW(-1), NEW(0), NEW(1) };
	struct pick_item lone[] = { NEW(-1), OFF(0) };
	int pct[] = { 50, 50 };
	unsigned got[NITEMS + 1];

	tally(v, 3, pct, 2, got);
	assert_int_equal(got[0] + got[3], 0);
	assert_in_range(got[1], 4700, 5300);
	/* No group has a share: then it is. */
	assert_int_equal(pick_one(lone, 2, pct, 2), 0);
}

/* The stream's pick: the last index offer_all was told to take. */
static int
offer_all(const struct pick_item *v, int n)
{
	struct pick_stream ps = PICK_STREAM_INIT;
	int i, k = -1;

	for (i = 0; i < n; i++)
		if (pick_stream_offer(&ps, v[i].shown, &v[i].last))
			k = i;
	return k;
}

static void
stream_least_recent(void **state)
{
	/* All shown: the oldest, 2; 1 and 3 tie at 4.5 but 2 is older. */
	struct pick_item v[] = { SHOWN(9, 0, -1), SHOWN(4, 5, -1),
	    SHOWN(4, 4, -1), SHOWN(4, 5, -1) };
	int i;

	assert_int_equal(offer_all(v, 0), -1);
	for (i = 0; i < 100; i++)
		assert_int_equal(offer_all(v, 4), 2);
}

static void
stream_new_first(void **state)
{
	/* 1, 3 and 4 are new: each a third of the time; shown ones never. */
	struct pick_item v[] = { SHOWN(1, 0, -1), NEW(-1), SHOWN(0, 0, -1),
	    NEW(-1), NEW(-1), SHOWN(0, 0, -1) };
	unsigned got[6] = { 0 };
	int i;

	for (i = 0; i < 9000; i++)
		got[offer_all(v, 6)]++;
	assert_int_equal(got[0] + got[2] + got[5], 0);
	assert_in_range(got[1], 2700, 3300);
	assert_in_range(got[3], 2700, 3300);
	assert_in_range(got[4], 2700, 3300);
}

static void
stream_ties(void **state)
{
	/* 0 and 2 tie as the oldest: half and half. */
	struct pick_item v[] = { SHOWN(3, 0, -1), SHOWN(5, 0, -1),
	    SHOWN(3, 0, -1) };
	unsigned got[3] = { 0 };
	int i;

	for (i = 0; i < DRAWS; i++)
		got[offer_all(v, 3)]++;
	assert_int_equal(got[1], 0);
	assert_in_range(got[0], 4700, 5300);
	assert_in_range(got[2], 4700, 5300);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nothing_to_pick),
		cmocka_unit_test(too_many_groups),
		cmocka_unit_test(never_shown_first),
		cmocka_unit_test(single_new_item),
		cmocka_unit_test(least_recent_wins),
		cmocka_unit_test(ties_at_random),
		cmocka_unit_test(a_run_of_picks),
		cmocka_unit_test(same_seed_same_picks),
		cmocka_unit_test(groups_without_weights),
		cmocka_unit_test(weights_as_given),
		cmocka_unit_test(weights_all_and_nothing),
		cmocka_unit_test(weights_of_an_empty_group),
		cmocka_unit_test(weights_step_aside_when_all_shown),
		cmocka_unit_test(no_group_under_weights),
		cmocka_unit_test(stream_least_recent),
		cmocka_unit_test(stream_new_first),
		cmocka_unit_test(stream_ties),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
