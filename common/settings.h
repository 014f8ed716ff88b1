/*
 * settings: what the couple agrees on, kept in the store so that it
 * syncs.
 *
 * Each change is a record "set KEY VALUE" in <store>/settings/<author>.log;
 * the latest record of a key wins, whichever partner wrote it (ties: the
 * author whose name sorts last, so that both machines agree).  The keys:
 *
 *	seed		the shared seed of ask --today (4 to 64 letters,
 *			digits, '_' or '-')
 *	today_decks	the decks of the question of the day, as ask -c
 *			takes them, comma-separated ("talk,dreams")
 *	today_depth	its depth: 1, 2, 3 or a range such as 1-2
 *	week_start	the first day of the couple's week (a weekday name)
 *
 * A record with an unknown key or a bad value is malformed: reported with
 * its file and line and skipped.  The config file keeps only what is
 * personal (your name, your partner's); a setting that is also in the
 * config (an older store) is read from there only when the store has
 * none.
 */
#ifndef HEARTH_SETTINGS_H
#define HEARTH_SETTINGS_H

#include <stddef.h>

#include "date.h"
#include "paths.h"

struct herr;
struct store;

#define SETTINGS_DIR	"settings"
#define SETTING_MAX	256	/* bytes of a value */

struct setting {
	const char	*key;
	char		 value[SETTING_MAX + 1];
	char		 by[AUTHOR_MAX + 1];
	struct hmoment	 when;
	int		 set;
};

struct settings {
	struct setting	v[4];
};

/* The keys, in the order they are listed; NULL-terminated. */
extern const char *const settings_keys[];

/* What settings_check says of a key that is none. */
extern const char	settings_unknown[];

/*
 * NULL when value may be the value of key, else how to give one (the
 * string settings_unknown for a key that is none).
 */
const char	*settings_check(const char *key, const char *value);

/*
 * Read the settings from the store (none yet: all unset).  Malformed
 * records go to warn (as a store_query's), which may be NULL.
 */
int	settings_load(struct store *st, struct settings *s,
	    void (*warn)(void *, const char *, size_t, const char *),
	    void *warn_arg, struct herr *e);

/* The value of key, or NULL when it was never set. */
const char	*settings_get(const struct settings *s, const char *key);
const struct setting	*settings_find(const struct settings *s,
			    const char *key);

/* Record key = value as author (checked first: HX_USAGE when bad). */
int	settings_set(struct store *st, const char *author, const char *key,
	    const char *value, struct herr *e);

#endif
