#!/usr/bin/env bash
# gratitude: adding, listing, searching, remembering, counting, removing.
# Exact output and exact store bytes, with the clock fixed by HEARTH_NOW.
. tests/cli/lib.sh

export TZ=Europe/Berlin
export HEARTH_NOW=2026-11-26T20:00:00+01:00
g="$BIN/gratitude"
log=$gdir/ana.log
tab=$'\t'

# at WHEN AUTHOR CMD...: run gratitude at another time, as another author.
at() {
	local when=$1 who=$2
	shift 2
	HEARTH_NOW=$when HEARTH_AUTHOR=$who "$g" "$@"
}

run "$g" list
is "$rc:$out:$err" "0::" "list with no store yet prints nothing"

# Before anyone is named, a recipient is someone new: --new says so.
run "$g" --to ben 'You made soup when I was ill #care'
is "$rc:$err" "64:gratitude: unknown recipient 'ben' (known: ana); to thank someone new, add --new" \
	"a recipient neither of the couple nor thanked before is refused"
"$g" --to ben --new 'You made soup when I was ill #care' </dev/null
is "$(cat "$log")" "2026-11-26T20:00:00.000000+01:00${tab}ana${tab}thanks${tab}ben${tab}You made soup when I was ill #care" \
	"add stores one record, byte for byte"

"$BIN/hearth" init --name ana --partner ben >/dev/null </dev/null
at 2026-11-26T20:01:00+01:00 ana add 'the walk, in the rain' </dev/null
is "$(tail -n 1 "$log")" "2026-11-26T20:01:00.000000+01:00${tab}ana${tab}thanks${tab}ben${tab}the walk, in the rain" \
	"the partner in the config is the default --to"

printf 'first line\r\n\n   \nsecond\tline with a \\ backslash\n' |
	at 2026-11-26T20:02:00+01:00 ana
is "$(tail -n 2 "$log")" "2026-11-26T20:02:00.000000+01:00${tab}ana${tab}thanks${tab}ben${tab}first line
2026-11-26T20:02:00.000001+01:00${tab}ana${tab}thanks${tab}ben${tab}second\\tline with a \\\\ backslash" \
	"stdin lines are entries: CR dropped, blanks skipped, escaped, one microsecond apart"

cp "$log" "$TEST_TMP/before"
run "$g" $'bad \xff byte'
is "$rc:$err" "65:gratitude: text is not valid UTF-8 (byte 5)" "invalid UTF-8 is refused"
run "$g" '   '
is "$rc:$err" "65:gratitude: empty text" "an empty text is refused"
run "$g" "$(head -c 4100 /dev/zero | tr '\0' x)"
is "$rc:$err" "65:gratitude: text too long (4149 bytes; the limit is 4096 per record)" \
	"a text over the record limit is refused"
run sh -c "printf 'good\n\300\257bad\n' | \"$g\" add"
is "$rc:$err" "65:gratitude: stdin:2: text is not valid UTF-8 (byte 1)" \
	"one bad stdin line refuses the whole batch"
t "nothing was stored by the refused adds" same_file "$log" "$TEST_TMP/before"
run "$g" add
is "$rc" 65 "add with an empty stdin is refused"
run "$g" list --bogus
is "$rc" 64 "an unknown option is a usage error"
run "$g" list --since 'next tuesday'
is "$rc:$err" "64:gratitude: bad date 'next tuesday' (use YYYY-MM-DD, today, yesterday, Nd, Nw, a weekday or an RFC 3339 time)" "a bad date is a usage error"
run "$g" --to 'Ben Z' hello
is "$rc" 64 "a bad --to name is a usage error"

at 2026-11-20T09:00:00+01:00 ben --to ana 'you fixed the bike #care #Bike' </dev/null
at 2025-11-26T08:00:00+01:00 ben --to ana 'a year ago today' </dev/null
at 2024-02-29T08:00:00+01:00 ben --to ana 'a leap day' </dev/null

want="2024-02-29${tab}ben${tab}a leap day
2025-11-26${tab}ben${tab}a year ago today
2026-11-20${tab}ben${tab}you fixed the bike #care #Bike
2026-11-26${tab}ana${tab}You made soup when I was ill #care
2026-11-26${tab}ana${tab}the walk, in the rain
2026-11-26${tab}ana${tab}first line
2026-11-26${tab}ana${tab}second\\tline with a \\ backslash"
run "$g" list
is "$rc:$err" "0:" "list succeeds quietly"
is "$out" "$want" "list merges both partners in time order"

run "$g" list -n 2
is "$out" "$(tail -n 2 <<<"$want")" "-n keeps the most recent"
run "$g" list --since 2026-11-20 --until 2026-11-20
is "$out" "2026-11-20${tab}ben${tab}you fixed the bike #care #Bike" "--since and --until take whole days"
run "$g" list --since 7d
is "$out" "$(tail -n 5 <<<"$want")" "--since 7d"
run "$g" list --since 2026-11-26T20:01:00+01:00 --until 2026-11-26T20:01:00+01:00
is "$out" "2026-11-26${tab}ana${tab}the walk, in the rain" "exact times include that moment"
run "$g" list --by ben --tag care
is "$out" "2026-11-20${tab}ben${tab}you fixed the bike #care #Bike" "--by and --tag"
run "$g" list --tag '#BIKE'
is "$out" "2026-11-20${tab}ben${tab}you fixed the bike #care #Bike" "--tag ignores case and a leading #"
run "$g" list --to ana
is "$(wc -l <<<"$out")" 3 "--to"

line=$(head -n 1 "$log")
id=$(printf '%s' "$line" | sha1sum | cut -d' ' -f1)
run "$g" list -v --by ana -n 4
is "$(head -n 1 <<<"$out")" "${id:0:10}${tab}2026-11-26${tab}ana${tab}You made soup when I was ill #care" \
	"-v shows the id: the SHA-1 of the record's bytes"

run "$g" list --json --by ben -n 1
is "$out" "{\"id\":\"$(printf '%s' "$(grep bike "$gdir/ben.log")" | sha1sum | cut -d' ' -f1)\",\"time\":\"2026-11-20T09:00:00.000000+01:00\",\"author\":\"ben\",\"to\":\"ana\",\"text\":\"you fixed the bike #care #Bike\",\"tags\":[\"care\",\"Bike\"]}" \
	"--json gives id, time, author, to, text and tags"
run "$g" list --json --by ana -n 1
is "$out" "{\"id\":\"$(tail -n 1 "$log" | tr -d '\n' | sha1sum | cut -d' ' -f1)\",\"time\":\"2026-11-26T20:02:00.000001+01:00\",\"author\":\"ana\",\"to\":\"ben\",\"text\":\"second\\tline with a \\\\ backslash\",\"tags\":[]}" \
	"--json escapes text"

run "$g" grep soup
is "$rc:$out" "0:2026-11-26${tab}ana${tab}You made soup when I was ill #care" "grep finds a fixed string"
run "$g" grep SOUP
is "$rc:$out" "1:" "grep is case-sensitive and exits 1 on no match"
run "$g" grep -i SOUP
is "$rc:$out" "0:2026-11-26${tab}ana${tab}You made soup when I was ill #care" "grep -i ignores case"
run "$g" grep -E '^(a|the) '
is "$out" "2024-02-29${tab}ben${tab}a leap day
2025-11-26${tab}ben${tab}a year ago today
2026-11-26${tab}ana${tab}the walk, in the rain" "grep -E output is in time order"
run "$g" grep "\\"
is "$out" "2026-11-26${tab}ana${tab}second\\tline with a \\ backslash" "grep for a backslash"
run "$g" grep -E '('
is "$rc" 64 "a bad regular expression is a usage error"

for seed in 1 2 3 4 5 6; do
	HEARTH_SEED=$seed "$g" random
done >"$TEST_TMP/random"
is "$(sort -u "$TEST_TMP/random")" "2024-02-29${tab}ben${tab}a leap day
2025-11-26${tab}ben${tab}a year ago today" "random picks among the entries older than a week"
t "random never picks a recent entry while old ones exist" \
	sh -c "! grep -q '2026-11-2[0-9]' '$TEST_TMP/random'"
is "$(HEARTH_SEED=7 "$g" random)" "$(HEARTH_SEED=7 "$g" random)" "HEARTH_SEED makes random reproducible"

run "$g" today
is "$rc:$out" "0:2025-11-26${tab}ben${tab}a year ago today" "today shows this day in earlier years"
HEARTH_NOW=2027-02-28T10:00:00+01:00 run "$g" today
is "$rc:$out" "0:2024-02-29${tab}ben${tab}a leap day" "on 28 February of a common year, today shows 29 February too"
HEARTH_NOW=2026-11-27T10:00:00+01:00 run "$g" today
is "$rc:$out" "1:" "today exits 1 when there is nothing"

run "$g" stats --weeks 3
is "$out" "week${tab}ana${tab}ben
2026-11-09${tab}0${tab}0
2026-11-16${tab}0${tab}1
2026-11-23${tab}4${tab}0" "stats in a pipe: a week a row, an author a column"

run script -qec "$g stats --weeks 3" /dev/null
is "$(tr -d '\r' <<<"$out")" "             weeks of 2026-11-09 to 2026-11-23
ana            █  4
ben           ▂   1" "stats on a terminal: a sparkline a partner, then the total"

at 2026-11-26T21:00:00+01:00 ana $'\e]0;owned\a\e[31mred' </dev/null
run "$g" list -n 1
is "$out" "2026-11-26${tab}ana${tab}\\e]0;owned\\x07\\e[31mred" "control characters are shown escaped, never sent to the terminal"
at 2026-11-26T21:01:00+01:00 ana $'hi\tyou\nme' </dev/null
run "$g" grep t
t "grep matches the text, not the escapes the log holds" \
	test "$(grep -c 'hi\\tyou' <<<"$out")" -eq 0
run "$g" list -n 1
is "$out" "2026-11-26${tab}ana${tab}hi\\tyou\\nme" "a tab and a newline in an entry are listed as \\t and \\n"

# rm: one's own entry only; the log is rewritten without it.
cp "$log" "$TEST_TMP/before"
victim=$(grep 'the walk' "$log")
vid=$(printf '%s' "$victim" | sha1sum | cut -c1-8)
run "$g" rm "$vid"
is "$rc:$err" "0:" "rm removes an entry by id prefix"
is "$(cat "$log")" "$(grep -v 'the walk' "$TEST_TMP/before")" "rm leaves every other byte of the log"
is "$(stat -c %a "$log")" 600 "the rewritten log is 0600"
bid=$(printf '%s' "$(head -n 1 "$gdir/ben.log")" | sha1sum | cut -c1-6)
cp "$gdir/ben.log" "$TEST_TMP/ben"
run "$g" rm "$bid"
is "$rc:$err" "65:gratitude: entry $bid is by ben; only its author can remove it" "rm refuses another author's entry"
t "the other author's log is untouched" same_file "$gdir/ben.log" "$TEST_TMP/ben"
run "$g" rm "$vid"
is "$rc:$err" "1:gratitude: no entry '$vid'" "rm of an unknown id exits 1"
run "$g" rm xyz
is "$rc" 65 "rm of a malformed id exits 65"

# Two ids that share a 4-digit prefix make that prefix ambiguous.
seq 1 600 | sed 's/^/many /' | at 2026-11-25T10:00:00+01:00 ana add
pre=$(while IFS= read -r l; do printf '%s' "$l" | sha1sum | cut -c1-4; done <"$log" |
	sort | uniq -d | head -n 1)
run "$g" rm "$pre"
is "$rc:$err" "64:gratitude: id prefix '$pre' is ambiguous" "an ambiguous prefix is a usage error"

run "$g" -V
like "$rc:$out" '^0:gratitude [0-9]+\.[0-9]+\.[0-9]+$' "-V prints the version"
run "$g" --help
like "$rc:$out" '^0:usage: gratitude' "--help prints the usage on stdout"
run "$g" list extra
is "$rc" 64 "an extra operand is a usage error"
cp "$log" "$TEST_TMP/before"
run "$g" list --help
like "$rc:$out" '^0:usage: gratitude' "--help after a command prints the usage"
run "$g" add --help thanks
like "$rc:$out" '^0:usage: gratitude' "--help where an option may stand prints the usage"
t "and stores nothing" same_file "$log" "$TEST_TMP/before"
# Once the text has begun, or after --, -h and --help are words of it.
for words in "we laughed at -h" "thanks for --help" "-- -h is what you said"; do
	# shellcheck disable=SC2086
	run "$g" add $words
	is "$rc:$(tail -n 1 "$log" | cut -f5)" "0:${words#-- }" "'add $words' stores the words"
done
run "$g" --to ben -- --help
is "$rc:$(tail -n 1 "$log" | cut -f4-5)" "0:ben${tab}--help" "after --, --help is the text"

# One computer shared by two: HEARTH_AUTHOR names the configured partner.
HEARTH_AUTHOR=ben at 2026-11-27T09:00:00+01:00 ben 'the shared laptop' </dev/null
is "$(tail -n 1 "$gdir/ben.log" | cut -f4)" "ana" "the partner of the configured partner is the configured name"

# An author whose name starts like another's temp files keeps its log
# through the other's rewrites: temp names are matched exactly.
HEARTH_AUTHOR=.ana.log.1 at 2026-11-27T10:00:00+01:00 .ana.log.1 'a dotted name' </dev/null
cp "$gdir/.ana.log.1.log" "$TEST_TMP/dotted"
at 2026-11-27T10:01:00+01:00 ana 'to be removed' </dev/null
rid=$(tail -n 1 "$log" | tr -d '\n' | sha1sum | cut -c1-12)
run "$g" rm "$rid"
is "$rc" 0 "rm rewrites ana's log"
t "the log of .ana.log.1 is still there, byte for byte" same_file "$gdir/.ana.log.1.log" "$TEST_TMP/dotted"
seq 1 300 | sed 's/^/a batch line that is long enough /' | at 2026-11-27T10:02:00+01:00 ana add
t "and through a batch committed by rename" same_file "$gdir/.ana.log.1.log" "$TEST_TMP/dotted"

# A lock timeout that would wait forever (or not at all) is refused.
cp "$log" "$TEST_TMP/before"
for bad in nan inf -1 1e999 ten; do
	HEARTH_LOCK_TIMEOUT=$bad run "$g" add 'not stored'
	is "$rc:$err" "78:gratitude: bad HEARTH_LOCK_TIMEOUT '$bad' (use a number of seconds from 0 to 86400)" "HEARTH_LOCK_TIMEOUT=$bad is refused"
done
t "and nothing is stored" same_file "$log" "$TEST_TMP/before"
HEARTH_LOCK_TIMEOUT=0.5 run "$g" add 'stored with a short wait'
is "$rc" 0 "a finite timeout is taken"

# A time no reader could take back (a fifth digit of year, or a year
# before 0000) is refused before anything is stored.
cp "$log" "$TEST_TMP/before"
for n in 9999-12-31T23:30:00Z:Asia/Tokyo 0000-01-01T00:30:00+01:00:America/New_York; do
	TZ=${n##*:} HEARTH_NOW=${n%:*} run "$g" add 'out of time'
	is "$rc:$err" "64:gratitude: HEARTH_NOW '${n%:*}' is outside the years a record can hold (0000 to 9999, in the local time zone)" "HEARTH_NOW=${n%:*} in ${n##*:} is refused"
done
t "and nothing is stored" same_file "$log" "$TEST_TMP/before"
TZ=Asia/Tokyo HEARTH_NOW=9999-12-31T12:00:00Z run "$g" add 'the last evening'
is "$rc:$(tail -n 1 "$log" | cut -f1)" "0:9999-12-31T21:00:00.000000+09:00" "the last writable day is taken"
run "$g" list -n 1
is "$rc:$out" "0:9999-12-31${tab}ana${tab}the last evening" "and read back"

# Closed descriptors: the entry is stored once, and the run succeeds, so
# a caller that retries on failure does not store it twice.
cp "$log" "$TEST_TMP/before"
"$g" add 'with no stdin or stdout' <&- >&-
is "$?" 0 "add with stdin and stdout closed exits 0"
is "$(($(wc -l <"$log") - $(wc -l <"$TEST_TMP/before")))" 1 "and stores the entry once"
is "$(tail -n 1 "$log" | cut -f5)" "with no stdin or stdout" "and nothing printed reaches the log"

# Identical records (a hand edit, a bad merge) have one id: rm removes
# every copy and says how many.
line=$(printf '2026-11-28T10:00:00.000000+01:00\tana\tthanks\tben\tsaid twice')
printf '%s\n%s\n' "$line" "$line" >>"$log"
did=$(printf '%s' "$line" | sha1sum | cut -c1-40)
grep -v 'said twice' "$log" >"$TEST_TMP/want"
run "$g" rm "$did"
is "$rc:$err" "0:gratitude: removed 2 identical copies of entry ${did:0:10}" "rm of a duplicated record removes both copies"
t "and only them" same_file "$log" "$TEST_TMP/want"

# A log rewritten in place (rsync --inplace -t) keeping its inode, size,
# mtime and last bytes is still seen as changed: nothing is skipped.
rs=$TEST_TMP/rsync-store
mkdir -p "$rs/gratitude"
chmod 700 "$rs" "$rs/gratitude"
pad=$(printf 'x%.0s' {1..80})
printf '2026-11-01T10:00:00+01:00\tana\tthanks\tben\tfirst %s\n2026-11-03T10:00:00+01:00\tana\tthanks\tben\tsecond %s\n' "$pad" "$pad" >"$rs/gratitude/ana.log"
chmod 600 "$rs/gratitude/ana.log"
HEARTH_DIR=$rs run "$g" list --until 2026-11-04
is "$rc:$(cut -f3 <<<"$out" | cut -d' ' -f1)" "0:first
second" "both entries before the rewrite (the run cache is made)"
mt=$(stat -c %.9Y "$rs/gratitude/ana.log")
printf '2026-11-05' | dd of="$rs/gratitude/ana.log" conv=notrunc status=none
touch -m -d "@$mt" "$rs/gratitude/ana.log"
HEARTH_DIR=$rs run "$g" list --until 2026-11-04
is "$rc:$out" "0:2026-11-03${tab}ana${tab}second $pad" "after the rewrite in place, the entry before --until is still listed"
HEARTH_DIR=$rs run "$g" list
is "$(cut -f1 <<<"$out")" "2026-11-03
2026-11-05" "and the whole log in time order"

# A log of more runs than the reader streams at once (a clock that
# jumps back and forth) is still merged exactly in time order, and its
# malformed lines are reported with their numbers.
mr=$TEST_TMP/runs-store
mkdir -p "$mr/gratitude"
chmod 700 "$mr" "$mr/gratitude"
for i in $(seq 0 299); do
	printf '20%02d-01-01T10:00:00.%06d+00:00\tana\tthanks\tben\tentry %d\n' $(( (i % 2) * 20 + (i / 2) % 10 )) "$i" "$i"
	[ "$i" = 4 ] && printf 'not a record\n'
done >"$mr/gratitude/ana.log"
chmod 600 "$mr/gratitude/ana.log"
sort -s -t"$tab" -k1,1 "$mr/gratitude/ana.log" | grep -v '^not' | cut -f5 >"$TEST_TMP/want"
HEARTH_DIR=$mr run "$g" list
is "$rc:$err" "65:gratitude: $mr/gratitude/ana.log:6: missing fields" "300 runs: the malformed line is reported once, with its number"
is "$(cut -f3 <<<"$out")" "$(cat "$TEST_TMP/want")" "and every entry comes in time order, ties in file order"
HEARTH_DIR=$mr run "$g" list -n 3 --since 2019-01-01 --until 2030-01-01
# The latest three of 2019 to 2029: the year 2029 holds entries 19, 39,
# ... 299 (odd, and (i / 2) % 10 == 9), in the order of their fractions.
is "$(cut -f3 <<<"$out")" "entry 259
entry 279
entry 299" "--since, --until and -n on such a log"

# Typos must not become entries: a single word near a command, alone or
# before options, is refused with the command meant and how to store it.
cp "$log" "$TEST_TMP/before"
run "$g" lsit
is "$rc:$err" "64:gratitude: unknown command 'lsit'; did you mean list? (to store it as a thank-you: gratitude add lsit)" "'gratitude lsit' is a typo of list"
run "$g" lits --since 1w
is "$rc:$err" "64:gratitude: unknown command 'lits'; did you mean list? (to store it as a thank-you: gratitude add lits)" "'gratitude lits --since 1w' too"
run "$g" grpe soup
is "$rc" 0 "two words are a thank-you, even when the first is near a command"
cp "$log" "$TEST_TMP/before"
run "$g" we laughed --since 1w
like "$rc:$err" "^64:gratitude: unknown option '--since'" "in the bare form an unknown option is a usage error"
t "and nothing is stored" same_file "$log" "$TEST_TMP/before"
run "$g" add lsit
is "$rc:$(tail -n 1 "$log" | cut -f5)" "0:lsit" "'gratitude add lsit' stores it"

# A recipient who is neither of the couple nor thanked before is a typo.
run "$g" --to bne 'the soup'
is "$rc:$err" "64:gratitude: unknown recipient 'bne' (known: ana, ben, .ana.log.1); to thank someone new, add --new" "--to bne is refused, with the names known"
run "$g" --to cleo --new 'the flowers'
is "$rc:$(tail -n 1 "$log" | cut -f4)" "0:cleo" "--new thanks someone new"
run "$g" --to cleo 'more flowers'
is "$rc" 0 "and then they are known"

# On a terminal, add says what it stored, to whom, with its id.
script -qec "$g 'the tea on the porch'" /dev/null >"$TEST_TMP/tty" </dev/null
id=$(tail -n 1 "$log" | tr -d '\n' | sha1sum | cut -c1-10)
is "$(tr -d '\r' <"$TEST_TMP/tty")" "thanks to ben stored ($id)" "a terminal is told what was stored"
run "$g" 'in a pipe'
is "$rc:$out" "0:" "a pipe is told nothing"

# With no text on a terminal: the editor when one is set, else a line.
# shellcheck disable=SC2016
printf '#!/bin/sh\nprintf "from the editor\\n# a note\\n\\nand a second\\n" >"$1"\n' >"$TEST_TMP/ed"
chmod +x "$TEST_TMP/ed"
EDITOR=$TEST_TMP/ed script -qec "$g add" /dev/null >/dev/null </dev/null
is "$(tail -n 2 "$log" | cut -f5)" "from the editor
and a second" "add with no text opens \$EDITOR; its lines are entries, # lines left out"
is "$(find "${XDG_STATE_HOME:-$HOME/.local/state}" -name 'gratitude-draft*' 2>/dev/null | wc -l)" 0 "and the draft is removed"
printf 'typed on the terminal\n' | env -u EDITOR -u VISUAL script -qec "$g add" /dev/null >"$TEST_TMP/tty"
is "$(tail -n 1 "$log" | cut -f5)" "typed on the terminal" "without an editor, the text is asked for on the terminal"

# A bare gratitude on a terminal with nothing stored says how to begin.
HEARTH_DIR=$TEST_TMP/empty-store script -qec "$g" /dev/null >"$TEST_TMP/tty" </dev/null
like "$(tr -d '\r' <"$TEST_TMP/tty")" "^Nothing stored yet. Begin with what you appreciate:" "a bare gratitude with nothing stored says how to begin"

# An unknown option is told in gratitude's words, made safe: getopt's own
# message would echo what was typed, escape sequences and all.
run "$g" list $'--\e[2Jx'
is "$rc:$(head -n 1 <<<"$err")" "64:gratitude: unknown option '--\\e[2Jx'" "an unknown long option is told made safe"
run "$g" list -n
is "$rc:$(head -n 1 <<<"$err")" "64:gratitude: option -n needs an argument" "a missing argument is told"
