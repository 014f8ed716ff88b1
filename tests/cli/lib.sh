# shellcheck shell=bash disable=SC2034
#
# lib.sh: the shared helpers of the CLI tests (sourced by every tests/cli/*.t).
#
# Every test runs in its own temporary HOME with its own XDG directories,
# so it never touches the user's store, with stdin from /dev/null.  Tests run from the repository
# root; HEARTH_BIN (build/san/bin for the sanitizer build) picks the
# binaries, so always call "$BIN/gratitude", never a bare name.
#
# TAP helpers:
#   plan N              print "1..N" first (or call done_testing at the end)
#   t DESC CMD...       run CMD; ok when it exits 0
#   ok DESC             ok when the previous command exited 0: cmd; ok "desc"
#   is GOT WANT DESC    exact string comparison, "# got:"/"# want:" on failure
#   isnt_empty / etc.   see below
#   skip DESC REASON    "ok N - DESC # SKIP REASON"
#   diag MSG...         "# MSG" on stderr (shown by prove without -v)
#   note MSG...         "# MSG" on stdout (shown by prove -v)
#   at_exit CMD         run CMD (a string for eval) when the test exits,
#                       before the temporary directory is removed
#   done_testing        print "1..N" for the tests run so far

set -u

# No test reads the terminal it was started from: a command that wants
# stdin is given it, and one run from prove in a terminal sees what it
# sees in CI.  (tests/check.sh also runs the tests without a controlling
# terminal.)  A test that wants a terminal makes one: script, tmux.
exec </dev/null

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-test.XXXXXX") || {
	echo "Bail out! cannot create a temporary directory"
	exit 1
}
export HOME="$TEST_TMP/home"
export XDG_DATA_HOME="$TEST_TMP/data"
export XDG_CONFIG_HOME="$TEST_TMP/config"
export XDG_CACHE_HOME="$TEST_TMP/cache"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
unset HEARTH_DIR HEARTH_SEED HEARTH_NOW HEARTH_LOCK_TIMEOUT
export HEARTH_AUTHOR=ana
export LC_ALL=C.UTF-8 NO_COLOR=1

BIN="${HEARTH_BIN:-$PWD/bin}"
case $BIN in
/*) ;;
*) BIN="$PWD/$BIN" ;;
esac
# The sanitizer build is much slower: tests scale themselves down.
case $BIN in
*san*) HEARTH_SAN=1 ;;
*) HEARTH_SAN=0 ;;
esac
export BIN HEARTH_SAN

# The default store and the gratitude directory in it.
store=$XDG_DATA_HOME/hearth
gdir=$store/gratitude

# ---- TAP ----

_tap_n=0
_tap_failed=0
_tap_planned=0
_tap_atexit=()

at_exit() {
	_tap_atexit+=("$1")
}

_tap_cleanup() {
	local rc=$? c
	for c in "${_tap_atexit[@]}"; do
		eval "$c" || true
	done
	chmod -R u+rwX "$TEST_TMP" 2>/dev/null
	rm -rf "$TEST_TMP"
	if [ "$_tap_planned" -eq 0 ] && [ "$_tap_n" -gt 0 ] &&
		[ "${_tap_done:-0}" -eq 0 ]; then
		echo "1..$_tap_n"
	fi
	if [ "$rc" -eq 0 ] && [ "$_tap_failed" -gt 0 ]; then
		rc=1
	fi
	exit "$rc"
}
trap _tap_cleanup EXIT
trap 'exit 130' INT TERM HUP

plan() {
	_tap_planned=1
	echo "1..$1"
}

done_testing() {
	_tap_done=1
	[ "$_tap_planned" -eq 1 ] || echo "1..$_tap_n"
}

diag() {
	local l
	while IFS= read -r l; do
		printf '# %s\n' "$l" >&2
	done <<<"$*"
}

note() {
	local l
	while IFS= read -r l; do
		printf '# %s\n' "$l"
	done <<<"$*"
}

# _tap_result STATUS DESC: print one result line.
_tap_result() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
		return 0
	fi
	echo "not ok $_tap_n - $2"
	_tap_failed=$((_tap_failed + 1))
	return 1
}

t() {
	local desc=$1
	shift
	"$@"
	_tap_result $? "$desc"
}

ok() {
	_tap_result $? "$1"
}

# pass DESC / fail DESC [DIAG]: a result decided by the test itself.
pass() {
	_tap_result 0 "$1"
}

fail() {
	_tap_result 1 "$1"
	[ $# -lt 2 ] || diag "$2"
	return 1
}

is() {
	if [ "$1" = "$2" ]; then
		_tap_result 0 "$3"
		return 0
	fi
	_tap_result 1 "$3"
	diag "got:
$1"
	diag "want:
$2"
	return 1
}

# like GOT ERE DESC: GOT matches the extended regular expression ERE.
like() {
	if [[ $1 =~ $2 ]]; then
		_tap_result 0 "$3"
		return 0
	fi
	_tap_result 1 "$3"
	diag "got:
$1"
	diag "want a match for: $2"
	return 1
}

skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1 # SKIP $2"
}

# ---- helpers for the store ----

# run CMD...: run CMD with its stdout in $out, stderr in $err, status in $rc.
run() {
	"$@" >"$TEST_TMP/.out" 2>"$TEST_TMP/.err"
	rc=$?
	out=$(cat "$TEST_TMP/.out")
	err=$(cat "$TEST_TMP/.err")
}

# same_file A B: A and B have the same bytes (cmp, quiet).
same_file() {
	cmp -s "$1" "$2"
}

# fields_ok FILE: every line of FILE ends with LF and has 5 TAB fields
# (comment lines aside); prints the bad lines' numbers.
fields_ok() {
	[ ! -s "$1" ] && return 0
	[ "$(tail -c 1 "$1" | wc -l)" -eq 1 ] || {
		echo "no LF at the end"
		return 1
	}
	awk -F '\t' '!/^#/ && NF != 5 { print NR; bad = 1 } END { exit bad }' "$1"
}
