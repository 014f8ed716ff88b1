# fish completion for ritual(1), one of the hearth(7) tools.
#
# Ritual names for done, skip, undo, streak, cal, edit, retire and
# unretire are the first column of "ritual list" (with --all for edit,
# undo, streak and cal, which take retired ones too; only the retired ones
# for unretire), run at completion time with the ritual on PATH; the
# schedule is the description.  fish quotes the blanks in a name.

function __ritual_names --description 'Print the names of the rituals'
    command -q ritual; or return
    # NAME TAB SCHEDULE TAB LAST TAB NEXT, shown as the name and its schedule.
    command ritual list $argv 2>/dev/null </dev/null |
        string replace -r '^([^\t]*)\t([^\t]*)\t.*$' '$1\t$2'
end

function __ritual_retired_names --description 'Print the names of the retired rituals'
    command -q ritual; or return
    # Those whose fourth column says retired.
    command ritual list --all 2>/dev/null </dev/null |
        string replace -r -f '^([^\t]*)\t([^\t]*)\t[^\t]*\tretired$' '$1\t$2'
end

# Whether the command still lacks its one name: no operand yet after it,
# not counting options and the values of those that take one.
function __ritual_needs_name
    set -l words (commandline -opc)
    set -l skip 0
    set -l ddash 0
    for w in $words[3..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        test $ddash = 1; and return 1
        switch $w
            case --
                set ddash 1
            case --after --days --every --grace --note --on --rename --weeks --why -n
                set skip 1
            case '-?*'
            case '*'
                return 1
        end
    end
    return 0
end

set -l dates today yesterday monday tuesday wednesday thursday friday saturday sunday

complete -c ritual -f

# Before a command.
complete -c ritual -n __fish_use_subcommand -s h -l help -d 'Print usage and exit'
complete -c ritual -n __fish_use_subcommand -s V -l version -d 'Print version and exit'
complete -c ritual -n __fish_use_subcommand -a add -d 'Start a ritual'
complete -c ritual -n __fish_use_subcommand -a cal -d 'Show the last weeks as a calendar'
complete -c ritual -n __fish_use_subcommand -a done -d 'Mark a ritual done'
complete -c ritual -n __fish_use_subcommand -a due -d 'Show the rituals that are due'
complete -c ritual -n __fish_use_subcommand -a edit -d "Change a ritual's schedule, grace, note or name"
complete -c ritual -n __fish_use_subcommand -a list -d 'List the rituals'
complete -c ritual -n __fish_use_subcommand -a retire -d 'End a ritual, keeping its history'
complete -c ritual -n __fish_use_subcommand -a skip -d 'Mark a ritual skipped, with a reason'
complete -c ritual -n __fish_use_subcommand -a streak -d 'Show the streaks'
complete -c ritual -n __fish_use_subcommand -a suggest -d 'Suggest ideas for new rituals'
complete -c ritual -n __fish_use_subcommand -a undo -d 'Take back your done or skip of this period'
complete -c ritual -n __fish_use_subcommand -a unretire -d 'Bring a retired ritual back'

# add and edit
complete -c ritual -n '__fish_seen_subcommand_from add edit' -l every -x \
    -a 'day week month mon tue wed thu fri sat sun 2w month:1' \
    -d 'How often it comes round (also mon,thu, Nd, Nw, month:DAY)'
complete -c ritual -n '__fish_seen_subcommand_from add edit' -l after -x -d 'Due N days (Nd) or weeks (Nw) after it was last done'
complete -c ritual -n '__fish_seen_subcommand_from add edit' -l grace -x -a '1d 2d 3d' -d 'Days after each occurrence it may still be kept'
complete -c ritual -n '__fish_seen_subcommand_from add edit' -l note -x -d 'A note kept with the ritual'
complete -c ritual -n '__fish_seen_subcommand_from edit' -l rename -x -d 'A new name'

# list
complete -c ritual -n '__fish_seen_subcommand_from list' -l all -d 'Retired rituals too'
complete -c ritual -n '__fish_seen_subcommand_from list' -l json -d 'Print JSON Lines'

# done and skip
complete -c ritual -n '__fish_seen_subcommand_from done skip' -l on -x -a "$dates" -d 'The day (default today)'
complete -c ritual -n '__fish_seen_subcommand_from undo' -l on -x -a "$dates" -d 'The day of the record to take back'
complete -c ritual -n '__fish_seen_subcommand_from done' -l note -x -d 'A note kept with the record'
complete -c ritual -n '__fish_seen_subcommand_from skip' -l why -x -d 'The reason'

# due, cal, suggest
complete -c ritual -n '__fish_seen_subcommand_from due' -l days -x -d 'Also those due within N days'
complete -c ritual -n '__fish_seen_subcommand_from cal' -l weeks -x -d 'How many weeks to show (1 to 520)'
complete -c ritual -n '__fish_seen_subcommand_from suggest' -s n -x -d 'How many ideas (1 to 100)'

# The names.
complete -c ritual -n '__fish_seen_subcommand_from done skip retire; and __ritual_needs_name' -a '(__ritual_names)'
complete -c ritual -n '__fish_seen_subcommand_from edit undo streak cal; and __ritual_needs_name' -a '(__ritual_names --all)'
complete -c ritual -n '__fish_seen_subcommand_from unretire; and __ritual_needs_name' -a '(__ritual_retired_names)'
