#!/usr/bin/env bash
# tests/bench/ask.sh: benchmarks of ask against a bare program that prints
# one line, fortune and shuf (run by run.sh, `make bench`; runs alone too).
#
# ask -x with the built-in decks is timed in a temporary HOME with an
# empty store and a config with a seed, then with an ask log of 10,000
# "shown" records; ask -x -f on a list of 1,000,000 prompt-like lines.
# Every figure is a ratio measured side by side in the same run (hyperfine
# -N), since absolute times drift between runs (PERFORMANCE.md).  Peak
# memory is ru_maxrss from wait4(2) (peakrss.c); it must not grow with the
# log (10,000 against 100,000 records).  fortune and strfile (Debian's
# fortune-mod) are optional: without them their comparison is skipped.
#
# Prints one line per figure and "ask bench: N passed, N failed"; with
# BENCH_COUNTS set, writes "PASSED FAILED" to that file instead (run.sh
# sums them into its own summary).  Exits 1 when a target is missed, 69
# when a needed program is missing.
#
# Environment: ASK (the tool, default bin/ask), CC (default cc),
# BENCH_LINES (lines of the -f list, default 1000000), BENCH_ASK_LOG
# (records of the small log, default 10000; the big one has 10 times as
# many), BENCH_RUNS_SCALE (multiplies the number of runs; default 1),
# FORTUNE (default /usr/games/fortune), STRFILE (default /usr/bin/strfile),
# TMPDIR.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
A=${ASK:-$root/bin/ask}
CC=${CC:-cc}
LINES=${BENCH_LINES:-1000000}
LOG_SMALL=${BENCH_ASK_LOG:-10000}
LOG_BIG=$((LOG_SMALL * 10))
SCALE=${BENCH_RUNS_SCALE:-1}
FORTUNE=${FORTUNE:-/usr/games/fortune}
STRFILE=${STRFILE:-/usr/bin/strfile}
NOW=2026-11-26T12:00:00+01:00
DAYS=1095			# the log spans about 3 years before NOW
SEED=5eedc0ffee5eed01
MEM_LIMIT=4096			# KiB
MEM_GROWTH=512			# KiB, from the small log to the big one

for p in hyperfine mawk jq shuf "$CC"; do
	if ! command -v "$p" >/dev/null 2>&1; then
		echo "bench: $p is needed" >&2
		exit 69
	fi
done
if [[ ! -x $A ]]; then
	echo "bench: $A is missing; run make first" >&2
	exit 66
fi
A=$(cd "$(dirname "$A")" && pwd)/$(basename "$A")

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hearth-bench-ask.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"

# Each HOME below holds its own config, store and cache.
export TZ=Europe/Berlin
export HEARTH_NOW=$NOW HEARTH_AUTHOR=ana
export NO_COLOR=1
unset HEARTH_DIR HEARTH_SEED HEARTH_LOCK_TIMEOUT
unset XDG_CACHE_HOME XDG_CONFIG_HOME XDG_DATA_HOME

passed=0
failed=0

# verdict, runs, q, measure, compare, ms, mem
# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"

# speedup NAME RUNS TARGET TOOL BASELINE: one timed pair against a target
# speed-up (baseline / tool >= TARGET).
speedup() {
	local name=$1 target=$3 ok line
	measure "$name" "$2" "$4" "$5"
	ok=$(mawk -v r="$ratio" -v t="$target" 'BEGIN { print (1 / r >= t) ? 1 : 0 }')
	line=$(mawk -v n="$name" -v a="$tool_ms" -v b="$base_ms" -v r="$ratio" \
	    -v t="$target" 'BEGIN { printf "%s: tool %.2f ms, baseline %.2f ms, ratio %.3f, tool %.2fx faster (target >= %sx)", n, a, b, r, 1 / r, t }')
	verdict "$ok" "$line"
}

# home NAME: a HOME with a config (name, seed) and an empty store.
home() {
	local h=$tmp/$1
	mkdir -p "$h/.config/hearth" "$h/.local/share/hearth"
	printf 'name = ana\nseed = %s\n' "$SEED" >"$h/.config/hearth/config"
	printf '%s' "$h"
}

# --- helpers ----------------------------------------------------------
"$CC" -O2 -o "$tmp/bin/askgen" "$here/askgen.c"
"$CC" -O2 -o "$tmp/bin/peakrss" "$here/peakrss.c"
"$CC" -O2 -static -o "$tmp/bin/bare" "$here/bare.c"
askgen=$tmp/bin/askgen
peakrss=$tmp/bin/peakrss
bare=$tmp/bin/bare

# --- the homes and the list ------------------------------------------
now_epoch=$(date -d "$NOW" +%s)
h_empty=$(home empty)
h_small=$(home small)
h_big=$(home big)
export HOME=$h_empty
# The prompts ask -x picks from: every deck of kind questions.
decks=()
while read -r d; do
	decks+=(-c "$d")
done < <("$A" --list | mawk -F'\t' '$2 == "questions" { print $1 }')
"$A" -m . "${decks[@]}" >"$tmp/prompts"
n_prompts=$(wc -l <"$tmp/prompts")
for h in "$h_small:$LOG_SMALL" "$h_big:$LOG_BIG"; do
	mkdir "${h%:*}/.local/share/hearth/ask"
	"$askgen" log "${h#*:}" "$now_epoch" "$DAYS" <"$tmp/prompts" \
	    >"${h%:*}/.local/share/hearth/ask/ana.log"
done
log_small=$h_small/.local/share/hearth/ask/ana.log
log_big=$h_big/.local/share/hearth/ask/ana.log
printf 'ask logs: %d and %d shown records of %d prompts (%d decks), %d and %d KB\n' \
    "$LOG_SMALL" "$LOG_BIG" "$n_prompts" "$((${#decks[@]} / 2))" \
    "$(($(wc -c <"$log_small") / 1000))" "$(($(wc -c <"$log_big") / 1000))"

list=$tmp/list
t=$(ms "$askgen" lines "$LINES")
"$askgen" lines "$LINES" >"$list"
printf 'ask list: %d lines, %d MB, generated in %s ms\n' \
    "$(wc -l <"$list")" "$(($(wc -c <"$list") / 1000000))" "$t"

# --- ask -x: start-up with the built-in decks ----------------------------
export HOME=$h_empty
compare "ask -x (empty store)" "$(runs 300)" 1.5 "$(q "$A" -x)" "$(q "$bare")"
# With years of memory: reported, no target.  ask reads its log on every
# run to know what was shown; the time grows with it, the memory does not.
export HOME=$h_small
measure "ask-x-log" "$(runs 300)" "$(q "$A" -x)" "$(q "$bare")"
mawk -v n="ask -x ($LOG_SMALL shown)" -v a="$tool_ms" -v b="$base_ms" \
    -v r="$ratio" 'BEGIN { printf "%s: tool %.2f ms, baseline %.2f ms, ratio %.3f (no target)\n", n, a, b, r }'
n_log=$(wc -l <"$log_small")
verdict "$([[ $n_log == "$LOG_SMALL" ]] && echo 1 || echo 0)" \
    "ask -x recorded nothing: the log still has $n_log records"

# --- ask -x -f: one line of a big file -----------------------------------
export HOME=$h_empty
compare "ask -x -f" "$(runs 300)" 3.0 "$(q "$A" -x -f "$list")" "$(q "$bare")"
pick=$("$A" -x -f "$list")
verdict "$(grep -qxF -- "$pick" "$list" && echo 1 || echo 0)" \
    "ask -x -f picks a line of the list: $pick"
if [[ -x $FORTUNE && -x $STRFILE ]]; then
	mkdir "$tmp/fortune"
	mawk '{ print; print "%" }' "$list" >"$tmp/fortune/prompts"
	"$STRFILE" -s "$tmp/fortune/prompts" "$tmp/fortune/prompts.dat"
	speedup "ask -x -f vs fortune" "$(runs 100)" 3 \
	    "$(q "$A" -x -f "$list")" "$(q "$FORTUNE" "$tmp/fortune/prompts")"
	rm -rf "$tmp/fortune"
else
	echo "ask -x -f vs fortune: $FORTUNE or $STRFILE is missing (fortune-mod) SKIP"
fi
measure "ask -x -f vs shuf" "$(runs 10)" "$(q "$A" -x -f "$list")" \
    "$(q shuf -n 1 "$list")"
mawk -v a="$tool_ms" -v b="$base_ms" -v r="$ratio" \
    'BEGIN { printf "ask -x -f vs shuf -n 1: tool %.2f ms, baseline %.2f ms, ratio %.3f, tool %.1fx faster (no target)\n", a, b, r, 1 / r }'

# --- peak memory ----------------------------------------------------------
mem "ask -x -f ($LINES lines)" 0 "$A" -x -f "$list"
export HOME=$h_small
mem "ask -x ($LOG_SMALL shown)" 0 "$A" -x
kib_small=$kib
# The big log's first read builds its run cache; measure a warm run, as
# for the small log after its timings.
export HOME=$h_big
"$A" -x >/dev/null
read -r kib_big st_big <<<"$("$peakrss" "$A" -x)"
verdict "$([[ $st_big == 0 && $((kib_big - kib_small)) -lt $MEM_GROWTH ]] &&
    echo 1 || echo 0)" \
    "peak RSS ask -x, $LOG_SMALL vs $LOG_BIG shown: $kib_small KiB vs $kib_big KiB (status $st_big), growth $((kib_big - kib_small)) KiB (target < $MEM_GROWTH KiB)"

# --- summary -------------------------------------------------------------
if [[ -n ${BENCH_COUNTS:-} ]]; then
	echo "$passed $failed" >"$BENCH_COUNTS"
else
	echo "ask bench: $passed passed, $failed failed"
fi
[[ $failed -eq 0 ]]
