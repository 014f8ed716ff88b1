#!/usr/bin/env bash
# checkin: checking in, private until both, list, trend, --due, edit and
# undo, weeks that begin on Monday or Sunday, daylight-saving weeks, the
# questions on a terminal.  Exact output and exact store bytes, with the
# clock fixed by HEARTH_NOW.
. tests/cli/lib.sh

export TZ=Europe/Berlin
# Thursday 26 November 2026: the week of Monday the 23rd.
export HEARTH_NOW=2026-11-26T20:00:00+01:00
c="$BIN/checkin"
cdir=$store/checkin
alog=$cdir/ana.log
blog=$cdir/ben.log
tab=$'\t'

# at WHEN WHO ARGS...: checkin at another time, as another author.
at() {
	local when=$1 who=$2
	shift 2
	HEARTH_NOW=$when HEARTH_AUTHOR=$who "$c" "$@" </dev/null
}

# id_of LINE: the id of a stored record (its SHA-1, without the LF).
id_of() {
	printf '%s' "$1" | sha1sum | cut -c1-40
}

# ---- nothing yet ----

run "$c" list
is "$rc:$out:$err" "0::" "list with no store yet prints nothing"
run "$c" --due
is "$rc:$out:$err" "0:no check-in from you yet for the week of 2026-11-23: run checkin:" \
	"--due with no store: a reminder, 0"
run "$c" trend --weeks 2
is "$rc:$out:$err" "0:week${tab}ana me${tab}ana close
2026-11-16${tab}${tab}
2026-11-23${tab}${tab}:" "trend in a pipe with nothing yet: the header and empty weeks"
t "reading made no store" test ! -e "$store"

# ---- bad scores and missing values store nothing ----

for bad in 0 11 seven ''; do
	run "$c" --me "$bad" --close 6 --need 'time'
	is "$rc:$out:$err" "64::checkin: bad --me '$bad' (a whole number from 1 to 10)" \
		"--me '$bad' is a usage error"
	run "$c" --me 6 --close "$bad" --need 'time'
	is "$rc:$err" "64:checkin: bad --close '$bad' (a whole number from 1 to 10)" \
		"--close '$bad' is a usage error"
done
run "$c" --me 7 --close 6
is "$rc:$err" "64:checkin: --need is missing (one thing you need this week)" "--need is required"
run "$c" --me 7 --need time
is "$rc:$err" "64:checkin: --close is missing (how close you feel, 1 to 10)" "--close is required"
run "$c" --close 7 --need time
is "$rc:$err" "64:checkin: --me is missing (how you are, 1 to 10)" "--me is required"
run "$c" --me 7 --close 6 --need '   '
is "$rc:$err" "64:checkin: the need is empty" "an empty need is a usage error"
run "$c" --me 7 --close 6 --need $'one\ttwo'
is "$rc:$err" "65:checkin: the need has a control character" "a need is one line of text"
run "$c" --me 7 --close 6 --need $'bad \xff byte'
is "$rc:$err" "65:checkin: the need is not valid UTF-8" "a need is UTF-8"
run "$c" --me 7 --close 6 --need time --note "$(head -c 1001 /dev/zero | tr '\0' x)"
is "$rc:$err" "65:checkin: the note is longer than 1000 bytes" "a note has at most 1000 bytes"
run "$c"
is "$rc:$err" "64:checkin: no terminal to ask on: give --me N --close N --need TEXT, or -f - with lines on stdin" \
	"no terminal and no values: a clear usage error"
run "$c" --due --me 7
is "$rc:$err" "64:checkin: --due, -f and the scores go alone" "--due stands alone"
run "$c" lsit
is "$rc:$(head -n 1 <<<"$err")" "64:checkin: unknown command 'lsit'; did you mean list?" "a typo of a command is told"
t "nothing was stored by the refused check-ins" test ! -e "$store"

# ---- checking in ----

run "$c" --me 7 --close 6 --need 'an evening, just us'
is "$rc:$out:$err" "0::" "a check-in in a pipe is quiet"
is "$(cat "$alog")" "2026-11-26T20:00:00.000000+01:00${tab}ana${tab}checkin${tab}7${tab}6${tab}an evening, just us${tab}" \
	"one checkin record, byte for byte, an empty note last"
is "$(stat -c %a "$alog")" 600 "the log is private"
run "$c" --due
is "$rc:$out:$err" "1::" "--due after checking in: nothing, 1"

at 2026-11-27T08:00:00+01:00 ben --me 5 --close 8 --need 'help with the move' --note 'tired \ but fine'
is "$(cat "$blog")" "2026-11-27T08:00:00.000000+01:00${tab}ben${tab}checkin${tab}5${tab}8${tab}help with the move${tab}tired \\\\ but fine" \
	"ben's check-in, a backslash escaped"
want="2026-11-26${tab}ana${tab}7${tab}6${tab}an evening, just us${tab}
2026-11-27${tab}ben${tab}5${tab}8${tab}help with the move${tab}tired \\ but fine"
run "$c" list
is "$rc:$out:$err" "0:$want:" "list: both of this week, as each checked in"
run at 2026-11-27T09:00:00+01:00 ben list
is "$rc:$out:$err" "0:$want:" "and the same for ben"

# ---- private until both ----

# ben checks in on Tuesday 1 December, the week of the 30th.
at 2026-12-01T07:30:00+01:00 ben --me 4 --close 7 --need 'an early night'
export HEARTH_NOW=2026-12-02T19:00:00+01:00
run "$c" list
is "$rc:$out" "0:$want
2026-12-01${tab}ben${tab}(check in yourself to see it)" \
	"ben's check-in of this week is private until ana checks in"
is "$err" "checkin: ben has checked in this week; check in yourself to see it: checkin" \
	"and stderr says how to open it"
run "$c" list --json --since 2026-11-30
is "$rc:$out" '0:{"id":"'"$(id_of "$(tail -n 1 "$blog")")"'","time":"2026-12-01T07:30:00.000000+01:00","week":"2026-11-30","date":"2026-12-01","author":"ben","me":null,"close":null,"need":null,"note":null,"edited":false,"hidden":true}' \
	"--json: its scores and words are null, hidden true"
run "$c" trend --weeks 2
is "$rc:$out" "0:week${tab}ana me${tab}ana close${tab}ben me${tab}ben close
2026-11-23${tab}7${tab}6${tab}5${tab}8
2026-11-30${tab}${tab}${tab}${tab}" "trend: ben's scores of this week are not shown either"
run "$c" --due
is "$rc:$out:$err" "0:no check-in from you yet for the week of 2026-11-30: run checkin
ben has checked in; theirs opens once yours is in:" "--due: the reminder says ben's is waiting"
run "$c" --me 8 --close 8 --need 'a day outside'
is "$rc:$out:$err" "0::" "ana checks in"
run "$c" list --since monday
is "$rc:$out:$err" "0:2026-12-01${tab}ben${tab}4${tab}7${tab}an early night${tab}
2026-12-02${tab}ana${tab}8${tab}8${tab}a day outside${tab}:" "now ben's is shown, and --since takes a weekday"
run "$c" --due
is "$rc:$out:$err" "1::" "--due: nothing once checked in"
# A week ana missed stays private to her: ben's check-in of it was
# written for an exchange.
at 2026-12-08T07:30:00+01:00 ben --me 6 --close 6 --need 'a slow morning'
run at 2026-12-15T10:00:00+01:00 ana list --by ben --since 2026-12-07
is "$rc:$out:$err" "0:2026-12-08${tab}ben${tab}(private: you did not check in that week):" \
	"a past week the viewer missed stays private, and --by filters"
run at 2026-12-15T10:00:00+01:00 ben list --by ana
is "$rc:$out" "0:2026-11-26${tab}ana${tab}7${tab}6${tab}an evening, just us${tab}
2026-12-02${tab}ana${tab}8${tab}8${tab}a day outside${tab}" "ben sees ana's weeks he checked in too"

# ---- trend ----

export HEARTH_NOW=2026-12-09T12:00:00+01:00
run "$c" trend --weeks 3
is "$rc:$out:$err" "0:week${tab}ana me${tab}ana close${tab}ben me${tab}ben close
2026-11-23${tab}7${tab}6${tab}5${tab}8
2026-11-30${tab}8${tab}8${tab}4${tab}7
2026-12-07${tab}${tab}${tab}${tab}:" "trend in a pipe: a header line and a row a week, TSV"
run script -qec "$c trend --weeks 3" /dev/null
is "$rc:$(tr -d '\r' <<<"$out")" "0:the weeks of 2026-11-23 to 2026-12-07 (weeks begin on monday); scores 1 to 10
          Nov     Dec
           23  30  07
ana me    ▆ 7 ▆ 8   ·   mean 7.5
ana close ▅ 6 ▆ 8   ·   mean 7.0
ben me    ▄ 5 ▃ 4   ?   mean 4.5
ben close ▆ 8 ▆ 7   ?   mean 7.5
· no check-in   ? private until you check in that week" \
	"trend on a terminal: a bar and a score a week on one scale, months and days labelled"
run "$c" trend --weeks 1 --json
is "$rc:$out" '0:{"week":"2026-12-07","author":"ana","me":null,"close":null,"hidden":false}
{"week":"2026-12-07","author":"ben","me":null,"close":null,"hidden":true}' \
	"trend --json: a line a week and author"
run "$c" trend --weeks 0
is "$rc:$err" "64:checkin: bad number of weeks '0' (1 to 520)" "--weeks 0 is refused"
run "$c" trend --weeks 521
is "$rc" 64 "--weeks 521 is refused"

# ---- a file of check-ins ----

cp "$alog" "$TEST_TMP/before"
printf '7\t6\tsleep\n8\t11\tx\nseven\t5\tx\n\n# a comment\n5\t5\n5\t5\t\n6\t6\tok\tnote\textra\n' >"$TEST_TMP/bad.tsv"
run "$c" -f - <"$TEST_TMP/bad.tsv"
is "$rc:$out:$err" "65::checkin: stdin:2: bad CLOSE (a whole number from 1 to 10)
checkin: stdin:3: bad ME (a whole number from 1 to 10)
checkin: stdin:6: expected ME, CLOSE, NEED and maybe NOTE, separated by tabs
checkin: stdin:7: empty NEED
checkin: stdin:8: expected ME, CLOSE, NEED and maybe NOTE, separated by tabs
checkin: stdin: 5 bad lines; nothing stored" "every bad line is told as stdin:LINE, exit 65"
t "and nothing of the file was stored" same_file "$alog" "$TEST_TMP/before"
run "$c" -f "$TEST_TMP/bad.tsv"
is "$rc:$(head -n 1 <<<"$err")" "65:checkin: $TEST_TMP/bad.tsv:2: bad CLOSE (a whole number from 1 to 10)" \
	"a named file's lines are told by its name"
run "$c" -f "$TEST_TMP/none.tsv"
is "$rc:$err" "66:checkin: $TEST_TMP/none.tsv: No such file or directory" "a missing file is 66"
run "$c" -f - </dev/null
is "$rc:$err" "65:checkin: stdin: no check-in; nothing stored" "an empty file stores nothing"
printf '6\t7\ta walk\r\n9\t9\ta long walk\tafter dinner\n' | "$c" -f -
is "$(tail -n 2 "$alog")" "2026-12-09T12:00:00.000000+01:00${tab}ana${tab}checkin${tab}6${tab}7${tab}a walk${tab}
2026-12-09T12:00:00.000001+01:00${tab}ana${tab}checkin${tab}9${tab}9${tab}a long walk${tab}after dinner" \
	"-f -: a check-in a line (CR dropped), one microsecond apart"
run "$c" list --since today
is "$out" "2026-12-09${tab}ana${tab}9${tab}9${tab}a long walk${tab}after dinner" "the last of the week counts"

# ---- edit and undo ----

first=$(id_of "$(tail -n 2 "$alog" | head -n 1)")
last=$(id_of "$(tail -n 1 "$alog")")
run "$c" edit --me 5 --note ''
is "$rc:$out:$err" "0::" "edit changes your check-in of this week"
is "$(tail -n 1 "$alog")" "2026-12-09T12:00:00.000002+01:00${tab}ana${tab}edit${tab}$last${tab}5${tab}9${tab}a long walk${tab}" \
	"an edit record names the check-in and carries every value"
edit=$(id_of "$(tail -n 1 "$alog")")
run "$c" list --since today --json
is "$out" '{"id":"'"$last"'","time":"2026-12-09T12:00:00.000001+01:00","week":"2026-12-07","date":"2026-12-09","author":"ana","me":5,"close":9,"need":"a long walk","note":"","edited":true,"hidden":false}' \
	"the check-in keeps its id, time and day, with the edit's values"
run "$c" edit --me 5
is "$rc:$err" "0:checkin: nothing to change" "an edit that changes nothing stores nothing"
run "$c" edit --close 12
is "$rc:$err" "64:checkin: bad --close '12' (a whole number from 1 to 10)" "edit checks its scores"
run "$c" edit
is "$rc:$err" "64:checkin: no terminal to ask on: give --me, --close, --need or --note" "edit without values needs a terminal"
run "$c" undo
is "$rc:$out:$err" "0::checkin: took back your change; your check-in for this week is again: me 9, close 9" \
	"undo takes back the latest: the edit"
is "$(tail -n 1 "$alog")" "2026-12-09T12:00:00.000003+01:00${tab}ana${tab}undo${tab}$edit" "an undo record names it"
run "$c" undo
is "$rc:$err" "0:checkin: took back your check-in; your earlier one for this week counts again: me 6, close 7" \
	"undo again: the check-in, and the earlier one counts"
is "$(tail -n 1 "$alog" | cut -f4)" "$last" "the undo names the check-in"
run "$c" undo
is "$rc:$err" "0:checkin: took back your check-in for the week of 2026-12-07" "undo again: none is left"
is "$(tail -n 1 "$alog" | cut -f4)" "$first" "that undo names the first"
cp "$alog" "$TEST_TMP/before"
run "$c" undo
is "$rc:$err" "1:checkin: nothing of yours to undo this week" "nothing left to undo: 1"
run "$c" edit --me 3
is "$rc:$err" "1:checkin: you have not checked in this week; nothing to edit (run checkin)" "nothing to edit: 1"
t "and neither stored anything" same_file "$alog" "$TEST_TMP/before"
run "$c" --due
is "$rc:$out" "0:no check-in from you yet for the week of 2026-12-07: run checkin
ben has checked in; theirs opens once yours is in" "--due: undone, the week is open again"
run "$c" undo extra
is "$rc:$(head -n 1 <<<"$err")" "64:checkin: undo: unexpected operand 'extra'" "undo takes no operand"

# ---- any order of records ----

# Both machines agree whatever the order of lines: reversed, the logs say
# the same.
tac "$alog" >"$TEST_TMP/rev"
cat "$TEST_TMP/rev" >"$alog"
run "$c" list
is "$rc:$(tail -n 2 <<<"$out")" "0:2026-12-02${tab}ana${tab}8${tab}8${tab}a day outside${tab}
2026-12-08${tab}ben${tab}(check in yourself to see it)" "the log reversed: the same check-ins count"

# ---- a malformed line from the partner ----

printf '2026-12-09T08:00:00.000000+01:00\tben\tcheckin\t11\t5\tx\t\n' >>"$blog"
run "$c" list --by ben --since 2026-12-01
is "$rc:$out" "65:2026-12-01${tab}ben${tab}4${tab}7${tab}an early night${tab}
2026-12-08${tab}ben${tab}(check in yourself to see it)" "a malformed line is skipped, exit 65"
is "$err" "checkin: $blog:4: bad score (not 1 to 10)
checkin: ben has checked in this week; check in yourself to see it: checkin" "and told with its file and line"

# ---- weeks that begin on Monday or Sunday, around the boundary ----

export HEARTH_DIR=$TEST_TMP/weeks
# Sunday 29 November at 23:59 and Monday the 30th at 00:01.
at 2026-11-29T23:59:00+01:00 ana --me 3 --close 3 --need 'sunday night'
run at 2026-11-29T23:59:30+01:00 ana --due
is "$rc:$out" "1:" "Sunday 23:59: checked in for the week of the 23rd"
run at 2026-11-30T00:00:30+01:00 ana --due
is "$rc:$out" "0:no check-in from you yet for the week of 2026-11-30: run checkin" \
	"Monday 00:00: a new week (Monday weeks, the default)"
run at 2026-11-30T00:01:00+01:00 ana --me 9 --close 9 --need 'monday morning'
is "$rc:$err" "0:" "Monday 00:01: a check-in of the new week replaces nothing"
run at 2026-11-30T12:00:00+01:00 ana list --json
is "$out" '{"id":"'"$(id_of "$(head -n 1 "$HEARTH_DIR/checkin/ana.log")")"'","time":"2026-11-29T23:59:00.000000+01:00","week":"2026-11-23","date":"2026-11-29","author":"ana","me":3,"close":3,"need":"sunday night","note":"","edited":false,"hidden":false}
{"id":"'"$(id_of "$(tail -n 1 "$HEARTH_DIR/checkin/ana.log")")"'","time":"2026-11-30T00:01:00.000000+01:00","week":"2026-11-30","date":"2026-11-30","author":"ana","me":9,"close":9,"need":"monday morning","note":"","edited":false,"hidden":false}' \
	"Monday weeks: 23:59 on Sunday and 00:01 on Monday are two weeks"
HEARTH_NOW=2026-11-30T12:00:00+01:00 "$BIN/hearth" set week_start sunday </dev/null
run at 2026-11-30T12:00:00+01:00 ana list
is "$rc:$out" "0:2026-11-30${tab}ana${tab}9${tab}9${tab}monday morning${tab}" \
	"week_start sunday (hearth set): one week, the later check-in counts"
run at 2026-11-30T12:00:00+01:00 ana trend --weeks 2
is "$out" "week${tab}ana me${tab}ana close
2026-11-22${tab}${tab}
2026-11-29${tab}9${tab}9" "trend: weeks from Sunday"
run at 2026-12-05T23:59:00+01:00 ana --due
is "$rc:$out" "1:" "Saturday 23:59: still the week of Sunday the 29th"
run at 2026-12-06T00:00:30+01:00 ana --due
is "$rc:$out" "0:no check-in from you yet for the week of 2026-12-06: run checkin" "Sunday 00:00: a new week"
# The config's week_start is read when the store has none.
mkdir -p "$TEST_TMP/satcfg/hearth"
printf 'week_start = sat\n' >"$TEST_TMP/satcfg/hearth/config"
HEARTH_DIR=$TEST_TMP/nostore XDG_CONFIG_HOME=$TEST_TMP/satcfg run at 2026-12-02T12:00:00+01:00 ana --due
is "$rc:$out" "0:no check-in from you yet for the week of 2026-11-28: run checkin" "the config's week_start: Saturday weeks"
printf 'week_start = someday\n' >"$TEST_TMP/satcfg/hearth/config"
HEARTH_DIR=$TEST_TMP/nostore XDG_CONFIG_HOME=$TEST_TMP/satcfg run "$c" --due
is "$rc:$err" "78:checkin: $TEST_TMP/satcfg/hearth/config: bad week_start 'someday' (a weekday, such as mon or sun)" \
	"a bad week_start in the config is a config error"

# ---- daylight-saving weeks (Europe/Berlin) ----

export HEARTH_DIR=$TEST_TMP/dst
# Summer time begins on Sunday 29 March 2026: 02:00 becomes 03:00.
at 2026-03-29T01:59:00+01:00 ana --me 4 --close 4 --need 'before the change'
run at 2026-03-29T03:01:00+02:00 ana --me 5 --close 5 --need 'after the change'
is "$rc:$err" "0:checkin: this replaces your earlier check-in of this week (checkin undo brings it back)" \
	"a second check-in in a week says it replaces the first"
is "$(cut -f1 "$HEARTH_DIR/checkin/ana.log")" "2026-03-29T01:59:00.000000+01:00
2026-03-29T03:01:00.000000+02:00" "stamps with the offset of their moment"
run at 2026-03-29T23:30:00+02:00 ana list
is "$out" "2026-03-29${tab}ana${tab}5${tab}5${tab}after the change${tab}" "spring: two minutes apart, one week, the later counts"
run at 2026-03-30T00:00:30+02:00 ana --due
is "$rc:$out" "0:no check-in from you yet for the week of 2026-03-30: run checkin" "Monday after the change: a new week"
run at 2026-04-01T12:00:00+02:00 ana trend --weeks 2
is "$out" "week${tab}ana me${tab}ana close
2026-03-23${tab}5${tab}5
2026-03-30${tab}${tab}" "trend across the change: weeks of seven days"
# Summer time ends on Sunday 25 October: 02:30 comes twice.
at 2026-10-25T02:30:00+02:00 ana --me 6 --close 6 --need 'the first 02:30'
run at 2026-10-25T02:30:00+01:00 ana --me 7 --close 7 --need 'the second 02:30'
is "$rc:$err" "0:checkin: this replaces your earlier check-in of this week (checkin undo brings it back)" \
	"the second 02:30 is later: it replaces the first"
run at 2026-10-25T12:00:00+01:00 ana list --since 2026-10-25
is "$out" "2026-10-25${tab}ana${tab}7${tab}7${tab}the second 02:30${tab}" "autumn: the later moment counts, not the larger text"
run at 2026-10-25T23:59:00+01:00 ana --due
is "$rc" 1 "Sunday 23:59 in winter time: still that week"
run at 2026-10-26T00:00:30+01:00 ana --due
is "$rc:$out" "0:no check-in from you yet for the week of 2026-10-26: run checkin" "Monday: the next week"
run at 2026-10-27T12:00:00+01:00 ana trend --weeks 2
is "$out" "week${tab}ana me${tab}ana close
2026-10-19${tab}7${tab}7
2026-10-26${tab}${tab}" "trend across the autumn change"
unset HEARTH_DIR

# ---- on a terminal ----

export HEARTH_DIR=$TEST_TMP/tty HEARTH_NOW=2026-11-26T20:00:00+01:00
mkdir -p "$XDG_CONFIG_HOME/hearth"
printf 'name = ana\npartner = ben\n' >"$XDG_CONFIG_HOME/hearth/config"
at 2026-11-24T09:00:00+01:00 ben --me 6 --close 9 --need 'a phone call at lunch'
# Keys as a person types them: 8, Enter; two left arrows from the last
# close score (none: 5), Enter; the need; Enter for no note.
{
	sleep 0.3
	printf '8\r'
	printf '\033[D\033[D\r'
	printf 'a walk, together\r'
	printf '\r'
	sleep 0.5
} | script -qec "$c" /dev/null >"$TEST_TMP/tty.out"
is "$(cat "$HEARTH_DIR/checkin/ana.log")" "2026-11-26T20:00:00.000000+01:00${tab}ana${tab}checkin${tab}8${tab}3${tab}a walk, together${tab}" \
	"the questions on the terminal: digits, arrows, text, Enter"
tail -n 3 "$TEST_TMP/tty.out" | tr -d '\r' >"$TEST_TMP/tty.tail"
is "$(cat "$TEST_TMP/tty.tail")" "checked in for the week of 2026-11-23

2026-11-24${tab}ben${tab}6${tab}9${tab}a phone call at lunch${tab}" \
	"then ben's check-in of the week, now open"
like "$(tr -d '\r' <"$TEST_TMP/tty.out")" "How close do you feel to ben\? 1 is far apart, 10 is very close\." \
	"the partner is asked about by name"
cp "$HEARTH_DIR/checkin/ana.log" "$TEST_TMP/before"
{
	sleep 0.3
	printf '9\r'
	sleep 0.2
	printf '\033'
	sleep 0.5
} | script -qec "$c; echo rc=\$?" /dev/null >"$TEST_TMP/tty.out"
is "$(tail -n 2 "$TEST_TMP/tty.out" | tr -d '\r')" "checkin: cancelled; nothing stored
rc=1" "Esc cancels, exit 1"
t "and nothing was stored" same_file "$HEARTH_DIR/checkin/ana.log" "$TEST_TMP/before"
# edit starts from the check-in's values: Enter keeps 8; 1 then 0 is
# 10; ^U empties the need, and Enter does not take an empty one;
# backspace takes back a character.
{
	sleep 0.3
	printf '\r10\r\025\rrest\177\177\177\177a nap\rnote\r'
	sleep 0.5
} | script -qec "$c edit" /dev/null >/dev/null
is "$(tail -n 1 "$HEARTH_DIR/checkin/ana.log")" "2026-11-26T20:00:00.000001+01:00${tab}ana${tab}edit${tab}$(id_of "$(head -n 1 "$HEARTH_DIR/checkin/ana.log")")${tab}8${tab}10${tab}a nap${tab}note" \
	"edit on a terminal starts from the check-in's values"
# A signal while the questions wait: the terminal is put back as it was.
cat >"$TEST_TMP/sig.sh" <<EOF
stty -g >"$TEST_TMP/stty.before"
"$c" </dev/tty >/dev/null 2>&1 &
p=\$!
sleep 0.5
stty -g >"$TEST_TMP/stty.during"
kill -TERM \$p
wait \$p
echo "rc=\$?" >"$TEST_TMP/sig.rc"
stty -g >"$TEST_TMP/stty.after"
EOF
sleep 2 | script -qec "sh '$TEST_TMP/sig.sh'" /dev/null >/dev/null
is "$(cat "$TEST_TMP/sig.rc")" "rc=143" "SIGTERM ends it as a signal does"
t "the terminal was raw while it asked" \
	test "$(cat "$TEST_TMP/stty.before")" != "$(cat "$TEST_TMP/stty.during")"
t "and is put back after the signal" same_file "$TEST_TMP/stty.before" "$TEST_TMP/stty.after"
t "and nothing was stored" test "$(wc -l <"$HEARTH_DIR/checkin/ana.log")" -eq 2
# Keys typed before the questions are drawn are kept, not lost.
{
	printf '4\r4\rtyped ahead\r\r'
	sleep 0.5
} | script -qec "$c" /dev/null >/dev/null
is "$(tail -n 1 "$HEARTH_DIR/checkin/ana.log" | cut -f3-)" "checkin${tab}4${tab}4${tab}typed ahead${tab}" \
	"keys typed ahead are taken"
unset HEARTH_DIR

# ---- help, version, the summary ----

run "$c" -h
is "$rc:$(head -n 1 <<<"$out")" "0:usage: checkin [--me N --close N --need TEXT [--note TEXT]]" "-h prints the usage on stdout"
run "$c" trend --help
is "$rc:$(tail -n 1 <<<"$out")" "0:       checkin trend [--weeks N] [--json]" "a command's --help too"
run "$c" -V
like "$rc:$out" "^0:checkin [0-9]" "-V prints the version"
run "$c" list --by 'Ben Z'
is "$rc:$err" "64:checkin: bad name 'Ben Z' (use a-z, 0-9, '.', '_', '-')" "a bad --by is a usage error"
run "$BIN/hearth"
like "$out" "checkin      [0-9]+ check-ins \(ana [0-9]+, ben [0-9]+\)" "hearth's summary counts the check-ins"

done_testing
