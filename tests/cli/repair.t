#!/usr/bin/env bash
# repair: a part from options, from a document and from standard input,
# two authors joined into one repair and the reveal rule, list, show,
# learnings and how often an old hurt came back, a partner's malformed
# record, and the guided repair on a terminal (in tmux): Esc stores
# nothing, a draft outlives a killed process and is taken up again,
# --timed runs listen-timer, and a part joined alone.  Exact output and
# exact store bytes, with the clock fixed by HEARTH_NOW.
. tests/cli/lib.sh

export TZ=Europe/Berlin
export HEARTH_NOW=2026-11-26T20:00:00+01:00
rp="$BIN/repair"
tab=$'\t'
rdir=$store/repair
log=$rdir/ana.log
blog=$rdir/ben.log
drafts=$HOME/.local/state/hearth

# at WHEN WHO ARGS...: repair at another time, as another author.
at() {
	local when=$1 who=$2
	shift 2
	HEARTH_NOW=$when HEARTH_AUTHOR=$who "$rp" "$@"
}

# id LINE: the record id of a log line (the SHA-1 of its bytes, no LF).
id() {
	printf '%s' "$1" | sha1sum | cut -d' ' -f1
}

# ---- nothing yet ----

run "$rp" list
is "$rc:$out:$err" "0::" "list with no store prints nothing"
run "$rp" learnings
is "$rc:$out:$err" "1::" "learnings with no store: nothing, exit 1"
run "$rp" show 1234
is "$rc:$out:$err" "1::repair: no repair '1234'" "show of an unknown id: exit 1"
run "$rp" show xyz
is "$rc:$err" "64:repair: bad id 'xyz' (give at least 4 of the hex digits that list shows)" \
	"show of a bad id is a usage error"
run "$rp" lsit
is "$rc:$err" "64:repair: unknown command 'lsit'; did you mean list? (for a repair about it: repair -- lsit)" \
	"a typo of a command is not a topic"
run "$rp" -h
is "$rc:$(head -n 1 <<<"$out")" "0:usage: repair [-at] [-i ID] [TOPIC...]" "-h prints the usage on stdout"
run "$rp" --version
is "$rc:$out" "0:repair 0.1.0" "--version"

"$BIN/hearth" init --name ana --partner ben >/dev/null 2>&1 </dev/null

# ---- the template ----

run "$rp" template
is "$rc:$(grep '^\[' <<<"$out" | tr '\n' ' ')" \
	"0:[topic] [felt] [account] [heard] [confirm] [hurts] [part] [apology] [next] " \
	"template has a section a step"
is "$(grep -c '^#   ' <<<"$out")" 8 "template lists the eight groups of feeling words"
run sh -c "\"$rp\" template | \"$rp\""
is "$rc:$err" "1:repair: nothing to store: every step is empty" \
	"the template as it is stores nothing"
t "and makes no log" test ! -e "$log"

# ---- ana's part, from options ----

run "$rp" --felt 'Hurt, let down,tired' --felt-note 'I had looked forward to it' \
	--account 'I came home and the sink was full' --hurts 'being left out' \
	--part 'I snapped' --next 'say when I am tired, before we start' \
	the dishes
is "$rc:$out:$err" "0::" "a part from options, quietly"
open1="2026-11-26T20:00:00.000000+01:00${tab}ana${tab}open${tab}the dishes"
r1=$(id "$open1")
s1="2026-11-26T20:00:00.0000"
is "$(cat "$log")" "$open1
${s1}01+01:00${tab}ana${tab}step${tab}$r1${tab}ana${tab}felt${tab}hurt, let down, tired${tab}I had looked forward to it
${s1}02+01:00${tab}ana${tab}step${tab}$r1${tab}ana${tab}account${tab}${tab}I came home and the sink was full
${s1}03+01:00${tab}ana${tab}step${tab}$r1${tab}ana${tab}hurts${tab}being left out${tab}
${s1}04+01:00${tab}ana${tab}step${tab}$r1${tab}ana${tab}part${tab}${tab}I snapped
${s1}05+01:00${tab}ana${tab}step${tab}$r1${tab}ana${tab}next${tab}${tab}say when I am tired, before we start" \
	"the open, then a step a record, the words as the list spells them"
t "the log is private" test "$(stat -c %a "$log")" = 600

cp "$log" "$TEST_TMP/before"
run "$rp" --felt 'hurt, furious'
is "$rc:$err" "64:repair: --felt: 'furious': not one of the feeling words (repair template lists them)" \
	"a feeling word not in the list is refused"
run "$rp" --account '  '
is "$rc:$err" "64:repair: empty --account" "an empty step is refused"
run "$rp" --account $'bad \xff byte'
is "$rc:$err" "65:repair: --account: not valid UTF-8 (byte 5)" "invalid UTF-8 is refused"
run "$rp" --account "$(head -c 4100 /dev/zero | tr '\0' x)"
is "$rc:$err" "65:repair: account too long (4197 bytes; the limit is 4096 per record)" \
	"a step over the record limit is refused"
run "$rp" -f /dev/null --part x
is "$rc:$err" "64:repair: -f and the options of steps do not go together" "-f with step options"
run "$rp" --alone --part x
is "$rc:$err" "64:repair: --alone is for a repair on a terminal" "--alone without a terminal"
run "$rp" --id ffff --part x
is "$rc:$err" "1:repair: no repair 'ffff'" "a part for an unknown repair"
run "$rp" --id "${r1:0:6}" --part x 'a topic'
is "$rc:$err" "64:repair: a topic begins a new repair; an id adds to one (give one or the other)" \
	"a topic and an id together"
run "$rp" -f "$TEST_TMP/missing"
is "$rc:$err" "66:repair: $TEST_TMP/missing: No such file or directory" "a missing file"
printf '[topic]\nx\n\n[carl felt]\nwords: sad\n' >"$TEST_TMP/carl"
run "$rp" -f "$TEST_TMP/carl"
is "$rc:$err" "64:repair: $TEST_TMP/carl:4: 'carl' is neither you nor your partner (ben)" \
	"a step of someone else's"
printf '[topic]\nx\n\n[felt]\nwords: sad, furious\n' >"$TEST_TMP/bad"
run "$rp" -f "$TEST_TMP/bad"
is "$rc:$err" "65:repair: $TEST_TMP/bad:5: not one of the feeling words 'furious'" \
	"a bad document is reported as FILE:LINE"
t "nothing was stored by the refused writes" same_file "$log" "$TEST_TMP/before"

# ---- the reveal rule ----

want_hidden="repair ${r1:0:10}, 2026-11-26, begun by ana
the dishes

ana
  (shown once you have written your part: repair --id ${r1:0:10})"
run at 2026-11-27T08:00:00+01:00 ben show "${r1:0:4}"
is "$rc:$out:$err" "0:$want_hidden:" "ben sees that ana wrote, not what"
run at 2026-11-27T08:00:00+01:00 ben learnings
is "$rc:$out" "1:" "nor her commitment"
run at 2026-11-27T08:00:00+01:00 ben list --json
is "$out" "{\"id\":\"$r1\",\"day\":\"2026-11-26\",\"by\":\"ana\",\"topic\":\"the dishes\",\"parts\":[\"ana\"],\"yours\":false,\"waiting\":true}" \
	"list --json: not his yet, and waiting for him"

# ---- ben's part, from a document on another machine ----

cat >"$TEST_TMP/ben.txt" <<EOF
# ben's part, written in an editor
[id]
${r1:0:6}

[felt]
words: annoyed, Blamed
I had not known it mattered tonight.

[account]
I thought we had agreed I would do them in the morning.
\\# a line that begins with a hash

[heard]
You came home tired and wanted the evening to be easy.

[hurts]
words: Being left out, money

[apology]

[next]
Ask what "later" means to you, before I decide.
EOF
run at 2026-11-27T09:00:00+01:00 ben -f "$TEST_TMP/ben.txt"
is "$rc:$out:$err" "0::" "ben's part from a document"
s2="2026-11-27T09:00:00.0000"
is "$(cat "$blog")" "${s2}00+01:00${tab}ben${tab}step${tab}$r1${tab}ben${tab}felt${tab}annoyed, blamed${tab}I had not known it mattered tonight.
${s2}01+01:00${tab}ben${tab}step${tab}$r1${tab}ben${tab}account${tab}${tab}I thought we had agreed I would do them in the morning.\\n# a line that begins with a hash
${s2}02+01:00${tab}ben${tab}step${tab}$r1${tab}ben${tab}heard${tab}${tab}You came home tired and wanted the evening to be easy.
${s2}03+01:00${tab}ben${tab}step${tab}$r1${tab}ben${tab}hurts${tab}Being left out, money${tab}
${s2}04+01:00${tab}ben${tab}step${tab}$r1${tab}ben${tab}next${tab}${tab}Ask what \"later\" means to you, before I decide." \
	"in his own log, naming ana's repair; the empty apology is left out"

# ana answers, from standard input: she confirms, and says his back.
printf '[confirm]\nyes\n\n[heard]\nYou thought the morning was the plan.\n' |
	HEARTH_NOW=2026-11-27T20:00:00+01:00 "$rp" --id "${r1:0:8}"
is "$?:$(tail -n 2 "$log")" "0:2026-11-27T20:00:00.000000+01:00${tab}ana${tab}step${tab}$r1${tab}ana${tab}confirm${tab}yes${tab}
2026-11-27T20:00:00.000001+01:00${tab}ana${tab}step${tab}$r1${tab}ana${tab}heard${tab}${tab}You thought the morning was the plan." \
	"a document on standard input, a step a record in its order"

want_show="repair ${r1:0:10}, 2026-11-26, begun by ana
the dishes

ana
  felt: hurt, let down, tired
    I had looked forward to it
  account:
    I came home and the sink was full
  heard by ben:
    You came home tired and wanted the evening to be easy.
  ana confirmed: yes, that's it
  old hurts: being left out
  own part:
    I snapped
  next time:
    say when I am tired, before we start

ben
  felt: annoyed, blamed
    I had not known it mattered tonight.
  account:
    I thought we had agreed I would do them in the morning.
    # a line that begins with a hash
  heard by ana:
    You thought the morning was the plan.
  old hurts: Being left out, money
  next time:
    Ask what \"later\" means to you, before I decide."
run "$rp" show "${r1:0:4}"
is "$rc:$out:$err" "0:$want_show:" "show joins both parts, each with what the other heard"
run at 2026-11-28T08:00:00+01:00 ben show "$r1"
is "$rc:$out:$err" "0:$want_show:" "ben sees the same now that he has a part"

run "$rp" list
is "$rc:$out" "0:${r1:0:10}${tab}2026-11-26${tab}ana ben${tab}the dishes" "list: both parts"

# ---- learnings ----

# A second repair: being left out comes back, ben alone this time.
run at 2026-12-03T21:00:00+01:00 ben --hurts 'being left OUT' \
	--next 'Tell you when plans change' --part 'I went out without saying' \
	the party
open2="2026-12-03T21:00:00.000000+01:00${tab}ben${tab}open${tab}the party"
r2=$(id "$open2")
is "$rc:$(grep -cxF "$open2" "$blog")" "0:1" "ben begins one, alone"

want_ben="2026-11-26${tab}ana${tab}say when I am tired, before we start${tab}being left out (2), money (1)
2026-11-27${tab}ben${tab}Ask what \"later\" means to you, before I decide.${tab}being left out (2), money (1)
2026-12-03${tab}ben${tab}Tell you when plans change${tab}being left out (2)"
run at 2026-12-04T08:00:00+01:00 ben learnings
is "$rc:$out:$err" "0:$want_ben:" \
	"learnings: every next time, with how often each old hurt came back"
run "$rp" learnings
is "$rc:$out" "0:$(head -n 2 <<<"$want_ben" | sed 's/(2)/(1)/g')" \
	"ana does not see ben's new part yet: for her it came up once"
run at 2026-12-04T08:00:00+01:00 ben learnings 'PLANS|money'
is "$rc:$out" "0:$(sed -n '1p;2p;3p' <<<"$want_ben")" "a pattern matches the words or the old hurts"
run at 2026-12-04T08:00:00+01:00 ben learnings plans
is "$rc:$out" "0:$(tail -n 1 <<<"$want_ben")" "the pattern, without regard to case"
run "$rp" learnings zeppelin
is "$rc:$out" "1:" "no match: exit 1"
run "$rp" learnings '('
is "$rc" 64 "a bad pattern is a usage error"
run at 2026-12-04T08:00:00+01:00 ben learnings --hurts
is "$rc:$out" "0:2${tab}being left out${tab}2026-11-26${tab}2026-12-03
1${tab}money${tab}2026-11-26${tab}2026-11-26" "--hurts: how often each came back, first and last"
run at 2026-12-04T08:00:00+01:00 ben learnings --json plans
is "$out" "{\"repair\":\"$r2\",\"day\":\"2026-12-03\",\"who\":\"ben\",\"text\":\"Tell you when plans change\",\"hurts\":[{\"name\":\"being left out\",\"count\":2}]}" \
	"learnings --json"
run at 2026-12-04T08:00:00+01:00 ben learnings --hurts --json money
is "$out" '{"name":"money","count":1,"first":"2026-11-26","last":"2026-11-26"}' "--hurts --json"
run "$rp" list --json
is "$(tail -n 1 <<<"$out")" "{\"id\":\"$r2\",\"day\":\"2026-12-03\",\"by\":\"ben\",\"topic\":\"the party\",\"parts\":[\"ben\"],\"yours\":false,\"waiting\":true}" \
	"list --json: ben's new one waits for ana"

# learnings | soften, as repair(1) shows it: the commitments, linted.
if [ -x "$BIN/soften" ]; then
	run sh -c "\"$rp\" learnings | \"$BIN/soften\" >/dev/null"
	like "$rc" '^[01]$' "learnings | soften runs (0, or 1 for findings)"
else
	skip "learnings | soften" "soften is not built"
fi

# ---- a partner's malformed record ----

printf '%s\n' "2026-12-05T10:00:00.000000+01:00${tab}ben${tab}step${tab}$r1${tab}ben${tab}felt${tab}furious${tab}" >>"$blog"
run "$rp" list
is "$rc:$err" "65:repair: $blog:10: not one of the feeling words" \
	"a malformed record is reported as FILE:LINE and skipped"
is "$(wc -l <<<"$out")" 2 "the rest is still listed"

# ---- one who only said back what they heard ----

export HEARTH_DIR=$TEST_TMP/heard-store
printf '[topic]\nthe keys\n\n[account]\nI lost them\n\n[ben heard]\nYou lost them\n' |
	"$rp"
hid=$("$rp" list | cut -f1)
run "$rp" show "$hid"
is "$rc:$out" "0:repair $hid, 2026-11-26, begun by ana
the keys

ana
  account:
    I lost them
  heard by ben:
    You lost them" "what ben heard is in ana's part; he has no part of his own to show"
run "$rp" list
is "$out" "$hid${tab}2026-11-26${tab}ana${tab}the keys" "list counts only a part of one's own"

# ---- on a terminal, with script(1) ----

if command -v script >/dev/null 2>&1; then
	run script -qec "env PATH=/nonexistent $rp --timed the keys" /dev/null
	is "$rc:${out%$'\r'}" "69:repair: --timed: listen-timer is not on PATH" \
		"--timed without listen-timer: exit 69, before anything is asked"
	run script -qec "$rp --timed --alone the keys" /dev/null
	is "$rc" 64 "--timed alone is a usage error"
else
	skip "repair on a terminal, with script" "script is not installed"
fi

# ---- on a terminal, in tmux ----

if ! command -v tmux >/dev/null 2>&1; then
	skip "repair on a terminal" "tmux is not installed"
	done_testing
	exit 0
fi
if [ "$HEARTH_SAN" = 1 ]; then
	polls=200
else
	polls=100
fi

W=$TEST_TMP/tty
mkdir -p "$W/bin"
export HEARTH_DIR=$TEST_TMP/tty-store
tlog=$HEARTH_DIR/repair/ana.log
# A server of its own for each run, so that none is still going away.
runs=0
sock=$TEST_TMP/tmux.0.sock
tm() {
	tmux -S "$sock" -f /dev/null "$@"
}
# shellcheck disable=SC2016  # expanded when the test exits
at_exit 'for s in "$TEST_TMP"/tmux.*.sock; do tmux -S "$s" kill-server 2>/dev/null; done'
screen() {
	tm capture-pane -p -J -t rp
}
# wait_for ERE: poll the screen until a line matches ERE.
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
# type TEXT: type TEXT and Enter, and wait until the screen moves on.
type() {
	local before
	before=$(screen | grep -c .)
	tm send-keys -t rp -l -- "$1"
	tm send-keys -t rp Enter
	for ((i = 0; i < polls; i++)); do
		[ "$(screen | grep -c .)" != "$before" ] && return 0
		sleep 0.05
	done
}
# A fake listen-timer that says what it was given.
cat >"$W/bin/listen-timer" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$W/timer-args"
EOF
chmod +x "$W/bin/listen-timer"
{
	for v in HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME HEARTH_AUTHOR \
		HEARTH_DIR HEARTH_NOW LC_ALL NO_COLOR TZ PATH BIN; do
		printf 'export %s=%q\n' "$v" "${!v}"
	done
	printf 'export PATH=%q\n' "$W/bin:$PATH"
} >"$W/env.sh"
# tty-run ARGS...: repair ARGS on the terminal; its status in rc, its pid in pid.
cat >"$W/tty-run" <<EOF
#!/usr/bin/env bash
. $(printf %q "$W/env.sh")
rm -f "$W/rc"
( echo \$BASHPID >"$W/pid"; exec "\$BIN/repair" "\$@" )
echo \$? >"$W/rc"
exec sleep 60
EOF
chmod +x "$W/tty-run"
start() {
	tm kill-server 2>/dev/null
	runs=$((runs + 1))
	sock=$TEST_TMP/tmux.$runs.sock
	rm -f "$W/rc"
	tm new-session -d -s rp -x 80 -y 60 "$(printf '%q ' "$W/tty-run" "$@")"
}
wait_rc() {
	local i
	for ((i = 0; i < polls; i++)); do
		[ -s "$W/rc" ] && { cat "$W/rc"; return 0; }
		sleep 0.05
	done
	echo none
}

# Together, new, with --timed: the first steps, then Esc twice.
start --timed the bins
wait_for '^ana, what did you feel' || fail "the guided repair starts"
is "$(screen | sed -n 1,2p)" "A repair for ana and ben, together. Take it slowly: you are here to
understand each other, not to settle who was right." "it begins together"
is "$(screen | grep -c '^  [a-z ]*  *[0-9]')" 8 "the feeling words, in eight groups"
type '1, 26 30, lonely, xyz'
wait_for "'xyz' is not in the list" || fail "a word not in the list is told"
type '1, 26 30, lonely'
wait_for '^Anything more about how you felt' || fail "then the words of one's own"
type 'I wanted help'
wait_for '^ben, what did you feel' || fail "then ben"
type '7'
type ''
wait_for '^ana, what happened for you' || fail "then the accounts"
is "$(tr '\n' ' ' <"$W/timer-args" 2>/dev/null)" "-n 1 -p ana,ben -- the bins " \
	"--timed ran listen-timer for the accounts, with the topic"
draft=$(ls "$drafts"/repair-ana-*.draft 2>/dev/null)
is "$(stat -c %a "$draft" 2>/dev/null)" 600 "the draft is private"
is "$(grep -v '^#' "$draft")" "
[topic]
the bins

[with]
ben

[felt]
words: hurt, tired, drained, lonely
I wanted help

[ben felt]
words: annoyed" "the draft holds every answer so far, as a document"
tm send-keys -t rp -l 'half a line'
tm send-keys -t rp Escape
wait_for '^  Esc again leaves' || fail "Esc asks first"
tm send-keys -t rp -l 'x'
sleep 0.2
tm send-keys -t rp BSpace
tm send-keys -t rp Escape
wait_for '^  Esc again leaves' || true
tm send-keys -t rp Escape
is "$(wait_rc)" 1 "Esc twice leaves with exit 1"
wait_for '^Nothing stored\.' || fail "and says so"
t "Esc stored nothing" test ! -e "$tlog"
t "and threw the draft away" test -z "$(ls "$drafts"/repair-ana-*.draft 2>/dev/null)"

# A draft that cannot be read is moved aside, and the run begins afresh.
start --alone the keys
wait_for '^ana, what did you feel' || fail "an alone start"
kill -KILL "$(cat "$W/pid")"
wait_rc >/dev/null
draft=$(ls "$drafts"/repair-ana-*.draft 2>/dev/null)
printf '[felt]\nwords: furious\n' >>"$draft"
start
wait_for 'moved aside to' || fail "a broken draft is told"
is "$(screen | grep -m 1 'moved aside')" "repair: $draft:8: not one of the feeling words 'furious'; moved aside to $draft.bad" \
	"a broken draft: FILE:LINE, and where it went"
t "it is kept aside" test -s "$draft.bad"
wait_for '^What was it about' || fail "and a new repair begins"
tm send-keys -t rp Escape
tm send-keys -t rp Escape
is "$(wait_rc)" 1 "Esc twice at the first question"
rm -f "$draft.bad"

# Again, and this time the process is killed half way.
start the bins
wait_for '^ana, what did you feel' || fail "a second start"
type 'sad'
type ''
type 'annoyed'
type 'It was late'
wait_for '^ana, what happened for you' || fail "ana's account is asked for"
type 'The bins were full again'
wait_for '^ben, what did you hear' || fail "ben is asked what he heard"
tm send-keys -t rp -l 'this line is lost'
sleep 0.2
kill -KILL "$(cat "$W/pid")"
is "$(wait_rc)" 137 "the repair is killed"
t "a kill stores nothing" test ! -e "$tlog"
start
wait_for '^Going on with your repair \(the bins\) from where you left it' ||
	fail "the next run takes the draft up again"
wait_for '^ben, what did you hear' || fail "at the step it had reached"
for a in 'You were fed up with the bins' 'yes' 'I forgot it was Tuesday' \
	'You forgot' 'y' '' '' 'money' '' 'I walked off' 'Sorry I walked off' \
	'I sighed' '' 'Stay in the room' 'Check the calendar'; do
	type "$a"
done
is "$(wait_rc)" 0 "the rest of the turns, to the end"
wait_for '^Stored as repair [0-9a-f]{10}\. Thank you, both of you' || fail "it says it is stored"
topen="2026-11-26T20:00:00.000000+01:00${tab}ana${tab}open${tab}the bins"
tr1=$(id "$topen")
ts="2026-11-26T20:00:00.0000"
is "$(cat "$tlog")" "$topen
${ts}01+01:00${tab}ana${tab}step${tab}$tr1${tab}ana${tab}felt${tab}sad${tab}
${ts}02+01:00${tab}ana${tab}step${tab}$tr1${tab}ben${tab}felt${tab}annoyed${tab}It was late
${ts}03+01:00${tab}ana${tab}step${tab}$tr1${tab}ana${tab}account${tab}${tab}The bins were full again
${ts}04+01:00${tab}ana${tab}step${tab}$tr1${tab}ben${tab}heard${tab}${tab}You were fed up with the bins
${ts}05+01:00${tab}ana${tab}step${tab}$tr1${tab}ana${tab}confirm${tab}yes${tab}
${ts}06+01:00${tab}ana${tab}step${tab}$tr1${tab}ben${tab}account${tab}${tab}I forgot it was Tuesday
${ts}07+01:00${tab}ana${tab}step${tab}$tr1${tab}ana${tab}heard${tab}${tab}You forgot
${ts}08+01:00${tab}ana${tab}step${tab}$tr1${tab}ben${tab}confirm${tab}yes${tab}
${ts}09+01:00${tab}ana${tab}step${tab}$tr1${tab}ben${tab}hurts${tab}money${tab}
${ts}10+01:00${tab}ana${tab}step${tab}$tr1${tab}ana${tab}part${tab}${tab}I walked off
${ts}11+01:00${tab}ana${tab}step${tab}$tr1${tab}ana${tab}apology${tab}${tab}Sorry I walked off
${ts}12+01:00${tab}ana${tab}step${tab}$tr1${tab}ben${tab}part${tab}${tab}I sighed
${ts}13+01:00${tab}ana${tab}step${tab}$tr1${tab}ana${tab}next${tab}${tab}Stay in the room
${ts}14+01:00${tab}ana${tab}step${tab}$tr1${tab}ben${tab}next${tab}${tab}Check the calendar" \
	"both parts in ana's log, each step with whose words it holds; skipped steps left out"
t "the draft is gone once it is stored" test -z "$(ls "$drafts"/repair-ana-*.draft 2>/dev/null)"

# Alone: ben's part of a repair ana began on her own, on his machine.
run "$rp" --account 'We were late again' --next 'Leave ten minutes early' late
# ana's log has records in this second already: one microsecond after.
open3="2026-11-26T20:00:00.000015+01:00${tab}ana${tab}open${tab}late"
r3=$(id "$open3")
export HEARTH_AUTHOR=ben
sed -i "s/^export HEARTH_AUTHOR=.*/export HEARTH_AUTHOR=ben/" "$W/env.sh"
start
wait_for '^ana has written their part of a repair, and yours is not there yet: late' ||
	fail "ben is offered ana's repair"
tm send-keys -t rp Enter
wait_for '^ben, what did you feel' || fail "his own part, alone"
for a in '' '' 'The car would not start' '' '' 'I did not say' '' 'Say so at once'; do
	type "$a"
done
wait_for "^ana's part is open to you now" || fail "then ana's part is open to him"
tm send-keys -t rp Enter
wait_for "^ana's account:" || fail "her account is shown"
type 'You felt we were always late'
is "$(wait_rc)" 0 "his part, then what he heard of hers"
is "$(cat "$HEARTH_DIR/repair/ben.log")" "2026-11-26T20:00:00.000000+01:00${tab}ben${tab}step${tab}$r3${tab}ben${tab}account${tab}${tab}The car would not start
2026-11-26T20:00:00.000001+01:00${tab}ben${tab}step${tab}$r3${tab}ben${tab}part${tab}${tab}I did not say
2026-11-26T20:00:00.000002+01:00${tab}ben${tab}step${tab}$r3${tab}ben${tab}next${tab}${tab}Say so at once
2026-11-26T20:00:00.000003+01:00${tab}ben${tab}step${tab}$r3${tab}ben${tab}heard${tab}${tab}You felt we were always late" \
	"in his own log, joined to ana's repair"
export HEARTH_AUTHOR=ana

done_testing
