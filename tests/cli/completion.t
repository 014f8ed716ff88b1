#!/usr/bin/env bash
#
# Shell completions: the bash file is sourced in a bash with a temporary
# HOME and HEARTH_DIR, its registered functions are called as bash calls
# them (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT), and COMPREPLY is
# compared, sorted, with the exact list expected.  The zsh and fish files
# must at least parse, and fish is asked for two completions too; those
# tests are skipped when the shell is missing.
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

echo 1..19

# 1
if bash --norc --noprofile -c '. "$1" && complete -p hearth &&
    complete -p gratitude' sh "$bashcomp" >/dev/null 2>&1; then
	ok 'sourcing the bash file registers hearth and gratitude'
else
	not_ok 'sourcing the bash file registers hearth and gratitude'
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

# 4-14
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
    'doctor init path' \
    'hearth <TAB>: the commands'
is "$(complete_line 'hearth init --')" \
    '--name --partner' \
    'hearth init --<TAB>: the options of init'
is "$(complete_line 'hearth doctor --')" \
    '--fix' \
    'hearth doctor --<TAB>: the options of doctor'

# 15
if command -v zsh >/dev/null 2>&1; then
	if zsh -n "$zshcomp" 2>/dev/null; then
		ok 'the zsh file parses'
	else
		not_ok 'the zsh file parses'
	fi
else
	skip 'zsh not installed'
fi

# 16-17
for f in hearth gratitude; do
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
	fish --no-config -c 'source $argv[1]; source $argv[2]; complete -C $argv[3]' \
	    "$fishdir/hearth.fish" "$fishdir/gratitude.fish" "$1" 2>&1 |
	    cut -f1 | LC_ALL=C sort | paste -sd ' ' -
}

# 18-19
if command -v fish >/dev/null 2>&1; then
	is "$(fish_complete 'gratitude ')" \
	    'add grep list random rm stats today' \
	    'fish: gratitude <TAB>: the commands'
	is "$(fish_complete 'gratitude list --by ')" \
	    'ana ben' \
	    'fish: gratitude list --by <TAB>: the authors'
else
	skip 'fish not installed'
	skip 'fish not installed'
fi

[[ $failed -eq 0 ]]
