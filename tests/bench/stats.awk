# stats.awk: the baseline for `gratitude stats` in a pipe: entries per
# Monday-start week per author over the last `weeks` weeks up to the date
# `now` (YYYY-MM-DD), from the date text of each record's timestamp.
#
#	mawk -v now=2026-11-26 -v weeks=12 -f stats.awk LOG...
#
# Prints "week<TAB>AUTHOR..." (authors sorted) and one row per week:
# "YYYY-MM-DD<TAB>N..." (the Monday, oldest first).

# Days since 1970-01-01 of a proleptic Gregorian date.
function days(y, m, d,    era, yoe, doy, doe) {
	y -= m <= 2
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}

function civil(z,    era, doe, yoe, y, doy, mp, d, m) {
	z += 719468
	era = int((z >= 0 ? z : z - 146096) / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp + (mp < 10 ? 3 : -9)
	return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
}

function dayof(s) {
	return days(substr(s, 1, 4) + 0, substr(s, 6, 2) + 0, substr(s, 9, 2) + 0)
}

BEGIN {
	FS = "\t"
	if (weeks == "")
		weeks = 12
	d = dayof(now)
	# 1970-01-01 was a Thursday: (d + 3) % 7 is 0 on Mondays.
	last = d - (d + 3) % 7
	day0 = last - 7 * (weeks - 1)
	first = civil(day0)
	end = civil(last + 7)
	na = 0
}

# Records at or after the first Monday and before the Monday after now
# (a string comparison on the line works: it starts with the timestamp).
$0 >= first && $0 < end {
	a = $2
	if (!(a in seen)) {
		seen[a] = 1
		name[++na] = a
	}
	n[a, int((dayof($0) - day0) / 7)]++
}

END {
	for (i = 2; i <= na; i++)
		for (j = i; j > 1 && name[j - 1] > name[j]; j--) {
			t = name[j]; name[j] = name[j - 1]; name[j - 1] = t
		}
	printf "week"
	for (i = 1; i <= na; i++)
		printf "\t%s", name[i]
	printf "\n"
	for (w = 0; w < weeks; w++) {
		printf "%s", civil(day0 + 7 * w)
		for (i = 1; i <= na; i++)
			printf "\t%d", n[name[i], w]
		printf "\n"
	}
}
