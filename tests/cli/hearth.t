#!/usr/bin/env bash
# hearth: the summary, init, path and doctor.
. tests/cli/lib.sh

export TZ=Europe/Berlin
export HEARTH_NOW=2026-11-26T20:00:00+01:00
h="$BIN/hearth"
g="$BIN/gratitude"
cfg=$XDG_CONFIG_HOME/hearth/config
tab=$'\t'

run "$h" path
is "$rc:$out" "0:$store" "path prints the store's path"
HEARTH_DIR=$TEST_TMP/elsewhere run "$h" path
is "$out" "$TEST_TMP/elsewhere" "HEARTH_DIR moves the store"

run "$h"
is "$rc:$out" "0:hearth ${out#hearth }" "the summary runs before anything is stored"
like "$out" "store +$store \(nothing stored yet\)" "and says nothing is stored yet"

run "$h" init --name ana --partner ben </dev/null
is "$rc" 0 "init with flags needs no terminal"
is "$(cat "$cfg")" "name = ana
partner = ben" "init writes the names, what is personal, to the config"
seed=$("$h" set seed)
like "$seed:$(cut -f2-4 "$store/settings/ana.log")" "^[0-9a-f]{16}:ana${tab}set${tab}seed$" "and a new shared seed to the store, where it syncs"
is "$(stat -c %a "$cfg"):$(stat -c %a "$store")" "600:700" "the config is 0600, the store 0700"

run "$h" init --partner ben </dev/null
is "$("$h" set seed):$(wc -l <"$store/settings/ana.log")" "$seed:1" "init keeps the seed it made, and records nothing new"
run "$h" init --seed 'our-seed-2026' </dev/null
is "$("$h" set seed)" "our-seed-2026" "init --seed sets the partner's seed"
run "$h" init --seed 'no spaces' </dev/null
is "$rc:$("$h" set seed)" "64:our-seed-2026" "a bad seed is a usage error and changes nothing"

printf '# our settings\nname = ana\ncolour = blue\nseed = s33d\n' >"$cfg"
run "$h" init --partner cleo </dev/null
is "$(cat "$cfg")" "# our settings
name = ana
colour = blue
seed = s33d
partner = cleo" "init keeps comments and other settings"
run "$h" init --name 'Ana Maria' </dev/null
is "$rc" 64 "a bad name is a usage error"
is "$(tail -n 1 "$cfg")" "partner = cleo" "and leaves the config alone"
run "$h" init --partner ben </dev/null

"$g" 'the soup' </dev/null
HEARTH_AUTHOR=ben HEARTH_NOW=2026-11-25T08:00:00+01:00 "$g" 'the walk' </dev/null
run "$h"
is "$rc:$(tail -n 12 <<<"$out")" "0:author       ana
partner      ben
store        $store

ask          nothing yet
checkin      nothing yet
goals        nothing yet
gratitude    2 entries (ana 1, ben 1), last 2026-11-26
listen-timer nothing yet
repair       nothing yet
ritual       nothing yet
hearth       2 settings (ana 2), last 2026-11-26" "the summary counts each tool's entries by author"
like "$out" "gratitude +a shared log of appreciations" "the summary lists the tools"

run "$h" doctor
is "$rc:$out:$err" "0::" "doctor on a clean store is quiet off a terminal (cron)"
run script -qec "$h doctor" /dev/null
is "$(tr -d '\r' <<<"$out")" "hearth: $store is in good health" "and says so on a terminal"

# Findings: a loose mode, a malformed line, a torn tail, a symlink.
chmod 644 "$gdir/ben.log"
chmod 750 "$gdir"
printf 'not a record\n2026-11-26T21:00:00+01:00\tana\tthan' >>"$gdir/ana.log"
ln -s /etc/passwd "$gdir/cleo.log"
cat "$gdir"/*.log 2>/dev/null | md5sum >"$TEST_TMP/logs"
find "$store" -printf '%m %p\n' | sort >"$TEST_TMP/modes"
run "$h" doctor
is "$rc" 1 "doctor exits 1 with findings"
is "$(sort <<<"$out")" "$(sort <<EOF2
$gdir: mode 0750, should be 0700
$gdir/ana.log:2: missing fields
$gdir/ana.log:3: unterminated last line (34 bytes)
$gdir/ben.log: mode 0644, should be 0600
$gdir/cleo.log: a symbolic link; the tools refuse it
EOF2
)" "doctor reports each finding, one a line"
is "$(cat "$gdir"/*.log 2>/dev/null | md5sum)" "$(cat "$TEST_TMP/logs")" "doctor without --fix changes no byte"
is "$(find "$store" -printf '%m %p\n' | sort)" "$(cat "$TEST_TMP/modes")" "and no mode"

run "$h" doctor --fix
is "$rc" 1 "doctor --fix still exits 1 for what it cannot fix"
is "$(sort <<<"$out")" "$(sort <<EOF2
$gdir: mode 0750, set to 0700
$gdir/ana.log:2: missing fields
$gdir/ana.log:3: moved an unterminated last line (34 bytes) to $gdir/ana.log.torn
$gdir/ben.log: mode 0644, set to 0600
$gdir/cleo.log: a symbolic link; the tools refuse it
EOF2
)" "doctor --fix moves the tail and mends modes, and leaves the rest"
is "$(stat -c %a "$gdir/ben.log"):$(stat -c %a "$gdir")" "600:700" "the modes are mended"
is "$(cat "$gdir/ana.log.torn")" "2026-11-26T21:00:00+01:00${tab}ana${tab}than" "the tail is kept in .torn"
t "the symlink is left alone" test -L "$gdir/cleo.log"
is "$(head -c 11 /etc/passwd)" "root:x:0:0:" "and its target untouched"

rm "$gdir/cleo.log"
run "$h" doctor
is "$(sort <<<"$out")" "$gdir/ana.log.torn: 35 bytes set aside from unterminated lines; read them, then delete the file
$gdir/ana.log:2: missing fields" "what is left is reported, and the .torn file to read"

# The partner's torn log came from the partner's machine, which mends it:
# doctor --fix reports it and leaves every byte of it, run after run.
printf '2026-11-26T21:30:00+01:00\tben\tthan' >>"$gdir/ben.log"
cp "$gdir/ben.log" "$TEST_TMP/ben-torn"
for i in 1 2; do
	run "$h" doctor --fix
	is "$rc:$(grep ben.log <<<"$out")" "1:$gdir/ben.log:2: unterminated last line (34 bytes); ben's own machine mends it" "doctor --fix reports the partner's torn tail (run $i)"
	t "and leaves the partner's log as it was (run $i)" same_file "$gdir/ben.log" "$TEST_TMP/ben-torn"
done
t "no .torn file is made for the partner" test ! -e "$gdir/ben.log.torn"
head -n 1 "$TEST_TMP/ben-torn" >"$gdir/ben.log"

chmod 755 "$store"
run "$g" list
is "$rc:$err" "78:gratitude: store $store is readable by others; run chmod 700 $store" \
	"a store others can read is refused"
run "$h" doctor
like "$out" "^$store: mode 0755, should be 0700" "doctor reports the store's mode"
chmod 700 "$store"

run "$h" init --name ana --partner ana </dev/null
is "$rc:$err" "64:hearth: your name and your partner's are both 'ana'" "init refuses the same name twice"
run "$h" bogus
is "$rc" 64 "an unknown command is a usage error"
run "$h" --version
like "$rc:$out" '^0:hearth [0-9.]+$' "--version"

# On a terminal, init asks for what the flags left out.
rm -f "$cfg"
printf 'dana\n\n' | script -qec "$h init" /dev/null >"$TEST_TMP/tty" 2>&1
like "$(tr -d '\r' <"$TEST_TMP/tty")" "Your name \[ana\]: .*Your partner's name: " "init asks for the names on the terminal"
is "$(cat "$cfg")" "name = dana" "and writes what was answered; an empty partner stays unset"

# A name too long to be one is refused and asked again, and the partner
# is still asked for: the answer is read whole, not cut at a buffer.
rm -f "$cfg"
long=$(printf 'a%.0s' {1..70})
printf '%s\ndana\nben\n' "$long" | script -qec "$h init" /dev/null >"$TEST_TMP/tty" 2>&1
# What the terminal echoes of the typed-ahead lines may come anywhere
# between the prompts: look for each part, not for their exact layout.
tr -d '\r' <"$TEST_TMP/tty" >"$TEST_TMP/tty.txt"
is "$(grep -o "Your name \[ana\]:" "$TEST_TMP/tty.txt" | wc -l):$(grep -c "use 1 to 32 of a-z, 0-9, '.', '_', '-'" "$TEST_TMP/tty.txt"):$(grep -o "Your partner's name:" "$TEST_TMP/tty.txt" | wc -l)" \
	"2:1:1" "init refuses a 70-character name and asks again, then for the partner"
is "$(cat "$cfg")" "name = dana
partner = ben" "and stores the names given after it"

# Help that cannot be written is an error, as in every tool.
for tool in hearth gratitude ask ritual listen-timer checkin goals repair; do
	run "$BIN/$tool" --help
	out_ok=$rc
	"$BIN/$tool" --help >/dev/full 2>"$TEST_TMP/.err"
	is "$out_ok:$?:$(cat "$TEST_TMP/.err")" "0:74:$tool: stdout: No space left on device" "$tool --help >/dev/full exits 74"
done

# A store root that is a symbolic link is refused like every other link,
# with the target to use; doctor reports it and reads nothing behind it.
ln -s "$store" "$TEST_TMP/linked"
HEARTH_DIR=$TEST_TMP/linked run "$g" list
is "$rc:$err" "78:gratitude: store $TEST_TMP/linked is a symbolic link; refusing it (set HEARTH_DIR to its target, $store)" "a symlinked store root is refused"
HEARTH_DIR=$TEST_TMP/linked run "$g" add 'through a link'
is "$rc" 78 "and nothing is written through it"
HEARTH_DIR=$TEST_TMP/linked run "$h" doctor
is "$rc:$out" "1:$TEST_TMP/linked: a symbolic link; the tools refuse it (set HEARTH_DIR to its target)" "doctor reports the symlinked root"

# A relative HEARTH_DIR, XDG directory or HOME is refused: the store
# would move with the working directory.
HEARTH_DIR=rel/store run "$g" list
is "$rc:$err" "78:gratitude: HEARTH_DIR is a relative path ('rel/store'); give an absolute one" "a relative HEARTH_DIR is refused"
(unset HEARTH_DIR; XDG_DATA_HOME=data run "$g" add 'not stored'; echo "$rc:$err") >"$TEST_TMP/rel"
is "$(cat "$TEST_TMP/rel")" "78:gratitude: XDG_DATA_HOME is a relative path ('data'); give an absolute one" "a relative XDG_DATA_HOME is refused"
t "and nothing is written under the working directory" test ! -e data

# The couple's settings live in the store: hearth set records and lists.
run "$h" set week_start sunday
is "$rc" 0 "hearth set records a setting"
run "$h" set week_start
is "$rc:$out" "0:sunday" "hearth set KEY prints its value"
run "$h" set today_depth
is "$rc:$out" "1:" "and exits 1 when it was never set"
run "$h" set week_start funday
is "$rc:$err" "64:hearth: bad week_start 'funday' (use a weekday, such as monday)" "a bad value is refused"
run "$h" set colour blue
is "$rc:$err" "64:hearth: unknown setting 'colour' (use seed, today_decks, today_depth or week_start)" "an unknown key is refused"
HEARTH_AUTHOR=ben HEARTH_NOW=2026-11-27T09:00:00+01:00 run "$h" set week_start monday
run "$h" set
like "$out" "week_start   monday${tab}\(ben, 2026-11-27\)" "the latest setting wins, whoever recorded it"

# Export and import: the whole store as JSON Lines, and back again.
ex=$TEST_TMP/ex
export HEARTH_DIR=$ex
"$g" --to ben --new 'the soup' </dev/null
HEARTH_AUTHOR=ben HEARTH_NOW=2026-11-27T10:00:00+01:00 "$g" --to ana $'the tea\twith a tab' </dev/null
"$BIN/ritual" add walk --every day >/dev/null </dev/null
"$h" set week_start sunday
run "$h" export
is "$rc:$(wc -l <<<"$out")" "0:4" "export writes every record of every tool, both partners'"
printf '%s\n' "$out" >"$TEST_TMP/export.jsonl"
is "$(grep 'with a tab' "$TEST_TMP/export.jsonl")" '{"tool":"gratitude","author":"ben","time":"2026-11-27T10:00:00.000000+01:00","kind":"thanks","fields":["ana","the tea\twith a tab"]}' "one object a line: tool, author, the stored time, kind, the fields unescaped"
fresh=$TEST_TMP/fresh
HEARTH_DIR=$fresh run "$h" import "$TEST_TMP/export.jsonl"
is "$rc:$err" "0:hearth: 4 records imported, 0 already in the store" "import into an empty store"
for f in gratitude/ana.log gratitude/ben.log ritual/ana.log settings/ana.log; do
	t "the same bytes in $f" same_file "$ex/$f" "$fresh/$f"
done
is "$(HEARTH_DIR=$fresh "$BIN/ritual" list --all --json)" "$("$BIN/ritual" list --all --json)" "ritual sees the same"
HEARTH_DIR=$fresh run "$h" import - <"$TEST_TMP/export.jsonl"
is "$rc:$err" "0:hearth: 0 records imported, 4 already in the store" "importing twice adds nothing"
cp -r "$fresh" "$TEST_TMP/fresh-before"
printf '{"tool":"gratitude","author":"ana","time":"2026-11-28T10:00:00Z","kind":"thanks","fields":["ben","new"]}\nnot json\n' >"$TEST_TMP/bad.jsonl"
HEARTH_DIR=$fresh run "$h" import "$TEST_TMP/bad.jsonl"
like "$rc:$err" "^65:hearth: $TEST_TMP/bad.jsonl:2: " "a malformed line is named with its file and line"
t "and nothing of the file is stored" diff -r "$TEST_TMP/fresh-before" "$fresh"
unset HEARTH_DIR

# Under cron's bare environment (env -i) HOME falls back to the passwd
# entry's home, as many Unix tools do, instead of exit 78.
pwhome=$(getent passwd "$(id -u)" | cut -d: -f6)
run env -i "$h" path
is "$rc:$out" "0:$pwhome/.local/share/hearth" "with no HOME at all, the passwd entry's home is the base"

# Entries written under the login name before hearth init (make run, a
# first try) are adopted under the name init configures.
login=$(id -un)
ad=$TEST_TMP/adopt
export HEARTH_DIR=$ad
(
	unset HEARTH_AUTHOR
	export XDG_CONFIG_HOME=$TEST_TMP/adopt-config
	"$g" --to someone --new 'before I had a name' </dev/null
	"$BIN/ritual" add walk --every day >/dev/null </dev/null
	"$BIN/ritual" 'done' walk >/dev/null </dev/null
	run "$h" init --name dana --partner ben </dev/null
	echo "$rc:$err" >"$TEST_TMP/adopt-none"
	run "$h" init --name dana --partner ben --no-adopt </dev/null
	echo "$rc:$err" >"$TEST_TMP/adopt-no"
	cp "$ad/gratitude/$login.log" "$TEST_TMP/login-before"
	run "$h" init --name dana --partner ben --adopt </dev/null
	echo "$rc:$err" >"$TEST_TMP/adopt-yes"
)
like "$(cat "$TEST_TMP/adopt-none")" "^0:hearth: 3 entries written here as '$login' before you named yourself were left as they are; run hearth init --adopt to store them as 'dana' \(or --no-adopt\)" "without a terminal or a flag, init leaves them and says how to adopt them"
like "$(cat "$TEST_TMP/adopt-no")" "^0:" "--no-adopt leaves them quietly"
like "$(cat "$TEST_TMP/adopt-yes")" "3 entries of '$login' now stored as 'dana'" "--adopt stores them under the name"
t "the login's logs are gone" test ! -e "$ad/gratitude/$login.log" -a ! -e "$ad/ritual/$login.log"
is "$(cat "$ad/gratitude/dana.log")" "$(sed "s/${tab}$login${tab}/${tab}dana${tab}/" "$TEST_TMP/login-before")" "each record kept but for its author: the same time and text"
is "$(HEARTH_AUTHOR=dana "$BIN/ritual" list --json | grep -c '"name":"walk"')" 1 "and ritual still has the walk"
unset HEARTH_DIR

# A record from the future (a partner's clock far ahead, or a hand edit)
# is reported; the tools count it only once its time has come.
fut=$TEST_TMP/future
mkdir -p "$fut/gratitude"
chmod 700 "$fut" "$fut/gratitude"
printf '2026-11-20T10:00:00+01:00\tben\tthanks\tana\tfine\n2027-06-01T10:00:00+01:00\tben\tthanks\tana\tahead\n' >"$fut/gratitude/ben.log"
chmod 600 "$fut/gratitude/ben.log"
HEARTH_DIR=$fut run "$h" doctor
is "$rc:$out" "1:$fut/gratitude/ben.log:2: dated 2027-06-01, more than a day ahead of this machine's clock; the tools count it only once its time has come" "doctor reports a record from the future"

# A ritual both partners defined before their machines synced is the
# couple's disagreement to settle: doctor says so.
dis=$TEST_TMP/disagree
mkdir -p "$dis/ritual"
chmod 700 "$dis" "$dis/ritual"
printf '2026-11-20T10:00:00.000000+01:00\tana\tdefine\tWalk\tday\t\n' >"$dis/ritual/ana.log"
printf '2026-11-20T11:00:00.000000+01:00\tben\tdefine\tWalk\tmon,tue,wed,thu,fri\t\n' >"$dis/ritual/ben.log"
chmod 600 "$dis/ritual/ana.log" "$dis/ritual/ben.log"
HEARTH_DIR=$dis run "$h" doctor
is "$rc:$out" "1:$dis: ritual 'Walk': schedules differ: ana every day, ben every mon,tue,wed,thu,fri; 'ritual add' of it settles it" "doctor reports a ritual defined twice with different schedules"
HEARTH_DIR=$dis HEARTH_NOW=2026-11-21T10:00:00+01:00 "$BIN/ritual" add Walk --every day >/dev/null 2>&1 </dev/null
HEARTH_DIR=$dis run "$h" doctor
is "$rc:$out" "0:" "and is quiet once the next definition settles it"
