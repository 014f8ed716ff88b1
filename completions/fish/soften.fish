# fish completion for soften(1), one of the hearth(7) tools.

complete -c soften -s e -x -d 'Read this text'
complete -c soften -s q -l quiet -d 'Print nothing; the exit status says'
complete -c soften -l json -d 'Print JSON Lines'
complete -c soften -l check -r -F -d 'Check rule files'
complete -c soften -l explain -x -d 'Say what a category is' \
    -a 'criticism\t"An attack on who someone is"
contempt\t"Speaking from above"
defensiveness\t"Protecting yourself instead of listening"
stonewalling\t"Shutting the conversation down"'
complete -c soften -l list -d 'List the rules in use'
complete -c soften -s h -l help -d 'Print usage and exit'
complete -c soften -s V -l version -d 'Print version and exit'
