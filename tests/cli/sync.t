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
realgit=$(command -v git) || {
	echo "1..0 # SKIP git is not installed"
	exit 0
}
t_start=$SECONDS
t_sect=$SECONDS
times=''

# section NAME: the time the section before took, for the last note.
section() {
	times="$times ${1}:$((SECONDS - t_sect))s"
	t_sect=$SECONDS
}

# ---- worlds, machines, a clock ----

# world NAME: a new world, $W, with an empty hub, $hub.
world() {
	W=$TEST_TMP/$1
	hub=$W/hub.git
	mkdir -p "$W"
	git init -q --bare "$hub"
}

# mkenv M: the environment of machine M (the author is M without digits),
# in the array menv.
mkenv() {
	local m=$1
	mkdir -p "$W/.$m/config" "$W/.$m/cache" "$W/.$m/state"
	menv=("HEARTH_DIR=$W/$m" "XDG_CONFIG_HOME=$W/.$m/config"
		"XDG_CACHE_HOME=$W/.$m/cache" "XDG_STATE_HOME=$W/.$m/state"
		"HEARTH_AUTHOR=${m%%[0-9]*}" "GNUPGHOME=$W/.$m/gnupg")
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

# thank M TEXT: M adds a gratitude (recorded in the world's ledger, and in
# the machine's).
thank() {
	tick
	on "$1" "$g" add "$2" >/dev/null &&
		printf '%s\n' "$2" | tee -a "$W/ledger" >>"$W/ledger.$1"
}

# answer M TEXT: M answers the question of the day (shown first).
answer() {
	on "$1" "$ask" --today >/dev/null &&
		on "$1" "$ask" answer "$2" >/dev/null 2>&1
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
# shellcheck disable=SC2016
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
	local desc=$1 m first=$2 bad='' f
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
thank ana 'nothing yet'
run sy ana
is "$rc:$err" "64:hearth: no remote yet: run hearth sync URL once" \
	"hearth sync with no URL, the first time, is a usage error"
run sy ana --upload-pack=x
is "$rc" 64 "so is an option where the URL goes"
run sy ana -- -u
is "$rc:$err" "64:hearth: bad remote URL '-u'" "and a URL that git would take for an option"
t "and the store is left as it was: no repository" test ! -e "$W/ana/.git"
thank ana 'the soup on sunday'
tick
on ana "$rit" add walk --every day >/dev/null
on ana "$rit" "done" walk >/dev/null
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
from ana: 2 gratitudes, 1 new ritual (walk), 1 ritual kept (walk), 1 setting (seed)" \
	"the second machine joins with entries of its own, asking nothing, and says what came"
is "$err" "" "and writes nothing on stderr"
t "ana's logs are on ben's machine, byte for byte" \
	same_file "$W/ana/gratitude/ana.log" "$W/ben/gratitude/ana.log"
run sy ana
is "$rc:$out" "0:from ben: 1 gratitude" "ana's next sync brings ben's entry"
t "ben's log is on ana's machine, byte for byte" \
	same_file "$W/ben/gratitude/ben.log" "$W/ana/gratitude/ben.log"
is "$(on ben "$h" set seed)" our-seed-2026 "the shared seed came with ana's settings"
is "$(on ben "$ask" --today -x)" "$(on ana "$ask" --today -x)" \
	"so both machines ask the same question of the day, no seed typed on ben's"
on ben "$h" init --name ben --partner ana >"$W/init.out" 2>&1 </dev/null
is "$(sed -n 's/^seed *//p' "$W/init.out"):$(grep -c . "$W/ben/settings/ben.log" 2>/dev/null || true)" \
	"our-seed-2026:" "and hearth init there offers no seed of its own"
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
		on "$m" "$rit" "done" walk --note "$m in round $round" >/dev/null
		answer "$m" "$m answers in round $round"
	done
	for m; do
		run sy "$m" -q
		[ "$rc:$out:$err" = "0::" ] || diag "round $round: sync on $m: $rc $err"
	done
	# The last one has all; the others sync once more to get it.
	for m in "${@:1:$#-1}"; do
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
on ana "$lt" -t 0.05s -r 0 -p ana,ben 'the move' >/dev/null 2>&1
on ben "$lt" -t 0.05s -r 0 -p ben,ana 'the holidays' >/dev/null 2>&1
round ana2 ben ana
agree "every order, listening sessions too" ana ben ana2
is "$(grep -c "round" "$W/ana/gratitude/ana.log")" 12 \
	"ana's log holds the entries of both her devices, each once"

# The summary names what came, by kind; -q says nothing.
tick
thank ben 'the letter'
thank ben 'the flowers'
tick
on ben "$rit" "done" walk >/dev/null
on ben "$rit" add 'tea together' --every week >/dev/null
answer ben 'the mountains'
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

# A partner's removal (gratitude rm) reaches the other machines.
thank ben 'a gratitude ben takes back'
sy ben -q
sy ana -q
id=$(on ben "$g" list -v | awk -F '\t' '$4 == "a gratitude ben takes back" { print $1 }')
on ben "$g" rm "$id" >/dev/null 2>&1
grep -vx 'a gratitude ben takes back' "$W/ledger" >"$W/ledger.new"
mv "$W/ledger.new" "$W/ledger"
sy ben -q
run sy ana
is "$rc:$(grep -c 'takes back' "$W/ana/gratitude/ben.log")" "0:0" \
	"ben's gratitude rm reaches ana's machine"
sy ana2 -q

# A deck of their own, changed on both sides: the union of its lines.
mkdir -p "$W/ana/decks"
printf '# hearth deck: ours\ntitle: Ours\nkind: questions\nabout: Our own questions.\n1 What made you laugh today?\n' \
	>"$W/ana/decks/ours.deck"
sy ana -q
sy ben -q
echo '2 What did you miss about us this week?' >>"$W/ben/decks/ours.deck"
echo '1 Which song is ours this month?' >>"$W/ana/decks/ours.deck"
sy ben -q
sy ana -q
sy ben -q
sy ana2 -q
t "a deck changed on both machines is the same on every machine" \
	same_file "$W/ana/decks/ours.deck" "$W/ben/decks/ours.deck"
t "and on the second device" same_file "$W/ana/decks/ours.deck" "$W/ana2/decks/ours.deck"
is "$(grep -c '^[12] ' "$W/ana/decks/ours.deck")" 3 "with the lines of both, each once"
run on ben "$ask" --check "$W/ben/decks/ours.deck"
is "$rc" 0 "and it is still a deck"

# Three machines syncing at once: a push that finds the hub moved on
# goes round again.
for m in ana ben ana2; do
	thank "$m" "at once: $m"
done
for m in ana ben ana2; do
	sy "$m" -q >"$W/$m.at-once" 2>&1 &
done
wait
is "$(cat "$W/ana.at-once" "$W/ben.at-once" "$W/ana2.at-once")" "" \
	"three machines syncing at once: no error"
for m in ana ben ana2 ana ben; do
	sy "$m" -q
done
agree "after syncing at once" ana ben ana2

# From cron's bare environment (env -i: no HOME, no PATH but the
# default), a sync runs the same.
thank ana 'from cron'
mkenv ana
run env -i "${menv[@]}" HEARTH_NOW="$HEARTH_NOW" GIT_CONFIG_NOSYSTEM=1 \
	"$h" sync -q
is "$rc:$out:$err" "0::" "a sync from cron's bare environment (env -i)"
sy ben -q
sy ana2 -q

# A git configured for a person's own work (signed commits, signatures
# shown, a file-system monitor, CRLF conversion, submodules recursed,
# identity only from the config) syncs all the same.
cat >"$W/gitconfig" <<EOF
[commit]
	gpgSign = true
[log]
	showSignature = true
	showRoot = false
[core]
	fsmonitor = true
	autocrlf = true
[user]
	useConfigOnly = true
	signingKey = 0123456789ABCDEF
[submodule]
	recurse = true
[fetch]
	recurseSubmodules = true
[diff]
	ignoreSubmodules = all
EOF
thank ben 'a configured git'
thank ana 'a configured git, too'
conf=$(
	export GIT_CONFIG_GLOBAL="$W/gitconfig"
	sy ben -q 2>&1
	sy ana -q 2>&1
	sy ben -q 2>&1
)
is "$conf" "" "a git configured for a person's own work syncs all the same"
agree "with a configured git" ana ben
sy ana2 -q

w_ok=$(git -C "$hub" cat-file --batch-all-objects --batch | grep -ac 'the soup on sunday')

section 1-3
# ---- a hub that has a branch already: trunk ----

# ben made the hub by hand, with plain git, on a branch called trunk; its
# HEAD names a branch it does not have (git init --bare's master).
world t
thank ben 'the map you drew'
git init -q -b trunk "$W/byhand"
mkdir "$W/byhand/gratitude"
cp "$W/ben/gratitude/ben.log" "$W/byhand/gratitude/"
pgit "$W/byhand" add -A
pgit "$W/byhand" commit -qm 'our entries'
pgit "$W/byhand" push -q "$hub" trunk
thank ana 'the umbrella'
run sy ana "$hub"
is "$rc:$err" "0:" "a machine with entries joins a hub whose only branch is trunk"
is "$(git -C "$hub" for-each-ref --format='%(refname)')" "refs/heads/trunk" \
	"and pushes to trunk: no main is made"
is "$(git -C "$hub" show trunk:gratitude/ana.log | cut -f5)" "the umbrella" \
	"ana's entry is on trunk"
run sy ben "$hub"
is "$rc:$out" "0:the store is now a git repository, synced with $hub
from ana: 1 gratitude" "ben's store, holding his entry already, joins too"
agree "trunk" ana ben
# A hub with several branches: its HEAD says which.
git -C "$hub" branch side trunk
git -C "$hub" symbolic-ref HEAD refs/heads/trunk
run sy ana2 "$hub"
is "$rc:$(git -C "$W/ana2" rev-parse --abbrev-ref HEAD)" "0:trunk" \
	"with several branches, the one the hub's HEAD names"
is "$(git -C "$hub" for-each-ref --format='%(refname)')" "refs/heads/side
refs/heads/trunk" "and no other is made"
W=$TEST_TMP/w hub=$TEST_TMP/w/hub.git

section trunk
# ---- 4. hostile commits ----

# The partner's clone of the hub, where commits are made by hand.
evil=$W/evil
git clone -q -b main "$hub" "$evil"
good=$(git -C "$hub" rev-parse main)

# refuse WHY PATH DESC: commit what is staged in $evil, push it, and see
# ana's sync refuse it and leave her store as it was; then take it away
# from the hub and see the next sync complete.
refuse() {
	local why=$1 path=$2 desc=$3 c
	pgit "$evil" commit -qm "$desc"
	pgit "$evil" push -q origin HEAD:main
	c=$(git -C "$evil" rev-parse HEAD)
	thank ana "before the refusal of $desc"
	snap ana >"$W/before"
	run sy ana
	snap ana >"$W/after"
	is "$rc:$err" "65:hearth: refused what came from the remote: commit ${c:0:12}: $path: $why; nothing was merged" \
		"$desc: refused (exit 65), naming the commit and the path"
	t "$desc: no file of the store outside .git changed" \
		same_file "$W/before" "$W/after"
	is "$(git -C "$W/ana" show HEAD:gratitude/ana.log | tail -n 1 | cut -f5):$(modes ana)" \
		"before the refusal of $desc:" "$desc: ana's entry is committed all the same, modes right"
	run on ana "$h" doctor
	is "$rc:$out" "1:$W/ana: syncing is blocked: refused what came from the remote: commit ${c:0:12}: $path: $why; nothing was merged" \
		"$desc: doctor says syncing is blocked, and why"
	pgit "$evil" push -q -f origin "$good:main"
	run sy ana
	is "$rc:$err" "0:" "$desc: once the hub no longer holds it, the next sync completes"
	run on ana "$h" doctor
	is "$rc:$out:$err" "0::" "$desc: and doctor is quiet"
	good=$(git -C "$hub" rev-parse main)
	pgit "$evil" fetch -q origin
	pgit "$evil" reset -q --hard origin/main
}

ln -sf /etc/passwd "$evil/gratitude/ben.log"
pgit "$evil" add -A
refuse "a symbolic link" gratitude/ben.log "a symbolic link"

pgit "$evil" update-index --add --cacheinfo "160000,$good,gratitude/cleo.log"
refuse "a submodule" gratitude/cleo.log "a submodule"

printf '#!/bin/sh\necho owned\n' >>"$evil/gratitude/ben.log"
chmod +x "$evil/gratitude/ben.log"
pgit "$evil" add -A
refuse "an executable file" gratitude/ben.log "an executable file"

mkdir -p "$evil/hooks"
echo 'echo owned' >"$evil/hooks/post-merge"
pgit "$evil" add -A
refuse "a file outside the store's layout" hooks/post-merge "a file outside the layout"

echo 'gratitude/secret.log' >"$evil/notes.txt"
pgit "$evil" add -A
refuse "a file outside the store's layout" notes.txt "a file at the root"

echo '!*.lock' >>"$evil/.gitignore"
pgit "$evil" add -A
refuse "a change to hearth's own file" .gitignore "a change to .gitignore"

echo '*.log -merge' >>"$evil/.gitattributes"
pgit "$evil" add -A
refuse "a change to hearth's own file" .gitattributes "a change to .gitattributes"

pgit "$evil" rm -q gratitude/ben.log
refuse "removes a log" gratitude/ben.log "a removed log"

export HEARTH_SYNC_FILE_MAX=4096
for i in $(seq 40); do
	printf '2026-11-20T10:%02d:00+01:00\tben\tthanks\t\tpadding %0100d\n' "$i" 0
done >>"$evil/gratitude/ben.log"
pgit "$evil" add -A
refuse "an oversized file" gratitude/ben.log "a file over HEARTH_SYNC_FILE_MAX"
unset HEARTH_SYNC_FILE_MAX

# ana's other device: a line of her own log removed, then one rewritten.
sed -i 1d "$evil/gratitude/ana.log"
pgit "$evil" add -A
refuse "removes or rewrites a line of your own log" gratitude/ana.log \
	"a line of ana's own log removed"
sed -i '0,/round/s//ROUND/' "$evil/gratitude/ana.log"
pgit "$evil" add -A
refuse "removes or rewrites a line of your own log" gratitude/ana.log \
	"a line of ana's own log rewritten"

# A history of its own, pushed over the hub's, is checked from its root.
git init -q -b main "$W/other"
ln -s /etc/shadow "$W/other/.gitattributes"
pgit "$W/other" add -A 2>/dev/null
pgit "$W/other" commit -qm 'a history of its own' 2>/dev/null
pgit "$W/other" push -q -f "$hub" main 2>/dev/null
c=$(git -C "$W/other" rev-parse HEAD)
run sy ana
is "$rc:$err" "65:hearth: refused what came from the remote: commit ${c:0:12}: .gitattributes: a change to hearth's own file; nothing was merged" \
	"an unrelated history pushed over the hub's is checked from its root"
pgit "$evil" push -q -f origin "$good:main"
sy ana -q
sy ben -q
sy ana2 -q
agree "after the hostile commits" ana ben ana2

section 4
# ---- 5. modes, whatever the umask ----

thank ben 'umask 022'
(umask 022 && sy ben -q)
is "$(modes ben)" "" "a sync under umask 022: files 0600 or 0400, folders 0700, .git included"
(umask 000 && sy ana -q)
is "$(modes ana)" "" "a sync under umask 000: the same"

section 5
# ---- 6. kills ----

# A git that hearth runs, with a kill at its Nth run (KILL_AT), as
# KILL_HOW says: "before" kills hearth before that git runs; "during"
# kills hearth while git runs on to its end; "git" kills git at its first
# rename (where git commits what it holds under a lock: the lock file is
# left behind), and hearth goes on; "both" kills git there, then hearth.
# KILL_SLOW makes each run wait that long first.
mkdir -p "$W/fakebin"
cat >"$W/fakebin/git" <<EOF2
#!/bin/sh
n=\$((\$(cat "\$KILL_COUNT" 2>/dev/null || echo 0) + 1))
echo "\$n" >"\$KILL_COUNT"
[ -z "\${KILL_SLOW:-}" ] || sleep "\$KILL_SLOW"
renames=rename,renameat,renameat2
[ "\$n" = "\${KILL_AT:-0}" ] || exec "$realgit" "\$@"
case \$KILL_HOW in
before)
	kill -KILL "\$PPID"
	exit 1 ;;
during)
	"$realgit" "\$@" &
	echo "\$!" >"\$KILL_COUNT.pid"
	sleep 0.01
	kill -KILL "\$PPID"
	wait
	exit ;;
git)
	exec strace -f -o /dev/null -e trace=\$renames \\
		-e inject=\$renames:signal=KILL:when=1 "$realgit" "\$@" ;;
both)
	strace -f -o /dev/null -e trace=\$renames \\
		-e inject=\$renames:signal=KILL:when=1 "$realgit" "\$@"
	kill -KILL "\$PPID"
	exit 1 ;;
esac
EOF2
chmod 755 "$W/fakebin/git"
hows="before during git both"
command -v strace >/dev/null || hows="before during"
read -ra hows <<<"$hows"

# ksync M ENV...: hearth sync on M through the fake git.
ksync() {
	local m=$1
	shift
	mkenv "$m"
	env "${menv[@]}" PATH="$W/fakebin:$PATH" KILL_COUNT="$W/kcount" "$@" \
		"$h" sync -q </dev/null >/dev/null 2>&1
}

# lost M: the gratitudes added on M that M's own log lacks.
lost() {
	cut -f5 "$W/$1/gratitude/${1%%[0-9]*}.log" | LC_ALL=C sort >"$W/have"
	LC_ALL=C sort "$W/ledger.$1" | comm -23 - "$W/have"
}

# How many git runs a sync that merges makes.
thank ben 'count the runs'
sy ben -q
rm -f "$W/kcount"
ksync ana
runs=$(cat "$W/kcount")
note "a sync that merges runs git $runs times"
step=1
[ "$HEARTH_SAN" = 0 ] || step=2
kbad=
for ((k = 1; k <= runs + 1; k += step)); do
	how=${hows[k % ${#hows[@]}]}
	thank ben "kill $k: from ben"
	sy ben -q
	thank ana "kill $k: from ana"
	rm -f "$W/kcount" "$W/kcount.pid"
	(ksync ana KILL_AT="$k" KILL_HOW="$how") 2>/dev/null
	# git that ran on behind a killed hearth ends its step first.
	if [ -s "$W/kcount.pid" ]; then
		while kill -0 "$(cat "$W/kcount.pid")" 2>/dev/null; do
			sleep 0.01
		done
	fi
	on ana "$g" list >/dev/null 2>"$W/kerr" || kbad="$kbad $k:$how:list"
	[ -z "$(lost ana)" ] || kbad="$kbad $k:$how:lost"
	run sy ana -q
	[ "$rc" = 0 ] || kbad="$kbad $k:$how:sync($rc)"
	[ "$rc" = 0 ] || diag "kill $k ($how): the next sync: $err"
done
is "${kbad:-none}" none "a kill at each git run of a sync ($runs runs; ${hows[*]}): every tool reads the store, no entry is lost, the next sync completes"
sy ben -q
agree "after the kills at each git run" ana ben

# The whole process group killed after N ms, for a sweep of N over the
# time a sync takes.
t0=${EPOCHREALTIME/./}
thank ben 'time one sync'
sy ben -q
sy ana -q
ms=$(((${EPOCHREALTIME/./} - t0) / 2000))
kbad=
for n in 0 1 2 3 4 5; do
	thank ben "sweep $n: from ben"
	sy ben -q
	thank ana "sweep $n: from ana"
	mkenv ana
	env "${menv[@]}" setsid "$h" sync -q </dev/null >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '0.%03d' $((ms * n / 5 % 1000)))"
	kill -KILL -- "-$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# No git of the killed sync runs on (it would race the next one):
	# it died with hearth.
	if grep -qsF -- "$W/ana" /proc/[0-9]*/cmdline; then
		sleep 0.02
		! grep -qsF -- "$W/ana" /proc/[0-9]*/cmdline ||
			kbad="$kbad $n:git-runs-on"
	fi
	on ana "$g" list >/dev/null 2>&1 || kbad="$kbad $n:list"
	[ -z "$(lost ana)" ] || kbad="$kbad $n:lost"
	run sy ana -q
	[ "$rc" = 0 ] || kbad="$kbad $n:sync($rc)"
	[ "$rc" = 0 ] || diag "timed kill $n: the next sync: $err"
done
is "${kbad:-none}" none "hearth's process group killed at 6 moments of a ${ms} ms sync: no git runs on, and the same"
sy ben -q
agree "after the timed kills" ana ben

# Adds while a (slowed) sync runs: none waits more than a moment, none
# is lost.
for i in 1 2 3; do thank ben "while syncing: ben $i"; done
sy ben -q
ksync ana KILL_SLOW=0.1 &
spid=$!
slow='' alive=''
for i in $(seq 12); do
	t0=${EPOCHREALTIME/./}
	thank ana "while syncing: ana $i"
	t1=${EPOCHREALTIME/./}
	[ $(((t1 - t0) / 1000)) -lt 2000 ] || slow="$slow $i:$(((t1 - t0) / 1000))ms"
	[ "$i" != 6 ] || ! kill -0 "$spid" 2>/dev/null || alive=yes
	sleep 0.05
done
is "${alive:-no}:${slow:-none}" "yes:none" "12 adds while a sync runs: each returns within 2 s"
wait "$spid"
is "$?" 0 "and the sync completes"
sy ana -q
sy ben -q
agree "after adds during a sync" ana ben

section 6
# ---- 7. offline ----

mv "$hub" "$hub.away"
thank ana 'offline: the candles'
run sy ana
like "$rc:$err" "^69:hearth: cannot reach the remote: .*; your entries are committed here and go with the next sync$" \
	"an unreachable hub: exit 69, a clear message"
is "$(git -C "$W/ana" show HEAD:gratitude/ana.log | tail -n 1 | cut -f5)" \
	"offline: the candles" "the entry is committed on the machine"
mv "$hub.away" "$hub"
run sy ana
is "$rc:$(git -C "$hub" show main:gratitude/ana.log | tail -n 1 | cut -f5)" \
	"0:offline: the candles" "the hub back, the next sync sends it"

mkenv ana
t0=${EPOCHREALTIME/./}
run flock "$W/ana/.sync.lock" env "${menv[@]}" "$h" sync
t1=${EPOCHREALTIME/./}
is "$rc:$err" "75:hearth: another hearth sync is running; try again" \
	"a sync while another runs exits 75"
t "at once" test $(((t1 - t0) / 1000)) -lt 2000

# A git that does not answer is killed at HEARTH_SYNC_TIMEOUT.
thank ana 'before a slow git'
mkenv ana
t0=${EPOCHREALTIME/./}
run env "${menv[@]}" PATH="$W/fakebin:$PATH" KILL_COUNT="$W/kcount" \
	KILL_SLOW=30 HEARTH_SYNC_TIMEOUT=1 "$h" sync
t1=${EPOCHREALTIME/./}
is "$rc:$err" "75:hearth: git config took longer than 1 second (HEARTH_SYNC_TIMEOUT); try again" \
	"a git run longer than HEARTH_SYNC_TIMEOUT is killed: exit 75"
t "after the time limit, not after git's 30 s" test $(((t1 - t0) / 1000)) -lt 10000
run sy ana
is "$rc:$err" "0:" "and the next sync completes"

world o
thank ana 'the first, offline'
run sy ana "$W/nowhere.git"
like "$rc:$err" "^69:hearth: cannot reach the remote: " \
	"a first sync with an unreachable hub: exit 69"
is "$(git -C "$W/ana" show HEAD:gratitude/ana.log | cut -f5)" \
	"the first, offline" "and the entry is committed all the same"
run sy ana "$hub"
is "$rc:$(git -C "$hub" show main:gratitude/ana.log | cut -f5)" \
	"0:the first, offline" "the right URL given, it goes to the hub's main"
W=$TEST_TMP/w hub=$TEST_TMP/w/hub.git

section 7
# ---- 9. a clone made by hand under umask 022 ----

(umask 022 && git clone -q -b main "$hub" "$W/ana3")
run on ana3 "$g" list
is "$rc:$err" "78:gratitude: store $W/ana3 is readable by others; run chmod 700 $W/ana3" \
	"the tools refuse a clone made under umask 022"
run on ana3 "$h" doctor --fix
is "$rc" 0 "doctor --fix mends it"
run on ana3 "$g" list
is "$rc:$err" "0:" "and the tools read it"
thank ana3 'from the third device'
run sy ana3
is "$rc:$err:$(modes ana3)" "0::" "its first sync completes and leaves every mode right, .git included"
sy ana -q
sy ben -q
sy ana2 -q
sy ana -q
agree "four machines" ana ben ana2 ana3

section 9
# ---- 8. an encrypted hub: git-remote-gcrypt ----

if ! command -v git-remote-gcrypt >/dev/null || ! command -v gpg >/dev/null
then
	skip "an encrypted hub (gcrypt::URL)" "git-remote-gcrypt or gpg is not installed"
else
	world g
	# Each partner has a key of their own and the other's public key.
	for m in ana ben; do
		mkenv "$m"
		mkdir -p "$W/.$m"
		mkdir -m 700 "$W/.$m/gnupg"
		env "${menv[@]}" gpg --batch --quiet --passphrase '' \
			--quick-gen-key "$m <$m@hearth>" future-default default never 2>/dev/null
		at_exit "GNUPGHOME=$W/.$m/gnupg gpgconf --kill gpg-agent"
	done
	fpr() {
		on "$1" gpg --batch --with-colons --list-secret-keys 2>/dev/null |
			awk -F: '/^fpr/ { print $10; exit }'
	}
	fa=$(fpr ana) fb=$(fpr ben)
	on ana gpg --batch --export "$fa" | on ben gpg --batch --quiet --import 2>/dev/null
	on ben gpg --batch --export "$fb" | on ana gpg --batch --quiet --import 2>/dev/null
	for m in ana ben; do
		(umask 077 && git init -q "$W/$m")
		git -C "$W/$m" config gcrypt.participants "$fa $fb"
		git -C "$W/$m" config gcrypt.publish-participants true
	done
	thank ana 'rosemary bread, still warm'
	run sy ana "gcrypt::$hub"
	is "$rc:$err" "0:" "the first machine syncs with an encrypted hub"
	thank ben 'the thyme you planted'
	run sy ben "gcrypt::$hub"
	is "$rc:$out:$err" "0:from ana: 1 gratitude:" "the second machine decrypts it and joins"
	run sy ana
	is "$rc:$out:$err" "0:from ben: 1 gratitude:" "and the first gets the second's entry back"
	agree "through gcrypt" ana ben
	n=$( (git -C "$hub" cat-file --batch-all-objects --batch; cat -- "$hub"/objects/*/* 2>/dev/null) |
		grep -ac -e rosemary -e thyme)
	is "$n:$((w_ok > 0))" "0:1" "the hub holds no plaintext (a plain hub does, found the same way)"
fi

section 8
note "sync.t took $((SECONDS - t_start)) s (by section:$times)"
done_testing
