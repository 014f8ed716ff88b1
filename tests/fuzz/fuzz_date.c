/*
 * fuzz_date: libFuzzer harness for the date parsers.
 *
 * The input goes to date_parse_rfc3339 as bytes (a stored timestamp is
 * not NUL-terminated) and to date_parse as a string.  Beyond not
 * crashing, what parses must hold up: a stored timestamp written back in
 * the local zone reads as the same moment, a user's day form is the
 * start of its local day, and a failure says why.  The zone and "now"
 * are fixed so that every run is reproducible.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "herr.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Thursday 2026-11-26T10:00:00+01:00. */
static const struct hmoment fuzz_now = { 1795683600, 0 };

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	unsetenv("HEARTH_NOW");
	return 0;
}

/* A stored timestamp must read back as itself once written. */
static void
check_roundtrip(const struct hmoment *m)
{
	struct hmoment back;
	char buf[DATE_RFC3339_MAX];
	size_t n;

	if (m->usec < 0 || m->usec > 999999)
		abort();
	/* Offsets can carry it out of the years 0000-9999 the text has. */
	if (m->sec < date_days_from_civil(0, 1, 2) * 86400 ||
	    m->sec >= date_days_from_civil(9999, 12, 31) * 86400)
		return;
	n = date_format(m, 1, buf);
	if (n != strlen(buf) ||
	    date_parse_rfc3339(buf, n, &back, NULL) != 0 ||
	    back.sec != m->sec || back.usec != m->usec)
		abort();
	n = date_format(m, 0, buf);
	if (date_parse_rfc3339(buf, n, &back, NULL) != 0 ||
	    back.sec != m->sec || back.usec != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hmoment m, stamp;
	struct herr e;
	const char *why;
	char *s;
	int whole, stamp_ok;

	why = NULL;
	stamp_ok = date_parse_rfc3339((const char *)data, size, &stamp,
	    &why) == 0;
	if (stamp_ok)
		check_roundtrip(&stamp);
	else if (why == NULL || *why == '\0')
		abort();

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	whole = -1;
	memset(&e, 0, sizeof(e));
	if (date_parse(s, &fuzz_now, &m, &whole, &e) == 0) {
		if (whole == 0) {
			/*
			 * An exact time: the same as the stored form of
			 * the string, which ends at the first NUL.
			 */
			if (strlen(s) != size)
				stamp_ok = date_parse_rfc3339(s, strlen(s),
				    &stamp, NULL) == 0;
			if (!stamp_ok || m.sec != stamp.sec ||
			    m.usec != stamp.usec)
				abort();
		} else if (whole == 1) {
			if (m.usec != 0 || date_day_start(&m, 0) != m.sec)
				abort();
		} else
			abort();
	} else if (e.code != HX_USAGE || strncmp(e.msg, "bad date '", 10))
		abort();
	free(s);
	return 0;
}
