#!/usr/bin/env bash
# goals: add, list, note, done, drop, undo and review, by two authors, with
# exact output and exact store bytes, the clock fixed by HEARTH_NOW; GOAL
# by id prefix and by text, ambiguous and unknown; both logs in any order;
# review's parts, its question recorded in ask's log, and its silent exit 1.
#
# The store is built step by step in "main"; stories that change it work
# on a copy, so the expected values of each depend only on what is above.
#
# shellcheck disable=SC1010  # "done" is a goals command here, not a keyword
. tests/cli/lib.sh

export TZ=Europe/Berlin
g="$BIN/goals"
tab=$'\t'
cfg=$XDG_CONFIG_HOME/hearth/config
mkdir -p "$XDG_CONFIG_HOME/hearth"
printf 'name = ana\npartner = ben\n' >"$cfg"

# use NAME: work in a store of its own from now on.
use() {
	export HEARTH_DIR=$TEST_TMP/stores/$1
	dir=$HEARTH_DIR/goals
	log=$dir/ana.log
	blog=$dir/ben.log
}

# at "YYYY-MM-DD HH:MM" CMD...: goals at that local time, as ana; ben
# the same as ben.
at() {
	local when
	when=$(date -d "$1" +%FT%T%:z)
	shift
	HEARTH_NOW=$when HEARTH_AUTHOR=ana "$g" "$@"
}
ben() {
	local when
	when=$(date -d "$1" +%FT%T%:z)
	shift
	HEARTH_NOW=$when HEARTH_AUTHOR=ben "$g" "$@"
}

# id LINE: the record id of a log line (the SHA-1 of its bytes, no LF).
id() {
	printf '%s' "$1" | sha1sum | cut -d' ' -f1
}

# ---- the command line ----

use main
run "$g" -h
like "$rc:$out" '^0:usage: goals \[list\] \[--all\] \[--json\]' "-h prints the usage on stdout"
run "$g" -V
like "$rc:$out" '^0:goals [0-9]' "-V prints the version"
run "$g" lsit
is "$rc:$(head -n 1 <<<"$err")" "64:goals: unknown command 'lsit'; did you mean list?" "a typo of a command"
run "$g" add
is "$rc:$out:$err" "65::goals: stdin: no goal given" "add without text, stdin empty"
run script -qec "$g add" /dev/null
is "$rc:$(tr -d '\r' <<<"$out" | head -n 2)" "64:goals: give the goal's text
usage: goals [list] [--all] [--json]" "add without text on a terminal is a usage error"
run "$g" list --bogus
is "$rc:$(head -n 1 <<<"$err")" "64:goals: unknown option '--bogus'" "an unknown option"
run "$g"
is "$rc:$out:$err" "0::" "no store: nothing to list"
run "$g" review
is "$rc:$out:$err" "1::" "no store: nothing to review, exit 1, silent"
t "reading made no store" test ! -e "$HEARTH_DIR"

# ---- add ----

run at '2026-01-05 10:00' add Run a 10k together --by 2026-04-05
a1="2026-01-05T10:00:00.000000+01:00${tab}ana${tab}add${tab}Run a 10k together${tab}2026-04-05${tab}"
run10=$(id "$a1")
is "$rc:$out:$err:$(cat "$log")" "0:${run10:0:10}${tab}0%${tab}by 2026-04-05${tab}Run a 10k together::$a1" \
	"add joins the words, stores the record byte for byte and prints the goal as list does"
at '2026-01-05 10:01' add 'Date night' --every-month >/dev/null
a2="2026-01-05T10:01:00.000000+01:00${tab}ana${tab}add${tab}Date night${tab}${tab}month"
date_id=$(id "$a2")
ben '2026-01-06 10:00' add 'Paint the hallway' >/dev/null
b1="2026-01-06T10:00:00.000000+01:00${tab}ben${tab}add${tab}Paint the hallway${tab}${tab}"
hall=$(id "$b1")
ben '2026-01-07 10:00' add 'Learn Italian' >/dev/null
b2="2026-01-07T10:00:00.000000+01:00${tab}ben${tab}add${tab}Learn Italian${tab}${tab}"
italian=$(id "$b2")
out=$(printf 'Learn to make pasta\n\n  \nVisit grandma\r\n' |
	HEARTH_NOW=2026-02-01T09:00:00+01:00 "$g" add --by 2026-03-20)
a3="2026-02-01T09:00:00.000000+01:00${tab}ana${tab}add${tab}Learn to make pasta${tab}2026-03-20${tab}"
a4="2026-02-01T09:00:00.000001+01:00${tab}ana${tab}add${tab}Visit grandma${tab}2026-03-20${tab}"
pasta=$(id "$a3")
granny=$(id "$a4")
is "$out" "${pasta:0:10}${tab}0%${tab}by 2026-03-20${tab}Learn to make pasta
${granny:0:10}${tab}0%${tab}by 2026-03-20${tab}Visit grandma" \
	"add reads one goal a line from stdin (blank lines skipped, CR dropped), stamped a microsecond apart"
is "$(cat "$log")" "$a1
$a2
$a3
$a4" "ana's log holds her four adds"
is "$(cat "$blog")" "$b1
$b2" "ben's adds went to ben's log"

cp "$log" "$TEST_TMP/before"
refuse() {
	run "$g" add "$@"
	printf '%s:%s:%s\n' "$rc" "$out" "$err"
}
refusals() {
	refuse X --by 2026-02-30
	refuse X --by tomorrow
	refuse '   '
	refuse $'a\tb'
	refuse "$(printf 'x%.0s' {1..201})"
	refuse $'\xff'
}
is "$(refusals)" "64::goals: bad --by '2026-02-30' (use YYYY-MM-DD)
64::goals: bad --by 'tomorrow' (use YYYY-MM-DD)
65::goals: the goal is empty
65::goals: the goal has a control character
65::goals: the goal is too long (201 bytes; at most 200)
65::goals: the goal is not valid UTF-8" "bad days and bad texts are refused"
run bash -c "printf 'fine\n\tno\n' | $g add"
is "$rc:$out:$err" "65::goals: stdin:2: the goal has a control character" "a bad line of stdin is named, and nothing is stored"
t "nothing was stored by the refused adds" same_file "$log" "$TEST_TMP/before"

# ---- list ----

want_list="${run10:0:10}${tab}0%${tab}by 2026-04-05${tab}Run a 10k together
${date_id:0:10}${tab}0%${tab}monthly${tab}Date night
${hall:0:10}${tab}0%${tab}-${tab}Paint the hallway
${italian:0:10}${tab}0%${tab}-${tab}Learn Italian
${pasta:0:10}${tab}0%${tab}by 2026-03-20${tab}Learn to make pasta
${granny:0:10}${tab}0%${tab}by 2026-03-20${tab}Visit grandma"
run "$g"
is "$rc:$out:$err" "0:$want_list:" "a bare goals lists both partners' goals in the order added"
run "$g" list
is "$out" "$want_list" "list is the same"

# ---- note: GOAL by text and by id ----

run at '2026-02-10 20:00' note DATE cinema
ben '2026-02-10 21:00' note date 'the new French film'
run at '2026-03-02 09:00' note 10k 'ran 5k without stopping' --pct 20
is "$rc:$out:$err:$(tail -n 1 "$log")" "0:::2026-03-02T09:00:00.000000+01:00${tab}ana${tab}note${tab}$run10${tab}20${tab}ran 5k without stopping" \
	"note by a part of the text, with --pct, names the goal by its whole id"
run ben '2026-03-09 09:00' note "${run10:0:6}" ran 8k, slow --pct 60%
is "$rc:$err:$(tail -n 1 "$blog")" "0::2026-03-09T09:00:00.000000+01:00${tab}ben${tab}note${tab}$run10${tab}60${tab}ran 8k, slow" \
	"ben notes by an id prefix; the words are joined; 60% is 60"
run at '2026-03-10 09:00' note 10K 'new shoes'
is "$rc:$(tail -n 1 "$log" | cut -f 4-)" "0:$run10${tab}${tab}new shoes" "a note without --pct, the text in another case"
cp "$log" "$TEST_TMP/before"
cp "$blog" "$TEST_TMP/bbefore"
run "$g" note learn 'a first lesson'
is "$rc:$out:$err" "64::goals: 'learn' could be any of 2 goals; give more of its text or its id:
  ${italian:0:10}  Learn Italian
  ${pasta:0:10}  Learn to make pasta" "an ambiguous GOAL lists the goals it names, in the order added"
run "$g" note swim 'first lap'
is "$rc:$out:$err" "1::goals: no goal 'swim'; the open goals are:
  ${run10:0:10}  Run a 10k together
  ${date_id:0:10}  Date night
  ${hall:0:10}  Paint the hallway
  ${italian:0:10}  Learn Italian
  ${pasta:0:10}  Learn to make pasta
  ${granny:0:10}  Visit grandma" "an unknown GOAL lists the goals it could have meant, exit 1"
run "$g" note 10k x --pct 101
is "$rc:$err" "64:goals: bad --pct '101' (use a whole number from 0 to 100)" "--pct above 100"
run "$g" note 10k x --pct 4.5
is "$rc:$err" "64:goals: bad --pct '4.5' (use a whole number from 0 to 100)" "--pct not a whole number"
run "$g" note 10k
is "$rc:$(head -n 1 <<<"$err")" "64:goals: give the note's text, or --pct N" "a note needs text or --pct"
run "$g" note
is "$rc:$(head -n 1 <<<"$err")" "64:goals: give the GOAL and the note" "a note needs a GOAL"
run "$g" note '' x
is "$rc:$err" "64:goals: empty GOAL (give a part of its text or its id)" "an empty GOAL"
t "nothing was stored by the refused notes" same_file "$log" "$TEST_TMP/before"
t "nor in ben's log" same_file "$blog" "$TEST_TMP/bbefore"

# ---- done and drop ----

run ben '2026-03-12 18:00' drop italian --why 'not now'
is "$rc:$out:$err:$(tail -n 1 "$blog")" "0:::2026-03-12T18:00:00.000000+01:00${tab}ben${tab}drop${tab}$italian${tab}not now" \
	"drop stores the goal's id and the reason"
run ben '2026-03-14 09:00' done learn
is "$rc:$err:$(tail -n 1 "$blog")" "0::2026-03-14T09:00:00.000000+01:00${tab}ben${tab}done${tab}$pasta" \
	"'learn' now names one open goal: done"
run at '2026-03-14 10:00' done pasta
is "$rc:$out:$err" "1::goals: 'Learn to make pasta' is done already (goals undo opens it again)" \
	"done of a goal done already (found when no open goal is named) exits 1"
run "$g" done 'Learn' 'Italian'
is "$rc:$(head -n 1 <<<"$err")" "64:goals: give the GOAL as one word, or in quotes" "done takes one operand"

export HEARTH_NOW=2026-03-16T09:00:00+01:00
want_open="${run10:0:10}${tab}60%${tab}by 2026-04-05${tab}Run a 10k together
${date_id:0:10}${tab}0%${tab}monthly${tab}Date night
${hall:0:10}${tab}0%${tab}-${tab}Paint the hallway
${granny:0:10}${tab}0%${tab}by 2026-03-20${tab}Visit grandma"
run "$g" list
is "$rc:$out:$err" "0:$want_open:" "list shows the open goals, at ben's 60% though ana wrote last"
run "$g" list --all
is "$out" "${run10:0:10}${tab}60%${tab}by 2026-04-05${tab}Run a 10k together
${date_id:0:10}${tab}0%${tab}monthly${tab}Date night
${hall:0:10}${tab}0%${tab}-${tab}Paint the hallway
${italian:0:10}${tab}dropped${tab}-${tab}Learn Italian
${pasta:0:10}${tab}done${tab}by 2026-03-20${tab}Learn to make pasta
${granny:0:10}${tab}0%${tab}by 2026-03-20${tab}Visit grandma" "list --all shows the goals done and dropped"
run "$g" list --all --json
want_json="{\"id\":\"$run10\",\"text\":\"Run a 10k together\",\"by\":\"2026-04-05\",\"every\":null,\"pct\":60,\"state\":\"open\",\"notes\":3,\"author\":\"ana\",\"added\":\"2026-01-05T10:00:00.000000+01:00\"}
{\"id\":\"$date_id\",\"text\":\"Date night\",\"by\":null,\"every\":\"month\",\"pct\":0,\"state\":\"open\",\"notes\":2,\"author\":\"ana\",\"added\":\"2026-01-05T10:01:00.000000+01:00\"}
{\"id\":\"$hall\",\"text\":\"Paint the hallway\",\"by\":null,\"every\":null,\"pct\":0,\"state\":\"open\",\"notes\":0,\"author\":\"ben\",\"added\":\"2026-01-06T10:00:00.000000+01:00\"}
{\"id\":\"$italian\",\"text\":\"Learn Italian\",\"by\":null,\"every\":null,\"pct\":0,\"state\":\"dropped\",\"notes\":0,\"author\":\"ben\",\"added\":\"2026-01-07T10:00:00.000000+01:00\"}
{\"id\":\"$pasta\",\"text\":\"Learn to make pasta\",\"by\":\"2026-03-20\",\"every\":null,\"pct\":100,\"state\":\"done\",\"notes\":0,\"author\":\"ana\",\"added\":\"2026-02-01T09:00:00.000000+01:00\"}
{\"id\":\"$granny\",\"text\":\"Visit grandma\",\"by\":\"2026-03-20\",\"every\":null,\"pct\":0,\"state\":\"open\",\"notes\":0,\"author\":\"ana\",\"added\":\"2026-02-01T09:00:00.000001+01:00\"}"
is "$rc:$out" "0:$want_json" "list --all --json: id, text, by, every, pct (100 when done), state, notes, author, added"
run "$g" --json
is "$out" "$(grep '"state":"open"' <<<"$want_json")" "a bare goals takes list's options"

# ---- both logs in any order ----

cp -r "$HEARTH_DIR" "$TEST_TMP/stores/reversed"
for f in "$TEST_TMP"/stores/reversed/goals/*.log; do
	tac "$f" >"$f.new" && mv "$f.new" "$f"
done
is "$(HEARTH_DIR=$TEST_TMP/stores/reversed "$g" list --all --json)" "$want_json" \
	"logs written in the opposite order give the same goals"
cp -r "$HEARTH_DIR" "$TEST_TMP/stores/swapped"
for f in "$TEST_TMP"/stores/swapped/goals/*.log; do
	# Out of time order: by kind, then by what follows it.
	sort -t "$tab" -k3 "$f" >"$f.new" && mv "$f.new" "$f"
done
is "$(HEARTH_DIR=$TEST_TMP/stores/swapped "$g" list --all --json)" "$want_json" \
	"logs sorted by kind and fields, not by time, give the same goals"
printf 'not a record\n' >>"$TEST_TMP/stores/swapped/goals/ben.log"
run env HEARTH_DIR="$TEST_TMP/stores/swapped" "$g" list --all --json
is "$rc:$out:$err" "65:$want_json:goals: $TEST_TMP/stores/swapped/goals/ben.log:7: missing fields" \
	"a malformed line of the partner's log is named and skipped, exit 65"

# ---- review ----

q_ok() {
	# The question is a line of the future deck, and the last record of
	# ana's ask log says it was shown, as ask records it.
	local q=$1 last
	last=$(tail -n 1 "$HEARTH_DIR/ask/ana.log")
	grep -qxF "$q" < <(grep -E '^[123] ' common/decks/future.deck | cut -c3-) &&
		[[ $last =~ ^${HEARTH_NOW%+*}\.[0-9]{6}\+01:00${tab}ana${tab}shown${tab}[0-9a-f]{16}${tab}future${tab}(.*)$ ]] &&
		[ "${BASH_REMATCH[1]}" = "$q" ]
}
run env HEARTH_SEED=7 "$g" review
want_review="Goals, March 2026

Moved
  Run a 10k together: 0% to 60%, 3 notes (ana 2, ben 1)
  Learn Italian: dropped on 2026-03-12 (not now)
  Learn to make pasta: done on 2026-03-14

Stuck, no note for 30 days or more
  Date night: last note on 2026-02-10, 34 days ago
  Paint the hallway: added on 2026-01-06, no note since
  Visit grandma: added on 2026-02-01, no note since

Due soon
  Visit grandma: by 2026-03-20, in 4 days
  Run a 10k together: by 2026-04-05, in 20 days
  Date night: monthly, no note in March

To talk about"
is "$rc:$err:$(head -n -1 <<<"$out")" "0::$want_review" \
	"review: what moved (both partners' notes), what is stuck, what is due, in that order"
question=$(tail -n 1 <<<"$out")
t "its question comes from the future deck and is recorded in ask's log" q_ok "${question#  }"
run "$BIN/ask" --history
is "$rc:$(cut -f 3,4 <<<"$out")" "0:future${tab}${question#  }" "ask's history lists the question"
seen=("${question#  }")
for d in 17 18 19 20; do
	out=$(HEARTH_NOW=2026-03-${d}T09:00:00+01:00 "$g" review | tail -n 1)
	seen+=("${out#  }")
done
is "$(printf '%s\n' "${seen[@]}" | sort -u | wc -l)" 5 "five reviews ask five different questions"
is "$(wc -l <"$HEARTH_DIR/ask/ana.log")" 5 "each recorded once"

run "$g" review --month 2026-02
is "$rc:$(head -n -1 <<<"$out")" "0:Goals, February 2026

Moved
  Date night: 2 notes (ana 1, ben 1)

Stuck, no note for 30 days or more
  Run a 10k together: added on 2026-01-05, no note since
  Paint the hallway: added on 2026-01-06, no note since
  Learn Italian: added on 2026-01-07, no note since

Due soon
  Learn to make pasta: by 2026-03-20, in 20 days
  Visit grandma: by 2026-03-20, in 20 days

To talk about" "a past month as it stood at its end: March's notes, done and drop left out"
run "$g" review --month 2026-04
is "$rc:$out:$err" "64::goals: 2026-04 has not begun" "a month to come is refused"
run "$g" review --month 2026-13
is "$rc:$out:$err" "64::goals: bad --month '2026-13' (use YYYY-MM)" "a bad month"
run "$g" review --month 2026-3
is "$rc:$err" "64:goals: bad --month '2026-3' (use YYYY-MM)" "a month in two digits"

use quiet
at '2026-03-10 10:00' add 'Learn to juggle' >/dev/null
cp "$log" "$TEST_TMP/before"
run at '2026-03-16 09:00' review
is "$rc:$out:$err" "1::" "nothing moved, stuck or due: review prints nothing and exits 1"
t "and records no question" test ! -e "$HEARTH_DIR/ask"
t "nor anything else" same_file "$log" "$TEST_TMP/before"
run at '2026-04-09 09:00' review
is "$rc:$(head -n 3 <<<"$out")" "0:Goals, April 2026

Stuck, no note for 30 days or more" "30 days after it was added, it is stuck"
run at '2026-04-09 09:00' review --month 2026-03
is "$rc:$out" "1:" "March, as it stood at its end, still had nothing"

# ---- undo ----

use main
run at '2026-03-16 10:00' undo pasta
is "$rc:$out:$err" "0::goals: took back ben's done of 'Learn to make pasta' (2026-03-14); it is open again" \
	"ana undoes ben's done: the goal is the couple's"
is "$(tail -n 1 "$log")" "2026-03-16T10:00:00.000000+01:00${tab}ana${tab}undo${tab}$pasta${tab}$(id "$(grep "${tab}done${tab}" "$blog")")" \
	"the undo names the goal and the done's record id"
run at '2026-03-16 10:01' undo pasta
is "$rc:$out:$err" "1::goals: nothing of yours to undo on 'Learn to make pasta'" "an open goal with no note of yours: nothing to undo"
run ben '2026-03-16 10:02' undo 10k
is "$rc:$err" "0:goals: took back your note of 2026-03-09 on 'Run a 10k together'" "ben takes back his own note"
run at '2026-03-16 10:03' note italian 'ciao' --pct 10
is "$rc:$err" "0:" "a note on a dropped goal (no open goal is named) is kept"
run "$g" list --all
is "$out" "${run10:0:10}${tab}20%${tab}by 2026-04-05${tab}Run a 10k together
${date_id:0:10}${tab}0%${tab}monthly${tab}Date night
${hall:0:10}${tab}0%${tab}-${tab}Paint the hallway
${italian:0:10}${tab}dropped${tab}-${tab}Learn Italian
${pasta:0:10}${tab}0%${tab}by 2026-03-20${tab}Learn to make pasta
${granny:0:10}${tab}0%${tab}by 2026-03-20${tab}Visit grandma" \
	"after the undos: pasta open again, the 10k back at ana's 20%, the dropped goal still dropped"
run at '2026-03-16 10:04' undo 'learn italian'
is "$rc:$err" "0:goals: took back ben's drop of 'Learn Italian' (2026-03-12); it is open again" \
	"undo looks at every goal, and a whole text names one"
run at '2026-03-16 10:05' undo swim
is "$rc:$(head -n 1 <<<"$err")" "1:goals: no goal 'swim'; the goals are:" "undo of an unknown goal lists every goal"
run at '2026-03-16 10:06' note 'learn italian' --pct 30
is "$rc:$(tail -n 1 "$log" | cut -f 3-)" "0:note${tab}$italian${tab}30${tab}" "--pct alone stores a note with empty text"

# ---- a full disk ----

if [ -w /dev/full ]; then
	run "$g" list
	"$g" list >/dev/full 2>"$TEST_TMP/err"
	is "$?:$(cat "$TEST_TMP/err")" "74:goals: stdout: No space left on device" "a failed write to stdout is an I/O error"
else
	skip "a failed write to stdout" "no /dev/full"
fi

done_testing
