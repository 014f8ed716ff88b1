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
 *	- Every record but an undo is taken in time order: by timestamp,
 *	  a definition before anything else at the same instant, then by
 *	  author, then by record id.  A record names a ritual by the name
 *	  it has at that point, without regard to case, folded the same
 *	  way in every locale (ritual_fold_cmp); a name a ritual was
 *	  renamed from still names it, until a definition makes a new
 *	  ritual of it.
 *	- A definition of a name no ritual has makes a ritual: it gives its
 *	  name and first day (the date its timestamp shows), and its
 *	  schedule and note hold.  A later one with the schedule that holds
 *	  changes nothing.  One with another schedule (the same name added
 *	  on both machines before they synced) opens a disagreement: the
 *	  schedule that held goes on holding, and both are there to be
 *	  shown (ritual_disputes).  The next definition settles it: its
 *	  schedule and note hold from then on, as if from the first day.
 *	  A retired ritual disagrees about nothing.
 *	- An edit changes one thing: the schedule (which settles a
 *	  disagreement, and holds as if from the first day), the note, the
 *	  grace or the name (unless another ritual has that name).
 *	- A done, skip, retire, unretire or edit names a ritual and a day
 *	  (the last three, the date their timestamp shows).  It counts only
 *	  when that ritual was defined before it, and its day is neither
 *	  before the first day nor after the day the set is settled for:
 *	  what a partner's log dates before the definition or in the
 *	  future counts for nothing (hearth-store(5)).
 *	- An undo names the id of the done or skip it takes back, which
 *	  then counts for nothing, whichever of the two came first.
 *	- A retire retires an active ritual, for both partners, and an
 *	  unretire brings a retired one back: the days between are a pause,
 *	  in which no occurrence is missed.
 *
 * Periods, due dates and streaks are computed on day numbers (days since
 * 1970-01-01, schedule.h), so a change of daylight-saving time cannot
 * move them.  A calendar schedule cuts time into periods, each beginning
 * on its occurrence day.  For week and month any day of the period will
 * do.  The others are tied to their days: an occurrence may be kept on
 * its day and in the grace days after it (none unless set, never past
 * the next occurrence), its window; once the window has passed unkept,
 * it is missed.  A done in a period's window keeps it and a skip in it
 * excuses it (the first period's window also holds the days before it,
 * from the day the ritual was added: done early); a done or skip outside
 * every window keeps and excuses nothing.  A streak counts kept periods
 * in a row, excused ones neither breaking nor lengthening it, and a
 * period whose window is still open breaks nothing.  For an after:Nd
 * schedule the streak is a chain of dones and skips, each at most 2N
 * days after the one before; a done adds one when it comes N days or
 * more after the last one that added.  Days in a pause are left out of
 * both.  A retired ritual is seen as it stood on the day it was retired.
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
/* The longest grace, in days. */
#define RITUAL_GRACE_MAX	3650

/* One done or skip that counts. */
struct ritual_event {
	int64_t		 day;
	int		 skip;		/* 0 done, 1 skip */
	struct hmoment	 when;		/* when it was written */
	char		 by[AUTHOR_MAX + 1];
	char		 id[RECORD_ID_LEN + 1];
};

/*
 * One definition of a ritual, or an edit of its schedule: when, by whom,
 * which record, which schedule.
 */
struct ritual_def {
	struct hmoment	 when;
	char		 by[AUTHOR_MAX + 1];
	char		 id[RECORD_ID_LEN + 1];
	char		 stext[SCHED_TEXT_MAX];
};

/*
 * Days from one to before another, [from, to), in which a ritual was
 * retired; cum is the days of the pauses before this one.
 */
struct ritual_pause {
	int64_t		 from, to, cum;
};

struct ritual {
	char		*name;		/* as last named */
	char		*note;		/* of the define or edit that holds */
	struct sched	 s;		/* the schedule that holds */
	char		 stext[SCHED_TEXT_MAX];
	int		 grace;		/* days after an occurrence (if tied) */
	int64_t		 d0;		/* the day it was added */
	int		 retired;
	int64_t		 retired_on;	/* the day it was retired */
	/* By day, dones first; none taken back, none out of its days. */
	struct ritual_event *ev;
	size_t		 nev;
	/* The pauses it came back from, in day order. */
	struct ritual_pause *pause;
	size_t		 npause;
	/* The first definition, and the retirement that holds. */
	struct hmoment	 defined_at;
	char		 definer[AUTHOR_MAX + 1];
	char		 defid[RECORD_ID_LEN + 1];
	struct hmoment	 retired_at;
	/* The definition or edit whose schedule holds. */
	struct ritual_def def;
	/* A disagreement: rival, a later definition, differs from def. */
	int		 disputed;
	struct ritual_def rival;
	size_t		 nameidx;	/* ritual_settle's, while it runs */
};

struct ritual_mark;

/*
 * The couple's rituals.  While records are fed, mark[0..nmark) holds
 * every record that may count, its texts in names; after ritual_settle,
 * r[0..nr) holds one ritual for each name, in the order they were first
 * defined.
 */
struct ritual_set {
	struct ritual	*r;
	size_t		 nr;
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
 * period wants doing (for a ritual tied to days: while its window is
 * open), overdue when its occurrence day (occ) has passed too; next, the
 * next occurrence on or after that day that still wants doing; last,
 * the last day it was done (when has_last) and by whom.
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
	RITUAL_DUE,		/* today, while the ritual wants doing */
	RITUAL_MISSED,		/* an occurrence, its window passed unkept */
	RITUAL_SKIPPED,
	RITUAL_DONE
};

/* Which rituals ritual_lookup sees. */
enum ritual_scope {
	RITUAL_SEE_ACTIVE,
	RITUAL_SEE_ALL,
	RITUAL_SEE_RETIRED
};

/* What ritual_lookup found. */
enum ritual_found {
	RITUAL_FOUND,
	RITUAL_NONE,
	RITUAL_AMBIGUOUS,
	RITUAL_OUT_OF_SCOPE	/* one that scope does not see */
};

void	ritual_set_init(struct ritual_set *set);
void	ritual_set_free(struct ritual_set *set);

/*
 * Take one record of a ritual log.  Kinds other than define, edit, done,
 * skip, undo, retire and unretire, an edit of a field other than
 * schedule, note, grace and name, and a done or skip whose day is not a
 * date, are left alone.  Returns 0, or -1: HX_DATAERR for a definition
 * or edit whose stored schedule or grace cannot be read (the record is
 * ignored and the set stays as it was: a warning, not a reason to
 * stop), HX_IOERR when memory ran out.
 */
int	ritual_feed(struct ritual_set *set, const struct record *r,
	    struct herr *e);

/*
 * After the last record, the set as it stands on day today: take the
 * records in time order (ritual.h), leave out what names no defined
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
 * or edit whose schedule or grace cannot be read (it is ignored), with
 * line 0, since its line is not known, and ritual_feed's message.
 * Returns 0, or -1 on an I/O error or when memory ran out.
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
 * Whether schedule s is tied to its days (day, weekdays, Nd and Nw,
 * month:D), so that a grace applies, rather than due until its period
 * ends (week, month, after:Nd).
 */
int	ritual_tied(const struct sched *s);

/*
 * The days a grace text gives: "0d" to "3650d" (RITUAL_GRACE_MAX).
 * Returns 0, or -1 when s is not one.
 */
int	ritual_grace_parse(const char *s, int *days);

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
 * The ritual name names, among those scope sees, without regard to
 * case: the one whose whole name it is (in any scope:
 * RITUAL_OUT_OF_SCOPE when scope does not see it), else the only one
 * with a word that begins with it, else the only one with it within a
 * word; else, when only one ritual out of scope is found so,
 * RITUAL_OUT_OF_SCOPE.  Returns RITUAL_FOUND or
 * RITUAL_OUT_OF_SCOPE with *hit, RITUAL_NONE, or RITUAL_AMBIGUOUS with
 * *hit and *other the first two it could be.
 */
enum ritual_found	ritual_lookup(const struct ritual_set *set,
	    const char *name, int scope, struct ritual **hit,
	    struct ritual **other);

/*
 * The rituals an ambiguous name could be (as ritual_lookup finds them,
 * in the order they were defined): the first max in out[0..max), and
 * how many there are.
 */
size_t	ritual_candidates(const struct ritual_set *set, const char *name,
	    int scope, const struct ritual **out, size_t max);

/*
 * The rituals scope sees whose name, or a word of it, is nearest to
 * name as a typo (one edit away for up to four letters, two for more;
 * "wlak" is one from "walk" of "Evening walk"): the first max in
 * out[0..max), in the order they were defined, and how many there are.
 * Names longer than 200 bytes are not compared.
 */
size_t	ritual_nearest(const struct ritual_set *set, const char *name,
	    int scope, const struct ritual **out, size_t max);

/*
 * Where rt stands on day today, with weeks starting on weekday wstart
 * (0 Sunday): due or not, the next occurrence, the last done, streaks.
 * Events after today are not seen.
 */
void	ritual_assess(const struct ritual *rt, int64_t today, int wstart,
	    struct ritual_status *st);

/*
 * What day d was for rt, seen on day today: its done or skip, missed,
 * due (today only), or none of these.
 */
enum ritual_day_state	ritual_day(const struct ritual *rt, int64_t d,
	    int64_t today, int wstart);

/*
 * Whether a done or skip of rt on day d counts for a period: whether d
 * is in the window of the period that holds it (always, for week,
 * month and after:Nd); *occ, that period's occurrence day (d for
 * after:Nd).
 */
int	ritual_counts_on(const struct ritual *rt, int64_t d, int wstart,
	    int64_t *occ);

/*
 * The first day of rt's current period on day today, as undo takes it:
 * the first day its window holds for a calendar schedule (the day it
 * was added, for the first period), the last N days for after:Nd.
 */
int64_t	ritual_period_first(const struct ritual *rt, int64_t today,
	    int wstart);

/*
 * The done or skip of author's, for a day from first to last, that an
 * undo takes back: the one written last and not yet taken back; NULL
 * when there is none.
 */
const struct ritual_event	*ritual_undoable(const struct ritual *rt,
	    const char *author, int64_t first, int64_t last);

#endif
