/*
 * ritual: the couple's rituals, as both partners' logs make them.
 *
 * A tool reads the "ritual" records of both logs and feeds each one to a
 * ritual_set, in whatever order they come; ritual_settle then makes the
 * set as it stands on a given day.  The set depends only on which
 * records were fed and on that day, never on their order, so two
 * machines that hold the same records (after a git sync, with a
 * partner's clock running slow) agree on every ritual:
 *
 *	- A ritual is known by its name without regard to case, folded
 *	  the same way in every locale (ritual_fold_cmp).  Its definitions
 *	  are taken in time order (by timestamp, then author, then record
 *	  id).  The first gives its name and first day (the date its
 *	  timestamp shows), and its schedule and note hold.  A later one
 *	  with the schedule that holds changes nothing.  One with another
 *	  schedule (the same name added on both machines before they
 *	  synced) opens a disagreement: the schedule that held goes on
 *	  holding, and both are there to be shown (ritual_disputes).  The
 *	  next definition settles it, being recorded after both: its
 *	  schedule and note hold from then on, as if from the first day.
 *	  A retired ritual disagrees about nothing.
 *	- A done, skip or retire names a ritual and a day (a retire, the
 *	  date its timestamp shows).  It counts only when that ritual is
 *	  defined, its timestamp is not before the definition's, and its
 *	  day is neither before the first day nor after the day the set is
 *	  settled for: what a partner's log dates before the definition or
 *	  in the future counts for nothing (hearth-store(5)).
 *	- An undo names the id of the done or skip it takes back, which
 *	  then counts for nothing, whichever of the two came first.
 *	- The earliest retire of a name that counts retires it, for both
 *	  partners.
 *
 * Periods, due dates and streaks are computed on day numbers (days since
 * 1970-01-01, schedule.h), so a change of daylight-saving time cannot
 * move them.  For a calendar schedule a done on a day keeps the period
 * that holds it and a skip excuses it; a streak counts kept periods in a
 * row, excused ones neither breaking nor lengthening it, and the
 * current period breaks nothing while it is open.  For an after:Nd
 * schedule the streak is a chain of dones and skips, each at most 2N
 * days after the one before; a done adds one when it comes N days or
 * more after the last one that added.  A retired ritual is seen as it
 * stood on the day it was retired.
 *
 * A partner's log is untrusted: every path here costs O(n log n) in the
 * records fed, whatever they hold (40,000 definitions of distinct names,
 * or 40,000 dones of one ritual, dated from year 0).
 *
 * Nothing here prints or exits; errors come back in a struct herr.
 */
#ifndef HEARTH_RITUAL_H
#define HEARTH_RITUAL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "paths.h"
#include "record.h"
#include "schedule.h"

struct herr;
struct store;

#define RITUAL_DIR	"ritual"
/* Bytes of ritual_schedule_words's text, with its NUL. */
#define RITUAL_WORDS_MAX	(SCHED_TEXT_MAX + 8)

/* One done or skip that counts. */
struct ritual_event {
	int64_t		 day;
	int		 skip;		/* 0 done, 1 skip */
	struct hmoment	 when;		/* when it was written */
	char		 by[AUTHOR_MAX + 1];
	char		 id[RECORD_ID_LEN + 1];
};

/* One definition of a ritual: when, by whom, which record, which schedule. */
struct ritual_def {
	struct hmoment	 when;
	char		 by[AUTHOR_MAX + 1];
	char		 id[RECORD_ID_LEN + 1];
	char		 stext[SCHED_TEXT_MAX];
};

struct ritual {
	char		*name;		/* as first defined */
	char		*note;		/* of the definition that holds */
	struct sched	 s;		/* the schedule that holds */
	char		 stext[SCHED_TEXT_MAX];
	int64_t		 d0;		/* the day it was added */
	int		 retired;
	int64_t		 retired_on;	/* the day it was retired */
	/* By day, dones first; none taken back, none out of its days. */
	struct ritual_event *ev;
	size_t		 nev;
	/* The first definition, and the retirement that counts. */
	struct hmoment	 defined_at;
	char		 definer[AUTHOR_MAX + 1];
	char		 defid[RECORD_ID_LEN + 1];
	struct hmoment	 retired_at;
	/* The definition whose schedule holds. */
	struct ritual_def def;
	/* A disagreement: rival, a later definition, differs from def. */
	int		 disputed;
	struct ritual_def rival;
};

struct ritual_mark;

/*
 * The couple's rituals.  While records are fed, r[0..nr) holds every
 * good definition; after ritual_settle, one ritual for each name, in
 * the order they were first defined.
 */
struct ritual_set {
	struct ritual	*r;
	size_t		 nr;
	/* What ritual_settle puts on them, and the names it gives. */
	struct ritual_mark *mark;
	size_t		 nmark;
	struct buf	 names;
	/* The ids undos take back. */
	char		(*undo)[RECORD_ID_LEN + 1];
	size_t		 nundo;
	/* The fields of the record being read. */
	struct buf	 name, text;
};

/*
 * What a ritual is on a given day (ritual_assess): due when its current
 * period wants doing, overdue when its occurrence day (occ) has passed
 * too; next, the next occurrence on or after that day that still wants
 * doing; last, the last day it was done (when has_last) and by whom.
 */
struct ritual_status {
	int		 due;
	int		 overdue;
	int64_t		 occ;
	int64_t		 next;
	int		 has_last;
	int64_t		 last;
	char		 lastby[AUTHOR_MAX + 1];
	int		 streak;
	int		 best;
};

/* What a day was for a ritual, weakest first (ritual_day). */
enum ritual_day_state {
	RITUAL_NOT_DUE,
	RITUAL_MISSED,		/* a period's occurrence day, left unkept */
	RITUAL_SKIPPED,
	RITUAL_DONE
};

/* What ritual_lookup found. */
enum ritual_found {
	RITUAL_FOUND,
	RITUAL_NONE,
	RITUAL_AMBIGUOUS
};

void	ritual_set_init(struct ritual_set *set);
void	ritual_set_free(struct ritual_set *set);

/*
 * Take one record of a ritual log.  Kinds other than define, done,
 * skip, undo and retire, and a done or skip whose day is not a date,
 * are left alone.  Returns 0, or -1: HX_DATAERR for a definition whose
 * stored schedule cannot be read (the record is ignored and the set
 * stays as it was: a warning, not a reason to stop), HX_IOERR when
 * memory ran out.
 */
int	ritual_feed(struct ritual_set *set, const struct record *r,
	    struct herr *e);

/*
 * After the last record, the set as it stands on day today: make one
 * ritual of the definitions of each name, leave out what names no defined
 * ritual or is dated out of its days (before the definition, after
 * today), take back what was undone, put events in day order and
 * rituals in the order they were defined.  Returns 0, or -1 (HX_IOERR)
 * when memory ran out.  Nothing is fed after it.
 */
int	ritual_settle(struct ritual_set *set, int64_t today, struct herr *e);

/*
 * Read the ritual logs of st (NULL: there is no store yet) into set, made
 * with ritual_set_init, and settle it for day today.  Malformed lines go
 * to warn as a store_query's do (warn NULL: quiet); so does a definition
 * whose schedule cannot be read (it is ignored), with line 0, since its
 * line is not known, and ritual_feed's message.  Returns 0, or -1 on an
 * I/O error or when memory ran out.
 */
int	ritual_load(struct ritual_set *set, struct store *st, int64_t today,
	    void (*warn)(void *, const char *, size_t, const char *),
	    void *warn_arg, struct herr *e);

/*
 * The rituals of a settled set whose definitions disagree (disputed), in
 * the order they were defined: the first max of them in out[0..max), and
 * how many there are.
 */
size_t	ritual_disputes(const struct ritual_set *set,
	    const struct ritual **out, size_t max);

/*
 * A schedule as stored (stext) in the words ritual add takes it:
 * "every day", "every mon,thu", "every 2w", "after 10d".
 */
void	ritual_schedule_words(const char *stext,
	    char out[RITUAL_WORDS_MAX]);

/*
 * Append what a disputed ritual's definitions say to b: "schedules
 * differ: ana every day, ben every mon,tue,wed,thu,fri", the one that
 * holds first.  Returns 0, or -1 when memory ran out.  Its bytes are
 * author names (which the store reader checks), canonical schedules
 * and constants.
 */
int	ritual_dispute_text(const struct ritual *rt, struct buf *b);

/*
 * Compare the names a[0..alen) and b[0..blen) without regard to case:
 * below, at or above 0 as a sorts before, with or after b.  Case is
 * folded by Unicode's simple case folding (CaseFolding.txt, status C and
 * S, Unicode 14) of Basic Latin, Latin-1 Supplement, Latin Extended-A,
 * Greek and Coptic, Cyrillic, Cyrillic Supplement and Latin Extended
 * Additional; every other character, and every byte of no valid UTF-8
 * sequence, stands for itself.  It never depends on the locale.
 */
int	ritual_fold_cmp(const char *a, size_t alen, const char *b,
	    size_t blen);

/* The ritual named exactly name (without regard to case), or NULL. */
struct ritual	*ritual_find(const struct ritual_set *set,
		    const char *name);

/*
 * The ritual name names: its whole name, else a prefix of only one,
 * without regard to case; retired rituals only when all is set.  Returns
 * RITUAL_FOUND with *hit, RITUAL_NONE, or RITUAL_AMBIGUOUS with *hit and
 * *other the first two rituals name begins.
 */
enum ritual_found	ritual_lookup(const struct ritual_set *set,
	    const char *name, int all, struct ritual **hit,
	    struct ritual **other);

/*
 * Where rt stands on day today, with weeks starting on weekday wstart
 * (0 Sunday): due or not, the next occurrence, the last done, streaks.
 * Events after today are not seen.
 */
void	ritual_assess(const struct ritual *rt, int64_t today, int wstart,
	    struct ritual_status *st);

/* What day d was for rt, seen on day today. */
enum ritual_day_state	ritual_day(const struct ritual *rt, int64_t d,
	    int64_t today, int wstart);

/*
 * The done or skip of author's that an undo takes back: the one written
 * last and not yet taken back, whatever its day; NULL when there is none.
 */
const struct ritual_event	*ritual_undoable(const struct ritual *rt,
	    const char *author);

#endif
