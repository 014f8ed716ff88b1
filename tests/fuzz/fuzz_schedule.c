/*
 * fuzz_schedule: libFuzzer harness for the schedule parser and periods.
 *
 * The input is an --every or --after text.  What parses must format to a
 * canonical text that parses back to the same schedule, and its periods
 * must hold together: the period of a day holds it (or lies after it,
 * before the first occurrence), starts on or after the day the ritual was
 * added (or holds that day, where any day counts), and is followed,
 * without a gap, by the period of its end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "herr.h"
#include "schedule.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[SCHED_TEXT_MAX + 8], canon[SCHED_TEXT_MAX];
	struct sched s, t;
	struct herr e;
	int64_t d0 = date_days_from_civil(2024, 2, 27), d, st, en, st2, en2;
	int after;

	if (size == 0 || size > SCHED_TEXT_MAX)
		return 0;
	after = data[0] & 1;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (sched_parse(text, after, &s, &e) == -1) {
		if (e.code != HX_USAGE)
			abort();
		return 0;
	}
	sched_format(&s, canon);
	if (sched_parse_stored(canon, &t) == -1 || t.kind != s.kind ||
	    t.n != s.n || t.wdays != s.wdays)
		abort();
	if (s.kind == SCHED_AFTER)
		return 0;
	for (d = d0 - 3; d < d0 + 800; d += 1 + (data[size - 1] % 13)) {
		sched_period(&s, d0, data[0] % 7, d, &st, &en);
		if (en <= st || (st < d0 && !(sched_anyday(&s) &&
		    en > d0)) || (d >= st && d >= en))
			abort();
		if (d > st && d < en) {
			sched_period(&s, d0, data[0] % 7, en, &st2, &en2);
			if (st2 != en)
				abort();
		}
	}
	return 0;
}
