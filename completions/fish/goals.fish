# fish completion for goals(1), one of the hearth(7) tools.
#
# Goal ids for note, done and drop are the first column of "goals list"
# (with --all for undo, which takes goals done and dropped too), run at
# completion time with the goals on PATH; the goal's text is the
# description.  A part of the text names a goal too, typed by hand.

function __goals_ids --description 'Print the ids of the goals'
    command -q goals; or return
    # ID TAB PROGRESS TAB WHEN TAB TEXT, shown as the id and its text.
    command goals list $argv 2>/dev/null </dev/null |
        string replace -r '^([^\t]*)\t[^\t]*\t[^\t]*\t(.*)$' '$1\t$2'
end

# Whether the command still lacks its goal: no operand yet after it, not
# counting options and the values of those that take one.
function __goals_needs_goal
    set -l words (commandline -opc)
    set -l skip 0
    for w in $words[3..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case --by --month --pct --why
                set skip 1
            case '-*'
            case '*'
                return 1
        end
    end
    return 0
end

complete -c goals -f

# Before a command.
complete -c goals -n __fish_use_subcommand -s h -l help -d 'Print usage and exit'
complete -c goals -n __fish_use_subcommand -s V -l version -d 'Print version and exit'
complete -c goals -n __fish_use_subcommand -l all -d 'Goals done and dropped too'
complete -c goals -n __fish_use_subcommand -l json -d 'Print JSON Lines'
complete -c goals -n __fish_use_subcommand -a add -d 'Add a goal'
complete -c goals -n __fish_use_subcommand -a done -d 'Mark a goal as reached'
complete -c goals -n __fish_use_subcommand -a drop -d 'Let a goal go'
complete -c goals -n __fish_use_subcommand -a list -d 'List the goals'
complete -c goals -n __fish_use_subcommand -a note -d 'Note progress on a goal'
complete -c goals -n __fish_use_subcommand -a review -d 'Review a month'
complete -c goals -n __fish_use_subcommand -a undo -d 'Take back the last step on a goal'

# add
complete -c goals -n '__fish_seen_subcommand_from add' -l by -x -d 'The day to reach it by (YYYY-MM-DD)'
complete -c goals -n '__fish_seen_subcommand_from add' -l every-month -d 'It wants a step every month'

# list
complete -c goals -n '__fish_seen_subcommand_from list' -l all -d 'Goals done and dropped too'
complete -c goals -n '__fish_seen_subcommand_from list' -l json -d 'Print JSON Lines'

# note, drop, review
complete -c goals -n '__fish_seen_subcommand_from note' -l pct -x -a '0 25 50 75 100' -d 'How far along (0 to 100)'
complete -c goals -n '__fish_seen_subcommand_from drop' -l why -x -d 'The reason'
complete -c goals -n '__fish_seen_subcommand_from review' -l month -x -d 'The month to review (YYYY-MM)'

# The goals.
complete -c goals -n '__fish_seen_subcommand_from note done drop; and __goals_needs_goal' -a '(__goals_ids)'
complete -c goals -n '__fish_seen_subcommand_from undo; and __goals_needs_goal' -a '(__goals_ids --all)'
