#!/usr/bin/env bash
# listen-timer: the lines without a terminal and their timing, the record
# and its log, the topic from stdin, hooks, bad durations, SIGINT, and the
# screen, its keys and the terminal's settings in tmux.
#
# The clock is not fixed here, so timestamps are parsed and compared.  The
# timing itself is tested in tests/unit/test_phase.c, with a clock of the
# test's own: here only what holds on a machine however loaded.  A phase
# never ends before its deadline, so the lower bounds are exact; the upper
# bounds only catch a session far off the mark.  Everything else is exact.
#
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

export TZ=Europe/Berlin
L=$BIN/listen-timer
llog=$store/listen/ana.log
blog=$store/listen/ben.log
tab=$'\t'
W=$TEST_TMP/work
mkdir -p "$W"

# late: how late, in ms, a loaded machine may run what is due, far more
# than it should ever take (a phase ends within a millisecond or two of its
# deadline).  The sanitizer build is slower to start and to run.
if [ "$HEARTH_SAN" = 1 ]; then
	late=1500 polls=200
else
	late=1000 polls=100
fi

# fok EXPR: a numeric comparison, in perl (EXPR as in "1.2 < 3").
fok() {
	perl -e 'exit !(eval $ARGV[0])' "$1"
}

# micros FILE: the first field of every line of FILE, an RFC 3339 time,
# as microseconds since the epoch ("bad" for a malformed one).
micros() {
	perl -MTime::Local=timegm -ne '
		if (/^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{6})([+-])(\d\d):(\d\d)(\t|$)/) {
			my $off = ($9 * 3600 + $10 * 60) * ($8 eq "-" ? -1 : 1);
			printf "%d\n", (timegm($6, $5, $4, $3, $2 - 1, $1) - $off) * 1000000 + $7;
		} else {
			print "bad\n";
		}' "$1"
}

# check_gaps FILE LATE PLANNED...: the gaps between the timestamps of
# consecutive lines of FILE are at least the PLANNED ms (less the
# microsecond the timestamps are cut to), and at most LATE ms more; prints
# the gaps that are not (nothing when all are right).
check_gaps() {
	local f=$1 latems=$2
	shift 2
	micros "$f" | perl -e '
		my ($late, @want) = @ARGV;
		chomp(my @t = <STDIN>);
		print "bad timestamp\n" if grep { $_ eq "bad" } @t;
		print "got ", scalar(@t) - 1, " gaps for ", scalar(@want), "\n"
			if @t - 1 != @want;
		for my $i (1 .. $#t) {
			my $gap = ($t[$i] - $t[$i - 1]) / 1000;
			printf "gap %d: %.3f ms, want %d\n", $i, $gap, $want[$i - 1]
				if $gap < $want[$i - 1] - 0.002 ||
				$gap > $want[$i - 1] + $late;
		}' "$latems" "$@"
}

# await FILE: wait until FILE is not empty, at most $polls times 50 ms.
await() {
	local i=0
	while [ ! -s "$1" ] && [ "$i" -lt "$polls" ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

# field N LINE: the Nth TAB field of LINE.
field() {
	cut -f "$1" <<<"$2"
}

# actuals PHASES: the ACTUAL of each phase:speaker:listener:planned:actual.
actuals() {
	tr ' ' '\n' <<<"$1" | cut -d: -f5 | tr '\n' ' ' | sed 's/ $//'
}

# ctrl FILE: the number of bytes of FILE other than TAB, LF and printable
# ASCII.
ctrl() {
	LC_ALL=C tr -d '\t\n\040-\176' <"$1" | wc -c
}

ts_re='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}[+-][0-9]{2}:[0-9]{2}'
num='([0-9]+\.[0-9]{3})'

# The hook: appends the session's state to $HOOK_OUT, one line a run.
cat >"$W/hook" <<'EOF'
#!/bin/sh
printf '%s\t%s\t%s\t%s\t%s\n' "$HEARTH_PHASE" "$HEARTH_SPEAKER" \
	"$HEARTH_LISTENER" "$HEARTH_TOPIC" "$HEARTH_SECONDS" >>"$HOOK_OUT"
EOF
printf '#!/bin/sh\nexit 3\n' >"$W/fail"
chmod +x "$W/hook" "$W/fail"

# ---- nothing yet ----

run "$L" log
is "$rc:$out:$err" "1::" "log with no store yet prints nothing and exits 1"

# ---- a session without a terminal ----

t0=$EPOCHREALTIME
"$L" -t 0.3s -r 0.2s -p ana,ben 'a topic' 2>"$W/err" | cat >"$W/out"
rcs="${PIPESTATUS[0]}"
t1=$EPOCHREALTIME
is "$rcs:$(cat "$W/err")" "0:" "a session into a pipe exits 0, quietly"
is "$(cut -f 2- "$W/out")" "speak${tab}ana${tab}ben${tab}0.300
reflect${tab}ana${tab}ben${tab}0.200
speak${tab}ben${tab}ana${tab}0.300
reflect${tab}ben${tab}ana${tab}0.200
done${tab}${tab}${tab}0.000" \
	"one line a phase: phase, speaker, listener, planned seconds; then done"
is "$(awk -F '\t' 'NF == 5' "$W/out" | cut -f 1 | grep -cxE -- "$ts_re")" 5 \
	"5 lines of 5 TAB fields, each starting with an RFC 3339 time with microseconds"
is "$(ctrl "$W/out")" 0 "no control characters but TABs and newlines"
is "$(check_gaps "$W/out" "$late" 300 200 300 200)" "" \
	"the lines are 0.3, 0.2, 0.3 and 0.2 s apart, never less"
first=$(micros "$W/out" | head -n 1)
last=$(micros "$W/out" | tail -n 1)
t "the session takes 1.0 s or more, first line to last" \
	fok "$last - $first >= 1000000 - 2"
t "and 1.0 s or more on the wall clock" fok "$t1 - $t0 >= 1.0"
t "without HEARTH_NOW the timestamps are the clock's" \
	fok "abs($first / 1e6 - $t0) <= 2"

# ---- its record ----

is "$(wc -l <"$llog")" 1 "the session is one line of ana's listen log"
rec=$(cat "$llog")
re="^($ts_re)${tab}ana${tab}session${tab}finished${tab}a topic${tab}(speak:ana:ben:0\\.300:$num reflect:ana:ben:0\\.200:$num speak:ben:ana:0\\.300:$num reflect:ben:ana:0\\.200:$num)\$"
like "$rec" "$re" "the record: time, author, session, finished, topic, the phases"
rtime=$(field 1 "$rec")
phases=$(field 6 "$rec")
read -r a1 a2 a3 a4 <<<"$(actuals "$phases")"
t "each phase's actual time is its planned one or more, never less" \
	fok "$a1 >= 0.3 && $a2 >= 0.2 && $a3 >= 0.3 && $a4 >= 0.2 &&
	$a1 + $a2 + $a3 + $a4 <= 1.0 + $late / 1000"
rstart=$(printf '%s\n' "$rec" | micros /dev/stdin)
t "the record's time is when the session started: at the first line or just before" \
	fok "$rstart <= $first && $first - $rstart <= $late * 1000"
is "$(stat -c %a "$llog")" 600 "the log is 0600"

run "$L" log
is "$rc:$err:$out" "0::${rtime:0:10}${tab}finished${tab}0.0 min${tab}ana, ben${tab}a topic" \
	"log: date, status, minutes, names, topic"
run "$L" log --json
is "$rc:$err:$out" "0::{\"time\":\"$rtime\",\"author\":\"ana\",\"status\":\"finished\",\"topic\":\"a topic\",\"phases\":[{\"phase\":\"speak\",\"speaker\":\"ana\",\"listener\":\"ben\",\"planned\":0.300,\"actual\":$a1},{\"phase\":\"reflect\",\"speaker\":\"ana\",\"listener\":\"ben\",\"planned\":0.200,\"actual\":$a2},{\"phase\":\"speak\",\"speaker\":\"ben\",\"listener\":\"ana\",\"planned\":0.300,\"actual\":$a3},{\"phase\":\"reflect\",\"speaker\":\"ben\",\"listener\":\"ana\",\"planned\":0.200,\"actual\":$a4}]}" \
	"log --json: time, author, status, topic and the phases"

run "$BIN/hearth"
is "$rc:$(grep '^listen-timer ' <<<"$out")" "0:listen-timer 1 session (ana 1), last ${rtime:0:10}" \
	"the hearth summary counts the session"

# A session of ben's, long ago (HEARTH_NOW), in his own log.
HEARTH_AUTHOR=ben HEARTH_NOW=2026-01-01T10:00:00+01:00 \
	"$L" -t 0.1 -r 0 -p ben,ana 'from ben' </dev/null >"$W/ben"
is "$(cut -f 1 "$W/ben" | cut -c 1-20 | sort -u)" "2026-01-01T10:00:00." \
	"HEARTH_NOW sets the start of the lines' timestamps"
is "$(cut -f 1-5 "$blog")" "2026-01-01T10:00:00.000000+01:00${tab}ben${tab}session${tab}finished${tab}from ben" \
	"and of the record, in ben's log"
run "$L" log
is "$out" "2026-01-01${tab}finished${tab}0.0 min${tab}ben, ana${tab}from ben
${rtime:0:10}${tab}finished${tab}0.0 min${tab}ana, ben${tab}a topic" \
	"log lists both partners' sessions in time order"
run "$L" log --since 2026-06-01
is "$rc:$out" "0:${rtime:0:10}${tab}finished${tab}0.0 min${tab}ana, ben${tab}a topic" \
	"log --since DATE leaves out the older ones"
run "$L" log --since "$rtime"
is "$rc:$(wc -l <<<"$out")" "0:1" "log --since an exact time includes that moment"
run "$L" log --since 2099-01-01
is "$rc:$out:$err" "1::" "log --since after every session prints nothing and exits 1"
run "$L" log --since 'next tuesday'
is "$rc" 64 "log --since a bad date is a usage error"

# ---- what log shows of a partner's records ----

# Records as a partner's machine or an editor may leave them, in a store of
# their own: every byte of them is shown safe.  The topic is 1000 C1
# controls (U+0085) and 100 C0 ones, 2100 bytes whose safe form is 6400:
# more than any buffer sized for a topic typed here (1024 bytes, 4 times).
o=$TEST_TMP/other
(umask 077 && mkdir -p "$o/listen")
c1=$(printf '\302\205%.0s' $(seq 1000))
c0=$(printf '\001%.0s' $(seq 100))
{
	printf '2026-01-02T10:00:00+01:00\tben\tsession\tfinished\t%s%s\tspeak:ben:ana:60.000:60.000\n' "$c1" "$c0"
	printf '2026-01-03T10:00:00+01:00\tben\tsession\tended\tt\tspeak:b\033]0;x\007:\\t\\n:60.000:30.000\n'
} >"$o/listen/ben.log"
chmod 600 "$o/listen/ben.log"
HEARTH_DIR=$o run "$L" log
want_topic=$(printf '\\u0085%.0s' $(seq 1000))$(printf '\\x01%.0s' $(seq 100))
is "$rc:$err:$(head -n 1 <<<"$out")" "0::2026-01-02${tab}finished${tab}1.0 min${tab}ben, ana${tab}$want_topic" \
	"log: a topic of 1100 controls is shown whole, each one escaped (6400 bytes)"
is "$(tail -n 1 <<<"$out")" "2026-01-03${tab}ended${tab}0.5 min${tab}b\\e]0;x\\x07, \\t\\n${tab}t" \
	"log: the names of a record are shown safe too, escaped TAB and newline included"

# ---- a partner's malformed sessions ----

# Each record below but the good ones is malformed in one field, as a
# partner's machine, an editor or a bad merge could leave it.  Each is
# reported once, as FILE:LINE: reason with its own line, and skipped; the
# good ones are listed, and the exit status is 65.  Nothing out of range
# reaches the output: no "inf min", no 300-digit JSON number.
m=$TEST_TMP/malformed
(umask 077 && mkdir -p "$m/listen")
day=0
# sess STATUS PHASES: a session of ben's, a day later than the last one.
sess() {
	day=$((day + 1))
	printf '2026-02-%02dT10:00:00+01:00\tben\tsession\t%s\ttopic %d\t%s\n' \
		"$day" "$1" "$day" "$2"
}
big=1$(printf '0%.0s' $(seq 300)).000
many=$(for i in $(seq 33); do printf 'speak:ben:ana:1.000:1.000 '; done)
{
	sess finished 'speak:ben:ana:60.000:60.000'
	sess finished 'speak:ben:ana:inf:60.000'
	sess finished 'speak:ben:ana:nan:60.000'
	sess finished 'speak:ben:ana:1e999:60.000'
	sess finished 'speak:ben:ana:-5.000:60.000'
	sess finished "speak:ben:ana:$big:60.000"
	sess finished 'speak:ben:ana:60.000:1e308'
	sess finished 'speak:ben:ana:60.000:99999999999.999'
	sess finished 'speak:ben:ana:86400.001:60.000'
	sess finished 'speak:ben:ana:1.2345:60.000'
	sess finished 'speak:ben:ana:180.:60.000'
	sess finished 'speak:ben:ana: 1.000:60.000'
	sess 'done' 'speak:ben:ana:60.000:60.000'
	sess $'fin\033[31mished' 'speak:ben:ana:60.000:60.000'
	sess finished 'dance:ben:ana:60.000:60.000'
	sess finished 'speak::ana:60.000:60.000'
	sess finished 'speak:ben::60.000:60.000'
	sess finished 'speak:ben:ana:60.000'
	sess finished 'speak:ben:ana:60.000:60.000:reflect:ben:ana:1.000:1.000'
	sess finished 'speak:ben:ana:60.000:60.000  speak:ana:ben:1.000:1.000'
	sess finished ''
	sess finished "${many% }"
	echo '# a comment is not a session'
	sess ended 'speak:ben:ana:86400.000:0 reflect:ben:ana:0.5:86400'
} >"$m/listen/ben.log"
chmod 600 "$m/listen/ben.log"
bl=$m/listen/ben.log
secs="(0 to 86400, at most three decimals)"
want_err="listen-timer: $bl:2: bad planned seconds $secs
listen-timer: $bl:3: bad planned seconds $secs
listen-timer: $bl:4: bad planned seconds $secs
listen-timer: $bl:5: bad planned seconds $secs
listen-timer: $bl:6: bad planned seconds $secs
listen-timer: $bl:7: bad actual seconds $secs
listen-timer: $bl:8: bad actual seconds $secs
listen-timer: $bl:9: bad planned seconds $secs
listen-timer: $bl:10: bad planned seconds $secs
listen-timer: $bl:11: bad planned seconds $secs
listen-timer: $bl:12: a phase is not PHASE:SPEAKER:LISTENER:PLANNED:ACTUAL
listen-timer: $bl:13: a session is neither finished nor ended
listen-timer: $bl:14: a session is neither finished nor ended
listen-timer: $bl:15: a phase is neither speak nor reflect
listen-timer: $bl:16: a phase has an empty name
listen-timer: $bl:17: a phase has an empty name
listen-timer: $bl:18: a phase is not PHASE:SPEAKER:LISTENER:PLANNED:ACTUAL
listen-timer: $bl:19: a phase is not PHASE:SPEAKER:LISTENER:PLANNED:ACTUAL
listen-timer: $bl:20: an empty phase (two spaces, or one at an end)
listen-timer: $bl:21: a session without phases
listen-timer: $bl:22: more than 32 phases"
HEARTH_DIR=$m run "$L" log
is "$rc:$out" "65:2026-02-01${tab}finished${tab}1.0 min${tab}ben, ana${tab}topic 1
2026-02-23${tab}ended${tab}1440.0 min${tab}ben, ana${tab}topic 23" \
	"log: a session out of range or malformed in any field is skipped, the good ones listed, exit 65"
is "$err" "$want_err" "and each is reported once, as FILE:LINE: reason"
HEARTH_DIR=$m run "$L" log --json
is "$rc:$out" "65:{\"time\":\"2026-02-01T10:00:00+01:00\",\"author\":\"ben\",\"status\":\"finished\",\"topic\":\"topic 1\",\"phases\":[{\"phase\":\"speak\",\"speaker\":\"ben\",\"listener\":\"ana\",\"planned\":60.000,\"actual\":60.000}]}
{\"time\":\"2026-02-23T10:00:00+01:00\",\"author\":\"ben\",\"status\":\"ended\",\"topic\":\"topic 23\",\"phases\":[{\"phase\":\"speak\",\"speaker\":\"ben\",\"listener\":\"ana\",\"planned\":86400.000,\"actual\":0.000},{\"phase\":\"reflect\",\"speaker\":\"ben\",\"listener\":\"ana\",\"planned\":0.500,\"actual\":86400.000}]}" \
	"log --json: the same two, the seconds as numbers with three decimals, from 0 to 86400"
is "$err" "$want_err" "and the same reports"
HEARTH_DIR=$m run "$L" log --since 2026-02-20
is "$rc:$err:$(wc -l <<<"$out")" "65:listen-timer: $bl:20: an empty phase (two spaces, or one at an end)
listen-timer: $bl:21: a session without phases
listen-timer: $bl:22: more than 32 phases:1" \
	"log --since reports only the malformed sessions it reads"

# The line is the line in the file, whatever the order the sessions are
# read in: two logs, one out of time order, an overlong line before a
# malformed session, and a malformed unterminated last line (the reader
# reports it, as unterminated, and nothing else does).
m2=$TEST_TMP/malformed2
(umask 077 && mkdir -p "$m2/listen")
{
	printf '2026-03-05T10:00:00+01:00\tben\tsession\tfinished\tlate\tspeak:ben:ana:1.000:inf\n'
	printf 'x%.0s' $(seq 5000)
	printf '\n2026-03-01T10:00:00+01:00\tben\tsession\tfinished\tearly\tspeak:ben:ana:1.000:1.000\n'
	printf '2026-03-02T10:00:00+01:00\tben\tsession\tfinished\tbad\tspeak:ben:ana:-1:1.000\n'
	printf '2026-03-03T10:00:00+01:00\tben\tsession\tdone\ttorn\tspeak:ben:ana:1.000:1.000'
} >"$m2/listen/ben.log"
{
	printf '2026-03-04T10:00:00+01:00\tana\tsession\tfinished\tana\tspeak:ana:ben:60.000:60.000\n'
	printf '2026-03-01T09:00:00+01:00\tana\tsession\tfinished\tbad\treflect:ana:ben:1e3:1.000\n'
} >"$m2/listen/ana.log"
chmod 600 "$m2/listen/ben.log" "$m2/listen/ana.log"
HEARTH_DIR=$m2 run "$L" log
sorted_err=$(sort <<<"$err")
is "$rc:$(cut -f 5 <<<"$out" | tr '\n' ' ')" "65:early ana " \
	"log: two logs, out of order, with malformed sessions: the good ones in time order"
is "$sorted_err" "listen-timer: $m2/listen/ana.log:2: bad planned seconds $secs
listen-timer: $m2/listen/ben.log:1: bad actual seconds $secs
listen-timer: $m2/listen/ben.log:2: line longer than 4096 bytes
listen-timer: $m2/listen/ben.log:4: bad planned seconds $secs
listen-timer: $m2/listen/ben.log:5: unterminated last line" \
	"and every malformed line is reported once, with its file and its line"

# ---- the topic from stdin ----

printf 'What has been on your mind?\nsecond line\n' |
	"$L" -t 0.1s -r 0 2>"$W/err" | cat >"$W/out"
is "$(cut -f 2- "$W/out"):$(cat "$W/err")" "speak${tab}ana${tab}partner${tab}0.100
speak${tab}partner${tab}ana${tab}0.100
done${tab}${tab}${tab}0.000:" \
	"-r 0: speak phases only; without -p or a partner the second name is 'partner'"
is "$(tail -n 1 "$llog" | cut -f 4-5)" "finished${tab}What has been on your mind?" \
	"the first line of stdin is the topic"
run "$L" log --since "$(tail -n 1 "$llog" | cut -f 1)"
is "$out" "$(tail -n 1 "$llog" | cut -c 1-10)${tab}finished${tab}0.0 min${tab}ana, partner${tab}What has been on your mind?" \
	"and log shows it"
printf 'only this line\r\nthe rest is not ours\n' >"$W/in"
{
	"$L" -t 0.1s -r 0 >/dev/null
	cat
} <"$W/in" >"$W/rest"
is "$(cat "$W/rest"):$(tail -n 1 "$llog" | cut -f 5)" "the rest is not ours:only this line" \
	"only the first line is read, without its CR"
cp "$llog" "$W/before"
run sh -c "printf 'bad \\377 topic\\n' | \"$L\" -t 0.1s -r 0"
is "$rc:$out:$err" "65::listen-timer: the topic is not valid UTF-8 (byte 5)" \
	"a topic that is not UTF-8 exits 65"
t "and records nothing" same_file "$llog" "$W/before"

# ---- hooks ----

# shellcheck disable=SC2016 # not to be expanded, ever
topic='$(touch pwned); rm -rf ~ ; echo "x" | cat > y & `id`'
(
	cd "$W" || exit 1
	HOOK_OUT=$W/hook1 "$L" -t 0.1s -r 0.1s -p ana,ben --exec "$W/hook" "$topic" 2>"$W/err" |
		cat >"$W/out"
	exit "${PIPESTATUS[0]}"
)
is "$?:$(cat "$W/err"):$(wc -l <"$W/out")" "0::5" "a session with --exec runs as ever"
is "$(cat "$W/hook1")" "speak${tab}ana${tab}ben${tab}$topic${tab}0.100
reflect${tab}ana${tab}ben${tab}$topic${tab}0.100
speak${tab}ben${tab}ana${tab}$topic${tab}0.100
reflect${tab}ben${tab}ana${tab}$topic${tab}0.100
done${tab}${tab}${tab}$topic${tab}0.000" \
	"the hook runs at each phase and at the end, with the HEARTH_* variables"
is "$(find "$TEST_TMP" "$PWD" -maxdepth 3 \( -name pwned -o -name y \) | wc -l)" 0 \
	"the topic's shell metacharacters are never run"
is "$(tail -n 1 "$llog" | cut -f 4-5)" "finished${tab}$topic" "and the topic is recorded byte for byte"

HOOK_OUT=$W/hook2 "$L" -t 0.1s -r 0.1s -p ana,ben --exec "$W/fail" 'failing hook' 2>"$W/err" |
	cat >"$W/out"
is "${PIPESTATUS[0]}:$(wc -l <"$W/out")" "0:5" "a failing hook: the session still runs to its end, exit 0"
is "$(cat "$W/err")" "$(for _ in 1 2 3 4 5; do echo "listen-timer: hook '$W/fail' failed: exit 3"; done)" \
	"each failure is reported on stderr"
is "$(tail -n 1 "$llog" | cut -f 4-5)" "finished${tab}failing hook" "and the session is recorded as finished"

# A hook program that is not there is refused before the session starts,
# not reported at every change.
"$L" -t 0.1s -r 0.1s -p ana,ben --exec "$W/no-such-hook --flag" 'missing hook' 2>"$W/err" |
	cat >"$W/out"
is "${PIPESTATUS[0]}:$(wc -l <"$W/out")" "69:0" "a missing hook program: refused before the session, exit 69"
is "$(cat "$W/err")" "listen-timer: --exec: '$W/no-such-hook' is not a program that can run here (not found, or not executable)" \
	"it is said once, on stderr"
is "$(tail -n 1 "$llog" | cut -f 4-5)" "finished${tab}failing hook" "and no session is recorded"

# ---- the config ----

# Under the sanitizer build, leaks are looked for here (make check turns
# that off): the config read at the start is freed on every way out.
mkdir -p "$W/cfg/hearth"
printf 'name = ana\npartner = ben\n' >"$W/cfg/hearth/config"
lsan=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1
XDG_CONFIG_HOME=$W/cfg ASAN_OPTIONS=$lsan "$L" -t 0.1s -r 0 'with a config' 2>"$W/err" |
	cat >"$W/out"
is "${PIPESTATUS[0]}:$(cat "$W/err"):$(cut -f 2-4 "$W/out")" "0::speak${tab}ana${tab}ben
speak${tab}ben${tab}ana
done${tab}${tab}" "without -p the second name is the config's partner; nothing leaks"
XDG_CONFIG_HOME=$W/cfg ASAN_OPTIONS=$lsan "$L" -t 0.1s -r 0 'nobody reads' 2>"$W/err" | true
is "${PIPESTATUS[0]}:$(cat "$W/err"):$(tail -n 1 "$llog" | cut -f 4-5)" "0::finished${tab}nobody reads" \
	"a reader that goes away: exit 0, quietly, the session recorded; nothing leaks"

# ---- bad durations and options ----

cp "$llog" "$W/before"
ls -A "$store/listen" >"$W/files"
use="(use 90, 90s, 3m, 1m30s or 0.5s)"
while IFS='|' read -r opt arg msg; do
	run "$L" "$opt" "$arg" 'a topic'
	is "$rc:$out:$err" "64::listen-timer: $msg" "$opt '$arg' is a usage error"
done <<EOF
-t|-5|bad turn duration '-5' $use
-t|0|turn duration '0' must be more than zero
-t||empty turn duration
-t|3x|bad turn duration '3x' $use
-t|99999h|turn duration '99999h' is more than a day
-t|1m30|bad turn duration '1m30' $use
-r|1x|bad reflect duration '1x' $use
-n|0|bad number of rounds '0' (1 to 8)
-p|ana|bad names 'ana' (use -p NAME,NAME)
EOF
t "nothing was recorded by the refused sessions" same_file "$llog" "$W/before"
is "$(ls -A "$store/listen")" "$(cat "$W/files")" "and no file was made"

# ---- -h and --help, and where they are words ----

# Help only where an option may stand.  As an option's argument, once the
# topic's words have begun and after --, -h and --help are what they
# stand for there: a duration, a date, a name or a word of the topic.
usage1="usage: listen-timer [-t TURN] [-r REFLECT] [-n ROUNDS] [-p NAME,NAME]"
for args in "-h" "--help" "-t 1m -h a topic" "-t 1m --help a topic" \
	"log -h" "log --help" "log --json -h" "log --since 1w --help"; do
	# shellcheck disable=SC2086 # split on purpose
	run "$L" $args
	is "$rc:$err:$(head -n 1 <<<"$out")" "0::$usage1" \
		"'listen-timer $args' prints the usage on stdout and exits 0"
done
run "$L" -t -h 'a topic'
is "$rc:$out:$err" "64::listen-timer: bad turn duration '-h' $use" \
	"-t -h: -h is the duration -t takes, not help"
run "$L" -r --help 'a topic'
is "$rc:$out:$err" "64::listen-timer: bad reflect duration '--help' $use" \
	"-r --help: --help is the duration -r takes, not help"
run "$L" -p -h 'a topic'
is "$rc:$out:$err" "64::listen-timer: bad names '-h' (use -p NAME,NAME)" \
	"-p -h: -h is the names -p takes, not help"
run "$L" log --since -h
like "$rc:$out:$err" "^64::listen-timer: bad date '-h' \\(use " \
	"log --since -h: -h is the date, not help"
run "$L" log -- -h
is "$rc:$out:$(head -n 1 <<<"$err")" "64::$usage1" \
	"log -- -h: after --, -h is an operand, and log takes none"
run "$L" -t 0.1s -r 0 -p ana,ben money talk -h </dev/null
is "$rc:$(tail -n 1 "$llog" | cut -f 4-5)" "0:finished${tab}money talk -h" \
	"once the topic has begun, -h is a word of it: the session runs"
run "$L" -t 0.1s -r 0 -p ana,ben -- --help </dev/null
is "$rc:$(tail -n 1 "$llog" | cut -f 4-5)" "0:finished${tab}--help" \
	"after --, --help is the topic"
run "$L" -t 0.1s -r 0 -p -h,ben a topic </dev/null
like "$rc:$(tail -n 1 "$llog" | cut -f 6)" "^0:speak:-h:ben:0\\.100:$num speak:ben:-h:0\\.100:$num\$" \
	"-p -h,ben: -h is a name (a valid one), not help"

# ---- option errors ----

# Told in listen-timer's own words (tool_getopt), what was typed made
# safe, then the usage, exit 64; nothing recorded.
cp "$llog" "$W/before"
while IFS='|' read -r args want; do
	# shellcheck disable=SC2086 # split on purpose
	run "$L" $args </dev/null
	is "$rc:$out:$(head -n 1 <<<"$err"):$(sed -n 2p <<<"$err")" \
		"64::listen-timer: $want:$usage1" "'listen-timer $args': $want"
done <<'EOF'
-x|unknown option -x
--bogus|unknown option '--bogus'
-t|option -t needs an argument
--exec|option --exec needs an argument
--no-bell=1|option --no-bell takes no argument
log -x|unknown option -x
log --bogus|unknown option '--bogus'
log --since|option --since needs an argument
log --json=1|option --json takes no argument
EOF
run "$L" $'--\033]0;x\a' </dev/null
is "$rc:$out:$(head -n 1 <<<"$err")" "64::listen-timer: unknown option '--\\e]0;x\\x07'" \
	"an unknown option is echoed made safe, no escape sequence reaches the terminal"
run "$L" log $'-\033' </dev/null
is "$rc:$out:$(head -n 1 <<<"$err")" "64::listen-timer: unknown option -\\e" \
	"and an unknown short option of log too"
t "nothing was recorded by them" same_file "$llog" "$W/before"

# ---- errors with errno ----

run "$L" -t 0.1s -r 0 -p ana,ben <"$W"
is "$rc:$out:$err" "74::listen-timer: stdin: Is a directory" \
	"a topic that cannot be read from stdin is an I/O error, with its reason"

# ---- SIGINT without a terminal ----

t0=$EPOCHREALTIME
HOOK_OUT=$W/hook3 "$L" -t 5s -r 0 -p ana,ben --exec "$W/hook" 'interrupted' \
	>"$W/sig" 2>"$W/err" &
sig_pid=$!
# shellcheck disable=SC2016 # expanded when the test exits
at_exit '[ -z "${sig_pid:-}" ] || kill "$sig_pid" 2>/dev/null'
await "$W/sig"
sleep 0.5
tk=$EPOCHREALTIME
kill -INT "$sig_pid"
wait "$sig_pid"
rcs=$?
sig_pid=
t1=$EPOCHREALTIME
is "$rcs:$(cat "$W/err")" "130:" "SIGINT: listen-timer dies of it (130 to the shell), quietly"
t "at once, not at the end of the 5 s phase" fok "$t1 - $tk < 2.5"
like "$(cat "$W/sig")" "^$ts_re${tab}speak${tab}ana${tab}ben${tab}5\\.000
$ts_re${tab}ended${tab}${tab}${tab}0\\.000\$" "the last line says ended"
rec=$(tail -n 1 "$llog")
like "$rec" "^$ts_re${tab}ana${tab}session${tab}ended${tab}interrupted${tab}speak:ana:ben:5\\.000:$num speak:ben:ana:5\\.000:0\\.000\$" \
	"the session is recorded as ended, the phase not started with 0.000"
a1=$(actuals "$(field 6 "$rec")" | cut -d ' ' -f 1)
t "the interrupted phase's actual time is the time it ran: about 0.5 s, not 5" \
	fok "$a1 >= 0.4 && $a1 <= $t1 - $t0"
is "$(cat "$W/hook3")" "speak${tab}ana${tab}ben${tab}interrupted${tab}5.000
ended${tab}${tab}${tab}interrupted${tab}0.000" "the hook runs with HEARTH_PHASE=ended"

# A first word that is not "log", however near, is the topic: no "did you
# mean log?", the session runs (here until SIGINT ends it).
"$L" lgo </dev/null >"$W/lgo" 2>"$W/err" &
sig_pid=$!
await "$W/lgo"
kill -INT "$sig_pid"
wait "$sig_pid"
rcs=$?
sig_pid=
is "$rcs:$(cat "$W/err"):$(tail -n 1 "$llog" | cut -f 4-5)" "130::ended${tab}lgo" \
	"'listen-timer lgo': lgo is the topic, not a mistyped log"

# ---- ask | listen-timer ----

"$BIN/ask" -x -c talk | "$L" -t 0.1s -r 0 2>"$W/err" | cat >"$W/out"
rec=$(tail -n 1 "$llog")
is "$(wc -l <"$W/out"):$(cat "$W/err"):$(field 4 "$rec")" "3::finished" "ask | listen-timer runs a session"
ptopic=$(field 5 "$rec")
is "$(sed -n 's/^[123] //p' common/decks/talk.deck | grep -cxF -- "$ptopic")" 1 \
	"its topic is a prompt of the talk deck (${ptopic:-none})"

# ---- on a terminal, in tmux ----

sock=$TEST_TMP/tmux.sock

tm() {
	tmux -S "$sock" -f /dev/null "$@"
}

# screen: the pane's screen now; trimmed: with the leading blanks cut.
screen() {
	tm capture-pane -p -t "$pane"
}
trimmed() {
	screen | sed 's/^ *//'
}

# pane_fmt FMT: a tmux format of the pane, as #{alternate_on}.
pane_fmt() {
	tm display-message -p -t "$pane" "$1"
}

# wait_for ERE: poll the screen until a line matches ERE (5 s at most).
wait_for() {
	local i
	for ((i = 0; i < polls; i++)); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	diag "no '$1' on the screen:
$(screen)"
	return 1
}

# wait_gone ERE: poll the screen until no line matches ERE.
wait_gone() {
	local i
	for ((i = 0; i < polls; i++)); do
		screen | grep -qE -- "$1" || return 0
		sleep 0.05
	done
	diag "still '$1' on the screen:
$(screen)"
	return 1
}

# wait_file FILE: poll until FILE exists.
wait_file() {
	local i
	for ((i = 0; i < polls; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	diag "no $1; the screen:
$(screen)"
	return 1
}

# wait_fmt FMT VALUE: poll until the tmux format FMT is VALUE.
wait_fmt() {
	local i
	for ((i = 0; i < polls; i++)); do
		[ "$(pane_fmt "$1")" = "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

# clock: the big digits on the screen (rows 5 to 9) read back as MM:SS.
clock() {
	screen | sed -n 5,9p | perl -CSD -e '
		my %font = (
			"111|1 1|1 1|1 1|111" => 0, " 1 |11 | 1 | 1 |111" => 1,
			"111|  1|111|1  |111" => 2, "111|  1|111|  1|111" => 3,
			"1 1|1 1|111|  1|  1" => 4, "111|1  |111|  1|111" => 5,
			"111|1  |111|1 1|111" => 6, "111|  1|  1|  1|  1" => 7,
			"111|1 1|111|1 1|111" => 8, "111|1 1|111|  1|111" => 9,
			"   | 1 |   | 1 |   " => ":");
		my @rows = map { chomp; tr/\x{2588}/1/; $_ } <STDIN>;
		exit 1 if @rows != 5;
		my ($ind) = sort { $a <=> $b } map { /^( *)1/ ? length $1 : 999 } @rows;
		@rows = map { substr($_ . " " x 40, $ind, 20) } @rows;
		for my $g (0 .. 4) {
			my $k = join "|", map { substr($_, $g * 4, 3) } @rows;
			print exists $font{$k} ? $font{$k} : "?";
		}'
}

# secs MM:SS: the seconds.
secs() {
	echo $((10#${1%%:*} * 60 + 10#${1##*:}))
}

# has LINE: the screen has LINE, leading blanks aside.
has() {
	trimmed | grep -qxF -- "$1"
}

# The environment of the test, for the scripts run in tmux.
{
	for v in HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME HEARTH_AUTHOR \
		LC_ALL NO_COLOR TZ PATH BIN; do
		printf 'export %s=%q\n' "$v" "${!v}"
	done
	echo 'unset HEARTH_DIR HEARTH_SEED HEARTH_NOW HEARTH_LOCK_TIMEOUT'
} >"$W/env.sh"

# tty-run DIR ARGS...: the terminal's settings before and after
# listen-timer ARGS, its exit status and a marker, in DIR.
cat >"$W/tty-run" <<EOF
#!/usr/bin/env bash
. $(printf %q "$W/env.sh")
d=\$1
shift
stty -a >"\$d/before"
echo "runner ready"
"\$BIN/listen-timer" "\$@"
echo "\$?" >"\$d/rc"
stty -a >"\$d/after"
touch "\$d/done"
exec sleep 60
EOF
# tty-shell: an interactive bash with job control and a plain prompt.
cat >"$W/tty-shell" <<EOF
#!/usr/bin/env bash
. $(printf %q "$W/env.sh")
export PS1='PROMPT> ' HISTFILE=/dev/null
exec bash --norc --noprofile -i
EOF
chmod +x "$W/tty-run" "$W/tty-shell"

# start NAME CMD...: a detached 80x24 session running CMD.
start() {
	pane=$1
	shift
	tm new-session -d -s "$pane" -x 80 -y 24 "$(printf '%q ' "$@")"
}

keys="space pause  ·  n next  ·  + / - 30 s  ·  q quit"

# The clock of a phase of a minute that has just begun: 01:00 or 00:5x.
minute='^(01:00|00:5[0-9])$'

# The first run: pause, resume, next, to the end.  The turns are a minute
# long, and n ends them, so that no check depends on how fast the machine
# is; the reflect phases are 3 s, and run out by themselves.
tty_keys() {
	local d=$TEST_TMP/tty1 tl tp1 tr1 tp2 c1 c2 s1 s2 c3 i rec re
	mkdir "$d"
	tl=$EPOCHREALTIME
	start tty1 "$W/tty-run" "$d" -t 60s -r 3s -p ana,ben 'our topic'
	wait_for 'ana speaks' || {
		fail "listen-timer draws its screen in tmux"
		return
	}
	pass "listen-timer draws its screen in tmux"
	is "$(pane_fmt '#{alternate_on} #{cursor_flag}')" "1 0" \
		"on the alternate screen, the cursor hidden"
	has "round 1 of 1  ·  phase 1 of 4"
	ok "the status line: round 1 of 1, phase 1 of 4"
	is "$(screen | sed -n 3p)" "                           ana speaks  ·  ben listens" \
		"who speaks and who listens, centred"
	has "ana: speak about your own feelings, in short pieces" &&
		has "ben: listen fully, don't interrupt, don't defend"
	ok "the two role reminders"
	has "topic: our topic"
	ok "the topic"
	has "$keys"
	ok "the keys"
	like "$(clock)" "$minute" "the time left in big digits"
	has "runner ready"
	is "$?" 1 "the shell's screen is hidden"

	tp1=$EPOCHREALTIME
	tm send-keys -t "$pane" Space
	wait_for 'PAUSED' && has "round 1 of 1  ·  phase 1 of 4  ·  PAUSED"
	ok "space pauses: PAUSED on the status line"
	c1=$(clock)
	s1=$(screen)
	sleep 1.2
	c2=$(clock)
	s2=$(screen)
	like "$c1" "$minute" "a paused clock still shows the time left"
	is "$c2" "$c1" "and does not change over 1.2 s"
	is "$s2" "$s1" "nothing on the screen changes while paused"

	tr1=$EPOCHREALTIME
	tm send-keys -t "$pane" Space
	wait_gone 'PAUSED'
	ok "space again resumes"
	for ((i = 0; i < polls; i++)); do
		c3=$(clock)
		[ "$c3" != "$c1" ] && break
		sleep 0.05
	done
	t "and the clock counts down again ($c1, then $c3)" \
		test "$(secs "$c3")" -eq $(($(secs "$c1") - 1))

	tp2=$EPOCHREALTIME
	tm send-keys -t "$pane" Space
	wait_for 'PAUSED'
	sleep 1
	tm send-keys -t "$pane" n
	wait_for 'ben says back what they heard'
	ok "n while paused ends the phase: the reflect phase"
	has "round 1 of 1  ·  phase 2 of 4" &&
		has "ben says back what they heard  ·  ana listens" &&
		has "ben: say back what you heard; the speaker corrects until it is right" &&
		has "ana: listen, then say what was missed or not quite right" &&
		has "topic: our topic" && has "$keys"
	ok "the reflect screen: status, who says back, the reminders, topic, keys"
	like "$(clock)" '^00:0[123]$' "the reflect phase's time left"

	wait_for 'ben speaks  ·  ana listens' && has "round 1 of 1  ·  phase 3 of 4"
	ok "the reflect phase runs out by itself: ben speaks, phase 3 of 4"
	tm send-keys -t "$pane" n
	wait_for 'ana says back what they heard' && has "round 1 of 1  ·  phase 4 of 4"
	ok "n: the last reflect phase"
	wait_file "$d/done"
	ok "listen-timer ends after the last phase"
	is "$(cat "$d/rc")" 0 "and exits 0"
	t "the terminal's settings are as they were (stty -a)" same_file "$d/before" "$d/after"
	is "$(pane_fmt '#{alternate_on} #{cursor_flag}')" "0 1" \
		"the alternate screen is left and the cursor shown again"
	has "runner ready"
	ok "the shell's screen is back"

	rec=$(tail -n 1 "$llog")
	re="^$ts_re${tab}ana${tab}session${tab}finished${tab}our topic${tab}speak:ana:ben:60\\.000:$num reflect:ana:ben:3\\.000:$num speak:ben:ana:60\\.000:$num reflect:ben:ana:3\\.000:$num\$"
	like "$rec" "$re" "the session is recorded as finished (n ends a phase, not the session)"
	read -r a1 a2 a3 a4 <<<"$(actuals "$(field 6 "$rec")")"
	t "the reflect phases that ran out took their 3 s or a little more ($a2, $a4)" \
		fok "${a2:-0} >= 3 && ${a4:-0} >= 3 && $a2 + $a4 <= 6 + $late / 1000"
	t "the phase ended with n took less than its minute ($a3)" fok "${a3:-99} < 30"
	# The first phase ran from the start to the first pause, and from
	# the resume to the second pause: the pauses (2.2 s at least) do not
	# count, the second one included, though it was ended by n.  A key
	# may take a while to arrive, hence the second of slack.
	t "the first phase's actual time leaves both pauses out ($a1 s, ran at most $(perl -e "printf '%.3f', $tp1 - $tl + $tp2 - $tr1") s)" \
		fok "${a1:-99} <= $tp1 - $tl + $tp2 - $tr1 + 1"
}

# The second run: q in the first phase.
tty_quit() {
	local d=$TEST_TMP/tty2 rec tl td
	mkdir "$d"
	tl=$EPOCHREALTIME
	start tty2 "$W/tty-run" "$d" -t 60s -r 1s -p ana,ben 'quit topic'
	wait_for 'ana speaks' || {
		fail "the second run draws its screen"
		return
	}
	tm send-keys -t "$pane" q
	wait_file "$d/done"
	ok "q quits at once"
	td=$EPOCHREALTIME
	is "$(cat "$d/rc")" 0 "and exits 0"
	t "the terminal's settings are as they were (stty -a)" same_file "$d/before" "$d/after"
	is "$(pane_fmt '#{alternate_on} #{cursor_flag}')" "0 1" \
		"the alternate screen is left and the cursor shown again"
	rec=$(tail -n 1 "$llog")
	like "$rec" "^$ts_re${tab}ana${tab}session${tab}ended${tab}quit topic${tab}speak:ana:ben:60\\.000:$num reflect:ana:ben:1\\.000:0\\.000 speak:ben:ana:60\\.000:0\\.000 reflect:ben:ana:1\\.000:0\\.000\$" \
		"the session is recorded as ended, the phases not started with 0.000"
	t "the quit phase's actual time is the time it ran, not its minute" \
		fok "$(actuals "$(field 6 "$rec")" | cut -d ' ' -f 1) <= $td - $tl"
}

# The third run, in an interactive shell: C-z, then fg.
tty_suspend() {
	local d=$TEST_TMP/tty3 rec tl tz tf tq a1
	mkdir "$d"
	start tty3 "$W/tty-shell"
	wait_for '^PROMPT>' || {
		fail "an interactive shell in tmux"
		return
	}
	tm send-keys -t "$pane" -l "stty -a >$d/before"
	tm send-keys -t "$pane" Enter
	tl=$EPOCHREALTIME
	tm send-keys -t "$pane" -l "\"\$BIN/listen-timer\" -t 60s -r 0 -p ana,ben 'zz topic'"
	tm send-keys -t "$pane" Enter
	wait_for 'ana speaks' && has "round 1 of 1  ·  phase 1 of 2"
	ok "run from an interactive shell"
	tm send-keys -t "$pane" C-z
	wait_for 'Stopped'
	ok "C-z stops listen-timer: the shell says Stopped"
	tz=$EPOCHREALTIME
	is "$(pane_fmt '#{alternate_on} #{cursor_flag}')" "0 1" \
		"the terminal is put back before it stops"
	tm send-keys -t "$pane" -l "jobs >$d/jobs; stty -a >$d/susp; touch $d/m1"
	tm send-keys -t "$pane" Enter
	wait_file "$d/m1"
	like "$(cat "$d/jobs")" "^\[1\]\+ +Stopped +.*listen-timer" "jobs shows it stopped"
	t "the terminal's settings while it is stopped are as they were" \
		same_file "$d/before" "$d/susp"
	# Stay stopped two seconds at least: that time must not count.
	perl -MTime::HiRes=sleep -e 'my $w = $ARGV[0] + 2 - $ARGV[1]; sleep $w if $w > 0' \
		"$tz" "$EPOCHREALTIME"
	tf=$EPOCHREALTIME
	tm send-keys -t "$pane" -l fg
	tm send-keys -t "$pane" Enter
	wait_for 'ana speaks' && has "round 1 of 1  ·  phase 1 of 2" && has "$keys" &&
		has "topic: zz topic"
	ok "fg resumes it and the screen is drawn again"
	is "$(pane_fmt '#{alternate_on} #{cursor_flag}')" "1 0" \
		"on the alternate screen again, the cursor hidden"
	like "$(clock)" "$minute" "the clock goes on from where it was"
	tq=$EPOCHREALTIME
	tm send-keys -t "$pane" q
	wait_fmt '#{alternate_on}' 0
	wait_for '^PROMPT>$'
	tm send-keys -t "$pane" -l "echo \$? >$d/rc; stty -a >$d/after; touch $d/done"
	tm send-keys -t "$pane" Enter
	wait_file "$d/done"
	is "$(cat "$d/rc")" 0 "q after fg: exit 0"
	t "the terminal's settings after it are as they were" same_file "$d/before" "$d/after"
	rec=$(tail -n 1 "$llog")
	like "$rec" "^$ts_re${tab}ana${tab}session${tab}ended${tab}zz topic${tab}speak:ana:ben:60\\.000:$num speak:ben:ana:60\\.000:0\\.000\$" \
		"the session is recorded as ended"
	a1=$(actuals "$(field 6 "$rec")" | cut -d ' ' -f 1)
	t "the time stopped does not count in the phase's actual time ($a1 s, ran at most $(perl -e "printf '%.3f', $tq - $tl - ($tf - $tz)") s)" \
		fok "${a1:-99} <= $tq - $tl - ($tf - $tz) + 1"
}

if command -v tmux >/dev/null 2>&1; then
	at_exit 'tm kill-server >/dev/null 2>&1'
	tty_keys
	tty_quit
	tty_suspend
else
	skip "listen-timer on a terminal" "tmux is not installed"
fi

run sh -c '"$0" -t 0.1s -r 0 -p ana,ben full >/dev/full' "$BIN/listen-timer"
is "$rc:$err" "74:listen-timer: stdout: No space left on device" \
	"a full disk for the lines is reported after the session, with its reason"
is "$(tail -n 1 "$store/listen/ana.log" | cut -f4-5)" "finished${tab}full" "and the session is still recorded"

# A hook that cannot run is refused before the session starts, not at
# every change; nothing is recorded.
for bad in nosuchcmd-hearth "$TEST_TMP/not-there" /etc/passwd; do
	run "$L" --exec "$bad --flag" -t 1 -r 0 'hook check topic'
	is "$rc:$err" "69:listen-timer: --exec: '$bad' is not a program that can run here (not found, or not executable)" "--exec $bad is refused at once"
done
is "$(cat "$store"/listen/*.log 2>/dev/null | grep -c 'hook check topic')" 0 "and no session is recorded for them"

done_testing
