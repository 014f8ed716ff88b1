#!/usr/bin/env bash
#
# pipes: a reader whose pipe closes early (`gratitude list | head -1`)
# exits quietly, and a write error on stdout (/dev/full) is reported with
# exit 74.
#
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

G=$BIN/gratitude
W=$TEST_TMP/work
mkdir -p "$W" "$gdir"
chmod 700 "$store" "$gdir"
log=$gdir/ana.log
N=20000
tab=$'\t'
plan 14

# 20,000 records in time order, written directly (adding them one by one
# would be slow): 2024-01-01 00:05 onwards, one an hour.
awk -v n="$N" 'BEGIN {
	for (y = 2024; k < n; y++)
		for (m = 1; m <= 12 && k < n; m++)
			for (d = 1; d <= 28 && k < n; d++)
				for (h = 0; h < 24 && k < n; h++) {
					k++
					printf "%04d-%02d-%02dT%02d:05:00.%06d+01:00\tana\tthanks\tben\tentry %d of a long log #n%d\n", y, m, d, h, k, k, k % 7
				}
}' >"$log"
chmod 600 "$log"
first="2024-01-01${tab}ana${tab}entry 1 of a long log #n1"

"$G" list >"$W/all" 2>"$W/err"
rc=$?
is "$rc:$(cat "$W/err"):$(wc -l <"$W/all")" "0::$N" \
	"list reads all $N entries of a log written by awk, without a warning"

# ---- a pipe closed early ----

set +o pipefail
"$G" list 2>"$W/err" | head -n 1 >"$W/out"
st=("${PIPESTATUS[@]}")
is "$(cat "$W/out")" "$first" "list | head -1: the first line is the oldest entry"
is "$(cat "$W/err")" "" "list | head -1: nothing on stderr"
case ${st[0]} in
0 | 141) pass "list | head -1: list ends by SIGPIPE or exits 0 (got ${st[0]})" ;;
*) fail "list | head -1: list ends by SIGPIPE or exits 0" "list exited ${st[0]}" ;;
esac

# The same with SIGPIPE ignored (as some shells and services start
# programs): the write fails with EPIPE, and that is still no error.
(
	trap '' PIPE
	"$G" list 2>"$W/err" | head -n 1 >"$W/out"
	echo "${PIPESTATUS[0]}" >"$W/status"
)
is "$(cat "$W/status"):$(cat "$W/err"):$(cat "$W/out")" "0::$first" \
	"SIGPIPE ignored: list | head -1 exits 0, quietly, with the first line"

(
	trap '' PIPE
	"$G" list -v --json 2>"$W/err" | head -c 100 >/dev/null
	echo "${PIPESTATUS[0]}" >"$W/status"
)
is "$(cat "$W/status"):$(cat "$W/err")" "0:" \
	"SIGPIPE ignored: list --json | head -c 100 exits 0, quietly"

"$G" grep 'long log' 2>"$W/err" | head -n 1 >"$W/out"
st=("${PIPESTATUS[@]}")
case ${st[0]} in
0 | 141) rc=ok ;;
*) rc=${st[0]} ;;
esac
is "$rc:$(cat "$W/err"):$(cat "$W/out")" "ok::$first" \
	"grep | head -1: quiet, first match"

# ---- stdout is a full device ----

"$G" list >/dev/full 2>"$W/err"
is "$?:$(cat "$W/err")" "74:gratitude: stdout: No space left on device" \
	"list >/dev/full ($N entries): exit 74, the message names stdout"
"$G" list -n 1 >/dev/full 2>"$W/err"
is "$?:$(cat "$W/err")" "74:gratitude: stdout: No space left on device" \
	"list -n 1 >/dev/full (one short line, flushed at exit): exit 74"
"$G" list --json >/dev/full 2>"$W/err"
is "$?:$(cat "$W/err")" "74:gratitude: stdout: No space left on device" \
	"list --json >/dev/full: exit 74"
"$G" grep 'entry 1 of' >/dev/full 2>"$W/err"
is "$?:$(cat "$W/err")" "74:gratitude: stdout: No space left on device" \
	"grep >/dev/full: exit 74"
"$G" stats >/dev/full 2>"$W/err"
is "$?:$(cat "$W/err")" "74:gratitude: stdout: No space left on device" \
	"stats >/dev/full: exit 74"
"$G" --version >/dev/full 2>"$W/err"
is "$?:$(cat "$W/err")" "74:gratitude: stdout: No space left on device" \
	"--version >/dev/full: exit 74"
"$G" --help >/dev/full 2>"$W/err"
is "$?:$(cat "$W/err")" "74:gratitude: stdout: No space left on device" \
	"--help >/dev/full: exit 74"
