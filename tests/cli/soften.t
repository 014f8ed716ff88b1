#!/usr/bin/env bash
# soften: what it finds and prints, exactly; the hard cases both ways;
# where its text comes from and how lines and columns are counted; its
# options and exit statuses; rules from the store and --check; and the
# pipes of soften.1's EXAMPLES (a draft mailed only when gentle, the git
# commit-msg hook, vim's errorformat, jq).
. tests/cli/lib.sh

s="$BIN/soften"
tab=$'\t'
store=$TEST_TMP/store
export HEARTH_DIR=$store

# --- one sentence, each category ----------------------------------------
run "$s" -e "You never listen to me"
is "$rc:$err" "1:" "a finding: status 1, nothing on stderr"
is "$out" "-e:1:1: criticism: \"You never\"; try: I feel let down about the times you don't listen to me. I need you to listen to me more often." \
	"criticism: file, line, column, category, the phrase and a suggestion built from the sentence"

run "$s" -e "I never want you to feel alone."
is "$rc:$out:$err" "0::" "a gentle sentence: nothing printed, status 0"

run "$s" -e "You're pathetic." -e "It's not my fault." -e "Whatever." \
	-e "Fine."
is "$rc:$out" "1:-e:1:1: contempt: \"You're pathetic\"; try: I feel angry and hurt about what just happened. I need to say what hurt me, without putting you down.
-e:2:1: defensiveness: \"It's not my fault\"; try: I feel defensive about this. I need to hear you out, and then to look at my part in it.
-e:3:1: stonewalling: \"Whatever\"; try: I feel overwhelmed about this conversation. I need a break of twenty minutes, and then to come back and talk it through.
-e:4:1: stonewalling: \"Fine\"; try: I feel flooded about this conversation. I need a break, and then to tell you what I really think." \
	"the other three categories; each -e text is a line of the input -e"

# --- hard cases ----------------------------------------------------------
hard_harsh=(
	"Nobody else's partner has to be reminded five times."
	"How hard can it be to put the lid back on?"
	"Must be nice to lie in until noon."
	"Oh great, you've broken it again."
	"Do I have to spell everything out for you?"
	"I'm putting my headphones on."
)
for t in "${hard_harsh[@]}"; do
	run "$s" -q -e "$t"
	is "$rc:$out" "1:" "harsh without the usual words: $t"
done
hard_gentle=(
	"I never want you to feel alone."
	"You always make me laugh."
	"My boss never listens to anyone."
	"When you said \"whatever\", I felt shut out."
	"He said 'you never listen' and walked off."
	"I'm not saying you're lazy, I'm saying I'm tired."
	"Have you never been to Wales?"
	"Are you always this cheerful in the morning?"
	"Whatever happens, I'm with you."
	"It's not your fault."
	"I'm done with the ironing, tea?"
	"My brother is such an idiot, he locked himself out."
)
for t in "${hard_gentle[@]}"; do
	run "$s" -e "$t"
	is "$rc:$out" "0:" "gentle with the usual words: $t"
done

# --- input: files, stdin, lines and columns -------------------------------
printf 'Dear Ben,\n\nI know the week was long. Honestly, you never\nask how my day was, and café talk aside, you are so\nselfish with the car.\n' >"$TEST_TMP/draft.txt"
run "$s" "$TEST_TMP/draft.txt"
is "$rc:$out" "1:$TEST_TMP/draft.txt:3:37: criticism: \"you never\"; try: I feel let down about the times you don't ask how my day was. I need you to ask how my day was more often.
$TEST_TMP/draft.txt:4:42: criticism: \"you are so selfish\"; try: I feel hurt about the car. I need to feel that my needs count too." \
	"a file: a wrapped line goes on (a phrase across it is shown on one line), columns in characters (café is four)"
run "$s" <<<"You never listen"
is "$rc:$out" "1:-:1:1: criticism: \"You never\"; try: I feel let down about the times you don't listen. I need you to listen more often." \
	"standard input when there is no file, named -"
printf 'Whatever\n' >"$TEST_TMP/b.txt"
run "$s" "$TEST_TMP/nope.txt" - "$TEST_TMP/b.txt" <<<"You never call"
is "$rc:$err" "66:soften: $TEST_TMP/nope.txt: No such file or directory" \
	"a missing file is told, the others are read, status 66"
is "$out" "-:1:1: criticism: \"You never\"; try: I feel let down about the times you don't call. I need you to call more often.
$TEST_TMP/b.txt:1:1: stonewalling: \"Whatever\"; try: I feel overwhelmed about this conversation. I need a break of twenty minutes, and then to come back and talk it through." \
	"- is standard input among the files"
run "$s" -e $'You\x1bnever call'
is "$out" "-e:1:1: criticism: \"You\\enever\"; try: I feel let down about the times you don't call. I need you to call more often." \
	"a control character from the text is shown escaped"

# --- options ---------------------------------------------------------------
run "$s" --json -e "Fine." -e "All good."
is "$rc:$out" '1:{"file":"-e","line":1,"col":1,"category":"stonewalling","phrase":"Fine","suggestion":"I feel flooded about this conversation. I need a break, and then to tell you what I really think.","rule":"stonewalling.fine"}' \
	"--json: one object a finding"
run "$s" -q -e "Fine." -e "You never"
is "$rc:$out:$err" "1::" "-q: nothing printed, status 1"
run "$s" --quiet -e "Fine by me."
is "$rc:$out:$err" "0::" "--quiet on gentle text: status 0"
run "$s" --explain contempt
is "$rc:$(head -n 1 <<<"$out")" "0:contempt: speaking from above: insults, names, mockery, sarcasm," \
	"--explain says what a category is"
like "$out" "softer: I'm tired and hungry" "--explain gives an example"
run "$s" --explain sarcasm
is "$rc:$err" "64:soften: unknown category 'sarcasm' (criticism, contempt, defensiveness or stonewalling)" \
	"--explain of no category is a usage error"
run "$s" --list
is "$rc" 0 "--list succeeds"
is "$(grep '^criticism\.you-never' <<<"$out")" "criticism.you-never${tab}criticism${tab}you never|hardly|rarely|seldom" \
	"--list: id, category, first pattern"
like "$out" "frame\\.not-saying${tab}frame${tab}" "--list shows frames"
run "$s" --list --json
like "$(head -n 1 <<<"$out")" '^\{"rule":"[a-z.-]+","category":"[a-z]+","match":\[".*"\],"source":"common/rules/[a-z]+\.rules","line":[0-9]+\}$' \
	"--list --json: one object a rule"
run "$s" -V
like "$rc:$out" '^0:soften [0-9]+\.[0-9]+' "-V prints the version"
run "$s" --bogus
is "$rc:$(head -n 1 <<<"$err")" "64:soften: unknown option '--bogus'" "an unknown option is a usage error"
run "$s" --list -e "x"
is "$rc" 64 "--list takes no text"
run "$s" --check --list
is "$rc" 64 "two modes at once is a usage error"
run "$s" --check
is "$rc:$err" "64:soften: --check: no file given" "--check needs a file"
if command -v script >/dev/null 2>&1; then
	script -qec "$s" /dev/null >"$TEST_TMP/tty.out" 2>&1
	like "$(cat "$TEST_TMP/tty.out")" "no text: give -e TEXT or a FILE, or pipe the text in" \
		"no text and a terminal on stdin: a usage error"
else
	skip "no text on a terminal" "script(1) is missing"
fi
run "$s" -e "You never call" >/dev/full
"$s" -e "You never call" >/dev/full 2>"$TEST_TMP/full.err"
is "$?:$(cat "$TEST_TMP/full.err")" "74:soften: stdout: No space left on device" \
	"a full disk on stdout is an I/O error"

# --- rules: --check and the store -----------------------------------------
builtin=$("$s" --list | grep -vc "${tab}frame${tab}")
sed -n '/^# Our own/,/^disable stonewalling.fine/p' man/hearth-soften.5 \
	>"$TEST_TMP/ours.rules"
run "$s" --check "$TEST_TMP/ours.rules"
is "$rc:$out" "0:$TEST_TMP/ours.rules: ok, $builtin rules in use (+0)" \
	"--check: hearth-soften.5's example is good (a rule added, one turned off)"
printf 'rule ours.x\ncategory rude\n' >"$TEST_TMP/bad.rules"
run "$s" --check "$TEST_TMP/bad.rules" "$TEST_TMP/ours.rules"
is "$rc:$err" "65:soften: $TEST_TMP/bad.rules:2: unknown category 'rude'" \
	"--check: a bad file is FILE:LINE: reason, status 65"
is "$out" "$TEST_TMP/ours.rules: ok, $builtin rules in use (+0)" \
	"--check goes on to the next file"

mkdir -p "$store/rules"
chmod 700 "$store" "$store/rules"
cp "$TEST_TMP/ours.rules" "$store/rules/ours.rules"
run "$s" -e "Thanks, sulky-pants." -e "Fine."
is "$rc:$out" "1:-e:1:9: contempt: \"sulky-pants\"; try: I feel hurt about being called sulky-pants. I need my name back, even in fun." \
	"the store's rules add one (hearth-soften.5's example) and turn one off"
cp "$TEST_TMP/bad.rules" "$store/rules/a-bad.rules"
run "$s" -e "All good here."
is "$rc:$err" "65:soften: $store/rules/a-bad.rules:2: unknown category 'rude'" \
	"a bad rule file in the store is told and skipped: status 65"
run "$s" -e "Thanks, sulky-pants."
is "$rc" 1 "with a finding, the status is the finding's"
rm "$store/rules/a-bad.rules"

# --- soften.1's EXAMPLES ----------------------------------------------------
printf 'Could we talk about the weekend tonight?\n' >"$TEST_TMP/gentle.txt"
printf 'Whatever, do what you want.\n' >"$TEST_TMP/harsh.txt"
sent=
"$s" "$TEST_TMP/gentle.txt" && sent=gentle
"$s" -q "$TEST_TMP/harsh.txt" && sent="$sent harsh"
is "$sent" "gentle" "soften draft.txt && mail ...: only the gentle draft goes"

hook=$(sed -n '/^#!\/bin\/sh$/,/^exit 1$/p' man/soften.1)
if command -v git >/dev/null 2>&1 && [ -n "$hook" ]; then
	repo=$TEST_TMP/repo
	git init -q "$repo"
	printf '%s\n' "$hook" >"$repo/.git/hooks/commit-msg"
	chmod +x "$repo/.git/hooks/commit-msg"
	(
		cd "$repo" || exit 1
		export GIT_AUTHOR_NAME=ana GIT_AUTHOR_EMAIL=ana@example.org
		export GIT_COMMITTER_NAME=ana GIT_COMMITTER_EMAIL=ana@example.org
		export PATH="$BIN:$PATH"
		echo a >a
		git add a
		git commit -q -m "You never update the README" 2>"$TEST_TMP/hook.err"
		echo "harsh $?"
		git commit -q -m "Update the README with the new flags" 2>>"$TEST_TMP/hook.err"
		echo "gentle $?"
		git log --format=%s
	) >"$TEST_TMP/hook.out"
	is "$(cat "$TEST_TMP/hook.out")" "harsh 1
gentle 0
Update the README with the new flags" \
		"the commit-msg hook of soften.1 holds back a harsh message only"
	like "$(cat "$TEST_TMP/hook.err")" '^-:1:1: criticism: "You never"; try: .*commit-msg: soften found harsh words' \
		"the hook says why"
else
	skip "the commit-msg hook" "git is missing"
fi

run "$s" -e "Honestly, you never call." -e "Café, you're so lazy."
errorformat='^[^:]+:[0-9]+:[0-9]+: [a-z]+: "[^"]+"; try: I feel .+ about .+\. I need .+\.$'
n=0
while IFS= read -r line; do
	[[ $line =~ $errorformat ]] && n=$((n + 1))
done <<<"$out"
is "$n:$(cut -d: -f1-3 <<<"$out" | tr '\n' ' ')" "2:-e:1:11 -e:2:7 " \
	"vim's errorformat %f:%l:%v: %m reads every line; the column is in characters"

if command -v jq >/dev/null 2>&1; then
	printf 'You are pathetic. You never call. What a joke.\n' >"$TEST_TMP/letter.txt"
	is "$("$s" --json "$TEST_TMP/letter.txt" | jq -r 'select(.category == "contempt") | .phrase')" \
		"You are pathetic
What a joke" "soften --json | jq: the findings of one kind"
else
	skip "soften --json | jq" "jq is missing"
fi

# --- completions --------------------------------------------------------
if bash -c ". completions/bash/hearth && complete -p soften" >/dev/null 2>&1; then
	got=$(bash -c '. completions/bash/hearth
		COMP_WORDS=(soften --explain ""); COMP_CWORD=2
		COMP_LINE="soften --explain "; COMP_POINT=${#COMP_LINE}
		_soften soften "" --explain; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "')
	is "$got" "contempt criticism defensiveness stonewalling " \
		"bash: soften --explain <TAB> offers the categories"
	got=$(bash -c '. completions/bash/hearth
		COMP_WORDS=(soften --ch); COMP_CWORD=1
		COMP_LINE="soften --ch"; COMP_POINT=${#COMP_LINE}
		_soften soften --ch soften; printf "%s\n" "${COMPREPLY[@]}"')
	is "$got" "--check" "bash: soften --ch<TAB> is --check"
else
	fail "bash completion for soften" "completions/bash/hearth registers no soften"
fi
if command -v fish >/dev/null 2>&1; then
	got=$(fish --no-config -c "source completions/fish/soften.fish; complete -C 'soften --explain '" 2>&1 | cut -f1 | sort | tr '\n' ' ')
	is "$got" "contempt criticism defensiveness stonewalling " \
		"fish: soften --explain <TAB> offers the categories"
else
	skip "fish completion for soften" "fish is missing"
fi
if command -v zsh >/dev/null 2>&1; then
	zsh -n completions/zsh/_hearth
	ok "zsh: _hearth parses"
else
	skip "zsh completion" "zsh is missing"
fi

done_testing
