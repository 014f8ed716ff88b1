# fish completion for gratitude(1), one of the hearth(7) tools.
#
# Author names for --by and --to are the logs in <store>/gratitude/ (the
# file names without .log), where the store is $HEARTH_DIR, else
# ${XDG_DATA_HOME:-$HOME/.local/share}/hearth, together with "name" and
# "partner" from ${XDG_CONFIG_HOME:-$HOME/.config}/hearth/config.

function __gratitude_authors --description 'Print the hearth author names'
    set -l store $HOME/.local/share/hearth
    if test -n "$HEARTH_DIR"
        set store $HEARTH_DIR
    else if string match -q '/*' -- "$XDG_DATA_HOME"
        set store $XDG_DATA_HOME/hearth
    end
    set -l names
    for f in $store/gratitude/*.log
        test -f $f; or continue
        set -a names (string replace -r '^.*/' '' -- $f | string replace -r '\.log$' '')
    end

    set -l cfg $HOME/.config/hearth/config
    if string match -q '/*' -- "$XDG_CONFIG_HOME"
        set cfg $XDG_CONFIG_HOME/hearth/config
    end
    if test -f $cfg -a -r $cfg
        set -a names (string replace -rf '^\s*(?:name|partner)\s*=\s*([a-z0-9._-]+)\s*$' '$1' <$cfg)
    end

    for n in $names
        string match -qr '^[a-z0-9._-]{1,32}$' -- $n; or continue
        contains -- $n . ..; and continue
        echo $n
    end | sort -u
end

function __gratitude_ids --description 'Print the ids of your own gratitude entries'
    command -q gratitude; or return
    # Only its author may remove an entry: HEARTH_AUTHOR, else the
    # config's name, else the login name.
    set -l me $HEARTH_AUTHOR
    set -l conf $XDG_CONFIG_HOME
    test -n "$conf"; or set conf $HOME/.config
    if test -z "$me"; and test -r $conf/hearth/config
        set me (string replace -rf '^\s*name\s*=\s*(\S+).*' '$1' <$conf/hearth/config)[1]
    end
    test -n "$me"; or set me (id -un)
    # ID TAB DATE TAB AUTHOR TAB TEXT, shown as the id and a description.
    command gratitude list -v --by $me 2>/dev/null </dev/null |
        string replace -r '^([^\t]+)\t([^\t]*)\t([^\t]*)\t(.*)$' '$1\t$2 $3: $4'
end

set -l cmds add grep list random rm stats today
set -l dates today yesterday monday tuesday wednesday thursday friday saturday sunday

complete -c gratitude -f

# Before a command.
complete -c gratitude -n __fish_use_subcommand -s h -l help -d 'Print usage and exit'
complete -c gratitude -n __fish_use_subcommand -s V -l version -d 'Print version and exit'
complete -c gratitude -n __fish_use_subcommand -a add -d 'Store one appreciation'
complete -c gratitude -n __fish_use_subcommand -a grep -d 'Search the entries'
complete -c gratitude -n __fish_use_subcommand -a list -d 'List the entries, oldest first'
complete -c gratitude -n __fish_use_subcommand -a random -d 'Show one past entry, chosen at random'
complete -c gratitude -n __fish_use_subcommand -a rm -d 'Remove one of your own entries'
complete -c gratitude -n __fish_use_subcommand -a stats -d 'Count the entries per week and author'
complete -c gratitude -n __fish_use_subcommand -a today -d 'Show entries written on this day in earlier years'

# --to: bare gratitude and add take it for the new entry, list as a filter.
complete -c gratitude -n "__fish_use_subcommand; or __fish_seen_subcommand_from add list" \
    -l to -x -a '(__gratitude_authors)' -d 'Whom the entry thanks'

# list
complete -c gratitude -n '__fish_seen_subcommand_from list' -s n -x -d 'Keep only the N most recent'
complete -c gratitude -n '__fish_seen_subcommand_from list' -l since -x -a "$dates" -d 'Entries written at or after a date'
complete -c gratitude -n '__fish_seen_subcommand_from list' -l until -x -a "$dates" -d 'Entries written up to and including a date'
complete -c gratitude -n '__fish_seen_subcommand_from list' -l by -x -a '(__gratitude_authors)' -d 'Entries written by an author'
complete -c gratitude -n '__fish_seen_subcommand_from list' -l tag -x -d 'Entries with a tag'

# list, grep, random, today
complete -c gratitude -n '__fish_seen_subcommand_from list grep random today' -s v -d "Show each entry's id first"
complete -c gratitude -n '__fish_seen_subcommand_from list grep random today' -l json -d 'Print JSON Lines'

# grep
complete -c gratitude -n '__fish_seen_subcommand_from grep' -s i -d 'Ignore case'
complete -c gratitude -n '__fish_seen_subcommand_from grep' -s E -d 'Read the pattern as an extended regular expression'

# stats
complete -c gratitude -n '__fish_seen_subcommand_from stats' -l weeks -x -d 'How many weeks to count'

# rm
complete -c gratitude -n '__fish_seen_subcommand_from rm' -a '(__gratitude_ids)'
