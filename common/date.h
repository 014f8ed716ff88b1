/*
 * date: the times and dates hearth reads and writes.
 *
 * Records carry RFC 3339 timestamps with the local offset, optionally with
 * a fraction of a second.  Users give dates as RFC 3339, YYYY-MM-DD,
 * "today", "yesterday", "Nd" or "Nw" (N days or weeks ago) and weekday
 * names (the most recent such day, today included).  Day forms mean local
 * midnight at the start of that day, computed with mktime(3) so that
 * daylight-saving changes are honoured.  HEARTH_NOW fixes "now" for tests
 * and scripts.
 */
#ifndef HEARTH_DATE_H
#define HEARTH_DATE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct herr;

/* What a date given by a user may be, for messages. */
#define DATE_FORMS	"(use YYYY-MM-DD, today, yesterday, Nd, Nw, a " \
			"weekday or an RFC 3339 time)"

/* A moment: seconds since the epoch and microseconds. */
struct hmoment {
	int64_t	sec;
	int32_t	usec;
};

/* Longest RFC 3339 text date_format writes, with its NUL. */
#define DATE_RFC3339_MAX 40

/*
 * Now, or HEARTH_NOW when it is set (RFC 3339 or YYYY-MM-DD).  A bad
 * HEARTH_NOW is an error (HX_USAGE) naming it.
 */
int	date_now(struct hmoment *now, struct herr *e);

/*
 * Parse a user's date (any form above) relative to now.  *out is the
 * moment; *whole_day is set to 1 for the day forms (YYYY-MM-DD, today,
 * yesterday, Nd, Nw, weekday names), 0 for an exact RFC 3339 time.
 * Errors are HX_USAGE: "bad date 'x' (use ...)", DATE_FORMS.
 */
int	date_parse(const char *s, const struct hmoment *now,
	    struct hmoment *out, int *whole_day, struct herr *e);

/*
 * Parse a stored RFC 3339 timestamp of exactly len bytes:
 * YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM).  Strict: impossible
 * dates (2026-02-30, hour 24, month 13) are refused.  Returns 0, or -1
 * with a short reason in *why (a static string) when why is not NULL.
 */
int	date_parse_rfc3339(const char *s, size_t len, struct hmoment *out,
	    const char **why);

/*
 * Write m as RFC 3339 in the local time zone with its offset, with six
 * digits of fraction when usec_digits is set (and m.usec is used), else
 * whole seconds.  Returns the length written (buf holds
 * DATE_RFC3339_MAX bytes).
 */
size_t	date_format(const struct hmoment *m, int usec_digits,
	    char buf[DATE_RFC3339_MAX]);

/* YYYY-MM-DD of the local day that contains m. buf holds 11 bytes. */
void	date_day(const struct hmoment *m, char buf[11]);

/* Local midnight at the start of the day containing m, plus days days. */
int64_t	date_day_start(const struct hmoment *m, int days);

/* Local midnight at the start of the week (Monday) containing m. */
int64_t	date_week_start(const struct hmoment *m);

/* Local calendar fields of m: year, month 1-12, day 1-31, weekday 0=Sun. */
void	date_fields(const struct hmoment *m, int *year, int *month, int *day,
	    int *wday);

/*
 * The local day number of m: days since 1970-01-01 of the local calendar
 * day that contains it (TZ), the number every day comparison uses.
 */
int64_t	date_local_day(const struct hmoment *m);

/* Days since 1970-01-01 of a proleptic Gregorian date (no time zone). */
int64_t	date_days_from_civil(int64_t y, unsigned m, unsigned d);

/* The proleptic Gregorian date of day number days (the inverse). */
void	date_civil_from_days(int64_t days, int64_t *y, unsigned *m,
	    unsigned *d);
/* Days in month m (1-12) of year y. */
int	date_days_in_month(int64_t y, unsigned m);
/* The weekday of day number days: 0 Sunday ... 6 Saturday. */
int	date_weekday(int64_t days);

/* Whether year is a leap year. */
int	date_is_leap(int64_t year);

/*
 * Whether m can be written in a record: its local year has four digits
 * (0000 to 9999).  date_now refuses a HEARTH_NOW that cannot.
 */
int	date_writable(const struct hmoment *m);

/* -1, 0 or 1 as a is before, at or after b. */
int	date_cmp(const struct hmoment *a, const struct hmoment *b);
/* One microsecond later. */
void	date_tick(struct hmoment *m);
/* YYYY-MM-DD of day number days (buf holds 11 bytes). */
void	date_day_text(int64_t days, char buf[11]);
/*
 * The name of weekday wday (0 Sunday ... 6 Saturday), lowercase: in full
 * ("monday") or in three letters ("mon").
 */
const char	*date_weekday_name(int wday);
const char	*date_weekday_abbr(int wday);
/* The weekday a name or three-letter name gives, any case; -1 if none. */
int	date_weekday_parse(const char *s, size_t len);

#endif
