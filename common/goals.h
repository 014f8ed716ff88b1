/*
 * goals: the couple's shared goals, as both partners' logs make them.
 *
 * A goal belongs to the two of you.  Each partner's "goals" log holds
 * events (hearth-store(5)):
 *
 *	TIME TAB AUTHOR TAB add  TAB TEXT TAB BY TAB EVERY
 *	TIME TAB AUTHOR TAB note TAB GOAL TAB PCT TAB TEXT
 *	TIME TAB AUTHOR TAB done TAB GOAL
 *	TIME TAB AUTHOR TAB drop TAB GOAL TAB WHY
 *	TIME TAB AUTHOR TAB undo TAB GOAL TAB ID
 *
 * A goal's id is the id of its add record; GOAL names it in full.  BY is
 * a day (YYYY-MM-DD) or empty, EVERY "month" or empty, PCT 0 to 100 or
 * empty.  An undo takes back the note, done or drop of GOAL whose record
 * id is ID, wherever it stands.
 *
 * A tool feeds the records of both logs to a goal_set in whatever order
 * they come, then settles it.  Nothing is decided while feeding, so what
 * the set says depends only on which records were fed: the events of a
 * goal are put in one total order, by time, then author, then the
 * record's bytes (a shorter line before a longer one it begins), and
 * walked in it.  A done or a drop that counts (is not taken back) closes
 * the goal, the latest one deciding how; a note that counts moves its
 * percentage when it gives one.  Either partner's events count the same.
 * Two copies of one record (the same bytes) count once.  An event that
 * names no goal the set holds counts for nothing.
 *
 * What the set costs is O(n log n) in the records fed, whatever a
 * partner's log holds: the events are sorted by goal, so a goal's events
 * are one slice of one array, and undone ones are found by binary search.
 *
 * Nothing here prints or exits; errors come back in a struct herr.
 */
#ifndef HEARTH_GOALS_H
#define HEARTH_GOALS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "paths.h"
#include "record.h"

struct herr;
struct store;

#define GOALS_DIR		"goals"
#define GOALS_TEXT_MAX		200	/* bytes of a goal's text */
#define GOALS_NOTE_MAX		1000	/* bytes of a note or a reason */
#define GOALS_STUCK_DAYS	30	/* no note for this long: stuck */
#define GOALS_SOON_DAYS		30	/* due within this many days: soon */
#define GOALS_WHO_MAX		4	/* authors a move names */
#define GOALS_NO_DAY		INT64_MIN

enum goal_kind {
	GOAL_NOTE,
	GOAL_DONE,
	GOAL_DROP
};

enum goal_state {
	GOAL_OPEN,
	GOAL_REACHED,		/* done */
	GOAL_DROPPED
};

/* One record as the order of events sees it. */
struct goal_rec {
	struct hmoment	 when;
	char		 by[AUTHOR_MAX + 1];
	char		 id[RECORD_ID_LEN + 1];
	char		*line;		/* its bytes, without the LF */
	size_t		 len;
};

/* A note, done or drop. */
struct goal_event {
	struct goal_rec	 rec;
	char		 goal[RECORD_ID_LEN + 1];
	enum goal_kind	 kind;
	int		 pct;		/* 0 to 100, or -1 for none */
	char		*text;		/* a note's text, a drop's reason */
	int		 undone;	/* taken back */
};

/* Where a goal stands at a moment (goals_status_at). */
struct goal_status {
	enum goal_state	 state;
	int		 pct;		/* the latest given, 0 when none */
	int		 has_pct;
	size_t		 notes;		/* notes that count */
	/* The done or drop that holds, and the latest note. */
	const struct goal_event *closed;
	const struct goal_event *last_note;
};

struct goal {
	struct goal_rec	 rec;		/* its add: rec.id is the goal's id */
	char		*text;
	int64_t		 by;		/* a day number, or GOALS_NO_DAY */
	int		 every_month;
	/* After goals_settle: its events in order, taken back ones too. */
	const struct goal_event *ev;
	size_t		 nev;
	struct goal_status st;		/* as the whole set has it */
};

struct goal_undo {
	char		 goal[RECORD_ID_LEN + 1];
	char		 id[RECORD_ID_LEN + 1];
};

/*
 * The goals.  After goals_settle, g[0..ng) holds each goal once, in the
 * order they were added.
 */
struct goal_set {
	struct goal	*g;
	size_t		 ng, gcap;
	struct goal_event *ev;
	size_t		 nev, evcap;
	struct goal_undo *undo;
	size_t		 nundo, ucap;
	struct buf	 scratch;
};

/* One goal that moved in a period (goals_moved). */
struct goal_who {
	const char	*by;
	size_t		 n;
};

struct goal_move {
	const struct goal *g;
	struct goal_status before;	/* at the period's start */
	struct goal_status after;	/* at its end */
	size_t		 notes;		/* notes that count in the period */
	/* The notes by author, the first to note first. */
	struct goal_who	 who[GOALS_WHO_MAX];
	size_t		 nwho;
	const struct goal_event *last_note;	/* the latest in the period */
};

/* An open goal with no note for GOALS_STUCK_DAYS days. */
struct goal_stuck {
	const struct goal *g;
	int64_t		 since;		/* the day of its last note, or added */
	int		 noted;		/* whether it has a note at all */
};

/* An open goal that wants attention soon. */
struct goal_due {
	const struct goal *g;
	int		 soon;		/* its BY is within GOALS_SOON_DAYS */
	int64_t		 days;		/* BY less today (below 0: overdue) */
	int		 monthly;	/* monthly, and no note in the month */
};

struct goal_review {
	struct goal_move *moved;
	size_t		 nmoved;
	struct goal_stuck *stuck;
	size_t		 nstuck;
	struct goal_due	*due;
	size_t		 ndue;
};

void	goals_init(struct goal_set *set);
void	goals_free(struct goal_set *set);

/*
 * Why the fields of a goals record are wrong for its kind, or NULL
 * (the registry's check; the store reader reports such a record as
 * malformed).  A kind that is not a goals kind is wrong too.
 */
const char	*goals_record_check(const struct record *r);

/*
 * Take one record of a goals log.  One that goals_record_check refuses
 * is left alone.  0, or -1 (HX_IOERR) when memory ran out.
 */
int	goals_feed(struct goal_set *set, const struct record *r,
	    struct herr *e);

/*
 * After the last record: one goal for each add, in order; the events
 * of each; what is taken back; each goal's status.  0, or -1 (HX_IOERR)
 * when memory ran out.  Nothing is fed after it.
 */
int	goals_settle(struct goal_set *set, struct herr *e);

/*
 * Read the goals logs of st (NULL: no store yet) into set, made with
 * goals_init, and settle it.  Only records before until count (NULL:
 * all).  Malformed lines go to warn as a store_query's do (NULL: quiet).
 * 0, or -1 on an I/O error or when memory ran out.
 */
int	goals_load(struct goal_set *set, struct store *st,
	    const struct hmoment *until,
	    void (*warn)(void *, const char *, size_t, const char *),
	    void *warn_arg, struct herr *e);

/* g's status from its events before at (NULL: all of them). */
void	goals_status_at(const struct goal *g, const struct hmoment *at,
	    struct goal_status *st);
/* The percentage to show: 100 for a goal reached, else the latest. */
int	goals_pct(const struct goal_status *st);

/*
 * The goals what names, into hit[0..max), and how many there are.  A
 * goal is named by a prefix of its id (4 to 40 hex digits) or by a part
 * of its text, both without regard to ASCII case (other bytes compare
 * as they are).  When a goal's whole text is what, or its id begins
 * with it, only such goals count.  With open_first, goals still open
 * are the only ones that count when any of them is named.
 */
size_t	goals_match(const struct goal_set *set, const char *what,
	    int open_first, const struct goal **hit, size_t max);

/*
 * The event of g that an undo by author takes back: for a goal done or
 * dropped, the done or drop that holds, whoever wrote it (the goal is
 * the couple's); for one open, author's latest note that counts.  NULL
 * when there is none.
 */
const struct goal_event	*goals_undoable(const struct goal *g,
	    const char *author);

/* The state g would be in were ev, one of its events, taken back. */
enum goal_state	goals_state_without(const struct goal *g,
	    const struct goal_event *ev);

/*
 * Why s[0..len) cannot be a goal's text (max GOALS_TEXT_MAX) or a note
 * (max GOALS_NOTE_MAX), or NULL: "is not valid UTF-8", "has a control
 * character", "is empty" (only when empty_ok is 0; blanks are empty),
 * "is too long".
 */
const char	*goals_text_problem(const char *s, size_t len, size_t max,
		    int empty_ok);
/* A percentage as stored or given: "0" to "100", no sign, no zero first. */
int	goals_parse_pct(const char *s, size_t len);
/* A day YYYY-MM-DD into its day number: 0, or -1 when it is no date. */
int	goals_parse_day(const char *s, size_t len, int64_t *day);

/*
 * The goals with a note, done or drop that counts in [from, to), in
 * the order they were added, into *out (free it), their number in *n:
 * the status at from and at to, the notes in the period and who wrote
 * them.  What a weekly digest calls with a week's bounds.  0, or -1
 * (HX_IOERR) when memory ran out.
 */
int	goals_moved(const struct goal_set *set, const struct hmoment *from,
	    const struct hmoment *to, struct goal_move **out, size_t *n,
	    struct herr *e);

/*
 * The review of the month [from, to) on day today (a day number in it):
 * what moved in the month (goals_moved); the open goals with no note
 * for GOALS_STUCK_DAYS days or more before today (the day added counts
 * for one never noted); the open goals due soon, those whose BY is at
 * most GOALS_SOON_DAYS days after today (or past) and the monthly ones
 * with no note in the month, those with a BY first, by BY.  0, or -1
 * (HX_IOERR) when memory ran out; free it with goals_review_free.
 */
int	goals_review(const struct goal_set *set, const struct hmoment *from,
	    const struct hmoment *to, int64_t today, struct goal_review *rv,
	    struct herr *e);
/* Whether the review has nothing in it. */
int	goals_review_empty(const struct goal_review *rv);
void	goals_review_free(struct goal_review *rv);

#endif
