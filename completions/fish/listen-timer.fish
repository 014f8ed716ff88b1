# fish completion for listen-timer(1), one of the hearth(7) tools.
#
# The names for -p are "name,partner" and "partner,name" (who speaks
# first), from ${XDG_CONFIG_HOME:-$HOME/.config}/hearth/config, with
# HEARTH_AUTHOR, when set and not empty, for "name", as for the tools.
# --exec completes a command.

function __listen_timer_pairs --description 'Print the two names, either first'
    set -l cfg $HOME/.config/hearth/config
    if string match -q '/*' -- "$XDG_CONFIG_HOME"
        set cfg $XDG_CONFIG_HOME/hearth/config
    end
    set -l name
    set -l partner
    if test -f $cfg -a -r $cfg
        # The later line wins, as for the tools.
        set name (string replace -rf '^\s*name\s*=\s*(\S*)\s*$' '$1' <$cfg)[-1]
        set partner (string replace -rf '^\s*partner\s*=\s*(\S*)\s*$' '$1' <$cfg)[-1]
    end
    test -n "$HEARTH_AUTHOR"; and set name $HEARTH_AUTHOR
    string match -qr '^[a-z0-9._-]{1,32}$' -- "$name"; or return
    string match -qr '^[a-z0-9._-]{1,32}$' -- "$partner"; or return
    printf '%s\t%s\n' "$name,$partner" "$name speaks first" \
        "$partner,$name" "$partner speaks first"
end

# Whether the command line is "listen-timer log ...": log is a command
# only as the first word.
function __listen_timer_log
    set -l words (commandline -opc)
    test (count $words) -ge 2; and test "$words[2]" = log
end

# Whether the word being completed is the first after listen-timer.
function __listen_timer_first
    test (count (commandline -opc)) -eq 1
end

complete -c listen-timer -f

complete -c listen-timer -n 'not __listen_timer_log' -s h -l help -d 'Print usage and exit'
complete -c listen-timer -n 'not __listen_timer_log' -s V -l version -d 'Print version and exit'
complete -c listen-timer -n 'not __listen_timer_log' -s t -x -a '1m 2m 3m 5m 10m' -d 'How long each of you speaks'
complete -c listen-timer -n 'not __listen_timer_log' -s r -x -a '0 30s 1m 2m' -d 'How long to say back what you heard (0: none)'
complete -c listen-timer -n 'not __listen_timer_log' -s n -x -d 'How many rounds'
complete -c listen-timer -n 'not __listen_timer_log' -s p -x -a '(__listen_timer_pairs)' -d 'The two names, the first speaker first'
complete -c listen-timer -n 'not __listen_timer_log' -l no-bell -d 'Do not ring at the end of each phase'
complete -c listen-timer -n 'not __listen_timer_log' -l wait -d 'Wait for a key before each phase'
complete -c listen-timer -n 'not __listen_timer_log' -l exec -x -a '(__fish_complete_command)' -d 'Run a command at each phase change'

# The log command.
complete -c listen-timer -n __listen_timer_first -a log -d 'List past sessions'
complete -c listen-timer -n __listen_timer_log -l since -x -a 'today yesterday monday tuesday wednesday thursday friday saturday sunday' -d 'Only the sessions since a date'
complete -c listen-timer -n __listen_timer_log -l json -d 'Print JSON Lines'
