#!/usr/bin/env bash
# ritual: schedules, names, done/skip/undo, due, streaks and periods for
# every kind of schedule, both partners, DST, records out of order, retire,
# cal, suggest, cron and a full disk.  Exact output and exact store bytes,
# with the clock fixed by HEARTH_NOW.
#
# Each story has its own store (HEARTH_DIR), so its expected values depend
# on nothing else in this file.
#
# shellcheck disable=SC1010  # "done" is a ritual command here, not a keyword
. tests/cli/lib.sh

export TZ=Europe/Berlin
export HEARTH_NOW=2026-03-02T09:00:00+01:00
r="$BIN/ritual"
tab=$'\t'
cfg=$XDG_CONFIG_HOME/hearth/config
mkdir -p "$XDG_CONFIG_HOME/hearth"
printf 'name = ana\npartner = ben\n' >"$cfg"

# use NAME: work in a store of its own from now on.
use() {
	export HEARTH_DIR=$TEST_TMP/stores/$1
	rdir=$HEARTH_DIR/ritual
	log=$rdir/ana.log
	blog=$rdir/ben.log
}

# stamp WHEN: an RFC 3339 time as is, or "YYYY-MM-DD HH:MM" local time.
stamp() {
	case $1 in
	*T*) printf '%s\n' "$1" ;;
	*) date -d "$1" +%FT%T%:z ;;
	esac
}

# at WHEN CMD...: ritual at another time, as ana; ben WHEN CMD...: as ben.
at() {
	local when
	when=$(stamp "$1")
	shift
	HEARTH_NOW=$when HEARTH_AUTHOR=ana "$r" "$@"
}
ben() {
	local when
	when=$(stamp "$1")
	shift
	HEARTH_NOW=$when HEARTH_AUTHOR=ben "$r" "$@"
}

# id LINE: the record id of a log line (the SHA-1 of its bytes, no LF).
id() {
	printf '%s' "$1" | sha1sum | cut -d' ' -f1
}

# json NAME: the line of list --json (in $out) for the ritual NAME.
json() {
	grep -F "{\"name\":\"$1\"," <<<"$out"
}

# ---- add ----

use add
# refuse ARGS...: the status and message of a refused add, one line.
refuse() {
	run "$r" add "$@"
	printf '%s:%s:%s\n' "$rc" "$out" "$err"
}
refusals() {
	refuse X --every 0d
	refuse X --every fortnight
	refuse X --every month:32
	refuse X --after x
	refuse X --every day --after 10d
	refuse X
	refuse "$(printf 'x%.0s' {1..101})" --every day
	refuse $'a\tb' --every day
}
want_refusals="64::ritual: bad --every '0d' (every N days or weeks: N from 1, such as 3d or 2w)
64::ritual: bad --every 'fortnight' (use day, week, weekdays such as mon,thu, Nd, Nw, month or month:DAY)
64::ritual: bad --every 'month:32' (month:DAY takes a day from 1 to 31)
64::ritual: bad --after 'x' (use Nd or Nw, such as 10d)
64::ritual: give one of --every SCHEDULE or --after Nd
64::ritual: give one of --every SCHEDULE or --after Nd
65::ritual: the name longer than 100 bytes
65::ritual: the name has a control character"
is "$(refusals)" "$want_refusals" "bad schedules, both or neither option, a bad name: refused before any store exists"
t "the refused adds created no store" test ! -e "$HEARTH_DIR"

"$r" add 'Evening walk' --every day --note 'after dinner, whatever the weather'
is "$(cat "$log")" "2026-03-02T09:00:00.000000+01:00${tab}ana${tab}define${tab}Evening walk${tab}day${tab}after dinner, whatever the weather" \
	"add stores the define record, byte for byte"

at 2026-03-02T09:01:00+01:00 add 'Mon Thu talk' --every thu,Monday
at 2026-03-02T09:02:00+01:00 add Fortnightly --every 2w
at 2026-03-02T09:03:00+01:00 add 'Month end' --every month:31
at 2026-03-02T09:04:00+01:00 add Letters --after 10d --note 'paper ones'
at 2026-03-02T09:05:00+01:00 add Sunday --every sun
at 2026-03-02T09:06:00+01:00 add Weekly --every weekly
at 2026-03-02T09:07:00+01:00 add Monthly --every month
at 2026-03-02T09:08:00+01:00 add Three --every 3d
at 2026-03-02T09:09:00+01:00 add Fourteen --after 2w
is "$(tail -n +2 "$log")" "2026-03-02T09:01:00.000000+01:00${tab}ana${tab}define${tab}Mon Thu talk${tab}mon,thu${tab}
2026-03-02T09:02:00.000000+01:00${tab}ana${tab}define${tab}Fortnightly${tab}2w${tab}
2026-03-02T09:03:00.000000+01:00${tab}ana${tab}define${tab}Month end${tab}month:31${tab}
2026-03-02T09:04:00.000000+01:00${tab}ana${tab}define${tab}Letters${tab}after:10d${tab}paper ones
2026-03-02T09:05:00.000000+01:00${tab}ana${tab}define${tab}Sunday${tab}sun${tab}
2026-03-02T09:06:00.000000+01:00${tab}ana${tab}define${tab}Weekly${tab}week${tab}
2026-03-02T09:07:00.000000+01:00${tab}ana${tab}define${tab}Monthly${tab}month${tab}
2026-03-02T09:08:00.000000+01:00${tab}ana${tab}define${tab}Three${tab}3d${tab}
2026-03-02T09:09:00.000000+01:00${tab}ana${tab}define${tab}Fourteen${tab}after:14d${tab}" \
	"every schedule kind is stored canonically (mon,thu Monday first; after:Nd)"

cp "$log" "$TEST_TMP/before"
run "$r" add X --every 0d
is "$rc:$out:$err" "64::ritual: bad --every '0d' (every N days or weeks: N from 1, such as 3d or 2w)" \
	"--every 0d is a usage error"
run "$r" add X --every fortnight
is "$rc:$out:$err" "64::ritual: bad --every 'fortnight' (use day, week, weekdays such as mon,thu, Nd, Nw, month or month:DAY)" \
	"--every fortnight is a usage error"
run "$r" add X --every month:32
is "$rc:$out:$err" "64::ritual: bad --every 'month:32' (month:DAY takes a day from 1 to 31)" \
	"--every month:32 is a usage error"
run "$r" add X --after x
is "$rc:$out:$err" "64::ritual: bad --after 'x' (use Nd or Nw, such as 10d)" \
	"--after x is a usage error"
run "$r" add X --every day --after 10d
is "$rc:$out:$err" "64::ritual: give one of --every SCHEDULE or --after Nd" \
	"both --every and --after is a usage error"
run "$r" add X
is "$rc:$out:$err" "64::ritual: give one of --every SCHEDULE or --after Nd" \
	"neither --every nor --after is a usage error"
run "$r" add '  ' --every day
is "$rc" 65 "an empty name is refused"
run "$r" add 'EVENING WALK' --every week
is "$rc:$out:$err" "65::ritual: there is a ritual 'Evening walk' already" \
	"adding a name again, in another case, is refused with 65"
t "nothing was stored by the refused adds" same_file "$log" "$TEST_TMP/before"

# ---- names ----

use names
at 2026-03-01T10:00:00+01:00 add Walk --every day
at 2026-03-01T10:00:01+01:00 add Walking --every week
at 2026-03-01T10:00:02+01:00 add 'Tea in bed' --every sun
at 2026-03-01T10:00:03+01:00 add Talk --every day
run "$r" done walk
is "$rc:$out:$err:$(tail -n 1 "$log")" "0:::2026-03-02T09:00:00.000000+01:00${tab}ana${tab}done${tab}Walk${tab}2026-03-02${tab}" \
	"an exact name wins over a longer one it begins, whatever the case"
run "$r" done wALKI
is "$rc:$(tail -n 1 "$log" | cut -f 4)" "0:Walking" "an unambiguous prefix, in any case, names a ritual"
run "$r" done tE --on sunday
is "$rc:$(tail -n 1 "$log" | cut -f 4,5)" "0:Tea in bed${tab}2026-03-01" "a two-letter prefix is enough when it is unique (and --on takes a weekday)"
cp "$log" "$TEST_TMP/before"
run "$r" done WA
is "$rc:$out:$err" "64::ritual: 'WA' is ambiguous: it could be 'Walk' or 'Walking'" \
	"an ambiguous prefix is a usage error that lists the candidates"
run "$r" done t
is "$rc:$out:$err" "64::ritual: 't' is ambiguous: it could be 'Tea in bed' or 'Talk'" \
	"an ambiguous one-letter prefix"
run "$r" done swim
is "$rc:$out:$err" "65::ritual: no ritual 'swim' (ritual list shows them)" "an unknown name is 65"
run "$r" done Walks
is "$rc:$err" "65:ritual: no ritual 'Walks'; did you mean 'Walk'?" \
	"a name longer than every ritual is unknown, and the nearest name is suggested"
run "$r" streak wal
is "$rc:$err" "64:ritual: 'wal' is ambiguous: it could be 'Walk' or 'Walking'" "streak takes names the same way"
t "nothing was stored by the refused commands" same_file "$log" "$TEST_TMP/before"
at 2026-03-02T09:10:00+01:00 add 'Émile visit' --every month
run at 2026-03-02T09:11:00+01:00 done 'émile v'
is "$rc:$err:$(tail -n 1 "$log" | cut -f 4)" "0::Émile visit" "case-insensitive names hold beyond ASCII in a UTF-8 locale"

# ---- names: words, parts and typos ----

# "ritual done walk" when the ritual is "Evening walk": a name may be the
# start of any word of a ritual's name, or a part of one, when only one
# ritual has it; a typo is compared with each word ("wlak" is one swap
# from "walk").
use words
at '2026-03-02 09:00' add 'Evening walk' --every day
at '2026-03-02 09:01' add 'Sunday dinner' --every sun
run at '2026-03-02 20:00' done walk
is "$rc:$out:$err:$(tail -n 1 "$log" | cut -f 3-5)" "0:::done${tab}Evening walk${tab}2026-03-02" \
	"done walk: the start of the second word of 'Evening walk'"
run at '2026-03-02 20:01' skip NING
is "$rc:$err:$(tail -n 1 "$log" | cut -f 3,4)" "0::skip${tab}Evening walk" "a part of a word, in any case, when only one ritual has it"
cp "$log" "$TEST_TMP/before"
run at '2026-03-02 20:02' done wlak
is "$rc:$out:$err" "65::ritual: no ritual 'wlak'; did you mean 'Evening walk'?" \
	"a typo of a word suggests the ritual"
run at '2026-03-02 20:02' done 'evning walk'
is "$rc:$err" "65:ritual: no ritual 'evning walk'; did you mean 'Evening walk'?" "a typo of a whole name too"
at '2026-03-02 20:03' add 'Walk the dog' --every day
run at '2026-03-02 20:04' done walk
is "$rc:$out:$err" "64::ritual: 'walk' is ambiguous: it could be 'Evening walk' or 'Walk the dog'" \
	"two rituals with a word that begins so: ambiguous, both listed"
run at '2026-03-02 20:04' done dog
is "$rc:$(tail -n 1 "$log" | cut -f 4)" "0:Walk the dog" "a later word"
run at '2026-03-02 20:04' streak e
is "$rc:$out:$err" "0:Evening walk${tab}1 day${tab}best 1 day:" \
	"a word's start comes before a part of one: 'e' begins only 'Evening walk' (though 'the' and 'dinner' hold it)"
run at '2026-03-02 20:04' streak in
is "$rc:$err" "64:ritual: 'in' is ambiguous: it could be 'Evening walk' or 'Sunday dinner'" \
	"parts of words: ambiguous when two have it"
for i in 1 2 3 4 5 6 7; do
	at "2026-03-02 21:0$i" add "Tea $i" --every day
done
run at '2026-03-02 21:10' done tea
is "$rc:$err" "64:ritual: 'tea' is ambiguous: it could be 'Tea 1', 'Tea 2', 'Tea 3', 'Tea 4', 'Tea 5' or 2 more" \
	"many candidates: the first five, and how many more"
run at '2026-03-02 21:10' done 'tea 7'
is "$rc:$(tail -n 1 "$log" | cut -f 4)" "0:Tea 7" "a whole name picks its ritual"
t "nothing was stored by the refused commands" test "$(grep -c 'done\|skip' "$log")" -eq 4

# ---- done, skip, undo ----

use marks
at 2026-03-02T09:00:00+01:00 add Walk --every day
export HEARTH_NOW=2026-03-05T20:00:00+01:00
"$r" done walk
"$r" done walk --on 2026-03-03 --note 'in the rain'
"$r" done walk --on yesterday
"$r" skip walk --on 3d --why 'a cold'
is "$(tail -n +2 "$log")" "2026-03-05T20:00:00.000000+01:00${tab}ana${tab}done${tab}Walk${tab}2026-03-05${tab}
2026-03-05T20:00:00.000001+01:00${tab}ana${tab}done${tab}Walk${tab}2026-03-03${tab}in the rain
2026-03-05T20:00:00.000002+01:00${tab}ana${tab}done${tab}Walk${tab}2026-03-04${tab}
2026-03-05T20:00:00.000003+01:00${tab}ana${tab}skip${tab}Walk${tab}2026-03-02${tab}a cold" \
	"done and skip store their records, byte for byte (--on YYYY-MM-DD, yesterday, 3d)"
cp "$log" "$TEST_TMP/before"
run "$r" done walk --on 2026-03-06
is "$rc:$out:$err" "64::ritual: 2026-03-06 is in the future" "done --on a future date is a usage error"
run "$r" skip walk --on 2026-03-06
is "$rc:$out:$err" "64::ritual: 2026-03-06 is in the future" "skip --on a future date is a usage error"
run "$r" done walk --on 2026-03-01
is "$rc:$out:$err" "64::ritual: 'Walk' was added after 2026-03-01" "done --on a date before the ritual was added is a usage error"
run "$r" done walk --on 'next week'
is "$rc:$out:$err" "64::ritual: bad date 'next week' (use YYYY-MM-DD, today, yesterday, Nd, Nw, a weekday or an RFC 3339 time)" "a bad date is a usage error"
t "nothing was stored by the refused marks" same_file "$log" "$TEST_TMP/before"

ben 2026-03-05T21:00:00+01:00 done walk --on yesterday
is "$(cat "$blog")" "2026-03-05T21:00:00.000000+01:00${tab}ben${tab}done${tab}Walk${tab}2026-03-04${tab}" \
	"the partner's done goes to the partner's log"
export HEARTH_NOW=2026-03-05T22:00:00+01:00
run "$r" streak
is "$out" "Walk${tab}3 days${tab}best 3 days" "before any undo: a skipped day, then three kept"
run "$r" undo walk
is "$rc:$out:$err" "0::ritual: took back the done of Walk on 2026-03-05" \
	"undo takes back your own record of the current period (today, for a daily ritual) and says which, with its day"
is "$(tail -n 1 "$log")" "2026-03-05T22:00:00.000000+01:00${tab}ana${tab}undo${tab}Walk${tab}$(id "$(sed -n 2p "$log")")" \
	"the undo record names the id of the done it takes back"
cp "$log" "$TEST_TMP/before"
run "$r" undo walk
is "$rc:$out:$err" "1::ritual: nothing of yours to undo for 'Walk' since 2026-03-05 (undo --on DATE takes back an earlier one)" \
	"a second undo does not reach back to yesterday's walk: exit 1, and it says how"
t "and stores nothing" same_file "$log" "$TEST_TMP/before"
run "$r" undo walk --on 2026-03-02
is "$rc:$err" "0:ritual: took back the skip of Walk on 2026-03-02" "undo --on DATE takes back your own record of that day"
is "$(tail -n 1 "$log")" "2026-03-05T22:00:00.000001+01:00${tab}ana${tab}undo${tab}Walk${tab}$(id "$(sed -n 5p "$log")")" \
	"and names that skip's id"
run "$r" undo walk --on yesterday
is "$rc:$err" "0:ritual: took back the done of Walk on 2026-03-04" "--on takes any form of date; the partner's done of that day is not yours"
is "$(tail -n 1 "$log" | cut -f 5)" "$(id "$(sed -n 4p "$log")")" "and names your done of the 4th"
run at '2026-03-06 08:00' list --json
is "$out" '{"name":"Walk","schedule":"day","grace":0,"last":"2026-03-04","last_by":"ben","next":"2026-03-06","due":true,"overdue":false,"streak":0,"best":2,"retired":false,"note":"","disagreement":null}' \
	"after the undos: the 2nd and 5th missed, the 3rd and 4th kept (the partner's done of the 4th stays)"
cp "$log" "$TEST_TMP/before"
run "$r" undo walk --on 2026-03-04
is "$rc:$out:$err" "1::ritual: nothing of yours on 2026-03-04 to undo for 'Walk'" \
	"with only the partner's done left that day, undo has nothing of yours: exit 1"
t "and stores nothing" same_file "$log" "$TEST_TMP/before"
run "$r" list --json
is "$out" '{"name":"Walk","schedule":"day","grace":0,"last":"2026-03-04","last_by":"ben","next":"2026-03-05","due":true,"overdue":false,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}' \
	"the partner's done was never taken back"
HEARTH_AUTHOR=ben run "$r" undo walk --on 2026-03-04
is "$rc:$err" "0:ritual: took back the done of Walk on 2026-03-04" "the partner can undo their own"
HEARTH_AUTHOR=ben run "$r" undo walk
is "$rc:$err" "1:ritual: nothing of yours to undo for 'Walk' since 2026-03-05 (undo --on DATE takes back an earlier one)" \
	"and then has nothing left in the period"
"$r" undo walk --on 2026-03-03 2>/dev/null
run "$r" streak walk
is "$rc:$out" "0:Walk${tab}0 days${tab}best 0 days" "every record taken back: no streak at all"

# "ritual undo sunday" took back a done from 8 days earlier: the current
# period of a Sunday ritual runs from Sunday, of a weekly one from the
# week's first day.
use undo-period
at '2026-03-01 09:00' add Sunday --every sun
at '2026-03-01 09:01' add Weekly --every week
at '2026-03-01 20:00' done sunday
ben '2026-03-08 20:00' done sunday
at '2026-03-09 20:00' done weekly
cp "$log" "$TEST_TMP/before"
run at '2026-03-09 21:00' undo sunday
is "$rc:$out:$err" "1::ritual: nothing of yours to undo for 'Sunday' since 2026-03-08 (undo --on DATE takes back an earlier one)" \
	"your done of 8 days ago is in the period before, and the partner's of yesterday is not yours"
t "and nothing is stored" same_file "$log" "$TEST_TMP/before"
run at '2026-03-09 21:00' undo sunday --on 2026-03-01
is "$rc:$err" "0:ritual: took back the done of Sunday on 2026-03-01" "--on reaches it"
run at '2026-03-11 12:00' undo weekly
is "$rc:$err" "0:ritual: took back the done of Weekly on 2026-03-09" "a week: Monday's done, on Wednesday"

# ---- due ----

# Talk has a day of grace after each occurrence, Fortnight and Three a
# grace as long as their periods; Month end none.
use due
at 2026-03-02T09:00:00+01:00 add Walk --every day
at 2026-03-02T09:01:00+01:00 add Talk --every mon,thu --grace 1d
at 2026-03-02T09:02:00+01:00 add Weekly --every week
at 2026-03-02T09:03:00+01:00 add Monthly --every month
at 2026-03-02T09:04:00+01:00 add 'Month end' --every month:31
at 2026-03-02T09:05:00+01:00 add Fortnight --every 2w --grace 13d
at 2026-03-02T09:06:00+01:00 add Three --every 3d --grace 2d
at 2026-03-02T09:07:00+01:00 add Letters --after 10d
run at '2026-03-02 12:00' due
is "$rc:$out:$err" "0:Walk${tab}due
Talk${tab}due
Weekly${tab}due
Monthly${tab}due
Fortnight${tab}due
Three${tab}due
Letters${tab}due:" \
	"due on the day they were added (week and month from the period they were added in; month:31 begins later)"
run at '2026-03-03 12:00' due
is "$rc:$(grep -v '^Letters' <<<"$out")" "0:Walk${tab}due
Talk${tab}overdue since 2026-03-02
Weekly${tab}due
Monthly${tab}due
Fortnight${tab}overdue since 2026-03-02
Three${tab}overdue since 2026-03-02" \
	"the next day, in their grace: overdue since the occurrence day, but a week or a month is never overdue"
at '2026-03-03 20:00' done walk
at '2026-03-03 20:00' done talk
ben '2026-03-03 20:00' done weekly
ben '2026-03-03 20:00' done fort
at '2026-03-03 20:01' done three
ben '2026-03-03 20:01' done letters
ben '2026-03-03 20:02' done monthly
run at '2026-03-03 21:00' due
is "$rc:$out:$err" "1::" "nothing due: no output, exit 1"
run at '2026-03-04 12:00' due --days 0
is "$rc:$out" "0:Walk${tab}due" "--days 0 lists only what is due"
run at '2026-03-04 12:00' due --days 1
is "$rc:$out" "0:Walk${tab}due
Talk${tab}due 2026-03-05
Three${tab}due 2026-03-05" "--days 1 adds Thursday's talk and the next 3-day period"
run at '2026-03-04 12:00' due --days 9
is "$out" "Walk${tab}due
Talk${tab}due 2026-03-05
Weekly${tab}due 2026-03-09
Three${tab}due 2026-03-05
Letters${tab}due 2026-03-13" "--days 9: next week, and 10 days after the last letter"
run at '2026-03-04 12:00' due --days 28
is "$out" "Walk${tab}due
Talk${tab}due 2026-03-05
Weekly${tab}due 2026-03-09
Monthly${tab}due 2026-04-01
Month end${tab}due 2026-03-31
Fortnight${tab}due 2026-03-16
Three${tab}due 2026-03-05
Letters${tab}due 2026-03-13" "--days 28: every ritual with its next date, in the order they were defined"
at '2026-03-04 12:00' done walk
run at '2026-03-04 13:00' due
is "$rc:$out" "1:" "all done: nothing due again"
run at '2026-03-04 13:00' due --days 0
is "$rc:$out" "1:" "--days 0 does not list a daily ritual already done today"
run at '2026-03-04 13:00' due --days 1
is "$out" "Walk${tab}due 2026-03-05
Talk${tab}due 2026-03-05
Three${tab}due 2026-03-05" "--days 1 gives tomorrow's walk, not today's done one"
run at '2026-03-04 13:00' list --json
is "$(json Walk)" '{"name":"Walk","schedule":"day","grace":0,"last":"2026-03-04","last_by":"ana","next":"2026-03-05","due":false,"overdue":false,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}' \
	"list --json: done today, the next walk is tomorrow"
run at '2026-03-15 12:00' due
is "$out" "Walk${tab}due
Weekly${tab}due
Three${tab}overdue since 2026-03-14
Letters${tab}overdue since 2026-03-13" \
	"a Sunday: Thursday's talk, its grace over, was missed and is not listed; the week is still only due; the fortnight was kept"
run at '2026-04-30 12:00' due
is "$out" "Walk${tab}due
Talk${tab}due
Weekly${tab}due
Monthly${tab}due
Month end${tab}due
Fortnight${tab}overdue since 2026-04-27
Three${tab}overdue since 2026-04-28
Letters${tab}overdue since 2026-03-13" \
	"30 April: month:31 falls due on the last day of a 30-day month; a month is never overdue"
run at '2026-05-01 12:00' due
is "$out" "Walk${tab}due
Talk${tab}overdue since 2026-04-30
Weekly${tab}due
Monthly${tab}due
Fortnight${tab}overdue since 2026-04-27
Three${tab}due
Letters${tab}overdue since 2026-03-13" \
	"1 May: the weekday ritual is overdue the day after its day, in its grace; month:31, without one, was missed on 30 April and is not listed"
run at '2026-05-01 12:00' due --days x
is "$rc:$err" "64:ritual: bad number of days 'x'" "a bad --days is a usage error"

# ---- streaks and periods ----

# day: both partners, a skip, a missed day, the open day.
use day
at '2026-03-02 09:00' add Walk --every day
at '2026-03-02 20:00' done walk
ben '2026-03-03 20:00' done walk
at '2026-03-04 20:00' skip walk --why rain
at '2026-03-05 20:00' done walk
ben '2026-03-07 20:00' done walk
at '2026-03-08 20:00' done walk
run at '2026-03-09 12:00' streak
is "$rc:$out" "0:Walk${tab}2 days${tab}best 3 days" \
	"day: the skip neither breaks nor lengthens (best 3), the missed 6th resets, today's open day breaks nothing"
run at '2026-03-09 12:00' list --json
is "$out" '{"name":"Walk","schedule":"day","grace":0,"last":"2026-03-08","last_by":"ana","next":"2026-03-09","due":true,"overdue":false,"streak":2,"best":3,"retired":false,"note":"","disagreement":null}' \
	"day: list --json"
run at '2026-03-09 12:00' list
is "$out" "Walk${tab}day${tab}last 2026-03-08 by ana${tab}due" "day: list says due"
run at '2026-03-10 12:00' streak walk
is "$out" "Walk${tab}0 days${tab}best 3 days" "day: a whole missed day resets the streak"
ben '2026-03-10 12:00' done walk
run at '2026-03-10 12:30' streak walk
is "$out" "Walk${tab}1 day${tab}best 3 days" "day: one day again"

# mon,thu: periods Monday to Thursday and Thursday to Monday; a grace of
# two days, so Monday's window is the whole period, Thursday's Thursday
# to Saturday.
use weekdays
at '2026-03-02 09:00' add Talk --every mon,thu --grace 2d
at '2026-03-03 20:00' done talk
at '2026-03-06 20:00' skip talk
ben '2026-03-09 20:00' done talk
run at '2026-03-12 12:00' list --json
is "$out" '{"name":"Talk","schedule":"mon,thu","grace":2,"last":"2026-03-09","last_by":"ben","next":"2026-03-12","due":true,"overdue":false,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}' \
	"mon,thu: Tuesday's done kept Monday's period, Friday's skip excused Thursday's; due on Thursday"
run at '2026-03-14 12:00' list --json
is "$out" '{"name":"Talk","schedule":"mon,thu","grace":2,"last":"2026-03-09","last_by":"ben","next":"2026-03-16","due":true,"overdue":true,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}' \
	"mon,thu: overdue on Saturday, in its grace, which breaks nothing"
run at '2026-03-14 12:00' list
is "$out" "Talk${tab}mon,thu grace 2d${tab}last 2026-03-09 by ben${tab}overdue since 2026-03-12" "mon,thu: list shows the grace, and says since when"
run at '2026-03-15 12:00' list
is "$out" "Talk${tab}mon,thu grace 2d${tab}last 2026-03-09 by ben${tab}next 2026-03-16" "mon,thu: on Sunday Thursday's grace is over: missed, not due"
run at '2026-03-17 12:00' streak
is "$out" "Talk${tab}0 times${tab}best 2 times" "mon,thu: the missed Thursday period resets"
run at '2026-03-17 12:00' due
is "$out" "Talk${tab}overdue since 2026-03-16" "mon,thu: overdue the day after Monday"
ben '2026-03-17 20:00' done talk
run at '2026-03-17 21:00' list --json
is "$out" '{"name":"Talk","schedule":"mon,thu","grace":2,"last":"2026-03-17","last_by":"ben","next":"2026-03-19","due":false,"overdue":false,"streak":1,"best":2,"retired":false,"note":"","disagreement":null}' \
	"mon,thu: a late done keeps Monday's period"

# week: Monday weeks by default, Sunday weeks with week_start = sun.
use week
at '2026-03-02 09:00' add Weekly --every week
at '2026-03-08 20:00' done weekly
ben '2026-03-09 20:00' done weekly
ben '2026-03-18 20:00' skip weekly
mkdir -p "$TEST_TMP/sun/hearth"
printf 'name = ana\nweek_start = sun\n' >"$TEST_TMP/sun/hearth/config"
run at '2026-03-25 12:00' list --json
is "$out" '{"name":"Weekly","schedule":"week","grace":null,"last":"2026-03-09","last_by":"ben","next":"2026-03-30","due":true,"overdue":false,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}' \
	"week (Monday): two weeks kept, one skipped, this one open and due, never overdue"
XDG_CONFIG_HOME=$TEST_TMP/sun run at '2026-03-25 12:00' list --json
is "$out" '{"name":"Weekly","schedule":"week","grace":null,"last":"2026-03-09","last_by":"ben","next":"2026-03-29","due":true,"overdue":false,"streak":1,"best":1,"retired":false,"note":"","disagreement":null}' \
	"week (Sunday): Sunday the 8th and Monday the 9th are one week, then a skipped one"
at '2026-03-29 20:00' done weekly
at '2026-04-07 20:00' done weekly
run at '2026-04-08 12:00' streak
is "$out" "Weekly${tab}1 week${tab}best 3 weeks" "week (Monday): the week of 30 March was missed"
XDG_CONFIG_HOME=$TEST_TMP/sun run at '2026-04-08 12:00' streak
is "$out" "Weekly${tab}2 weeks${tab}best 2 weeks" "week (Sunday): the week of 22 March was missed, 29 March and 5 April kept"
run at '2026-04-08 12:00' list --json
is "$out" '{"name":"Weekly","schedule":"week","grace":null,"last":"2026-04-07","last_by":"ana","next":"2026-04-13","due":false,"overdue":false,"streak":1,"best":3,"retired":false,"note":"","disagreement":null}' \
	"week (Monday): next Monday"
XDG_CONFIG_HOME=$TEST_TMP/sun run at '2026-04-08 12:00' list --json
is "$out" '{"name":"Weekly","schedule":"week","grace":null,"last":"2026-04-07","last_by":"ana","next":"2026-04-12","due":false,"overdue":false,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}' \
	"week (Sunday): next Sunday"
printf 'week_start = someday\n' >"$TEST_TMP/sun/hearth/config"
XDG_CONFIG_HOME=$TEST_TMP/sun run "$r" streak
is "$rc:$out:$err" "78::ritual: $TEST_TMP/sun/hearth/config: bad week_start 'someday' (a weekday, such as mon or sun)" \
	"a bad week_start is a config error"
# The couple's week_start is a setting in the store (hearth set), which
# syncs; the config's is read only when the store has none.
cp -R "$HEARTH_DIR" "$TEST_TMP/stores/week-set"
use week-set
HEARTH_NOW=2026-03-01T08:00:00+01:00 "$BIN/hearth" set week_start sunday
run at '2026-04-08 12:00' streak
is "$rc:$out:$err" "0:Weekly${tab}2 weeks${tab}best 2 weeks:" \
	"week_start sunday in the store: Sunday weeks, with no week_start in the config"
printf 'name = ana\nweek_start = mon\n' >"$TEST_TMP/sun/hearth/config"
XDG_CONFIG_HOME=$TEST_TMP/sun run at '2026-04-08 12:00' list --json
is "$rc:$out:$err" '0:{"name":"Weekly","schedule":"week","grace":null,"last":"2026-04-07","last_by":"ana","next":"2026-04-12","due":false,"overdue":false,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}:' \
	"the store's week_start wins over the config's"
printf 'week_start = someday\n' >"$TEST_TMP/sun/hearth/config"
XDG_CONFIG_HOME=$TEST_TMP/sun run at '2026-04-08 12:00' streak
is "$rc:$out:$err" "0:Weekly${tab}2 weeks${tab}best 2 weeks:" \
	"with the store's week_start, the config's is not read (not even a bad one)"
HEARTH_AUTHOR=ben HEARTH_NOW=2026-03-01T09:00:00+01:00 "$BIN/hearth" set week_start monday
run at '2026-04-08 12:00' streak
is "$rc:$out:$err" "0:Weekly${tab}1 week${tab}best 3 weeks:" \
	"the partner's later week_start monday holds for both"

# 2w: periods of 14 days from the day it was added (a Wednesday), any
# day of each in its window (a grace of 13 days).
use twoweeks
at '2026-03-04 09:00' add Fortnight --every 2w --grace 13d
at '2026-03-10 20:00' done fortnight
ben '2026-03-20 20:00' skip fortnight
at '2026-04-14 20:00' done fortnight
run at '2026-04-20 12:00' list --json
is "$out" '{"name":"Fortnight","schedule":"2w","grace":13,"last":"2026-04-14","last_by":"ana","next":"2026-04-29","due":true,"overdue":true,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}' \
	"2w: 4-18 March kept, 18 March-1 April skipped, 1-15 April kept; overdue since Wednesday 15 April"
run at '2026-04-20 12:00' due
is "$out" "Fortnight${tab}overdue since 2026-04-15" "2w: due from the add day's weekday"
run at '2026-04-29 12:00' streak
is "$out" "Fortnight${tab}0 times${tab}best 2 times" "2w: the missed period resets"

# 3d: periods of 3 days from the add day, any day of each in its window.
use threedays
at '2026-03-02 09:00' add Three --every 3d --grace 2d
ben '2026-03-04 20:00' done three
at '2026-03-05 20:00' done three
at '2026-03-07 20:00' done three
at '2026-03-08 20:00' skip three
ben '2026-03-13 20:00' done three
run at '2026-03-15 12:00' list --json
is "$out" '{"name":"Three","schedule":"3d","grace":2,"last":"2026-03-13","last_by":"ben","next":"2026-03-17","due":true,"overdue":true,"streak":3,"best":3,"retired":false,"note":"","disagreement":null}' \
	"3d: two dones in one period count once, a skip excuses one"
run at '2026-03-15 12:00' due
is "$out" "Three${tab}overdue since 2026-03-14" "3d: the period of 14 March"
run at '2026-03-17 12:00' streak
is "$out" "Three${tab}0 times${tab}best 3 times" "3d: missed 14-16 March"

# after:10d: a chain of dones each within 20 days of the one before.
use after
at '2026-03-02 09:00' add Letters --after 10d --note 'paper ones'
run at '2026-03-02 12:00' due
is "$out" "Letters${tab}due" "after: due from the add day when never done"
run at '2026-03-03 12:00' due
is "$out" "Letters${tab}due" "after: never done, due but not overdue the day after it was added"
run at '2026-03-12 12:00' due
is "$out" "Letters${tab}due" "after: never done, still on time when its 10 days have just passed"
run at '2026-03-13 12:00' due
is "$out" "Letters${tab}overdue since 2026-03-12" "after: never done, overdue once its 10 days have passed"
at '2026-03-05 20:00' done letters
run at '2026-03-06 12:00' list --json
is "$out" '{"name":"Letters","schedule":"after:10d","grace":null,"last":"2026-03-05","last_by":"ana","next":"2026-03-15","due":false,"overdue":false,"streak":1,"best":1,"retired":false,"note":"paper ones","disagreement":null}' \
	"after: next is 10 days after the done"
ben '2026-03-20 20:00' done letters
at '2026-04-05 20:00' skip letters
run at '2026-04-10 12:00' list --json
is "$out" '{"name":"Letters","schedule":"after:10d","grace":null,"last":"2026-03-20","last_by":"ben","next":"2026-04-15","due":false,"overdue":false,"streak":2,"best":2,"retired":false,"note":"paper ones","disagreement":null}' \
	"after: a done 15 days on lengthens the chain; a skip 16 days on keeps it and moves the next date"
at '2026-04-20 20:00' done letters
ben '2026-04-22 20:00' done letters
run at '2026-05-10 12:00' list --json
is "$out" '{"name":"Letters","schedule":"after:10d","grace":null,"last":"2026-04-22","last_by":"ben","next":"2026-05-10","due":true,"overdue":true,"streak":3,"best":3,"retired":false,"note":"paper ones","disagreement":null}' \
	"after: a second done 2 days after the first adds nothing; 18 days on the chain holds, though overdue"
run at '2026-05-10 12:00' due
is "$out" "Letters${tab}overdue since 2026-05-02" "after: overdue since 10 days after the last"
run at '2026-05-13 12:00' streak
is "$out" "Letters${tab}0 times${tab}best 3 times" "after: 21 days on, the chain is broken"
at '2026-05-20 20:00' done letters
run at '2026-05-21 12:00' streak
is "$out" "Letters${tab}1 time${tab}best 3 times" "after: a new chain"

# "ritual add 'Date night' --after 10d", added on the 7th, was "overdue
# since the 7th" from the 9th: never done, it is due from the day it is
# added, and overdue only once its 10 days have passed.
use date-night
at '2026-03-07 19:00' add 'Date night' --after 10d
run at '2026-03-09 12:00' list
is "$rc:$out" "0:Date night${tab}after:10d${tab}never done${tab}due" "after: on the 9th, due and not overdue"
run at '2026-03-17 12:00' due
is "$rc:$out" "0:Date night${tab}due" "on the 17th, its 10 days just passed: due"
run at '2026-03-18 12:00' due
is "$rc:$out" "0:Date night${tab}overdue since 2026-03-17" "on the 18th: overdue since the 17th"
run at '2026-03-18 12:00' list --json
is "$out" '{"name":"Date night","schedule":"after:10d","grace":null,"last":null,"last_by":null,"next":"2026-03-18","due":true,"overdue":true,"streak":0,"best":0,"retired":false,"note":"","disagreement":null}' \
	"list --json: overdue, and a --after ritual has no grace"

# "A sat,sun ritual missed on Sunday shows 'overdue since Sunday' every
# day until Saturday, so the README's cron line mails it all week": a
# ritual tied to days may be kept on its day only (its grace is none),
# or in the grace days after it; after that it is missed: shown so in
# cal, breaking the streak, and no longer listed by due.  Added on Monday
# 2 March, kept on Saturday 7, not on Sunday 8.
use grace
at '2026-03-02 09:00' add Tea --every sat,sun
at '2026-03-02 09:01' add Brunch --every sat,sun --grace 2d
at '2026-03-02 09:02' add Weekly --every week
is "$(sed -n 2p "$log")" "2026-03-02T09:01:00.000000+01:00${tab}ana${tab}define${tab}Brunch${tab}sat,sun${tab}" \
	"--grace: the definition as ever"
is "$(sed -n 3p "$log")" "2026-03-02T09:01:00.000001+01:00${tab}ana${tab}edit${tab}Brunch${tab}grace${tab}2d" \
	"and, a microsecond after it in the same write, an edit of its grace"
at '2026-03-07 20:00' done tea
at '2026-03-07 20:00' done brunch
run at '2026-03-08 12:00' due
is "$rc:$out" "0:Tea${tab}due
Brunch${tab}due
Weekly${tab}due" "Sunday: both due"
run at '2026-03-09 12:00' due
is "$rc:$out" "0:Brunch${tab}overdue since 2026-03-08
Weekly${tab}due" "Monday: Tea, without a grace, missed Sunday and is not listed; Brunch is in its grace; a week is due all week"
run at '2026-03-09 12:00' streak
is "$out" "Tea${tab}0 times${tab}best 1 time
Brunch${tab}1 time${tab}best 1 time
Weekly${tab}0 weeks${tab}best 0 weeks" "the missed Sunday broke Tea's streak; Brunch's grace breaks nothing"
run at '2026-03-09 12:00' list
is "$out" "Tea${tab}sat,sun${tab}last 2026-03-07 by ana${tab}next 2026-03-14
Brunch${tab}sat,sun grace 2d${tab}last 2026-03-07 by ana${tab}overdue since 2026-03-08
Weekly${tab}week${tab}never done${tab}due" "list: Tea's next is Saturday"
run at '2026-03-09 12:00' cal tea --weeks 2
is "$out" "2026-03-02${tab}not-due
2026-03-03${tab}not-due
2026-03-04${tab}not-due
2026-03-05${tab}not-due
2026-03-06${tab}not-due
2026-03-07${tab}done
2026-03-08${tab}missed
2026-03-09${tab}not-due" "cal: Sunday missed, and today nothing due"
for d in 10 11 12 13; do
	run at "2026-03-$d 12:00" due
	printf '%s %s\n' "$d" "$(cut -f 1 <<<"$out" | paste -sd ' ' -)"
done >"$TEST_TMP/week"
is "$(cat "$TEST_TMP/week")" "10 Brunch Weekly
11 Weekly
12 Weekly
13 Weekly" "Tuesday Brunch's grace ends; from Wednesday to Friday neither is listed (a cron job mails nothing about them)"
run at '2026-03-11 20:00' done tea
is "$rc:$out:$err:$(tail -n 1 "$log" | cut -f 3-5)" "0::ritual: 'Tea' was due on 2026-03-08: this done, past its day, counts for no occurrence:done${tab}Tea${tab}2026-03-11" \
	"a done past Sunday's day is stored, and says that it counts for nothing"
run at '2026-03-12 12:00' streak tea
is "$out" "Tea${tab}0 times${tab}best 1 time" "a done on Wednesday, past Sunday's day, keeps nothing"
run at '2026-03-12 12:00' cal tea --weeks 1
is "$(sed -n '1,4p' <<<"$out")" "2026-03-09${tab}not-due
2026-03-10${tab}not-due
2026-03-11${tab}done
2026-03-12${tab}not-due" "though cal shows it on its day"
run at '2026-03-14 12:00' due
is "$out" "Tea${tab}due
Brunch${tab}due
Weekly${tab}due" "Saturday: due again"
run "$r" add X --every week --grace 1d
is "$rc:$out:$err" "64::ritual: --grace is for a schedule tied to days (day, weekdays, Nd, Nw, month:DAY): a week, month or --after ritual is due until its period ends" \
	"--grace with a week is a usage error"
run "$r" add X --every sun --grace 2
is "$rc:$out:$err" "64::ritual: bad --grace '2' (use Nd, such as 2d, from 0d to 3650d)" "a bad --grace is a usage error"
# A grace never reaches the next occurrence: Brunch's Saturday window is
# Saturday only, its Sunday one Sunday to Tuesday.
run at '2026-03-15 20:00' done brunch
is "$rc:$err" "0:" "a done in a window says nothing"
run at '2026-03-16 12:00' cal brunch --weeks 2
is "$(tail -n 3 <<<"$out")" "2026-03-14${tab}missed
2026-03-15${tab}done
2026-03-16${tab}not-due" "a grace never reaches the next occurrence: Sunday's done keeps Sunday, and Saturday was missed"

# month: calendar months; any day counts.
use month
at '2026-03-01 09:00' add Monthly --every month
at '2026-03-10 20:00' done monthly
ben '2026-04-02 20:00' skip monthly
ben '2026-05-31 20:00' done monthly
run at '2026-06-15 12:00' list --json
is "$out" '{"name":"Monthly","schedule":"month","grace":null,"last":"2026-05-31","last_by":"ben","next":"2026-07-01","due":true,"overdue":false,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}' \
	"month: March kept, April skipped, May kept on its last day; June due, never overdue"
at '2026-07-01 20:00' done monthly
run at '2026-07-15 12:00' streak
is "$out" "Monthly${tab}1 month${tab}best 2 months" "month: June missed"

# month:31 in 2026: 31 January, 28 February, 31 March, 30 April, 31 May;
# a grace of two days after each.
use monthend
at '2026-01-05 09:00' add 'Month end' --every month:31 --grace 2d
at '2026-01-10 20:00' done 'month end'
run at '2026-01-20 12:00' list --json
is "$out" '{"name":"Month end","schedule":"month:31","grace":2,"last":"2026-01-10","last_by":"ana","next":"2026-01-31","due":false,"overdue":false,"streak":1,"best":1,"retired":false,"note":"","disagreement":null}' \
	"month:31: a done before the first occurrence counts for the first period"
ben '2026-02-27 20:00' done month
run at '2026-02-27 21:00' list --json
is "$out" '{"name":"Month end","schedule":"month:31","grace":2,"last":"2026-02-27","last_by":"ben","next":"2026-02-28","due":false,"overdue":false,"streak":1,"best":1,"retired":false,"note":"","disagreement":null}' \
	"month:31: 27 February is still in the period of 31 January (and past its grace: it keeps nothing)"
run at '2026-02-28 12:00' due
is "$out" "Month end${tab}due" "month:31: due on 28 February in a common year"
at '2026-02-28 20:00' done month
run at '2026-03-01 12:00' list --json
is "$out" '{"name":"Month end","schedule":"month:31","grace":2,"last":"2026-02-28","last_by":"ana","next":"2026-03-31","due":false,"overdue":false,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}' \
	"month:31: the period of 28 February runs to 31 March"
run at '2026-04-01 12:00' due
is "$out" "Month end${tab}overdue since 2026-03-31" "month:31: overdue on 1 April"
ben '2026-04-01 20:00' skip month
run at '2026-04-29 12:00' list --json
is "$out" '{"name":"Month end","schedule":"month:31","grace":2,"last":"2026-02-28","last_by":"ana","next":"2026-04-30","due":false,"overdue":false,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}' \
	"month:31: skipped the period of 31 March; the next is 30 April"
run at '2026-04-30 12:00' due
is "$out" "Month end${tab}due" "month:31: due on 30 April"
at '2026-04-30 20:00' done month
run at '2026-05-15 12:00' streak
is "$out" "Month end${tab}3 months${tab}best 3 months" "month:31: three months kept, one skipped"
run at '2026-06-01 12:00' list --json
is "$out" '{"name":"Month end","schedule":"month:31","grace":2,"last":"2026-04-30","last_by":"ana","next":"2026-06-30","due":true,"overdue":true,"streak":3,"best":3,"retired":false,"note":"","disagreement":null}' \
	"month:31: 1 June, overdue since 31 May"

# month:31 in the leap year 2024: 31 January, 29 February, 31 March; a
# day of grace.
use leap
at '2024-01-31 09:00' add 'Month end' --every month:31 --grace 1d
at '2024-01-31 20:00' done month
run at '2024-02-28 12:00' list --json
is "$out" '{"name":"Month end","schedule":"month:31","grace":1,"last":"2024-01-31","last_by":"ana","next":"2024-02-29","due":false,"overdue":false,"streak":1,"best":1,"retired":false,"note":"","disagreement":null}' \
	"month:31 in 2024: 28 February is not the month's end"
run at '2024-02-28 12:00' due --days 1
is "$out" "Month end${tab}due 2024-02-29" "month:31 in 2024: due on 29 February"
run at '2024-02-29 12:00' due
is "$out" "Month end${tab}due" "month:31 in 2024: due on the leap day"
run at '2024-03-01 12:00' due
is "$out" "Month end${tab}overdue since 2024-02-29" "month:31 in 2024: overdue since the leap day, in its grace"
ben '2024-03-01 20:00' done month
run at '2024-03-02 12:00' list --json
is "$out" '{"name":"Month end","schedule":"month:31","grace":1,"last":"2024-03-01","last_by":"ben","next":"2024-03-31","due":false,"overdue":false,"streak":2,"best":2,"retired":false,"note":"","disagreement":null}' \
	"month:31 in 2024: a done the day after, in its grace, keeps the leap day's period"

# ---- DST: local days, whatever the length of the day ----

# dst TZ EVE DAY NEXT BEFORE AFTER MONDAY: a daily ritual added on EVE (the
# Saturday), around the change on DAY (a Sunday): BEFORE and AFTER are the
# UTC offsets of 00:30 and 23:30 on DAY, WEEK the days of EVE's week before
# it (Monday to Friday).
dst() {
	local zone=$1 eve=$2 day=$3 next=$4 before=$5 after=$6 week=$7 d
	use "dst-$zone-$day"
	export TZ=$zone
	at "${eve}T12:00:00$before" add Walk --every day
	at "${eve}T12:00:01$before" add Late --every day
	at "${eve}T23:30:00$before" done walk
	at "${day}T00:30:00$before" done walk
	is "$(tail -n 2 "$log")" "${eve}T23:30:00.000000$before${tab}ana${tab}done${tab}Walk${tab}$eve${tab}
${day}T00:30:00.000000$before${tab}ana${tab}done${tab}Walk${tab}$day${tab}" \
		"$zone $day: a done at 23:30 the day before counts for that day, one at 00:30 for the change day"
	run at "${day}T23:30:00$after" due
	is "$rc:$out" "0:Late${tab}due" "$zone $day: at 23:30 the walk done at 00:30 is still today's"
	run at "${day}T23:30:00$after" streak
	is "$out" "Walk${tab}2 days${tab}best 2 days
Late${tab}0 days${tab}best 0 days" "$zone $day: streaks at 23:30"
	at "${day}T23:30:00$after" done late
	is "$(tail -n 1 "$log")" "${day}T23:30:00.000000$after${tab}ana${tab}done${tab}Late${tab}$day${tab}" \
		"$zone $day: a done at 23:30 on the change day counts for that day"
	run at "${day}T23:30:00$after" due
	is "$rc:$out" "1:" "$zone $day: nothing due at 23:30"
	run at "${next}T00:30:00$after" due
	is "$rc:$out" "0:Walk${tab}due
Late${tab}due" "$zone $day: both due at 00:30 the next day"
	run at "${next}T00:30:00$after" streak
	is "$out" "Walk${tab}2 days${tab}best 2 days
Late${tab}1 day${tab}best 1 day" "$zone $day: streaks at 00:30 the next day"
	run at "${next}T00:30:00$after" list --json
	is "$(json Late)" "{\"name\":\"Late\",\"schedule\":\"day\",\"grace\":0,\"last\":\"$day\",\"last_by\":\"ana\",\"next\":\"$next\",\"due\":true,\"overdue\":false,\"streak\":1,\"best\":1,\"retired\":false,\"note\":\"\",\"disagreement\":null}" \
		"$zone $day: list --json at 00:30 the next day"
	run at "${next}T00:30:00$after" cal walk --weeks 2
	is "$out" "$(for d in $week; do printf '%s\tnot-due\n' "$d"; done)
$eve${tab}done
$day${tab}done
$next${tab}due" "$zone $day: cal puts the dones on their days, and today is due"
	run at "${next}T00:30:00$after" done walk --on yesterday
	is "$rc:$(tail -n 1 "$log" | cut -f 5)" "0:$day" "$zone $day: --on yesterday at 00:30 the next day is the change day"
	export TZ=Europe/Berlin
}
dst Europe/Berlin 2026-03-28 2026-03-29 2026-03-30 +01:00 +02:00 \
	'2026-03-23 2026-03-24 2026-03-25 2026-03-26 2026-03-27'
dst Europe/Berlin 2026-10-24 2026-10-25 2026-10-26 +02:00 +01:00 \
	'2026-10-19 2026-10-20 2026-10-21 2026-10-22 2026-10-23'
dst America/New_York 2026-03-07 2026-03-08 2026-03-09 -05:00 -04:00 \
	'2026-03-02 2026-03-03 2026-03-04 2026-03-05 2026-03-06'
dst America/New_York 2026-10-31 2026-11-01 2026-11-02 -04:00 -05:00 \
	'2026-10-26 2026-10-27 2026-10-28 2026-10-29 2026-10-30'

# ---- records out of order ----

# Ben defined "walk" (every 2 days) the evening before Ana defined "Walk"
# (every day) on her machine; his log reaches her store by a sync.  The
# earliest definition wins, and state is the same in every order.
use ben-alone
ben '2026-03-02 20:00' add walk --every 2d --note "ben's"
ben '2026-03-04 08:00' done walk
ben '2026-03-04 09:00' undo walk 2>/dev/null
ben '2026-03-06 20:00' done walk
cp "$blog" "$TEST_TMP/ben.log"
use ana-alone
at '2026-03-03 09:00' add Walk --every day
at '2026-03-03 20:00' done walk
at '2026-03-06 09:00' skip walk --on yesterday
cp "$log" "$TEST_TMP/ana.log"
is "$(cut -f 3,4,5 "$TEST_TMP/ben.log")" "define${tab}walk${tab}2d
done${tab}walk${tab}2026-03-04
undo${tab}walk${tab}$(id "$(sed -n 2p "$TEST_TMP/ben.log")")
done${tab}walk${tab}2026-03-06" "ben's log: a define, a done, its undo, a done"

# 2d from 2 March, each period kept on its first day (no grace): Ana's
# done of the 3rd and skip of the 5th come a day late and keep nothing,
# so 2-3 and 4-5 were missed (Ben's done of the 4th is taken back); 6-7
# kept by Ben's done of the 6th; 8-9 open.
want_walk='{"name":"walk","schedule":"2d","grace":0,"last":"2026-03-06","last_by":"ben","next":"2026-03-08","due":true,"overdue":false,"streak":1,"best":1,"retired":false,"note":"ben'"'"'s","disagreement":{"holds":{"by":"ben","schedule":"2d"},"other":{"by":"ana","schedule":"day"}}}'
# synced NAME ANA BEN: a store with these two logs, then its state.
synced() {
	use "$1"
	mkdir -p "$rdir"
	chmod 700 "$HEARTH_DIR" "$rdir"
	cat "$2" >"$log"
	cat "$3" >"$blog"
	chmod 600 "$log" "$blog"
	run at '2026-03-08 12:00' list --json
	state=$rc:$out:$err
	run at '2026-03-08 12:00' streak
	state=$state/$rc:$out:$err
}
synced in-order "$TEST_TMP/ana.log" "$TEST_TMP/ben.log"
is "$state" "0:$want_walk:/0:walk${tab}1 time${tab}best 1 time:" \
	"the earliest definition (Ben's, other case, other schedule) gives name, schedule, first day and note; Ana's is the other side of a disagreement"
first=$state
tac "$TEST_TMP/ana.log" >"$TEST_TMP/ana.rev"
tac "$TEST_TMP/ben.log" >"$TEST_TMP/ben.rev"
synced reversed "$TEST_TMP/ana.rev" "$TEST_TMP/ben.rev"
is "$state" "$first" "both logs reversed: the same state"
is "$(grep -n undo "$blog" | cut -d: -f1):$(grep -n 2026-03-04 "$blog" | grep done | cut -d: -f1)" "2:3" \
	"(in that store the undo comes before the done it names)"
sed -n '3p;1p;4p;2p' "$TEST_TMP/ben.log" >"$TEST_TMP/ben.mix"
sed -n '2p;3p;1p' "$TEST_TMP/ana.log" >"$TEST_TMP/ana.mix"
synced shuffled "$TEST_TMP/ana.mix" "$TEST_TMP/ben.mix"
is "$state" "$first" "both logs shuffled: the same state"
# Ben's records appended later with earlier times, as a git merge leaves
# them: one log in two runs.
sed -n '3,4p' "$TEST_TMP/ben.log" >"$TEST_TMP/ben.two"
sed -n '1,2p' "$TEST_TMP/ben.log" >>"$TEST_TMP/ben.two"
synced two-runs "$TEST_TMP/ana.log" "$TEST_TMP/ben.two"
is "$state" "$first" "a log in two runs: the same state"
use undo-first
mkdir -p "$rdir"
chmod 700 "$HEARTH_DIR" "$rdir"
undo_line=$(grep undo "$TEST_TMP/ben.log" | sed 's/T09:00:00/T07:00:00/')
{
	echo "$undo_line"
	grep -v undo "$TEST_TMP/ben.log"
} >"$blog"
cp "$TEST_TMP/ana.log" "$log"
chmod 600 "$log" "$blog"
run at '2026-03-08 12:00' list --json
is "$out" "$want_walk" "an undo written before the done it names (in time and in the file) still applies"

# A done written with a clock behind the partner's: the define is from
# 20:00, Ben's done for that same day is stamped 08:00.  It counts for
# nothing (hearth-store(5): only what a define came before in time
# order), so ritual refuses to write it, and one that a log holds anyway
# (written before the sync brought the define) is left out.
use skew
at '2026-03-02 20:00' add Walk --every day
run ben '2026-03-02 08:00' done walk
is "$rc:$out:$err" "64::ritual: 'Walk' was added after now" \
	"a done stamped before the definition is refused: it would count for nothing"
run ben '2026-03-02 08:00' retire walk
is "$rc:$out:$err" "64::ritual: 'Walk' was added after now" "so is such a retire"
t "and nothing was written to Ben's log" test ! -e "$blog"
printf '2026-03-02T08:00:00.000000+01:00\tben\tdone\tWalk\t2026-03-02\t\n' >"$blog"
chmod 600 "$blog"
ben '2026-03-03 08:00' done walk
is "$(cut -f 3,5 "$blog")" "done${tab}2026-03-02
done${tab}2026-03-03" "Ben's log holds a done stamped before the define, and one after"
run at '2026-03-04 12:00' list --json
is "$out" '{"name":"Walk","schedule":"day","grace":0,"last":"2026-03-03","last_by":"ben","next":"2026-03-04","due":true,"overdue":false,"streak":1,"best":1,"retired":false,"note":"","disagreement":null}' \
	"the done stamped before the define counts for nothing"
run at '2026-03-04 12:00' cal walk --weeks 1
is "$out" "2026-03-02${tab}missed
2026-03-03${tab}done
2026-03-04${tab}due" "and cal shows the day missed (and today due)"

# ---- the couple's disagreements ----

# Ana and Ben each add "walk" on their own machine before they sync: Ana
# every day at 9:00, Ben on weekdays at 10:00.  A sync brings each the
# other's log.  The earlier definition (Ana's) holds, both machines show
# the disagreement in the same bytes, and a definition recorded after
# both settles it (ritual(1), SHARED LOGS).
anas=$TEST_TMP/stores/ana-machine
bens=$TEST_TMP/stores/ben-machine
# mach DIR WHO WHEN CMD...: ritual on the machine whose store is DIR.
mach() {
	local dir=$1 who=$2 when
	when=$(stamp "$3")
	shift 3
	HEARTH_DIR=$dir HEARTH_NOW=$when HEARTH_AUTHOR=$who "$r" "$@"
}
# synced_logs: each machine gets the other's log, as hearth sync does.
synced_logs() {
	cp "$anas/ritual/ana.log" "$bens/ritual/ana.log"
	cp "$bens/ritual/ben.log" "$anas/ritual/ben.log"
}
mach "$anas" ana '2026-03-02 09:00' add Walk --every day
mach "$bens" ben '2026-03-02 10:00' add walk --every mon,tue,wed,thu,fri
run mach "$anas" ana '2026-03-03 12:00' list
is "$rc:$out:$err" "0:Walk${tab}day${tab}never done${tab}due:" "before the sync, Ana's machine knows only her walk"
synced_logs
run mach "$anas" ana '2026-03-03 12:00' list
is "$rc:$out:$err" "0:Walk${tab}day${tab}never done${tab}due${tab}schedules differ: ana every day, ben every mon,tue,wed,thu,fri:" \
	"after it, the list marks the disagreement; Ana's earlier definition holds meanwhile"
ana_view=$out
run mach "$bens" ben '2026-03-03 12:00' list
is "$rc:$out" "0:$ana_view" "Ben's machine shows the same line"
run mach "$bens" ben '2026-03-03 12:00' list --json
is "$rc:$out:$err" '0:{"name":"Walk","schedule":"day","grace":0,"last":null,"last_by":null,"next":"2026-03-03","due":true,"overdue":false,"streak":0,"best":0,"retired":false,"note":"","disagreement":{"holds":{"by":"ana","schedule":"day"},"other":{"by":"ben","schedule":"mon,tue,wed,thu,fri"}}}:' \
	"list --json: the two definitions, the one that holds first"
cp "$bens/ritual/ben.log" "$TEST_TMP/ben.before"
run mach "$bens" ben '2026-03-02 09:30' add walk --every mon,tue,wed,thu,fri
is "$rc:$out:$err" "64::ritual: 'Walk' was added after now" \
	"a settling add with a clock behind Ben's own definition is refused: it would not come after both"
t "and writes nothing" same_file "$bens/ritual/ben.log" "$TEST_TMP/ben.before"
run mach "$bens" ben '2026-03-03 20:00' add walk --every mon,tue,wed,thu,fri --note 'weekdays, after work'
is "$rc:$out:$err" "0::ritual: settled: 'Walk' is every mon,tue,wed,thu,fri for both of you" \
	"ritual add of a name in disagreement records the settling definition"
is "$(tail -n 1 "$bens/ritual/ben.log")" "2026-03-03T20:00:00.000000+01:00${tab}ben${tab}define${tab}Walk${tab}mon,tue,wed,thu,fri${tab}weekdays, after work" \
	"a define of the ritual's name, byte for byte"
run mach "$bens" ben '2026-03-04 12:00' list
is "$rc:$out" "0:Walk${tab}mon,tue,wed,thu,fri${tab}never done${tab}due" \
	"settled: its schedule holds (Wednesday, due), and the mark is gone"
run mach "$anas" ana '2026-03-04 12:00' list
is "$rc:$out" "0:Walk${tab}day${tab}never done${tab}due${tab}schedules differ: ana every day, ben every mon,tue,wed,thu,fri" \
	"Ana's machine still shows the disagreement until it syncs"
synced_logs
run mach "$anas" ana '2026-03-04 12:00' list --json
is "$rc:$out" '0:{"name":"Walk","schedule":"mon,tue,wed,thu,fri","grace":0,"last":null,"last_by":null,"next":"2026-03-04","due":true,"overdue":false,"streak":0,"best":0,"retired":false,"note":"weekdays, after work","disagreement":null}' \
	"after the sync Ana's machine agrees: the settling schedule and note, no disagreement"
run mach "$anas" ana '2026-03-04 12:00' add walk --every day
is "$rc:$out:$err" "65::ritual: there is a ritual 'Walk' already" "once settled, another add is refused again"

# Both settle at once, on their own machines: that is a disagreement
# again, between the two new definitions, unless they agree.  A retire
# ends a disagreement: there is nothing left to agree on.
mach "$anas" ana '2026-03-02 11:00' add Tea --every sun
mach "$bens" ben '2026-03-02 11:30' add tea --every sat
mach "$anas" ana '2026-03-02 12:00' add Cook --every month
mach "$bens" ben '2026-03-02 12:30' add cook --every week
mach "$anas" ana '2026-03-02 13:00' add Film --every fri
mach "$bens" ben '2026-03-02 13:30' add film --every sat
synced_logs
mach "$anas" ana '2026-03-05 09:00' add tea --every sun 2>/dev/null
mach "$bens" ben '2026-03-05 10:00' add tea --every sat 2>/dev/null
mach "$anas" ana '2026-03-05 09:00' add cook --every week 2>/dev/null
mach "$bens" ben '2026-03-05 10:00' add cook --every week 2>/dev/null
mach "$anas" ana '2026-03-05 09:00' retire film
synced_logs
run mach "$anas" ana '2026-03-05 12:00' list --all
is "$rc:$out" "0:Walk${tab}mon,tue,wed,thu,fri${tab}never done${tab}due
Tea${tab}sun${tab}never done${tab}next 2026-03-08${tab}schedules differ: ana every sun, ben every sat
Cook${tab}week${tab}never done${tab}due
Film${tab}fri${tab}never done${tab}retired" \
	"two settling adds that differ disagree again (Ana's, the earlier, holds); two that agree settle it; a retired ritual disagrees about nothing"
ana_view=$out
run mach "$bens" ben '2026-03-05 12:00' list --all
is "$rc:$out" "0:$ana_view" "Ben's machine shows the same"
run mach "$anas" ana '2026-03-05 12:00' add film --every fri
is "$rc:$err" "65:ritual: there is a retired ritual 'Film' (ritual unretire 'Film' brings it back)" \
	"a retired ritual is not settled by an add, which says how to bring it back"
mach "$anas" ana '2026-03-06 09:00' add tea --every sat 2>/dev/null
run mach "$anas" ana '2026-03-06 12:00' list
is "$(sed -n 2p <<<"$out")" "Tea${tab}sat${tab}never done${tab}next 2026-03-07" "Ana settles Tea with Ben's Saturday"
# The same records in any order, on any machine, give the same bytes.
run mach "$anas" ana '2026-03-06 12:00' list --all --json
ana_view=$out
rev=$TEST_TMP/stores/reversed
mkdir -p "$rev/ritual"
chmod 700 "$rev" "$rev/ritual"
tac "$anas/ritual/ben.log" >"$rev/ritual/ben.log"
tac "$anas/ritual/ana.log" >"$rev/ritual/ana.log"
chmod 600 "$rev/ritual/"*.log
run mach "$rev" ben '2026-03-06 12:00' list --all --json
is "$rc:$out" "0:$ana_view" "both logs reversed, read as Ben: the same JSON"

# ---- retire ----

use retire
at '2026-03-02 09:00' add Walk --every day
at '2026-03-02 09:01' add Tea --every sun
at '2026-03-02 20:00' done walk
at '2026-03-03 20:00' done walk
at '2026-03-04 10:00' retire walk
is "$(tail -n 1 "$log")" "2026-03-04T10:00:00.000000+01:00${tab}ana${tab}retire${tab}Walk" "retire stores its record"
export HEARTH_NOW=2026-03-05T12:00:00+01:00
run "$r" list
is "$rc:$out" "0:Tea${tab}sun${tab}never done${tab}next 2026-03-08" "list hides a retired ritual"
run "$r" list --all
is "$rc:$out" "0:Walk${tab}day${tab}last 2026-03-03 by ana${tab}retired
Tea${tab}sun${tab}never done${tab}next 2026-03-08" "list --all shows it as retired"
run "$r" list --all --json
is "$(json Walk | sed 's/"next":"[^"]*",//')" '{"name":"Walk","schedule":"day","grace":0,"last":"2026-03-03","last_by":"ana","due":false,"overdue":false,"streak":2,"best":2,"retired":true,"note":"","disagreement":null}' \
	"list --all --json: retired, never due, its history kept as it stood"
run "$r" due
is "$rc:$out" "1:" "due never lists a retired ritual"
run "$r" due --days 7
is "$rc:$out" "0:Tea${tab}due 2026-03-08" "not even with --days"
run "$r" streak
is "$out" "Tea${tab}0 times${tab}best 0 times" "streak without a name leaves it out"
run "$r" streak wa
is "$rc:$out" "0:Walk${tab}2 days${tab}best 2 days" "streak NAME still works on its history, as it stood when retired"
run "$r" cal walk --weeks 1
is "$(sed -n 1,2p <<<"$out")" "2026-03-02${tab}done
2026-03-03${tab}done" "cal NAME still shows its history"
run at '2026-03-10 12:00' cal walk --weeks 2
is "$(sed -n 3,9p <<<"$out")" "2026-03-04${tab}not-due
2026-03-05${tab}not-due
2026-03-06${tab}not-due
2026-03-07${tab}not-due
2026-03-08${tab}not-due
2026-03-09${tab}not-due
2026-03-10${tab}not-due" "cal NAME: no day is missed once it was retired (its streak stays 2)"
run "$r" cal --weeks 1
is "$out" "2026-03-02${tab}not-due
2026-03-03${tab}not-due
2026-03-04${tab}not-due
2026-03-05${tab}not-due" "cal without a name leaves it out"
cp "$log" "$TEST_TMP/before"
run "$r" done walk
is "$rc:$err" "65:ritual: 'Walk' is retired (ritual unretire 'Walk' brings it back)" \
	"a retired ritual cannot be done, and the message says how to bring it back"
run "$r" retire wa
is "$rc:$err" "65:ritual: 'Walk' is retired (ritual unretire 'Walk' brings it back)" "nor retired again"
run "$r" unretire tea
is "$rc:$err" "65:ritual: 'Tea' is not retired" "only a retired ritual can be brought back"
run "$r" add WALK --every day
is "$rc:$err" "65:ritual: there is a retired ritual 'Walk' (ritual unretire 'Walk' brings it back)" \
	"adding a retired ritual's name says how to bring it back"
t "nothing was stored" same_file "$log" "$TEST_TMP/before"
"$r" retire tea
run "$r" list
is "$rc:$out" "1:" "nothing left to list: exit 1"
run "$r" list --all
is "$(cut -f 1,4 <<<"$out")" "Walk${tab}retired
Tea${tab}retired" "both retired"
# Bring it back, on the 10th: the days it was retired, 4 to 9 March, are
# a pause, missed neither in the calendar nor in the streak.
run at '2026-03-10 12:00' unretire walk
is "$rc:$out:$err:$(tail -n 1 "$log")" "0:::2026-03-10T12:00:00.000000+01:00${tab}ana${tab}unretire${tab}Walk" \
	"unretire stores its record"
run at '2026-03-10 12:00' list
is "$rc:$out" "0:Walk${tab}day${tab}last 2026-03-03 by ana${tab}due" "list shows it again, due"
run at '2026-03-10 12:00' streak walk
is "$out" "Walk${tab}2 days${tab}best 2 days" "its streak goes on: the pause broke nothing"
run at '2026-03-10 12:00' cal walk --weeks 2
is "$out" "2026-03-02${tab}done
2026-03-03${tab}done
2026-03-04${tab}not-due
2026-03-05${tab}not-due
2026-03-06${tab}not-due
2026-03-07${tab}not-due
2026-03-08${tab}not-due
2026-03-09${tab}not-due
2026-03-10${tab}due" "no day of the pause is missed; today is due"
at '2026-03-10 20:00' done walk
run at '2026-03-12 12:00' streak walk
is "$out" "Walk${tab}0 days${tab}best 3 days" "after the pause the days count again: the 11th missed"
ben '2026-03-12 12:00' retire walk
run at '2026-03-13 12:00' list --all
is "$(cut -f 1,4 <<<"$out")" "Walk${tab}retired
Tea${tab}retired" "either partner retires it again"

# ---- edit ----

# ritual edit changes a ritual's schedule, grace, note or name, each as
# an edit record that both machines read the same way, in any order.
use edit
at '2026-03-02 09:00' add Walk --every day --note 'after dinner'
at '2026-03-02 09:01' add Tea --every sun
run at '2026-03-03 12:00' edit walk --every sat,sun --grace 1d --note 'in the park' --rename 'Weekend walk'
is "$rc:$out:$err" "0::" "edit: quiet"
is "$(tail -n 4 "$log")" "2026-03-03T12:00:00.000000+01:00${tab}ana${tab}edit${tab}Walk${tab}schedule${tab}sat,sun
2026-03-03T12:00:00.000001+01:00${tab}ana${tab}edit${tab}Walk${tab}grace${tab}1d
2026-03-03T12:00:00.000002+01:00${tab}ana${tab}edit${tab}Walk${tab}note${tab}in the park
2026-03-03T12:00:00.000003+01:00${tab}ana${tab}edit${tab}Walk${tab}name${tab}Weekend walk" \
	"one record a change, in one write a microsecond apart, the new name last"
run at '2026-03-03 12:00' list --json
is "$(json 'Weekend walk')" '{"name":"Weekend walk","schedule":"sat,sun","grace":1,"last":null,"last_by":null,"next":"2026-03-07","due":false,"overdue":false,"streak":0,"best":0,"retired":false,"note":"in the park","disagreement":null}' \
	"the ritual as edited, from its first day"
cp "$log" "$TEST_TMP/before"
run at '2026-03-03 12:00' edit weekend --every sat,sun --note 'in the park'
is "$rc:$out:$err" "0::ritual: 'Weekend walk' is so already: nothing changed" "an edit that changes nothing says so"
run at '2026-03-03 12:00' edit tea --rename 'weekend WALK'
is "$rc:$out:$err" "65::ritual: there is a ritual 'Weekend walk' already" "a name another ritual has is refused"
run at '2026-03-03 12:00' edit tea
is "$rc:$out:$err" "64::ritual: give what to change: --every, --after, --grace, --note or --rename" "an edit of nothing is a usage error"
run at '2026-03-03 12:00' edit tea --every day --after 3d
is "$rc:$err" "64:ritual: give one of --every SCHEDULE or --after Nd" "both --every and --after are refused"
run at '2026-03-03 12:00' edit tea --after 3d --grace 1d
is "$rc:$err" "64:ritual: --grace is for a schedule tied to days (day, weekdays, Nd, Nw, month:DAY): a week, month or --after ritual is due until its period ends" \
	"a grace for an --after ritual is refused"
run at '2026-03-03 12:00' edit tea --rename ''
is "$rc:$err" "65:ritual: the new name is empty" "an empty new name is refused"
t "nothing was stored by the refused edits" same_file "$log" "$TEST_TMP/before"
run at '2026-03-03 12:00' edit tea --after 10d
is "$rc:$(tail -n 1 "$log" | cut -f 3-)" "0:edit${tab}Tea${tab}schedule${tab}after:10d" "--after is stored as after:Nd"
# Ben's machine had not heard of the rename when he marked "Walk" done:
# the old name names the ritual until a new ritual takes it.
printf '2026-03-07T20:00:00.000000+01:00\tben\tdone\tWalk\t2026-03-07\t\n' >"$blog"
chmod 600 "$blog"
run at '2026-03-08 12:00' list
is "$rc:$out" "0:Weekend walk${tab}sat,sun grace 1d${tab}last 2026-03-07 by ben${tab}due
Tea${tab}after:10d${tab}never done${tab}due" "a done under the old name counts for the renamed ritual"
run at '2026-03-08 12:00' streak walk
is "$rc:$out" "0:Weekend walk${tab}1 time${tab}best 1 time" "a command finds it by a word of its new name"
at '2026-03-08 12:01' add Walk --every day
run at '2026-03-08 12:02' list
is "$(cut -f 1,2 <<<"$out")" "Weekend walk${tab}sat,sun grace 1d
Tea${tab}after:10d
Walk${tab}day" "once renamed, the old name can be a new ritual"
# A disagreement is settled by an edit of the schedule too.
printf '2026-03-04T10:00:00.000000+01:00\tben\tdefine\ttea\tsat\t\n' >>"$blog"
run at '2026-03-08 12:03' list
is "$(sed -n 2p <<<"$out")" "Tea${tab}after:10d${tab}never done${tab}due${tab}schedules differ: ana after 10d, ben every sat" \
	"Ben's 'tea' of the 4th, every Saturday, added on his machine after Ana's edit: a disagreement"
run at '2026-03-08 12:04' edit tea --every sun
is "$rc:$err" "0:ritual: settled: 'Tea' is every sun for both of you" "an edit of the schedule settles it"
run at '2026-03-08 12:05' list --all --json
ana_view=$out
rev=$TEST_TMP/stores/edit-reversed
mkdir -p "$rev/ritual"
chmod 700 "$rev" "$rev/ritual"
tac "$log" >"$rev/ritual/ana.log"
tac "$blog" >"$rev/ritual/ben.log"
chmod 600 "$rev/ritual/"*.log
HEARTH_DIR=$rev run at '2026-03-08 12:05' list --all --json
is "$rc:$out" "0:$ana_view" "both logs reversed: the same JSON"

# ---- cal ----

use cal
at '2026-03-02 09:00' add Walk --every day
at '2026-03-02 20:00' done walk
ben '2026-03-03 20:00' done walk
at '2026-03-04 20:00' skip walk
at '2026-03-05 20:00' done walk
ben '2026-03-07 20:00' done walk
at '2026-03-08 20:00' done walk
ben '2026-03-10 12:00' done walk
export HEARTH_NOW=2026-03-10T12:30:00+01:00
run "$r" cal walk --weeks 2
is "$rc:$out" "0:2026-03-02${tab}done
2026-03-03${tab}done
2026-03-04${tab}skipped
2026-03-05${tab}done
2026-03-06${tab}missed
2026-03-07${tab}done
2026-03-08${tab}done
2026-03-09${tab}missed
2026-03-10${tab}done" "cal in a pipe: a line a day from the Monday of the first week to today"
mkdir -p "$TEST_TMP/sun-cal/hearth"
printf 'week_start = sunday\n' >"$TEST_TMP/sun-cal/hearth/config"
XDG_CONFIG_HOME=$TEST_TMP/sun-cal run "$r" cal walk --weeks 2
is "$out" "2026-03-01${tab}not-due
2026-03-02${tab}done
2026-03-03${tab}done
2026-03-04${tab}skipped
2026-03-05${tab}done
2026-03-06${tab}missed
2026-03-07${tab}done
2026-03-08${tab}done
2026-03-09${tab}missed
2026-03-10${tab}done" "with week_start = sunday the first day is a Sunday (before the add: not due)"
run script -qec "$r cal walk --weeks 2" /dev/null
is "$(tr -d '\r' <<<"$out")" "    Mar
Mon # x
Tue #[#]
Wed ~
Thu #
Fri x
Sat #
Sun #

# done  ~ skipped  x missed  ! due  . not due  [ ] today" \
	"cal on a terminal (NO_COLOR): the month over the weeks, a row per weekday, a column per week, today in brackets, the legend"
run script -qec "$r cal --weeks 2" /dev/null
is "$(tr -d '\r' <<<"$out" | sed -n 3p)" "Tue #[#]" "all rituals together: today done"
at '2026-03-02 09:01' add Talk --every mon,thu
at '2026-03-10 12:00' skip talk --on 2026-03-06
run "$r" cal talk --weeks 2
is "$out" "2026-03-02${tab}missed
2026-03-03${tab}not-due
2026-03-04${tab}not-due
2026-03-05${tab}missed
2026-03-06${tab}skipped
2026-03-07${tab}not-due
2026-03-08${tab}not-due
2026-03-09${tab}missed
2026-03-10${tab}not-due" \
	"cal of a weekday ritual: missed on each occurrence day that passed unkept (a skip a day late excuses nothing)"
run "$r" cal --weeks 2
is "$out" "2026-03-02${tab}done
2026-03-03${tab}done
2026-03-04${tab}skipped
2026-03-05${tab}done
2026-03-06${tab}skipped
2026-03-07${tab}done
2026-03-08${tab}done
2026-03-09${tab}missed
2026-03-10${tab}done" "cal of all rituals: the strongest state of each day"
run "$r" cal --weeks 0
is "$rc:$err" "64:ritual: bad number of weeks '0'" "a bad --weeks is a usage error"
# "ritual cal" showed today as not due while list said due: today is
# due, in the grid too, and a grid that spans months names them.
ben '2026-03-10 20:00' undo walk 2>/dev/null
run "$r" cal walk --weeks 1
is "$out" "2026-03-09${tab}missed
2026-03-10${tab}due" "today, its done taken back: due, as list says"
is "$(run "$r" list; printf '%s' "$out")" "Walk${tab}day${tab}last 2026-03-08 by ana${tab}due
Talk${tab}mon,thu${tab}never done${tab}next 2026-03-12" "(list says due)"
run script -qec "$r cal walk --weeks 6" /dev/null
is "$(tr -d '\r' <<<"$out")" "    Feb   Mar
Mon . . . . # x
Tue . . . . #[!]
Wed . . . . ~
Thu . . . . #
Fri . . . . x
Sat . . . . #
Sun . . . . #

# done  ~ skipped  x missed  ! due  . not due  [ ] today" \
	"six weeks: February over the first, March over the week of 1 March; today due"
run script -qec "$r cal walk --weeks 2" /dev/null
is "$(tr -d '\r' <<<"$out" | sed -n 3p)" "Tue #[!]" "two weeks: today due"

# ---- on a terminal ----

# A bare ritual with nothing stored printed nothing: on a terminal it
# says how to begin (on standard error); in a pipe it stays quiet.
use terminal
run script -qec "stty -onlcr; $r" /dev/null
is "$out" "No rituals yet.  Start one, for example:
    ritual add 'Evening walk' --every day
    ritual add 'Sunday dinner' --every sun
    ritual add 'Date night' --after 10d
ritual suggest gives ideas; ritual --help shows every command." "a bare ritual on a terminal, nothing stored: how to begin"
run "$r"
is "$rc:$out:$err" "1::" "in a pipe: nothing, exit 1"
# list's columns stay aligned on a terminal with long schedules: each is
# padded to the widest of its column.
at '2026-03-02 09:00' add Walk --every mon,tue,wed,thu,fri
at '2026-03-02 09:01' add Letters --after 10d
at '2026-03-02 09:02' add Tea --every sun --grace 2d
ben '2026-03-02 20:00' done walk
HEARTH_NOW=2026-03-02T21:00:00+01:00 run script -qec "stty -onlcr; $r list" /dev/null
is "$out" "Walk   ${tab}mon,tue,wed,thu,fri${tab}last 2026-03-02 by ben${tab}next 2026-03-03
Letters${tab}after:10d          ${tab}never done            ${tab}due
Tea    ${tab}sun grace 2d       ${tab}never done            ${tab}next 2026-03-08" \
	"list on a terminal: every column padded to its widest, so each TAB reaches the same stop"
run at '2026-03-02 21:00' list
is "$out" "Walk${tab}mon,tue,wed,thu,fri${tab}last 2026-03-02 by ben${tab}next 2026-03-03
Letters${tab}after:10d${tab}never done${tab}due
Tea${tab}sun grace 2d${tab}never done${tab}next 2026-03-08" "in a pipe: no padding"
at '2026-03-03 09:00' retire walk
at '2026-03-03 09:01' retire letters
at '2026-03-03 09:02' retire tea
HEARTH_NOW=2026-03-03T10:00:00+01:00 run script -qec "stty -onlcr; $r" /dev/null
is "$out" "ritual: no active rituals: ritual list --all shows the retired ones, ritual unretire NAME brings one back" \
	"every ritual retired: a bare ritual on a terminal says so"

# ---- suggest ----

use suggest
export HEARTH_NOW=2026-03-02T09:00:00+01:00
grep '^[123] ' common/decks/rituals.deck | cut -c 3- | sort >"$TEST_TMP/deck"
is "$(wc -l <"$TEST_TMP/deck")" 112 "the rituals deck has 112 ideas"
run "$r" suggest -n 3
is "$rc:$(wc -l <<<"$out"):$(sort -u <<<"$out" | wc -l)" "0:3:3" "suggest -n 3 prints 3 different lines"
t "each of them is an idea of the rituals deck" \
	test "$(sort -u <<<"$out" | comm -23 - "$TEST_TMP/deck")" = ""
printf '%s\n' "$out" >"$TEST_TMP/shown"
is "$(tail -n 1 "$log" | cut -f 1-3,5)" "2026-03-02T09:00:00.000002+01:00${tab}ana${tab}suggested${tab}$(tail -n 1 "$TEST_TMP/shown")" \
	"each suggestion is recorded in your log"
like "$(tail -n 1 "$log" | cut -f 4)" '^[0-9a-f]{16}$' "with the id of its deck line"
"$r" suggest -n 100 >>"$TEST_TMP/shown"
for _ in $(seq 9); do
	"$r" suggest
done >>"$TEST_TMP/shown"
is "$(sort "$TEST_TMP/shown" | uniq -d)" "" "112 suggestions: no line repeats"
t "112 suggestions: every idea of the deck, once" same_file <(sort "$TEST_TMP/shown") "$TEST_TMP/deck"
run "$r" suggest
is "$rc:$out" "0:$(head -n 1 "$TEST_TMP/shown")" "then the least recently suggested comes first"
run "$r" suggest -n 2
is "$out" "$(sed -n 2,3p "$TEST_TMP/shown")" "and the next least recent after it"
HEARTH_AUTHOR=ben run "$r" suggest -n 3
is "$(sort -u <<<"$out" | wc -l):$(grep -c suggested "$blog")" "3:3" "the partner's suggestions are their own"
run "$r" suggest -n 112
is "$rc:$out:$err" "64::ritual: bad count '112'" "suggest -n takes 1 to 100"

# ---- what a partner's log may hold ----

# A day before 1 January 1970 has a negative number, and is a day like
# any other: a done on 31 December 1969 once read as "never done".
use epoch
at '1969-12-30 09:00' add Walk --every day
at '1969-12-31 20:00' done walk
run at '1970-01-01 12:00' list
is "$rc:$out:$err" "0:Walk${tab}day${tab}last 1969-12-31 by ana${tab}due:" \
	"a done on 31 December 1969 is the last done"
run at '1970-01-01 12:00' streak
is "$out" "Walk${tab}1 day${tab}best 1 day" "and its streak counts it"

# A definition whose schedule cannot be read, from a partner's log, with
# an escape sequence in its name: warned about, made safe, and skipped.
use partner-log
at '2026-03-02 09:00' add Walk --every day
printf '2026-03-02T10:00:00.000000+01:00\tben\tdefine\tRed\033[31m\tfortnight\t\n' >"$blog"
chmod 600 "$blog"
run at '2026-03-02 12:00' list
is "$rc:$out:$err" "65:Walk${tab}day${tab}never done${tab}due:ritual: ritual 'Red\\e[31m' has a bad schedule 'fortnight'; ignored" \
	"a bad schedule: the ritual is left out, the warning shows the name escaped, exit 65"

# A definition dated ahead of today by a partner's fast clock: done
# today is refused, and the message says today.
use fast-clock
ben '2026-03-05 09:00' add Walk --every day
run at '2026-03-04 12:00' done walk
is "$rc:$out:$err" "64::ritual: 'Walk' was added after today" \
	"done before the day a ritual was added names today"

# ---- a partner's log is untrusted: nothing of it reaches a terminal raw ----

# Names and notes in Ben's log hold an OSC 52 clipboard write, a screen
# clear, a C1 CSI, DEL, a backspace, bidi overrides and isolates, and
# stored \n and \t escapes that must not forge a line or a column.  Every
# command that reads them, on stdout and stderr, in a pipe and on a
# terminal, shows them escaped.
use hostile-text
at '2026-03-01 09:00' add Walk --every day
{
	printf '2026-03-01T10:00:00.000000+01:00\tben\tdefine\tOsc\033]52;c;aGVsbG8=\007\tday\tnote\033]52;c;aGk=\007\n'
	printf '2026-03-01T10:00:01.000000+01:00\tben\tdefine\tClear\033[2J\033[H\tsun\t\033[2J\n'
	printf '2026-03-01T10:00:02.000000+01:00\tben\tdefine\tCsi\302\23331m\010\177\tweek\t\302\2332J\n'
	printf '2026-03-01T10:00:03.000000+01:00\tben\tdefine\tBidi\342\200\256lave\342\201\246x\342\201\251\tafter:3d\t\342\200\256\n'
	printf '2026-03-01T10:00:04.000000+01:00\tben\tdefine\tLine\\\\nforged\\ngone\\tdue\tmonth\tn\\nn\n'
	printf '2026-03-01T10:00:05.000000+01:00\tben\tdefine\tAmb\033[2Jone\tday\t\n'
	printf '2026-03-01T10:00:06.000000+01:00\tben\tdefine\tAmb\033[2Jtwo\tday\t\n'
	printf '2026-03-01T10:00:07.000000+01:00\tben\tdefine\tBad\033]0;title\007\tfortnight\t\n'
	printf '2026-03-01T10:00:08.000000+01:00\tben\tdefine\tRetired\033[5m\tday\t\n'
	printf '2026-03-05T10:00:00.000000+01:00\tben\tdefine\tLater\033[2J\tday\t\n'
	printf '2026-03-01T20:00:00.000000+01:00\tben\tdone\tOsc\033]52;c;aGVsbG8=\007\t2026-03-01\t\033[2J\n'
	printf '2026-03-01T20:00:01.000000+01:00\tben\tdone\tLine\\\\nforged\\ngone\\tdue\t2026-03-01\t\n'
	printf '2026-03-01T20:00:02.000000+01:00\tben\tskip\tBidi\342\200\256lave\342\201\246x\342\201\251\t2026-03-01\t\033[2J\n'
	printf '2026-03-02T08:00:00.000000+01:00\tben\tretire\tRetired\033[5m\n'
} >"$blog"
chmod 600 "$blog"
export HEARTH_NOW=2026-03-04T12:00:00+01:00
# raw FILE: the lines of FILE holding a byte a terminal acts on.
raw() {
	LC_ALL=C grep -naP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"
}
hostile_cmds=('list' 'list --all' 'due' 'due --days 40' 'streak' 'streak osc'
	'streak amb' 'cal' 'cal clear --weeks 2' 'cal amb' 'suggest'
	'done later' 'skip csi --on 2026-03-09' 'undo osc'
	"add $(printf 'BIDI\342\200\256LAVE\342\201\246X\342\201\251') --every day")
cleanly=1
for args in "${hostile_cmds[@]}"; do
	read -r -a argv <<<"$args"
	"$r" "${argv[@]}" >"$TEST_TMP/h.out" 2>"$TEST_TMP/h.err"
	hrc=$?
	# On a terminal: stdout and stderr both on the pty, no CR added.
	script -qec "stty -onlcr; $(printf '%q ' "$r" "${argv[@]}")" /dev/null \
		>"$TEST_TMP/h.tty" 2>&1 </dev/null
	for f in out err tty; do
		if [ -n "$(raw "$TEST_TMP/h.$f")" ]; then
			cleanly=0
			diag "ritual $args ($f, exit $hrc): $(raw "$TEST_TMP/h.$f" | od -c | head -5)"
		fi
	done
done
is "$cleanly" 1 "no raw control, C1 or bidi byte of the partner's names or notes reaches stdout or stderr, in a pipe or on a terminal"
run "$r" list --all
is "$rc:$(wc -l <<<"$out"):$(awk -F '\t' 'NF != 4' <<<"$out")" "65:10:" \
	"list --all: one line a ritual, 4 fields each: a stored \\n or \\t forges no line and no column"
is "$(grep -F Line <<<"$out" | cut -f 1)" 'Line\nforged\ngone\tdue' \
	"a stored newline is shown as \\n, a stored backslash as it is"
is "$err" "ritual: ritual 'Bad\\e]0;title\\x07' has a bad schedule 'fortnight'; ignored" \
	"the bad schedule's warning shows ESC and BEL escaped"
run "$r" streak amb
is "$rc:$(tail -n 1 <<<"$err")" "64:ritual: 'amb' is ambiguous: it could be 'Amb\\e[2Jone' or 'Amb\\e[2Jtwo'" \
	"is ambiguous: both names escaped"
run "$r" done later
is "$rc:$(tail -n 1 <<<"$err")" "64:ritual: 'Later\\e[2J' was added after today" "was added after: escaped"
run "$r" undo osc
is "$rc:$(tail -n 1 <<<"$err")" "1:ritual: nothing of yours to undo for 'Osc\\e]52;c;aGVsbG8=\\x07' since 2026-03-04 (undo --on DATE takes back an earlier one)" \
	"nothing of yours to undo: escaped"
run "$r" add "$(printf 'BIDI\342\200\256LAVE\342\201\246X\342\201\251')" --every day
is "$rc:$(tail -n 1 <<<"$err")" "65:ritual: there is a ritual 'Bidi\\u202elave\\u2066x\\u2069' already" \
	"there is a ritual already: the bidi controls shown as \\u escapes"
run "$r" list --all --json
is "$(perl -MJSON::PP -ne 'decode_json($_); print "ok\n"' <<<"$out" 2>&1 | grep -c '^ok$'):$(raw <(printf '%s\n' "$out") | wc -l)" "10:0" \
	"list --all --json: one valid object a ritual, no raw control, C1 or bidi byte"
# On a terminal names are padded to the widest name as it is shown
# (escaped), so the second column starts at one place on every line.
for cmd in 'list --all' streak 'due --days 40'; do
	script -qec "stty -onlcr; $r $cmd 2>/dev/null" /dev/null >"$TEST_TMP/h.tty" </dev/null
	is "$(awk '{ print index($0, "\t") }' "$TEST_TMP/h.tty" | sort -u)" 28 \
		"$cmd on a terminal: names padded to their shown width (Bidi\\u202elave\\u2066x\\u2069, 27 columns)"
done
unset HEARTH_NOW
# ---- a partner's log made to be slow ----

# 200,000 records, 13 MB: 40,000 definitions of distinct names (from
# 2000, daily, mon,thu and after:3d in turn), a done of each (named in
# capitals), 40,000 dones of n00000 on the 1st to 28th of every month
# from 2002 to 2121, 40,000 undos of ids no record has and 40,000
# retirements of names never defined.  A definition looked up by a scan
# of the rituals made `due` take minutes; each command must finish well
# within a limit that only a quadratic cost reaches (not a timed
# assertion: they take well under a second here).
use big
mkdir -p "$rdir"
chmod 700 "$HEARTH_DIR" "$rdir"
awk -v n=40000 'BEGIN {
	for (i = 0; i < n; i++)
		printf "2000-01-01T%02d:%02d:%02d.000000+00:00\tben\tdefine\tn%05d\t%s\tnote %d\n", int(i / 3600), int(i / 60) % 60, i % 60, i, (i % 3 == 0 ? "day" : i % 3 == 1 ? "mon,thu" : "after:3d"), i
	for (i = 0; i < n; i++)
		printf "2001-01-01T%02d:%02d:%02d.000000+00:00\tben\tdone\tN%05d\t2001-01-01\t\n", int(i / 3600), int(i / 60) % 60, i % 60, i
	for (i = 0; i < n; i++) {
		d = 1 + i % 28; m = 1 + int(i / 28) % 12; y = 2002 + int(i / 336)
		printf "%04d-%02d-%02dT12:00:00.%06d+00:00\tben\tdone\tn00000\t%04d-%02d-%02d\t\n", y, m, d, i, y, m, d
	}
	for (i = 0; i < n; i++)
		printf "2200-01-01T00:00:00.%06d+00:00\tben\tundo\tn00000\t%040x\n", i, i
	for (i = 0; i < n; i++)
		printf "2200-01-02T00:00:00.%06d+00:00\tben\tretire\tghost%05d\n", i, i
}' >"$blog"
chmod 600 "$blog"
is "$(wc -l <"$blog")" 200000 "the partner's log has 200,000 records"
export HEARTH_NOW=2026-03-04T12:00:00+01:00
# limited CMD...: the command under `timeout 20`; its status in $rc.
limited() {
	run timeout 20 "$r" "$@"
	[ "$rc" -ne 124 ] || diag "ritual $* took more than 20 s"
}
limited list
is "$rc:$(wc -l <<<"$out"):$(sed -n '1p;3p;$p' <<<"$out")" "0:40000:n00000${tab}day${tab}last 2026-03-04 by ben${tab}next 2026-03-05
n00002${tab}after:3d${tab}last 2001-01-01 by ben${tab}overdue since 2001-01-04
n39999${tab}day${tab}last 2001-01-01 by ben${tab}due" \
	"list: 40,000 rituals in their order, each with its done (dones after today left out)"
limited list --json
is "$rc:$(wc -l <<<"$out")" "0:40000" "list --json"
limited due --days 7
is "$rc:$(wc -l <<<"$out"):$(head -n 2 <<<"$out")" "0:40000:n00000${tab}due 2026-03-05
n00001${tab}due 2026-03-05" "due --days 7 (Monday's talk missed, Thursday's next)"
limited streak
is "$rc:$(head -n 1 <<<"$out")" "0:n00000${tab}32 days${tab}best 56 days" \
	"streak: since the missed 31 January, 28 days of February and 4 of March; best February and 1-28 March"
limited streak n00000
is "$rc:$out" "0:n00000${tab}32 days${tab}best 56 days" "streak NAME"
limited cal
is "$rc:$(tail -n 1 <<<"$out")" "0:2026-03-04${tab}due" "cal of all 40,000 rituals (today, most of them are due)"
limited cal n00000 --weeks 520
is "$rc:$(grep -c missed <<<"$out"):$(tail -n 1 <<<"$out")" "0:292:2026-03-04${tab}done" \
	"cal NAME --weeks 520: every 29th, 30th and 31st from 21 March 2016 missed (292 days)"
limited add n40000 --every day
is "$rc:$err" "0:" "add looks the name up among 40,000"
limited done N39999
is "$rc:$err" "0:" "done finds a name among 40,000"
limited undo n00000
is "$rc:$err" "1:ritual: nothing of yours to undo for 'n00000' since 2026-03-04 (undo --on DATE takes back an earlier one)" "undo: 40,000 undos matched"
unset HEARTH_NOW

# ---- names fold the same way in every locale ----

# Ana's names, and Ben's later ones that differ only in case: É/é (Latin-1),
# Ω/ω (Greek), Ё/ё (Cyrillic), ẞ/ß (Latin Extended Additional) fold
# together; İ (U+0130) has no simple folding, so 'İstanbul call' and
# 'istanbul CALL' are two rituals.  Under every locale the store holds 5
# rituals, and every command prints the same bytes.
use fold
mkdir -p "$rdir"
chmod 700 "$HEARTH_DIR" "$rdir"
{
	printf '2026-03-02T09:00:00.000000+01:00\tana\tdefine\t\303\211mile visit\tday\t\n'
	printf '2026-03-02T09:01:00.000000+01:00\tana\tdefine\t\316\251mega walk\tweek\t\n'
	printf '2026-03-02T09:02:00.000000+01:00\tana\tdefine\t\304\260stanbul call\tsun\t\n'
	printf '2026-03-02T09:03:00.000000+01:00\tana\tdefine\t\320\201lka\tmonth\t\n'
	printf '2026-03-02T09:04:00.000000+01:00\tana\tdefine\tSTRA\341\272\236E\tafter:3d\t\n'
} >"$log"
{
	printf '2026-03-02T10:00:00.000000+01:00\tben\tdefine\t\303\251mile VISIT\t2d\t\n'
	printf '2026-03-02T10:01:00.000000+01:00\tben\tdefine\t\317\211MEGA WALK\tday\t\n'
	printf '2026-03-02T10:02:00.000000+01:00\tben\tdefine\tistanbul CALL\tmon\t\n'
	printf '2026-03-02T10:03:00.000000+01:00\tben\tdefine\t\321\221LKA\tday\t\n'
	printf '2026-03-02T10:04:00.000000+01:00\tben\tdefine\tstra\303\237e\tday\t\n'
	printf '2026-03-02T20:00:00.000000+01:00\tben\tdone\t\303\211MILE VISIT\t2026-03-02\t\n'
	printf '2026-03-02T20:01:00.000000+01:00\tben\tdone\t\317\211mega WALK\t2026-03-02\t\n'
	printf '2026-03-02T20:02:00.000000+01:00\tben\tskip\t\321\221lka\t2026-03-02\t\n'
	printf '2026-03-02T20:03:00.000000+01:00\tben\tdone\tSTRASSE\t2026-03-02\t\n'
	printf '2026-03-02T20:04:00.000000+01:00\tben\tdone\tstra\303\237e\t2026-03-02\t\n'
} >"$blog"
chmod 600 "$log" "$blog"
export HEARTH_NOW=2026-03-03T12:00:00+01:00
# folded LOCALE: what every reading command prints under LC_ALL=LOCALE.
folded() {
	local cmd
	for cmd in 'list --all' 'list --json' 'due --days 7' streak \
		'streak émile' 'streak ω' 'streak ё' 'streak straß' \
		'streak İstanbul' 'streak istanbul' 'cal --weeks 1'; do
		printf '%s\n' "$cmd"
		# shellcheck disable=SC2086  # cmd is split into arguments
		LC_ALL=$1 "$r" $cmd 2>&1
		printf 'exit %s\n' "$?"
	done
}
folded C.UTF-8 >"$TEST_TMP/fold.utf8"
is "$(sed -n '/^list --all$/,/^exit/p' "$TEST_TMP/fold.utf8")" "list --all
Émile visit${tab}day${tab}last 2026-03-02 by ben${tab}due${tab}schedules differ: ana every day, ben every 2d
Ωmega walk${tab}week${tab}last 2026-03-02 by ben${tab}next 2026-03-09${tab}schedules differ: ana every week, ben every day
İstanbul call${tab}sun${tab}never done${tab}next 2026-03-08
Ёlka${tab}month${tab}never done${tab}next 2026-04-01${tab}schedules differ: ana every month, ben every day
STRAẞE${tab}after:3d${tab}last 2026-03-02 by ben${tab}next 2026-03-05${tab}schedules differ: ana after 3d, ben every day
istanbul CALL${tab}mon${tab}never done${tab}next 2026-03-09
exit 0" "C.UTF-8: É/é, Ω/ω, Ё/ё, ẞ/ß fold together (Ben's later definitions disagree, Ana's hold, his marks count); İ and i do not"
is "$(grep -c '^exit 0$' "$TEST_TMP/fold.utf8")" 11 "every command ran (ambiguous or unknown names would not)"
is "$(sed -n '/^streak straß$/,/^exit/p' "$TEST_TMP/fold.utf8")" "streak straß
STRAẞE${tab}1 time${tab}best 1 time
exit 0" "a prefix folds too: 'straß' names STRAẞE"
for loc in C POSIX; do
	folded "$loc" >"$TEST_TMP/fold.$loc"
	t "LC_ALL=$loc prints byte for byte what C.UTF-8 prints" \
		same_file "$TEST_TMP/fold.$loc" "$TEST_TMP/fold.utf8"
done
# Turkish folds I and İ unlike any other locale: made here with
# localedef (Debian's locales package has its sources), and seen to be
# in force (sed lowers I to a dotless ı), then ritual must print what it
# prints in C.UTF-8.
locdir=$TEST_TMP/locales
mkdir -p "$locdir"
localedef -i tr_TR -f UTF-8 "$locdir/tr_TR.UTF-8" >/dev/null 2>&1
is "$(printf 'I' | LOCPATH=$locdir LC_ALL=tr_TR.UTF-8 sed 's/.*/\L&/')" "ı" \
	"a Turkish locale is made and in force"
LOCPATH=$locdir folded tr_TR.UTF-8 >"$TEST_TMP/fold.other"
t "LC_ALL=tr_TR.UTF-8 prints byte for byte what C.UTF-8 prints" \
	same_file "$TEST_TMP/fold.other" "$TEST_TMP/fold.utf8"
unset HEARTH_NOW

# ---- what a partner dates out of a ritual's days ----

# Walk is added on 2 March at 9:00.  Ben's log holds a retire of "walk"
# from 1 March (his old ritual of that name), a done dated 31 December
# 9999, a done for 20 February written on the 3rd, a done for the 6th
# (his clock ahead) and a retire stamped the 10th.  On the 4th none of
# them counts: Walk is active, its last done is Ana's of the 3rd.
use dated-out
at '2026-03-02 09:00' add Walk --every day
at '2026-03-03 20:00' done walk
{
	printf '2026-03-01T10:00:00.000000+01:00\tben\tretire\twalk\n'
	printf '2026-03-02T10:00:00.000000+01:00\tben\tdone\twalk\t9999-12-31\t\n'
	printf '2026-03-03T10:00:00.000000+01:00\tben\tdone\twalk\t2026-02-20\t\n'
	printf '2026-03-03T11:00:00.000000+01:00\tben\tdone\twalk\t2026-03-06\t\n'
	printf '2026-03-10T10:00:00.000000+01:00\tben\tretire\twalk\n'
} >"$blog"
chmod 600 "$blog"
run at '2026-03-04 12:00' list --json
is "$rc:$out:$err" '0:{"name":"Walk","schedule":"day","grace":0,"last":"2026-03-03","last_by":"ana","next":"2026-03-04","due":true,"overdue":false,"streak":1,"best":1,"retired":false,"note":"","disagreement":null}:' \
	"a retire from before the definition retires nothing; a done of 9999, of a day before it was added, or after today is not the last"
run at '2026-03-04 12:00' cal walk --weeks 1
is "$out" "2026-03-02${tab}missed
2026-03-03${tab}done
2026-03-04${tab}due" "cal: the 2nd missed, today due, nothing after today"
run at '2026-03-07 12:00' list
is "$out" "Walk${tab}day${tab}last 2026-03-06 by ben${tab}due" "on the 7th Ben's done of the 6th counts"
run at '2026-03-11 12:00' list --all
is "$out" "Walk${tab}day${tab}last 2026-03-06 by ben${tab}retired" "from the 10th his retire counts"
run at '2026-03-11 12:00' streak walk
is "$out" "Walk${tab}0 days${tab}best 1 day" "and the streak is as it stood on the 10th (the 7th to 9th missed)"

# ---- options: -h and --help only where an option may stand ----

use options
usage_first='usage: ritual add NAME (--every SCHEDULE | --after Nd) [--grace Nd]'
at '2026-03-02 09:00' add walk --every day --note -h
at '2026-03-02 20:00' done walk --note --help
is "$(cut -f 3,6 "$log")" "define${tab}-h
done${tab}--help" "-h and --help taken as the text of --note are stored, not help"
helps() {
	local args
	for args in '-h' '--help' 'list -h' 'add --help' 'add walk --every day -h' \
		'done walk --help' 'skip -h' 'undo -h' 'streak --help' \
		'retire walk -h' 'due -h' 'cal --help' 'suggest -h' \
		'edit walk --note x --help' 'unretire -h' 'undo walk --on 2d -h'; do
		# shellcheck disable=SC2086  # args is split into arguments
		run "$r" $args
		printf '%s:%s:%s\n' "$args" "$rc" "$(head -n 1 <<<"$out")$err"
	done
}
is "$(helps)" "-h:0:$usage_first
--help:0:$usage_first
list -h:0:$usage_first
add --help:0:$usage_first
add walk --every day -h:0:$usage_first
done walk --help:0:$usage_first
skip -h:0:$usage_first
undo -h:0:$usage_first
streak --help:0:$usage_first
retire walk -h:0:$usage_first
due -h:0:$usage_first
cal --help:0:$usage_first
suggest -h:0:$usage_first
edit walk --note x --help:0:$usage_first
unretire -h:0:$usage_first
undo walk --on 2d -h:0:$usage_first" "-h and --help as an option, before or after a command and its operands: the usage on stdout, exit 0"
t "and none of them wrote anything" test "$(wc -l <"$log")" -eq 2
run "$r" undo -- -h
is "$rc:$out:$err" "65::ritual: no ritual '-h' (ritual list shows them)" "after -- a -h is a name"
run "$r" -V
is "$rc:$out:$err" "0:ritual $(sed -n 's/^VERSION *= *//p' Makefile):" "-V prints the version"
# wrong OUT: the first line of stderr and the status of ritual ARGS.
wrong() {
	run "$r" "$@"
	printf '%s:%s:%s\n' "$rc" "$out" "$(head -n 1 <<<"$err")"
}
is "$(wrong dne; wrong lsit; wrong frobnicate; wrong --all; wrong done walk --why x;
	wrong skip walk --why; wrong add x --every; wrong suggest -n; wrong list -x; wrong list --json=yes)" \
"64::ritual: unknown command 'dne'; did you mean done?
64::ritual: unknown command 'lsit'; did you mean list?
64::ritual: unknown command 'frobnicate'
64::ritual: unknown option '--all'
64::ritual: unknown option '--why'
64::ritual: option --why needs an argument
64::ritual: option --every needs an argument
64::ritual: option -n needs an argument
64::ritual: unknown option -x
64::ritual: option --json takes no argument" "unknown commands and options, each said in ritual's words, then the usage, exit 64"
run "$r" done walk --why x
is "$(tail -n +2 <<<"$err")" "$(run "$r" --help; printf '%s' "$out")" "the usage follows on stderr"

# ---- cron ----

# The default store (no HEARTH_DIR), as cron sees it.
unset HEARTH_DIR
at '2026-03-02 09:00' add Walk --every day
at '2026-03-02 09:01' add Weekly --every week
mkdir -p "$TEST_TMP/bin"
printf '#!/bin/sh\ncat >>"%s"\n' "$TEST_TMP/mailed" >"$TEST_TMP/bin/mail"
chmod +x "$TEST_TMP/bin/mail"
# cron WHEN CMD...: CMD with only what cron gives (no TZ, no locale).
cron() {
	local when
	when=$(stamp "$1")
	shift
	env -i HOME="$HOME" XDG_DATA_HOME="$XDG_DATA_HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		PATH="$TEST_TMP/bin:/usr/bin:/bin" HEARTH_NOW="$when" "$@"
}
run at '2026-03-03 12:00' due
full=$rc:$out:$err
run cron '2026-03-03 12:00' "$r" due
is "$rc:$out:$err" "0:Walk${tab}due
Weekly${tab}due:" "due under cron's environment"
is "$rc:$out:$err" "$full" "the same as with the full environment"
run at '2026-03-03 12:00' streak
full=$rc:$out:$err
run cron '2026-03-03 12:00' "$r" streak
is "$rc:$out:$err" "0:Walk${tab}0 days${tab}best 0 days
Weekly${tab}0 weeks${tab}best 0 weeks:" "streak under cron's environment"
is "$rc:$out:$err" "$full" "the same as with the full environment"
# shellcheck disable=SC2016  # $0 is for the inner sh
run cron '2026-03-03 12:00' sh -c '"$0" due && "$0" due | mail -s rituals ana' "$r"
is "$rc:$(cat "$TEST_TMP/mailed")" "0:Walk${tab}due
Weekly${tab}due" "due && due | mail: mail gets the list"
rm -f "$TEST_TMP/mailed"
at '2026-03-03 20:00' done walk
at '2026-03-03 20:00' done weekly
run cron '2026-03-03 21:00' "$r" due
is "$rc:$out:$err" "1::" "nothing due under cron: no output, exit 1"
# shellcheck disable=SC2016  # $0 is for the inner sh
run cron '2026-03-03 21:00' sh -c '"$0" due && "$0" due | mail -s rituals ana' "$r"
is "$rc" 1 "due && due | mail exits 1"
t "and mail is never called" test ! -e "$TEST_TMP/mailed"
run cron '2026-03-03 21:00' "$r" streak
is "$rc:$out" "0:Walk${tab}1 day${tab}best 1 day
Weekly${tab}1 week${tab}best 1 week" "streak under cron after the dones"

# ---- a full disk ----

"$r" list >/dev/full 2>"$TEST_TMP/err"
is "$?" 74 "ritual list >/dev/full exits 74"
is "$(cat "$TEST_TMP/err")" "ritual: stdout: No space left on device" "and says why"

done_testing
