# fish completion for repair(1), one of the hearth(7) tools.
#
# Repair ids for -i and show are the first column of "repair list"; --felt
# offers the feeling words of "repair template" and --hurts the old hurts
# of "repair learnings --hurts", an item after each comma; each is run at
# completion time with the repair on PATH.

function __repair_ids --description 'Print the ids of the repairs'
    command -q repair; or return
    # ID TAB DAY TAB PEOPLE TAB TOPIC, shown as the id and a description.
    command repair list 2>/dev/null </dev/null |
        string replace -r '^([^\t]+)\t([^\t]*)\t([^\t]*)\t(.*)$' '$1\t$2 $3: $4'
end

# The items of a comma-separated list, after those already typed.
function __repair_list --description 'Complete an item of a list' --argument-names what
    command -q repair; or return
    set -l token (commandline -ct)
    set -l head (string replace -r '[^,]*$' '' -- $token)
    set -l items
    switch $what
        case felt
            set items (command repair template 2>/dev/null </dev/null |
                string replace -rf '^#   [a-z ]+: ' '' | string split ', ')
        case hurts
            set items (command repair learnings --hurts 2>/dev/null </dev/null |
                string split -f2 \t)
    end
    for i in $items
        echo $head$i
    end
end

set -l cmds learnings list show template

complete -c repair -f

# Before a command: the options of a repair, and the commands.
complete -c repair -n __fish_use_subcommand -s h -l help -d 'Print usage and exit'
complete -c repair -n __fish_use_subcommand -s V -l version -d 'Print version and exit'
complete -c repair -n __fish_use_subcommand -a learnings -d 'The next-time commitments, and old hurts that came back'
complete -c repair -n __fish_use_subcommand -a list -d 'List the repairs, oldest first'
complete -c repair -n __fish_use_subcommand -a show -d 'Show a repair, as far as you may see it'
complete -c repair -n __fish_use_subcommand -a template -d 'Print an empty document to fill in'

complete -c repair -n "not __fish_seen_subcommand_from $cmds" -s a -l alone -d 'On a terminal, your part alone'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -s t -l timed -d 'Run listen-timer for the accounts'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -s i -l id -x -a '(__repair_ids)' -d 'Add to a repair'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -s f -l file -r -F -d 'Read the steps from a document (- for standard input)'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -l felt -x -a '(__repair_list felt)' -d 'Feeling words of the list, with commas'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -l felt-note -x -d 'More about how you felt'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -l account -x -d 'What happened, as you lived it'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -l heard -x -d "What you heard of the other's account"
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -l confirm -x -a yes -d 'Yes, or what was missed'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -l hurts -x -a '(__repair_list hurts)' -d 'Old hurts it touched, with commas'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -l hurts-note -x -d 'More about them'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -l part -x -d 'Your own part'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -l apology -x -d 'An apology, if you give one'
complete -c repair -n "not __fish_seen_subcommand_from $cmds" -l next -x -d 'One thing you will do differently'

# The commands.
complete -c repair -n '__fish_seen_subcommand_from list' -l json -d 'Print JSON Lines'
complete -c repair -n '__fish_seen_subcommand_from show' -a '(__repair_ids)'
complete -c repair -n '__fish_seen_subcommand_from learnings' -l hurts -d 'Each old hurt, and how often it came back'
complete -c repair -n '__fish_seen_subcommand_from learnings' -l json -d 'Print JSON Lines'
