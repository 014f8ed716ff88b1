/*
 * date: reading and writing the times hearth keeps (see date.h).
 *
 * Stored timestamps are parsed by hand rather than with strptime(3) and
 * timegm(3): a log is read one record at a time, so the parser looks at
 * each byte once, allocates nothing, touches no locale or time zone state,
 * and turns the calendar date into a day number with Howard Hinnant's
 * days_from_civil, a handful of integer operations.  It is strict: the
 * length must be exact and every field in range, so a torn or hand-mangled
 * line is reported rather than misread.
 *
 * Day forms (YYYY-MM-DD, today, Nd, weekday names) mean local midnight.
 * Calendar arithmetic is done on day numbers, and only the final date goes
 * to mktime(3) with tm_isdst = -1, so a day is as long as the zone makes
 * it (23 or 25 hours across a daylight-saving change).  Where the clock
 * jumps over midnight itself, the day starts at the first moment that
 * exists on it, found by bisection.
 *
 * Writing uses localtime_r(3) only for the offset; the fields are computed
 * from the moment plus the offset rounded to whole minutes, so what is
 * written always reads back as the same moment, even for the odd
 * historical offsets with seconds in them.
 *
 * Nothing here keeps state: "now" is passed in, or read from HEARTH_NOW or
 * the clock on each call to date_now.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "herr.h"

#define SECS_PER_DAY	86400
#define MAX_AGO		100000	/* largest N in "Nd" and "Nw" */

static const char *const weekdays[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday"
};

int
date_is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int64_t
date_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe, mp;

	/* Years start in March, so the leap day is the last of a year. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;				/* [0, 399] */
	mp = m > 2 ? (int64_t)m - 3 : (int64_t)m + 9;	/* [0, 11] */
	doy = (153 * mp + 2) / 5 + (int64_t)d - 1;	/* [0, 365] */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* [0, 146096] */
	return era * 146097 + doe - 719468;
}

/* The inverse of date_days_from_civil. */
void
date_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int
date_days_in_month(int64_t y, unsigned m)
{
	static const unsigned char mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && date_is_leap(y))
		return 29;
	return mdays[m - 1];
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q;

	q = a / b;
	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

/* Two ASCII digits as a number, or -1. */
static inline int
two_digits(const char *p)
{
	unsigned a, b;

	a = (unsigned)((unsigned char)p[0] - '0');
	b = (unsigned)((unsigned char)p[1] - '0');
	if (a > 9 || b > 9)
		return -1;
	return (int)(a * 10 + b);
}

/* The weekday of day number days, 0 = Sunday (1970-01-01 was a Thursday). */
int
date_weekday(int64_t days)
{
	return (int)(days + 4 - floor_div(days + 4, 7) * 7);
}

/* The last n decimal digits of v, zero-padded; returns the end. */
static char *
put_digits(char *p, unsigned v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/* Midnight UTC of day number days, saturated: for years no zone knows. */
static int64_t
utc_midnight(int64_t days)
{
	if (days > INT64_MAX / SECS_PER_DAY)
		return INT64_MAX;
	if (days < INT64_MIN / SECS_PER_DAY)
		return INT64_MIN;
	return days * SECS_PER_DAY;
}

/* Local broken-down time of sec; -1 when it cannot be represented. */
static int
local_tm(int64_t sec, struct tm *tm)
{
	time_t t;

	t = (time_t)sec;
	if ((int64_t)t != sec || localtime_r(&t, tm) == NULL)
		return -1;
	return 0;
}

/* The local day number (days since 1970-01-01) of sec. */
static int64_t
local_days(int64_t sec)
{
	struct tm tm;

	if (local_tm(sec, &tm) == -1)
		return floor_div(sec, SECS_PER_DAY);
	return date_days_from_civil((int64_t)tm.tm_year + 1900,
	    (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
}

/*
 * The first moment of local day number target.  mktime(3) does the work;
 * the result is checked (it must be on the day, and the second before it
 * must not be), and when midnight does not exist or mktime picked a later
 * instance of it, the start is found by bisection on the local day.
 */
static int64_t
midnight_of(int64_t target)
{
	struct tm tm;
	time_t tt;
	int64_t y, t, lo, hi, mid;
	unsigned m, d;
	int i;

	date_civil_from_days(target, &y, &m, &d);
	if (y - 1900 < INT_MIN || y - 1900 > INT_MAX)
		return utc_midnight(target);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)d;
	tm.tm_isdst = -1;
	tm.tm_wday = -1;
	tt = mktime(&tm);
	if (tt == (time_t)-1 && tm.tm_wday == -1)
		return utc_midnight(target);
	t = (int64_t)tt;
	if (local_days(t) == target && local_days(t - 1) < target)
		return t;

	/* Bracket the start: lo before the day, hi on or after it. */
	hi = t;
	for (i = 0; i < 48 && local_days(hi) < target; i++)
		hi += 3600;
	lo = hi - 3600;
	for (i = 0; i < 48 && local_days(lo) >= target; i++)
		lo -= 3600;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (local_days(mid) >= target)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* YYYY-MM-DD of exactly len bytes, as a day number; -1 if not one. */
static int
parse_ymd(const char *s, size_t len, int64_t *days)
{
	int c, y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if ((c = two_digits(s)) == -1 || (y = two_digits(s + 2)) == -1 ||
	    (m = two_digits(s + 5)) == -1 || (d = two_digits(s + 8)) == -1)
		return -1;
	y += c * 100;
	if (m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, (unsigned)m))
		return -1;
	*days = date_days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

static int
fail(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return -1;
}

int
date_parse_rfc3339(const char *s, size_t len, struct hmoment *out,
    const char **why)
{
	const char *p, *end;
	int c, y, mo, d, h, mi, sec, oh, om, nd;
	unsigned dig;
	int32_t usec;
	int64_t off;

	/* Shortest: YYYY-MM-DDTHH:MM:SSZ; longest: 9 digits and +HH:MM. */
	if (len < 20 || len > 35)
		return fail(why, "bad timestamp");
	if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':')
		return fail(why, "bad timestamp");
	if ((c = two_digits(s)) == -1 || (y = two_digits(s + 2)) == -1 ||
	    (mo = two_digits(s + 5)) == -1 || (d = two_digits(s + 8)) == -1 ||
	    (h = two_digits(s + 11)) == -1 || (mi = two_digits(s + 14)) == -1 ||
	    (sec = two_digits(s + 17)) == -1)
		return fail(why, "bad timestamp");
	y += c * 100;

	p = s + 19;
	end = s + len;
	usec = 0;
	if (*p == '.') {
		p++;
		for (nd = 0; p < end; nd++, p++) {
			dig = (unsigned)((unsigned char)*p - '0');
			if (dig > 9)
				break;
			if (nd < 6)
				usec = usec * 10 + (int32_t)dig;
		}
		if (nd == 0 || nd > 9)
			return fail(why, "bad timestamp");
		for (; nd < 6; nd++)
			usec *= 10;
	}

	if (end - p == 1 && *p == 'Z')
		off = 0;
	else if (end - p == 6 && (*p == '+' || *p == '-') && p[3] == ':') {
		if ((oh = two_digits(p + 1)) == -1 ||
		    (om = two_digits(p + 4)) == -1)
			return fail(why, "bad timestamp");
		if (oh > 23 || om > 59)
			return fail(why, "bad time zone offset");
		off = oh * 3600 + om * 60;
		if (*p == '-')
			off = -off;
	} else
		return fail(why, "bad timestamp");

	if (mo < 1 || mo > 12 || d < 1 || d > date_days_in_month(y, (unsigned)mo))
		return fail(why, "impossible date");
	if (h > 23 || mi > 59 || sec > 59)
		return fail(why, "impossible time");

	out->sec = date_days_from_civil(y, (unsigned)mo, (unsigned)d) *
	    SECS_PER_DAY + h * 3600 + mi * 60 + sec - off;
	out->usec = usec;
	return 0;
}

size_t
date_format(const struct hmoment *m, int usec_digits,
    char buf[DATE_RFC3339_MAX])
{
	struct tm tm;
	int64_t sec, carry, local, days, rem, y;
	long off;
	unsigned mo, d;
	int32_t usec;
	char sign, *p;
	int n;

	sec = m->sec;
	usec = m->usec;
	if (usec < 0 || usec > 999999) {
		carry = floor_div(usec, 1000000);
		if (carry < 0 ? sec >= INT64_MIN - carry :
		    sec <= INT64_MAX - carry)
			sec += carry;
		usec = (int32_t)(usec - carry * 1000000);
	}

	/*
	 * RFC 3339 offsets are whole minutes; a local mean time offset
	 * such as +00:53:28 is written as +00:53 with the clock time to
	 * match, so the text still names the same moment.
	 */
	off = 0;
	if (local_tm(sec, &tm) == 0)
		off = tm.tm_gmtoff - tm.tm_gmtoff % 60;
	local = sec + off;
	days = floor_div(local, SECS_PER_DAY);
	if ((rem = local % SECS_PER_DAY) < 0)
		rem += SECS_PER_DAY;
	date_civil_from_days(days, &y, &mo, &d);
	sign = '+';
	if (off < 0) {
		sign = '-';
		off = -off;
	}

	/*
	 * By hand: snprintf(3) costs ten times as much.  A year beyond 11
	 * characters (some 1e11 years away) does not fit: "".
	 */
	if (y < 0 || y > 9999) {
		n = snprintf(buf, DATE_RFC3339_MAX, "%04lld", (long long)y);
		if (n < 0 || n > DATE_RFC3339_MAX - 29) {
			buf[0] = '\0';
			return 0;
		}
		p = buf + n;
	} else {
		put_digits(buf, (unsigned)y, 4);
		p = buf + 4;
	}
	*p++ = '-';
	p = put_digits(p, mo, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p++ = 'T';
	p = put_digits(p, (unsigned)(rem / 3600), 2);
	*p++ = ':';
	p = put_digits(p, (unsigned)(rem / 60 % 60), 2);
	*p++ = ':';
	p = put_digits(p, (unsigned)(rem % 60), 2);
	if (usec_digits) {
		*p++ = '.';
		p = put_digits(p, (unsigned)usec, 6);
	}
	*p++ = sign;
	p = put_digits(p, (unsigned)(off / 3600), 2);
	*p++ = ':';
	p = put_digits(p, (unsigned)(off / 60 % 60), 2);
	*p = '\0';
	return (size_t)(p - buf);
}

void
date_day(const struct hmoment *m, char buf[11])
{
	int64_t y;
	unsigned mo, d;

	date_civil_from_days(local_days(m->sec), &y, &mo, &d);
	snprintf(buf, 11, "%04lld-%02u-%02u", (long long)y, mo, d);
}

int64_t
date_local_day(const struct hmoment *m)
{
	return local_days(m->sec);
}

int64_t
date_day_start(const struct hmoment *m, int days)
{
	return midnight_of(local_days(m->sec) + days);
}

int64_t
date_week_start(const struct hmoment *m)
{
	int64_t today;

	/* Monday is day 1: Sunday goes back 6 days, Monday 0. */
	today = local_days(m->sec);
	return midnight_of(today - (date_weekday(today) + 6) % 7);
}

void
date_fields(const struct hmoment *m, int *year, int *month, int *day,
    int *wday)
{
	int64_t days, y;
	unsigned mo, d;

	days = local_days(m->sec);
	date_civil_from_days(days, &y, &mo, &d);
	if (year != NULL)
		*year = y < INT_MIN ? INT_MIN : y > INT_MAX ? INT_MAX : (int)y;
	if (month != NULL)
		*month = (int)mo;
	if (day != NULL)
		*day = (int)d;
	if (wday != NULL)
		*wday = date_weekday(days);
}

/* Whether the n bytes of s are those of word, ignoring ASCII case. */
static int
ascii_eq(const char *s, const char *word, size_t n)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != (unsigned char)word[i])
			return 0;
	}
	return 1;
}

/* Whether s (len bytes) is word, ignoring ASCII case. */
static int
word_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && ascii_eq(s, word, len);
}

/*
 * How many days before today's the relative form s names: today,
 * yesterday, Nd, Nw or a weekday (full or three letters); -1 if it is
 * none of them.
 */
static int
days_ago(const char *s, size_t len, const struct hmoment *now)
{
	size_t i;
	int n, wd, today_wd;

	if (word_is(s, len, "today"))
		return 0;
	if (word_is(s, len, "yesterday"))
		return 1;
	/* "wed" ends in d too, so a non-digit means a name, not an error. */
	if (len >= 2 && len <= 7 && (s[len - 1] == 'd' || s[len - 1] == 'w')) {
		n = 0;
		for (i = 0; i < len - 1 && s[i] >= '0' && s[i] <= '9'; i++)
			n = n * 10 + (s[i] - '0');
		if (i == len - 1)
			return n > MAX_AGO ? -1 : s[len - 1] == 'w' ? n * 7 : n;
	}
	if ((wd = date_weekday_parse(s, len)) == -1)
		return -1;
	today_wd = date_weekday(local_days(now->sec));
	return (today_wd - wd + 7) % 7;
}

int
date_parse(const char *s, const struct hmoment *now, struct hmoment *out,
    int *whole_day, struct herr *e)
{
	struct hmoment clock;
	int64_t days;
	size_t len;
	int ago;

	if (s == NULL)
		return herr_set(e, HX_USAGE, "bad date '' %s", DATE_FORMS);
	len = strlen(s);
	if (len > 10) {
		if (date_parse_rfc3339(s, len, out, NULL) == -1)
			return herr_set(e, HX_USAGE, "bad date '%s' %s", s,
			    DATE_FORMS);
		if (whole_day != NULL)
			*whole_day = 0;
		return 0;
	}
	if (parse_ymd(s, len, &days) == 0)
		out->sec = midnight_of(days);
	else {
		if (now == NULL) {
			if (date_now(&clock, e) == -1)
				return -1;
			now = &clock;
		}
		if ((ago = days_ago(s, len, now)) == -1)
			return herr_set(e, HX_USAGE, "bad date '%s' %s", s,
			    DATE_FORMS);
		out->sec = date_day_start(now, -ago);
	}
	out->usec = 0;
	if (whole_day != NULL)
		*whole_day = 1;
	return 0;
}

int
date_now(struct hmoment *now, struct herr *e)
{
	struct timespec ts;
	const char *s;
	int64_t days;
	size_t len;

	if ((s = getenv("HEARTH_NOW")) != NULL && *s != '\0') {
		len = strlen(s);
		if (parse_ymd(s, len, &days) == 0) {
			now->sec = midnight_of(days);
			now->usec = 0;
		} else if (date_parse_rfc3339(s, len, now, NULL) == -1)
			return herr_set(e, HX_USAGE, "bad HEARTH_NOW '%s'", s);
		if (!date_writable(now))
			return herr_set(e, HX_USAGE, "HEARTH_NOW '%s' is outside "
			    "the years a record can hold (0000 to 9999, in the "
			    "local time zone)", s);
		return 0;
	}
	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return herr_errno(e, HX_IOERR, errno, "clock_gettime");
	now->sec = (int64_t)ts.tv_sec;
	now->usec = (int32_t)(ts.tv_nsec / 1000);
	return 0;
}

int
date_cmp(const struct hmoment *a, const struct hmoment *b)
{
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	if (a->usec != b->usec)
		return a->usec < b->usec ? -1 : 1;
	return 0;
}

void
date_tick(struct hmoment *m)
{
	if (++m->usec >= 1000000) {
		m->usec = 0;
		m->sec++;
	}
}

void
date_day_text(int64_t days, char buf[11])
{
	int64_t y;
	unsigned m, d;

	date_civil_from_days(days, &y, &m, &d);
	snprintf(buf, 11, "%04d-%02u-%02u", (int)(y % 10000), m, d);
}

const char *
date_weekday_name(int wday)
{
	return weekdays[((wday % 7) + 7) % 7];
}

const char *
date_weekday_abbr(int wday)
{
	static const char abbr[7][4] = {
		"sun", "mon", "tue", "wed", "thu", "fri", "sat"
	};

	return abbr[((wday % 7) + 7) % 7];
}

int
date_weekday_parse(const char *s, size_t len)
{
	int i;

	for (i = 0; i < 7; i++)
		if ((len == 3 && ascii_eq(s, weekdays[i], 3)) ||
		    word_is(s, len, weekdays[i]))
			return i;
	return -1;
}

int
date_writable(const struct hmoment *m)
{
	int y;

	date_fields(m, &y, NULL, NULL, NULL);
	/* A year past 9999 in the local zone would need a fifth digit. */
	return y >= 0 && y <= 9999 && m->sec <= INT64_MAX - 86400 * 2;
}
