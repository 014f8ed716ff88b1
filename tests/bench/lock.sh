#!/usr/bin/env bash
# tests/bench/lock.sh: eight writers appending at once, hearth's
# store_append against a C program that takes the lock with a blocking
# flock(2), appends and fdatasyncs (lockbench.c; run by run.sh, `make
# bench`; runs alone too).
#
# The two take turns, ROUNDS times each, on the same disk (TMPDIR); the
# median of the rounds' ratios is the figure: the throughput (appends a
# second, all writers together, over the wall time) must reach 95% of
# the baseline's, and the 99th percentile of the time one append takes
# (the wait for the lock included) must stay within twice the
# baseline's.
# For the record, in the same turns: hearth's lock alone (store_lock
# around the baseline's append), and the lock as hearth took it before
# (LOCK_NB and a sleep of 1 to 64 ms).
#
# Prints one line per figure and "lock bench: N passed, N failed"; with
# BENCH_COUNTS set, writes "PASSED FAILED" to that file instead.  Exits 1
# when a target is missed, 66 when libhearth.a is missing, 69 when a
# needed program is missing.
#
# Environment: LIBHEARTH (default build/obj/libhearth.a, what `make`
# builds), CC (default cc), BENCH_WRITERS (default 8), BENCH_APPENDS
# (appends per writer and round, default 200), BENCH_ROUNDS (default 15),
# PKG_CONFIG, TMPDIR.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
LIB=${LIBHEARTH:-$root/build/obj/libhearth.a}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
WRITERS=${BENCH_WRITERS:-8}
APPENDS=${BENCH_APPENDS:-200}
ROUNDS=${BENCH_ROUNDS:-15}

passed=0
failed=0
# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"

need mawk "$CC" "$PKG_CONFIG"
if [[ ! -f $LIB ]]; then
	echo "bench: $LIB is missing; run make first (or set LIBHEARTH)" >&2
	exit 66
fi

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hearth-bench-lock.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export TZ=Europe/Berlin
unset HEARTH_NOW HEARTH_SEED HEARTH_LOCK_TIMEOUT

# shellcheck disable=SC2046
"$CC" -O2 -D_GNU_SOURCE -I"$root/common" $("$PKG_CONFIG" --cflags \
    libbsd-overlay) -o "$tmp/lockbench" "$here/lockbench.c" "$LIB" \
    $("$PKG_CONFIG" --libs libbsd-overlay) -lm

# round MODE: one round in a fresh store; appends "THROUGHPUT P99" to
# $tmp/MODE and checks that every append reached the log.
round() {
	local s=$tmp/store lines
	rm -rf "$s"
	mkdir -p "$s/gratitude"
	sync	# the last round's writeback is not this one's
	read -r _ tput _ p99 < <("$tmp/lockbench" "$1" "$s" "$WRITERS" "$APPENDS")
	echo "$tput $p99" >>"$tmp/$1"
	lines=$(wc -l <"$s/gratitude/ana.log")
	if [[ $lines != $((WRITERS * APPENDS)) ]]; then
		echo "bench: $1 left $lines records, not $((WRITERS * APPENDS))" >&2
		exit 1
	fi
}

# median FILE COLUMN
median() {
	sort -n -k "$2,$2" "$1" | mawk -v c="$2" '{ v[NR] = $c }
	    END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Turns in alternate order, so that neither always goes first.
for ((i = 0; i < ROUNDS; i++)); do
	if ((i % 2 == 0)); then
		round base
		round hearth
		round lock
	else
		round lock
		round hearth
		round base
	fi
	((i % 3 != 0)) || round backoff
done

# pair MODE COLUMN: the median, over the rounds, of MODE's figure over
# the baseline's in the same round: the two ran one after the other, so
# a disk that is slow for a while (the machine is shared) slows both.
pair() {
	paste -d ' ' "$tmp/$1" "$tmp/base" |
	    mawk -v c="$2" '{ print $c / $(c + 2) }' >"$tmp/pair"
	median "$tmp/pair" 1
}

b_tput=$(median "$tmp/base" 1)
b_p99=$(median "$tmp/base" 2)
h_tput=$(median "$tmp/hearth" 1)
h_p99=$(median "$tmp/hearth" 2)
r_tput=$(pair hearth 1)
r_p99=$(pair hearth 2)
l_tput=$(pair lock 1)
l_p99=$(pair lock 2)
o_tput=$(median "$tmp/backoff" 1)
o_p99=$(median "$tmp/backoff" 2)
echo "lock: $WRITERS writers x $APPENDS appends, $ROUNDS rounds each; medians, and of each round's ratio"
verdict "$(mawk -v r="$r_tput" 'BEGIN { print (r >= 0.95) ? 1 : 0 }')" \
    "$(mawk -v h="$h_tput" -v b="$b_tput" -v r="$r_tput" 'BEGIN { printf "lock throughput: store_append %.0f/s, baseline %.0f/s (flock, append, fdatasync), ratio %.3f (target >= 0.95)", h, b, r }')"
verdict "$(mawk -v r="$r_p99" 'BEGIN { print (r <= 2) ? 1 : 0 }')" \
    "$(mawk -v h="$h_p99" -v b="$b_p99" -v r="$r_p99" 'BEGIN { printf "lock p99 latency: store_append %.2f ms, baseline %.2f ms, ratio %.3f (target <= 2.0)", h, b, r }')"
mawk -v r="$l_tput" -v p="$l_p99" 'BEGIN {
    printf "store_lock alone around the baseline append: throughput ratio %.3f, p99 ratio %.3f (no target)\n", r, p }'
mawk -v o="$o_tput" -v p="$o_p99" -v b="$b_tput" -v bp="$b_p99" 'BEGIN {
    printf "lock as before (LOCK_NB, 1-64 ms sleeps): %.0f/s, ratio %.3f; p99 %.2f ms, ratio %.3f (no target)\n", o, o / b, p, p / bp }'

if [[ -n ${BENCH_COUNTS:-} ]]; then
	echo "$passed $failed" >"$BENCH_COUNTS"
else
	echo "lock bench: $passed passed, $failed failed"
fi
[[ $failed -eq 0 ]]
