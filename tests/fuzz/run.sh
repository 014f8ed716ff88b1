#!/usr/bin/env bash
# run.sh: build every libFuzzer harness tests/fuzz/fuzz_*.c and run each
# for a fixed time from its saved corpus (`make fuzz`).
#
#	tests/fuzz/run.sh [NAME...]
#
# NAME is a harness without its fuzz_ prefix (date, record, store, ...);
# the default is all of them.  Each harness is built with clang
# -fsanitize=fuzzer,address,undefined against the sources of common/ (not
# libhearth.a, which has no coverage instrumentation) into build/fuzz/,
# then run for FUZZ_SECONDS (default 60) on a copy of
# tests/fuzz/corpus/NAME/.  The repository is not touched unless
# FUZZ_SAVE=1, which merges the inputs that found new edges back into
# tests/fuzz/corpus/NAME/ (libFuzzer -merge=1: only those that add any).
# A crash or a broken invariant leaves its input in
# build/fuzz/crash-NAME-*; replay it with build/fuzz/fuzz_NAME FILE.
#
# Environment: FUZZ_SECONDS, FUZZ_SAVE, CLANG (default clang),
# FUZZ_FLAGS (more libFuzzer options, split on white space), HOSTILE_SEEDS
# (how many hostile stores, after the harnesses, when no NAME is given).
set -u
cd "$(dirname "$0")/../.." || exit 1

seconds=${FUZZ_SECONDS:-60}
clang=${CLANG:-clang}
out=build/fuzz
mkdir -p "$out" || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/hearth-fuzz.XXXXXX") || exit 1
# Scratch space for harnesses that write files (fuzz_store), on tmpfs when
# there is one; a harness that crashes cannot clean up after itself.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	scratch=$(mktemp -d /dev/shm/hearth-fuzz.XXXXXX) || exit 1
else
	scratch=$work/scratch
	mkdir "$scratch" || exit 1
fi
export FUZZ_TMPDIR=$scratch
trap 'rm -rf "$work" "$scratch"' EXIT
trap 'exit 130' INT TERM HUP

read -r -a bsd_cflags <<<"$(pkg-config --cflags libbsd-overlay)"
read -r -a bsd_libs <<<"$(pkg-config --libs libbsd-overlay)"
read -r -a extra <<<"${FUZZ_FLAGS:-}"
common_src=(common/*.c)

if [ $# -gt 0 ]; then
	harnesses=()
	for name; do
		harnesses+=("tests/fuzz/fuzz_$name.c")
	done
else
	harnesses=(tests/fuzz/fuzz_*.c)
fi

passed=0 failed=0
for src in "${harnesses[@]}"; do
	name=${src##*/fuzz_}
	name=${name%.c}
	bin=$out/fuzz_$name
	log=$out/fuzz_$name.log
	corpus=tests/fuzz/corpus/$name
	if [ ! -f "$src" ]; then
		echo "FAIL $name: no $src"
		failed=$((failed + 1))
		continue
	fi
	if ! "$clang" -g -O1 -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-D_GNU_SOURCE -Icommon "${bsd_cflags[@]}" \
		-o "$bin" "$src" "${common_src[@]}" "${bsd_libs[@]}" \
		>"$log" 2>&1; then
		echo "FAIL $name: build failed"
		sed 's/^/   /' "$log" | head -20
		failed=$((failed + 1))
		continue
	fi

	# Fuzz a copy: libFuzzer writes what it finds into its first corpus.
	mkdir -p "$work/$name"
	if [ -d "$corpus" ]; then
		find "$corpus" -maxdepth 1 -type f -exec cp -p {} "$work/$name"/ \;
	fi
	before=$(find "$work/$name" -type f | wc -l)
	rm -f "$out/crash-$name-"* "$out/leak-$name-"* "$out/timeout-$name-"* \
		"$out/oom-$name-"* "$out/slow-unit-$name-"*
	"$bin" -max_total_time="$seconds" -timeout=30 -print_final_stats=1 \
		-artifact_prefix="$out/crash-$name-" "${extra[@]}" \
		"$work/$name" >>"$log" 2>&1
	rc=$?
	after=$(find "$work/$name" -type f | wc -l)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1)
	if [ "$rc" -eq 0 ]; then
		echo "ok   $name: ${runs:-?} runs in ${seconds} s, ${cov:-cov: ?}," \
			"corpus $before -> $after"
		passed=$((passed + 1))
	else
		echo "FAIL $name: exit $rc after ${runs:-?} runs (log: $log)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|    #[0-9]+ )' "$log" |
			head -15 | sed 's/^/   /'
		for a in "$out/crash-$name-"*; do
			[ -e "$a" ] && echo "   input: $a"
		done
		failed=$((failed + 1))
	fi

	if [ "${FUZZ_SAVE:-0}" = 1 ] && [ "$after" -gt "$before" ]; then
		mkdir -p "$corpus"
		n0=$(find "$corpus" -type f | wc -l)
		# Edges only (no hit counts), to keep the saved corpus small.
		"$bin" -merge=1 -use_counters=0 "$corpus" "$work/$name" \
			>>"$log" 2>&1 ||
			echo "   $name: merge into $corpus failed"
		n1=$(find "$corpus" -type f | wc -l)
		echo "   $name: saved $((n1 - n0)) new inputs in $corpus"
	fi
done

# The hostile stores of tests/cli/hostile.t, many more of them than make
# check reads (HOSTILE_SEEDS, default 40), through every read command of
# the sanitizer build.
if [ $# -eq 0 ]; then
	if make -s -j"$(nproc 2>/dev/null || echo 2)" SAN=1 O=build/san/obj \
		BIN=build/san/bin all >"$out/hostile-build.log" 2>&1 &&
		ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		HEARTH_BIN=$PWD/build/san/bin \
		HEARTH_HOSTILE_SEEDS=${HOSTILE_SEEDS:-40} \
		prove tests/cli/hostile.t </dev/null >"$out/hostile.log" 2>&1
	then
		echo "ok   hostile: ${HOSTILE_SEEDS:-40} stores through every read command"
		passed=$((passed + 1))
	else
		echo "FAIL hostile (log: $out/hostile.log)"
		grep -E '^not ok|^#' "$out/hostile.log" | head -20 | sed 's/^/   /'
		failed=$((failed + 1))
	fi
fi

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
