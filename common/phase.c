/*
 * phase: the phases of a listen-timer session and their clock (see
 * phase.h).
 *
 * The state is the current phase and whether it is ready, running or
 * paused.  While it runs, its deadline is when it is due; a pause
 * remembers when it began, and the resume adds the time paused to both
 * the deadline and the time to leave out of the phase's actual time, so
 * that a phase paused for 30 s ends 30 s later and still records the time
 * it ran.  Seconds are doubles, as the monotonic clock gives them; the
 * rounding for the screen and the lines is done here without libm.
 *
 * Reading a record back is strict, for it may be the partner's: seconds
 * are parsed digit by digit into whole milliseconds, never by strtod(3),
 * which takes "inf", "nan", "1e999", hex and the locale's decimal point,
 * so what is shown or printed as JSON is always a number listen-timer
 * could have written.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "phase.h"
#include "record.h"

#define SECONDS_DIGITS	5	/* before the point: 86400 */
#define SECONDS_DECIMALS 3

int
phase_plan(struct phase_session *ps, const char *first, const char *second,
    double turn, double reflect, size_t rounds)
{
	const char *name[2] = { first, second };
	struct phase *ph;
	size_t r, k;

	if (rounds < 1 || rounds > PHASE_ROUNDS_MAX || !(turn > 0) ||
	    !(reflect >= 0) || turn > PHASE_SECONDS_MAX ||
	    reflect > PHASE_SECONDS_MAX) {
		errno = EINVAL;
		return -1;
	}
	memset(ps, 0, sizeof(*ps));
	ps->rounds = rounds;
	for (r = 0; r < rounds; r++)
		for (k = 0; k < 2; k++) {
			ph = &ps->p[ps->n++];
			ph->kind = PHASE_SPEAK;
			ph->speaker = name[k];
			ph->listener = name[1 - k];
			ph->planned = turn;
			if (reflect <= 0)
				continue;
			ps->p[ps->n] = *ph;
			ps->p[ps->n].kind = PHASE_REFLECT;
			ps->p[ps->n++].planned = reflect;
		}
	ps->state = PHASE_READY;
	return 0;
}

void
phase_begin(struct phase_session *ps, const struct hmoment *start,
    double now)
{
	ps->start = *start;
	ps->mono0 = now;
}

const struct phase *
phase_current(const struct phase_session *ps)
{
	return ps->state == PHASE_OVER ? NULL : &ps->p[ps->cur];
}

void
phase_start(struct phase_session *ps, double now)
{
	if (ps->state != PHASE_READY)
		return;
	ps->state = PHASE_RUNNING;
	ps->began = now;
	ps->deadline = now + ps->p[ps->cur].planned;
	ps->paused = 0;
}

double
phase_left(const struct phase_session *ps, double now)
{
	double left;

	switch (ps->state) {
	case PHASE_READY:
		return ps->p[ps->cur].planned;
	case PHASE_RUNNING:
		left = ps->deadline - now;
		break;
	case PHASE_PAUSED:
		left = ps->deadline - ps->paused_at;
		break;
	default:
		return 0;
	}
	return left > 0 ? left : 0;
}

double
phase_deadline(const struct phase_session *ps)
{
	return ps->deadline;
}

int
phase_due(const struct phase_session *ps, double now)
{
	return ps->state == PHASE_RUNNING && ps->deadline - now <= 0;
}

int
phase_paused(const struct phase_session *ps)
{
	return ps->state == PHASE_PAUSED;
}

void
phase_pause(struct phase_session *ps, double now)
{
	if (ps->state != PHASE_RUNNING)
		return;
	ps->state = PHASE_PAUSED;
	ps->paused_at = now;
}

void
phase_resume(struct phase_session *ps, double now)
{
	if (ps->state != PHASE_PAUSED)
		return;
	ps->state = PHASE_RUNNING;
	ps->deadline += now - ps->paused_at;
	ps->paused += now - ps->paused_at;
}

void
phase_add(struct phase_session *ps, double seconds)
{
	struct phase *ph = &ps->p[ps->cur];

	if (ps->state != PHASE_RUNNING && ps->state != PHASE_PAUSED)
		return;
	if (ph->planned + seconds > PHASE_SECONDS_MAX)
		seconds = PHASE_SECONDS_MAX - ph->planned;
	ps->deadline += seconds;
	ph->planned = ph->planned + seconds > 0 ? ph->planned + seconds : 0;
}

/*
 * The running phase stops now: it keeps the time it ran, within what a
 * record holds (a late wakeup after a day-long phase, or a stop without a
 * terminal, which counts, could pass it).
 */
static void
stop(struct phase_session *ps, double now)
{
	struct phase *ph = &ps->p[ps->cur];

	phase_resume(ps, now);
	ph->actual = now - ps->began - ps->paused;
	if (ph->actual < 0)
		ph->actual = 0;
	if (ph->actual > PHASE_SECONDS_MAX)
		ph->actual = PHASE_SECONDS_MAX;
}

void
phase_end(struct phase_session *ps, double now)
{
	if (ps->state != PHASE_RUNNING && ps->state != PHASE_PAUSED)
		return;
	stop(ps, now);
	ps->state = ++ps->cur < ps->n ? PHASE_READY : PHASE_OVER;
}

void
phase_quit(struct phase_session *ps, double now)
{
	if (ps->state == PHASE_OVER)
		return;
	if (ps->state != PHASE_READY)
		stop(ps, now);
	ps->state = PHASE_OVER;
	ps->quit = 1;
}

int
phase_finished(const struct phase_session *ps)
{
	return ps->state == PHASE_OVER && !ps->quit;
}

const char *
phase_status(const struct phase_session *ps)
{
	return phase_finished(ps) ? "finished" : "ended";
}

const char *
phase_name(enum phase_kind kind)
{
	return kind == PHASE_SPEAK ? "speak" : "reflect";
}

size_t
phase_round(const struct phase_session *ps)
{
	return ps->cur / (ps->n / ps->rounds) + 1;
}

double
phase_gone(const struct phase_session *ps, double now)
{
	double planned = ps->p[ps->cur].planned, gone;

	if (!(planned > 0))
		return 1;
	gone = 1.0 - phase_left(ps, now) / planned;
	return gone < 0 ? 0 : gone > 1 ? 1 : gone;
}

void
phase_clock(double left, char buf[PHASE_CLOCK_MAX])
{
	unsigned secs, mins;

	/* Rounded up: 0.2 s left is still a second to go. */
	if (left > 4e9)
		left = 4e9;	/* more than a century: not a phase */
	secs = left > 0 ? (unsigned)left : 0;
	if (secs < left)
		secs++;
	mins = secs / 60;
	secs %= 60;
	if (mins >= 60)
		snprintf(buf, PHASE_CLOCK_MAX, "%u:%02u:%02u", mins / 60,
		    mins % 60, secs);
	else
		snprintf(buf, PHASE_CLOCK_MAX, "%02u:%02u", mins, secs);
}

void
phase_stamp(const struct phase_session *ps, double now, struct hmoment *m)
{
	double el = now > ps->mono0 ? now - ps->mono0 : 0;
	int64_t whole = (int64_t)el;

	*m = ps->start;
	m->sec += whole;
	m->usec += (int32_t)((el - (double)whole) * 1e6);
	if (m->usec >= 1000000) {
		m->usec -= 1000000;
		m->sec++;
	}
}

int
phase_format(const struct phase_session *ps, struct buf *out)
{
	const struct phase *ph;
	size_t i;

	for (i = 0; i < ps->n; i++) {
		ph = &ps->p[i];
		if (buf_printf(out, "%s%s:%s:%s:%.3f:%.3f", i > 0 ? " " : "",
		    phase_name(ph->kind), ph->speaker, ph->listener,
		    ph->planned, ph->actual) == -1)
			return -1;
	}
	return buf_nul(out);
}

int
phase_seconds(const char *s, size_t len, double *v)
{
	size_t i = 0, digits, decimals = 0;
	uint32_t ms = 0;

	for (digits = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		if (digits < SECONDS_DIGITS)
			ms = ms * 10 + (uint32_t)(s[i] - '0');
	if (digits == 0 || digits > SECONDS_DIGITS)
		return -1;
	ms *= 1000;
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9' &&
		    decimals < SECONDS_DECIMALS; i++, decimals++)
			ms += (uint32_t)(s[i] - '0') * (decimals == 0 ? 100 :
			    decimals == 1 ? 10 : 1);
		if (decimals == 0)
			return -1;	/* "180." */
	}
	if (i != len || ms > (uint32_t)(PHASE_SECONDS_MAX * 1000))
		return -1;
	*v = ms / 1000.0;
	return 0;
}

int
phase_status_valid(const char *s, size_t len)
{
	return (len == 8 && memcmp(s, "finished", 8) == 0) ||
	    (len == 5 && memcmp(s, "ended", 5) == 0);
}

static int
malformed(const char **why, const char *reason)
{
	*why = reason;
	return -1;
}

/* One phase, s[0..len) of a PHASES field, cut up in place into *ph. */
static int
parse_one(char *s, size_t len, struct phase *ph, const char **why)
{
	char *part[5], *end = s + len, *colon;
	size_t plen[5];
	int k;

	if (len == 0)
		return malformed(why, "an empty phase (two spaces, or one at "
		    "an end)");
	for (k = 0; k < 5; k++) {
		part[k] = s;
		colon = memchr(s, ':', (size_t)(end - s));
		if ((colon == NULL) != (k == 4))
			return malformed(why, "a phase is not "
			    "PHASE:SPEAKER:LISTENER:PLANNED:ACTUAL");
		plen[k] = (size_t)((colon != NULL ? colon : end) - s);
		if (colon != NULL) {
			*colon = '\0';
			s = colon + 1;
		}
	}
	if (plen[0] == 5 && memcmp(part[0], "speak", 5) == 0)
		ph->kind = PHASE_SPEAK;
	else if (plen[0] == 7 && memcmp(part[0], "reflect", 7) == 0)
		ph->kind = PHASE_REFLECT;
	else
		return malformed(why, "a phase is neither speak nor reflect");
	if (plen[1] == 0 || plen[2] == 0)
		return malformed(why, "a phase has an empty name");
	if (phase_seconds(part[3], plen[3], &ph->planned) == -1)
		return malformed(why, "bad planned seconds (0 to 86400, at "
		    "most three decimals)");
	if (phase_seconds(part[4], plen[4], &ph->actual) == -1)
		return malformed(why, "bad actual seconds (0 to 86400, at "
		    "most three decimals)");
	ph->speaker = part[1];
	ph->listener = part[2];
	return 0;
}

int
phase_parse(char *s, struct phase p[PHASE_MAX], size_t *n, const char **why)
{
	char *sp;
	size_t len;

	*n = 0;
	if (*s == '\0')
		return malformed(why, "a session without phases");
	for (;;) {
		if (*n == PHASE_MAX)
			return malformed(why, "more than 32 phases");
		sp = strchr(s, ' ');
		len = sp != NULL ? (size_t)(sp - s) : strlen(s);
		if (sp != NULL)
			*sp = '\0';
		if (parse_one(s, len, &p[*n], why) == -1)
			return -1;
		++*n;
		if (sp == NULL)
			return 0;
		s = sp + 1;
	}
}

int
phase_record_parse(const struct record *r, char *buf, size_t size,
    struct phase p[PHASE_MAX], size_t *n, const char **why)
{
	size_t len;

	*n = 0;
	if (r->nf != PHASE_RF_N)
		return malformed(why, "a session without three fields");
	if (!phase_status_valid(r->f[PHASE_RF_STATUS],
	    r->flen[PHASE_RF_STATUS]))
		return malformed(why, "a session is neither finished nor "
		    "ended");
	if (r->flen[PHASE_RF_PHASES] >= size)
		return malformed(why, "too many phases");
	len = record_unescape(buf, r->f[PHASE_RF_PHASES],
	    r->flen[PHASE_RF_PHASES]);
	if (len == (size_t)-1)
		return malformed(why, "bad escape");
	buf[len] = '\0';
	return phase_parse(buf, p, n, why);
}

int
phase_record_check(const struct record *r, const char **why)
{
	struct phase p[PHASE_MAX];
	char buf[RECORD_MAX];
	size_t n;

	return phase_record_parse(r, buf, sizeof(buf), p, &n, why);
}
