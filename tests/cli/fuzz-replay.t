#!/usr/bin/env bash
# fuzz-replay.t: replay the saved fuzzing corpora under AddressSanitizer
# and UndefinedBehaviorSanitizer, without libFuzzer.
#
# Every harness tests/fuzz/fuzz_NAME.c is linked with tests/fuzz/replay.c
# and the sources of common/ by the ordinary C compiler ($CC, else cc)
# and run over tests/fuzz/corpus/NAME/: one test per harness, ok when
# every input passes (a harness aborts on a broken invariant, the
# sanitizers on a memory error or undefined behaviour).  common/ is
# compiled once and shared.  New inputs come from `make fuzz`
# (tests/fuzz/run.sh, FUZZ_SAVE=1).
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

cc=${CC:-cc}
harnesses=(tests/fuzz/fuzz_*.c)
if [ ! -e "${harnesses[0]}" ]; then
	plan 1
	skip "fuzz corpus replay" "no harness in tests/fuzz"
	exit 0
fi
plan "${#harnesses[@]}"

read -r -a bsd_cflags <<<"$(pkg-config --cflags libbsd-overlay)"
read -r -a bsd_libs <<<"$(pkg-config --libs libbsd-overlay)"
flags=(-g -O1 -fno-omit-frame-pointer '-fsanitize=address,undefined'
	-fno-sanitize-recover=all -D_GNU_SOURCE -Icommon "${bsd_cflags[@]}")
build=$TEST_TMP/fuzz
mkdir -p "$build/obj"

# Scratch files of the harnesses go where lib.sh cleans up.
export FUZZ_TMPDIR=$TEST_TMP
# Leaks count as failures here, as they do under libFuzzer.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Can this compiler build with the sanitizers at all?
echo 'int main(void) { return 0; }' >"$build/probe.c"
if ! "$cc" "${flags[@]}" -o "$build/probe" "$build/probe.c" \
	>"$build/probe.log" 2>&1 || ! "$build/probe"; then
	for src in "${harnesses[@]}"; do
		skip "replay $src" "$cc cannot build with -fsanitize=address,undefined"
	done
	exit 0
fi

# common/ once, in parallel; a failure shows up when linking.
pids=()
for src in common/*.c replay; do
	[ "$src" = replay ] && src=tests/fuzz/replay.c
	obj=$build/obj/$(basename "$src" .c).o
	"$cc" "${flags[@]}" -c -o "$obj" "$src" >"$obj.log" 2>&1 &
	pids+=($!)
done
for pid in "${pids[@]}"; do
	wait "$pid"
done
objs=()
for src in common/*.c; do
	objs+=("$build/obj/$(basename "$src" .c).o")
done

for src in "${harnesses[@]}"; do
	name=${src##*/fuzz_}
	name=${name%.c}
	corpus=tests/fuzz/corpus/$name
	bin=$build/replay_$name
	log=$build/$name.log
	if [ ! -d "$corpus" ] ||
		[ -z "$(find "$corpus" -maxdepth 1 -type f ! -name '.*' -print -quit)" ]
	then
		skip "replay $corpus" "no saved inputs"
		continue
	fi
	if ! "$cc" "${flags[@]}" -o "$bin" "$src" "$build/obj/replay.o" \
		"${objs[@]}" "${bsd_libs[@]}" >"$log" 2>&1; then
		fail "replay $corpus" "$(cat "$build"/obj/*.log "$log" | head -40)"
		continue
	fi
	if REPLAY_VERBOSE=1 "$bin" "$corpus" >"$log" 2>&1; then
		pass "replay $corpus ($(sed -n 's/^replay: \([0-9]*\) inputs$/\1/p' \
			"$log") inputs)"
	else
		fail "replay $corpus" "input: $(grep '^replay: tests/' "$log" |
			tail -1 | cut -c 9-)
$(grep -v '^replay: tests/' "$log" | head -60)"
	fi
done
