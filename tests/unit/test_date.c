/*
 * Tests for common/date.c.
 *
 * Every test sets TZ itself (Europe/Berlin, America/New_York, ...) and
 * calls tzset(), so the results do not depend on the machine.  Moments
 * are written as RFC 3339 text and compared as text where the local
 * offset is the point, and as seconds since the epoch where the exact
 * instant is.  The daylight-saving dates are those of 2026: Berlin
 * springs forward on 29 March and falls back on 25 October, New York on
 * 8 March and 1 November.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "date.h"
#include "herr.h"

static void
set_tz(const char *tz)
{
	assert_int_equal(setenv("TZ", tz, 1), 0);
	tzset();
}

/* The moment an RFC 3339 text names; the test fails if it is bad. */
static struct hmoment
at(const char *s)
{
	struct hmoment m;
	const char *why = NULL;

	if (date_parse_rfc3339(s, strlen(s), &m, &why) != 0)
		fail_msg("'%s' does not parse: %s", s, why);
	return m;
}

static void
assert_format(int64_t sec, int32_t usec, int usec_digits, const char *want)
{
	struct hmoment m = { sec, usec };
	char buf[DATE_RFC3339_MAX];
	size_t n;

	n = date_format(&m, usec_digits, buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void
assert_format_of(int64_t sec, const char *want)
{
	assert_format(sec, 0, 0, want);
}

/* date_parse(s) relative to now is want (RFC 3339, local offset). */
static void
assert_parse(const char *s, const char *now, const char *want, int want_whole)
{
	struct hmoment n, out;
	struct herr e;
	char buf[DATE_RFC3339_MAX];
	int whole = -1;

	n = at(now);
	memset(&e, 0, sizeof(e));
	if (date_parse(s, &n, &out, &whole, &e) != 0)
		fail_msg("'%s' does not parse: %s", s, e.msg);
	date_format(&out, out.usec != 0, buf);
	if (strcmp(buf, want) != 0)
		fail_msg("'%s' at %s: got %s, want %s", s, now, buf, want);
	assert_int_equal(whole, want_whole);
}

static void
assert_bad_date(const char *s)
{
	struct hmoment n, out = { 12345, 678 };
	struct herr e;
	char want[sizeof(e.msg)];
	int whole = 42;

	n = at("2026-11-26T10:00:00+01:00");
	memset(&e, 0, sizeof(e));
	if (date_parse(s, &n, &out, &whole, &e) != -1)
		fail_msg("'%s' parsed as %lld", s, (long long)out.sec);
	assert_int_equal(e.code, HX_USAGE);
	snprintf(want, sizeof(want), "bad date '%s' %s", s, DATE_FORMS);
	assert_string_equal(e.msg, want);
	assert_int_equal(out.sec, 12345);
	assert_int_equal(out.usec, 678);
	assert_int_equal(whole, 42);
}

static void
assert_bad_stamp(const char *s, const char *want_why)
{
	struct hmoment out = { 12345, 678 };
	const char *why = NULL;

	if (date_parse_rfc3339(s, strlen(s), &out, &why) != -1)
		fail_msg("'%s' parsed as %lld", s, (long long)out.sec);
	assert_non_null(why);
	if (strcmp(why, want_why) != 0)
		fail_msg("'%s': why is '%s', want '%s'", s, why, want_why);
	assert_int_equal(out.sec, 12345);
	assert_int_equal(out.usec, 678);
	/* A NULL why is allowed. */
	assert_int_equal(date_parse_rfc3339(s, strlen(s), &out, NULL), -1);
}

static void
assert_stamp(const char *s, int64_t sec, int32_t usec)
{
	struct hmoment m;

	m = at(s);
	if (m.sec != sec || m.usec != usec)
		fail_msg("'%s': got %lld.%06d, want %lld.%06d", s,
		    (long long)m.sec, (int)m.usec, (long long)sec, (int)usec);
}

static void
test_days_from_civil(void **state)
{
	int64_t n, y;
	unsigned m, d, mdays;

	(void)state;
	assert_int_equal(date_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(date_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(date_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(date_days_from_civil(2024, 2, 29), 19782);
	assert_int_equal(date_days_from_civil(2026, 11, 26), 20783);
	assert_int_equal(date_days_from_civil(1900, 3, 1), -25508);
	assert_int_equal(date_days_from_civil(1, 1, 1), -719162);
	assert_int_equal(date_days_from_civil(0, 3, 1), -719468);
	assert_int_equal(date_days_from_civil(0, 1, 1), -719528);
	assert_int_equal(date_days_from_civil(9999, 12, 31), 2932896);

	/* Day by day from 1600 to 2400: each date is the next number. */
	n = date_days_from_civil(1600, 1, 1);
	for (y = 1600; y <= 2400; y++)
		for (m = 1; m <= 12; m++) {
			mdays = m == 2 ? (date_is_leap(y) ? 29 : 28) :
			    m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
			for (d = 1; d <= mdays; d++)
				if (date_days_from_civil(y, m, d) != n++)
					fail_msg("%lld-%u-%u",
					    (long long)y, m, d);
		}
	assert_int_equal(n, date_days_from_civil(2401, 1, 1));
}

static void
test_is_leap(void **state)
{
	(void)state;
	assert_true(date_is_leap(2024));
	assert_false(date_is_leap(2026));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2100));
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(1600));
	assert_true(date_is_leap(0));
	assert_false(date_is_leap(2023));
}

static void
test_rfc3339_valid(void **state)
{
	(void)state;
	assert_stamp("2026-11-25T21:03:11+01:00", 1795636991, 0);
	assert_stamp("2026-11-25T20:03:11Z", 1795636991, 0);
	assert_stamp("2026-11-25T20:03:11+00:00", 1795636991, 0);
	assert_stamp("2026-11-25T20:03:11-00:00", 1795636991, 0);
	assert_stamp("2026-11-25T21:03:11-05:30", 1795660391, 0);
	assert_stamp("1970-01-01T00:00:00Z", 0, 0);
	assert_stamp("1970-01-01T01:00:00+01:00", 0, 0);
	assert_stamp("1969-12-31T23:59:59Z", -1, 0);
	assert_stamp("0000-01-01T00:00:00Z", -62167219200LL, 0);
	assert_stamp("9999-12-31T23:59:59Z", 253402300799LL, 0);
	assert_stamp("9999-12-31T23:59:59-23:59", 253402300799LL + 86340, 0);
	assert_stamp("0000-01-01T00:00:00+23:59", -62167219200LL - 86340, 0);
	assert_stamp("2024-02-29T12:00:00Z", 1709208000, 0);
	assert_stamp("2000-02-29T00:00:00Z", 951782400, 0);
	assert_stamp("2026-12-31T23:59:59Z", 1798761599, 0);

	/* Fractions: 1 to 9 digits, truncated to microseconds. */
	assert_stamp("1970-01-01T00:00:00.5Z", 0, 500000);
	assert_stamp("1970-01-01T00:00:00.12Z", 0, 120000);
	assert_stamp("1970-01-01T00:00:00.000042Z", 0, 42);
	assert_stamp("1970-01-01T00:00:00.1234567Z", 0, 123456);
	assert_stamp("1970-01-01T00:00:00.123456789Z", 0, 123456);
	assert_stamp("1970-01-01T00:00:00.999999999Z", 0, 999999);
	assert_stamp("1970-01-01T00:00:00.000000999Z", 0, 0);
	assert_stamp("1970-01-01T00:00:00.000000Z", 0, 0);
	assert_stamp("2026-11-25T21:03:11.000042+01:00", 1795636991, 42);
	assert_stamp("1969-12-31T23:59:59.75-01:00", 3599, 750000);
}

static void
test_rfc3339_errors(void **state)
{
	(void)state;
	assert_bad_stamp("", "bad timestamp");
	assert_bad_stamp("2026-11-25", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11+01:00x", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11Zx", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11ZZ", "bad timestamp");
	assert_bad_stamp("2026-11-25t21:03:11Z", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11z", "bad timestamp");
	assert_bad_stamp("2026-11-25 21:03:11Z", "bad timestamp");
	assert_bad_stamp(" 2026-11-25T21:03:11Z", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11 Z", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11.Z", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11.1234567890Z", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11,5Z", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11.5.5Z", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11.12a4Z", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11+0100", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11+01", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11+1:00", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11+01:0", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11*01:00", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11+01-00", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:03:11+0a:00", "bad timestamp");
	assert_bad_stamp("2026-1-25T21:03:11Z", "bad timestamp");
	assert_bad_stamp("2026-11-25T21:3:11Z", "bad timestamp");
	assert_bad_stamp("-026-11-25T21:03:11Z", "bad timestamp");
	assert_bad_stamp("+2026-11-25T21:03:11Z", "bad timestamp");
	assert_bad_stamp("20261125T210311Z", "bad timestamp");
	assert_bad_stamp("2026/11/25T21:03:11Z", "bad timestamp");
	assert_bad_stamp("2026-11-25T21.03.11Z", "bad timestamp");
	assert_bad_stamp("2026-11-25T2 :03:11Z", "bad timestamp");

	assert_bad_stamp("2026-13-01T00:00:00Z", "impossible date");
	assert_bad_stamp("2026-00-10T00:00:00Z", "impossible date");
	assert_bad_stamp("2026-11-00T00:00:00Z", "impossible date");
	assert_bad_stamp("2026-11-31T00:00:00Z", "impossible date");
	assert_bad_stamp("2026-12-32T00:00:00Z", "impossible date");
	assert_bad_stamp("2026-04-31T00:00:00Z", "impossible date");
	assert_bad_stamp("2026-02-29T00:00:00Z", "impossible date");
	assert_bad_stamp("2024-02-30T00:00:00Z", "impossible date");
	assert_bad_stamp("1900-02-29T00:00:00Z", "impossible date");
	assert_bad_stamp("2026-99-99T00:00:00Z", "impossible date");

	assert_bad_stamp("2026-11-25T24:00:00Z", "impossible time");
	assert_bad_stamp("2026-11-25T23:60:00Z", "impossible time");
	assert_bad_stamp("2026-11-25T23:59:60Z", "impossible time");
	assert_bad_stamp("2026-11-25T99:99:99Z", "impossible time");

	assert_bad_stamp("2026-11-25T21:03:11+24:00", "bad time zone offset");
	assert_bad_stamp("2026-11-25T21:03:11-24:00", "bad time zone offset");
	assert_bad_stamp("2026-11-25T21:03:11+01:60", "bad time zone offset");
	assert_bad_stamp("2026-11-25T21:03:11+99:99", "bad time zone offset");
}

static void
test_rfc3339_length(void **state)
{
	/* A record: the timestamp is the first 25 bytes of the line. */
	static const char line[] = "2026-11-25T21:03:11+01:00\tanne\tnote";
	static const char nul[] = "2026-11-25T21:03:11Z\0";
	struct hmoment m = { 0, 0 };
	const char *why = NULL;

	(void)state;
	assert_int_equal(date_parse_rfc3339(line, 25, &m, &why), 0);
	assert_int_equal(m.sec, 1795636991);
	assert_int_equal(m.usec, 0);
	assert_int_equal(date_parse_rfc3339(line, 24, &m, &why), -1);
	assert_string_equal(why, "bad timestamp");
	assert_int_equal(date_parse_rfc3339(line, 26, &m, &why), -1);
	assert_int_equal(date_parse_rfc3339(line, 19, &m, &why), -1);
	assert_int_equal(date_parse_rfc3339(line, 0, &m, &why), -1);
	assert_int_equal(date_parse_rfc3339(nul, sizeof(nul) - 1, &m, &why),
	    -1);
	assert_int_equal(date_parse_rfc3339(nul, sizeof(nul) - 2, &m, &why),
	    0);
}

static void
test_format(void **state)
{
	(void)state;
	set_tz("Europe/Berlin");
	assert_format_of(1795636991, "2026-11-25T21:03:11+01:00");
	assert_format(1795636991, 42, 1, "2026-11-25T21:03:11.000042+01:00");
	assert_format(1795636991, 42, 0, "2026-11-25T21:03:11+01:00");
	assert_format(1795636991, 0, 1, "2026-11-25T21:03:11.000000+01:00");
	assert_format(1795636991, 999999, 1,
	    "2026-11-25T21:03:11.999999+01:00");
	/* A usec out of range carries into the seconds. */
	assert_format(1795636991, 1500000, 1,
	    "2026-11-25T21:03:12.500000+01:00");
	assert_format(1795636991, -1, 1, "2026-11-25T21:03:10.999999+01:00");
	assert_format_of(at("2026-07-01T12:00:00Z").sec,
	    "2026-07-01T14:00:00+02:00");

	set_tz("UTC");
	assert_format_of(0, "1970-01-01T00:00:00+00:00");
	assert_format_of(-1, "1969-12-31T23:59:59+00:00");
	assert_format_of(-62167219200LL, "0000-01-01T00:00:00+00:00");
	assert_format(253402300799LL, 999999, 1,
	    "9999-12-31T23:59:59.999999+00:00");

	set_tz("America/New_York");
	assert_format_of(1795636991, "2026-11-25T15:03:11-05:00");
	assert_format_of(at("2026-07-01T12:00:00Z").sec,
	    "2026-07-01T08:00:00-04:00");

	set_tz("Asia/Kolkata");
	assert_format_of(1795636991, "2026-11-26T01:33:11+05:30");
	set_tz("America/St_Johns");
	assert_format_of(1795636991, "2026-11-25T16:33:11-03:30");

	/* Amsterdam kept +00:19:32 until 1937: written as +00:19. */
	set_tz("Europe/Amsterdam");
	assert_format_of(at("1930-01-01T12:00:00Z").sec,
	    "1930-01-01T12:19:00+00:19");
}

static void
test_format_dst(void **state)
{
	(void)state;
	set_tz("Europe/Berlin");
	assert_format_of(at("2026-03-29T00:59:59Z").sec,
	    "2026-03-29T01:59:59+01:00");
	assert_format_of(at("2026-03-29T01:00:00Z").sec,
	    "2026-03-29T03:00:00+02:00");
	assert_format_of(at("2026-10-25T00:59:59Z").sec,
	    "2026-10-25T02:59:59+02:00");
	assert_format_of(at("2026-10-25T01:00:00Z").sec,
	    "2026-10-25T02:00:00+01:00");

	set_tz("America/New_York");
	assert_format_of(at("2026-03-08T06:59:59Z").sec,
	    "2026-03-08T01:59:59-05:00");
	assert_format_of(at("2026-03-08T07:00:00Z").sec,
	    "2026-03-08T03:00:00-04:00");
	assert_format_of(at("2026-11-01T05:59:59Z").sec,
	    "2026-11-01T01:59:59-04:00");
	assert_format_of(at("2026-11-01T06:00:00Z").sec,
	    "2026-11-01T01:00:00-05:00");
}

static void
test_roundtrip(void **state)
{
	static const char *const zones[] = {
		"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
		"Australia/Lord_Howe", "Europe/Amsterdam", "Africa/Monrovia",
		"America/Sao_Paulo"
	};
	struct hmoment m, back;
	char buf[DATE_RFC3339_MAX];
	const char *why;
	size_t i, n;
	int64_t sec;

	(void)state;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		set_tz(zones[i]);
		for (sec = -2208988800LL; sec < 4102444800LL;
		    sec += 999983) {
			m.sec = sec;
			m.usec = (int32_t)((sec & 0x7fffffff) % 1000000);
			n = date_format(&m, 1, buf);
			why = NULL;
			if (date_parse_rfc3339(buf, n, &back, &why) != 0)
				fail_msg("%s %s: %s", zones[i], buf, why);
			if (back.sec != m.sec || back.usec != m.usec)
				fail_msg("%s %lld: %s", zones[i],
				    (long long)sec, buf);
			n = date_format(&m, 0, buf);
			assert_int_equal(date_parse_rfc3339(buf, n, &back,
			    NULL), 0);
			assert_int_equal(back.sec, m.sec);
			assert_int_equal(back.usec, 0);
		}
	}

	/* Every minute through Berlin's changes in 2026. */
	set_tz("Europe/Berlin");
	for (sec = at("2026-03-28T20:00:00Z").sec;
	    sec < at("2026-03-29T06:00:00Z").sec; sec += 60) {
		m.sec = sec;
		m.usec = 0;
		n = date_format(&m, 0, buf);
		assert_int_equal(date_parse_rfc3339(buf, n, &back, NULL), 0);
		assert_int_equal(back.sec, sec);
	}
	for (sec = at("2026-10-24T20:00:00Z").sec;
	    sec < at("2026-10-25T06:00:00Z").sec; sec += 60) {
		m.sec = sec;
		m.usec = 0;
		n = date_format(&m, 0, buf);
		assert_int_equal(date_parse_rfc3339(buf, n, &back, NULL), 0);
		assert_int_equal(back.sec, sec);
	}

	/* Text to moment to text, in UTC. */
	set_tz("UTC");
	m = at("2026-11-25T21:03:11.000042+00:00");
	date_format(&m, 1, buf);
	assert_string_equal(buf, "2026-11-25T21:03:11.000042+00:00");
	m = at("2024-02-29T23:59:59Z");
	date_format(&m, 0, buf);
	assert_string_equal(buf, "2024-02-29T23:59:59+00:00");
	m = at("2024-02-29T23:59:59-01:00");
	date_format(&m, 0, buf);
	assert_string_equal(buf, "2024-03-01T00:59:59+00:00");
}

static void
test_day_and_fields(void **state)
{
	struct hmoment m;
	char day[11];
	int y, mo, d, wd;

	(void)state;
	set_tz("Europe/Berlin");
	m = at("2026-11-25T23:30:00Z");	/* 00:30 on the 26th in Berlin */
	date_day(&m, day);
	assert_string_equal(day, "2026-11-26");
	date_fields(&m, &y, &mo, &d, &wd);
	assert_int_equal(y, 2026);
	assert_int_equal(mo, 11);
	assert_int_equal(d, 26);
	assert_int_equal(wd, 4);
	date_fields(&m, NULL, NULL, NULL, &wd);
	assert_int_equal(wd, 4);

	m = at("2026-11-25T22:59:59Z");
	date_day(&m, day);
	assert_string_equal(day, "2026-11-25");
	date_fields(&m, &y, &mo, &d, &wd);
	assert_int_equal(d, 25);
	assert_int_equal(wd, 3);

	m = at("2026-12-31T23:00:00Z");	/* New Year in Berlin */
	date_day(&m, day);
	assert_string_equal(day, "2027-01-01");
	date_fields(&m, &y, &mo, &d, &wd);
	assert_int_equal(y, 2027);
	assert_int_equal(mo, 1);
	assert_int_equal(d, 1);
	assert_int_equal(wd, 5);

	set_tz("America/New_York");
	m = at("2026-11-25T23:30:00Z");
	date_day(&m, day);
	assert_string_equal(day, "2026-11-25");

	set_tz("UTC");
	m.sec = -1;
	m.usec = 0;
	date_day(&m, day);
	assert_string_equal(day, "1969-12-31");
	date_fields(&m, &y, &mo, &d, &wd);
	assert_int_equal(y, 1969);
	assert_int_equal(wd, 3);
	m = at("0000-01-01T00:00:00Z");
	date_day(&m, day);
	assert_string_equal(day, "0000-01-01");
	date_fields(&m, &y, &mo, &d, &wd);
	assert_int_equal(y, 0);
	assert_int_equal(wd, 6);
	m = at("2024-02-29T12:00:00Z");
	date_day(&m, day);
	assert_string_equal(day, "2024-02-29");
}

/*
 * date_local_day: the day number of the local date, worked out from the
 * calendar: 2026-11-26 is day 20783 (56 years of 365 days, 14 leap days,
 * then 329 days into 2026).
 */
static void
test_local_day(void **state)
{
	struct hmoment m;
	int64_t far;

	(void)state;
	assert_int_equal(date_days_from_civil(2026, 11, 26), 20783);
	set_tz("Europe/Berlin");
	m = at("2026-11-25T23:30:00Z");	/* 00:30 on the 26th in Berlin */
	assert_int_equal(date_local_day(&m), 20783);
	m = at("2026-11-25T22:59:59Z");
	assert_int_equal(date_local_day(&m), 20782);
	/* The 23-hour day of the spring change: both ends are the 29th. */
	m = at("2026-03-29T00:00:00+01:00");
	assert_int_equal(date_local_day(&m), date_days_from_civil(2026, 3,
	    29));
	m = at("2026-03-29T23:59:59+02:00");
	assert_int_equal(date_local_day(&m), date_days_from_civil(2026, 3,
	    29));
	set_tz("America/New_York");
	m = at("2026-11-25T23:30:00Z");
	assert_int_equal(date_local_day(&m), 20782);
	set_tz("UTC");
	m.sec = -1;
	m.usec = 0;
	assert_int_equal(date_local_day(&m), -1);
	m = at("0000-01-01T00:00:00Z");
	assert_int_equal(date_local_day(&m), -719528);
	/*
	 * A year past INT_MAX, where date_fields saturates the year: the
	 * day number is still exact.
	 */
	far = date_days_from_civil(3000000000LL, 1, 1);
	m.sec = far * 86400 + 43200;
	assert_int_equal(date_local_day(&m), far);
}

/* date_day_start(now, days) written in local time. */
static void
assert_day_start(const char *now, int days, const char *want)
{
	struct hmoment n, m;
	char buf[DATE_RFC3339_MAX];

	n = at(now);
	m.sec = date_day_start(&n, days);
	m.usec = 0;
	date_format(&m, 0, buf);
	if (strcmp(buf, want) != 0)
		fail_msg("%s %+d: got %s, want %s", now, days, buf, want);
}

static void
test_day_start_dst(void **state)
{
	struct hmoment m;

	(void)state;
	set_tz("Europe/Berlin");
	/* 29 March 2026 is 23 hours long. */
	m = at("2026-03-29T12:00:00+02:00");
	assert_int_equal(date_day_start(&m, 0), 1774738800);
	assert_int_equal(date_day_start(&m, 1), 1774821600);
	assert_int_equal(date_day_start(&m, 1) - date_day_start(&m, 0),
	    23 * 3600);
	assert_day_start("2026-03-29T12:00:00+02:00", 0,
	    "2026-03-29T00:00:00+01:00");
	assert_day_start("2026-03-29T12:00:00+02:00", 1,
	    "2026-03-30T00:00:00+02:00");
	assert_day_start("2026-03-29T12:00:00+02:00", -1,
	    "2026-03-28T00:00:00+01:00");
	assert_day_start("2026-03-29T00:00:00+01:00", 0,
	    "2026-03-29T00:00:00+01:00");
	assert_day_start("2026-03-29T23:59:59+02:00", 0,
	    "2026-03-29T00:00:00+01:00");
	assert_day_start("2026-03-29T12:00:00+02:00", 365,
	    "2027-03-29T00:00:00+02:00");
	/* 25 October 2026 is 25 hours long. */
	m = at("2026-10-25T12:00:00+01:00");
	assert_int_equal(date_day_start(&m, 0), 1792879200);
	assert_int_equal(date_day_start(&m, 1), 1792969200);
	assert_int_equal(date_day_start(&m, 1) - date_day_start(&m, 0),
	    25 * 3600);
	assert_day_start("2026-10-25T02:30:00+01:00", 0,
	    "2026-10-25T00:00:00+02:00");
	assert_day_start("2026-10-25T02:30:00+02:00", 0,
	    "2026-10-25T00:00:00+02:00");
	assert_day_start("2026-10-25T12:00:00+01:00", 1,
	    "2026-10-26T00:00:00+01:00");

	set_tz("America/New_York");
	m = at("2026-03-08T12:00:00-04:00");
	assert_int_equal(date_day_start(&m, 0), 1772946000);
	assert_int_equal(date_day_start(&m, 1), 1773028800);
	assert_int_equal(date_day_start(&m, 1) - date_day_start(&m, 0),
	    23 * 3600);
	assert_day_start("2026-03-08T12:00:00-04:00", 0,
	    "2026-03-08T00:00:00-05:00");
	assert_day_start("2026-03-08T12:00:00-04:00", 1,
	    "2026-03-09T00:00:00-04:00");
	m = at("2026-11-01T12:00:00-05:00");
	assert_int_equal(date_day_start(&m, 0), 1793505600);
	assert_int_equal(date_day_start(&m, 1), 1793595600);
	assert_int_equal(date_day_start(&m, 1) - date_day_start(&m, 0),
	    25 * 3600);
	assert_day_start("2026-11-01T12:00:00-05:00", 0,
	    "2026-11-01T00:00:00-04:00");
	assert_day_start("2026-11-01T12:00:00-05:00", -7,
	    "2026-10-25T00:00:00-04:00");
	assert_day_start("2026-11-01T12:00:00-05:00", 7,
	    "2026-11-08T00:00:00-05:00");
}

static void
test_midnight_gap(void **state)
{
	struct hmoment m, now, out;
	struct herr e;
	char buf[DATE_RFC3339_MAX];
	int whole;

	(void)state;
	/*
	 * Brazil sprang forward at midnight: 4 November 2018 began at
	 * 01:00 and was 23 hours long.  It fell back at midnight too:
	 * 16 February 2019 was 25 hours long, its last hour 23:00 twice.
	 */
	set_tz("America/Sao_Paulo");
	assert_day_start("2018-11-04T12:00:00-02:00", 0,
	    "2018-11-04T01:00:00-02:00");
	assert_day_start("2018-11-03T12:00:00-03:00", 1,
	    "2018-11-04T01:00:00-02:00");
	assert_day_start("2018-11-04T12:00:00-02:00", 1,
	    "2018-11-05T00:00:00-02:00");
	assert_day_start("2018-11-04T12:00:00-02:00", -1,
	    "2018-11-03T00:00:00-03:00");
	m = at("2018-11-04T12:00:00-02:00");
	assert_int_equal(date_day_start(&m, 1) - date_day_start(&m, 0),
	    23 * 3600);
	assert_parse("2018-11-04", "2018-11-05T12:00:00-02:00",
	    "2018-11-04T01:00:00-02:00", 1);
	assert_parse("yesterday", "2018-11-05T12:00:00-02:00",
	    "2018-11-04T01:00:00-02:00", 1);
	assert_parse("sun", "2018-11-05T12:00:00-02:00",
	    "2018-11-04T01:00:00-02:00", 1);

	assert_day_start("2019-02-16T12:00:00-02:00", 0,
	    "2019-02-16T00:00:00-02:00");
	assert_day_start("2019-02-16T23:30:00-03:00", 0,
	    "2019-02-16T00:00:00-02:00");
	assert_day_start("2019-02-16T12:00:00-02:00", 1,
	    "2019-02-17T00:00:00-03:00");
	m = at("2019-02-16T12:00:00-02:00");
	assert_int_equal(date_day_start(&m, 1) - date_day_start(&m, 0),
	    25 * 3600);

	/* HEARTH_NOW as a day in the gap means its first moment. */
	assert_int_equal(setenv("HEARTH_NOW", "2018-11-04", 1), 0);
	memset(&e, 0, sizeof(e));
	assert_int_equal(date_now(&now, &e), 0);
	date_format(&now, 0, buf);
	assert_string_equal(buf, "2018-11-04T01:00:00-02:00");
	assert_int_equal(date_parse("today", &now, &out, &whole, &e), 0);
	assert_int_equal(out.sec, now.sec);
	assert_int_equal(unsetenv("HEARTH_NOW"), 0);
}

static void
test_week_start(void **state)
{
	struct hmoment m;

	(void)state;
	set_tz("Europe/Berlin");
	m = at("2026-11-26T10:00:00+01:00");
	assert_int_equal(date_week_start(&m), 1795388400);
	m = at("2026-11-23T00:00:00+01:00");
	assert_int_equal(date_week_start(&m), 1795388400);
	m = at("2026-11-29T23:59:59+01:00");
	assert_int_equal(date_week_start(&m), 1795388400);
	m = at("2026-11-22T23:59:59+01:00");
	assert_int_equal(date_week_start(&m), 1795388400 - 7 * 86400);
	m = at("2026-11-30T00:00:00+01:00");
	assert_int_equal(date_week_start(&m), 1795388400 + 7 * 86400);
	/* The week of the change: Monday was still winter time. */
	m = at("2026-03-29T12:00:00+02:00");
	assert_int_equal(date_week_start(&m),
	    at("2026-03-23T00:00:00+01:00").sec);
	m = at("2026-03-30T08:00:00+02:00");
	assert_int_equal(date_week_start(&m),
	    at("2026-03-30T00:00:00+02:00").sec);
	m = at("2026-10-25T23:00:00+01:00");
	assert_int_equal(date_week_start(&m),
	    at("2026-10-19T00:00:00+02:00").sec);
	/* Across the new year. */
	m = at("2027-01-01T12:00:00+01:00");
	assert_int_equal(date_week_start(&m),
	    at("2026-12-28T00:00:00+01:00").sec);

	set_tz("America/New_York");
	m = at("2026-03-08T12:00:00-04:00");
	assert_int_equal(date_week_start(&m),
	    at("2026-03-02T00:00:00-05:00").sec);
	/* Monday 00:30 in New York is still Sunday in UTC. */
	m = at("2026-11-30T00:30:00-05:00");
	assert_int_equal(date_week_start(&m),
	    at("2026-11-30T00:00:00-05:00").sec);

	set_tz("UTC");
	m.sec = 0;			/* Thursday 1970-01-01 */
	m.usec = 0;
	assert_int_equal(date_week_start(&m), -3 * 86400);
}

static time_t
realtime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

static void
test_now(void **state)
{
	struct hmoment now;
	struct herr e;
	time_t before, after;

	(void)state;
	set_tz("Europe/Berlin");
	memset(&e, 0, sizeof(e));

	assert_int_equal(setenv("HEARTH_NOW", "2026-11-26T10:00:00+01:00", 1),
	    0);
	assert_int_equal(date_now(&now, &e), 0);
	assert_int_equal(now.sec, 1795683600);
	assert_int_equal(now.usec, 0);

	assert_int_equal(setenv("HEARTH_NOW", "2026-11-26T09:00:00.25Z", 1),
	    0);
	assert_int_equal(date_now(&now, &e), 0);
	assert_int_equal(now.sec, 1795683600);
	assert_int_equal(now.usec, 250000);

	/* A day means its local midnight. */
	assert_int_equal(setenv("HEARTH_NOW", "2026-11-26", 1), 0);
	assert_int_equal(date_now(&now, &e), 0);
	assert_int_equal(now.sec, 1795647600);
	assert_int_equal(now.usec, 0);
	set_tz("America/New_York");
	assert_int_equal(date_now(&now, &e), 0);
	assert_int_equal(now.sec, at("2026-11-26T00:00:00-05:00").sec);
	set_tz("Europe/Berlin");
	assert_int_equal(setenv("HEARTH_NOW", "2026-03-29", 1), 0);
	assert_int_equal(date_now(&now, &e), 0);
	assert_int_equal(now.sec, 1774738800);

	assert_int_equal(setenv("HEARTH_NOW", "tomorrow", 1), 0);
	now.sec = 7;
	assert_int_equal(date_now(&now, &e), -1);
	assert_int_equal(e.code, HX_USAGE);
	assert_string_equal(e.msg, "bad HEARTH_NOW 'tomorrow'");
	assert_int_equal(now.sec, 7);
	assert_int_equal(setenv("HEARTH_NOW", "2026-02-29", 1), 0);
	assert_int_equal(date_now(&now, &e), -1);
	assert_string_equal(e.msg, "bad HEARTH_NOW '2026-02-29'");
	assert_int_equal(setenv("HEARTH_NOW", "today", 1), 0);
	assert_int_equal(date_now(&now, &e), -1);
	assert_string_equal(e.msg, "bad HEARTH_NOW 'today'");
	assert_int_equal(setenv("HEARTH_NOW", "2026-11-26T10:00:00", 1), 0);
	assert_int_equal(date_now(&now, &e), -1);
	assert_string_equal(e.msg, "bad HEARTH_NOW '2026-11-26T10:00:00'");
	assert_int_equal(setenv("HEARTH_NOW", " 2026-11-26", 1), 0);
	assert_int_equal(date_now(&now, &e), -1);
	assert_string_equal(e.msg, "bad HEARTH_NOW ' 2026-11-26'");
	assert_int_equal(date_now(&now, NULL), -1);

	/*
	 * Empty or unset: the clock.  Read around it with the same clock:
	 * time(3) is the coarse clock and can lag CLOCK_REALTIME by a tick.
	 */
	assert_int_equal(setenv("HEARTH_NOW", "", 1), 0);
	before = realtime();
	assert_int_equal(date_now(&now, &e), 0);
	after = realtime();
	assert_in_range(now.sec, before, after);
	assert_in_range(now.usec, 0, 999999);
	assert_int_equal(unsetenv("HEARTH_NOW"), 0);
	before = realtime();
	assert_int_equal(date_now(&now, &e), 0);
	after = realtime();
	assert_in_range(now.sec, before, after);
}

static void
test_parse_forms(void **state)
{
	static const char now[] = "2026-11-26T10:00:00+01:00";	/* Thu */
	struct hmoment n, out;
	struct herr e;
	int whole;

	(void)state;
	set_tz("Europe/Berlin");
	assert_parse("2026-11-25T21:03:11+01:00", now,
	    "2026-11-25T21:03:11+01:00", 0);
	assert_parse("2026-11-25T20:03:11.000042Z", now,
	    "2026-11-25T21:03:11.000042+01:00", 0);
	assert_parse("2030-01-01T00:00:00Z", now,
	    "2030-01-01T01:00:00+01:00", 0);
	assert_parse("2026-11-25", now, "2026-11-25T00:00:00+01:00", 1);
	assert_parse("2026-07-01", now, "2026-07-01T00:00:00+02:00", 1);
	assert_parse("2027-01-01", now, "2027-01-01T00:00:00+01:00", 1);
	assert_parse("today", now, "2026-11-26T00:00:00+01:00", 1);
	assert_parse("Today", now, "2026-11-26T00:00:00+01:00", 1);
	assert_parse("TODAY", now, "2026-11-26T00:00:00+01:00", 1);
	assert_parse("yesterday", now, "2026-11-25T00:00:00+01:00", 1);
	assert_parse("Yesterday", now, "2026-11-25T00:00:00+01:00", 1);
	assert_parse("0d", now, "2026-11-26T00:00:00+01:00", 1);
	assert_parse("1d", now, "2026-11-25T00:00:00+01:00", 1);
	assert_parse("7d", now, "2026-11-19T00:00:00+01:00", 1);
	assert_parse("007d", now, "2026-11-19T00:00:00+01:00", 1);
	assert_parse("30d", now, "2026-10-27T00:00:00+01:00", 1);
	assert_parse("31d", now, "2026-10-26T00:00:00+01:00", 1);
	assert_parse("32d", now, "2026-10-25T00:00:00+02:00", 1);
	assert_parse("365d", now, "2025-11-26T00:00:00+01:00", 1);
	assert_parse("0w", now, "2026-11-26T00:00:00+01:00", 1);
	assert_parse("1w", now, "2026-11-19T00:00:00+01:00", 1);
	assert_parse("5w", now, "2026-10-22T00:00:00+02:00", 1);
	assert_parse("52w", now, "2025-11-27T00:00:00+01:00", 1);

	/* Weekdays: the most recent, today included. */
	assert_parse("thu", now, "2026-11-26T00:00:00+01:00", 1);
	assert_parse("thursday", now, "2026-11-26T00:00:00+01:00", 1);
	assert_parse("Thursday", now, "2026-11-26T00:00:00+01:00", 1);
	assert_parse("THU", now, "2026-11-26T00:00:00+01:00", 1);
	assert_parse("wed", now, "2026-11-25T00:00:00+01:00", 1);
	assert_parse("wednesday", now, "2026-11-25T00:00:00+01:00", 1);
	assert_parse("tue", now, "2026-11-24T00:00:00+01:00", 1);
	assert_parse("tuesday", now, "2026-11-24T00:00:00+01:00", 1);
	assert_parse("monday", now, "2026-11-23T00:00:00+01:00", 1);
	assert_parse("mon", now, "2026-11-23T00:00:00+01:00", 1);
	assert_parse("MonDay", now, "2026-11-23T00:00:00+01:00", 1);
	assert_parse("sunday", now, "2026-11-22T00:00:00+01:00", 1);
	assert_parse("sun", now, "2026-11-22T00:00:00+01:00", 1);
	assert_parse("sat", now, "2026-11-21T00:00:00+01:00", 1);
	assert_parse("saturday", now, "2026-11-21T00:00:00+01:00", 1);
	assert_parse("fri", now, "2026-11-20T00:00:00+01:00", 1);
	assert_parse("friday", now, "2026-11-20T00:00:00+01:00", 1);
	/* Just before midnight, and just after, in Berlin. */
	assert_parse("thu", "2026-11-26T23:59:59+01:00",
	    "2026-11-26T00:00:00+01:00", 1);
	assert_parse("thu", "2026-11-25T23:00:00Z",
	    "2026-11-26T00:00:00+01:00", 1);
	assert_parse("wed", "2026-11-25T22:59:59Z",
	    "2026-11-25T00:00:00+01:00", 1);
	assert_parse("thu", "2026-11-25T22:59:59Z",
	    "2026-11-19T00:00:00+01:00", 1);

	/* whole_day may be NULL; usec of a day form is 0. */
	n = at("2026-11-26T10:00:00.5+01:00");
	memset(&e, 0, sizeof(e));
	out.usec = 99;
	assert_int_equal(date_parse("today", &n, &out, NULL, &e), 0);
	assert_int_equal(out.sec, 1795647600);
	assert_int_equal(out.usec, 0);
	assert_int_equal(date_parse("2026-11-25T21:03:11.5+01:00", &n, &out,
	    &whole, &e), 0);
	assert_int_equal(out.sec, 1795636991);
	assert_int_equal(out.usec, 500000);
	assert_int_equal(whole, 0);

	/* A NULL now means date_now: HEARTH_NOW here. */
	assert_int_equal(setenv("HEARTH_NOW", now, 1), 0);
	assert_int_equal(date_parse("mon", NULL, &out, &whole, &e), 0);
	assert_int_equal(out.sec, 1795388400);
	assert_int_equal(whole, 1);
	assert_int_equal(setenv("HEARTH_NOW", "soon", 1), 0);
	assert_int_equal(date_parse("mon", NULL, &out, &whole, &e), -1);
	assert_int_equal(e.code, HX_USAGE);
	assert_string_equal(e.msg, "bad HEARTH_NOW 'soon'");
	assert_int_equal(date_parse("2026-11-25", NULL, &out, &whole, &e), 0);
	assert_int_equal(out.sec, at("2026-11-25T00:00:00+01:00").sec);
	assert_int_equal(unsetenv("HEARTH_NOW"), 0);
}

static void
test_parse_bounds(void **state)
{
	(void)state;
	set_tz("UTC");
	assert_parse("100000d", "2026-11-26T10:00:00Z",
	    "1753-02-10T00:00:00+00:00", 1);
	assert_parse("100000w", "2026-11-26T10:00:00Z",
	    "0110-05-15T00:00:00+00:00", 1);
	assert_parse("099999d", "2026-11-26T10:00:00Z",
	    "1753-02-11T00:00:00+00:00", 1);
	assert_parse("0000-01-01", "2026-11-26T10:00:00Z",
	    "0000-01-01T00:00:00+00:00", 1);
	assert_parse("9999-12-31", "2026-11-26T10:00:00Z",
	    "9999-12-31T00:00:00+00:00", 1);
	assert_bad_date("100001d");
	assert_bad_date("100001w");
	assert_bad_date("999999d");
	assert_bad_date("1000000d");
	assert_bad_date("99999999999999999999d");
}

static void
test_parse_dst(void **state)
{
	(void)state;
	set_tz("Europe/Berlin");
	assert_parse("today", "2026-03-29T12:00:00+02:00",
	    "2026-03-29T00:00:00+01:00", 1);
	assert_parse("yesterday", "2026-03-29T12:00:00+02:00",
	    "2026-03-28T00:00:00+01:00", 1);
	assert_parse("1d", "2026-03-30T10:00:00+02:00",
	    "2026-03-29T00:00:00+01:00", 1);
	assert_parse("2d", "2026-03-30T10:00:00+02:00",
	    "2026-03-28T00:00:00+01:00", 1);
	assert_parse("yesterday", "2026-03-30T10:00:00+02:00",
	    "2026-03-29T00:00:00+01:00", 1);
	assert_parse("1w", "2026-03-30T10:00:00+02:00",
	    "2026-03-23T00:00:00+01:00", 1);
	assert_parse("sun", "2026-03-30T10:00:00+02:00",
	    "2026-03-29T00:00:00+01:00", 1);
	/* Half an hour after midnight: 24 hours back is still the 29th. */
	assert_parse("1d", "2026-03-30T00:30:00+02:00",
	    "2026-03-29T00:00:00+01:00", 1);
	assert_parse("today", "2026-03-30T00:30:00+02:00",
	    "2026-03-30T00:00:00+02:00", 1);
	assert_parse("1d", "2026-10-26T00:30:00+01:00",
	    "2026-10-25T00:00:00+02:00", 1);
	assert_parse("yesterday", "2026-10-26T00:30:00+01:00",
	    "2026-10-25T00:00:00+02:00", 1);
	assert_parse("today", "2026-10-26T00:30:00+01:00",
	    "2026-10-26T00:00:00+01:00", 1);
	assert_parse("today", "2026-10-25T23:30:00+01:00",
	    "2026-10-25T00:00:00+02:00", 1);
	assert_parse("1d", "2026-10-25T23:30:00+01:00",
	    "2026-10-24T00:00:00+02:00", 1);
	assert_parse("2026-03-29", "2026-11-26T10:00:00+01:00",
	    "2026-03-29T00:00:00+01:00", 1);
	assert_parse("2026-03-30", "2026-11-26T10:00:00+01:00",
	    "2026-03-30T00:00:00+02:00", 1);
	assert_parse("2026-10-25", "2026-11-26T10:00:00+01:00",
	    "2026-10-25T00:00:00+02:00", 1);
	assert_parse("2026-10-26", "2026-11-26T10:00:00+01:00",
	    "2026-10-26T00:00:00+01:00", 1);

	set_tz("America/New_York");
	assert_parse("1d", "2026-03-09T00:30:00-04:00",
	    "2026-03-08T00:00:00-05:00", 1);
	assert_parse("today", "2026-03-09T00:30:00-04:00",
	    "2026-03-09T00:00:00-04:00", 1);
	assert_parse("yesterday", "2026-03-08T23:30:00-04:00",
	    "2026-03-07T00:00:00-05:00", 1);
	assert_parse("yesterday", "2026-11-02T00:30:00-05:00",
	    "2026-11-01T00:00:00-04:00", 1);
	assert_parse("2d", "2026-11-02T00:30:00-05:00",
	    "2026-10-31T00:00:00-04:00", 1);
	assert_parse("today", "2026-11-01T23:30:00-05:00",
	    "2026-11-01T00:00:00-04:00", 1);
	assert_parse("sun", "2026-11-02T00:30:00-05:00",
	    "2026-11-01T00:00:00-04:00", 1);
	assert_parse("2026-03-08", "2026-11-26T10:00:00-05:00",
	    "2026-03-08T00:00:00-05:00", 1);
	assert_parse("2026-11-01", "2026-11-26T10:00:00-05:00",
	    "2026-11-01T00:00:00-04:00", 1);
}

static void
test_parse_leap(void **state)
{
	(void)state;
	set_tz("Europe/Berlin");
	assert_parse("2024-02-29", "2026-11-26T10:00:00+01:00",
	    "2024-02-29T00:00:00+01:00", 1);
	assert_parse("2000-02-29", "2026-11-26T10:00:00+01:00",
	    "2000-02-29T00:00:00+01:00", 1);
	assert_parse("2024-02-29T23:59:59+01:00", "2026-11-26T10:00:00+01:00",
	    "2024-02-29T23:59:59+01:00", 0);
	assert_bad_date("2026-02-29");
	assert_bad_date("1900-02-29");
	assert_bad_date("2024-02-30");
	assert_bad_date("2026-02-29T12:00:00+01:00");

	assert_parse("1d", "2024-03-01T12:00:00+01:00",
	    "2024-02-29T00:00:00+01:00", 1);
	assert_parse("yesterday", "2024-03-01T12:00:00+01:00",
	    "2024-02-29T00:00:00+01:00", 1);
	assert_parse("2d", "2024-03-01T12:00:00+01:00",
	    "2024-02-28T00:00:00+01:00", 1);
	assert_parse("today", "2024-02-29T12:00:00+01:00",
	    "2024-02-29T00:00:00+01:00", 1);
	assert_parse("thu", "2024-02-29T12:00:00+01:00",
	    "2024-02-29T00:00:00+01:00", 1);
	assert_parse("1d", "2025-03-01T12:00:00+01:00",
	    "2025-02-28T00:00:00+01:00", 1);
	assert_parse("1w", "2024-03-03T12:00:00+01:00",
	    "2024-02-25T00:00:00+01:00", 1);
	assert_parse("366d", "2025-02-28T12:00:00+01:00",
	    "2024-02-28T00:00:00+01:00", 1);
	assert_parse("365d", "2025-03-01T12:00:00+01:00",
	    "2024-03-01T00:00:00+01:00", 1);
	assert_day_start("2024-02-28T12:00:00+01:00", 1,
	    "2024-02-29T00:00:00+01:00");
	assert_day_start("2024-02-29T12:00:00+01:00", 1,
	    "2024-03-01T00:00:00+01:00");
	assert_day_start("2023-02-28T12:00:00+01:00", 1,
	    "2023-03-01T00:00:00+01:00");
}

static void
test_parse_errors(void **state)
{
	static const char *const bad[] = {
		"", "3x", "-1d", "+1d", "1D", "1W", "d", "w", "1dd", "1d ",
		" 1d", "1.5d", "1 d", "1e3d", "0x10d", "1y", "1m",
		"2026-13-01", "2026-00-01", "2026-11-00", "2026-11-31",
		"2026-11-25x", "2026-11-2", "2026-1-25", "20261125",
		"2026/11/25", "26-11-25", "2026-11-25 ", " 2026-11-25",
		"tod", "todays", "today ", " today", "today!", "yesterday!",
		"now", "tomorrow", "tues", "thurs", "mondays", "mo", "m",
		"mon ", "monday.", "sunday sunday", "lundi",
		"2026-11-25T21:03:11", "2026-11-25t21:03:11z",
		"2026-11-25T24:00:00Z", "2026-11-25T21:03:11+01:00 ",
		"2026-11-25T21:03:11+24:00", "2026-11-25 21:03:11+01:00",
		"\xc3\xa9t\xc3\xa9", "mon\n", "today\t",
	};
	struct hmoment n, out;
	struct herr e;
	char longs[1000];
	size_t i;

	(void)state;
	set_tz("Europe/Berlin");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_bad_date(bad[i]);

	/* A NUL ends the string: what follows it is not seen. */
	assert_parse("today\0junk", "2026-11-26T10:00:00+01:00",
	    "2026-11-26T00:00:00+01:00", 1);

	/* A very long value: refused, the message cut short, no overrun. */
	memset(longs, 'a', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	n = at("2026-11-26T10:00:00+01:00");
	memset(&e, 0, sizeof(e));
	assert_int_equal(date_parse(longs, &n, &out, NULL, &e), -1);
	assert_int_equal(e.code, HX_USAGE);
	assert_int_equal(strncmp(e.msg, "bad date 'aaa", 13), 0);
	assert_int_equal(strlen(e.msg), sizeof(e.msg) - 1);

	/* No struct herr: still -1. */
	assert_int_equal(date_parse("3x", &n, &out, NULL, NULL), -1);
	assert_int_equal(date_parse(NULL, &n, &out, NULL, &e), -1);
	assert_string_equal(e.msg, "bad date '' " DATE_FORMS);
}

static void
test_extremes(void **state)
{
	static const int64_t secs[] = {
		INT64_MIN, INT64_MIN + 1, -(1LL << 40),
		1LL << 40, 67767976233532799LL, INT64_MAX - 1, INT64_MAX
	};
	static const int days[] = { INT_MIN, -1, 0, 1, INT_MAX };
	struct hmoment m;
	char buf[DATE_RFC3339_MAX], day[11];
	size_t i, j, n;
	int y, mo, d, wd;

	(void)state;
	set_tz("Europe/Berlin");
	/* Moments far beyond any calendar: no crash, no overrun. */
	for (i = 0; i < sizeof(secs) / sizeof(secs[0]); i++) {
		m.sec = secs[i];
		m.usec = INT32_MAX;
		n = date_format(&m, 1, buf);
		assert_int_equal(n, strlen(buf));
		assert_in_range(n, 0, DATE_RFC3339_MAX - 1);
		m.usec = INT32_MIN;
		n = date_format(&m, 0, buf);
		assert_int_equal(n, strlen(buf));
		date_day(&m, day);
		assert_in_range(strlen(day), 1, 10);
		date_fields(&m, &y, &mo, &d, &wd);
		assert_in_range(mo, 1, 12);
		assert_in_range(d, 1, 31);
		assert_in_range(wd, 0, 6);
		(void)date_week_start(&m);
		for (j = 0; j < sizeof(days) / sizeof(days[0]); j++)
			(void)date_day_start(&m, days[j]);
	}
	/* The widest year that fits: 11 characters. */
	set_tz("UTC");
	m.sec = date_days_from_civil(-2147481748LL, 1, 1) * 86400;
	m.usec = 0;
	n = date_format(&m, 1, buf);
	assert_string_equal(buf, "-2147481748-01-01T00:00:00.000000+00:00");
	assert_int_equal(n, DATE_RFC3339_MAX - 1);
	m.sec = INT64_MAX;
	assert_int_equal(date_format(&m, 1, buf), 0);
	assert_string_equal(buf, "");
	m.sec = 1795636991;
	assert_int_equal(date_day_start(&m, INT_MAX),
	    (date_days_from_civil(2026, 11, 25) + INT_MAX) * 86400);
}

static int
setup(void **state)
{
	(void)state;
	if (unsetenv("HEARTH_NOW") == -1)
		return -1;
	if (setenv("TZ", "Europe/Berlin", 1) == -1)
		return -1;
	tzset();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest date[] = {
		cmocka_unit_test(test_days_from_civil),
		cmocka_unit_test(test_is_leap),
		cmocka_unit_test(test_rfc3339_valid),
		cmocka_unit_test(test_rfc3339_errors),
		cmocka_unit_test(test_rfc3339_length),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_dst),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_day_and_fields),
		cmocka_unit_test(test_local_day),
		cmocka_unit_test(test_day_start_dst),
		cmocka_unit_test(test_midnight_gap),
		cmocka_unit_test(test_week_start),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_bounds),
		cmocka_unit_test(test_parse_dst),
		cmocka_unit_test(test_parse_leap),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_extremes),
	};

	/* The array gives the group its name. */
	return cmocka_run_group_tests(date, setup, NULL);
}
