#!/usr/bin/env bash
# make check: the unit tests, the CLI tests, the same two again on an
# AddressSanitizer + UndefinedBehaviorSanitizer build, mandoc -Tlint over
# every man page and shellcheck over every shell script.  Each stage's
# TAP lines are counted; the last line says how many passed and failed.
#
# A run from a terminal is a run in CI: every test runs in a session of
# its own (setsid), without a controlling terminal, with stdin from
# /dev/null.  A test that wants a terminal makes one (script, tmux).
set -u
cd "$(dirname "$0")/.." || exit 1

O=${O:-build/obj}
BIN=${BIN:-bin}
SAN_O=build/san/obj
SAN_BIN=build/san/bin
JOBS=$(nproc 2>/dev/null || echo 2)
logs=$(mktemp -d)
child=
trap 'rm -rf "$logs"' EXIT
# The tests are in a session of their own, out of the reach of the
# terminal's ^C: pass it on.
trap '[ -z "$child" ] || kill -TERM -- "-$child" 2>/dev/null; exit 130' \
	INT TERM HUP
passed=0 failed=0 skipped=0

# The makes below run their own jobs (-j$JOBS): a parent make's -j and
# jobserver, whose descriptors they do not get, are dropped from MAKEFLAGS;
# the rest (-k, CC=clang ...) is kept.
read -ra words <<<"${MAKEFLAGS-}"
MAKEFLAGS=
for w in "${words[@]}"; do
	case $w in
	-j* | --jobserver*) ;;
	*) MAKEFLAGS="${MAKEFLAGS:+$MAKEFLAGS }$w" ;;
	esac
done
export MAKEFLAGS
unset MFLAGS

# count FILE: add the TAP results in FILE to the totals.
count() {
	local p f s
	# A skip counts as neither; cmocka writes it as "not ok N # SKIP".
	s=$(grep -Eic '^(not )?ok [0-9]+[^#]*# *skip' "$1")
	p=$(grep -Eic '^ok [0-9]+' "$1")
	f=$(grep -Eic '^not ok [0-9]+' "$1")
	p=$((p - $(grep -Eic '^ok [0-9]+[^#]*# *skip' "$1")))
	f=$((f - $(grep -Eic '^not ok [0-9]+[^#]*# *skip' "$1")))
	passed=$((passed + p))
	skipped=$((skipped + s))
	failed=$((failed + f))
	echo "   $p passed, $f failed, $s skipped"
}

# slowest LOG: the five test files of LOG that took the longest, from
# the times prove --timer gives each file that passed.
slowest() {
	awk '/^\[[0-9:]+\] [^ ]+ \.+ *$/ { name = $2 }
	/^ok +[0-9]+ ms/ && name != "" { print $2, name; name = "" }' "$1" |
		sort -rn | head -5 | awk '{
			printf "%s%s %.1f s", NR == 1 ? "   slowest: " : ", ",
			    $2, $1 / 1000
		} END { if (NR) print "" }'
}

# stage NAME CMD...: run CMD, keep its output, count it; a command that
# fails without a failing test line counts as one failure.
stage() {
	local name=$1 rc before=$failed t0=$SECONDS
	shift
	echo "== $name"
	"$@" >"$logs/$name" 2>&1
	rc=$?
	# Every failure and summary line, then the first diagnostics, so
	# that notes of passing tests never hide a failing one.
	grep -E '^(not ok|Failed|Result|Files=)|SKIP|(tests/|build/).* \.\. ' \
		"$logs/$name" | head -100
	grep -E '^#' "$logs/$name" | grep -v '^# *$' | head -40
	count "$logs/$name"
	slowest "$logs/$name"
	echo "   $name took $((SECONDS - t0)) s"
	if [ "$rc" -ne 0 ] && [ "$failed" -eq "$before" ]; then
		echo "   $name exited $rc"
		tail -20 "$logs/$name"
		failed=$((failed + 1))
	fi
}

# detached CMD...: CMD in a new session, with no controlling terminal and
# stdin from /dev/null.
detached() {
	local rc
	setsid -w "$@" </dev/null &
	child=$!
	wait "$child"
	rc=$?
	child=
	return "$rc"
}

unit() {
	CMOCKA_MESSAGE_OUTPUT=TAP detached prove -v --timer --exec '' \
		"$1"/tests/test_*
}

cli() {
	HEARTH_BIN=$PWD/$1 detached prove -v --timer tests/cli/*.t
}

lint_man() {
	local n=0 page out
	echo "1..$(find man -name '*.[0-9]' | wc -l)"
	for page in man/*.[0-9]; do
		n=$((n + 1))
		if out=$(mandoc -Tlint -W warning "$page" 2>&1) && [ -z "$out" ]
		then
			echo "ok $n - mandoc -Tlint $page"
		else
			echo "not ok $n - mandoc -Tlint $page"
			printf '# %s\n' "$out"
		fi
	done
}

# lint_sh: shellcheck over every script, $JOBS at a time (each one takes
# seconds), the results in order.
lint_sh() {
	local i scripts
	read -ra scripts <<<"$(make -s print-scripts)"
	echo "1..${#scripts[@]}"
	for i in "${!scripts[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
			wait -n
		done
		{
			shellcheck -x "${scripts[i]}" >"$logs/sc.$i" 2>&1
			echo "$?" >"$logs/sc.$i.rc"
		} &
	done
	wait
	for i in "${!scripts[@]}"; do
		if [ "$(cat "$logs/sc.$i.rc")" = 0 ]; then
			echo "ok $((i + 1)) - shellcheck ${scripts[i]}"
		else
			echo "not ok $((i + 1)) - shellcheck ${scripts[i]}"
			sed 's/^/# /' "$logs/sc.$i"
		fi
	done
}

# The Debian package: built from a copy of the tracked tree with
# dpkg-buildpackage, checked by lintian (no error), unpacked into a scratch
# root, and run from there.
debian() {
	local tmp n=0 f deb
	tmp=$(mktemp -d)
	echo "1..5"
	mkdir "$tmp/src" "$tmp/root"
	git ls-files -z | xargs -0 cp --parents -t "$tmp/src"
	if (cd "$tmp/src" && dpkg-buildpackage -us -uc -b) >"$tmp/build" 2>&1
	then
		echo "ok $((n += 1)) - dpkg-buildpackage -us -uc -b"
	else
		echo "not ok $((n += 1)) - dpkg-buildpackage -us -uc -b"
		tail -20 "$tmp/build" | sed 's/^/# /'
	fi
	deb=$(find "$tmp" -maxdepth 1 -name 'hearth_*.deb' | head -n 1)
	if [ -n "$deb" ] && lintian --fail-on error "$deb" >"$tmp/lint" 2>&1
	then
		echo "ok $((n += 1)) - lintian finds no error"
	else
		echo "not ok $((n += 1)) - lintian finds no error"
		sed 's/^/# /' "$tmp/lint" 2>/dev/null
	fi
	[ -n "$deb" ] && dpkg -x "$deb" "$tmp/root"
	for f in usr/bin/ask usr/bin/hearth usr/share/man/man7/hearth.7.gz \
		usr/share/bash-completion/completions/gratitude; do
		[ -e "$tmp/root/$f" ] || echo "# missing $f"
	done >"$tmp/files"
	if [ -s "$tmp/files" ] || [ -z "$deb" ]; then
		echo "not ok $((n += 1)) - it installs the tools, pages and completions"
		cat "$tmp/files"
	else
		echo "ok $((n += 1)) - it installs the tools, pages and completions"
	fi
	if [ -n "$deb" ] && HEARTH_DIR=$tmp/store "$tmp/root/usr/bin/ask" -x \
		>"$tmp/ask" 2>&1 && [ -s "$tmp/ask" ] && [ ! -e "$tmp/store" ]
	then
		echo "ok $((n += 1)) - the installed ask asks, from the built-in decks"
	else
		echo "not ok $((n += 1)) - the installed ask asks, from the built-in decks"
	fi
	if [ -n "$deb" ] && "$tmp/root/usr/bin/hearth" --version |
		grep -q '^hearth [0-9]'; then
		echo "ok $((n += 1)) - the installed hearth runs"
	else
		echo "not ok $((n += 1)) - the installed hearth runs"
	fi
	rm -rf "$tmp"
}

start=$(date +%s)
stage unit unit "$O"
stage cli cli "$BIN"
echo "== building with -fsanitize=address,undefined (make -j$JOBS)"
t0=$SECONDS
if make -s -j"$JOBS" SAN=1 O="$SAN_O" BIN="$SAN_BIN" all unit \
	>"$logs/sanbuild" 2>&1
then
	echo "   built in $((SECONDS - t0)) s"
	export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	stage unit-san unit "$SAN_O"
	stage cli-san cli "$SAN_BIN"
else
	cat "$logs/sanbuild"
	echo "not ok - sanitizer build" >"$logs/sanfail"
	count "$logs/sanfail"
fi
stage debian debian
stage mandoc lint_man
stage shellcheck lint_sh
echo "make check took $(( $(date +%s) - start )) s"
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
