/*
 * schedule: schedules and their periods (see schedule.h).
 *
 * Everything is done on day numbers.  Months use the proleptic Gregorian
 * calendar of date_days_from_civil; a month day past a month's end is
 * clamped to the last day, so month:31 falls on 30 April and on 28 or 29
 * February.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "herr.h"
#include "schedule.h"

#define EVERY_MAX	3650	/* ten years, in days */

int
sched_anyday(const struct sched *s)
{
	return s->kind == SCHED_WEEK || s->kind == SCHED_MONTH;
}

/* "12" of "12d": a count from 1 to max, or -1. */
static int
count(const char *p, size_t len, int max)
{
	int v = 0;
	size_t i;

	if (len == 0 || len > 4)
		return -1;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v >= 1 && v <= max ? v : -1;
}

int
sched_parse(const char *text, int after, struct sched *s, struct herr *e)
{
	char buf[SCHED_TEXT_MAX], *tok, *save;
	size_t len = strlen(text);
	int w;

	memset(s, 0, sizeof(*s));
	if (after) {
		s->kind = SCHED_AFTER;
		if (len >= 2 && (text[len - 1] == 'd' || text[len - 1] == 'w') &&
		    (s->n = count(text, len - 1, EVERY_MAX)) != -1) {
			if (text[len - 1] == 'w')
				s->n *= 7;
			if (s->n <= EVERY_MAX)
				return 0;
		}
		return herr_set(e, HX_USAGE, "bad --after '%s' (use Nd or Nw, "
		    "such as 10d)", text);
	}
	if (strcmp(text, "day") == 0 || strcmp(text, "daily") == 0) {
		s->kind = SCHED_DAY;
		return 0;
	}
	if (strcmp(text, "week") == 0 || strcmp(text, "weekly") == 0) {
		s->kind = SCHED_WEEK;
		return 0;
	}
	if (strcmp(text, "month") == 0 || strcmp(text, "monthly") == 0) {
		s->kind = SCHED_MONTH;
		return 0;
	}
	if (strncmp(text, "month:", 6) == 0) {
		s->kind = SCHED_MONTHDAY;
		if ((s->n = count(text + 6, len - 6, 31)) != -1)
			return 0;
		return herr_set(e, HX_USAGE, "bad --every '%s' (month:DAY "
		    "takes a day from 1 to 31)", text);
	}
	if (len >= 2 && (text[len - 1] == 'd' || text[len - 1] == 'w') &&
	    text[0] >= '0' && text[0] <= '9') {
		s->kind = SCHED_EVERY;
		s->weeks = text[len - 1] == 'w';
		if ((s->n = count(text, len - 1, EVERY_MAX)) != -1 &&
		    (s->n *= s->weeks ? 7 : 1) <= EVERY_MAX)
			return 0;
		return herr_set(e, HX_USAGE, "bad --every '%s' (every N days "
		    "or weeks: N from 1, such as 3d or 2w)", text);
	}
	if (len < sizeof(buf)) {
		strlcpy(buf, text, sizeof(buf));
		s->kind = SCHED_WEEKDAYS;
		for (tok = strtok_r(buf, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save)) {
			if ((w = date_weekday_parse(tok, strlen(tok))) == -1)
				break;
			s->wdays |= 1u << w;
		}
		if (tok == NULL && s->wdays != 0 && text[len - 1] != ',')
			return 0;
	}
	return herr_set(e, HX_USAGE, "bad --every '%s' (use day, week, "
	    "weekdays such as mon,thu, Nd, Nw, month or month:DAY)", text);
}

void
sched_format(const struct sched *s, char buf[SCHED_TEXT_MAX])
{
	size_t len = 0;
	int i;

	switch (s->kind) {
	case SCHED_DAY:
		strlcpy(buf, "day", SCHED_TEXT_MAX);
		break;
	case SCHED_WEEK:
		strlcpy(buf, "week", SCHED_TEXT_MAX);
		break;
	case SCHED_MONTH:
		strlcpy(buf, "month", SCHED_TEXT_MAX);
		break;
	case SCHED_MONTHDAY:
		snprintf(buf, SCHED_TEXT_MAX, "month:%d", s->n);
		break;
	case SCHED_EVERY:
		if (s->weeks)
			snprintf(buf, SCHED_TEXT_MAX, "%dw", s->n / 7);
		else
			snprintf(buf, SCHED_TEXT_MAX, "%dd", s->n);
		break;
	case SCHED_AFTER:
		snprintf(buf, SCHED_TEXT_MAX, "after:%dd", s->n);
		break;
	case SCHED_WEEKDAYS:
		buf[0] = '\0';
		/* Monday first, as a week is read. */
		for (i = 1; i <= 7; i++)
			if (s->wdays & (1u << (i % 7)))
				len += (size_t)snprintf(buf + len,
				    SCHED_TEXT_MAX - len, "%s%s", len ? "," : "",
				    date_weekday_abbr(i % 7));
		break;
	}
}

int
sched_parse_stored(const char *text, struct sched *s)
{
	if (strncmp(text, "after:", 6) == 0)
		return sched_parse(text + 6, 1, s, NULL);
	return sched_parse(text, 0, s, NULL);
}

static void
civil(int64_t d, int64_t *y, int *m, int *day)
{
	unsigned mu, du;

	date_civil_from_days(d, y, &mu, &du);
	*m = (int)mu;
	*day = (int)du;
}

static int64_t
month_start(int64_t y, int m)
{
	return date_days_from_civil(y, (unsigned)m, 1);
}

static int
month_len(int64_t y, int m)
{
	return date_days_in_month(y, (unsigned)m);
}

/* Day D of month (y, m), or its last day when it is shorter. */
static int64_t
month_day(int64_t y, int m, int D)
{
	return month_start(y, m) + (D > month_len(y, m) ? month_len(y, m) : D)
	    - 1;
}

static void
next_month(int64_t *y, int *m, int by)
{
	*m += by;
	while (*m > 12) {
		*m -= 12;
		(*y)++;
	}
	while (*m < 1) {
		*m += 12;
		(*y)--;
	}
}

/* The first occurrence day on or after d (calendar kinds). */
static int64_t
first_on_or_after(const struct sched *s, int64_t d0, int wstart, int64_t d)
{
	int64_t y, st;
	int m, day, i;

	switch (s->kind) {
	case SCHED_DAY:
		return d;
	case SCHED_WEEK:
		st = d - (date_weekday(d) - wstart + 7) % 7;
		return st == d ? d : st + 7;
	case SCHED_WEEKDAYS:
		for (i = 0; i < 7; i++)
			if (s->wdays & (1u << date_weekday(d + i)))
				return d + i;
		return d;
	case SCHED_EVERY:
		if (d <= d0)
			return d0;
		return d0 + ((d - d0 + s->n - 1) / s->n) * s->n;
	case SCHED_MONTH:
		civil(d, &y, &m, &day);
		if (day == 1)
			return d;
		next_month(&y, &m, 1);
		return month_start(y, m);
	case SCHED_MONTHDAY:
		civil(d, &y, &m, &day);
		if ((st = month_day(y, m, s->n)) >= d)
			return st;
		next_month(&y, &m, 1);
		return month_day(y, m, s->n);
	case SCHED_AFTER:
		break;
	}
	return d;
}

int
sched_period(const struct sched *s, int64_t d0, int wstart, int64_t d,
    int64_t *start, int64_t *end)
{
	int64_t first, y;
	int m, day, i;

	/*
	 * Where any day counts, the first period is the one the ritual was
	 * added in; otherwise it starts at the first occurrence, and a done
	 * before it counts for it (done early).
	 */
	first = sched_anyday(s) ? d0 : first_on_or_after(s, d0, wstart, d0);
	if (d < first)
		d = first;
	switch (s->kind) {
	case SCHED_DAY:
		*start = d;
		*end = d + 1;
		break;
	case SCHED_WEEK:
		*start = d - (date_weekday(d) - wstart + 7) % 7;
		*end = *start + 7;
		break;
	case SCHED_WEEKDAYS:
		for (i = 0; i < 7 && !(s->wdays & (1u << date_weekday(d - i)));
		    i++)
			;
		*start = d - i;
		for (i = 1; i <= 7 &&
		    !(s->wdays & (1u << date_weekday(*start + i))); i++)
			;
		*end = *start + i;
		break;
	case SCHED_EVERY:
		*start = d0 + ((d - d0) / s->n) * s->n;
		*end = *start + s->n;
		break;
	case SCHED_MONTH:
		civil(d, &y, &m, &day);
		*start = month_start(y, m);
		next_month(&y, &m, 1);
		*end = month_start(y, m);
		break;
	case SCHED_MONTHDAY:
		civil(d, &y, &m, &day);
		if (month_day(y, m, s->n) > d)
			next_month(&y, &m, -1);
		*start = month_day(y, m, s->n);
		next_month(&y, &m, 1);
		*end = month_day(y, m, s->n);
		break;
	case SCHED_AFTER:
		*start = d;
		*end = d + s->n;
		break;
	}
	return 0;
}
