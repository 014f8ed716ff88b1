# since.awk: the baseline for `gratitude list --since`: print the records
# whose timestamp is at or after `cutoff` (local time text, e.g.
# 2026-11-19T00:00:00), as stored, log by log.
#
#	mawk -v cutoff=2026-11-19T00:00:00 -f since.awk LOG...
#
# A string comparison on the whole line selects the same records as one on
# the timestamp field (the line starts with it, then a TAB), as long as
# every record from the cutoff on has the same UTC offset.
$0 >= cutoff
