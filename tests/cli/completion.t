#!/usr/bin/env bash
#
# Shell completions: the bash file is sourced in a bash with a temporary
# HOME and HEARTH_DIR, its registered functions are called as bash calls
# them (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT), and COMPREPLY is
# compared, sorted, with the exact list expected.  The zsh and fish files
# must at least parse, and fish is asked for a few completions too; those
# tests are skipped when the shell is missing.
#
# Deck names come from "ask --list" on PATH, so the ask being tested
# ($HEARTH_BIN, else bin/) goes first in PATH, and the names expected are
# what it lists; the same PATH gives listen-timer --exec a command to find.
#
# Ritual names come from "ritual list" on PATH in the same way: two
# rituals are added to the test's store, one with a blank in its name.
#
# Keep the lists here in step with completions/bash/hearth.

root=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
bashcomp=$root/completions/bash/hearth
zshcomp=$root/completions/zsh/_hearth
fishdir=$root/completions/fish

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Nothing from the real environment may reach the completion functions.
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
unset HEARTH_AUTHOR HEARTH_NOW HEARTH_SEED HEARTH_LOCK_TIMEOUT
export HOME=$tmp/home
export HEARTH_DIR=$tmp/store
mkdir -p "$HOME" || exit 1

bindir=${HEARTH_BIN:-$root/bin}
[[ $bindir == /* ]] || bindir=$root/$bindir
if [[ ! -x $bindir/ask ]]; then
	echo "Bail out! no $bindir/ask: run make first"
	exit 1
fi
orig_path=$PATH
export PATH="$bindir:$PATH"

n=0
failed=0

ok()
{
	n=$((n + 1))
	printf 'ok %d - %s\n' "$n" "$1"
}

not_ok()
{
	n=$((n + 1))
	failed=$((failed + 1))
	printf 'not ok %d - %s\n' "$n" "$1"
}

skip()
{
	n=$((n + 1))
	printf 'ok %d # SKIP %s\n' "$n" "$1"
}

# is GOT WANT DESC (the order of tests/cli/lib.sh)
is()
{
	if [[ $1 == "$2" ]]; then
		ok "$3"
	else
		not_ok "$3"
		printf '#   got:  "%s"\n#   want: "%s"\n' "$1" "$2" >&2
	fi
}

# complete_line [-u] LINE: source the bash completions in a fresh bash
# (with "set -u" for -u), complete at the end of LINE as bash does for a
# TAB there, and print COMPREPLY sorted, on one line.  LINE is split on
# blanks; a trailing blank starts an empty word.
complete_line()
{
	local opt=+u

	if [[ $1 == -u ]]; then
		opt=-u
		shift
	fi
	bash --norc --noprofile "$opt" -c '
		line=$1
		# shellcheck source=/dev/null
		. "$2" || exit 1
		read -ra COMP_WORDS <<<"$line"
		[[ $line == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line
		COMP_POINT=${#line}
		spec=$(complete -p "${COMP_WORDS[0]}") || exit 1
		[[ $spec =~ -F\ ([^ ]+) ]] || exit 1
		COMPREPLY=()
		"${BASH_REMATCH[1]}" "${COMP_WORDS[0]}" \
		    "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" ||
		    exit 1
		for w in ${COMPREPLY[@]+"${COMPREPLY[@]}"}; do
			printf "%s\n" "$w"
		done | LC_ALL=C sort | paste -sd " " -
	' complete_line "$1" "$bashcomp"
}

echo 1..97

# 1
if bash --norc --noprofile -c '. "$1" && complete -p hearth &&
    complete -p gratitude && complete -p ask &&
    complete -p listen-timer' sh "$bashcomp" >/dev/null 2>&1
then
	ok 'sourcing the bash file registers hearth, gratitude, ask and listen-timer'
else
	not_ok 'sourcing the bash file registers hearth, gratitude, ask and listen-timer'
fi

# 2-3: with no store at all.
is "$(complete_line 'gratitude list --by ' 2>&1)" '' \
    'gratitude list --by <TAB> without a store: nothing'
is "$(complete_line -u 'gratitude list --by ' 2>&1)" '' \
    'gratitude list --by <TAB> without a store, set -u: nothing'

mkdir -p "$HEARTH_DIR/gratitude" || exit 1
chmod 700 "$HEARTH_DIR" "$HEARTH_DIR/gratitude"
: >"$HEARTH_DIR/gratitude/ana.log"
: >"$HEARTH_DIR/gratitude/ben.log"
: >"$HEARTH_DIR/gratitude/.lock"
: >"$HEARTH_DIR/gratitude/ben.log.torn"

# 4-17
is "$(complete_line 'gratitude ')" \
    'add grep list random rm stats today' \
    'gratitude <TAB>: the commands'
is "$(complete_line -u 'gratitude ' 2>&1)" \
    'add grep list random rm stats today' \
    'gratitude <TAB> with set -u: the commands'
is "$(complete_line 'gratitude --')" \
    '--help --to --version' \
    'gratitude --<TAB>: the long options'
is "$(complete_line 'gratitude list --')" \
    '--by --json --since --tag --to --until' \
    'gratitude list --<TAB>: the long options of list'
is "$(complete_line 'gratitude grep -')" \
    '--json -E -i -v' \
    'gratitude grep -<TAB>: the options of grep'
is "$(complete_line 'gratitude list --by ')" \
    'ana ben' \
    'gratitude list --by <TAB>: the authors'
is "$(complete_line -u 'gratitude list --by ' 2>&1)" \
    'ana ben' \
    'gratitude list --by <TAB> with set -u: the authors'
is "$(complete_line 'gratitude --to b')" \
    'ben' \
    'gratitude --to b<TAB>: the authors that start with b'
is "$(complete_line 'hearth ')" \
    'doctor export import init news path set sync' \
    'hearth <TAB>: the commands'
is "$(complete_line 'hearth init --')" \
    '--adopt --name --no-adopt --partner --seed' \
    'hearth init --<TAB>: the options of init'
is "$(complete_line 'hearth doctor --')" \
    '--fix' \
    'hearth doctor --<TAB>: the options of doctor'
is "$(complete_line 'hearth set ')" \
    'seed today_decks today_depth week_start' \
    'hearth set <TAB>: the keys'
is "$(complete_line 'hearth set week_start s')" \
    'saturday sunday' \
    'hearth set week_start s<TAB>: the weekdays'
is "$(complete_line 'hearth sync --')" \
    '--quiet' \
    'hearth sync --<TAB>: its option'

# 18-34: ask.  The decks expected are what the ask on PATH lists.
decks=$(ask --list | cut -f1 | LC_ALL=C sort | paste -sd ' ' -)
tdecks=$(ask --list | cut -f1 | grep '^t' | LC_ALL=C sort | paste -sd ' ' -)
if [[ $(command -v ask) == "$bindir/ask" && -n $decks && -n $tdecks ]]; then
	ok "ask on PATH is $bindir/ask, with decks and decks starting with t"
else
	not_ok "ask on PATH is $bindir/ask, with decks and decks starting with t"
	printf '#   ask: %s\n#   decks: "%s"\n' "$(command -v ask)" "$decks" >&2
fi
is "$(complete_line 'ask -')" \
    '--about --check --deck --depth --file --help --history --json --list --match --skip --star --starred --today --version -V -c -d -f -h -m -n -v -x' \
    'ask -<TAB>: every option'
is "$(complete_line 'ask --')" \
    '--about --check --deck --depth --file --help --history --json --list --match --skip --star --starred --today --version' \
    'ask --<TAB>: the long options'
is "$(complete_line 'ask ')" \
    'answer answers inbox unanswer' \
    'ask <TAB>: the commands'
is "$(complete_line 'ask -c ')" "$decks" \
    'ask -c <TAB>: the decks, as ask --list names them'
is "$(complete_line -u 'ask -c ' 2>&1)" "$decks" \
    'ask -c <TAB> with set -u: the decks'
is "$(complete_line 'ask --about t')" "$tdecks" \
    'ask --about t<TAB>: the decks that start with t'
is "$(complete_line 'ask -c 70%talk -c 30%')" \
    "$(ask --list | cut -f1 | sed 's/^/30%/' | LC_ALL=C sort | paste -sd ' ' -)" \
    'ask -c 70%talk -c 30%<TAB>: the decks, weight kept'
is "$(complete_line 'ask --deck ta')" \
    "$(ask --list | cut -f1 | grep '^ta' | LC_ALL=C sort | paste -sd ' ' -)" \
    'ask --deck ta<TAB>: the decks that start with ta'
is "$(complete_line 'ask -d ')" \
    '1 1-2 1-3 2 2-3 3' \
    'ask -d <TAB>: the depths and ranges'
if PATH=$orig_path command -v ask >/dev/null 2>&1; then
	skip 'ask -c <TAB> without ask on PATH: another ask is installed'
else
	is "$(PATH=$orig_path complete_line 'ask -c ' 2>&1)" '' \
	    'ask -c <TAB> without ask on PATH: nothing'
fi
is "$(complete_line 'ask answer ')" '' \
    'ask answer <TAB>: nothing (the words of an answer)'
is "$(complete_line 'ask answer -')" '--edit --help -h' \
    'ask answer -<TAB>: the options of answer'
is "$(complete_line 'ask answers --')" '--all --help --json' \
    'ask answers --<TAB>: the options of answers'
is "$(complete_line 'ask inbox -')" '--help --json -h' \
    'ask inbox -<TAB>: the options of inbox'
is "$(complete_line 'ask answer words -')" '' \
    'ask answer words -<TAB>: nothing once the text has begun'
is "$(complete_line 'ask --list ')" '' \
    'ask --list <TAB>: no command'

# 31-43: listen-timer.  The names for -p come from the config file, which
# is written only now so that the tests above do not see it.
is "$(complete_line 'listen-timer -')" \
    '--exec --help --no-bell --version --wait -V -h -n -p -r -t' \
    'listen-timer -<TAB>: every option'
is "$(complete_line 'listen-timer --')" \
    '--exec --help --no-bell --version --wait' \
    'listen-timer --<TAB>: the long options'
is "$(complete_line 'listen-timer ')" 'log' \
    'listen-timer <TAB>: the log command'
is "$(complete_line -u 'listen-timer ' 2>&1)" 'log' \
    'listen-timer <TAB> with set -u: the log command'
is "$(complete_line 'listen-timer log --')" '--json --since' \
    'listen-timer log --<TAB>: the options of log'
is "$(complete_line 'listen-timer log --since y')" 'yesterday' \
    'listen-timer log --since y<TAB>: the dates that start with y'
is "$(complete_line 'listen-timer -t 3m ')" '' \
    'listen-timer -t 3m <TAB>: nothing (log only comes first)'
is "$(complete_line 'listen-timer the holidays -')" '' \
    'listen-timer the holidays -<TAB>: nothing (the words of the topic)'
is "$(complete_line -u 'listen-timer -p ' 2>&1)" '' \
    'listen-timer -p <TAB> without a config, set -u: nothing'
is "$(complete_line 'listen-timer --exec listen-ti')" 'listen-timer' \
    'listen-timer --exec listen-ti<TAB>: the commands on PATH'
mkdir -p "$HOME/.config/hearth" || exit 1
printf '%s\n' '# who we are' 'name = ana' 'partner = zed' 'partner = ben' \
    >"$HOME/.config/hearth/config"
is "$(complete_line 'listen-timer -p ')" 'ana,ben ben,ana' \
    'listen-timer -p <TAB>: name,partner and partner,name from the config'
is "$(complete_line -u 'listen-timer -n 2 -p b' 2>&1)" 'ben,ana' \
    'listen-timer -n 2 -p b<TAB> with set -u: the pair that starts with b'
is "$(HEARTH_AUTHOR=cy complete_line 'listen-timer -p ')" 'ben,cy cy,ben' \
    'listen-timer -p <TAB> with HEARTH_AUTHOR: it stands for the name'
# The authors of the logs only, for the fish tests below.
printf '%s\n' 'name = ana' 'partner = ben' >"$HOME/.config/hearth/config"

# 41
if command -v zsh >/dev/null 2>&1; then
	if zsh -n "$zshcomp" 2>/dev/null; then
		ok 'the zsh file parses'
	else
		not_ok 'the zsh file parses'
	fi
else
	skip 'zsh not installed'
fi

# 45-48
for f in hearth gratitude ask listen-timer; do
	if command -v fish >/dev/null 2>&1; then
		if fish --no-config -n "$fishdir/$f.fish" 2>/dev/null; then
			ok "the fish file for $f parses"
		else
			not_ok "the fish file for $f parses"
		fi
	else
		skip 'fish not installed'
	fi
done

# fish_complete LINE: what fish offers at the end of LINE, sorted.
fish_complete()
{
	# shellcheck disable=SC2016 # fish expands $argv, not bash
	fish --no-config -c 'for f in $argv[1..4]; source $f; end; complete -C $argv[5]' \
	    "$fishdir/hearth.fish" "$fishdir/gratitude.fish" "$fishdir/ask.fish" \
	    "$fishdir/listen-timer.fish" "$1" 2>&1 |
	    cut -f1 | LC_ALL=C sort | paste -sd ' ' -
}

# 49-55
if command -v fish >/dev/null 2>&1; then
	is "$(fish_complete 'gratitude ')" \
	    'add grep list random rm stats today' \
	    'fish: gratitude <TAB>: the commands'
	is "$(fish_complete 'gratitude list --by ')" \
	    'ana ben' \
	    'fish: gratitude list --by <TAB>: the authors'
	is "$(fish_complete 'ask -c ')" "$decks" \
	    'fish: ask -c <TAB>: the decks'
	is "$(fish_complete 'ask --about t')" "$tdecks" \
	    'fish: ask --about t<TAB>: the decks that start with t'
	is "$(fish_complete 'listen-timer ')" 'log' \
	    'fish: listen-timer <TAB>: the log command'
	is "$(fish_complete 'listen-timer log --')" '--json --since' \
	    'fish: listen-timer log --<TAB>: the options of log'
	is "$(fish_complete 'listen-timer -p ')" 'ana,ben ben,ana' \
	    'fish: listen-timer -p <TAB>: name,partner and partner,name'
else
	for i in 1 2 3 4 5 6 7; do
		skip "fish not installed ($i)"
	done
fi

# 60-86: ritual.  The names come from "ritual list" with the ritual on
# PATH, the one being tested; the store has no ritual until two are added.
if [[ $(command -v ritual) == "$bindir/ritual" ]]; then
	ok "ritual on PATH is $bindir/ritual"
else
	not_ok "ritual on PATH is $bindir/ritual"
	printf '#   ritual: %s\n' "$(command -v ritual)" >&2
fi
if bash --norc --noprofile -c '. "$1" && complete -p ritual' sh "$bashcomp" \
    >/dev/null 2>&1; then
	ok 'sourcing the bash file registers ritual'
else
	not_ok 'sourcing the bash file registers ritual'
fi
is "$(complete_line 'ritual ')" \
    'add cal done due edit list retire skip streak suggest undo unretire' \
    'ritual <TAB>: the commands'
is "$(complete_line 'ritual -')" '--help --version -V -h' \
    'ritual -<TAB>: the options before a command'
is "$(complete_line 'ritual add --')" '--after --every --grace --note' \
    'ritual add --<TAB>: the options of add'
is "$(complete_line 'ritual edit --')" '--after --every --grace --note --rename' \
    'ritual edit --<TAB>: the options of edit'
is "$(complete_line 'ritual add Walk --every sun --grace ')" '1d 2d 3d' \
    'ritual add Walk --every sun --grace <TAB>: a few graces'
is "$(complete_line 'ritual undo --')" '--on' \
    'ritual undo --<TAB>: its option'
is "$(complete_line 'ritual add Walk --every ')" \
    '2w day fri mon month month:1 sat sun thu tue wed week' \
    'ritual add Walk --every <TAB>: the schedules'
is "$(complete_line 'ritual add Walk --every month:')" '1' \
    'ritual add Walk --every month:<TAB>: what follows the colon, which readline replaces'
is "$(complete_line 'ritual done ' 2>&1)" '' \
    'ritual done <TAB> without rituals: nothing'
if ! HEARTH_AUTHOR=ana ritual add 'Sunday dinner' --every sun ||
	! HEARTH_AUTHOR=ana ritual add Walk --every day; then
	echo '# ritual add failed' >&2
fi
is "$(complete_line 'ritual done ')" 'Sunday\ dinner Walk' \
    'ritual done <TAB>: the names, the blank escaped'
is "$(complete_line -u 'ritual done ' 2>&1)" 'Sunday\ dinner Walk' \
    'ritual done <TAB> with set -u: the names'
is "$(complete_line 'ritual done s')" 'Sunday\ dinner' \
    'ritual done s<TAB>: the names that start with s, whatever the case'
is "$(complete_line "ritual skip 'Sun")" 'Sunday dinner' \
    "ritual skip 'Sun<TAB>: the name as it goes inside the open quote"
is "$(complete_line 'ritual done --on yesterday ')" 'Sunday\ dinner Walk' \
    'ritual done --on yesterday <TAB>: the names after an option'
is "$(complete_line 'ritual done Walk ')" '' \
    'ritual done Walk <TAB>: nothing (one name only)'
is "$(complete_line 'ritual unretire ' 2>&1)" '' \
    'ritual unretire <TAB> with nothing retired: nothing'
if ! HEARTH_AUTHOR=ana ritual retire Walk; then
	echo '# ritual retire failed' >&2
fi
is "$(complete_line 'ritual unretire ')" 'Walk' \
    'ritual unretire <TAB>: only the retired names'
is "$(complete_line 'ritual done ')" 'Sunday\ dinner' \
    'ritual done <TAB>: only the active ones'
is "$(complete_line 'ritual edit --note x ')" 'Sunday\ dinner Walk' \
    'ritual edit --note x <TAB>: retired ones too'
is "$(complete_line 'ritual undo Walk --on ')" \
    'friday monday saturday sunday thursday today tuesday wednesday yesterday' \
    'ritual undo Walk --on <TAB>: the dates'

# fish_ritual LINE: what fish offers for ritual at the end of LINE, sorted.
fish_ritual()
{
	# shellcheck disable=SC2016 # fish expands $argv, not bash
	fish --no-config -c 'source $argv[1]; complete -C $argv[2]' \
	    "$fishdir/ritual.fish" "$1" 2>&1 |
	    cut -f1 | LC_ALL=C sort | paste -sd ' ' -
}

if command -v fish >/dev/null 2>&1; then
	if fish --no-config -n "$fishdir/ritual.fish" 2>/dev/null; then
		ok 'the fish file for ritual parses'
	else
		not_ok 'the fish file for ritual parses'
	fi
	is "$(fish_ritual 'ritual ')" \
	    'add cal done due edit list retire skip streak suggest undo unretire' \
	    'fish: ritual <TAB>: the commands'
	is "$(fish_ritual 'ritual done ')" 'Sunday dinner' \
	    'fish: ritual done <TAB>: the active names'
	is "$(fish_ritual 'ritual unretire ')" 'Walk' \
	    'fish: ritual unretire <TAB>: the retired names'
	is "$(fish_ritual 'ritual edit ')" 'Sunday dinner Walk' \
	    'fish: ritual edit <TAB>: all the names'
else
	for i in 1 2 3 4 5; do
		skip "fish not installed ($i)"
	done
fi

# gratitude rm offers only your own entries' ids: only their author may
# remove them.
rmstore=$(mktemp -d "$tmp/rm.XXXXXX")
HEARTH_DIR=$rmstore HEARTH_AUTHOR=ana gratitude --to ben 'mine' </dev/null
HEARTH_DIR=$rmstore HEARTH_AUTHOR=ben gratitude --to ana 'theirs' </dev/null
mine=$(HEARTH_DIR=$rmstore gratitude list -v --by ana | cut -f1)
is "$(HEARTH_DIR=$rmstore HEARTH_AUTHOR=ana complete_line 'gratitude rm ')" \
    "$mine" \
    'gratitude rm <TAB>: only your own ids'

# checkin and goals.
is "$(complete_line 'checkin ')" 'edit list trend undo' 'checkin <TAB>: the commands'
is "$(complete_line 'checkin -')" '--close --due --help --me --need --note --version -V -f -h' 'checkin -<TAB>: the options of a check-in'
is "$(complete_line -u 'checkin --me ')" '1 10 2 3 4 5 6 7 8 9' 'checkin --me <TAB> with set -u: the scores'
is "$(complete_line 'checkin edit --')" '--close --me --need --note' 'checkin edit --<TAB>: the options of edit'
is "$(complete_line 'checkin list --since y')" 'yesterday' 'checkin list --since y<TAB>: the dates'
is "$(complete_line 'checkin trend -')" '--json --weeks' 'checkin trend -<TAB>: the options of trend'
is "$(complete_line 'goals ')" 'add done drop list note review undo' 'goals <TAB>: the commands'
is "$(complete_line 'goals list --')" '--all --help --json' 'goals list --<TAB>: the options of list'
gstore=$(mktemp -d "$tmp/go.XXXXXX")
HEARTH_DIR=$gstore HEARTH_AUTHOR=ana goals add 'walk to the sea together' >/dev/null </dev/null
gid=$(HEARTH_DIR=$gstore goals list --json | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p' | cut -c1-10)
is "$(HEARTH_DIR=$gstore complete_line 'goals done ')" "$gid" 'goals done <TAB>: the open goals'\'' ids'
if command -v fish >/dev/null 2>&1; then
	if fish --no-config -n "$fishdir/checkin.fish" 2>/dev/null &&
		fish --no-config -n "$fishdir/goals.fish" 2>/dev/null; then
		ok 'the fish files for checkin and goals parse'
	else
		not_ok 'the fish files for checkin and goals parse'
	fi
else
	skip "fish not installed"
fi

[[ $failed -eq 0 ]]
