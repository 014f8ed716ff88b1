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
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "phase.h"

int
phase_plan(struct phase_session *ps, const char *first, const char *second,
    double turn, double reflect, size_t rounds)
{
	const char *name[2] = { first, second };
	struct phase *ph;
	size_t r, k;

	if (rounds < 1 || rounds > PHASE_ROUNDS_MAX || !(turn > 0) ||
	    !(reflect >= 0)) {
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
	ps->deadline += seconds;
	ph->planned = ph->planned + seconds > 0 ? ph->planned + seconds : 0;
}

/* The running phase stops now: it keeps the time it ran. */
static void
stop(struct phase_session *ps, double now)
{
	struct phase *ph = &ps->p[ps->cur];

	phase_resume(ps, now);
	ph->actual = now - ps->began - ps->paused;
	if (ph->actual < 0)
		ph->actual = 0;
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
