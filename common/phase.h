/*
 * phase: the phases of a listen-timer session and their clock, with the
 * clock left to the caller.
 *
 * A session is a list of phases, laid out by phase_plan: in each round,
 * each partner speaks for a turn while the other listens, and then, unless
 * the reflect time is zero, the listener says back what they heard.
 *
 * No function here reads a clock: each one that needs the time takes
 * "now", in seconds on a monotonic clock, so that a test can drive a
 * session second by second.  A phase that starts gets an absolute
 * deadline, and only the deadline decides when it is over (phase_due), so
 * redraws and keys cannot make the clock drift.  A pause moves the
 * deadline by the time paused, phase_add (the keys + and -) by the time
 * added or taken off, and phase_end (the deadline came, or n) ends the
 * phase at once.  A phase's actual time is the time it ran, pauses left
 * out.  phase_quit ends the session early (q, a signal): the phase running
 * keeps the time it ran, the phases after it an actual time of 0, and the
 * session is "ended" rather than "finished".
 *
 * The order of calls: phase_plan; phase_begin when the session starts;
 * then, while phase_current is not NULL, phase_start and, in any order,
 * pause, resume and add, until phase_end or phase_quit.  A call that does
 * not fit the state (a pause before the start, an end after the last
 * phase) does nothing.  phase_format writes the PHASES field of the
 * record; phase_stamp, phase_clock and phase_gone are what the lines and
 * the screen show.  Nothing here prints or exits.
 *
 * A record read back may come from the partner's machine, so it is input
 * like any other: phase_record_parse takes a session record only as
 * phase_format and phase_status write it, seconds included (a decimal
 * from 0 to PHASE_SECONDS_MAX with at most three decimals, never "inf",
 * "1e999" or 300 digits), and says why when it does not.  phase_add and
 * the time a phase ran stay within that range, so that what is written
 * can always be read back.
 */
#ifndef HEARTH_PHASE_H
#define HEARTH_PHASE_H

#include <stddef.h>

#include "date.h"
#include "record.h"

struct buf;

#define PHASE_ROUNDS_MAX	8	/* what one record holds */
#define PHASE_MAX		(4 * PHASE_ROUNDS_MAX)
#define PHASE_STEP		30.0	/* seconds added by +, taken by - */
#define PHASE_CLOCK_MAX		16	/* "HHH:MM:SS" and its NUL, and more */
#define PHASE_SECONDS_MAX	86400.0	/* a day: the longest a phase runs */

/* The fields of a session record after KIND. */
#define PHASE_RF_STATUS		RF_DATA
#define PHASE_RF_TOPIC		(RF_DATA + 1)
#define PHASE_RF_PHASES		(RF_DATA + 2)
#define PHASE_RF_N		(RF_DATA + 3)	/* fields in all */

enum phase_kind { PHASE_SPEAK, PHASE_REFLECT };

struct phase {
	enum phase_kind	 kind;
	const char	*speaker;	/* who has the floor */
	const char	*listener;	/* in a reflect phase, who says back */
	double		 planned;	/* seconds, with + and - */
	double		 actual;	/* seconds it ran, pauses left out */
};

enum phase_state {
	PHASE_READY,		/* the current phase has not started */
	PHASE_RUNNING,
	PHASE_PAUSED,
	PHASE_OVER		/* every phase ran, or the session was quit */
};

struct phase_session {
	struct phase	 p[PHASE_MAX];
	size_t		 n;		/* phases planned */
	size_t		 rounds;
	size_t		 cur;		/* the phase running or next */
	enum phase_state state;
	int		 quit;		/* ended early */
	struct hmoment	 start;		/* wall clock, for the record */
	double		 mono0;		/* monotonic seconds at the start */
	double		 began;		/* when the current phase started */
	double		 deadline;
	double		 paused_at;
	double		 paused;	/* seconds paused in the current phase */
};

/*
 * Lay out rounds rounds of turn and reflect seconds (reflect 0: no reflect
 * phases), first speaking first.  The names are kept as pointers.
 * Returns -1 (errno EINVAL) unless 1 <= rounds <= PHASE_ROUNDS_MAX,
 * turn > 0 and reflect >= 0.
 */
int	phase_plan(struct phase_session *ps, const char *first,
	    const char *second, double turn, double reflect, size_t rounds);
/* The session starts: start on the wall clock, now on the monotonic one. */
void	phase_begin(struct phase_session *ps, const struct hmoment *start,
	    double now);
/* The phase running or next to run; NULL when the session is over. */
const struct phase *phase_current(const struct phase_session *ps);
void	phase_start(struct phase_session *ps, double now);
/*
 * Seconds left in the current phase, never below 0: while paused, as at
 * the pause; before it starts, its planned time.
 */
double	phase_left(const struct phase_session *ps, double now);
/* The monotonic deadline of the running phase. */
double	phase_deadline(const struct phase_session *ps);
/* Whether the running phase, not paused, has reached its deadline. */
int	phase_due(const struct phase_session *ps, double now);
int	phase_paused(const struct phase_session *ps);
void	phase_pause(struct phase_session *ps, double now);
void	phase_resume(struct phase_session *ps, double now);
/*
 * Add seconds (negative: take them off) to the phase running: its
 * deadline moves by as much, its planned time too, but not below 0 and
 * not past PHASE_SECONDS_MAX (the deadline then moves only as far as the
 * planned time could).
 */
void	phase_add(struct phase_session *ps, double seconds);
/* End the current phase now, and go on to the next one. */
void	phase_end(struct phase_session *ps, double now);
/* End the session now, before its last phase is over. */
void	phase_quit(struct phase_session *ps, double now);
/* Whether every phase ran to its end (the session is over, not quit). */
int	phase_finished(const struct phase_session *ps);
/* "finished" or "ended", as the record says. */
const char *phase_status(const struct phase_session *ps);
/* "speak" or "reflect". */
const char *phase_name(enum phase_kind kind);
/* The round (from 1) of the current phase. */
size_t	phase_round(const struct phase_session *ps);
/* The share of the current phase gone by, from 0 to 1. */
double	phase_gone(const struct phase_session *ps, double now);
/*
 * Seconds left as the clock shows them, rounded up so that the last
 * second shows 00:01: "MM:SS", from an hour up "H:MM:SS".
 */
void	phase_clock(double left, char buf[PHASE_CLOCK_MAX]);
/* The wall-clock moment of now: the start plus the time since. */
void	phase_stamp(const struct phase_session *ps, double now,
	    struct hmoment *m);
/*
 * Append the PHASES field of the record to out: every phase planned, as
 * "PHASE:SPEAKER:LISTENER:PLANNED:ACTUAL" in seconds with three decimals,
 * separated by spaces.  Returns -1 when memory runs out.
 */
int	phase_format(const struct phase_session *ps, struct buf *out);

/*
 * Seconds as a record holds them: 1 to 5 digits, then optionally a point
 * and 1 to 3 digits, at most PHASE_SECONDS_MAX ("180.000", "0.5",
 * "86400").  0 and *v, or -1 for anything else (a sign, an exponent,
 * "inf", "nan", more digits).
 */
int	phase_seconds(const char *s, size_t len, double *v);
/* Whether s[0..len) is a STATUS phase_status writes. */
int	phase_status_valid(const char *s, size_t len);
/*
 * Parse a PHASES field, unescaped and NUL-terminated, cut up in place:
 * 1 to PHASE_MAX phases separated by single spaces, each five parts
 * "KIND:SPEAKER:LISTENER:PLANNED:ACTUAL" with KIND "speak" or "reflect",
 * names that are not empty, and PLANNED and ACTUAL as phase_seconds
 * takes them.  The phases go to p[] (their names point into s) and their
 * number to *n.  Returns 0, or -1 with a short reason in *why (a static
 * string) when the field is malformed.
 */
int	phase_parse(char *s, struct phase p[PHASE_MAX], size_t *n,
	    const char **why);
/*
 * Read a session record r (kind "session", as the store reader checked):
 * PHASE_RF_N fields, a STATUS of phase_status_valid and a PHASES field
 * that phase_parse takes, unescaped into buf (size bytes, RECORD_MAX
 * holds any) and cut up there.  The phases go to p[] and *n.  Returns 0,
 * or -1 with *why: the record is malformed.
 */
int	phase_record_parse(const struct record *r, char *buf, size_t size,
	    struct phase p[PHASE_MAX], size_t *n, const char **why);
/* The same, for a check alone: 0, or -1 with *why. */
int	phase_record_check(const struct record *r, const char **why);

#endif
