#!/usr/bin/env bash
#
# crash: a SIGKILL at every system call of `gratitude add` and of
# `gratitude rm`, and failed writes and syncs, injected with strace.
#
# A kill is injected on entry to the Nth call of a system call S, for every
# S the store protocol uses and every N the command makes: since every
# store-relevant call is covered, the state after any call is the state a
# kill on entry to the next one leaves.  After each crash the store must
# list without any warning other than an unterminated last line, hold every
# acknowledged entry exactly once, and come back clean after one more add.
#
# With the sanitizer build (HEARTH_BIN contains "san") only the calls made
# once the store path is first touched are crashed (ASan makes many calls
# at start-up), and LeakSanitizer is turned off (it cannot run under
# ptrace).
#
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

G=$BIN/gratitude
W=$TEST_TMP/work
mkdir -p "$W"
log=$gdir/ana.log
TRACE='?openat,?flock,?write,?pwrite64,?pread64,?fstat,?newfstatat,?fdatasync,?fsync,?ftruncate,?rename,?renameat,?renameat2,?close,?mkdir,?mkdirat,?read,?unlink,?unlinkat'

if ! command -v strace >/dev/null 2>&1; then
	plan 1
	skip "crash and fault injection" "strace is not installed"
	exit 0
fi
if ! strace -f -qq -o /dev/null true 2>/dev/null; then
	plan 1
	skip "crash and fault injection" "strace cannot trace here (ptrace not permitted)"
	exit 0
fi
if [ "$HEARTH_SAN" = 1 ]; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	note "sanitizer build: crashing only the calls made once the store is touched"
fi

# ---- what the store must hold ----

# $W/acked: the texts of every entry that must be listed, exactly once.
: >"$W/acked"

# check_store WHAT ALLOW_TORN: list the store and compare with $W/acked.
# Prints the problems found (nothing when all is well).  With ALLOW_TORN
# set, one "unterminated last line" warning for ana's log is tolerated.
check_store() {
	local what=$1 allow=$2 rc errs bad missing dups
	"$G" list >"$W/list" 2>"$W/list.err"
	rc=$?
	errs=$(cat "$W/list.err")
	if [ -n "$allow" ]; then
		bad=$(grep -Ev "^gratitude: $log:[0-9]+: unterminated last line\$" \
			"$W/list.err")
		if [ -n "$bad" ] || [ "$(grep -c . "$W/list.err")" -gt 1 ]; then
			echo "$what: list warned: $errs"
		fi
		case $rc in
		0 | 65) ;;
		*) echo "$what: list exited $rc" ;;
		esac
	else
		[ -z "$errs" ] || echo "$what: list warned: $errs"
		[ "$rc" -eq 0 ] || echo "$what: list exited $rc"
	fi
	cut -f 3 "$W/list" | sort >"$W/got"
	missing=$(sort "$W/acked" | comm -23 - "$W/got" | tr '\n' ' ')
	[ -z "$missing" ] || echo "$what: lost acknowledged entries: $missing"
	dups=$(uniq -d "$W/got" | tr '\n' ' ')
	[ -z "$dups" ] || echo "$what: entries listed twice: $dups"
	# Whole lines only, apart from a tolerated unterminated tail.
	if [ -n "$allow" ] && [ -s "$log" ] &&
		[ "$(tail -c 1 "$log" | wc -l)" -eq 0 ]; then
		bad=$(sed '$d' "$log" | awk -F '\t' '!/^#/ && NF != 5 { print NR }')
	else
		bad=$(fields_ok "$log")
	fi
	[ -z "$bad" ] || echo "$what: malformed lines in the log: $bad"
}

# listed TEXT: how many times TEXT is listed (in $W/got after check_store).
listed() {
	grep -cFx -- "$1" "$W/got"
}

# add_ok TEXT: a plain add that must succeed (then TEXT is acknowledged).
add_ok() {
	if "$G" add "$1" 2>"$W/add.err"; then
		echo "$1" >>"$W/acked"
		return 0
	fi
	echo "add '$1' failed: $(cat "$W/add.err")"
	return 1
}

# id_of TEXT: the id list -v shows for ana's entry TEXT.
id_of() {
	"$G" list -v --by ana 2>/dev/null |
		awk -F '\t' -v t="$1" '$4 == t { print $1 }'
}

# ---- which calls to crash ----

# calls LOG: "NAME FIRST LAST" for every system call in the strace log:
# the occurrences to crash are FIRST..LAST (1-based, counted over the
# whole run).  With the sanitizer build FIRST skips the calls made before
# the store path first appears.
calls() {
	awk -v san="$HEARTH_SAN" -v mark="$store" '
	{
		sub(/^[0-9]+ +/, "")
		i = index($0, "(")
		if (i < 2)
			next
		name = substr($0, 1, i - 1)
		if (name !~ /^[a-z0-9_]+$/)
			next
		if (!on && (san == 0 || index($0, mark) > 0))
			on = 1
		n[name]++
		if (on && !(name in first))
			first[name] = n[name]
	}
	END {
		for (s in first)
			print s, first[s], n[s]
	}' "$1" | sort
}

# nth_after LOG S ERE: the occurrence number of the first call of S after
# the first line matching ERE.
nth_after() {
	awk -v s="$2" -v m="$3" '
	{
		sub(/^[0-9]+ +/, "")
		name = substr($0, 1, index($0, "(") - 1)
		if (name == s) {
			n++
			if (seen) {
				print n
				exit
			}
		}
		if ($0 ~ m)
			seen = 1
	}' "$1"
}

# crash S N CMD...: run CMD with a SIGKILL on entry to the Nth call of S.
crash() {
	local s=$1 n=$2
	shift 2
	# In a subshell that does not exec strace (the ":" after it), so
	# that the shell's "Killed" report goes to /dev/null.
	(
		strace -f -qq -o /dev/null -e trace="$s" \
			-e inject="$s:signal=KILL:when=$n" "$@" >/dev/null \
			2>"$W/crash.err"
		:
	) 2>/dev/null
}

# ---- set-up ----

for i in 1 2 3; do
	add_ok "before-$i" >/dev/null
done
HEARTH_AUTHOR=ben "$G" add "ben-1" && echo "ben-1" >>"$W/acked"
problems=$(check_store "set-up" "")
is "$problems" "" "set-up: 4 entries by two authors list cleanly"

# ---- a kill at every call of add ----

strace -f -qq -o "$W/add.trace" -e trace="$TRACE" "$G" add "probe-add"
rc=$?
[ "$rc" -ne 0 ] || echo "probe-add" >>"$W/acked"
calls "$W/add.trace" >"$W/add.calls"
is "$rc:$(grep -c . "$W/add.calls")" "0:$(grep -c . "$W/add.calls")" \
	"add under strace succeeds (to count its calls)"
note "add makes: $(awk '{ printf "%s %d..%d, ", $1, $2, $3 }' "$W/add.calls")"

start=$SECONDS
while read -r s first last; do
	fails=""
	for ((n = first; n <= last; n++)); do
		what="add, kill at $s #$n"
		crash "$s" "$n" "$G" add "crash-$s-$n"
		p=$(check_store "$what" torn)
		# An add that was not acknowledged may be there or not, but
		# once listed it must stay.
		if [ "$(listed "crash-$s-$n")" -eq 1 ]; then
			echo "crash-$s-$n" >>"$W/acked"
		fi
		p+=$(add_ok "after-$s-$n")
		p+=$(check_store "$what, then one more add" "")
		[ -z "$p" ] || [ "$(listed "after-$s-$n")" -eq 1 ] ||
			p+="after-$s-$n is not listed"
		[ -z "$p" ] || fails+="$p"$'\n'
	done
	is "$fails" "" "add: SIGKILL on entry to each $s (#$first..#$last) loses nothing, tears nothing"
done <"$W/add.calls"
note "add crashes took $((SECONDS - start)) s"

# ---- a kill at every call of a batch add (stdin lines) ----

# "With no TEXT ... each non-empty stdin line is one entry; all of them
# are stored or none": a kill must leave all three or none.
batch() {
	printf '%s-1\n%s-2\n%s-3\n' "$1" "$1" "$1"
}
batch probe-batch | strace -f -qq -o "$W/batch.trace" -e trace="$TRACE" \
	"$G" add
rc=$?
[ "$rc" -ne 0 ] || batch probe-batch >>"$W/acked"
calls "$W/batch.trace" >"$W/batch.calls"
is "$rc" 0 "a batch add of 3 lines under strace succeeds (to count its calls)"

start=$SECONDS
while read -r s first last; do
	fails=""
	for ((n = first; n <= last; n++)); do
		what="batch add, kill at $s #$n"
		batch "batch-$s-$n" | crash "$s" "$n" "$G" add
		p=$(check_store "$what" torn)
		k=0
		for i in 1 2 3; do
			k=$((k + $(listed "batch-$s-$n-$i")))
		done
		case $k in
		0) ;;
		3) batch "batch-$s-$n" >>"$W/acked" ;;
		*) p+="$what: $k of the 3 entries were stored (all or none)"$'\n' ;;
		esac
		p+=$(add_ok "after-batch-$s-$n")
		p+=$(check_store "$what, then one more add" "")
		[ -z "$p" ] || fails+="$p"$'\n'
	done
	is "$fails" "" "batch add: SIGKILL on entry to each $s (#$first..#$last) stores all 3 entries or none"
done <"$W/batch.calls"
note "batch add crashes took $((SECONDS - start)) s"

# A batch too big for one write(2) (3 entries of 2000 bytes): the same
# promise, all or none, at every write.
bigbatch() {
	local pad
	pad=$(printf '%2000s' '' | tr ' ' y)
	printf '%s-1 %s\n%s-2 %s\n%s-3 %s\n' "$1" "$pad" "$1" "$pad" "$1" "$pad"
}
bigbatch probe-bigbatch | strace -f -qq -o "$W/bigbatch.trace" \
	-e trace="$TRACE" "$G" add
rc=$?
[ "$rc" -ne 0 ] || bigbatch probe-bigbatch >>"$W/acked"
read -r s first last < <(calls "$W/bigbatch.trace" | grep '^write ')
fails=""
for ((n = first; n <= last; n++)); do
	what="batch of 6 KB, kill at write #$n"
	bigbatch "bigbatch-$n" | crash write "$n" "$G" add
	p=$(check_store "$what" torn)
	k=0
	for i in 1 2 3; do
		k=$((k + $(grep -c "^bigbatch-$n-$i " "$W/got")))
	done
	case $k in
	0) ;;
	3) bigbatch "bigbatch-$n" >>"$W/acked" ;;
	*) p+="$what: $k of the 3 entries were stored (all or none)"$'\n' ;;
	esac
	p+=$(add_ok "after-bigbatch-$n")
	p+=$(check_store "$what, then one more add" "")
	[ -z "$p" ] || fails+="$p"$'\n'
done
is "$rc:$fails" "0:" "batch add of 6 KB: SIGKILL on entry to each write (#$first..#$last) stores all 3 entries or none"

# ---- a kill at every call of add over an unterminated tail ----

# A crash or a hand edit left half a record; the next add moves it to
# ana.log.torn, and a kill while it does so must not glue it to a record
# nor lose a whole one.
tail_frag() {
	printf '2026-11-20T09:00:00.000001+01:00\tana\tthanks\t\tfragment-%s' \
		"$1" >>"$log"
}
tail_frag probe
strace -f -qq -o "$W/tail.trace" -e trace="$TRACE" "$G" add "probe-tail" \
	2>"$W/tail.err"
rc=$?
[ "$rc" -ne 0 ] || echo "probe-tail" >>"$W/acked"
calls "$W/tail.trace" >"$W/tail.calls"
like "$rc:$(cat "$W/tail.err")" \
	"^0:gratitude: $log: moved an unterminated last line \\([0-9]+ bytes\\) to $log.torn\$" \
	"add over an unterminated tail succeeds and says it moved the tail aside"

start=$SECONDS
while read -r s first last; do
	fails=""
	for ((n = first; n <= last; n++)); do
		what="add over a torn tail, kill at $s #$n"
		tail_frag "$s-$n"
		crash "$s" "$n" "$G" add "crash-tail-$s-$n"
		p=$(check_store "$what" torn)
		if [ "$(listed "crash-tail-$s-$n")" -eq 1 ]; then
			echo "crash-tail-$s-$n" >>"$W/acked"
		fi
		p+=$(add_ok "after-tail-$s-$n")
		p+=$(check_store "$what, then one more add" "")
		grep -q "fragment-$s-$n\$" "$log.torn" 2>/dev/null ||
			p+="$what: the fragment is not in ana.log.torn"$'\n'
		grep -q "fragment-$s-$n" "$log" &&
			p+="$what: the fragment is still in the log"$'\n'
		[ -z "$p" ] || fails+="$p"$'\n'
	done
	is "$fails" "" "add over a torn tail: SIGKILL on entry to each $s (#$first..#$last) keeps the tail aside and whole records whole"
done <"$W/tail.calls"
note "add-over-tail crashes took $((SECONDS - start)) s"

# ---- a kill at every call of rm ----

# rm_victim TEXT: add TEXT (not acknowledged: it is meant to go) and print
# its id.
rm_victim() {
	"$G" add "$1" 2>/dev/null && id_of "$1"
}

id=$(rm_victim "probe-rm")
strace -f -qq -o "$W/rm.trace" -e trace="$TRACE" "$G" rm "$id" 2>"$W/rm.err"
rc=$?
calls "$W/rm.trace" >"$W/rm.calls"
is "$rc:$(cat "$W/rm.err")" "0:" "rm under strace succeeds (to count its calls)"
note "rm makes: $(awk '{ printf "%s %d..%d, ", $1, $2, $3 }' "$W/rm.calls")"

start=$SECONDS
while read -r s first last; do
	fails=""
	for ((n = first; n <= last; n++)); do
		what="rm, kill at $s #$n"
		p=""
		id=$(rm_victim "victim-$s-$n")
		if [ -z "$id" ]; then
			fails+="$what: cannot add the victim"$'\n'
			continue
		fi
		crash "$s" "$n" "$G" rm "$id"
		p+=$(check_store "$what" torn)
		case $(listed "victim-$s-$n") in
		0) ;;
		1)
			# Still there: a clean rm must remove it now.
			"$G" rm "$id" 2>"$W/rm2.err" ||
				p+="$what: rm again failed: $(cat "$W/rm2.err")"$'\n'
			;;
		*) p+="$what: the victim is listed more than once"$'\n' ;;
		esac
		p+=$(check_store "$what, then a clean rm" "")
		[ "$(listed "victim-$s-$n")" -eq 0 ] ||
			p+="$what: the victim survived a clean rm"$'\n'
		[ -z "$p" ] || fails+="$p"$'\n'
	done
	is "$fails" "" "rm: SIGKILL on entry to each $s (#$first..#$last) loses nothing, duplicates nothing"
done <"$W/rm.calls"
note "rm crashes took $((SECONDS - start)) s"
debris=$(find "$gdir" -name '.ana.log.*' | wc -l)
[ "$debris" -eq 0 ] || note "$debris temp files of killed rewrites are left in $gdir"

# ---- failed writes and syncs: a clean error, the log untouched ----

# inject_add ERRNO S N: add with the Nth call of S failing with ERRNO.
inject() {
	local e=$1 s=$2 n=$3
	shift 3
	strace -f -qq -o /dev/null -e trace="$s" \
		-e inject="$s:error=$e:when=$n" "$@" >/dev/null 2>"$W/inj.err"
}

strace -f -qq -o "$W/add2.trace" -e trace="$TRACE" "$G" add "probe-add-2" &&
	echo "probe-add-2" >>"$W/acked"
wn=$(nth_after "$W/add2.trace" write 'openat\(.*"ana\.log"')
fn=$(nth_after "$W/add2.trace" fdatasync 'openat\(.*"ana\.log"')

cp "$log" "$W/log.before"
inject ENOSPC write "${wn:-1}" "$G" add "enospc"
rc=$?
is "$rc:$(cat "$W/inj.err")" "74:gratitude: $log: No space left on device" \
	"add: write fails with ENOSPC: exit 74, the message names the log"
t "add: write fails with ENOSPC: the log is byte-identical" \
	cmp -s "$log" "$W/log.before"

inject EIO fdatasync "${fn:-1}" "$G" add "eio"
rc=$?
is "$rc:$(cat "$W/inj.err")" "74:gratitude: $log: Input/output error" \
	"add: fdatasync fails with EIO: exit 74, the message names the log"
t "add: fdatasync fails with EIO: the log is byte-identical" \
	cmp -s "$log" "$W/log.before"

inject EDQUOT write "${wn:-1}" "$G" add "edquot"
rc=$?
like "$rc:$(cat "$W/inj.err")" "^74:gratitude: $log: (Disk quota exceeded|Quota exceeded)\$" \
	"add: write fails with EDQUOT: exit 74, the message names the log"
t "add: write fails with EDQUOT: the log is byte-identical" \
	cmp -s "$log" "$W/log.before"

p=$(check_store "after the injected errors" "")
is "$p" "" "after the injected errors the store lists cleanly"

# rm: a failed write or sync of the temp file, or a failed rename, leaves
# the log as it was and no temp file behind.
id=$(rm_victim "probe-rm-2")
strace -f -qq -o "$W/rm2.trace" -e trace="$TRACE" "$G" rm "$id"
tmpre='openat\(.*"\.ana\.log\.[0-9]+\.[0-9]+"'
rwn=$(nth_after "$W/rm2.trace" write "$tmpre")
rfn=$(nth_after "$W/rm2.trace" fsync "$tmpre")
rrn=$(nth_after "$W/rm2.trace" renameat "$tmpre")
rrs=renameat
if [ -z "$rrn" ]; then
	rrn=$(nth_after "$W/rm2.trace" rename "$tmpre")
	rrs=rename
fi
if [ -z "$rrn" ]; then
	rrn=$(nth_after "$W/rm2.trace" renameat2 "$tmpre")
	rrs=renameat2
fi

for c in "ENOSPC write ${rwn:-1} No space left on device" \
	"EIO fsync ${rfn:-1} Input/output error" \
	"EIO $rrs ${rrn:-1} Input/output error"; do
	read -r e s n msg <<<"$c"
	id=$(rm_victim "victim-$e-$s")
	cp "$log" "$W/log.before"
	inject "$e" "$s" "$n" "$G" rm "$id"
	rc=$?
	like "$rc:$(cat "$W/inj.err")" "^74:gratitude: .*$gdir/.*: $msg\$" \
		"rm: $s fails with $e: exit 74 and a message naming the file"
	cmp -s "$log" "$W/log.before"
	ok "rm: $s fails with $e: the log is byte-identical"
	debris=$(find "$gdir" -name '.ana.log.*' -newer "$W/log.before")
	is "$debris" "" "rm: $s fails with $e: no temp file is left behind"
	"$G" rm "$id" 2>/dev/null
done

p=$(check_store "at the end" "")
is "$p" "" "at the end the store lists cleanly and holds every acknowledged entry"

done_testing
