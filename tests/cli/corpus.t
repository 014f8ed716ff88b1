#!/usr/bin/env bash
#
# corpus: malformed logs.  Each file in tests/corpus holds the same three
# good records and one kind of bad line.  Reading one must list exactly
# the good records, report each bad line once as "FILE:LINE: reason", exit
# 65 (bad data was reported), and leave the file byte for byte as it was.
# The files too big to keep in the repository (a 1 MiB line, lines at the
# 4096-byte limit) are made here.
#
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

G=$BIN/gratitude
C=$PWD/tests/corpus
W=$TEST_TMP/work
mkdir -p "$W" "$gdir"
chmod 700 "$store" "$gdir"
log=$gdir/ana.log
tab=$'\t'

# What every file's three good records list as.
good="2026-11-20${tab}ana${tab}the soup when I was ill #care
2026-11-21${tab}ana${tab}walking the dog in the rain, merci ❤
2026-11-22${tab}ana${tab}coffee in bed:\\ta tab, a \\ backslash\\nand a new line"
good1="2026-11-20${tab}ana${tab}the soup when I was ill #care"

# unchanged ORIG LOG: LOG has ORIG's bytes and no tail was moved aside.
unchanged() {
	cmp -s "$1" "$2" && [ ! -e "$2.torn" ]
}

# check NAME FILE LINE:REASON...: FILE as ana's log must list $good and
# report exactly the LINE:REASON given (none: the file is valid).
check() {
	local name=$1 file=$2 want_err="" want_rc=0 r
	shift 2
	for r in "$@"; do
		want_err+="gratitude: $log:${r%%:*}: ${r#*:}"$'\n'
		want_rc=65
	done
	rm -f "$log" "$log.torn"
	cp "$file" "$log"
	chmod 600 "$log"
	"$G" list >"$W/out" 2>"$W/err"
	rc=$?
	is "$(cat "$W/out")" "${want_out-$good}" "$name: list shows exactly the good records"
	is "$rc:$(cat "$W/err")" "$want_rc:${want_err%$'\n'}" \
		"$name: exit $want_rc$([ $# -eq 0 ] || echo ", each bad line reported once with its line number")"
	t "$name: the file is unchanged and nothing is moved aside" \
		unchanged "$file" "$log"
	"$G" grep soup >"$W/out" 2>"$W/err"
	rc=$?
	case $rc in
	0 | 65) rc=ok ;;
	esac
	is "$rc:$(cat "$W/out")" "ok:$good1" "$name: grep still finds a good record"
}

n_files=$(find "$C" -maxdepth 1 -name '*.log' | wc -l)
plan $(((n_files + 2) * 4))

check "invalid UTF-8" "$C/invalid-utf8.log" "2:invalid UTF-8"
check "an overlong UTF-8 encoding" "$C/overlong-utf8.log" "3:invalid UTF-8"
check "a NUL byte" "$C/nul-byte.log" "1:NUL byte"
check "a CRLF line" "$C/crlf.log" "2:carriage return in line"
check "missing fields" "$C/missing-fields.log" "4:missing fields"
check "too many fields" "$C/too-many-fields.log" "2:too many fields"
check "an impossible date" "$C/impossible-date.log" "2:impossible date"
check "a bad offset" "$C/bad-offset.log" "2:bad time zone offset"
check "a bad author name" "$C/bad-author.log" "2:bad author name"
check "an author not matching the file" "$C/author-mismatch.log" \
	"2:author does not match the file"
check "an unknown kind" "$C/unknown-kind.log" "2:unknown kind of record"
check "a bad escape" "$C/bad-escape.log" "2:bad escape"
check "an unterminated last line" "$C/unterminated.log" \
	"4:unterminated last line"
check "git conflict markers" "$C/conflict-markers.log" \
	"2:missing fields" "4:missing fields" "6:missing fields"
check "empty lines" "$C/empty-line.log" "2:empty line" "5:empty line"
check "comment lines (valid)" "$C/comments.log"

# A 1 MiB line between good records: reported once, the rest still read.
# (The good records are taken from a valid file of the corpus.)
grep -v '^#' "$C/comments.log" >"$W/good"
{
	sed -n 1p "$W/good"
	printf '2026-11-21T12:00:00.000003+01:00\tana\tthanks\tben\t'
	head -c 1048576 /dev/zero | tr '\0' a
	printf '\n'
	sed -n '2,$p' "$W/good"
} >"$W/long.log"
check "a 1 MiB line" "$W/long.log" "2:line longer than 4096 bytes"

# Lines at the limit: 4096 bytes with the LF is a record, 4097 is not.
prefix=$'2026-11-21T12:00:00.000003+01:00\tana\tthanks\tben\t'
pad() { head -c "$1" /dev/zero | tr '\0' b; }
{
	sed -n 1p "$W/good"
	printf '%s%s\n' "$prefix" "$(pad $((4095 - ${#prefix})))"
	printf '%s%s\n' "$prefix" "$(pad $((4096 - ${#prefix})))"
	sed -n '2,$p' "$W/good"
} >"$W/limit.log"
want_out="$good1
2026-11-21${tab}ana${tab}$(pad $((4095 - ${#prefix})))
$(sed -n '2,$p' <<<"$good")"
check "lines of 4096 and 4097 bytes" "$W/limit.log" \
	"3:line longer than 4096 bytes"
unset want_out
