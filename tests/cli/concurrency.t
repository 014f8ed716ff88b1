#!/usr/bin/env bash
#
# concurrency: 8 writers adding at once (two authors) while a ninth process
# removes entries one by one (each rm rewrites ana's log and renames it
# over the old one).  Every acknowledged add must be listed exactly once,
# nothing else may appear, no line may be torn, and every victim is gone.
#
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

G=$BIN/gratitude
P=8
N=500
if [ "$HEARTH_SAN" = 1 ]; then
	N=100
fi
VICTIMS=50
W=$TEST_TMP/work
mkdir -p "$W"

plan 10
note "$P writers x $N adds, authors ana and ben alternating, and one rm loop on $VICTIMS entries"
[ "$HEARTH_SAN" = 0 ] || note "sanitizer build ($BIN): 8 x 100 adds instead of 8 x 500"

# Entries that exist before the race: some to keep, some to remove.
{
	for i in $(seq 1 20); do echo "keep-ana-$i"; done
	for i in $(seq 1 "$VICTIMS"); do echo "victim-$i"; done
} | HEARTH_AUTHOR=ana "$G" add
pre_a=$?
for i in $(seq 1 20); do echo "keep-ben-$i"; done | HEARTH_AUTHOR=ben "$G" add
pre_b=$?
"$G" list -v --by ana | awk -F '\t' '$4 ~ /^victim-[0-9]+$/ { print $1 }' \
	>"$W/victims"
[ "$pre_a" -eq 0 ] && [ "$pre_b" -eq 0 ] &&
	[ "$(wc -l <"$W/victims")" -eq "$VICTIMS" ]
ok "set-up: 40 entries to keep and $VICTIMS victims stored, victims' ids known"

# The race.  Every process waits for $W/go so that they start together.
writer() {
	local p=$1 a=ben i rc
	[ $((p % 2)) -eq 0 ] && a=ana
	while [ ! -e "$W/go" ]; do sleep 0.01; done
	for ((i = 1; i <= N; i++)); do
		HEARTH_AUTHOR=$a "$G" add "w$p-$i" 2>>"$W/err.$p"
		rc=$?
		if [ "$rc" -eq 0 ]; then
			echo "w$p-$i" >>"$W/ack.$p"
		else
			echo "w$p-$i $rc" >>"$W/nack.$p"
		fi
	done
}

remover() {
	local id rc
	while [ ! -e "$W/go" ]; do sleep 0.01; done
	while read -r id; do
		sleep 0.02
		HEARTH_AUTHOR=ana "$G" rm "$id" 2>>"$W/err.rm"
		rc=$?
		echo "$id $rc" >>"$W/rm.status"
	done <"$W/victims"
}

start=$SECONDS
pids=()
for ((p = 1; p <= P; p++)); do
	writer "$p" &
	pids+=($!)
done
remover &
pids+=($!)
touch "$W/go"
wait "${pids[@]}"
note "race took $((SECONDS - start)) s"

# ---- readers during appends ----

# Records of 3 KB mostly span a page boundary, so that a reader that can
# see half a write(2) would see it here.  A reader holds no lock: it must
# see a concurrent append whole or not at all, and warn of nothing.
big=$(printf '%3000s' '' | tr ' ' x)
N2=1000
[ "$HEARTH_SAN" = 0 ] || N2=300
bigwriter() {
	local a=$1 i
	for ((i = 1; i <= N2; i++)); do
		if HEARTH_AUTHOR=$a "$G" add "big-$a-$i $big" 2>>"$W/err.big"; then
			echo "big-$a-$i $big" >>"$W/ack.big-$a"
		else
			echo "big-$a-$i $?" >>"$W/nack.big-$a"
		fi
	done
}
# The reader lists the last 2 seconds (found by binary search, so it reads
# little more than the tail, where a torn record would be), and the whole
# store every tenth time.
reader() {
	local n=0 rc since
	while [ ! -e "$W/stop" ]; do
		if [ $((n % 10)) -eq 0 ]; then
			"$G" list >/dev/null 2>"$W/reader.err"
		else
			printf -v since '%(%Y-%m-%dT%H:%M:%S%z)T' $((EPOCHSECONDS - 2))
			since=${since:0:22}:${since:22}
			"$G" list --since "$since" >/dev/null 2>"$W/reader.err"
		fi
		rc=$?
		if [ "$rc" -ne 0 ] || [ -s "$W/reader.err" ]; then
			{ echo "exit $rc"; cat "$W/reader.err"; } >>"$W/reader.bad"
		fi
		n=$((n + 1))
	done
	echo "$n" >"$W/reader.n"
}
start=$SECONDS
reader &
rpid=$!
bigwriter ana &
b1=$!
bigwriter ben &
b2=$!
wait "$b1" "$b2"
touch "$W/stop"
wait "$rpid"
note "2 writers x $N2 adds of 3 KB while a reader listed $(cat "$W/reader.n") times: $((SECONDS - start)) s"
is "$(head -10 "$W/reader.bad" 2>/dev/null)" "" \
	"readers during appends never see a torn record (exit 0, no warning)"

cat "$W"/ack.* 2>/dev/null | sort >"$W/acked"
cat "$W"/nack.* 2>/dev/null >"$W/nacked"
nack=$(wc -l <"$W/nacked")
note "$(wc -l <"$W/acked") adds acknowledged, $nack refused"

# An add may only be refused by a lock timeout (75); any other failure
# is a bug.
bad=$(awk '$2 != 75' "$W/nacked")
is "$bad" "" "no add failed other than by a lock timeout" ||
	diag "$(cat "$W"/err.[0-9]* 2>/dev/null | sort | uniq -c | head -20)"

"$G" list >"$W/list" 2>"$W/list.err"
rc=$?
is "$rc:$(cat "$W/list.err")" "0:" "list exits 0 and reports nothing on stderr"

# What the store must hold: the kept entries and every acknowledged add.
{
	for i in $(seq 1 20); do echo "keep-ana-$i"; echo "keep-ben-$i"; done
	cat "$W/acked"
} | sort >"$W/want"
cut -f 3 "$W/list" | sort >"$W/got"
missing=$(comm -23 "$W/want" "$W/got" | uniq)
extra=$(comm -13 "$W/want" "$W/got" | uniq)
if [ -z "$missing" ] && [ -z "$extra" ]; then
	pass "every acknowledged entry is listed, and nothing else"
else
	fail "every acknowledged entry is listed, and nothing else" \
		"missing ($(echo "$missing" | grep -c .)): $(echo "$missing" | head -10 | cut -c 1-40 | tr '\n' ' ')
extra ($(echo "$extra" | grep -c .)): $(echo "$extra" | head -10 | cut -c 1-40 | tr '\n' ' ')"
fi

dups=$(uniq -d "$W/got")
is "$dups" "" "no entry is listed twice"

torn=""
for f in "$gdir"/*.log; do
	if ! r=$(fields_ok "$f"); then
		torn+="${f##*/}: lines $(echo "$r" | head -10 | tr '\n' ' ')"$'\n'
	fi
done
is "$torn" "" "every line of every log has 5 TAB-separated fields and ends with LF"

leftover=$(find "$gdir" -mindepth 1 ! -name '*.log' ! -name .lock)
is "$leftover" "" "no torn tail, temp file or other debris in the store"

rmbad=$(awk '$2 != 0' "$W/rm.status")
is "$(wc -l <"$W/rm.status"):$rmbad" "$VICTIMS:" "every rm exited 0" ||
	diag "$(head -10 "$W/err.rm")"

victims_left=$(grep -c '	victim-' "$W/list")
is "$victims_left" "0" "every victim is gone"
