#!/usr/bin/env bash
#
# modes: the store is private whatever the umask, a store others can read
# is refused, a symbolic link in the store is refused and its target never
# touched, and a held lock makes a writer give up in bounded time.
#
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

G=$BIN/gratitude
W=$TEST_TMP/work
mkdir -p "$W"
log=$gdir/ana.log
plan 31

# modes DIR: the modes of a store's root, gratitude dir, ana's log and lock.
modes() {
	stat -c %a "$1" "$1/gratitude" "$1/gratitude/ana.log" \
		"$1/gratitude/.lock" 2>&1 | tr '\n' ' '
}

# ---- modes whatever the umask ----

for u in 000 022; do
	(
		umask "$u"
		XDG_DATA_HOME=$TEST_TMP/umask$u "$G" add "under umask $u"
	)
	is "$(modes "$TEST_TMP/umask$u/hearth")" "700 700 600 600 " \
		"umask $u: store and gratitude dirs 0700, log and lock 0600"
done
(
	umask 000
	mkdir -p "$TEST_TMP/hd"
	chmod 700 "$TEST_TMP/hd"
	HEARTH_DIR=$TEST_TMP/hd/store "$G" add "in HEARTH_DIR"
)
is "$(modes "$TEST_TMP/hd/store")" "700 700 600 600 " \
	"umask 000 and HEARTH_DIR: the same modes"

# A tail moved aside, a log rewritten by rm and the reader's cache are
# private too.
(
	umask 000
	export XDG_DATA_HOME=$TEST_TMP/umask000
	"$G" add "another"
	"$G" list >/dev/null
	printf 'half a rec' >>"$XDG_DATA_HOME/hearth/gratitude/ana.log"
	"$G" add "after a torn tail" 2>/dev/null
	id=$("$G" list -v | awk -F '\t' '$4 == "another" { print $1 }')
	"$G" rm "$id"
)
g0=$TEST_TMP/umask000/hearth/gratitude
is "$(stat -c %a "$g0/ana.log.torn" "$g0/ana.log" | tr '\n' ' ')" "600 600 " \
	"umask 000: ana.log.torn and the log rewritten by rm are 0600"
cache=$XDG_CACHE_HOME/hearth
nfiles=$(find "$cache" -type f 2>/dev/null | grep -c .)
badmodes=$(find "$cache" \( -type d ! -perm 700 \) -o \( -type f ! -perm 600 \))
is "$([ "$nfiles" -gt 0 ] && echo "some files"):$badmodes" "some files:" \
	"umask 000: the reader's cache directory is 0700 and its files 0600"

# ---- a store others can read ----

"$G" add "first" || exit 1
"$G" add "second" || exit 1
cp "$log" "$W/log"
for m in 755 750 701; do
	chmod "$m" "$store"
	run "$G" add "not while $m"
	like "$rc:$err" "^78:gratitude: store $store is readable by others; run chmod 700 $store\$" \
		"store root $m: add is refused with exit 78 and says how to fix it"
	run "$G" list
	is "$rc:$out" "78:" "store root $m: list is refused too"
done
chmod 700 "$store"
t "nothing was written while the store was open to others" cmp -s "$log" "$W/log"

# ---- symbolic links ----

# stamp FILE: content and modification time, to see it was not touched.
stamp() {
	stat -c '%y %s' "$1"
	cat "$1"
}

echo "a file outside the store" >"$W/outside"
touch -d '2020-01-02 03:04:05' "$W/outside"
before=$(stamp "$W/outside")
mv "$log" "$W/real.log"
ln -s "$W/outside" "$log"
run "$G" add "through a link"
like "$rc:$err" "^[1-9][0-9]*:.*$log.*symbolic link" \
	"a log that is a symlink: add is refused, naming the link"
run "$G" list
like "$rc:$err" "^[1-9][0-9]*:.*$log.*symbolic link" \
	"a log that is a symlink: list is refused, naming the link"
run "$G" grep outside
like "$rc:$out" "^[1-9][0-9]*:\$" "a log that is a symlink: grep shows nothing of the target"
is "$(stamp "$W/outside")" "$before" "the link's target: same content, same mtime"

rm "$log"
ln -s "$W/nowhere" "$log"
run "$G" add "through a dangling link"
like "$rc:$err" "^[1-9][0-9]*:.*symbolic link" "a dangling symlink as the log: add is refused"
t "the dangling link's target is not created" test ! -e "$W/nowhere"
rm "$log"
mv "$W/real.log" "$log"

mv "$gdir/.lock" "$W/real.lock"
echo "not a lock" >"$W/outside.lock"
ln -s "$W/outside.lock" "$gdir/.lock"
run "$G" add "with a linked lock"
like "$rc:$err" "^[1-9][0-9]*:.*\.lock.*symbolic link" "a lock file that is a symlink: add is refused"
t "the log is unchanged" cmp -s "$log" "$W/log"
rm "$gdir/.lock"
mv "$W/real.lock" "$gdir/.lock"

mv "$gdir" "$W/gdir"
ln -s "$W/gdir" "$gdir"
before=$(cd "$W/gdir" && ls -la --time-style=full-iso . && cat ana.log)
run "$G" add "into a linked directory"
like "$rc:$err" "^[1-9][0-9]*:.*$gdir.*symbolic link" \
	"a gratitude directory that is a symlink: add is refused"
run "$G" list
like "$rc:$err" "^[1-9][0-9]*:.*$gdir.*symbolic link" \
	"a gratitude directory that is a symlink: list is refused"
is "$(cd "$W/gdir" && ls -la --time-style=full-iso . && cat ana.log)" "$before" \
	"the linked directory is untouched"
rm "$gdir"
mv "$W/gdir" "$gdir"

# ---- files of another user (root only) ----

if [ "$(id -u)" -eq 0 ]; then
	chown 65534 "$store"
	run "$G" add "in a store of another user"
	like "$rc:$err" "^78:.*owned by another user" \
		"a store root owned by another user is refused (exit 78)"
	chown 0 "$store"
	chown 65534 "$log"
	run "$G" add "into a log of another user"
	like "$rc:$err" "^[1-9][0-9]*:.*$log.*owned by another user" \
		"a log owned by another user is refused"
	chown 0 "$log"
	t "the log is unchanged" cmp -s "$log" "$W/log"
else
	skip "a store root owned by another user" "needs root to chown"
	skip "a log owned by another user" "needs root to chown"
	skip "the log is unchanged" "needs root to chown"
fi

# ---- a held lock ----

# The holder takes the lock, says so on one FIFO and waits reading
# another; it lets go when the test writes a line there, not after a
# while, so a slow run cannot see the lock freed early.  Both FIFOs are
# opened read-write here, so that no open blocks and the holder never
# sees an end of file while the test runs.
mkfifo "$W/held" "$W/release"
exec 8<>"$W/held" 9<>"$W/release"
flock --no-fork "$gdir/.lock" sh -c 'echo held >&8; read -r _ <&9' \
	</dev/null >/dev/null 2>&1 &
holder=$!
at_exit "kill $holder 2>/dev/null"
if ! read -r -t 30 _ <&8; then
	echo "Bail out! the lock holder did not start"
	exit 1
fi
start=$(date +%s%N)
HEARTH_LOCK_TIMEOUT=0.3 run "$G" add "while the lock is held"
ms=$((($(date +%s%N) - start) / 1000000))
like "$rc:$err" "^75:gratitude: $gdir/\.lock is held by another process; try again\$" \
	"a held lock: add gives up with exit 75 and says to try again"
if [ "$ms" -ge 250 ] && [ "$ms" -lt 2500 ]; then
	pass "a held lock: add waited about HEARTH_LOCK_TIMEOUT=0.3 s (${ms} ms)"
else
	fail "a held lock: add waited about HEARTH_LOCK_TIMEOUT=0.3 s" "waited $ms ms"
fi
t "a held lock: the log is unchanged" cmp -s "$log" "$W/log"
flock -n "$gdir/.lock" true
is "$?" "1" "a held lock: still held when add has given up"
echo release >&9
wait "$holder"
exec 8>&- 9>&-
run "$G" add "once the lock is free"
is "$rc:$err" "0:" "once the lock is free, add works again"
