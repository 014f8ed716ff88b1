#!/usr/bin/env bash
# tests/bench/fast.sh: the commands of gratitude that read only part of
# the logs (random, today, list -n, stats), at three sizes of store, so
# that the figures show how each grows (run by run.sh, `make bench`; runs
# alone too).
#
# At each size (BENCH_SCALES: 1,000, 100,000 and 1,000,000 entries by two
# authors over about three years, gen.c), against baselines measured side
# by side in the same run (hyperfine -N):
#
#	random, today		a bare static C program that prints a line
#	list -n 10		tail -n 10 of one file that holds both logs
#	stats --weeks 520	mawk computing the same table (stats.awk)
#
# The targets hold at the largest size (BENCH_TARGET_ENTRIES): random,
# today and list -n 10 within 2x their baselines, stats at least 3x faster
# than mawk; the smaller sizes are reported.  At every size: the fast
# output is the full read's (HEARTH_SLOW=1), stats is mawk's table, and
# peak memory (ru_maxrss) stays under 4 MiB.  The full read's time is
# given for the record.
#
# Prints one line per figure and "fast bench: N passed, N failed"; with
# BENCH_COUNTS set, writes "PASSED FAILED" to that file instead.  Exits 1
# when a target is missed, 66 when the tool is missing, 69 when a needed
# program is missing.
#
# Environment: GRATITUDE (default bin/gratitude), CC (default cc),
# BENCH_SCALES (default "1000 100000 1000000"), BENCH_TARGET_ENTRIES
# (default the largest of them), BENCH_DAYS (default 1095),
# BENCH_RUNS_SCALE (multiplies the number of runs; default 1), TMPDIR.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
G=${GRATITUDE:-$root/bin/gratitude}
CC=${CC:-cc}
SCALES=${BENCH_SCALES:-1000 100000 1000000}
DAYS=${BENCH_DAYS:-1095}
SCALE=${BENCH_RUNS_SCALE:-1}
NOW=2026-11-26T12:00:00+01:00
NOW_DAY=${NOW%%T*}
MEM_LIMIT=4096			# KiB
WEEKS=520

# shellcheck disable=SC2086
TARGET_AT=${BENCH_TARGET_ENTRIES:-$(printf '%s\n' $SCALES | sort -n | tail -n 1)}

passed=0
failed=0
# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"

need hyperfine mawk jq tail sort "$CC"
if [[ ! -x $G ]]; then
	echo "bench: $G is missing; run make first" >&2
	exit 66
fi
G=$(cd "$(dirname "$G")" && pwd)/$(basename "$G")

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hearth-bench-fast.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
isolate "$tmp"
export TZ=Europe/Berlin
export HEARTH_NOW=$NOW HEARTH_AUTHOR=ana
unset HEARTH_SEED HEARTH_LOCK_TIMEOUT HEARTH_SLOW

"$CC" -O2 -o "$tmp/bin/gen" "$here/gen.c"
"$CC" -O2 -o "$tmp/bin/peakrss" "$here/peakrss.c"
"$CC" -O2 -static -o "$tmp/bin/bare" "$here/bare.c"
peakrss=$tmp/bin/peakrss
bare=$tmp/bin/bare
now_epoch=$(date -d "$NOW" +%s)

# figure NAME RUNS TARGET KIND TOOL BASELINE: a timed pair; KIND is
# "ratio" (tool / baseline <= TARGET) or "speedup" (baseline / tool >=
# TARGET); an empty TARGET reports it with none.
figure() {
	local name=$1 target=$3 kind=$4 ok line
	measure "$name" "$2" "$5" "$6"
	line=$(mawk -v n="$name" -v a="$tool_ms" -v b="$base_ms" -v r="$ratio" \
	    -v k="$kind" 'BEGIN { printf "%s: tool %.2f ms, baseline %.2f ms, ratio %.3f", n, a, b, r
	    if (k == "speedup") printf ", tool %.1fx faster", 1 / r }')
	if [[ -z $target ]]; then
		echo "$line (no target)"
		return
	fi
	if [[ $kind == speedup ]]; then
		ok=$(mawk -v r="$ratio" -v t="$target" 'BEGIN { print (1 / r >= t) ? 1 : 0 }')
		verdict "$ok" "$line (target >= ${target}x faster)"
	else
		ok=$(mawk -v r="$ratio" -v t="$target" 'BEGIN { print (r <= t) ? 1 : 0 }')
		verdict "$ok" "$line (target <= $target)"
	fi
}

# tgt TARGET: the target at the size it holds at, else none.
tgt() {
	if [[ $n == "$TARGET_AT" ]]; then
		echo "$1"
	fi
}

# same NAME ARG...: the fast output is the full read's, byte for byte.
same() {
	local name=$1
	shift
	"$G" "$@" >"$tmp/fast" 2>&1 || true
	HEARTH_SLOW=1 "$G" "$@" >"$tmp/slow" 2>&1 || true
	verdict "$(cmp -s "$tmp/fast" "$tmp/slow" && echo 1 || echo 0)" \
	    "$name: the same as the full read ($(wc -l <"$tmp/slow") lines)"
}

# full NAME ARG...: the full read's time, once (for the record).
full() {
	local name=$1
	shift
	echo "$name, full read (HEARTH_SLOW=1), one run: $(HEARTH_SLOW=1 ms "$G" "$@") ms"
}

for n in $SCALES; do
	export HEARTH_DIR=$tmp/s$n
	mkdir -p "$HEARTH_DIR/gratitude"
	"$tmp/bin/gen" "$HEARTH_DIR/gratitude" "$now_epoch" "$n" "$DAYS"
	logs=("$HEARTH_DIR/gratitude/ana.log" "$HEARTH_DIR/gratitude/ben.log")
	sort -m "${logs[@]}" >"$tmp/merged"
	t=$(ms "$G" stats)	# the first read builds the run cache
	at=$(mawk -v n="$n" 'BEGIN { s = sprintf("%d", n)
	    while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s)
	    print s " entries" }')
	printf -- '--- %s (%d KB; the first read, which builds the run cache: %s ms)\n' \
	    "$at" "$(($(cat "${logs[@]}" | wc -c) / 1000))" "$t"

	figure "random ($at)" "$(runs 200)" "$(tgt 2.0)" ratio \
	    "$(q "$G" random)" "$(q "$bare")"
	HYPERFINE_IGNORE=1 figure "today ($at)" "$(runs 200)" "$(tgt 2.0)" \
	    ratio "$(q "$G" today)" "$(q "$bare")"
	figure "list -n 10 ($at)" "$(runs 200)" "$(tgt 2.0)" ratio \
	    "$(q "$G" list -n 10)" "$(q tail -n 10 "$tmp/merged")"
	figure "stats --weeks $WEEKS ($at)" "$(runs 20)" "$(tgt 3)" speedup \
	    "$(q "$G" stats --weeks "$WEEKS")" \
	    "$(q mawk -v "now=$NOW_DAY" -v "weeks=$WEEKS" -f "$here/stats.awk" "${logs[@]}")"

	full "random ($at)" random
	full "today ($at)" today
	full "list -n 10 ($at)" list -n 10
	full "stats --weeks $WEEKS ($at)" stats --weeks "$WEEKS"

	same "today ($at)" today
	same "list -n 10 ($at)" list -n 10
	same "stats --weeks $WEEKS ($at)" stats --weeks "$WEEKS"
	pick=$("$G" random)
	"$G" list >"$tmp/list"
	verdict "$(grep -qxF -- "$pick" "$tmp/list" && echo 1 || echo 0)" \
	    "random ($at): picks an entry of the store"
	"$G" stats --weeks "$WEEKS" >"$tmp/stats.tool"
	mawk -v "now=$NOW_DAY" -v "weeks=$WEEKS" -f "$here/stats.awk" \
	    "${logs[@]}" >"$tmp/stats.mawk"
	verdict "$(cmp -s "$tmp/stats.tool" "$tmp/stats.mawk" && echo 1 || echo 0)" \
	    "stats --weeks $WEEKS ($at): the same table as mawk's"

	mem "random ($at)" 0 "$G" random
	mem "today ($at)" "0 1" "$G" today
	mem "list -n 10 ($at)" 0 "$G" list -n 10
	mem "stats --weeks $WEEKS ($at)" 0 "$G" stats --weeks "$WEEKS"
	rm -rf "$HEARTH_DIR" "$tmp/merged"
done

if [[ -n ${BENCH_COUNTS:-} ]]; then
	echo "$passed $failed" >"$BENCH_COUNTS"
else
	echo "fast bench: $passed passed, $failed failed"
fi
[[ $failed -eq 0 ]]
