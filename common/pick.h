/*
 * pick: which item to show next, so that nothing repeats.
 *
 * The caller describes its items in an array of struct pick_item: whether
 * each may be picked now (eligible: not skipped, not already picked in
 * this run, of the right deck), whether it has been shown before and when
 * it was last shown, and the weight group it belongs to (or -1).
 * pick_one returns the index of the item to show: one never shown,
 * uniformly, while any eligible one is left; else the least recently
 * shown, ties drawn at random.  With group percentages (percent[g] from 0
 * to 100, or PICK_REST for a group given none, as ask's -c N%DECK and
 * -c DECK), a group is drawn first, as fortune(6) does: N% of the time
 * for a group given N%, what is left shared by the others in proportion
 * to their items; a group with nothing new gives its share away while
 * any eligible item is new, and a group with nothing eligible always.
 * Every random choice goes through hrand, so HEARTH_SEED makes a pick
 * reproducible.  pick_one reads the array and changes nothing: to pick
 * several, clear eligible of each one picked.  pick_stream makes the
 * same choice, bar the weights, over items that come one at a time and
 * are not kept (the lines of a file).  Nothing here prints or exits.
 */
#ifndef HEARTH_PICK_H
#define HEARTH_PICK_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "date.h"

#define PICK_GROUPS_MAX	32	/* weight groups pick_one takes */
#define PICK_REST	(-1)	/* a group given no percentage */

struct pick_item {
	struct hmoment	 last;		/* when last shown (if shown) */
	int		 group;		/* its weight group, or -1 */
	uint8_t		 eligible;	/* it may be picked now */
	uint8_t		 shown;		/* it was shown before */
};

/*
 * The index of the item of v[0..n) to show next, or -1 when no item is
 * eligible.  percent[0..ngroups) are the groups' percentages (NULL and
 * 0 for none); when none is given (all PICK_REST), the groups make no
 * difference.  Under weights an item of no group (-1) is picked only
 * when no group has a share.  The percentages given should add up to at
 * most 100.  -1 with errno EINVAL for more than PICK_GROUPS_MAX groups.
 */
ssize_t	pick_one(const struct pick_item *v, size_t n, const int *percent,
	    size_t ngroups);

/*
 * The same rule over a stream: offer every item in turn; the last one
 * for which pick_stream_offer returned 1 is the pick (none, when it
 * never did).  Items never shown are kept by reservoir sampling, so each
 * is equally likely; until one comes, the least recently shown is kept,
 * ties at random.  Offer only eligible items.  Start from
 * PICK_STREAM_INIT.
 */
struct pick_stream {
	uint32_t	 unseen;	/* never-shown items offered */
	uint32_t	 ties;		/* shown ones at the oldest time */
	struct hmoment	 oldest;
};

#define PICK_STREAM_INIT	{ 0, 0, { 0, 0 } }

int	pick_stream_offer(struct pick_stream *ps, int shown,
	    const struct hmoment *last);

#endif
