#!/bin/sh
# embed.sh DECK...: write C that holds the decks' text (deck_builtins),
# so that ask needs no files at run time.  Each line becomes a string
# literal; backslash, quote and '?' (no trigraphs) are escaped.
set -eu
printf '/* Made from the decks by common/decks/embed.sh: do not edit. */\n'
printf '#include <stddef.h>\n\n#include "deck.h"\n\n'
printf 'const struct deck_builtin deck_builtins[] = {\n'
for f in "$@"; do
	name=$(basename "$f" .deck)
	printf '\t{ "%s", "%s",\n' "$name" "$f"
	awk '{
		gsub(/\\/, "\\\\")
		gsub(/"/, "\\\"")
		gsub(/\?/, "\\?")
		printf "\t    \"%s\\n\"\n", $0
	}
	END { if (NR == 0) printf "\t    \"\"\n" }' "$f"
	printf '\t},\n'
done
printf '\t{ NULL, NULL, NULL }\n};\n'
