/*
 * pick: the no-repeat pick (see pick.h).
 *
 * The rule is the one ask has always had.  Within the items that may be
 * picked, the never-shown ones come first, uniformly; once there are none,
 * the least recently shown, ties drawn at random.  The items are counted
 * first and a number drawn once, rather than shuffled, because a random
 * number may cost a system call, and because the draws a given
 * HEARTH_SEED makes are what tests and scripts rely on: the order and
 * bounds of the hrand calls here are part of the interface, so that a
 * seed picks the same prompt from one release to the next.
 *
 * Weights follow fortune(6): a group is drawn first, then an item in it.
 * The shares are counted over the new items while there are any, so a
 * deck that has shown everything steps aside until the others have too;
 * a group given no percentage shares what the others leave in proportion
 * to its items.  A group is drawn as one number in [0, 10^6) scaled to
 * the sum of the shares; the rounding can leave the walk on a group with
 * no share, and it then steps back to the nearest one before it that has.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdint.h>

#include "date.h"
#include "hrand.h"
#include "pick.h"

#define ALL	(-2)		/* every group, for among() */

static int
fits(const struct pick_item *it, int g)
{
	return it->eligible && (g == ALL || it->group == g);
}

/*
 * The pick among the eligible items of group g (or of all, ALL): a
 * never-shown one, uniformly; else the least recently shown, ties drawn
 * at random.  -1 when none is eligible.
 */
static ssize_t
among(const struct pick_item *v, size_t n, int g)
{
	const struct pick_item *best = NULL;
	size_t i, unseen = 0, ties = 0, k;

	for (i = 0; i < n; i++)
		if (fits(&v[i], g) && !v[i].shown)
			unseen++;
	if (unseen > 0) {
		k = hrand_uniform((uint32_t)unseen);
		for (i = 0; i < n; i++)
			if (fits(&v[i], g) && !v[i].shown && k-- == 0)
				return (ssize_t)i;
	}
	for (i = 0; i < n; i++) {
		if (!fits(&v[i], g))
			continue;
		if (best == NULL || date_cmp(&v[i].last, &best->last) < 0) {
			best = &v[i];
			ties = 1;
		} else if (date_cmp(&v[i].last, &best->last) == 0)
			ties++;
	}
	if (best == NULL)
		return -1;
	k = hrand_uniform((uint32_t)ties);
	for (i = 0; i < n; i++)
		if (fits(&v[i], g) && date_cmp(&v[i].last, &best->last) == 0 &&
		    k-- == 0)
			return (ssize_t)i;
	return -1;
}

/* The eligible items of each group (only the new ones, with fresh). */
static size_t
count_groups(const struct pick_item *v, size_t n, size_t ngroups,
    int fresh, size_t *left)
{
	size_t i, total = 0;

	for (i = 0; i < n; i++)
		if (v[i].eligible && (!fresh || !v[i].shown) &&
		    v[i].group >= 0 && (size_t)v[i].group < ngroups) {
			left[v[i].group]++;
			total++;
		}
	return total;
}

/*
 * The group to pick from, drawn by the shares; ALL when no group has
 * a share.
 */
static int
draw_group(const struct pick_item *v, size_t n, const int *percent,
    size_t ngroups)
{
	size_t left[PICK_GROUPS_MAX] = { 0 }, i, unweighted = 0;
	double share[PICK_GROUPS_MAX], sum = 0, r;
	int rest = 100, g;

	if (count_groups(v, n, ngroups, 1, left) == 0 &&
	    count_groups(v, n, ngroups, 0, left) == 0)
		return ALL;
	for (i = 0; i < ngroups; i++) {
		if (percent[i] < 0)
			unweighted += left[i];
		else
			rest -= percent[i];
	}
	if (rest < 0)
		rest = 0;
	for (i = 0; i < ngroups; i++) {
		if (left[i] == 0)
			share[i] = 0;
		else if (percent[i] >= 0)
			share[i] = percent[i];
		else
			share[i] = (double)rest * (double)left[i] /
			    (double)unweighted;
		sum += share[i];
	}
	if (sum <= 0)
		return ALL;
	r = (double)hrand_uniform(1000000) / 1000000.0 * sum;
	for (g = 0; g < (int)ngroups - 1; g++) {
		if (r < share[g] && share[g] > 0)
			break;
		r -= share[g];
	}
	while (share[g] <= 0)
		g--;
	return g;
}

ssize_t
pick_one(const struct pick_item *v, size_t n, const int *percent,
    size_t ngroups)
{
	size_t i;
	int weighted = 0;

	if (ngroups > PICK_GROUPS_MAX) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < ngroups; i++)
		weighted |= percent[i] >= 0;
	return among(v, n, weighted ? draw_group(v, n, percent, ngroups) :
	    ALL);
}

int
pick_stream_offer(struct pick_stream *ps, int shown,
    const struct hmoment *last)
{
	int c;

	if (!shown)
		return hrand_uniform(++ps->unseen) == 0;
	if (ps->unseen > 0)
		return 0;
	if (ps->ties == 0 || (c = date_cmp(last, &ps->oldest)) < 0) {
		ps->oldest = *last;
		ps->ties = 1;
		return 1;
	}
	return c == 0 && hrand_uniform(++ps->ties) == 0;
}
