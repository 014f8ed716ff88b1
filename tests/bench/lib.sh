# tests/bench/lib.sh: helpers shared by the benchmark scripts (sourced).
#
# The caller sets tmp (a scratch directory), SCALE (BENCH_RUNS_SCALE),
# passed and failed (the counts), and, for mem, peakrss (the built
# peakrss.c) and MEM_LIMIT (KiB).
# shellcheck shell=bash disable=SC2154

# need PROGRAM...: each must be found on PATH, else exit 69 saying which.
need() {
	local p
	for p in "$@"; do
		if ! command -v "$p" >/dev/null 2>&1; then
			echo "bench: $p is needed" >&2
			exit 69
		fi
	done
}

# isolate DIR: HOME and the XDG directories in DIR, and no colour, so
# that a run touches nothing of the user's.
isolate() {
	mkdir -p "$1/home"
	export HOME=$1/home XDG_CACHE_HOME=$1/cache XDG_CONFIG_HOME=$1/config
	export XDG_DATA_HOME=$1/data NO_COLOR=1
}

# verdict OK LINE: print LINE with PASS or FAIL and count it.
verdict() {
	if [[ $1 == 1 ]]; then
		echo "$2 PASS"
		passed=$((passed + 1))
	else
		echo "$2 FAIL"
		failed=$((failed + 1))
	fi
}

# runs N: N scaled by BENCH_RUNS_SCALE (at least 2).
runs() {
	mawk -v n="$1" -v s="$SCALE" 'BEGIN { n = int(n * s); print n < 2 ? 2 : n }'
}

# q WORD...: the words quoted for hyperfine's command line.
q() {
	local out="" w
	for w in "$@"; do
		out+="${out:+ }$(printf '%q' "$w")"
	done
	printf '%s' "$out"
}

# measure NAME RUNS TOOL BASELINE: run both with hyperfine -N side by side;
# sets tool_ms, base_ms and ratio (of the means).  Output goes to a pipe
# (hyperfine reads and drops it), not to /dev/null, where GNU grep stops
# at the first match; OUTPUT=null overrides it.  HYPERFINE_IGNORE=1 takes
# a non-zero exit status (a "no" answer) as a run like any other.
measure() {
	local name=$1 n=$2 json=$tmp/${1//\//_}.json
	if ! hyperfine -N --warmup 3 --runs "$n" --style none \
	    ${HYPERFINE_IGNORE:+--ignore-failure} \
	    --output "${OUTPUT:-pipe}" \
	    --export-json "$json" "$3" "$4" >"$json.out" 2>&1; then
		cat "$json.out" >&2
		echo "bench: hyperfine failed for $name" >&2
		exit 1
	fi
	read -r tool_ms base_ms ratio < <(jq -r \
	    '[.results[0].mean, .results[1].mean] |
	     "\(.[0] * 1000) \(.[1] * 1000) \(.[0] / .[1])"' "$json")
}

# compare NAME RUNS TARGET TOOL BASELINE: one timed pair against a target
# ratio (tool / baseline <= TARGET).
compare() {
	local name=$1 target=$3 ok line
	measure "$name" "$2" "$4" "$5"
	ok=$(mawk -v r="$ratio" -v t="$target" 'BEGIN { print (r <= t) ? 1 : 0 }')
	line=$(mawk -v n="$name" -v a="$tool_ms" -v b="$base_ms" -v r="$ratio" \
	    -v t="$target" 'BEGIN { printf "%s: tool %.2f ms, baseline %.2f ms, ratio %.3f (target <= %s)", n, a, b, r, t }')
	verdict "$ok" "$line"
}

# ms COMMAND...: run it, print the wall time in ms to stdout.
ms() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null
	t1=$(date +%s%N)
	mawk -v d="$((t1 - t0))" 'BEGIN { printf "%.1f", d / 1e6 }'
}

# mem NAME OK-STATUSES COMMAND...: peak RSS of one run against MEM_LIMIT;
# leaves it in kib.
mem() {
	local name=$1 okst=$2 st ok=1
	shift 2
	read -r kib st <<<"$("$peakrss" "$@")"
	[[ $kib -lt $MEM_LIMIT ]] || ok=0
	[[ " $okst " == *" $st "* ]] || ok=0
	verdict "$ok" "peak RSS $name: $kib KiB, status $st (target < $MEM_LIMIT KiB)"
}
