/*
 * schedule: the schedules of rituals, and the periods they cut time into.
 *
 * Days are day numbers (days since 1970-01-01, date_days_from_civil), so
 * every computation here is calendar arithmetic: daylight-saving changes
 * cannot move a day.  A calendar schedule cuts time into periods, each
 * running from one occurrence day to the next:
 *
 *	day		every day
 *	week		weeks from week_start; any day of the week counts
 *	mon,thu		the listed weekdays
 *	Nd, Nw		every N days or weeks from the day it was added
 *	month		calendar months; any day of the month counts
 *	month:D		day D of each month (past a short month's end: its
 *			last day)
 *	after:Nd	one open period, N days after it was last done
 *
 * A period is kept when the ritual was done, or skipped, within it.
 */
#ifndef HEARTH_SCHEDULE_H
#define HEARTH_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

struct herr;

enum sched_kind {
	SCHED_DAY,
	SCHED_WEEK,
	SCHED_WEEKDAYS,
	SCHED_EVERY,		/* every n days (Nw is 7n) */
	SCHED_MONTH,
	SCHED_MONTHDAY,
	SCHED_AFTER		/* n days after the last done */
};

struct sched {
	enum sched_kind	kind;
	int		n;	/* days for EVERY and AFTER, D for MONTHDAY */
	int		weeks;	/* EVERY was given in weeks */
	unsigned	wdays;	/* WEEKDAYS: bit 0 Sunday ... bit 6 Saturday */
};

#define SCHED_TEXT_MAX	64

/*
 * Parse an --every text (day, week, mon,thu, 3d, 2w, month, month:31) or,
 * when after is set, an --after text (10d).  HX_USAGE errors name it.
 */
int	sched_parse(const char *text, int after, struct sched *s,
	    struct herr *e);
/* The canonical text, as stored: "day", "mon,thu", "3d", "after:10d". */
void	sched_format(const struct sched *s, char buf[SCHED_TEXT_MAX]);
/* Parse a stored canonical text. */
int	sched_parse_stored(const char *text, struct sched *s);
/* Whether any day of the period counts (week, month): never "overdue". */
int	sched_anyday(const struct sched *s);

/*
 * The period of a calendar schedule (not AFTER) that holds day d, for a
 * ritual added on day d0, weeks starting on weekday wstart: [*start,
 * *end), whose occurrence day is *start.  For week and month the first
 * period is the one that holds d0; for the others it begins at the first
 * occurrence on or after d0, and days before it belong to it (a ritual
 * done early counts).  Returns 0.
 */
int	sched_period(const struct sched *s, int64_t d0, int wstart, int64_t d,
	    int64_t *start, int64_t *end);

#endif
