#!/usr/bin/env bash
# fastpath: every fast path of gratitude gives exactly what the full read
# gives.  HEARTH_SLOW=1 forces the full read (gratitude.1); each command
# runs both ways on generated histories, and stdout, stderr and the exit
# status must be the same, byte for byte: both authors, records out of
# time order (several runs), offsets from -23:59 to +23:59 with daylight
# saving time, records on the edges of days and weeks, escapes, UTF-8
# and control bytes, comments; then the same with a malformed line, a
# torn last line, and more runs than the cache keeps, where the fast
# paths step aside.  random is checked for what it may pick, for a
# uniform pick whatever the lengths, and, where strace(1) works, every
# fast path for reading a small part of the logs.
. tests/cli/lib.sh

export TZ=Europe/Berlin
export HEARTH_NOW=2026-11-26T12:00:00+01:00
g="$BIN/gratitude"

# The generator: gen.pl SEED DIR N RUNS VARIANT writes DIR/ana.log and
# DIR/ben.log (mode 0600): N random records each from 2019 to 2026, and
# records on the edges of the days that today is asked about and of the
# weeks that stats counts, cut into RUNS runs that overlap in time.
# VARIANT: clean (comments only), bad (a malformed line in ben.log), torn
# (ana.log ends without LF), many (ana.log in 200 runs).
cat >"$TEST_TMP/gen.pl" <<'EOF'
use strict;
use warnings;
use Time::Local qw(timegm);

my ($seed, $dir, $n, $runs, $variant) = @ARGV;
srand($seed);
sub pick { return $_[int(rand(@_))]; }

my @words = qw(soup coffee walk bike letter garden tea rain smile dinner
    laughed listened carried remembered fixed patiently morning);
my %recs = (ana => [], ben => []);

# A text of 1 to 40 words, now and then long, tagged, escaped, in UTF-8
# or with a control byte (which listings must show escaped).
sub text {
	my $t = join(' ', map { pick(@words) } 0 .. int(rand(rand() < 0.05 ?
	    400 : 40)));
	$t .= ' #care' if rand() < 0.15;
	$t .= ' #Home' if rand() < 0.05;
	$t .= ' tab\\tin' if rand() < 0.05;
	$t .= ' back\\\\slash' if rand() < 0.03;
	$t .= ' two\\nlines' if rand() < 0.03;
	$t .= " caf\xc3\xa9 \xf0\x9f\x99\x82" if rand() < 0.05;
	$t .= " \e[31mred" if rand() < 0.02;
	return $t;
}

# Berlin-like offsets most of the time (+02:00 from late March to late
# October), else another zone, now and then an extreme one (minutes).
sub offset {
	my ($t) = @_;
	my $r = rand();
	if ($r < 0.8) {
		my @g = gmtime($t);
		my $md = ($g[4] + 1) * 100 + $g[3];
		return ($md >= 329 && $md < 1026) ? 120 : 60;
	}
	return pick(-300, 540, -210, 345, 780, -660) if $r < 0.95;
	return pick(1439, -1439, 840, -720);
}

# A record at a local time: epoch seconds of the local wall clock, an
# offset in minutes, microseconds.
sub add {
	my ($who, $local, $off, $us) = @_;
	my @g = gmtime($local);
	my $ts = sprintf("%04d-%02d-%02dT%02d:%02d:%02d.%06d%s%02d:%02d",
	    $g[5] + 1900, $g[4] + 1, $g[3], $g[2], $g[1], $g[0], $us,
	    $off < 0 ? '-' : '+', abs($off) / 60, abs($off) % 60);
	my $to = pick('ben', 'ana', '', 'cleo');
	push @{$recs{$who}}, [$local - $off * 60, $us,
	    "$ts\t$who\tthanks\t$to\t" . text() . "\n"];
}

my $t0 = timegm(0, 0, 0, 1, 0, 2019);
my $t1 = timegm(0, 0, 12, 26, 10, 2026);
for my $who ('ana', 'ben') {
	for (1 .. $n) {
		my $t = $t0 + int(rand($t1 - $t0));
		my $off = offset($t);
		add($who, $t + $off * 60, $off, int(rand(1000000)));
	}
}
# The edges of the days today is asked about, in every year.
for my $y (2019 .. 2026) {
	for my $md ('01-01', '02-28', '02-29', '03-29', '10-25', '11-26',
	    '12-31') {
		my ($m, $d) = split /-/, $md;
		next if $md eq '02-29' && !($y % 4 == 0 && ($y % 100 || !($y % 400)));
		my $mid = timegm(0, 0, 0, $d, $m - 1, $y);
		for my $off (1439, -1439, 60, 120, -720, 840) {
			add(pick('ana', 'ben'), $mid, $off, 0);
			add(pick('ana', 'ben'), $mid + 86399, $off, 999999);
		}
	}
}
# The edges of the weeks stats counts: Monday's midnight, either side.
my $monday = timegm(0, 0, 0, 23, 10, 2026);
for my $w (0 .. 530) {
	my $mid = $monday - $w * 7 * 86400;
	add(pick('ana', 'ben'), $mid, pick(60, 120, -300, 1439), 0);
	add(pick('ana', 'ben'), $mid - 1, pick(60, 120, 540, -1439), 999999);
}
# Two records of the same time, one by each: ties go to ana.
add('ana', timegm(0, 0, 9, 26, 10, 2025), 60, 123456);
add('ben', timegm(0, 0, 9, 26, 10, 2025), 60, 123456);

$runs = 200 if $variant eq 'many';
for my $who ('ana', 'ben') {
	my @b = map { [] } 1 .. ($who eq 'ana' || $variant ne 'many' ? $runs : 1);
	push @{$b[int(rand(@b))]}, $_ for @{$recs{$who}};
	my $out = '';
	for my $run (@b) {
		for my $r (sort { $a->[0] <=> $b->[0] || $a->[1] <=> $b->[1] } @$run) {
			$out .= $r->[2];
			$out .= "# a comment\n" if rand() < 0.002;
		}
	}
	if ($variant eq 'bad' && $who eq 'ben') {
		my $mid = index($out, "\n", int(length($out) / 2)) + 1;
		substr($out, $mid, 0) = "2024-05-01T10:00:00+02:00\tben\tthanks\tana\n";
	}
	chop $out if $variant eq 'torn' && $who eq 'ana';
	open(my $fh, '>', "$dir/$who.log") or die "$dir/$who.log: $!";
	print $fh $out;
	close($fh);
	chmod 0600, "$dir/$who.log";
}
EOF

# mkstore NAME SEED N RUNS VARIANT: a store of generated logs.
mkstore() {
	local s=$TEST_TMP/$1
	mkdir -p "$s/gratitude"
	chmod 700 "$s" "$s/gratitude"
	perl "$TEST_TMP/gen.pl" "$2" "$s/gratitude" "$3" "$4" "$5" ||
		echo "Bail out! gen.pl failed"
}

# same DESC ARG...: gratitude ARG... and HEARTH_SLOW=1 gratitude ARG...
# give the same stdout, stderr and status; DESC also says how many lines.
same() {
	local desc=$1 frc src
	shift
	"$g" "$@" >"$TEST_TMP/fast.out" 2>"$TEST_TMP/fast.err"
	frc=$?
	HEARTH_SLOW=1 "$g" "$@" >"$TEST_TMP/slow.out" 2>"$TEST_TMP/slow.err"
	src=$?
	desc="$desc ($(wc -l <"$TEST_TMP/slow.out") lines, status $src)"
	if [ "$frc" = "$src" ] && cmp -s "$TEST_TMP/fast.out" "$TEST_TMP/slow.out" &&
		cmp -s "$TEST_TMP/fast.err" "$TEST_TMP/slow.err"; then
		pass "$desc"
	else
		fail "$desc" "status $frc, full read $src
$(diff "$TEST_TMP/slow.out" "$TEST_TMP/fast.out" | head -n 5)
$(diff "$TEST_TMP/slow.err" "$TEST_TMP/fast.err" | head -n 5)"
	fi
}

# compare VARIANT: every fast path against the full read on one store.
compare() {
	local v=$1 now a
	for now in 2026-11-26T12:00:00+01:00 2027-02-28T10:00:00+01:00 \
		2028-02-29T10:00:00+01:00 2026-03-29T03:30:00+02:00 \
		2026-10-25T02:30:00+01:00 2027-01-01T00:00:00+01:00 \
		2026-12-31T23:59:59+01:00 2019-01-01T12:00:00+01:00; do
		HEARTH_NOW=$now same "$v: today at $now" today
	done
	HEARTH_NOW=2026-11-26T12:00:00+01:00 same "$v: today --json" today --json
	for a in "-n 1" "-n 3" "-n 10" "-n 100" "-n 20000" "-n 5 --by ben" \
		"-n 8 --to ana" "-n 6 --tag care" "-n 4 --tag home" \
		"-n 12 --since 2024-03-01 --until 2024-09-30" \
		"-n 3 --until 2019-06-01" "-n 50 --since 2026-11-20" \
		"-n 2 --since 2030-01-01" "-v -n 4" "--json -n 4" \
		"-n 7 --by cleo"; do
		# shellcheck disable=SC2086
		same "$v: list $a" list $a
	done
	for now in 2026-11-26T12:00:00+01:00 2026-07-01T00:30:00+02:00; do
		for a in 1 12 53 520; do
			HEARTH_NOW=$now same "$v: stats --weeks $a at $now" \
				stats --weeks "$a"
		done
	done
}

mkstore clean 11 1500 4 clean
export HEARTH_DIR=$TEST_TMP/clean
"$g" list >/dev/null	# builds the run cache, as any first read does
compare clean
for v in bad torn many; do
	mkstore "$v" 11 1500 4 "$v"
	HEARTH_DIR=$TEST_TMP/$v compare "$v"
done

# The run cache follows the logs: an append is scanned on its own, a
# malformed line appended or an edit in place (same size) is seen.
c=$TEST_TMP/clean/gratitude
HEARTH_DIR=$TEST_TMP/clean HEARTH_NOW=2026-11-26T13:00:00+01:00 \
	"$g" add 'one more, appended' </dev/null
HEARTH_DIR=$TEST_TMP/clean same "after an append: list -n 3" list -n 3
HEARTH_DIR=$TEST_TMP/clean same "after an append: today" today
printf '2026-11-26T14:00:00.000000+01:00\tana\tthanks\tben\tbad \\q escape\n' \
	>>"$c/ana.log"
HEARTH_DIR=$TEST_TMP/clean same "a malformed line appended: list -n 3" list -n 3
HEARTH_DIR=$TEST_TMP/clean same "a malformed line appended: stats" stats
sed -i '$d' "$c/ana.log"
HEARTH_DIR=$TEST_TMP/clean same "and taken out again: list -n 3" list -n 3
printf X | dd of="$c/ben.log" bs=1 conv=notrunc status=none
HEARTH_DIR=$TEST_TMP/clean same "an edit in place, same size: today" today
HEARTH_DIR=$TEST_TMP/clean same "an edit in place, same size: list -n 2000" \
	list -n 2000
printf 2 | dd of="$c/ben.log" bs=1 conv=notrunc status=none
HEARTH_DIR=$TEST_TMP/clean same "and edited back: stats --weeks 520" \
	stats --weeks 520

# ---- random ----

# In the clean store, every pick is an entry older than a week (by its
# time: before local midnight seven days ago), as the full read's are.
HEARTH_SLOW=1 "$g" list --until 2026-11-18 >"$TEST_TMP/old"
bad=0
differ=0
for s in $(seq 1 60); do
	f=$(HEARTH_SEED=$s "$g" random)
	grep -qxF -- "$f" "$TEST_TMP/old" || bad=$((bad + 1))
	[ "$f" = "$(HEARTH_SEED=$s HEARTH_SLOW=1 "$g" random)" ] ||
		differ=$((differ + 1))
done
is "$bad" 0 "random: 60 picks, each an entry older than a week"
# The full read draws another way: a seed that picks the same entry both
# ways every time would mean that the fast path was never taken.
t "random: the fast pick is not the full read's ($differ of 60 differ)" \
	test "$differ" -gt 30
is "$(HEARTH_SEED=9 "$g" random)" "$(HEARTH_SEED=9 "$g" random)" \
	"random: HEARTH_SEED gives the same pick again"

for v in bad torn many; do
	for s in 1 2 3; do
		HEARTH_DIR=$TEST_TMP/$v HEARTH_SEED=$s same \
			"$v: random with HEARTH_SEED=$s, read in full" random
	done
done

# Uniform whatever the lengths: six old entries of 10 to 3,500 bytes and
# two recent ones.  Picking by offset alone would give the longest most
# of the picks; the rejection evens them out.  The seeds are fixed, so
# the counts are too.
u=$TEST_TMP/uniform
mkdir -p "$u/gratitude"
chmod 700 "$u" "$u/gratitude"
i=0
for len in 10 50 200 800 2000 3500; do
	i=$((i + 1))
	printf '2026-0%d-01T10:00:00.000000+02:00\tana\tthanks\tben\t%s\n' \
		"$i" "$(head -c "$len" /dev/zero | tr '\0' "$i")"
done >"$u/gratitude/ana.log"
printf '2026-11-25T10:00:00.000000+01:00\tben\tthanks\tana\trecent %s\n' \
	one two >"$u/gratitude/ben.log"
chmod 600 "$u/gratitude/"*.log
draws=1200
[ "$HEARTH_SAN" = 1 ] && draws=300
for s in $(seq 1 "$draws"); do
	HEARTH_DIR=$u HEARTH_SEED=$s "$g" random | cut -c1-7
done | sort | uniq -c >"$TEST_TMP/counts"
chi=$(awk -v n="$draws" '{ e = n / 6; chi += ($1 - e) ^ 2 / e; k++ }
	END { printf "%.1f", k == 6 ? chi : 999 }' "$TEST_TMP/counts")
# 25.7 is chi-square's 0.9999 quantile for 5 degrees of freedom.
t "random: $draws picks spread evenly over entries of 10 to 3,500 bytes (chi-square $chi)" \
	awk -v c="$chi" 'BEGIN { exit !(c < 25.7) }'
note "$(tr -s ' ' <"$TEST_TMP/counts")"

# Only recent entries: any of them, as the full read picks.
HEARTH_NOW=2026-06-02T12:00:00+02:00 HEARTH_DIR=$u HEARTH_SLOW=1 "$g" list \
	>"$TEST_TMP/all"
bad=0
for s in 1 2 3 4 5 6 7 8; do
	f=$(HEARTH_NOW=2026-06-02T12:00:00+02:00 HEARTH_DIR=$u HEARTH_SEED=$s \
		"$g" random)
	grep -qxF -- "$f" "$TEST_TMP/all" || bad=$((bad + 1))
done
is "$bad" 0 "random: with no entry older than a week, any entry"

# ---- what the fast paths read ----

# bytes_read ARG...: the bytes gratitude ARG... reads with read and pread.
bytes_read() {
	strace -qq -e trace=read,pread64 -o "$TEST_TMP/trace" "$g" "$@" \
		>/dev/null 2>&1
	awk '/= [0-9]+$/ { n += $NF } END { print n + 0 }' "$TEST_TMP/trace"
}

if command -v strace >/dev/null 2>&1 && strace -qq -o /dev/null true 2>/dev/null; then
	mkstore big 12 20000 2 clean
	export HEARTH_DIR=$TEST_TMP/big
	"$g" list >/dev/null	# the run cache
	size=$(cat "$HEARTH_DIR/gratitude/"*.log | wc -c)
	for a in "today" "list -n 10" "random" "stats --weeks 2"; do
		# shellcheck disable=SC2086
		n=$(bytes_read $a)
		t "$a reads $n of the logs' $size bytes (under a tenth)" \
			test "$n" -lt $((size / 10))
	done
	n=$(HEARTH_SLOW=1 bytes_read today)
	t "HEARTH_SLOW=1 today reads them all ($n bytes)" test "$n" -ge "$size"
else
	skip "what the fast paths read" "strace does not work here"
fi

done_testing
