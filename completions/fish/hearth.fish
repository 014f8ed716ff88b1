# fish completion for hearth(1), one of the hearth(7) tools.

complete -c hearth -f

complete -c hearth -n __fish_use_subcommand -s h -l help -d 'Print usage and exit'
complete -c hearth -n __fish_use_subcommand -s V -l version -d 'Print version and exit'
complete -c hearth -n __fish_use_subcommand -a doctor -d 'Check the store'
complete -c hearth -n __fish_use_subcommand -a init -d 'Write the config and create the store'
complete -c hearth -n __fish_use_subcommand -a path -d "Print the store's path"

complete -c hearth -n '__fish_seen_subcommand_from init' -l name -x -d 'Your author name'
complete -c hearth -n '__fish_seen_subcommand_from init' -l partner -x -d "Your partner's author name"

complete -c hearth -n '__fish_seen_subcommand_from doctor' -l fix -d 'Move unterminated tails aside and correct modes'
complete -c hearth -n '__fish_seen_subcommand_from init' -l seed -x -d "The shared seed of the question of the day"
