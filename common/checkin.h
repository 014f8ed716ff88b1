/*
 * checkin: the couple's weekly check-ins, as both partners' logs make
 * them.
 *
 * Each partner's "checkin" log holds events:
 *
 *	TIME TAB AUTHOR TAB checkin TAB ME TAB CLOSE TAB NEED TAB NOTE
 *	TIME TAB AUTHOR TAB edit    TAB ID TAB ME TAB CLOSE TAB NEED TAB NOTE
 *	TIME TAB AUTHOR TAB undo    TAB ID
 *
 * ME (how the author is) and CLOSE (how close they feel) are scores
 * from 1 to 10; NEED, one thing they need this week, is never empty;
 * NOTE may be.  An edit gives new values to the check-in whose record id
 * is ID; an undo takes back the check-in or edit whose id is ID.  Both
 * count only for a record of the same author.
 *
 * A check-in belongs to the day its timestamp shows (the writer's own
 * calendar, so every machine agrees) and to the couple's week holding
 * that day: weeks begin on the weekday week_start names.  Day and week
 * arithmetic is on day numbers, so a change of daylight-saving time
 * cannot move a check-in into another week.
 *
 * What counts, for each author and week, is the latest of the author's
 * check-ins of that week that no undo took back, with the values of its
 * latest edit that no undo took back.  "Latest" is by timestamp, then
 * author, then record id: a total order that depends only on the records,
 * so two machines holding the same records, in any order of lines and
 * files, agree.
 *
 * The reveal rule: a check-in is shown to its author, and to another
 * author only once that author has a check-in that counts in the same
 * week.
 *
 * A partner's log is untrusted: feeding and settling cost O(n log n) in
 * the records fed, whatever they hold.  Nothing here prints or exits;
 * errors come back in a struct herr.
 */
#ifndef HEARTH_CHECKIN_H
#define HEARTH_CHECKIN_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "paths.h"
#include "record.h"

struct herr;
struct store;

#define CHECKIN_DIR		"checkin"
#define CHECKIN_SCORE_MIN	1
#define CHECKIN_SCORE_MAX	10
#define CHECKIN_NEED_MAX	300	/* bytes of a need */
#define CHECKIN_NOTE_MAX	1000	/* bytes of a note */

/* A score in a trend: 1 to 10, or one of these. */
#define CHECKIN_NONE		0	/* no check-in that week */
#define CHECKIN_HIDDEN		(-1)	/* one the viewer may not see yet */

/* A check-in that counts. */
struct checkin {
	int64_t		 week;		/* its week's first day (day number) */
	int64_t		 day;		/* the day its timestamp shows */
	struct hmoment	 when;		/* when it was written */
	const char	*stamp;		/* its timestamp, as stored */
	size_t		 stamp_len;
	char		 by[AUTHOR_MAX + 1];
	char		 id[RECORD_ID_LEN + 1];	/* the check-in record's */
	/* Its values, as its latest edit that counts left them. */
	int		 me, close;
	const char	*need, *note;	/* unescaped, NUL-terminated */
	int		 edited;
	/* Its latest record that counts: its own id or its latest edit's. */
	char		 last[RECORD_ID_LEN + 1];
};

struct checkin_raw;

/*
 * The check-ins.  Records are fed in any order; after checkin_settle,
 * v[0..n) holds the check-ins that count, one at most for each author
 * and week, sorted by week, then by the order above.
 */
struct checkin_set {
	struct checkin		*v;
	size_t			 n;
	struct checkin_raw	*raw;	/* every check-in and edit fed */
	size_t			 nraw;
	struct checkin_raw	*undo;	/* every undo fed */
	size_t			 nundo;
};

#define CHECKIN_SET_INIT	{ NULL, 0, NULL, 0, NULL, 0 }

/* The first day of the week (day number) that holds day. */
int64_t	checkin_week_of(int64_t day, int wstart);

/*
 * The first weekday of the couple's week: setting, the store's
 * week_start, when it is not NULL; else config, the config file's, when
 * it is neither NULL nor empty; else Monday (1).  0 Sunday ... 6
 * Saturday, or -1 when the value used names no weekday.
 */
int	checkin_week_start(const char *setting, const char *config);

/*
 * The score s[0..len) gives: "1" to "10" exactly (no sign, no blank, no
 * leading zero), else -1.
 */
int	checkin_score(const char *s, size_t len);

/*
 * NULL when r's fields are those its kind (checkin, edit or undo) must
 * have, else why not: the registry's check of the kinds.
 */
const char	*checkin_record_check(const struct record *r);

/*
 * Take one record into set.  Other kinds are ignored (0).  -1 with e
 * set: HX_DATAERR for a check-in, edit or undo whose fields are wrong
 * (nothing kept), HX_IOERR when memory ran out.
 */
int	checkin_feed(struct checkin_set *set, const struct record *r,
	    struct herr *e);

/* Decide what counts (see above), for weeks that begin on wstart. */
int	checkin_settle(struct checkin_set *set, int wstart, struct herr *e);

/*
 * Feed every record of the store's checkin logs to set (st may be NULL:
 * no store yet) and settle it.  Malformed lines go to warn.
 */
int	checkin_load(struct checkin_set *set, struct store *st, int wstart,
	    void (*warn)(void *, const char *, size_t, const char *),
	    void *warn_arg, struct herr *e);

void	checkin_set_free(struct checkin_set *set);

/* The check-in of author that counts in week, or NULL. */
const struct checkin	*checkin_find(const struct checkin_set *set,
			    const char *author, int64_t week);

/*
 * The check-ins that count in week: the first of them (NULL when none)
 * and how many, in *n; they stand together in set->v.
 */
const struct checkin	*checkin_week(const struct checkin_set *set,
			    int64_t week, size_t *n);

/*
 * The reveal rule: whether viewer may see c.  Its author may; another
 * author once they have a check-in that counts in c's week.
 */
int	checkin_visible(const struct checkin_set *set,
	    const struct checkin *c, const char *viewer);

/*
 * The weekly scores of a trend: weeks weeks, the last the one that
 * begins on last_week, for each of na authors (sorted; the viewer among
 * them).  me and close hold na * weeks scores, author by author: 1 to
 * 10, CHECKIN_NONE or CHECKIN_HIDDEN (the reveal rule).
 */
struct checkin_trend {
	int64_t		  first;	/* the first week's first day */
	size_t		  weeks, na;
	char		(*authors)[AUTHOR_MAX + 1];
	int		 *me, *close;
};

int	checkin_trend(const struct checkin_set *set, const char *viewer,
	    int64_t last_week, size_t weeks, struct checkin_trend *t,
	    struct herr *e);
void	checkin_trend_free(struct checkin_trend *t);

/*
 * The mean of the scores of v[0..n) that are 1 to 10, in tenths,
 * rounded half up (6.65 is 67); -1 when there is none.
 */
int	checkin_mean10(const int *v, size_t n);

/*
 * The height of score (1 to 10) as one of 8 bars, 0 to 7, on one scale
 * for everyone: round((score - 1) * 7 / 9).
 */
int	checkin_level(int score);

#endif
