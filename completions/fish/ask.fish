# fish completion for ask(1), one of the hearth(7) tools.
#
# Deck names for -c, --deck and --about are the first column of
# "ask --list", run at completion time with the ask on PATH, so decks of
# your own in <store>/decks are offered too; the title is the description.

function __ask_decks --description 'Print the names of the decks ask uses'
    command -q ask; or return
    # A weight typed in front of the name ("70%ta") is kept.
    set -l tok (commandline -ct | string replace -r '^--[a-z]+=' '')
    set -l weight ''
    if test "$argv[1]" = weights
        set weight (string match -r '^[0-9]+%' -- $tok)
    end
    # NAME TAB KIND TAB D1 TAB D2 TAB D3 TAB TITLE
    command ask --list 2>/dev/null </dev/null |
        string replace -r '^([^\t]+)\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t(.*)$' "$weight\$1\t\$2"
end

# Whether ask may still take options: not after a command.
function __ask_options
    not __fish_seen_subcommand_from answer answers inbox unanswer
end

# Whether the words after command $argv[1] are all options so far.
function __ask_command_options
    set -l words (commandline -opc)
    set -l seen 0
    for w in $words[2..-1]
        if test $seen = 1
            string match -q -- '-?*' $w; or return 1
            test "$w" = --; and return 1
        else if test "$w" = $argv[1]
            set seen 1
        end
    end
    test $seen = 1
end

# Whether no mode is chosen yet, so "answer" and "answers" may come.
function __ask_no_mode
    set -l words (commandline -opc)
    for w in $words[2..-1]
        switch $w
            case answer answers inbox unanswer --about '--about=*' --check --history --list \
                --skip '--skip=*' --star '--star=*' --starred --today \
                -f '-f*' --file '--file=*' -m '-m*' --match '--match=*'
                return 1
        end
    end
    return 0
end

complete -c ask -f

complete -c ask -n __ask_options -s h -l help -d 'Print usage and exit'
complete -c ask -n __ask_options -s V -l version -d 'Print version and exit'

# Picking.
complete -c ask -n __ask_options -s c -l deck -x -a '(__ask_decks weights)' -d 'Draw only from a deck (N%DECK weighs it)'
complete -c ask -n __ask_options -s d -l depth -x -a '1 2 3 1-2 2-3 1-3' -d 'Only prompts of a depth or a range'
complete -c ask -n __ask_options -s n -x -d 'How many prompts'
complete -c ask -n __ask_options -s v -d 'Show id, deck and depth'
complete -c ask -n __ask_options -s x -d 'Show without recording'
complete -c ask -n __ask_options -l json -d 'Print JSON Lines'

# Modes.
complete -c ask -n __ask_options -s f -l file -r -F -d 'Pick lines of a file (- for stdin)'
complete -c ask -n __ask_options -l today -d 'The question of the day'
complete -c ask -n __ask_options -s m -l match -x -d 'Every prompt matching a regular expression'
complete -c ask -n __ask_options -l list -d 'List the decks'
complete -c ask -n __ask_options -l about -x -a '(__ask_decks)' -d "Show a deck's title and note"
complete -c ask -n __ask_options -l check -d 'Check deck files'
complete -c ask -n '__fish_contains_opt check' -F
complete -c ask -n __ask_options -l star -d 'Keep a prompt as a favourite'
complete -c ask -n __ask_options -l skip -d 'Never show a prompt again'
complete -c ask -n __ask_options -l starred -d 'List your favourites'
complete -c ask -n __ask_options -l history -d 'List the prompts shown to you'

# Commands.
complete -c ask -n __ask_no_mode -a answer -d 'Record your answer'
complete -c ask -n __ask_no_mode -a answers -d 'Show the answers'
complete -c ask -n __ask_no_mode -a inbox -d 'What your partner answered and you have not'
complete -c ask -n __ask_no_mode -a unanswer -d 'Take back your answer'

# The options of the commands, up to their first operand.
complete -c ask -n '__ask_command_options answer' -l edit -d 'Change your answer to a prompt'
complete -c ask -n '__ask_command_options answers' -l all -d 'Every prompt either of you answered'
complete -c ask -n '__ask_command_options answers; or __ask_command_options inbox' -l json -d 'Print JSON Lines'
for c in answer answers inbox unanswer
    complete -c ask -n "__ask_command_options $c" -s h -l help -d 'Print usage and exit'
end
