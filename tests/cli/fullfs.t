#!/usr/bin/env bash
#
# fullfs: a full disk and a file size limit.  The add that does not fit
# fails with exit 74 and a message naming the log, and the log is left
# byte for byte as it was (a short write is rolled back).
#
# The full disk is a 64 KiB tmpfs, so that part needs root; the file size
# limit (ulimit -f) runs anywhere.
#
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

G=$BIN/gratitude
W=$TEST_TMP/work
mkdir -p "$W"
plan 13

# text N PREFIX: PREFIX followed by x's, N bytes in all.
text() {
	local pad
	pad=$(printf '%*s' $(($1 - ${#2})) '' | tr ' ' x)
	printf '%s%s' "$2" "$pad"
}

# ---- a full tmpfs ----

mnt=$TEST_TMP/mnt
mkdir -p "$mnt"
mounted=0
if [ "$(id -u)" -eq 0 ] &&
	mount -t tmpfs -o size=64k,mode=0700 none "$mnt" 2>/dev/null; then
	mounted=1
	at_exit "umount $(printf %q "$mnt")"
fi

if [ "$mounted" -eq 1 ]; then
	chmod 700 "$mnt"
	log=$mnt/gratitude/ana.log
	: >"$W/acked"
	rc=0
	for ((i = 1; i <= 100; i++)); do
		[ -e "$log" ] && cp "$log" "$W/before"
		t=$(text 3000 "fill-$i-")
		HEARTH_DIR=$mnt "$G" add "$t" 2>"$W/err"
		rc=$?
		[ "$rc" -eq 0 ] || break
		echo "$t" >>"$W/acked"
	done
	note "$(wc -l <"$W/acked") entries of 3000 bytes fitted in 64 KiB"
	is "$rc" 74 "the add that does not fit exits 74"
	is "$(cat "$W/err")" "gratitude: $log: No space left on device" \
		"the message names the log and says the disk is full"
	t "the log is byte-identical to before the failed add" \
		cmp -s "$log" "$W/before"

	HEARTH_DIR=$mnt "$G" list >"$W/list" 2>"$W/list.err"
	rc=$?
	is "$rc:$(cat "$W/list.err"):$(cut -f 3 "$W/list")" \
		"0::$(cat "$W/acked")" "list shows every entry that fitted and warns of nothing"

	# A small entry may still fit in the last page; either it is stored
	# whole, or it fails as cleanly as the big one.
	cp "$log" "$W/before"
	HEARTH_DIR=$mnt "$G" add "small" 2>"$W/err"
	rc=$?
	case $rc in
	0)
		HEARTH_DIR=$mnt "$G" list >"$W/list" 2>"$W/list.err"
		is "$?:$(cat "$W/list.err"):$(tail -n 1 "$W/list" | cut -f 3)" \
			"0::small" "a smaller entry still fits and is listed"
		;;
	*)
		cmp -s "$log" "$W/before"
		is "$rc:$?:$(cat "$W/err")" \
			"74:0:gratitude: $log: No space left on device" \
			"a smaller entry does not fit either, and fails as cleanly"
		;;
	esac
	t "no torn tail was left on the full disk" test ! -e "$log.torn"

	# An unterminated tail to move aside when there is no room for
	# ana.log.torn: the add fails cleanly, and once there is room the
	# tail is moved aside whole, once.
	rm -rf "$mnt/gratitude"
	HEARTH_DIR=$mnt "$G" add "one" && HEARTH_DIR=$mnt "$G" add "two"
	frag=$'2026-11-20T09:00:00.000001+01:00\tana\tthanks\t\thalf a rec'
	printf '%s' "$frag" >>"$log"
	head -c 1048576 /dev/zero >"$mnt/filler" 2>/dev/null
	cp "$log" "$W/before"
	HEARTH_DIR=$mnt "$G" add "no room for the tail" 2>"$W/err"
	is "$?:$(cat "$W/err")" "74:gratitude: $log.torn: No space left on device" \
		"a full disk and a tail to move aside: exit 74, the message names ana.log.torn"
	t "a full disk and a tail to move aside: the log is byte-identical" \
		cmp -s "$log" "$W/before"
	rm -f "$mnt/filler"
	HEARTH_DIR=$mnt "$G" add "room again" 2>"$W/err"
	like "$?:$(cat "$W/err")" "^0:gratitude: $log: moved an unterminated last line" \
		"once there is room, add moves the tail aside and succeeds"
	HEARTH_DIR=$mnt "$G" list >"$W/list" 2>"$W/list.err"
	is "$?:$(cat "$W/list.err"):$(cut -f 3 "$W/list" | tr '\n' ' '):$(cat "$log.torn")" \
		"0::one two room again :$frag" \
		"the store lists cleanly and ana.log.torn holds the tail once, whole"
else
	for d in "a full disk: exit 74" "a full disk: the message" \
		"a full disk: the log unchanged" "a full disk: list" \
		"a full disk: a smaller entry" "a full disk: no torn tail" \
		"a full disk, a tail to move: exit 74" \
		"a full disk, a tail to move: the log unchanged" \
		"a full disk, a tail to move: room again" \
		"a full disk, a tail to move: the tail aside once"; do
		skip "$d" "needs root to mount a tmpfs"
	done
fi

# ---- a file size limit ----

log=$gdir/ana.log
: >"$W/acked"
for i in 1 2 3; do
	t=$(text 700 "entry-$i-")
	"$G" add "$t" && echo "$t" >>"$W/acked"
done
size=$(stat -c %s "$log")
limit=$((size / 1024 + 1)) # in 1024-byte blocks, just above the log
cp "$log" "$W/before"
(
	ulimit -f "$limit"
	"$G" add "$(text 2000 "too-big-")"
) 2>"$W/err"
rc=$?
note "log of $size bytes, ulimit -f $limit, a 2 KB entry"
is "$rc:$(cat "$W/err")" "74:gratitude: $log: File too large" \
	"past ulimit -f: exit 74 (not killed by SIGXFSZ), the message names the log"
t "past ulimit -f: the log is byte-identical" cmp -s "$log" "$W/before"

"$G" add "after the limit" && echo "after the limit" >>"$W/acked"
"$G" list >"$W/list" 2>"$W/list.err"
rc=$?
is "$rc:$(cat "$W/list.err"):$(cut -f 3 "$W/list")" "0::$(cat "$W/acked")" \
	"without the limit the next add works and the store lists cleanly"
