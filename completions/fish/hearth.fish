# fish completion for hearth(1), one of the hearth(7) tools.

complete -c hearth -f

complete -c hearth -n __fish_use_subcommand -s h -l help -d 'Print usage and exit'
complete -c hearth -n __fish_use_subcommand -s V -l version -d 'Print version and exit'
complete -c hearth -n __fish_use_subcommand -a doctor -d 'Check the store'
complete -c hearth -n __fish_use_subcommand -a init -d 'Write the config and create the store'
complete -c hearth -n __fish_use_subcommand -a path -d "Print the store's path"
complete -c hearth -n __fish_use_subcommand -a sync -d 'Keep two machines in step through git'
complete -c hearth -n __fish_use_subcommand -a news -d 'What your partner added since you last looked'
complete -c hearth -n __fish_use_subcommand -a set -d 'List, show or record a setting you share'
complete -c hearth -n __fish_use_subcommand -a export -d 'The whole store as JSON Lines'
complete -c hearth -n __fish_use_subcommand -a import -d 'Read an export back into the store'
complete -c hearth -n '__fish_seen_subcommand_from export' -l json -d 'JSON Lines (the only format)'
complete -c hearth -n '__fish_seen_subcommand_from import' -F

complete -c hearth -n '__fish_seen_subcommand_from sync' -s q -l quiet -d 'Print nothing of what arrived'
complete -c hearth -n '__fish_seen_subcommand_from news' -l json -d 'JSON Lines, one record a line'
complete -c hearth -n '__fish_seen_subcommand_from set; and __fish_is_nth_token 2' -a 'seed today_decks today_depth week_start' -d 'Setting'
complete -c hearth -n '__fish_seen_subcommand_from week_start' -a 'monday tuesday wednesday thursday friday saturday sunday'
complete -c hearth -n '__fish_seen_subcommand_from today_depth' -a '1 2 3 1-2 2-3 1-3'

complete -c hearth -n '__fish_seen_subcommand_from init' -l name -x -d 'Your author name'
complete -c hearth -n '__fish_seen_subcommand_from init' -l partner -x -d "Your partner's author name"

complete -c hearth -n '__fish_seen_subcommand_from doctor' -l fix -d 'Move unterminated tails aside and correct modes'
complete -c hearth -n '__fish_seen_subcommand_from init' -l seed -x -d "The shared seed of the question of the day"
complete -c hearth -n '__fish_seen_subcommand_from init' -l adopt -d 'Store entries written as the login name under yours'
complete -c hearth -n '__fish_seen_subcommand_from init' -l no-adopt -d 'Leave entries written as the login name'
