#!/usr/bin/perl
# gen.pl SEED DIR: write a hostile store into DIR, as a partner's machine
# (or a broken editor, or a bad merge) could leave it.
#
# Every record kind of every tool, for both authors, with fields drawn
# from valid values and from hostile ones: control bytes and escape
# sequences, C1 controls, bidirectional overrides, escaped newlines,
# invalid UTF-8, NUL bytes, extreme times and offsets, huge counts and
# durations, overlong lines, unknown kinds, wrong field counts, records
# out of time order (many runs), byte-identical duplicates, undos of
# real and made-up ids, retired and redefined rituals, and decks with
# hostile titles, notes and prompts.  The same SEED gives the same store.
use strict;
use warnings;
use Digest::SHA qw(sha1_hex);

my ($seed, $dir) = @ARGV;
die "usage: gen.pl SEED DIR\n" unless defined $dir;
srand($seed);

sub pick { return $_[int(rand(@_))]; }

my @hostile = (
	"\e]52;c;aGVsbG8=\a",		# OSC 52: write the clipboard
	"\e[2J\e[H",			# clear the screen
	"\e]0;title\a",			# set the window title
	"\xc2\x9b31m",			# C1 CSI
	"\xc2\x85",			# C1 NEL
	"\xe2\x80\xae",			# RIGHT-TO-LEFT OVERRIDE
	"\xe2\x81\xa6",			# LEFT-TO-RIGHT ISOLATE
	"\\n\tforged line",		# an escaped newline, then a raw TAB
	"\\nforged: line",		# an escaped newline
	"\x07\x08\x7f",			# BEL, BS, DEL
	"\x01\x02\x1f",
	"\\\\e[31m",			# a literal backslash-e
	"caf\xc3\xa9 \xce\xa9 \xd0\x96 \xf0\x9f\x92\x9b",	# fine UTF-8
);
my @bad = (
	"\xff\xfe",			# invalid UTF-8
	"\xc0\xaf",			# overlong
	"\xed\xa0\x80",			# a surrogate
	"a\x00b",			# NUL
	"\r",				# raw CR
	"\\q",				# an unknown escape
	"\\",				# a lone backslash
);

sub text {
	my $r = rand();
	return "" if $r < 0.05;
	return pick("walk", "Evening walk", "EVENING WALK", "tea", "Tea",
	    "\xc3\x89t\xc3\xa9", "\xc3\xa9t\xc3\xa9", "\xc4\xb0stanbul",
	    "we laughed", "#tag #Tag") if $r < 0.45;
	my $t = pick("a ", "") . pick(@hostile) . pick(" b", "");
	$t .= pick(@bad) if rand() < 0.08;
	$t .= "x" x int(rand(5000)) if rand() < 0.02;
	return $t;
}

sub ts {
	my $r = rand();
	return pick("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999+14:00",
	    "1969-12-31T23:59:59-12:00", "2026-02-29T10:00:00Z",
	    "2026-13-01T00:00:00Z", "2026-11-26T24:00:00Z", "nonsense",
	    "2026-11-26T20:00:00+99:00", "99999-01-01T00:00:00Z") if $r < 0.05;
	my $y = $r < 0.9 ? 2020 + int(rand(7)) : int(rand(10000));
	return sprintf("%04d-%02d-%02dT%02d:%02d:%02d.%06d%s", $y,
	    1 + int(rand(12)), 1 + int(rand(28)), int(rand(24)), int(rand(60)),
	    int(rand(60)), int(rand(1000000)),
	    pick("Z", "+01:00", "-05:30", "+14:00", "+00:00"));
}

sub hex_id { my $n = shift; return join("", map { pick(0..9, 'a'..'f') } 1..$n); }

sub day {
	return pick("2026-11-26", "2026-02-30", "1969-12-31", "9999-12-31",
	    "0000-01-01", "today", "") if rand() < 0.15;
	return sprintf("%04d-%02d-%02d", 2020 + int(rand(8)), 1 + int(rand(12)),
	    1 + int(rand(28)));
}

my %seen;	# author -> tool -> lines, for undos of real ids

sub record {
	my ($author, @f) = @_;
	return join("\t", ts(), $author, @f);
}

sub ask_rec {
	my $a = shift;
	my $k = pick("shown", "star", "skip", "answer", "answer", "edit",
	    "unanswer", "bogus");
	my $id = rand() < 0.9 ? hex_id(16) : pick(hex_id(15), "zzzz", "");
	return record($a, $k, $id, text()) if $k eq "answer" || $k eq "edit";
	return record($a, $k, $id) if $k eq "unanswer";
	return record($a, $k, $id, pick("talk", "touch", "-", text()), text());
}

sub gratitude_rec {
	my $a = shift;
	return record($a, pick(("thanks") x 9, "thank"),
	    pick("ben", "ana", "", text()), text());
}

sub listen_rec {
	my $a = shift;
	my @ph;
	for (1 .. int(rand(4))) {
		push @ph, join(":", pick("speak", "reflect", "dance"),
		    pick("ana", "ben", text()), pick("ben", "ana"),
		    pick("180.000", "0.000", "inf", "nan", "-5.000",
		    "1" . ("0" x 300) . ".000", "1e999", "x"),
		    pick("175.250", "0.000", "1e308", "-1", "99999999999.999"));
	}
	return record($a, "session", pick("finished", "ended", text()),
	    text(), join(pick(" ", "  ", ":"), @ph));
}

my @names = ("walk", "Walk", "Evening walk", "tea", "\xc3\x89t\xc3\xa9",
    "\xc3\xa9t\xc3\xa9", "\xc4\xb0", "i", "a\e[2Jb", "x\xe2\x80\xaey",
    "l\\nforged");

sub ritual_rec {
	my ($a, $lines) = @_;
	my $k = pick("define", "define", "done", "done", "done", "skip",
	    "undo", "retire", "suggested", "unknown");
	my $n = pick(@names);
	return record($a, "define", $n, pick("day", "week", "month",
	    "month:31", "month:0", "mon,wed,fri", "sun", "3d", "2w", "0d",
	    "after:10d", "after:0d", "every day", text()), text())
	    if $k eq "define";
	return record($a, $k, $n, day(), text()) if $k eq "done" || $k eq "skip";
	if ($k eq "undo") {
		my $id = @$lines && rand() < 0.7 ?
		    sha1_hex($lines->[int(rand(@$lines))]) : hex_id(40);
		return record($a, "undo", $n, $id);
	}
	return record($a, "retire", $n) if $k eq "retire";
	return record($a, "suggested", hex_id(16), text()) if $k eq "suggested";
	return record($a, $k, $n);
}

sub junk {
	return pick("", "#comment", "not a record", "\t\t\t",
	    ts() . "\tana", ts() . "\tBAD NAME\tthanks\tben\tx",
	    ts() . "\tcleo\tthanks\tben\tx",
	    "<<<<<<< HEAD", "=======", ">>>>>>> theirs",
	    "x" x (4000 + int(rand(200000))),
	    join("\t", ts(), "ana", "thanks", ("f") x 20),
	    "\x00\x00\x00", "\xff" x 10);
}

my %gen = (
	ask => \&ask_rec, gratitude => \&gratitude_rec,
	listen => \&listen_rec, ritual => \&ritual_rec,
);

umask 077;
mkdir $dir;
for my $tool (sort keys %gen) {
	mkdir "$dir/$tool";
	for my $author ("ana", "ben") {
		my @lines;
		my $n = pick(0, 1, 5, 40, 200, 1000);
		for (1 .. $n) {
			my $l = rand() < 0.1 ? junk() :
			    $gen{$tool}->($author, \@lines);
			push @lines, $l;
			push @lines, $l if rand() < 0.03;	# an identical copy
		}
		# Sorted, mostly: a partly ordered log has a few runs, a
		# shuffled one has many.
		@lines = sort @lines if rand() < 0.5;
		open(my $fh, ">:raw", "$dir/$tool/$author.log") or die "$!";
		print $fh map { "$_\n" } @lines;
		print $fh "2026-11-26T20:00:00+01:00\t$author\tthan"
		    if rand() < 0.2;	# a torn tail
		close $fh;
	}
}
mkdir "$dir/decks";
for my $i (1 .. pick(0, 1, 3)) {
	my $name = pick("ours", "bad-one", "talk", "x$i");
	open(my $fh, ">:raw", "$dir/decks/$name.deck") or die "$!";
	print $fh "title: " . text() . "\n" if rand() < 0.9;
	print $fh "about: " . text() . "\n" if rand() < 0.7;
	print $fh "kind: " . pick("questions", "ideas", "bogus") . "\n";
	for (1 .. int(rand(30))) {
		print $fh pick("1 ", "2 ", "3 ", "4 ", "", "# ") . text() .
		    "\n";
	}
	close $fh;
}
