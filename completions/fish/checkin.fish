# fish completion for checkin(1), one of the hearth(7) tools.
#
# Author names for list --by are the authors of the check-ins, the second
# column of "checkin list", run at completion time with the checkin on
# PATH.

function __checkin_authors --description 'Print the authors of check-ins'
    command -q checkin; or return
    # DATE TAB AUTHOR TAB ...
    command checkin list 2>/dev/null </dev/null |
        string replace -rf '^[^\t]*\t([^\t]+)\t.*$' '$1' | sort -u
end

set -l cmds edit list trend undo
set -l dates today yesterday monday tuesday wednesday thursday friday saturday sunday
set -l scores 1 2 3 4 5 6 7 8 9 10

complete -c checkin -f

# Before a command: a check-in's own options, or a command.
complete -c checkin -n __fish_use_subcommand -s h -l help -d 'Print usage and exit'
complete -c checkin -n __fish_use_subcommand -s V -l version -d 'Print version and exit'
complete -c checkin -n __fish_use_subcommand -a edit -d 'Change your check-in of this week'
complete -c checkin -n __fish_use_subcommand -a list -d 'List the check-ins, oldest first'
complete -c checkin -n __fish_use_subcommand -a trend -d 'Show the weekly scores of each of you'
complete -c checkin -n __fish_use_subcommand -a undo -d 'Take back the last change to your check-in of this week'
complete -c checkin -n __fish_use_subcommand -s f -r -F -d 'Read check-ins, a TSV line each (- for standard input)'
complete -c checkin -n __fish_use_subcommand -l due -d 'Remind you when you have not checked in this week'

# The values of a check-in, and of edit.
complete -c checkin -n "__fish_use_subcommand; or __fish_seen_subcommand_from edit" \
    -l me -x -a "$scores" -d 'How you are, 1 to 10'
complete -c checkin -n "__fish_use_subcommand; or __fish_seen_subcommand_from edit" \
    -l close -x -a "$scores" -d 'How close you feel, 1 to 10'
complete -c checkin -n "__fish_use_subcommand; or __fish_seen_subcommand_from edit" \
    -l need -x -d 'One thing you need this week'
complete -c checkin -n "__fish_use_subcommand; or __fish_seen_subcommand_from edit" \
    -l note -x -d 'A note, if you like'

# list
complete -c checkin -n '__fish_seen_subcommand_from list' -l since -x -a "$dates" -d 'Check-ins written at or after a date'
complete -c checkin -n '__fish_seen_subcommand_from list' -l by -x -a '(__checkin_authors)' -d 'Check-ins of an author'

# list and trend
complete -c checkin -n '__fish_seen_subcommand_from list trend' -l json -d 'Print JSON Lines'
complete -c checkin -n '__fish_seen_subcommand_from trend' -l weeks -x -d 'How many weeks to show (1 to 520)'
