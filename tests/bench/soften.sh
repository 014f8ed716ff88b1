#!/usr/bin/env bash
# tests/bench/soften.sh: how well soften tells harsh words from gentle
# ones, and how fast it reads (run by run.sh, `make bench`; runs alone
# too).
#
# Quality: each labelled corpus of tests/soften (tune.txt, the part the
# rules were tuned on, and heldout.txt, written before them and never
# tuned on) is read by soften a sentence a line; a sentence is harsh when
# soften finds anything in it, and its category is that of its most
# serious finding (contempt, then defensiveness, stonewalling,
# criticism).  Printed for each part: precision and recall of "harsh or
# not", the share of the harsh sentences found whose category is right,
# precision and recall for each category, and the same for the hard
# cases alone.  The held-out part has targets: precision >= 0.9, recall
# >= 0.8, right category >= 0.8.
#
# A corpus from elsewhere: SOFTEN_CORPUS=FILE.  A labelled one (LABEL TAB
# sentence, as tests/soften/README says) is measured as above, without
# targets; any other is read as one sentence (or message) a paragraph,
# with blank lines between, and soften's verdict on each is written, one
# a line in the same order (LABEL, or "gentle"), to SOFTEN_VERDICTS
# (default: stdout).  SOFTEN_LABELS=FILE, one label a line in the order of
# the paragraphs, measures those verdicts against it.
#
# Speed: soften on a text of BENCH_SOFTEN_MB (default 10) MB made of the
# corpora's sentences (about one harsh sentence in eight, in paragraphs
# of wrapped lines), side by side (hyperfine -N) with grep -c -E and an
# alternation of every rule's phrases (the patterns of common/rules, their
# classes spelt out) on the same file: target ratio <= 3.  Peak memory
# (ru_maxrss) on that text and on one line of the same size without a
# newline: target < 4 MiB, whatever the length of a line.
#
# Prints one line per figure and "soften bench: N passed, N failed"; with
# BENCH_COUNTS set, writes "PASSED FAILED" to that file instead.  Exits 1
# when a target is missed, 69 when a needed program is missing.
#
# Environment: SOFTEN (the tool, default bin/soften), CC (default cc),
# BENCH_SOFTEN_MB, BENCH_RUNS_SCALE, SOFTEN_BENCH (quality or speed: that
# part alone), SOFTEN_SHOW (a part's name, tune or heldout: print its
# sentences that soften got wrong), SOFTEN_CORPUS, SOFTEN_VERDICTS,
# SOFTEN_LABELS, TMPDIR.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
S=${SOFTEN:-$root/bin/soften}
CC=${CC:-cc}
MB=${BENCH_SOFTEN_MB:-10}
SCALE=${BENCH_RUNS_SCALE:-1}
PART=${SOFTEN_BENCH:-all}
MEM_LIMIT=4096			# KiB
RATIO=3.0

for p in hyperfine mawk grep "$CC"; do
	if ! command -v "$p" >/dev/null 2>&1; then
		echo "bench: $p is needed" >&2
		exit 69
	fi
done
if [[ ! -x $S ]]; then
	echo "bench: $S is missing; run make first" >&2
	exit 66
fi
S=$(cd "$(dirname "$S")" && pwd)/$(basename "$S")

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hearth-bench-soften.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# No store: the built-in rules alone.
export HEARTH_DIR=$tmp/nostore NO_COLOR=1 LC_ALL=C.UTF-8

passed=0
failed=0

# verdict, runs, q, measure, compare, ms, mem
# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"

# split FILE NAME: a labelled corpus into $tmp/NAME.txt (a sentence a
# line) and $tmp/NAME.lab (LABEL HARD a line).
split_labelled() {
	mawk -F'\t' -v txt="$tmp/$2.txt" -v lab="$tmp/$2.lab" '
	/^#: hard/ { hard = 1; next }
	/^#: plain/ { hard = 0; next }
	/^#/ || /^[ \t]*$/ { next }
	{ print $2 >txt; print $1, hard + 0 >lab }' "$1"
}

# verdicts NAME: soften on $tmp/NAME.txt, then the verdict of each line,
# one a line: gentle or the category of its most serious finding.
verdicts() {
	local n
	n=$(wc -l <"$tmp/$1.txt")
	"$S" "$tmp/$1.txt" >"$tmp/$1.out" || [[ $? == 1 ]]
	mawk -F: -v n="$n" '
	BEGIN { rank["criticism"] = 1; rank["stonewalling"] = 2
		rank["defensiveness"] = 3; rank["contempt"] = 4 }
	{ c = substr($4, 2); if (rank[c] > rank[v[$2 + 0]]) v[$2 + 0] = c }
	END { for (i = 1; i <= n; i++) print (i in v) ? v[i] : "gentle" }' \
	    "$tmp/$1.out"
}

# score NAME TITLE TARGETS: the figures of verdicts against labels
# ($tmp/NAME.lab); with TARGETS 1, the held-out targets are verdicts.
score() {
	verdicts "$1" >"$tmp/$1.ver"
	paste -d' ' "$tmp/$1.lab" "$tmp/$1.ver" >"$tmp/$1.cmp"
	mawk -v title="$2" -f - "$tmp/$1.cmp" >"$tmp/$1.score" <<'EOF'
function r(a, b) { return b ? sprintf("%.2f", a / b) : "-" }
function figures(tp, fp, fn, right, pre) {
	printf "%sharsh or not: precision %s, recall %s; right category %s of the harsh found (%d of %d)\n",
	    pre, r(tp, tp + fp), r(tp, tp + fn), r(right, tp), right, tp
}
{
	lab = $1; hard = $2; got = $3; n++; nh += hard
	if (lab != "gentle") { harsh++; all[lab]++ }
	if (got != "gentle") said[got]++
	if (got == lab && lab != "gentle") ok[lab]++
	k = (lab != "gentle") (got != "gentle")
	if (k == "11") { tp++; right += got == lab; if (hard) { htp++; hright += got == lab } }
	if (k == "01") { fp++; if (hard) hfp++ }
	if (k == "10") { fn++; if (hard) hfn++ }
}
END {
	printf "%s: %d sentences, %d harsh, %d hard cases\n", title, n, harsh, nh
	figures(tp, fp, fn, right, "  ")
	split("criticism contempt defensiveness stonewalling", cats)
	for (i = 1; i <= 4; i++)
		printf "  %-14s precision %s, recall %s (%d labelled, %d found)\n",
		    cats[i] ":", r(ok[cats[i]], said[cats[i]]), r(ok[cats[i]], all[cats[i]]),
		    all[cats[i]], said[cats[i]]
	figures(htp, hfp, hfn, hright, "  hard cases: ")
	printf "SCORE %s %s %s\n", tp + fp ? tp / (tp + fp) : 0, tp + fn ? tp / (tp + fn) : 0, tp ? right / tp : 0
}
EOF
	grep -v '^SCORE' "$tmp/$1.score"
	if [[ ${SOFTEN_SHOW:-} == "$1" ]]; then
		paste "$tmp/$1.cmp" "$tmp/$1.txt" |
		    mawk '{ split($0, a, "\t"); split(a[1], w, " ") }
		    w[1] != w[3] { print "  wrong: " w[1] " as " w[3] ": " a[2] }'
	fi
	if [[ $3 == 1 ]]; then
		read -r _ p rc c < <(grep '^SCORE' "$tmp/$1.score")
		verdict "$(mawk -v p="$p" -v r="$rc" -v c="$c" \
		    'BEGIN { print (p >= 0.9 && r >= 0.8 && c >= 0.8) ? 1 : 0 }')" \
		    "$2: precision, recall, category $(printf '%.2f %.2f %.2f' "$p" "$rc" "$c") (targets 0.90 0.80 0.80)"
	fi
}

# An outside corpus: labelled, or a sentence a paragraph.
outside() {
	local f=$SOFTEN_CORPUS
	if mawk -F'\t' '/^#/ || /^[ \t]*$/ { next }
	    $1 !~ /^(gentle|criticism|contempt|defensiveness|stonewalling)$/ || NF < 2 { bad = 1; exit }
	    END { exit bad }' "$f"; then
		split_labelled "$f" outside
		score outside "$f" 0
		return
	fi
	mawk 'BEGIN { RS = "" } { gsub(/[ \t]*\n[ \t]*/, " "); print }' "$f" \
	    >"$tmp/outside.txt"
	verdicts outside >"$tmp/outside.ver"
	if [[ -n ${SOFTEN_LABELS:-} ]]; then
		mawk '{ print $1, 0 }' "$SOFTEN_LABELS" >"$tmp/outside.lab"
		if [[ $(wc -l <"$tmp/outside.lab") != $(wc -l <"$tmp/outside.ver") ]]; then
			echo "bench: $SOFTEN_LABELS has $(wc -l <"$tmp/outside.lab") labels for $(wc -l <"$tmp/outside.ver") paragraphs" >&2
			exit 65
		fi
		score outside "$f" 0
	fi
	if [[ -n ${SOFTEN_VERDICTS:-} ]]; then
		cp "$tmp/outside.ver" "$SOFTEN_VERDICTS"
	else
		cat "$tmp/outside.ver"
	fi
	sort "$tmp/outside.ver" | uniq -c | mawk '{ printf "%s %s, ", $2, $1 }
	    END { print "" }' | sed 's/, $//; s/^/verdicts: /' >&2
}

# --- quality ------------------------------------------------------------
quality() {
	split_labelled "$root/tests/soften/tune.txt" tune
	split_labelled "$root/tests/soften/heldout.txt" heldout
	score tune "tune (tuned on)" 0
	score heldout "held-out" 1
}

# --- speed --------------------------------------------------------------
# The grep baseline: the phrases of every match pattern of the rules, as
# one alternation for grep -E.  Groups, sets and classes are spelt out (at
# most 40 phrases a pattern, 8 words a class); what is optional, a gap, a
# wildcard, ^, $ and commas are left out.
rules_phrases() {
	mawk -v LIMIT=40 '
	function groups(s,   o, c, body, n, alts, i, rest) {
		o = index(s, "(")
		if (o == 0) { lines[++nl] = s; return }
		c = index(s, ")")
		body = substr(s, o + 1, c - o - 1); rest = substr(s, c + 1)
		sub(/^\?/, "", rest)
		n = split(body, alts, / \| /)
		for (i = 1; i <= n; i++) groups(substr(s, 1, o - 1) " " alts[i] " " rest)
	}
	function expand(pre, k,   i, n, alts, a, m, cw, j) {
		if (nout > LIMIT) return
		if (k > ne) { sub(/ $/, "", pre); if (pre != "") out[++nout] = pre; return }
		x = el[k]
		if (x == "^" || x == "$" || x ~ /^,/ || x ~ /\?$/ || x ~ /^\.\./ || x ~ /_/ || x ~ /^!/) {
			expand(pre, k + 1); return
		}
		n = split(x, alts, "|")
		for (i = 1; i <= n; i++) {
			a = alts[i]; gsub(/"/, "", a)
			if (a ~ /^@/) {
				m = split(cls[substr(a, 2)], cw, "|")
				for (j = 1; j <= m && j <= 8; j++) expand(pre cw[j] " ", k + 1)
			} else {
				sub(/\*$/, "", a); expand(pre a " ", k + 1)
			}
		}
	}
	FNR == 1 { stanza = "" }
	$1 == "class" { stanza = "class"; name = $2; next }
	$1 == "rule" { stanza = "rule"; next }
	stanza == "class" && ($1 == "words" || $1 == "word") {
		for (i = 2; i <= ($1 == "word" ? 2 : NF); i++) {
			w = $i; sub(/\*$/, "", w)
			cls[name] = (name in cls) ? cls[name] "|" w : w
		}
	}
	stanza == "rule" && $1 == "match" {
		sub(/^[ \t]*match[ \t]+/, ""); nl = 0; groups($0)
		for (g = 1; g <= nl; g++) {
			ne = split(lines[g], el, /[ \t]+/); nout = 0
			if (el[1] == "") { for (q = 1; q < ne; q++) el[q] = el[q + 1]; ne-- }
			expand("", 1)
			for (i = 1; i <= nout; i++) if (out[i] != "") phr[out[i]] = 1
		}
	}
	END { for (p in phr) o = o (o == "" ? "" : "|") p; print o }
	' "$root"/common/rules/*.rules
}

speed() {
	local text=$tmp/text.txt line=$tmp/line.txt ere n_s n_g bytes
	"$CC" -O2 -o "$tmp/peakrss" "$here/peakrss.c"
	peakrss=$tmp/peakrss
	# About one harsh sentence in eight: seven gentle, then one of the
	# others, six sentences a paragraph, lines wrapped at 72 columns.
	cat "$root/tests/soften/tune.txt" "$root/tests/soften/heldout.txt" |
	    mawk -F'\t' -v want="$((MB * 1000000))" '
	    /^#/ || NF < 2 { next }
	    $1 == "gentle" { g[ng++] = $2; next }
	    { h[nh++] = $2 }
	    END {
		while (size < want) {
			s = (k % 8 == 7) ? h[int(k / 8) % nh] : g[k % ng]; k++
			if (col + length(s) > 72 && col > 0) { printf "\n"; size++; col = 0 }
			printf "%s%s", col ? " " : "", s; size += length(s) + 1; col += length(s) + 1
			if (k % 6 == 0) { printf "\n\n"; size += 2; col = 0 }
		}
		printf "\n"
	    }' >"$text"
	tr '\n' ' ' <"$text" >"$line"
	bytes=$(wc -c <"$text")
	ere=$tmp/phrases.ere
	rules_phrases >"$ere"	# one line: too long for an argument
	# hyperfine wants status 0; both exit 1 when they find nothing or
	# something, so both run through the same small wrapper.
	printf '#!/bin/sh\n"$@"\n[ $? -le 1 ]\n' >"$tmp/st01"
	chmod +x "$tmp/st01"
	echo "soften text: $((bytes / 1000000)) MB, $(wc -l <"$text") lines; grep -E alternation of $(tr '|' '\n' <"$ere" | wc -l) phrases ($(wc -c <"$ere") bytes, read with -f)"
	compare "soften vs grep -c -E" "$(runs 10)" "$RATIO" \
	    "$(q "$tmp/st01" "$S" "$text")" \
	    "$(q "$tmp/st01" grep -c -E -f "$ere" "$text")"
	n_s=$("$S" "$text" | wc -l || true)
	n_g=$(grep -c -E -f "$ere" "$text" || true)
	echo "findings: soften $n_s, grep $n_g matching lines (no target: grep sees phrases, soften sentences)"
	mem "soften ($MB MB text)" "1" "$S" "$text"
	mem "soften (one line of $MB MB)" "1" "$S" "$line"
}

if [[ -n ${SOFTEN_CORPUS:-} ]]; then
	outside
	exit 0
fi
[[ $PART == speed ]] || quality
[[ $PART == quality ]] || speed

if [[ -n ${BENCH_COUNTS:-} ]]; then
	echo "$passed $failed" >"$BENCH_COUNTS"
else
	echo "soften bench: $passed passed, $failed failed"
fi
[[ $failed -eq 0 ]]
