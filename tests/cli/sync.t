#!/usr/bin/env bash
# hearth sync: two machines, one couple, through a bare hub.
#
# Each world is a bare repository (the hub) and the stores of the machines
# that sync through it: ana, ben, and ana2 (ana's second device), each with
# its own config, cache and state folders.  git runs with no identity and
# no configuration (GIT_CONFIG_GLOBAL=/dev/null, an empty HOME), with no
# terminal, and with editors that fail, so a sync that asked anything of a
# person would fail.  The partner's hostile commits are made with plain git
# in a clone of the hub.
. tests/cli/lib.sh

export TZ=Europe/Berlin
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_EDITOR=false EDITOR=false VISUAL=false GIT_SEQUENCE_EDITOR=false
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL \
	EMAIL GIT_DIR GIT_WORK_TREE HEARTH_SYNC_TIMEOUT HEARTH_SYNC_FILE_MAX
h=$BIN/hearth
g=$BIN/gratitude
rit=$BIN/ritual
ask=$BIN/ask
lt=$BIN/listen-timer
tab=$'\t'
realgit=$(command -v git) || {
	echo "1..0 # SKIP git is not installed"
	exit 0
}
t_start=$SECONDS

# ---- worlds, machines, a clock ----

# world NAME: a new world, $W, with an empty hub, $hub.
world() {
	W=$TEST_TMP/$1
	hub=$W/hub.git
	mkdir -p "$W"
	git init -q --bare "$hub"
}

# menv M: the environment of machine M (the author is M without digits),
# in the array menv.
mkenv() {
	local m=$1
	mkdir -p "$W/.$m/config" "$W/.$m/cache" "$W/.$m/state"
	menv=("HEARTH_DIR=$W/$m" "XDG_CONFIG_HOME=$W/.$m/config"
		"XDG_CACHE_HOME=$W/.$m/cache" "XDG_STATE_HOME=$W/.$m/state"
		"HEARTH_AUTHOR=${m%%[0-9]*}")
}

# on M CMD...: run CMD as machine M.
on() {
	local m=$1
	shift
	mkenv "$m"
	env "${menv[@]}" "$@"
}

# sy M ARGS...: hearth sync on M, with no terminal.
sy() {
	local m=$1
	shift
	on "$m" "$h" sync "$@" </dev/null
}

# tick: the clock moves a minute on; HEARTH_NOW is the new time.
clock=0
tick() {
	clock=$((clock + 1))
	HEARTH_NOW=$(printf '2026-11-%02dT%02d:%02d:00+01:00' \
		$((10 + clock / 600)) $((8 + clock % 600 / 60)) $((clock % 60)))
	export HEARTH_NOW
}
tick

# thank M TEXT: M adds a gratitude (recorded in the world's ledger).
thank() {
	tick
	on "$1" "$g" add "$2" >/dev/null && printf '%s\n' "$2" >>"$W/ledger"
}

# pgit DIR ARGS...: git as the partner runs it, by hand.
pgit() {
	local d=$1
	shift
	git -C "$d" -c user.name=partner -c user.email=partner@example.org "$@"
}

# ---- what a machine shows, and whether the machines agree ----

# reads M: every read command on M, with its exit status.
reads() {
	local c
	for c in "$g list" "$rit list --all --json" "$rit streak" \
		"$ask answers" "$lt log"; do
		echo "== ${c##*/}"
		# shellcheck disable=SC2086
		on "$1" $c 2>&1
		echo "== exit $?"
	done
}

# snap M: every file of M's store outside .git, with a hash of its bytes.
snap() {
	(cd "$W/$1" && find . -path ./.git -prune -o -print0 | sort -z |
		xargs -0 sh -c 'for f; do
			if [ -f "$f" ] && [ ! -L "$f" ]; then
				printf "%s %s\n" "$f" "$(sha256sum <"$f")"
			else
				printf "%s %s\n" "$f" "$(stat -c %F "$f")"
			fi
		done' sh)
}

# modes M: the files and folders of M's store (.git included) whose mode
# is not 0600 or 0400 for a file and 0700 for a folder, or that are
# neither.
modes() {
	find "$W/$1" \( -type d ! -perm 700 \) -o \
		\( -type f ! -perm 600 ! -perm 400 \) -o \( ! -type f ! -type d \) |
		sed "s|^$W/||"
}

# markers M: the files of M's store that hold a conflict marker.
markers() {
	grep -rlaE '^(<<<<<<<|>>>>>>>|=======$)' "$W/$1" | sed "s|^$W/||"
}

# agree DESC M...: the machines show the same, hold every line once, and
# nothing else is wrong with them.
agree() {
	local desc=$1 m first=$2 bad= f
	shift
	for m; do
		reads "$m" >"$W/$m.reads"
		(cd "$W/$m" && cat ./*/*.log) | LC_ALL=C sort >"$W/$m.lines"
	done
	for m; do
		same_file "$W/$first.reads" "$W/$m.reads" || bad="$bad $m"
	done
	is "${bad:-none}" none "$desc: every read command shows the same on $*" ||
		diff "$W/$first.reads" "$W/${bad##* }.reads" | head -20 | diag "$(cat)"
	bad=
	for m; do
		same_file "$W/$first.lines" "$W/$m.lines" || bad="$bad $m:lines"
		[ -z "$(uniq -d "$W/$m.lines")" ] || bad="$bad $m:twice"
		f=$(cd "$W/$m" && cat gratitude/*.log | cut -f5 | LC_ALL=C sort)
		[ "$f" = "$(LC_ALL=C sort "$W/ledger")" ] || bad="$bad $m:ledger"
		[ -z "$(markers "$m")" ] || bad="$bad $m:markers"
		[ -z "$(modes "$m")" ] || bad="$bad $m:modes"
		[ -z "$(git -C "$W/$m" status --porcelain)" ] || bad="$bad $m:status"
	done
	is "${bad:-none}" none "$desc: the same lines, each once, every entry, no marker, modes right, all committed"
}

# ---- 1. the first machine ----

world w
thank ana 'the soup on sunday'
tick
on ana "$rit" add walk --every day >/dev/null
on ana "$rit" done walk >/dev/null
on ana "$h" set seed our-seed-2026 >/dev/null
before=$(cat "$W/ana/gratitude/ana.log")
run sy ana "$hub"
is "$rc:$out:$err" "0:the store is now a git repository, synced with $hub:" \
	"the first sync makes the store a repository, with no git identity configured"
is "$(git -C "$hub" for-each-ref --format='%(refname)')" "refs/heads/main" \
	"an empty hub gets one branch: main"
is "$(git -C "$hub" ls-tree -r --name-only main)" ".gitattributes
.gitignore
gratitude/ana.log
ritual/ana.log
settings/ana.log" "the author's own files and hearth's two are committed, nothing else"
is "$(git -C "$hub" log -1 --format='%an <%ae>|%cn <%ce>' main)" \
	"ana <ana@hearth>|ana <ana@hearth>" "the commit is named after the author"
is "$(git -C "$hub" show main:gratitude/ana.log)" "$before" \
	"the log went as it was"
is "$(git -C "$hub" show main:.gitattributes | grep -v '^#')" "*.log merge=union
*.deck merge=union" ".gitattributes: logs merge as a union"
is "$(git -C "$W/ana" config core.symlinks)" false "core.symlinks is false"
: >"$W/ana/gratitude/ana.log.torn"
: >"$W/ana/gratitude/.ana.log.4242.0"
ign=$(cd "$W/ana" && git check-ignore .sync.lock gratitude/.lock \
	gratitude/ana.log.torn gratitude/.ana.log.4242.0 .sync-gitignore.4242 \
	.git-hearth.lock)
is "$ign" ".sync.lock
gratitude/.lock
gratitude/ana.log.torn
gratitude/.ana.log.4242.0
.sync-gitignore.4242
.git-hearth.lock" ".gitignore keeps locks, temp files and .torn files on the machine"
rm "$W/ana/gratitude/ana.log.torn" "$W/ana/gratitude/.ana.log.4242.0"
is "$(modes ana)" "" "every file of the store is 0600 or 0400, every folder 0700, .git included"

# ---- 2. the second machine joins, with entries of its own ----

thank ben 'the tea you brought me'
tick
on ben "$ask" answer 'the sea' >/dev/null 2>&1 # no seed yet: refused
run sy ben "$hub" # GIT_EDITOR, EDITOR and VISUAL are false
is "$rc:$out" "0:the store is now a git repository, synced with $hub
from ana: 1 gratitude, 1 new ritual (walk), 1 ritual kept (walk), 1 setting (seed)" \
	"the second machine joins with entries of its own, asking nothing, and says what came"
is "$err" "" "and writes nothing on stderr"
t "ana's logs are on ben's machine, byte for byte" \
	same_file "$W/ana/gratitude/ana.log" "$W/ben/gratitude/ana.log"
run sy ana
is "$rc:$out" "0:from ben: 1 gratitude" "ana's next sync brings ben's entry"
t "ben's log is on ana's machine, byte for byte" \
	same_file "$W/ben/gratitude/ben.log" "$W/ana/gratitude/ben.log"
is "$(on ben "$h" set seed)" our-seed-2026 "the shared seed came with ana's settings"
agree "after the join" ana ben

# ---- 3. later syncs in every order, with a second device ----

run sy ana2 "$hub"
is "$rc:$(tail -n 1 <<<"$out")" "0:from ben: 1 gratitude" \
	"ana's second device joins with an empty store"
t "and gets ana's own log too" same_file "$W/ana/gratitude/ana.log" "$W/ana2/gratitude/ana.log"

# round M...: entries on every machine (ana and ana2 both add to ana's
# logs), then syncs in the order given, then again until all agree.
round=0
round() {
	local m
	round=$((round + 1))
	for m in ana ben ana2; do
		thank "$m" "round $round: thanks from $m"
		tick
		on "$m" "$rit" done walk --note "$m in round $round" >/dev/null
		on "$m" "$ask" answer "$m answers in round $round" >/dev/null 2>&1
	done
	for m; do
		run sy "$m" -q
		[ "$rc:$out:$err" = "0::" ] || diag "round $round: sync on $m: $rc $err"
	done
	for m; do
		sy "$m" -q
	done
}
round ana ben ana2
agree "round 1 (ana, ben, ana2)" ana ben ana2
round ben ana2 ana
round ana2 ana ben
agree "rounds 2 and 3" ana ben ana2
round ana ana2 ben
round ben ana ana2
round ana2 ben ana
on ana "$lt" -t 0.05s -r 0 -p ana,ben 'the move' >/dev/null 2>&1
on ben "$lt" -t 0.05s -r 0 -p ben,ana 'the holidays' >/dev/null 2>&1
round ben ana ana2
agree "every order, listening sessions too" ana ben ana2
is "$(grep -c "round" "$W/ana/gratitude/ana.log")" 14 \
	"ana's log holds the entries of both her devices, each once"

# The summary names what came, by kind; -q says nothing.
tick
thank ben 'the letter'
thank ben 'the flowers'
tick
on ben "$rit" done walk >/dev/null
on ben "$rit" add 'tea together' --every week >/dev/null
on ben "$ask" answer 'the mountains' >/dev/null 2>&1
sy ben -q
run sy ana
is "$rc:$out:$err" "0:from ben: 1 answer, 2 gratitudes, 1 new ritual (tea together), 1 ritual kept (walk):" \
	"the summary counts what came from ben, by kind"
tick
thank ana 'the bread'
on ana "$lt" -t 0.05s -r 0 -p ana,ben 'the garden' >/dev/null 2>&1
sy ana -q
run sy ben -q
is "$rc:$out:$err" "0::" "-q prints nothing"
run sy ana2
is "$rc:$out:$err" "0:from ben: 1 answer, 2 gratitudes, 1 new ritual (tea together), 1 ritual kept (walk):" \
	"ana's other device is told what came from ben, and nothing of her own"
run sy ana
is "$rc:$out:$err" "0::" "a sync with nothing new says nothing"
sy ben -q
agree "after the summaries" ana ben ana2

note "sections 1-3 took $((SECONDS - t_start)) s"
done_testing
