#!/usr/bin/env bash
# hostile: stores a partner's machine (or a broken editor, or a bad merge)
# could leave, made by tests/hostile/gen.pl from fixed seeds, read by every
# read command of every tool.  Each run must end by itself (no hang, no
# signal, no sanitizer report), print no raw control byte, escape
# sequence, C1 control, bidirectional override or invalid UTF-8, on
# stdout or stderr, in a pipe or on a terminal, and change no file.
#
# HEARTH_HOSTILE_SEEDS sets how many stores (make fuzz runs many more).
. tests/cli/lib.sh

export TZ=Europe/Berlin HEARTH_NOW=2026-11-26T20:00:00+01:00 HEARTH_SEED=7
seeds=${HEARTH_HOSTILE_SEEDS:-4}

cmds=(
	"gratitude list" "gratitude list --json" "gratitude list -v"
	"gratitude list -n 3" "gratitude list --since 2020-01-01 --until 2030-01-01"
	"gratitude list --to ben --tag tag" "gratitude grep a"
	"gratitude grep -E w.*k" "gratitude grep -i --json TEA"
	"gratitude random" "gratitude random --json" "gratitude today"
	"gratitude stats" "gratitude stats --weeks 520"
	"ask --history" "ask --history --json" "ask --starred"
	"ask --starred --json" "ask answers" "ask answers --json"
	"ask --list" "ask --list --json" "ask --about ours" "ask -x"
	"ask inbox" "ask inbox --json" "ask answers --all"
	"ask answers --all --json"
	"ask -x -n 5 -c ours" "ask -x -m a"
	"ritual list" "ritual list --all" "ritual list --all --json"
	"ritual due" "ritual due --days 30" "ritual streak" "ritual cal"
	"ritual cal --weeks 260" "ritual streak walk" "ritual cal tea"
	"listen-timer log" "listen-timer log --json" "hearth" "hearth doctor"
)

# The state of every file under $1: name, mode, size and bytes.
snapshot() {
	find "$1" -type f -printf '%p %m %s\n' | sort
	find "$1" -type f -print0 | sort -z | xargs -0 -r sha1sum
}

# What is wrong with the bytes of $1 ("" when nothing): a raw control
# byte (TAB and LF allowed, and CR with $2 set, as a terminal adds it),
# DEL, a C1 control, a bidirectional override or isolate, invalid UTF-8,
# or a sanitizer's report.
badness() {
	perl -e '
		local $/; open(my $f, "<:raw", $ARGV[0]) or exit 0;
		my $s = <$f>; my $cr = $ARGV[1];
		if ($s =~ /(AddressSanitizer|runtime error:|LeakSanitizer)/) {
			print "sanitizer: $1"; exit 0;
		}
		my $ctl = $cr ? qr/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/ :
		    qr/[\x00-\x08\x0b-\x1f\x7f]/;
		if ($s =~ /($ctl)/) { printf "raw byte 0x%02x", ord($1); exit 0 }
		if ($s =~ /\xc2([\x80-\x9f])/) {
			printf "C1 control U+%04X", ord($1); exit 0;
		}
		if ($s =~ /(\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9])/) {
			print "bidirectional control"; exit 0;
		}
		my $c = $s;
		print "invalid UTF-8" unless utf8::decode($c);
	' "$1" "${2:-}"
}

for seed in $(seq 1 "$seeds"); do
	s=$TEST_TMP/store$seed
	perl tests/hostile/gen.pl "$seed" "$s"
	export HEARTH_DIR=$s
	snapshot "$s" >"$TEST_TMP/before"
	for cmd in "${cmds[@]}"; do
		# shellcheck disable=SC2086
		set -- $cmd
		tool=$1
		shift
		timeout 20 "$BIN/$tool" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" </dev/null
		rc=$?
		why=""
		if [ "$rc" -ge 124 ]; then
			why="exit $rc (a hang or a signal)"
		else
			why=$(badness "$TEST_TMP/out")
			[ -z "$why" ] && why=$(badness "$TEST_TMP/err")
			[ -n "$why" ] && why="in a pipe: $why"
		fi
		if [ -z "$why" ]; then
			timeout 20 script -qec "$BIN/$tool $*" /dev/null \
				>"$TEST_TMP/tty" 2>&1 </dev/null
			rc=$?
			if [ "$rc" -ge 124 ]; then
				why="on a terminal: exit $rc"
			else
				why=$(badness "$TEST_TMP/tty" cr)
				[ -n "$why" ] && why="on a terminal: $why"
			fi
		fi
		if [ -z "$why" ]; then
			pass "store $seed: $tool $*"
		else
			fail "store $seed: $tool $*" "$why"
			diag "$(head -c 600 "$TEST_TMP/err")"
		fi
	done
	snapshot "$s" >"$TEST_TMP/after"
	t "store $seed: no read command changed a file" \
		same_file "$TEST_TMP/before" "$TEST_TMP/after"
done
done_testing
