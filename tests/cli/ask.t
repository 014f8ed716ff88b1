#!/usr/bin/env bash
# ask: picking prompts, memory, decks, weights, the question of the day,
# matching, lines of files, stars and skips, answers, pipes and cron.
# Exact output and exact store bytes, with the clock fixed by HEARTH_NOW
# and random choices fixed by HEARTH_SEED.
#
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

export TZ=Europe/Berlin
export HEARTH_NOW=2026-11-26T20:00:00+01:00
A=$BIN/ask
alog=$store/ask/ana.log
tab=$'\t'
W=$TEST_TMP/work
mkdir -p "$W"

# fnv: the 64-bit FNV-1a hash of every line of stdin, as 16 hex digits
# (in 32-bit halves, so that perl never rounds).
fnv() {
	perl -ne 'chomp; my ($h, $l) = (0xcbf29ce4, 0x84222325);
		for my $c (unpack "C*", $_) {
			$l ^= $c;
			my $t = $l * 0x1b3;
			$h = ($h * 0x1b3 + ($t >> 32) + ($l << 8)) & 0xffffffff;
			$l = $t & 0xffffffff;
		}
		printf "%08x%08x\n", $h, $l;'
}

# id16 TEXT / id10 TEXT: a prompt's id, whole and as ask -v shows it.
id16() {
	printf '%s\n' "$1" | fnv
}
id10() {
	id16 "$1" | cut -c1-10
}

# bytes FILE: FILE's bytes with a "." after them, so that $(bytes FILE)
# keeps the final newline and an exact comparison sees it.
bytes() {
	cat "$1"
	echo .
}

# at WHEN CMD...: run ask at another time.
at() {
	local when=$1
	shift
	HEARTH_NOW=$when "$A" "$@"
}

# in_store DIR CMD...: run ask on another store (HEARTH_DIR).
in_store() {
	local dir=$1
	shift
	HEARTH_DIR=$dir "$A" "$@"
}

# new_store DIR: an empty store (0700), with the tiny deck when asked.
new_store() {
	mkdir -m 700 "$1"
	[ $# -lt 2 ] || {
		mkdir "$1/decks"
		cp "$W/tiny.deck" "$1/decks/"
	}
}

# mlines DECK FILE: the lines ask -m prints for every prompt of FILE.
mlines() {
	local deck=$1 line
	grep '^[123] ' "$2" | while IFS= read -r line; do
		printf '%s\t%s\t%s\t%s\n' "$(id10 "${line#? }")" "$deck" \
			"${line%% *}" "${line#? }"
	done
}

# texts FILE: the prompts of a deck file, sorted.
texts() {
	sed -n 's/^[123] //p' "$1" | sort
}

cat >"$W/tiny.deck" <<'EOF'
# A deck of five prompts, for the tests.
title: Tiny
kind: questions
about: A tiny deck for the tests: five quokka questions at three depths.
about: Ask one a night, and listen to the whole answer before you reply to it.
1 Which quokka would you take home?
1 What is your favourite quokka fact?
2 When did a quokka last make you smile?
2 How would a quokka spend your Sunday?
3 What would you tell a quokka about your fears?
EOF
texts "$W/tiny.deck" >"$W/tiny"

# ---- the first pick, in a store that does not exist yet ----

"$A" -m . >"$W/all" 2>"$W/err"
is "$?:$(cat "$W/err"):$(wc -l <"$W/all")" "0::$(cat common/decks/*.deck | grep -c '^[123] ')" \
	"ask -m . lists every prompt of the built-in decks"
is "$(cut -f1 "$W/all")" "$(cut -f4 "$W/all" | fnv | cut -c1-10)" \
	"every id ask -m shows is the FNV-1a hash of the prompt's text"
"$A" --list | awk -F '\t' '$2 == "questions" { print $1 }' >"$W/qdecks"
is "$(sort "$W/qdecks")" "$(grep -l '^kind: questions$' common/decks/*.deck |
	sed 's|.*/||; s|\.deck$||' | sort)" "--list names the decks of questions"

HEARTH_SEED=1 "$A" >"$W/first" 2>"$W/err"
is "$?:$(cat "$W/err"):$(wc -l <"$W/first")" "0::1" "ask prints one line, quietly"
text=$(head -n 1 "$W/first")
t "that line is the prompt and a newline, nothing else" \
	cmp -s "$W/first" <(printf '%s\n' "$text")
deck=$(T=$text awk -F '\t' '$4 == ENVIRON["T"] { print $2 }' "$W/all")
t "it is a prompt of a built-in deck" test -n "$deck"
t "of a deck of questions (not ideas)" grep -qxF -- "$deck" "$W/qdecks"
id=$(id16 "$text")
is "$(bytes "$alog")" "2026-11-26T20:00:00.000000+01:00${tab}ana${tab}shown${tab}$id${tab}$deck${tab}$text
." "the ask log holds one shown record, byte for byte"
is "$(stat -c %a "$store"):$(stat -c %a "$alog")" "700:600" \
	"the store is created 0700 and the log 0600"

cp "$alog" "$W/before"
run "$A" -x -v
IFS=$tab read -r vid vdeck vdepth vtext <<<"$out"
is "$rc:$err:$vid" "0::$(id10 "$vtext")" "-v shows the first 10 hex digits of the id"
is "$vdeck$tab$vdepth" "$(T=$vtext awk -F '\t' '$4 == ENVIRON["T"] { print $2 "\t" $3 }' "$W/all")" \
	"-v shows the prompt's deck and depth"
at 2026-11-26T20:00:30+01:00 -x -n 3 >/dev/null
at 2026-11-26T20:00:40+01:00 -x -c talk -d 2 >/dev/null
t "-x records nothing: the log is byte-identical" same_file "$alog" "$W/before"

r1=$TEST_TMP/r1 r2=$TEST_TMP/r2
new_store "$r1"
new_store "$r2"
HEARTH_SEED=42 in_store "$r1" >"$W/r1"
HEARTH_SEED=42 in_store "$r2" >"$W/r2"
is "$(cat "$W/r2")" "$(cat "$W/r1")" "HEARTH_SEED makes a pick reproducible"
t "and the records too" same_file "$r1/ask/ana.log" "$r2/ask/ana.log"
for s in 1 2 3 4 5 6 7 8; do
	HEARTH_SEED=$s in_store "$r1" -x
done >"$W/seeds"
t "other seeds pick other prompts" test "$(sort -u "$W/seeds" | wc -l)" -gt 1

fresh=$TEST_TMP/fresh
new_store "$fresh" tiny
in_store "$fresh" -x -v -n 400 >"$W/many"
is "$(wc -l <"$W/many")" 400 "-n 400 gives 400 prompts"
is "$(cut -f4 "$W/many" | sort -u | wc -l)" 400 "all of them different"
run grep -vxF -e tiny -f "$W/qdecks" <(cut -f2 "$W/many")
is "$out" "" "a pick without -c takes decks of questions only"

# ---- the question of the day needs the couple's seed ----

run "$A" --today
is "$rc:$out:$err" "78::ask: no shared seed for the question of the day: run 'hearth init' to make one, or 'hearth init --seed SEED' with your partner's" \
	"--today without a seed exits 78 and says to run hearth init"

# ---- memory: never the same until every prompt was shown ----

mkdir "$store/decks"
cp "$W/tiny.deck" "$store/decks/"
for i in 1 2 3 4 5; do
	HEARTH_SEED=$i at "2026-11-26T20:0$i:00+01:00" -c tiny
done >"$W/five"
is "$(sort "$W/five")" "$(cat "$W/tiny")" "5 picks from a deck of 5 show all 5, once each"
first=$(head -n 1 "$W/five")
is "$(HEARTH_SEED=6 at 2026-11-26T20:06:00+01:00 -c tiny)" "$first" \
	"the 6th shows the least recently shown: the first one"
is "$(tail -n 6 "$alog" | cut -f 4-)" "$(while IFS= read -r l; do
	printf '%s\t%s\t%s\n' "$(id16 "$l")" tiny "$l"
done < <(cat "$W/five" <(echo "$first")))" "each pick is recorded with its id, deck and text"

skid=$(id10 "$first")
run at 2026-11-26T20:07:00+01:00 --skip "$skid"
is "$rc:$out:$err" "0::" "--skip ID is quiet"
is "$(tail -n 1 "$alog")" "2026-11-26T20:07:00.000000+01:00${tab}ana${tab}skip${tab}$(id16 "$first")${tab}tiny${tab}$first" \
	"--skip records a skip record, byte for byte"
for i in $(seq 10 39); do
	HEARTH_SEED=$i at "2026-11-26T21:$i:00+01:00" -c tiny
done >"$W/after"
is "$(grep -cxF -- "$first" "$W/after")" 0 "a skipped prompt never comes back (30 picks)"
is "$(sort -u "$W/after")" "$(grep -vxF -- "$first" "$W/tiny")" \
	"the other four keep coming"
run at 2026-11-26T21:50:00+01:00 -c tiny -n 3
is "$rc:$err:$(sort -u <<<"$out" | wc -l)" "0::3" "-n 3 gives 3 different prompts"
is "$(tail -n 3 "$alog" | cut -f1,6)" "$(paste <(printf '2026-11-26T21:50:00.%06d+01:00\n' 0 1 2) <(echo "$out"))" \
	"-n 3 records the 3, one microsecond apart, in the order shown"
run at 2026-11-26T21:51:00+01:00 -c tiny -n 9
is "$rc:$(wc -l <<<"$out")" "0:4" "-n larger than what fits gives what fits"

for d in 1 2 3 1-2 2-3 1-3; do
	for s in 1 2 3 4 5 6 7 8 9 10; do
		HEARTH_SEED=$s in_store "$fresh" -x -v -c tiny -d "$d"
	done >"$W/depth"
	lo=${d%-*} hi=${d#*-}
	is "$(cut -f4 "$W/depth" | sort -u)" "$(awk -v lo="$lo" -v hi="$hi" \
		'/^[123] / && $1 >= lo && $1 <= hi { print substr($0, 3) }' "$W/tiny.deck" | sort)" \
		"-d $d: only (and all) the prompts of depth $d"
	is "$(cut -f3 "$W/depth" | sort -u | tr '\n' ' ')" "$(seq -s ' ' "$lo" "$hi") " \
		"-d $d: -v shows those depths"
done

# ---- decks: built in, replaced, listed, checked ----

builtin_list() {
	local f
	for f in common/decks/*.deck; do
		awk -v n="$(basename "$f" .deck)" '
			/^title: / { t = substr($0, 8) }
			/^kind: / { k = substr($0, 7) }
			/^1 / { a++ } /^2 / { b++ } /^3 / { c++ }
			END { printf "%s\t%s\t%d\t%d\t%d\t%s\n", n, k, a, b, c, t }' "$f"
	done
}
builtin_list >"$W/builtin"

own=$TEST_TMP/own
new_store "$own" tiny
cat >"$own/decks/talk.deck" <<'EOF'
title: Our talk
kind: questions
about: Our own openers.
1 How was the bus this morning?
1 What was on the lunch menu?
3 What do you fear most about the winter?
EOF
run in_store "$own" --list
is "$rc:$err" "0:" "--list succeeds quietly"
is "$out" "$(grep -v '^talk	' "$W/builtin")
talk${tab}questions${tab}2${tab}0${tab}1${tab}Our talk
tiny${tab}questions${tab}2${tab}2${tab}1${tab}Tiny" \
	"--list in a pipe: the built-in counts as in common/decks, then the store's decks, a replaced one once"
run in_store "$own" -m . -c talk
is "$out" "$(mlines talk "$own/decks/talk.deck")" \
	"a store deck replaces the built-in deck of the same name"
in_store "$own" -x -n 10 -c talk >"$W/talk"
is "$(sort "$W/talk")" "$(texts "$own/decks/talk.deck")" "picks from it show its prompts only"

run "$A" --about tiny
is "$rc:$out" "0:Tiny

A tiny deck for the tests: five quokka questions at three depths. Ask
one a night, and listen to the whole answer before you reply to it." \
	"--about: the title, a blank line, the note folded at 72 columns"
run "$A" --about nosuch
is "$rc:$out:$err" "64::ask: no deck 'nosuch' (ask --list shows the decks)" "--about an unknown deck is a usage error"

broken=$TEST_TMP/broken
new_store "$broken" tiny
printf 'title: Bad\nkind: questions\nabout: A bad deck.\n2 Is this fine?\n5 Is this not fine?\n' \
	>"$broken/decks/bad.deck"
run in_store "$broken" -c tiny
is "$rc:$err" "65:ask: $broken/decks/bad.deck:5: bad depth (use 1, 2 or 3, then a space)" \
	"a malformed store deck is reported once, as FILE:LINE: reason, and skipped: exit 65"
t "the other decks keep working: a prompt of tiny" grep -qxF -- "$out" "$W/tiny"
t "and it is recorded as shown" test -s "$broken/ask/ana.log"

C=$W/check
mkdir "$C"
cp "$W/tiny.deck" "$C/good.deck"
printf 'title: T\nkind: questions\nabout: A deck.\n4 Is depth four deep?\n' >"$C/depth.deck"
printf 'title: T\nkind: questions\n1 Is this first?\nabout: Too late.\n' >"$C/late.deck"
printf 'kind: questions\nabout: A deck.\n1 Who am I?\n' >"$C/untitled.deck"
printf 'kind: questions\nabout: A deck with nothing in it.\n' >"$C/empty.deck"
printf 'title: T\n1 Is this twice?\n2 Is this once?\n1 Is this twice?\n' >"$C/twice.deck"
printf 'title: T\n1 %s?\n' "$(printf '%0199d' 0)" >"$C/b200.deck"
printf 'title: T\n1 %s?\n' "$(printf '%0200d' 0)" >"$C/b201.deck"
printf 'title: T\ncolour: blue\n1 Which colour?\n' >"$C/key.deck"
printf 'title: T\n1 Is it caf\351?\n' >"$C/latin1.deck"

run "$A" --check "$C/good.deck"
is "$rc:$out:$err" "0:$C/good.deck: Tiny, 5 prompts (2, 2, 1 by depth):" "--check of a good deck"
run "$A" --check "$C/b200.deck"
is "$rc:$out:$err" "0:$C/b200.deck: T, 1 prompt (1, 0, 0 by depth):" "--check: a prompt of 200 bytes is fine"
while IFS='|' read -r f why; do
	run "$A" --check "$C/$f"
	is "$rc:$out:$err" "65::ask: $C/$f$why" "--check ${f%.deck}: exit 65,${why#*:}"
done <<'EOF'
depth.deck|:4: bad depth (use 1, 2 or 3, then a space)
late.deck|:4: a header line after the first prompt
untitled.deck|:3: a prompt before the title: line
empty.deck|: no title: line
twice.deck|:4: the same prompt twice
b201.deck|:2: prompt longer than 200 bytes
key.deck|:2: unknown key (use title, kind or about)
latin1.deck|:2: invalid UTF-8
EOF
run "$A" --check "$C/good.deck" "$C/twice.deck" "$C/b200.deck"
is "$rc:$out:$err" "65:$C/good.deck: Tiny, 5 prompts (2, 2, 1 by depth)
$C/b200.deck: T, 1 prompt (1, 0, 0 by depth):ask: $C/twice.deck:4: the same prompt twice" \
	"--check of several files: each good one on stdout, each bad one on stderr, exit 65"

# ---- -m ----

run "$A" -m 'quokka'
is "$rc:$err" "0:" "-m exits 0 on a match"
is "$out" "$(mlines tiny "$W/tiny.deck")" "-m prints ID, DECK, DEPTH and TEXT of every match"
run "$A" -m 'QUOKKA (FACT|about)'
is "$out" "$(mlines tiny "$W/tiny.deck" | grep -E 'quokka (fact|about)')" "-m takes an ERE and ignores case"
run "$A" -m 'quokka' -d 2
is "$out" "$(mlines tiny "$W/tiny.deck" | grep "${tab}2${tab}")" "-m with -d"
run "$A" -m 'no prompt says this, surely'
is "$rc:$out:$err" "1::" "-m with no match exits 1, quietly"
run "$A" -m '('
is "$rc:$out" "64:" "-m with a bad pattern is a usage error"

intl=$TEST_TMP/intl
new_store "$intl"
mkdir "$intl/decks"
printf 'title: Cafe\nkind: questions\nabout: A deck.\n1 Which caf\303\251 felt like ours?\n' \
	>"$intl/decks/cafe.deck"
run in_store "$intl" -m $'CAF\303\211 FELT'
is "$rc:$out" "0:$(mlines cafe "$intl/decks/cafe.deck")" "-m ignores the case of non-ASCII letters too (UTF-8 locale)"

# Two prompts whose ids share their first 4 hex digits (520c) and not
# the 5th: found by search, and checked here with the test's own hash.
twins=$TEST_TMP/twins
new_store "$twins"
mkdir "$twins/decks"
t12='Would 12 quokkas be too many to take home?'
t287='Would 287 quokkas be too many to take home?'
printf 'title: Twins\nkind: questions\nabout: Two ids alike.\n1 %s\n1 %s\n' \
	"$t12" "$t287" >"$twins/decks/twins.deck"
is "$(id16 "$t12" | cut -c1-5) $(id16 "$t287" | cut -c1-5)" "520cc 520cb" \
	"the twins deck: two ids that share 4 digits, not 5"
run in_store "$twins" --star 520c
is "$rc:$out:$err" "64::ask: id prefix '520c' is ambiguous" "an ambiguous id prefix is a usage error"
t "and records nothing" test ! -e "$twins/ask/ana.log"
HEARTH_NOW=2026-11-26T20:30:00+01:00 run in_store "$twins" --star 520cb
is "$rc:$out:$err:$(cat "$twins/ask/ana.log")" "0:::2026-11-26T20:30:00.000000+01:00${tab}ana${tab}star${tab}$(id16 "$t287")${tab}twins${tab}$t287" \
	"one more digit names one of them"

# ---- weights and usage errors ----

for s in $(seq 1 30); do
	HEARTH_SEED=$s in_store "$fresh" -x -v -c 100%tiny -c 0%talk
done >"$W/w"
is "$(cut -f2 "$W/w" | sort -u)" tiny "-c 100%tiny -c 0%talk always picks tiny"
for s in $(seq 1 30); do
	HEARTH_SEED=$s in_store "$fresh" -x -v -c 0%tiny -c 100%talk
done >"$W/w"
is "$(cut -f2 "$W/w" | sort -u)" talk "-c 0%tiny -c 100%talk always picks talk"
for s in $(seq 1 60); do
	HEARTH_SEED=$s in_store "$fresh" -x -v -c 50%tiny -c 50%talk
done >"$W/w"
is "$(cut -f2 "$W/w" | sort -u | tr '\n' ' ')" "talk tiny " "-c 50%tiny -c 50%talk picks both"

cp "$alog" "$W/before"
while IFS='|' read -r args want; do
	read -ra argv <<<"$args"
	run "$A" "${argv[@]}"
	is "$rc:$out:$err" "64::ask: $want" "ask $args: exit 64"
done <<'EOF'
-c 60%tiny -c 50%talk|the weights add up to 110%, more than 100%
-c 101%tiny|bad weight in '101%tiny' (use 0% to 100%)
-c nosuch|no deck 'nosuch' (ask --list shows the decks)
-c Tiny|bad deck name 'Tiny'
-d 4|bad depth '4' (use 1, 2, 3 or a range such as 2-3)
-d 3-1|bad depth '3-1' (use 1, 2, 3 or a range such as 2-3)
-d 0|bad depth '0' (use 1, 2, 3 or a range such as 2-3)
-n 0|bad count '0'
EOF
t "usage errors record nothing" same_file "$alog" "$W/before"

# ---- the question of the day ----

"$BIN/hearth" init --name ana --partner ben --seed s33d-of-us >/dev/null </dev/null
B=$TEST_TMP/b
mkdir -p "$B/home" "$B/data" "$B/config"
# on_b CMD...: run CMD on ben's machine (its own HOME, store and config).
on_b() {
	HOME=$B/home XDG_DATA_HOME=$B/data XDG_CONFIG_HOME=$B/config \
		HEARTH_AUTHOR=ben "$@"
}
on_b "$BIN/hearth" init --name ben --partner ana --seed s33d-of-us >/dev/null </dev/null
mkdir -p "$B/data/hearth/decks"
cp "$W/tiny.deck" "$B/data/hearth/decks/"

a1=$(HEARTH_SEED=1 at 2026-12-01T08:00:00+01:00 --today -x)
b1=$(on_b env HEARTH_SEED=2 HEARTH_NOW=2026-12-01T21:00:00+01:00 "$A" --today -x)
t "--today prints a prompt" grep -qxF -- "$a1" <(cut -f4 "$W/all" | cat - "$W/tiny")
is "$b1" "$a1" "--today: the same prompt on both machines on the same date (HEARTH_SEED aside)"
a2=$(at 2026-12-02T08:00:00+01:00 --today -x)
b2=$(on_b env HEARTH_NOW=2026-12-02T08:00:00+01:00 "$A" --today -x)
is "$b2" "$a2" "--today: the same on both machines the next day"
t "--today: another prompt on another date" test "$a2" != "$a1"

for d in 01 02 03 04 05; do
	at "2026-12-${d}T20:00:00+01:00" --today -x -c tiny
done >"$W/days"
is "$(sort "$W/days")" "$(cat "$W/tiny")" \
	"--today -c tiny: 5 consecutive days show each of the 5 prompts once"

before=$(grep -c . "$alog")
for h in 08 12 23; do
	at "2026-12-10T$h:00:00+01:00" --today
done >"$W/today"
is "$(sort -u "$W/today" | wc -l):$(wc -l <"$W/today")" "1:3" "--today all day long: the same prompt"
p10=$(head -n 1 "$W/today")
is "$(($(grep -c . "$alog") - before))" 1 "--today is recorded once a day, however often it runs"
is "$(tail -n 1 "$alog" | cut -f1,3)" "2026-12-10T08:00:00.000000+01:00${tab}shown" \
	"by the first run of the day"
at 2026-12-11T08:00:00+01:00 --today -x >/dev/null
is "$(($(grep -c . "$alog") - before))" 1 "--today -x records nothing"
at 2026-12-11T08:00:00+01:00 --today >/dev/null
is "$(($(grep -c . "$alog") - before))" 2 "the next day it is recorded again"

is "$(at 2026-12-10T23:59:00+01:00 --today -x)" "$p10" "--today at 23:59 is still the day's prompt"
p11=$(at 2026-12-11T00:00:00+01:00 --today -x)
t "--today changes at local midnight" test "$p11" != "$p10"
is "$(at 2026-12-10T23:30:00Z --today -x)" "$p11" "--today follows the local date: 23:30 UTC is the next day in Berlin"
is "$(TZ=UTC at 2026-12-10T23:30:00Z --today -x)" "$p10" "and the same day in UTC"

# ---- the question of the day from the couple's settings ----

# today_decks and today_depth (hearth set) are the decks and depth of
# --today when -c and -d are not given, so that both machines ask the
# same question without passing the same flags.
st1=$TEST_TMP/set1 st2=$TEST_TMP/set2
for s in "$st1" "$st2"; do
	new_store "$s" tiny
	HEARTH_DIR=$s "$BIN/hearth" set seed s33d-of-us >/dev/null
	HEARTH_DIR=$s "$BIN/hearth" set today_decks tiny >/dev/null
	HEARTH_DIR=$s "$BIN/hearth" set today_depth 2 >/dev/null
done
for d in 01 02 03 04; do
	HEARTH_NOW=2026-12-${d}T20:00:00+01:00 in_store "$st1" --today -x -v
done >"$W/set1"
for d in 01 02 03 04; do
	HEARTH_AUTHOR=ben HEARTH_NOW=2026-12-${d}T07:00:00+01:00 in_store "$st2" --today -x -v
done >"$W/set2"
is "$(cat "$W/set2")" "$(cat "$W/set1")" \
	"two stores with the same settings: the same question on the same day, no flags given"
is "$(cut -f2,3 "$W/set1" | sort -u)" "tiny${tab}2" "from the deck and the depth the settings name"
is "$(cut -f4 "$W/set1" | sort -u)" "How would a quokka spend your Sunday?
When did a quokka last make you smile?" "both prompts of that depth come, day after day"
HEARTH_DIR=$st1 "$BIN/hearth" set today_depth 3 >/dev/null
now1() {
	HEARTH_NOW=2026-12-01T20:00:00+01:00 in_store "$st1" --today -x "$@"
}
is "$(now1)" "What would you tell a quokka about your fears?" \
	"today_depth 3: the question changes to the deck's one prompt of depth 3"
is "$(now1 -v -d 1 | cut -f2,3)" "tiny${tab}1" "-d on the command line overrides today_depth"
is "$(now1 -v -c talk | cut -f2,3)" "talk${tab}3" "-c overrides today_decks, and today_depth still holds"
HEARTH_DIR=$st1 "$BIN/hearth" set today_decks tiny,talk >/dev/null
two=$(now1 -v)
HEARTH_DIR=$st1 "$BIN/hearth" set today_decks '70%tiny,30%talk' >/dev/null
is "$(now1 -v)" "$two" "today_decks takes weights as -c does, and as for -c they change nothing"
HEARTH_DIR=$st1 "$BIN/hearth" set today_decks tiny,nosuch >/dev/null
run now1
is "$rc:$out:$err" "78::ask: setting today_decks (hearth set): no deck 'nosuch' (ask --list shows the decks)" \
	"a setting that names no deck here: exit 78, and which setting"
run now1 -c tiny -v
is "$rc:$(cut -f2,3 <<<"$out")" "0:tiny${tab}3" "-c sets the setting aside"
HEARTH_DIR=$st1 "$BIN/hearth" set today_decks '60%tiny,50%talk' >/dev/null
run now1
is "$rc:$err" "78:ask: setting today_decks (hearth set): the weights add up to 110%, more than 100%" \
	"weights of the setting over 100%: exit 78"

# ---- answers: to the question last shown; your partner's only once you have answered ----

# The issue "Two weeks of real use": at 00:30 an answer went to the new
# day's question, which the partner had never seen.  Without an id, an
# answer goes to the question last recorded as shown, and says which.
pid=$(id16 "$p11")
p12=$(at 2026-12-12T00:30:00+01:00 --today -x)
t "past midnight, --today is a new question" test "$p12" != "$p11"
run at 2026-12-12T00:30:00+01:00 answer 'The dunes, at dawn'
is "$rc:$out:$err" "0::ask: answered ${pid:0:10}: $p11" \
	"answer at 00:30 goes to the question last shown, not the new day's, and says which on stderr"
is "$(tail -n 1 "$alog")" "2026-12-12T00:30:00.000000+01:00${tab}ana${tab}answer${tab}$pid${tab}The dunes, at dawn" \
	"answer records the last shown question's id and the text, byte for byte"
HEARTH_AUTHOR=ben run at 2026-12-12T00:35:00+01:00 answer 'Mine: the sea'
is "$rc:$out:$err" "1::ask: nothing has been shown yet; give an id" \
	"answer without an id, when nothing was shown to you: exit 1, nothing stored"
HEARTH_AUTHOR=ben at 2026-12-11T09:00:00+01:00 --today >/dev/null
HEARTH_AUTHOR=ben run at 2026-12-12T00:40:00+01:00 answers
is "$rc:$out:$err" "1::ask: ana answered; answer it yourself to see it: ask answer ${pid:0:10} TEXT" \
	"ben does not see ana's answer before he answers"
HEARTH_AUTHOR=ben run at 2026-12-12T00:45:00+01:00 answer Mine: the sea
is "$rc:$err" "0:ask: answered ${pid:0:10}: $p11" "ben answers the question he was shown (the words are joined)"
at 2026-12-12T01:00:00+01:00 answer "${pid:0:6}" 'And the bread after' 2>/dev/null
want="$p11
2026-12-12${tab}ana${tab}The dunes, at dawn
2026-12-12${tab}ben${tab}Mine: the sea
2026-12-12${tab}ana${tab}And the bread after"
run at 2026-12-12T01:30:00+01:00 answers
is "$rc:$out:$err" "0:$want:" "ana sees the question last shown, then both answers in time order"
HEARTH_AUTHOR=ben run at 2026-12-12T01:30:00+01:00 answers
is "$rc:$out:$err" "0:$want:" "ben sees the same"
HEARTH_AUTHOR=ben run at 2026-12-14T09:00:00+01:00 answers "${pid:0:10}"
is "$rc:$out" "0:$want" "answers ID, on another day"
run at 2026-12-12T01:35:00+01:00 answer faded photos of us
is "$rc:$(tail -n 1 "$alog" | cut -f4-)" "0:$pid${tab}faded photos of us" \
	"a first word without a digit is text, not an id"
run at 2026-12-12T01:40:00+01:00 answer '   '
is "$rc:$err" "65:ask: empty answer" "an empty answer is refused"
run at 2026-12-12T01:40:00+01:00 answer ''
is "$rc:$err" "65:ask: empty answer" "an answer of no bytes is refused"

# On a terminal, what was answered is said on stdout.
cp "$alog" "$W/before"
HEARTH_NOW=2026-12-12T01:45:00+01:00 script -qec "$A answer 'On the porch'" /dev/null \
	>"$W/tty" 2>&1 </dev/null
is "$(tr -d '\r' <"$W/tty")" "answered ${pid:0:10}: $p11" \
	"on a terminal, answer says on stdout which question it answered"
is "$(tail -n 1 "$alog" | cut -f4-)" "$pid${tab}On the porch" "and stores the answer"

# The question last shown is the one in front of you: --today is
# recorded again when another prompt was shown since, so an answer then
# goes to the question of the day.
at 2026-12-12T08:00:00+01:00 --today >/dev/null
other=$(at 2026-12-12T09:00:00+01:00 -c tiny)
before=$(grep -c . "$alog")
is "$(at 2026-12-12T20:00:00+01:00 --today)" "$p12" "--today in the evening: the day's question"
is "$(($(grep -c . "$alog") - before)):$(tail -n 1 "$alog" | cut -f1,3,4)" \
	"1:2026-12-12T20:00:00.000000+01:00${tab}shown${tab}$(id16 "$p12")" \
	"recorded again, since another prompt ($other) was shown after the morning's"
run at 2026-12-12T20:05:00+01:00 answer 'A walk'
is "$rc:$err" "0:ask: answered $(id10 "$p12"): $p12" "so an answer goes to the question of the day"
at 2026-12-12T20:10:00+01:00 --today >/dev/null
is "$(($(grep -c . "$alog") - before))" 2 "--today once more: nothing more recorded"

# ---- changing and taking back an answer ----

# An edit replaces every answer you gave the prompt; unanswer takes them
# all back.  Both are new records: the log is never rewritten.
run at 2026-12-13T10:00:00+01:00 answer --edit "${pid:0:10}" 'The dunes,' at dawn, with you
is "$rc:$out:$err" "0::ask: changed your answer to ${pid:0:10}: $p11" \
	"answer --edit ID TEXT says what it changed"
is "$(tail -n 1 "$alog")" "2026-12-13T10:00:00.000000+01:00${tab}ana${tab}edit${tab}$pid${tab}The dunes, at dawn, with you" \
	"and appends an edit record, byte for byte"
want="$p11
2026-12-12${tab}ben${tab}Mine: the sea
2026-12-13${tab}ana${tab}The dunes, at dawn, with you"
HEARTH_AUTHOR=ben run at 2026-12-13T10:05:00+01:00 answers "${pid:0:10}"
is "$rc:$out:$err" "0:$want:" "ana's answers to the prompt are now the edit's text alone"
run at 2026-12-13T10:10:00+01:00 unanswer "${pid:0:10}"
is "$rc:$out:$err" "0::ask: took back your answer to ${pid:0:10}: $p11" "unanswer ID says what it took back"
is "$(tail -n 1 "$alog")" "2026-12-13T10:10:00.000000+01:00${tab}ana${tab}unanswer${tab}$pid" \
	"and appends an unanswer record with the id alone"
run at 2026-12-13T10:15:00+01:00 answers "${pid:0:10}"
is "$rc:$out:$err" "1::ask: ben answered; answer it yourself to see it: ask answer ${pid:0:10} TEXT" \
	"with your answer taken back, your partner's is hidden again"
HEARTH_AUTHOR=ben run at 2026-12-13T10:15:00+01:00 answers "${pid:0:10}"
is "$rc:$out:$err" "0:$p11
2026-12-12${tab}ben${tab}Mine: the sea:" "your partner sees only their own"
cp "$alog" "$W/before"
run at 2026-12-13T10:20:00+01:00 unanswer "${pid:0:10}"
is "$rc:$out:$err" "1::ask: you have no answer to ${pid:0:10} to take back" \
	"unanswer with nothing to take back: exit 1"
run at 2026-12-13T10:20:00+01:00 answer --edit "${pid:0:10}" new words
is "$rc:$out:$err" "1::ask: you have not answered ${pid:0:10}, so there is nothing to change: ask answer ${pid:0:10} TEXT" \
	"answer --edit with no answer: exit 1"
run at 2026-12-13T10:20:00+01:00 unanswer ffffffffff
is "$rc:$err" "1:ask: no prompt 'ffffffffff'" "unanswer of an id that names no prompt: exit 1"
t "none of these stored anything" same_file "$alog" "$W/before"
run at 2026-12-13T10:25:00+01:00 answer "${pid:0:10}" 'Back again'
HEARTH_AUTHOR=ben run at 2026-12-13T10:30:00+01:00 answers "${pid:0:10}"
is "$rc:$out" "0:$p11
2026-12-12${tab}ben${tab}Mine: the sea
2026-12-13${tab}ana${tab}Back again" "an answer after an unanswer counts"

# The latest edit or unanswer counts, by time, then author, then the
# record's bytes, however the lines lie in the files: the same store in
# two file orders gives the same answers.
tid=$(id16 'Which quokka would you take home?') uid=$(id16 'When did a quokka last make you smile?')
o1=$TEST_TMP/order1 o2=$TEST_TMP/order2
new_store "$o1" tiny
new_store "$o2" tiny
mkdir -m 700 "$o1/ask" "$o2/ask"
{
	printf '2026-11-20T20:00:00.000000+01:00\tana\tanswer\t%s\tone\n' "$tid"
	# The same moment: "answer" sorts before "edit", so the edit is later.
	printf '2026-11-20T21:00:00.000000+01:00\tana\tedit\t%s\ttwo\n' "$tid"
	printf '2026-11-20T21:00:00.000000+01:00\tana\tanswer\t%s\tthree\n' "$tid"
	printf '2026-11-20T22:00:00.000000+01:00\tana\tanswer\t%s\tfour\n' "$tid"
	printf '2026-11-20T23:00:00.000000+01:00\tana\tanswer\t%s\ta\n' "$uid"
	# The same instant in two offsets: the bytes of "21T00:30+01:00"
	# sort after "20T23:30+00:00", so the edit is later than the unanswer.
	printf '2026-11-21T00:30:00.000000+01:00\tana\tedit\t%s\tb\n' "$uid"
	printf '2026-11-20T23:30:00.000000+00:00\tana\tunanswer\t%s\n' "$uid"
} >"$o1/ask/ana.log"
tac "$o1/ask/ana.log" >"$o2/ask/ana.log"
chmod 600 "$o1/ask/ana.log" "$o2/ask/ana.log"
want="Which quokka would you take home?
2026-11-20${tab}ana${tab}two
2026-11-20${tab}ana${tab}four

When did a quokka last make you smile?
2026-11-21${tab}ana${tab}b"
run in_store "$o1" answers --all
is "$rc:$out:$err" "0:$want:" "answers --all: the latest edit counts, with the answers after it, by hand"
run in_store "$o2" answers --all
is "$rc:$out:$err" "0:$want:" "the same with the lines of the log in the other order"
printf '2026-11-21T08:00:00.000000+01:00\tana\tunanswer\t%s\n' "$uid" >>"$o2/ask/ana.log"
run in_store "$o2" answers --all
is "$rc:$out" "0:Which quokka would you take home?
2026-11-20${tab}ana${tab}two
2026-11-20${tab}ana${tab}four" "a later unanswer takes the prompt out of answers --all"

# ---- inbox and answers --all ----

ib=$TEST_TMP/inbox
new_store "$ib" tiny
HEARTH_DIR=$ib "$BIN/hearth" set seed s33d-of-us >/dev/null
q1='Which quokka would you take home?' q2='What is your favourite quokka fact?'
q3='How would a quokka spend your Sunday?'
HEARTH_AUTHOR=ben HEARTH_NOW=2026-11-21T20:00:00+01:00 in_store "$ib" answer "$(id10 "$q1")" 'The sleepy one' 2>/dev/null
HEARTH_AUTHOR=ben HEARTH_NOW=2026-11-22T20:00:00+01:00 in_store "$ib" answer "$(id10 "$q2")" 'They smile' 2>/dev/null
HEARTH_NOW=2026-11-23T20:00:00+01:00 in_store "$ib" answer "$(id10 "$q2")" 'The selfies' 2>/dev/null
HEARTH_NOW=2026-11-24T20:00:00+01:00 in_store "$ib" answer "$(id10 "$q3")" 'Sunbathing' 2>/dev/null
run in_store "$ib" inbox
is "$rc:$out:$err" "0:2026-11-21${tab}$(id10 "$q1")${tab}ben${tab}$q1:" \
	"inbox: the question ben answered and ana has not, with its date, id and author, not his answer"
run in_store "$ib" inbox --json
is "$rc:$out:$err" "0:{\"id\":\"$(id16 "$q1")\",\"prompt\":\"$q1\",\"time\":\"2026-11-21T20:00:00.000000+01:00\",\"author\":\"ben\"}:" \
	"inbox --json: one object a question"
HEARTH_AUTHOR=ben run in_store "$ib" inbox
is "$rc:$out:$err" "0:2026-11-24${tab}$(id10 "$q3")${tab}ana${tab}$q3:" "ben's inbox: what ana answered alone"
want="$q1
2026-11-21${tab}ben${tab}(answer it yourself to see it)

$q2
2026-11-22${tab}ben${tab}They smile
2026-11-23${tab}ana${tab}The selfies

$q3
2026-11-24${tab}ana${tab}Sunbathing"
run in_store "$ib" answers --all
is "$rc:$out:$err" "0:$want:" \
	"answers --all: every question either answered, oldest first; the partner's answer shown only where you answered too"
run in_store "$ib" --json answers --all
is "$rc:$out:$err" "0:{\"id\":\"$(id16 "$q1")\",\"prompt\":\"$q1\",\"time\":\"2026-11-21T20:00:00.000000+01:00\",\"author\":\"ben\",\"answer\":null}
{\"id\":\"$(id16 "$q2")\",\"prompt\":\"$q2\",\"time\":\"2026-11-22T20:00:00.000000+01:00\",\"author\":\"ben\",\"answer\":\"They smile\"}
{\"id\":\"$(id16 "$q2")\",\"prompt\":\"$q2\",\"time\":\"2026-11-23T20:00:00.000000+01:00\",\"author\":\"ana\",\"answer\":\"The selfies\"}
{\"id\":\"$(id16 "$q3")\",\"prompt\":\"$q3\",\"time\":\"2026-11-24T20:00:00.000000+01:00\",\"author\":\"ana\",\"answer\":\"Sunbathing\"}:" \
	"answers --all --json: one object an answer, a hidden one's answer null"
HEARTH_NOW=2026-11-25T20:00:00+01:00 in_store "$ib" answer "$(id10 "$q1")" 'The loud one' 2>/dev/null
run in_store "$ib" inbox
is "$rc:$out:$err" "1::" "once answered, the inbox is empty: exit 1"
run in_store "$ib" answers --all
is "$(head -n 3 <<<"$out")" "$q1
2026-11-21${tab}ben${tab}The sleepy one
2026-11-25${tab}ana${tab}The loud one" "and answers --all shows ben's answer to it"
printf 'a line of ours?\n' >"$W/ours.txt"
HEARTH_AUTHOR=ben HEARTH_NOW=2026-11-26T08:00:00+01:00 in_store "$ib" -f "$W/ours.txt" >/dev/null
HEARTH_AUTHOR=ben HEARTH_NOW=2026-11-26T09:00:00+01:00 in_store "$ib" answer 'Yes' 2>/dev/null
run in_store "$ib" inbox
is "$rc:$out" "0:2026-11-26${tab}$(id10 'a line of ours?')${tab}ben${tab}a line of ours?" \
	"inbox: a line of ben's file, its words from his log"
empty=$TEST_TMP/noanswers
new_store "$empty"
run in_store "$empty" answers --all
is "$rc:$out:$err" "1::" "answers --all with no answers: exit 1, quietly"

# ---- stars, skips, history ----

m=$TEST_TMP/marks
new_store "$m" tiny
run in_store "$m" --star
is "$rc:$out:$err" "1::ask: nothing has been shown yet; give an id" "--star with nothing shown exits 1"
run in_store "$m" --history
is "$rc:$out" "1:" "--history with nothing shown exits 1"
for i in 1 2 3; do
	HEARTH_SEED=$i HEARTH_NOW=2026-11-2${i}T20:00:00+01:00 in_store "$m" -c tiny
done >"$W/m3"
mapfile -t shown <"$W/m3"
row() {
	printf '%s\t%s\ttiny\t%s\n' "$1" "$(id10 "$2")" "$2"
}
HEARTH_NOW=2026-11-24T08:00:00+01:00 in_store "$m" --star
HEARTH_NOW=2026-11-24T08:01:00+01:00 in_store "$m" --star "$(id10 "${shown[0]}")"
run in_store "$m" --starred
is "$rc:$out:$err" "0:$(row 2026-11-24 "${shown[2]}")
$(row 2026-11-24 "${shown[0]}"):" "--star (the last shown) and --star ID; --starred lists them"
HEARTH_NOW=2026-11-24T08:02:00+01:00 run in_store "$m" --star "$(id10 "${shown[0]}")"
is "$rc:$err:$(grep -c $'\tstar\t' "$m/ask/ana.log")" "0:ask: already starred:2" \
	"starring again says so and records nothing"
run in_store "$m" --history
is "$rc:$out" "0:$(row 2026-11-21 "${shown[0]}")
$(row 2026-11-22 "${shown[1]}")
$(row 2026-11-23 "${shown[2]}")" "--history: DATE, ID, DECK, TEXT, oldest first"
run in_store "$m" --history -n 2
is "$out" "$(row 2026-11-22 "${shown[1]}")
$(row 2026-11-23 "${shown[2]}")" "--history -n 2: the last two"
HEARTH_NOW=2026-11-24T09:00:00+01:00 in_store "$m" --skip
is "$(tail -n 1 "$m/ask/ana.log")" "2026-11-24T09:00:00.000000+01:00${tab}ana${tab}skip${tab}$(id16 "${shown[2]}")${tab}tiny${tab}${shown[2]}" \
	"--skip without an id skips the last prompt shown"
run in_store "$m" --star abcdef0123456789
is "$rc:$out:$err" "1::ask: no prompt 'abcdef0123456789'" "--star of an unknown id exits 1"
run in_store "$m" --star xyz
is "$rc" 65 "--star of a malformed id exits 65"

# A shown record whose id is not 16 hex digits names no prompt: it is
# never starred under a number read from its first digits.
badid=$TEST_TMP/badid
new_store "$badid"
mkdir -m 700 "$badid/ask"
printf '2026-11-25T20:00:00.000000+01:00\tana\tshown\tabcdzzzzzzzzzzzz\tf.txt\tA line\n' \
	>"$badid/ask/ana.log"
cp "$badid/ask/ana.log" "$W/before"
run in_store "$badid" --star abcd
# (The store reader may report the line as malformed first.)
is "$rc:$out:$(tail -n 1 <<<"$err")" "1::ask: no prompt 'abcd'" \
	"--star: a record with a bad id names no prompt"
t "and nothing is recorded" same_file "$badid/ask/ana.log" "$W/before"
run in_store "$badid" --history
is "$rc:$out" "1:" "--history leaves out a record with a bad id"

# ---- lines of a file (-f) ----

fs=$TEST_TMP/files
new_store "$fs"
seq 1 10 | sed 's/^/line number /' >"$W/ten.txt"
: >"$W/want"
for i in $(seq 10 19); do
	HEARTH_SEED=$i HEARTH_NOW=2026-11-26T20:$i:00+01:00 in_store "$fs" -f "$W/ten.txt"
done >"$W/ten.out"
is "$(sort "$W/ten.out")" "$(sort "$W/ten.txt")" "-f: 10 picks from a 10-line file give the 10 lines"
i=10
while IFS= read -r l; do
	printf '2026-11-26T20:%s:00.000000+01:00\tana\tshown\t%s\tten.txt\t%s\n' "$i" "$(id16 "$l")" "$l"
	i=$((i + 1))
done <"$W/ten.out" >"$W/want"
t "-f: each is recorded with its id, the file's name and the line" same_file "$fs/ask/ana.log" "$W/want"
is "$(HEARTH_SEED=20 HEARTH_NOW=2026-11-26T20:20:00+01:00 in_store "$fs" -f "$W/ten.txt")" \
	"$(head -n 1 "$W/ten.out")" "-f: the 11th pick is the least recently shown"

mapfile -t ten <"$W/ten.out"
HEARTH_NOW=2026-11-26T20:21:00+01:00 in_store "$fs" --skip "$(id10 "${ten[0]}")"
for i in $(seq 22 30); do
	HEARTH_SEED=$i HEARTH_NOW=2026-11-26T20:$i:00+01:00 in_store "$fs" -f "$W/ten.txt"
done >"$W/ten.more"
is "$(cat "$W/ten.more")" "$(printf '%s\n' "${ten[@]:1}")" \
	"-f: --skip ID of a line; then the 9 others, least recently shown first"
HEARTH_NOW=2026-11-26T20:31:00+01:00 in_store "$fs" --star "$(id10 "${ten[1]}")"
run in_store "$fs" --starred
is "$out" "2026-11-26$tab$(id10 "${ten[1]}")${tab}ten.txt$tab${ten[1]}" \
	"--star ID of a line of a file keeps the file's name as its deck"

cp "$fs/ask/ana.log" "$W/before"
awk 'BEGIN { for (i = 1; i <= 200000; i++) printf "line %06d of a big generated file, padded out to fifty\n", i }' \
	>"$W/big.txt"
size=$(stat -c %s "$W/big.txt")
run in_store "$fs" -x -f "$W/big.txt"
is "$rc:$err" "0:" "-x -f of a file of 200,000 lines"
t "prints a line of the file" grep -qxF -- "$out" "$W/big.txt"
# A pick reads about 4 KiB for each random offset it tries, and keeps
# one in (line length + 1): some 60 tries here, a few hundred KiB, never
# the whole file.  Five seeded picks, so the count is the same every run.
if strace -o "$W/strace" -e trace=read,pread64 true 2>/dev/null; then
	total=0 most=0
	for s in 1 2 3 4 5; do
		HEARTH_SEED=big$s HEARTH_DIR=$fs strace -o "$W/strace" \
			-e trace=read,pread64 "$A" -x -f "$W/big.txt" >/dev/null
		got=$(awk '/= [0-9]+$/ { n += $NF } END { print n + 0 }' "$W/strace")
		total=$((total + got))
		[ "$got" -le "$most" ] || most=$got
	done
	t "-f reads a few pages, not the file: $((total / 5)) bytes a pick on average (under 1 MiB) of $size" \
		test "$total" -gt 0 -a "$total" -lt $((5 * 1048576))
	t "-f: no pick reads a quarter of the file (the most: $most bytes)" \
		test "$most" -lt $((size / 4))
else
	skip "-f reads a few pages only" "strace does not work here"
	skip "-f: no pick reads a quarter of the file" "strace does not work here"
fi
t "-x -f records nothing" same_file "$fs/ask/ana.log" "$W/before"

run in_store "$fs" -f - < <(printf 'alpha\nbeta\n\ngamma\r\n')
t "-f - reads stdin" grep -qxE 'alpha|beta|gamma' <<<"$out"
is "$(tail -n 1 "$fs/ask/ana.log" | cut -f4-)" "$(id16 "$out")$tab-$tab$out" \
	"-f - records the line, with - as its deck"
run in_store "$fs" -x -n 5 -f - < <(printf 'alpha\nbeta\n\ngamma\r\n')
is "$(sort <<<"$out")" "alpha
beta
gamma" "-f - -n 5: every line once, blank lines and CRs dropped"
run in_store "$fs" -f "$W/nosuch.txt"
is "$rc:$out:$err" "66::ask: $W/nosuch.txt: No such file or directory" "-f of a missing file exits 66"

# Every line equally likely, whatever its length: 10 lines of 1 byte and
# 10 of 100 bytes, alternating, 400 picks with 400 seeds.
long=$(printf '%099d' 0)
for i in 0 1 2 3 4 5 6 7 8 9; do
	echo "$i"
	echo "$long$i"
done >"$W/alt.txt"
for s in $(seq 1 400); do
	HEARTH_SEED=u$s in_store "$fs" -x -f "$W/alt.txt"
done >"$W/alt.out"
short=$(awk 'length($0) == 1' "$W/alt.out" | wc -l)
is "$(wc -l <"$W/alt.out")" 400 "-f: 400 picks"
t "-f: short and long lines are picked alike ($short of 400 short)" \
	test "$short" -ge 140 -a "$short" -le 260

# ---- -h and --help: help only where an option may stand ----

for args in "-h" "--help" "--list --help" "-x -h" "answer --help" "answer -h" \
	"answers --help" "answers --json -h" "answer --edit --help" "answers --all -h" \
	"inbox --help" "unanswer -h"; do
	read -ra argv <<<"$args"
	run "$A" "${argv[@]}"
	like "$rc:$out:$err" '^0:usage: ask .*:$' "ask $args prints the usage on stdout, exit 0"
done
cp "$alog" "$W/before"
run at 2026-12-10T23:00:00+01:00 answer is -h
is "$rc:$out:$(tail -n 1 "$alog" | cut -f3,5)" "0::answer${tab}is -h" \
	"ask answer is -h: once the text has begun, -h is a word of the answer"
run at 2026-12-10T23:01:00+01:00 answer -- --help me
is "$rc:$out:$(tail -n 1 "$alog" | cut -f3,5)" "0::answer${tab}--help me" \
	"ask answer -- --help me: after --, --help is a word"
run "$A" -c -h
is "$rc:$out:$err" "64::ask: no deck '-h' (ask --list shows the decks)" \
	"ask -c -h: -h is the argument of -c, a deck's name"
run "$A" -x -m -h
is "$rc:$out:$err" "1::" "ask -m -h: -h is the pattern (no prompt has it)"
run "$A" -x -f -h
is "$rc:$out:$err" "66::ask: -h: No such file or directory" "ask -f -h: -h is the file"
run "$A" extra --help
is "$rc:$out" "64:" "ask WORD --help: the operands have begun, so a usage error"
run "$A" -- -h
is "$rc:$out" "64:" "ask -- -h: after --, -h is an operand, so a usage error"
run "$A" answer -q words
is "$rc:$out" "64:" "ask answer -q: an unknown option before the text is a usage error"
is "$(tail -n 1 "$alog" | cut -f5)" "--help me" "none of these stored anything more"

# ---- what was wrong, then the usage ----

cp "$alog" "$W/before"
usage_text=$("$A" --help)
while IFS='|' read -r args want; do
	read -ra argv <<<"$args"
	run "$A" "${argv[@]}"
	is "$rc:$out:$err" "64::ask: $want
$usage_text" "ask $args: says what was wrong, then the usage"
done <<'EOF'
anwser hello|unknown command 'anwser'; did you mean answer?
answr the sea|unknown command 'answr'; did you mean answer?
inbx|unknown command 'inbx'; did you mean inbox?
hello|unknown command 'hello'
answer|answer: no text given
answer --|answer: no text given
answer --edit|answer --edit: no id given
answer --edit 1a2b3c|answer --edit: no text given
unanswer|unanswer: no id given
unanswer 1a2b3c 4d5e6f|unanswer: unexpected operand '4d5e6f'
answers 1a2b3c 4d5e6f|answers: unexpected operand '4d5e6f'
answers --all 1a2b3c|answers --all: unexpected operand '1a2b3c'
inbox extra|inbox: unexpected operand 'extra'
--list extra|unexpected operand 'extra'
--today answer|unexpected operand 'answer'
--check|--check: no file given
-q|unknown option -q
--nope|unknown option '--nope'
-n|option -n needs an argument
--json=yes|option --json takes no argument
answer --json words|unknown option '--json'
inbox --all|unknown option '--all'
EOF
t "usage errors store nothing" same_file "$alog" "$W/before"

# ---- -f: what reaches the log is what every reader accepts ----

ff=$TEST_TMP/ffile
new_store "$ff"
printf 'a\0b\n' >"$W/nul.txt"
run in_store "$ff" -f "$W/nul.txt"
is "$rc:$out:$err" "1::ask: $W/nul.txt:1: NUL byte" \
	"-f: a line with a NUL byte is no prompt: FILE:LINE: reason, and nothing else to show (exit 1)"
t "and nothing is recorded" test ! -e "$ff/ask/ana.log"
run in_store "$ff" -f - < <(printf '\377 x\n')
is "$rc:$out:$err" "1::ask: stdin:1: invalid UTF-8" \
	"-f -: a line that is not UTF-8 is no prompt: stdin:LINE: reason"
t "and nothing is recorded" test ! -e "$ff/ask/ana.log"
run in_store "$ff" -x
is "$rc:$err" "0:" "the next ask exits 0, quietly"

k1024=$(printf '%01024d' 0)
{
	printf 'good one\n'
	printf 'nul\0here\n'
	printf 'latin \351\n'
	printf 'esc \033[2J here\n'
	printf 'cr\rinside\n'
	printf 'c1 \302\233 here\n'
	printf '%s\n' "$k1024"
	printf '%s1\n' "$k1024"
	printf 'tab\there\n'
	printf 'del \177\n'
	printf '\n'
	printf 'good two\r\n'
	printf 'good three'
} >"$W/mixed.txt"
badlines() {
	printf 'ask: %s:%s\n' "$1" "2: NUL byte" "$1" "3: invalid UTF-8" \
		"$1" "4: control character" "$1" "5: control character" \
		"$1" "6: control character" "$1" "8: line longer than 1024 bytes" \
		"$1" "9: control character" "$1" "10: control character"
}
goodlines=$(printf '%s\n' "$k1024" 'good one' 'good three' 'good two' | sort)
HEARTH_NOW=2026-11-27T10:00:00+01:00 run in_store "$ff" -n 20 -f "$W/mixed.txt"
is "$(sort <<<"$out")" "$goodlines" "-f: every good line is shown, a line of 1024 bytes too, no bad one"
is "$rc:$err" "65:$(badlines "$W/mixed.txt")" \
	"-f: each bad line is reported once, as FILE:LINE: reason, in order; exit 65"
run in_store "$ff" -x -n 20 -f - <"$W/mixed.txt"
is "$(sort <<<"$out"):$rc:$err" "$goodlines:65:$(badlines stdin)" \
	"-f -: the same, as stdin:LINE: reason"
run in_store "$ff" --history
is "$rc:$err:$(wc -l <<<"$out")" "0::4" "the log holds the 4 good lines, and every reader takes it"

# A file name that is not UTF-8, or holds controls, is kept as ask shows it.
oddname=$'\377\e[2J.txt'
printf 'from an odd name\n' >"$W/$oddname"
HEARTH_NOW=2026-11-27T10:01:00+01:00 run in_store "$ff" -f "$W/$oddname"
is "$rc:$out:$err" "0:from an odd name:" "-f of a file whose name is not UTF-8"
is "$(tail -n 1 "$ff/ask/ana.log" | cut -f5)" '\\xff\\e[2J.txt' \
	"records the name's escaped form as the deck (its backslashes escaped in the record)"
run in_store "$ff" --history -n 1
is "$rc:$err:$out" "0::2026-11-27${tab}$(id10 'from an odd name')${tab}\\xff\\e[2J.txt${tab}from an odd name" \
	"and --history reads it back without a warning"

# ---- a file that changes while it is read ----

# One line far too long to be a prompt, then a short one; a writer keeps
# cutting the file short and writing it back while ask picks from it.
{
	head -c 1000000 /dev/zero | tr '\0' x
	printf '\nshort line\n'
} >"$W/shrink.src"
cp "$W/shrink.src" "$W/shrink.txt"
perl -e '
	use Fcntl qw(SEEK_SET);
	my ($f, $src) = @ARGV;
	open(my $s, "<:raw", $src) or die; local $/; my $all = <$s>;
	open(my $h, "+<:raw", $f) or die;
	for (;;) {
		my $cut = int(rand(length $all));
		truncate($h, $cut);
		sysseek($h, $cut, SEEK_SET);
		syswrite($h, substr($all, $cut));
	}' "$W/shrink.txt" "$W/shrink.src" &
shrinker=$!
at_exit "kill $shrinker 2>/dev/null"
race=""
for i in $(seq 1 30); do
	HEARTH_DIR=$ff timeout 60 "$A" -x -f "$W/shrink.txt" >"$W/race.out" 2>"$W/race.err"
	rc=$?
	if grep -q 'Sanitizer\|runtime error' "$W/race.err"; then
		race="run $i: $(grep -m 3 'ERROR\|#[0-9] ' "$W/race.err")"
		break
	fi
	# 0 for a pick that found a whole line and no change, 65 for the
	# line too long, 75 for a change seen, 1 for nothing to pick.
	case $rc in
	0 | 1 | 65 | 75) ;;
	*) race="run $i: exit $rc" && break ;;
	esac
	# A line of the file as it stood: the short one, or the start of
	# either line where the writer had cut it and not yet written on.
	while IFS= read -r l; do
		[[ "short line" == "$l"* || $l =~ ^x{1,1024}$ ]] ||
			race="run $i: printed $(head -c 200 <<<"$l")"
	done <"$W/race.out"
	[ -z "$race" ] || break
	if grep -qvE "^ask: $W/shrink.txt(:1: line longer than 1024 bytes|: changed while it was read; try again)\$" "$W/race.err"; then
		race="run $i: said $(head -c 300 "$W/race.err")"
		break
	fi
done
kill "$shrinker" 2>/dev/null
wait "$shrinker" 2>/dev/null
is "$race" "" "-f of a file cut short and rewritten while it is read (30 runs): the good line, or a clear error (exit 75), never a bad read"
HEARTH_SEED=1 run in_store "$ff" -x -f "$W/shrink.src"
is "$rc:$out:$err" "65:short line:ask: $W/shrink.src:1: line longer than 1024 bytes" \
	"-f: the same file, left alone: its short line, and the long one reported"

# ---- the partner's decks: a bad one is reported and skipped ----

# The question of the day needs the couple's seed in this store too.
HEARTH_DIR=$broken "$BIN/hearth" set seed s33d-of-us >/dev/null
env -i HOME="$HOME" XDG_DATA_HOME="$XDG_DATA_HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
	HEARTH_DIR="$broken" PATH=/usr/bin:/bin "$A" --today >"$W/out" 2>"$W/err"
is "$?:$(cat "$W/err"):$(wc -l <"$W/out")" "65:ask: $broken/decks/bad.deck:5: bad depth (use 1, 2 or 3, then a space):1" \
	"--today from cron with a bad deck in the store: the question, the bad deck named once, exit 65"
t "the question is one of the decks'" grep -qxF -f "$W/out" <(cut -f4 "$W/all" | cat - "$W/tiny")
run in_store "$broken" --list
is "$rc:$err:$(grep -c '^tiny	' <<<"$out"):$(grep -c '^bad	' <<<"$out")" \
	"65:ask: $broken/decks/bad.deck:5: bad depth (use 1, 2 or 3, then a space):1:0" \
	"--list: the good decks, the bad one named once on stderr, exit 65"
run in_store "$broken" -x -c bad
is "$rc:$out" "64:" "-c of the bad deck: no such deck (a usage error)"
run "$A" --check "$broken/decks/bad.deck"
is "$rc:$out:$err" "65::ask: $broken/decks/bad.deck:5: bad depth (use 1, 2 or 3, then a space)" \
	"--check still fails on the bad deck"
mkdir "$broken/decks/dir.deck"
printf 'title: T\n1 A?\n' >"$broken/decks/Upper.deck"
run in_store "$broken" -x -c tiny
is "$rc:$err" "65:ask: $broken/decks/Upper.deck: bad deck name 'Upper' (use a-z, 0-9 and '-')
ask: $broken/decks/bad.deck:5: bad depth (use 1, 2 or 3, then a space)
ask: $broken/decks/dir.deck: not a regular file" \
	"a bad name and a directory are reported and skipped too, each once, in name order"
t "and the good deck still gives its prompt" grep -qxF -- "$out" "$W/tiny"
rmdir "$broken/decks/dir.deck"
rm "$broken/decks/Upper.deck"

# ---- terminal safety: nothing from a deck, a log, a file name or an argument reaches the terminal raw ----

hs=$TEST_TMP/hostile
new_store "$hs"
mkdir -m 700 "$hs/decks" "$hs/ask"
OSC=$'\e]52;c;aGk=\a' CLR=$'\e[2J' C1=$'\xc2\x9b' RLO=$'\xe2\x80\xae' LRI=$'\xe2\x81\xa6'
EVIL="$OSC$CLR$C1$RLO$LRI"
# A valid deck: the rules of hearth-deck(5) allow bidi controls in text.
p1="Prompt $RLO one?" p2="Prompt $LRI two?"
printf 'title: Evil %s title\nkind: questions\nabout: About %s and %s here.\n1 %s\n2 %s\n' \
	"$RLO" "$RLO" "$LRI" "$p1" "$p2" >"$hs/decks/rtl.deck"
# Invalid decks, by their contents or their names.
printf 'title: T %s\n1 A?\n' "$C1" >"$hs/decks/c1.deck"
printf 'title: T\n1 Esc %s here?\n' "$CLR" >"$hs/decks/esc.deck"
printf 'title: T %s\n1 A?\n' $'\377' >"$hs/decks/latin.deck"
for n in "$OSC" "$C1" $'a\nb' $'\377' "$RLO" "x$CLR"; do
	printf 'title: T\n1 A?\n' >"$hs/decks/$n.deck"
done
id1=$(id16 "$p1") id2=$(id16 "$p2")
T=2026-11-20T20:00:00.000000+01:00
# Every field of every kind of record, by hand: raw controls, C1, bidi,
# escaped newlines and TABs; a line that is not UTF-8; a bad id.
{
	printf '%s\tana\tshown\t%s\t%s\t%s\n' "$T" "$id1" "rtl$EVIL" "Shown $EVIL\\nline two\\t$CLR"
	printf '%s\tana\tshown\t%s\t%s\t%s\n' "$T" "$id2" "$EVIL" "$EVIL"
	printf '%s\tana\tstar\t%s\t%s\t%s\n' "$T" "$id1" "star$EVIL" "Star $EVIL\\n$OSC"
	printf '%s\tana\tskip\t%s\t%s\t%s\n' "$T" 0123456789abcdef "skip$EVIL" "Skip $EVIL\\r\\n"
	printf '%s\tana\tanswer\t%s\t%s\n' "$T" "$id1" "Mine $EVIL\\nmore $CLR"
	printf '%s\tana\tshown\t%s\t%s\t%s\n' "$T" "$id1" "bad" $'latin \351'
	printf '%s\tana\tshown\t%s\t%s\t%s\n' "$T" "$OSC" "$EVIL" "$EVIL"
} >"$hs/ask/ana.log"
{
	printf '%s\tben\tanswer\t%s\t%s\n' "$T" "$id1" "Ben $EVIL\\n$CLR"
	printf '%s\tben\tshown\t%s\t%s\t%s\n' "$T" "$id2" "$EVIL" "$EVIL"
	printf 'not a record %s\n' "$EVIL"
	printf '%s\tben\tanswer\t%s\t%s\n' "$T" "$id2" $'\377'
	printf '%s\tben\tedit\t%s\t%s\n' "$T" "$id2" "Edit $EVIL\\n$CLR"
	printf '%s\tben\tunanswer\t%s\t%s\n' "$T" "$id1" "$EVIL"
	printf '%s\tben\tedit\t%s\n' "$T" "$OSC"
} >"$hs/ask/ben.log"
printf 'a line %s\n' "$EVIL" >"$W/x$CLR$OSC.txt"
chmod 600 "$hs/ask/"*.log
HEARTH_DIR=$hs "$BIN/hearth" set seed s33d-of-us >/dev/null

# bad_bytes FILE: what is wrong with FILE's bytes ("" for nothing): a
# raw control (TAB and LF aside), DEL, a C1 control, a bidi control,
# invalid UTF-8, or a sanitizer's report.  JSON escapes C1 and bidi
# controls too (\u009b, \u202e).
bad_bytes() {
	perl -e '
		local $/; open(my $f, "<:raw", $ARGV[0]) or exit 0;
		my $s = <$f>;
		if ($s =~ /(AddressSanitizer|runtime error:)/) { print "sanitizer: $1"; exit }
		if ($s =~ /([\x00-\x08\x0b-\x1f\x7f])/) { printf "raw byte 0x%02x", ord($1); exit }
		if ($s =~ /\xc2([\x80-\x9f])/) { printf "C1 control U+%04X", ord($1); exit }
		if ($s =~ /\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]/) { print "bidi control"; exit }
		print "invalid UTF-8" unless utf8::decode($s);
	' "$1"
}

hcmds=()
hcmd() {
	hcmds+=("$(printf '%q ' "$@")")
}
hcmd --list
hcmd --list --json
hcmd --about rtl
hcmd --history
hcmd --history --json
hcmd --starred
hcmd --starred --json
hcmd answers "${id1:0:10}"
hcmd answers --json "${id1:0:10}"
hcmd answers "${id2:0:10}"
hcmd answers
hcmd answers --all
hcmd answers --all --json
hcmd inbox
hcmd inbox --json
hcmd unanswer "$EVIL"
hcmd answer --edit "$EVIL" "$EVIL"
hcmd "an$EVIL"
hcmd --today
hcmd --today -v -c rtl
hcmd --today --json -c rtl
hcmd -x
hcmd -x -v -n 2 -c rtl
hcmd -x --json -n 2 -c rtl
hcmd -m Prompt
hcmd -m Prompt --json
hcmd --check "$hs/decks/"*
hcmd --about "$EVIL"
hcmd -c "$EVIL"
hcmd -x -f "$W/x$CLR$OSC.txt"
hcmd -x -f "$W/no$EVIL.txt"
hcmd "--$EVIL"
hcmd "-$C1"
hcmd -d "$EVIL"
hcmd --star "$EVIL"
hcmd -m "$EVIL("
hcmd --history --json extra "$EVIL"
hcmd answer "$id1"
for c in "${hcmds[@]}"; do
	eval "argv=($c)"
	json=""
	case " ${argv[*]} " in *" --json "*) json=1 ;; esac
	HEARTH_DIR=$hs timeout 20 "$A" "${argv[@]}" >"$W/h.out" 2>"$W/h.err" </dev/null
	rc=$?
	why=""
	[ "$rc" -lt 124 ] || why="exit $rc"
	[ -n "$why" ] || why=$(bad_bytes "$W/h.out")
	[ -n "$why" ] || why=$(bad_bytes "$W/h.err")
	if [ -z "$why" ] && [ -n "$json" ] && [ -s "$W/h.out" ] &&
		! jq -c . "$W/h.out" >/dev/null 2>&1; then
		why="not JSON Lines"
	fi
	[ -z "$why" ] || why="in a pipe: $why"
	if [ -z "$why" ]; then
		printf 'stty -onlcr 2>/dev/null; exec %q %s </dev/null\n' "$A" "$c" >"$W/h.sh"
		HEARTH_DIR=$hs SHELL=/bin/sh timeout 20 script -qec "bash '$W/h.sh'" /dev/null \
			>"$W/h.tty" 2>&1 </dev/null
		rc=$?
		[ "$rc" -lt 124 ] || why="on a terminal: exit $rc"
		[ -n "$why" ] || why=$(bad_bytes "$W/h.tty")
		[ -z "$why" ] || why="on a terminal: $why"
	fi
	if [ -z "$why" ]; then
		pass "hostile store: ask $c: nothing raw on stdout or stderr, in a pipe or on a terminal"
	else
		fail "hostile store: ask $c" "$why"
		diag "$(head -c 400 "$W/h.err" | cat -v)"
	fi
done
run in_store "$hs" --about rtl
is "$out" 'Evil \u202e title

About \u202e and \u2066 here.' "--about: a deck's title and note, their bidi controls escaped"
run in_store "$hs" -x -v -n 2 -c rtl
is "$(sort <<<"$out")" "$(printf '%s\trtl\t%s\tPrompt \\u%s\n' "$(id10 "$p1")" \
	'1' '202e one?' "$(id10 "$p2")" 2 '2066 two?' | sort)" \
	"a pick: the prompts' bidi controls escaped"
run in_store "$hs" answer "${id1:0:10}" 'A fine answer'
is "$rc:$(tail -n 1 <<<"$err")" "65:ask: answered ${id1:0:10}: Prompt \\u202e one?" \
	"answer: the question named on stderr, escaped (65: the bad decks)"
run in_store "$hs" --history
like "$out" 'Shown \\e\]52;c;aGk=\\x07\\e\[2J\\u009b\\u202e\\u2066\\nline two\\t\\e\[2J' \
	"--history shows a partner's ESC, BEL, C1, bidi controls, newline and TAB escaped"
like "$err" "ask: $hs/ask/ana.log:6: invalid UTF-8" "and names the line that is not UTF-8"

# ---- pipes and cron ----

set +o pipefail
"$A" 2>"$W/err" | head -n 1 >"$W/out"
st=${PIPESTATUS[0]}
is "$st:$(cat "$W/err"):$(wc -l <"$W/out")" "0::1" "ask | head -1: one line, quietly"
in_store "$fresh" -x -n 1000 2>"$W/err" | head -n 1 >"$W/out"
st=${PIPESTATUS[0]}
is "$(cat "$W/err"):$(wc -l <"$W/out")" ":1" "ask -n 1000 | head -1: nothing on stderr"
case $st in
0 | 141) pass "ask -n 1000 | head -1: ask exits 0 or by SIGPIPE (got $st)" ;;
*) fail "ask -n 1000 | head -1: ask exits 0 or by SIGPIPE" "got $st" ;;
esac

mkdir "$W/fakebin"
cat >"$W/fakebin/mail" <<EOF
#!/bin/sh
cat >"$W/mailbox"
EOF
chmod +x "$W/fakebin/mail"
PATH=$W/fakebin:$PATH
"$A" -n 3 -c tiny | mail -s x partner@example.org
is "$(wc -l <"$W/mailbox"):$(sort -u "$W/mailbox" | wc -l)" "3:3" \
	"ask -n 3 -c tiny | mail: 3 different prompts arrive"
t "all from the deck" test -z "$(grep -vxF -f "$W/tiny" "$W/mailbox")"

env -i HOME="$HOME" XDG_DATA_HOME="$XDG_DATA_HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
	PATH=/usr/bin:/bin "$A" --today >"$W/out" 2>"$W/err"
is "$?:$(cat "$W/err"):$(wc -l <"$W/out")" "0::1" "--today from cron (env -i): exit 0, one line, quietly"
t "a prompt of the decks" grep -qxF -f "$W/out" <(cut -f4 "$W/all" | cat - "$W/tiny")

run sh -c '"$0" -x >/dev/full' "$A"
is "$rc:$err" "74:ask: stdout: No space left on device" "ask >/dev/full exits 74"

run "$A" -V
like "$rc:$out" '^0:ask [0-9]+\.[0-9]+\.[0-9]+$' "-V prints the version"
run "$A" --help
like "$rc:$out" '^0:usage: ask' "--help prints the usage on stdout"
run "$A" extra
is "$rc" 64 "an extra operand is a usage error"
run "$A" --check "$W/no-such.deck"
is "$rc" 66 "--check of a missing file exits 66"

cp "$alog" "$W/alog.before"
run "$A" answer --help
like "$rc:$out" '^0:usage: ask' "ask answer --help prints the usage"
t "and stores no answer" cmp -s "$alog" "$W/alog.before"

done_testing
