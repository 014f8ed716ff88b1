#!/usr/bin/env bash
# tests/bench/run.sh: benchmarks of gratitude against plain Unix baselines
# on one synthetic store of 1,000,000 entries, then those of ask (ask.sh),
# of eight writers at once (lock.sh), of gratitude's fast paths at
# three sizes of store (fast.sh) and of soften (soften.sh) (`make bench`).
#
# Every figure is a ratio measured side by side in the same run (hyperfine
# -N), since absolute times drift between runs (PERFORMANCE.md).  Peak
# memory is ru_maxrss from wait4(2) (peakrss.c).  One summary line counts
# the verdicts of both scripts.  Exits 1 when a target is missed, 69 when a
# needed program is missing.
#
# Environment: GRATITUDE (the tool, default bin/gratitude), CC (default
# cc), BENCH_ENTRIES (default 1000000), BENCH_RUNS_SCALE (multiplies the
# number of runs; default 1), TMPDIR; LIBHEARTH for lock.sh, BENCH_SCALES
# for fast.sh (each script says what it takes).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
G=${GRATITUDE:-$root/bin/gratitude}
CC=${CC:-cc}
ENTRIES=${BENCH_ENTRIES:-1000000}
SCALE=${BENCH_RUNS_SCALE:-1}
NOW=2026-11-26T12:00:00+01:00	# a Thursday; weeks start on Monday
NOW_DAY=${NOW%%T*}
SINCE_7D=2026-11-19T00:00:00	# `--since 7d`: local midnight 7 days before
DAYS=1095			# about 3 years of entries before NOW
MEM_LIMIT=4096			# KiB
RARE=zeppelin

for p in hyperfine mawk jq grep "$CC"; do
	if ! command -v "$p" >/dev/null 2>&1; then
		echo "bench: $p is needed" >&2
		exit 69
	fi
done
if [[ ! -x $G ]]; then
	echo "bench: $G is missing; run make first" >&2
	exit 66
fi
G=$(cd "$(dirname "$G")" && pwd)/$(basename "$G")

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hearth-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/home" "$tmp/bin"

export TZ=Europe/Berlin
export HEARTH_NOW=$NOW HEARTH_AUTHOR=ana
export HEARTH_DIR=$tmp/store
export HOME=$tmp/home
export XDG_CACHE_HOME=$tmp/cache XDG_CONFIG_HOME=$tmp/config
export XDG_DATA_HOME=$tmp/data
export NO_COLOR=1
unset HEARTH_SEED HEARTH_LOCK_TIMEOUT

passed=0
failed=0

# verdict, runs, q, measure, compare, ms, mem
# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"

# --- helpers ----------------------------------------------------------
"$CC" -O2 -o "$tmp/bin/gen" "$here/gen.c"
"$CC" -O2 -o "$tmp/bin/peakrss" "$here/peakrss.c"
"$CC" -O2 -static -o "$tmp/bin/append" "$here/append.c"
gen=$tmp/bin/gen
peakrss=$tmp/bin/peakrss
append=$tmp/bin/append

# --- the store ----------------------------------------------------------
now_epoch=$(date -d "$NOW" +%s)
mkdir -p "$HEARTH_DIR/gratitude" "$tmp/small/gratitude"
t=$(ms "$gen" "$HEARTH_DIR/gratitude" "$now_epoch" "$ENTRIES" "$DAYS")
logs=("$HEARTH_DIR/gratitude/ana.log" "$HEARTH_DIR/gratitude/ben.log")
bytes=$(cat "${logs[@]}" | wc -c)
lines=$(cat "${logs[@]}" | wc -l)
printf 'store: %d entries (ana, ben), %d MB, generated in %s ms (TZ=%s, HEARTH_NOW=%s)\n' \
    "$lines" "$((bytes / 1000000))" "$t" "$TZ" "$NOW"
"$gen" "$tmp/small/gratitude" "$now_epoch" 1000 30

# The first read builds the run-order cache; for the record, its cost
# (the timings below all run warm: hyperfine --warmup).
t_cold=$(ms "$G" stats)
t_warm=$(ms "$G" stats)
rm -rf "$XDG_CACHE_HOME"
read -r first_kib first_st <<<"$("$peakrss" "$G" stats)"
echo "first read (builds the run cache): stats ${t_cold} ms, then ${t_warm} ms; peak RSS ${first_kib} KiB, status ${first_st} (no target)"

# --- timings ------------------------------------------------------------
compare grep "$(runs 20)" 1.0 \
    "$(q "$G" grep "$RARE")" "$(q grep -F "$RARE" "${logs[@]}")"
n_tool=$("$G" grep "$RARE" | wc -l)
n_base=$(grep -F "$RARE" "${logs[@]}" | mawk 'END { print NR }')
verdict "$([[ $n_tool == "$n_base" ]] && echo 1 || echo 0)" \
    "grep selection: tool $n_tool lines, grep -F $n_base lines"

compare "list --since 7d" "$(runs 40)" 0.1 \
    "$(q "$G" list --since 7d)" \
    "$(q mawk -v "cutoff=$SINCE_7D" -f "$here/since.awk" "${logs[@]}")"
n_tool=$("$G" list --since 7d | wc -l)
n_base=$(mawk -v "cutoff=$SINCE_7D" -f "$here/since.awk" "${logs[@]}" | wc -l)
verdict "$([[ $n_tool == "$n_base" ]] && echo 1 || echo 0)" \
    "list --since 7d selection: tool $n_tool lines, mawk $n_base lines"

compare stats "$(runs 20)" 0.2 \
    "$(q "$G" stats)" \
    "$(q mawk -v "now=$NOW_DAY" -v weeks=12 -f "$here/stats.awk" "${logs[@]}")"
"$G" stats >"$tmp/stats.tool"
mawk -v "now=$NOW_DAY" -v weeks=12 -f "$here/stats.awk" "${logs[@]}" \
    >"$tmp/stats.mawk"
if cmp -s "$tmp/stats.tool" "$tmp/stats.mawk"; then
	verdict 1 "stats output: tool and mawk agree ($(wc -l <"$tmp/stats.tool") lines)"
else
	verdict 0 "stats output: tool and mawk differ:"
	diff "$tmp/stats.tool" "$tmp/stats.mawk" | sed 's/^/    /' || true
fi

# add: on the small store, so the big one stays as generated.
small_before=$(wc -l <"$tmp/small/gratitude/ana.log")
HEARTH_DIR=$tmp/small
compare add "$(runs 300)" 1.5 \
    "$(q "$G" add "Thank you for the coffee this morning #care")" \
    "$(q "$append" "$tmp/small" ana "Thank you for the coffee this morning #care")"
small_after=$(wc -l <"$tmp/small/gratitude/ana.log")
HEARTH_DIR=$tmp/store
echo "add: $((small_after - small_before)) records appended to the small store (tool and baseline)"

# For the record: a full listing, to /dev/null.
OUTPUT=null measure "list (all)" "$(runs 5)" "$(q "$G" list)" "$(q mawk 1 "${logs[@]}")"
mawk -v a="$tool_ms" -v b="$base_ms" -v r="$ratio" \
    'BEGIN { printf "list (all, %s entries): tool %.2f ms, baseline %.2f ms (mawk 1), ratio %.3f (no target)\n", ARGV[1], a, b, r }' \
    "$lines"

# --- peak memory ----------------------------------------------------------
mem "list" 0 "$G" list
mem "list --since 7d" 0 "$G" list --since 7d
mem "grep $RARE" 0 "$G" grep "$RARE"
mem "stats" 0 "$G" stats
mem "random" 0 "$G" random
mem "today" "0 1" "$G" today
# Last, as it changes the big store.
mem "add (1M store)" 0 "$G" add "Thank you for the benchmark"

# --- ask, eight writers, the fast paths, soften ------------------------
# Each script counts its verdicts into a file; one that did not finish
# counts as a failure.  The big store is not needed any more.
rm -rf "$HEARTH_DIR" "$tmp/small"
for b in ask lock fast soften; do
	b_status=0
	BENCH_COUNTS=$tmp/$b.counts GRATITUDE=$G "$here/$b.sh" || b_status=$?
	if [[ -s $tmp/$b.counts ]]; then
		read -r b_passed b_failed <"$tmp/$b.counts"
		passed=$((passed + b_passed))
		failed=$((failed + b_failed))
	else
		verdict 0 "$b benchmarks: did not finish (status $b_status)"
	fi
done

# --- summary -------------------------------------------------------------
model=$(mawk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "machine: $(nproc) CPUs, ${model:-unknown}, Linux $(uname -r)"
echo "bench: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
